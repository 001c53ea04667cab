using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.Analyzers.Tests.Rules;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>The inputs the robustness tests run on: every rule test's source and every sample, and every analyzer and fixer.</summary>
internal static class Corpus
{
    private static readonly Lazy<ImmutableArray<string>> s_testSources = new(() => LoadTestSources("*Tests.cs"));
    private static readonly Lazy<ImmutableArray<string>> s_fixTestSources = new(() => LoadTestSources("*FixerTests.cs"));

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(Descriptors).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> Fixers { get; } = typeof(HookSafety.CodeFixes.Rules.PatchShapeFixer).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// The sources of the rule tests (their raw string literals, markup removed, with the hosts they use appended) and
    /// the samples' files.
    /// </summary>
    public static ImmutableArray<string> TestSources => s_testSources.Value;

    /// <summary>The sources of the fixers' tests (inputs and expected results), prepared the same way.</summary>
    public static ImmutableArray<string> FixTestSources => s_fixTestSources.Value;

    public static ImmutableArray<string> SampleSources()
        => Directory.GetFiles(Path.Combine(Repository.Root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToImmutableArray();

    private static ImmutableArray<string> LoadTestSources(string pattern)
    {
        var literal = new Regex("\"\"\"\\r?\\n(?<body>.*?)\\r?\\n\\s*\"\"\"", RegexOptions.Singleline);
        var sources = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "tests", "HookSafety.Analyzers.Tests", "Rules"), pattern).OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (Match match in literal.Matches(File.ReadAllText(file)))
            {
                string text;
                try
                {
                    TestFileMarkupParser.GetSpans(match.Groups["body"].Value, out text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
                }
                catch (ArgumentException)
                {
                    continue;
                }

                if (text.Contains("class", StringComparison.Ordinal))
                {
                    sources.Add(LifecycleHost.Usings + "using System.Collections.Generic;\n" + text + LifecycleHost.Source);
                }
            }
        }

        return sources.ToImmutableArray();
    }
}
