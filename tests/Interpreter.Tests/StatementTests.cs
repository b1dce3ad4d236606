namespace DriverScript.Interpreter.Tests;

/// <summary>Every statement form of §4, each with the output it must print.</summary>
public class StatementTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "let and var", "let x = 5; var y: u64 = 6; y = y + x; print(x, y);", "5 11" },
        { "compound assignments", "var n: u32 = 10; n += 5; n -= 3; n *= 4; n /= 3; n %= 7; n &= 0xF; n |= 0x30; n ^= 0x1; n <<= 2; n >>= 1; print(n);", "102" },
        { "compound on strings, bytes, durations", "var s = \"a\"; s += \"b\"; var b = b\"x\"; b += b\"y\"; var d = 1us; d += 2us; d *= 3; d -= 1us; d /= 2; print(s, b, d);", "ab b\"xy\" 4us" },
        { "shift compound with a wider count", "var x: u8 = 1; let c: u64 = 7; x <<= c; print(x); x <<= c; print(x);", "128\n0" },
        { "if / else if / else", "let v: u32 = 2; if v == 1 { print(1); } else if v == 2 { print(2); } else { print(3); } if v > 5 { print(9); } else { print(0); }", "2\n0" },
        { "if without else", "let v: u32 = 2; if v == 2 { print(\"yes\"); } if v == 3 { print(\"no\"); }", "yes" },
        { "while with break and continue", "var i: u32 = 0; var sum: u32 = 0; while true { i += 1; if i % 2 == 0 { continue; } if i > 9 { break; } sum += i; } print(sum, i);", "25 11" },
        { "for over a range", "var s: u64 = 0; for i in 0..10 { s += i; } print(s);", "45" },
        { "for over an empty and a reversed range", "for i in 5..5 { print(i); } for i in 7..3 { print(i); } print(\"done\");", "done" },
        { "for over a signed range", "let lo: i32 = -3; for i in lo..2 { print(i); }", "-3\n-2\n-1\n0\n1" },
        { "for over a u8 range to its maximum", "var n: u32 = 0; let top: u8 = 255; for i in 250..top { n += 1; } print(n);", "5" },
        { "for over u64 range near the top", "let top: u64 = 0xFFFF_FFFF_FFFF_FFFF; for i in top - 2..top { print(i); }", "18446744073709551613\n18446744073709551614" },
        { "the range end is evaluated once", "var n: u32 = 3; var k: u32 = 0; for i in 0..n { n += 1; k += 1; } print(k, n);", "3 6" },
        { "for over bytes", "for x in b\"AB\" { print(x); }", "65\n66" },
        { "for over a list", "let l: list<string> = [\"x\", \"y\"]; for s in l { print(s); }", "x\ny" },
        { "for over a list that grows", "var l: list<u32> = [1]; for x in l { if x < 4 { l.push(x + 1); } } print(l);", "[1, 2, 3, 4]" },
        { "break and continue in for", "for i in 0..10 { if i == 2 { continue; } if i == 4 { break; } print(i); }", "0\n1\n3" },
        { "nested loops break the inner one", "for i in 0..3 { for j in 0..3 { if j == 1 { break; } print(i * 10 + j); } }", "0\n10\n20" },
        { "match on integers in order", "for v in 0..5 { match v { 0 => { print(\"zero\"); } 1 | 2 => { print(\"small\"); } 2 => { print(\"never\"); } _ => { print(\"big\"); } } }", "zero\nsmall\nsmall\nbig\nbig" },
        { "match without a matching arm", "let v: u32 = 9; match v { 1 => { print(1); } } print(\"after\");", "after" },
        { "match on status and enums", "enum C { R, G } let s = STATUS_CANCELLED; match s { STATUS_SUCCESS => { print(1); } STATUS_CANCELLED => { print(2); } _ => { print(3); } } let c = C.G; match c { C.R => { print(\"r\"); } C.G => { print(\"g\"); } }", "2\ng" },
        { "match on strings and bools", "let s = \"b\"; match s { \"a\" => { print(1); } \"b\" => { print(2); } _ => { print(3); } } let t = false; match t { true => { print(\"t\"); } false => { print(\"f\"); } }", "2\nf" },
        { "match on negative signed values", "let v: i32 = -2; match v { -1 => { print(1); } -2 => { print(2); } _ => { print(3); } }", "2" },
        { "match with a default arm first", "let v: u32 = 1; match v { _ => { print(\"any\"); } 1 => { print(\"one\"); } }", "any" },
        { "match inside a loop with break", "for i in 0..5 { match i { 3 => { break; } _ => { print(i); } } }", "0\n1\n2" },
        { "list element assignment", "var l: list<u32> = [1, 2]; l[1] = 7; l[0] += 10; print(l);", "[11, 7]" },
        { "list of strings element assignment", "var l: list<string> = [\"a\", \"b\"]; l[0] = \"z\"; l[1] += \"!\"; print(l);", "[z, b!]" },
        { "optional assignment", "var o: u32? = none; print(o); o = 4; print(o, o!); o = none; print(o == none);", "none\n4 4\ntrue" },
        { "blocks scope their locals", "if true { let a = 1; print(a); } if true { let a = \"two\"; print(a); }", "1\ntwo" },
        { "expression statements", "var l: list<u8> = []; l.push(1); len(l); print(l);", "[1]" },
        { "top-level expect that holds", "let x: u32 = 3; expect x == 3; expect x > 1, \"x is big\"; print(\"ok\");", "ok" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Runs(string name, string source, string expected)
    {
        _ = name;
        Drv.Output(source).ShouldBe(expected);
    }
}

public class FunctionTests
{
    [Fact]
    public void Recursion_and_mutual_recursion()
    {
        const string source = """
            fn fib(n: u32) -> u64 { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }
            fn is_even(n: u32) -> bool { if n == 0 { return true; } return is_odd(n - 1); }
            fn is_odd(n: u32) -> bool { if n == 0 { return false; } return is_even(n - 1); }
            fn gcd(a: u64, b: u64) -> u64 { if b == 0 { return a; } return gcd(b, a % b); }
            print(fib(20), is_even(10), is_odd(7), gcd(0x1000, 0x180));
            """;
        Drv.Output(source).ShouldBe("6765 true true 128");
    }

    [Fact]
    public void Recursion_to_the_default_depth_limit_works() =>
        Drv.Output("fn down(n: u32) -> u32 { if n == 0 { return 0; } return 1 + down(n - 1); } print(down(999));").ShouldBe("999");

    [Fact]
    public void Arguments_are_evaluated_in_the_callers_frame_before_the_call()
    {
        const string source = """
            fn add(a: u32, b: u32) -> u32 { return a + b; }
            fn twice(x: u32) -> u32 { return add(x, x); }
            print(add(add(1, 2), add(twice(3), 4)));
            """;
        Drv.Output(source).ShouldBe("13");
    }

    [Fact]
    public void Functions_return_references_and_nothing()
    {
        const string source = """
            fn greet(name: string) -> string { return "hi " + name; }
            fn bytes_of(n: u32) -> bytes { return fill(0x61, n); }
            fn opt(x: u32) -> u32? { if x == 0 { return none; } return x; }
            fn list_of(n: u32) -> list<u32> { var l: list<u32> = []; for i in 0..n { l.push(i); } return l; }
            fn say(s: string) { print(s); return; }
            say(greet("drv"));
            print(bytes_of(3), opt(0), opt(4), list_of(3));
            """;
        Drv.Output(source).ShouldBe("hi drv\nb\"aaa\" none 4 [0, 1, 2]");
    }

    [Fact]
    public void A_return_inside_loops_and_matches_leaves_the_function()
    {
        const string source = """
            fn find(l: list<u32>, v: u32) -> i64 {
                for i in 0..len(l) { match l[i] == v { true => { return i as i64; } false => { } } }
                return -1;
            }
            print(find([4, 5, 6], 6), find([4], 1));
            """;
        Drv.Output(source).ShouldBe("2 -1");
    }

    [Fact]
    public void Recursive_frames_do_not_share_locals()
    {
        const string source = """
            fn tree(depth: u32) -> u32 {
                if depth == 0 { return 1; }
                let left = tree(depth - 1);
                let right = tree(depth - 1);
                return left + right;
            }
            print(tree(10));
            """;
        Drv.Output(source).ShouldBe("1024");
    }

    [Fact]
    public void Constants_enums_and_functions_compose()
    {
        const string source = """
            const KB: u32 = 1024;
            const MASK: u32 = 4 * KB - 1;
            enum Level { Low = 1, High = 5 }
            fn level(x: u32) -> Level { if x & MASK > 100 { return Level.High; } return Level.Low; }
            let v: u32 = 4096 + 200;
            print(level(v), level(v) as u32, MASK);
            """;
        Drv.Output(source).ShouldBe("Level.High 5 4095");
    }

    [Fact]
    public void A_function_can_be_called_from_CSharp()
    {
        var script = Drv.Compile("fn mul(a: u32, b: u32) -> u32 { return a * b; }");
        var execution = script.CreateExecution();
        execution.CallFunction("mul", ScriptValue.FromScalar(0x10000), ScriptValue.FromScalar(0x10001)).Bits.ShouldBe(0x10000UL);
        execution.Steps.ShouldBe(1);
    }
}
