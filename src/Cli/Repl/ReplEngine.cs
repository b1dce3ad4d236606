using System.Globalization;
using DriverScript.Interpreter;
using DriverScript.Language;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;

namespace DriverScript.Cli.Repl;

/// <summary>Where the REPL reads lines from: the line editor when interactive, a reader when input is redirected.</summary>
internal interface IReplInput
{
    /// <summary>Reads one line after showing <paramref name="prompt"/> (when the input shows prompts); null at the end of input.</summary>
    string? ReadLine(string prompt);
}

/// <summary>Plain line-by-line reading (input redirected, or tests): no prompts, no editing, no history.</summary>
internal sealed class TextReaderInput(TextReader reader) : IReplInput
{
    public string? ReadLine(string prompt) => reader.ReadLine();
}

/// <summary>The REPL's <c>:</c> commands.</summary>
internal static class ReplCommands
{
    public static readonly string[] Names = [":help", ":load", ":reload", ":type", ":devices", ":regs", ":trace", ":reset", ":quit"];

    public const string Help = """
        Type declarations and statements; an expression shows its value and type (=> 120 : u32).
        Input continues on ...> while a bracket or the statement is open.
          :help          this list
          :load FILE     run a .drv file as one submission (its declarations stay; its tests do not run)
          :reload        reset, then load again every file loaded so far
          :type EXPR     the type of an expression, without running it
          :devices       the declared devices and the plugged ones
          :regs DEV      the registers of a plugged device (a variable holding plug(...), or a device name)
          :trace [N]     the last N events of the simulation's trace (default 20)
          :reset         forget everything and start a new simulation
          :quit          leave (also end of input)
        Ctrl-C stops the running statement.
        """;
}

/// <summary>
/// The REPL (LANGUAGE.md §14) over a <see cref="ScriptSession"/>: gathers lines until a submission
/// is complete, runs it, prints <c>=&gt; value : type</c>, diagnostics, and the <c>:</c> commands' output.
/// </summary>
internal sealed class ReplEngine : IDisposable
{
    public const string Prompt = "drv> ";
    public const string ContinuationPrompt = "...> ";
    public const int DefaultTraceEvents = 20;

    private readonly TextWriter _out;
    private readonly ScriptSessionOptions _options;
    private readonly List<string> _loaded = new();
    private readonly ScriptSession _session;
    private CancellationTokenSource? _running;
    private readonly object _gate = new();

    public ReplEngine(TextWriter stdout, ScriptSessionOptions? options = null)
    {
        _out = stdout;
        _options = (options ?? ScriptSessionOptions.Default) with { };
        _options = _options with { Run = _options.Run with { Output = stdout } };
        _session = new ScriptSession(_options);
    }

    public ScriptSession Session => _session;

    /// <summary>Reads and runs until <c>:quit</c> or the end of input. Returns the exit code (0).</summary>
    public int Run(IReplInput input)
    {
        while (true)
        {
            string? line = input.ReadLine(Prompt);
            if (line is null) return 0;
            if (line.TrimStart().StartsWith(':'))
            {
                if (!Command(line.Trim())) return 0;
                continue;
            }
            if (string.IsNullOrWhiteSpace(line)) continue;
            var text = new System.Text.StringBuilder(line);
            while (!Submission.IsComplete(text.ToString()))
            {
                string? more = input.ReadLine(ContinuationPrompt);
                if (more is null) break; // the end of input ends the submission too; the compiler reports what is missing
                text.Append('\n').Append(more);
            }
            Submit(text.ToString());
        }
    }

    /// <summary>Stops the running submission (Ctrl-C); returns false when nothing was running.</summary>
    public bool CancelRunning()
    {
        lock (_gate)
        {
            if (_running is null) return false;
            _running.Cancel();
            return true;
        }
    }

    /// <summary>Runs one submission and prints its outcome.</summary>
    public void Submit(string text)
    {
        var result = Guarded(() => _session.Submit(text, CurrentToken));
        if (result is not null) Report(result);
    }

    private CancellationToken CurrentToken => _running?.Token ?? CancellationToken.None;

    private SubmissionResult? Guarded(Func<SubmissionResult> run)
    {
        lock (_gate) _running = new CancellationTokenSource();
        try
        {
            return run();
        }
        finally
        {
            lock (_gate)
            {
                _running.Dispose();
                _running = null;
            }
        }
    }

    private void Report(SubmissionResult result)
    {
        foreach (var d in result.Submission.Diagnostics) _out.Write(DiagnosticFormatter.Format(d));
        if (result.Error is { } error)
        {
            _out.Write(DiagnosticFormatter.Format(error.Diagnostic));
            if (_session.Simulation?.Simulation.StopViolation is { } v)
            {
                _out.Write(CrashReport.Format(v, _session.Simulation.Simulation.Trace));
                _out.WriteLine("the simulated machine is stopped; :reset starts a new one");
            }
        }
        else if (result.FormattedValue is { } value)
        {
            _out.WriteLine($"=> {value} : {result.Type!.Name}");
        }
        _out.Flush();
    }

    /// <summary>Runs a <c>:</c> command; returns false for <c>:quit</c>.</summary>
    public bool Command(string line)
    {
        int space = line.IndexOf(' ');
        string name = space < 0 ? line : line[..space];
        string argument = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case ":quit" or ":q" or ":exit":
                return false;
            case ":help" or ":h" or ":?":
                _out.WriteLine(ReplCommands.Help.TrimEnd());
                break;
            case ":load":
                if (argument.Length == 0) _out.WriteLine(":load needs a file: :load FILE");
                else Load(argument);
                break;
            case ":reload":
                Reload();
                break;
            case ":type":
                TypeOf(argument);
                break;
            case ":devices":
                Devices();
                break;
            case ":regs":
                Registers(argument);
                break;
            case ":trace":
                Trace(argument);
                break;
            case ":reset":
                _session.Reset();
                _loaded.Clear();
                _out.WriteLine("session reset: nothing declared, no simulation");
                break;
            default:
                _out.WriteLine($"unknown command '{name}'; :help lists the commands");
                break;
        }
        _out.Flush();
        return true;
    }

    /// <summary>Loads a file as one submission (also the FILE argument of <c>drv repl</c>).</summary>
    public void Load(string path)
    {
        if (!File.Exists(path))
        {
            _out.WriteLine($"cannot read '{path}': the file does not exist");
            return;
        }
        SubmissionResult? result;
        try
        {
            result = Guarded(() => _session.SubmitFile(path, CurrentToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _out.WriteLine($"cannot read '{path}': {e.Message}");
            return;
        }
        if (result is null) return;
        Report(result);
        if (result.Succeeded)
        {
            if (!_loaded.Contains(path)) _loaded.Add(path);
            var program = result.Submission.Program!;
            int tests = program.Tests.Length;
            _out.WriteLine($"loaded {path}" + (tests > 0 ? $" ({Plural(tests, "test")} not run; drv test runs them)" : ""));
        }
    }

    private void Reload()
    {
        if (_loaded.Count == 0)
        {
            _out.WriteLine("nothing to reload: no file was loaded");
            return;
        }
        var files = _loaded.ToArray();
        _session.Reset();
        _loaded.Clear();
        foreach (var file in files) Load(file);
    }

    private void TypeOf(string expression)
    {
        if (expression.Length == 0)
        {
            _out.WriteLine(":type needs an expression: :type EXPR");
            return;
        }
        var submission = _session.Compile(expression);
        if (submission.HasErrors)
        {
            foreach (var d in submission.Diagnostics.Where(d => d.IsError)) _out.Write(DiagnosticFormatter.Format(d));
            return;
        }
        _out.WriteLine($"{expression.TrimEnd(';', ' ')} : {submission.Result?.Type.Name ?? "void"}");
    }

    private void Devices()
    {
        var declared = _session.Scope.Names.Values.OfType<DeviceSymbol>().OrderBy(d => d.Index).ToArray();
        var plugged = _session.Simulation?.PluggedDevices ?? Array.Empty<PluggedDeviceView>();
        if (declared.Length == 0 && plugged.Count == 0)
        {
            _out.WriteLine("no devices declared");
            return;
        }
        foreach (var d in declared)
            _out.WriteLine($"device {d.Name}" + (d.Hardware is { } h ? $" uses {h.Name}" : ""));
        for (int i = 0; i < plugged.Count; i++)
        {
            var p = plugged[i];
            string names = string.Join(", ", HandleNames(p));
            _out.WriteLine($"plugged #{i + 1}: {p.Device.Name}" + (p.Hardware is { } h ? $" with {h.Name}" : "")
                + $", {(p.Started ? "started" : "not started")}, {p.PowerState ?? "-"}" + (names.Length > 0 ? $" ({names})" : ""));
        }
    }

    private IEnumerable<string> HandleNames(PluggedDeviceView device) =>
        _session.Variables.Where(v => v.Value.Ref == device.Handle).Select(v => v.Name).Order(StringComparer.Ordinal);

    private void Registers(string name)
    {
        var simulation = _session.Simulation;
        if (name.Length == 0)
        {
            _out.WriteLine(":regs needs a device: :regs DEV (a variable holding plug(...), or a device name)");
            return;
        }
        PluggedDeviceView? device = null;
        if (simulation is not null)
        {
            var variable = _session.Variables.FirstOrDefault(v => v.Name == name);
            device = variable is not null
                ? simulation.FindPlugged(variable.Value)
                : simulation.PluggedDevices.LastOrDefault(p => p.Device.Name == name);
        }
        if (device is null)
        {
            _out.WriteLine($"'{name}' is not a plugged device (:devices lists them)");
            return;
        }
        if (device.Hardware is not { } hardware)
        {
            _out.WriteLine($"{device.Device.Name} was plugged without a hardware model: it has no registers");
            return;
        }
        var registers = device.Registers;
        _out.WriteLine($"{hardware.Name} registers of {name}:");
        int width = registers.Count == 0 ? 0 : registers.Max(r => r.Name.Length);
        foreach (var r in registers)
        {
            string digits = (r.WidthBytes * 2).ToString(CultureInfo.InvariantCulture);
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Name.PadRight(width)} @ 0x{r.Offset:X2} : u{r.WidthBytes * 8,-2} = 0x{r.Value.ToString("X" + digits, CultureInfo.InvariantCulture)} ({r.Value})"));
        }
    }

    private void Trace(string argument)
    {
        int count = DefaultTraceEvents;
        if (argument.Length > 0 && (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count <= 0))
        {
            _out.WriteLine(":trace takes a positive number of events: :trace [N]");
            return;
        }
        if (_session.Simulation?.Simulation.Trace is not { } trace)
        {
            _out.WriteLine("no simulation yet: nothing has run");
            return;
        }
        var events = trace.Events.TakeLast(count).ToArray();
        if (events.Length == 0) _out.WriteLine("the trace is empty");
        foreach (var e in events) _out.WriteLine(trace.Describe(e));
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    public void Dispose() => _session.Dispose();
}
