using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// The part of the walk that the concurrency rules read: which locks are held, how shared data of the patch is
/// accessed, and which code is handed out to run later.
/// </summary>
internal sealed partial class EffectCollector
{
    private ImmutableArray<ISymbol?> _locks = ImmutableArray<ISymbol?>.Empty;
    private ImmutableArray<ITypeSymbol> _catches = ImmutableArray<ITypeSymbol>.Empty;

    /// <summary>
    /// Has the children of an operation that takes a lock for part of them visited next, each under the locks it runs
    /// under: <c>lock (x)</c>, a <c>try</c> whose <c>finally</c> calls <c>Monitor.Exit(x)</c>, <c>using (x.EnterScope())</c>,
    /// and in a block the statements after <c>using var scope = x.EnterScope();</c> or between <c>Monitor.Enter(x);</c>
    /// and <c>Monitor.Exit(x);</c>. False when <paramref name="operation"/> takes no lock (the caller visits it as usual).
    /// </summary>
    private bool VisitLocked(IOperation operation)
    {
        var (locks, catches) = (_locks, _catches);
        switch (operation)
        {
            case ILockOperation lockOperation:
                VisitNext((lockOperation.LockedValue, locks, catches), (lockOperation.Body, locks.Add(LockSymbol(lockOperation.LockedValue)), catches));
                return true;
            case ITryOperation tryOperation:
                // The body runs under the try's catch clauses (a filtered catch may not catch: not counted), and under
                // the lock its finally releases, if any; the handlers and the finally block under neither.
                var exited = tryOperation.Finally is { } finallyBlock ? ReleasedIn(finallyBlock) : null;
                var order = new (IOperation?, ImmutableArray<ISymbol?>, ImmutableArray<ITypeSymbol>)[tryOperation.Catches.Length + 2];
                order[0] = (tryOperation.Body, exited is null ? locks : locks.Add(exited), catches.AddRange(tryOperation.Catches.Where(c => c.Filter is null).Select(c => c.ExceptionType)));
                for (var i = 0; i < tryOperation.Catches.Length; i++)
                {
                    order[i + 1] = (tryOperation.Catches[i], locks, catches);
                }

                order[order.Length - 1] = (tryOperation.Finally, locks, catches);
                VisitNext(order);
                return true;
            case IUsingOperation { Resources: var resources } usingOperation when EnterScopeOf(resources) is { } scoped:
                VisitNext((resources, locks, catches), (usingOperation.Body, locks.Add(scoped), catches));
                return true;
            case IBlockOperation block when TakesALock(block.Operations):
                VisitStatements(block.Operations);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether a block's statements take a lock for the statements after them (<c>using var</c>, <c>Monitor.Enter</c>).</summary>
    private static bool TakesALock(ImmutableArray<IOperation> statements)
    {
        foreach (var statement in statements)
        {
            if (statement is IUsingDeclarationOperation || LockCall(statement, enter: true) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A block's statements, each statement after one that takes a lock under it, up to the one that releases it.</summary>
    private void VisitStatements(ImmutableArray<IOperation> statements)
    {
        var order = new (IOperation?, ImmutableArray<ISymbol?>, ImmutableArray<ITypeSymbol>)[statements.Length];
        for (var i = 0; i < statements.Length; i++)
        {
            var statement = statements[i];
            order[i] = (statement, _locks, _catches);
            var taken = statement is IUsingDeclarationOperation declaration ? EnterScopeOf(declaration.DeclarationGroup) : LockCall(statement, enter: true);
            if (taken is null)
            {
                continue;
            }

            // Held up to the matching Monitor.Exit (or the try whose finally exits), or to the end of the block.
            var end = i + 1;
            while (end < statements.Length && !Exits(statements[end], taken))
            {
                end++;
            }

            var held = _locks.Add(taken);
            for (var j = i + 1; j < end; j++)
            {
                order[j] = (statements[j], held, _catches);
            }

            if (end < statements.Length)
            {
                order[end] = (statements[end], _locks, _catches);
            }

            i = end;
        }

        VisitNext(order);
    }

    /// <summary>Whether a statement releases <paramref name="lockSymbol"/>: <c>Monitor.Exit(x);</c> (see <see cref="LockCall"/>), or a try whose finally does.</summary>
    private static bool Exits(IOperation statement, ISymbol lockSymbol)
        => SymbolEqualityComparer.Default.Equals(LockCall(statement, enter: false), lockSymbol)
           || (statement is ITryOperation { Finally: { } finallyBlock } && SymbolEqualityComparer.Default.Equals(ReleasedIn(finallyBlock), lockSymbol));

    /// <summary>A lambda, or a method handed out as a delegate: its code runs later, when whoever holds it calls it.</summary>
    private void AddCallback(IOperation operation, IMethodSymbol? method)
    {
        var body = operation is IAnonymousFunctionOperation lambda ? lambda.Body : null;
        Add(new Effect(EffectKind.Callback, method?.Name ?? "lambda", isGlobal: false, operation) { CallbackBody = body, CallbackMethod = method, CapturedValues = body is null ? null : _values });
    }

    /// <summary>A read, store, read-modify-write or check-then-act on the patch's shared data or a <c>[GuardedBy]</c> member.</summary>
    private void AddSharedAccess(IMemberReferenceOperation reference)
    {
        if (IsShared(reference))
        {
            AddSharedAccess(reference, reference.Member);
        }
    }

    /// <summary>
    /// A primary-constructor parameter of the patch used in its members: captured, it is a field of the patch instance
    /// (<c>class P(Counter counter) : LivePatch</c>, <c>counter.Value--</c> in a handler).
    /// </summary>
    private void AddCapturedParameter(IParameterReferenceOperation reference)
    {
        if (MemberPath.IsPrimaryConstructorParameter(reference.Parameter) && reference.Parameter.ContainingType is { } type && _api.IsPatchOwned(type))
        {
            AddSharedAccess(reference, reference.Parameter);
        }
    }

    private void AddSharedAccess(IOperation reference, ISymbol member)
    {
        if (reference.Parent is IInvocationOperation receiverOf && receiverOf.Instance == reference && _api.IsTableCall(receiverOf.TargetMethod, reference.Type))
        {
            // The receiver of a mutating call, which AddSharedMutation records as one access.
            return;
        }

        var access = Access.Read;
        var atomic = false;
        IOperation where = reference;
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                access = Reads(assignment.Value, member) ? Access.Update : IsChecked(assignment, member) ? Access.CheckThenAct : Access.Store;
                where = assignment;
                break;
            case ICompoundAssignmentOperation compound when compound.Target == reference:
                (access, where) = (Access.Update, compound);
                break;
            case IIncrementOrDecrementOperation increment when increment.Target == reference:
                (access, where) = (Access.Update, increment);
                break;
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
                (access, where) = (Access.CheckThenAct, coalesce);
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when argument.Parent is IInvocationOperation call:
                access = Access.Update;
                atomic = ThreadingTables.IsAtomicApi(call.TargetMethod);
                where = call;
                break;
            case ITupleOperation tuple when tuple.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == tuple:
                // (s_a, s_b) = (s_b, s_a): each element written from values read before, not as one atomic step.
                (access, where) = (Reads(deconstruction.Value, member) ? Access.Update : Access.Store, deconstruction);
                break;
            case IArrayElementReferenceOperation element when element.ArrayReference == reference && element.Parent is IIncrementOrDecrementOperation or ICompoundAssignmentOperation:
                (access, where) = (Access.Update, element.Parent);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == reference && IsAssigned(indexer)
                                                                                      && _api.Setter(indexer.Property).Kind != SetterKind.Elsewhere:
                (access, where) = (Access.Mutation, indexer.Parent!);
                break;
        }

        if (access == Access.Read && IsPartOfItsOwnUpdate(reference, member))
        {
            // s_max = Math.Max(s_max, x): one update of s_max, not a read and an update.
            return;
        }

        Add(new Effect(EffectKind.SharedAccess, MemberPath.TryGet(_api, reference, out var path) ? path.Text : member.Name, isGlobal: false, where)
        {
            Variable = member,
            Access = access,
            IsAtomic = atomic,
            ReceiverType = (member as IFieldSymbol)?.Type ?? (member as IPropertySymbol)?.Type ?? (member as IParameterSymbol)?.Type,
            ValueSource = (where as IAssignmentOperation)?.Value,
        });
    }

    /// <summary><c>s_list.Add(x)</c>: a mutating call (by the tables) on an object held in shared data.</summary>
    private void AddSharedMutation(IInvocationOperation invocation)
    {
        // The collection as a member (s_list.Add(x)), or through a local that holds it (var list = s_list; list.Add(x)).
        var member = (invocation.Instance is ILocalReferenceOperation { Local.Type.IsReferenceType: true } ? _values.ValueOf(invocation.Instance) : invocation.Instance) switch
        {
            IMemberReferenceOperation shared when IsShared(shared) => shared.Member,
            IParameterReferenceOperation { Parameter: var parameter } when MemberPath.IsPrimaryConstructorParameter(parameter) && _api.IsPatchOwned(parameter.ContainingType) => parameter,
            _ => null,
        };
        if (member is not null && invocation.Instance is { } reference && _api.IsTableCall(invocation.TargetMethod, reference.Type))
        {
            Add(new Effect(EffectKind.SharedAccess, MemberPath.TryGet(_api, reference, out var path) ? path.Text : member.Name, isGlobal: false, Outermost(invocation))
            {
                Variable = member,
                Access = Access.Mutation,
                Method = invocation.TargetMethod,
                ReceiverType = reference.Type,
            });
        }
    }

    /// <summary>The patch's statics and the patch instance's fields, and any member marked <c>[GuardedBy]</c>.</summary>
    private bool IsShared(IMemberReferenceOperation reference)
    {
        var member = reference.Member;
        if (member is not (IFieldSymbol { IsConst: false } or IPropertySymbol { IsIndexer: false }))
        {
            return false;
        }

        if (!member.IsStatic && reference.Instance is not IInstanceReferenceOperation)
        {
            return _api.IsGuarded(member);
        }

        if (!member.IsStatic && (_constructing || reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }))
        {
            // The object a constructor builds, or an object initializer fills (new Info { Version = v }): nobody else can
            // see it yet.
            return false;
        }

        return _api.IsPatchOwned(member.ContainingType) || _api.IsGuarded(member);
    }

    /// <summary>Whether a read sits in the value of an assignment to the same member.</summary>
    private static bool IsPartOfItsOwnUpdate(IOperation read, ISymbol member)
    {
        for (var current = read.Parent; current is not null and not IAnonymousFunctionOperation and not IExpressionStatementOperation; current = current.Parent)
        {
            if (current is IAssignmentOperation { Target: IMemberReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Member, member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Reads(IOperation value, ISymbol member)
        => value.DescendantsAndSelf().Any(r => SymbolEqualityComparer.Default.Equals(r switch
        {
            IMemberReferenceOperation reference => reference.Member,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        }, member));

    /// <summary>A store under an <c>if</c> (or <c>?:</c>) that checks the same member.</summary>
    private static bool IsChecked(IOperation store, ISymbol member)
    {
        for (var current = store.Parent; current is not null and not IAnonymousFunctionOperation and not ILocalFunctionOperation; current = current.Parent)
        {
            if (current is IConditionalOperation conditional && Reads(conditional.Condition, member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAssigned(IOperation target)
        => target.Parent is IAssignmentOperation assignment && assignment.Target == target;

    private static ISymbol? LockSymbol(IOperation lockedValue) => MemberPath.Referenced(lockedValue) ?? (lockedValue is ILocalReferenceOperation local ? local.Local : null);

    /// <summary>The lock a finally block releases (see <see cref="LockCall"/>), or null.</summary>
    private static ISymbol? ReleasedIn(IBlockOperation finallyBlock)
    {
        foreach (var operation in finallyBlock.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation && LockCall(operation, enter: false) is { } released)
            {
                return released;
            }
        }

        return null;
    }

    /// <summary>
    /// The lock a statement or invocation takes (<paramref name="enter"/>) or releases, or null: <c>Monitor.Enter(x)</c>/<c>Exit(x)</c>;
    /// <c>ReaderWriterLockSlim</c>'s write lock (<c>EnterWriteLock</c>/<c>ExitWriteLock</c>), read lock and upgradeable read lock;
    /// a <c>SemaphoreSlim</c> made with one slot (<c>Wait()</c> or <c>await WaitAsync()</c>, then <c>Release()</c>). The
    /// lock is the lock object's symbol; a read lock is the <see cref="Guards.IsReadLock">read-lock marker</see>
    /// instead, which guards reads only.
    /// </summary>
    private static ISymbol? LockCall(IOperation operation, bool enter)
    {
        var expression = operation is IExpressionStatementOperation statement ? statement.Operation : operation;
        if (expression is IAwaitOperation awaited)
        {
            expression = awaited.Operation;
        }

        if (expression is not IInvocationOperation { TargetMethod: { ContainingType: { } type } method } invocation
            || !ThreadingTables.IsNamespace(type.ContainingNamespace, "System", "Threading"))
        {
            return null;
        }

        var name = method.Name;
        switch (type.Name)
        {
            case "Monitor" when invocation.Arguments.Length > 0 && name == (enter ? "Enter" : "Exit"):
                return LockSymbol(invocation.Arguments[0].Value) ?? method;
            case "ReaderWriterLockSlim" when invocation.Instance is { } instance:
                return name == (enter ? "EnterWriteLock" : "ExitWriteLock") ? LockSymbol(instance) ?? method
                    : name == (enter ? "EnterReadLock" : "ExitReadLock") ? Guards.ReadLockMarker(type, "EnterReadLock")
                    : name == (enter ? "EnterUpgradeableReadLock" : "ExitUpgradeableReadLock") ? Guards.ReadLockMarker(type, "EnterUpgradeableReadLock")
                    : null;
            case "SemaphoreSlim" when invocation.Instance is { } instance && method.Parameters.IsEmpty
                                      && name is "Wait" or "WaitAsync" or "Release" && (name == "Release") != enter
                                      && Guards.IsOneSlotSemaphore(MemberPath.Referenced(instance)):
                return LockSymbol(instance);
            default:
                return null;
        }
    }

    /// <summary>The lock object of <c>x.EnterScope()</c> among using resources, or null.</summary>
    private static ISymbol? EnterScopeOf(IOperation? resources)
    {
        if (resources is null)
        {
            return null;
        }

        foreach (var operation in resources.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "EnterScope", Instance: { } instance })
            {
                return LockSymbol(instance) ?? ((IInvocationOperation)operation).TargetMethod;
            }
        }

        return null;
    }
}
