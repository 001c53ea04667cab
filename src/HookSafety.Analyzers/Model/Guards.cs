using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.Analyzers;

/// <summary>
/// What a <c>[GuardedBy]</c> names (read by HS0007 and by the fix that takes the lock), and which locks held guard
/// what (HS0006).
/// </summary>
internal static class Guards
{
    /// <summary>
    /// The symbol that stands, among the locks held, for a <c>ReaderWriterLockSlim</c> read lock (or an upgradeable read
    /// lock not upgraded): the type's <c>Enter…ReadLock</c> method. Other threads read under it at the same time, so it
    /// guards reads, not writes.
    /// </summary>
    public static ISymbol? ReadLockMarker(INamedTypeSymbol readerWriterLock, string enterMethod)
        => readerWriterLock.GetMembers(enterMethod).FirstOrDefault(m => m is IMethodSymbol { Parameters.IsEmpty: true });

    /// <summary>Whether a lock held is a read lock (see <see cref="ReadLockMarker"/>).</summary>
    public static bool IsReadLock(ISymbol? held)
        => held is IMethodSymbol { Name: "EnterReadLock" or "EnterUpgradeableReadLock", ContainingType.Name: "ReaderWriterLockSlim" };

    /// <summary>Whether one of the locks held excludes every other thread: any but a read lock.</summary>
    public static bool HoldsExclusive(ImmutableArray<ISymbol?> locks)
    {
        foreach (var held in locks)
        {
            if (!IsReadLock(held))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a field or property holds a <c>SemaphoreSlim</c> made with one slot (<c>new SemaphoreSlim(1)</c>,
    /// <c>new(1, 1)</c>) in its declaration: used as a mutex. Read from the declaration's syntax.
    /// </summary>
    public static bool IsOneSlotSemaphore(ISymbol? member)
    {
        if (member is not (IFieldSymbol or IPropertySymbol) || member.DeclaringSyntaxReferences is not { Length: 1 } references)
        {
            return false;
        }

        var value = references[0].GetSyntax() switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
            PropertyDeclarationSyntax property => property.Initializer?.Value,
            _ => null,
        };
        var arguments = value switch
        {
            ObjectCreationExpressionSyntax created => created.ArgumentList,
            ImplicitObjectCreationExpressionSyntax created => created.ArgumentList,
            _ => null,
        };
        return arguments is { Arguments.Count: 1 or 2 } list
               && list.Arguments[0].Expression is LiteralExpressionSyntax { Token.ValueText: "1" }
               && (list.Arguments.Count == 1 || list.Arguments[1].Expression is LiteralExpressionSyntax { Token.ValueText: "1" });
    }

    /// <summary>The lock a <c>[GuardedBy]</c> member names, resolved in its type (or a base type); null lock when it names none.</summary>
    public static (string Name, ISymbol? Lock)? Of(HookApi api, ISymbol member)
    {
        if (api.FindAttribute(member, api.GuardedByAttribute) is not { ConstructorArguments: { Length: 1 } arguments } || arguments[0].Value is not string name)
        {
            return null;
        }

        for (var type = member.ContainingType; type is not null; type = type.BaseType)
        {
            var candidate = type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
            if (candidate is not null)
            {
                return (name, candidate);
            }
        }

        return (name, null);
    }
}
