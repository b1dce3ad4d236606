using System.CommandLine;

namespace DriverScript.Cli.Tests;

/// <summary><c>docs/cli.md</c> describes every command and option the parser knows.</summary>
public sealed class CliDocumentationTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cli.md"));

    public static TheoryData<string, string> Options()
    {
        var data = new TheoryData<string, string>();
        var commands = new[]
        {
            CheckCommand.Create(TextWriter.Null, TextWriter.Null),
            RunCommand.Create(TextWriter.Null, TextWriter.Null),
            TestCommand.Create(TextWriter.Null, TextWriter.Null),
        };
        foreach (var command in commands)
            foreach (var option in command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help"))
                data.Add(command.Name, option.Name);
        return data;
    }

    [Theory, MemberData(nameof(Options))]
    public void Every_option_of_every_command_is_described(string command, string option)
    {
        Doc.ShouldContain($"## `drv {command}");
        Doc.ShouldContain($"`{option}");
    }

    [Fact]
    public void The_exit_codes_are_described()
    {
        Doc.ShouldContain("| 0 |");
        Doc.ShouldContain("| 1 |");
        Doc.ShouldContain($"| {Program.UsageError} | usage error");
    }
}
