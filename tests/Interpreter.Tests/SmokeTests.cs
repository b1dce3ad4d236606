namespace DriverScript.Interpreter.Tests;

public class SmokeTests
{
    [Fact]
    public void Prints_arithmetic() => Drv.Output("let a: u8 = 250; let b: u8 = 10; print(a + b); print(1 + 2);").ShouldBe("4\n3");

    [Fact]
    public void Runs_a_function() =>
        Drv.Output("fn fact(n: u32) -> u32 { if n <= 1 { return 1; } return n * fact(n - 1); } print(fact(10));").ShouldBe("3628800");
}
