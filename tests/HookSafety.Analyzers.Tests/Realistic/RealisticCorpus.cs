using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Robustness;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Tests.Realistic;

/// <summary>
/// What the realistic measurements share (<see cref="RealisticSourcesTests"/>, <see cref="HoldoutTests"/>): a folder
/// of host sources (<c>Host</c>) and patches (<c>Patches</c>) compiled as one project and analyzed with every analyzer,
/// the <c>// expect: HS0001</c> comments parsed from them, and the findings matched against those by file, line and
/// rule. A <c>// limit: HS0003 why</c> comment marks a mistake that the rule's page says it does not see: no finding
/// is expected there, and the report lists those lines apart.
/// </summary>
internal static class RealisticCorpus
{
    public static readonly Regex Expectation = new(@"//\s*expect:\s*(?<ids>HS\d{4}(?:\s+HS\d{4})*)\s*$", RegexOptions.CultureInvariant);

    public static readonly Regex Limit = new(@"//\s*limit:\s*(?<id>HS\d{4})\s+(?<why>\S.*)$", RegexOptions.CultureInvariant);

    public static ImmutableArray<SourceFile> LoadFiles(string folder)
    {
        var host = Directory.GetFiles(Path.Combine(folder, "Host"), "*.cs").OrderBy(f => f, StringComparer.Ordinal);
        var patches = Directory.GetFiles(Path.Combine(folder, "Patches"), "*.cs").OrderBy(f => f, StringComparer.Ordinal);
        return host.Select(f => SourceFile.Read(f, isPatch: false))
            .Concat(patches.Select(f => SourceFile.Read(f, isPatch: true)))
            .ToImmutableArray();
    }

    /// <summary>Comments that name an expectation but do not parse as one (they would silently measure nothing).</summary>
    public static List<string> MalformedExpectations(ImmutableArray<SourceFile> files) => Malformed(files, "// expect", Expectation);

    /// <summary>Comments that name a documented limit but do not parse as one (<c>// limit: HS0003 why</c>).</summary>
    public static List<string> MalformedLimits(ImmutableArray<SourceFile> files) => Malformed(files, "// limit", Limit);

    private static List<string> Malformed(ImmutableArray<SourceFile> files, string marker, Regex form)
        => files.SelectMany(f => f.Lines.Select((text, i) => (f.Name, Line: i + 1, Text: text)))
            .Where(l => l.Text.Contains(marker, StringComparison.OrdinalIgnoreCase) && !form.IsMatch(l.Text))
            .Select(l => $"{l.Name}:{l.Line}: {l.Text.Trim()}")
            .ToList();

    /// <summary>The checks every realistic set makes of its files: enough patch files, safe and mistaken ones, the expected counts, no malformed comment.</summary>
    public static void AssertWellFormed(string folder, int minimumPatchFiles, int expectedFindings, int expectedLimits)
    {
        var files = LoadFiles(folder);
        var patches = files.Where(f => f.IsPatch).ToList();
        Xunit.Assert.True(patches.Count >= minimumPatchFiles, $"Expected at least {minimumPatchFiles} patch files under {folder}, found {patches.Count}.");
        Xunit.Assert.Contains(files, f => !f.IsPatch);
        Xunit.Assert.Contains(patches, f => f.Expected.Length == 0);
        Xunit.Assert.Contains(patches, f => f.Expected.Length > 0);
        Xunit.Assert.Equal(expectedFindings, files.Sum(f => f.Expected.Length));
        Xunit.Assert.Equal(expectedLimits, files.Sum(f => f.Limits.Length));

        // A comment that names a rule but does not parse would silently measure nothing.
        var malformed = MalformedExpectations(files).Concat(MalformedLimits(files)).ToList();
        Xunit.Assert.True(malformed.Count == 0, "Malformed expectation or limit comments:\n" + string.Join("\n", malformed));
    }

    /// <summary>
    /// Writes the report (to the output, and to <paramref name="reportPath"/> with <c>HS_UPDATE_REALISTIC=1</c>) and holds the
    /// measurement to the floors: something was expected, and neither precision nor recall went down.
    /// </summary>
    public static void AssertAtLeast(Measurement measurement, string report, string reportPath, double minimumPrecision, double minimumRecall, Xunit.Abstractions.ITestOutputHelper output)
    {
        output.WriteLine(report);
        if (System.Environment.GetEnvironmentVariable("HS_UPDATE_REALISTIC") == "1")
        {
            File.WriteAllText(reportPath, report);
        }

        Xunit.Assert.True(measurement.TruePositives + measurement.FalseNegatives > 0, "Nothing was expected: the measurement measures nothing.");
        Xunit.Assert.True(
            measurement.Precision >= minimumPrecision && measurement.Recall >= minimumRecall,
            $"Precision {measurement.Precision:F3} (at least {minimumPrecision:F2}) or recall {measurement.Recall:F3} (at least {minimumRecall:F2}) went down.\n{report}");
    }

    public static async Task<Measurement> MeasureAsync(ImmutableArray<SourceFile> files)
    {
        var solution = TestProject.Create(files.Select(f => f.Text).ToList(), editorConfig: null, Corpus.Analyzers);
        var (diagnostics, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);

        var names = Enumerable.Range(0, files.Length).ToDictionary(TestProject.DocumentPath, i => files[i], StringComparer.Ordinal);
        string Where(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            return names.TryGetValue(span.Path ?? "", out var file) ? $"{file.Name}:{span.StartLinePosition.Line + 1}" : $"(no file):{span.StartLinePosition.Line + 1}";
        }

        var errors = compiler.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{Where(d)}: {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}")
            .ToList();

        var found = diagnostics.Where(d => d.Id.StartsWith("HS", StringComparison.Ordinal))
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                var file = names.TryGetValue(span.Path ?? "", out var f) ? f.Name : "(no file)";
                return new Finding(file, span.StartLinePosition.Line + 1, d.Id, d.GetMessage(CultureInfo.InvariantCulture));
            })
            .ToList();
        return new Measurement(files, found, errors);
    }
}

internal sealed record SourceFile(
    string Name, string Text, ImmutableArray<string> Lines, bool IsPatch, ImmutableArray<(int Line, string Id)> Expected, ImmutableArray<(int Line, string Id, string Why)> Limits)
{
    public static SourceFile Read(string path, bool isPatch)
    {
        var text = File.ReadAllText(path);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToImmutableArray();
        var expected = lines
            .SelectMany((line, i) => RealisticCorpus.Expectation.Match(line) is { Success: true } m
                ? m.Groups["ids"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id => (i + 1, id))
                : Enumerable.Empty<(int, string)>())
            .ToImmutableArray();
        var limits = lines
            .Select((line, i) => (Match: RealisticCorpus.Limit.Match(line), Line: i + 1))
            .Where(l => l.Match.Success)
            .Select(l => (l.Line, l.Match.Groups["id"].Value, l.Match.Groups["why"].Value.Trim()))
            .ToImmutableArray();
        var name = (isPatch ? "Patches/" : "Host/") + Path.GetFileName(path);
        return new SourceFile(name, text, lines, isPatch, expected, limits);
    }
}

internal sealed record Finding(string File, int Line, string Id, string Message);

internal sealed class Measurement
{
    private readonly ImmutableArray<SourceFile> _files;
    private readonly List<Finding> _found;
    private readonly List<(string File, int Line, string Id)> _missed = new();
    private readonly List<Finding> _falseAlarms = new();
    private readonly List<Finding> _hits = new();

    public Measurement(ImmutableArray<SourceFile> files, List<Finding> found, List<string> compilerErrors)
    {
        _files = files;
        _found = found;
        CompilerErrors = compilerErrors;

        // Expectations and findings are multisets per (file, line, rule): n expected and m found make min(n, m) hits.
        var expected = files.SelectMany(f => f.Expected.Select(e => (f.Name, e.Line, e.Id)))
            .GroupBy(k => k)
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var group in found.GroupBy(f => (f.File, f.Line, f.Id)))
        {
            var wanted = expected.GetValueOrDefault(group.Key);
            _hits.AddRange(group.Take(wanted));
            _falseAlarms.AddRange(group.Skip(wanted));
            expected[group.Key] = Math.Max(0, wanted - group.Count());
        }

        foreach (var (key, left) in expected)
        {
            _missed.AddRange(Enumerable.Repeat(key, left));
        }

        _missed.Sort((a, b) => string.CompareOrdinal($"{a.File}:{a.Line:D4}:{a.Id}", $"{b.File}:{b.Line:D4}:{b.Id}"));
        _falseAlarms.Sort((a, b) => string.CompareOrdinal($"{a.File}:{a.Line:D4}:{a.Id}:{a.Message}", $"{b.File}:{b.Line:D4}:{b.Id}:{b.Message}"));
    }

    public List<string> CompilerErrors { get; }

    public int TruePositives => _hits.Count;

    public int FalsePositives => _falseAlarms.Count;

    public int FalseNegatives => _missed.Count;

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>The report in Markdown: <paramref name="title"/>, then <paramref name="intro"/>'s lines, given the number of patches, of patches with mistakes and of safe ones.</summary>
    public string Report(string title, Func<int, int, int, IEnumerable<string>> intro)
    {
        var text = new StringBuilder();
        var patches = _files.Where(f => f.IsPatch).ToList();
        var safe = patches.Where(f => f.Expected.Length == 0).ToList();
        text.AppendLine(title);
        text.AppendLine();
        foreach (var line in intro(patches.Count, patches.Count - safe.Count, safe.Count))
        {
            text.AppendLine(line);
        }

        text.AppendLine("A finding counts as a hit when its file, line and rule match a `// expect:` comment written from the rules' documented intent.");
        text.AppendLine();
        text.AppendLine("| expected | found | hits (TP) | false alarms (FP) | misses (FN) | precision | recall |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(FormattableString.Invariant($"| {TruePositives + FalseNegatives} | {TruePositives + FalsePositives} | {TruePositives} | {FalsePositives} | {FalseNegatives} | {Precision:F3} | {Recall:F3} |"));
        text.AppendLine();
        text.AppendLine("## By rule");
        text.AppendLine();
        text.AppendLine("| rule | expected | hits | false alarms | misses |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        var ids = _hits.Select(h => h.Id).Concat(_falseAlarms.Select(f => f.Id)).Concat(_missed.Select(m => m.Id)).Distinct().OrderBy(i => i, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var hits = _hits.Count(h => h.Id == id);
            var misses = _missed.Count(m => m.Id == id);
            text.AppendLine(FormattableString.Invariant($"| {id} | {hits + misses} | {hits} | {_falseAlarms.Count(f => f.Id == id)} | {misses} |"));
        }

        text.AppendLine();
        text.AppendLine($"## Misses ({FalseNegatives})");
        text.AppendLine();
        foreach (var (file, line, id) in _missed)
        {
            text.AppendLine($"- `{file}:{line}` {id}: `{SourceLine(file, line)}`");
        }

        text.AppendLine();
        text.AppendLine($"## False alarms ({FalsePositives})");
        text.AppendLine();
        foreach (var alarm in _falseAlarms)
        {
            text.AppendLine($"- `{alarm.File}:{alarm.Line}` {alarm.Id}: {alarm.Message}");
            text.AppendLine($"  - at `{SourceLine(alarm.File, alarm.Line)}`");
        }

        var limits = _files.SelectMany(f => f.Limits.Select(l => (File: f.Name, l.Line, l.Id, l.Why))).ToList();
        if (limits.Count > 0)
        {
            // Mistakes a rule's page says it does not see: no finding is expected there, so they count neither as hits
            // nor as misses; a finding of that rule on such a line is a false alarm above, and is marked here.
            text.AppendLine();
            text.AppendLine($"## Documented limits ({limits.Count}, not counted above)");
            text.AppendLine();
            foreach (var (file, line, id, why) in limits)
            {
                var there = _found.Any(f => f.File == file && f.Line == line && f.Id == id) ? $"reported anyway by {id}" : "not reported, as documented";
                text.AppendLine($"- `{file}:{line}` {id} ({there}): {why}");
                text.AppendLine($"  - at `{SourceLine(file, line)}`");
            }
        }

        text.AppendLine();
        text.AppendLine("## Files");
        text.AppendLine();
        text.AppendLine("| file | expected | hits | false alarms | misses |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var file in _files)
        {
            text.AppendLine($"| {file.Name} | {file.Expected.Length} | {_hits.Count(h => h.File == file.Name)} | {_falseAlarms.Count(f => f.File == file.Name)} | {_missed.Count(m => m.File == file.Name)} |");
        }

        return text.ToString();
    }

    private string SourceLine(string file, int line)
    {
        var source = _files.FirstOrDefault(f => f.Name == file);
        if (source is null || line < 1 || line > source.Lines.Length)
        {
            return "";
        }

        // The line as written, without its trailing expect/limit comment's reasoning (kept short for the report).
        var text = source.Lines[line - 1];
        var limit = RealisticCorpus.Limit.Match(text);
        if (limit.Success)
        {
            text = text[..limit.Index] + "// limit: " + limit.Groups["id"].Value;
        }

        return text.Trim().Replace("`", "'", StringComparison.Ordinal);
    }
}
