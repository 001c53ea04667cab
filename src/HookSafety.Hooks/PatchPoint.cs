using System;
using System.Collections.Generic;
using System.Threading;

namespace HookSafety.Hooks;

/// <summary>
/// A function of the host program that patches may replace. The host stores the point in a static field or
/// property and calls <c>Point.Current(...)</c>; a patch replaces it with a static method marked
/// <see cref="ReplacesAttribute"/>.
/// </summary>
/// <remarks>
/// The point keeps a stack of the enabled patches that replace it; <see cref="Current"/> is always the top of that
/// stack, or <see cref="Original"/> when it is empty. <see cref="Current"/> is read with a volatile read and switched
/// with a volatile write, so a caller on any thread sees either the old or the new function, never anything else.
/// </remarks>
/// <typeparam name="TDelegate">The function's delegate type.</typeparam>
public sealed class PatchPoint<TDelegate> : IPatchPoint
    where TDelegate : Delegate
{
    private readonly object _lock = new();
    private readonly List<KeyValuePair<object, TDelegate>> _stack = new();
    private TDelegate _current;

    /// <summary>Creates a point whose current function is <paramref name="original"/>.</summary>
    /// <param name="name">The point's name, for diagnostics.</param>
    /// <param name="original">The host's own implementation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="original"/> is null.</exception>
    public PatchPoint(string name, TDelegate original)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Original = original ?? throw new ArgumentNullException(nameof(original));
        _current = original;
    }

    /// <summary>The point's name.</summary>
    public string Name { get; }

    /// <summary>The host's own implementation.</summary>
    public TDelegate Original { get; }

    /// <summary>The implementation to call now: the most recently enabled replacement, or <see cref="Original"/>.</summary>
    public TDelegate Current => Volatile.Read(ref _current);

    /// <inheritdoc/>
    Type IPatchPoint.DelegateType => typeof(TDelegate);

    /// <summary>The number of replacements stacked on the point.</summary>
    internal int Depth
    {
        get
        {
            lock (_lock)
            {
                return _stack.Count;
            }
        }
    }

    /// <summary>Pushes <paramref name="replacement"/> for <paramref name="owner"/>; it becomes <see cref="Current"/>.</summary>
    /// <param name="owner">The patch owning the replacement.</param>
    /// <param name="replacement">The replacement.</param>
    internal void Push(object owner, TDelegate replacement)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(replacement);
        lock (_lock)
        {
            _stack.Add(new KeyValuePair<object, TDelegate>(owner, replacement));
            Volatile.Write(ref _current, replacement);
        }
    }

    /// <summary>
    /// Removes every entry of <paramref name="owner"/>, wherever it stands; <see cref="Current"/> becomes the new top,
    /// or <see cref="Original"/>.
    /// </summary>
    /// <param name="owner">The patch.</param>
    /// <returns><see langword="true"/> when an entry was removed.</returns>
    internal bool Remove(object owner)
    {
        lock (_lock)
        {
            int removed = _stack.RemoveAll(entry => ReferenceEquals(entry.Key, owner));
            if (removed == 0)
            {
                return false;
            }

            Volatile.Write(ref _current, _stack.Count == 0 ? Original : _stack[_stack.Count - 1].Value);
            return true;
        }
    }

    /// <inheritdoc/>
    void IPatchPoint.Push(object owner, Delegate replacement) => Push(owner, (TDelegate)replacement);

    /// <inheritdoc/>
    bool IPatchPoint.Remove(object owner) => Remove(owner);

    /// <inheritdoc/>
    public override string ToString() => "PatchPoint " + Name;
}
