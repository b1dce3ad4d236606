using DriverScript.Language.Binding;
using RadLine;
using Spectre.Console;

namespace DriverScript.Cli.Repl;

/// <summary>
/// Interactive input through RadLine: line editing, history (up/down, saved to <see cref="ReplHistory"/>)
/// and tab completion from <see cref="ReplCompletion"/> against the session's current scope.
/// </summary>
internal sealed class LineEditorInput : IReplInput
{
    private readonly ReplHistory _history;
    private readonly Func<SubmissionScope> _scope;

    public LineEditorInput(ReplHistory history, Func<SubmissionScope> scope)
    {
        _history = history;
        _scope = scope;
    }

    /// <summary>Whether the console can host the line editor (a terminal with ANSI support).</summary>
    public static bool IsSupported => !Console.IsInputRedirected && !Console.IsOutputRedirected && LineEditor.IsSupported(AnsiConsole.Console);

    public string? ReadLine(string prompt)
    {
        var editor = new LineEditor(AnsiConsole.Console, null, null)
        {
            Prompt = new LineEditorPrompt(Markup.Escape(prompt.TrimEnd()), Markup.Escape(ReplEngine.ContinuationPrompt.TrimEnd())),
            Completion = new Completion(_scope),
        };
        foreach (var entry in _history.Entries) editor.History.Add(entry);
        string? line = editor.ReadLine(CancellationToken.None).GetAwaiter().GetResult();
        if (line is null) return null;
        _history.Add(line);
        return line;
    }

    /// <summary>RadLine hands over the word at the cursor; candidates replace it whole (<c>dev.re</c> → <c>dev.read</c>).</summary>
    private sealed class Completion(Func<SubmissionScope> scope) : ITextCompletion
    {
        public IEnumerable<string> GetCompletions(string prefix, string word, string suffix)
        {
            int start = word.Length;
            while (start > 0 && (char.IsLetterOrDigit(word[start - 1]) || word[start - 1] == '_')) start--;
            string head = word[..start];
            return ReplCompletion.Candidates(scope(), prefix + word).Select(c => head + c);
        }
    }
}
