namespace DriverScript.Language.Lexing;

/// <summary>
/// The keywords and the identifiers of one file, looked up by their characters in the source, so
/// each distinct name's text is allocated once and a keyword needs no string at all. Open
/// addressing over a power-of-two table; the caller computes the hash (<see cref="Step"/>) while it
/// scans the word.
/// </summary>
internal sealed class WordTable
{
    public const uint Seed = 2166136261;

    private string?[] _texts;
    private TokenKind[] _kinds;
    private uint[] _hashes;
    private int _count;

    public WordTable()
    {
        _texts = new string?[256];
        _kinds = new TokenKind[256];
        _hashes = new uint[256];
        AddKeywords();
    }

    /// <summary>How many slots the table has (a table that grew very large is not kept for reuse).</summary>
    public int Capacity => _texts.Length;

    /// <summary>FNV-1a, one character at a time.</summary>
    public static uint Step(uint hash, char c) => (hash ^ c) * 16777619;

    /// <summary>The kind and text of <paramref name="word"/>: a keyword, or an identifier (added if new).</summary>
    public TokenKind Find(ReadOnlySpan<char> word, uint hash, out string text)
    {
        int mask = _texts.Length - 1;
        int i = (int)(hash & (uint)mask);
        while (true)
        {
            var candidate = _texts[i];
            if (candidate is null) break;
            if (_hashes[i] == hash && word.SequenceEqual(candidate))
            {
                text = candidate;
                return _kinds[i];
            }
            i = (i + 1) & mask;
        }
        text = word.ToString();
        Insert(text, hash, TokenKind.Identifier);
        return TokenKind.Identifier;
    }

    /// <summary>Forgets the identifiers; the keywords stay.</summary>
    public void Reset()
    {
        Array.Clear(_texts);
        _count = 0;
        AddKeywords();
    }

    private void AddKeywords()
    {
        foreach (var (word, kind) in TokenFacts.Keywords)
        {
            uint hash = Seed;
            foreach (char c in word) hash = Step(hash, c);
            Insert(word, hash, kind);
        }
    }

    private void Insert(string text, uint hash, TokenKind kind)
    {
        if ((_count + 1) * 2 > _texts.Length) Grow();
        int mask = _texts.Length - 1;
        int i = (int)(hash & (uint)mask);
        while (_texts[i] is not null) i = (i + 1) & mask;
        _texts[i] = text;
        _hashes[i] = hash;
        _kinds[i] = kind;
        _count++;
    }

    private void Grow()
    {
        var texts = _texts;
        var kinds = _kinds;
        var hashes = _hashes;
        _texts = new string?[texts.Length * 2];
        _kinds = new TokenKind[texts.Length * 2];
        _hashes = new uint[texts.Length * 2];
        _count = 0;
        for (int i = 0; i < texts.Length; i++)
            if (texts[i] is { } text) Insert(text, hashes[i], kinds[i]);
    }
}
