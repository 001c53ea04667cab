using System;
using System.Collections.Generic;

namespace HookSafety.Samples.Host;

/// <summary>The host's network stack: global state that patches change, and events they register with.</summary>
public static class Net
{
    /// <summary>How many challenge ACKs are sent per second (CVE-2016-5696 was about this limit).</summary>
    public static int ChallengeAckLimit = 100;

    /// <summary>Peers allowed to connect.</summary>
    public static readonly List<string> AllowedPeers = new();

    /// <summary>Raised for every packet received.</summary>
    public static event EventHandler<string>? PacketReceived;

    /// <summary>Handlers called for every new connection.</summary>
    public static void RegisterHandler(Action<string> handler) => s_handlers.Add(handler);

    /// <summary>Removes a handler registered with <see cref="RegisterHandler"/>.</summary>
    public static void UnregisterHandler(Action<string> handler) => s_handlers.Remove(handler);

    private static readonly List<Action<string>> s_handlers = new();

    /// <summary>Delivers a packet to its listeners.</summary>
    public static void Receive(string packet) => PacketReceived?.Invoke(null, packet);

    /// <summary>A connection of the host.</summary>
    public static readonly PatchPointHolder Points = new();
}

/// <summary>Patch points of the network stack.</summary>
public sealed class PatchPointHolder
{
}
