using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.Hooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers.Tests.Verifiers;

/// <summary>
/// What every HookSafety analyzer and code-fix test adds to Microsoft.CodeAnalysis.Testing: the references a patch
/// project compiles against (pinned .NET reference assemblies, no network, and the hook API), the compilation options
/// of an SDK project, a generated-code pass of its own, and the equivalence-key rule for code actions.
/// </summary>
internal static class TestSetup
{
    /// <summary>
    /// No reference-assembly package: the harness resolves nothing through NuGet. The framework comes from
    /// Basic.Reference.Assemblies (pinned in Directory.Packages.props) as additional references.
    /// </summary>
    public static ReferenceAssemblies ReferenceAssemblies { get; } = new("net10.0");

    /// <summary>The .NET reference assemblies every test compilation gets.</summary>
    public static ImmutableArray<MetadataReference> Framework { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>The hook API (<c>HookSafety.Hooks</c>), as a project reference's assembly.</summary>
    public static MetadataReference HookApi { get; } = MetadataReference.CreateFromFile(typeof(LivePatch).Assembly.Location);

    /// <summary>The references of a test project: the framework, and the hook API unless a test says otherwise.</summary>
    public static IEnumerable<MetadataReference> References(bool referenceHookApi)
        => referenceHookApi ? Framework.Add(HookApi) : Framework;

    /// <summary>
    /// The project as the SDK builds it: nullable annotations on, the latest language version, and CS1701/CS1702
    /// suppressed (the hook API targets an older framework than the test sources).
    /// </summary>
    public static Solution ApplyProjectOptions(Solution solution, ProjectId projectId)
    {
        var project = solution.GetProject(projectId)!;
        var compilationOptions = (CSharpCompilationOptions)project.CompilationOptions!;
        compilationOptions = compilationOptions
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(compilationOptions.SpecificDiagnosticOptions
                .SetItem("CS1701", ReportDiagnostic.Suppress)
                .SetItem("CS1702", ReportDiagnostic.Suppress));
        var parseOptions = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest);
        return solution.WithProjectCompilationOptions(projectId, compilationOptions).WithProjectParseOptions(projectId, parseOptions);
    }

    /// <summary>
    /// Sets up a test as every HookSafety test is: no NuGet package for the references, <c>[|..|]</c> standing for the
    /// first descriptor (a rule's descriptors may share an id), an SDK project's options.
    /// </summary>
    public static void Configure(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = ReferenceAssemblies;
        test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
        test.SolutionTransforms.Add(ApplyProjectOptions);
    }

    /// <summary>
    /// Runs a test: the references and the <c>.editorconfig</c> added to its state (the fixed states inherit them), the
    /// harness's checks (<paramref name="runHarness"/>), then the generated-code pass.
    /// </summary>
    public static async Task RunAsync(SolutionState state, IEnumerable<DiagnosticAnalyzer> analyzers, string? editorConfig, bool referenceHookApi, Func<Task> runHarness)
    {
        state.AdditionalReferences.AddRange(References(referenceHookApi));
        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig(editorConfig)));
        }

        await runHarness().ConfigureAwait(false);
        await VerifyNothingInGeneratedCodeAsync(state, analyzers, editorConfig, referenceHookApi).ConfigureAwait(false);
    }

    /// <summary><c>.editorconfig</c> text as a test gives it: bare <c>key = value</c> lines go under <c>[*.cs]</c>.</summary>
    public static string EditorConfig(string text)
        => text.Contains('[', StringComparison.Ordinal) ? text : "root = true\n\n[*.cs]\n" + text;

    /// <summary>
    /// Every code action offered for one diagnostic has its own non-null equivalence key (FixAll and the IDE's
    /// "fix all occurrences" tell actions apart by it).
    /// </summary>
    public static void VerifyEquivalenceKeys(ImmutableArray<CodeAction> actions)
    {
        var keys = actions.Select(a => a.EquivalenceKey).ToList();
        if (keys.Any(k => k is null) || keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            throw new InvalidOperationException(
                $"Every code action needs its own non-null equivalence key; got [{string.Join(", ", keys.Select(k => k ?? "null"))}] for [{string.Join(", ", actions.Select(a => a.Title))}].");
        }
    }

    /// <summary>
    /// The generated-code pass. The harness skips its own for analyzers that configure generated-code analysis, and
    /// HookSafety's do (they filter their reports themselves, see <c>Reporting</c>), so it is done here: the sources,
    /// markup removed, behind an <c>// &lt;auto-generated/&gt;</c> header, get no HookSafety finding.
    /// </summary>
    private static async Task VerifyNothingInGeneratedCodeAsync(
        SolutionState state,
        IEnumerable<DiagnosticAnalyzer> analyzers,
        string? editorConfig,
        bool referenceHookApi)
    {
        var analyzerArray = analyzers.ToImmutableArray();
        var ours = analyzerArray.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var expectsOurs = state.ExpectedDiagnostics.Any(d => ours.Contains(d.Id))
            || state.Sources.Any(s => MarkedIds(s.content.ToString()).Any(id => id.Length == 0 || ours.Contains(id)));
        if (!expectsOurs)
        {
            return;
        }

        var generated = state.Sources.Select(s =>
        {
            TestFileMarkupParser.GetSpans(s.content.ToString(), out string text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
            return "// <auto-generated/>\n" + text;
        }).ToList();
        var solution = TestProject.Create(generated, editorConfig, analyzerArray, referenceHookApi);
        var (diagnostics, _) = await TestProject.AnalyzeAsync(solution, analyzerArray).ConfigureAwait(false);
        var reported = diagnostics.Where(d => ours.Contains(d.Id)).ToList();
        if (reported.Count > 0)
        {
            throw new InvalidOperationException(
                "Nothing may be reported in generated code, but:\n" + string.Join("\n", reported.Select(d => "  " + d)));
        }
    }

    /// <summary>The ids named by markup (<c>[|..|]</c> as the empty id, <c>{|ID:..|}</c>); indexed locations are left out.</summary>
    private static IEnumerable<string> MarkedIds(string markup)
    {
        TestFileMarkupParser.GetSpans(markup, out string _, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
        return spans.Where(p => !p.Key.StartsWith('#') && !p.Value.IsEmpty).Select(p => p.Key);
    }
}
