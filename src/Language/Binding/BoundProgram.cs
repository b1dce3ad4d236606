using System.Collections.Immutable;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

/// <summary>A <c>test "name" { }</c> of the root file.</summary>
public sealed class BoundTest(string name, TestDeclarationSyntax syntax, BoundBlock body, int frameSize)
{
    public string Name { get; } = name;

    public TestDeclarationSyntax Syntax { get; } = syntax;

    public BoundBlock Body { get; } = body;

    public int FrameSize { get; } = frameSize;

    public override string ToString() => Name;
}

/// <summary>
/// The bound, typed program: everything the interpreter needs. Present even when there are
/// errors (error nodes stand in); run it only when the compilation has no errors.
/// </summary>
/// <example>
/// <code>
/// var c = Compilation.FromText("echo.drv", source);
/// var echo = c.Program!.FindDevice("Echo")!;
/// var read = echo.Queues[0].FindCallback(CallbackKind.IoRead)!; // read.Body, read.FrameSize, read.Irql
/// </code>
/// </example>
public sealed class BoundProgram
{
    internal BoundProgram(
        ImmutableArray<DeviceSymbol> devices,
        ImmutableArray<HardwareModelSymbol> hardwareModels,
        ImmutableArray<FunctionSymbol> functions,
        ImmutableArray<ConstantSymbol> constants,
        ImmutableArray<EnumTypeSymbol> enums,
        ImmutableArray<BoundTest> tests,
        BoundBlock topLevel,
        int topLevelFrameSize,
        ImmutableArray<GlobalSymbol> globals)
    {
        Devices = devices;
        HardwareModels = hardwareModels;
        Functions = functions;
        Constants = constants;
        Enums = enums;
        Tests = tests;
        TopLevel = topLevel;
        TopLevelFrameSize = topLevelFrameSize;
        Globals = globals;
    }

    /// <summary>Every device of every loaded file, in load order (<see cref="DeviceSymbol.Index"/>).</summary>
    public ImmutableArray<DeviceSymbol> Devices { get; }

    /// <summary>Declared hardware models, then the external (C#) models of the options (<see cref="HardwareModelSymbol.Index"/>).</summary>
    public ImmutableArray<HardwareModelSymbol> HardwareModels { get; }

    /// <summary>Every user function, top-level and hardware ones (<see cref="FunctionSymbol.Index"/>).</summary>
    public ImmutableArray<FunctionSymbol> Functions { get; }

    public ImmutableArray<ConstantSymbol> Constants { get; }

    public ImmutableArray<EnumTypeSymbol> Enums { get; }

    /// <summary>The root file's tests, in order.</summary>
    public ImmutableArray<BoundTest> Tests { get; }

    /// <summary>The root file's top-level statements (what <c>drv run</c> executes), in order.</summary>
    public BoundBlock TopLevel { get; }

    /// <summary>Slots of the top-level frame (locals of blocks inside top-level statements).</summary>
    public int TopLevelFrameSize { get; }

    /// <summary>Top-level <c>let</c>/<c>var</c> of the root file, by <see cref="GlobalSymbol.Slot"/>.</summary>
    public ImmutableArray<GlobalSymbol> Globals { get; }

    /// <summary>The callback table (names, parameters, KMDF names, IRQL rules).</summary>
    public static ImmutableArray<CallbackDescriptor> Callbacks => CallbackCatalog.All;

    public DeviceSymbol? FindDevice(string name)
    {
        foreach (var d in Devices) if (d.Name == name) return d;
        return null;
    }

    public HardwareModelSymbol? FindHardware(string name)
    {
        foreach (var h in HardwareModels) if (h.Name == name) return h;
        return null;
    }

    public FunctionSymbol? FindFunction(string name)
    {
        foreach (var f in Functions) if (f.Name == name && f.Hardware is null) return f;
        return null;
    }
}
