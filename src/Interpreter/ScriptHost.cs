using System.Collections.Immutable;
using DriverScript.Hardware.Devices;
using DriverScript.Language;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// What the interpreter tells the front end about the runtime: the C# hardware models that
/// scripts may name in <c>uses</c> without declaring them.
/// </summary>
public static class ScriptHost
{
    /// <summary>Descriptions of the built-in C# hardware models (see <see cref="BuiltInHardwareModels"/>).</summary>
    public static ImmutableArray<ExternalHardwareModel> BuiltInHardware => BuiltInHardwareModels.All;

    /// <summary>Compilation options with the built-in hardware models registered.</summary>
    public static CompilationOptions DefaultCompilationOptions { get; } = new() { HardwareModels = BuiltInHardware };

    /// <summary>
    /// Compilation options that let scripts name the C# models of <paramref name="registry"/> in
    /// <c>uses</c> (their registers, fields, memories and lines are read from an instance of each). Pass
    /// the same registry as <see cref="SimulationRunOptions.HardwareModels"/> when running.
    /// </summary>
    /// <example>
    /// <code>
    /// var models = DeviceModelRegistry.CreateDefault();
    /// models.Register("Blinker", context => new Blinker(context));
    /// var script = Script.Compile(text, "t.drv", ScriptHost.CompilationOptionsFor(models));
    /// var options = new RunOptions { RuntimeFactory = SimulationRuntime.Factory(new SimulationRunOptions { HardwareModels = models }) };
    /// </code>
    /// </example>
    public static CompilationOptions CompilationOptionsFor(DeviceModelRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return DefaultCompilationOptions with { HardwareModels = BuiltInHardwareModels.Describe(registry) };
    }
}
