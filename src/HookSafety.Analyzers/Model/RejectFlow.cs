using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>A <c>return HookResult.Reject(...)</c> reached with a change still made, and the first such change.</summary>
internal readonly struct RejectAfterChange
{
    public RejectAfterChange(IInvocationOperation reject, ReachedEffect firstPending)
    {
        Reject = reject;
        FirstPending = firstPending;
    }

    public IInvocationOperation Reject { get; }

    public ReachedEffect FirstPending { get; }
}

/// <summary>How the reject check was decided for one PrePatch.</summary>
internal enum RejectCheck
{
    NotNeeded,
    StraightLine,
    ControlFlowGraph,
}

/// <summary>
/// PrePatch's paths to its rejects: which changes are made and not undone on some path to each
/// <c>return HookResult.Reject(...)</c> (the manager runs no other hook of a rejected patch). Data for HS0008.
/// </summary>
internal static class RejectFlow
{
    /// <summary>
    /// Each <c>return HookResult.Reject(...)</c> reached on a path of PrePatch that changed global state and did
    /// not undo it (the manager runs no other hook of a rejected patch). Decided over PrePatch's control flow graph, or,
    /// when every change and undo before a reject is a plain statement of PrePatch's own block (the common shape), by
    /// reading those statements in order, which gives the same answer without building the graph.
    /// <paramref name="allowStraightLine"/> false always builds the graph (tests compare the two).
    /// </summary>
    public static List<RejectAfterChange> Find(HookApi api, PatchModel model, bool allowStraightLine, out RejectCheck how, CancellationToken cancellationToken)
    {
        how = RejectCheck.NotNeeded;
        var options = model.Options;
        var findings = new List<RejectAfterChange>();
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
            if (Changes.IsChange(effect.Effect, options))
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

        var undoers = others.Where(e => changes.Any(c => Changes.Undoes(e.Effect, c.Effect, options))).ToList(); // few: a list, no identity hashes
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
    private static bool StraightLine(IMethodBodyOperation body, List<ReachedEffect> relevant, List<IInvocationOperation> rejects, HookSafetyOptions options, List<RejectAfterChange> findings)
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
        var undone = pending.Where(c => Changes.Undoes(effect.Effect, c.Effect, options)).ToList();
        if (undone.Count > 0)
        {
            foreach (var change in undone)
            {
                pending.Remove(change);
            }
        }
        else if (Changes.IsChange(effect.Effect, options))
        {
            pending.Add(effect);
        }
    }

    /// <summary>A reject with changes pending: it names the first change in source order (at the call, then in the helper).</summary>
    private static RejectAfterChange RejectFinding(IInvocationOperation reject, IEnumerable<ReachedEffect> pending)
        => new(reject, pending.OrderBy(e => e.Location.SourceSpan.Start).ThenBy(e => e.Effect.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(e => e.Effect.Location.SourceSpan.Start).ThenBy(e => e.Effect.Path, System.StringComparer.Ordinal).First());

    /// <summary>A forward may-analysis over PrePatch's control flow graph: the changes made and not yet undone on some path to each reject.</summary>
    private static void OverControlFlow(IMethodBodyOperation body, List<ReachedEffect> relevant, HookApi api, HookSafetyOptions options, List<RejectAfterChange> findings, CancellationToken cancellationToken)
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

}
