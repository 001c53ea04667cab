using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>What one method body does: its effects, and the calls into other source methods.</summary>
internal sealed class MethodSummary
{
    public static readonly MethodSummary Empty = new(ImmutableArray<Effect>.Empty, ImmutableArray<SourceCall>.Empty);

    public MethodSummary(ImmutableArray<Effect> effects, ImmutableArray<SourceCall> calls)
    {
        Effects = effects;
        Calls = calls;
    }

    public ImmutableArray<Effect> Effects { get; }

    public ImmutableArray<SourceCall> Calls { get; }
}

/// <summary>What a call's receiver is to the caller, for what <c>this</c> means in the callee.</summary>
internal enum CallReceiver
{
    /// <summary>No receiver, or a member's value (<c>s_info.Touch()</c>): the callee's instance fields are that member's.</summary>
    Member,

    /// <summary>The caller's own <c>this</c>: the callee's <c>this</c> is the caller's.</summary>
    This,

    /// <summary>
    /// An object the caller holds in a parameter or in a local it did not fill from a member (<c>var c = new Counter();
    /// c.Increment();</c>): the callee's instance fields are that object's, not shared data of the patch.
    /// </summary>
    Foreign,
}

/// <summary>A call into a method with source, with the locks held at the call.</summary>
internal readonly struct SourceCall
{
    public SourceCall(IOperation call, IMethodSymbol callee, ImmutableArray<ISymbol?> locks, ImmutableArray<ITypeSymbol> catches, CallReceiver receiver = CallReceiver.Member)
    {
        Call = call;
        Callee = callee;
        Locks = locks;
        Catches = catches;
        Receiver = receiver;
    }

    public CallReceiver Receiver { get; }

    /// <summary>The exception types caught around the call (by unfiltered catch clauses).</summary>
    public ImmutableArray<ITypeSymbol> Catches { get; }

    public IOperation Call { get; }

    public IMethodSymbol Callee { get; }

    public ImmutableArray<ISymbol?> Locks { get; }
}

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
    private readonly Action<ILocalFunctionOperation> _onLocalFunction;

    private EffectCollector(HookApi api, Action<ILocalFunctionOperation> onLocalFunction)
    {
        _api = api;
        _onLocalFunction = onLocalFunction;
    }

    public static MethodSummary Collect(HookApi api, IOperation body, Action<ILocalFunctionOperation> onLocalFunction)
    {
        var collector = new EffectCollector(api, onLocalFunction);
        collector.Walk(body);
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
    private readonly Stack<(IOperation Operation, ImmutableArray<ISymbol?> Locks, ImmutableArray<ITypeSymbol> Catches)> _pending = new();

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

    /// <summary>Remembers a local given a member's value (see <see cref="_aliases"/>).</summary>
    private void AddAlias(ILocalSymbol local, IOperation? value)
    {
        if (MemberPath.WithoutConversions(value) is IMemberReferenceOperation or IArrayElementReferenceOperation)
        {
            (_aliases ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(local);
        }
    }

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
                _onLocalFunction((ILocalFunctionOperation)operation);
                return;
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
            case OperationKind.VariableDeclarator when ((IVariableDeclaratorOperation)operation).Initializer is { } initializer:
                AddAlias(((IVariableDeclaratorOperation)operation).Symbol, initializer.Value);
                break;
            case OperationKind.SimpleAssignment:
                var assignment = (ISimpleAssignmentOperation)operation;
                if (assignment.Target is ILocalReferenceOperation assigned)
                {
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
                (_calls ??= new List<SourceCall>()).Add(new SourceCall(operation, constructor, _locks, _catches));
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

    private void AddWrite(IOperation operation, IOperation target, IOperation? value, bool guarded = false)
    {
        if (IsSetterCall(operation, target))
        {
            return;
        }

        if (MemberPath.TryGet(_api, target, out var path) && path.IsGlobal)
        {
            Add(new Effect(EffectKind.Write, path.Text, isGlobal: true, operation)
            {
                IsProcessWide = path.IsProcessWide,
                IsGuarded = guarded || IsGuarded(operation, path),
                ValueSource = value,
            });
        }
    }

    /// <summary>
    /// A store through a property or indexer whose setter leaves its own object alone (see <see cref="Setters"/>): it is
    /// judged by the setter's body, as a call of the setter, not as a change of the property.
    /// </summary>
    private bool IsSetterCall(IOperation operation, IOperation target)
    {
        if (MemberPath.WithoutConversions(target) is not IPropertyReferenceOperation { Property: { SetMethod: { } setter } property }
            || _api.Setter(property).Kind != SetterKind.Elsewhere)
        {
            return false;
        }

        (_calls ??= new List<SourceCall>()).Add(new SourceCall(operation, setter, _locks, _catches, ReceiverOf(((IPropertyReferenceOperation)MemberPath.WithoutConversions(target)!).Instance)));
        return true;
    }

    /// <summary>
    /// A disposable kept in a member: created there (<c>s_timer = new Timer(..)</c>), or returned by a call
    /// (<c>s_subscription = source.Subscribe(..)</c>, <c>s_registration = token.Register(..)</c>): a handle on something
    /// that goes on until it is disposed. A swap (<c>Interlocked.Exchange(ref s_x, null)</c>) hands back the old value,
    /// and is no new handle.
    /// </summary>
    private void AddStoredDisposable(ISimpleAssignmentOperation assignment)
    {
        var type = MemberPath.WithoutConversions(assignment.Value) switch
        {
            IObjectCreationOperation { Type: { } created } when IsDisposable(created) => created,
            IInvocationOperation { TargetMethod: { ReturnsVoid: false } method } when IsDisposable(method.ReturnType) && !IsSwap(method) => method.ReturnType,
            _ => null,
        };
        if (type is not null && MemberPath.TryGet(_api, assignment.Target, out var path) && path.IsMember)
        {
            Add(new Effect(EffectKind.StoreDisposable, path.Text, path.IsGlobal, assignment) { ValueText = type.Name });
        }
    }

    /// <summary><c>Interlocked.Exchange</c> or <c>CompareExchange</c>: it returns the value the member held.</summary>
    private static bool IsSwap(IMethodSymbol method)
        => method.Name is "Exchange" or "CompareExchange" && method.ContainingType is { Name: "Interlocked" } type && ThreadingTables.IsNamespace(type.ContainingNamespace, "System", "Threading");

    /// <summary>The member a swap takes the value out of: <c>s_handle</c> in <c>Interlocked.Exchange(ref s_handle, null)</c>.</summary>
    private static IOperation? Swapped(IOperation? operation)
        => MemberPath.WithoutConversions(operation) is IInvocationOperation { Arguments.Length: > 0 } swap && IsSwap(swap.TargetMethod)
           && swap.Arguments[0].Parameter?.RefKind == RefKind.Ref
            ? swap.Arguments[0].Value
            : null;

    /// <summary>The receiver of a conditional access (<c>x</c> in <c>x?.Dispose()</c>), or the operation itself.</summary>
    private static IOperation? ConditionalOrSelf(IOperation? operation)
        => operation is IConditionalAccessInstanceOperation instance ? MemberPath.ConditionalReceiver(instance) : operation;

    private void AddEvent(IEventAssignmentOperation assignment)
    {
        if (MemberPath.TryGet(_api, assignment.EventReference, out var path) && path.IsGlobal)
        {
            var kind = assignment.Adds ? EffectKind.EventAdd : EffectKind.EventRemove;
            Add(new Effect(kind, path.Text, isGlobal: true, assignment) { ValueSource = assignment.HandlerValue });
        }
    }

    private void AddInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var receiver = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
        if ((HasSource(method) || method.MethodKind == MethodKind.LocalFunction)
            && !_api.IsTableCall(method, receiver?.Type ?? method.ContainingType))
        {
            (_calls ??= new List<SourceCall>()).Add(new SourceCall(invocation, method, _locks, _catches, ReceiverOf(invocation.Instance)));
        }

        if (_api.IsShadowVariable(method.ContainingType))
        {
            AddShadow(invocation, method);
            return;
        }

        // Writes through ref: Interlocked.Exchange(ref Host.X, v) writes Host.X; Volatile.Read(ref Host.X) does not.
        if (!Classification.IsRefRead(method))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                {
                    AddWrite(invocation, argument.Value, null, guarded: method.Name == "CompareExchange");
                }
            }
        }

        if (receiver is not null)
        {
            // A thread created and started in one expression (new Thread(work) { IsBackground = true }.Start()): nothing
            // keeps it, so nothing can join it.
            if (method.Name == "Start" && MemberPath.WithoutConversions(receiver) is IObjectCreationOperation { Type: { } created } && Classification.IsThread(created))
            {
                Add(Call(invocation, method, "new " + created.Name + "(…)", isGlobal: false, created, processWide: false, unkept: true));
                return;
            }

            // A thread held only in a local (var worker = new Thread(work); worker.Start();): once the hook returns,
            // nothing keeps it either, unless the local is handed on (stored, passed) somewhere in the same body.
            if (method.Name == "Start" && MemberPath.WithoutConversions(receiver) is ILocalReferenceOperation { Local: var local } && Classification.IsThread(local.Type)
                && !IsHandedOn(invocation, local))
            {
                Add(Call(invocation, method, local.Name, isGlobal: false, local.Type, processWide: false, isMemberPath: false, unkept: true));
                return;
            }

            // The swap-and-dispose undo: Interlocked.Exchange(ref s_handle, null)?.Dispose() disposes what s_handle held.
            if (method.Name is "Dispose" or "DisposeAsync" && method.Parameters.Length == 0 && Swapped(ConditionalOrSelf(receiver)) is { } swapped
                && MemberPath.TryGet(_api, swapped, out var swappedPath) && swappedPath.IsMember)
            {
                Add(new Effect(EffectKind.Dispose, swappedPath.Text, swappedPath.IsGlobal, Outermost(invocation)));
                return;
            }

            if (!MemberPath.TryGet(_api, receiver, out var path))
            {
                return;
            }

            if (method.Name is "Dispose" or "DisposeAsync" && method.Parameters.Length == 0 && path.IsMember)
            {
                Add(new Effect(EffectKind.Dispose, path.Text, path.IsGlobal, Outermost(invocation)));
                return;
            }

            if (path.IsGlobal || (path.IsMember && Classification.IsThread(receiver.Type)))
            {
                Add(Call(invocation, method, path.Text, path.IsGlobal, receiver.Type, path.IsProcessWide));
            }
        }
        else if (method.IsStatic && method.ContainingType is { } type && !_api.IsPatchOwned(type))
        {
            // A static call on a type the patch does not own: Host.Register(handler), Environment.SetEnvironmentVariable(...);
            // the tables decide later whether it changes anything.
            Add(Call(invocation, method, _api.TypeName(type), isGlobal: true, type, MemberPath.IsSystem(type), isMemberPath: false));
        }
    }

    /// <summary>
    /// Whether <paramref name="local"/> is stored or passed anywhere in the body around <paramref name="start"/>: assigned
    /// to something, or an argument of a call (its own Start and Join aside).
    /// </summary>
    private static bool IsHandedOn(IOperation start, ILocalSymbol local)
    {
        var root = start;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            IOperation value = reference;
            while (value.Parent is IConversionOperation conversion)
            {
                value = conversion;
            }

            if ((value.Parent is IAssignmentOperation assignment && assignment.Value == value)
                || value.Parent is IArgumentOperation
                || value.Parent is IVariableInitializerOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static Effect Call(IInvocationOperation invocation, IMethodSymbol method, string path, bool isGlobal, ITypeSymbol? receiverType, bool processWide, bool isMemberPath = true, bool unkept = false)
        => new(EffectKind.Call, path, isGlobal, Outermost(invocation))
        {
            IsMemberPath = isMemberPath,
            IsUnkept = unkept,
            Method = method,
            ReceiverType = receiverType,
            IsProcessWide = processWide,
            Key = invocation.Arguments.Length > (method.IsExtensionMethod ? 1 : 0)
                ? ConstantText(invocation.Arguments[method.IsExtensionMethod ? 1 : 0].Value)
                : null,
            ArgumentsOf = invocation,
            LastKey = invocation.Arguments.Length > 0 ? ConstantText(invocation.Arguments[invocation.Arguments.Length - 1].Value) : null,
        };

    private void AddShadow(IInvocationOperation invocation, IMethodSymbol method)
    {
        var kind = method.Name switch
        {
            "Attach" or "GetOrAttach" => EffectKind.ShadowAttach,
            "DetachAll" => EffectKind.ShadowDetachAll,
            _ => (EffectKind?)null,
        };
        if (kind is { } k && MemberPath.WithoutConversions(invocation.Instance) is { } instance && MemberPath.Referenced(instance) is { } variable
            && MemberPath.TryGet(_api, instance, out var path))
        {
            Add(new Effect(k, path.Text, path.IsGlobal, Outermost(invocation)) { Variable = variable });
        }
    }

    /// <summary>
    /// A write is one-time (a lazy fix-up) when it sits under a condition that checks a flag the patch keeps
    /// (a patch-owned static) or the written member itself.
    /// </summary>
    private bool IsGuarded(IOperation operation, MemberPath.Result written)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalOperation conditional && ChecksFlagOrTarget(conditional.Condition, written))
            {
                return true;
            }
        }

        return false;
    }

    private bool ChecksFlagOrTarget(IOperation condition, MemberPath.Result written)
    {
        foreach (var reference in condition.DescendantsAndSelf())
        {
            if (reference is IFieldReferenceOperation or IPropertyReferenceOperation
                && MemberPath.TryGet(_api, reference, out var path)
                && ((path.IsOwnedStatic && !path.IsConstant) || path.Text == written.Text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Declared in source (its locations are kept by the symbol: no syntax references made for every call).</summary>
    private static bool HasSource(IMethodSymbol method)
        => !method.IsAbstract && !method.IsExtern && method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction
           && (method.PartialImplementationPart ?? method).Locations is { IsEmpty: false } locations && locations[0].IsInSource;

    private static bool IsDisposable(ITypeSymbol type)
        => type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable) || type.SpecialType == SpecialType.System_IDisposable;

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
