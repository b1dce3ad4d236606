using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Time;
using DriverScript.Hardware.Tracing;

namespace DriverScript.Hardware.Tests.Tracing;

/// <summary>A recorded edu session used by the VCD tests: factorial, raise/ack, a DMA, and MSI pulses.</summary>
internal static class EduWaveform
{
    public static string Record()
    {
        var context = new HardwareContext();
        var edu = new QemuEdu(context);
        edu.Config.EnableMemoryAndBusMaster();
        var text = new StringWriter();
        using (var recorder = new WaveformRecorder(text, context.Clock))
        {
            recorder.AddDevice(edu);
            recorder.Start();

            var bus = edu.Bus;
            bus.Write32(0x04, 0xA5A5A5A5);
            bus.Write32(0x20, 0x80);
            context.Clock.RunFor(1000);
            bus.Write32(0x08, 5);                                   // busy at 1000, done at 11000, irq
            context.Clock.RunFor(VirtualTime.Microseconds(20));
            bus.Write32(0x64, 1);                                   // irq drops at 21000
            bus.Write64(0x80, 0x1000);
            bus.Write64(0x88, 0x40000);
            bus.Write64(0x90, 16);
            bus.Write64(0x98, 0x5);                                 // DMA done at 21000 + 100 ms
            context.Clock.RunFor(VirtualTime.Milliseconds(150));
            bus.Write32(0x64, 0x100);
            var msiControl = edu.Config.MsiCapabilityOffset + 2;
            edu.Config.Write16(msiControl, 1);
            context.Clock.RunFor(500);
            bus.Write32(0x60, 0x8);                                 // one message
            context.Clock.RunFor(100);
            bus.Write32(0x60, 0x8);                                 // another one
            context.Clock.RunFor(500);
        }

        return text.ToString();
    }
}
