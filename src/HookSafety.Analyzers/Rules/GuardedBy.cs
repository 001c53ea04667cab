using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0007: a <c>[GuardedBy("lock")]</c> member read or written without holding its lock, in code that runs while the
/// new code is live or in a non-private helper anyone may call; and a <c>[GuardedBy]</c> that names no field or
/// property of its type.
/// </summary>
internal sealed class GuardedBy : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.GuardedBy, Analyzers.Descriptors.GuardedByUnknownLock);

    /// <summary>When a member of the type may carry <c>[GuardedBy]</c>: its declarations write the name, or the syntax cannot tell.</summary>
    public override bool ChecksDeclarations(HookApi api, INamedTypeSymbol type)
        => api.GuardedByAttribute is not null && api.MembersWrittenWith(type, api.GuardedByAttribute) is not { Count: 0 };

    public override void Check(PatchModel model, RuleContext context)
    {
        var code = model.Live.Select(l => l.Code).Concat(model.Helpers);
        var reported = new HashSet<(Location, ISymbol)>();
        foreach (var root in code)
        {
            foreach (var reached in root.Effects)
            {
                if (reached.Effect is not { Kind: EffectKind.SharedAccess, Variable: { } member }
                    || Guards.Of(context.Api, member) is not { } guard || guard.Lock is not { } lockMember
                    || reached.Locks.Contains(lockMember, SymbolEqualityComparer.Default)
                    || !reported.Add((reached.Location, member)))
                {
                    continue;
                }

                context.Report(new Finding(Analyzers.Descriptors.GuardedBy, reached.Location, reached.HelperLocation,
                    FindingProperties.Of(reached, kind: reached.Effect.Access.ToString(), path: member.Name, lockName: lockMember.Name),
                    member.Name, Verb(reached.Effect.Access), root.Where, reached.Via, lockMember.Name));
            }
        }
    }

    /// <summary>
    /// The <c>[GuardedBy]</c>s of one type that name no field or property of it. Once per type, not per member: the
    /// members that write the attribute's name are found in the type's syntax, and only they are bound.
    /// </summary>
    public override void CheckDeclarations(SymbolAnalysisContext context, HookApi api)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var candidates = (IEnumerable<ISymbol>?)api.MembersWrittenWith(type, api.GuardedByAttribute!) ?? type.GetMembers();
        foreach (var member in candidates)
        {
            if (member is not (IFieldSymbol or IPropertySymbol) || Guards.Of(api, member) is not { Lock: null } guard)
            {
                continue;
            }

            var attribute = api.FindAttribute(member, api.GuardedByAttribute)!;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
                ? arguments[0].GetLocation()
                : member.Locations[0];
            context.Report(api, Diagnostic.Create(Analyzers.Descriptors.GuardedByUnknownLock, location, guard.Name, member.Name, type.Name));
        }
    }

    private static string Verb(Access access) => access switch
    {
        Access.Read => "read",
        Access.Store => "written",
        Access.Mutation => "changed",
        _ => "updated",
    };
}
