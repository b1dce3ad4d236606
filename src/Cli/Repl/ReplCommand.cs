using System.CommandLine;
using DriverScript.Interpreter;

namespace DriverScript.Cli.Repl;

/// <summary><c>drv repl [FILE] [--history F] [--seed N] [--cpus N] [limits]</c>: the interactive session (LANGUAGE.md §14).</summary>
internal static class ReplCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("FILE") { Description = "A .drv file to load first.", Arity = ArgumentArity.ZeroOrOne };
        var history = new Option<string?>("--history")
        {
            Description = $"Save the history of typed lines to F (default: ${ReplHistory.EnvironmentVariable}, else DriverScript/repl_history in the user's local application data folder).",
            HelpName = "F",
        };
        var seed = SimulationOptions.Seed();
        var cpus = SimulationOptions.Cpus();
        var limits = new LimitOptions();
        var command = new Command("repl", "An interactive session: declarations and statements run as they are typed, on one simulation.") { file, history, seed, cpus };
        limits.AddTo(command);
        command.SetAction(result => Run(result.GetValue(file), result.GetValue(history), result.GetValue(seed), result.GetValue(cpus),
            limits.Get(result, forTests: false), stdin, stdout, stderr));
        return command;
    }

    private static int Run(string? file, string? historyOption, ulong? seed, int cpus, ScriptLimits? limits, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (!SimulationOptions.CheckCpus(cpus, stderr)) return Program.UsageError;
        if (!LimitOptions.Check(limits, stderr)) return Program.UsageError;
        if (file is not null && !File.Exists(file))
        {
            stderr.WriteLine($"drv: cannot read '{file}': the file does not exist");
            return Program.UsageError;
        }
        var options = new ScriptSessionOptions
        {
            Run = new RunOptions { Limits = limits! },
            Simulation = new SimulationRunOptions { Seed = seed, Processors = cpus },
        };
        using var engine = new ReplEngine(stdout, options);

        // Interactive only on the real console: tests and pipes hand over a reader and get plain mode.
        bool interactive = ReferenceEquals(stdin, Console.In) && LineEditorInput.IsSupported;
        bool console = ReferenceEquals(stdin, Console.In);
        ConsoleCancelEventHandler? onCancel = null;
        if (console)
        {
            // Ctrl-C stops the running statement, not the REPL.
            onCancel = (_, e) => e.Cancel = engine.CancelRunning() || interactive;
            Console.CancelKeyPress += onCancel;
        }
        try
        {
            IReplInput input;
            if (interactive)
            {
                var history = new ReplHistory(ReplHistory.Locate(historyOption, Environment.GetEnvironmentVariable));
                history.Load();
                input = new LineEditorInput(history, () => engine.Session.Scope);
                stdout.WriteLine("DriverScript REPL: :help lists the commands, :quit leaves.");
            }
            else input = new TextReaderInput(stdin);
            if (file is not null) engine.Load(file);
            return engine.Run(input);
        }
        finally
        {
            if (onCancel is not null) Console.CancelKeyPress -= onCancel;
        }
    }
}
