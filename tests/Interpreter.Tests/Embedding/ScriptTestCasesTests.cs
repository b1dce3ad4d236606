using DriverScript.Interpreter.Tests.Simulation;

namespace DriverScript.Interpreter.Tests.Embedding;

/// <summary>
/// The theory data source of LANGUAGE.md §15: each <c>test</c> block of a <c>.drv</c> file is its own
/// xUnit case (the theories below show up in <c>dotnet test</c> once per block).
/// </summary>
public sealed class ScriptTestCasesTests
{
    private static string Example(string name) => Path.Combine(ExampleTests.ExamplesDirectory, name);

    public static IEnumerable<object[]> EchoCases => ScriptTestCases.From(Example("echo.drv"));

    public static IEnumerable<object[]> AllExampleCases => ScriptTestCases.From(ExampleTests.ExamplesDirectory);

    [Theory, MemberData(nameof(EchoCases))]
    public void Each_echo_test_block_is_an_xunit_case(string file, string test) => ScriptTestCases.Run(file, test);

    [Theory, MemberData(nameof(AllExampleCases))]
    public void Each_test_block_of_the_examples_folder_is_an_xunit_case(string file, string test) => ScriptTestCases.Run(file, test);

    [Fact]
    public void The_rows_are_the_files_test_blocks_in_source_order_as_plain_strings()
    {
        var rows = ScriptTestCases.From(Example("echo.drv")).ToArray();
        var script = Script.CompileFile(Example("echo.drv"));
        rows.Select(r => (string)r[1]).ShouldBe(script.Tests.Select(t => t.Name));
        rows.Length.ShouldBe(7);
        rows.ShouldAllBe(r => r.Length == 2 && (string)r[0] == Example("echo.drv"));
    }

    [Fact]
    public void A_folder_gives_the_cases_of_every_drv_file_under_it_in_ordinal_order()
    {
        var files = ScriptTestCases.From(ExampleTests.ExamplesDirectory).Select(r => (string)r[0]).Distinct().ToArray();
        files.ShouldBe(files.Order(StringComparer.Ordinal).ToArray());
        var names = files.Select(Path.GetFileName).ToArray();
        foreach (var example in new[] { "echo.drv", "edu_driver.drv", "power_idle.drv", "priority_queues.drv" }) names.ShouldContain(example);
    }

    [Fact]
    public void A_filter_keeps_the_cases_whose_name_contains_it()
    {
        var rows = ScriptTestCases.Matching("cancel", Example("echo.drv"), Example("power_idle.drv")).ToArray();
        rows.Select(r => (string)r[1]).ShouldBe(["a canceled request is completed with STATUS_CANCELLED"]);
    }

    [Fact]
    public void Several_files_give_the_cases_of_each_in_the_order_given()
    {
        var rows = ScriptTestCases.From(Example("power_idle.drv"), Example("echo.drv")).ToArray();
        rows.Select(r => Path.GetFileName((string)r[0])).Distinct().ShouldBe(["power_idle.drv", "echo.drv"]);
        rows.Length.ShouldBe(Script.CompileFile(Example("power_idle.drv")).Tests.Count + 7);
    }

    [Fact]
    public void A_failing_drv_test_throws_with_the_location_the_source_line_and_both_values()
    {
        using var dir = new TempFolder();
        string file = dir.Write("failing.drv", """
            fn twice(x: u32) -> u32 { return x + x; }

            test "twice doubles" {
                print("checking");
                expect twice(3) == 7, "doubling is off";
            }
            """);
        var row = ScriptTestCases.From(file).ShouldHaveSingleItem();
        var e = Should.Throw<ScriptTestFailedException>(() => ScriptTestCases.Run((string)row[0], (string)row[1]));
        e.Message.Replace("\r\n", "\n").ShouldBe($"""
            test "twice doubles" ({file}(3,6)) failed:
            {file}(5,5): error DS3006: 'expect twice(3) == 7' failed: left 6, right 7 — doubling is off
                expect twice(3) == 7, "doubling is off";
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            output:
            checking
            """);
        e.Failure!.Code.ShouldBe("DS3006");
        e.Result!.Passed.ShouldBeFalse();
    }

    [Fact]
    public void A_file_with_compile_errors_is_one_failing_case_that_shows_the_errors()
    {
        using var dir = new TempFolder();
        string file = dir.Write("broken.drv", "test \"t\" { let x: u8 = 300; }");
        var row = ScriptTestCases.From(file).ShouldHaveSingleItem();
        row[1].ShouldBe(ScriptTestCases.CompileErrorsCase);
        var e = Should.Throw<ScriptTestFailedException>(() => ScriptTestCases.Run(file, (string)row[1]));
        e.Message.ShouldContain("broken.drv has 1 error:");
        e.Message.ShouldContain("error DS1015");
        e.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("DS1015");
    }

    [Fact]
    public void A_missing_path_or_test_name_is_an_argument_error_not_a_silent_empty_theory()
    {
        Should.Throw<FileNotFoundException>(() => ScriptTestCases.From(Example("no-such.drv")).ToArray());
        Should.Throw<ArgumentException>(() => ScriptTestCases.Run(Example("echo.drv"), "no such test"));
    }

    [Fact]
    public void Run_uses_the_given_options_and_adds_the_simulation_when_they_have_no_runtime()
    {
        var result = ScriptTestCases.Run(Example("echo.drv"), "a write is echoed by the next read",
            new RunOptions { Limits = ScriptLimits.Default with { MaxSteps = 1_000 } });
        result.Passed.ShouldBeTrue();
        var e = Should.Throw<ScriptTestFailedException>(() => ScriptTestCases.Run(Example("echo.drv"), "a write is echoed by the next read",
            new RunOptions { Limits = ScriptLimits.Default with { MaxSteps = 2 } }));
        e.Failure!.Code.ShouldBe("DS4001");
    }
}

/// <summary>A temporary folder deleted at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "drv-embed-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string text)
    {
        string file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
