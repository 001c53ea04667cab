using System;

namespace HookSafety.Hooks;

/// <summary>The non-generic view of a <see cref="PatchPoint{TDelegate}"/> used by the <see cref="PatchManager"/>.</summary>
internal interface IPatchPoint
{
    /// <summary>The point's name.</summary>
    string Name { get; }

    /// <summary>The point's delegate type.</summary>
    Type DelegateType { get; }

    /// <summary>Pushes <paramref name="replacement"/> for <paramref name="owner"/> on top of the point's stack.</summary>
    /// <param name="owner">The patch owning the replacement.</param>
    /// <param name="replacement">A delegate of type <see cref="DelegateType"/>.</param>
    void Push(object owner, Delegate replacement);

    /// <summary>Removes every entry of <paramref name="owner"/>, wherever it stands in the stack.</summary>
    /// <param name="owner">The patch.</param>
    /// <returns><see langword="true"/> when an entry was removed.</returns>
    bool Remove(object owner);
}
