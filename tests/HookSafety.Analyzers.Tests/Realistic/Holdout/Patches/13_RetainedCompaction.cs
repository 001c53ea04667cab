using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Retained messages of decommissioned devices were never cleared. The patch compacts the retained store every ten
// minutes: a message whose device is gone or quarantined is dropped and remembered in a tombstone list that the
// replacement consults. The compaction runs under a one-slot semaphore, the tombstones are written under the write
// lock and read under the read lock. The process settings the persistence plugin reads, the worker threads and the
// memory reserved for compaction are set in PrePatch and put back, each under its own name, in PostUnpatch.

[Patch("retained-compaction")]
public sealed class RetainedCompaction : LivePatch
{
    private const string CompactionVariable = "GATEWAY_RETAINED_COMPACTION";
    private const string CompactionSwitch = "Mqtt.Gateway.Retained.Compaction";
    private const long CompactionBufferBytes = 16 * 1024 * 1024;

    private static readonly SemaphoreSlim s_compacting = new(1, 1);
    private static readonly ReaderWriterLockSlim s_tombstoneLock = new();
    private static readonly HashSet<string> s_tombstones = new(StringComparer.Ordinal);
    private static System.Timers.Timer? s_timer;
    private static string? s_savedVariable;
    private static bool s_savedSwitch;
    private static bool s_hadSwitch;
    private static int s_savedWorkers;
    private static int s_savedIo;
    private static int s_compactions;

    [Replaces(typeof(Broker), nameof(Broker.Publish))]
    private static bool Publish(MqttMessage message)
    {
        if (message.Retain)
        {
            s_tombstoneLock.EnterReadLock();
            try
            {
                if (s_tombstones.Contains(message.Topic))
                {
                    return Broker.Publish.Original(message with { Retain = false });
                }
            }
            finally
            {
                s_tombstoneLock.ExitReadLock();
            }
        }

        return Broker.Publish.Original(message);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        s_savedVariable = Environment.GetEnvironmentVariable(CompactionVariable);
        s_hadSwitch = AppContext.TryGetSwitch(CompactionSwitch, out s_savedSwitch);
        ThreadPool.GetMinThreads(out s_savedWorkers, out s_savedIo);

        Environment.SetEnvironmentVariable(CompactionVariable, "on");
        AppContext.SetSwitch(CompactionSwitch, true);
        ThreadPool.SetMinThreads(Math.Max(s_savedWorkers, 16), s_savedIo);
        GC.AddMemoryPressure(CompactionBufferBytes);
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        var timer = new System.Timers.Timer(TimeSpan.FromMinutes(10)) { AutoReset = true };
        timer.Elapsed += OnElapsed;
        s_timer = timer;
        timer.Start();
    }

    protected override void PreUnpatch(PatchContext context)
    {
        if (s_timer is { } timer)
        {
            timer.Stop();
            timer.Elapsed -= OnElapsed;
            timer.Dispose();
        }

        s_timer = null;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        GC.RemoveMemoryPressure(CompactionBufferBytes);
        ThreadPool.SetMinThreads(s_savedWorkers, s_savedIo);
        AppContext.SetSwitch(CompactionSwitch, s_hadSwitch && s_savedSwitch);
        if (Environment.GetEnvironmentVariable(CompactionVariable) == "on")
        {
            Environment.SetEnvironmentVariable(CompactionVariable, s_savedVariable);
        }

        s_tombstones.Clear();
    }

    private static void OnElapsed(object? sender, System.Timers.ElapsedEventArgs e)
    {
        if (!s_compacting.Wait(0))
        {
            return;
        }

        try
        {
            Compact();
            s_compactions++;
        }
        finally
        {
            s_compacting.Release();
        }
    }

    private static void Compact()
    {
        var gone = Broker.Retained.Keys
            .Where(topic => topic.StartsWith("devices/", StringComparison.Ordinal))
            .Where(topic => topic.Split('/') is [_, var id, ..] && (!DeviceRegistry.Devices.ContainsKey(id) || IsQuarantined(id)))
            .ToArray();

        s_tombstoneLock.EnterWriteLock();
        try
        {
            s_tombstones.UnionWith(gone);
        }
        finally
        {
            s_tombstoneLock.ExitWriteLock();
        }

        foreach (var topic in gone)
        {
            Broker.Retained.TryRemove(topic, out _);
        }

        Console.WriteLine($"retained-compaction: dropped {gone.Length} retained messages, compaction {Volatile.Read(ref s_compactions) + 1}");
    }

    private static bool IsQuarantined(string deviceId)
    {
        lock (DeviceRegistry.Quarantined)
        {
            return DeviceRegistry.Quarantined.Contains(deviceId);
        }
    }
}
