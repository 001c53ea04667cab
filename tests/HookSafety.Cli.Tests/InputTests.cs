using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using HookSafety.Hooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static HookSafety.Cli.Tests.SeriesFolder;

namespace HookSafety.Cli.Tests;

/// <summary>What the command reads (summaries and built assemblies) and how it refuses what it cannot: exit code 2, one line, no stack trace.</summary>
public sealed class InputTests : IDisposable
{
    private readonly SeriesFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void BuiltAssembly_IsReadFromItsMetadata_AndNamedByItsFileName()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 2)));
        var raised = _folder.CompilePatchAssembly("Acme.V2", """
            [Patch("fix-v2", Cumulative = true)]
            [PatchState("limits", 3)]
            public sealed class FixV2 : LivePatch { }
            """);
        var lowered = _folder.CompilePatchAssembly("Acme.V3", """
            namespace Acme;
            [Patch("fix-v3", Cumulative = true, Sticky = true)]
            [PatchState("limits", 1)]
            public sealed class FixV3 : LivePatch { }
            """);

        var allowed = Run("series", v1, raised, "--format", "json");
        var refused = Run("series", v1, raised, lowered, "--format", "json");

        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal(1, refused.ExitCode);
        using var json = JsonDocument.Parse(refused.Stdout);
        var releases = json.RootElement.GetProperty("releases");
        Assert.Equal(new[] { "v1", "Acme.V2", "Acme.V3" }, releases.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var patch = Assert.Single(releases[2].GetProperty("patches").EnumerateArray());
        Assert.Equal("Acme.FixV3", patch.GetProperty("type").GetString());
        Assert.True(patch.GetProperty("sticky").GetBoolean());
        var refusal = json.RootElement.GetProperty("transitions").EnumerateArray()
            .Single(t => t.GetProperty("from").GetString() == "Acme.V2" && t.GetProperty("to").GetString() == "Acme.V3")
            .GetProperty("refusals")[0];
        Assert.Equal("Cumulative patch 'fix-v3' (Acme.FixV3) declares state 'limits' in version 1, lower than the registered version 3. Declare it in version 3 or higher.",
            refusal.GetProperty("message").GetString());
    }

    [Fact]
    public void MalformedSummary_ExitsTwo_NamingTheFileAndWhere()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));
        var bad = _folder.Write("v2.patches.json", "{ \"schema\": \"hooksafety-patches/1\", \"assembly\": ");

        var result = Run("series", v1, bad);

        AssertUnusable(result, bad + " is not a patch summary: unexpected end at line 1, column");
    }

    [Fact]
    public void SummaryOfAnotherSchema_ExitsTwo()
    {
        var other = _folder.Write("v1.patches.json", "{ \"schema\": \"hooksafety-patches/9\" }");

        AssertUnusable(Run("series", other), other + " is a patch summary of schema \"hooksafety-patches/9\"");
    }

    [Fact]
    public void MissingFile_ExitsTwo()
    {
        var missing = Path.Combine(_folder.Path, "v9.patches.json");

        AssertUnusable(Run("series", missing), missing + ": no such file.");
    }

    [Fact]
    public void BinaryThatIsNotAnAssembly_ExitsTwo()
    {
        var junk = _folder.Write("v1.dll", Enumerable.Range(0, 600).Select(i => (byte)(i * 7)).ToArray());
        var text = _folder.Write("v2.dll", "MZ but not really");

        AssertUnusable(Run("series", junk), junk + " is not a .NET assembly");
        AssertUnusable(Run("series", text), text + " is not a .NET assembly");
    }

    [Fact]
    public void NoArguments_NoRelease_UnknownFormat_UnknownOption_ExitTwo()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));

        AssertUnusable(Run(), "hooksafety: ");
        AssertUnusable(Run("series"), "hooksafety: Required argument missing");
        AssertUnusable(Run("series", v1, "--format", "xml"), "hooksafety: unknown format 'xml' (expected markdown, json or sarif).");
        AssertUnusable(Run("series", "--verbose", v1), "hooksafety: unknown option '--verbose'.");
        AssertUnusable(Run("frobnicate"), "hooksafety: ");
    }

    [Fact]
    public void UnwritableOutput_ExitsTwo()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));

        AssertUnusable(Run("series", v1, "--output", Path.Combine(_folder.Path, "no", "such", "dir", "r.md")), "cannot be written");
    }

    [Fact]
    public void Help_ListsTheCommandAndItsOptions_AndExitsZero()
    {
        var help = Run("series", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("hooksafety series <release>... [options]", help.Stdout);
        Assert.Contains("--format", help.Stdout);
        Assert.Contains("--output", help.Stdout);
        Assert.Equal(0, Run("--help").ExitCode);
    }

    private static void AssertUnusable(CliResult result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("hooksafety: ", result.Stderr);
        Assert.Contains(message, result.Stderr);
        Assert.Equal(1, result.Stderr.Count(c => c == '\n'));
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
    }
}
