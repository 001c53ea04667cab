using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0013: a <c>[Replaces]</c> method must be static, name an existing static
/// <c>PatchPoint&lt;TDelegate&gt;</c> of its target type, match the delegate's signature exactly, and
/// be the only replacement of that point in its patch. The runtime refuses such a patch.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReplacesTargetAnalyzer : HookSafetyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ReplacementNotStatic,
        Descriptors.ReplacementTargetMissing,
        Descriptors.ReplacementSignatureMismatch,
        Descriptors.PointReplacedTwice);

    internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        if (api.ReplacesAttribute is null)
        {
            return;
        }

        context.RegisterSymbolAction(Guard(c => AnalyzeType(c, api)), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, HookApi api)
    {
        var type = (INamedTypeSymbol)context.Symbol;

        // The members whose declarations write [Replaces] (none for most types of a host), or all when syntax cannot tell.
        var candidates = (IEnumerable<ISymbol>?)api.MembersWrittenWith(type, api.ReplacesAttribute!) ?? type.GetMembers();
        Dictionary<ISymbol, IMethodSymbol>? replaced = null;
        foreach (var member in candidates)
        {
            if (member is not IMethodSymbol method || api.ReplacesTarget(method) is not var (target, memberName, attribute))
            {
                continue;
            }

            var point = api.FindPoint(target, memberName, out var delegateType);
            if (point is null)
            {
                context.Report(api, Diagnostic.Create(
                    Descriptors.ReplacementTargetMissing, MemberNameLocation(attribute, method, context),
                    method.Name, target.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), memberName));
                continue;
            }

            var pointName = $"{target.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}.{memberName}";
            if (!method.IsStatic)
            {
                context.Report(api, Diagnostic.Create(Descriptors.ReplacementNotStatic, method.Locations[0], method.Name, pointName));
            }
            else if (ReplacementSignature.Mismatch(context.Compilation, method, delegateType) is { } mismatch)
            {
                context.Report(api, Diagnostic.Create(
                    Descriptors.ReplacementSignatureMismatch, method.Locations[0],
                    method.Name, pointName, delegateType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "?",
                    mismatch, ReplacementSignature.Expected(method.Name, delegateType)));
            }

            replaced ??= new Dictionary<ISymbol, IMethodSymbol>(SymbolEqualityComparer.Default);
            if (replaced.TryGetValue(point, out var first))
            {
                context.Report(api, Diagnostic.Create(
                    Descriptors.PointReplacedTwice, method.Locations[0], ImmutableArray.Create(first.Locations[0]),
                    first.Name, method.Name, pointName));
            }
            else
            {
                replaced[point] = method;
            }
        }
    }

    private static Location MemberNameLocation(AttributeData attribute, IMethodSymbol method, SymbolAnalysisContext context)
        => HookApi.ArgumentLocation(attribute, 1, context.CancellationToken) ?? method.Locations[0];
}
