using System.Globalization;
using System.Text;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter.Tests;

/// <summary>
/// Every binary operator on every integer type, over each type's edge values, computed by the
/// interpreter (operands are variables, so nothing is folded) and compared with the front end's
/// <see cref="ConstantFolder"/>, which defines the semantics both tiers share (wrap-around, signed
/// division toward zero, MIN / -1, shifts by the width or more). Also every <c>as</c> between
/// integer types, and unary minus and complement.
/// </summary>
public class IntegerSemanticsTests
{
    private static readonly (string Text, BoundBinaryOperatorKind Op)[] s_operators =
    {
        ("+", BoundBinaryOperatorKind.Add), ("-", BoundBinaryOperatorKind.Subtract), ("*", BoundBinaryOperatorKind.Multiply),
        ("/", BoundBinaryOperatorKind.Divide), ("%", BoundBinaryOperatorKind.Remainder), ("&", BoundBinaryOperatorKind.BitwiseAnd),
        ("|", BoundBinaryOperatorKind.BitwiseOr), ("^", BoundBinaryOperatorKind.BitwiseXor), ("<<", BoundBinaryOperatorKind.ShiftLeft),
        (">>", BoundBinaryOperatorKind.ShiftRight), ("==", BoundBinaryOperatorKind.Equal), ("!=", BoundBinaryOperatorKind.NotEqual),
        ("<", BoundBinaryOperatorKind.Less), ("<=", BoundBinaryOperatorKind.LessEqual), (">", BoundBinaryOperatorKind.Greater),
        (">=", BoundBinaryOperatorKind.GreaterEqual),
    };

    public static TheoryData<string> Types => new() { "u8", "u16", "u32", "u64", "i32", "i64" };

    /// <summary>Each type with its operands as globals (general nodes) and as locals of a function (the slot-specialised nodes).</summary>
    public static TheoryData<string, bool> TypesAndPlaces()
    {
        var data = new TheoryData<string, bool>();
        foreach (var t in new[] { "u8", "u16", "u32", "u64", "i32", "i64" }) { data.Add(t, false); data.Add(t, true); }
        return data;
    }

    private static TypeSymbol TypeOf(string name) => name switch
    {
        "u8" => TypeSymbol.U8, "u16" => TypeSymbol.U16, "u32" => TypeSymbol.U32, "u64" => TypeSymbol.U64,
        "i32" => TypeSymbol.I32, _ => TypeSymbol.I64,
    };

    /// <summary>0, 1, 2, 7, 8, width-1, width, the maximum, the maximum - 1, the minimum and -1 (signed), and a mixed bit pattern.</summary>
    private static ulong[] EdgeValues(TypeSymbol type)
    {
        int width = type.BitWidth;
        var values = new List<long> { 0, 1, 2, 3, 7, 8, width - 1, width, 0x5A };
        if (type.IsSignedInteger)
        {
            long max = width == 32 ? int.MaxValue : long.MaxValue, min = width == 32 ? int.MinValue : long.MinValue;
            values.AddRange(new[] { max, max - 1, min, min + 1, -1, -2, -7, -100 });
        }
        else
        {
            ulong max = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
            values.AddRange(new[] { unchecked((long)max), unchecked((long)(max - 1)), unchecked((long)(max >> 1)), unchecked((long)((max >> 1) + 1)) });
        }
        return values.Select(v => ConstantValue.Normalize(unchecked((ulong)v), type)).Distinct().ToArray();
    }

    private static string Literal(ulong bits, TypeSymbol type) =>
        type.IsSignedInteger ? unchecked((long)bits).ToString(CultureInfo.InvariantCulture) : bits.ToString(CultureInfo.InvariantCulture);

    private static string Format(ConstantValue value, TypeSymbol type) => ValueFormatter.Format(ScriptValue.FromScalar(value.Bits), type);

    [Theory]
    [MemberData(nameof(TypesAndPlaces))]
    public void Binary_operators_match_the_constant_folder(string typeName, bool inFunction)
    {
        var type = TypeOf(typeName);
        var values = EdgeValues(type);
        var script = new StringBuilder();
        var expected = new List<string>();
        for (int i = 0; i < values.Length; i++) script.Append($"let v{i}: {typeName} = {Literal(values[i], type)};\n");
        foreach (var (text, op) in s_operators)
        {
            bool comparison = op >= BoundBinaryOperatorKind.Equal;
            var resultType = comparison ? TypeSymbol.Bool : type;
            for (int i = 0; i < values.Length; i++)
            {
                for (int j = 0; j < values.Length; j++)
                {
                    var folded = ConstantFolder.FoldBinary(op, ConstantValue.Scalar(values[i]), ConstantValue.Scalar(values[j]), type, resultType);
                    if (folded is null) continue; // division by zero: a run-time error, tested elsewhere
                    script.Append($"print(v{i} {text} v{j});\n");
                    expected.Add($"v{i} {text} v{j} = {Format(folded, resultType)}");
                    if (inFunction && j == 1)
                    {
                        // local op constant: its own node shape
                        script.Append($"print(v{i} {text} ({Literal(values[j], type)} as {typeName}));\n");
                        expected.Add($"v{i} {text} const = {Format(folded, resultType)}");
                    }
                }
            }
        }
        string source = inFunction ? $"fn run() {{\n{script}}}\nrun();" : script.ToString();
        var lines = Drv.Output(source).Split('\n');
        lines.Length.ShouldBe(expected.Count);
        var mismatches = new List<string>();
        for (int k = 0; k < lines.Length; k++)
        {
            string want = expected[k][(expected[k].LastIndexOf("= ", StringComparison.Ordinal) + 2)..];
            if (lines[k] != want) mismatches.Add($"{expected[k]}, interpreter gave {lines[k]}");
        }
        mismatches.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Compound_assignments_match_the_binary_operators(string typeName)
    {
        var type = TypeOf(typeName);
        var values = EdgeValues(type);
        var script = new StringBuilder();
        var expected = new List<string>();
        foreach (var (text, op) in s_operators.Where(o => o.Op < BoundBinaryOperatorKind.Equal))
        {
            // The small values and the top of the range (maximum, minimum, -1...) as left operands.
            foreach (var a in values.Take(3).Concat(values.Skip(values.Length - 5)).Distinct())
            {
                foreach (var b in values.Take(6))
                {
                    var folded = ConstantFolder.FoldBinary(op, ConstantValue.Scalar(a), ConstantValue.Scalar(b), type, type);
                    if (folded is null) continue;
                    // A local, a list element and a global are three kinds of compound targets.
                    script.Append($"{{ var x: {typeName} = {Literal(a, type)}; x {text}= {Literal(b, type)} as {typeName}; print(x); }}\n".Replace("{ var", "if true { var"));
                    script.Append($"if true {{ var l: list<{typeName}> = [{Literal(a, type)}]; l[0] {text}= {Literal(b, type)} as {typeName}; print(l[0]); }}\n");
                    expected.Add(Format(folded, type));
                    expected.Add(Format(folded, type));
                }
            }
        }
        Drv.Output(script.ToString()).Split('\n').ShouldBe(expected);
    }

    [Fact]
    public void Every_as_between_integer_types_truncates_or_sign_extends_like_C()
    {
        var names = new[] { "u8", "u16", "u32", "u64", "i32", "i64" };
        var script = new StringBuilder();
        var expected = new List<string>();
        int n = 0;
        foreach (var from in names)
        {
            var fromType = TypeOf(from);
            foreach (var value in EdgeValues(fromType))
            {
                script.Append($"let s{n}: {from} = {Literal(value, fromType)};\n");
                foreach (var to in names)
                {
                    var toType = TypeOf(to);
                    script.Append($"print(s{n} as {to});\n");
                    expected.Add(Format(ConstantValue.Scalar(ConstantValue.Normalize(value, toType)), toType));
                }
                n++;
            }
        }
        Drv.Output(script.ToString()).Split('\n').ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Complement_and_negation_wrap(string typeName)
    {
        var type = TypeOf(typeName);
        var script = new StringBuilder();
        var expected = new List<string>();
        int n = 0;
        foreach (var value in EdgeValues(type))
        {
            script.Append($"let u{n}: {typeName} = {Literal(value, type)};\nprint(~u{n});\n");
            expected.Add(Format(ConstantValue.Scalar(ConstantValue.Normalize(~value, type)), type));
            if (type.IsSignedInteger)
            {
                script.Append($"print(-u{n});\n");
                expected.Add(Format(ConstantValue.Scalar(ConstantValue.Normalize(unchecked(0UL - value), type)), type));
            }
            n++;
        }
        Drv.Output(script.ToString()).Split('\n').ShouldBe(expected);
    }
}
