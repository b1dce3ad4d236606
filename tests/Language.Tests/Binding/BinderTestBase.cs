using System.Collections.Immutable;
using DriverScript.Language.Binding;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Tests.Binding;

/// <summary>Helpers to compile a snippet and look at its diagnostics and bound tree.</summary>
public abstract class BinderTestBase
{
    protected static Compilation Compile(string source, CompilationOptions? options = null) =>
        Compilation.FromText("test.drv", source, options ?? new CompilationOptions { HardwareModels = TestHardwareModels.All });

    protected static IReadOnlyList<Diagnostic> Diagnostics(string source) => Compile(source).Diagnostics;

    protected static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);

    /// <summary>The source has no diagnostics at all (errors or warnings).</summary>
    protected static Compilation ShouldBeClean(string source)
    {
        var c = Compile(source);
        c.Diagnostics.ShouldBeEmpty(Describe(c.Diagnostics));
        return c;
    }

    /// <summary>The source has no errors (warnings allowed).</summary>
    protected static Compilation ShouldHaveNoErrors(string source)
    {
        var c = Compile(source);
        c.Diagnostics.Where(d => d.IsError).ShouldBeEmpty(Describe(c.Diagnostics));
        return c;
    }

    /// <summary>Exactly one diagnostic, with this code, at this 1-based line and column; returns it.</summary>
    protected static Diagnostic ShouldReportOnly(string source, string code, int line, int column)
    {
        var diagnostics = Diagnostics(source);
        diagnostics.Count.ShouldBe(1, Describe(diagnostics));
        var d = diagnostics[0];
        d.Code.ShouldBe(code, Describe(diagnostics));
        (d.Line, d.Column).ShouldBe((line, column), Describe(diagnostics));
        return d;
    }

    /// <summary>Exactly one diagnostic with this code (position not checked); returns it.</summary>
    protected static Diagnostic ShouldReportOnly(string source, string code)
    {
        var diagnostics = Diagnostics(source);
        diagnostics.Count.ShouldBe(1, Describe(diagnostics));
        diagnostics[0].Code.ShouldBe(code, Describe(diagnostics));
        return diagnostics[0];
    }

    /// <summary>The type of the initializer of global <c>let NAME = ...</c>.</summary>
    protected static TypeSymbol GlobalType(Compilation c, string name) =>
        c.Program!.Globals.Single(g => g.Name == name).Type;

    protected static BoundExpression GlobalInitializer(Compilation c, string name) =>
        c.Program!.TopLevel.Statements.OfType<BoundGlobalDeclaration>().Single(g => g.Global.Name == name).Initializer;

    /// <summary>Wraps statements in a device's d0_entry (PASSIVE driver code).</summary>
    protected static string InDriver(string statements, string state = "") => $$"""
        device D {
            state { {{state}} }
            on d0_entry(from) {
        {{statements}}
            }
        }
        """;
}
