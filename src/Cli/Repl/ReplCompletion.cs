using DriverScript.Language.Binding;
using DriverScript.Language.Lexing;
using DriverScript.Language.Symbols;

namespace DriverScript.Cli.Repl;

/// <summary>
/// Tab completion for the REPL: after <c>x.</c> the members of what <c>x</c> is (a variable's type,
/// an enum's members, a device handle's <c>hw</c> registers and <c>state</c> fields); otherwise the
/// names in scope (declarations, variables), built-ins and keywords; after a leading <c>:</c> the commands.
/// </summary>
internal static class ReplCompletion
{
    /// <summary>
    /// Candidates for the identifier that ends <paramref name="textBeforeCursor"/>: whole identifiers
    /// (not the text before them), sorted, each starting with what was typed.
    /// </summary>
    public static IReadOnlyList<string> Candidates(SubmissionScope scope, string textBeforeCursor)
    {
        int start = textBeforeCursor.Length;
        while (start > 0 && IsIdentifierChar(textBeforeCursor[start - 1])) start--;
        string typed = textBeforeCursor[start..];

        if (textBeforeCursor.TrimStart().StartsWith(':'))
        {
            string command = textBeforeCursor.TrimStart();
            if (command.Contains(' ')) return Array.Empty<string>();
            return Filter(ReplCommands.Names.Select(n => n[1..]), typed);
        }

        if (start > 0 && textBeforeCursor[start - 1] == '.')
            return Filter(Members(scope, Chain(textBeforeCursor[..(start - 1)])), typed);

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in scope.Names.Keys) names.Add(name);
        foreach (var name in Binder.BuiltinNamesInScope()) names.Add(name);
        foreach (var name in TokenFacts.Keywords.Keys) names.Add(name);
        foreach (var type in new[] { "bool", "u8", "u16", "u32", "u64", "i32", "i64", "duration", "string", "bytes", "status" }) names.Add(type);
        return Filter(names, typed);
    }

    /// <summary>The dotted names before the final <c>.</c>: <c>"let x = dev.hw"</c> gives <c>["dev", "hw"]</c>.</summary>
    private static List<string> Chain(string text)
    {
        var parts = new List<string>();
        int end = text.Length;
        while (true)
        {
            int start = end;
            while (start > 0 && IsIdentifierChar(text[start - 1])) start--;
            if (start == end) return new List<string>(); // not a plain name chain (a call, an index...)
            parts.Insert(0, text[start..end]);
            if (start > 0 && text[start - 1] == '.') end = start - 1;
            else return parts;
        }
    }

    private static IEnumerable<string> Members(SubmissionScope scope, List<string> chain)
    {
        if (chain.Count == 0 || !scope.Names.TryGetValue(chain[0], out var symbol)) return Array.Empty<string>();
        if (chain.Count == 1)
        {
            return symbol switch
            {
                EnumTypeSymbol e => e.Members.Select(m => m.Name),
                GlobalSymbol g => Binder.MemberNames(g.Type),
                _ => Array.Empty<string>(),
            };
        }
        if (chain.Count == 2 && symbol is GlobalSymbol { Type: DeviceHandleTypeSymbol handle })
        {
            if (chain[1] == "hw" && (handle.Hardware ?? handle.Device?.Hardware) is { } hardware)
                return hardware.Registers.Select(r => r.Name).Concat(hardware.Memories.Select(m => m.Name))
                    .Concat(new[] { "read8", "read16", "read32", "read64", "write8", "write16", "write32", "write64" });
            if (chain[1] == "state" && handle.Device is { } device)
                return device.StateFields.Select(f => f.Name);
        }
        return Array.Empty<string>();
    }

    private static string[] Filter(IEnumerable<string> names, string typed) =>
        names.Where(n => n.StartsWith(typed, StringComparison.Ordinal) && !n.StartsWith('$')).Distinct().Order(StringComparer.Ordinal).ToArray();

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
