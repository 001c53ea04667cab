using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Xunit;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>The analyzers report nothing on the product's own hook API source and on the samples' safe patches.</summary>
public sealed class NoNoiseTests
{
    [Fact]
    public async Task HookApiSource_HasNoFindings()
    {
        // The hook API's own files and the shared ones its project links (src/Shared), as its build compiles them.
        var hooks = Path.Combine(Repository.Root, "src", "HookSafety.Hooks");
        var linked = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(hooks, "HookSafety.Hooks.csproj")), @"Compile Include=""\.\.\\Shared\\([^""]+\.cs)""")
            .Select(m => Path.Combine(Repository.Root, "src", "Shared", m.Groups[1].Value));
        var files = Directory.GetFiles(hooks, "*.cs")
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(linked)
            .Select(f => "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\n" + File.ReadAllText(f))
            .ToList();
        Assert.NotEmpty(files);
        // Compiled as the hook API's own assembly, where the analyzers find its types in source and run.
        var solution = TestProject.Create(files, editorConfig: null, Corpus.Analyzers, referenceHookApi: false, assemblyName: "HookSafety.Hooks");
        var compilation = await solution.Projects.Single().GetCompilationAsync();
        Assert.NotNull(HookApi.For(compilation!));
        var (diagnostics, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
        Assert.Empty(compiler.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task BenchmarkPlainCorpus_HasNoFindings_WithTheHookApiReferenced()
    {
        // Referenced, so every rule runs over code that has no patches.
        var solution = TestProject.Create(HookSafety.Benchmarks.Corpus.Plain(50), editorConfig: null, Corpus.Analyzers);
        Assert.NotNull(HookApi.For((await solution.Projects.Single().GetCompilationAsync())!));
        var (diagnostics, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
        Assert.Empty(compiler.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()));
        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task BenchmarkPatchDenseCorpus_ExercisesEveryRule()
    {
        // What the benchmark's figures claim: every rule runs and finds something on its patch-dense corpus; all but
        // HS0018, which runs only where a project lists earlier releases, and the benchmark's projects list none.
        var solution = TestProject.Create(HookSafety.Benchmarks.Corpus.PatchDense(HookSafety.Benchmarks.Corpus.PatchesPerFile), editorConfig: null, Corpus.Analyzers);
        var (diagnostics, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
        Assert.Empty(compiler.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()));
        var ids = Corpus.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Where(i => i != RuleIds.ReleaseSeries).Distinct().OrderBy(i => i, StringComparer.Ordinal);
        Assert.Equal(ids, diagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public async Task SafeSamplePatches_HaveNoFindings()
    {
        var root = Path.Combine(Repository.Root, "samples", "HookSafety.Samples");
        var patches = Directory.GetFiles(Path.Combine(root, "Patches"), "*.cs", SearchOption.AllDirectories);
        var host = Directory.GetFiles(Path.Combine(root, "Host"), "*.cs", SearchOption.AllDirectories);
        var solution = TestProject.Create(patches.Concat(host).Select(File.ReadAllText).ToList(), editorConfig: null, Corpus.Analyzers);
        var (diagnostics, _) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
        Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("HS", StringComparison.Ordinal)).Select(d => d.ToString()));
    }
}
