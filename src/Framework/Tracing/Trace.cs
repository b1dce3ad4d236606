using System.Globalization;
using System.Text;
using DriverScript.Framework.Drivers;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tracing;

/// <summary>How much the trace keeps.</summary>
/// <param name="Enabled">Record at all.</param>
/// <param name="Capacity">0: keep every event; otherwise keep the last <c>Capacity</c> events (a ring, for bug-check reports).</param>
public sealed record TraceOptions(bool Enabled = true, int Capacity = 0)
{
    /// <summary>Everything, in memory.</summary>
    public static TraceOptions Full { get; } = new();

    /// <summary>The last 4096 events.</summary>
    public static TraceOptions Ring { get; } = new(true, 4096);

    /// <summary>Nothing.</summary>
    public static TraceOptions Off { get; } = new(false);
}

/// <summary>
/// The simulation's event record: every callback, framework call, register access, interrupt, state
/// transition, power change and violation, with virtual time and processor. Events are fixed-size
/// values stored in chunks (full mode) or a ring; strings live once in a table. Exported with
/// <see cref="PerfettoExporter"/>; identical runs give identical traces.
/// </summary>
/// <example>
/// <code>
/// foreach (var e in sim.Trace.Events) Console.WriteLine(sim.Trace.Describe(e));
/// File.WriteAllText("run.json", sim.Trace.ToPerfettoJson());
/// </code>
/// </example>
public sealed class Trace
{
    private const int ChunkShift = 14;
    private const int ChunkSize = 1 << ChunkShift;

    private readonly VirtualClock clock;
    private readonly List<string> strings = [""];
    private readonly Dictionary<string, int> stringIds = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<TraceEvent[]> chunks = [];
    private readonly TraceEvent[]? ring;
    private long count;
    private long nextInvocation;
    private TraceEvent[]? currentChunk;
    private int positionInChunk = ChunkSize;

    internal Trace(VirtualClock clock, TraceOptions options)
    {
        this.clock = clock;
        Options = options;
        Enabled = options.Enabled;
        if (options.Capacity > 0)
        {
            ring = new TraceEvent[options.Capacity];
        }

        CallbackNames = new int[Enum.GetValues<CallbackKind>().Length];
        foreach (var kind in Enum.GetValues<CallbackKind>())
        {
            CallbackNames[(int)kind] = Intern(kind.ToString());
        }

        DdiNames = new int[Enum.GetValues<Ddi>().Length];
        foreach (var ddi in Enum.GetValues<Ddi>())
        {
            DdiNames[(int)ddi] = Intern(ddi.Info().Name);
        }
    }

    /// <summary>The options the trace was made with.</summary>
    public TraceOptions Options { get; }

    /// <summary>Whether events are recorded; may be switched at run time.</summary>
    public bool Enabled { get; set; }

    /// <summary>The number of events recorded since the start (including those a ring dropped).</summary>
    public long TotalCount => count;

    /// <summary>The number of events held.</summary>
    public int Count => ring != null ? (int)Math.Min(count, ring.Length) : (int)count;

    internal int[] CallbackNames { get; }

    internal int[] DdiNames { get; }

    /// <summary>The events held, oldest first.</summary>
    public IEnumerable<TraceEvent> Events
    {
        get
        {
            var held = Count;
            var first = count - held;
            for (var i = first; i < count; i++)
            {
                yield return At(i);
            }
        }
    }

    /// <summary>The string with id <paramref name="id"/>.</summary>
    public string GetString(int id) => strings[id];

    /// <summary>The id of <paramref name="text"/>, adding it if new.</summary>
    public int Intern(string text)
    {
        if (!stringIds.TryGetValue(text, out var id))
        {
            id = strings.Count;
            strings.Add(text);
            stringIds.Add(text, id);
        }

        return id;
    }

    /// <summary>Forgets the events (keeps the string table and the storage, so refilling allocates nothing).</summary>
    public void Clear()
    {
        count = 0;
        currentChunk = null;
        positionInChunk = ChunkSize;
    }

    internal long NextInvocationId() => ++nextInvocation;

    internal void Add(TraceEventKind kind, int processor, int name, int detail, long obj, long a, long b)
    {
        if (!Enabled)
        {
            return;
        }

        var e = new TraceEvent(clock.Now, processor, kind, name, detail, obj, a, b);
        if (ring != null)
        {
            ring[count % ring.Length] = e;
        }
        else
        {
            if (positionInChunk == ChunkSize)
            {
                NextChunk();
            }

            currentChunk![positionInChunk++] = e;
        }

        count++;
    }

    private void NextChunk()
    {
        var chunk = (int)(count >> ChunkShift);
        if (chunk == chunks.Count)
        {
            chunks.Add(new TraceEvent[ChunkSize]);
        }

        currentChunk = chunks[chunk];
        positionInChunk = 0;
    }

    private TraceEvent At(long index) =>
        ring != null ? ring[index % ring.Length] : chunks[(int)(index >> ChunkShift)][index & (ChunkSize - 1)];

    /// <summary>Renders <paramref name="e"/> as one line of text.</summary>
    public string Describe(in TraceEvent e)
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(VirtualTime.Format(e.Time)).Append(' ')
          .Append(e.Processor >= 0 ? "CPU" + e.Processor.ToString(CultureInfo.InvariantCulture) : "host").Append("] ");
        var name = strings[e.Name];
        var detail = strings[e.Detail];
        switch (e.Kind)
        {
            case TraceEventKind.CallbackBegin:
                sb.Append("> ").Append(name).Append(" (").Append(((CallbackKind)e.A).Info().ScriptName).Append(") ").Append(detail)
                  .Append(" at ").Append(((Irql)e.B).Display());
                break;
            case TraceEventKind.CallbackEnd:
                sb.Append("< ").Append(name).Append(' ').Append(detail);
                if (e.A >= 0)
                {
                    sb.Append(" = ").Append(new NtStatus((uint)e.A).Name);
                }

                break;
            case TraceEventKind.FrameworkCall:
                sb.Append(name).Append('(').Append(detail).Append(')');
                if (e.A >= 0)
                {
                    sb.Append(" = ").Append(new NtStatus((uint)e.A).Name);
                }

                break;
            case TraceEventKind.RegisterRead:
            case TraceEventKind.RegisterWrite:
                sb.Append(e.Kind == TraceEventKind.RegisterRead ? "read" : "write").Append(e.B * 8).Append(' ')
                  .Append(name).Append("+0x").Append(e.Object.ToString("X", CultureInfo.InvariantCulture))
                  .Append(e.Kind == TraceEventKind.RegisterRead ? " -> 0x" : " <- 0x").Append(e.A.ToString("X", CultureInfo.InvariantCulture));
                if (detail.Length > 0)
                {
                    sb.Append(" by ").Append(detail);
                }

                break;
            case TraceEventKind.InterruptLine:
                sb.Append("line ").Append(detail).Append('.').Append(name).Append(e.A != 0 ? " asserted" : " deasserted");
                break;
            case TraceEventKind.InterruptMessage:
                sb.Append("message ").Append(detail).Append('.').Append(name).Append(" vector ").Append(e.A);
                break;
            case TraceEventKind.DpcQueued:
                sb.Append("queue DPC ").Append(name).Append(" (flow ").Append(e.Object).Append(')');
                break;
            case TraceEventKind.DpcStarted:
                sb.Append("DPC ").Append(name).Append(" starts (flow ").Append(e.Object).Append(')');
                break;
            case TraceEventKind.StateTransition:
                sb.Append(detail).Append(": ").Append(strings[(int)e.B]).Append(" -> ").Append(name);
                if (e.Object >= 0)
                {
                    sb.Append(" on ").Append(strings[(int)e.Object]);
                }

                break;
            case TraceEventKind.DevicePowerState:
                sb.Append(detail).Append(" power ").Append((WdfPowerDeviceState)e.A);
                break;
            case TraceEventKind.Irql:
                sb.Append("IRQL ").Append(((Irql)e.A).Display());
                break;
            case TraceEventKind.Violation:
                sb.Append("VIOLATION ").Append(name).Append(" 0x").Append(e.A.ToString("X", CultureInfo.InvariantCulture));
                break;
            case TraceEventKind.RequestSubmitted:
                sb.Append("submit request ").Append(e.Object).Append(' ').Append((Requests.RequestKind)e.A).Append(" length ").Append(e.B).Append(" to ").Append(detail);
                break;
            case TraceEventKind.RequestCompleted:
                sb.Append("request ").Append(e.Object).Append(" completed ").Append(new NtStatus((uint)e.A).Name).Append(", ").Append(e.B);
                break;
            case TraceEventKind.HostOperation:
                sb.Append("host ").Append(name).Append(' ').Append(detail);
                break;
            default:
                sb.Append(name);
                break;
        }

        return sb.ToString();
    }

    /// <summary>Every event held, one per line.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var e in Events)
        {
            sb.Append(Describe(e)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The trace as Chrome/Perfetto trace JSON; see <see cref="PerfettoExporter"/>.</summary>
    public string ToPerfettoJson() => PerfettoExporter.Export(this);
}
