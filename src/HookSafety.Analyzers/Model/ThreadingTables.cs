using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>
/// The threading tables: waits that block forever, the BCL's atomic updates, thread-safe collections, and whether a
/// catch clause catches a thrown type. Data the effect collector and the rules read; no rule's logic.
/// </summary>
internal static class ThreadingTables
{
    /// <summary>Waits without a timeout: method name → the types (in System.Threading or System.Threading.Tasks) that block in it.</summary>
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>> BlockingMethods = new Dictionary<string, ImmutableHashSet<string>>
    {
        ["Sleep"] = ImmutableHashSet.Create("Thread"),
        ["Wait"] = ImmutableHashSet.Create("Task", "SemaphoreSlim", "ManualResetEventSlim", "CountdownEvent"),
        ["WaitAll"] = ImmutableHashSet.Create("Task", "WaitHandle"),
        ["WaitAny"] = ImmutableHashSet.Create("Task", "WaitHandle"),
        ["WaitOne"] = ImmutableHashSet.Create("WaitHandle"),
        ["Enter"] = ImmutableHashSet.Create("Monitor"),
        ["SignalAndWait"] = ImmutableHashSet.Create("Barrier"),
        ["Join"] = ImmutableHashSet.Create("Thread"),
    }.ToImmutableDictionary();

    /// <summary>
    /// A call that blocks its thread with no timeout (Thread.Sleep always counts; Thread.Join() waits as long as the thread
    /// runs, which may be forever). Asked for every call: names first.
    /// </summary>
    public static bool IsBlockingWait(IMethodSymbol method)
    {
        if (method.Name == "GetResult")
        {
            // task.GetAwaiter().GetResult()
            return method.ContainingType is { } awaiter && awaiter.Name.EndsWith("Awaiter", System.StringComparison.Ordinal)
                   && IsNamespace(awaiter.ContainingType?.ContainingNamespace ?? awaiter.ContainingNamespace, "System", "Runtime", "CompilerServices");
        }

        if (!BlockingMethods.TryGetValue(method.Name, out var types) || method.ContainingType is not { } type)
        {
            return false;
        }

        var declaring = types.Contains(type.Name) ? type : type.BaseType is { } baseType && types.Contains(baseType.Name) ? baseType : null;
        if (declaring is null || !(IsNamespace(declaring.ContainingNamespace, "System", "Threading") || IsNamespace(declaring.ContainingNamespace, "System", "Threading", "Tasks")))
        {
            return false;
        }

        // An overload with a timeout (int milliseconds or TimeSpan) does not block forever; Thread.Sleep always blocks.
        return method.Name == "Sleep"
               || !method.Parameters.Any(p => (p.Type.SpecialType == SpecialType.System_Int32 && p.Name.Contains("millisecond")) || p.Type.Name == "TimeSpan");
    }

    /// <summary>Whether <paramref name="ns"/> is exactly the namespace named by <paramref name="parts"/>.</summary>
    public static bool IsNamespace(INamespaceSymbol? ns, params string[] parts)
    {
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.Name != parts[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }

    /// <summary><c>Task&lt;T&gt;.Result</c> or <c>ValueTask&lt;T&gt;.Result</c>.</summary>
    public static bool IsTaskResult(IPropertySymbol property)
        => property.ContainingType is { Name: "Task" or "ValueTask", IsGenericType: true, ContainingNamespace: { Name: "Tasks" } };

    /// <summary>
    /// The BCL's atomic updates through <c>ref</c>: <c>Interlocked</c>, <c>Volatile</c>, <c>LazyInitializer</c>
    /// (System.Threading) and <c>ImmutableInterlocked</c> (System.Collections.Immutable: <c>Update</c>,
    /// <c>AddOrUpdate</c>, <c>GetOrAdd</c>, <c>Push</c>, <c>Enqueue</c>, ..., each a compare-and-swap loop).
    /// </summary>
    public static bool IsAtomicApi(IMethodSymbol method)
        => method.ContainingType is { } type
           && ((type.Name is "Interlocked" or "Volatile" or "LazyInitializer" && IsNamespace(type.ContainingNamespace, "System", "Threading"))
               || (type.Name == "ImmutableInterlocked" && IsNamespace(type.ContainingNamespace, "System", "Collections", "Immutable")));

    /// <summary>
    /// Whether calls that change a collection of <paramref name="type"/> are safe from many threads: the concurrent and
    /// immutable collections, and the types listed in <c>hook_safety.thread_safe_types</c>.
    /// </summary>
    public static bool IsThreadSafe(ITypeSymbol? type, HookSafetyOptions options)
    {
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns is "System.Collections.Concurrent" or "System.Collections.Immutable"
               || options.ThreadSafeTypes.Contains(type.Name)
               || options.ThreadSafeTypes.Contains(type.OriginalDefinition.ToDisplayString())
               || options.ThreadSafeTypes.Contains($"{ns}.{type.Name}");
    }

    /// <summary>Whether a catch clause around the throw catches its type (a catch-all, or the type or a base of it).</summary>
    public static bool IsCaught(ITypeSymbol? thrown, ImmutableArray<ITypeSymbol> catches)
    {
        foreach (var caught in catches)
        {
            if (caught.SpecialType == SpecialType.System_Object)
            {
                return true;
            }

            for (var type = thrown; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, caught))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
