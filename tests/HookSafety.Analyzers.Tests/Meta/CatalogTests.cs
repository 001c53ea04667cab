using System;
using System.Collections.Generic;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>Checks over every descriptor, analyzer and fixer the product ships.</summary>
public sealed class CatalogTests
{
    private static readonly Assembly AnalyzerAssembly = typeof(Descriptors).Assembly;
    private static readonly Assembly FixerAssembly = typeof(PatchShapeFixer).Assembly;

    private static IEnumerable<Type> Concrete<T>(Assembly assembly) => assembly.GetTypes().Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract);

    private static List<DiagnosticAnalyzer> Analyzers() => Concrete<DiagnosticAnalyzer>(AnalyzerAssembly).Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToList();

    private static List<DiagnosticDescriptor> CatalogDescriptors() => typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    private static string Repo(params string[] parts) => Path.Combine(new[] { Repository.Root }.Concat(parts).ToArray());

    public static TheoryData<string> DescriptorIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in CatalogDescriptors().Select(d => d.Id).Distinct())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void EveryCatalogDescriptor_IsSupportedByExactlyOneAnalyzer_AndNoAnalyzerHasItsOwn()
    {
        var catalog = CatalogDescriptors();
        var supported = Analyzers().SelectMany(a => a.SupportedDiagnostics).ToList();
        Assert.NotEmpty(catalog);
        foreach (var descriptor in catalog)
        {
            Assert.Single(supported, d => ReferenceEquals(d, descriptor));
        }

        Assert.All(supported, d => Assert.Contains(catalog, c => ReferenceEquals(c, d)));
    }

    [Fact]
    public void EveryAnalyzer_IsACSharpHookSafetyAnalyzer()
    {
        foreach (var type in Concrete<DiagnosticAnalyzer>(AnalyzerAssembly))
        {
            Assert.True(typeof(HookSafetyAnalyzer).IsAssignableFrom(type), $"{type.Name} must derive from HookSafetyAnalyzer (compilation start, hook API check).");
            var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
            Assert.NotNull(attribute);
            Assert.Equal(new[] { LanguageNames.CSharp }, attribute!.Languages);
            Assert.EndsWith("Analyzer", type.Name, StringComparison.Ordinal);
        }
    }

    /// <summary>Ids whose descriptors differ in severity on purpose, each with the reason (the rule's page says it too).</summary>
    private static readonly Dictionary<string, string> MixedSeverities = new(StringComparer.Ordinal)
    {
        ["HS0018"] = "a release the project cannot replace is an error; a release summary that cannot be read is a warning (issue 18)",
    };

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptors_OfOneId_AgreeAndLinkToAnExistingPage(string id)
    {
        var descriptors = CatalogDescriptors().Where(d => d.Id == id).ToList();
        Assert.Matches(new Regex("^HS[0-9]{4}$"), id);
        Assert.Single(descriptors.Select(d => d.Category).Distinct());
        // One severity per id, but where a rule's page gives its second descriptor another on purpose (MixedSeverities).
        Assert.True(descriptors.Select(d => d.DefaultSeverity).Distinct().Count() == 1 || MixedSeverities.ContainsKey(id), $"the descriptors of {id} have different severities");
        foreach (var descriptor in descriptors)
        {
            Assert.Equal(Descriptors.HelpLink(id), descriptor.HelpLinkUri);
            Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
            Assert.False(descriptor.MessageFormat.ToString().EndsWith(".", StringComparison.Ordinal), "messages do not end with a period");
        }

        Assert.True(File.Exists(Repo("docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void EveryRulePage_HasTheSectionsAPatchAuthorNeeds(string id)
    {
        var page = File.ReadAllText(Repo("docs", "rules", id + ".md"));
        Assert.StartsWith($"# {id}: ", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it flags", "## Why", "## Bad", "## Good", "## How to fix", "## Options", "## Suppressing" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void EveryId_IsInTheReleaseFiles_WithItsCategoryAndSeverity(string id)
    {
        var descriptor = CatalogDescriptors().First(d => d.Id == id);
        var lines = File.ReadAllLines(Repo("src", "HookSafety.Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Repo("src", "HookSafety.Analyzers", "AnalyzerReleases.Shipped.md")))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length >= 3 && c[0] == id)
            .ToList();
        var line = Assert.Single(lines);
        Assert.Equal(descriptor.Category, line[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), line[2]);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void EveryId_IsInTheReadmeRulesTable_WithItsSeverity(string id)
    {
        var row = File.ReadAllLines(Repo("README.md")).SingleOrDefault(l => l.StartsWith($"| [{id}](docs/rules/{id}.md) |", StringComparison.Ordinal));
        Assert.True(row is not null, $"README.md's rules table has no row for {id}");
        var severity = CatalogDescriptors().First(d => d.Id == id).DefaultSeverity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "info",
            _ => "hidden",
        };
        Assert.Equal(severity, row!.Split('|')[2].Trim());
    }

    [Fact]
    public void ConfigurationPage_NamesEveryOption()
    {
        var page = File.ReadAllText(Repo("docs", "configuration.md"));
        foreach (var option in new[] { HookSafetyOptions.GlobalStateHooksKey, HookSafetyOptions.ReplacementGlobalWritesKey, HookSafetyOptions.RegistrationPairsKey, HookSafetyOptions.ThreadSafeTypesKey })
        {
            Assert.Contains($"`{option}`", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryFixer_IsExportedSharedAndHasAFixAllProvider()
    {
        var fixers = Concrete<CodeFixProvider>(FixerAssembly).ToList();
        Assert.NotEmpty(fixers);
        var ids = CatalogDescriptors().Select(d => d.Id).ToHashSet();
        foreach (var type in fixers)
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(new[] { LanguageNames.CSharp }, export!.Languages);
            Assert.Equal(type.Name, export.Name);
            Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());
            Assert.EndsWith("Fixer", type.Name, StringComparison.Ordinal);

            var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.NotEmpty(fixer.FixableDiagnosticIds);
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        }
    }

    [Fact]
    public void RulePagesWithoutADescriptor_DoNotExist()
    {
        var ids = CatalogDescriptors().Select(d => d.Id).ToHashSet();
        foreach (var page in Directory.GetFiles(Repo("docs", "rules"), "HS*.md"))
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(page), ids);
        }
    }

    [Fact]
    public void EveryPublicTypeOfTheHookApi_IsInItsTrackedPublicApi()
    {
        // PublicApiAnalyzers enforces the files member by member when the hook API builds (RS0016/RS0017 as errors);
        // this holds the tracking itself in place: the files exist, the project reads them, and they list every type.
        var folder = Repo("src", "HookSafety.Hooks");
        Assert.Contains("Microsoft.CodeAnalysis.PublicApiAnalyzers", File.ReadAllText(Path.Combine(folder, "HookSafety.Hooks.csproj")), StringComparison.Ordinal);
        var declared = File.ReadAllLines(Path.Combine(folder, "PublicAPI.Shipped.txt"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "PublicAPI.Unshipped.txt")))
            .ToHashSet(StringComparer.Ordinal);
        var types = typeof(HookSafety.Hooks.LivePatch).Assembly.GetExportedTypes();
        Assert.NotEmpty(types);
        Assert.All(types, type => Assert.Contains(ApiName(type), declared));

        static string ApiName(Type type)
        {
            var name = type.FullName!.Replace('+', '.');
            return type.IsGenericTypeDefinition
                ? Regex.Replace(name, "`[0-9]+", _ => "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.Name)) + ">")
                : name;
        }
    }

    public static TheoryData<string> RuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add(field.Name);
        }

        return data;
    }

    /// <summary>
    /// One name per rule, found in one step: the <c>RuleIds</c> constant, one class under <c>Rules/</c> of that name (a
    /// rule over the patch model) or that name with <c>Analyzer</c> (a standalone analyzer) reporting that id, its test
    /// class <c>{Name}AnalyzerTests</c>, and its page, whose Implementation line names the rule's file, every fixer of
    /// the id and their tests, by paths that exist.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleNames))]
    public void EveryRule_HasOneClassOfItsName_ATestClass_AndAPageThatNamesTheirFiles(string name)
    {
        var id = (string)typeof(RuleIds).GetField(name)!.GetValue(null)!;
        var classes = AnalyzerAssembly.GetTypes()
            .Where(t => t.Namespace == "HookSafety.Analyzers.Rules" && (t.Name == name || t.Name == name + "Analyzer"))
            .ToList();
        var rule = Assert.Single(classes);
        var reported = typeof(HookSafety.Analyzers.Rules.PatchModelRule).IsAssignableFrom(rule)
            ? Assert.Single(HookSafety.Analyzers.Rules.PatchModelAnalyzer.All, r => r.GetType() == rule).Descriptors
            : ((DiagnosticAnalyzer)Activator.CreateInstance(rule)!).SupportedDiagnostics;
        Assert.NotEmpty(reported);
        Assert.All(reported, d => Assert.Equal(id, d.Id));
        Assert.Contains(typeof(CatalogTests).Assembly.GetTypes(), t => t.Name == name + "AnalyzerTests");

        var ruleFile = $"src/HookSafety.Analyzers/Rules/{rule.Name}.cs";
        var fixers = Concrete<CodeFixProvider>(FixerAssembly)
            .Where(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds.Contains(id))
            .Select(t => t.Name)
            .ToList();
        var expected = new[] { ruleFile, $"tests/HookSafety.Analyzers.Tests/Rules/{name}AnalyzerTests.cs" }
            .Concat(fixers.Select(f => $"src/HookSafety.CodeFixes/Rules/{f}.cs"))
            .Concat(fixers.Select(f => $"tests/HookSafety.Analyzers.Tests/Rules/{f}Tests.cs"));
        var line = File.ReadAllLines(Repo("docs", "rules", id + ".md")).SingleOrDefault(l => l.StartsWith("Implementation:", StringComparison.Ordinal));
        Assert.True(line is not null, $"docs/rules/{id}.md has no Implementation: line");
        var named = Regex.Matches(line!, "`([^`]+)`").Select(m => m.Groups[1].Value).ToList();
        Assert.All(named, path => Assert.True(File.Exists(Repo(path.Split('/'))), $"docs/rules/{id}.md names {path}, which does not exist"));
        Assert.All(expected, path => Assert.Contains(path, named));
    }

    [Fact]
    public void NoSourceFileOfTheAnalyzersOrTheFixes_IsOver400Lines()
    {
        var tooLong = new[] { "HookSafety.Analyzers", "HookSafety.CodeFixes" }
            .SelectMany(project => Directory.GetFiles(Repo("src", project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Repository.Root, f), Lines: File.ReadAllLines(f).Length))
            .Where(f => f.Lines > 400)
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToList();
        Assert.True(tooLong.Count == 0, "Split these by job: " + string.Join(", ", tooLong));
    }
}
