using System.Globalization;
using System.Text;
using DriverScript.Framework.Drivers;

namespace DriverScript.Framework.Tracing;

/// <summary>
/// Writes a <see cref="Trace"/> as Chrome/Perfetto trace JSON (HARDWARE.md §4): one process for the
/// machine, one thread per processor plus one for the host and hardware; callbacks as complete
/// (<c>X</c>) events on their processor with both names, IRQL per processor and each device's power
/// state as counter (<c>C</c>) tracks, register accesses, interrupts, requests, state transitions and
/// violations as instants (<c>i</c>), and ISR → DPC flows (<c>s</c>/<c>f</c>). The output depends only on
/// the trace: identical runs give identical bytes.
/// </summary>
/// <example>
/// <code>
/// File.WriteAllText("run.json", PerfettoExporter.Export(sim.Trace));   // open in ui.perfetto.dev
/// </code>
/// </example>
public static class PerfettoExporter
{
    private const int Pid = 1;

    /// <summary>The trace as JSON text.</summary>
    public static string Export(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var sb = new StringBuilder(1024 + trace.Count * 96);
        sb.Append("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        var first = true;

        void Begin()
        {
            if (!first)
            {
                sb.Append(",\n");
            }

            first = false;
        }

        // Metadata: the process, the host thread, and each processor seen.
        Begin();
        sb.Append("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":\"DriverScript simulation\"}}");
        Begin();
        sb.Append("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"thread_name\",\"args\":{\"name\":\"host and hardware\"}}");
        var processors = new SortedSet<int>();
        foreach (var e in trace.Events)
        {
            if (e.Processor >= 0)
            {
                processors.Add(e.Processor);
            }
        }

        foreach (var p in processors)
        {
            Begin();
            sb.Append("{\"ph\":\"M\",\"pid\":1,\"tid\":").Append(p + 1).Append(",\"name\":\"thread_name\",\"args\":{\"name\":\"CPU")
              .Append(p.ToString(CultureInfo.InvariantCulture)).Append("\"}}");
        }

        var open = new Dictionary<long, TraceEvent>();
        var lastTime = 0L;
        foreach (var e in trace.Events)
        {
            lastTime = e.Time;
            var tid = e.Processor + 1;
            switch (e.Kind)
            {
                case TraceEventKind.CallbackBegin:
                    open[e.Object] = e;
                    break;
                case TraceEventKind.CallbackEnd:
                    if (open.Remove(e.Object, out var begin))
                    {
                        Begin();
                        WriteComplete(sb, trace, begin, e.Time - begin.Time, e.A);
                    }

                    break;
                case TraceEventKind.Irql:
                    Begin();
                    sb.Append("{\"ph\":\"C\",\"pid\":1,\"tid\":").Append(tid).Append(",\"ts\":").Append(Micros(e.Time))
                      .Append(",\"name\":\"IRQL CPU").Append(e.Processor.ToString(CultureInfo.InvariantCulture)).Append("\",\"args\":{\"irql\":")
                      .Append(e.A.ToString(CultureInfo.InvariantCulture)).Append("}}");
                    break;
                case TraceEventKind.DevicePowerState:
                    Begin();
                    sb.Append("{\"ph\":\"C\",\"pid\":1,\"tid\":0,\"ts\":").Append(Micros(e.Time)).Append(",\"name\":");
                    WriteString(sb, "Dstate " + trace.GetString(e.Detail));
                    sb.Append(",\"args\":{\"D\":").Append(DLevel((WdfPowerDeviceState)e.A)).Append("}}");
                    break;
                case TraceEventKind.DpcQueued:
                    Begin();
                    sb.Append("{\"ph\":\"s\",\"pid\":1,\"tid\":").Append(tid).Append(",\"ts\":").Append(Micros(e.Time))
                      .Append(",\"cat\":\"irq\",\"name\":\"ISR->DPC\",\"id\":").Append(e.Object.ToString(CultureInfo.InvariantCulture)).Append('}');
                    break;
                case TraceEventKind.DpcStarted:
                    Begin();
                    sb.Append("{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":").Append(tid).Append(",\"ts\":").Append(Micros(e.Time))
                      .Append(",\"cat\":\"irq\",\"name\":\"ISR->DPC\",\"id\":").Append(e.Object.ToString(CultureInfo.InvariantCulture)).Append('}');
                    break;
                default:
                    Begin();
                    WriteInstant(sb, trace, e, tid);
                    break;
            }
        }

        // Callbacks still running when the trace ends (the machine stopped inside them).
        foreach (var begin in open.Values.OrderBy(b => b.Object))
        {
            Begin();
            WriteComplete(sb, trace, begin, lastTime - begin.Time, -1);
        }

        sb.Append("\n]}\n");
        return sb.ToString();
    }

    private static void WriteComplete(StringBuilder sb, Trace trace, in TraceEvent begin, long duration, long result)
    {
        var kind = (CallbackKind)begin.A;
        sb.Append("{\"ph\":\"X\",\"pid\":1,\"tid\":").Append(begin.Processor + 1).Append(",\"ts\":").Append(Micros(begin.Time))
          .Append(",\"dur\":").Append(Micros(duration)).Append(",\"cat\":\"wdf\",\"name\":");
        WriteString(sb, kind.ToString());
        sb.Append(",\"args\":{\"script\":");
        WriteString(sb, kind.Info().ScriptName);
        sb.Append(",\"object\":");
        WriteString(sb, trace.GetString(begin.Detail));
        sb.Append(",\"irql\":").Append(begin.B.ToString(CultureInfo.InvariantCulture));
        if (result >= 0)
        {
            sb.Append(",\"result\":");
            WriteString(sb, "0x" + result.ToString("X", CultureInfo.InvariantCulture));
        }

        sb.Append("}}");
    }

    private static void WriteInstant(StringBuilder sb, Trace trace, in TraceEvent e, int tid)
    {
        var scope = e.Kind is TraceEventKind.Violation ? "g" : "t";
        sb.Append("{\"ph\":\"i\",\"s\":\"").Append(scope).Append("\",\"pid\":1,\"tid\":").Append(tid).Append(",\"ts\":").Append(Micros(e.Time))
          .Append(",\"cat\":");
        WriteString(sb, Category(e.Kind));
        sb.Append(",\"name\":");
        switch (e.Kind)
        {
            case TraceEventKind.RegisterRead:
            case TraceEventKind.RegisterWrite:
                WriteString(sb, e.Kind == TraceEventKind.RegisterRead ? "mmio.r" : "mmio.w");
                sb.Append(",\"args\":{\"device\":");
                WriteString(sb, trace.GetString(e.Name));
                sb.Append(",\"by\":");
                WriteString(sb, trace.GetString(e.Detail));
                sb.Append(",\"off\":");
                WriteString(sb, "0x" + e.Object.ToString("X", CultureInfo.InvariantCulture));
                sb.Append(",\"val\":");
                WriteString(sb, "0x" + e.A.ToString("X", CultureInfo.InvariantCulture));
                sb.Append(",\"width\":").Append(e.B.ToString(CultureInfo.InvariantCulture)).Append("}}");
                return;
            case TraceEventKind.StateTransition:
                WriteString(sb, trace.GetString(e.Name));
                sb.Append(",\"args\":{\"device\":");
                WriteString(sb, trace.GetString(e.Detail));
                sb.Append(",\"machine\":");
                WriteString(sb, e.A switch { 0 => "PnP", 1 => "Power", _ => "PowerPolicy" });
                sb.Append(",\"from\":");
                WriteString(sb, trace.GetString((int)e.B));
                sb.Append(",\"event\":");
                WriteString(sb, e.Object >= 0 ? trace.GetString((int)e.Object) : "auto");
                sb.Append("}}");
                return;
            default:
                WriteString(sb, trace.Describe(e)[(trace.Describe(e).IndexOf("] ", StringComparison.Ordinal) + 2)..]);
                sb.Append('}');
                return;
        }
    }

    private static string Category(TraceEventKind kind) => kind switch
    {
        TraceEventKind.RegisterRead or TraceEventKind.RegisterWrite => "mmio",
        TraceEventKind.InterruptLine or TraceEventKind.InterruptMessage => "irq",
        TraceEventKind.StateTransition => "pnp",
        TraceEventKind.Violation => "verifier",
        TraceEventKind.RequestSubmitted or TraceEventKind.RequestCompleted => "io",
        TraceEventKind.FrameworkCall => "ddi",
        TraceEventKind.HostOperation => "host",
        _ => "note",
    };

    private static int DLevel(WdfPowerDeviceState state) => state switch
    {
        WdfPowerDeviceState.D0 => 0,
        WdfPowerDeviceState.D1 => 1,
        WdfPowerDeviceState.D2 => 2,
        WdfPowerDeviceState.D3 => 3,
        _ => 4,
    };

    /// <summary>Nanoseconds as microseconds with three decimals, exactly (no floating point).</summary>
    private static string Micros(long nanoseconds)
    {
        var sign = nanoseconds < 0 ? "-" : "";
        var abs = Math.Abs(nanoseconds);
        return sign + (abs / 1000).ToString(CultureInfo.InvariantCulture) + "." + (abs % 1000).ToString("D3", CultureInfo.InvariantCulture);
    }

    private static void WriteString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
