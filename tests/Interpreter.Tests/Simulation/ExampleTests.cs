namespace DriverScript.Interpreter.Tests.Simulation;

/// <summary>The test blocks of <c>examples/*.drv</c>, run on the simulation-backed runtime.</summary>
public sealed class ExampleTests
{
    internal static string ExamplesDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "examples"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("examples"), "examples");
        }
    }

    internal static RunOptions Options => new() { RuntimeFactory = SimulationRuntime.Factory() };

    public static TheoryData<string, string> Tests(string file)
    {
        var data = new TheoryData<string, string>();
        var script = Script.CompileFile(Path.Combine(ExamplesDirectory, file));
        foreach (var t in script.Tests) data.Add(file, t.Name);
        return data;
    }

    public static TheoryData<string, string> EchoTests => Tests("echo.drv");

    [Theory]
    [MemberData(nameof(EchoTests))]
    public void Echo_example_test_passes(string file, string name) => Run(file, name);

    public static TheoryData<string, string> PriorityQueuesTests => Tests("priority_queues.drv");

    [Theory]
    [MemberData(nameof(PriorityQueuesTests))]
    public void Priority_queues_example_test_passes(string file, string name) => Run(file, name);

    public static TheoryData<string, string> PowerIdleTests => Tests("power_idle.drv");

    [Theory]
    [MemberData(nameof(PowerIdleTests))]
    public void Power_idle_example_test_passes(string file, string name) => Run(file, name);

    public static TheoryData<string, string> EduDriverTests => Tests("edu_driver.drv");

    [Theory]
    [MemberData(nameof(EduDriverTests))]
    public void Edu_driver_example_test_passes(string file, string name) => Run(file, name);

    [Fact]
    public void Echo_top_level_prints_the_echoed_data()
    {
        var script = Script.CompileFile(Path.Combine(ExamplesDirectory, "echo.drv"));
        var run = script.Run(Options);
        run.Error.ShouldBeNull(run.Error?.Diagnostic.ToString());
        run.Output!.Replace("\r\n", "\n").ShouldBe("STATUS_SUCCESS\nb\"ping\"\n");
    }

    internal static void Run(string file, string name)
    {
        var script = Script.CompileFile(Path.Combine(ExamplesDirectory, file));
        script.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ShouldBeEmpty();
        var result = script.RunTest(name, Options);
        result.Passed.ShouldBeTrue(result.Failure?.ToString());
    }
}
