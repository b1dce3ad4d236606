using System.CommandLine;
using DriverScript.Interpreter;
using DriverScript.Language;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Cli;

/// <summary><c>drv check FILE...</c>: parse and type-check; print diagnostics; exit 0 clean, 1 errors, 2 usage.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE") { Description = "The .drv files to check.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--diag-format")
        {
            Description = "How diagnostics are printed: msbuild (for people and editors) or json (for tools).",
            DefaultValueFactory = _ => "msbuild",
        };
        format.AcceptOnlyFromAmong("msbuild", "json");
        var warnAsError = new Option<bool>("--warnaserror") { Description = "Treat warnings as errors (exit 1 if there are any)." };

        var command = new Command("check", "Parse and type-check .drv files and print their diagnostics.") { files, format, warnAsError };
        command.SetAction(result => Run(result.GetValue(files)!, result.GetValue(format)!, result.GetValue(warnAsError), stdout, stderr));
        return command;
    }

    private static int Run(string[] files, string format, bool warningsAreErrors, TextWriter stdout, TextWriter stderr)
    {
        foreach (var file in files)
        {
            if (file.StartsWith('-') && !File.Exists(file))
            {
                stderr.WriteLine($"drv: unknown option '{file}' for 'check'");
                stderr.WriteLine("Run 'drv --help' for usage.");
                return Program.UsageError;
            }
            if (!File.Exists(file))
            {
                stderr.WriteLine($"drv: cannot read '{file}': the file does not exist");
                return Program.UsageError;
            }
        }
        var options = ScriptHost.DefaultCompilationOptions;
        var all = new List<Diagnostic>();
        foreach (var file in files) all.AddRange(Compilation.FromFile(file, options).Diagnostics);

        int errors = all.Count(d => d.IsError);
        int warnings = all.Count - errors;
        if (format == "json")
        {
            stdout.Write(DiagnosticFormatter.FormatJson(all));
        }
        else
        {
            foreach (var d in all) stdout.Write(DiagnosticFormatter.Format(d));
            stdout.WriteLine($"{Plural(files.Length, "file")} checked: {Plural(errors, "error")}, {Plural(warnings, "warning")}");
        }
        return errors > 0 || (warningsAreErrors && warnings > 0) ? 1 : 0;
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
