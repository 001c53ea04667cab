using System;

namespace HookSafety.Hooks;

/// <summary>
/// What <see cref="LivePatch.PrePatch"/> returns: <see cref="Continue"/>, or <see cref="Reject"/> with a reason.
/// Rejecting is the only way a hook may refuse. The default value is <see cref="Continue"/>.
/// </summary>
public readonly struct HookResult : IEquatable<HookResult>
{
    private HookResult(string reason)
    {
        Reason = reason;
    }

    /// <summary>Go on enabling the patch (the default value).</summary>
    public static HookResult Continue => default;

    /// <summary>Refuse to enable the patch.</summary>
    /// <param name="reason">Why; not empty or white space.</param>
    /// <returns>A rejecting result carrying <paramref name="reason"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null, empty or white space.</exception>
    public static HookResult Reject(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A rejection needs a reason that is not empty.", nameof(reason));
        }

        return new HookResult(reason);
    }

    /// <summary><see langword="true"/> when the hook refused.</summary>
    public bool IsRejected => Reason is not null;

    /// <summary>The reason of a rejection; <see langword="null"/> for <see cref="Continue"/>.</summary>
    public string? Reason { get; }

    /// <inheritdoc/>
    public bool Equals(HookResult other) => string.Equals(Reason, other.Reason, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HookResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Reason is null ? 0 : StringComparer.Ordinal.GetHashCode(Reason);

    /// <summary>Compares two results by value.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(HookResult left, HookResult right) => left.Equals(right);

    /// <summary>Compares two results by value.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(HookResult left, HookResult right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => IsRejected ? "Reject: " + Reason : "Continue";
}
