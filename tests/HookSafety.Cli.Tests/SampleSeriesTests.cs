using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HookSafety.Hooks;
using HookSafety.Shared;
using Xunit;

namespace HookSafety.Cli.Tests;

/// <summary>
/// The sample series (samples/HookSafety.Series), built by the solution before these tests: what its projects build is
/// what releases/ ships, its report is releases/series.md, and every transition the report gives is what
/// <c>PatchManager</c> does with the built release assemblies, loaded for real.
/// </summary>
public sealed class SampleSeriesTests
{
    private static readonly string[] Versions = { "V1", "V2", "V3" };

    private static string SeriesRoot { get; } = FindSeriesRoot();

    /// <summary>The build configuration of these tests, which the solution builds the samples in too.</summary>
    private static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string Built(string version, string extension) => Path.Combine(SeriesRoot, "ParserFix." + version, "bin", Configuration, "net10.0", "ParserFix." + version + extension);

    private static string Shipped(string version) => Path.Combine(SeriesRoot, "releases", version.ToLowerInvariant() + ".patches.json");

    [Fact]
    public void EachReleaseAsShipped_IsWhatItsProjectBuilds()
    {
        foreach (var version in Versions)
        {
            var built = Built(version, ".patches.json");
            Assert.True(File.Exists(built), $"The build did not write {built}.");
            Assert.True(File.ReadAllText(Shipped(version)) == File.ReadAllText(built),
                $"{Shipped(version)} differs from what ParserFix.{version} builds: copy {built} over it if the release changed on purpose.");
        }
    }

    [Fact]
    public void TheHost_WhichHasNoPatches_GetsNoSummary()
    {
        var hostOutput = Path.Combine(SeriesRoot, "ParserHost", "bin", Configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(hostOutput, "ParserHost.dll")), $"ParserHost was not built in {hostOutput}.");
        Assert.False(File.Exists(Path.Combine(hostOutput, "ParserHost.patches.json")));
    }

    [Fact]
    public void TheSeriesReport_IsReleasesSeriesMd_AndEveryUpgradeIsAllowed()
    {
        var result = SeriesFolder.Run(new[] { "series" }.Concat(Versions.Select(Shipped)).ToArray());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        // The committed report was made from the series folder, with relative paths.
        var report = result.Stdout.Replace(SeriesRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace('\\', '/');
        var committed = File.ReadAllText(Path.Combine(SeriesRoot, "releases", "series.md"));
        Assert.True(committed == report, "releases/series.md is not what 'hooksafety series' prints over releases/ (run it from samples/HookSafety.Series with -o releases/series.md):\n" + report);
        Assert.Contains("3 upgrades, 0 refused", report, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBuiltAssemblies_GiveTheSameReportAsTheirSummaries()
    {
        var fromSummaries = SeriesFolder.Run(new[] { "series", "--format", "json" }.Concat(Versions.Select(Shipped)).ToArray());
        var fromAssemblies = SeriesFolder.Run(new[] { "series", "--format", "json" }.Concat(Versions.Select(v => Built(v, ".dll"))).ToArray());

        Assert.Equal(0, fromAssemblies.ExitCode);
        Assert.Equal(Transitions(fromSummaries.Stdout), Transitions(fromAssemblies.Stdout));
    }

    /// <summary>
    /// Every transition of the report, done for real: the release assemblies loaded, releases 0..from enabled on a fresh
    /// manager in order, then release to enabled over them. The manager refuses exactly the transitions the report
    /// refuses, in the report's words.
    /// </summary>
    [Fact]
    public void EveryTransition_IsWhatPatchManagerDoes_WithTheReleasesLoaded()
    {
        var assemblies = Versions.Select(v => PatchAssembly.Load(Built(v, ".dll"))).ToList();
        Assert.Equal(6, CompareEveryTransition(assemblies));

        // Every patch disabled and no manager left: the releases unload (nothing of them stays in this frame).
        Assert.All(assemblies, a => Assert.True(a.TryUnload(TimeSpan.FromSeconds(10)), a.StillAliveBecause));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int CompareEveryTransition(List<PatchAssembly> assemblies)
    {
        var summaries = Versions.Select(v => PatchSummary.Parse(File.ReadAllText(Shipped(v)), v)).ToList();
        var compared = 0;
        foreach (var transition in ReleaseSeries.Transitions(summaries))
        {
            var manager = new PatchManager();
            // Upgrade i -> j and rollback j -> i alike: the field holds releases 0..from, then release to is enabled.
            for (var release = 0; release <= transition.From; release++)
            {
                foreach (var patch in assemblies[release].Patches)
                {
                    manager.Enable(patch);
                }
            }

            string? refusal = null;
            try
            {
                foreach (var patch in assemblies[transition.To].Patches)
                {
                    manager.Enable(patch);
                }
            }
            catch (PatchIncompatibleException e)
            {
                refusal = e.Message;
            }

            var expected = transition.Refusals.Count == 0 ? null : transition.Refusals[0].Message;
            Assert.True(expected == refusal, $"{transition.Kind} {Versions[transition.From]} -> {Versions[transition.To]}: the report says '{expected ?? "allowed"}', the manager '{refusal ?? "allowed"}'.");
            foreach (var id in manager.Enabled.Select(p => PatchIdOf(p)).Reverse().ToList())
            {
                manager.Disable(id);
            }

            compared++;
        }

        return compared;
    }

    private static string PatchIdOf(LivePatch patch)
        => ((PatchAttribute)Attribute.GetCustomAttribute(patch.GetType(), typeof(PatchAttribute))!).Id;

    /// <summary>The transitions in order, without the releases' names (a summary's is its file's, an assembly's its own).</summary>
    private static List<string> Transitions(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("transitions").EnumerateArray()
            .Select(t => $"{t.GetProperty("kind").GetString()} {t.GetProperty("result").GetString()} {t.GetProperty("refusals").GetArrayLength()} {t.GetProperty("dropped").GetArrayLength()}")
            .ToList();
    }

    private static string FindSeriesRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HookSafety.sln")))
            {
                return Path.Combine(directory.FullName, "samples", "HookSafety.Series");
            }
        }

        throw new InvalidOperationException("HookSafety.sln not found above " + AppContext.BaseDirectory);
    }
}
