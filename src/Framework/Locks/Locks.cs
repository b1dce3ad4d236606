using DriverScript.Framework.Drivers;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Scheduling;
using DriverScript.Framework.Verifier;

namespace DriverScript.Framework.Locks;

/// <summary>What a lock is, for the verifier's per-callback balance checks.</summary>
public enum LockKind : byte
{
    /// <summary>WDFSPINLOCK: raises to DISPATCH_LEVEL; waiters spin.</summary>
    Spin,

    /// <summary>WDFWAITLOCK: PASSIVE_LEVEL; waiters block.</summary>
    Wait,

    /// <summary>An interrupt's lock: raises to DIRQL.</summary>
    Interrupt,
}

/// <summary>The common part of the framework's locks: who holds it.</summary>
public abstract class LockBase : WdfObject
{
    private protected LockBase(Simulation simulation, WdfObject? parent, WdfDevice? device, string name)
        : base(simulation, parent, device, name)
    {
    }

    /// <summary>The lock's kind.</summary>
    public abstract LockKind LockKind { get; }

    /// <summary>True while some task holds the lock.</summary>
    public bool IsHeld => Owner != null;

    internal Activity? Owner { get; set; }

    /// <summary>The number of times the lock was acquired (for tests and traces).</summary>
    public long AcquireCount { get; private set; }

    /// <summary>Framework-internal acquisition (a synchronization-scope lock around a callback): no DDI checks.</summary>
    internal abstract void AcquireForFramework(Activity a);

    internal abstract void ReleaseForFramework(Activity a);

    private protected void TakeOwnership(Activity a, Irql previous)
    {
        Owner = a;
        AcquireCount++;
        a.PushLock(this, previous);
    }
}

/// <summary>
/// WDFSPINLOCK (KMDF.md B4): acquire raises to DISPATCH_LEVEL (at most DISPATCH_LEVEL to call);
/// a contended acquire spins while other processors run; a recursive acquire is 0x10D/0x2 and a
/// release by a non-owner 0x10D/0xB.
/// </summary>
/// <example>
/// <code>
/// var lockObject = device.CreateSpinLock();
/// lockObject.Acquire();
/// context.Count++;
/// lockObject.Release();
/// </code>
/// </example>
public sealed class WdfSpinLock : LockBase
{
    internal WdfSpinLock(Simulation simulation, WdfObject parent, WdfDevice? device, string? name)
        : base(simulation, parent, device, name ?? "spinlock")
    {
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFSPINLOCK";

    /// <inheritdoc />
    public override LockKind LockKind => LockKind.Spin;

    /// <summary>WdfSpinLockAcquire.</summary>
    public void Acquire(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfSpinLockAcquire, this, location))
        {
            return;
        }

        var a = Simulation.RequireActivity(Ddi.WdfSpinLockAcquire);
        if (Owner == a || (Owner != null && Owner.Processor != null && Owner.Processor == a.Processor))
        {
            Simulation.Verifier.Report(Finding.WdfSpinlockRecursive, location,
                $"spin lock {Name} acquired again on {a.Processor?.Name} while already held there", (ulong)Handle);
            return;
        }

        AcquireCore(a);
        Simulation.TraceDdi(Ddi.WdfSpinLockAcquire, this, -1);
    }

    /// <summary>WdfSpinLockRelease.</summary>
    public void Release(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfSpinLockRelease, this, location))
        {
            return;
        }

        var a = Simulation.RequireActivity(Ddi.WdfSpinLockRelease);
        if (Owner == null)
        {
            Simulation.Verifier.Report(Finding.WdfSpinlockNotHeld, location,
                $"spin lock {Name} released but not held", (ulong)Handle, 0);
            return;
        }

        if (Owner != a)
        {
            Simulation.Verifier.Report(Finding.WdfSpinlockNotOwner, location,
                $"spin lock {Name} released by {a.Name}, which does not hold it", (ulong)Handle, 1);
            return;
        }

        ReleaseCore(a);
        Simulation.TraceDdi(Ddi.WdfSpinLockRelease, this, -1);
    }

    internal override void AcquireForFramework(Activity a) => AcquireCore(a);

    internal override void ReleaseForFramework(Activity a) => ReleaseCore(a);

    private void AcquireCore(Activity a)
    {
        var previous = a.Irql;
        if (previous < Irql.Dispatch)
        {
            Simulation.Scheduler.SetIrql(a, Irql.Dispatch);
        }

        if (Owner != null)
        {
            Simulation.SpinUntil(() => Owner == null, "spin lock " + Name);
        }

        TakeOwnership(a, previous);
    }

    private void ReleaseCore(Activity a)
    {
        var previous = a.RemoveLock(this) ?? a.Irql;
        Owner = null;
        if (previous != a.Irql)
        {
            Simulation.Scheduler.SetIrql(a, previous);
        }
    }
}

/// <summary>
/// WDFWAITLOCK (KMDF.md B4): acquired at PASSIVE_LEVEL (or at DISPATCH_LEVEL with a zero timeout);
/// a contended acquire blocks the thread, other tasks run meanwhile.
/// </summary>
public sealed class WdfWaitLock : LockBase
{
    internal WdfWaitLock(Simulation simulation, WdfObject parent, WdfDevice? device, string? name)
        : base(simulation, parent, device, name ?? "waitlock")
    {
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFWAITLOCK";

    /// <inheritdoc />
    public override LockKind LockKind => LockKind.Wait;

    /// <summary>
    /// WdfWaitLockAcquire: waits up to <paramref name="timeout"/> nanoseconds (null: forever; 0: try once,
    /// callable at DISPATCH_LEVEL). Returns STATUS_SUCCESS or STATUS_TIMEOUT.
    /// </summary>
    public NtStatus Acquire(long? timeout = null, object? location = null)
    {
        var max = timeout == 0 ? Irql.Dispatch : Irql.Passive;
        if (!Simulation.EnterDdi(Ddi.WdfWaitLockAcquire, this, location, max))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        var a = Simulation.RequireActivity(Ddi.WdfWaitLockAcquire);
        if (Owner == a)
        {
            Simulation.Verifier.Report(Finding.WdfWaitlockRecursive, location,
                $"wait lock {Name} acquired again by {a.Name}, which holds it", (ulong)Handle);
            return NtStatus.InvalidDeviceRequest;
        }

        if (Owner != null)
        {
            if (timeout == 0)
            {
                Simulation.TraceDdi(Ddi.WdfWaitLockAcquire, this, NtStatus.Timeout);
                return NtStatus.Timeout;
            }

            var deadline = timeout is { } t ? Simulation.Now + t : long.MaxValue;
            if (!Simulation.WaitPassive(() => Owner == null, deadline, "wait lock " + Name, location))
            {
                Simulation.TraceDdi(Ddi.WdfWaitLockAcquire, this, NtStatus.Timeout);
                return NtStatus.Timeout;
            }
        }

        TakeOwnership(a, a.Irql);
        Simulation.TraceDdi(Ddi.WdfWaitLockAcquire, this, NtStatus.Success);
        return NtStatus.Success;
    }

    /// <summary>WdfWaitLockRelease.</summary>
    public void Release(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfWaitLockRelease, this, location))
        {
            return;
        }

        var a = Simulation.RequireActivity(Ddi.WdfWaitLockRelease);
        if (Owner != a)
        {
            Simulation.Verifier.Report(Finding.WdfWaitlockNotHeld, location,
                $"wait lock {Name} released by {a.Name}, which does not hold it", (ulong)Handle, Owner == null ? 0UL : 1UL);
            return;
        }

        a.RemoveLock(this);
        Owner = null;
        Simulation.TraceDdi(Ddi.WdfWaitLockRelease, this, -1);
    }

    internal override void AcquireForFramework(Activity a)
    {
        if (Owner != null)
        {
            Simulation.WaitPassive(() => Owner == null, long.MaxValue, "wait lock " + Name, null);
        }

        TakeOwnership(a, a.Irql);
    }

    internal override void ReleaseForFramework(Activity a)
    {
        a.RemoveLock(this);
        Owner = null;
    }
}
