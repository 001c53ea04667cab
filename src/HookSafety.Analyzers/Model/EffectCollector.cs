using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// The one walk of a method's IOperation tree: turns each statement into the effects the rules read, each with the
/// locks held where it happens. Lambda bodies are not walked (they run later, not in the method: they are recorded
/// as callbacks); local functions are summarized on their own and count where they are called.
/// </summary>
internal sealed partial class EffectCollector
{
    private readonly HookApi _api;
    // Made on the first effect or call: many bodies (an initializer, a getter) have none.
    private List<Effect>? _effects;
    private List<SourceCall>? _calls;
    private readonly Action<ILocalFunctionOperation, ValueTable> _onLocalFunction;

    /// <summary>What the body's locals hold (see <see cref="ValueTable"/>).</summary>
    private readonly ValueTable _values;

    private EffectCollector(HookApi api, Action<ILocalFunctionOperation, ValueTable> onLocalFunction, Stack<(IOperation, ImmutableArray<ISymbol?>, ImmutableArray<ITypeSymbol>)> pending, ValueTable? enclosing)
    {
        _api = api;
        _onLocalFunction = onLocalFunction;
        _pending = pending;
        _values = new ValueTable(enclosing);
    }

    /// <summary>
    /// The thread's spare stack for a walk: one per thread, not one per body (a walk that starts another, for a local
    /// function, takes a new one while the first is in use).
    /// </summary>
    [ThreadStatic]
    private static Stack<(IOperation, ImmutableArray<ISymbol?>, ImmutableArray<ITypeSymbol>)>? t_spareStack;

    /// <param name="enclosing">For a lambda's or local function's body: the locals of the body it is written in, which it captures.</param>
    public static MethodSummary Collect(HookApi api, IOperation body, Action<ILocalFunctionOperation, ValueTable> onLocalFunction, ValueTable? enclosing = null)
    {
        var pending = t_spareStack ?? new Stack<(IOperation, ImmutableArray<ISymbol?>, ImmutableArray<ITypeSymbol>)>();
        t_spareStack = null;
        var collector = new EffectCollector(api, onLocalFunction, pending, enclosing);
        try
        {
            collector.Walk(body);
        }
        finally
        {
            // Kept for the next walk unless this one was deep (a huge expression): that capacity is not held on to.
            pending.Clear(); // a cancelled walk leaves operations on it
            t_spareStack = collector._peak <= 4096 ? pending : null;
        }

        return collector._effects is null && collector._calls is null
            ? MethodSummary.Empty
            : new MethodSummary(
                collector._effects?.ToImmutableArray() ?? ImmutableArray<Effect>.Empty,
                collector._calls?.ToImmutableArray() ?? ImmutableArray<SourceCall>.Empty);
    }

    /// <summary>
    /// The operations still to visit, each with the locks held and the catch clauses around it. The walk keeps its own
    /// stack instead of recursing, so that no depth of nesting (a 20,000-term expression, a long else-if chain) can
    /// overflow the thread's: a stack overflow cannot be caught, and would take down the compiler or the IDE's host.
    /// </summary>
    private readonly Stack<(IOperation Operation, ImmutableArray<ISymbol?> Locks, ImmutableArray<ITypeSymbol> Catches)> _pending;

    /// <summary>The most operations <see cref="_pending"/> held at once in this walk.</summary>
    private int _peak;

    /// <summary>Whether the body walked is an instance constructor's: its stores to <c>this</c> fill an object no one else sees yet.</summary>
    private bool _constructing;

    /// <summary>Visits <paramref name="root"/> and everything under it, each node before its children, children in order.</summary>
    private void Walk(IOperation root)
    {
        _constructing = root is IConstructorBodyOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax constructor }
                        && !constructor.Modifiers.Any(m => m.ValueText == "static");
        _pending.Push((root, _locks, _catches));
        while (_pending.Count > 0)
        {
            _peak = Math.Max(_peak, _pending.Count);
            var (operation, locks, catches) = _pending.Pop();
            (_locks, _catches) = (locks, catches);
            Visit(operation);
        }
    }

    /// <summary>Has <paramref name="operations"/> visited next, in this order, each with the locks and catches given.</summary>
    private void VisitNext(params (IOperation? Operation, ImmutableArray<ISymbol?> Locks, ImmutableArray<ITypeSymbol> Catches)[] operations)
    {
        for (var i = operations.Length - 1; i >= 0; i--)
        {
            if (operations[i].Operation is { } operation)
            {
                _pending.Push((operation, operations[i].Locks, operations[i].Catches));
            }
        }
    }

    /// <summary>The locals given a member's value (<c>var info = s_info;</c>): an object others can reach too.</summary>
    private HashSet<ILocalSymbol>? _aliases;

    private CallReceiver ReceiverOf(IOperation? receiver) => MemberPath.WithoutConversions(receiver) switch
    {
        IInstanceReferenceOperation => CallReceiver.This,
        IParameterReferenceOperation => CallReceiver.Foreign,
        ILocalReferenceOperation local when _aliases is null || !_aliases.Contains(local.Local) => CallReceiver.Foreign,
        _ => CallReceiver.Member,
    };

    /// <summary>Remembers a local given a value (see <see cref="_values"/>), and whether it is a member's (see <see cref="_aliases"/>).</summary>
    private void AddAlias(ILocalSymbol local, IOperation? value)
    {
        _values.Bind(local, value);
        if (MemberPath.WithoutConversions(_values.ValueOf(value)) is IMemberReferenceOperation or IArrayElementReferenceOperation)
        {
            (_aliases ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(local);
        }
    }

    /// <summary>The member path of an operation, following values through this body's locals and parameters (see <see cref="MemberPath.TryGet(HookApi, IOperation?, ValueTable?, bool, out MemberPath.Result)"/>).</summary>
    private bool PathOf(IOperation? operation, bool receiver, out MemberPath.Result path) => MemberPath.TryGet(_api, operation, _values, receiver, out path);

    /// <summary>The local a pattern declares (<c>w</c> in <c>s_worker is { } w</c>, <c>is Thread w</c>, <c>is not { } w</c>), or null.</summary>
    private static ILocalSymbol? DeclaredBy(IPatternOperation pattern) => pattern switch
    {
        IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        INegatedPatternOperation { Pattern: var negated } => DeclaredBy(negated),
        _ => null,
    };

    /// <summary>Looks at one node, and has its children visited next (see <see cref="Walk"/>).</summary>
    private void Visit(IOperation operation)
    {
        // Dispatched on the kind (a jump) rather than by testing the node against each interface in turn: most nodes
        // are none of these, and the walk meets every node of every body.
        switch (operation.Kind)
        {
            case OperationKind.AnonymousFunction:
                AddCallback(operation, null);
                return;
            case OperationKind.LocalFunction:
                _onLocalFunction((ILocalFunctionOperation)operation, _values);
                return;
            case OperationKind.IsPattern when (IIsPatternOperation)operation is var test && DeclaredBy(test.Pattern) is { } declared:
                _values.Bind(declared, test.Value);
                break;
            case OperationKind.MethodReference:
                if (((IMethodReferenceOperation)operation).Method is var target && (HasSource(target) || target.MethodKind == MethodKind.LocalFunction))
                {
                    AddCallback(operation, target);
                }

                break;
            case OperationKind.Lock or OperationKind.Try or OperationKind.Using or OperationKind.Block when VisitLocked(operation):
                return;
            case OperationKind.FieldReference or OperationKind.PropertyReference or OperationKind.EventReference:
                var member = (IMemberReferenceOperation)operation;
                AddSharedAccess(member);
                if (member is IPropertyReferenceOperation { Property.Name: "Result" } result && ThreadingTables.IsTaskResult(result.Property))
                {
                    Add(new Effect(EffectKind.BlockingWait, result.Syntax.ToString(), isGlobal: false, result));
                }

                break;
            case OperationKind.ParameterReference:
                AddCapturedParameter((IParameterReferenceOperation)operation);
                break;
            case OperationKind.VariableDeclarator when ((IVariableDeclaratorOperation)operation).Initializer is { } initializer:
                AddAlias(((IVariableDeclaratorOperation)operation).Symbol, initializer.Value);
                break;
            case OperationKind.SimpleAssignment:
                var assignment = (ISimpleAssignmentOperation)operation;
                if (assignment.Target is ILocalReferenceOperation assigned && (assignment.IsRef || !assigned.Local.IsRef))
                {
                    // A store to the local itself (a ref local rebound with '= ref'); a store through a ref local is a write.
                    AddAlias(assigned.Local, assignment.Value);
                }

                AddWrite(assignment, assignment.Target, assignment.Value);
                AddStoredDisposable(assignment);
                break;
            case OperationKind.CompoundAssignment:
                var compound = (ICompoundAssignmentOperation)operation;
                AddWrite(compound, compound.Target, compound.Value);
                break;
            case OperationKind.CoalesceAssignment:
                var coalesce = (ICoalesceAssignmentOperation)operation;
                AddWrite(coalesce, coalesce.Target, coalesce.Value, guarded: true);
                break;
            case OperationKind.Increment or OperationKind.Decrement:
                var increment = (IIncrementOrDecrementOperation)operation;
                AddWrite(increment, increment.Target, null);
                break;
            case OperationKind.DeconstructionAssignment when operation is IDeconstructionAssignmentOperation { Target: ITupleOperation tuple }:
                foreach (var element in tuple.Elements)
                {
                    AddWrite(operation, element, null);
                }

                break;
            case OperationKind.EventAssignment:
                AddEvent((IEventAssignmentOperation)operation);
                break;
            case OperationKind.Invocation:
                var invocation = (IInvocationOperation)operation;
                AddInvocation(invocation);
                AddSharedMutation(invocation);
                AddHazards(invocation);
                break;
            case OperationKind.Throw:
                AddThrow((IThrowOperation)operation);
                break;
            case OperationKind.ObjectCreation when operation is IObjectCreationOperation { Constructor: { } constructor } && HasSource(constructor):
                (_calls ??= new List<SourceCall>()).Add(new SourceCall(operation, constructor, _locks, _catches, CallReceiver.Member, _values));
                break;
            case OperationKind.ObjectCreation:
                AddRunningWhenMade((IObjectCreationOperation)operation);
                break;
        }

        foreach (var child in operation.ChildOperations.Reverse())
        {
            _pending.Push((child, _locks, _catches));
        }
    }

    private void Add(Effect effect)
    {
        effect.Locks = _locks;
        effect.Catches = _catches;
        (_effects ??= new List<Effect>()).Add(effect);
    }

    private static bool HasSource(IMethodSymbol method)
        => !method.IsAbstract && !method.IsExtern && method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction
           && (method.PartialImplementationPart ?? method).Locations is { IsEmpty: false } locations && locations[0].IsInSource;

    /// <summary>
    /// A handle that goes on until it is disposed. Not a <c>Task</c>: it needs no disposing (.NET's guidance), and its
    /// <c>Dispose()</c> throws while it runs; a task left running is waited for, not disposed.
    /// </summary>
    private static bool IsDisposable(ITypeSymbol type)
        => (type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable) || type.SpecialType == SpecialType.System_IDisposable)
           && !IsTask(type);

    private static bool IsTask(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Task", ContainingNamespace.Name: "Tasks" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A call as its statement writes it: <c>s_timer?.Dispose()</c> rather than its <c>.Dispose()</c> part.</summary>
    private static IOperation Outermost(IOperation operation)
    {
        while (operation.Parent is IConditionalAccessOperation access && access.WhenNotNull == operation)
        {
            operation = access;
        }

        return operation;
    }

    /// <summary>
    /// What names the item a call registers or removes, so that <c>Remove("b")</c> is not taken for the undo of
    /// <c>Add("a")</c>: a constant's text, or the field, property or method (a method group) the argument names; null
    /// for anything else (a local, a lambda, a computed value), which the method's name alone then pairs.
    /// </summary>
    private static string? ConstantText(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation switch
        {
            { ConstantValue: { HasValue: true, Value: var value } } => value?.ToString() ?? "null",
            IFieldReferenceOperation { Field: var field } => "field " + field.ContainingType?.Name + "." + field.Name,
            IPropertyReferenceOperation { Property: { Parameters.Length: 0 } property } => "property " + property.ContainingType?.Name + "." + property.Name,
            IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } } => "method " + method.ContainingType?.Name + "." + method.Name,
            IMethodReferenceOperation { Method: var method } => "method " + method.ContainingType?.Name + "." + method.Name,
            _ => null,
        };
    }
}
