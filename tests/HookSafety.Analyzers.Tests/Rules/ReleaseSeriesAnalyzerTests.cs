using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Rules.ReleaseSeriesAnalyzer>;

namespace HookSafety.Analyzers.Tests.Rules;

/// <summary>
/// HS0018: the project's patches against the releases it lists (summaries as additional files, in release order), by
/// the runtime's own states rule.
/// </summary>
public sealed class ReleaseSeriesAnalyzerTests
{
    private const string Usings = "using HookSafety.Hooks;\n\n";

    /// <summary>A release summary with one patch.</summary>
    private static string Release(string assembly, string id, bool cumulative, bool sticky = false, params (string Id, int Version)[] states)
        => new PatchSummary(assembly, new[]
        {
            new PatchEntry(id, "Acme." + assembly, cumulative, sticky, states.Select(s => new System.Collections.Generic.KeyValuePair<string, int>(s.Id, s.Version)), System.Array.Empty<string>()),
        }).ToJson();

    private static Task Verify(string source, (string Name, string Text)[] releases, params DiagnosticResult[] expected)
        => Verify(source, releases, globalConfig: null, expected);

    /// <summary><paramref name="globalConfig"/>: item metadata as the compiler hands it over (the package's targets).</summary>
    private static Task Verify(string source, (string Name, string Text)[] releases, string? globalConfig, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test();
        test.TestState.Sources.Add(Usings + source);
        foreach (var release in releases)
        {
            test.TestState.AdditionalFiles.Add(release);
        }

        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static readonly (string, string)[] V1 = { ("v1.patches.json", Release("ParserFix.V1", "parser-fix", cumulative: true, states: new[] { ("parser-limits", 2), ("parser-cache", 1) })) };

    // ---- flagged ----

    [Fact]
    public Task ACumulativePatchOmittingAReleasedState_IsAnError_OnItsPatchAttribute() => Verify("""
        [{|#0:Patch("parser-fix-v2", Cumulative = true)|}]
        [PatchState("parser-limits", 2)]
        public sealed class ParserFixV2 : LivePatch { }
        """, V1,
        VerifyCS.Diagnostic(Descriptors.ReleaseRefused).WithLocation(0).WithMessage(
            "'parser-fix-v2' cannot be enabled where release 'v1.patches.json' (ParserFix.V1) is: Cumulative patch 'parser-fix-v2' (ParserFixV2) does not declare state 'parser-cache' (registered in version 1). "
            + "A cumulative patch takes every registered state over: add [PatchState(\"parser-cache\", version: 1)] or higher."));

    [Fact]
    public Task ACumulativePatchLoweringAReleasedState_IsAnError_OnThatState() => Verify("""
        [Patch("parser-fix-v2", Cumulative = true)]
        [{|#0:PatchState("parser-limits", 1)|}]
        [PatchState("parser-cache", 1)]
        public sealed class ParserFixV2 : LivePatch { }
        """, V1,
        VerifyCS.Diagnostic(Descriptors.ReleaseRefused).WithLocation(0).WithArguments("parser-fix-v2", "v1.patches.json", "ParserFix.V1",
            "Cumulative patch 'parser-fix-v2' (ParserFixV2) declares state 'parser-limits' in version 1, lower than the registered version 2. Declare it in version 2 or higher."));

    [Fact]
    public Task ANonCumulativePatchDeclaringAReleasedStateLower_IsAnError() => Verify("""
        [Patch("cache-tune")]
        [{|#0:PatchState("parser-cache", 0 + 1)|}]
        public sealed class CacheTune : LivePatch { }
        """, new[] { ("v1.patches.json", Release("ParserFix.V1", "parser-fix", cumulative: false, states: new[] { ("parser-cache", 3) })) },
        VerifyCS.Diagnostic(Descriptors.ReleaseRefused).WithLocation(0).WithArguments("cache-tune", "v1.patches.json", "ParserFix.V1",
            "Patch 'cache-tune' (CacheTune) declares state 'parser-cache' in version 1, lower than the registered version 3. Declare it in version 3 or higher, or disable the patches that registered it."));

    [Fact]
    public void Releases_AreOrderedByFileName_NumbersAsNumbers()
        => Assert.Equal(new[] { "v1.patches.json", "v2.patches.json", "v10.patches.json", "v10a.patches.json", "w.patches.json" },
            new[] { "v10.patches.json", "w.patches.json", "v2.patches.json", "v10a.patches.json", "v1.patches.json" }.OrderBy(n => n, ReleaseSeriesAnalyzer.ReleaseOrder.Instance));

    [Fact]
    public Task EachReleaseTheFieldMayRun_IsChecked_InReleaseOrder() => Verify("""
        [{|#0:Patch("third", Cumulative = true)|}]
        [PatchState("a", 1)]
        public sealed class Third : LivePatch { }
        """, new[]
        {
            ("v10.patches.json", Release("R2", "second", cumulative: false, states: new[] { ("b", 1) })),
            ("v9.patches.json", Release("R1", "first", cumulative: false, states: new[] { ("a", 1) })),
        },
        VerifyCS.Diagnostic(Descriptors.ReleaseRefused).WithLocation(0).WithArguments("third", "v10.patches.json", "R2",
            "Cumulative patch 'third' (Third) does not declare state 'b' (registered in version 1). A cumulative patch takes every registered state over: add [PatchState(\"b\", version: 1)] or higher."));

    [Fact]
    public Task AMalformedSummary_IsAWarningOnTheFile_AndTheOthersAreStillChecked() => Verify("""
        [{|#0:Patch("parser-fix-v2", Cumulative = true)|}]
        public sealed class ParserFixV2 : LivePatch { }
        """, new[] { ("broken.patches.json", "{ \"schema\": "), V1[0] },
        VerifyCS.Diagnostic(Descriptors.ReleaseUnreadable).WithSpan("broken.patches.json", 1, 1, 1, 1).WithArguments("broken.patches.json", "broken.patches.json is not a patch summary: unexpected end at line 1, column 13"),
        VerifyCS.Diagnostic(Descriptors.ReleaseRefused).WithLocation(0).WithArguments("parser-fix-v2", "v1.patches.json", "ParserFix.V1",
            "Cumulative patch 'parser-fix-v2' (ParserFixV2) does not declare state 'parser-cache' (registered in version 1). A cumulative patch takes every registered state over: add [PatchState(\"parser-cache\", version: 1)] or higher."));

    // ---- left alone ----

    [Fact]
    public Task ACumulativePatchCarryingEveryReleasedState_InTheSameOrAHigherVersion_IsLeftAlone() => Verify("""
        [Patch("parser-fix-v2", Cumulative = true)]
        [PatchState("parser-limits", 3)]
        [PatchState("parser-cache", 1)]
        [PatchState("parser-new", 1)]
        public sealed class ParserFixV2 : LivePatch { }
        """, V1);

    [Fact]
    public Task ANonCumulativePatch_NeedNotCarryTheReleasedStates() => Verify("""
        [Patch("audit-off")]
        [PatchState("audit", 1)]
        public sealed class AuditOff : LivePatch { }
        """, V1);

    [Fact]
    public Task AReleaseALaterListedReleaseReplaced_IsNotChecked() => Verify("""
        [Patch("third", Cumulative = true)]
        [PatchState("b", 1)]
        public sealed class Third : LivePatch { }
        """, new[]
        {
            ("v1.patches.json", Release("R1", "first", cumulative: false, states: new[] { ("a", 5) })),
            ("v2.patches.json", Release("R2", "second", cumulative: true, states: new[] { ("b", 1) })),
        });

    [Fact]
    public Task AStickyRelease_IsCheckedLikeAnyOther_AndMatchingStatesAreLeftAlone() => Verify("""
        [Patch("pinned-v2", Cumulative = true)]
        [PatchState("pinned", 1)]
        public sealed class PinnedV2 : LivePatch { }
        """, new[] { ("v1.patches.json", Release("Pinned.V1", "pinned", cumulative: true, sticky: true, states: new[] { ("pinned", 1) })) });

    [Fact]
    public Task NoReleaseListed_OrOtherAdditionalFiles_RegisterNothing() => Verify("""
        [Patch("parser-fix-v2", Cumulative = true)]
        public sealed class ParserFixV2 : LivePatch { }
        """, new[] { ("notes.json", "{ not a summary }"), ("patches.txt", "v1") });

    [Fact]
    public Task APatchReusingAnIdTheFieldHasEnabled_IsAnError_OnItsPatchAttribute() => Verify("""
        [{|#0:Patch("parser-fix", Cumulative = true)|}]
        [PatchState("parser-limits", 2)]
        [PatchState("parser-cache", 1)]
        public sealed class ParserFixAgain : LivePatch { }
        """, V1,
        VerifyCS.Diagnostic(Descriptors.ReleaseRefused).WithLocation(0).WithArguments(
            "parser-fix", "v1.patches.json", "ParserFix.V1",
            "Patch 'parser-fix' (ParserFixAgain) cannot be enabled: a patch with id 'parser-fix' is already enabled. Disable it first, or give the new patch another id."));

    [Fact]
    public Task AnIdOnlyAReplacedReleaseHad_IsLeftAlone() => Verify("""
        [Patch("first", Cumulative = true)]
        [PatchState("b", 1)]
        public sealed class FirstAgain : LivePatch { }
        """, new[]
        {
            ("v1.patches.json", Release("R1", "first", cumulative: true, states: new[] { ("a", 1) })),
            ("v2.patches.json", Release("R2", "second", cumulative: true, states: new[] { ("b", 1) })),
        });

    [Fact]
    public Task AHookSafetyReleaseItem_IsARelease_WhateverItsName() => Verify("""
        [Patch("parser-fix-v2", Cumulative = true)]
        [{|#0:PatchState("parser-limits", 1)|}]
        [PatchState("parser-cache", 1)]
        public sealed class ParserFixV2 : LivePatch { }
        """,
        new[] { ("/releases/2026-11.json", Release("ParserFix.V1", "parser-fix", cumulative: true, states: new[] { ("parser-limits", 2), ("parser-cache", 1) })) },
        "[/releases/2026-11.json]\nbuild_metadata.AdditionalFiles.HookSafetyRelease = true\n",
        VerifyCS.Diagnostic(Descriptors.ReleaseRefused).WithLocation(0).WithArguments(
            "parser-fix-v2", "2026-11.json", "ParserFix.V1",
            "Cumulative patch 'parser-fix-v2' (ParserFixV2) declares state 'parser-limits' in version 1, lower than the registered version 2. Declare it in version 2 or higher."));

    [Fact]
    public Task AnAdditionalFileWithOtherMetadata_IsNotARelease() => Verify("""
        [Patch("parser-fix-v2", Cumulative = true)]
        [PatchState("parser-limits", 1)]
        public sealed class ParserFixV2 : LivePatch { }
        """,
        new[] { ("/releases/2026-11.json", Release("ParserFix.V1", "parser-fix", cumulative: true, states: new[] { ("parser-limits", 2) })) },
        "[/releases/2026-11.json]\nbuild_metadata.AdditionalFiles.HookSafetyRelease = false\nbuild_metadata.AdditionalFiles.Other = true\n");

    [Fact]
    public Task TypesThatAreNotPatches_AreLeftAlone() => Verify("""
        [PatchState("parser-limits", 1)]
        public sealed class NotAPatch { }

        public abstract class Base : LivePatch { }
        """, V1);
}
