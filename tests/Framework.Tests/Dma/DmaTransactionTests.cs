using DriverScript.Framework;
using DriverScript.Framework.Dma;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Dma;

/// <summary>A packet-profile DMA transaction driving QEMU edu's DMA engine (KMDF.md A1, B6).</summary>
public sealed class DmaTransactionTests
{
    private const ulong Run = 1, ToRam = 2, Irq = 4;

    private sealed class DmaDriver
    {
        public WdfDmaTransaction Transaction = null!;
        public WdfRequest? Current;
        public int Fragments;
        public List<Irql> ProgramIrqls { get; } = [];

        public NtStatus Add(WdfDriver driver, WdfDeviceInit init)
        {
            var d = init.Create();
            var enabler = d.CreateDmaEnabler(new WdfDmaEnablerConfig(WdfDmaProfile.Packet, MaximumLength: 16));
            Transaction = enabler.CreateTransaction();
            d.CreateInterrupt(new WdfInterruptConfig((i, m) =>
            {
                var status = d.Registers.Read32((long)EduRegister.InterruptStatus);
                if ((status & QemuEdu.DmaInterrupt) == 0)
                {
                    return false;
                }

                d.Registers.Write32((long)EduRegister.InterruptAcknowledge, status);
                i.QueueDpcForIsr();
                return true;
            })
            {
                EvtInterruptDpc = (i, o) =>
                {
                    if (Transaction.DmaCompleted(out var status))
                    {
                        var bytes = Transaction.BytesTransferred;
                        Transaction.Release();
                        var request = Current!;
                        Current = null;
                        request.CompleteWithInformation(status, bytes);
                    }
                },
            });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                DefaultQueue = true,
                EvtIoRead = (q, r, l) => Start(r, WdfDmaDirection.ReadFromDevice),
                EvtIoWrite = (q, r, l) => Start(r, WdfDmaDirection.WriteToDevice),
            });
            return NtStatus.Success;
        }

        private void Start(WdfRequest request, WdfDmaDirection direction)
        {
            Current = request;
            Transaction.InitializeUsingRequest(request, Program, direction).ShouldBe(NtStatus.Success);
            Transaction.Execute();
        }

        private bool Program(WdfDmaTransaction t, WdfDevice d, object? context, WdfDmaDirection direction, IReadOnlyList<ScatterGatherElement> sg)
        {
            ProgramIrqls.Add(d.Simulation.Current.Irql);
            var deviceAddress = (ulong)QemuEdu.DmaBufferAddress + t.BytesTransferred;
            var fragment = sg[0];
            d.Registers.Write64((long)EduRegister.DmaSource, direction == WdfDmaDirection.ReadFromDevice ? deviceAddress : fragment.Address);
            d.Registers.Write64((long)EduRegister.DmaDestination, direction == WdfDmaDirection.ReadFromDevice ? fragment.Address : deviceAddress);
            d.Registers.Write64((long)EduRegister.DmaCount, (ulong)fragment.Length);
            d.Registers.Write64((long)EduRegister.DmaCommand, Run | Irq | (direction == WdfDmaDirection.ReadFromDevice ? ToRam : 0));
            Fragments++;
            return true;
        }
    }

    private static (Simulation Sim, PluggedDevice Dev, DmaDriver Driver, QemuEdu Edu) Plug()
    {
        var sim = new Simulation();
        var edu = new QemuEdu(sim.Hardware);
        edu.Config.EnableMemoryAndBusMaster();
        var driver = new DmaDriver();
        var dev = sim.CreateDriver("Dma", driver.Add).Plug(edu);
        return (sim, dev, driver, edu);
    }

    [Fact]
    public void A_read_is_transferred_in_fragments_from_the_device_buffer()
    {
        var (sim, dev, driver, edu) = Plug();
        using var _ = sim;
        var pattern = Enumerable.Range(0, 40).Select(i => (byte)(i * 3)).ToArray();
        edu.DmaBuffer.Write(0, pattern);
        var result = dev.Read(40);
        result.Status.ShouldBe(NtStatus.Success);
        result.Information.ShouldBe(40UL);
        result.Data.ToArray().ShouldBe(pattern);
        driver.Fragments.ShouldBe(3);                       // 16 + 16 + 8
        sim.Now.ShouldBe(VirtualTime.Milliseconds(300));    // edu's DMA takes 100 ms each
        driver.ProgramIrqls.ShouldAllBe(i => i == Irql.Dispatch);
        driver.Transaction.State.ShouldBe(WdfDmaTransactionState.Released);
        sim.Hardware.Memory.CommonBuffers.ShouldBeEmpty(); // the map registers were freed
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void A_write_reaches_the_device_buffer()
    {
        var (sim, dev, driver, edu) = Plug();
        using var _ = sim;
        var data = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        dev.Write(data).Information.ShouldBe(20UL);
        edu.DmaBuffer.Span[..20].ToArray().ShouldBe(data);
        driver.Fragments.ShouldBe(2);
    }

    [Fact]
    public void DmaTransactionState()
    {
        var (sim, dev, driver, _) = Plug();
        using var _s = sim;
        var v = Should.Throw<SimulationStoppedException>(() => sim.RunAsDriver(() => driver.Transaction.Execute())).Violation;
        v.Rule.ShouldBe("DmaTransactionState");
        v.Kind.ShouldBe(ViolationKind.BugCheck);
        v.Code.ShouldBe(0x10Du);
        v.Parameter1.ShouldBe(0x8UL);
    }
}
