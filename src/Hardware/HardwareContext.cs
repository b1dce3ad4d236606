using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Memory;
using DriverScript.Hardware.Time;

namespace DriverScript.Hardware;

/// <summary>
/// What the devices of one simulated machine share: the one <see cref="VirtualClock"/>, system
/// memory, and the hardware log. The framework creates one per simulation (with its own clock) and
/// passes it to every device model it plugs.
/// </summary>
/// <example>
/// <code>
/// var context = new HardwareContext();                  // new clock, memory and log
/// var edu = new QemuEdu(context);
/// context.Clock.RunFor(VirtualTime.Milliseconds(100));
/// </code>
/// </example>
public sealed class HardwareContext
{
    /// <summary>Creates a context; missing parts are created fresh.</summary>
    public HardwareContext(VirtualClock? clock = null, SystemMemory? memory = null, HardwareLog? log = null)
    {
        Clock = clock ?? new VirtualClock();
        Memory = memory ?? new SystemMemory();
        Log = log ?? new HardwareLog(Clock);
    }

    /// <summary>The simulation's clock.</summary>
    public VirtualClock Clock { get; }

    /// <summary>Simulated system RAM, reached by DMA.</summary>
    public SystemMemory Memory { get; }

    /// <summary>Hardware warnings of every device.</summary>
    public HardwareLog Log { get; }
}
