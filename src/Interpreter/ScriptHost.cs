using System.Collections.Immutable;
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
}
