using System.Text;
using DriverScript.Language.Lexing;

namespace DriverScript.Language.Tests.Parsing;

/// <summary>
/// Random input through the whole front end: the only acceptable outcomes are a result and
/// diagnostics, within a bounded time. Seeds are fixed so a failure reproduces.
/// </summary>
public class FuzzTests
{
    private static readonly TimeSpan s_perInputLimit = TimeSpan.FromSeconds(10);

    private static readonly string[] s_vocabulary = BuildVocabulary();

    private static string[] BuildVocabulary()
    {
        var words = new List<string>();
        foreach (TokenKind kind in Enum.GetValues<TokenKind>())
        {
            if (kind is TokenKind.EndOfFile or TokenKind.Identifier or TokenKind.Integer or TokenKind.Duration
                or TokenKind.String or TokenKind.Bytes) continue;
            words.Add(TokenFacts.Text(kind));
        }
        words.AddRange(new[]
        {
            "x", "req", "self", "hw", "u8", "u32", "u64", "i64", "bool", "bytes", "list", "request", "status", "STATUS_SUCCESS",
            "complete", "plug", "Echo", "read", "write", "default", "sequential", "rw", "ro", "w1c", "0", "1", "0xFF",
            "10us", "2s", "\"s\"", "b\"\\x01\"", "_", "d0_entry", "isr", "dpc", "expire", "sleep", "stall", "D3",
        });
        return words.ToArray();
    }

    private static void MustFinishWithDiagnostics(Func<Compilation> compile, string shown)
    {
        var task = Task.Run(compile);
        if (!task.Wait(s_perInputLimit))
            throw new TimeoutException($"the front end did not finish within {s_perInputLimit.TotalSeconds} s on:\n{shown}");
        // Any exception propagates out of Wait and fails the test with the input shown below.
        task.Result.Diagnostics.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_token_sequences_give_diagnostics_never_exceptions(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 750; i++)
        {
            int length = random.Next(1, 60);
            var text = new StringBuilder();
            for (int j = 0; j < length; j++)
            {
                text.Append(s_vocabulary[random.Next(s_vocabulary.Length)]);
                text.Append(random.Next(8) == 0 ? '\n' : ' ');
            }
            string source = text.ToString();
            try { MustFinishWithDiagnostics(() => Compilation.FromText("fuzz.drv", source), source); }
            catch (Exception e) when (e is not TimeoutException) { throw new Xunit.Sdk.XunitException($"seed {seed}, case {i}: {e}\ninput:\n{source}"); }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Mutated_examples_give_diagnostics_never_exceptions(int seed)
    {
        var random = new Random(seed);
        var examples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "*.drv", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        examples.ShouldNotBeEmpty();
        for (int i = 0; i < 500; i++)
        {
            var chars = examples[random.Next(examples.Length)].ToCharArray().ToList();
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits && chars.Count > 0; e++)
            {
                int at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars.RemoveRange(at, Math.Min(random.Next(1, 12), chars.Count - at)); break;
                    case 1: chars.InsertRange(at, s_vocabulary[random.Next(s_vocabulary.Length)]); break;
                    default: chars[at] = "{}()[];,.\"=<>!"[random.Next(14)]; break;
                }
            }
            string source = new(chars.ToArray());
            try { MustFinishWithDiagnostics(() => Compilation.FromText("fuzz.drv", source), source); }
            catch (Exception e) when (e is not TimeoutException) { throw new Xunit.Sdk.XunitException($"seed {seed}, case {i}: {e}\ninput:\n{source}"); }
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Random_bytes_give_diagnostics_never_exceptions(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 1000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            // Half the cases are mostly ASCII so they get past decoding into the lexer and parser.
            if (i % 2 == 0) for (int b = 0; b < bytes.Length; b++) bytes[b] = (byte)(bytes[b] % 0x7F + (bytes[b] % 0x7F == 0 ? 1 : 0));
            string shown = Convert.ToHexString(bytes);
            try { MustFinishWithDiagnostics(() => Compilation.FromBytes("fuzz.drv", bytes), shown); }
            catch (Exception e) when (e is not TimeoutException) { throw new Xunit.Sdk.XunitException($"seed {seed}, case {i}: {e}\nbytes: {shown}"); }
        }
    }

    [Fact]
    public void Invalid_utf8_is_DS0007_at_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("let x = 1;\nlet y = \"").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var d = Compilation.FromBytes("bad.drv", bytes).Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe("DS0007");
        (d.Line, d.Column).ShouldBe((2, 10));
    }

    [Fact]
    public void Binary_input_is_DS0007_not_a_crash()
    {
        var d = Compilation.FromBytes("bin.drv", new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x00, 0x00 }).Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe("DS0007");
        d.Message.ShouldContain("NUL");
    }
}
