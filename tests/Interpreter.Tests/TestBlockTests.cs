namespace DriverScript.Interpreter.Tests;

/// <summary><c>test</c> blocks and <c>expect</c> (§8): results as objects, failures with location and both sides' values.</summary>
public class TestBlockTests
{
    private const string Source = """
        fn add(a: u32, b: u32) -> u32 { return a + b; }
        test "passes" {
            expect add(1, 2) == 3;
            print("in passes");
        }
        test "compares" {
            let a: u32 = 3;
            expect add(a, 0) == 4;
        }
        test "message" {
            let s = "abc";
            expect len(s) > 5, "the string is short";
        }
        test "plain condition" {
            let ok = false;
            expect ok;
        }
        test "none" {
            let o: u32? = 7;
            expect o == none;
        }
        test "bytes" {
            let c = b"c";
            expect b"ab" + c == b"abd";
        }
        test "crashes" {
            let l: list<u32> = [];
            let x = l[0];
        }
        test "returns early" {
            return;
            expect false;
        }
        """;

    private static readonly Lazy<Script> s_script = new(() => Drv.Compile(Source));

    [Fact]
    public void Tests_are_listed_in_order_with_their_locations()
    {
        s_script.Value.Tests.Select(t => t.Name).ShouldBe(new[] { "passes", "compares", "message", "plain condition", "none", "bytes", "crashes", "returns early" });
        s_script.Value.Tests[1].Location.ShouldBe("t.drv(6,6)");
    }

    [Fact]
    public void A_passing_test_has_its_output()
    {
        var result = s_script.Value.RunTest("passes");
        result.Passed.ShouldBeTrue();
        result.Failure.ShouldBeNull();
        result.Output.ShouldBe("in passes\n");
    }

    [Theory]
    [InlineData("compares", "t.drv(8,5): error DS3006: 'expect add(a, 0) == 4' failed: left 3, right 4")]
    [InlineData("message", "t.drv(12,5): error DS3006: 'expect len(s) > 5' failed: left 3, right 5 — the string is short")]
    [InlineData("plain condition", "t.drv(16,5): error DS3006: 'expect ok' failed")]
    [InlineData("none", "t.drv(20,5): error DS3006: 'expect o == none' failed: left 7, right none")]
    [InlineData("bytes", "t.drv(24,5): error DS3006: 'expect b\"ab\" + c == b\"abd\"' failed: left b\"abc\", right b\"abd\"")]
    [InlineData("crashes", "t.drv(28,13): error DS3002: index 0 is out of range for a list of length 0")]
    public void A_failing_test_reports_where_and_why(string name, string failure)
    {
        var result = s_script.Value.RunTest(name);
        result.Passed.ShouldBeFalse();
        result.Failure!.ToString().ShouldBe(failure);
    }

    [Fact]
    public void Return_ends_a_test() => s_script.Value.RunTest("returns early").Passed.ShouldBeTrue();

    [Fact]
    public void Running_all_tests_gives_one_result_each_and_the_filter_selects()
    {
        var results = s_script.Value.RunTests();
        results.Count.ShouldBe(8);
        results.Count(r => r.Passed).ShouldBe(2);
        s_script.Value.RunTests(filter: "pass").ShouldHaveSingleItem().Name.ShouldBe("passes");
    }

    [Fact]
    public void Each_test_starts_from_a_clean_state()
    {
        const string source = """
            test "one" { var l: list<u32> = []; l.push(1); expect len(l) == 1; }
            test "two" { var l: list<u32> = []; expect len(l) == 0; }
            """;
        Drv.Compile(source).RunTests().ShouldAllBe(r => r.Passed);
    }

    [Fact]
    public void A_top_level_expect_that_fails_stops_the_run()
    {
        var result = Drv.Compile("let x: i32 = -1;\nexpect x >= 0, \"x must not be negative\";\nprint(\"unreached\");").Run();
        result.Succeeded.ShouldBeFalse();
        result.Error!.Diagnostic.ToString().ShouldBe("t.drv(2,1): error DS3006: 'expect x >= 0' failed: left -1, right 0 — x must not be negative");
        result.Output.ShouldBe("");
    }

    [Fact]
    public void Comparison_sides_are_evaluated_once()
    {
        const string source = """
            var calls: list<u32> = [];
            fn next(l: list<u32>) -> u32 { l.push(1); return len(l); }
            test "once" { var l: list<u32> = []; expect next(l) == 1; expect len(l) == 1; }
            """;
        Drv.Compile(source).RunTest("once").Passed.ShouldBeTrue();
    }
}
