using System.CommandLine;
using DriverScript.Interpreter;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Cli;

/// <summary><c>drv test FILE|DIR... [--filter TEXT] [--seed N] [--cpus N] [--jit MODE] [limits] [--junit F.xml]</c>: run test blocks, one line per test, then <c>N passed, N failed</c>.</summary>
internal static class TestCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("FILE|DIR") { Description = "The .drv files, or folders of them (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var filter = new Option<string?>("--filter") { HelpName = "TEXT", Description = "Run only tests whose name contains TEXT (case-sensitive)." };
        var seed = SimulationOptions.Seed();
        var cpus = SimulationOptions.Cpus();
        var jit = SimulationOptions.Jit();
        var limits = new LimitOptions();
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to F.xml (a testsuite per file, a testcase per test).", HelpName = "F.xml" };
        var command = new Command("test", "Run the test blocks of .drv files in the simulation.") { paths, filter, seed, cpus, jit };
        limits.AddTo(command);
        command.Options.Add(junit);
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(filter), result.GetValue(seed), result.GetValue(cpus),
            SimulationOptions.ToJitMode(result.GetValue(jit)), limits.Get(result, forTests: true), result.GetValue(junit), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string? filter, ulong? seed, int cpus, JitMode jit, ScriptLimits? limits, string? junitPath, TextWriter stdout, TextWriter stderr)
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

        var options = new RunOptions { Limits = limits!, Jit = jit, RuntimeFactory = SimulationRuntime.Factory(new SimulationRunOptions { Seed = seed, Processors = cpus }) };
        var junit = junitPath is null ? null : new JUnitReport();
        int passed = 0, failed = 0;
        bool compileErrors = false;
        foreach (var file in files)
        {
            var script = Script.CompileFile(file);
            if (script.HasErrors)
            {
                foreach (var d in script.Diagnostics.Where(d => d.IsError)) stdout.Write(DiagnosticFormatter.Format(d));
                compileErrors = true;
                junit?.AddCompileErrors(file, script.Diagnostics.Where(d => d.IsError).ToArray());
                continue;
            }
            var results = script.RunTests(options, filter);
            junit?.AddFile(file, results);
            foreach (var result in results)
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
        if (junit is not null && !RunCommand.WriteOutput(junitPath!, junit.ToXml(), stderr)) return Program.UsageError;
        return failed > 0 || compileErrors ? 1 : 0;
    }
}
