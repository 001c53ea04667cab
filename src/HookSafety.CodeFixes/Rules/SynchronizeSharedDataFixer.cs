using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0006: synchronizes an access to the patch's shared data made in the root itself (not through a helper). An
/// update of an <c>int</c>/<c>long</c> field by a whole statement (<c>x++</c>, <c>x--</c>, <c>x += v</c>, <c>x -= v</c>)
/// becomes <c>Interlocked.Increment/Decrement/Add(ref x, ...)</c>; a plain store to a field that is not readonly
/// becomes <c>Volatile.Write(ref x, v)</c>; and any access can be wrapped in <c>lock (s_gate) { ... }</c> on a
/// <c>private static readonly object s_gate = new();</c> of the patch class, created once per class (for a
/// check-then-act, the whole <c>if</c> that checks the member goes under the lock, so the check and the act are one
/// step). The atomic form, when there is one, is offered first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SynchronizeSharedDataFixer)), Shared]
public sealed class SynchronizeSharedDataFixer : PatchFixer
{
    public const string InterlockedKey = "HS0006.Interlocked";
    public const string VolatileWriteKey = "HS0006.VolatileWrite";
    public const string LockKey = "HS0006.Lock";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnsynchronizedSharedData);

    private protected override IEnumerable<PatchFix> Plans(FixTarget target)
    {
        if (ConcurrencyFixes.InterlockedUpdate(target, InterlockedKey) is { } interlocked)
        {
            yield return interlocked;
        }

        if (ConcurrencyFixes.VolatileWrite(target, VolatileWriteKey) is { } volatileWrite)
        {
            yield return volatileWrite;
        }

        // Any lock will do for HS0006: a statement under one (the gate, after an earlier fix of FixAll) is done.
        if (ConcurrencyFixes.WrapInLock(target, LockKey, "Wrap in a lock", Gate, _ => true) is { } locked)
        {
            yield return locked;
        }
    }

    private static (ExpressionSyntax, string)? Gate(PatchEditor editor, StatementSyntax statement)
    {
        var gate = editor.Gate();
        var existing = editor.Type.GetMembers(gate).FirstOrDefault();
        return (ConcurrencyFixes.StaticMember(editor, statement, editor.Type, gate, existing), gate);
    }
}
