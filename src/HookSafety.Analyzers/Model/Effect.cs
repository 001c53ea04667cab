using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>The kinds of things a statement does that the rules over the patch model read (changes, undos, shared data, throws, waits).</summary>
internal enum EffectKind
{
    /// <summary>An assignment, compound assignment, increment or write through <c>ref</c> to a member path.</summary>
    Write,

    /// <summary>A call on an object reached through a static, or a static call on a type the patch does not own; classified later.</summary>
    Call,

    /// <summary><c>+=</c> on an event.</summary>
    EventAdd,

    /// <summary><c>-=</c> on an event.</summary>
    EventRemove,

    /// <summary>A newly created <c>IDisposable</c> (a timer, a subscription) stored in a field.</summary>
    StoreDisposable,

    /// <summary><c>Dispose()</c> on a field.</summary>
    Dispose,

    /// <summary><c>Attach</c> or <c>GetOrAttach</c> on a shadow variable.</summary>
    ShadowAttach,

    /// <summary><c>DetachAll()</c> on a shadow variable.</summary>
    ShadowDetachAll,

    /// <summary>An access to shared data of the patch (its statics and instance fields) or to a <c>[GuardedBy]</c> member.</summary>
    SharedAccess,

    /// <summary>A lambda or method handed out as a delegate: it runs later, on whatever thread calls it.</summary>
    Callback,

    /// <summary>A <c>throw</c>; <see cref="Effect.ReceiverType"/> is the exception's type.</summary>
    Throw,

    /// <summary>A call that blocks the thread until something else happens (<c>Thread.Sleep</c>, <c>Task.Wait()</c>, ...).</summary>
    BlockingWait,

    /// <summary><c>context.States.GetPrevious(...)</c>.</summary>
    GetPrevious,
}

/// <summary>How shared data is accessed.</summary>
internal enum Access
{
    Read,

    /// <summary>A plain store.</summary>
    Store,

    /// <summary>A read-modify-write: <c>++</c>, <c>+=</c>, <c>x = x + 1</c>, a write through <c>ref</c>.</summary>
    Update,

    /// <summary>A store under a check of the same member: <c>if (s == null) s = ...</c>, <c>??=</c>.</summary>
    CheckThenAct,

    /// <summary>A mutating call on the object the member holds: <c>s_list.Add(x)</c>, <c>s_map[k] = v</c>.</summary>
    Mutation,
}

/// <summary>
/// One effect of one statement, found by <see cref="EffectCollector"/>: what it does, to which member path
/// (<c>Parser.Limits.MaxDepth</c>), whether that path is global state, and where.
/// </summary>
internal sealed class Effect
{
    public Effect(EffectKind kind, string path, bool isGlobal, IOperation operation)
    {
        Kind = kind;
        Path = path;
        IsGlobal = isGlobal;
        Operation = operation;
    }

    public EffectKind Kind { get; }

    /// <summary>The member path the effect acts on, as the patch author reads it: <c>Parser.Limits.MaxDepth</c>.</summary>
    public string Path { get; }

    /// <summary>Whether the path is global state (rooted in a static the patch does not own).</summary>
    public bool IsGlobal { get; }

    /// <summary>The operation (assignment, invocation, ...) where it happens.</summary>
    public IOperation Operation { get; }

    private Location? _location;
    private ReachedEffect? _direct;

    /// <summary>The effect as its own method reaches it (no call between): made once, shared by every reach of that method.</summary>
    public ReachedEffect Direct => _direct ??= new ReachedEffect(this, null, ImmutableArray<IMethodSymbol>.Empty) { Locks = Locks, Catches = Catches };

    /// <summary>Where it happens (made once: sorting and matching ask for it often).</summary>
    public Location Location => _location ??= Operation.Syntax.GetLocation();

    /// <summary>Whether <see cref="Path"/> names a member (<c>Net.AllowedPeers</c>), not a type (a static call's <c>Net</c>).</summary>
    public bool IsMemberPath { get; init; } = true;

    /// <summary>The call's classification by the default tables, once computed (see <see cref="Classification.Classify"/>).</summary>
    internal (CallClass Class, string? Inverse)? CachedClass { get; set; }

    /// <summary>For calls: the method called.</summary>
    public IMethodSymbol? Method { get; init; }

    /// <summary>For calls: the type whose method is called (the receiver's, or the containing type of a static method).</summary>
    public ITypeSymbol? ReceiverType { get; init; }

    /// <summary>For a call whose first argument is a constant (an environment variable's name, a switch): its text.</summary>
    public string? Key { get; init; }

    /// <summary>For a call: its last argument's constant text (the item of <c>Insert(index, item)</c>), or null.</summary>
    public string? LastKey { get; init; }

    /// <summary>For a call: its last argument as written.</summary>
    public string? LastArgument => Operation is Microsoft.CodeAnalysis.Operations.IInvocationOperation { Arguments: { Length: > 0 } arguments } ? arguments[arguments.Length - 1].Syntax.ToString() : null;

    /// <summary>Whether the root of the path is a member of a <c>System</c> type: a process-wide setting.</summary>
    public bool IsProcessWide { get; init; }

    /// <summary>The locks held where the effect happens (lock objects' symbols; null for a lock on an expression without one).</summary>
    public ImmutableArray<ISymbol?> Locks { get; set; } = ImmutableArray<ISymbol?>.Empty;

    /// <summary>The exception types caught around the effect in its own method.</summary>
    public ImmutableArray<ITypeSymbol> Catches { get; set; } = ImmutableArray<ITypeSymbol>.Empty;

    /// <summary>For shared-data accesses: how the member is used.</summary>
    public Access Access { get; init; }

    /// <summary>For shared-data accesses: through Interlocked, Volatile or LazyInitializer (atomic).</summary>
    public bool IsAtomic { get; init; }

    /// <summary>For callbacks: the lambda's body, or the method handed out as a delegate.</summary>
    public IOperation? CallbackBody { get; init; }

    public IMethodSymbol? CallbackMethod { get; init; }

    /// <summary>Whether the effect only happens under a check of a static (a one-time, lazy change) or through <c>??=</c>.</summary>
    public bool IsGuarded { get; init; }

    /// <summary>For a call: its receiver is a new object nothing keeps (<c>new Thread(work).Start()</c>), so no undo can reach it.</summary>
    public bool IsUnkept { get; init; }

    /// <summary>For shadow-variable effects: the field or property holding the variable.</summary>
    public ISymbol? Variable { get; init; }

    /// <summary>
    /// The helper's parameter <see cref="Path"/> is rooted in (<c>list.Add(x)</c> on a parameter <c>list</c>), or null: such an
    /// effect counts only where a call hands the parameter a member (<see cref="Through"/>), never on its own.
    /// </summary>
    public IParameterSymbol? Parameter { get; init; }

    /// <summary>For callbacks: the enclosing body's locals, which a lambda's body reads as captured variables.</summary>
    public ValueTable? CapturedValues { get; init; }

    /// <summary>
    /// This effect of a helper as a call makes it: its parameter root replaced by the argument's path
    /// (<c>list.Add(x)</c> called with <c>Host.Peers</c> is <c>Host.Peers.Add(x)</c>), and the shadow variable the argument names.
    /// </summary>
    public Effect Through(MemberPath.Result argument, ISymbol? variable)
    {
        var path = new MemberPath.Result(Path, IsGlobal, isOwnedStatic: false, isMember: true, IsProcessWide, isConstant: false, Parameter).Through(argument);
        return new Effect(Kind, path.Text, path.IsGlobal, Operation)
        {
            IsMemberPath = IsMemberPath,
            Method = Method,
            ReceiverType = ReceiverType,
            Key = Key,
            LastKey = LastKey,
            IsProcessWide = path.IsProcessWide,
            Locks = Locks,
            Catches = Catches,
            Access = Access,
            IsAtomic = IsAtomic,
            CallbackBody = CallbackBody,
            CallbackMethod = CallbackMethod,
            IsGuarded = IsGuarded,
            IsUnkept = IsUnkept,
            Variable = Variable ?? variable,
            ValueSource = ValueSource,
            ArgumentsOf = ArgumentsOf,
            ValueText = _valueText,
            Parameter = path.Parameter,
        };
    }

    private string? _valueText;

    /// <summary>
    /// The text of the value stored or handler added, or a call's arguments, for fixes and messages: computed when first
    /// read (most effects never are) from <see cref="ValueSource"/> or <see cref="ArgumentsOf"/>.
    /// </summary>
    public string? ValueText
    {
        get => _valueText ??= ValueSource is { } source ? source.Syntax.ToString()
            : ArgumentsOf is { } call ? Arguments(call)
            : null;
        init => _valueText = value;
    }

    /// <summary>The value stored or the handler added, as written.</summary>
    public IOperation? ValueSource { get; init; }

    /// <summary>A call whose arguments, as written, are its value text (the receiver of an extension method left out).</summary>
    public Microsoft.CodeAnalysis.Operations.IInvocationOperation? ArgumentsOf { get; init; }

    private static string Arguments(Microsoft.CodeAnalysis.Operations.IInvocationOperation call)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = call.TargetMethod.IsExtensionMethod ? 1 : 0; i < call.Arguments.Length; i++)
        {
            builder.Append(builder.Length > 0 ? ", " : string.Empty).Append(call.Arguments[i].Syntax.ToString());
        }

        return builder.ToString();
    }
}

/// <summary>An effect as seen from a root method: directly, or through a chain of calls to helpers.</summary>
internal sealed class ReachedEffect
{
    public ReachedEffect(Effect effect, IOperation? callSite, ImmutableArray<IMethodSymbol> chain)
    {
        Effect = effect;
        CallSite = callSite;
        Chain = chain;
    }

    public Effect Effect { get; }

    /// <summary>The call in the root method that leads to the effect; null when the effect is in the root itself.</summary>
    public IOperation? CallSite { get; }

    /// <summary>The helpers called, outermost first; empty when direct.</summary>
    public ImmutableArray<IMethodSymbol> Chain { get; }

    /// <summary>Where a finding about it is reported: the call in the root method, or the effect itself.</summary>
    public Location Location => CallSite is null ? Effect.Location : _location ??= CallSite.Syntax.GetLocation();

    private Location? _location;

    /// <summary>The locks held: at the calls that lead to the effect, and where it happens.</summary>
    public ImmutableArray<ISymbol?> Locks { get; init; } = ImmutableArray<ISymbol?>.Empty;

    /// <summary>The exception types caught around the calls that lead to the effect, and around it.</summary>
    public ImmutableArray<ITypeSymbol> Catches { get; init; } = ImmutableArray<ITypeSymbol>.Empty;

    /// <summary>The effect's own statement when it sits in a helper: the additional location of a finding.</summary>
    public ImmutableArray<Location> HelperLocation => CallSite is null ? ImmutableArray<Location>.Empty : ImmutableArray.Create(Effect.Location);

    /// <summary><c>" via Helper()"</c>, <c>" via A() → B()"</c>, or empty.</summary>
    public string Via => Chain.IsEmpty ? string.Empty : " via " + string.Join(" → ", System.Linq.Enumerable.Select(Chain, Name));

    /// <summary><c>Helper()</c>, or for a setter what it is written as: <c>Limit = …</c>, <c>Table[…] = …</c>.</summary>
    private static string Name(IMethodSymbol method)
        => method is { MethodKind: MethodKind.PropertySet, AssociatedSymbol: IPropertySymbol property }
            ? (property.IsIndexer ? property.ContainingType.Name + "[…]" : property.Name) + " = …"
            : method.Name + "()";
}
