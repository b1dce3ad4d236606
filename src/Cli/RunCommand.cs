using System.CommandLine;
using System.Globalization;
using System.Text;
using DriverScript.Framework.Verifier;
using DriverScript.Interpreter;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Text;

namespace DriverScript.Cli;

/// <summary><c>drv run FILE [--seed N] [--cpus N]</c>: run the top-level statements on the simulation (LANGUAGE.md §13).</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "The .drv file to run." };
        var seed = SimulationOptions.Seed();
        var cpus = SimulationOptions.Cpus();
        var command = new Command("run", "Run a .drv file's top-level statements in the simulation.") { file, seed, cpus };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(seed), result.GetValue(cpus), stdout, stderr));
        return command;
    }

    private static int Run(string file, ulong? seed, int cpus, TextWriter stdout, TextWriter stderr)
    {
        if (!SimulationOptions.CheckCpus(cpus, stderr)) return Program.UsageError;
        var script = SimulationOptions.Load(file, stdout, stderr, out int exit);
        if (script is null) return exit;
        var result = script.Run(new RunOptions
        {
            Output = stdout,
            RuntimeFactory = SimulationRuntime.Factory(new SimulationRunOptions { Seed = seed, Processors = cpus }),
        });
        stdout.Flush();
        if (result.Succeeded) return 0;
        var simulation = (result.Execution.Runtime as SimulationRuntime)?.Simulation;
        stdout.Write(simulation?.StopViolation is { } violation
            ? CrashReport.Format(violation, simulation.Trace)
            : DiagnosticFormatter.Format(result.Error!.Diagnostic));
        return 1;
    }
}

/// <summary>The options and loading shared by <c>run</c> and <c>test</c>.</summary>
internal static class SimulationOptions
{
    public static Option<ulong?> Seed() => new("--seed") { Description = "Seed of the scheduler (default: the deterministic schedule)." };

    public static Option<int> Cpus()
    {
        var cpus = new Option<int>("--cpus") { Description = "Number of virtual processors (default 2).", DefaultValueFactory = _ => 2 };
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
