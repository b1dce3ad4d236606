using System.Collections.Immutable;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Tests;

/// <summary>
/// The type checker's view of the built-in C# hardware models, described here so language tests do
/// not depend on the interpreter. <see cref="QemuEdu"/> follows QEMU's <c>edu</c> device
/// (HARDWARE.md §2): 32-bit registers below 0x80, 64-bit DMA registers from 0x80, one line <c>irq</c>.
/// </summary>
/// <example>
/// <code>
/// var options = new CompilationOptions { HardwareModels = TestHardwareModels.All };
/// var compilation = Compilation.FromText("t.drv", "device D { uses QemuEdu; }", options);
/// </code>
/// </example>
internal static class TestHardwareModels
{
    public static ExternalHardwareModel QemuEdu { get; } = new(
        "QemuEdu",
        [
            Register("ID", 0x00, 32, AccessMode.ReadOnly),
            Register("LIVENESS", 0x04, 32, AccessMode.ReadWrite),
            Register("FACTORIAL", 0x08, 32, AccessMode.ReadWrite),
            Register("STATUS", 0x20, 32, AccessMode.ReadWrite,
                new ExternalField("computing", 0, 0, AccessMode.ReadOnly),
                new ExternalField("irq_on_done", 7, 7, AccessMode.ReadWrite)),
            Register("INT_STATUS", 0x24, 32, AccessMode.ReadOnly),
            Register("INT_RAISE", 0x60, 32, AccessMode.WriteOnly),
            Register("INT_ACK", 0x64, 32, AccessMode.WriteOnly),
            Register("DMA_SRC", 0x80, 64, AccessMode.ReadWrite),
            Register("DMA_DST", 0x88, 64, AccessMode.ReadWrite),
            Register("DMA_CNT", 0x90, 64, AccessMode.ReadWrite),
            Register("DMA_CMD", 0x98, 64, AccessMode.ReadWrite),
        ],
        ImmutableArray<ExternalMemory>.Empty,
        ["irq"]);

    /// <summary>Every built-in model, as <see cref="CompilationOptions.HardwareModels"/> expects them.</summary>
    public static ImmutableArray<ExternalHardwareModel> All { get; } = [QemuEdu];

    private static ExternalRegister Register(string name, ulong offset, int widthBits, AccessMode access, params ExternalField[] fields) =>
        new(name, offset, widthBits, access, [.. fields]);
}
