using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// The concurrency rules (HS0006, HS0007), decided once per patch type over the code that runs while the new code
/// is live: replacements (on many threads at once), <c>PostPatch</c> and <c>PreUnpatch</c> (beside them), the helpers
/// they call, and callbacks handed out to run later. Data written only in <c>PrePatch</c>/<c>PostUnpatch</c> is
/// published before the new code goes live: reading it is always safe.
/// </summary>
internal static class Concurrency
{
    private sealed class Root
    {
        public Root(PatchCode code, bool isHook, string reason)
        {
            Code = code;
            IsHook = isHook;
            Reason = reason;
        }

        public PatchCode Code { get; }

        /// <summary>Hooks never run concurrently with each other; other live code runs with everything.</summary>
        public bool IsHook { get; }

        /// <summary>Why it runs concurrently, for messages.</summary>
        public string Reason { get; }
    }

    public static IEnumerable<Finding> Decide(HookApi api, PatchModel model, HookSafetyOptions options)
    {
        var live = LiveRoots(model).ToList();
        var findings = new List<Finding>();
        SharedData(api, live, options, findings);
        Guarded(api, model, findings);
        return findings;
    }

    private static IEnumerable<Root> LiveRoots(PatchModel model)
    {
        foreach (var hook in new[] { Role.PostPatch, Role.PreUnpatch })
        {
            if (model.TryGetHook(hook, out var effects))
            {
                var name = Phases.HookName(hook);
                yield return new Root(new PatchCode(hook, name, null, effects), isHook: true, "which runs while the new code is live on other threads");
            }
        }

        foreach (var code in model.OtherCode.Where(c => c.Role == Role.Replacement))
        {
            yield return new Root(code, isHook: false, "which runs on many threads at once");
        }

        foreach (var code in model.Callbacks)
        {
            yield return new Root(code, isHook: false, "which runs on whatever thread calls it");
        }
    }

    /// <summary>HS0006: read-modify-writes, check-then-acts, collection mutations and read stores of the patch's shared data.</summary>
    private static void SharedData(HookApi api, List<Root> live, HookSafetyOptions options, List<Finding> findings)
    {
        var readers = new Dictionary<ISymbol, List<Root>>(SymbolEqualityComparer.Default);
        var touchedOutsideHooks = new HashSet<ISymbol>(
            live.Where(r => !r.IsHook).SelectMany(r => r.Code.Effects).Where(e => e.Effect.Kind == EffectKind.SharedAccess).Select(e => e.Effect.Variable!),
            SymbolEqualityComparer.Default);
        foreach (var root in live)
        {
            foreach (var read in root.Code.Effects.Where(e => e.Effect is { Kind: EffectKind.SharedAccess, Access: Access.Read }))
            {
                if (!readers.TryGetValue(read.Effect.Variable!, out var list))
                {
                    readers[read.Effect.Variable!] = list = new List<Root>();
                }

                if (!list.Contains(root))
                {
                    list.Add(root);
                }
            }
        }

        foreach (var root in live)
        {
            foreach (var reached in root.Code.Effects)
            {
                var effect = reached.Effect;
                if (effect is not { Kind: EffectKind.SharedAccess, Variable: { } member } || !reached.Locks.IsEmpty || effect.IsAtomic
                    || effect.Access == Access.Read || api.FindAttribute(member, api.GuardedByAttribute) is not null || MemberPath.IsPerThread(member)
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
                    case Access.Mutation when !IsThreadSafe(effect.ReceiverType, options):
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

                if (problem is not null)
                {
                    findings.Add(new Finding(Descriptors.UnsynchronizedSharedData, reached.Location, reached.HelperLocation,
                        Properties(reached, member), name, problem, root.Code.Where, reached.Via, root.Reason, advice!));
                }
            }
        }
    }

    /// <summary>HS0007: every access to a <c>[GuardedBy]</c> member without its lock, and guards that name no lock.</summary>
    private static void Guarded(HookApi api, PatchModel model, List<Finding> findings)
    {
        var roots = new List<(PatchCode Code, string Where)>();
        foreach (var hook in new[] { Role.PostPatch, Role.PreUnpatch })
        {
            if (model.TryGetHook(hook, out var effects))
            {
                roots.Add((new PatchCode(hook, Phases.HookName(hook), null, effects), Phases.HookName(hook)));
            }
        }

        roots.AddRange(model.OtherCode.Where(c => c.Role == Role.Replacement).Select(c => (c, c.Where)));
        roots.AddRange(model.Callbacks.Select(c => (c, c.Where)));
        roots.AddRange(model.Helpers.Select(c => (c, c.Where)));

        var reported = new HashSet<(Location, ISymbol)>();
        foreach (var (code, where) in roots)
        {
            foreach (var reached in code.Effects)
            {
                if (reached.Effect is not { Kind: EffectKind.SharedAccess, Variable: { } member }
                    || GuardOf(api, member) is not { } guard || guard.Lock is not { } lockMember
                    || reached.Locks.Contains(lockMember, SymbolEqualityComparer.Default)
                    || !reported.Add((reached.Location, member)))
                {
                    continue;
                }

                findings.Add(new Finding(Descriptors.GuardedAccessWithoutLock, reached.Location, reached.HelperLocation,
                    Properties(reached, member).Add(FindingProperties.Lock, lockMember.Name),
                    member.Name, Verb(reached.Effect.Access), where, reached.Via, lockMember.Name));
            }
        }
    }

    /// <summary>The lock a <c>[GuardedBy]</c> member names, resolved in its type (or a base type); null lock when it names none.</summary>
    public static (string Name, ISymbol? Lock)? GuardOf(HookApi api, ISymbol member)
    {
        if (api.FindAttribute(member, api.GuardedByAttribute) is not { ConstructorArguments: { Length: 1 } arguments } || arguments[0].Value is not string name)
        {
            return null;
        }

        for (var type = member.ContainingType; type is not null; type = type.BaseType)
        {
            var candidate = type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
            if (candidate is not null)
            {
                return (name, candidate);
            }
        }

        return (name, null);
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
    private static Root? OtherReader(Dictionary<ISymbol, List<Root>> readers, ISymbol member, Root writer)
        => readers.TryGetValue(member, out var list) ? list.FirstOrDefault(r => !(writer.IsHook && r.IsHook)) : null;

    private static string Verb(Access access) => access switch
    {
        Access.Read => "read",
        Access.Store => "written",
        Access.Mutation => "changed",
        _ => "updated",
    };

    private static ImmutableDictionary<string, string?> Properties(ReachedEffect reached, ISymbol member)
        => ImmutableDictionary<string, string?>.Empty
            .Add(FindingProperties.Direct, reached.CallSite is null ? "true" : "false")
            .Add(FindingProperties.Kind, reached.Effect.Access.ToString())
            .Add(FindingProperties.Path, member.Name);

    private static bool IsVolatile(ISymbol member) => member is IFieldSymbol { IsVolatile: true };

    private static bool IsThreadSafe(ITypeSymbol? type, HookSafetyOptions options)
    {
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns is "System.Collections.Concurrent" or "System.Collections.Immutable"
               || options.ThreadSafeTypes.Contains(type.Name)
               || options.ThreadSafeTypes.Contains(type.OriginalDefinition.ToDisplayString())
               || options.ThreadSafeTypes.Contains($"{ns}.{type.Name}");
    }

    private static string Display(ITypeSymbol? type)
        => type?.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "the collection";
}
