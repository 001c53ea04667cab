using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

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

    /// <summary>Whether an effect is rooted in one of the method's parameters (see <see cref="Effect.Parameter"/>).</summary>
    public bool HasParameterEffects => _hasParameterEffects ??= System.Linq.Enumerable.Any(Effects, e => e.Parameter is not null);

    private bool? _hasParameterEffects;
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
    public SourceCall(IOperation call, IMethodSymbol callee, ImmutableArray<ISymbol?> locks, ImmutableArray<ITypeSymbol> catches, CallReceiver receiver = CallReceiver.Member, ValueTable? values = null)
    {
        Call = call;
        Callee = callee;
        Locks = locks;
        Catches = catches;
        Receiver = receiver;
        Values = values;
    }

    /// <summary>What the caller's locals hold, for the paths of the arguments (read only when the callee changes what a parameter holds).</summary>
    public ValueTable? Values { get; }

    public CallReceiver Receiver { get; }

    /// <summary>The exception types caught around the call (by unfiltered catch clauses).</summary>
    public ImmutableArray<ITypeSymbol> Catches { get; }

    public IOperation Call { get; }

    public IMethodSymbol Callee { get; }

    public ImmutableArray<ISymbol?> Locks { get; }
}
