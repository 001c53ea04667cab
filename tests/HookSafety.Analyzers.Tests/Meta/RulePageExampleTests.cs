using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>
/// The rule pages' examples say what the analyzers do. For every page <c>docs/rules/HSnnnn.md</c>: the <c>```csharp</c>
/// blocks of <c>## Bad</c> and of <c>## Good</c> compile (no error) against the host the pages share (the one block of
/// <c>docs/rules/host.md</c>) and the hook API; with every HookSafety analyzer running, the Bad example has at least one
/// finding of the page's rule, each on a line with a <c>// HSnnnn</c> comment of the rule and one on each such line, and
/// none of another HookSafety rule, and the Good example has no HookSafety finding. Where
/// <c>## How to fix</c> shows code, it is the Bad example after the rule's code fixes (the first action offered for
/// each finding, one after the other), compared token by token (whitespace and comments ignored).
/// A page may show an excerpt of the host (a top-level type the host declares, such as <c>public static class Net</c>):
/// it is not compiled again, but each member it shows must be declared so in the host.
/// </summary>
public sealed class RulePageExampleTests
{
    private const string Bad = "## Bad";
    private const string Good = "## Good";
    private const string HowToFix = "## How to fix";

    /// <summary>
    /// Pages whose <c>## How to fix</c> describes the fix in words (and inline code), with no <c>```csharp</c> block of
    /// the fixed example: the fix's result is not checked for them (the fixers' own tests check it). A page listed here
    /// that gains a block, or a page not listed without one, fails: keep this list as the pages are.
    /// </summary>
    private static readonly Dictionary<string, string> FixInWordsOnly = new(StringComparer.Ordinal)
    {
        ["HS0001"] = "no code block: the move to PrePatch/PostUnpatch is described in words",
        ["HS0002"] = "no code block: the saved and restored value in PostUnpatch is described in words",
        ["HS0003"] = "no code block: the inverse in PreUnpatch is described in words",
        ["HS0004"] = "no code block: the swap of the undos is described in words",
        ["HS0005"] = "no code block: the DetachAll() in PostUnpatch is described in words",
        ["HS0006"] = "no code block: the fix per kind of access is described in words",
        ["HS0007"] = "no code block: the lock around the statement is described in words",
        ["HS0008"] = "no code block: the throw-to-reject and the moved check are shown as inline code only",
        ["HS0009"] = "no code block: the try/catch around the hook's body is described in words",
        ["HS0010"] = "no code fix for the rule; the page describes what to keep in Data",
        ["HS0011"] = "no code fix for the rule; the page describes where to read the previous state",
        ["HS0012"] = "no code fix for the rule; the page describes how to declare the states",
        ["HS0013"] = "no code block: the rewritten signature is shown as inline code only",
        ["HS0014"] = "no code block: the three fixes are described in words",
        ["HS0015"] = "no code block: the removal of the unpatch hook is described in words",
        ["HS0016"] = "no code fix for the rule; the page describes how to wait",
        ["HS0017"] = "no code fix for the rule; the page describes how to name ids",
        ["HS0018"] = "no code fix for the rule; the page describes which version to declare",
    };

    /// <summary>
    /// Checks left out for one page, each with the reason: a page that cannot show the analyzer's real behaviour without
    /// teaching something else. With <see cref="Exclusion.Rule"/>, only that rule's findings on lines containing
    /// <see cref="Exclusion.Line"/> are left out of the check, which still holds for every other finding. An exclusion
    /// that is no longer needed fails the test: remove it.
    /// </summary>
    private static readonly Dictionary<(string Page, Check Check), Exclusion> Excluded = new()
    {
        [("HS0018", Check.BadFindsTheRule)] = new("the finding needs a release summary beside the code, which a page's example cannot carry; ReleaseSeriesAnalyzerTests checks the same example with one"),
        [("HS0018", Check.BadFindsWhereItsCommentsSay)] = new("as for BadFindsTheRule: no release summary, so no finding on the commented line"),
    };

    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> s_analyzers = new(() => Concrete<DiagnosticAnalyzer>("HookSafety.Analyzers"));
    private static readonly Lazy<ImmutableArray<CodeFixProvider>> s_fixers = new(() => Concrete<CodeFixProvider>("HookSafety.CodeFixes"));
    private static readonly Lazy<Host> s_host = new(LoadHost);

    private readonly ITestOutputHelper _output;

    public RulePageExampleTests(ITestOutputHelper output) => _output = output;

    public enum Check
    {
        BadCompiles,
        BadFindsTheRule,
        BadFindsWhereItsCommentsSay,
        BadFindsNoOtherRule,
        GoodCompiles,
        GoodFindsNothing,
        FixGivesTheShownCode,
    }

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var page in Directory.GetFiles(RulesFolder, "HS*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(p => p, StringComparer.Ordinal))
        {
            data.Add(page!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task RulePage_ExamplesCompile_AndShowWhatTheAnalyzersAndTheFixDo(string id)
    {
        var analyzers = s_analyzers.Value;
        Assert.NotEmpty(analyzers);
        Assert.Contains(analyzers.SelectMany(a => a.SupportedDiagnostics), d => d.Id == id);

        var sections = CsharpBlocks(File.ReadAllText(Path.Combine(RulesFolder, id + ".md")));
        var problems = new List<string>();
        var bad = Examples(sections, Bad, problems);
        var good = Examples(sections, Good, problems);
        var fixedShown = Examples(sections, HowToFix, problems, required: false);
        Assert.True(problems.Count == 0, $"{id}.md:\n  " + string.Join("\n  ", problems));
        var results = new Dictionary<Check, string?>();

        // Bad: it compiles, the page's rule reports, on the lines its "// HSnnnn" comments are on, and no other rule does.
        var (badSolution, badFindings, badErrors) = await AnalyzeAsync(bad);
        _output.WriteLine($"{id}.md, Bad: " + (Describe(badFindings) ?? "no finding"));
        results[Check.BadCompiles] = Describe(badErrors, "compiler errors");
        results[Check.BadFindsTheRule] = badFindings.Any(d => d.Id == id) ? null : $"no {id} finding; HookSafety found: {Describe(badFindings) ?? "nothing"}";
        results[Check.BadFindsWhereItsCommentsSay] = await CompareWithCommentsAsync(id, badSolution, badFindings.Where(d => d.Id == id).ToList());
        results[Check.BadFindsNoOtherRule] = Describe(Unexcluded(id, Check.BadFindsNoOtherRule, badFindings.Where(d => d.Id != id), problems), "findings of other rules");

        // Good: it compiles, and no HookSafety rule reports.
        var (_, goodFindings, goodErrors) = await AnalyzeAsync(good);
        results[Check.GoodCompiles] = Describe(goodErrors, "compiler errors");
        results[Check.GoodFindsNothing] = Describe(Unexcluded(id, Check.GoodFindsNothing, goodFindings, problems), "HookSafety findings");

        // How to fix: the code shown is the Bad example after the rule's fixes.
        if (FixInWordsOnly.TryGetValue(id, out var inWords))
        {
            if (fixedShown.Count > 0)
            {
                problems.Add($"'{HowToFix}' shows code now, but the test's data says: {inWords}; remove the page from {nameof(FixInWordsOnly)}");
            }
        }
        else if (fixedShown.Count == 0)
        {
            problems.Add($"'{HowToFix}' shows no ```csharp block of the fixed code: add the page to {nameof(FixInWordsOnly)}, saying how the fix is described");
        }
        else
        {
            results[Check.FixGivesTheShownCode] = await FixAndCompareAsync(id, badSolution, fixedShown);
        }

        foreach (var (check, failure) in results)
        {
            if (!Excluded.TryGetValue((id, check), out var exclusion) || exclusion.Rule is not null)
            {
                if (failure is not null)
                {
                    problems.Add($"{check}: {failure}");
                }
            }
            else if (failure is null)
            {
                problems.Add($"{check} is excluded ({exclusion.Reason}) but holds now: remove the exclusion");
            }
        }

        Assert.True(problems.Count == 0, $"{id}.md:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>The findings a check looks at: all but those its exclusion names (which must still be there).</summary>
    private static List<Diagnostic> Unexcluded(string id, Check check, IEnumerable<Diagnostic> findings, List<string> problems)
    {
        var list = findings.ToList();
        if (!Excluded.TryGetValue((id, check), out var exclusion) || exclusion.Rule is null)
        {
            return list;
        }

        var left = list.Where(d => !(d.Id == exclusion.Rule && LineOf(d).Contains(exclusion.Line!, StringComparison.Ordinal))).ToList();
        if (left.Count == list.Count)
        {
            problems.Add($"{check}: the excluded {exclusion.Rule} finding at `{exclusion.Line}` ({exclusion.Reason}) is gone: remove the exclusion");
        }

        return left;
    }

    /// <summary>
    /// The lines of the example that hold a <c>// HSnnnn</c> comment of the page's rule are the lines of its findings
    /// (where each finding starts).
    /// </summary>
    private static async Task<string?> CompareWithCommentsAsync(string id, Solution solution, List<Diagnostic> findings)
    {
        var comment = new System.Text.RegularExpressions.Regex("//.*\\b" + id + "\\b");
        var commented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var document in TestProject.Documents(solution).Skip(1))
        {
            var text = await document.GetTextAsync();
            foreach (var line in text.Lines.Where(l => comment.IsMatch(l.ToString())))
            {
                commented.Add(Where(document.FilePath!, line.LineNumber, line.ToString()));
            }
        }

        var found = new SortedSet<string>(findings.Where(d => d.Location.IsInSource).Select(Where), StringComparer.Ordinal);
        var noFinding = commented.Except(found).ToList();
        var noComment = found.Except(commented).ToList();
        return noFinding.Count == 0 && noComment.Count == 0
            ? null
            : string.Concat(noFinding.Select(l => $"\n    a '// {id}' comment but no {id} finding at {l}"))
              + string.Concat(noComment.Select(l => $"\n    a {id} finding but no '// {id}' comment at {l}"));
    }

    private static string RulesFolder => Path.Combine(Repository.Root, "docs", "rules");

    /// <summary>Applies the first action offered for each finding of <paramref name="id"/>, one after the other, and compares.</summary>
    private static async Task<string?> FixAndCompareAsync(string id, Solution solution, IReadOnlyList<string> shown)
    {
        var fixers = s_fixers.Value.Where(f => f.FixableDiagnosticIds.Contains(id)).ToList();
        if (fixers.Count == 0)
        {
            return $"the page shows fixed code, but no code fix provider fixes {id}";
        }

        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var applied = 0;
        for (var round = 0; round < 50; round++)
        {
            var (findings, _) = await TestProject.AnalyzeAsync(solution, s_analyzers.Value);
            CodeAction? action = null;
            foreach (var finding in findings.Where(d => d.Id == id && d.Location.IsInSource))
            {
                var key = Where(finding) + finding.GetMessage(CultureInfo.InvariantCulture);
                if (!skipped.Contains(key) && await FirstActionAsync(fixers, solution.GetDocument(finding.Location.SourceTree)!, finding) is { } offered)
                {
                    action = offered;
                    break;
                }

                skipped.Add(key);
            }

            if (action is null)
            {
                break;
            }

            solution = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
            applied++;
        }

        if (applied == 0)
        {
            return $"no code fix was offered for the {id} findings of the Bad example";
        }

        var documents = TestProject.Documents(solution).Skip(1).ToList(); // the host is document 0
        var actual = new List<string>();
        foreach (var document in documents)
        {
            actual.AddRange(Tokens((await document.GetTextAsync()).ToString()));
        }

        var expected = shown.SelectMany(Tokens).ToList();
        if (actual.SequenceEqual(expected, StringComparer.Ordinal))
        {
            return null;
        }

        var at = actual.Zip(expected).TakeWhile(p => p.First == p.Second).Count();
        var fixedText = new List<string>();
        foreach (var document in documents)
        {
            fixedText.Add((await document.GetTextAsync()).ToString());
        }

        return $"after {applied} fix(es) the code differs from the page's at token {at} (fixed: '{string.Join(" ", actual.Skip(at).Take(12))}', page: '{string.Join(" ", expected.Skip(at).Take(12))}'); fixed code:\n{string.Join("\n", fixedText)}";
    }

    private static async Task<CodeAction?> FirstActionAsync(IEnumerable<CodeFixProvider> fixers, Document document, Diagnostic diagnostic)
    {
        foreach (var fixer in fixers)
        {
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            if (actions.Count > 0)
            {
                return actions[0];
            }
        }

        return null;
    }

    /// <summary>Compiles the host and the example's blocks (one document each) and runs every HookSafety analyzer.</summary>
    private static async Task<(Solution Solution, List<Diagnostic> Findings, List<Diagnostic> Errors)> AnalyzeAsync(IReadOnlyList<string> blocks)
    {
        var solution = TestProject.Create(new[] { s_host.Value.Source }.Concat(blocks).ToList(), editorConfig: null, s_analyzers.Value);
        var (analyzer, compiler) = await TestProject.AnalyzeAsync(solution, s_analyzers.Value);
        return (solution,
                analyzer.Where(d => d.Id.StartsWith("HS", StringComparison.Ordinal)).ToList(),
                compiler.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
    }

    private static string? Describe(IReadOnlyCollection<Diagnostic> diagnostics, string what = "")
        => diagnostics.Count == 0
            ? null
            : (what.Length == 0 ? "" : what + ":") + string.Concat(diagnostics.Select(d => $"\n    {Where(d)}: {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}"));

    /// <summary>Where a diagnostic is, as the page's reader finds it: the example block (0 is the host) and the line in it.</summary>
    private static string Where(Diagnostic diagnostic)
        => Where(diagnostic.Location.SourceTree?.FilePath ?? "", diagnostic.Location.GetLineSpan().StartLinePosition.Line, LineOf(diagnostic));

    private static string Where(string path, int line, string text)
    {
        var block = path.StartsWith(TestProject.Folder + "Test", StringComparison.Ordinal) ? path[(TestProject.Folder.Length + 4)..^3] : path;
        return block == "0" ? $"host: `{text.Trim()}`" : $"block {block}, line {line + 1}: `{text.Trim()}`";
    }

    private static string LineOf(Diagnostic diagnostic)
        => diagnostic.Location.SourceTree?.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString() ?? "";

    /// <summary>The <c>```csharp</c> blocks of a section, host excerpts removed (and checked against the host).</summary>
    private static List<string> Examples(Dictionary<string, List<string>> sections, string section, List<string> problems, bool required = true)
    {
        if (!sections.TryGetValue(section, out var blocks) || blocks.Count == 0)
        {
            if (required)
            {
                problems.Add($"'{section}' has no ```csharp block");
            }

            return new List<string>();
        }

        return blocks.Select(b => WithoutHostExcerpts(b, $"{section} block", problems)).ToList();
    }

    /// <summary>The <c>```csharp</c> blocks of a markdown page, by the <c>## </c> section they are in.</summary>
    private static Dictionary<string, List<string>> CsharpBlocks(string markdown)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var section = "";
        List<string>? block = null;
        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (block is not null)
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    if (!sections.TryGetValue(section, out var blocks))
                    {
                        sections[section] = blocks = new List<string>();
                    }

                    blocks.Add(string.Join("\n", block) + "\n");
                    block = null;
                }
                else
                {
                    block.Add(line);
                }
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line.TrimEnd();
            }
            else if (line.TrimStart().StartsWith("```csharp", StringComparison.Ordinal))
            {
                block = new List<string>();
            }
        }

        return sections;
    }

    /// <summary>
    /// The block without the top-level types the host declares: each member such an excerpt shows must be declared in
    /// the host with the same modifiers and type (its body is not compared: a page may write <c>{ ... }</c>).
    /// </summary>
    private static string WithoutHostExcerpts(string block, string where, List<string> problems)
    {
        var host = s_host.Value;
        var root = CSharpSyntaxTree.ParseText(block).GetCompilationUnitRoot();
        var excerpts = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<BaseTypeDeclarationSyntax>()
            .Where(t => host.Types.ContainsKey(t.Identifier.ValueText))
            .ToList();
        foreach (var excerpt in excerpts)
        {
            var hostType = host.Types[excerpt.Identifier.ValueText];
            if (Signature(excerpt) != Signature(hostType))
            {
                problems.Add($"{where}: the host excerpt '{Signature(excerpt)}' is declared '{Signature(hostType)}' in host.md");
            }

            var hostMembers = Members(hostType);
            foreach (var (name, signature) in Members(excerpt))
            {
                if (!hostMembers.TryGetValue(name, out var hostSignature))
                {
                    problems.Add($"{where}: the host excerpt's '{signature}' is not in host.md's {excerpt.Identifier.ValueText}");
                }
                else if (signature != hostSignature)
                {
                    problems.Add($"{where}: the host excerpt's '{signature}' is '{hostSignature}' in host.md");
                }
            }
        }

        return excerpts.Count == 0 ? block : root.RemoveNodes(excerpts, SyntaxRemoveOptions.KeepNoTrivia)!.ToFullString();
    }

    private static string Signature(BaseTypeDeclarationSyntax type)
        => $"{string.Join(" ", type.Modifiers)} {Keyword(type)} {type.Identifier.ValueText}";

    private static string Keyword(BaseTypeDeclarationSyntax type) => type switch
    {
        RecordDeclarationSyntax record => "record " + record.ClassOrStructKeyword.ValueText,
        TypeDeclarationSyntax declaration => declaration.Keyword.ValueText,
        EnumDeclarationSyntax => "enum",
        _ => type.Kind().ToString(),
    };

    private static Dictionary<string, string> Members(BaseTypeDeclarationSyntax type)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        if (type is not TypeDeclarationSyntax declaration)
        {
            return members;
        }

        foreach (var member in declaration.Members)
        {
            var modifiers = string.Join(" ", member.Modifiers);
            switch (member)
            {
                case BaseFieldDeclarationSyntax field:
                    var keyword = field is EventFieldDeclarationSyntax ? "event " : "";
                    foreach (var variable in field.Declaration.Variables)
                    {
                        members[variable.Identifier.ValueText] = $"{modifiers} {keyword}{Normal(field.Declaration.Type)} {variable.Identifier.ValueText}";
                    }

                    break;
                case PropertyDeclarationSyntax property:
                    var accessors = property.AccessorList is null ? "=>" : string.Join(" ", property.AccessorList.Accessors.Select(a => a.Keyword.ValueText));
                    members[property.Identifier.ValueText] = $"{modifiers} {Normal(property.Type)} {property.Identifier.ValueText} {{ {accessors} }}";
                    break;
                case MethodDeclarationSyntax method:
                    members[method.Identifier.ValueText + "()"] = $"{modifiers} {Normal(method.ReturnType)} {method.Identifier.ValueText}({string.Join(", ", method.ParameterList.Parameters.Select(p => Normal(p.Type!)))})";
                    break;
                case BaseTypeDeclarationSyntax nested:
                    members[nested.Identifier.ValueText] = Signature(nested);
                    break;
                default:
                    members[member.ToString()] = member.Kind().ToString();
                    break;
            }
        }

        return members;
    }

    private static string Normal(SyntaxNode node) => node.NormalizeWhitespace().ToFullString();

    /// <summary>The code's tokens, whitespace and comments left out.</summary>
    private static IEnumerable<string> Tokens(string code)
        => CSharpSyntaxTree.ParseText(code).GetRoot().DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).Select(t => t.Text);

    private static ImmutableArray<T> Concrete<T>(string assemblyName)
        => Assembly.Load(assemblyName).GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private static Host LoadHost()
    {
        var blocks = CsharpBlocks(File.ReadAllText(Path.Combine(RulesFolder, "host.md"))).Values.SelectMany(b => b).ToList();
        var source = Assert.Single(blocks);
        var types = CSharpSyntaxTree.ParseText(source).GetCompilationUnitRoot()
            .DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<BaseTypeDeclarationSyntax>()
            .ToDictionary(t => t.Identifier.ValueText, StringComparer.Ordinal);
        return new Host(source, types);
    }

    private sealed record Host(string Source, Dictionary<string, BaseTypeDeclarationSyntax> Types);

    private sealed record Exclusion(string Reason, string? Rule = null, string? Line = null);
}
