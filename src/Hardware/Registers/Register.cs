using System.Runtime.CompilerServices;
using DriverScript.Hardware.Diagnostics;

namespace DriverScript.Hardware.Registers;

/// <summary>
/// One software-addressable register of 8, 16, 32 or 64 bits, declared once and fluently, Renode-style:
/// fields by bit range with an access <see cref="FieldMode"/>, a reset value, value providers, read,
/// write and change callbacks, and write locks. A register declared without fields behaves as one
/// field of its default mode covering every bit.
/// </summary>
/// <remarks>
/// <para><b>A bus read</b> (<see cref="Read"/>) runs, in Renode's order: before-read callbacks; the
/// register's value provider, then each field's (their results overwrite the stored bits); the value
/// is sampled and non-readable bits read as 0; read-to-clear / read-to-set fields update the stored
/// value; each field's read callback (old, new); each changed field's change callback; the register's
/// read callbacks; the register's change callbacks if the value changed.</para>
/// <para><b>A bus write</b> (<see cref="Write"/>) is dropped entirely while a <see cref="LockedWhen"/>
/// condition holds or an <see cref="IgnoreWritesWhen"/> filter rejects the value. Otherwise each
/// field applies its write mode; every field's write callback runs with (old field value, written
/// field value), even if nothing changed; each changed field's change callback runs with (old, current);
/// then the register's write callbacks (old, written) and, if anything changed, its change callbacks
/// (old, current). Writes that change bits no field defines are logged.</para>
/// <para><b>Model code</b> reads and assigns <see cref="Value"/> (or a field's <c>Value</c>) directly:
/// no access semantics, no callbacks.</para>
/// </remarks>
/// <example>
/// <code>
/// map.Define32(0x3C, "EV_PENDING")
///    .WithFlag(0, out var irqPending, FieldModes.WriteOneToClear, name: "EV_PENDING",
///              changeCallback: (_, _) => UpdateInterrupts())
///    .WithReservedBits(1, 31);
/// map.Define32(0x08, "FACTORIAL")
///    .LockedWhen(() => computing.Value)
///    .WithWriteCallback((_, operand) => StartFactorial((uint)operand));
/// </code>
/// </example>
public sealed class Register
{
    private static readonly Action<ulong, ulong>[] NoCallbacks = [];
    private static readonly RegisterField[] NoFields = [];

    private readonly List<RegisterField> fields = [];
    private readonly List<(int Position, int Width, string? Name)> tags = [];
    private readonly List<(int Position, int Width)> reserved = [];
    private readonly List<Action<ulong, ulong>> readCallbacks = [];
    private readonly List<Action<ulong, ulong>> writeCallbacks = [];
    private readonly List<Action<ulong, ulong>> changeCallbacks = [];
    private readonly List<Action> beforeReadCallbacks = [];
    private readonly List<Func<bool>> locks = [];
    private readonly List<Func<ulong, bool>> writeFilters = [];
    private Func<ulong, ulong>? valueProvider;

    // Compiled from the declarations by Recompile(), so an access is a few mask operations.
    private ulong writeMask, setMask, toggleMask, oneToClearMask, zeroToClearMask, zeroToSetMask, zeroToToggleMask;
    private ulong anyWriteClearMask, anyWriteSetMask, readClearMask, readSetMask, tagMask;
    private RegisterField[] providerFields = NoFields, readCallbackFields = NoFields,
        writeCallbackFields = NoFields, changeCallbackFields = NoFields;
    private Action<ulong, ulong>[] compiledReadCallbacks = NoCallbacks, compiledWriteCallbacks = NoCallbacks,
        compiledChangeCallbacks = NoCallbacks;
    private Action[] compiledBeforeRead = [];
    private Func<bool>[] compiledLocks = [];
    private Func<ulong, bool>[] compiledFilters = [];
    private bool hasWriteEffect;
    private bool hasSpecialWriteModes;
    private bool auditsWrites;

    internal ulong StoredValue;
    internal bool IsPlainRead;
    internal bool IsPlainWrite;

    internal Register(RegisterMap? map, long offset, int width, string name, ulong resetValue, FieldMode defaultMode)
    {
        if (width is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "a register is 1, 2, 4 or 8 bytes wide");
        }

        if (!defaultMode.IsValid())
        {
            throw new ArgumentException($"invalid field mode {defaultMode} for register {name}", nameof(defaultMode));
        }

        Map = map;
        Offset = offset;
        Width = width;
        Name = name;
        DefaultMode = defaultMode;
        WidthMask = Bits.ByteMask(width);
        if ((resetValue & ~WidthMask) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(resetValue), resetValue,
                $"reset value 0x{resetValue:X} does not fit the {BitWidth}-bit register {name}");
        }

        ResetValue = resetValue;
        StoredValue = resetValue;
        Recompile();
    }

    /// <summary>
    /// Creates a register that belongs to no map (for tests and helpers). Its accesses are not logged
    /// and do not notify anyone.
    /// </summary>
    public Register(string name, int width, ulong resetValue = 0, FieldMode defaultMode = FieldModes.ReadWrite)
        : this(null, 0, width, name, resetValue, defaultMode)
    {
    }

    /// <summary>The map the register belongs to, if any.</summary>
    public RegisterMap? Map { get; }

    /// <summary>The byte offset in the map.</summary>
    public long Offset { get; }

    /// <summary>The width in bytes: 1, 2, 4 or 8.</summary>
    public int Width { get; }

    /// <summary>The width in bits.</summary>
    public int BitWidth => Width * 8;

    /// <summary>The register's name.</summary>
    public string Name { get; }

    /// <summary>The mode of the implicit whole-register field used while no field is declared.</summary>
    public FieldMode DefaultMode { get; }

    /// <summary>All bits of the register's width.</summary>
    public ulong WidthMask { get; }

    /// <summary>The value <see cref="Reset"/> restores. Field reset values are folded in.</summary>
    public ulong ResetValue { get; private set; }

    /// <summary>The declared fields in declaration order.</summary>
    public IReadOnlyList<RegisterField> Fields => fields;

    /// <summary>Bits a bus read returns (the rest read as 0).</summary>
    public ulong ReadableMask { get; private set; }

    /// <summary>Bits covered by a field, reserved range or tag (all bits while no field is declared).</summary>
    public ulong DefinedMask { get; private set; }

    /// <summary>True if some bits are readable or a value provider supplies the read.</summary>
    public bool IsReadable => ReadableMask != 0 || valueProvider != null;

    /// <summary>True if a bus write can have an effect: some write mode, or a write callback (a read-only register with an <c>on write</c> handler is writable).</summary>
    public bool IsWritable => hasWriteEffect;

    /// <summary>
    /// The stored value, as the device itself sees it: reading has no side effects, assigning stores the
    /// value with no access semantics and no callbacks (the map still re-evaluates interrupt levels and
    /// traces see the change).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value does not fit the register.</exception>
    public ulong Value
    {
        get => StoredValue;
        set
        {
            if ((value & ~WidthMask) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"0x{value:X} does not fit the {BitWidth}-bit register {Name}");
            }

            Store(value);
        }
    }

    /// <summary>Finds a field by name (ordinal), or null.</summary>
    public RegisterField? FindField(string name)
    {
        foreach (var field in fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Finds a field by name.</summary>
    /// <exception cref="KeyNotFoundException">No field has that name.</exception>
    public RegisterField GetField(string name) =>
        FindField(name) ?? throw new KeyNotFoundException($"register {Name} has no field '{name}'");

    // ---- Field declarations -------------------------------------------------------------------

    /// <summary>Declares a numeric field of <paramref name="width"/> bits at <paramref name="position"/>.</summary>
    /// <param name="position">The lowest bit.</param>
    /// <param name="width">The number of bits.</param>
    /// <param name="mode">The access semantics.</param>
    /// <param name="readCallback">After each bus read: (field before the read, field after it).</param>
    /// <param name="writeCallback">After each bus write that is not dropped: (field before, bits written), even if nothing changed.</param>
    /// <param name="changeCallback">When a bus access changed the field: (before, after).</param>
    /// <param name="valueProviderCallback">On each bus read: receives the stored field value, returns the value to store and read.</param>
    /// <param name="name">The field's name.</param>
    /// <param name="resetValue">The field's reset value, folded into the register's.</param>
    /// <exception cref="ArgumentException">The field is outside the register, overlaps another, or the mode is invalid.</exception>
    public ValueField DefineValueField(int position, int width, FieldMode mode = FieldModes.ReadWrite,
        Action<ulong, ulong>? readCallback = null, Action<ulong, ulong>? writeCallback = null,
        Action<ulong, ulong>? changeCallback = null, Func<ulong, ulong>? valueProviderCallback = null,
        string? name = null, ulong? resetValue = null)
    {
        CheckRange(position, width, name);
        CheckMode(mode, name);
        var field = new ValueField(this, position, width, mode, name, readCallback, writeCallback, changeCallback,
            valueProviderCallback);
        return AddField(field, resetValue);
    }

    /// <summary>Declares a one-bit field at <paramref name="position"/>; see <see cref="DefineValueField"/> for the callbacks.</summary>
    public FlagField DefineFlagField(int position, FieldMode mode = FieldModes.ReadWrite,
        Action<bool, bool>? readCallback = null, Action<bool, bool>? writeCallback = null,
        Action<bool, bool>? changeCallback = null, Func<bool, bool>? valueProviderCallback = null,
        string? name = null, bool? resetValue = null)
    {
        CheckRange(position, 1, name);
        CheckMode(mode, name);
        var field = new FlagField(this, position, mode, name, readCallback, writeCallback, changeCallback,
            valueProviderCallback);
        return AddField(field, resetValue is null ? null : resetValue.Value ? 1UL : 0UL);
    }

    /// <summary>Declares a field holding an enumeration; see <see cref="DefineValueField"/> for the callbacks.</summary>
    public EnumField<TEnum> DefineEnumField<TEnum>(int position, int width, FieldMode mode = FieldModes.ReadWrite,
        Action<TEnum, TEnum>? readCallback = null, Action<TEnum, TEnum>? writeCallback = null,
        Action<TEnum, TEnum>? changeCallback = null, Func<TEnum, TEnum>? valueProviderCallback = null,
        string? name = null, TEnum? resetValue = null)
        where TEnum : struct, Enum
    {
        CheckRange(position, width, name);
        CheckMode(mode, name);
        var field = new EnumField<TEnum>(this, position, width, mode, name, readCallback, writeCallback,
            changeCallback, valueProviderCallback);
        ulong? reset = null;
        if (resetValue is { } r)
        {
            reset = EnumField<TEnum>.ToBits(r) & Bits.Mask(width);
        }

        return AddField(field, reset);
    }

    /// <summary>Fluent form of <see cref="DefineValueField"/> that hands the field back through <paramref name="field"/>.</summary>
    public Register WithValueField(int position, int width, out ValueField field, FieldMode mode = FieldModes.ReadWrite,
        Action<ulong, ulong>? readCallback = null, Action<ulong, ulong>? writeCallback = null,
        Action<ulong, ulong>? changeCallback = null, Func<ulong, ulong>? valueProviderCallback = null,
        string? name = null, ulong? resetValue = null)
    {
        field = DefineValueField(position, width, mode, readCallback, writeCallback, changeCallback,
            valueProviderCallback, name, resetValue);
        return this;
    }

    /// <summary>Fluent form of <see cref="DefineValueField"/>.</summary>
    public Register WithValueField(int position, int width, FieldMode mode = FieldModes.ReadWrite,
        Action<ulong, ulong>? readCallback = null, Action<ulong, ulong>? writeCallback = null,
        Action<ulong, ulong>? changeCallback = null, Func<ulong, ulong>? valueProviderCallback = null,
        string? name = null, ulong? resetValue = null)
    {
        DefineValueField(position, width, mode, readCallback, writeCallback, changeCallback,
            valueProviderCallback, name, resetValue);
        return this;
    }

    /// <summary>Fluent form of <see cref="DefineFlagField"/> that hands the field back through <paramref name="field"/>.</summary>
    public Register WithFlag(int position, out FlagField field, FieldMode mode = FieldModes.ReadWrite,
        Action<bool, bool>? readCallback = null, Action<bool, bool>? writeCallback = null,
        Action<bool, bool>? changeCallback = null, Func<bool, bool>? valueProviderCallback = null,
        string? name = null, bool? resetValue = null)
    {
        field = DefineFlagField(position, mode, readCallback, writeCallback, changeCallback, valueProviderCallback,
            name, resetValue);
        return this;
    }

    /// <summary>Fluent form of <see cref="DefineFlagField"/>.</summary>
    public Register WithFlag(int position, FieldMode mode = FieldModes.ReadWrite,
        Action<bool, bool>? readCallback = null, Action<bool, bool>? writeCallback = null,
        Action<bool, bool>? changeCallback = null, Func<bool, bool>? valueProviderCallback = null,
        string? name = null, bool? resetValue = null)
    {
        DefineFlagField(position, mode, readCallback, writeCallback, changeCallback, valueProviderCallback, name,
            resetValue);
        return this;
    }

    /// <summary>Fluent form of <see cref="DefineEnumField{TEnum}"/> that hands the field back through <paramref name="field"/>.</summary>
    public Register WithEnumField<TEnum>(int position, int width, out EnumField<TEnum> field,
        FieldMode mode = FieldModes.ReadWrite, Action<TEnum, TEnum>? readCallback = null,
        Action<TEnum, TEnum>? writeCallback = null, Action<TEnum, TEnum>? changeCallback = null,
        Func<TEnum, TEnum>? valueProviderCallback = null, string? name = null, TEnum? resetValue = null)
        where TEnum : struct, Enum
    {
        field = DefineEnumField(position, width, mode, readCallback, writeCallback, changeCallback,
            valueProviderCallback, name, resetValue);
        return this;
    }

    /// <summary>Declares bits that read as 0 and ignore writes silently (Renode's reserved bits).</summary>
    public Register WithReservedBits(int position, int width)
    {
        CheckRange(position, width, "reserved");
        reserved.Add((position, width));
        Recompile();
        return this;
    }

    /// <summary>Declares bits whose writes are ignored without a log entry and that read as 0 (Renode's ignored bits).</summary>
    public Register WithIgnoredBits(int position, int width) => WithReservedBits(position, width);

    /// <summary>Declares bits known but not modelled: they read as 0; writing nonzero bits there is logged with <paramref name="name"/>.</summary>
    public Register WithTag(string name, int position, int width)
    {
        CheckRange(position, width, name);
        tags.Add((position, width, name));
        Recompile();
        return this;
    }

    // ---- Register-level behaviour ---------------------------------------------------------------

    /// <summary>Adds a callback run after each bus read, with (value before the read, value after it).</summary>
    public Register WithReadCallback(Action<ulong, ulong> callback) => AddTo(readCallbacks, callback);

    /// <summary>
    /// Adds a callback run after each bus write that is not dropped, once the field semantics applied,
    /// with (value before the write, value written). Assigning <see cref="Value"/> inside it overrides
    /// what the write stored (edu's liveness register stores <c>~v</c> this way).
    /// </summary>
    public Register WithWriteCallback(Action<ulong, ulong> callback) => AddTo(writeCallbacks, callback);

    /// <summary>Adds a callback run when a bus access changed the value, with (before, current).</summary>
    public Register WithChangeCallback(Action<ulong, ulong> callback) => AddTo(changeCallbacks, callback);

    /// <summary>Adds a callback run at the start of each bus read.</summary>
    public Register WithBeforeReadCallback(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        beforeReadCallbacks.Add(callback);
        Recompile();
        return this;
    }

    /// <summary>
    /// Supplies the value of each bus read: receives the stored value, returns the value to store and
    /// read (the language's <c>on read -> T { }</c>). Runs before the fields' own providers.
    /// </summary>
    public Register WithValueProvider(Func<ulong, ulong> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (valueProvider != null)
        {
            throw new InvalidOperationException($"register {Name} already has a value provider");
        }

        valueProvider = provider;
        Recompile();
        return this;
    }

    /// <summary>Drops bus writes entirely (no semantics, no callbacks) while <paramref name="condition"/> holds (<c>locked when</c>).</summary>
    public Register LockedWhen(Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        locks.Add(condition);
        Recompile();
        return this;
    }

    /// <summary>Drops a bus write entirely when <paramref name="reject"/> returns true for the value written (edu: a DMA command without its RUN bit).</summary>
    public Register IgnoreWritesWhen(Func<ulong, bool> reject)
    {
        ArgumentNullException.ThrowIfNull(reject);
        writeFilters.Add(reject);
        Recompile();
        return this;
    }

    // ---- Accesses -------------------------------------------------------------------------------

    /// <summary>Restores the reset value (through <see cref="Value"/>: no callbacks).</summary>
    public void Reset() => Store(ResetValue);

    /// <summary>A bus read with the full semantics described on <see cref="Register"/>. Returns the value read.</summary>
    public ulong Read()
    {
        if (IsPlainRead)
        {
            return StoredValue & ReadableMask;
        }

        var map = Map;
        if (map == null)
        {
            return ReadWithSemantics();
        }

        map.BeginAccess();
        try
        {
            return ReadWithSemantics();
        }
        finally
        {
            map.EndAccess();
        }
    }

    /// <summary>A bus write with the full semantics described on <see cref="Register"/>; bits beyond the width are ignored.</summary>
    public void Write(ulong value)
    {
        value &= WidthMask;
        if (IsPlainWrite)
        {
            var stored = (StoredValue & ~writeMask) | (value & writeMask);
            if (stored != StoredValue)
            {
                Store(stored);
            }

            return;
        }

        var map = Map;
        if (map == null)
        {
            WriteWithSemantics(value);
            return;
        }

        map.BeginAccess();
        try
        {
            WriteWithSemantics(value);
        }
        finally
        {
            map.EndAccess();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Store(ulong value)
    {
        var old = StoredValue;
        if (old == value)
        {
            return;
        }

        StoredValue = value;
        Map?.OnStoredValueChanged(this, old, value);
    }

    private ulong ReadWithSemantics()
    {
        foreach (var callback in compiledBeforeRead)
        {
            callback();
        }

        if (valueProvider != null)
        {
            Store(valueProvider(StoredValue) & WidthMask);
        }

        foreach (var field in providerFields)
        {
            var provided = field.ValueProvider!(field.Extract(StoredValue)) << field.Position;
            Store((StoredValue & ~field.Mask) | (provided & field.Mask));
        }

        var before = StoredValue;
        var result = valueProvider != null ? before : before & ReadableMask;
        var after = (before & ~readClearMask) | readSetMask;
        Store(after);
        after = StoredValue;

        foreach (var field in readCallbackFields)
        {
            field.ReadCallback!(field.Extract(before), field.Extract(after));
        }

        if (after != before)
        {
            foreach (var field in changeCallbackFields)
            {
                if (((before ^ after) & field.Mask) != 0)
                {
                    field.ChangeCallback!(field.Extract(before), field.Extract(StoredValue));
                }
            }
        }

        foreach (var callback in compiledReadCallbacks)
        {
            callback(before, after);
        }

        if (after != before)
        {
            foreach (var callback in compiledChangeCallbacks)
            {
                callback(before, StoredValue);
            }
        }

        return result;
    }

    private void WriteWithSemantics(ulong value)
    {
        if (compiledLocks.Length != 0 || compiledFilters.Length != 0)
        {
            if (IsWriteDropped(value))
            {
                return;
            }
        }

        var before = StoredValue;
        var stored = (before & ~writeMask) | (value & writeMask);
        if (hasSpecialWriteModes)
        {
            stored = ApplySpecialWriteModes(stored, value);
        }

        Store(stored);
        var changed = before ^ stored;

        foreach (var field in writeCallbackFields)
        {
            field.WriteCallback!(field.Extract(before), field.Extract(value));
        }

        if (changed != 0)
        {
            foreach (var field in changeCallbackFields)
            {
                if ((changed & field.Mask) != 0)
                {
                    field.ChangeCallback!(field.Extract(before), field.Extract(StoredValue));
                }
            }
        }

        foreach (var callback in compiledWriteCallbacks)
        {
            callback(before, value);
        }

        if (changed != 0)
        {
            foreach (var callback in compiledChangeCallbacks)
            {
                callback(before, StoredValue);
            }
        }

        if (auditsWrites && Map is { } map)
        {
            LogQuestionableWrite(map, before, value);
        }
    }

    private bool IsWriteDropped(ulong value)
    {
        foreach (var locked in compiledLocks)
        {
            if (locked())
            {
                return true;
            }
        }

        foreach (var reject in compiledFilters)
        {
            if (reject(value))
            {
                return true;
            }
        }

        return false;
    }

    private ulong ApplySpecialWriteModes(ulong stored, ulong value)
    {
        var inverted = ~value & WidthMask;
        stored |= value & setMask;
        stored ^= value & toggleMask;
        stored &= ~(value & oneToClearMask);
        stored &= ~(inverted & zeroToClearMask);
        stored |= inverted & zeroToSetMask;
        stored ^= inverted & zeroToToggleMask;
        return (stored & ~anyWriteClearMask) | anyWriteSetMask;
    }

    private void LogQuestionableWrite(RegisterMap map, ulong before, ulong value)
    {
        if (!hasWriteEffect)
        {
            map.Log.Add(map.Name, HardwareLogKind.ReadOnlyWrite,
                $"write of 0x{value:X} to read-only register {Name} at 0x{Offset:X} ignored");
            return;
        }

        var undefined = (before ^ value) & ~DefinedMask & WidthMask;
        if (undefined != 0)
        {
            map.Log.Add(map.Name, HardwareLogKind.UndefinedBitsWrite,
                $"write of 0x{value:X} to {Name} at 0x{Offset:X} changes undefined bits 0x{undefined:X}");
        }

        if ((value & tagMask) != 0)
        {
            foreach (var (position, width, name) in tags)
            {
                var bits = (value >> position) & Bits.Mask(width);
                if (bits != 0)
                {
                    map.Log.Add(map.Name, HardwareLogKind.UnimplementedFieldWrite,
                        $"write of 0x{bits:X} to unimplemented field {Name}.{name} at 0x{Offset:X}");
                }
            }
        }
    }

    // ---- Declaration bookkeeping ----------------------------------------------------------------

    private Register AddTo(List<Action<ulong, ulong>> list, Action<ulong, ulong> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        list.Add(callback);
        Recompile();
        return this;
    }

    private T AddField<T>(T field, ulong? resetValue)
        where T : RegisterField
    {
        if (resetValue is { } reset)
        {
            if ((reset & ~Bits.Mask(field.Width)) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(resetValue), reset,
                    $"reset value 0x{reset:X} does not fit the field {field.Describe()}");
            }

            ResetValue = (ResetValue & ~field.Mask) | (reset << field.Position);
            StoredValue = (StoredValue & ~field.Mask) | (reset << field.Position);
        }

        fields.Add(field);
        Recompile();
        return field;
    }

    private void CheckMode(FieldMode mode, string? name)
    {
        if (!mode.IsValid())
        {
            throw new ArgumentException(
                $"field {name ?? "?"} of register {Name}: invalid mode {mode} (at most one read and one write behaviour)",
                nameof(mode));
        }
    }

    private void CheckRange(int position, int width, string? name)
    {
        var label = name ?? $"at bit {position}";
        if (position < 0 || width <= 0)
        {
            throw new ArgumentException($"field {label} of register {Name}: position must be >= 0 and width > 0");
        }

        if (position + width > BitWidth)
        {
            throw new ArgumentException(
                $"field {label} [{position + width - 1}:{position}] does not fit in the {BitWidth}-bit register {Name}");
        }

        var mask = Bits.Mask(width) << position;
        if ((mask & DeclaredMask()) != 0)
        {
            throw new ArgumentException(
                $"field {label} [{position + width - 1}:{position}] overlaps another field of register {Name}");
        }
    }

    private ulong DeclaredMask()
    {
        ulong mask = 0;
        foreach (var field in fields)
        {
            mask |= field.Mask;
        }

        foreach (var (position, width) in reserved)
        {
            mask |= Bits.Mask(width) << position;
        }

        foreach (var (position, width, _) in tags)
        {
            mask |= Bits.Mask(width) << position;
        }

        return mask;
    }

    private void Recompile()
    {
        writeMask = setMask = toggleMask = oneToClearMask = zeroToClearMask = zeroToSetMask = zeroToToggleMask = 0;
        anyWriteClearMask = anyWriteSetMask = readClearMask = readSetMask = tagMask = 0;
        ulong readable = 0;

        var implicitField = fields.Count == 0 && reserved.Count == 0 && tags.Count == 0;
        if (implicitField)
        {
            Accumulate(DefaultMode, WidthMask, ref readable);
            DefinedMask = WidthMask;
        }
        else
        {
            foreach (var field in fields)
            {
                Accumulate(field.Mode, field.Mask, ref readable);
            }

            foreach (var (position, width, _) in tags)
            {
                tagMask |= Bits.Mask(width) << position;
            }

            DefinedMask = DeclaredMask();
        }

        ReadableMask = readable;
        providerFields = Select(f => f.ValueProvider != null);
        readCallbackFields = Select(f => f.ReadCallback != null);
        writeCallbackFields = Select(f => f.WriteCallback != null);
        changeCallbackFields = Select(f => f.ChangeCallback != null);
        compiledReadCallbacks = [.. readCallbacks];
        compiledWriteCallbacks = [.. writeCallbacks];
        compiledChangeCallbacks = [.. changeCallbacks];
        compiledBeforeRead = [.. beforeReadCallbacks];
        compiledLocks = [.. locks];
        compiledFilters = [.. writeFilters];

        var writeEffects = writeMask | setMask | toggleMask | oneToClearMask | zeroToClearMask | zeroToSetMask
            | zeroToToggleMask | anyWriteClearMask | anyWriteSetMask;
        hasWriteEffect = writeEffects != 0 || writeCallbackFields.Length != 0 || compiledWriteCallbacks.Length != 0;
        hasSpecialWriteModes = writeEffects != writeMask;
        auditsWrites = !hasWriteEffect || DefinedMask != WidthMask || tagMask != 0;

        var noCallbacks = changeCallbackFields.Length == 0 && compiledChangeCallbacks.Length == 0;
        IsPlainRead = readable != 0 && valueProvider == null && providerFields.Length == 0
            && readCallbackFields.Length == 0 && compiledReadCallbacks.Length == 0 && compiledBeforeRead.Length == 0
            && (readClearMask | readSetMask) == 0;
        IsPlainWrite = writeMask != 0 && writeEffects == writeMask && noCallbacks && writeCallbackFields.Length == 0
            && compiledWriteCallbacks.Length == 0 && compiledLocks.Length == 0 && compiledFilters.Length == 0
            && DefinedMask == WidthMask && tagMask == 0;
    }

    private RegisterField[] Select(Func<RegisterField, bool> predicate)
    {
        var selected = new List<RegisterField>();
        foreach (var field in fields)
        {
            if (predicate(field))
            {
                selected.Add(field);
            }
        }

        return selected.Count == 0 ? NoFields : [.. selected];
    }

    private void Accumulate(FieldMode mode, ulong mask, ref ulong readable)
    {
        if (mode.IsReadable())
        {
            readable |= mask;
        }

        if ((mode & FieldMode.Write) != 0) writeMask |= mask;
        if ((mode & FieldMode.Set) != 0) setMask |= mask;
        if ((mode & FieldMode.Toggle) != 0) toggleMask |= mask;
        if ((mode & FieldMode.WriteOneToClear) != 0) oneToClearMask |= mask;
        if ((mode & FieldMode.WriteZeroToClear) != 0) zeroToClearMask |= mask;
        if ((mode & FieldMode.WriteZeroToSet) != 0) zeroToSetMask |= mask;
        if ((mode & FieldMode.WriteZeroToToggle) != 0) zeroToToggleMask |= mask;
        if ((mode & FieldMode.WriteToClear) != 0) anyWriteClearMask |= mask;
        if ((mode & FieldMode.WriteToSet) != 0) anyWriteSetMask |= mask;
        if ((mode & FieldMode.ReadToClear) != 0) readClearMask |= mask;
        if ((mode & FieldMode.ReadToSet) != 0) readSetMask |= mask;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} @ 0x{Offset:X} : u{BitWidth} = 0x{StoredValue:X}";
}
