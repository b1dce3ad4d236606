using DriverScript.Language.Diagnostics;

namespace DriverScript.Interpreter.Tests;

/// <summary>Compiles and runs small scripts; every helper fails the test on a compile error.</summary>
internal static class Drv
{
    public static Script Compile(string source)
    {
        var script = Script.Compile(source, "t.drv");
        script.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ShouldBeEmpty();
        return script;
    }

    /// <summary>Runs the top level and returns what it printed (lines joined with '\n', no trailing newline).</summary>
    public static string Output(string source, RunOptions? options = null)
    {
        var result = Compile(source).Run(options);
        result.Error.ShouldBeNull(result.Error?.Diagnostic.ToString());
        return result.Output!.Replace("\r\n", "\n").TrimEnd('\n');
    }

    /// <summary>The printed value of <paramref name="expression"/> after <paramref name="declarations"/> (top-level statements).</summary>
    public static string Eval(string declarations, string expression) => Output(declarations + "\nprint(" + expression + ");");

    /// <summary>Runs the top level, which must stop with a run-time error; returns it.</summary>
    public static ScriptRuntimeException Error(string source, RunOptions? options = null)
    {
        var result = Compile(source).Run(options);
        result.Error.ShouldNotBeNull("the run should have failed");
        return result.Error!;
    }

    public static (int Line, int Column) Position(this Diagnostic d) => (d.Line, d.Column);
}
