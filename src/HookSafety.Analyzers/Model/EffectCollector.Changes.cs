using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// The effect collector's changes of global state: writes (and stores through setters, judged by their bodies),
/// disposables kept in members, static events, calls on global receivers (by the tables), and shadow variables.
/// </summary>
internal sealed partial class EffectCollector
{
    private void AddWrite(IOperation operation, IOperation target, IOperation? value, bool guarded = false)
    {
        if (IsSetterCall(operation, target))
        {
            return;
        }

        if (PathOf(target, receiver: false, out var path) && (path.IsGlobal || path.Parameter is not null))
        {
            Add(new Effect(EffectKind.Write, path.Text, path.IsGlobal, operation)
            {
                IsProcessWide = path.IsProcessWide,
                IsGuarded = guarded || IsGuarded(operation, path),
                ValueSource = value,
                Parameter = path.Parameter,
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
        var type = _values.ValueOf(assignment.Value) switch
        {
            IObjectCreationOperation { Type: { } created } when IsDisposable(created) => created,
            IInvocationOperation { TargetMethod: { ReturnsVoid: false } method } when IsDisposable(method.ReturnType) && !IsSwap(method) => method.ReturnType,
            _ => null,
        };
        if (type is not null && PathOf(assignment.Target, receiver: false, out var path) && path.IsMember)
        {
            Add(new Effect(EffectKind.StoreDisposable, path.Text, path.IsGlobal, assignment) { ValueText = type.Name, Parameter = path.Parameter });
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
        if (PathOf(assignment.EventReference, receiver: false, out var path) && (path.IsGlobal || path.Parameter is not null))
        {
            var kind = assignment.Adds ? EffectKind.EventAdd : EffectKind.EventRemove;
            Add(new Effect(kind, path.Text, path.IsGlobal, assignment) { ValueSource = assignment.HandlerValue, Parameter = path.Parameter });
        }
    }

    private void AddInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var receiver = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
        if ((HasSource(method) || method.MethodKind == MethodKind.LocalFunction)
            && !_api.IsTableCall(method, receiver?.Type ?? method.ContainingType))
        {
            (_calls ??= new List<SourceCall>()).Add(new SourceCall(invocation, method, _locks, _catches, ReceiverOf(invocation.Instance), _values));
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

        if (AddHandle(invocation, method, receiver))
        {
            return;
        }

        if (receiver is not null)
        {
            // A thread created and started in one expression (new Thread(work) { IsBackground = true }.Start()): nothing
            // keeps it, so nothing can join it.
            if (MemberPath.WithoutConversions(receiver) is IObjectCreationOperation { Type: { } created } && BclTables.StartedEntry(created, method.Name, undo: false) is not null)
            {
                Add(Call(invocation, method, "new " + created.Name + "(…)", isGlobal: false, created, processWide: false, unkept: true));
                return;
            }

            // A thread held only in a local (var worker = new Thread(work); worker.Start();): once the hook returns,
            // nothing keeps it either, unless the local is handed on (stored, passed) somewhere in the same body.
            if (method.Name == "Start" && MemberPath.WithoutConversions(receiver) is ILocalReferenceOperation { Local: var local } && Classification.IsThread(local.Type)
                && !IsHandedOn(invocation, local) && !PathOf(receiver, receiver: true, out _))
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

            if (!PathOf(receiver, receiver: true, out var path))
            {
                return;
            }

            if (method.Name is "Dispose" or "DisposeAsync" && method.Parameters.Length == 0 && (path.IsMember || path.Parameter is not null))
            {
                Add(new Effect(EffectKind.Dispose, path.Text, path.IsGlobal, Outermost(invocation)) { Parameter = path.Parameter });
                return;
            }

            if (path.IsGlobal || path.Parameter is not null || (path.IsMember && BclTables.IsStartable(receiver.Type)))
            {
                Add(Call(invocation, method, path.Text, path.IsGlobal, receiver.Type, path.IsProcessWide, parameter: path.Parameter));
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
    /// The BCL's registrations by handle (<see cref="BclTables"/>): a handle dropped (<c>Host.Shutdown.Register(Flush);</c>,
    /// <c>DiagnosticListener.AllListeners.Subscribe(observer);</c>) on a receiver the patch does not own can never be undone;
    /// a listener registered (<c>ActivitySource.AddActivityListener(listener)</c>) that no member keeps cannot be either.
    /// One kept in a member is undone by disposing it, which its store (a disposable kept) already asks for.
    /// </summary>
    private bool AddHandle(IInvocationOperation invocation, IMethodSymbol method, IOperation? receiver)
    {
        if (BclTables.RegistersArgument(method) && invocation.Arguments.Length > 0)
        {
            if (!PathOf(invocation.Arguments[0].Value, receiver: true, out var kept) || !kept.IsMember)
            {
                Add(Call(invocation, method, _api.TypeName(method.ContainingType), isGlobal: true, method.ContainingType, processWide: true, isMemberPath: false, unkept: true));
            }

            return true;
        }

        // A handle of the tables dropped is that and nothing else; any other disposable dropped may be one named by
        // hook_safety.registration_handles (the classification decides), and is also the call it is.
        // (Asked for every call: whether its value is dropped first, the interfaces of its type only then.)
        if (method.ReturnsVoid || !IsDropped(invocation))
        {
            return false;
        }

        var table = BclTables.IsHandle(method);
        if (!table && !IsDisposable(method.ReturnType))
        {
            return false;
        }

        var source = receiver is null ? (_api.IsPatchOwned(method.ContainingType) ? null : _api.TypeName(method.ContainingType))
            : PathOf(receiver, receiver: true, out var path) && path.IsGlobal ? path.Text
            : null;
        if (source is null)
        {
            return false;
        }

        Add(Call(invocation, method, source, isGlobal: true, receiver?.Type ?? method.ContainingType, processWide: table, isMemberPath: false, unkept: true));
        return table;
    }

    /// <summary>A new object that runs from the moment it is made (<see cref="BclTables.RunningWhenMade"/>), made and not kept.</summary>
    private void AddRunningWhenMade(IObjectCreationOperation creation)
    {
        if (creation.Type is { } type && BclTables.RunsWhenMade(type) && IsDropped(creation))
        {
            Add(new Effect(EffectKind.Call, MemberPath.TypeName(type), isGlobal: true, creation)
            {
                Method = creation.Constructor,
                ReceiverType = type,
                IsUnkept = true,
                IsMemberPath = false,
                IsProcessWide = true,
                ValueText = string.Join(", ", creation.Arguments.Select(a => a.Syntax.ToString())),
            });
        }
    }

    /// <summary>Whether the value of a call or creation is thrown away: a statement of its own, or assigned to the discard <c>_</c>.</summary>
    private static bool IsDropped(IOperation operation)
    {
        var value = Outermost(operation);
        while (value.Parent is IConversionOperation conversion)
        {
            value = conversion;
        }

        return value.Parent is IExpressionStatementOperation || (value.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation } discard && discard.Value == value);
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

    private static Effect Call(IInvocationOperation invocation, IMethodSymbol method, string path, bool isGlobal, ITypeSymbol? receiverType, bool processWide, bool isMemberPath = true, bool unkept = false, IParameterSymbol? parameter = null)
        => new(EffectKind.Call, path, isGlobal, Outermost(invocation))
        {
            Parameter = parameter,
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
        // The variable as a member (s_rx.Attach(..)), through a local (if (s_rx is { } rx) rx.DetachAll()), or as a helper's
        // parameter, which the call that hands it a member names.
        if (kind is { } k && MemberPath.WithoutConversions(invocation.Instance) is { } instance && PathOf(instance, receiver: true, out var path)
            && _values.ValueOf(instance) is { } held && (MemberPath.Referenced(held) is not null || path.Parameter is not null))
        {
            Add(new Effect(k, path.Text, path.IsGlobal, Outermost(invocation)) { Variable = MemberPath.Referenced(held), Parameter = path.Parameter });
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
}
