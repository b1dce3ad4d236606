using System.Globalization;

namespace DriverScript.Hardware.Tests.Tracing;

/// <summary>
/// A small, independent VCD parser for tests: whitespace-separated tokens, IEEE 1364 §18 header
/// keywords and value changes. Strict where our writer must be (every keyword closed by $end,
/// identifiers declared before use, time never decreasing).
/// </summary>
internal sealed class VcdReader
{
    private VcdReader()
    {
    }

    public string? Timescale { get; private set; }

    public List<Signal> Signals { get; } = [];

    public long LastTime { get; private set; }

    public bool SawDumpvars { get; private set; }

    private Dictionary<string, List<Signal>> ById { get; } = new(StringComparer.Ordinal);

    public Signal this[string fullName] =>
        Signals.SingleOrDefault(s => s.FullName == fullName)
        ?? throw new KeyNotFoundException($"no signal {fullName}; have {string.Join(", ", Signals.Select(s => s.FullName))}");

    public static VcdReader Parse(string text)
    {
        var reader = new VcdReader();
        var tokens = text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var scopes = new Stack<string>();
        var i = 0;
        string Next() => i < tokens.Length ? tokens[i++] : throw new FormatException("unexpected end of VCD");
        List<string> UntilEnd()
        {
            var items = new List<string>();
            while (true)
            {
                var token = Next();
                if (token == "$end")
                {
                    return items;
                }

                if (token.StartsWith('$'))
                {
                    throw new FormatException($"keyword {token} inside a section that was not closed with $end");
                }

                items.Add(token);
            }
        }

        // Header.
        while (true)
        {
            var token = Next();
            switch (token)
            {
                case "$timescale":
                    reader.Timescale = string.Join(" ", UntilEnd());
                    break;
                case "$scope":
                    var scope = UntilEnd();
                    if (scope.Count != 2)
                    {
                        throw new FormatException("$scope takes a kind and a name");
                    }

                    scopes.Push(scope[1]);
                    break;
                case "$upscope":
                    UntilEnd();
                    scopes.Pop();
                    break;
                case "$var":
                    // The identifier may itself start with '$' (any printable ASCII), so take the four fixed tokens first.
                    var parts = new List<string> { Next(), Next(), Next(), Next() };
                    if (parts[3] == "$end")
                    {
                        throw new FormatException("$var takes a type, a width, an id and a name");
                    }

                    UntilEnd();

                    var id = parts[2];
                    if (id.Any(c => c < 33 || c > 126))
                    {
                        throw new FormatException($"identifier {id} is not printable ASCII");
                    }

                    var signal = new Signal(
                        string.Join(".", scopes.Reverse().Append(parts[3])),
                        parts[0],
                        int.Parse(parts[1], CultureInfo.InvariantCulture),
                        id);
                    reader.Signals.Add(signal);
                    if (!reader.ById.TryGetValue(id, out var list))
                    {
                        reader.ById[id] = list = [];
                    }

                    list.Add(signal);
                    break;
                case "$enddefinitions":
                    UntilEnd();
                    goto Body;
                default:
                    if (!token.StartsWith('$'))
                    {
                        throw new FormatException($"unexpected token {token} in the header");
                    }

                    SkipSection();
                    break;
            }
        }

    Body:
        long time = -1;
        while (i < tokens.Length)
        {
            var token = Next();
            if (token.StartsWith('#'))
            {
                var next = long.Parse(token[1..], CultureInfo.InvariantCulture);
                if (next < time)
                {
                    throw new FormatException($"time goes back from {time} to {next}");
                }

                time = next;
                reader.LastTime = time;
                continue;
            }

            switch (token)
            {
                case "$dumpvars":
                    reader.SawDumpvars = true;
                    continue;
                case "$dumpall" or "$dumpon" or "$dumpoff" or "$end":
                    continue;
                case "$comment":
                    SkipSection();
                    continue;
            }

            if (time < 0)
            {
                throw new FormatException($"value change {token} before any #time");
            }

            string value, target;
            switch (char.ToLowerInvariant(token[0]))
            {
                case 'b' or 'r' or 's':
                    value = token;
                    target = Next();
                    break;
                case '0' or '1' or 'x' or 'z':
                    value = token[..1];
                    target = token[1..];
                    break;
                default:
                    throw new FormatException($"unexpected value token {token}");
            }

            if (!reader.ById.TryGetValue(target, out var signals))
            {
                throw new FormatException($"value change for undeclared identifier {target}");
            }

            foreach (var signal in signals)
            {
                signal.Changes.Add((time, value));
            }
        }

        return reader;

        void SkipSection()
        {
            while (Next() != "$end")
            {
            }
        }
    }

    internal sealed class Signal(string fullName, string type, int width, string id)
    {
        public string FullName { get; } = fullName;

        public string Type { get; } = type;

        public int Width { get; } = width;

        public string Id { get; } = id;

        public List<(long Time, string Value)> Changes { get; } = [];

        /// <summary>Numeric values (scalars and b-vectors), x/z as null, with their times.</summary>
        public List<(long Time, ulong? Value)> Values() =>
            Changes.Select(c => (c.Time, Numeric(c.Value))).ToList();

        /// <summary>The value each timestamp ends with (a dump may restate a variable at its start time).</summary>
        public List<(long Time, ulong? Value)> Timeline() =>
            Values().GroupBy(v => v.Time).Select(g => (g.Key, g.Last().Value)).ToList();

        /// <summary>The value in force at <paramref name="time"/>.</summary>
        public ulong? ValueAt(long time) =>
            Changes.Where(c => c.Time <= time).Select(c => Numeric(c.Value)).LastOrDefault();

        private static ulong? Numeric(string value)
        {
            var digits = value.StartsWith('b') || value.StartsWith('B') ? value[1..] : value;
            if (digits.Any(c => c is not ('0' or '1')))
            {
                return null;
            }

            return Convert.ToUInt64(digits, 2);
        }
    }
}
