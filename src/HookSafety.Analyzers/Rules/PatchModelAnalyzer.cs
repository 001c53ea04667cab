using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// The host of the rules decided over the patch model: builds each patch type's <see cref="PatchModel"/> once, runs
/// the table of rules (<see cref="All"/>, one class per rule in this folder) over it, keeps one finding per mistake,
/// and reports. One analyzer, not one per rule: the driver prepares per-symbol actions for every analyzer that starts on
/// a symbol, and with a dozen such analyzers that cost a patch project more build time than the rules themselves
/// (docs/performance.md).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public class PatchModelAnalyzer : HookSafetyAnalyzer
{
    /// <summary>The rules, in the order their findings are decided (the lifecycle rules first: see <see cref="PatchModelRule.MovesStatements"/>).</summary>
    internal static readonly ImmutableArray<PatchModelRule> All = ImmutableArray.Create<PatchModelRule>(
        new GlobalStateOutsidePrePatch(),
        new MissingUndo(),
        new MissingUnregistration(),
        new UndoInWrongHook(),
        new ShadowVariableLeak(),
        new UnsynchronizedSharedData(),
        new GuardedBy(),
        new PrePatchFailure(),
        new HookCannotFail(),
        new GetPreviousOutsideEnable(),
        new StickyUnpatchHooks(),
        new BlockingWait());

    private readonly ImmutableArray<PatchModelRule> _reported;

    public PatchModelAnalyzer()
        : this(All.ToArray())
    {
    }

    /// <summary>
    /// The host reporting only <paramref name="reported"/>'s findings (each rule's tests look at their rule alone). Every
    /// rule is still decided: one finding per mistake and the fixes' whole-call marking are read across the rules.
    /// </summary>
    internal PatchModelAnalyzer(params PatchModelRule[] reported)
    {
        _reported = reported.ToImmutableArray();
        SupportedDiagnostics = _reported.SelectMany(r => r.Descriptors).ToImmutableArray();
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    internal sealed override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        // Per patch type: the bodies of its members come from the driver (bound once for every analyzer that needs
        // them), and the type is decided when all of them have been seen.
        context.RegisterSymbolStartAction(Guard((SymbolStartAnalysisContext start) =>
        {
            var type = (INamedTypeSymbol)start.Symbol;
            foreach (var rule in _reported)
            {
                // Declarations a rule looks at in any type: only types whose syntax may hold them get an action.
                if (rule.ChecksDeclarations(api, type))
                {
                    RegisterDeclarationCheck(start, rule, api);
                }
            }

            if (!api.IsPatch(type))
            {
                return;
            }

            start.RegisterOperationBlockAction(Guard((OperationBlockAnalysisContext block) => api.Summaries.Remember(block.OwningSymbol, block.OperationBlocks)));
            start.RegisterSymbolEndAction(Guard(c => Analyze(c, api)));
        }), SymbolKind.NamedType);

    }

    /// <summary>A method of its own, so that the closure over the rule is made only for the types that get the action, not for every type and rule.</summary>
    private void RegisterDeclarationCheck(SymbolStartAnalysisContext start, PatchModelRule rule, HookApi api)
        => start.RegisterSymbolEndAction(Guard(c => rule.CheckDeclarations(c, api)));

    private void Analyze(SymbolAnalysisContext context, HookApi api)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var model = api.Model(type, HookSafetyOptions.For(context.Options, type), context.CancellationToken);
        foreach (var finding in Decide(api, model, context.CancellationToken))
        {
            if (SupportedDiagnostics.Contains(finding.Descriptor))
            {
                context.Report(api, finding.ToDiagnostic());
            }
        }
    }

    /// <summary>Every rule's findings for one patch, one per mistake, with the fixes' whole-call marks.</summary>
    internal static ImmutableArray<Finding> Decide(HookApi api, PatchModel model, System.Threading.CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var context = new RuleContext(api, findings, cancellationToken);
        var moving = 0;
        foreach (var rule in All)
        {
            rule.Check(model, context);
            moving = rule.MovesStatements ? findings.Count : moving;
        }

        WholeCalls.Mark(model, findings, moving);
        return Finding.WithoutRepeats(findings.ToImmutableArray());
    }
}
