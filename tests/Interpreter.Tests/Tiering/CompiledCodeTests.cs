using System.Reflection;
using DriverScript.Interpreter.Jit;

namespace DriverScript.Interpreter.Tests.Tiering;

/// <summary>What compiled code may call, that it is collectible, and that limits still stop it (issue 6, items 2–3).</summary>
public class CompiledCodeTests
{
    internal const string ReloadSource = """
        fn work(n: u32) -> u32 { var t: u32 = 0; for i in 0..n { t = t * 31 + i; } return t; }
        print(work(100));
        """;

    private static readonly RunOptions Always = new() { Jit = JitMode.Always };

    private static IEnumerable<TieredBody> Bodies(Script script)
    {
        foreach (var f in script.Prepared.Functions)
            if (f.Code?.Body is TieredBody body) yield return body;
    }

    [Fact]
    public void Compiled_code_calls_only_the_runtimes_own_methods()
    {
        // Every construct the compiler handles itself, plus fallbacks (strings, lists, print).
        var script = Drv.Compile("""
            fn mix(a: u32, b: i64, c: u8) -> u64 {
                var total: u64 = 0;
                var x: u64 = (a as u64) * 3 + (b as u64) - (c as u64);
                x = x / 7 % 5 ^ 0xFF << 2 >> 1;
                if x > 10 && a != 0 || !(b < 0) { x += 1; } else if a == 3 { x -= 1; } else { x = ~x; }
                var i: u32 = 0;
                while i < a { i += 1; if i == 2 { continue; } if i > 5 { break; } total += i as u64; }
                for k in 0..c { total = total + (k as u64); }
                match a { 1 | 2 => { x = min(x, 3); } _ => { x = max(x, 4); } }
                let s: string = "n=" + "1";
                var l: list<u32> = [1, 2];
                l.push(a);
                print(s, len(l), -b);
                return x + total;
            }
            """);
        script.CreateExecution(Always).CallFunction("mix", ScriptValue.FromScalar(7), ScriptValue.FromSigned(-2), ScriptValue.FromScalar(3));
        var body = Bodies(script).ShouldHaveSingleItem();
        body.IsCompiled.ShouldBeTrue();
        var targets = body.Compiled!.CallTargets;
        targets.ShouldNotBeEmpty();
        var ours = typeof(Script).Assembly;
        foreach (var method in targets)
            method.DeclaringType!.Assembly.ShouldBe(ours, $"{method.DeclaringType}.{method.Name} is not the runtime's own");
        targets.ShouldNotContain(m => m.DeclaringType == typeof(object) || m.Name.Contains("Reflection", StringComparison.Ordinal));
    }

    [Fact]
    public void A_compiled_infinite_loop_is_stopped_by_the_step_limit_at_the_same_place_as_interpreted()
    {
        const string source = "fn spin() { var n: u64 = 0; while true { n += 1; } }\nspin();";
        var limits = ScriptLimits.Default with { MaxSteps = 10_000 };
        var interpreted = Drv.Error(source, new RunOptions { Jit = JitMode.Off, Limits = limits });
        var compiled = Drv.Error(source, new RunOptions { Jit = JitMode.Always, Limits = limits });
        compiled.Diagnostic.Code.ShouldBe("DS4001");
        compiled.Diagnostic.ToString().ShouldBe(interpreted.Diagnostic.ToString());
    }

    [Fact]
    public void A_compiled_infinite_loop_is_stopped_by_cancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var error = Drv.Error("fn spin() { var i: u32 = 0; while true { i += 1; } }\nspin();",
            new RunOptions { Jit = JitMode.Always, CancellationToken = cts.Token, Limits = ScriptLimits.Default with { MaxSteps = 0 } });
        error.Diagnostic.Code.ShouldBe("DS4005");
    }

    [Fact]
    public void Deep_recursion_in_compiled_code_stops_at_the_depth_limit()
    {
        var error = Drv.Error("fn down(n: u64) -> u64 { return down(n + 1) + 1; }\nprint(down(0));",
            new RunOptions { Jit = JitMode.Always, Limits = ScriptLimits.Default with { MaxDepth = 200 } });
        error.Diagnostic.Code.ShouldBe("DS4002");
    }


    [Fact]
    public void Statements_the_compiler_leaves_to_the_interpreter_see_and_change_the_same_locals()
    {
        // `with`/`after` need the simulation; `expect` and list/string code run through their prepared nodes.
        var output = Drv.Output("""
            fn f() -> u32 {
                var x: u32 = 5;
                var l: list<u32> = [x];
                l[0] += 1;
                x = l[0] + 1;
                expect x == 7;
                var s: string = "a";
                s += "b";
                if s == "ab" { x += 100; }
                return x;
            }
            print(f());
            """, Always);
        output.ShouldBe("107");
    }
}

/// <summary>Alone (no other test allocating meanwhile), so the process's memory says something.</summary>
[CollectionDefinition(nameof(SerialMemoryCollection), DisableParallelization = true)]
public sealed class SerialMemoryCollection;

[Collection(nameof(SerialMemoryCollection))]
public class CollectibleCodeTests
{
    private static readonly RunOptions Always = new() { Jit = JitMode.Always };

    [Fact]
    public void Reloading_a_script_a_thousand_times_keeps_memory_flat_and_collects_every_compiled_method()
    {
        var expected = Expected() + "\n";
        var methods = new List<WeakReference>();
        long Run(int times)
        {
            for (int i = 0; i < times; i++) methods.Add(LoadAndRun(expected));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        Run(50); // warm up: the runtime's own caches
        long after50 = Run(100);
        long after1050 = Run(1000);
        methods.Count.ShouldBe(1150);
        // Every compiled method of a dropped script is gone (they are collectible dynamic methods).
        methods.Count(m => m.IsAlive).ShouldBe(0);
        // Measured alone: +24 bytes for 1,000 more scripts; keeping each compiled body alive costs
        // ~16 KB a script (16 MB). 1 MB is far above the noise and far below any leak.
        (after1050 - after50).ShouldBeLessThan(1L << 20, $"{after50:N0} → {after1050:N0} bytes");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndRun(string expected)
    {
        var script = Script.Compile(CompiledCodeTests.ReloadSource, "reload.drv");
        script.Run(Always).Output.ShouldBe(expected);
        var body = (TieredBody)script.Prepared.Functions[0].Code!.Body;
        body.IsCompiled.ShouldBeTrue();
        return new WeakReference(body.Compiled!.Run);
    }

    private static string Expected()
    {
        uint t = 0;
        for (uint i = 0; i < 100; i++) t = unchecked(t * 31 + i);
        return t.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
