using System.Collections.Immutable;
using System.Composition;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0003: undoes a registration made in <c>PostPatch</c> at the end of <c>PreUnpatch</c> (created if missing):
/// <c>Event -= handler;</c>, the inverse call with the same arguments (<c>Net.UnregisterHandler(OnConnect);</c>), or
/// <c>field?.Dispose();</c>. Offered when what the undo names means the same in <c>PreUnpatch</c>: a registration made
/// through a helper is undone as the helper makes it, when that names none of the helper's parameters or locals; a
/// lambda handler is first kept in a static field, when it uses nothing of the hook; never for a local handler.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUnregistrationFixer)), Shared]
public sealed class AddUnregistrationFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0003.AddUnregistration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingUnregistration);

    private protected override PatchFix? Plan(FixTarget target)
        => target.TargetHook is { } hook && hook == Hooks.PreUnpatch
            ? UndoFixes.AppendUnregistration(target, hook, EquivalenceKey)
            : null;
}
