using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Tests.Echo;
using DriverScript.Framework.Tests.Support;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Scheduling;

/// <summary>Correct drivers stay correct under many random schedules (a robustness net for the scheduler and its fibers).</summary>
public sealed class RandomScheduleTests
{
    public static TheoryData<ulong> Seeds()
    {
        var data = new TheoryData<ulong>();
        for (ulong seed = 1; seed <= 24; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_echo_port_has_no_findings_under_random_schedules(ulong seed)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = seed, Processors = 3 });
        var dev = sim.CreateDriver("Echo", EchoDriver.DeviceAdd).Plug();
        var requests = new List<WdfRequest>();
        for (var i = 0; i < 4; i++)
        {
            requests.Add(dev.SubmitWrite(new byte[] { (byte)i, 2, 3 }));
            requests.Add(dev.SubmitRead(2));
        }

        requests[3].Cancel();
        sim.Advance(VirtualTime.Milliseconds(50));
        requests[5].Cancel();
        sim.Advance(VirtualTime.Seconds(20));
        requests.ShouldAllBe(r => r.IsCompleted);
        dev.Sleep();
        dev.Wake();
        dev.Write("x"u8.ToArray()).Status.ShouldBe(NtStatus.Success);
        dev.Remove().ShouldBeTrue();
        sim.Violations.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void An_interrupt_driven_driver_completes_everything_under_random_schedules(ulong seed)
    {
        var pending = new Queue<WdfRequest>();
        Locks.WdfSpinLock spin = null!;
        using var h = Harness.Plug(d =>
        {
            spin = d.CreateSpinLock();
            d.CreateInterrupt(new WdfInterruptConfig((i, m) =>
            {
                var status = d.Registers.Read32((long)EduRegister.InterruptStatus);
                if (status == 0)
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
                    while (true)
                    {
                        spin.Acquire();
                        var next = pending.Count > 0 ? pending.Dequeue() : null;
                        spin.Release();
                        if (next == null)
                        {
                            break;
                        }

                        next.CompleteWithInformation(NtStatus.Success, (ulong)next.Length);
                    }
                },
            });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
            {
                DefaultQueue = true,
                EvtIoRead = (q, r, l) =>
                {
                    spin.Acquire();
                    pending.Enqueue(r);
                    spin.Release();
                    d.Registers.Write32((long)EduRegister.InterruptRaise, 1);
                },
            });
        }, new SimulationOptions { Seed = seed, Processors = 2 });
        var requests = Enumerable.Range(1, 6).Select(i => h.Dev.SubmitRead(i)).ToList();
        h.Sim.Advance(VirtualTime.Milliseconds(1));
        requests.ShouldAllBe(r => r.IsCompleted && r.Status == NtStatus.Success);
        h.Sim.Violations.ShouldBeEmpty();
    }
}
