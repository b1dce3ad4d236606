using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace DriverScript.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*'</c>.
/// Each suite is a class in this project; BenchmarkSwitcher finds them all.
/// <c>--cpu-clock</c> (with <c>--inProcess</c>) measures thread CPU time instead of wall time: see <see cref="ThreadCpuClock"/>.
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
        IConfig? config = null;
        if (args.Contains("--cpu-clock"))
        {
            args = args.Where(a => a != "--cpu-clock").ToArray();
            config = DefaultConfig.Instance.AddJob(Job.Default.WithClock(ThreadCpuClock.Instance).AsDefault());
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
