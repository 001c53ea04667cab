using System;
using HookSafety.Hooks;

namespace HookSafety.Samples.Host;

/// <summary>Limits of the host's parser: global state a patch may change in PrePatch.</summary>
public sealed class ParserLimits
{
    /// <summary>How deeply brackets may nest.</summary>
    public int MaxDepth { get; set; } = Parser.DefaultMaxDepth;
}

/// <summary>The host program's parser. Its functions are patch points: patches may replace them.</summary>
public static class Parser
{
    /// <summary>The depth limit the host starts with.</summary>
    public const int DefaultMaxDepth = 16;

    /// <summary>The parser's limits; an administrator may tune them at any time.</summary>
    public static ParserLimits Limits { get; } = new();

    /// <summary>Splits a line into tokens. The original splits on spaces only: a tab glues two tokens together.</summary>
    public static readonly PatchPoint<Func<string, string[]>> ParseLine =
        new(nameof(ParseLine), line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>How deep a line nests brackets.</summary>
    public static readonly PatchPoint<Func<string, int>> Depth =
        new(nameof(Depth), line => line.Length - line.Replace("(", string.Empty, StringComparison.Ordinal).Length);
}
