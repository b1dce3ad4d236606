using System.CommandLine;

namespace DriverScript.Cli;

/// <summary>The <c>drv</c> command (LANGUAGE.md §13). Thin: parses arguments, calls the library.</summary>
public static class Program
{
    /// <summary>Exit code for a usage error (bad arguments, a file that cannot be read).</summary>
    public const int UsageError = 2;

    public static int Main(string[] args) => Run(args, Console.In, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    /// <summary>Runs <c>drv</c>; <paramref name="stdin"/> is what <c>drv repl</c> reads (plain line-by-line unless it is the console's).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("DriverScript: describe a KMDF driver's behaviour in a .drv script, then check it and run it in a deterministic simulation.");
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(TestCommand.Create(stdout, stderr));
        root.Subcommands.Add(Repl.ReplCommand.Create(stdin, stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"drv: {error.Message}");
            stderr.WriteLine("Run 'drv --help' for usage.");
            return UsageError;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
