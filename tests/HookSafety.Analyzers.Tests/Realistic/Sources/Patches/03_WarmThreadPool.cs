using System;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Black Friday: receipts render slowly because the thread pool starts too few workers and every receipt allocates.
// The patch raises the pool's minimum, renders into a pinned arena, and tells the GC about the arena. It never puts
// the pool back, removes the memory pressure while the new code still renders into the arena, and its environment
// override (a small helper type) is never undone.

[Patch("warm-thread-pool")]
public sealed class WarmThreadPool : LivePatch
{
    private const int ArenaBytes = 8 * 1024 * 1024;
    private static byte[]? s_arena;

    private sealed class EnvOverride(string name, string value)
    {
        public void Apply() => Environment.SetEnvironmentVariable(name, value);
    }

    [Replaces(typeof(Receipts), nameof(Receipts.Render))]
    private static string Render(Receipt receipt)
    {
        var text = Receipts.Render.Original(receipt);
        return s_arena is { Length: > 0 } ? text.PadRight(Receipts.PaperWidth) : text;
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io); // expect: HS0002
        s_arena = GC.AllocateUninitializedArray<byte>(ArenaBytes, pinned: true);
        GC.AddMemoryPressure(ArenaBytes);
        new EnvOverride("PAYTERM_RECEIPT_ARENA", "pinned").Apply(); // expect: HS0002
        return HookResult.Continue;
    }

    protected override void PreUnpatch(PatchContext context)
    {
        GC.RemoveMemoryPressure(ArenaBytes); // expect: HS0004
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_arena = null;
    }
}
