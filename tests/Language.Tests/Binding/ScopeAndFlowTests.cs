using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

public class ScopeAndFlowTests : BinderTestBase
{
    [Fact]
    public void A_local_may_not_shadow_a_local_of_an_enclosing_block()
    {
        var d = ShouldReportOnly("fn f() {\n    let x = 1;\n    if true {\n        let x = 2;\n        print(x);\n    }\n    print(x);\n}", "DS1009", 4, 13);
        d.Message.ShouldContain("(declared at test.drv(2,9))");
    }

    [Fact]
    public void A_local_may_not_shadow_a_parameter()
    {
        ShouldReportOnly("fn f(n: u32) {\n    let n = 2;\n    print(n);\n}", "DS1009", 2, 9);
    }

    [Fact]
    public void A_loop_variable_may_not_shadow_a_local()
    {
        ShouldReportOnly("fn f() {\n    let i = 1;\n    for i in 0..3 { print(i); }\n    print(i);\n}", "DS1009", 3, 9);
    }

    [Fact]
    public void Sibling_blocks_may_reuse_a_name_and_locals_may_shadow_globals()
    {
        ShouldBeClean("const x: u32 = 5;\nfn f(c: bool) {\n    if c { let y = 1; print(y); } else { let y = 2; print(y); }\n    let x = 3;\n    print(x);\n}\nf(true);");
    }

    [Fact]
    public void A_local_is_not_visible_after_its_block()
    {
        ShouldReportOnly("fn f() {\n    if true { let y = 1; print(y); }\n    print(y);\n}", "DS1001", 3, 11);
    }

    [Fact]
    public void Locals_get_slots_in_their_functions_frame()
    {
        var c = ShouldBeClean("fn f(a: u32, b: u32) -> u32 {\n    let s = a + b;\n    for i in 0..s { print(i); }\n    return s;\n}\nprint(f(1, 2));");
        var f = c.Program!.FindFunction("f")!;
        f.Parameters.Select(p => p.Slot).ShouldBe(new[] { 0, 1 });
        f.Body.Statements[0].ShouldBeOfType<BoundLocalDeclaration>().Local.Slot.ShouldBe(2);
        f.Body.Statements[1].ShouldBeOfType<BoundForRange>().Variable.Slot.ShouldBe(3);
        f.FrameSize.ShouldBe(4);
    }

    [Fact]
    public void Top_level_lets_are_global_slots_visible_to_later_top_level_code_only()
    {
        var c = ShouldBeClean("let a = 1;\nvar b: u64 = 2;\nb += a;\nprint(b);");
        c.Program!.Globals.Select(g => (g.Name, g.Slot)).ShouldBe(new[] { ("a", 0), ("b", 1) });
        ShouldReportOnly("let a = 1;\ntest \"t\" { print(a); }", "DS1001", 2, 18);
        ShouldReportOnly("fn f() -> u32 { return g; }\nlet g = 1;\nprint(f(), g);", "DS1001", 1, 24);
    }

    [Fact]
    public void Duplicate_global_declarations_are_DS1002_at_the_later_one()
    {
        var d = ShouldReportOnly("const A: u32 = 1;\nfn A() { }", "DS1002", 2, 4);
        d.Message.ShouldBe("'A' is already declared as a constant at test.drv(1,7)");
    }

    [Fact]
    public void Let_bindings_and_parameters_are_immutable()
    {
        ShouldReportOnly("fn f() {\n    let n = 1;\n    n = 2;\n    print(n);\n}", "DS1008", 3, 5);
        ShouldReportOnly("fn f(n: u32) {\n    n += 1;\n}", "DS1008", 2, 5);
        ShouldReportOnly("const K: u32 = 1;\nfn f() {\n    K = 2;\n}", "DS1008", 3, 5);
        ShouldReportOnly("fn f() {\n    let b = b\"ab\";\n    b[0] = 1;\n}", "DS1008", 3, 5);
    }

    [Fact]
    public void List_elements_and_var_locals_are_assignable()
    {
        ShouldBeClean("fn f() {\n    var n = 1;\n    n = 2;\n    let l = [1, 2];\n    l[0] = n;\n    l.push(3);\n    print(l.pop());\n}\nf();");
    }

    [Fact]
    public void An_unused_local_is_a_DS1901_warning_but_underscore_names_and_loop_variables_are_not()
    {
        var d = ShouldReportOnly("fn f() {\n    let unused = 1;\n    let _ignored = 2;\n    for i in 0..3 { }\n}\nf();", "DS1901", 2, 9);
        d.IsError.ShouldBeFalse();
    }

    [Fact]
    public void Code_after_return_is_a_DS1902_warning_once_per_block()
    {
        var d = ShouldReportOnly("fn f() -> u32 {\n    return 1;\n    print(2);\n    print(3);\n}\nprint(f());", "DS1902", 3, 5);
        d.IsError.ShouldBeFalse();
        ShouldReportOnly("fn f() {\n    while true {\n        break;\n        print(1);\n    }\n}\nf();", "DS1902", 4, 9);
    }

    [Fact]
    public void Break_and_continue_outside_a_loop_are_DS1014()
    {
        ShouldReportOnly("fn f() {\n    break;\n}", "DS1014", 2, 5).Message.ShouldBe("'break' can only be used inside a loop");
        ShouldReportOnly("fn f() {\n    if true { continue; }\n}", "DS1014", 2, 15);
    }

    [Fact]
    public void A_function_missing_a_return_on_some_path_is_DS1012_at_its_name()
    {
        var d = ShouldReportOnly("fn pick(c: bool) -> u32 {\n    if c { return 1; }\n}", "DS1012", 1, 4);
        d.Message.ShouldBe("'pick' must return a 'u32' on every path");
    }

    [Theory]
    [InlineData("fn f(c: bool) -> u32 { if c { return 1; } else { return 2; } }")]
    [InlineData("fn f(c: bool) -> u32 { while true { if c { return 1; } } }")]
    [InlineData("fn f(c: bool) -> u32 { match c { true => { return 1; } false => { return 0; } } }")]
    [InlineData("enum E { A, B }\nfn f(e: E) -> u32 { match e { E.A => { return 1; } E.B => { return 2; } } }")]
    [InlineData("fn f(n: u32) -> u32 { match n { 1 => { return 1; } _ => { return 0; } } }")]
    public void Every_path_returning_is_recognized(string source)
    {
        ShouldHaveNoErrors(source);
    }

    [Fact]
    public void A_while_true_with_a_break_can_fall_off_the_end()
    {
        ShouldReportOnly("fn f() -> u32 {\n    while true { break; }\n}", "DS1012", 1, 4);
    }

    [Fact]
    public void Return_values_must_match_the_function()
    {
        ShouldReportOnly("fn f() {\n    return 1;\n}", "DS1013", 2, 5);
        ShouldReportOnly("fn f() -> u32 {\n    return;\n}", "DS1013", 2, 5);
        ShouldReportOnly("fn f() -> u32 {\n    return \"x\";\n}", "DS1003", 2, 12);
        ShouldReportOnly("return;", "DS1013", 1, 1);
    }

    [Fact]
    public void A_condition_must_be_a_bool()
    {
        ShouldReportOnly("fn f(n: u32) {\n    if n { }\n}", "DS1011", 2, 8).Message.ShouldBe("a condition must be 'bool', not 'u32'");
        ShouldReportOnly("fn f(n: u32) {\n    while n + 1 { }\n}", "DS1011", 2, 11);
    }

    [Fact]
    public void For_iterates_ranges_bytes_and_lists_with_the_element_type()
    {
        var c = ShouldBeClean("fn f(b: bytes, l: list<string>, n: u64) {\n    for i in 0..n { print(i); }\n    for x in b { print(x); }\n    for s in l { print(s); }\n}\nf(b\"\", [\"a\"], 1);");
        var body = c.Program!.FindFunction("f")!.Body.Statements;
        body[0].ShouldBeOfType<BoundForRange>().Variable.Type.ShouldBe(TypeSymbol.U64);
        body[1].ShouldBeOfType<BoundForEach>().Variable.Type.ShouldBe(TypeSymbol.U8);
        body[2].ShouldBeOfType<BoundForEach>().Variable.Type.ShouldBe(TypeSymbol.String);
        ShouldReportOnly("fn f(s: string) {\n    for c in s { print(c); }\n}", "DS1043", 2, 14);
    }

    [Fact]
    public void Match_takes_integers_enums_statuses_strings_and_bools_with_typed_patterns()
    {
        var c = ShouldBeClean("""
            const IOCTL_RESET: u32 = 0x222000;
            enum Mode { Off, On }
            fn f(code: u32, m: Mode, s: status, t: string) {
                match code { IOCTL_RESET | 1 => { print(1); } _ => { } }
                match m { Mode.On => { print(2); } _ => { } }
                match s { STATUS_SUCCESS => { print(3); } _ => { } }
                match t { "a" => { print(4); } _ => { } }
            }
            f(1, Mode.On, STATUS_SUCCESS, "a");
            """);
        var match = c.Program!.FindFunction("f")!.Body.Statements[0].ShouldBeOfType<BoundMatch>();
        match.Arms[0].Values.Select(v => v.Bits).ShouldBe(new[] { 0x222000UL, 1UL });
        match.Arms[1].IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void Patterns_of_the_wrong_type_are_DS1020()
    {
        ShouldReportOnly("fn f(code: u32) {\n    match code { STATUS_SUCCESS => { } _ => { } }\n}", "DS1020", 2, 18);
        ShouldReportOnly("fn f(s: string) {\n    match s { 1 => { } _ => { } }\n}", "DS1020", 2, 15);
        ShouldReportOnly("fn f(b: bytes) {\n    match b { _ => { } }\n}", "DS1020", 2, 11);
        ShouldReportOnly("fn f(v: u8) {\n    match v { 300 => { } _ => { } }\n}", "DS1015", 2, 15);
    }

    [Fact]
    public void Unknown_names_members_and_types_are_reported_once()
    {
        ShouldReportOnly("fn f() -> u32 { return missing + 1; }", "DS1001", 1, 24);
        ShouldReportOnly("fn f(x: widget) { }", "DS1005", 1, 9);
        ShouldReportOnly("fn f(r: result) -> u32 { return r.nothing; }", "DS1006", 1, 35);
    }

    [Fact]
    public void Calls_check_callability_and_argument_counts()
    {
        ShouldReportOnly("fn f(a: u32) { }\nf(1, 2);", "DS1007", 2, 1).Message.ShouldBe("'f' takes 1 argument, but 2 were given");
        ShouldReportOnly("fn f() { let x = 1; x(); }", "DS1010", 1, 21);
        ShouldReportOnly(InDriver("        complete();"), "DS1007", 4, 9);
    }

    [Fact]
    public void A_function_without_a_value_cannot_be_used_as_one()
    {
        ShouldReportOnly("fn f() { }\nlet x = f();", "DS1042", 2, 9);
        ShouldReportOnly("fn f() { }\nlet x = f;", "DS1042", 2, 9);
    }

    [Fact]
    public void Unwrapping_a_non_optional_is_DS1040()
    {
        ShouldReportOnly("fn f(x: u32) -> u32 { return x!; }", "DS1040", 1, 30);
    }

    [Fact]
    public void Constants_may_refer_to_later_constants_but_not_to_themselves()
    {
        ShouldBeClean("const A: u32 = B * 2;\nconst B: u32 = 21;\nprint(A);");
        ShouldReportOnly("const A: u32 = A + 1;", "DS1016", 1, 16);
        ShouldReportOnly("fn f() -> u32 { return 1; }\nconst A: u32 = f();", "DS1016", 2, 16);
    }

    [Fact]
    public void Enum_members_count_up_from_the_last_value()
    {
        var c = ShouldBeClean("enum Mode { Off = 0, On, Turbo = 7, Max }\nprint(Mode.Max as u32);");
        c.Program!.Enums.Single().Members.Select(m => m.Value).ShouldBe(new ulong[] { 0, 1, 7, 8 });
    }
}
