using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Tests.Verification;

/// <summary>Short forms of <see cref="AnalyzerTest"/> for one analyzer.</summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static ExpectedDiagnostic Diagnostic(string id) => new(id);

    public static Task AnalyzerAsync(string source, params ExpectedDiagnostic[] expected)
        => AnalyzerAsync(new[] { source }, editorConfig: null, expected);

    public static Task AnalyzerAsync(string[] sources, string? editorConfig, params ExpectedDiagnostic[] expected)
    {
        var test = new AnalyzerTest { EditorConfig = editorConfig };
        test.Analyzers.Add(new TAnalyzer());
        test.Sources.AddRange(sources);
        test.Expected.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>Short forms of <see cref="CodeFixTest"/> for one analyzer and its fixer.</summary>
public static class Verify<TAnalyzer, TFixer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFixer : CodeFixProvider, new()
{
    public static Task FixAsync(string source, string fixedSource, string? equivalenceKey = null)
        => FixAsync(new[] { source }, new[] { fixedSource }, equivalenceKey);

    public static Task FixAsync(string[] sources, string[] fixedSources, string? equivalenceKey = null)
    {
        var test = Create(sources);
        test.FixedSources.AddRange(fixedSources);
        test.EquivalenceKey = equivalenceKey;
        return test.RunAsync();
    }

    public static Task NoFixAsync(string source, params ExpectedDiagnostic[] expected)
    {
        var test = Create(new[] { source });
        test.Expected.AddRange(expected);
        test.ExpectNoFix = true;
        return test.RunAsync();
    }

    public static CodeFixTest Create(params string[] sources)
    {
        var test = new CodeFixTest { Fixer = new TFixer() };
        test.Analyzers.Add(new TAnalyzer());
        test.Sources.AddRange(sources.AsEnumerable());
        return test;
    }
}
