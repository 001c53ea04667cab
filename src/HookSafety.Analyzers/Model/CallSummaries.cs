using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// Method summaries of one compilation, each computed once, and the effects a method reaches through the
/// helpers it calls (bounded depth, cycles cut). Only methods with source in the compilation are followed.
/// </summary>
internal sealed class CallSummaries
{
    /// <summary>How many calls deep a helper's effects still count in its caller.</summary>
    public const int MaxDepth = 4;

    private readonly HookApi _api;
    private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _cache = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IOperation> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, IOperation> _initializers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<ReachedEffect>> _reached = new(SymbolEqualityComparer.Default);

    /// <summary>Made once, handed to every walk.</summary>
    private readonly System.Action<ILocalFunctionOperation, ValueTable> _onLocalFunction;

    public CallSummaries(HookApi api)
    {
        _api = api;
        _onLocalFunction = OnLocalFunction;
    }

    /// <summary>The direct summary of <paramref name="method"/> (empty when it has no source body).</summary>
    public MethodSummary Of(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(method, out var summary))
        {
            return summary;
        }

        var body = Body(method, cancellationToken);
        summary = body is null ? MethodSummary.Empty : Collect(body);
        return _cache.GetOrAdd(method, summary);
    }

    public MethodSummary Collect(IOperation body) => EffectCollector.Collect(_api, body, _onLocalFunction);

    /// <summary>A lambda's body, whose captured locals hold what its enclosing body gave them (<paramref name="enclosing"/>).</summary>
    public MethodSummary Collect(IOperation body, ValueTable? enclosing) => EffectCollector.Collect(_api, body, _onLocalFunction, enclosing);

    /// <summary>
    /// Summarizes a method from the operation blocks the analyzer driver hands over (already bound), so that asking for
    /// it later needs no binding of its own. The first rule to see a method does the walk; the others find it done.
    /// </summary>
    public void Remember(ISymbol owner, ImmutableArray<IOperation> blocks)
    {
        if (blocks.IsEmpty)
        {
            return;
        }

        var root = blocks[0];
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        switch (owner)
        {
            case IMethodSymbol method when (root is IMethodBodyOperation or IConstructorBodyOperation || IsExpressionBodiedAccessor(method, root)) && !_cache.ContainsKey(method):
                _bodies.TryAdd(method, root);
                _cache.TryAdd(method, Collect(root));
                break;
            case IFieldSymbol or IPropertySymbol when root is IFieldInitializerOperation or IPropertyInitializerOperation:
                _initializers.TryAdd(owner, root);
                break;
        }
    }

    /// <summary>The initializer of a field or property of a patch type, as the driver handed it over, or null.</summary>
    public IOperation? RememberedInitializer(ISymbol member) => _initializers.TryGetValue(member, out var initializer) ? initializer : null;

    /// <summary>Every effect <paramref name="method"/> reaches, computed once (a method can be a helper and a callback too).</summary>
    public ImmutableArray<ReachedEffect> Reach(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (_reached.TryGetValue(method, out var reached))
        {
            return reached;
        }

        return _reached.GetOrAdd(method, Reach(Of(method, cancellationToken), cancellationToken));
    }

    /// <summary>Every effect of <paramref name="root"/>, its own and those of the helpers it calls.</summary>
    public ImmutableArray<ReachedEffect> Reach(MethodSummary root, CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<ReachedEffect>(root.Effects.Length + (root.Calls.IsEmpty ? 0 : 8));
        foreach (var effect in root.Effects)
        {
            // An effect on a parameter counts where a call hands the parameter a member, not in the method itself.
            if (effect.Parameter is null)
            {
                result.Add(effect.Direct);
            }
        }

        if (root.Calls.IsEmpty)
        {
            return result.Count == result.Capacity ? result.MoveToImmutable() : result.ToImmutable();
        }

        // One set of the methods on the current chain (each walk takes back what it adds): cycles are cut.
        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var call in root.Calls)
        {
            visited.Add(call.Callee);
            Walk(call.Callee, call.Call, ImmutableArray.Create(call.Callee), call.Locks, call.Catches, ThisOf(call, foreignThis: false), ArgumentsOf(call, ImmutableArray<Argument>.Empty, cancellationToken), visited, result, cancellationToken);
            visited.Remove(call.Callee);
        }

        return result.ToImmutable();
    }

    /// <param name="foreignThis">
    /// Whether <c>this</c> in <paramref name="method"/> is an object the caller holds in a local or parameter, not the
    /// caller's own <c>this</c> or a member's value: its instance fields are then that object's, not shared data of the
    /// patch (<c>editor.Append(...)</c> on an editor the code made and passed along).
    /// </param>
    /// <param name="arguments">The members the call hands <paramref name="method"/>'s parameters, in the root's terms.</param>
    private void Walk(IMethodSymbol method, IOperation callSite, ImmutableArray<IMethodSymbol> chain, ImmutableArray<ISymbol?> locks, ImmutableArray<ITypeSymbol> catches, bool foreignThis, ImmutableArray<Argument> arguments, HashSet<IMethodSymbol> visited, ImmutableArray<ReachedEffect>.Builder result, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var summary = Of(method, cancellationToken);
        foreach (var original in summary.Effects)
        {
            var effect = original;
            if (foreignThis && effect is { Kind: EffectKind.SharedAccess, Variable.IsStatic: false })
            {
                continue;
            }

            if (effect.Parameter is { } parameter)
            {
                // list.Add(x) in a helper given Host.Peers is Host.Peers.Add(x); given anything else, nothing the rules read.
                if (Find(arguments, parameter.Ordinal) is not { } argument || !Counts(effect = effect.Through(argument.Path, argument.Variable)))
                {
                    continue;
                }
            }

            result.Add(new ReachedEffect(effect, callSite, chain) { Locks = locks.AddRange(effect.Locks), Catches = catches.AddRange(effect.Catches) });
        }

        if (chain.Length >= MaxDepth)
        {
            return;
        }

        foreach (var call in summary.Calls)
        {
            if (visited.Add(call.Callee))
            {
                Walk(call.Callee, callSite, chain.Add(call.Callee), locks.AddRange(call.Locks), catches.AddRange(call.Catches), ThisOf(call, foreignThis), ArgumentsOf(call, arguments, cancellationToken), visited, result, cancellationToken);
                visited.Remove(call.Callee);
            }
        }
    }

    /// <summary>A member a call hands a parameter (<c>Host.Peers</c> in <c>AddAll(Host.Peers, items)</c>), in the root's terms.</summary>
    internal readonly struct Argument
    {
        public Argument(int ordinal, MemberPath.Result path, ISymbol? variable)
        {
            Ordinal = ordinal;
            Path = path;
            Variable = variable;
        }

        public int Ordinal { get; }

        public MemberPath.Result Path { get; }

        /// <summary>The field or property the argument names (a shadow variable handed to a helper).</summary>
        public ISymbol? Variable { get; }
    }

    /// <summary>
    /// The members <paramref name="call"/> hands its callee's parameters: its arguments' paths (through the caller's locals),
    /// an argument that is the caller's own parameter replaced by what the caller was given (<paramref name="outer"/>).
    /// Worked out only when the callee, or a helper it calls, may act on a parameter.
    /// </summary>
    private ImmutableArray<Argument> ArgumentsOf(SourceCall call, ImmutableArray<Argument> outer, CancellationToken cancellationToken)
    {
        if (call.Call is not IInvocationOperation { Arguments.Length: > 0 } invocation || Of(call.Callee, cancellationToken) is not { } callee
            || (!callee.HasParameterEffects && callee.Calls.IsEmpty))
        {
            return ImmutableArray<Argument>.Empty;
        }

        var builder = ImmutableArray<Argument>.Empty;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !MemberPath.TryGet(_api, argument.Value, call.Values, receiver: true, out var path))
            {
                continue;
            }

            var variable = MemberPath.Referenced(call.Values?.ValueOf(argument.Value) ?? argument.Value);
            if (path.Parameter is { } own)
            {
                if (Find(outer, own.Ordinal) is not { } given)
                {
                    continue;
                }

                (path, variable) = (path.Through(given.Path), variable ?? given.Variable);
            }

            if (path.IsMember)
            {
                builder = builder.Add(new Argument(parameter.Ordinal, path, variable));
            }
        }

        return builder;
    }

    private static Argument? Find(ImmutableArray<Argument> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Ordinal == ordinal)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>Whether an effect made through a parameter is one the rules read, now that the member is known (as the walk decides for direct ones).</summary>
    private static bool Counts(Effect effect) => effect.Kind switch
    {
        EffectKind.Write or EffectKind.EventAdd or EffectKind.EventRemove => effect.IsGlobal,
        EffectKind.Call => effect.IsGlobal || BclTables.IsStartable(effect.ReceiverType),
        EffectKind.ShadowAttach or EffectKind.ShadowDetachAll => effect.Variable is not null,
        _ => true,
    };

    /// <summary>Whether <c>this</c> in the callee of <paramref name="call"/> is a foreign object (see <see cref="Walk"/> and <see cref="CallReceiver"/>).</summary>
    private static bool ThisOf(SourceCall call, bool foreignThis) => call.Receiver switch
    {
        CallReceiver.Foreign => true,
        CallReceiver.This => foreignThis,
        _ => false,
    };

    private void OnLocalFunction(ILocalFunctionOperation localFunction, ValueTable enclosing)
    {
        if (!_cache.ContainsKey(localFunction.Symbol))
        {
            _cache.TryAdd(localFunction.Symbol, localFunction.Body is { } body ? Collect(body, enclosing) : MethodSummary.Empty);
        }
    }

    /// <summary>A property's <c>=> expression</c> getter: its body is a block of its own, not a method body.</summary>
    private static bool IsExpressionBodiedAccessor(IMethodSymbol method, IOperation root)
        => method.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet && root is IBlockOperation { Parent: null };

    /// <summary>The body operation of a method with source (for control-flow analysis), or null.</summary>
    public IOperation? BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
        => _bodies.TryGetValue(method, out var body) ? body : Body(method, cancellationToken);

    private IOperation? Body(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var compilation = _api.Compilation;
        foreach (var reference in (method.PartialImplementationPart ?? method).DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

            // Helpers may live in any file: their model comes from the compilation (the analyzer driver caches it).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            var operation = model.GetOperation(syntax, cancellationToken);
            switch (operation)
            {
                case ILocalFunctionOperation { Body: { } body }:
                    return body;
                case IMethodBodyOperation or IConstructorBodyOperation:
                    return operation;
                case { } block when IsExpressionBodiedAccessor(method, block):
                    return block;
            }
        }

        return null;
    }
}
