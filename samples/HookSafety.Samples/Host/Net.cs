using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;

namespace HookSafety.Samples.Host;

/// <summary>A connection of the host's network stack. Its type cannot change: patches add data to it with shadow variables.</summary>
public sealed class Connection
{
    private static int s_lastId;

    /// <summary>Creates an open connection to <paramref name="peer"/>.</summary>
    public Connection(string peer)
    {
        Peer = peer;
        Id = Interlocked.Increment(ref s_lastId);
    }

    /// <summary>A number unique in the process.</summary>
    public int Id { get; }

    /// <summary>The address of the other end.</summary>
    public string Peer { get; }

    /// <summary>Whether the connection is still open.</summary>
    public bool IsOpen { get; set; } = true;

    /// <inheritdoc/>
    public override string ToString() => $"#{Id} ({Peer})";
}

/// <summary>
/// The host's network stack: global state that patches change (the challenge-ACK limit, the allowed peers), handlers
/// and events they register with, and its functions as patch points.
/// </summary>
public static class Net
{
    /// <summary>The challenge-ACK limit the host starts with (the kernel's default before CVE-2016-5696 was fixed).</summary>
    public const int DefaultChallengeAckLimit = 100;

    private static readonly object s_gate = new();
    private static readonly List<Action<Connection>> s_handlers = new();
    private static long s_window = -1;
    private static int s_challengeAcksInWindow;

    /// <summary>
    /// How many challenge ACKs the whole host sends per second (the kernel's <c>net.ipv4.tcp_challenge_ack_limit</c>).
    /// An administrator may tune it at any time.
    /// </summary>
    public static int ChallengeAckLimit = DefaultChallengeAckLimit;

    /// <summary>Peers allowed to connect.</summary>
    public static readonly List<string> AllowedPeers = new();

    /// <summary>
    /// Opens a connection (the allocation path). The original rents a receive buffer and loses it: every connection
    /// leaks one buffer of <see cref="BufferPool"/>.
    /// </summary>
    public static readonly PatchPoint<Func<string, Connection>> Open = new(nameof(Open), OpenOriginal);

    /// <summary>Closes a connection (the free path).</summary>
    public static readonly PatchPoint<Action<Connection>> Close = new(nameof(Close), CloseOriginal);

    /// <summary>Receives a packet of <c>length</c> bytes on a connection; returns whether it was accepted.</summary>
    public static readonly PatchPoint<Func<Connection, int, bool>> Receive = new(nameof(Receive), ReceiveOriginal);

    /// <summary>
    /// Decides whether to answer an out-of-window segment with a challenge ACK. The original counts every challenge ACK
    /// of the host against one global limit per second: an off-path attacker who watches the count can infer the
    /// sequence numbers of other peers' connections (CVE-2016-5696).
    /// </summary>
    public static readonly PatchPoint<Func<Connection, bool>> SendChallengeAck = new(nameof(SendChallengeAck), SendChallengeAckOriginal);

    /// <summary>Raised for every packet accepted.</summary>
    public static event EventHandler<string>? PacketReceived;

    /// <summary>The number of handlers registered with <see cref="RegisterHandler"/>.</summary>
    public static int HandlerCount
    {
        get
        {
            lock (s_gate)
            {
                return s_handlers.Count;
            }
        }
    }

    /// <summary>Whether anyone listens to <see cref="PacketReceived"/>.</summary>
    public static bool HasPacketListeners => PacketReceived is not null;

    /// <summary>Registers a handler called for every new connection.</summary>
    public static void RegisterHandler(Action<Connection> handler)
    {
        lock (s_gate)
        {
            s_handlers.Add(handler);
        }
    }

    /// <summary>Removes a handler registered with <see cref="RegisterHandler"/>.</summary>
    public static void UnregisterHandler(Action<Connection> handler)
    {
        lock (s_gate)
        {
            s_handlers.Remove(handler);
        }
    }

    /// <summary>Accepts a connection from <paramref name="peer"/>: opens it through its patch point and tells the handlers.</summary>
    public static Connection Accept(string peer)
    {
        Connection connection = Open.Current(peer);
        Action<Connection>[] handlers;
        lock (s_gate)
        {
            handlers = s_handlers.ToArray();
        }

        foreach (Action<Connection> handler in handlers)
        {
            handler(connection);
        }

        return connection;
    }

    /// <summary>Delivers a packet: through its patch point, then to the listeners of <see cref="PacketReceived"/>.</summary>
    public static bool Deliver(Connection connection, string packet)
    {
        bool accepted = Receive.Current(connection, packet.Length);
        if (accepted)
        {
            PacketReceived?.Invoke(connection, packet);
        }

        return accepted;
    }

    /// <summary>
    /// Takes one challenge ACK from the host-wide budget of this second, if <paramref name="limit"/> allows it. The count
    /// of this second is shared by every connection: that is what leaks.
    /// </summary>
    public static bool TakeChallengeAck(int limit)
    {
        long second = Environment.TickCount64 / 1000;
        lock (s_gate)
        {
            if (second != s_window)
            {
                s_challengeAcksInWindow = 0; // a new second
            }

            s_window = second;

            if (s_challengeAcksInWindow >= limit)
            {
                return false;
            }

            s_challengeAcksInWindow++;
            return true;
        }
    }

    private static Connection OpenOriginal(string peer)
    {
        var connection = new Connection(peer);
        _ = BufferPool.Rent(); // the bug: the receive buffer is never returned
        return connection;
    }

    private static void CloseOriginal(Connection connection) => connection.IsOpen = false;

    private static bool ReceiveOriginal(Connection connection, int length) => connection.IsOpen && length > 0;

    private static bool SendChallengeAckOriginal(Connection connection) => TakeChallengeAck(ChallengeAckLimit);
}

/// <summary>The host's pool of receive buffers. It counts what is rented and not returned.</summary>
public static class BufferPool
{
    /// <summary>The size of one receive buffer.</summary>
    public const int BufferSize = 2048;

    private static long s_outstanding;

    /// <summary>Buffers rented and not returned.</summary>
    public static long Outstanding => Interlocked.Read(ref s_outstanding);

    /// <summary>Rents a receive buffer.</summary>
    public static byte[] Rent()
    {
        Interlocked.Increment(ref s_outstanding);
        return new byte[BufferSize];
    }

    /// <summary>Returns a buffer rented with <see cref="Rent"/>.</summary>
    public static void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Interlocked.Decrement(ref s_outstanding);
    }
}
