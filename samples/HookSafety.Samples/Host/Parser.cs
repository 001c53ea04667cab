using System;
using HookSafety.Hooks;

namespace HookSafety.Samples.Host;

/// <summary>Limits of the host's parser: global state a patch may change in PrePatch.</summary>
public sealed class ParserLimits
{
    public int MaxDepth { get; set; } = 16;
}

/// <summary>The host program's parser. Its functions are patch points: patches may replace them.</summary>
public static class Parser
{
    public static ParserLimits Limits { get; } = new();

    /// <summary>Splits a line into tokens; the original has an off-by-one on nested brackets.</summary>
    public static readonly PatchPoint<Func<string, string[]>> ParseLine =
        new(nameof(ParseLine), line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>How deep a line nests brackets.</summary>
    public static readonly PatchPoint<Func<string, int>> Depth =
        new(nameof(Depth), line => line.Length - line.Replace("(", string.Empty, StringComparison.Ordinal).Length);
}
