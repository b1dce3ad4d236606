using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter.Tests;

/// <summary><see cref="ScriptSession"/>: the engine behind <c>drv repl</c> (LANGUAGE.md §14) and the embedding API.</summary>
public class SessionTests
{
    private static SubmissionResult Ok(ScriptSession session, string text)
    {
        var r = session.Submit(text);
        string.Join("\n", r.Diagnostics.Where(d => d.IsError)).ShouldBeEmpty();
        r.Succeeded.ShouldBeTrue();
        return r;
    }

    [Fact]
    public void A_trailing_expression_gives_its_value_and_type()
    {
        using var session = new ScriptSession();
        Ok(session, "fn fact(n: u32) -> u32 { if n <= 1 { return 1; } return n * fact(n - 1); }");
        var r = Ok(session, "fact(5)");
        r.FormattedValue.ShouldBe("120");
        r.Type!.Name.ShouldBe("u32");
    }

    [Fact]
    public void Globals_keep_their_values_across_submissions()
    {
        using var session = new ScriptSession();
        Ok(session, "var total: u32 = 40;");
        Ok(session, "total += 2;");
        Ok(session, "let name = \"edu\";");
        Ok(session, "total").FormattedValue.ShouldBe("42");
        Ok(session, "name + \"!\"").FormattedValue.ShouldBe("edu!");
        session.Variables.Select(v => $"{v.Name}={v}").ShouldBe(new[] { "total=42", "name=edu" });
    }

    [Fact]
    public void Print_output_of_each_submission_is_reported_with_it()
    {
        using var session = new ScriptSession();
        Ok(session, "print(1); print(\"two\");").Output.ShouldBe("1\ntwo\n");
        Ok(session, "print(3);").Output.ShouldBe("3\n");
    }

    [Fact]
    public void A_statement_without_a_value_has_no_result()
    {
        using var session = new ScriptSession();
        var r = Ok(session, "print(1)");
        r.Value.ShouldBeNull();
        r.Type.ShouldBeNull();
    }

    [Fact]
    public void A_compile_error_is_reported_and_the_session_goes_on()
    {
        using var session = new ScriptSession();
        Ok(session, "let x: u32 = 1;");
        var bad = session.Submit("let y: u8 = x;");
        bad.Succeeded.ShouldBeFalse();
        bad.Diagnostics.ShouldContain(d => d.Code == "DS1003");
        Ok(session, "x + 1").FormattedValue.ShouldBe("2");
    }

    [Fact]
    public void A_failed_submission_forgets_its_declarations_but_keeps_its_effects()
    {
        using var session = new ScriptSession();
        Ok(session, "var n: u32 = 0;");
        var r = session.Submit("fn f() -> u32 { return 1; } n = 5; let z: u32 = 10 / (n - 5);");
        r.Error.ShouldNotBeNull();
        r.Error!.Diagnostic.Code.ShouldBe("DS3001");
        Ok(session, "n").FormattedValue.ShouldBe("5");
        session.Submit("f()").Diagnostics.ShouldContain(d => d.Code == "DS1001");
    }

    [Fact]
    public void A_later_declaration_shadows_an_earlier_one()
    {
        using var session = new ScriptSession();
        Ok(session, "fn g() -> u32 { return 1; }");
        Ok(session, "fn h() -> u32 { return g() + 10; }");
        Ok(session, "fn g() -> u32 { return 2; }");
        Ok(session, "g()").FormattedValue.ShouldBe("2");
        Ok(session, "h()").FormattedValue.ShouldBe("11"); // h was bound to the first g
        Ok(session, "let v: u8 = 1;");
        Ok(session, "let v = \"now a string\";");
        Ok(session, "v").Type!.Name.ShouldBe("string");
    }

    [Fact]
    public void Devices_plugged_in_one_submission_are_driven_in_the_next()
    {
        using var session = new ScriptSession();
        Ok(session, "device D { state { hits: u32 = 0; } queue q : default, parallel { on read(req) { self.hits += 1; complete(req, STATUS_SUCCESS); } } }");
        Ok(session, "let dev = plug(D);");
        Ok(session, "dev.read(4).status").FormattedValue.ShouldBe("STATUS_SUCCESS");
        Ok(session, "dev.read(4);");
        Ok(session, "dev.state.hits").FormattedValue.ShouldBe("2");
        session.Simulation!.PluggedDevices.Single().Device.Name.ShouldBe("D");
        session.Simulation.PluggedDevices.Single().Started.ShouldBeTrue();
    }

    [Fact]
    public void Registers_of_a_plugged_device_are_visible_without_bus_accesses()
    {
        using var session = new ScriptSession();
        Ok(session, "hardware H { registers(size = 0x10) { reg ID @ 0x0 : u32 ro = 0x1234; reg DATA @ 0x4 : u32 rw; } }");
        Ok(session, "device D { uses H; }");
        Ok(session, "let dev = plug(D);");
        Ok(session, "dev.hw.DATA = 7;");
        var view = session.Simulation!.FindPlugged(session.Variables.Single(v => v.Name == "dev").Value)!;
        view.Registers.Select(r => $"{r.Name}@{r.Offset}={r.Value}").ShouldBe(new[] { "ID@0=4660", "DATA@4=7" });
    }

    [Fact]
    public void Cancelling_stops_the_running_submission_with_DS4005_and_the_session_goes_on()
    {
        using var session = new ScriptSession();
        Ok(session, "var i: u64 = 0;");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var r = session.Submit("while true { i += 1; }", cts.Token);
        r.Error.ShouldNotBeNull();
        r.Error!.Diagnostic.Code.ShouldBe("DS4005");
        Ok(session, "i > 0").FormattedValue.ShouldBe("true");
    }

    [Fact]
    public void Each_submission_gets_a_fresh_step_budget()
    {
        using var session = new ScriptSession(new ScriptSessionOptions { Run = new RunOptions { Limits = ScriptLimits.Default with { MaxSteps = 1_000 } } });
        Ok(session, "var i: u32 = 0;");
        for (int k = 0; k < 5; k++) Ok(session, "let _x = 0; i = 0; while i < 400 { i += 1; }");
        session.Submit("while true { i += 1; }").Error!.Diagnostic.Code.ShouldBe("DS4001");
    }

    [Fact]
    public void Compile_gives_the_type_without_running()
    {
        using var session = new ScriptSession();
        Ok(session, "var n: u16 = 1;");
        var s = session.Compile("n = 99");
        s.HasErrors.ShouldBeFalse();
        session.Compile("n as u64").Result!.Type.ShouldBe(TypeSymbol.U64);
        Ok(session, "n").FormattedValue.ShouldBe("1");
    }

    [Fact]
    public void Reset_forgets_everything_and_ends_the_simulation()
    {
        using var session = new ScriptSession();
        Ok(session, "device D { }");
        Ok(session, "let dev = plug(D);");
        session.Reset();
        session.Simulation.ShouldBeNull();
        session.Scope.Names.ShouldBeEmpty();
        session.Submit("dev").Diagnostics.ShouldContain(d => d.Code == "DS1001");
    }

    [Fact]
    public void A_file_loads_as_one_submission()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "examples"))) dir = dir.Parent;
        string path = Path.Combine(dir!.FullName, "examples", "echo.drv");
        using var session = new ScriptSession(new ScriptSessionOptions { Run = new RunOptions { Output = TextWriter.Null } });
        var r = session.SubmitFile(path);
        r.Succeeded.ShouldBeTrue(string.Join("\n", r.Diagnostics));
        session.Scope.Names.ShouldContainKey("Echo");
        Ok(session, "let d = plug(Echo);");
        Ok(session, "d.write(b\"hi\").status").FormattedValue.ShouldBe("STATUS_SUCCESS");
    }

    [Fact]
    public void A_built_in_hardware_model_is_reachable_from_the_first_submission_on()
    {
        using var session = new ScriptSession();
        Ok(session, "device Edu { uses QemuEdu; }");
        Ok(session, "let edu = plug(Edu);");
        var r = Ok(session, "edu.hw.ID");
        $"=> {r.FormattedValue} : {r.Type!.Name}".ShouldBe("=> 16777453 : u32");
        session.Simulation!.PluggedDevices[0].Registers[0].Name.ShouldBe("ID");
    }

    [Fact]
    public void The_wall_clock_limit_applies_to_each_submission()
    {
        var limits = ScriptLimits.Default with { Timeout = TimeSpan.FromMilliseconds(200) };
        using var session = new ScriptSession(new ScriptSessionOptions { Run = new RunOptions { Limits = limits } });
        Ok(session, "var i: u64 = 0;");
        session.Submit("while true { i += 1; }").Error!.Diagnostic.Code.ShouldBe("DS4004");
        Thread.Sleep(300); // longer than the limit: a new submission gets a new deadline
        Ok(session, "i > 0").FormattedValue.ShouldBe("true");
    }

    [Fact]
    public void A_function_of_a_forgotten_submission_does_not_lend_its_frames_to_a_new_function_at_the_same_index()
    {
        using var session = new ScriptSession();
        var failed = session.Submit("fn small() -> u32 { return 1; } let one = small(); let z: u32 = 1 / (small() - 1);");
        failed.Error!.Diagnostic.Code.ShouldBe("DS3001");
        Ok(session, "fn wide(a: u32, b: u32, c: u32, d: u32) -> u32 { let e = a + b; let g = c + d; return e + g; }");
        Ok(session, "wide(1, 2, 3, 4)").FormattedValue.ShouldBe("10");
        var wide = session.Execution!.Program.FindFunction("wide")!;
        wide.Index.ShouldBe(0); // the index the forgotten 'small' had
        var pool = session.Execution.Pool(0);
        pool.Rent(session.Execution, 0).S.Length.ShouldBeGreaterThanOrEqualTo(wide.FrameSize);
        pool.Release();
    }
}
