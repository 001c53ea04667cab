using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Patches;

/// <summary>
/// The system state both parser fixes declare (the kernel's <c>struct klp_state</c>): the parser's depth limit, raised
/// by the patch. Its <see cref="PatchState.Data"/> is the original limit that the undo puts back, as a boxed
/// <see cref="int"/> (a type every later patch can read), or null when the patch did not change the limit.
/// </summary>
public static class ParserLimitsState
{
    /// <summary>The state's id.</summary>
    public const string Id = "parser-limits";
}

/// <summary>
/// Version 1 of a parser fix: <c>ParseLine</c> splits on tabs too, and the depth limit goes from 16 to 64 (deeper
/// input was refused). The limit changes in <c>PrePatch</c> if it still has the default, and is restored in
/// <c>PostUnpatch</c> if it still has the patch's value. It declares state <c>parser-limits</c> in version 1 and
/// records the original limit in it, for a later version that takes the change over.
/// </summary>
[Patch("parser-fix-v1")]
[PatchState(ParserLimitsState.Id, version: 1)]
public sealed class ParserFixV1 : LivePatch
{
    /// <summary>The limit this version sets.</summary>
    public const int PatchedDepth = 64;

    private static int s_original;
    private static bool s_wrote;

    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line) => line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

    protected override HookResult PrePatch(PatchContext context)
    {
        s_wrote = false;
        if (Parser.Limits.MaxDepth == Parser.DefaultMaxDepth)
        {
            s_original = Parser.Limits.MaxDepth;
            Parser.Limits.MaxDepth = PatchedDepth;
            s_wrote = true;
        }

        context.States.Get(ParserLimitsState.Id).Data = s_wrote ? s_original : null;
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (s_wrote && Parser.Limits.MaxDepth == PatchedDepth)
        {
            Parser.Limits.MaxDepth = s_original;
        }
    }
}

/// <summary>
/// Version 2, cumulative: enabling it replaces version 1 atomically. The manager removes version 1 without running its
/// hooks, so its <c>PostUnpatch</c> never runs, and version 2 must take its undo over: in <c>PrePatch</c>,
/// <c>GetPrevious("parser-limits")</c> gives the state as version 1 left it, with the original limit. Version 2 keeps
/// version 1's fix, also fixes <c>Depth</c> (the deepest nesting, not the number of brackets) and raises the limit to
/// 128; it declares the state in version 2, so that version 1 cannot be enabled over it by mistake.
/// </summary>
[Patch("parser-fix-v2", Cumulative = true)]
[PatchState(ParserLimitsState.Id, version: 2)]
public sealed class ParserFixV2 : LivePatch
{
    /// <summary>The limit this version sets.</summary>
    public const int PatchedDepth = 128;

    private static int s_original;
    private static bool s_wrote;

    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line) => line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

    [Replaces(typeof(Parser), nameof(Parser.Depth))]
    private static int Depth(string line)
    {
        int depth = 0;
        int deepest = 0;
        foreach (char c in line)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        s_wrote = false;
        int current = Parser.Limits.MaxDepth;
        if (context.States.GetPrevious(ParserLimitsState.Id)?.Data is int original && current == ParserFixV1.PatchedDepth)
        {
            // Version 1 raised the limit and nobody changed it since: its undo is ours now.
            s_original = original;
            s_wrote = true;
        }
        else if (current == Parser.DefaultMaxDepth)
        {
            s_original = current;
            s_wrote = true;
        }

        if (s_wrote)
        {
            Parser.Limits.MaxDepth = PatchedDepth;
        }

        context.States.Get(ParserLimitsState.Id).Data = s_wrote ? s_original : null;
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (s_wrote && Parser.Limits.MaxDepth == PatchedDepth)
        {
            Parser.Limits.MaxDepth = s_original;
        }
    }
}
