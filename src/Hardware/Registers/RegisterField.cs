using System.Runtime.CompilerServices;

namespace DriverScript.Hardware.Registers;

/// <summary>
/// A bit range of a <see cref="Register"/> with an access <see cref="FieldMode"/> and optional callbacks.
/// The typed subclasses (<see cref="ValueField"/>, <see cref="FlagField"/>, <see cref="EnumField{TEnum}"/>)
/// give model code a <c>Value</c> to read and assign directly: that is the device's own view, with no
/// access semantics and no callbacks (only interrupt re-evaluation and traces see the change).
/// </summary>
public abstract class RegisterField
{
    private protected RegisterField(Register register, int position, int width, FieldMode mode, string? name)
    {
        Register = register;
        Position = position;
        Width = width;
        Mode = mode;
        Name = name;
        Mask = Bits.Mask(width) << position;
    }

    /// <summary>The register the field belongs to.</summary>
    public Register Register { get; }

    /// <summary>The field's name, if it has one.</summary>
    public string? Name { get; }

    /// <summary>The lowest bit of the field.</summary>
    public int Position { get; }

    /// <summary>The number of bits.</summary>
    public int Width { get; }

    /// <summary>The access semantics.</summary>
    public FieldMode Mode { get; }

    /// <summary>The field's bits within the register.</summary>
    public ulong Mask { get; }

    /// <summary>The field's bits as a number, without side effects. Setting it stores the bits (no callbacks).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value does not fit in <see cref="Width"/> bits.</exception>
    public ulong RawValue
    {
        get => (Register.Value & Mask) >> Position;
        set
        {
            if ((value & ~Bits.Mask(Width)) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"0x{value:X} does not fit in the {Width}-bit field {Describe()}");
            }

            Register.Value = (Register.Value & ~Mask) | (value << Position);
        }
    }

    internal Action<ulong, ulong>? ReadCallback { get; private protected set; }

    internal Action<ulong, ulong>? WriteCallback { get; private protected set; }

    internal Action<ulong, ulong>? ChangeCallback { get; private protected set; }

    internal Func<ulong, ulong>? ValueProvider { get; private protected set; }

    /// <summary>The field's value within a whole-register value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Extract(ulong registerValue) => (registerValue & Mask) >> Position;

    /// <summary>A short description for messages: <c>STATUS.computing [0]</c>.</summary>
    public string Describe() =>
        $"{Register.Name}.{Name ?? "field"} [{(Width == 1 ? Position.ToString() : $"{Position + Width - 1}:{Position}")}]";

    /// <inheritdoc />
    public override string ToString() => $"{Describe()} : {Mode.ToKeyword()}";
}

/// <summary>A field read and written as an unsigned number (Renode's <c>IValueRegisterField</c>).</summary>
/// <example>
/// <code>
/// var count = reg.DefineValueField(8, 8, FieldModes.ReadWrite, name: "COUNT");
/// count.Value = 3;   // model code: stores bits 15:8, no callbacks
/// </code>
/// </example>
public sealed class ValueField : RegisterField
{
    internal ValueField(Register register, int position, int width, FieldMode mode, string? name,
        Action<ulong, ulong>? readCallback, Action<ulong, ulong>? writeCallback, Action<ulong, ulong>? changeCallback,
        Func<ulong, ulong>? valueProvider)
        : base(register, position, width, mode, name)
    {
        ReadCallback = readCallback;
        WriteCallback = writeCallback;
        ChangeCallback = changeCallback;
        ValueProvider = valueProvider;
    }

    /// <summary>The stored value; assigning stores it without callbacks.</summary>
    public ulong Value
    {
        get => RawValue;
        set => RawValue = value;
    }
}

/// <summary>A one-bit field read and written as a <see cref="bool"/> (Renode's <c>IFlagRegisterField</c>).</summary>
/// <example>
/// <code>
/// reg.WithFlag(0, out var computing, FieldModes.ReadOnly, name: "computing");
/// computing.Value = true;   // model code
/// </code>
/// </example>
public sealed class FlagField : RegisterField
{
    internal FlagField(Register register, int position, FieldMode mode, string? name,
        Action<bool, bool>? readCallback, Action<bool, bool>? writeCallback, Action<bool, bool>? changeCallback,
        Func<bool, bool>? valueProvider)
        : base(register, position, 1, mode, name)
    {
        if (readCallback != null)
        {
            ReadCallback = (o, n) => readCallback(o != 0, n != 0);
        }

        if (writeCallback != null)
        {
            WriteCallback = (o, n) => writeCallback(o != 0, n != 0);
        }

        if (changeCallback != null)
        {
            ChangeCallback = (o, n) => changeCallback(o != 0, n != 0);
        }

        if (valueProvider != null)
        {
            ValueProvider = v => valueProvider(v != 0) ? 1UL : 0UL;
        }
    }

    /// <summary>The stored bit; assigning stores it without callbacks.</summary>
    public bool Value
    {
        get => (Register.Value & Mask) != 0;
        set => Register.Value = value ? Register.Value | Mask : Register.Value & ~Mask;
    }
}

/// <summary>A field read and written as an enumeration (Renode's <c>IEnumRegisterField</c>). Undefined encodings are kept as they are.</summary>
/// <typeparam name="TEnum">An enumeration whose values fit the field.</typeparam>
public sealed class EnumField<TEnum> : RegisterField
    where TEnum : struct, Enum
{
    internal EnumField(Register register, int position, int width, FieldMode mode, string? name,
        Action<TEnum, TEnum>? readCallback, Action<TEnum, TEnum>? writeCallback, Action<TEnum, TEnum>? changeCallback,
        Func<TEnum, TEnum>? valueProvider)
        : base(register, position, width, mode, name)
    {
        if (readCallback != null)
        {
            ReadCallback = (o, n) => readCallback(FromBits(o), FromBits(n));
        }

        if (writeCallback != null)
        {
            WriteCallback = (o, n) => writeCallback(FromBits(o), FromBits(n));
        }

        if (changeCallback != null)
        {
            ChangeCallback = (o, n) => changeCallback(FromBits(o), FromBits(n));
        }

        if (valueProvider != null)
        {
            ValueProvider = v => ToBits(valueProvider(FromBits(v))) & Bits.Mask(width);
        }
    }

    /// <summary>The stored encoding as <typeparamref name="TEnum"/>; assigning stores it without callbacks.</summary>
    public TEnum Value
    {
        get => FromBits(RawValue);
        set => RawValue = ToBits(value);
    }

    private static TEnum FromBits(ulong bits)
    {
        switch (Unsafe.SizeOf<TEnum>())
        {
            case 1: { var b = (byte)bits; return Unsafe.As<byte, TEnum>(ref b); }
            case 2: { var s = (ushort)bits; return Unsafe.As<ushort, TEnum>(ref s); }
            case 4: { var i = (uint)bits; return Unsafe.As<uint, TEnum>(ref i); }
            default: return Unsafe.As<ulong, TEnum>(ref bits);
        }
    }

    internal static ulong ToBits(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        1 => Unsafe.As<TEnum, byte>(ref value),
        2 => Unsafe.As<TEnum, ushort>(ref value),
        4 => Unsafe.As<TEnum, uint>(ref value),
        _ => Unsafe.As<TEnum, ulong>(ref value),
    };
}

/// <summary>Bit-mask helpers shared by the register code.</summary>
internal static class Bits
{
    /// <summary>A mask of the low <paramref name="width"/> bits (0 to 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(int width) => width >= 64 ? ulong.MaxValue : (1UL << width) - 1;

    /// <summary>A mask of the low <paramref name="bytes"/> bytes (1, 2, 4, 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ByteMask(int bytes) => bytes >= 8 ? ulong.MaxValue : (1UL << (bytes * 8)) - 1;
}
