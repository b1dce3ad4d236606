using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices;

namespace DriverScript.Framework.Drivers;

/// <summary>
/// A device's register space as its driver reaches it (the language's <c>hw.REG</c>,
/// <c>read32(offset)</c>...): every access is a scheduling point, is traced through an
/// <see cref="ObservedBus"/> (the model does not know it is watched), is checked against the device's
/// power state (RegisterAccessNotInD0), and lets a pending interrupt preempt right after it.
/// </summary>
/// <example>
/// <code>
/// device.Registers.Write32(0x20, 0x80, location);   // the location reaches a violation's report
/// uint status = device.Registers.Read32(0x24);
/// </code>
/// </example>
public sealed class DeviceRegisters : IRegisterBus
{
    private readonly WdfDevice device;
    private readonly IRegisterBus? bus;

    internal DeviceRegisters(WdfDevice device, DeviceModel? hardware)
    {
        this.device = device;
        if (hardware != null)
        {
            bus = hardware.Bus.ObservedBy(new TracingBusObserver(device.Simulation, device.Simulation.Trace.Intern(hardware.Name), device.Simulation.Trace.Intern("driver")));
        }
    }

    /// <summary>True when the device has a hardware model.</summary>
    public bool IsPresent => bus != null;

    /// <summary>Reads <paramref name="width"/> bytes (1, 2, 4, 8) at <paramref name="offset"/>.</summary>
    public ulong Read(long offset, int width, object? location = null)
    {
        var b = Enter(offset, location);
        var value = b.Read(offset, width);
        Leave();
        return value;
    }

    /// <summary>Writes the low <paramref name="width"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    public void Write(long offset, int width, ulong value, object? location = null)
    {
        var b = Enter(offset, location);
        b.Write(offset, width, value);
        Leave();
    }

    public byte Read8(long offset, object? location) => (byte)Read(offset, 1, location);

    public ushort Read16(long offset, object? location) => (ushort)Read(offset, 2, location);

    public uint Read32(long offset, object? location) => (uint)Read(offset, 4, location);

    public ulong Read64(long offset, object? location) => Read(offset, 8, location);

    public void Write8(long offset, byte value, object? location) => Write(offset, 1, value, location);

    public void Write16(long offset, ushort value, object? location) => Write(offset, 2, value, location);

    public void Write32(long offset, uint value, object? location) => Write(offset, 4, value, location);

    public void Write64(long offset, ulong value, object? location) => Write(offset, 8, value, location);

    /// <inheritdoc />
    public byte Read8(long offset) => Read8(offset, null);

    /// <inheritdoc />
    public ushort Read16(long offset) => Read16(offset, null);

    /// <inheritdoc />
    public uint Read32(long offset) => Read32(offset, null);

    /// <inheritdoc />
    public ulong Read64(long offset) => Read64(offset, null);

    /// <inheritdoc />
    public void Write8(long offset, byte value) => Write8(offset, value, null);

    /// <inheritdoc />
    public void Write16(long offset, ushort value) => Write16(offset, value, null);

    /// <inheritdoc />
    public void Write32(long offset, uint value) => Write32(offset, value, null);

    /// <inheritdoc />
    public void Write64(long offset, ulong value) => Write64(offset, value, null);

    private IRegisterBus Enter(long offset, object? location)
    {
        var sim = device.Simulation;
        sim.ThrowIfStopped();
        var b = bus ?? throw new InvalidOperationException($"device {device.Name} has no hardware model");
        sim.Scheduler.SchedulingPoint();
        if (device.PowerState != WdfPowerDeviceState.D0)
        {
            sim.Verifier.Report(Finding.RegisterAccessNotInD0, location,
                $"register 0x{offset:X} of {device.Name} accessed while the device is in {device.PowerState}", (ulong)offset);
        }

        return b;
    }

    private void Leave()
    {
        var sim = device.Simulation;
        if (sim.Scheduler.Current is { } current && sim.Scheduler.PendingInterrupts.Count != 0)
        {
            sim.Scheduler.DeliverInterruptsHere(current);
        }
    }
}

/// <summary>Records bus accesses in the trace, with the processor that made them.</summary>
internal sealed class TracingBusObserver(Simulation simulation, int deviceName, int who) : IBusObserver
{
    public void OnRead(long offset, int width, ulong value) =>
        simulation.Trace.Add(TraceEventKind.RegisterRead, simulation.CurrentProcessorId, deviceName, who, offset, (long)value, width);

    public void OnWrite(long offset, int width, ulong value) =>
        simulation.Trace.Add(TraceEventKind.RegisterWrite, simulation.CurrentProcessorId, deviceName, who, offset, (long)value, width);
}
