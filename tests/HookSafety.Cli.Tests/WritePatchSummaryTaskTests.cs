using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using HookSafety.Shared;
using HookSafety.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Xunit;

namespace HookSafety.Cli.Tests;

/// <summary>
/// The package's summary task (src/HookSafety.Tasks), run as MSBuild runs it: it writes what the tools read, leaves an
/// unchanged summary alone, writes none for an assembly without patches (and removes a stale one), and never fails the
/// build.
/// </summary>
public sealed class WritePatchSummaryTaskTests : IDisposable
{
    private const string Patch = """
        [Patch("parser-fix-v2", Cumulative = true)]
        [PatchState("parser-limits", 2)]
        public sealed class ParserFixV2 : LivePatch { }
        """;

    private readonly SeriesFolder _folder = new();
    private readonly Engine _engine = new();

    public void Dispose() => _folder.Dispose();

    private string SummaryPath => Path.Combine(_folder.Path, "out.patches.json");

    private (bool Result, WritePatchSummary Task) Run(string assembly)
    {
        var task = new WritePatchSummary { BuildEngine = _engine, Assembly = new TaskItem(assembly), SummaryPath = SummaryPath };
        return (task.Execute(), task);
    }

    [Fact]
    public void AnAssemblyWithPatches_GetsTheSummaryTheToolsRead()
    {
        var assembly = _folder.CompilePatchAssembly("ParserFix.V2", Patch);

        var (result, task) = Run(assembly);

        Assert.True(result);
        Assert.Equal(SummaryPath, task.Written);
        Assert.Empty(_engine.Warnings);
        var written = File.ReadAllText(SummaryPath);
        Assert.Equal(PatchSummaryFromMetadata.Read(File.ReadAllBytes(assembly), assembly).ToJson(), written);
        var summary = PatchSummary.Parse(written, SummaryPath);
        Assert.Equal("ParserFix.V2", summary.Assembly);
        var patch = Assert.Single(summary.Patches);
        Assert.Equal(("parser-fix-v2", true), (patch.Id, patch.Cumulative));
        Assert.Equal(new[] { new KeyValuePair<string, int>("parser-limits", 2) }, patch.States);
        Assert.False(File.Exists(SummaryPath + ".tmp"));
    }

    [Fact]
    public void AnUnchangedSummary_IsNotRewritten_AChangedOneIs()
    {
        var assembly = _folder.CompilePatchAssembly("ParserFix.V2", Patch);
        Run(assembly);
        var longAgo = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(SummaryPath, longAgo);

        Run(assembly);
        Assert.Equal(longAgo, File.GetLastWriteTimeUtc(SummaryPath));

        File.WriteAllText(SummaryPath, "{ }");
        Run(assembly);
        Assert.Equal(PatchSummaryFromMetadata.Read(File.ReadAllBytes(assembly), assembly).ToJson(), File.ReadAllText(SummaryPath));
    }

    [Fact]
    public void AnAssemblyWithoutPatches_GetsNoSummary_AndAStaleOneIsRemoved()
    {
        var host = _folder.CompilePatchAssembly("Host", "public static class Parser { public static int Depth; }");
        File.WriteAllText(SummaryPath, "left by an earlier build");

        var (result, task) = Run(host);

        Assert.True(result);
        Assert.Equal("", task.Written);
        Assert.False(File.Exists(SummaryPath));
        Assert.Empty(_engine.Warnings);
    }

    [Theory]
    [InlineData("junk")]
    [InlineData("missing")]
    public void AnAssemblyThatCannotBeRead_IsAWarning_NotAFailedBuild(string kind)
    {
        var assembly = Path.Combine(_folder.Path, "Broken.dll");
        if (kind == "junk")
        {
            File.WriteAllText(assembly, "not an assembly");
        }

        var (result, task) = Run(assembly);

        Assert.True(result);
        Assert.Equal("", task.Written);
        Assert.False(File.Exists(SummaryPath));
        var warning = Assert.Single(_engine.Warnings);
        Assert.Equal("HSB001", warning.Code);
        Assert.Contains("Broken.dll", warning.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void ASummaryThatCannotBeWritten_IsAWarning_NotAFailedBuild()
    {
        var assembly = _folder.CompilePatchAssembly("ParserFix.V2", Patch);
        Directory.CreateDirectory(SummaryPath); // a folder where the file should go

        var (result, task) = Run(assembly);

        Assert.True(result);
        Assert.Equal("", task.Written);
        Assert.Equal("HSB002", Assert.Single(_engine.Warnings).Code);
    }

    /// <summary>What MSBuild gives a task: here, a record of what it logs.</summary>
    private sealed class Engine : IBuildEngine
    {
        public List<BuildWarningEventArgs> Warnings { get; } = new();

        public List<BuildErrorEventArgs> Errors { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    }
}
