using System.Reflection;

namespace DriverScript.Interpreter.Tests;

/// <summary>Dependencies run one way (STYLE.md): Language ← Interpreter → Framework → Hardware.</summary>
public class LayeringTests
{
    private static string[] OurReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("DriverScript.", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();

    [Fact]
    public void Hardware_depends_on_nothing_of_ours() =>
        OurReferences(typeof(DriverScript.Hardware.HardwareContext).Assembly).ShouldBeEmpty();

    [Fact]
    public void Language_depends_on_nothing_of_ours() =>
        OurReferences(typeof(DriverScript.Language.Compilation).Assembly).ShouldBeEmpty();

    [Fact]
    public void Framework_depends_on_nothing_of_ours_but_Hardware() =>
        OurReferences(Assembly.Load(new AssemblyName("DriverScript.Framework"))).ShouldBeSubsetOf(new[] { "DriverScript.Hardware" });
}
