using System.Collections.Immutable;
using DriverScript.Hardware;
using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Registers;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Interpreter;

/// <summary>
/// Tells the type checker the shape of the C# hardware models scripts can name in <c>uses</c>
/// (<c>QemuEdu</c>, ...). The shape is read from an instance of each registered model, so the
/// checker and the runtime cannot disagree about a register's name, offset, width or fields.
/// </summary>
public static class BuiltInHardwareModels
{
    /// <summary>The models of <see cref="DeviceModelRegistry.CreateDefault"/>, in name order.</summary>
    public static ImmutableArray<ExternalHardwareModel> All { get; } = Describe(DeviceModelRegistry.CreateDefault());

    public static ImmutableArray<ExternalHardwareModel> Describe(DeviceModelRegistry registry)
    {
        var models = ImmutableArray.CreateBuilder<ExternalHardwareModel>();
        foreach (var name in registry.Names)
            models.Add(Describe(name, registry.Create(name, new HardwareContext())));
        return models.ToImmutable();
    }

    public static ExternalHardwareModel Describe(string name, DeviceModel model)
    {
        var registers = model.Registers.Registers
            .OrderBy(r => r.Offset)
            .Select(r => new ExternalRegister(
                r.Name,
                (ulong)r.Offset,
                r.BitWidth,
                ToAccess(r.DefaultMode),
                r.Fields.Where(f => f.Name is not null)
                    .Select(f => new ExternalField(f.Name!, f.Position + f.Width - 1, f.Position, ToAccess(f.Mode)))
                    .ToImmutableArray()))
            .ToImmutableArray();
        var memories = model.Registers.Memories
            .Where(m => m.MmioVisible)
            .Select(m => new ExternalMemory(m.Name, (ulong)m.Offset, (ulong)m.Size))
            .ToImmutableArray();
        var lines = model.InterruptLines.Select(l => l.Name).ToImmutableArray();
        return new ExternalHardwareModel(name, registers, memories, lines);
    }

    private static AccessMode ToAccess(FieldMode mode) => mode.ToKeyword() switch
    {
        "ro" => AccessMode.ReadOnly,
        "wo" => AccessMode.WriteOnly,
        "w1c" => AccessMode.WriteOneToClear,
        "w1s" => AccessMode.WriteOneToSet,
        "rc" => AccessMode.ReadToClear,
        _ => AccessMode.ReadWrite,
    };
}
