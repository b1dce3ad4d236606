using DriverScript.Framework;
using DriverScript.Hardware;
using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices;
using DriverScript.Interpreter.Tests.Simulation;
using NSubstitute;

namespace DriverScript.Interpreter.Tests.Embedding;

/// <summary>
/// The code of <c>docs/embedding.md</c>, compiled and run. Every C# snippet of the guide appears
/// here verbatim (<see cref="EmbeddingGuideDocumentationTests"/> checks it), so the guide cannot
/// drift from what builds and passes.
/// </summary>
public class EchoDriverTests
{
    private static string ExamplePath(string name) => Path.Combine(ExampleTests.ExamplesDirectory, name);

    // Every `test` block of echo.drv is its own case in `dotnet test`.
    public static IEnumerable<object[]> EchoTests => ScriptTestCases.From(ExamplePath("echo.drv"));

    [Theory, MemberData(nameof(EchoTests))]
    public void Drv(string file, string test) => ScriptTestCases.Run(file, test);

    [Fact]
    public void Compile_errors_are_diagnostics()
    {
        var broken = Script.Compile("let x: u8 = 300;", "broken.drv");
        Assert.True(broken.HasErrors);
        var error = Assert.Single(broken.Diagnostics);
        Assert.Equal("DS1015", error.Code);
        Assert.Equal("broken.drv", error.Path);
        Assert.Equal((1, 13), (error.Line, error.Column));
    }

    [Fact]
    public void Echo_returns_what_was_written()
    {
        var script = Script.CompileFile(ExamplePath("echo.drv"));
        Assert.Empty(script.Diagnostics);

        using var sim = ScriptSimulation.Start(script, new RunOptions(), new SimulationRunOptions { Seed = 1, Processors = 2 });
        var echo = sim.Plug("Echo");

        var pending = echo.SubmitWrite("ping"u8.ToArray());   // echo completes on its 100 ms timer tick
        sim.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pending.IsCompleted);
        Assert.Equal(NtStatus.Success, pending.Result.Status);

        Assert.Equal("ping"u8.ToArray(), echo.Read(4).Data.ToArray());
        Assert.Equal("b\"ping\"", echo.State("buffer").ToString());
        Assert.Contains("write", echo.CallbackNames);
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public void The_driver_checks_the_id_and_starts_a_factorial()
    {
        var bus = Substitute.For<IRegisterBus>();
        bus.Read32(0x00).Returns(0x010000edu);                   // edu's ID register

        var script = Script.CompileFile(ExamplePath("edu_driver.drv"));
        using var sim = ScriptSimulation.Start(script, simulation: new SimulationRunOptions
        {
            Buses = new Dictionary<string, IRegisterBus> { ["Edu"] = bus },   // `hardware Edu` is now the mock
        });
        var dev = sim.Plug("EduDriver");
        Assert.True(dev.Started);

        dev.SubmitIoctl(0x222000, BitConverter.GetBytes(5u), outputLength: 4);
        sim.Settle();

        bus.Received(1).Read32(0x00);
        Received.InOrder(() =>
        {
            bus.Write32(0x20, 0x80);                               // STATUS: interrupt when done
            bus.Write32(0x08, 5);                                  // FACTORIAL: start computing 5!
        });
    }

    /// <summary>A C# model a script can name in <c>uses Blinker;</c>.</summary>
    public sealed class Blinker : DeviceModel
    {
        public Blinker(HardwareContext context) : base("Blinker", context, registerSpaceSize: 0x10)
        {
            Registers.Define32(0x0, "ID", resetValue: 0xB1B1);
            Registers.Define32(0x4, "RATE").WithWriteCallback((_, rate) => Rates.Add(rate));
        }

        public List<ulong> Rates { get; } = [];
    }

    [Fact]
    public void A_registered_model_runs_under_the_driver()
    {
        var models = DeviceModelRegistry.CreateDefault();               // QemuEdu, plus:
        models.Register("Blinker", context => new Blinker(context));

        var script = Script.Compile("""
            device BlinkerDriver {
                uses Blinker;
                on d0_entry(from) { hw.RATE = hw.ID & 0xF; }
            }
            """, "blinker.drv", ScriptHost.CompilationOptionsFor(models));  // the checker learns Blinker's registers
        Assert.Empty(script.Diagnostics);

        using var sim = ScriptSimulation.Start(script, simulation: new SimulationRunOptions { HardwareModels = models });
        var dev = sim.Plug("BlinkerDriver");
        Assert.Equal([1UL], ((Blinker)dev.Hardware!).Rates);
    }
}

/// <summary>The guide's snippets are this file's code.</summary>
public sealed class EmbeddingGuideDocumentationTests
{
    private static string Root => Path.GetDirectoryName(ExampleTests.ExamplesDirectory)!;

    private static string Squash(string text) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static IEnumerable<string> Blocks(string markdown, string language)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```" + language) continue;
            int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            yield return string.Join("\n", lines[(i + 1)..end]);
            i = end;
        }
    }

    [Fact]
    public void Every_csharp_snippet_of_the_guide_is_in_EmbeddingGuideTests()
    {
        string guide = File.ReadAllText(Path.Combine(Root, "docs", "embedding.md"));
        string code = Squash(File.ReadAllText(Path.Combine(Root, "tests", "Interpreter.Tests", "Embedding", "EmbeddingGuideTests.cs")));
        var snippets = Blocks(guide, "csharp").ToArray();
        snippets.Length.ShouldBeGreaterThanOrEqualTo(3);
        foreach (var snippet in snippets) code.ShouldContain(Squash(snippet), customMessage: "docs/embedding.md snippet not found in EmbeddingGuideTests.cs:\n" + snippet);
    }

    [Fact]
    public void The_guides_project_file_references_the_packages_this_repository_tests_with()
    {
        string guide = File.ReadAllText(Path.Combine(Root, "docs", "embedding.md"));
        string project = Blocks(guide, "xml").First();
        var doc = System.Xml.Linq.XDocument.Parse(project);
        var packages = doc.Descendants("PackageReference").ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        string central = File.ReadAllText(Path.Combine(Root, "Directory.Packages.props"));
        foreach (var (name, version) in packages) central.ShouldContain($"<PackageVersion Include=\"{name}\" Version=\"{version}\" />");
        packages.Keys.ShouldBe(["Microsoft.NET.Test.Sdk", "xunit", "xunit.runner.visualstudio", "NSubstitute"], ignoreOrder: true);
        doc.Descendants("ProjectReference").Select(p => (string)p.Attribute("Include")!).ShouldHaveSingleItem().ShouldEndWith("src/Interpreter/Interpreter.csproj");
    }
}
