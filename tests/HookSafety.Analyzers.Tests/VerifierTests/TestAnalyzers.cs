using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers.Tests.VerifierTests;

// Small analyzers and fixers with known behaviour, to prove the verifier fails when it should.

/// <summary>Reports TEST0001 on every class named <c>Bad</c>, with the class's first other class as additional location.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public class BadClassAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "TEST0001", "Bad class", "Class '{0}' is bad", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

    protected virtual DiagnosticDescriptor Descriptor => Rule;

    protected virtual GeneratedCodeAnalysisFlags GeneratedCode => GeneratedCodeAnalysisFlags.None;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
    }

    protected virtual void Analyze(SymbolAnalysisContext context)
    {
        if (context.Symbol.Name.StartsWith("Bad", StringComparison.Ordinal))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, context.Symbol.Locations[0], context.Symbol.Name));
        }
    }
}

/// <summary>Reports in generated code too: the verifier's generated-code pass must catch it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReportsInGeneratedCodeAnalyzer : BadClassAnalyzer
{
    protected override GeneratedCodeAnalysisFlags GeneratedCode => GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;
}

/// <summary>A descriptor that is off by default: the verifier turns it on.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OffByDefaultAnalyzer : BadClassAnalyzer
{
    public static readonly DiagnosticDescriptor OffRule = new(
        "TEST0002", "Bad class", "Class '{0}' is bad", "Test", DiagnosticSeverity.Info, isEnabledByDefault: false);

    protected override DiagnosticDescriptor Descriptor => OffRule;
}

/// <summary>A diagnostic that <c>#pragma warning disable</c> cannot silence.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NotConfigurableAnalyzer : BadClassAnalyzer
{
    public static readonly DiagnosticDescriptor FixedRule = new(
        "TEST0003", "Bad class", "Class '{0}' is bad", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        customTags: WellKnownDiagnosticTags.NotConfigurable);

    protected override DiagnosticDescriptor Descriptor => FixedRule;
}

/// <summary>Throws on every class: the verifier must report the analyzer exception.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : BadClassAnalyzer
{
    protected override void Analyze(SymbolAnalysisContext context) => throw new InvalidOperationException("analyzer bug");
}

/// <summary>Renames <c>Bad…</c> to <c>Good…</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
public class RenameFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST0001");

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected virtual string? Key => "Rename";

    protected virtual string NewName(string name) => "Good" + name.Substring(3);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root!.FindToken(context.Span.Start).Parent as ClassDeclarationSyntax;
        if (declaration is null || !declaration.Identifier.ValueText.StartsWith("Bad", StringComparison.Ordinal))
        {
            return;
        }

        context.RegisterCodeFix(CodeAction.Create("Rename", ct => Task.FromResult(Fix(context.Document, root, declaration)), Key), context.Diagnostics);
    }

    protected virtual Document Fix(Document document, SyntaxNode root, ClassDeclarationSyntax declaration)
        => document.WithSyntaxRoot(root.ReplaceToken(
            declaration.Identifier,
            SyntaxFactory.Identifier(NewName(declaration.Identifier.ValueText)).WithTriviaFrom(declaration.Identifier)));
}

/// <summary>Produces code that does not compile: an opening brace too many.</summary>
public sealed class BreakingFixer : RenameFixer
{
    protected override Document Fix(Document document, SyntaxNode root, ClassDeclarationSyntax declaration)
        => document.WithText(SourceText.From(root.ToFullString().Replace("class Bad", "class Good {", StringComparison.Ordinal)));
}

/// <summary>An action without an equivalence key.</summary>
public sealed class NullKeyFixer : RenameFixer
{
    protected override string? Key => null;
}

/// <summary>No FixAll provider.</summary>
public sealed class NoFixAllFixer : RenameFixer
{
    public override FixAllProvider? GetFixAllProvider() => null;
}

/// <summary>A fix that never removes its diagnostic.</summary>
public sealed class EndlessFixer : RenameFixer
{
    protected override string NewName(string name) => name + "X";
}

/// <summary>Offers nothing.</summary>
public sealed class SilentFixer : RenameFixer
{
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Task.CompletedTask;
}
