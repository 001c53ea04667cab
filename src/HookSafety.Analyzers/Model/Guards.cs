using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>What a <c>[GuardedBy]</c> names: read by HS0007 and by the fix that takes the lock.</summary>
internal static class Guards
{
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
