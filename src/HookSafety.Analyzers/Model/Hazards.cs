using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// The livepatch power-user hazards read from the patch model: a PrePatch that throws or rejects after changing
/// global state (HS0008), exceptions leaving hooks that cannot fail (HS0009), previous states read outside the enable
/// (HS0011), hooks of a sticky patch that never run (HS0015), blocking waits in hooks (HS0016).
/// </summary>
internal static class Hazards
{
    /// <summary>Waits without a timeout: method name → the types (in System.Threading or System.Threading.Tasks) that block in it.</summary>
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>> BlockingMethods = new Dictionary<string, ImmutableHashSet<string>>
    {
        ["Sleep"] = ImmutableHashSet.Create("Thread"),
        ["Wait"] = ImmutableHashSet.Create("Task", "SemaphoreSlim", "ManualResetEventSlim", "CountdownEvent"),
        ["WaitAll"] = ImmutableHashSet.Create("Task", "WaitHandle"),
        ["WaitAny"] = ImmutableHashSet.Create("Task", "WaitHandle"),
        ["WaitOne"] = ImmutableHashSet.Create("WaitHandle"),
        ["Enter"] = ImmutableHashSet.Create("Monitor"),
        ["SignalAndWait"] = ImmutableHashSet.Create("Barrier"),
    }.ToImmutableDictionary();

    /// <summary>A call that blocks its thread with no timeout (Thread.Sleep always counts). Asked for every call: names first.</summary>
    public static bool IsBlockingWait(IMethodSymbol method)
    {
        if (method.Name == "GetResult")
        {
            // task.GetAwaiter().GetResult()
            return method.ContainingType is { } awaiter && awaiter.Name.EndsWith("Awaiter", System.StringComparison.Ordinal)
                   && IsNamespace(awaiter.ContainingType?.ContainingNamespace ?? awaiter.ContainingNamespace, "System", "Runtime", "CompilerServices");
        }

        if (!BlockingMethods.TryGetValue(method.Name, out var types) || method.ContainingType is not { } type)
        {
            return false;
        }

        var declaring = types.Contains(type.Name) ? type : type.BaseType is { } baseType && types.Contains(baseType.Name) ? baseType : null;
        if (declaring is null || !(IsNamespace(declaring.ContainingNamespace, "System", "Threading") || IsNamespace(declaring.ContainingNamespace, "System", "Threading", "Tasks")))
        {
            return false;
        }

        // An overload with a timeout (int milliseconds or TimeSpan) does not block forever; Thread.Sleep always blocks.
        return method.Name == "Sleep"
               || !method.Parameters.Any(p => (p.Type.SpecialType == SpecialType.System_Int32 && p.Name.Contains("millisecond")) || p.Type.Name == "TimeSpan");
    }

    /// <summary>Whether <paramref name="ns"/> is exactly the namespace named by <paramref name="parts"/>.</summary>
    internal static bool IsNamespace(INamespaceSymbol? ns, params string[] parts)
    {
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.Name != parts[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }

    /// <summary><c>Task&lt;T&gt;.Result</c> or <c>ValueTask&lt;T&gt;.Result</c>.</summary>
    public static bool IsTaskResult(IPropertySymbol property)
        => property.ContainingType is { Name: "Task" or "ValueTask", IsGenericType: true, ContainingNamespace: { Name: "Tasks" } };

    public static IEnumerable<Finding> Decide(HookApi api, PatchModel model, HookSafetyOptions options, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        ThrowsFromHooks(model, findings);
        RejectsAfterChanges(api, model, options, findings, cancellationToken);
        PreviousStates(model, findings);
        BlockingWaits(model, findings);
        StickyHooks(model, findings);
        return findings;
    }

    /// <summary>HS0008 (PrePatch) and HS0009 (the hooks that cannot fail): exceptions that leave a hook.</summary>
    private static void ThrowsFromHooks(PatchModel model, List<Finding> findings)
    {
        foreach (var pair in model.Hooks)
        {
            foreach (var reached in pair.Value)
            {
                if (reached.Effect.Kind != EffectKind.Throw || IsCaught(reached.Effect.ReceiverType, reached.Catches))
                {
                    continue;
                }

                var type = reached.Effect.ReceiverType?.Name ?? "an exception";
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(FindingProperties.Hook, Phases.HookName(pair.Key))
                    .Add(FindingProperties.Direct, reached.CallSite is null ? "true" : "false");
                if (pair.Key == Role.PrePatch)
                {
                    findings.Add(new Finding(Descriptors.PrePatchThrows, reached.Location, reached.HelperLocation, properties, type, reached.Via));
                }
                else
                {
                    var outcome = pair.Key == Role.PostPatch ? "the patch stays enabled with PostPatch half done" : "the patch is disabled anyway, with the hook half done";
                    findings.Add(new Finding(Descriptors.HookThrows, reached.Location, reached.HelperLocation, properties, type, Phases.HookName(pair.Key), reached.Via, outcome));
                }
            }
        }
    }

    /// <summary>
    /// HS0008: a <c>return HookResult.Reject(...)</c> reached on a path of PrePatch that changed global state and did
    /// not undo it (the manager runs no other hook of a rejected patch). Decided over PrePatch's control flow graph.
    /// </summary>
    private static void RejectsAfterChanges(HookApi api, PatchModel model, HookSafetyOptions options, List<Finding> findings, CancellationToken cancellationToken)
    {
        if (!model.HookMethods.TryGetValue(Role.PrePatch, out var prePatch) || api.Summaries.BodyOf(prePatch, cancellationToken) is not IMethodBodyOperation body)
        {
            return;
        }

        var relevant = model.In(Role.PrePatch).Where(e => Lifecycle.IsChange(e.Effect, options) || e.Effect.Kind is EffectKind.Write or EffectKind.Call or EffectKind.EventRemove or EffectKind.Dispose).ToList();
        if (relevant.Count == 0)
        {
            return;
        }

        if (!body.Descendants().Any(o => o is IInvocationOperation { TargetMethod.Name: "Reject" } reject
                                          && SymbolEqualityComparer.Default.Equals(reject.TargetMethod.ContainingType, api.HookResult)))
        {
            return;
        }

        var graph = ControlFlowGraph.Create(body, cancellationToken);
        var blocks = graph.Blocks;
        var byBlock = new List<ReachedEffect>[blocks.Length];
        foreach (var effect in relevant)
        {
            var span = effect.Location.SourceSpan;
            var best = -1;
            var bestLength = int.MaxValue;
            for (var i = 0; i < blocks.Length; i++)
            {
                foreach (var operation in blocks[i].Operations.Concat(blocks[i].BranchValue is { } branch ? new[] { branch } : Enumerable.Empty<IOperation>()))
                {
                    var candidate = operation.Syntax.Span;
                    if (candidate.Contains(span) && candidate.Length < bestLength)
                    {
                        (best, bestLength) = (i, candidate.Length);
                    }
                }
            }

            if (best >= 0)
            {
                (byBlock[best] ??= new List<ReachedEffect>()).Add(effect);
            }
        }

        // Forward may-analysis: the changes made and not yet undone on some path to each block's end.
        var pendingOut = new HashSet<ReachedEffect>[blocks.Length];
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < blocks.Length; i++)
            {
                var pending = new HashSet<ReachedEffect>(blocks[i].Predecessors.SelectMany(p => pendingOut[p.Source.Ordinal] ?? Enumerable.Empty<ReachedEffect>()));
                foreach (var effect in (byBlock[i] ?? new List<ReachedEffect>()).OrderBy(e => e.Location.SourceSpan.Start).ThenBy(e => e.Effect.Location.SourceSpan.Start))
                {
                    var undone = pending.Where(c => Lifecycle.Undoes(effect.Effect, c.Effect, options)).ToList();
                    if (undone.Count > 0)
                    {
                        pending.ExceptWith(undone);
                    }
                    else if (Lifecycle.IsChange(effect.Effect, options))
                    {
                        pending.Add(effect);
                    }
                }

                // Only ever grows, so the iteration ends (a loop may see a change both undone and made again).
                if (pendingOut[i] is null)
                {
                    pendingOut[i] = pending;
                    changed = true;
                }
                else if (!pending.IsSubsetOf(pendingOut[i]))
                {
                    pendingOut[i].UnionWith(pending);
                    changed = true;
                }
            }
        }

        for (var i = 0; i < blocks.Length; i++)
        {
            if (blocks[i] is { BranchValue: { } value, FallThroughSuccessor.Semantics: ControlFlowBranchSemantics.Return }
                && MemberPath.WithoutConversions(value) is IInvocationOperation { TargetMethod.Name: "Reject" } reject
                && SymbolEqualityComparer.Default.Equals(reject.TargetMethod.ContainingType, api.HookResult)
                && pendingOut[i] is { Count: > 0 } pending)
            {
                // The set's order is not deterministic: name the first change in source order (at the call, then in the helper).
                var first = pending.OrderBy(e => e.Location.SourceSpan.Start).ThenBy(e => e.Effect.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(e => e.Effect.Location.SourceSpan.Start).ThenBy(e => e.Effect.Path, System.StringComparer.Ordinal).First();
                findings.Add(new Finding(Descriptors.RejectAfterChange, reject.Syntax.GetLocation(), ImmutableArray.Create(first.Location),
                    ImmutableDictionary<string, string?>.Empty, Lifecycle.Subject(first.Effect), first.Via));
            }
        }
    }

    /// <summary>HS0011: GetPrevious reached from code other than PrePatch and PostPatch (and the helpers they call).</summary>
    private static void PreviousStates(PatchModel model, List<Finding> findings)
    {
        var roots = new List<(string Where, ImmutableArray<ReachedEffect> Effects)>();
        foreach (var hook in new[] { Role.PreUnpatch, Role.PostUnpatch })
        {
            if (model.Hooks.TryGetValue(hook, out var effects))
            {
                roots.Add((Phases.HookName(hook), effects));
            }
        }

        roots.AddRange(model.OtherCode.Select(c => (c.Where, c.Effects)));
        roots.AddRange(model.Callbacks.Select(c => (c.Where, c.Effects)));
        foreach (var (where, effects) in roots)
        {
            foreach (var reached in effects.Where(e => e.Effect.Kind == EffectKind.GetPrevious))
            {
                findings.Add(new Finding(Descriptors.GetPreviousOutsideEnable, reached.Location, reached.HelperLocation,
                    ImmutableDictionary<string, string?>.Empty, where, reached.Via));
            }
        }
    }

    /// <summary>HS0016: blocking waits in the four hooks (and the helpers they call).</summary>
    private static void BlockingWaits(PatchModel model, List<Finding> findings)
    {
        foreach (var pair in model.Hooks)
        {
            foreach (var reached in pair.Value.Where(e => e.Effect.Kind == EffectKind.BlockingWait))
            {
                findings.Add(new Finding(Descriptors.BlockingWaitInHook, reached.Location, reached.HelperLocation,
                    ImmutableDictionary<string, string?>.Empty, reached.Effect.Path, Phases.HookName(pair.Key), reached.Via));
            }
        }
    }

    /// <summary>HS0015: a sticky patch's PreUnpatch and PostUnpatch never run.</summary>
    private static void StickyHooks(PatchModel model, List<Finding> findings)
    {
        if (!model.IsSticky)
        {
            return;
        }

        foreach (var hook in new[] { Hooks.PreUnpatch, Hooks.PostUnpatch })
        {
            foreach (var method in model.Type.GetMembers(hook).OfType<IMethodSymbol>().Where(m => m.IsOverride))
            {
                findings.Add(new Finding(Descriptors.StickyPatchUnpatchHook, method.Locations[0], ImmutableArray<Location>.Empty,
                    ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.Hook, hook), model.Type.Name, hook));
            }
        }
    }

    /// <summary>Whether a catch clause around the throw catches its type (a catch-all, or the type or a base of it).</summary>
    private static bool IsCaught(ITypeSymbol? thrown, ImmutableArray<ITypeSymbol> catches)
    {
        foreach (var caught in catches)
        {
            if (caught.SpecialType == SpecialType.System_Object)
            {
                return true;
            }

            for (var type = thrown; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, caught))
                {
                    return true;
                }
            }
        }

        return false;
    }

}
