using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter.Tests;

/// <summary>
/// Everything that needs the framework, hardware or host goes through <see cref="IDriverRuntime"/>
/// with the bound node and evaluated operands. A recording runtime stands in for the simulation.
/// </summary>
public class RuntimeSeamTests
{
    private sealed class RecordingRuntime : NoSimulationRuntime
    {
        public readonly List<string> Calls = new();
        public readonly Dictionary<string, ulong> Registers = new();
        public StateStorage? DeviceState;

        public override ScriptValue Invoke(RuntimeSite<BoundIntrinsicCall> site, ScriptFrame frame, ScriptValue receiver, ReadOnlySpan<ScriptValue> arguments)
        {
            var args = new List<string>();
            for (int i = 0; i < arguments.Length; i++) args.Add(ValueFormatter.Format(arguments[i], site.Node.Arguments[i].Type));
            Calls.Add($"{site.Node.Intrinsic}({string.Join(", ", args)}) receiver={receiver.Ref ?? receiver.Bits}");
            return site.Node.Intrinsic switch
            {
                Intrinsic.Now => ScriptValue.FromScalar(1_500),
                Intrinsic.DeviceRead => ScriptValue.FromRef("result-object"),
                Intrinsic.ResultStatus => ScriptValue.FromScalar(0xC0000120),
                Intrinsic.RequestLength => ScriptValue.FromScalar(64),
                _ => default,
            };
        }

        public override ScriptValue Plug(RuntimeSite<BoundPlug> site, ScriptFrame frame)
        {
            Calls.Add($"plug {site.Node.Device.Name} at {site.Span.Line}");
            DeviceState = frame.Execution.CreateState(site.Node.Device.StateFields);
            return ScriptValue.FromRef("device-handle");
        }

        public override StateStorage GetDeviceState(RuntimeSite<BoundHostStateField> site, ScriptFrame frame, ScriptValue device) => DeviceState!;

        public override ulong ReadRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device)
        {
            Calls.Add($"read {site.Node.Register.Name}{(site.Node.Field is { } f ? "." + f.Name : "")} {site.Node.Path}");
            return Registers.GetValueOrDefault(site.Node.Register.Name);
        }

        public override void WriteRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device, ulong value)
        {
            Calls.Add($"write {site.Node.Register.Name}{(site.Node.Field is { } f ? "." + f.Name : "")} {site.Node.Path} = 0x{value:X}");
            Registers[site.Node.Register.Name] = value;
        }

        public override object? EnterLock(RuntimeSite<BoundWith> site, ScriptFrame frame, ScriptValue lockHandle)
        {
            Calls.Add($"acquire {site.Node.LockKind}");
            return "token";
        }

        public override void ExitLock(RuntimeSite<BoundWith> site, ScriptFrame frame, object? token) => Calls.Add($"release {token}");

        public override object CreateLock(StateFieldSymbol field) => $"lock:{field.Name}";
    }

    private const string Driver = """
        const IOCTL_BUMP: u32 = 0x222000;
        device D {
            uses QemuEdu;
            state {
                count: u32 = 5;
                log: list<u32> = [];
                lock: spinlock;
                name: string = "edu";
            }
            queue main : default, sequential {
                on read(req) {
                    with self.lock { self.count += req.length; }
                    hw.LIVENESS = self.count;
                    hw.STATUS.irq_on_done = 1;
                    self.log.push(hw.LIVENESS);
                    complete(req, STATUS_SUCCESS, self.count as u64);
                }
            }
            on d0_entry(from) {
                if hw.ID != 0x010000ed { return STATUS_DEVICE_CONFIGURATION_ERROR; }
            }
        }
        test "host" {
            let dev = plug(D);
            let r = dev.read(16);
            expect r.status == STATUS_CANCELLED;
            print(dev.state.count, now());
        }
        """;

    [Fact]
    public void Host_operations_reach_the_runtime_with_evaluated_arguments()
    {
        var runtime = new RecordingRuntime();
        var script = Drv.Compile(Driver);
        var result = script.RunTest("host", new RunOptions { RuntimeFactory = _ => runtime });
        result.Passed.ShouldBeTrue(result.Failure?.ToString());
        result.Output.ShouldBe("5 1500ns\n");
        runtime.Calls.ShouldBe(new[]
        {
            "plug D at 24",
            "DeviceRead(16) receiver=device-handle",
            "ResultStatus() receiver=result-object",
            "Now() receiver=0",
        });
    }

    [Fact]
    public void Callbacks_run_with_the_device_state_and_reach_registers_locks_and_requests_through_the_runtime()
    {
        var runtime = new RecordingRuntime();
        var script = Drv.Compile(Driver);
        var execution = script.CreateExecution(new RunOptions { RuntimeFactory = _ => runtime });
        var device = script.Program.FindDevice("D")!;
        var state = execution.CreateState(device.StateFields, device: "the device");
        state.Get(device.StateFields[0]).Bits.ShouldBe(5UL);
        state.Get(device.StateFields[2]).Ref.ShouldBe("lock:lock");
        state.Get(device.StateFields[3]).Ref.ShouldBe("edu");

        var read = device.Queues[0].FindCallback(CallbackKind.IoRead)!;
        execution.InvokeCallback(read, state, "the device", new[] { ScriptValue.FromRef("request-1") });

        state.Get(device.StateFields[0]).Bits.ShouldBe(69UL);
        state.Get(device.StateFields[1]).AsList!.Count.ShouldBe(1);
        runtime.Calls.ShouldBe(new[]
        {
            "acquire SpinLock",
            "RequestLength() receiver=request-1",
            "release token",
            "write LIVENESS DriverBus = 0x45",
            "write STATUS.irq_on_done DriverBus = 0x1",
            "read LIVENESS DriverBus",
            "CompleteWithInformation(request-1, STATUS_SUCCESS, 69) receiver=0",
        });
    }

    [Fact]
    public void A_callback_that_may_fail_returns_success_when_it_falls_off_the_end()
    {
        var runtime = new RecordingRuntime();
        var script = Drv.Compile(Driver);
        var execution = script.CreateExecution(new RunOptions { RuntimeFactory = _ => runtime });
        var device = script.Program.FindDevice("D")!;
        var d0Entry = device.FindCallback(CallbackKind.D0Entry)!;
        var state = execution.CreateState(device.StateFields);

        runtime.Registers["ID"] = 0x010000ed;
        execution.InvokeCallback(d0Entry, state, null, new[] { ScriptValue.FromScalar(4) }).Bits.ShouldBe(0UL);
        runtime.Registers["ID"] = 0;
        execution.InvokeCallback(d0Entry, state, null, new[] { ScriptValue.FromScalar(4) }).Bits.ShouldBe(0xC0000182UL);
    }

    [Fact]
    public void A_runtime_error_in_a_callback_carries_the_NT_code_for_bug_check_0x1E()
    {
        const string source = """
            device D {
                state { table: list<u32> = []; }
                queue main : default, sequential {
                    on read(req) { let x = self.table[req.length]; complete(req, STATUS_SUCCESS); }
                }
            }
            """;
        var runtime = new RecordingRuntime();
        var script = Drv.Compile(source);
        var execution = script.CreateExecution(new RunOptions { RuntimeFactory = _ => runtime });
        var device = script.Program.FindDevice("D")!;
        var read = device.Queues[0].FindCallback(CallbackKind.IoRead)!;
        var e = Should.Throw<ScriptRuntimeException>(() =>
            execution.InvokeCallback(read, execution.CreateState(device.StateFields), null, new[] { ScriptValue.FromRef("req") }));
        e.NtStatus.ShouldBe(0xC0000005u);
        e.Diagnostic.Position().ShouldBe((4, 32));
    }

    [Fact]
    public void Hardware_model_code_runs_against_the_model_state()
    {
        const string source = """
            hardware Counter {
                registers(size = 0x10) {
                    reg VALUE @ 0x0 : u32;
                }
                state { ticks: u32 = 0; }
                fn bump(by: u32) -> u32 { ticks += by; return ticks; }
            }
            """;
        var script = Drv.Compile(source);
        var execution = script.CreateExecution();
        var model = script.Program.FindHardware("Counter")!;
        var state = execution.CreateState(model.StateFields);
        var bump = model.Functions.Single(f => f.Name == "bump");
        execution.InvokeFunction(bump, state, null, new[] { ScriptValue.FromScalar(3) }).Bits.ShouldBe(3UL);
        execution.InvokeFunction(bump, state, null, new[] { ScriptValue.FromScalar(4) }).Bits.ShouldBe(7UL);
    }
}
