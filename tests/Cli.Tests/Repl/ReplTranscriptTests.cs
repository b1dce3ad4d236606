namespace DriverScript.Cli.Tests.Repl;

/// <summary><c>drv repl</c> driven through redirected input (LANGUAGE.md §14), compared to golden transcripts.</summary>
public class ReplTranscriptTests
{
    internal static (int Exit, string Out, string Err) Repl(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(RepoPaths.Root); // so ':load examples/...' is found and paths print relative
        try
        {
            int exit = Program.Run(["repl", .. args], new StringReader(input), stdout, stderr);
            return (exit, Normalize(stdout.ToString()), Normalize(stderr.ToString()));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    private static string Normalize(string text) =>
        text.Replace(RepoPaths.Root + Path.DirectorySeparatorChar, "").Replace('\\', '/').Replace("\r\n", "\n");

    private static string Data(string name) => Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Repl", "Data", name);

    private static void ShouldMatchGolden(string actual, string goldenName)
    {
        string path = Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Golden", goldenName);
        if (Environment.GetEnvironmentVariable("DRV_UPDATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        actual.ShouldBe(File.ReadAllText(path).Replace("\r\n", "\n"), $"golden file {goldenName} (set DRV_UPDATE_GOLDEN=1 to rewrite it)");
    }

    [Fact]
    public void A_scripted_session_matches_its_golden_transcript()
    {
        var (exit, stdout, stderr) = Repl(File.ReadAllText(Data("transcript.in")));
        stderr.ShouldBeEmpty();
        ShouldMatchGolden(stdout, "repl.transcript.txt");
        exit.ShouldBe(0);
    }

    [Fact]
    public void The_file_argument_is_loaded_before_the_input()
    {
        var (exit, stdout, _) = Repl("let again = plug(Echo);\nagain.read(4).status\n", Path.Combine(RepoPaths.Root, "examples", "echo.drv"));
        stdout.ShouldBe("STATUS_SUCCESS\nb\"ping\"\nloaded examples/echo.drv (7 tests not run; drv test runs them)\n=> STATUS_SUCCESS : status\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void A_missing_file_argument_is_a_usage_error()
    {
        var (exit, _, stderr) = Repl(":quit\n", "no/such/file.drv");
        stderr.ShouldContain("cannot read 'no/such/file.drv'");
        exit.ShouldBe(2);
    }

    [Fact]
    public void The_end_of_input_ends_the_session_with_exit_0()
    {
        var (exit, stdout, _) = Repl("1 + 2\n");
        stdout.ShouldBe("=> 3 : u32\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void An_unfinished_submission_at_the_end_of_input_is_reported()
    {
        var (exit, stdout, _) = Repl("fn f() {\n");
        stdout.ShouldContain("error DS0");
        exit.ShouldBe(0);
    }

    [Fact]
    public void The_step_limit_option_applies_to_each_submission()
    {
        var (_, stdout, _) = Repl("var i: u32 = 0;\nwhile true { i += 1; }\ni > 0\n", "--max-steps", "1000");
        stdout.ShouldContain("error DS4001");
        stdout.ShouldEndWith("=> true : bool\n");
    }
}
