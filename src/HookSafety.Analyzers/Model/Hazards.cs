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
    /// <summary>How HS0008's reject check was decided for one PrePatch.</summary>
    internal enum RejectCheck
    {
        NotNeeded,
        StraightLine,
        ControlFlowGraph,
    }

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
    /// not undo it (the manager runs no other hook of a rejected patch). Decided over PrePatch's control flow graph, or,
    /// when every change and undo before a reject is a plain statement of PrePatch's own block (the common shape), by
    /// reading those statements in order, which gives the same answer without building the graph.
    /// </summary>
    private static void RejectsAfterChanges(HookApi api, PatchModel model, HookSafetyOptions options, List<Finding> findings, CancellationToken cancellationToken)
        => findings.AddRange(RejectsAfterChanges(api, model, options, allowStraightLine: true, out _, cancellationToken));

    /// <summary>HS0008's reject findings; <paramref name="allowStraightLine"/> false always builds the graph (tests compare the two).</summary>
    internal static List<Finding> RejectsAfterChanges(HookApi api, PatchModel model, HookSafetyOptions options, bool allowStraightLine, out RejectCheck how, CancellationToken cancellationToken)
    {
        how = RejectCheck.NotNeeded;
        var findings = new List<Finding>();
        if (model.HookMethod(Role.PrePatch) is not { } prePatch || api.Summaries.BodyOf(prePatch, cancellationToken) is not IMethodBodyOperation body)
        {
            return findings;
        }

        // The changes, and what may undo one of them; what neither changes nor undoes anything (HookResult.Reject itself,
        // a read through a call) is left out.
        var changes = new List<ReachedEffect>();
        var others = new List<ReachedEffect>();
        foreach (var effect in model.In(Role.PrePatch))
        {
            if (Lifecycle.IsChange(effect.Effect, options))
            {
                changes.Add(effect);
            }
            else if (effect.Effect.Kind is EffectKind.Write or EffectKind.Call or EffectKind.EventRemove or EffectKind.Dispose)
            {
                others.Add(effect);
            }
        }

        if (changes.Count == 0)
        {
            return findings;
        }

        var undoers = others.Where(e => changes.Any(c => Lifecycle.Undoes(e.Effect, c.Effect, options))).ToList(); // few: a list, no identity hashes
        var relevant = model.In(Role.PrePatch).Where(e => undoers.Contains(e) || changes.Contains(e)).ToList(); // in the hook's order
        var rejects = new List<IInvocationOperation>();
        var jumps = false;
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Reject" } reject && SymbolEqualityComparer.Default.Equals(reject.TargetMethod.ContainingType, api.HookResult))
            {
                rejects.Add(reject);
            }

            jumps |= operation is ILabeledOperation or IBranchOperation { BranchKind: BranchKind.GoTo };
        }

        if (rejects.Count == 0)
        {
            return findings;
        }

        // Effects are applied in source order: at the call in PrePatch, then within the helper.
        relevant = relevant.OrderBy(e => e.Location.SourceSpan.Start).ThenBy(e => e.Effect.Location.SourceSpan.Start).ToList();

        how = RejectCheck.StraightLine;
        if (!(allowStraightLine && !jumps && StraightLine(body, relevant, rejects, options, findings)))
        {
            how = RejectCheck.ControlFlowGraph;
            findings.Clear();
            OverControlFlow(body, relevant, api, options, findings, cancellationToken);
        }

        return findings;
    }

    /// <summary>
    /// Decides by reading PrePatch's top-level statements in order when that is exact (the caller has made sure there is
    /// no goto or label): every reject returned by a top-level statement that holds no change, and every change or undo
    /// before it a top-level expression statement without branches (then each path to the reject runs all of them, in
    /// order). False when it does not apply.
    /// </summary>
    private static bool StraightLine(IMethodBodyOperation body, List<ReachedEffect> relevant, List<IInvocationOperation> rejects, HookSafetyOptions options, List<Finding> findings)
    {
        if (body.BlockBody is not { } block)
        {
            return false;
        }

        var statements = block.Operations;
        var rejectAt = new List<(int Statement, IInvocationOperation Reject)>();
        foreach (var reject in rejects)
        {
            // Only `return HookResult.Reject(...)` straight in PrePatch (not in a lambda or local function).
            if (reject.Parent is not IReturnOperation && !(reject.Parent is IConversionOperation { Parent: IReturnOperation })
                || InLambdaOrLocalFunction(reject) || TopLevelIndex(reject, block) is not { } index)
            {
                return false;
            }

            rejectAt.Add((index, reject));
        }

        var effectAt = new int[relevant.Count];
        for (var i = 0; i < relevant.Count; i++)
        {
            var operation = relevant[i].CallSite ?? relevant[i].Effect.Operation;
            if (TopLevelIndex(operation, block) is not { } index || statements[index] is not IExpressionStatementOperation statement || HasBranches(statement))
            {
                return false;
            }

            effectAt[i] = index;
        }

        foreach (var (statement, _) in rejectAt)
        {
            if (System.Array.IndexOf(effectAt, statement) >= 0)
            {
                return false;
            }
        }

        rejectAt.Sort(static (a, b) => a.Reject.Syntax.SpanStart.CompareTo(b.Reject.Syntax.SpanStart));
        var pending = new List<ReachedEffect>();
        var next = 0;
        foreach (var (statement, reject) in rejectAt)
        {
            for (; next < relevant.Count && effectAt[next] < statement; next++)
            {
                Apply(relevant[next], pending, options);
            }

            if (statements.Take(statement).Any(s => s is IReturnOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }))
            {
                continue; // unreachable: an earlier top-level statement always leaves
            }

            if (pending.Count > 0)
            {
                findings.Add(RejectFinding(reject, pending));
            }
        }

        return true;
    }

    /// <summary>
    /// The index in <paramref name="block"/> of the top-level statement holding <paramref name="operation"/>, or null.
    /// By position: the effects may come from another binding of the same body than <paramref name="block"/>.
    /// </summary>
    private static int? TopLevelIndex(IOperation operation, IBlockOperation block)
    {
        var span = operation.Syntax.Span;
        var statements = block.Operations;
        for (var i = 0; i < statements.Length; i++)
        {
            if (statements[i].Syntax.Span.Contains(span))
            {
                return i;
            }
        }

        return null;
    }

    private static bool InLambdaOrLocalFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasBranches(IOperation statement)
    {
        foreach (var operation in statement.DescendantsAndSelf())
        {
            if (operation is IConditionalOperation or IConditionalAccessOperation or ICoalesceOperation or ICoalesceAssignmentOperation
                or ISwitchExpressionOperation or IAnonymousFunctionOperation
                or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One effect on the changes pending on a path: an undo removes what it undoes, a change is added.</summary>
    private static void Apply(ReachedEffect effect, ICollection<ReachedEffect> pending, HookSafetyOptions options)
    {
        var undone = pending.Where(c => Lifecycle.Undoes(effect.Effect, c.Effect, options)).ToList();
        if (undone.Count > 0)
        {
            foreach (var change in undone)
            {
                pending.Remove(change);
            }
        }
        else if (Lifecycle.IsChange(effect.Effect, options))
        {
            pending.Add(effect);
        }
    }

    /// <summary>The finding for a reject with changes pending: it names the first change in source order (at the call, then in the helper).</summary>
    private static Finding RejectFinding(IInvocationOperation reject, IEnumerable<ReachedEffect> pending)
    {
        var first = pending.OrderBy(e => e.Location.SourceSpan.Start).ThenBy(e => e.Effect.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(e => e.Effect.Location.SourceSpan.Start).ThenBy(e => e.Effect.Path, System.StringComparer.Ordinal).First();
        return new Finding(Descriptors.RejectAfterChange, reject.Syntax.GetLocation(), ImmutableArray.Create(first.Location),
            ImmutableDictionary<string, string?>.Empty, Lifecycle.Subject(first.Effect), first.Via);
    }

    /// <summary>A forward may-analysis over PrePatch's control flow graph: the changes made and not yet undone on some path to each reject.</summary>
    private static void OverControlFlow(IMethodBodyOperation body, List<ReachedEffect> relevant, HookApi api, HookSafetyOptions options, List<Finding> findings, CancellationToken cancellationToken)
    {
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
                (byBlock[best] ??= new List<ReachedEffect>()).Add(effect); // in source order: relevant is sorted
            }
        }

        var pendingOut = new HashSet<ReachedEffect>[blocks.Length];
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < blocks.Length; i++)
            {
                var pending = new HashSet<ReachedEffect>(blocks[i].Predecessors.SelectMany(p => pendingOut[p.Source.Ordinal] ?? Enumerable.Empty<ReachedEffect>()));
                if (byBlock[i] is { } effects)
                {
                    foreach (var effect in effects)
                    {
                        Apply(effect, pending, options);
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
                findings.Add(RejectFinding(reject, pending));
            }
        }
    }

    /// <summary>HS0011: GetPrevious reached from code other than PrePatch and PostPatch (and the helpers they call).</summary>
    private static void PreviousStates(PatchModel model, List<Finding> findings)
    {
        var roots = new List<(string Where, ImmutableArray<ReachedEffect> Effects)>();
        foreach (var hook in new[] { Role.PreUnpatch, Role.PostUnpatch })
        {
            if (model.TryGetHook(hook, out var effects))
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
