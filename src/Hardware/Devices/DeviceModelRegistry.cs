using DriverScript.Hardware.Devices.Edu;

namespace DriverScript.Hardware.Devices;

/// <summary>
/// C# device models by name, so a script's <c>uses QemuEdu;</c> can find one. Names are
/// case-sensitive; <see cref="Names"/> is sorted, so listings are deterministic.
/// </summary>
/// <example>
/// <code>
/// var registry = DeviceModelRegistry.CreateDefault();            // holds "QemuEdu"
/// registry.Register("MyTimer", context => new MyTimer(context));
/// DeviceModel edu = registry.Create("QemuEdu", context);
/// </code>
/// </example>
public sealed class DeviceModelRegistry
{
    private readonly SortedDictionary<string, Func<HardwareContext, DeviceModel>> factories = new(StringComparer.Ordinal);

    /// <summary>A registry holding the built-in models (<see cref="QemuEdu"/> as <c>QemuEdu</c>).</summary>
    public static DeviceModelRegistry CreateDefault()
    {
        var registry = new DeviceModelRegistry();
        registry.Register(QemuEdu.ModelName, context => new QemuEdu(context));
        return registry;
    }

    /// <summary>The registered names, sorted ordinally.</summary>
    public IReadOnlyList<string> Names => [.. factories.Keys];

    /// <summary>Registers a model under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken.</exception>
    public void Register(string name, Func<HardwareContext, DeviceModel> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!factories.TryAdd(name, factory))
        {
            throw new ArgumentException($"a device model named '{name}' is already registered", nameof(name));
        }
    }

    /// <summary>True if a model is registered under <paramref name="name"/>.</summary>
    public bool Contains(string name) => factories.ContainsKey(name);

    /// <summary>Creates a new instance of the model <paramref name="name"/> in <paramref name="context"/>.</summary>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    public DeviceModel Create(string name, HardwareContext context) =>
        TryCreate(name, context, out var device)
            ? device
            : throw new KeyNotFoundException($"no device model named '{name}' (known: {string.Join(", ", Names)})");

    /// <summary>Creates the model <paramref name="name"/> if it is registered.</summary>
    public bool TryCreate(string name, HardwareContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeviceModel? device)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (factories.TryGetValue(name, out var factory))
        {
            device = factory(context);
            return true;
        }

        device = null;
        return false;
    }
}
