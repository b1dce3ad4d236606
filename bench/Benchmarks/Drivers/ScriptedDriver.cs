using System.Reflection;
using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Interpreter;

namespace DriverScript.Benchmarks.Drivers;

/// <summary>
/// A <c>.drv</c> device plugged into a simulation from C#, the way an embedding host does it:
/// compile, create an execution whose runtime is a <see cref="SimulationRuntime"/>, call a top-level
/// host function that returns <c>plug(Device)</c>, and keep the framework's <see cref="PluggedDevice"/>
/// so that requests are sent from C# straight to the framework (no script code on the host side).
/// </summary>
internal sealed class ScriptedDriver : IDisposable
{
    private ScriptedDriver(ScriptExecution execution, SimulationRuntime runtime, PluggedDevice device)
    {
        Execution = execution;
        Runtime = runtime;
        Device = device;
    }

    public ScriptExecution Execution { get; }

    public SimulationRuntime Runtime { get; }

    public Simulation Simulation => Runtime.Simulation;

    public PluggedDevice Device { get; }

    /// <summary>Compiles <paramref name="source"/>, then plugs the device that host function <paramref name="plugFunction"/> returns.</summary>
    public static ScriptedDriver Plug(string source, string path, string plugFunction, JitMode jit)
    {
        var script = Script.Compile(source, path);
        if (script.HasErrors) throw new InvalidOperationException(string.Join("\n", script.Diagnostics));
        var options = new RunOptions
        {
            // Benchmarks run billions of statements: no step or memory limit (the counting itself stays on).
            Limits = ScriptLimits.Default with { MaxSteps = 0, MaxMemoryBytes = 0 },
            RuntimeFactory = SimulationRuntime.Factory(),
            Jit = jit,
        };
        var execution = script.CreateExecution(options);
        var handle = execution.CallFunction(plugFunction);
        var runtime = (SimulationRuntime)execution.Runtime;
        return new ScriptedDriver(execution, runtime, PluggedOf(handle));
    }

    /// <summary>
    /// The framework device behind a script's <c>device_handle</c>. The embedding API has no public
    /// accessor for it yet, so this reads the runtime's (internal) device record's public
    /// <c>Plugged</c> property by reflection — once, at setup, never on a measured path.
    /// </summary>
    private static PluggedDevice PluggedOf(ScriptValue handle)
    {
        var record = handle.Ref ?? throw new InvalidOperationException("plug returned no device");
        var property = record.GetType().GetProperty("Plugged", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{record.GetType()} has no Plugged property");
        return (PluggedDevice)(property.GetValue(record) ?? throw new InvalidOperationException("the device is not plugged"));
    }

    /// <summary>Reads an embedded <c>.drv</c> file of this project (or of examples/) by its file name.</summary>
    public static string Resource(string name)
    {
        using var stream = typeof(ScriptedDriver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"no embedded resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose() => Runtime.Dispose();
}
