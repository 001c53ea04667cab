using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>What a call on global state does, by the curated tables below.</summary>
internal enum CallClass
{
    /// <summary>Not a change: a read, logging, anything not in the tables.</summary>
    None,

    /// <summary>A mutation without a known inverse (<c>Clear</c>, <c>Sort</c>, ...).</summary>
    Change,

    /// <summary>A registration or mutation with a known inverse (<c>Add</c>/<c>Remove</c>, <c>Register</c>/<c>Unregister</c>, ...).</summary>
    Register,

    /// <summary>The inverse of a registration (<c>Remove</c>, <c>Unregister</c>, ...).</summary>
    Unregister,

    /// <summary>A process-wide setting (<c>Environment.SetEnvironmentVariable</c>, <c>AppContext.SetSwitch</c>, ...).</summary>
    ProcessSetting,
}

/// <summary>
/// The curated tables: which calls change global state, which undo which, which are process-wide settings. Data,
/// not logic spread over the rules; extended by <c>hook_safety.registration_pairs</c>.
/// </summary>
internal static class Classification
{
    /// <summary>
    /// Registration-like calls and their inverses, as name prefixes (<c>Add</c> covers <c>AddHandler</c>/<c>RemoveHandler</c>
    /// and <c>AddRange</c>/<c>RemoveRange</c>); the inverse must exist on the receiver's type. Checked in this order.
    /// </summary>
    public static readonly ImmutableArray<KeyValuePair<string, string>> Pairs = ImmutableArray.Create(
        Pair("Register", "Unregister"),
        Pair("Subscribe", "Unsubscribe"),
        Pair("TryAdd", "TryRemove"),
        Pair("Add", "Remove"),
        Pair("Insert", "Remove"),
        Pair("Push", "Pop"),
        Pair("Enqueue", "Dequeue"));

    /// <summary>Mutations of collections that have no inverse in the table.</summary>
    public static readonly ImmutableHashSet<string> CollectionMutators = ImmutableHashSet.Create(StringComparer.Ordinal,
        "Clear", "RemoveAt", "RemoveAll", "RemoveWhere", "InsertRange", "Sort", "Reverse", "AddOrUpdate", "GetOrAdd",
        "TryUpdate", "Set", "SetValue", "UnionWith", "ExceptWith", "IntersectWith", "SymmetricExceptWith", "CopyFrom");

    /// <summary>Process-wide settings changed by a call: containing type's metadata name and method name.</summary>
    public static readonly ImmutableHashSet<string> ProcessSettings = ImmutableHashSet.Create(StringComparer.Ordinal,
        "System.Environment.SetEnvironmentVariable",
        "System.AppContext.SetSwitch",
        "System.AppContext.SetData",
        "System.AppDomain.SetData",
        "System.Threading.ThreadPool.SetMinThreads",
        "System.Threading.ThreadPool.SetMaxThreads",
        "System.Console.SetOut",
        "System.Console.SetError",
        "System.Console.SetIn",
        "System.IO.Directory.SetCurrentDirectory",
        "System.Runtime.GCSettings.set_LatencyMode");

    /// <summary>
    /// The process-wide settings whose first argument names what is set (an environment variable, a switch): a call undoes
    /// another only for the same name. For the others (<c>ThreadPool.SetMinThreads(64, 64)</c>) the first argument is a
    /// value, and any later call restores the setting.
    /// </summary>
    private static readonly ImmutableHashSet<string> KeyedSettings = ImmutableHashSet.Create(StringComparer.Ordinal, "SetEnvironmentVariable", "SetSwitch", "SetData");

    public static bool IsKeyedSetting(IMethodSymbol method) => KeyedSettings.Contains(method.Name);

    /// <summary>Calls through <c>ref</c> that only read.</summary>
    private static readonly ImmutableHashSet<string> RefReads = ImmutableHashSet.Create(StringComparer.Ordinal,
        "System.Threading.Volatile.Read", "System.Threading.Interlocked.Read");

    /// <summary>The method names of the two tables, to check before building a full name (asked for every call).</summary>
    private static readonly ImmutableHashSet<string> TableMethodNames = ProcessSettings.Concat(RefReads).Select(n => n.Substring(n.LastIndexOf('.') + 1)).ToImmutableHashSet(StringComparer.Ordinal);

    public static bool IsRefRead(IMethodSymbol method) => TableMethodNames.Contains(method.Name) && RefReads.Contains(FullName(method));

    public static bool IsProcessSetting(IMethodSymbol method) => TableMethodNames.Contains(method.Name) && ProcessSettings.Contains(FullName(method));

    /// <summary>A type of <c>System.Collections.Immutable</c> or <c>System.Collections.Frozen</c>: nothing called on it changes it.</summary>
    public static bool IsImmutableCollection(ITypeSymbol? type)
        => type is { ContainingNamespace: { Name: "Immutable" or "Frozen", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary>Classifies a call on global state; <paramref name="inverse"/> is the undoing method's name for registrations, the registering one's for undos.</summary>
    public static CallClass Classify(Effect call, HookSafetyOptions options, out string? inverse)
    {
        if (options.ExtraPairs.IsEmpty && options.ExtraHandles.IsEmpty)
        {
            // Asked for every pair of effects compared: computed once per effect with the default tables.
            if (call.CachedClass is not { } cached)
            {
                cached = (ClassifyUncached(call, options, out var computedInverse), computedInverse);
                call.CachedClass = cached;
            }

            inverse = cached.Inverse;
            return cached.Class;
        }

        return ClassifyUncached(call, options, out inverse);
    }

    private static CallClass ClassifyUncached(Effect call, HookSafetyOptions options, out string? inverse)
    {
        inverse = null;
        var method = call.Method;
        if (method is null)
        {
            return CallClass.None;
        }

        if (IsProcessSetting(method))
        {
            return CallClass.ProcessSetting;
        }

        var name = method.Name;
        var receiver = call.ReceiverType;
        if (call.IsUnkept && !method.ReturnsVoid)
        {
            // A disposable dropped: a registration nothing can undo if the tables or the options say it returns one's handle.
            inverse = "Dispose";
            return BclTables.IsHandle(method) || options.IsExtraHandle(method) ? CallClass.Register : CallClass.None;
        }

        if ((call.IsUnkept && method.MethodKind == MethodKind.Constructor) || BclTables.RegistersArgument(method))
        {
            // An object that runs from when it is made, a listener registered (BclTables): undone by Dispose.
            inverse = "Dispose";
            return CallClass.Register;
        }

        if (BclTables.StartedEntry(receiver, name, undo: false) is { } started)
        {
            inverse = started.Undo;
            return CallClass.Register;
        }

        if (BclTables.StartedEntry(receiver, name, undo: true) is { } stopped)
        {
            inverse = stopped.Method;
            return CallClass.Unregister;
        }

        if (!call.IsGlobal || IsImmutableCollection(receiver))
        {
            // An immutable collection's Add, Remove, Clear... return a new collection and leave the one called on as it was.
            return CallClass.None;
        }

        var pair = Pair(name, receiver, options.ExtraPairs, out inverse);
        if (pair != CallClass.None)
        {
            return pair;
        }

        return CollectionMutators.Contains(name) && IsCollection(receiver) ? CallClass.Change : CallClass.None;
    }

    /// <summary>
    /// Whether a call means something by the default tables (so a call into its source is not followed: its
    /// meaning is the call itself, as for any library API).
    /// </summary>
    public static bool IsTableCall(IMethodSymbol method, ITypeSymbol? receiver)
        => IsProcessSetting(method)
           || Pair(method.Name, receiver, ImmutableDictionary<string, string>.Empty, out _) != CallClass.None
           || (CollectionMutators.Contains(method.Name) && IsCollection(receiver));

    /// <summary>
    /// Registration pairs match by prefix: <c>RegisterHandler</c> pairs with <c>UnregisterHandler</c>, <c>AddRange</c> with
    /// <c>RemoveRange</c>; the other half (<paramref name="other"/>) must exist on the receiver's type.
    /// </summary>
    private static CallClass Pair(string name, ITypeSymbol? receiver, ImmutableDictionary<string, string> extra, out string? other)
    {
        // Every forward half first (the options' pairs, then the defaults), then every inverse half; no iterators: every
        // call a patch makes is asked about.
        for (var inverseHalf = 0; inverseHalf < 2; inverseHalf++)
        {
            if (!extra.IsEmpty)
            {
                foreach (var pair in extra)
                {
                    if (Half(name, receiver, pair.Key, pair.Value, inverseHalf == 1, out other))
                    {
                        return inverseHalf == 1 ? CallClass.Unregister : CallClass.Register;
                    }
                }
            }

            foreach (var pair in Pairs)
            {
                if (Half(name, receiver, pair.Key, pair.Value, inverseHalf == 1, out other))
                {
                    return inverseHalf == 1 ? CallClass.Unregister : CallClass.Register;
                }
            }
        }

        other = null;
        return CallClass.None;
    }

    /// <summary>Whether <paramref name="name"/> starts with one half of a pair and the other half (<paramref name="other"/>) exists on the receiver.</summary>
    private static bool Half(string name, ITypeSymbol? receiver, string forward, string inverse, bool isInverse, out string? other)
    {
        var (mine, theirs) = isInverse ? (inverse, forward) : (forward, inverse);
        other = null;
        return name.StartsWith(mine, StringComparison.Ordinal) && HasMethod(receiver, other = theirs + name.Substring(mine.Length));
    }

    public static string FullName(IMethodSymbol method)
        => method.ContainingType is { } type ? $"{type.ContainingNamespace?.ToDisplayString()}.{type.Name}.{method.Name}" : method.Name;

    /// <summary>System.Threading.Thread (see <see cref="BclTables.Started"/> for what its Start and Join are).</summary>
    internal static bool IsThread(ITypeSymbol? type)
        => type is { Name: "Thread", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool HasMethod(ITypeSymbol? type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(name).Any(m => m.Kind == SymbolKind.Method))
            {
                return true;
            }
        }

        return type is not null && type.AllInterfaces.Any(i => i.GetMembers(name).Any(m => m.Kind == SymbolKind.Method));
    }

    private static bool IsCollection(ITypeSymbol? type)
        => type is not null && (type.SpecialType == SpecialType.System_Collections_IEnumerable
                                || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

    private static KeyValuePair<string, string> Pair(string forward, string inverse) => new(forward, inverse);
}
