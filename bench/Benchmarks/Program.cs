using BenchmarkDotNet.Running;

namespace DriverScript.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*'</c>.
/// Each suite is a class in this project; BenchmarkSwitcher finds them all.
/// <c>--profile-hot-loop DRIVER SECONDS</c> instead runs one hot-I/O-loop case under an allocation
/// listener (and for a profiler to attach): see <see cref="Drivers.HotLoopProfile"/>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--profile-hot-loop")
        {
            Drivers.HotLoopProfile.Run(args.Length > 1 ? args[1] : "Interpreter", args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
