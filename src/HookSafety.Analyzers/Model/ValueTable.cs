using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// What each local of one body was last given, as the walk meets it (flow-insensitive: the last binding in source order
/// before a use): its initializer, a value assigned to it, the value a pattern tested (<c>s_worker is { } w</c>). A
/// lambda or local function walked on its own reads the locals it captures from its enclosing body's table. Read by
/// <see cref="MemberPath"/> so that a change made through a local (<c>ref var r = ref Host.Limit; r = 1;</c>,
/// <c>var peers = Host.Peers; peers.Add(p);</c>) is the same change as a direct one.
/// </summary>
internal sealed class ValueTable
{
    /// <summary>How many locals deep a value is followed (<c>var a = Host.List; var b = a; b.Add(x)</c>).</summary>
    public const int MaxChain = 8;

    private readonly ValueTable? _enclosing;
    private Dictionary<ILocalSymbol, IOperation>? _values;

    public ValueTable(ValueTable? enclosing) => _enclosing = enclosing;

    /// <summary>Records that <paramref name="local"/> now holds <paramref name="value"/> (null: something unknown).</summary>
    public void Bind(ILocalSymbol local, IOperation? value)
    {
        if (value is null)
        {
            _values?.Remove(local);
            return;
        }

        (_values ??= new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default))[local] = value;
    }

    /// <summary>The value <paramref name="local"/> was last given, here or in an enclosing body.</summary>
    public bool TryGet(ILocalSymbol local, out IOperation value)
    {
        for (var table = this; table is not null; table = table._enclosing)
        {
            if (table._values is { } values && values.TryGetValue(local, out value!))
            {
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>
    /// The value an operation stands for: through conversions and locals to what they were given (<c>t</c> in
    /// <c>var t = new Timer(..); s_timer = t;</c> is the <c>new Timer(..)</c>).
    /// </summary>
    public IOperation? ValueOf(IOperation? operation)
    {
        for (var i = 0; i < MaxChain; i++)
        {
            operation = MemberPath.WithoutConversions(operation);
            if (operation is not ILocalReferenceOperation local || !TryGet(local.Local, out var value))
            {
                break;
            }

            operation = value;
        }

        return operation;
    }
}
