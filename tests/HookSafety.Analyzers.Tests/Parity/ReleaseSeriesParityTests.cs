using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.Hooks;
using HookSafety.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HookSafety.Analyzers.Tests.Parity;

/// <summary>
/// HS0018 and <c>PatchManager.Enable</c> must agree: a release is built, its summary is read from the built assembly, and
/// the next release's patch is both analyzed against that summary and enabled for real over the deployed release. The
/// analyzer reports an error exactly when the runtime refuses, in the runtime's own words.
/// </summary>
public sealed class ReleaseSeriesParityTests
{
    private const string Usings = "using HookSafety.Hooks;\n\n";

    private const string V1 = """
        [Patch("parser-fix", Cumulative = true)]
        [PatchState("parser-limits", 2)]
        [PatchState("parser-cache", 1)]
        public sealed class ParserFix : LivePatch { }
        """;

    private const string V1Partial = """
        [Patch("tuning")]
        [PatchState("tuning-level", 3)]
        public sealed class Tuning : LivePatch { }
        """;

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "cumulative, same states", V1, """[Patch("parser-fix-v2", Cumulative = true)] [PatchState("parser-limits", 2)] [PatchState("parser-cache", 1)] public sealed class ParserFixV2 : LivePatch { }""" },
        { "cumulative, higher and new states", V1, """[Patch("parser-fix-v2", Cumulative = true)] [PatchState("parser-limits", 3)] [PatchState("parser-cache", 1)] [PatchState("parser-new", 1)] public sealed class ParserFixV2 : LivePatch { }""" },
        { "cumulative, a state omitted", V1, """[Patch("parser-fix-v2", Cumulative = true)] [PatchState("parser-limits", 2)] public sealed class ParserFixV2 : LivePatch { }""" },
        { "cumulative, a state lowered", V1, """[Patch("parser-fix-v2", Cumulative = true)] [PatchState("parser-limits", 1)] [PatchState("parser-cache", 1)] public sealed class ParserFixV2 : LivePatch { }""" },
        { "non-cumulative, other states", V1, """[Patch("audit")] [PatchState("audit", 1)] public sealed class Audit : LivePatch { }""" },
        { "non-cumulative, a state lowered", V1Partial, """[Patch("tuning-v2")] [PatchState("tuning-level", 2)] public sealed class TuningV2 : LivePatch { }""" },
        { "non-cumulative, a state kept", V1Partial, """[Patch("tuning-v2")] [PatchState("tuning-level", 3)] public sealed class TuningV2 : LivePatch { }""" },
        { "cumulative, the release's own id again", V1, """[Patch("parser-fix", Cumulative = true)] [PatchState("parser-limits", 2)] [PatchState("parser-cache", 1)] public sealed class ParserFixAgain : LivePatch { }""" },
        { "non-cumulative, the release's id again", V1Partial, """[Patch("tuning")] [PatchState("tuning-level", 3)] public sealed class TuningAgain : LivePatch { }""" },
        { "cumulative over a non-cumulative release, state omitted", V1Partial, """[Patch("all", Cumulative = true)] public sealed class All : LivePatch { }""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnalyzerReportsAnError_ExactlyWhenTheRuntimeRefuses_InItsWords(string name, string release, string next)
    {
        var releaseImage = Emit(await CompileAsync(release, "Release1"));
        var summary = PatchSummaryFromMetadata.Read(releaseImage, "Release1.dll").ToJson();

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ReleaseSeriesAnalyzer());
        var solution = TestProject.Create(new[] { Usings + next }, editorConfig: null, analyzers, assemblyName: "Release2");
        var project = solution.Projects.Single();
        project = project.AddAdditionalDocument("v1.patches.json", summary).Project;
        var (diagnostics, compiler) = await TestProject.AnalyzeAsync(project.Solution, analyzers);
        Assert.DoesNotContain(compiler, d => d.Severity == DiagnosticSeverity.Error);
        var analyzerError = diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)?.GetMessage();

        var runtimeRefusal = EnableOver(releaseImage, Emit((await project.GetCompilationAsync())!));
        Assert.True(
            (analyzerError is null) == (runtimeRefusal is null),
            $"{name}: the analyzer {(analyzerError is null ? "reports nothing" : "reports: " + analyzerError)}; the runtime {(runtimeRefusal is null ? "enables the patch" : "refuses: " + runtimeRefusal)}");
        if (runtimeRefusal is not null)
        {
            Assert.EndsWith(runtimeRefusal, analyzerError, StringComparison.Ordinal);
        }
    }

    private static async Task<Compilation> CompileAsync(string source, string assemblyName)
        => (await TestProject.Create(new[] { Usings + source }, editorConfig: null, ImmutableArray<DiagnosticAnalyzer>.Empty, assemblyName: assemblyName).Projects.Single().GetCompilationAsync())!;

    private static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return stream.ToArray();
    }

    /// <summary>Deploys the release (its patches, by id) and enables the next release's patches over it; the refusal, or null.</summary>
    private static string? EnableOver(byte[] release, byte[] next)
    {
        var context = new AssemblyLoadContext("release-parity", isCollectible: true);
        try
        {
            var manager = new PatchManager();
            foreach (var image in new[] { release, next })
            {
                var assembly = context.LoadFromStream(new MemoryStream(image));
                foreach (var type in assembly.GetTypes().Where(t => !t.IsAbstract && t.GetCustomAttribute<PatchAttribute>() is not null).OrderBy(t => t.GetCustomAttribute<PatchAttribute>()!.Id, StringComparer.Ordinal))
                {
                    try
                    {
                        manager.Enable((LivePatch)Activator.CreateInstance(type)!);
                    }
                    catch (PatchIncompatibleException e) when (image == next)
                    {
                        return e.Message;
                    }
                }
            }

            RuntimeParityTests.DisableEveryPatch(manager);

            return null;
        }
        finally
        {
            context.Unload();
        }
    }
}
