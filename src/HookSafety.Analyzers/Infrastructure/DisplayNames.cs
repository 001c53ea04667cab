using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>
/// Names of types as a message prints them: short (<c>LeakRecord</c>), unless two different types of one message would
/// then read the same; those are qualified with as much of their namespaces as tells them apart
/// (<c>ShadowFix1.LeakRecord</c> and <c>ShadowFix2.LeakRecord</c>), or named with their assemblies when even their full
/// names are equal.
/// </summary>
internal static class DisplayNames
{
    public static string Of(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>The names of <paramref name="first"/> and <paramref name="second"/>, told apart when they are different types.</summary>
    public static (string First, string Second) TellApart(ITypeSymbol first, ITypeSymbol second)
    {
        var (a, b) = (Of(first), Of(second));
        if (a != b || SymbolEqualityComparer.Default.Equals(first, second))
        {
            return (a, b);
        }

        var left = Namespaces(first);
        var right = Namespaces(second);
        for (var count = 1; count <= left.Count || count <= right.Count; count++)
        {
            var (x, y) = (Qualified(left, count, a), Qualified(right, count, b));
            if (x != y)
            {
                return (x, y);
            }
        }

        return ($"{a} (assembly {first.ContainingAssembly?.Name})", $"{b} (assembly {second.ContainingAssembly?.Name})");
    }

    /// <summary>The namespaces around the type (and around the types it is nested in), innermost first.</summary>
    private static List<string> Namespaces(ITypeSymbol type)
    {
        var outer = type;
        while (outer.ContainingType is { } containing)
        {
            outer = containing;
        }

        var names = new List<string>();
        for (var ns = outer.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            names.Add(ns.Name);
        }

        return names;
    }

    private static string Qualified(List<string> namespaces, int count, string name)
    {
        var prefix = new List<string>();
        for (var i = System.Math.Min(count, namespaces.Count) - 1; i >= 0; i--)
        {
            prefix.Add(namespaces[i]);
        }

        return prefix.Count == 0 ? name : string.Join(".", prefix) + "." + name;
    }
}
