using HookSafety.Hooks;
using HookSafety.Samples.Host;
using HookSafety.Samples.Patches;

namespace HookSafety.Samples.Mistakes;

// A cumulative patch taking a state over, done wrong; the right way is Patches/ParserFixes.cs (version 1, then a
// cumulative version 2). Every line that HookSafety reports ends with a comment naming the rule.

/// <summary>What the mistaken version 2 hands to the patches after it: a type that only its own assembly knows.</summary>
public sealed class SavedLimits
{
    public int Original { get; init; }

    public int Patched { get; init; }
}

/// <summary>
/// Version 2 with its state handed over wrongly. It declares the state in version 1 although version 2 of the state
/// exists (the manager refuses it while that version is registered). It stores a type of its own assembly in the
/// state, which the next patch, built separately, cannot read, and which keeps this patch's code loaded. And it looks
/// for version 1's saved limit in <c>PostUnpatch</c>, where <c>GetPrevious</c> always returns null: it had to take it
/// over in <c>PrePatch</c>.
/// </summary>
[Patch("parser-fix-v2-mistaken", Cumulative = true)]
[PatchState(ParserLimitsState.Id, version: 1)] // HS0012: version 2 of the state exists (parser-fix-v2 declares it)
public sealed class ParserFixV2Mistaken : LivePatch
{
    protected override HookResult PrePatch(PatchContext context)
    {
        var saved = new SavedLimits { Original = Parser.Limits.MaxDepth, Patched = ParserFixV2.PatchedDepth };
        Parser.Limits.MaxDepth = saved.Patched;
        context.States.Get(ParserLimitsState.Id).Data = saved; // HS0010: SavedLimits is defined in this patch's assembly
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        PatchState? previous = context.States.GetPrevious(ParserLimitsState.Id); // HS0011: always null here
        Parser.Limits.MaxDepth = previous?.Data is int original ? original : Parser.DefaultMaxDepth;
    }
}

/// <summary>
/// A cumulative roll-up of the network fixes that forgot the parser's state: enabling it replaces every enabled patch,
/// the parser fixes included, but it does not declare their state, so the manager refuses it while that state is
/// registered (and if it did not, nobody would undo the parser's limit).
/// </summary>
[Patch("net-rollup-mistaken", Cumulative = true)]
public sealed class NetRollupMistaken : LivePatch // HS0012: omits the state parser-limits
{
    [Replaces(typeof(Net), nameof(Net.Receive))]
    private static bool Receive(Connection connection, int length) => connection.IsOpen && length > 0 && length <= 65535;
}

/// <summary>
/// A version 1 written with zero-based habits: its state's version is 0, and the manager refuses it (versions start
/// at 1, so that a later version can declare a higher one).
/// </summary>
[Patch("parser-fix-v1-mistaken")]
[PatchState(ParserLimitsState.Id, version: 0)] // HS0012: versions start at 1
public sealed class ParserFixV1Mistaken : LivePatch
{
    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line) => line.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// A version 3 whose states were edited by hand: the state is declared twice, with two versions. The manager refuses
/// it: a patch establishes each state once, in one version.
/// </summary>
[Patch("parser-fix-v3-mistaken")]
[PatchState(ParserLimitsState.Id, version: 2)]
[PatchState(ParserLimitsState.Id, version: 1)] // HS0012: declared twice
public sealed class ParserFixV3Mistaken : LivePatch
{
    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line) => line.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries);
}
