using System.Collections.Immutable;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Symbols;

/// <summary>
/// What the type checker needs to know of a hardware model written in C# (a built-in such as
/// <c>QemuEdu</c>): its register names, widths and fields, memory windows and interrupt lines.
/// The language layer has no runtime; the interpreter describes its registered models with this.
/// </summary>
public sealed record ExternalHardwareModel(
    string Name,
    ImmutableArray<ExternalRegister> Registers,
    ImmutableArray<ExternalMemory> Memories,
    ImmutableArray<string> InterruptLines);

public sealed record ExternalRegister(string Name, ulong Offset, int WidthBits, AccessMode Access, ImmutableArray<ExternalField> Fields);

public sealed record ExternalField(string Name, int High, int Low, AccessMode Access);

public sealed record ExternalMemory(string Name, ulong Offset, ulong Size);
