using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers.Tests.Support;

/// <summary>
/// Builds a one-project solution as the harness builds a test's (sources, optional <c>.editorconfig</c>, the same
/// references and options, see <see cref="TestSetup"/>) and runs analyzers over it: for the tests that look at many
/// sources at once (corpora, samples, fuzzing) or drive a fixer by hand, and for the generated-code pass.
/// </summary>
public static class TestProject
{
    public const string Folder = "/0/";

    public static string DocumentPath(int index) => $"{Folder}Test{index}.cs";

    public static Solution Create(IReadOnlyList<string> sources, string? editorConfig, IEnumerable<DiagnosticAnalyzer> analyzers, bool referenceHookApi = true, string assemblyName = "TestProject")
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId("TestProject");

        // Every descriptor the analyzers support is on, also those disabled by default.
        var specific = new Dictionary<string, ReportDiagnostic>
        {
            // As the SDK does: the test sources target the .NET reference pack while the hook API targets an older one.
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        };
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => !d.IsEnabledByDefault))
        {
            specific[descriptor.Id] = Report(descriptor.DefaultSeverity);
        }

        var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(specific);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "TestProject", assemblyName, LanguageNames.CSharp,
                filePath: Folder + "TestProject.csproj",
                compilationOptions: compilationOptions, parseOptions: parseOptions,
                metadataReferences: TestSetup.References(referenceHookApi)));
        for (var i = 0; i < sources.Count; i++)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Test{i}.cs", SourceText.From(sources[i]), filePath: DocumentPath(i));
        }

        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(TestSetup.EditorConfig(editorConfig)), filePath: Folder + ".editorconfig");
        }

        return solution;
    }

    /// <summary>The project's documents in test order (Test0.cs, Test1.cs, ...).</summary>
    public static ImmutableArray<Document> Documents(Solution solution)
        => solution.Projects.Single().Documents.OrderBy(d => d.FilePath, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>
    /// Runs <paramref name="analyzers"/>; an analyzer exception fails the test. Returns the analyzers'
    /// diagnostics (not suppressed) and the compiler's, sorted by document, position and id.
    /// </summary>
    public static async Task<(ImmutableArray<Diagnostic> Analyzer, ImmutableArray<Diagnostic> Compiler)> AnalyzeAsync(
        Solution solution, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var project = solution.Projects.Single();
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The test project has no compilation.");
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name} threw: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var analyzerDiagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        if (!exceptions.IsEmpty || analyzerDiagnostics.Any(d => d.Id == "AD0001"))
        {
            throw new InvalidOperationException("An analyzer threw (AD0001):\n" + string.Join("\n", exceptions.Concat(analyzerDiagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()))));
        }

        return (Sort(analyzerDiagnostics.Where(d => !d.IsSuppressed)), Sort(compilation.GetDiagnostics(cancellationToken).Where(d => !d.IsSuppressed)));
    }

    public static ImmutableArray<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics)
        => diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Location.SourceSpan.End)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.GetMessage(), StringComparer.Ordinal)
            .ToImmutableArray();

    public static ReportDiagnostic Report(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => ReportDiagnostic.Error,
        DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
        DiagnosticSeverity.Info => ReportDiagnostic.Info,
        _ => ReportDiagnostic.Hidden,
    };
}
