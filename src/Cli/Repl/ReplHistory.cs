namespace DriverScript.Cli.Repl;

/// <summary>
/// The REPL's history file: one typed line per line, the last <see cref="MaxEntries"/> kept. Its
/// place is <c>--history FILE</c>, else the <c>DRV_REPL_HISTORY</c> environment variable (empty: no
/// history file), else <c>DriverScript/repl_history</c> under the user's local application data
/// folder (<c>~/.local/share</c> on Linux, <c>%LOCALAPPDATA%</c> on Windows, <c>~/Library/Application Support</c> on macOS).
/// </summary>
internal sealed class ReplHistory
{
    public const string EnvironmentVariable = "DRV_REPL_HISTORY";
    public const int MaxEntries = 1000;

    private readonly List<string> _entries = new();

    public ReplHistory(string? path) => Path = path;

    /// <summary>The file, or null when history is not saved.</summary>
    public string? Path { get; }

    public IReadOnlyList<string> Entries => _entries;

    /// <summary>The history file to use given the option's value and the environment (see the class summary).</summary>
    public static string? Locate(string? option, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(option)) return option;
        string? fromEnvironment = environment(EnvironmentVariable);
        if (fromEnvironment is not null) return fromEnvironment.Length == 0 ? null : fromEnvironment;
        string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data)) return null;
        return System.IO.Path.Combine(data, "DriverScript", "repl_history");
    }

    /// <summary>Reads the saved entries; a missing or unreadable file is an empty history.</summary>
    public void Load()
    {
        if (Path is null || !File.Exists(Path)) return;
        try
        {
            foreach (var line in File.ReadAllLines(Path))
                if (line.Length > 0) _entries.Add(line);
            if (_entries.Count > MaxEntries) _entries.RemoveRange(0, _entries.Count - MaxEntries);
        }
        catch (IOException)
        {
            // History is a convenience: a file that cannot be read is left alone.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Adds a typed line (not blank, not a repeat of the last one) and saves the history.</summary>
    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || (_entries.Count > 0 && _entries[^1] == line)) return;
        _entries.Add(line);
        if (_entries.Count > MaxEntries) _entries.RemoveAt(0);
        Save();
    }

    private void Save()
    {
        if (Path is null) return;
        try
        {
            string? dir = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            File.WriteAllLines(Path, _entries);
        }
        catch (IOException)
        {
            // Not being able to save history must not end the session.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
