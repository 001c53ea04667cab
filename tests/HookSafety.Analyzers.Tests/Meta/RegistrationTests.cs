using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>
/// Every analyzer starts once per compilation and registers nothing when the compilation does not reference the
/// hook API; the hook API's symbols are resolved once per compilation and shared.
/// </summary>
public sealed class RegistrationTests
{
    private static CSharpCompilation Compile(bool withHookApi)
        => CSharpCompilation.Create(
            "Registration",
            new[] { CSharpSyntaxTree.ParseText("public sealed class C { }") },
            TestSetup.References(withHookApi),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static TheoryData<string> AnalyzerNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(Descriptors).Assembly.GetTypes().Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_RegistersNothing_WithoutTheHookApi_AndSomething_WithIt(string analyzerName)
    {
        Assert.Equal(0, Registrations(analyzerName, Compile(withHookApi: false), out var setup));
        Assert.True(setup.ConcurrentExecution, "concurrent execution must be enabled");
        // Generated code is not analyzed; reports are filtered by the rules themselves (GeneratedCodeTests).
        Assert.Equal(GeneratedCodeAnalysisFlags.ReportDiagnostics, setup.GeneratedCode);
        Assert.Equal(1, setup.CompilationStartActions);
        Assert.True(Registrations(analyzerName, Compile(withHookApi: true), out _) > 0);
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void EveryActionAnAnalyzerRegisters_IsGuarded(string analyzerName)
    {
        // A compilation with a patch type, so that symbol-start actions register their own actions too.
        var compilation = CSharpCompilation.Create(
            "Registration",
            new[] { CSharpSyntaxTree.ParseText("using HookSafety.Hooks; [Patch(\"p\")] public sealed class P : LivePatch { }") },
            TestSetup.References(referenceHookApi: true),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Registrations(analyzerName, compilation, out _, out var start);
        Assert.NotEmpty(start.Actions);
        foreach (var symbolStart in start.Actions.OfType<Action<SymbolStartAnalysisContext>>().ToList())
        {
            var recording = new RecordingSymbolStartContext(compilation.GetTypeByMetadataName("P")!, compilation);
            symbolStart(recording);
            start.Actions.AddRange(recording.Actions);
        }

        // A guarded action is a closure made by HookSafetyAnalyzer.Guard: an exception in it names the rule and where.
        var unguarded = start.Actions.Where(a => !IsGuard(a)).Select(a => a.Method.DeclaringType?.Name + "." + a.Method.Name).ToList();
        Assert.True(unguarded.Count == 0, $"{analyzerName} registers actions that do not go through Guard: {string.Join(", ", unguarded)}");
    }

    private static bool IsGuard(Delegate action)
    {
        for (var type = action.Method.DeclaringType; type is not null; type = type.DeclaringType)
        {
            if (type == typeof(HookSafetyAnalyzer))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void EveryReport_GoesThroughTheGeneratedCodeFilter()
    {
        // The driver's own generated-code check is off for the rules (Reporting.Flags): a direct ReportDiagnostic would
        // report in generated code.
        var root = System.IO.Path.Combine(Repository.Root, "src", "HookSafety.Analyzers");
        var direct = System.IO.Directory.GetFiles(root, "*.cs", System.IO.SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && System.IO.Path.GetFileName(f) != "Reporting.cs"
                        && System.IO.File.ReadAllText(f).Contains(".ReportDiagnostic(", StringComparison.Ordinal))
            .Select(System.IO.Path.GetFileName)
            .ToList();
        Assert.Empty(direct);
    }

    [Theory]
    [InlineData("HookSafety.Hooks", true)]
    [InlineData("SomePatches", false)]
    public void HookApiDeclaredInSource_CountsOnlyInTheHookApisOwnAssembly(string assemblyName, bool found)
    {
        var source = """
            namespace HookSafety.Hooks
            {
                public abstract class LivePatch { }
                [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class PatchAttribute : System.Attribute { public PatchAttribute(string id) { } }
            }
            """;
        var compilation = CSharpCompilation.Create(assemblyName, new[] { CSharpSyntaxTree.ParseText(source) }, TestSetup.References(referenceHookApi: false),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Equal(found, HookApi.For(compilation) is not null);
    }

    [Fact]
    public void HookApi_IsResolvedOncePerCompilation()
    {
        var compilation = Compile(withHookApi: true);
        var api = HookApi.For(compilation);
        Assert.NotNull(api);
        Assert.Same(api, HookApi.For(compilation));
        Assert.Same(api!.Catalog, api.Catalog);
        Assert.NotSame(api, HookApi.For(Compile(withHookApi: true)));
        Assert.Null(HookApi.For(Compile(withHookApi: false)));
    }

    private static int Registrations(string analyzerName, Compilation compilation, out RecordingContext setup) => Registrations(analyzerName, compilation, out setup, out _);

    private static int Registrations(string analyzerName, Compilation compilation, out RecordingContext setup, out RecordingStartContext start)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(typeof(Descriptors).Assembly.GetType(analyzerName)!)!;
        setup = new RecordingContext();
        analyzer.Initialize(setup);
        start = new RecordingStartContext(compilation);
        foreach (var action in setup.StartActions)
        {
            action(start);
        }

        return start.Count;
    }

    private sealed class RecordingContext : AnalysisContext
    {
        public ImmutableList<Action<CompilationStartAnalysisContext>> StartActions { get; private set; } = ImmutableList<Action<CompilationStartAnalysisContext>>.Empty;

        public int CompilationStartActions => StartActions.Count;

        public bool ConcurrentExecution { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => StartActions = StartActions.Add(action);

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw Direct();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Direct();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Direct();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Direct();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Direct();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Direct();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Direct();

        private static InvalidOperationException Direct() => new("HookSafety analyzers register their actions from the compilation start, after the hook API check.");
    }

    /// <summary>
    /// The options every analyzer starts with here: a release summary (read by HS0018, which registers nothing when no
    /// release is listed) and one that cannot be read (for which it registers an additional-file action); the other
    /// analyzers ignore them.
    /// </summary>
    private static readonly AnalyzerOptions s_options = new(ImmutableArray.Create<AdditionalText>(
        new TextFile("v1.patches.json", new HookSafety.Shared.PatchSummary("V1", new[] { new HookSafety.Shared.PatchEntry("p", "P", cumulative: true, sticky: false, new[] { new System.Collections.Generic.KeyValuePair<string, int>("s", 1) }, Array.Empty<string>()) }).ToJson()),
        new TextFile("broken.patches.json", "{")));

    private sealed class TextFile : AdditionalText
    {
        private readonly string _text;

        public TextFile(string path, string text) => (Path, _text) = (path, text);

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => Microsoft.CodeAnalysis.Text.SourceText.From(_text);
    }

    private sealed class RecordingStartContext : CompilationStartAnalysisContext
    {
        public RecordingStartContext(Compilation compilation)
            : base(compilation, s_options, CancellationToken.None)
        {
        }

        public int Count => Actions.Count;

        public System.Collections.Generic.List<Delegate> Actions { get; } = new();

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => Actions.Add(action);

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Actions.Add(action);

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Actions.Add(action);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => Actions.Add(action);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Actions.Add(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Actions.Add(action);

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Actions.Add(action);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Actions.Add(action);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Actions.Add(action);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Actions.Add(action);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Actions.Add(action);

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => Actions.Add(action);
    }

    private sealed class RecordingSymbolStartContext : SymbolStartAnalysisContext
    {
#pragma warning disable CS0618 // The driver makes these; a test that records registrations makes its own.
        public RecordingSymbolStartContext(ISymbol symbol, Compilation compilation)
            : base(symbol, compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), CancellationToken.None)
        {
        }
#pragma warning restore CS0618

        public System.Collections.Generic.List<Delegate> Actions { get; } = new();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Actions.Add(action);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Actions.Add(action);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Actions.Add(action);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Actions.Add(action);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Actions.Add(action);

        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => Actions.Add(action);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Actions.Add(action);
    }
}
