using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

/// <summary>REPL submissions (LANGUAGE.md §14): each bound against the ones before it.</summary>
public class SubmissionTests
{
    private static readonly CompilationOptions Options = new() { HardwareModels = TestHardwareModels.All };

    private static Submission Ok(string text, SubmissionScope? previous = null)
    {
        var s = Submission.Compile(Submission.Terminate(text), previous, options: Options);
        s.Diagnostics.Where(d => d.IsError).ShouldBeEmpty(string.Join("\n", s.Diagnostics));
        return s;
    }

    [Fact]
    public void A_submission_sees_the_functions_devices_constants_and_enums_declared_before()
    {
        var first = Ok("const K: u32 = 7; enum Mode { Off, On } fn twice(x: u32) -> u32 { return x * 2; } device D { }");
        var second = Ok("let handle = plug(D); let m = Mode.On; let v = twice(K);", first.Scope);
        second.Program!.Globals.Select(g => g.Name).ShouldBe(new[] { "handle", "m", "v" });
        second.Program.Functions.Select(f => f.Name).ShouldBe(new[] { "twice" });
        second.Program.Devices.Select(d => d.Name).ShouldBe(new[] { "D" });
    }

    [Fact]
    public void Globals_keep_their_slots_and_new_ones_get_the_next_slots()
    {
        var first = Ok("let a: u32 = 1; let b = \"s\";");
        var second = Ok("let c = a + 1;", first.Scope);
        var slots = second.Program!.Globals.ToDictionary(g => g.Name, g => g.Slot);
        slots["a"].ShouldBe(0);
        slots["b"].ShouldBe(1);
        slots["c"].ShouldBe(2);
    }

    [Fact]
    public void New_functions_and_devices_are_numbered_after_the_earlier_ones()
    {
        var first = Ok("fn f() { } device A { }");
        var second = Ok("fn g() { } device B { }", first.Scope);
        second.Program!.Functions.Select(f => (f.Name, f.Index)).ShouldBe(new[] { ("f", 0), ("g", 1) });
        second.Program.Devices.Select(d => (d.Name, d.Index)).ShouldBe(new[] { ("A", 0), ("B", 1) });
    }

    [Fact]
    public void A_trailing_expression_is_the_result_in_a_new_global_slot()
    {
        var first = Ok("let n: u16 = 3;");
        var second = Ok("n as u64 + 1", first.Scope);
        second.Result.ShouldNotBeNull();
        second.Result!.Type.ShouldBe(TypeSymbol.U64);
        second.Result.Slot.ShouldBe(1);
        second.Program!.TopLevel.Statements[^1].ShouldBeOfType<BoundGlobalDeclaration>().Global.ShouldBeSameAs(second.Result);
        second.Scope.Names.ShouldNotContainKey(second.Result.Name);
    }

    [Fact]
    public void A_void_call_or_a_statement_has_no_result()
    {
        Ok("print(1)").Result.ShouldBeNull();
        Ok("let z = 1;").Result.ShouldBeNull();
    }

    [Fact]
    public void A_later_declaration_shadows_an_earlier_one_of_the_same_name()
    {
        var first = Ok("fn f() -> u32 { return 1; } let x: u32 = 1;");
        var second = Ok("fn f() -> bool { return true; } let x = \"now\";", first.Scope);
        var third = Ok("f()", second.Scope);
        third.Result!.Type.ShouldBe(TypeSymbol.Bool);
        Ok("x", second.Scope).Result!.Type.ShouldBe(TypeSymbol.String);
    }

    [Fact]
    public void A_duplicate_inside_one_submission_is_still_an_error()
    {
        var s = Submission.Compile("fn f() { } fn f() { }", options: Options);
        s.Diagnostics.ShouldContain(d => d.Code == "DS1002");
        s.HasErrors.ShouldBeTrue();
    }

    [Fact]
    public void Functions_do_not_see_top_level_variables_of_earlier_submissions()
    {
        var first = Ok("let secret: u32 = 1;");
        var s = Submission.Compile("fn peek() -> u32 { return secret; }", first.Scope, options: Options);
        s.Diagnostics.ShouldContain(d => d.Code == "DS1001");
    }

    [Fact]
    public void A_device_may_use_a_hardware_model_declared_in_an_earlier_submission()
    {
        var first = Ok("hardware H { registers(size = 0x10) { reg R @ 0x0 : u32; } }");
        var second = Ok("device D { uses H; }", first.Scope);
        second.Program!.Devices[^1].Hardware!.Name.ShouldBe("H");
    }

    [Fact]
    public void Built_in_hardware_models_are_declared_once_by_the_first_submission()
    {
        var first = Ok("let a = 1;");
        var second = Ok("let b = 2;", first.Scope);
        int builtIn = TestHardwareModels.All.Length;
        first.Program!.HardwareModels.Length.ShouldBe(builtIn);
        second.Program!.HardwareModels.Length.ShouldBe(builtIn);
    }

    [Fact]
    public void Call_domains_are_checked_against_functions_of_earlier_submissions()
    {
        var first = Ok("fn host_only() { advance(1ms); }");
        var s = Submission.Compile("device D { on prepare_hardware { host_only(); } }", first.Scope, options: Options);
        s.Diagnostics.ShouldContain(d => d.Code == "DS1021");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("let x = 1;", true)]
    [InlineData("fact(5)", true)]
    [InlineData("fn f() {", false)]
    [InlineData("fn f() {\n  if x {\n  }", false)]
    [InlineData("fn f() {\n}", true)]
    [InlineData("print(1,", false)]
    [InlineData("let l = [1, 2", false)]
    [InlineData("let x = 1 +", false)]
    [InlineData("let x =", false)]
    [InlineData("dev.", false)]
    [InlineData("let", false)]
    [InlineData("if x > 1", false)]
    [InlineData("} else", false)]
    [InlineData("fn f() -> u32", false)]
    [InlineData("device D", false)]
    [InlineData("if x > 1 { print(1); } else { }", true)]
    [InlineData("while i < 3 { i += 1; } let y = 2", true)]
    [InlineData("x // a comment (", true)]
    [InlineData("\"a ( in a string\"", true)]
    public void Input_is_complete_when_brackets_are_closed_and_nothing_is_left_dangling(string text, bool complete) =>
        Submission.IsComplete(text).ShouldBe(complete);

    [Theory]
    [InlineData("fact(5)", "fact(5)\n;")]
    [InlineData("let x = 1;", "let x = 1;")]
    [InlineData("fn f() { }", "fn f() { }")]
    [InlineData("x // note", "x\n; // note")]
    [InlineData("   ", "   ")]
    public void A_missing_final_semicolon_is_added_after_the_last_token(string text, string expected) =>
        Submission.Terminate(text).ShouldBe(expected);

    [Fact]
    public void Member_names_of_a_device_handle_include_host_operations_hw_and_state()
    {
        var first = Ok("device D { state { n: u32 = 0; } } let d = plug(D);");
        var handle = (GlobalSymbol)first.Scope.Names["d"];
        var names = Binder.MemberNames(handle.Type);
        names.ShouldContain("read");
        names.ShouldContain("submit_ioctl");
        names.ShouldContain("power_state");
        names.ShouldContain("hw");
        names.ShouldContain("state");
        names.ShouldNotContain("push");
    }
}
