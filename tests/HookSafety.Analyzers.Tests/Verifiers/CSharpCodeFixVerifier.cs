using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using HookSafety.Analyzers.Tests.Support;

namespace HookSafety.Analyzers.Tests.Verifiers;

/// <summary>
/// Code-fix tests on Microsoft.CodeAnalysis.Testing, set up as <see cref="TestSetup"/> says. The harness checks the
/// source's diagnostics, applies fixes one at a time (at most one per fixable diagnostic), then FixAll in document,
/// project and solution scope (one round each); each result must equal the fixed code and carry exactly the diagnostics
/// its markup expects (compiler errors included). Every action offered needs its own non-null equivalence key.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TFixer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFixer : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer>.Diagnostic(id);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        => CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

    /// <summary>The fix (the action with <paramref name="equivalenceKey"/>, or the first) turns the source into the fixed source.</summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null)
        => VerifyCodeFixAsync(new[] { source }, new[] { fixedSource }, equivalenceKey);

    public static async Task VerifyCodeFixAsync(string[] sources, string[] fixedSources, string? equivalenceKey = null)
    {
        var test = Create(sources);
        foreach (var source in fixedSources) { test.FixedState.Sources.Add(source); }
        test.CodeActionEquivalenceKey = equivalenceKey;
        await test.RunAsync(CancellationToken.None).ConfigureAwait(false);
        RoundTrip.VerifyFix(sources, fixedSources);
    }

    /// <summary>The source has the diagnostics its markup and <paramref name="expected"/> say, and no fix is offered for them.</summary>
    public static Task VerifyNoFixAsync(string source, params DiagnosticResult[] expected)
    {
        var test = Create(source);
        test.ExpectedDiagnostics.AddRange(expected);
        test.ExpectNoFix = true;
        return test.RunAsync(CancellationToken.None);
    }

    public static Test Create(params string[] sources)
    {
        var test = new Test();
        foreach (var source in sources) { test.TestState.Sources.Add(source); }
        return test;
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TFixer, DefaultVerifier>
    {
        public Test()
        {
            TestSetup.Configure(this);
        }

        /// <summary>Whether the test project references the hook API (HookSafety.Hooks).</summary>
        public bool ReferenceHookApi { get; set; } = true;

        /// <summary><c>.editorconfig</c> text; bare <c>key = value</c> lines go under <c>[*.cs]</c>.</summary>
        public string? EditorConfig { get; set; }

        /// <summary>
        /// No fix may be offered (with <see cref="CodeActionTest{TVerifier}.CodeActionEquivalenceKey"/>: no action of that
        /// key): the fixed state is the source itself, with the same diagnostics.
        /// </summary>
        public bool ExpectNoFix { get; set; }

        protected override async Task RunImplAsync(CancellationToken cancellationToken)
        {
            if (ExpectNoFix)
            {
                FixedState.Sources.Clear();
                FixedState.Sources.AddRange(TestState.Sources);
                FixedState.ExpectedDiagnostics.Clear();
                FixedState.ExpectedDiagnostics.AddRange(TestState.ExpectedDiagnostics);
            }

            // Markup in the fixed code marks the diagnostics that remain (the harness ignores fixable ones by default).
            FixedState.MarkupHandling ??= MarkupMode.Allow;
            await TestSetup.RunAsync(TestState, GetDiagnosticAnalyzers(), EditorConfig, ReferenceHookApi, () => base.RunImplAsync(cancellationToken)).ConfigureAwait(false);
        }

        protected override ImmutableArray<CodeAction> FilterCodeActions(ImmutableArray<CodeAction> actions)
        {
            TestSetup.VerifyEquivalenceKeys(actions);
            return base.FilterCodeActions(actions);
        }
    }
}
