using DriverScript.Interpreter.Jit;

namespace DriverScript.Interpreter.Tests.Tiering;

/// <summary>When bodies move to the IL tier (§12) and that they then run compiled.</summary>
public class TieringTests
{
    private const string Fact = """
        fn fact(n: u32) -> u32 {
            var r: u32 = 1;
            var i: u32 = 2;
            while i <= n { r = r * i; i += 1; }
            return r;
        }
        """;

    private static TieredBody Body(Script script, string function) =>
        (TieredBody)script.Prepared.Functions[script.Program.FindFunction(function)!.Index].Prepare().Body;

    [Fact]
    public void Auto_compiles_a_function_after_the_threshold_number_of_calls()
    {
        var script = Drv.Compile(Fact);
        var execution = script.CreateExecution(new RunOptions { Jit = JitMode.Auto, JitThreshold = 16 });
        for (int i = 0; i < 15; i++) execution.CallFunction("fact", ScriptValue.FromScalar(5)).Bits.ShouldBe(120UL);
        Body(script, "fact").IsCompiled.ShouldBeFalse();
        execution.CallFunction("fact", ScriptValue.FromScalar(5));
        Body(script, "fact").IsCompiled.ShouldBeTrue();
        execution.CallFunction("fact", ScriptValue.FromScalar(10)).Bits.ShouldBe(3628800UL);
        Body(script, "fact").Compiled!.Fallbacks.ShouldBe(0);
    }

    [Fact]
    public void Off_never_compiles_and_always_compiles_before_the_first_call()
    {
        var off = Drv.Compile(Fact);
        var execution = off.CreateExecution(new RunOptions { Jit = JitMode.Off });
        for (int i = 0; i < 100; i++) execution.CallFunction("fact", ScriptValue.FromScalar(5));
        Body(off, "fact").IsCompiled.ShouldBeFalse();

        var always = Drv.Compile(Fact);
        always.CreateExecution(new RunOptions { Jit = JitMode.Always }).CallFunction("fact", ScriptValue.FromScalar(12)).Bits.ShouldBe(479001600UL);
        Body(always, "fact").IsCompiled.ShouldBeTrue();
    }

    [Fact]
    public void A_body_that_loops_a_lot_is_compiled_before_the_call_threshold()
    {
        var script = Drv.Compile(Fact);
        var execution = script.CreateExecution(new RunOptions { Jit = JitMode.Auto, JitThreshold = 1000 });
        execution.CallFunction("fact", ScriptValue.FromScalar(20_000));
        Body(script, "fact").IsCompiled.ShouldBeTrue();
    }
}
