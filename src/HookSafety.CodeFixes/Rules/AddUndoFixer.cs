using System.Collections.Immutable;
using System.Composition;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0002: undoes a global change in the hook that pairs with the one that made it (<c>PostUnpatch</c>; <c>PreUnpatch</c>
/// for a <c>PostPatch</c> change under <c>hook_safety.global_state_hooks = pre_and_post_patch</c>), creating it if
/// missing. A write saves the original value and the patched one in new private static fields around the statement,
/// and restores the original only if the member still holds the patched value (the administrator may have changed
/// it since: the kpatch guide's CVE-2016-5696 lesson). A registration gets its inverse: <c>-=</c>, the inverse call,
/// <c>Dispose()</c> (<c>Insert(i, x)</c> gets <c>Remove(x)</c>); one made on a local that only holds a shared object
/// (<c>var peers = Net.AllowedPeers; peers.Add(x);</c>) is undone on that object (<c>Net.AllowedPeers.Remove(x);</c>). A write made through a helper is saved around the hook's
/// call to it; <c>s_old = Interlocked.Exchange(ref M, v);</c> is restored from the value it kept; entries of an array
/// or list written at the hook's own index (in a loop) are saved as a whole and restored entry by entry; an environment variable (<c>Environment.SetEnvironmentVariable</c>) or an <c>AppContext</c> switch is
/// saved and set back the same way, and so are the thread pool's counts (<c>ThreadPool.SetMinThreads</c>, <c>SetMaxThreads</c>). A registration made through a helper is undone as the helper makes it, when that
/// names none of the helper's parameters or locals. A lambda handler is kept in a field first (see
/// <see cref="UndoFixes.AppendUnregistration"/>). A collection's <c>Clear()</c> saves its items and adds them back if it is still empty.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUndoFixer)), Shared]
public sealed class AddUndoFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0002.AddUndo";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingUndo);

    private protected override PatchFix? Plan(FixTarget target)
    {
        // Through a helper, a write is saved around the hook's call; a registration is undone as the helper makes it,
        // when that names nothing only the helper knows (its parameters, its locals).
        if (target.TargetHook is not { } hook || !(hook == Hooks.PostUnpatch || hook == Hooks.PreUnpatch))
        {
            return null;
        }

        return target.Kind == nameof(EffectKind.Write)
            ? UndoFixes.SaveAndRestore(target, hook, EquivalenceKey) ?? UndoFixes.RestoreExchanged(target, hook, EquivalenceKey)
              ?? UndoFixes.SaveAndRestoreEntries(target, hook, EquivalenceKey)
            : UndoFixes.AppendUnregistration(target, hook, EquivalenceKey)
              ?? UndoFixes.SaveAndRestoreProcessSetting(target, hook, EquivalenceKey)
              ?? UndoFixes.SaveAndRestoreThreadPoolSetting(target, hook, EquivalenceKey)
              ?? UndoFixes.SaveAndRefillCollection(target, hook, EquivalenceKey);
    }
}
