using System.Collections.Immutable;
using System.Composition;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0005: detaches a shadow variable from every object when the patch is gone: appends
/// <c>variable.DetachAll();</c> to <c>PostUnpatch</c>, creating it if missing. The variable is named as at the
/// <c>Attach</c> call, or by the finding's <c>Path</c> when it is attached in a helper or through a local.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DetachShadowVariableFixer)), Shared]
public sealed class DetachShadowVariableFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0005.DetachAll";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ShadowVariableLeak);

    private protected override PatchFix? Plan(FixTarget target)
    {
        var hook = target.TargetHook ?? Hooks.PostUnpatch;
        if (hook != Hooks.PostUnpatch
            || LifecycleStatements.DetachAll(target.Node, target[FindingProperties.Path], e => target.Model.GetSymbolInfo(e, target.CancellationToken).Symbol is ILocalSymbol or IParameterSymbol) is not { } detach)
        {
            return null;
        }

        return new PatchFix($"Add {PatchEditor.Quote(detach)} to {hook}", EquivalenceKey, editor =>
            !editor.HookHas(hook, s => s.IsEquivalentTo(detach)) && editor.Append(hook, detach));
    }
}
