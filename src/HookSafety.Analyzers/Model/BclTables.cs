using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>
/// The base class library's registrations that name-prefix pairs (<see cref="Classification.Pairs"/>) do not cover, as
/// data: each entry with what undoes it. Read by the walk (which calls are kept as effects) and by the classification
/// (which effect registers, which undoes). Process-wide events (<c>AppDomain.CurrentDomain.ProcessExit</c>,
/// <c>Console.CancelKeyPress</c>, ...) need no entry: <c>+=</c> on a global event is a registration undone by <c>-=</c>;
/// <c>GC.AddMemoryPressure</c>/<c>RemoveMemoryPressure</c> and <c>Trace.Listeners.Add</c>/<c>Remove</c> are prefix pairs;
/// process-wide settings are <see cref="Classification.ProcessSettings"/>.
/// </summary>
internal static class BclTables
{
    /// <summary>One entry: a type (namespace and name, generic arity as in metadata), a method, and what undoes it.</summary>
    public readonly struct Entry
    {
        public Entry(string ns, string type, string method, string undo)
        {
            Namespace = ns.Split('.');
            Type = type;
            Method = method;
            Undo = undo;
        }

        public string[] Namespace { get; }

        public string Type { get; }

        public string Method { get; }

        /// <summary>The call on the same object that undoes it (<c>Dispose</c> also undoes every entry of an object kept in a member).</summary>
        public string Undo { get; }
    }

    /// <summary>
    /// Objects that run once started, kept in a member: the start is a registration, undone by the stop (or by disposing
    /// the object).
    /// </summary>
    public static readonly ImmutableArray<Entry> Started = ImmutableArray.Create(
        new Entry("System.Threading", "Thread", "Start", "Join"),
        new Entry("System.Timers", "Timer", "Start", "Stop"),
        new Entry("System.Diagnostics.Metrics", "MeterListener", "Start", "Dispose"),
        new Entry("System.Diagnostics.Tracing", "EventListener", "EnableEvents", "DisableEvents"));

    /// <summary>
    /// Calls whose returned handle is the registration, undone only by disposing it: a handle dropped (the call's value
    /// unused) can never be undone. <c>Subscribe</c> counts on any type implementing <c>IObservable&lt;T&gt;</c>
    /// (<c>DiagnosticListener.AllListeners</c> among them).
    /// </summary>
    public static readonly ImmutableArray<Entry> Handles = ImmutableArray.Create(
        new Entry("System", "IObservable`1", "Subscribe", "Dispose"),
        new Entry("System.Threading", "CancellationToken", "Register", "Dispose"),
        new Entry("System.Threading", "CancellationToken", "UnsafeRegister", "Dispose"),
        new Entry("System.Runtime.InteropServices", "PosixSignalRegistration", "Create", "Dispose"),
        new Entry("Microsoft.Extensions.Primitives", "ChangeToken", "OnChange", "Dispose"));

    /// <summary>
    /// Calls that register their first argument, undone by disposing it: kept in a member, the registration is undone by
    /// that member's <c>Dispose()</c>; made and not kept, it can never be undone.
    /// </summary>
    public static readonly ImmutableArray<Entry> ArgumentHandles = ImmutableArray.Create(
        new Entry("System.Diagnostics", "ActivitySource", "AddActivityListener", "Dispose"));

    /// <summary>Objects that run from the moment they are made: one made and not kept (<c>new Timer(cb, null, 0, 1000);</c>) cannot be stopped.</summary>
    public static readonly ImmutableArray<Entry> RunningWhenMade = ImmutableArray.Create(
        new Entry("System.Threading", "Timer", ".ctor", "Dispose"));

    /// <summary>The started-object entry for a call on <paramref name="type"/> (the start, or its undo when <paramref name="undo"/>), or null.</summary>
    public static Entry? StartedEntry(ITypeSymbol? type, string method, bool undo)
    {
        foreach (var entry in Started)
        {
            if ((undo ? entry.Undo : entry.Method) == method && IsOrDerives(type, entry))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Whether objects of <paramref name="type"/> kept in a member run once started (see <see cref="Started"/>).</summary>
    public static bool IsStartable(ITypeSymbol? type) => HasEntryFor(Started, type);

    /// <summary>Whether <paramref name="method"/> returns the handle of a registration (see <see cref="Handles"/>).</summary>
    public static bool IsHandle(IMethodSymbol method)
    {
        foreach (var entry in Handles)
        {
            if (entry.Method == method.Name && !method.ReturnsVoid
                && (IsOrDerives(method.ContainingType, entry) || (entry.Type == "IObservable`1" && Implements(method.ContainingType, entry))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="method"/> registers its first argument (see <see cref="ArgumentHandles"/>).</summary>
    public static bool RegistersArgument(IMethodSymbol method)
    {
        foreach (var entry in ArgumentHandles)
        {
            if (entry.Method == method.Name && IsOrDerives(method.ContainingType, entry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a new object of <paramref name="type"/> runs from the moment it is made (see <see cref="RunningWhenMade"/>).</summary>
    public static bool RunsWhenMade(ITypeSymbol? type) => HasEntryFor(RunningWhenMade, type);

    /// <summary>Whether <paramref name="table"/> has an entry for <paramref name="type"/> or a base of it.</summary>
    private static bool HasEntryFor(ImmutableArray<Entry> table, ITypeSymbol? type)
    {
        foreach (var entry in table)
        {
            if (IsOrDerives(type, entry))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOrDerives(ITypeSymbol? type, Entry entry)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, entry))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(ITypeSymbol? type, Entry entry)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (Is(candidate, entry))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(ITypeSymbol type, Entry entry)
        => type.MetadataName == entry.Type && ThreadingTables.IsNamespace(type.ContainingNamespace, entry.Namespace);
}
