using DriverScript.Language.Diagnostics;

namespace DriverScript.Interpreter.Tests;

/// <summary>The public API of §15 as far as it works without the simulation.</summary>
public class EmbeddingApiTests
{
    [Fact]
    public void Compile_errors_are_diagnostics_and_the_script_refuses_to_run()
    {
        var script = Script.Compile("let x: u8 = 300;", "bad.drv");
        script.HasErrors.ShouldBeTrue();
        var d = script.Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe("DS1015");
        script.Tests.ShouldBeEmpty();
        Should.Throw<InvalidOperationException>(() => script.Run()).Message.ShouldContain("DS1015");
    }

    [Fact]
    public void A_file_compiles_with_its_path_in_diagnostics()
    {
        string dir = Path.Combine(Path.GetTempPath(), "drv-embedding-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "lib.drv"), "fn twice(x: u32) -> u32 { return 2 * x; }");
            File.WriteAllText(Path.Combine(dir, "main.drv"), "import \"lib.drv\";\nlet z: u32 = 0;\nprint(twice(21));\nprint(1 / z);");
            var run = Script.CompileFile(Path.Combine(dir, "main.drv")).Run();
            run.Output.ShouldBe("42\n");
            run.Error!.Diagnostic.Path.ShouldEndWith("main.drv");
            DiagnosticFormatter.Format(run.Error.Diagnostic).ShouldContain("print(1 / z);");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Output_can_go_to_a_writer_and_log_to_another()
    {
        var output = new StringWriter();
        var log = new StringWriter();
        var run = Drv.Compile("print(\"a\"); log(\"b\", 1, STATUS_SUCCESS);").Run(new RunOptions { Output = output, Log = log });
        run.Output.ShouldBeNull();
        output.ToString().ShouldBe("a" + Environment.NewLine);
        log.ToString().ShouldBe("b 1 STATUS_SUCCESS" + Environment.NewLine);
    }

    [Fact]
    public void Globals_are_readable_after_a_run()
    {
        var run = Drv.Compile("let n: u16 = 7; var names: list<string> = [\"a\"]; names.push(\"b\"); let none_yet: u32? = none;").Run();
        run.Globals["n"].Value.Bits.ShouldBe(7UL);
        run.Globals["names"].ToString().ShouldBe("[a, b]");
        run.Globals["names"].Value.AsList!.Count.ShouldBe(2);
        run.Globals["none_yet"].ToString().ShouldBe("none");
    }

    [Fact]
    public void A_script_can_run_on_the_callers_thread_and_many_times()
    {
        var script = Drv.Compile("var n: u32 = 0; for i in 0..100 { n += i; } print(n);");
        var options = new RunOptions { UseDedicatedThread = false };
        for (int k = 0; k < 3; k++) script.Run(options).Output.ShouldBe("4950\n");
        Parallel.For(0, 4, _ => script.Run().Output.ShouldBe("4950\n"));
    }

    [Fact]
    public void Values_compare_and_print_by_content()
    {
        ScriptValue.FromRef(ScriptBytes.From(new byte[] { 1, 2 })).ShouldBe(ScriptValue.FromRef(ScriptBytes.From(new byte[] { 1, 2 })));
        ScriptBytes.From("hi\n"u8).ToString().ShouldBe("b\"hi\\n\"");
        ValueFormatter.Format(ScriptValue.FromScalar(0xC0000120), DriverScript.Language.Symbols.TypeSymbol.Status).ShouldBe("STATUS_CANCELLED");
        ValueFormatter.Format(ScriptValue.FromSigned(-3), DriverScript.Language.Symbols.TypeSymbol.I32).ShouldBe("-3");
    }
}
