using System.Collections.Immutable;
using System.Composition;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0003: undoes a registration made in <c>PostPatch</c> at the end of <c>PreUnpatch</c> (created if missing):
/// <c>Event -= handler;</c>, the inverse call with the same arguments (<c>Net.UnregisterHandler(OnConnect);</c>), or
/// <c>field?.Dispose();</c>. Offered for a statement of the hook itself whose arguments mean the same in
/// <c>PreUnpatch</c>: not through a helper, not for a lambda (the undo would remove a new delegate) or a local.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUnregistrationFixer)), Shared]
public sealed class AddUnregistrationFixer : LifecycleFixer
{
    public const string EquivalenceKey = "HS0003.AddUnregistration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingUnregistration);

    private protected override LifecycleFix? Plan(FixTarget target)
        => target.IsDirect && target.TargetHook is { } hook && hook == Hooks.PreUnpatch
            ? UndoFixes.AppendUnregistration(target, hook, EquivalenceKey)
            : null;
}
