using System;
using System.IO;
using System.Linq;
using HookSafety.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HookSafety.Hooks.Tests.Series;

/// <summary>A built assembly's summary, read from its metadata without loading it.</summary>
public sealed class PatchSummaryFromMetadataTests
{
    private static byte[] Build(string source, string name)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var file && (file.StartsWith("System.", StringComparison.Ordinal) || file is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(LivePatch).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Host).Assembly.Location));
        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return image.ToArray();
    }

    [Fact]
    public void PatchesStatesAndReplacedPoints_AreRead_AsWritten()
    {
        var image = Build("""
            using HookSafety.Hooks;
            using HookSafety.Hooks.Tests;

            namespace Acme.Patches
            {
                [Patch("limits-v2", Cumulative = true)]
                [PatchState("limits", 2)]
                [PatchState("cache", version: 1)]
                public sealed class LimitsV2 : LivePatch
                {
                    [Replaces(typeof(Host), nameof(Host.Add))]
                    private static int Add(int x) => x + 2;

                    public static class Nested
                    {
                    }
                }

                [Patch("pinned", Sticky = true)]
                public sealed class Pinned : LivePatch
                {
                    [Patch("inner")]
                    public sealed class Inner : LivePatch { }
                }

                [Patch("abstract-base")]
                public abstract class Base : LivePatch { }

                public sealed class NotAPatch { }
            }
            """, "Acme.Release2");

        var summary = PatchSummaryFromMetadata.Read(image, "Acme.Release2.dll");
        Assert.Equal("Acme.Release2", summary.Assembly);
        Assert.Equal(new[] { "inner", "limits-v2", "pinned" }, summary.Patches.Select(p => p.Id));
        var limits = summary.Patches.Single(p => p.Id == "limits-v2");
        Assert.Equal("Acme.Patches.LimitsV2", limits.Type);
        Assert.True(limits.Cumulative);
        Assert.False(limits.Sticky);
        Assert.Equal(new[] { ("cache", 1), ("limits", 2) }, limits.States.Select(s => (s.Key, s.Value)));
        Assert.Equal(new[] { "HookSafety.Hooks.Tests.Host.Add" }, limits.Replaces);
        Assert.True(summary.Patches.Single(p => p.Id == "pinned").Sticky);
        Assert.Equal("Acme.Patches.Pinned.Inner", summary.Patches.Single(p => p.Id == "inner").Type);

        // What is read is what the summary file says, byte for byte, every time.
        Assert.Equal(summary.ToJson(), PatchSummaryFromMetadata.Read(image, "again").ToJson());
        Assert.Equal(summary.ToJson(), PatchSummary.Parse(summary.ToJson(), "round trip").ToJson());
    }

    [Fact]
    public void AnAssemblyWithoutPatches_HasAnEmptySummary_AndBytesThatAreNoAssembly_AreRefused()
    {
        Assert.Empty(PatchSummaryFromMetadata.Read(Build("public static class Helpers { }", "Plain"), "Plain.dll").Patches);
        var error = Assert.Throws<BadImageFormatException>(() => PatchSummaryFromMetadata.Read(new byte[] { 1, 2, 3 }, "junk.dll"));
        Assert.NotNull(error.Message);
    }
}
