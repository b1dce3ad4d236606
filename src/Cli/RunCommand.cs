using System.CommandLine;
using System.Globalization;
using System.Text;
using DriverScript.Framework.Verifier;
using DriverScript.Interpreter;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Text;

namespace DriverScript.Cli;

/// <summary><c>drv run FILE [--seed N] [--cpus N] [--jit MODE] [limits] [--trace F.json] [--vcd F.vcd]</c>: run the top-level statements on the simulation (LANGUAGE.md §13).</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "The .drv file to run." };
        var seed = SimulationOptions.Seed();
        var cpus = SimulationOptions.Cpus();
        var jit = SimulationOptions.Jit();
        var limits = new LimitOptions();
        var trace = new Option<string?>("--trace") { Description = "Write the simulation's full trace as Chrome/Perfetto JSON to F.json.", HelpName = "F.json" };
        var vcd = new Option<string?>("--vcd") { Description = "Write the register values and interrupt lines of every plugged device as a VCD waveform to F.vcd.", HelpName = "F.vcd" };
        var command = new Command("run", "Run a .drv file's top-level statements in the simulation.") { file, seed, cpus, jit };
        limits.AddTo(command);
        command.Options.Add(trace);
        command.Options.Add(vcd);
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(seed), result.GetValue(cpus), SimulationOptions.ToJitMode(result.GetValue(jit)), limits.Get(result, forTests: false), result.GetValue(trace), result.GetValue(vcd), stdout, stderr));
        return command;
    }

    private static int Run(string file, ulong? seed, int cpus, JitMode jit, ScriptLimits? limits, string? tracePath, string? vcdPath, TextWriter stdout, TextWriter stderr)
    {
        if (!SimulationOptions.CheckCpus(cpus, stderr)) return Program.UsageError;
        if (!LimitOptions.Check(limits, stderr)) return Program.UsageError;
        var script = SimulationOptions.Load(file, stdout, stderr, out int exit);
        if (script is null) return exit;
        var capture = vcdPath is null ? null : new VcdCapture();
        var result = script.Run(new RunOptions
        {
            Output = stdout,
            Limits = limits!,
            Jit = jit,
            RuntimeFactory = SimulationRuntime.Factory(new SimulationRunOptions { Seed = seed, Processors = cpus, FullTrace = tracePath is not null, HardwarePlugged = capture is null ? null : capture.OnPlugged }),
        });
        stdout.Flush();
        var simulation = (result.Execution.Runtime as SimulationRuntime)?.Simulation;
        if (tracePath is not null && !WriteOutput(tracePath, simulation?.Trace.ToPerfettoJson() ?? "{\"traceEvents\":[]}", stderr)) return Program.UsageError;
        if (capture is not null)
        {
            var text = new StringWriter();
            capture.WriteTo(text);
            if (!WriteOutput(vcdPath!, text.ToString(), stderr)) return Program.UsageError;
        }
        if (result.Succeeded) return 0;
        stdout.Write(simulation?.StopViolation is { } violation
            ? CrashReport.Format(violation, simulation.Trace)
            : DiagnosticFormatter.Format(result.Error!.Diagnostic));
        return 1;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> (UTF-8, no BOM); on failure prints why and returns false.</summary>
    internal static bool WriteOutput(string path, string text, TextWriter stderr)
    {
        try
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"drv: cannot write '{path}': {e.Message}");
            return false;
        }
    }
}

/// <summary>The options and loading shared by <c>run</c> and <c>test</c>.</summary>
internal static class SimulationOptions
{
    public static Option<ulong?> Seed() => new("--seed") { HelpName = "N", Description = "Seed of the scheduler (default: the deterministic schedule)." };

    /// <summary><c>--jit off|auto|always</c> (LANGUAGE.md §12); anything else is a usage error.</summary>
    public static Option<string> Jit()
    {
        var jit = new Option<string>("--jit")
        {
            HelpName = "off|auto|always",
            Description = "Execution tier: auto (default) interprets code until it is hot, then compiles it to IL; off only interprets; always compiles before the first run. Until the IL tier lands every mode interprets.",
            DefaultValueFactory = _ => "auto",
        };
        jit.Validators.Add(result =>
        {
            string? mode = result.GetValueOrDefault<string>();
            if (mode is not ("off" or "auto" or "always")) result.AddError($"--jit must be off, auto or always (got '{mode}')");
        });
        return jit;
    }

    public static JitMode ToJitMode(string? mode) => mode switch
    {
        "off" => JitMode.Off,
        "always" => JitMode.Always,
        _ => JitMode.Auto,
    };

    public static Option<int> Cpus()
    {
        var cpus = new Option<int>("--cpus") { HelpName = "N", Description = "Number of virtual processors, 1 to 64.", DefaultValueFactory = _ => 2 };
        return cpus;
    }

    /// <summary>Compiles <paramref name="file"/>; on a usage error or compile errors prints them and returns null with the exit code.</summary>
    public static Script? Load(string file, TextWriter stdout, TextWriter stderr, out int exit)
    {
        exit = 0;
        if (!File.Exists(file))
        {
            stderr.WriteLine($"drv: cannot read '{file}': the file does not exist");
            exit = Program.UsageError;
            return null;
        }
        var script = Script.CompileFile(file);
        if (!script.HasErrors) return script;
        int errors = script.Diagnostics.Count(d => d.IsError);
        foreach (var d in script.Diagnostics) stdout.Write(DiagnosticFormatter.Format(d));
        stdout.WriteLine($"{Plural(errors, "error")}, {Plural(script.Diagnostics.Count - errors, "warning")}");
        exit = 1;
        return null;
    }

    /// <summary>Checks <c>--cpus</c>; prints a usage error and returns false when it is out of range.</summary>
    public static bool CheckCpus(int cpus, TextWriter stderr)
    {
        if (cpus is >= 1 and <= 64) return true;
        stderr.WriteLine("drv: --cpus must be between 1 and 64");
        stderr.WriteLine("Run 'drv --help' for usage.");
        return false;
    }

    public static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

/// <summary><c>--max-steps</c>, <c>--max-depth</c>, <c>--max-memory</c>, <c>--timeout</c> (LANGUAGE.md §11), shared by <c>run</c> and <c>test</c>.</summary>
internal sealed class LimitOptions
{
    private readonly Option<long?> _maxSteps = new("--max-steps") { HelpName = "N", Description = "Stop after N statements and loop iterations (default a billion; 0 = no limit)." };
    private readonly Option<int?> _maxDepth = new("--max-depth") { HelpName = "N", Description = "Maximum nesting of calls (default 1000; 0 = no limit)." };
    private readonly Option<long?> _maxMemory = new("--max-memory") { HelpName = "BYTES", Description = "Bytes of script values allocated in total (default 1 GiB; 0 = no limit)." };
    private readonly Option<double?> _timeout = new("--timeout") { HelpName = "SECONDS", Description = "Wall-clock seconds for the run, or for each test (default none for run, 60 for test; 0 = no limit)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_maxSteps);
        command.Options.Add(_maxDepth);
        command.Options.Add(_maxMemory);
        command.Options.Add(_timeout);
    }

    /// <summary>The limits asked for, over the defaults; null when a value is negative (a usage error).</summary>
    public ScriptLimits? Get(ParseResult result, bool forTests)
    {
        var limits = ScriptLimits.Default;
        long? steps = result.GetValue(_maxSteps);
        int? depth = result.GetValue(_maxDepth);
        long? memory = result.GetValue(_maxMemory);
        double? timeout = result.GetValue(_timeout);
        if (steps < 0 || depth < 0 || memory < 0 || timeout < 0 || timeout is double t && (double.IsNaN(t) || t > TimeSpan.MaxValue.TotalSeconds)) return null;
        if (steps is long s) limits = limits with { MaxSteps = s };
        if (depth is int d) limits = limits with { MaxDepth = d };
        if (memory is long m) limits = limits with { MaxMemoryBytes = m };
        if (timeout is double seconds)
        {
            TimeSpan? span = seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
            limits = forTests ? limits with { TestTimeout = span } : limits with { Timeout = span };
        }
        return limits;
    }

    /// <summary>Prints a usage error and returns false when <see cref="Get"/> found a bad value.</summary>
    public static bool Check(ScriptLimits? limits, TextWriter stderr)
    {
        if (limits is not null) return true;
        stderr.WriteLine("drv: --max-steps, --max-depth, --max-memory and --timeout must not be negative");
        stderr.WriteLine("Run 'drv --help' for usage.");
        return false;
    }
}

/// <summary>A bug check as a crash screen: code, parameters, rule, message, script location with its line, callback stack.</summary>
internal static class CrashReport
{
    /// <summary>How many of the last trace events the report shows.</summary>
    public const int TraceEvents = 12;

    public static string Format(Violation v, DriverScript.Framework.Tracing.Trace? trace = null)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append("*** STOP: ").Append(v.Kind == ViolationKind.BugCheck ? "bug check" : "verifier break").Append('\n');
        sb.Append(inv, $"*** 0x{v.Code:X8} ({v.CodeName})\n");
        sb.Append(inv, $"    parameters: 0x{v.Parameter1:X}, 0x{v.Parameter2:X}, 0x{v.Parameter3:X}, 0x{v.Parameter4:X}\n");
        sb.Append("    rule: ").Append(v.Rule).Append('\n');
        sb.Append("    message: ").Append(v.Message).Append('\n');
        sb.Append(inv, $"    time: {DriverScript.Hardware.Time.VirtualTime.Format(v.Time)}, {(v.Processor >= 0 ? "CPU" + v.Processor.ToString(inv) : "host")}\n");
        if (v.Location is SourceSpan span)
        {
            sb.Append("    at ").Append(span.ToString()).Append('\n');
            string line = span.Source.GetLine(span.Line).Trim();
            if (line.Length > 0) sb.Append("        ").Append(line).Append('\n');
        }
        else if (v.Location is not null)
        {
            sb.Append("    at ").Append(v.Location).Append('\n');
        }
        sb.Append("    callback stack: ").Append(v.CallbackStack.IsDefaultOrEmpty ? "(none)" : string.Join(" > ", v.CallbackStack)).Append('\n');
        if (trace is { Count: > 0 })
        {
            sb.Append("    last events:\n");
            foreach (var e in trace.Events.TakeLast(TraceEvents)) sb.Append("      ").Append(trace.Describe(e)).Append('\n');
        }
        return sb.ToString();
    }
}
