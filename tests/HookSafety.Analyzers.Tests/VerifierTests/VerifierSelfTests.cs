using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HookSafety.Analyzers.Tests.VerifierTests;

/// <summary>The verifier must pass what is right and fail, with a clear message, on every kind of wrong.</summary>
public sealed class VerifierSelfTests
{
    private static AnalyzerTest Test(DiagnosticAnalyzer analyzer, params string[] sources)
    {
        var test = new AnalyzerTest();
        test.Analyzers.Add(analyzer);
        test.Sources.AddRange(sources);
        return test;
    }

    private static CodeFixTest FixTest(CodeFixProvider fixer, string[] sources, string[] fixedSources)
    {
        var test = new CodeFixTest { Fixer = fixer };
        test.Analyzers.Add(new BadClassAnalyzer());
        test.Sources.AddRange(sources);
        test.FixedSources.AddRange(fixedSources);
        return test;
    }

    private static async Task<string> Fails(Task run) => (await Assert.ThrowsAsync<VerifierException>(() => run)).Message;

    [Fact]
    public Task Passes_WhenMarkupMatches() => Test(new BadClassAnalyzer(), "class [|Bad|] { }").RunAsync();

    [Fact]
    public async Task Fails_OnWrongId()
    {
        var message = await Fails(Test(new BadClassAnalyzer(), "class {|TEST9999:Bad|} { }").RunAsync());
        Assert.Contains("missing:    TEST9999", message);
        Assert.Contains("unexpected: TEST0001", message);
    }

    [Fact]
    public async Task Fails_OnWrongSpan()
    {
        var message = await Fails(Test(new BadClassAnalyzer(), "class [|Ba|]d { }").RunAsync());
        Assert.Contains("missing:", message);
        Assert.Contains("{|TEST0001:Bad|}", message); // the actual diagnostics, as pasteable markup
    }

    [Fact]
    public async Task Fails_OnUnexpectedDiagnostic()
        => Assert.Contains("unexpected: TEST0001", await Fails(Test(new BadClassAnalyzer(), "class [|BadOne|] { } class BadTwo { }").RunAsync()));

    [Fact]
    public async Task Fails_OnMissingDiagnostic()
        => Assert.Contains("missing:    TEST0001", await Fails(Test(new BadClassAnalyzer(), "class [|Good|] { }").RunAsync()));

    [Fact]
    public async Task Fails_OnWrongMessage()
    {
        var test = Test(new BadClassAnalyzer(), "class {|#0:Bad|} { }");
        test.Expected.Add(new ExpectedDiagnostic("TEST0001").WithLocation(0).WithMessage("Class 'Bad' is fine"));
        Assert.Contains("message:", await Fails(test.RunAsync()));
    }

    [Fact]
    public Task Passes_OnRightMessageAndSeverity()
    {
        var test = Test(new BadClassAnalyzer(), "class {|#0:Bad|} { }");
        test.Expected.Add(new ExpectedDiagnostic("TEST0001").WithLocation(0).WithMessage("Class 'Bad' is bad").WithSeverity(DiagnosticSeverity.Warning));
        return test.RunAsync();
    }

    [Fact]
    public async Task Fails_OnWrongSeverity()
    {
        var test = Test(new BadClassAnalyzer(), "class {|#0:Bad|} { }");
        test.Expected.Add(new ExpectedDiagnostic("TEST0001").WithLocation(0).WithSeverity(DiagnosticSeverity.Error));
        Assert.Contains("severity:", await Fails(test.RunAsync()));
    }

    [Fact]
    public async Task Fails_OnWrongAdditionalLocation()
    {
        var test = Test(new BadClassAnalyzer(), "class {|#0:Bad|} { } class {|#1:Other|} { }");
        test.Expected.Add(new ExpectedDiagnostic("TEST0001").WithLocation(0).WithAdditionalLocations(1));
        Assert.Contains("additional locations", await Fails(test.RunAsync()));
    }

    [Fact]
    public async Task Fails_OnCompilerErrorNotInMarkup()
        => Assert.Contains("CS0029", await Fails(Test(new BadClassAnalyzer(), "class [|Bad|] { int x = \"s\"; }").RunAsync()));

    [Fact]
    public Task Passes_OnCompilerErrorInMarkup()
        => Test(new BadClassAnalyzer(), "class [|Bad|] { int x = {|CS0029:\"s\"|}; }").RunAsync();

    [Theory]
    [InlineData("class [|Bad { }")]
    [InlineData("class Bad|] { }")]
    [InlineData("class {|TEST0001:Bad|] { }")]
    [InlineData("class {|:Bad|} { }")]
    public async Task Fails_OnUnbalancedMarkup(string source)
        => Assert.Contains("markup", (await Fails(Test(new BadClassAnalyzer(), source).RunAsync())).ToLowerInvariant());

    [Fact]
    public async Task Fails_OnLeftoverIndexedMarkup()
        => Assert.Contains("Leftover markup", await Fails(Test(new BadClassAnalyzer(), "class [|Bad|] { } class {|#3:Fine|} { }").RunAsync()));

    [Fact]
    public async Task Fails_WhenAnalyzerThrows()
    {
        var message = await Fails(Test(new ThrowingAnalyzer(), "class Bad { }").RunAsync());
        Assert.Contains("analyzer bug", message);
    }

    [Fact]
    public async Task Fails_WhenGeneratedCodeIsReported()
        => Assert.Contains("generated code", await Fails(Test(new ReportsInGeneratedCodeAnalyzer(), "class [|Bad|] { }").RunAsync()));

    [Fact]
    public async Task Fails_WhenPragmaDoesNotSilence()
        => Assert.Contains("#pragma warning disable", await Fails(Test(new NotConfigurableAnalyzer(), "class [|Bad|] { }").RunAsync()));

    [Fact]
    public Task Passes_WithDescriptorDisabledByDefault() => Test(new OffByDefaultAnalyzer(), "class [|Bad|] { }").RunAsync();

    [Fact]
    public async Task Fails_WhenDisabledByDefaultDiagnosticIsNotExpected()
        => Assert.Contains("unexpected: TEST0002", await Fails(Test(new OffByDefaultAnalyzer(), "class Bad { }").RunAsync()));

    [Fact]
    public Task EditorConfig_RaisesSeverity()
    {
        var test = Test(new BadClassAnalyzer(), "class {|#0:Bad|} { }");
        test.EditorConfig = "dotnet_diagnostic.TEST0001.severity = error";
        test.Expected.Add(new ExpectedDiagnostic("TEST0001").WithLocation(0).WithSeverity(DiagnosticSeverity.Error));
        return test.RunAsync();
    }

    [Fact]
    public Task EditorConfig_TurnsRuleOff()
    {
        var test = Test(new BadClassAnalyzer(), "class Bad { }");
        test.EditorConfig = "dotnet_diagnostic.TEST0001.severity = none";
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_Passes_WhenResultMatches()
        => FixTest(new RenameFixer(), new[] { "class [|Bad|] { }" }, new[] { "class Good { }" }).RunAsync();

    [Fact]
    public async Task Fix_Fails_WhenResultDiffers()
        => Assert.Contains("differs in Test0.cs", await Fails(FixTest(new RenameFixer(), new[] { "class [|Bad|] { }" }, new[] { "class Fine { }" }).RunAsync()));

    [Fact]
    public async Task Fix_Fails_WhenFixedCodeDoesNotCompile()
    {
        // The expected text is what the fixer produces, so only the compile check can catch it.
        var message = await Fails(FixTest(new BreakingFixer(), new[] { "class [|Bad|] { }" }, new[] { "class Good { { }" }).RunAsync());
        Assert.Contains("The fixed code", message);
        Assert.Contains("unexpected: CS", message);
    }

    [Fact]
    public Task FixAll_AcrossTwoDocuments()
        => FixTest(new RenameFixer(),
            new[] { "class [|BadOne|] { } class [|BadTwo|] { }", "class [|BadThree|] { }" },
            new[] { "class GoodOne { } class GoodTwo { }", "class GoodThree { }" }).RunAsync();

    [Fact]
    public async Task Fix_Fails_WithoutEquivalenceKey()
        => Assert.Contains("equivalence key", await Fails(FixTest(new NullKeyFixer(), new[] { "class [|Bad|] { }" }, new[] { "class Good { }" }).RunAsync()));

    [Fact]
    public async Task Fix_Fails_WithoutFixAllProvider()
        => Assert.Contains("no FixAll provider", await Fails(FixTest(new NoFixAllFixer(), new[] { "class [|Bad|] { }" }, new[] { "class Good { }" }).RunAsync()));

    [Fact]
    public async Task Fix_Fails_WhenDiagnosticNeverGoesAway()
        => Assert.Contains("still offered", await Fails(FixTest(new EndlessFixer(), new[] { "class [|Bad|] { }" }, new[] { "class Bad { }" }).RunAsync()));

    [Fact]
    public async Task Fix_Fails_WhenNoFixIsOffered()
        => Assert.Contains("No fix was offered", await Fails(FixTest(new SilentFixer(), new[] { "class [|Bad|] { }" }, new[] { "class Bad { }" }).RunAsync()));

    [Fact]
    public Task NoFix_Passes_WhenNothingIsOffered()
    {
        var test = FixTest(new SilentFixer(), new[] { "class [|Bad|] { }" }, new string[0]);
        test.ExpectNoFix = true;
        return test.RunAsync();
    }

    [Fact]
    public async Task NoFix_Fails_WhenAFixIsOffered()
    {
        var test = FixTest(new RenameFixer(), new[] { "class [|Bad|] { }" }, new string[0]);
        test.ExpectNoFix = true;
        Assert.Contains("No fix was expected", await Fails(test.RunAsync()));
    }

    [Fact]
    public void Markup_ParsesNestedAndIndexedSpans()
    {
        var marked = MarkedSource.Parse("a{|#0:b[|c|]|}d{|CS0001:e|}");
        Assert.Equal("abcde", marked.Text);
        Assert.Equal(
            new[] { (null, new TextSpan(2, 1)), ("#0", new TextSpan(1, 2)), ("CS0001", new TextSpan(4, 1)) },
            marked.Spans.Select(s => (s.Name, s.Span)).ToArray());
        Assert.Equal(0, marked.Spans[1].Index);
    }

    [Fact]
    public void Markup_RenderIsTheInverseOfParse()
    {
        var diagnostics = new List<(string, TextSpan)> { ("A", new TextSpan(1, 2)), ("B", new TextSpan(2, 1)), ("C", new TextSpan(3, 0)), ("D", new TextSpan(3, 2)) };
        var rendered = MarkedSource.Render("abcde", diagnostics);
        Assert.Equal("a{|A:b{|B:c|}|}{|C:|}{|D:de|}", rendered);
        var parsed = MarkedSource.Parse(rendered);
        Assert.Equal("abcde", parsed.Text);
        Assert.Equal(diagnostics.OrderBy(d => d.Item1), parsed.Spans.Select(s => (s.Name!, s.Span)).OrderBy(d => d.Item1));
    }
}
