using System.Collections.Generic;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

// The kernel's shadow-variable fixes (samples/livepatch/livepatch-shadow-fix1.c, -fix2.c) done wrong; the right way
// is Patches/ShadowFixes.cs. Every line that HookSafety reports ends with a comment naming the rule.

/// <summary>
/// The first fix without its last step: the buffers are attached in the allocation path and detached in the free
/// path, but nothing detaches what is left when the patch goes (the kernel's fix1 calls <c>klp_shadow_free_all</c> in
/// its exit function). The values of every connection still open outlive the patch, and a later patch that reuses
/// the id finds them.
/// </summary>
[Patch("shadow-fix1-mistaken")]
public sealed class ShadowLeakFixMistaken : LivePatch
{
    private static readonly ShadowVariable<Connection, byte[]> s_rxBuffer = new("shadow-fix-mistaken/rx-buffer"); // HS0017: the same id as the counters below, with another value type

    [Replaces(typeof(Net), nameof(Net.Open))]
    private static Connection Open(string peer)
    {
        var connection = new Connection(peer);
        s_rxBuffer.Attach(connection, BufferPool.Rent()); // HS0005: no DetachAll() in PostUnpatch
        return connection;
    }

    [Replaces(typeof(Net), nameof(Net.Close))]
    private static void Close(Connection connection)
    {
        if (s_rxBuffer.TryGet(connection, out byte[] buffer) && s_rxBuffer.Detach(connection))
        {
            BufferPool.Return(buffer);
        }

        Net.Close.Original(connection);
    }
}

/// <summary>
/// The second fix counting the wrong way. It keeps its counts in a dictionary held by the patch instead of a shadow
/// variable: the dictionary is not thread-safe (every receiving thread writes it at once) and keeps every connection
/// alive. Its totals are updated without a lock, one of them against its own <c>[GuardedBy]</c>. Its shadow
/// variable, copied from the first fix, kept that fix's id with another value type. And it detaches the shadow values
/// in <c>PreUnpatch</c>, while its replacement is still live and attaches new ones.
/// </summary>
[Patch("shadow-fix2-mistaken")]
public sealed class ShadowCounterFixMistaken : LivePatch
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<Connection, int> s_received = new();
    private static readonly ShadowVariable<Connection, int> s_lastLength = new("shadow-fix-mistaken/rx-buffer"); // HS0017: the id of the buffers above
    private static long s_total;

    [GuardedBy(nameof(s_gate))]
    private static int s_largest;

    [Replaces(typeof(Net), nameof(Net.Receive))]
    private static bool Receive(Connection connection, int length)
    {
        s_received[connection] = s_received.GetValueOrDefault(connection) + 1; // HS0006: Dictionary is not thread-safe
        s_total++; // HS0006: incremented on many threads at once
        s_largest = System.Math.Max(s_largest, length); // HS0007: without holding s_gate
        s_lastLength.Attach(connection, length);
        return Net.Receive.Original(connection, length);
    }

    protected override void PreUnpatch(PatchContext context) => s_lastLength.DetachAll(); // HS0004: Receive is still live and attaches again
}
