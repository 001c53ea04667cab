using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HookSafety.Analyzers.Tests.Samples;

/// <summary>
/// Holds <c>samples/HookSafety.Samples</c> to its comments: every HookSafety finding sits on a line whose comment names
/// its rule (<c>// HS0001: ...</c>), and every rule a comment names is found on that line, nothing more and nothing
/// less. The samples are compiled as the build compiles them: every <c>.cs</c> file of the project (not <c>obj/</c>,
/// <c>bin/</c>), every analyzer of HookSafety.Analyzers, and the project's own <c>.editorconfig</c>, which applies
/// because the documents keep their paths relative to it.
/// </summary>
public sealed class SampleDiagnosticsTests
{
    /// <summary>Where the sample project's files are placed in the test workspace (the editorconfig's folder).</summary>
    private const string Root = "/HookSafety.Samples/";

    private static readonly Regex RuleId = new(@"\bHS\d{4}\b", RegexOptions.CultureInvariant);

    private static readonly Lazy<Task<Result>> s_result = new(AnalyzeSamplesAsync);

    private static string SamplesFolder => Path.Combine(Repository.Root, "samples", "HookSafety.Samples");

    [Fact]
    public async Task Findings_AreExactlyThoseTheCommentsName()
    {
        var result = await s_result.Value;
        Assert.True(result.Files.Count > 0, $"No sample files found under {SamplesFolder}.");
        Assert.Contains(result.Files, f => f.StartsWith("Mistakes/", StringComparison.Ordinal));
        Assert.Contains(result.Files, f => f.StartsWith("Patches/", StringComparison.Ordinal));

        var errors = result.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The samples do not compile:\n" + string.Join("\n", errors.Select(d => Describe(d))));
        Assert.DoesNotContain(result.Analyzer, d => d.Id == "AD0001");

        var actual = result.Findings.Select(d => Key(d)).ToHashSet();
        var expected = result.Expected;
        var missing = expected.Except(actual).OrderBy(k => k).ToList();
        var extra = result.Findings.Where(d => !expected.Contains(Key(d))).Select(d => Describe(d)).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            "The samples' findings and their comments disagree.\n" +
            $"Named in a comment but not found ({missing.Count}):\n  " + string.Join("\n  ", missing.Select(k => $"{k.File}({k.Line}): {k.Id}")) + "\n" +
            $"Found but not named in a comment on that line ({extra.Count}):\n  " + string.Join("\n  ", extra));
    }

    [Fact]
    public async Task SafePatches_HaveNoFindings_AndNoRuleComments()
    {
        var result = await s_result.Value;
        var findings = result.Findings.Where(d => Relative(d).StartsWith("Patches/", StringComparison.Ordinal)).Select(d => Describe(d)).ToList();
        Assert.True(findings.Count == 0, "The safe patches (Patches/) have findings:\n" + string.Join("\n", findings));
        Assert.DoesNotContain(result.Expected, k => k.File.StartsWith("Patches/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MistakenPatches_AreWarnings_AsTheSamplesEditorConfigSays()
    {
        // Without the samples' .editorconfig, HS0011-HS0014 would be errors and HS0015 info: these severities show that
        // it applied, as it does in the build.
        var result = await s_result.Value;
        var notWarnings = result.Findings.Where(d => d.Severity != DiagnosticSeverity.Warning).Select(d => $"{Describe(d)} [{d.Severity}]").ToList();
        Assert.True(notWarnings.Count == 0, "Findings in the samples that are not warnings:\n" + string.Join("\n", notWarnings));
    }

    [Fact]
    public async Task Samples_ShowAtLeastTenRules()
    {
        var result = await s_result.Value;
        var named = result.Expected.Select(k => k.Id).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
        var found = result.Findings.Select(d => d.Id).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.True(named.Count >= 10, $"The samples' comments name {named.Count} rule(s): {string.Join(", ", named)}; they should show at least 10.");
        Assert.True(found.Count >= 10, $"The samples show {found.Count} rule(s): {string.Join(", ", found)}; they should show at least 10.");
    }

    private static async Task<Result> AnalyzeSamplesAsync()
    {
        var folder = SamplesFolder;
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(relative => !relative.Split('/').Any(part => part is "obj" or "bin"))
            .OrderBy(relative => relative, StringComparer.Ordinal)
            .ToList();

        var analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId("HookSafety.Samples");
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // As the SDK does: the samples target the .NET reference pack while the hook API targets an older one.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "HookSafety.Samples", "HookSafety.Samples", LanguageNames.CSharp,
            filePath: Root + "HookSafety.Samples.csproj",
            compilationOptions: options,
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestSetup.References(referenceHookApi: true)));

        var expected = new HashSet<(string File, int Line, string Id)>();
        foreach (var file in files)
        {
            var text = SourceText.From(File.ReadAllText(Path.Combine(folder, file)));
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(file), text, folders: file.Split('/').SkipLast(1), filePath: Root + file);
            expected.UnionWith(NamedInComments(file, text));
        }

        var editorConfig = Path.Combine(folder, ".editorconfig");
        if (File.Exists(editorConfig))
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig",
                SourceText.From(File.ReadAllText(editorConfig)), filePath: Root + ".editorconfig");
        }

        var (analyzerDiagnostics, compilerDiagnostics) = await TestProject.AnalyzeAsync(solution, analyzers);
        var findings = analyzerDiagnostics.Where(d => d.Id.StartsWith("HS", StringComparison.Ordinal)).ToImmutableArray();
        return new Result(files, expected, analyzerDiagnostics, findings, compilerDiagnostics);
    }

    /// <summary>Every rule id named in a comment (line comments, block and documentation comments), by file and line.</summary>
    private static IEnumerable<(string File, int Line, string Id)> NamedInComments(string file, SourceText text)
    {
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse));
        foreach (var trivia in tree.GetRoot().DescendantTrivia(descendIntoTrivia: false))
        {
            if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
                && !trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
            {
                continue;
            }

            var span = trivia.FullSpan;
            var lines = text.Lines;
            for (var line = lines.GetLineFromPosition(span.Start).LineNumber; line <= lines.GetLineFromPosition(Math.Max(span.Start, span.End - 1)).LineNumber; line++)
            {
                var part = TextSpan.FromBounds(Math.Max(span.Start, lines[line].Start), Math.Min(span.End, lines[line].End));
                foreach (Match match in RuleId.Matches(text.ToString(part)))
                {
                    yield return (file, line + 1, match.Value);
                }
            }
        }
    }

    private static (string File, int Line, string Id) Key(Diagnostic diagnostic)
        => (Relative(diagnostic), diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, diagnostic.Id);

    private static string Relative(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.SourceTree?.FilePath ?? string.Empty;
        return path.StartsWith(Root, StringComparison.Ordinal) ? path.Substring(Root.Length) : path;
    }

    private static string Describe(Diagnostic diagnostic)
        => $"{Relative(diagnostic)}({diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}): {diagnostic.Id}: {diagnostic.GetMessage()}";

    private sealed record Result(
        IReadOnlyList<string> Files,
        IReadOnlySet<(string File, int Line, string Id)> Expected,
        ImmutableArray<Diagnostic> Analyzer,
        ImmutableArray<Diagnostic> Findings,
        ImmutableArray<Diagnostic> Compiler);
}
