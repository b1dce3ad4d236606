using System.Globalization;
using System.Text;

namespace DriverScript.Hardware.Tracing;

/// <summary>The VCD variable kinds the writer emits (IEEE 1364 §18 <c>$var</c> types, plus GTKWave's <c>string</c>).</summary>
public enum VcdVariableType
{
    /// <summary>A net; 1-bit lines.</summary>
    Wire,

    /// <summary>A register; multi-bit values.</summary>
    Reg,

    /// <summary>A named event: each change is a trigger, with no value.</summary>
    Event,

    /// <summary>GTKWave's string extension (not IEEE 1364); for state names.</summary>
    String,
}

/// <summary>A declared VCD variable: its identifier code, name and width.</summary>
public sealed class VcdVariable
{
    internal VcdVariable(int index, string id, string scope, string name, int width, VcdVariableType type)
    {
        Index = index;
        Id = id;
        Scope = scope;
        Name = name;
        Width = width;
        Type = type;
    }

    /// <summary>The declaration order.</summary>
    public int Index { get; }

    /// <summary>The identifier code (printable ASCII 33–126).</summary>
    public string Id { get; }

    /// <summary>The dotted scope path.</summary>
    public string Scope { get; }

    /// <summary>The reference name.</summary>
    public string Name { get; }

    /// <summary>The width in bits.</summary>
    public int Width { get; }

    /// <summary>The kind.</summary>
    public VcdVariableType Type { get; }

    internal string? Written { get; set; }

    internal string? Pending { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Scope}.{Name} ({Id})";
}

/// <summary>
/// Writes a Value Change Dump (IEEE 1364-2005 §18) with <c>$timescale 1 ns</c>: declarations,
/// <c>$enddefinitions</c>, a <c>$dumpvars</c> block of initial values, then <c>#time</c> blocks.
/// Changes at one time are coalesced (the last value of each variable wins, variables in declaration
/// order, unchanged values omitted; an event triggered several times in one nanosecond is one
/// trigger, as VCD can express no more), so the output depends only on the simulation, never on wall
/// time: there is no <c>$date</c>. Lines end with <c>\n</c> on every platform.
/// </summary>
/// <example>
/// <code>
/// using var vcd = new VcdWriter(File.CreateText("edu.vcd"));
/// vcd.BeginScope("edu");
/// var irq = vcd.Declare("irq", 1, VcdVariableType.Wire);
/// var status = vcd.Declare("INT_STATUS", 32, VcdVariableType.Reg);
/// vcd.EndScope();
/// vcd.EndDefinitions(startTime: 0);          // #0, then $dumpvars with x! and bx " (no SetInitial)
/// vcd.Change(100_000_000, irq, 1);           // #100000000 1!
/// vcd.Change(100_000_000, status, 0x100);    //            b100000000 "
/// </code>
/// </example>
public sealed class VcdWriter : IDisposable
{
    private readonly TextWriter output;
    private readonly bool ownsOutput;
    private readonly List<VcdVariable> variables = [];
    private readonly List<VcdVariable> dirty = [];
    private readonly Stack<string> scopes = new();
    private long currentTime = -1;
    private long lastStamp = -1;
    private bool definitionsEnded;
    private bool disposed;

    /// <summary>Starts a dump on <paramref name="output"/>, writing the header.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="version">The <c>$version</c> text.</param>
    /// <param name="ownsOutput">Whether <see cref="Dispose"/> disposes <paramref name="output"/>.</param>
    public VcdWriter(TextWriter output, string version = "DriverScript", bool ownsOutput = true)
    {
        this.output = output ?? throw new ArgumentNullException(nameof(output));
        this.ownsOutput = ownsOutput;
        Write($"$version {version} $end");
        Write("$timescale 1 ns $end");
    }

    /// <summary>The declared variables, in declaration order.</summary>
    public IReadOnlyList<VcdVariable> Variables => variables;

    /// <summary>Opens a <c>$scope module</c>.</summary>
    public void BeginScope(string name)
    {
        CheckDeclaring();
        var clean = CleanName(name);
        scopes.Push(clean);
        Write($"$scope module {clean} $end");
    }

    /// <summary>Closes the innermost scope (<c>$upscope</c>).</summary>
    public void EndScope()
    {
        CheckDeclaring();
        if (scopes.Count == 0)
        {
            throw new InvalidOperationException("no scope is open");
        }

        scopes.Pop();
        Write("$upscope $end");
    }

    /// <summary>Declares a variable in the current scope; its initial value is x until <see cref="SetInitial(VcdVariable, ulong)"/>.</summary>
    public VcdVariable Declare(string name, int width, VcdVariableType type)
    {
        CheckDeclaring();
        if (scopes.Count == 0)
        {
            throw new InvalidOperationException("declare variables inside a scope");
        }

        width = type switch
        {
            VcdVariableType.Event or VcdVariableType.String => 1,
            _ => width,
        };
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 64);
        var index = variables.Count;
        var scope = string.Join('.', scopes.Reverse());
        var variable = new VcdVariable(index, EncodeId(index), scope, CleanName(name), width, type);
        variables.Add(variable);
        var keyword = type switch
        {
            VcdVariableType.Wire => "wire",
            VcdVariableType.Reg => "reg",
            VcdVariableType.Event => "event",
            _ => "string",
        };
        Write($"$var {keyword} {width} {variable.Id} {variable.Name} $end");
        return variable;
    }

    /// <summary>Sets the value <see cref="EndDefinitions"/> dumps for <paramref name="variable"/>.</summary>
    public void SetInitial(VcdVariable variable, ulong value)
    {
        CheckDeclaring();
        variable.Pending = Format(variable, value);
    }

    /// <summary>Sets the string value <see cref="EndDefinitions"/> dumps for a <see cref="VcdVariableType.String"/> variable.</summary>
    public void SetInitial(VcdVariable variable, string value)
    {
        CheckDeclaring();
        variable.Pending = FormatString(variable, value);
    }

    /// <summary>Ends the header and writes <c>#startTime</c> with the <c>$dumpvars</c> block of initial values.</summary>
    public void EndDefinitions(long startTime)
    {
        CheckDeclaring();
        ArgumentOutOfRangeException.ThrowIfNegative(startTime);
        while (scopes.Count > 0)
        {
            EndScope();
        }

        Write("$enddefinitions $end");
        definitionsEnded = true;
        currentTime = startTime;
        Stamp(startTime);
        // One value per line: gtkwave's vcd2fst drops values written on the $dumpvars line itself.
        Write("$dumpvars");
        foreach (var variable in variables)
        {
            if (variable.Type == VcdVariableType.Event)
            {
                variable.Pending = null;
                continue;
            }

            var value = variable.Pending ?? (variable.Type == VcdVariableType.String ? FormatString(variable, "")
                : variable.Width == 1 ? "x" + variable.Id : "bx " + variable.Id);
            Write(value);
            variable.Written = value;
            variable.Pending = null;
        }

        Write("$end");
    }

    /// <summary>Records that <paramref name="variable"/> took <paramref name="value"/> at <paramref name="time"/> (an event variable triggers).</summary>
    /// <exception cref="InvalidOperationException">Before <see cref="EndDefinitions"/>, or <paramref name="time"/> goes backwards.</exception>
    public void Change(long time, VcdVariable variable, ulong value) => Record(time, variable, Format(variable, value));

    /// <summary>Records a string value (GTKWave extension; spaces are escaped as <c>\x20</c>).</summary>
    public void Change(long time, VcdVariable variable, string value) => Record(time, variable, FormatString(variable, value));

    /// <summary>Writes the changes pending at the current time and, if <paramref name="endTime"/> is later, a final <c>#endTime</c> marker.</summary>
    public void Flush(long? endTime = null)
    {
        CheckStarted();
        WritePending();
        if (endTime is { } end && end > currentTime)
        {
            currentTime = end;
            Stamp(end);
        }

        output.Flush();
    }

    /// <summary>Writes pending changes and closes the output if owned.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (definitionsEnded)
        {
            WritePending();
        }

        output.Flush();
        if (ownsOutput)
        {
            output.Dispose();
        }
    }

    /// <summary>The identifier code of the <paramref name="index"/>th variable: base 94 over '!'..'~', as pyvcd.</summary>
    public static string EncodeId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var id = new StringBuilder();
        do
        {
            id.Append((char)('!' + (index % 94)));
            index /= 94;
        }
        while (index > 0);
        return id.ToString();
    }

    private void Record(long time, VcdVariable variable, string formatted)
    {
        CheckStarted();
        if (time < currentTime)
        {
            throw new InvalidOperationException($"VCD time cannot go back from {currentTime} to {time}");
        }

        if (time > currentTime)
        {
            WritePending();
            currentTime = time;
        }

        if (variable.Pending == null)
        {
            dirty.Add(variable);
        }

        variable.Pending = formatted;
    }

    private void WritePending()
    {
        if (dirty.Count == 0)
        {
            return;
        }

        dirty.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        foreach (var variable in dirty)
        {
            var value = variable.Pending!;
            variable.Pending = null;
            if (variable.Type != VcdVariableType.Event && value == variable.Written)
            {
                continue;
            }

            Stamp(currentTime);

            Write(value);
            variable.Written = value;
        }

        dirty.Clear();
    }

    private static string Format(VcdVariable variable, ulong value)
    {
        switch (variable.Type)
        {
            case VcdVariableType.Event:
                return "1" + variable.Id;
            case VcdVariableType.String:
                throw new InvalidOperationException($"{variable.Name} is a string variable");
        }

        if (variable.Width < 64)
        {
            value &= (1UL << variable.Width) - 1;
        }

        if (variable.Width == 1)
        {
            return (value == 0 ? "0" : "1") + variable.Id;
        }

        return "b" + Convert.ToString(unchecked((long)value), 2) + " " + variable.Id;
    }

    private static string FormatString(VcdVariable variable, string value)
    {
        if (variable.Type != VcdVariableType.String)
        {
            throw new InvalidOperationException($"{variable.Name} is not a string variable");
        }

        var escaped = new StringBuilder("s");
        foreach (var c in value)
        {
            if (c is > ' ' and <= '~' and not '\\')
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append("\\x").Append(((int)c & 0xFF).ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return escaped.Append(' ').Append(variable.Id).ToString();
    }

    private static string CleanName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            clean.Append(c is > ' ' and <= '~' ? c : '_');
        }

        return clean.ToString();
    }

    private void CheckDeclaring()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (definitionsEnded)
        {
            throw new InvalidOperationException("the VCD header is already written");
        }
    }

    private void CheckStarted()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!definitionsEnded)
        {
            throw new InvalidOperationException("call EndDefinitions before recording changes");
        }
    }

    /// <summary>Writes <c>#time</c> unless it is already the last time written (changes at the start time follow <c>$dumpvars</c>).</summary>
    private void Stamp(long time)
    {
        if (time != lastStamp)
        {
            Write($"#{time.ToString(CultureInfo.InvariantCulture)}");
            lastStamp = time;
        }
    }

    private void Write(string text)
    {
        output.Write(text);
        output.Write('\n');
    }
}
