using System.Runtime.CompilerServices;
using System.Threading;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Patches;

/// <summary>
/// The kernel's first shadow-variable fix (<c>samples/livepatch/livepatch-shadow-fix1.c</c>). The host's allocation
/// path (<see cref="Net.Open"/>, the demo module's <c>dummy_alloc</c>) rents a receive buffer and loses it: every
/// connection leaks one. The fix cannot add a field to <see cref="Connection"/>, so it keeps the buffer in a shadow
/// variable: attached in the replacement of the allocation path, given back and detached in the replacement of the
/// free path (<see cref="Net.Close"/>, <c>dummy_free</c>), and every value still attached is detached in
/// <c>PostUnpatch</c> (<c>klp_shadow_free_all</c>), once no new code can attach any more.
/// </summary>
[Patch("shadow-fix1")]
public sealed class ShadowLeakFix : LivePatch
{
    /// <summary>The shadow variable's id: a later patch that takes the buffers over uses it with the same value type.</summary>
    public const string RxBufferId = "shadow-fix1/rx-buffer";

    private static readonly ShadowVariable<Connection, byte[]> s_rxBuffer = new(RxBufferId);

    [Replaces(typeof(Net), nameof(Net.Open))]
    private static Connection Open(string peer)
    {
        var connection = new Connection(peer);
        s_rxBuffer.Attach(connection, BufferPool.Rent());
        return connection;
    }

    [Replaces(typeof(Net), nameof(Net.Close))]
    private static void Close(Connection connection)
    {
        // Detach says whether this call removed the value: a buffer is given back once, even if two threads close.
        if (s_rxBuffer.TryGet(connection, out byte[] buffer) && s_rxBuffer.Detach(connection))
        {
            BufferPool.Return(buffer);
        }

        Net.Close.Original(connection);
    }

    protected override void PostUnpatch(PatchContext context)
    {
        // The kernel's destructor frees the buffers of connections still open; shadow values cannot be listed here, so
        // those connections keep leaking their buffer, as they did before the fix.
        s_rxBuffer.DetachAll();
    }
}

/// <summary>
/// The kernel's second shadow-variable fix (<c>samples/livepatch/livepatch-shadow-fix2.c</c>), enabled on top of the
/// first. It adds a per-connection count of the packets received, in a second shadow variable created on demand in
/// the replacement of the receive path (<c>dummy_check</c>). It replaces the free path too (above the first fix's),
/// so its <c>Close</c> gives back the first fix's buffer, read through the same id and value type, and detaches the
/// count. <c>PostUnpatch</c> detaches every count left; the buffers remain the first fix's business.
/// </summary>
[Patch("shadow-fix2")]
public sealed class ShadowCounterFix : LivePatch
{
    private static readonly ShadowVariable<Connection, byte[]> s_rxBuffer = new(ShadowLeakFix.RxBufferId);
    private static readonly ShadowVariable<Connection, StrongBox<int>> s_received = new("shadow-fix2/received");

    /// <summary>The packets received on <paramref name="connection"/> while this patch was enabled.</summary>
    public static int ReceivedOn(Connection connection)
        => s_received.TryGet(connection, out StrongBox<int> count) ? Volatile.Read(ref count.Value) : 0;

    [Replaces(typeof(Net), nameof(Net.Receive))]
    private static bool Receive(Connection connection, int length)
    {
        // Every thread that receives on the connection increments the same box: atomically.
        StrongBox<int> count = s_received.GetOrAttach(connection, _ => new StrongBox<int>());
        Interlocked.Increment(ref count.Value);
        return Net.Receive.Original(connection, length);
    }

    [Replaces(typeof(Net), nameof(Net.Close))]
    private static void Close(Connection connection)
    {
        if (s_rxBuffer.TryGet(connection, out byte[] buffer) && s_rxBuffer.Detach(connection))
        {
            BufferPool.Return(buffer);
        }

        s_received.Detach(connection);
        Net.Close.Original(connection);
    }

    protected override void PostUnpatch(PatchContext context) => s_received.DetachAll();
}
