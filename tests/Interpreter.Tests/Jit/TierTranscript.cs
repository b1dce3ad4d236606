using System.Globalization;
using System.Text;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter.Tests.Jit;

/// <summary>
/// One way of running a script: a <see cref="JitMode"/> and, for <see cref="JitMode.Auto"/>, its
/// threshold. <paramref name="Adjust"/> changes the options further (the harness's own tests use it
/// to make a tier that must be caught).
/// </summary>
internal sealed record Tier(string Name, JitMode Mode, int Threshold, Func<RunOptions, RunOptions>? Adjust = null)
{
    public static readonly Tier Interpreter = new("off", JitMode.Off, 16);

    /// <summary>The tiers compared with the interpreter: compiled from the start, and tiered up after one call.</summary>
    public static readonly Tier[] Compiled =
    {
        new("always", JitMode.Always, 16),
        new("auto (threshold 1)", JitMode.Auto, 1),
    };

    /// <summary>Options for this tier; on the calling thread, as the generated programs recurse at most a few hundred calls deep.</summary>
    public RunOptions Options(ScriptLimits limits)
    {
        var options = new RunOptions { Jit = Mode, JitThreshold = Threshold, Limits = limits, UseDedicatedThread = false };
        return Adjust is null ? options : Adjust(options);
    }

    public override string ToString() => Name;
}

/// <summary>
/// Everything observable about running a generated program in one tier, as text: the top level's
/// outcome (success, or the error's kind, code, message and span), its output, steps, allocated
/// bytes and final globals; then each direct function call's value or error and the steps counted
/// after it, and what the calls printed. Two tiers agree when their transcripts are equal.
/// </summary>
internal static class TierTranscript
{
    /// <summary>A guard against a tier that ignores the step limit; no generated program comes near it.</summary>
    private static readonly TimeSpan s_wallClock = TimeSpan.FromSeconds(30);

    public static string Of(Script script, GeneratedProgram program, Tier tier)
    {
        var limits = program.Limits with { Timeout = s_wallClock };
        var options = tier.Options(limits);
        var text = new StringBuilder();
        try
        {
            var result = script.Run(options);
            text.Append("run: ").Append(Describe(result.Error)).Append('\n');
            text.Append("steps: ").Append(result.Steps).Append(", allocated: ").Append(result.AllocatedBytes).Append('\n');
            foreach (var (name, variable) in result.Globals.OrderBy(g => g.Key, StringComparer.Ordinal))
                text.Append("global ").Append(name).Append(" = ").Append(variable).Append('\n');
            text.Append("output:\n").Append(result.Output);
        }
        catch (Exception e) when (e is not ScriptRuntimeException)
        {
            // Not hidden: Compare fails on any CRASH, with the exception and its stack.
            text.Append("run: CRASH ").Append(e).Append('\n');
        }

        text.Append("calls:\n");
        ScriptExecution? execution = null;
        try
        {
            execution = script.CreateExecution(options);
            foreach (var call in program.Calls)
            {
                var function = script.Program.FindFunction(call.Function)!;
                text.Append(call.Function).Append('(')
                    .Append(string.Join(", ", call.Arguments.Select((a, i) => Format(ScriptValue.FromScalar(a), function.Parameters[i].Type))))
                    .Append(") => ");
                ScriptRuntimeException? error = null;
                try
                {
                    var value = execution.CallFunction(call.Function, call.Arguments.Select(ScriptValue.FromScalar).ToArray());
                    text.Append(function.ReturnType.IsVoid ? "(void)" : Format(value, function.ReturnType));
                }
                catch (ScriptRuntimeException e)
                {
                    error = e;
                    text.Append(Describe(e));
                }
                text.Append(" [steps ").Append(execution.Steps).Append(", depth ").Append(execution.CallDepth).Append(", allocated ").Append(execution.AllocatedBytes).Append("]\n");
                if (error is { IsLimit: true }) break; // the execution is spent
            }
        }
        catch (Exception e) when (e is not ScriptRuntimeException)
        {
            text.Append("CRASH ").Append(e).Append('\n');
        }
        if (execution is not null) text.Append("call output:\n").Append(execution.Output);
        return text.ToString();
    }

    private static string Format(ScriptValue value, TypeSymbol type) => ValueFormatter.Format(value, type);

    private static string Describe(ScriptRuntimeException? error)
    {
        if (error is null) return "ok";
        var d = error.Diagnostic;
        return string.Create(CultureInfo.InvariantCulture,
            $"{error.Kind} {d.Code} at ({d.Line},{d.Column}) [{d.Span.Start}+{d.Span.Length}]: {d.Message}");
    }

    /// <summary>The first line where two transcripts differ, both versions, for a failure message.</summary>
    public static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "<end>";
            string y = i < b.Length ? b[i] : "<end>";
            if (x != y) return $"line {i + 1} of the transcript:\n  interpreter: {x}\n  this tier:   {y}";
        }
        return "(no difference)";
    }
}
