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

    private static readonly ImmutableArray<SymbolKind> FieldsAndProperties = ImmutableArray.Create(SymbolKind.Field, SymbolKind.Property);

    /// <summary>Fields and properties, when the hook API has <c>[GuardedBy]</c>.</summary>
    public override ImmutableArray<SymbolKind> DeclarationKinds(HookApi api)
        => api.GuardedByAttribute is null ? ImmutableArray<SymbolKind>.Empty : FieldsAndProperties;

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

    /// <summary>A <c>[GuardedBy]</c> that names no field or property of its type.</summary>
    public override void CheckDeclaration(SymbolAnalysisContext context, HookApi api)
    {
        if (Guards.Of(api, context.Symbol) is not { Lock: null } guard)
        {
            return;
        }

        var attribute = api.FindAttribute(context.Symbol, api.GuardedByAttribute)!;
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
            ? arguments[0].GetLocation()
            : context.Symbol.Locations[0];
        context.Report(api, Diagnostic.Create(Analyzers.Descriptors.GuardedByUnknownLock, location, guard.Name, context.Symbol.Name, context.Symbol.ContainingType.Name));
    }

    private static string Verb(Access access) => access switch
    {
        Access.Read => "read",
        Access.Store => "written",
        Access.Mutation => "changed",
        _ => "updated",
    };
}
