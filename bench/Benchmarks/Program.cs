using BenchmarkDotNet.Running;

namespace DriverScript.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*'</c>.
/// Each suite is a class in this project; BenchmarkSwitcher finds them all.
/// </summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
