using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;

namespace HookSafety.Hooks;

/// <summary>
/// The storage of one shadow variable id, shared by every <see cref="ShadowVariable{TOwner, TValue}"/> with that id
/// in the process (ids are process-wide, as the kernel's shadow variables).
/// </summary>
internal sealed class ShadowStore
{
    private static readonly ConcurrentDictionary<string, ShadowStore> s_stores = new(System.StringComparer.Ordinal);

    private ConditionalWeakTable<object, StrongBox<object?>> _table = new();

    /// <summary>The current table: values kept per owner, weakly (a value never keeps its owner alive).</summary>
    internal ConditionalWeakTable<object, StrongBox<object?>> Table => Volatile.Read(ref _table);

    /// <summary>Gets the process-wide store of <paramref name="id"/>, creating it on first use.</summary>
    /// <param name="id">The shadow variable id.</param>
    /// <returns>The store.</returns>
    internal static ShadowStore For(string id) => s_stores.GetOrAdd(id, static _ => new ShadowStore());

    /// <summary>The shadow variables holding a value of a type loaded in <paramref name="context"/>: what keeps an unloaded patch assembly alive.</summary>
    internal static System.Collections.Generic.IEnumerable<string> ValuesFrom(System.Runtime.Loader.AssemblyLoadContext context)
    {
        foreach (var store in s_stores)
        {
            foreach (var pair in store.Value.Table)
            {
                if (pair.Value.Value is { } value && PatchManager.IsFrom(value, context))
                {
                    yield return $"shadow variable '{store.Key}' holds a {value.GetType().Name} of it, never detached (HS0005)";
                    break;
                }
            }
        }
    }

    /// <summary>Drops every value at once by swapping in an empty table (works on every target framework).</summary>
    internal void Clear() => Interlocked.Exchange(ref _table, new ConditionalWeakTable<object, StrongBox<object?>>());
}
