using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Linq;

namespace HookSafety.Benchmarks;

/// <summary>Samples the runtime's allocation ticks (one per ~100 KB allocated) by type, for <c>--profile</c>.</summary>
internal sealed class AllocationListener : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public bool Enabled { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick at verbose level
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Enabled || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    /// <summary>The bytes sampled so far by type, and the count taken afresh.</summary>
    public System.Collections.Generic.Dictionary<string, long> Take()
    {
        var taken = _bytes.ToDictionary(p => p.Key, p => p.Value);
        _bytes.Clear();
        return taken;
    }

    public string Top(int count)
        => string.Join("\n", _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => $"{p.Value / 1e6,8:F1} MB  {p.Key}"));
}
