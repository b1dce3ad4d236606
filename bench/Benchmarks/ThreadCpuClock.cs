using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace DriverScript.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (Linux
/// <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, nanoseconds) instead of the wall clock. On a
/// machine whose two cores are shared by many busy processes (load average 30 and more), wall-clock
/// time per operation is mostly time spent waiting for a core; CPU time leaves that out and keeps
/// what the code itself costs (cache and TLB misses caused by the other processes still count).
/// Opt in with <c>--cpu-clock</c> (see <see cref="Program"/>); benchmarks run in process
/// (<c>--inProcess</c>), so the clock is read on the thread that runs them.
/// </summary>
public sealed class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static ThreadCpuClock Instance { get; } = new();

    public string Title => "thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => new(1_000_000_000);

    public long GetTimestamp()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
