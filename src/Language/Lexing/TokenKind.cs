namespace DriverScript.Language.Lexing;

public enum TokenKind : byte
{
    EndOfFile,
    Identifier,
    Integer,
    Duration,
    String,
    Bytes,

    // Punctuation and operators
    LParen, RParen, LBrace, RBrace, LBracket, RBracket,
    Comma, Semicolon, Colon, Dot, DotDot, Arrow, FatArrow, At, Question,
    Bang, Tilde, Plus, Minus, Star, Slash, Percent,
    Amp, AmpAmp, Pipe, PipePipe, Caret, ShiftLeft, ShiftRight,
    Assign, EqualEqual, BangEqual, Less, LessEqual, Greater, GreaterEqual,
    PlusAssign, MinusAssign, StarAssign, SlashAssign, PercentAssign,
    AmpAssign, PipeAssign, CaretAssign, ShiftLeftAssign, ShiftRightAssign,

    // Keywords (LANGUAGE.md §2)
    KwConst, KwEnum, KwFn, KwHardware, KwDevice, KwTest, KwImport, KwState, KwQueue, KwRoute,
    KwInterrupt, KwTimer, KwWorkItem, KwSpinlock, KwWaitlock, KwPowerPolicy, KwRegisters, KwReg,
    KwField, KwMemory, KwOn, KwLet, KwVar, KwIf, KwElse, KwWhile, KwFor, KwIn, KwBreak, KwContinue,
    KwReturn, KwMatch, KwWith, KwExpect, KwExpectBugcheck, KwAfter, KwPulse, KwAs, KwTrue, KwFalse,
    KwNone, KwSelf, KwUses, KwLocked, KwWhen,
}

public static class TokenFacts
{
    private static readonly Dictionary<string, TokenKind> s_keywords = new(StringComparer.Ordinal)
    {
        ["const"] = TokenKind.KwConst, ["enum"] = TokenKind.KwEnum, ["fn"] = TokenKind.KwFn,
        ["hardware"] = TokenKind.KwHardware, ["device"] = TokenKind.KwDevice, ["test"] = TokenKind.KwTest,
        ["import"] = TokenKind.KwImport, ["state"] = TokenKind.KwState, ["queue"] = TokenKind.KwQueue,
        ["route"] = TokenKind.KwRoute, ["interrupt"] = TokenKind.KwInterrupt, ["timer"] = TokenKind.KwTimer,
        ["work_item"] = TokenKind.KwWorkItem, ["spinlock"] = TokenKind.KwSpinlock, ["waitlock"] = TokenKind.KwWaitlock,
        ["power_policy"] = TokenKind.KwPowerPolicy, ["registers"] = TokenKind.KwRegisters, ["reg"] = TokenKind.KwReg,
        ["field"] = TokenKind.KwField, ["memory"] = TokenKind.KwMemory, ["on"] = TokenKind.KwOn,
        ["let"] = TokenKind.KwLet, ["var"] = TokenKind.KwVar, ["if"] = TokenKind.KwIf, ["else"] = TokenKind.KwElse,
        ["while"] = TokenKind.KwWhile, ["for"] = TokenKind.KwFor, ["in"] = TokenKind.KwIn,
        ["break"] = TokenKind.KwBreak, ["continue"] = TokenKind.KwContinue, ["return"] = TokenKind.KwReturn,
        ["match"] = TokenKind.KwMatch, ["with"] = TokenKind.KwWith, ["expect"] = TokenKind.KwExpect,
        ["expect_bugcheck"] = TokenKind.KwExpectBugcheck, ["after"] = TokenKind.KwAfter, ["pulse"] = TokenKind.KwPulse,
        ["as"] = TokenKind.KwAs, ["true"] = TokenKind.KwTrue, ["false"] = TokenKind.KwFalse, ["none"] = TokenKind.KwNone,
        ["self"] = TokenKind.KwSelf, ["uses"] = TokenKind.KwUses, ["locked"] = TokenKind.KwLocked, ["when"] = TokenKind.KwWhen,
    };

    private static readonly Dictionary<TokenKind, string> s_text = BuildText();

    // The text of each kind by its number ("" for end of file and the kinds without a fixed text).
    private static readonly string[] s_fixedText = BuildFixedText();

    public static IReadOnlyDictionary<string, TokenKind> Keywords => s_keywords;

    public static bool TryGetKeyword(string text, out TokenKind kind) => s_keywords.TryGetValue(text, out kind);

    /// <summary>The fixed text of a punctuation or keyword kind; "" for end of file.</summary>
    internal static string FixedText(TokenKind kind) => s_fixedText[(int)kind];

    public static bool IsKeyword(TokenKind kind) => kind >= TokenKind.KwConst;

    /// <summary>The fixed text of a punctuation or keyword kind, or a description for the others.</summary>
    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Identifier => "a name",
        TokenKind.Integer => "an integer",
        TokenKind.Duration => "a duration",
        TokenKind.String => "a string",
        TokenKind.Bytes => "a byte string",
        _ => "'" + s_text[kind] + "'",
    };

    public static string Text(TokenKind kind) => s_text.TryGetValue(kind, out var t) ? t : kind.ToString();

    private static Dictionary<TokenKind, string> BuildText()
    {
        var d = new Dictionary<TokenKind, string>
        {
            [TokenKind.LParen] = "(", [TokenKind.RParen] = ")", [TokenKind.LBrace] = "{", [TokenKind.RBrace] = "}",
            [TokenKind.LBracket] = "[", [TokenKind.RBracket] = "]", [TokenKind.Comma] = ",", [TokenKind.Semicolon] = ";",
            [TokenKind.Colon] = ":", [TokenKind.Dot] = ".", [TokenKind.DotDot] = "..", [TokenKind.Arrow] = "->",
            [TokenKind.FatArrow] = "=>", [TokenKind.At] = "@", [TokenKind.Question] = "?", [TokenKind.Bang] = "!",
            [TokenKind.Tilde] = "~", [TokenKind.Plus] = "+", [TokenKind.Minus] = "-", [TokenKind.Star] = "*",
            [TokenKind.Slash] = "/", [TokenKind.Percent] = "%", [TokenKind.Amp] = "&", [TokenKind.AmpAmp] = "&&",
            [TokenKind.Pipe] = "|", [TokenKind.PipePipe] = "||", [TokenKind.Caret] = "^", [TokenKind.ShiftLeft] = "<<",
            [TokenKind.ShiftRight] = ">>", [TokenKind.Assign] = "=", [TokenKind.EqualEqual] = "==",
            [TokenKind.BangEqual] = "!=", [TokenKind.Less] = "<", [TokenKind.LessEqual] = "<=", [TokenKind.Greater] = ">",
            [TokenKind.GreaterEqual] = ">=", [TokenKind.PlusAssign] = "+=", [TokenKind.MinusAssign] = "-=",
            [TokenKind.StarAssign] = "*=", [TokenKind.SlashAssign] = "/=", [TokenKind.PercentAssign] = "%=",
            [TokenKind.AmpAssign] = "&=", [TokenKind.PipeAssign] = "|=", [TokenKind.CaretAssign] = "^=",
            [TokenKind.ShiftLeftAssign] = "<<=", [TokenKind.ShiftRightAssign] = ">>=",
        };
        foreach (var (text, kind) in s_keywords) d[kind] = text;
        return d;
    }

    private static string[] BuildFixedText()
    {
        var texts = new string[Enum.GetValues<TokenKind>().Length];
        Array.Fill(texts, "");
        foreach (var (kind, text) in s_text) texts[(int)kind] = text;
        return texts;
    }
}
