using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0006: the patch's shared data (its statics, the patch instance's fields) updated by code that runs while the new
/// code is live (<see cref="PatchModel.Live"/>) without synchronization: read-modify-writes, check-then-acts,
/// mutations of collections that are not thread-safe, and plain stores other live code reads. Data written only in
/// <c>PrePatch</c>/<c>PostUnpatch</c> is published before the new code goes live: reading it is always safe.
/// </summary>
internal sealed class UnsynchronizedSharedData : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.UnsynchronizedSharedData);

    public override void Check(PatchModel model, RuleContext context)
    {
        var api = context.Api;
        var options = model.Options;
        var live = model.Live;
        var readers = new Dictionary<ISymbol, List<LiveCode>>(SymbolEqualityComparer.Default);
        var touchedOutsideHooks = new HashSet<ISymbol>(
            live.Where(r => !r.IsHook).SelectMany(r => r.Code.Effects).Where(e => e.Effect.Kind == EffectKind.SharedAccess).Select(e => e.Effect.Variable!),
            SymbolEqualityComparer.Default);
        foreach (var root in live)
        {
            foreach (var read in root.Code.Effects.Where(e => e.Effect is { Kind: EffectKind.SharedAccess, Access: Access.Read }))
            {
                if (!readers.TryGetValue(read.Effect.Variable!, out var list))
                {
                    readers[read.Effect.Variable!] = list = new List<LiveCode>();
                }

                if (!list.Contains(root))
                {
                    list.Add(root);
                }
            }
        }

        HashSet<IOperation>? swaps = null;
        foreach (var root in live)
        {
            foreach (var reached in root.Code.Effects)
            {
                var effect = reached.Effect;
                if (effect is not { Kind: EffectKind.SharedAccess, Variable: { } member } || Guards.HoldsExclusive(reached.Locks) || effect.IsAtomic
                    || effect.Access == Access.Read || api.IsGuarded(member) || MemberPath.IsPerThread(member)
                    || (root.IsHook && !touchedOutsideHooks.Contains(member)))
                {
                    // Hooks never run with each other: data only hooks touch is not shared with concurrent code.
                    continue;
                }

                var name = member.Name;
                string? problem = null;
                string? advice = null;
                switch (effect.Access)
                {
                    case Access.Update:
                        (problem, advice) = Update(effect, name);
                        break;
                    case Access.CheckThenAct:
                        problem = "is checked and then set without synchronization";
                        advice = "initialize it with Interlocked.CompareExchange or LazyInitializer.EnsureInitialized, set it in PrePatch, or take a lock";
                        break;
                    case Access.Mutation when !ThreadingTables.IsThreadSafe(effect.ReceiverType, options):
                        problem = $"is changed{(effect.Method is { } method ? $" by {method.Name}()" : " through its indexer")} without synchronization";
                        advice = effect.ReceiverType is { } receiver && !MemberPath.IsSystem(receiver)
                            ? $"{Display(receiver)} is not known to be thread-safe: take a lock around every use, or, if it is, list it in {HookSafetyOptions.ThreadSafeTypesKey}"
                            : $"{Display(effect.ReceiverType)} is not thread-safe: take a lock around every use, or hold a concurrent collection (System.Collections.Concurrent)";
                        break;
                    case Access.Store when !IsVolatile(member) && OtherReader(readers, member, root) is { } reader:
                        problem = "is stored without synchronization";
                        advice = CanWriteVolatile(member)
                            ? $"{reader.Code.Where} reads it: publish it with Volatile.Write(ref {name}, ...) or take a lock"
                            : $"{reader.Code.Where} reads it: take a lock around the store and the reads";
                        break;
                }

                if (problem is not null && (effect.Operation is not IDeconstructionAssignmentOperation || (swaps ??= new HashSet<IOperation>()).Add(effect.Operation)))
                {
                    // A tuple assignment of several shared members is one statement to fix: one finding, on its first member.
                    context.Report(new Finding(Analyzers.Descriptors.UnsynchronizedSharedData, reached.Location, reached.HelperLocation,
                        Properties(reached, member), name, problem, root.Code.Where, reached.Via, root.Reason, advice!));
                }
            }
        }
    }

    private static (string Problem, string Advice) Update(Effect effect, string name)
    {
        // Interlocked needs a field (passed by ref) of int or long, and the result unused (a statement).
        var interlocked = effect.Variable is IFieldSymbol { Type.SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 }
                          && effect.Operation.Parent is IExpressionStatementOperation;
        switch (effect.Operation)
        {
            case IIncrementOrDecrementOperation { Kind: OperationKind.Increment }:
                return ("is incremented without synchronization", interlocked ? $"use Interlocked.Increment(ref {name}) or take a lock" : "take a lock around it");
            case IIncrementOrDecrementOperation:
                return ("is decremented without synchronization", interlocked ? $"use Interlocked.Decrement(ref {name}) or take a lock" : "take a lock around it");
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } when interlocked:
                return ("is read, changed and written back without synchronization", $"use Interlocked.Add(ref {name}, ...) or take a lock");
            default:
                return ("is read, changed and written back without synchronization", "take a lock around the read and the write");
        }
    }

    /// <summary>Whether <c>Volatile.Write(ref field, value)</c> exists for the member: a field of a reference type or of a primitive it supports.</summary>
    private static bool CanWriteVolatile(ISymbol member)
        => member is IFieldSymbol { IsReadOnly: false } field
           && (field.Type.IsReferenceType || field.Type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte
               or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
               or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
               or SpecialType.System_IntPtr or SpecialType.System_UIntPtr);

    /// <summary>Live code other than the writer's own kind that reads the member: hooks never run with hooks, the rest runs with everything.</summary>
    private static LiveCode? OtherReader(Dictionary<ISymbol, List<LiveCode>> readers, ISymbol member, LiveCode writer)
        => readers.TryGetValue(member, out var list) ? list.FirstOrDefault(r => !(writer.IsHook && r.IsHook)) : null;

    private static ImmutableDictionary<string, string?> Properties(ReachedEffect reached, ISymbol member)
        => FindingProperties.Of(reached, kind: reached.Effect.Access.ToString(), path: member.Name);

    private static bool IsVolatile(ISymbol member) => member is IFieldSymbol { IsVolatile: true };

    private static string Display(ITypeSymbol? type)
        => type?.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "the collection";
}
