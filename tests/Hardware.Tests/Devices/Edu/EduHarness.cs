using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Tests.Devices.Edu;

/// <summary>A QemuEdu on a fresh machine, with its interrupt activity recorded.</summary>
internal sealed class EduHarness
{
    public EduHarness(QemuEduOptions? options = null, bool enableBusMaster = true)
    {
        Edu = new QemuEdu(Context, options);
        if (enableBusMaster)
        {
            Edu.Config.EnableMemoryAndBusMaster();
        }

        Edu.Intx.LevelChanged += (_, level) => IntxChanges.Add((Clock.Now, level));
        Edu.Msi.Signaled += (_, _) => MsiPulses.Add(Clock.Now);
    }

    public HardwareContext Context { get; } = new();

    public QemuEdu Edu { get; }

    public IRegisterBus Bus => Edu.Bus;

    public VirtualClock Clock => Context.Clock;

    public List<(long Time, bool Level)> IntxChanges { get; } = [];

    public List<long> MsiPulses { get; } = [];

    public uint Read(EduRegister register) => Bus.Read32((long)register);

    public void Write(EduRegister register, uint value) => Bus.Write32((long)register, value);

    public ulong Read64(EduRegister register) => Bus.Read64((long)register);

    public void Write64(EduRegister register, ulong value) => Bus.Write64((long)register, value);

    public void EnableMsi()
    {
        var control = Edu.Config.MsiCapabilityOffset + 2;
        Edu.Config.Write16(control, (ushort)(Edu.Config.Read16(control) | 1));
    }

    public void DisableMsi()
    {
        var control = Edu.Config.MsiCapabilityOffset + 2;
        Edu.Config.Write16(control, (ushort)(Edu.Config.Read16(control) & ~1));
    }

    /// <summary>Runs the factorial of <paramref name="n"/> to completion and returns what 0x08 reads.</summary>
    public uint Factorial(uint n)
    {
        Write(EduRegister.Factorial, n);
        Clock.RunFor(Edu.Options.FactorialLatency);
        (Read(EduRegister.Status) & 1).ShouldBe(0u, "the factorial should be done");
        return Read(EduRegister.Factorial);
    }

    public void StartDma(ulong source, ulong destination, ulong count, ulong command)
    {
        Write64(EduRegister.DmaSource, source);
        Write64(EduRegister.DmaDestination, destination);
        Write64(EduRegister.DmaCount, count);
        Write64(EduRegister.DmaCommand, command);
    }
}
