using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>
/// The harness, as <see cref="TestSetup"/> configures it, passes what is right and fails on every kind of wrong
/// expectation: each test below breaks one on purpose, with small analyzers and fixers of its own.
/// </summary>
public sealed class HarnessTests
{
    private static async Task<string> FailsAsync(Func<Task> run) => (await Assert.ThrowsAnyAsync<Exception>(run)).Message;

    [Fact]
    public Task RightExpectations_Pass()
        => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync(
            "class [|BadOne|] { } class {|#0:BadTwo|} { }",
            CSharpAnalyzerVerifier<BadClassAnalyzer>.Diagnostic("TEST0001").WithLocation(0).WithLocation(0).WithMessage("'BadTwo' is bad"));

    [Fact]
    public async Task AMovedSpan_Fails()
        => Assert.Contains("Expected diagnostic to end at column", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync("class [|BadO|]ne { }")));

    [Fact]
    public async Task AChangedMessage_Fails()
        => Assert.Contains("Expected diagnostic message to be \"'BadOne' is wrong\" was \"'BadOne' is bad\"", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync(
                "class {|#0:BadOne|} { }",
                CSharpAnalyzerVerifier<BadClassAnalyzer>.Diagnostic("TEST0001").WithLocation(0).WithLocation(0).WithMessage("'BadOne' is wrong"))));

    [Fact]
    public async Task AMissingAdditionalLocation_Fails()
        => Assert.Contains("Expected 0 additional locations but got 1", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync(
                "class {|#0:BadOne|} { }",
                CSharpAnalyzerVerifier<BadClassAnalyzer>.Diagnostic("TEST0001").WithLocation(0))));

    [Fact]
    public async Task AnUnexpectedFinding_Fails()
        => Assert.Contains("Mismatch between number of diagnostics returned, expected \"1\" actual \"2\"", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync("class [|BadOne|] { } class BadTwo { }")));

    [Fact]
    public async Task AMissingFinding_Fails()
        => Assert.Contains("Mismatch between number of diagnostics returned, expected \"1\" actual \"0\"", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync("class [|Good|] { }")));

    [Fact]
    public async Task ACompilerErrorInTheSource_Fails()
        => Assert.Contains("CS1525", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync("class [|BadOne|] { int _x = ; }")));

    [Fact]
    public async Task AFindingInGeneratedCode_FailsTheGeneratedCodePass()
        => Assert.Contains("Nothing may be reported in generated code", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassEverywhereAnalyzer>.VerifyAnalyzerAsync("class [|BadOne|] { }")));

    [Fact]
    public async Task AWrongSeverity_Fails()
        => Assert.Contains("Expected diagnostic severity to be \"Error\" was \"Warning\"", await FailsAsync(
            () => CSharpAnalyzerVerifier<BadClassAnalyzer>.VerifyAnalyzerAsync(
                "class {|#0:BadOne|} { }",
                CSharpAnalyzerVerifier<BadClassAnalyzer>.Diagnostic("TEST0001").WithLocation(0).WithLocation(0).WithSeverity(DiagnosticSeverity.Error))));

    [Fact]
    public Task ARightFix_Passes()
        => CSharpCodeFixVerifier<BadClassAnalyzer, RenameFixer>.VerifyCodeFixAsync(
            new[] { "class [|BadOne|] { }", "class [|BadTwo|] { } class [|BadThree|] { }" },
            new[] { "class GoodOne { }", "class GoodTwo { } class GoodThree { }" });

    [Fact]
    public async Task AFixedTextThatDiffers_Fails()
        => Assert.Contains("content of '/0/Test0.cs' did not match", await FailsAsync(
            () => CSharpCodeFixVerifier<BadClassAnalyzer, RenameFixer>.VerifyCodeFixAsync("class [|BadOne|] { }", "class FineOne { }")));

    [Fact]
    public async Task AFixThatBreaksTheCode_Fails()
        => Assert.Contains("CS0246", await FailsAsync(
            () => CSharpCodeFixVerifier<BadClassAnalyzer, RenameFixer>.VerifyCodeFixAsync(
                "class [|BadOne|] { } class User { BadOne _field = new(); }",
                "class GoodOne { } class User { BadOne _field = new(); }")));

    [Fact]
    public async Task AFindingLeftInTheFixedCodeButNotMarked_Fails()
        => Assert.Contains("Diagnostics of fixed state", await FailsAsync(
            () => CSharpCodeFixVerifier<BadClassAnalyzer, RenameToBadderFixer>.VerifyCodeFixAsync("class [|BadOne|] { }", "class BadderOne { }")));

    [Fact]
    public Task AFindingLeftInTheFixedCode_IsMarkedThere()
        => CSharpCodeFixVerifier<BadClassAnalyzer, RenameToBadderFixer>.VerifyCodeFixAsync("class [|BadOne|] { }", "class [|BadderOne|] { }");

    [Fact]
    public async Task AFixOfferedWhereNoneIsExpected_Fails()
        => Assert.Contains("content of '/0/Test0.cs' did not match", await FailsAsync(
            () => CSharpCodeFixVerifier<BadClassAnalyzer, RenameFixer>.VerifyNoFixAsync("class [|BadOne|] { }")));

    [Fact]
    public Task NoFixOffered_PassesANoFixTest()
        => CSharpCodeFixVerifier<BadClassAnalyzer, RenameToBadderFixer>.VerifyNoFixAsync("class [|BadderOne|] { }");

    [Fact]
    public async Task AnActionWithoutEquivalenceKey_Fails()
        => Assert.Contains("Every code action needs its own non-null equivalence key", await FailsAsync(
            () => CSharpCodeFixVerifier<BadClassAnalyzer, KeylessFixer>.VerifyCodeFixAsync("class [|BadOne|] { }", "class GoodOne { }")));

    [Fact]
    public void References_AreResolvedWithoutNuGet()
    {
        Assert.Null(TestSetup.ReferenceAssemblies.ReferenceAssemblyPackage);
        Assert.Empty(TestSetup.ReferenceAssemblies.Packages);
        Assert.Contains(TestSetup.Framework, r => FileName(r) == "System.Runtime.dll");
        Assert.Contains(TestSetup.References(referenceHookApi: true), r => FileName(r) == "HookSafety.Hooks.dll");
        Assert.DoesNotContain(TestSetup.References(referenceHookApi: false), r => FileName(r) == "HookSafety.Hooks.dll");

        static string? FileName(MetadataReference reference) => System.IO.Path.GetFileName((reference as PortableExecutableReference)?.FilePath);
    }

    private static readonly DiagnosticDescriptor s_bad = new("TEST0001", "Bad class", "'{0}' is bad", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>Reports every class whose name starts with "Bad", with the class keyword as an additional location.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private class BadClassAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

        protected virtual DiagnosticDescriptor Descriptor => s_bad;

        protected virtual GeneratedCodeAnalysisFlags GeneratedCode => GeneratedCodeAnalysisFlags.None;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode);
            context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.ClassDeclaration);
        }

        private void Analyze(SyntaxNodeAnalysisContext context)
        {
            var declaration = (ClassDeclarationSyntax)context.Node;
            if (declaration.Identifier.ValueText.StartsWith("Bad", StringComparison.Ordinal))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptor, declaration.Identifier.GetLocation(), new[] { declaration.Identifier.GetLocation() }, declaration.Identifier.ValueText));
            }
        }
    }

    /// <summary>Like <see cref="BadClassAnalyzer"/>, but it also reports in generated code.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BadClassEverywhereAnalyzer : BadClassAnalyzer
    {
        protected override GeneratedCodeAnalysisFlags GeneratedCode => GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;
    }

    /// <summary>Renames a bad class to <c>Good...</c> (<see cref="Prefix"/>), with an equivalence key unless told otherwise.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private class RenameFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST0001");

        protected virtual string Prefix => "Good";

        protected virtual string? Key => "TEST0001.Rename";

        protected virtual bool Offers(string name) => true;

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var token = root!.FindToken(context.Span.Start);
            if (!Offers(token.ValueText))
            {
                return;
            }

            var name = Prefix + token.ValueText.Substring("Bad".Length);
            context.RegisterCodeFix(
                CodeAction.Create("Rename to " + name, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(token, SyntaxFactory.Identifier(name).WithTriviaFrom(token)))), Key),
                context.Diagnostics);
        }
    }

    /// <summary>A fix that leaves a finding behind: the new name still starts with "Bad" (and gets no fix itself).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class RenameToBadderFixer : RenameFixer
    {
        protected override string Prefix => "Badder";

        protected override bool Offers(string name) => !name.StartsWith("Badder", StringComparison.Ordinal);
    }

    /// <summary>A fix whose action has no equivalence key.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class KeylessFixer : RenameFixer
    {
        protected override string? Key => null;
    }
}
