using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace HookSafety.Analyzers.Tests.Realistic;

/// <summary>
/// Measures HookSafety on patches written the way they are written in the field: a payment terminal service
/// (<c>Realistic/Sources/Host</c>) and thirty patches of it (<c>Realistic/Sources/Patches</c>), compiled as one project
/// and analyzed with every analyzer. Each line where a finding belongs says so in a trailing comment,
/// <c>// expect: HS0001</c> (several ids for several findings), written from the rules' documented intent, not from
/// what the analyzers report. A finding matches an expectation by file, line and rule; the test reports true positives,
/// false alarms and misses with precision and recall, and holds them to the values last measured.
/// Set <c>HS_UPDATE_REALISTIC=1</c> to write the report to <c>Realistic/Report.md</c>.
/// The parsing and matching live in <see cref="RealisticCorpus"/>, shared with <see cref="HoldoutTests"/>.
/// </summary>
public sealed class RealisticSourcesTests
{
    // Measured on 2026-12-02, rounded down to two decimals. Written before the analyzers followed values that travel:
    // 55 hits, 6 false alarms, 8 misses (precision 0.902, recall 0.873). With values that travel, ReaderWriterLockSlim,
    // SemaphoreSlim and Thread.Join (built from the issue, before these sources' results were read): 60 hits, 0 false
    // alarms, 3 misses (1.000, 0.952). With the dropped BCL handles and non-private property accessors in HS0007,
    // built after reading those misses: 63 hits, 0 false alarms, 0 misses (1.000, 1.000). They may only go up: never lower
    // them to let a change in. With precision at 1, the safe files are silent.
    private const double MinimumPrecision = 1.00;
    private const double MinimumRecall = 1.00;

    /// <summary>The findings the sources' comments expect, as written: the parser must find every one of them.</summary>
    private const int ExpectedFindingCount = 63;

    private const int MinimumPatchFiles = 30;

    private static readonly Lazy<Task<Measurement>> s_measurement = new(() => RealisticCorpus.MeasureAsync(RealisticCorpus.LoadFiles(SourcesFolder)));

    private readonly ITestOutputHelper _output;

    public RealisticSourcesTests(ITestOutputHelper output) => _output = output;

    private static string SourcesFolder => Path.Combine(Repository.Root, "tests", "HookSafety.Analyzers.Tests", "Realistic", "Sources");

    private static string ReportPath => Path.Combine(Repository.Root, "tests", "HookSafety.Analyzers.Tests", "Realistic", "Report.md");

    [Fact]
    public async Task Sources_CompileWithoutErrors()
    {
        var measurement = await s_measurement.Value;
        var errors = measurement.CompilerErrors;
        Assert.True(errors.Count == 0, "The realistic sources do not compile:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void ExpectationParser_FindsEveryPatchFile_AndEveryExpectation()
        => RealisticCorpus.AssertWellFormed(SourcesFolder, MinimumPatchFiles, ExpectedFindingCount, expectedLimits: 0);

    [Fact]
    public async Task PrecisionAndRecall_AreAtLeastTheMeasuredValues()
    {
        var measurement = await s_measurement.Value;
        var report = measurement.Report("# HookSafety on realistic patches", (patches, mistaken, safe) => new[]
        {
            "Written by `RealisticSourcesTests` (`HS_UPDATE_REALISTIC=1`): every analyzer over the payment terminal host and its",
            $"{patches} patches in `Realistic/Sources` ({mistaken} with mistakes, {safe} safe), compiled as one project.",
        });
        RealisticCorpus.AssertAtLeast(measurement, report, ReportPath, MinimumPrecision, MinimumRecall, _output);
    }
}
