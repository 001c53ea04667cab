using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0017: two shadow variables created in the compilation with the same constant id and different value types.
/// Shadow ids are process-wide, so one would read what the other attached. Decided when the whole compilation has
/// been seen (a build, or full-solution analysis in the IDE). A creation is seen when it names ShadowVariable
/// (<c>new ShadowVariable&lt;..&gt;(..)</c>) or is a target-typed <c>new(..)</c>, in a file whose text names it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShadowIdClashAnalyzer : HookSafetyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ShadowIdClash);

    internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        if (api.ShadowVariable is null)
        {
            return;
        }

        var creations = new ConcurrentBag<(string Id, ITypeSymbol Value, Location Location, string Where)>();

        // Only files whose text names ShadowVariable are walked, and only creations that can be one are bound:
        // `new ShadowVariable<..>(..)`, and a target-typed `new(..)` with arguments. Code that creates no shadow
        // variable (a host's) costs a scan of its text, not the binding of its methods.
        context.RegisterSemanticModelAction(Guard((SemanticModelAnalysisContext c) =>
        {
            var tree = c.SemanticModel.SyntaxTree;
            var text = tree.GetText(c.CancellationToken);
            if (!TextScan.Contains(text, ShadowVariableName))
            {
                return;
            }

            // Every creation starts with the `new` keyword: the text says where those are, the tree confirms each.
            var root = tree.GetRoot(c.CancellationToken);
            foreach (var at in TextScan.Occurrences(text, "new"))
            {
                var token = root.FindToken(at);
                if (!token.IsKind(SyntaxKind.NewKeyword) || token.SpanStart != at)
                {
                    continue;
                }

                var node = token.Parent!;
                var candidate = node switch
                {
                    ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } explicitNew => RightmostName(explicitNew.Type) == ShadowVariableName,
                    ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } implicitNew => MayBeShadowVariable(implicitNew),
                    _ => false,
                };
                if (candidate
                    && c.SemanticModel.GetOperation(node, c.CancellationToken) is IObjectCreationOperation creation
                    && creation.Type is INamedTypeSymbol { TypeArguments.Length: 2 } type && api.IsShadowVariable(type)
                    && creation.Arguments.Length > 0 && creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string id })
                {
                    var where = c.SemanticModel.GetEnclosingSymbol(node.SpanStart, c.CancellationToken) is { } enclosing
                        ? enclosing.ContainingType?.Name ?? enclosing.Name
                        : string.Empty;
                    creations.Add((id, type.TypeArguments[1], creation.Syntax.GetLocation(), where));
                }
            }
        }));

        context.RegisterCompilationEndAction(Guard((CompilationAnalysisContext c) =>
        {
            foreach (var group in creations.GroupBy(x => x.Id))
            {
                var ordered = group.OrderBy(x => x.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(x => x.Location.SourceSpan.Start).ToList();
                foreach (var creation in ordered)
                {
                    var other = ordered.FirstOrDefault(x => !SymbolEqualityComparer.Default.Equals(x.Value, creation.Value));
                    if (other.Id is not null)
                    {
                        var (value, otherValue) = DisplayNames.TellApart(creation.Value, other.Value);
                        c.Report(api, Diagnostic.Create(Descriptors.ShadowIdClash, creation.Location, ImmutableArray.Create(other.Location),
                            creation.Id, value, otherValue, other.Where));
                    }
                }
            }
        }));
    }

    private const string ShadowVariableName = "ShadowVariable";

    /// <summary>
    /// Whether a target-typed <c>new(..)</c> can create a shadow variable: not when it initializes a variable, field or
    /// property whose declared type names something else (<c>PatchPoint&lt;..&gt; Parse = new("Parse", ..)</c>).
    /// </summary>
    private static bool MayBeShadowVariable(ImplicitObjectCreationExpressionSyntax creation)
    {
        var declared = creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => declaration.Type,
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
            _ => null,
        };
        return declared is null || declared.IsVar || RightmostName(declared) is not { } name || name == ShadowVariableName;
    }

    private static string? RightmostName(TypeSyntax type) => type is NameSyntax name ? SyntaxNames.Rightmost(name) : null;
}
