using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0007: a <c>[GuardedBy("gate")]</c> member read or written without holding <c>lock (gate)</c> in code of a patch
/// that may run concurrently; and a <c>[GuardedBy]</c> that names no field or property.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GuardedByAnalyzer : LifecycleRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.GuardedAccessWithoutLock, Descriptors.GuardedByUnknownLock);

    private protected override DiagnosticDescriptor Rule => Descriptors.GuardedAccessWithoutLock;

    private protected override void RegisterMore(CompilationStartAnalysisContext context, HookApi api)
    {
        if (api.GuardedByAttribute is not null)
        {
            context.RegisterSymbolAction(Guard(c => CheckDeclaration(c, api)), SymbolKind.Field, SymbolKind.Property);
        }
    }

    private static void CheckDeclaration(SymbolAnalysisContext context, HookApi api)
    {
        if (Concurrency.GuardOf(api, context.Symbol) is not { Lock: null } guard)
        {
            return;
        }

        var attribute = api.FindAttribute(context.Symbol, api.GuardedByAttribute)!;
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
            ? arguments[0].GetLocation()
            : context.Symbol.Locations[0];
        context.Report(api, Diagnostic.Create(Descriptors.GuardedByUnknownLock, location, guard.Name, context.Symbol.Name, context.Symbol.ContainingType.Name));
    }
}
