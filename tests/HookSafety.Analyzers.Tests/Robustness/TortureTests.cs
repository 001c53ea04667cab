using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>
/// Real code turned into patches: this repository's own C# (the analyzers, the fixers, the samples, the benchmark), its
/// classes rewritten into patch types whose hooks call their parameterless methods and read their properties (see
/// <see cref="IntoPatches"/>), analyzed concurrently and sequentially. No analyzer may throw, both runs must agree, no
/// finding may be reported twice, and the findings must be the ones in <c>TortureBaseline.txt</c>, a file reviewed like
/// code: a new false alarm on ordinary code shows up there. Set <c>HS_UPDATE_BASELINE=1</c> to write it anew.
/// </summary>
public sealed class TortureTests
{
    private static readonly string[] Folders = { "src/HookSafety.Analyzers", "src/HookSafety.CodeFixes", "samples/HookSafety.Samples", "bench/HookSafety.Benchmarks" };

    private readonly ITestOutputHelper _output;

    public TortureTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task ThisRepositorysCode_AsPatches_IsAnalyzedAlike_WithTheReviewedFindings()
    {
        var files = Folders
            .SelectMany(folder => Directory.GetFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var rewriter = new IntoPatches();
        var trees = files.Select(f => (SyntaxTree)CSharpSyntaxTree.Create(
                (CSharpSyntaxNode)rewriter.Visit(CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest)).GetRoot()),
                new CSharpParseOptions(LanguageVersion.Latest), path: Path.GetRelativePath(Repository.Root, f).Replace('\\', '/')))
            .ToList();
        var references = TestSetup.References(referenceHookApi: true)
            .Concat(new[] { typeof(SyntaxNode), typeof(CSharpSyntaxNode), typeof(Microsoft.CodeAnalysis.Workspace), typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions) }
                .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)));
        var compilation = CSharpCompilation.Create("Torture", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var sequential = await RunAsync(compilation, concurrent: false);
        var sequentialTime = started.Elapsed;
        var concurrent = await RunAsync(compilation, concurrent: true);
        Assert.True(sequential.SequenceEqual(concurrent),
            $"Sequential and concurrent analysis differ ({sequential.Length} vs {concurrent.Length}):\nonly sequential:\n  "
            + string.Join("\n  ", sequential.Except(concurrent).Take(10)) + "\nonly concurrent:\n  " + string.Join("\n  ", concurrent.Except(sequential).Take(10)));

        // The same line twice is two findings in one member with one message (at two places): marked with the count.
        var lines = sequential.GroupBy(l => l).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} (×{g.Count()})").ToList();
        _output.WriteLine($"{files.Count} files, {trees.Sum(t => t.GetText().Lines.Count)} lines, {rewriter.Patches} classes rewritten into patches, "
            + $"{compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error)} compile errors; {sequential.Length} findings in {sequentialTime.TotalSeconds:F1} s (sequential):");
        foreach (var rule in sequential.GroupBy(l => l.Split(' ')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"  {rule.Key}: {rule.Count()}");
        }

        var baseline = Path.Combine(Repository.Root, "tests", "HookSafety.Analyzers.Tests", "Robustness", "TortureBaseline.txt");
        if (Environment.GetEnvironmentVariable("HS_UPDATE_BASELINE") == "1")
        {
            File.WriteAllLines(baseline, lines);
        }

        var expected = File.Exists(baseline) ? File.ReadAllLines(baseline).Where(l => l.Length > 0).ToList() : new List<string>();
        Assert.True(
            expected.SequenceEqual(lines),
            "The findings on the rewritten sources changed (review them; HS_UPDATE_BASELINE=1 writes the new ones):\n"
            + "new:\n  " + string.Join("\n  ", lines.Except(expected).Take(20)) + "\ngone:\n  " + string.Join("\n  ", expected.Except(lines).Take(20)));
    }

    /// <summary>The findings, each as "id path type.member: message", sorted; an analyzer exception or a repeated report fails.</summary>
    private static async Task<ImmutableArray<string>> RunAsync(CSharpCompilation compilation, bool concurrent)
    {
        var exceptions = new ConcurrentQueue<string>();
        var fresh = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees);
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception}"), concurrent, false);
        var diagnostics = await fresh.WithAnalyzers(Corpus.Analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.IsEmpty && !diagnostics.Any(d => d.Id == "AD0001"), "An analyzer threw:\n" + string.Join("\n", exceptions.Take(3)));
        var repeated = diagnostics.GroupBy(d => (d.Id, d.Location, d.GetMessage())).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToList();
        Assert.True(repeated.Count == 0, "Reported more than once:\n" + string.Join("\n", repeated.Take(5)));
        return diagnostics.Select(Describe).OrderBy(l => l, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>A finding by rule, file, and the member it is in (not its line: the baseline survives edits elsewhere).</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree!;
        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        var type = node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>()?.Identifier.ValueText ?? "-";
        var member = node.FirstAncestorOrSelf<MemberDeclarationSyntax>() switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            ConstructorDeclarationSyntax => ".ctor",
            FieldDeclarationSyntax field => field.Declaration.Variables.First().Identifier.ValueText,
            BaseTypeDeclarationSyntax => "(type)",
            _ => "-",
        };
        return $"{diagnostic.Id} {tree.FilePath} {type}.{member}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Turns every class that can be one into a patch: a non-static, non-partial class gets <c>LivePatch</c> as its base
    /// (in place of the base class it had, if any; interfaces, named I..., stay), a <c>[Patch]</c> attribute, a
    /// <c>PostPatch</c> that calls each of its parameterless, non-generic methods and a <c>PrePatch</c> that reads each
    /// of its properties. Generic, abstract and nested classes too.
    /// </summary>
    private sealed class IntoPatches : CSharpSyntaxRewriter
    {
        public int Patches { get; private set; }

        public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node)
        {
            var visited = (ClassDeclarationSyntax)base.VisitClassDeclaration(node)!;
            if (visited.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.PartialKeyword))
                || visited.Members.Any(m => m is MethodDeclarationSyntax { Identifier.ValueText: "PrePatch" or "PostPatch" }))
            {
                return visited;
            }

            // A base class (a DiagnosticAnalyzer, an Exception) gives way to LivePatch: its overrides then no longer
            // compile, which the analyzers must take in their stride as well.
            if (visited.BaseList?.Types.FirstOrDefault() is { } first && !IsInterfaceName(first.Type))
            {
                visited = visited.WithBaseList(visited.BaseList.WithTypes(visited.BaseList.Types.RemoveAt(0)));
                if (visited.BaseList!.Types.Count == 0)
                {
                    visited = visited.WithBaseList(null);
                }
            }

            Patches++;
            var calls = visited.Members.OfType<MethodDeclarationSyntax>()
                .Where(m => m.ParameterList.Parameters.Count == 0 && m.TypeParameterList is null && !m.Modifiers.Any(k => k.IsKind(SyntaxKind.AbstractKeyword)) && m.ExplicitInterfaceSpecifier is null)
                .Select(m => m.ReturnType is PredefinedTypeSyntax { Keyword.ValueText: "void" }
                    ? ParseStatement($"{m.Identifier.ValueText}();")
                    : ParseStatement($"_ = {m.Identifier.ValueText}();"));
            var reads = visited.Members.OfType<PropertyDeclarationSyntax>()
                .Where(p => p.ExplicitInterfaceSpecifier is null && (p.ExpressionBody is not null || p.AccessorList?.Accessors.Any(a => a.IsKind(SyntaxKind.GetAccessorDeclaration)) == true))
                .Select(p => ParseStatement($"_ = {p.Identifier.ValueText};"));
            var hooks = new MemberDeclarationSyntax[]
            {
                ParseMemberDeclaration("protected override void PostPatch(global::HookSafety.Hooks.PatchContext context) { " + string.Concat(calls.Select(c => c.ToFullString() + " ")) + "}")!,
                ParseMemberDeclaration("protected override global::HookSafety.Hooks.HookResult PrePatch(global::HookSafety.Hooks.PatchContext context) { " + string.Concat(reads.Select(r => r.ToFullString() + " ")) + "return global::HookSafety.Hooks.HookResult.Continue; }")!,
            };
            var baseType = SimpleBaseType(ParseTypeName("global::HookSafety.Hooks.LivePatch"));
            var baseList = visited.BaseList is null ? BaseList(SingletonSeparatedList<BaseTypeSyntax>(baseType)) : visited.BaseList.WithTypes(visited.BaseList.Types.Insert(0, baseType));
            var patch = AttributeList(SingletonSeparatedList(Attribute(ParseName("global::HookSafety.Hooks.Patch"),
                ParseAttributeArgumentList($"(\"torture.{visited.Identifier.ValueText}.{Patches}\")"))));
            return visited
                .WithIdentifier(visited.Identifier.WithTrailingTrivia(Space))
                .WithBaseList(baseList.WithTrailingTrivia(ElasticCarriageReturnLineFeed))
                .AddAttributeLists(patch)
                .AddMembers(hooks);
        }

        private static bool IsInterfaceName(TypeSyntax type)
        {
            var name = type switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => string.Empty,
            };
            return name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]);
        }
    }
}
