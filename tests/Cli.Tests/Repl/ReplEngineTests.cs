using DriverScript.Cli.Repl;
using DriverScript.Interpreter;

namespace DriverScript.Cli.Tests.Repl;

/// <summary>The REPL engine: each command, completion candidates, history, Ctrl-C.</summary>
public class ReplEngineTests
{
    private static (ReplEngine Engine, StringWriter Out) NewEngine()
    {
        var output = new StringWriter();
        return (new ReplEngine(output), output);
    }

    private static string Take(StringWriter output)
    {
        string text = output.ToString().Replace("\r\n", "\n");
        output.GetStringBuilder().Clear();
        return text;
    }

    private static string Example(string name) => Path.Combine(RepoPaths.Root, "examples", name);

    [Fact]
    public void An_expression_prints_its_value_and_type()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Submit("0xFF as u8");
        Take(output).ShouldBe("=> 255 : u8\n");
    }

    [Fact]
    public void Lines_are_gathered_until_the_submission_is_complete()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Run(new TextReaderInput(new StringReader("fn add(a: u32,\n       b: u32) -> u32 {\n  return a + b;\n}\nadd(2,\n  3)\n")));
        Take(output).ShouldBe("=> 5 : u32\n");
    }

    [Fact]
    public void Quit_ends_the_session_before_the_rest_of_the_input()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Run(new TextReaderInput(new StringReader("1\n:quit\n2\n"))).ShouldBe(0);
        Take(output).ShouldBe("=> 1 : u32\n");
    }

    [Fact]
    public void Type_shows_the_type_without_running_the_expression()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Submit("var n: u32 = 1;");
        engine.Command(":type print(n)").ShouldBeTrue();
        engine.Command(":type n == 1").ShouldBeTrue();
        engine.Command(":type").ShouldBeTrue();
        Take(output).ShouldBe("print(n) : void\nn == 1 : bool\n:type needs an expression: :type EXPR\n");
    }

    [Fact]
    public void Load_runs_a_file_and_keeps_its_declarations()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Command(":load " + Example("echo.drv"));
        Take(output).ShouldEndWith("(7 tests not run; drv test runs them)\n");
        engine.Submit("MAX_WRITE_LENGTH");
        Take(output).ShouldBe("=> 40960 : u32\n");
        engine.Command(":load no-such.drv");
        Take(output).ShouldBe("cannot read 'no-such.drv': the file does not exist\n");
    }

    [Fact]
    public void Reload_resets_and_loads_the_loaded_files_again()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Command(":reload");
        Take(output).ShouldBe("nothing to reload: no file was loaded\n");
        engine.Command(":load " + Example("echo.drv"));
        engine.Submit("let extra = 1;");
        Take(output);
        engine.Command(":reload");
        Take(output).ShouldContain("loaded ");
        engine.Session.Scope.Names.ShouldContainKey("Echo");
        engine.Session.Scope.Names.ShouldNotContainKey("extra");
        engine.Session.Simulation!.PluggedDevices.Count.ShouldBe(1); // a new simulation: only the file's own plug
    }

    [Fact]
    public void Devices_lists_declared_and_plugged_devices_with_the_variables_holding_them()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Command(":devices");
        Take(output).ShouldBe("no devices declared\n");
        engine.Submit("device A { } device B { uses QemuEdu; }");
        engine.Submit("let a = plug(A); let b1 = plug(B);");
        engine.Command(":devices");
        Take(output).ShouldBe(
            "device A\ndevice B uses QemuEdu\nplugged #1: A, started, D0 (a)\nplugged #2: B with QemuEdu, started, D0 (b1)\n");
    }

    [Fact]
    public void Regs_shows_the_registers_by_variable_or_by_device_name()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Submit("device B { uses QemuEdu; }");
        engine.Submit("let b = plug(B);");
        engine.Submit("b.hw.LIVENESS = 1;");
        Take(output);
        engine.Command(":regs b");
        string byVariable = Take(output);
        byVariable.ShouldStartWith("QemuEdu registers of b:\n");
        byVariable.ShouldContain("LIVENESS");
        byVariable.ShouldContain("= 0xFFFFFFFE (4294967294)");
        engine.Command(":regs B");
        Take(output).ShouldContain("LIVENESS");
        engine.Command(":regs");
        Take(output).ShouldStartWith(":regs needs a device");
    }

    [Fact]
    public void Regs_of_a_device_without_hardware_says_so()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Submit("device A { }");
        engine.Submit("let a = plug(A);");
        engine.Command(":regs a");
        Take(output).ShouldBe("A was plugged without a hardware model: it has no registers\n");
    }

    [Fact]
    public void Trace_shows_the_last_events()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Command(":trace");
        Take(output).ShouldBe("no simulation yet: nothing has run\n");
        engine.Submit("device B { uses QemuEdu; }");
        engine.Submit("let b = plug(B);");
        engine.Submit("b.hw.LIVENESS = 1;");
        Take(output);
        engine.Command(":trace 1");
        Take(output).ShouldBe("[0ns host] write32 edu+0x4 <- 0x1 by host\n");
        engine.Command(":trace x");
        Take(output).ShouldBe(":trace takes a positive number of events: :trace [N]\n");
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Submit("let kept = 1;");
        engine.Command(":reset");
        Take(output).ShouldBe("session reset: nothing declared, no simulation\n");
        engine.Submit("kept");
        Take(output).ShouldContain("error DS1001");
    }

    [Fact]
    public void Help_lists_every_command_and_unknown_commands_are_reported()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Command(":help");
        string help = Take(output);
        foreach (var name in ReplCommands.Names) help.ShouldContain(name);
        engine.Command(":nope");
        Take(output).ShouldBe("unknown command ':nope'; :help lists the commands\n");
    }

    [Fact]
    public void A_bug_check_prints_the_crash_report_and_the_session_goes_on()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.Submit("device A { queue q : default, sequential { on read(req) { bugcheck(0xE2); } } }");
        engine.Submit("let a = plug(A);");
        Take(output);
        engine.Submit("a.read(4);");
        string report = Take(output);
        report.ShouldContain("*** STOP: bug check");
        report.ShouldContain("0x000000E2");
        report.ShouldEndWith("the simulated machine is stopped; :reset starts a new one\n");
        engine.Submit("1 + 1");
        Take(output).ShouldBe("=> 2 : u32\n");
    }

    [Fact]
    public async Task Cancelling_stops_the_running_statement_not_the_session()
    {
        var (engine, output) = NewEngine();
        using var _ = engine;
        engine.CancelRunning().ShouldBeFalse();
        engine.Submit("var spins: u64 = 0;");
        var run = Task.Run(() => engine.Submit("while true { spins += 1; }"));
        while (!run.IsCompleted)
        {
            if (engine.CancelRunning()) break;
            await Task.Delay(10);
        }
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Take(output).ShouldContain("error DS4005");
        engine.Submit("spins > 0");
        Take(output).ShouldBe("=> true : bool\n");
    }

    [Fact]
    public void Completion_offers_names_in_scope_builtins_and_keywords()
    {
        using var session = new ScriptSession();
        session.Submit("fn factorial(n: u32) -> u32 { return n; } let fast = 1;");
        ReplCompletion.Candidates(session.Scope, "let y = fa").ShouldBe(new[] { "factorial", "false", "fast" });
        ReplCompletion.Candidates(session.Scope, "STATUS_SUCC").ShouldBe(new[] { "STATUS_SUCCESS" });
        ReplCompletion.Candidates(session.Scope, "whi").ShouldBe(new[] { "while" });
        ReplCompletion.Candidates(session.Scope, "pl").ShouldContain("plug");
    }

    [Fact]
    public void Completion_after_a_dot_offers_members()
    {
        using var session = new ScriptSession();
        session.Submit("enum Color { Red, Green } device B { uses QemuEdu; state { hits: u32 = 0; } } let b = plug(B); let r = b.read(1);");
        ReplCompletion.Candidates(session.Scope, "Color.").ShouldBe(new[] { "Green", "Red" });
        ReplCompletion.Candidates(session.Scope, "b.sub").ShouldBe(new[] { "submit_ioctl", "submit_read", "submit_write" });
        ReplCompletion.Candidates(session.Scope, "b.hw.LIV").ShouldBe(new[] { "LIVENESS" });
        ReplCompletion.Candidates(session.Scope, "b.state.").ShouldBe(new[] { "hits" });
        ReplCompletion.Candidates(session.Scope, "print(r.").ShouldBe(new[] { "data", "information", "status" });
        ReplCompletion.Candidates(session.Scope, "nothing.").ShouldBeEmpty();
    }

    [Fact]
    public void Completion_of_a_command()
    {
        ReplCompletion.Candidates(Language.Binding.SubmissionScope.Empty, ":re").ShouldBe(new[] { "regs", "reload", "reset" });
    }

    [Fact]
    public void History_location_comes_from_the_option_then_the_environment_then_the_user_folder()
    {
        ReplHistory.Locate("h.txt", _ => "env.txt").ShouldBe("h.txt");
        ReplHistory.Locate(null, _ => "env.txt").ShouldBe("env.txt");
        ReplHistory.Locate(null, _ => "").ShouldBeNull();
        ReplHistory.Locate(null, _ => null)!.ShouldEndWith(Path.Combine("DriverScript", "repl_history"));
    }

    [Fact]
    public void History_is_saved_and_loaded_without_blanks_or_repeats()
    {
        string path = Path.Combine(Path.GetTempPath(), "drv-history-" + Guid.NewGuid().ToString("N"), "h");
        try
        {
            var history = new ReplHistory(path);
            history.Add("let x = 1;");
            history.Add("let x = 1;");
            history.Add("   ");
            history.Add("x");
            var again = new ReplHistory(path);
            again.Load();
            again.Entries.ShouldBe(new[] { "let x = 1;", "x" });
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
