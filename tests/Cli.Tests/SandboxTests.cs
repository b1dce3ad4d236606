namespace DriverScript.Cli.Tests;

/// <summary>
/// LANGUAGE.md §11: <c>import</c> is a script's only file access and stays inside the script's folder
/// tree; a file outside it is refused with DS1037 by every command, before anything runs.
/// </summary>
public sealed class SandboxTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "drv-sandbox-" + Guid.NewGuid().ToString("N"));

    public SandboxTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "project", "lib"));
        File.WriteAllText(Path.Combine(_root, "secret.drv"), "print(\"outside the tree\");\n");
        File.WriteAllText(Path.Combine(_root, "project", "lib", "ok.drv"), "fn one() -> u32 { return 1; }\n");
        File.WriteAllText(Path.Combine(_root, "project", "main.drv"), "import \"lib/ok.drv\";\nimport \"../secret.drv\";\nprint(one());\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Main => Path.Combine(_root, "project", "main.drv");

    private static (int Exit, string Out, string Err) Drv(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString());
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    [InlineData("test")]
    public void An_import_outside_the_scripts_folder_is_refused_with_DS1037(string command)
    {
        var (exit, stdout, _) = Drv(command, Main);
        stdout.ShouldContain($"main.drv(2,8): error DS1037: cannot import '../secret.drv': imports must stay inside the folder tree of the script being checked");
        stdout.ShouldNotContain("outside the tree");
        exit.ShouldBe(1);
    }

    [Fact]
    public void An_import_inside_the_tree_is_allowed()
    {
        File.WriteAllText(Main, "import \"lib/ok.drv\";\nprint(one());\n");
        var (exit, stdout, _) = Drv("run", Main);
        stdout.ShouldBe("1\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void An_absolute_path_outside_the_tree_is_refused_too()
    {
        string secret = Path.Combine(_root, "secret.drv").Replace('\\', '/');
        File.WriteAllText(Main, $"import \"{secret}\";\n");
        var (exit, stdout, _) = Drv("check", Main);
        stdout.ShouldContain("error DS1037");
        exit.ShouldBe(1);
    }
}
