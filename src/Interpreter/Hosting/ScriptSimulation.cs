using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// A script's devices on a simulated machine, driven from C# (LANGUAGE.md §15): what a <c>test</c>
/// block does with host operations — <c>plug</c>, requests, <c>advance</c>, PnP and power events —
/// as method calls, with results, callbacks, traces and violations as .NET objects. Everything runs
/// on the calling thread, under the script's limits and cancellation token.
/// </summary>
/// <remarks>
/// A limit or a failed <c>expect</c> inside a callback throws its <see cref="ScriptRuntimeException"/>;
/// a bug check throws <see cref="SimulationStoppedException"/> (its <see cref="SimulationStoppedException.Violation"/>
/// is also <see cref="BugCheck"/>); the machine stays stopped afterwards.
/// </remarks>
/// <example>
/// <code>
/// using var sim = ScriptSimulation.Start(Script.CompileFile("echo.drv"));
/// var echo = sim.Plug("Echo");
/// echo.Write("ping"u8.ToArray()).Status.IsSuccess;     // true
/// echo.Read(4).Data.ToArray();                         // "ping"
/// echo.CallbackNames;                                  // ["add", "self_managed_io_init", "write", "expire", ...]
/// sim.Advance(TimeSpan.FromMilliseconds(5));
/// </code>
/// </example>
public sealed class ScriptSimulation : IDisposable
{
    private ScriptSimulation(Script script, RunOptions options, SimulationRunOptions? simulation)
    {
        Script = script;
        Execution = script.CreateExecution(options with { RuntimeFactory = SimulationRuntime.Factory(simulation) });
        Runtime = (SimulationRuntime)Execution.Runtime;
    }

    /// <summary>
    /// A fresh machine for <paramref name="script"/> (which must compile) with <paramref name="options"/>
    /// (limits, cancellation, output; their <see cref="RunOptions.RuntimeFactory"/> is replaced) and
    /// <paramref name="simulation"/> (seed, processors, C# models, buses). The top level does not run
    /// unless <see cref="RunTopLevel"/> is called.
    /// </summary>
    /// <exception cref="InvalidOperationException">The script has errors.</exception>
    public static ScriptSimulation Start(Script script, RunOptions? options = null, SimulationRunOptions? simulation = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new ScriptSimulation(script, options ?? RunOptions.Default, simulation);
    }

    public Script Script { get; }

    /// <summary>The execution the callbacks run in (globals, limits, <c>print</c> output).</summary>
    public ScriptExecution Execution { get; }

    public SimulationRuntime Runtime { get; }

    /// <summary>The simulated machine (framework objects, scheduler, clock).</summary>
    public Simulation Simulation => Runtime.Simulation;

    /// <summary>Virtual time since the machine started.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(Simulation.Now / 100);

    /// <summary>Virtual time since the machine started, in nanoseconds.</summary>
    public long NowNanoseconds => Simulation.Now;

    /// <summary>Every violation so far (verifier findings and the bug check), in order.</summary>
    public IReadOnlyList<Violation> Violations => Simulation.Violations;

    /// <summary>The violation that stopped the machine, or null.</summary>
    public Violation? BugCheck => Simulation.StopViolation;

    /// <summary>The trace: callbacks, framework calls, register accesses, interrupts, power transitions, violations.</summary>
    public Trace Trace => Simulation.Trace;

    /// <summary>What <c>print</c> wrote so far, when <see cref="RunOptions.Output"/> was null; otherwise null.</summary>
    public string? Output => Execution.Options.Output is null ? Execution.Output.ToString() : null;

    /// <summary>Runs the script's top-level statements on this machine (a <c>plug</c> there is not returned; use <see cref="Plug"/>).</summary>
    /// <exception cref="ScriptRuntimeException">A run-time error or limit stopped the statements.</exception>
    public void RunTopLevel() => Execution.RunTopLevel();

    /// <summary>
    /// Plugs the script's <c>device</c> <paramref name="device"/> (as <c>plug(Device)</c>, or
    /// <c>plug(Device, Hardware)</c> with <paramref name="hardware"/>): EvtDriverDeviceAdd, then the start sequence.
    /// </summary>
    /// <exception cref="ArgumentException">The script declares no such device or hardware model.</exception>
    public ScriptDevice Plug(string device, string? hardware = null)
    {
        var symbol = Script.Program.FindDevice(device) ?? throw new ArgumentException(
            $"the script has no device '{device}' (it has: {string.Join(", ", Script.Program.Devices.Select(d => d.Name))})", nameof(device));
        HardwareModelSymbol? model = null;
        if (hardware is not null)
        {
            model = Script.Program.FindHardware(hardware) ?? throw new ArgumentException(
                $"the script has no hardware model '{hardware}' (it has: {string.Join(", ", Script.Program.HardwareModels.Select(h => h.Name))})", nameof(hardware));
        }
        return new ScriptDevice(this, Runtime.PlugFromHost(symbol, model));
    }

    /// <summary><c>advance(d)</c>: runs the machine for <paramref name="duration"/> of virtual time.</summary>
    public void Advance(TimeSpan duration) => AdvanceNanoseconds(duration.Ticks * 100);

    /// <summary><c>advance(d)</c> in nanoseconds.</summary>
    public void AdvanceNanoseconds(long nanoseconds) => Runtime.HostCall(() => Simulation.Advance(nanoseconds));

    /// <summary><c>settle()</c>: runs everything runnable now, without moving virtual time.</summary>
    public void Settle() => Runtime.HostCall(Simulation.Settle);

    /// <summary>Calls a top-level <c>fn</c> of the script.</summary>
    public ScriptValue Call(string function, params ScriptValue[] arguments) => Execution.CallFunction(function, arguments);

    /// <summary>A top-level <c>let</c>/<c>var</c> (after <see cref="RunTopLevel"/>, or its default).</summary>
    /// <exception cref="ArgumentException">The script has no such variable.</exception>
    public ScriptVariable Global(string name)
    {
        var global = Script.Program.Globals.FirstOrDefault(g => g.Name == name) ?? throw new ArgumentException($"the script has no top-level variable '{name}'", nameof(name));
        return new ScriptVariable(global.Name, global.Type, Execution.GetGlobal(global));
    }

    public void Dispose() => Runtime.Dispose();
}

/// <summary>
/// A plugged device of a <see cref="ScriptSimulation"/>: the host side of <c>let dev = plug(Device);</c>.
/// Synchronous requests run the machine until the request completes (bounded by
/// <see cref="ScriptLimits.VirtualTimePerHostOperation"/>); <c>Submit*</c> return the pending request.
/// </summary>
public sealed class ScriptDevice
{
    private readonly ScriptSimulation _simulation;
    private readonly SimulationRuntime.SimDevice _device;

    internal ScriptDevice(ScriptSimulation simulation, SimulationRuntime.SimDevice device)
    {
        _simulation = simulation;
        _device = device;
    }

    /// <summary>The script's declaration of the device.</summary>
    public DeviceSymbol Symbol => _device.Symbol;

    public string Name => _device.Symbol.Name;

    /// <summary>The framework's handle of the plugged device.</summary>
    public PluggedDevice Plugged => _device.Plugged;

    /// <summary>The framework device object (null when EvtDriverDeviceAdd failed).</summary>
    public WdfDevice? Device => _device.Plugged.Device;

    /// <summary>The hardware model behind the device (a C# model, a <c>hardware</c> block, a <see cref="RegisterBusDevice"/>), or null.</summary>
    public DeviceModel? Hardware => _device.Model?.Device;

    /// <summary><c>dev.hw</c>: the model's registers as the host reaches them (traced, not checked against power state).</summary>
    /// <exception cref="InvalidOperationException">The device has no hardware model.</exception>
    public IRegisterBus Registers => _device.Plugged.Bus;

    /// <summary><c>dev.started</c>.</summary>
    public bool Started => _device.Plugged.Started;

    /// <summary><c>dev.power_state</c>.</summary>
    public WdfPowerDeviceState PowerState => _device.Plugged.PowerState;

    /// <summary>The callbacks the framework made, in order, with their arguments.</summary>
    public IReadOnlyList<CallbackRecord> Callbacks => _device.Plugged.Callbacks;

    /// <summary><c>dev.callbacks</c>: the callbacks as the script names them (<c>"add"</c>, <c>"self_managed_io_init"</c>, <c>"read"</c>), as <c>dev.callbacks</c> lists them.</summary>
    public IReadOnlyList<string> CallbackNames => _device.Plugged.ScriptCallbacks;

    /// <summary><c>dev.clear_callbacks()</c>.</summary>
    public void ClearCallbacks() => _device.Plugged.ClearCallbacks();

    /// <summary><c>dev.state.FIELD</c>: a field of the device context, with its type (its <c>ToString</c> prints as <c>print</c> does).</summary>
    /// <exception cref="ArgumentException">The device has no such field.</exception>
    public ScriptVariable State(string field)
    {
        var symbol = _device.Symbol.StateFields.FirstOrDefault(f => f.Name == field) ?? throw new ArgumentException(
            $"device {Name} has no state field '{field}' (it has: {string.Join(", ", _device.Symbol.StateFields.Select(f => f.Name))})", nameof(field));
        return new ScriptVariable(symbol.Name, symbol.Type, _device.State.Get(symbol));
    }

    /// <summary><c>dev.read(n)</c>.</summary>
    public RequestResult Read(long length) => Host(() => _device.Plugged.Read(length));

    /// <summary><c>dev.write(data)</c>.</summary>
    public RequestResult Write(ReadOnlyMemory<byte> data) => Host(() => _device.Plugged.Write(data));

    /// <summary><c>dev.ioctl(code, input, output_length)</c>.</summary>
    public RequestResult Ioctl(uint code, ReadOnlyMemory<byte> input = default, int outputLength = 0) =>
        Host(() => _device.Plugged.Ioctl(code, input, outputLength));

    /// <summary><c>dev.submit_read(n)</c>: the request, pending until the driver completes it.</summary>
    public WdfRequest SubmitRead(long length) => Host(() => _device.Plugged.SubmitRead(length));

    /// <summary><c>dev.submit_write(data)</c>.</summary>
    public WdfRequest SubmitWrite(ReadOnlyMemory<byte> data) => Host(() => _device.Plugged.SubmitWrite(data));

    /// <summary><c>dev.submit_ioctl(code, input, output_length)</c>.</summary>
    public WdfRequest SubmitIoctl(uint code, ReadOnlyMemory<byte> input = default, int outputLength = 0) =>
        Host(() => _device.Plugged.SubmitIoctl(code, input, outputLength));

    /// <summary>Runs the machine until <paramref name="request"/> completes (bounded), and returns its result.</summary>
    public RequestResult Wait(WdfRequest request) => Host(() => _device.Plugged.Wait(request));

    /// <summary><c>p.cancel()</c>.</summary>
    public void Cancel(WdfRequest request) => Host(() => { request.Cancel(); return 0; });

    /// <summary><c>dev.sleep(S3)</c>: the system leaves S0 (the device powers down per its policy).</summary>
    public void Sleep(SystemPowerState state = SystemPowerState.S3) => Host(() => { _device.Plugged.Sleep(state); return 0; });

    /// <summary><c>dev.wake()</c>: the system returns to S0.</summary>
    public void Wake() => Host(() => { _device.Plugged.Wake(); return 0; });

    /// <summary><c>dev.stop()</c>: query-stop, then stop; false when the driver vetoed.</summary>
    public bool Stop() => Host(_device.Plugged.Stop);

    /// <summary><c>dev.restart()</c>: start again after a stop.</summary>
    public void Restart() => Host(() => { _device.Plugged.Restart(); return 0; });

    /// <summary><c>dev.remove()</c>: query-remove, then remove; false when the driver vetoed.</summary>
    public bool Remove() => Host(_device.Plugged.Remove);

    /// <summary><c>dev.surprise_remove()</c>.</summary>
    public void SurpriseRemove() => Host(() => { _device.Plugged.SurpriseRemove(); return 0; });

    // The single PnP steps the language folds into stop() and remove(), for tests of vetoes and cancels.

    /// <summary>IRP_MN_QUERY_STOP_DEVICE alone (the script's <c>on query_stop</c>); false when the driver vetoed.</summary>
    public bool QueryStop() => Host(_device.Plugged.QueryStop);

    /// <summary>IRP_MN_CANCEL_STOP_DEVICE after <see cref="QueryStop"/>: back to started.</summary>
    public void CancelStop() => Host(() => { _device.Plugged.CancelStop(); return 0; });

    /// <summary>IRP_MN_QUERY_REMOVE_DEVICE alone (the script's <c>on query_remove</c>); false when the driver vetoed.</summary>
    public bool QueryRemove() => Host(_device.Plugged.QueryRemove);

    /// <summary>IRP_MN_CANCEL_REMOVE_DEVICE after <see cref="QueryRemove"/>: back to started.</summary>
    public void CancelRemove() => Host(() => { _device.Plugged.CancelRemove(); return 0; });

    private T Host<T>(Func<T> operation) => _simulation.Runtime.HostCall(operation);

    public override string ToString() => _device.Plugged.ToString();
}
