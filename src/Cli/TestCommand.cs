using System.CommandLine;
using DriverScript.Interpreter;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Cli;

/// <summary><c>drv test FILE|DIR... [--filter TEXT]</c>: run test blocks, one line per test, then <c>N passed, N failed</c>.</summary>
internal static class TestCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("FILE|DIR") { Description = "The .drv files, or folders of them (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var filter = new Option<string?>("--filter") { Description = "Run only tests whose name contains TEXT." };
        var seed = SimulationOptions.Seed();
        var cpus = SimulationOptions.Cpus();
        var limits = new LimitOptions();
        var command = new Command("test", "Run the test blocks of .drv files in the simulation.") { paths, filter, seed, cpus };
        limits.AddTo(command);
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(filter), result.GetValue(seed), result.GetValue(cpus), limits.Get(result, forTests: true), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string? filter, ulong? seed, int cpus, ScriptLimits? limits, TextWriter stdout, TextWriter stderr)
    {
        if (!SimulationOptions.CheckCpus(cpus, stderr)) return Program.UsageError;
        if (!LimitOptions.Check(limits, stderr)) return Program.UsageError;
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path, "*.drv", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                stderr.WriteLine(path.StartsWith('-')
                    ? $"drv: unknown option '{path}' for 'test'"
                    : $"drv: cannot read '{path}': the file or folder does not exist");
                return Program.UsageError;
            }
        }

        var options = new RunOptions { Limits = limits!, RuntimeFactory = SimulationRuntime.Factory(new SimulationRunOptions { Seed = seed, Processors = cpus }) };
        int passed = 0, failed = 0;
        bool compileErrors = false;
        foreach (var file in files)
        {
            var script = Script.CompileFile(file);
            if (script.HasErrors)
            {
                foreach (var d in script.Diagnostics.Where(d => d.IsError)) stdout.Write(DiagnosticFormatter.Format(d));
                compileErrors = true;
                continue;
            }
            foreach (var result in script.RunTests(options, filter))
            {
                if (result.Passed)
                {
                    passed++;
                    stdout.WriteLine($"passed  {file}: {result.Name}");
                }
                else
                {
                    failed++;
                    stdout.WriteLine($"FAILED  {file}: {result.Name}");
                    foreach (var line in DiagnosticFormatter.Format(result.Failure!).TrimEnd('\n').Split('\n')) stdout.WriteLine("        " + line);
                }
            }
        }
        stdout.WriteLine($"{passed} passed, {failed} failed");
        return failed > 0 || compileErrors ? 1 : 0;
    }
}
