using System.Globalization;
using System.Text;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// How <c>print</c> (§8), <c>log</c>, failed expectations and the REPL show values: integers in
/// decimal, statuses and power states by name, bytes as <c>b"..."</c> with escapes, strings as they
/// are, lists as <c>[a, b]</c>, optionals as the value or <c>none</c>.
/// </summary>
/// <example>
/// <code>
/// ValueFormatter.Format(ScriptValue.FromScalar(0xC0000120), TypeSymbol.Status);   // "STATUS_CANCELLED"
/// ValueFormatter.Format(ScriptValue.FromSigned(-3), TypeSymbol.I32);              // "-3"
/// </code>
/// </example>
public static class ValueFormatter
{
    public static string Format(ScriptValue value, TypeSymbol type)
    {
        var sb = new StringBuilder();
        Append(sb, value, type);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, ScriptValue value, TypeSymbol type)
    {
        if (ValueLayout.IsScalar(type))
        {
            AppendScalar(sb, value.Bits, type);
            return;
        }
        if (type is OptionalTypeSymbol optional)
        {
            switch (value.Ref)
            {
                case null: sb.Append("none"); return;
                case ScalarBox box: AppendScalar(sb, box.Bits, optional.Underlying); return;
                default: Append(sb, ScriptValue.FromRef(value.Ref), optional.Underlying); return;
            }
        }
        AppendObject(sb, value.Ref);
    }

    /// <summary>A reference value without its static type (lists carry their element type).</summary>
    public static string FormatObject(object? value)
    {
        var sb = new StringBuilder();
        AppendObject(sb, value);
        return sb.ToString();
    }

    private static void AppendObject(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("none"); break;
            case string s: sb.Append(s); break;
            case ScriptBytes b: sb.Append(b.ToString()); break;
            case ScalarBox box: sb.Append(box.Bits.ToString(CultureInfo.InvariantCulture)); break;
            case ScriptList list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Append(sb, list[i], list.ElementType);
                }
                sb.Append(']');
                break;
            default: sb.Append(value); break;
        }
    }

    private static void AppendScalar(StringBuilder sb, ulong bits, TypeSymbol type)
    {
        switch (type.Kind)
        {
            case TypeKind.Bool: sb.Append(bits != 0 ? "true" : "false"); break;
            case TypeKind.I32 or TypeKind.I64: sb.Append(unchecked((long)bits).ToString(CultureInfo.InvariantCulture)); break;
            case TypeKind.U8 or TypeKind.U16 or TypeKind.U32 or TypeKind.U64: sb.Append(bits.ToString(CultureInfo.InvariantCulture)); break;
            default: sb.Append(ConstantValue.Scalar(bits).Format(type)); break;
        }
    }
}
