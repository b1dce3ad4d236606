using System.Globalization;
using System.Text;
using System.Xml;
using DriverScript.Interpreter;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Cli;

/// <summary>
/// <c>drv test --junit F.xml</c>: the results in the JUnit XML format CI servers read — a
/// <c>&lt;testsuite&gt;</c> per file, a <c>&lt;testcase&gt;</c> per test block, a <c>&lt;failure&gt;</c>
/// whose <c>message</c> is the diagnostic with its location (<c>file(line,col): error DSxxxx: ...</c>)
/// and whose text adds the source line and caret, and <c>&lt;system-out&gt;</c> with what the test printed.
/// A file that does not compile is a suite with one <c>&lt;error&gt;</c> case listing the diagnostics.
/// </summary>
internal sealed class JUnitReport
{
    private readonly List<Suite> _suites = [];

    private sealed record Suite(string File, IReadOnlyList<TestResult> Results, IReadOnlyList<Diagnostic> CompileErrors);

    public void AddFile(string file, IReadOnlyList<TestResult> results) => _suites.Add(new Suite(file, results, []));

    public void AddCompileErrors(string file, IReadOnlyList<Diagnostic> errors) => _suites.Add(new Suite(file, [], errors));

    public string ToXml()
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(text, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "drv test");
            xml.WriteAttributeString("tests", Count(s => s.Results.Count + (s.CompileErrors.Count > 0 ? 1 : 0)));
            xml.WriteAttributeString("failures", Count(s => s.Results.Count(r => !r.Passed)));
            xml.WriteAttributeString("errors", Count(s => s.CompileErrors.Count > 0 ? 1 : 0));
            xml.WriteAttributeString("time", Seconds(_suites.SelectMany(s => s.Results).Aggregate(TimeSpan.Zero, (t, r) => t + r.Elapsed)));
            foreach (var suite in _suites) WriteSuite(xml, suite);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"") + "\n";
    }

    private string Count(Func<Suite, int> count) => _suites.Sum(count).ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static void WriteSuite(XmlWriter xml, Suite suite)
    {
        bool broken = suite.CompileErrors.Count > 0;
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", suite.File);
        xml.WriteAttributeString("tests", (broken ? 1 : suite.Results.Count).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", suite.Results.Count(r => !r.Passed).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", broken ? "1" : "0");
        xml.WriteAttributeString("time", Seconds(suite.Results.Aggregate(TimeSpan.Zero, (t, r) => t + r.Elapsed)));
        if (broken)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", ScriptTestCases.CompileErrorsCase);
            xml.WriteAttributeString("classname", suite.File);
            xml.WriteAttributeString("time", "0.000");
            xml.WriteStartElement("error");
            xml.WriteAttributeString("message", suite.CompileErrors[0].ToString());
            xml.WriteAttributeString("type", suite.CompileErrors[0].Code);
            xml.WriteString(string.Concat(suite.CompileErrors.Select(DiagnosticFormatter.Format)));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        foreach (var result in suite.Results)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", result.Name);
            xml.WriteAttributeString("classname", suite.File);
            xml.WriteAttributeString("time", Seconds(result.Elapsed));
            if (!result.Passed)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", result.Failure!.ToString());
                xml.WriteAttributeString("type", result.Failure.Code);
                xml.WriteString(DiagnosticFormatter.Format(result.Failure));
                xml.WriteEndElement();
            }
            if (!string.IsNullOrEmpty(result.Output))
            {
                xml.WriteStartElement("system-out");
                xml.WriteString(result.Output);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }
}
