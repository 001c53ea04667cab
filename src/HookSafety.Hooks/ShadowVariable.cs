using System;
using System.Runtime.CompilerServices;

namespace HookSafety.Hooks;

/// <summary>
/// A field added to existing objects of the host without changing their type (kernel: shadow variables). A patch
/// attaches a value to an owner object and reads it back later, for example from its replacement methods.
/// </summary>
/// <remarks>
/// <para>Ids are process-wide: two <see cref="ShadowVariable{TOwner, TValue}"/> instances with the same id share the
/// same values, so a patch that replaces another can read the values it attached. Give each variable an id of its own
/// (e.g. prefixed with the patch id).</para>
/// <para>Values are kept weakly per owner: a shadow value never keeps its owner alive, even when the value references
/// the owner; when the owner is collected, its value goes with it.</para>
/// <para>All members are thread-safe.</para>
/// </remarks>
/// <typeparam name="TOwner">The type of the objects values are attached to.</typeparam>
/// <typeparam name="TValue">The type of the values.</typeparam>
public sealed class ShadowVariable<TOwner, TValue>
    where TOwner : class
{
    private readonly ShadowStore _store;

    /// <summary>Creates a handle on the process-wide shadow variable <paramref name="id"/>.</summary>
    /// <param name="id">The variable's id; not empty.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or empty.</exception>
    public ShadowVariable(string id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A shadow variable needs an id that is not empty.", nameof(id));
        }

        Id = id;
        _store = ShadowStore.For(id);
    }

    /// <summary>The variable's process-wide id.</summary>
    public string Id { get; }

    /// <summary>Attaches <paramref name="value"/> to <paramref name="owner"/>, replacing any value it had.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="value">The value.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> is null.</exception>
    public TValue Attach(TOwner owner, TValue value)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _store.Table.AddOrUpdate(owner, new StrongBox<object?>(value));
        return value;
    }

    /// <summary>
    /// Gets the value attached to <paramref name="owner"/>, or attaches the one <paramref name="create"/> makes.
    /// Atomic: when several threads race, <paramref name="create"/> may run more than once, but one value wins and
    /// every caller gets that value.
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="create">Makes the value for an owner that has none.</param>
    /// <returns>The value attached to <paramref name="owner"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> or <paramref name="create"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The value attached is not a <typeparamref name="TValue"/>.</exception>
    public TValue GetOrAttach(TOwner owner, Func<TOwner, TValue> create)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(create);
        StrongBox<object?> box = _store.Table.GetValue(owner, key => new StrongBox<object?>(create((TOwner)key)));
        return Convert(box.Value);
    }

    /// <summary>Gets the value attached to <paramref name="owner"/>.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="value">The value, or the default when there is none.</param>
    /// <returns><see langword="true"/> when a value is attached.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The value attached is not a <typeparamref name="TValue"/>.</exception>
    public bool TryGet(TOwner owner, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (_store.Table.TryGetValue(owner, out StrongBox<object?>? box))
        {
            value = Convert(box.Value);
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Removes the value attached to <paramref name="owner"/>.</summary>
    /// <param name="owner">The owner.</param>
    /// <returns><see langword="true"/> when a value was attached.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> is null.</exception>
    public bool Detach(TOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return _store.Table.Remove(owner);
    }

    /// <summary>Removes the values of every owner for this id (also those attached through other instances).</summary>
    public void DetachAll() => _store.Clear();

    private TValue Convert(object? stored)
    {
        if (stored is TValue value)
        {
            return value;
        }

        if (stored is null && default(TValue) is null)
        {
            return default!;
        }

        string storedType = stored is null ? "null" : stored.GetType().FullName ?? stored.GetType().Name;
        throw new InvalidOperationException(
            $"Shadow variable '{Id}' holds a value of type {storedType}, not {typeof(TValue).FullName}: " +
            "another ShadowVariable with the same id stores a different value type. Give each variable its own id.");
    }
}
