using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace HookSafety.Analyzers.Tests.Verifiers;

/// <summary>
/// Analyzer tests on Microsoft.CodeAnalysis.Testing, set up as <see cref="TestSetup"/> says. Markup:
/// <c>[|..|]</c> (the first descriptor of the analyzer under test), <c>{|HS0001:..|}</c> (an id, compiler ids too),
/// <c>{|#0:..|}</c> (a location for an explicit <see cref="DiagnosticResult"/>; further <c>WithLocation</c> calls give
/// the additional locations, which are then compared exactly).
/// </summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>
    /// A diagnostic of <paramref name="id"/> with the severity the analyzer's descriptors give it (a compiler error when
    /// the analyzer has no such id). Its message is checked when the test gives one (<c>WithMessage</c>); a rule's
    /// descriptors that share an id differ only in their messages.
    /// </summary>
    public static DiagnosticResult Diagnostic(string id)
        => new TAnalyzer().SupportedDiagnostics.FirstOrDefault(d => d.Id == id) is { } descriptor
            ? new DiagnosticResult(id, descriptor.DefaultSeverity)
            : DiagnosticResult.CompilerError(id);

    /// <summary>A diagnostic of <paramref name="descriptor"/>: its message is checked, formatted with <c>WithArguments</c>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        => VerifyAnalyzerAsync(new[] { source }, editorConfig: null, expected);

    public static Task VerifyAnalyzerAsync(string[] sources, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Test { EditorConfig = editorConfig };
        foreach (var source in sources) { test.TestState.Sources.Add(source); }
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            TestSetup.Configure(this);
        }

        /// <summary>Whether the test project references the hook API (HookSafety.Hooks).</summary>
        public bool ReferenceHookApi { get; set; } = true;

        /// <summary><c>.editorconfig</c> text; bare <c>key = value</c> lines go under <c>[*.cs]</c>.</summary>
        public string? EditorConfig { get; set; }

        protected override async Task RunImplAsync(CancellationToken cancellationToken)
        {
            await TestSetup.RunAsync(TestState, GetDiagnosticAnalyzers(), EditorConfig, ReferenceHookApi, () => base.RunImplAsync(cancellationToken)).ConfigureAwait(false);
        }
    }
}
