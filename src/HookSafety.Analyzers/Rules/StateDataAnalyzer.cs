using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0010: <c>PatchState.Data</c> set to a value whose type (or a delegate whose method) is defined in the patch's own
/// assembly. The state is handed to later patches, built separately: they cannot use such a type, and the value
/// keeps this patch's code alive after it is gone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StateDataAnalyzer : HookSafetyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.StateData);

    internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        if (api.PatchState is not { } patchState)
        {
            return;
        }

        // Only the places where a file's text says "Data" are looked at, and only assignments to something named Data
        // are bound: code that sets no Data (a host's, most of a patch's) costs a scan of its text, not a walk of its
        // syntax or the binding of its methods.
        context.RegisterSemanticModelAction(Guard((SemanticModelAnalysisContext c) =>
        {
            var tree = c.SemanticModel.SyntaxTree;
            var text = tree.GetText(c.CancellationToken);
            SyntaxNode? root = null;
            foreach (var position in TextScan.Occurrences(text, "Data"))
            {
                root ??= tree.GetRoot(c.CancellationToken);
                var token = root.FindToken(position);
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "Data" && token.Parent is SimpleNameSyntax name
                    && AssignedName(name) is { } assignment)
                {
                    Analyze(c, api, patchState, assignment);
                }
            }
        }));
    }

    /// <summary>The simple assignment whose left side is <paramref name="name"/> (<c>Data = </c>, <c>x.Data = </c>, <c>x?.Data = </c>), or null.</summary>
    private static AssignmentExpressionSyntax? AssignedName(SimpleNameSyntax name)
    {
        SyntaxNode target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access
            : name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name ? binding
            : name;
        return target.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment && assignment.Left == target
            ? assignment
            : null;
    }

    private static void Analyze(SemanticModelAnalysisContext context, HookApi api, INamedTypeSymbol patchState, AssignmentExpressionSyntax syntax)
    {
        if (context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not ISimpleAssignmentOperation assignment
            || assignment.Target is not IPropertyReferenceOperation { Property.Name: "Data" } target
            || !SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, patchState))
        {
            return;
        }

        var own = context.SemanticModel.Compilation.Assembly;
        var value = MemberPath.WithoutConversions(assignment.Value);

        (string What, string Name)? found = value switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation } => ("a lambda", "lambda"),
            IDelegateCreationOperation { Target: IMethodReferenceOperation reference } when IsOwn(reference.Method.ContainingType, own)
                => ("a delegate to a method", reference.Method.ContainingType.Name + "." + reference.Method.Name),
            IAnonymousFunctionOperation => ("a lambda", "lambda"),
            { Type: { } type } when IsOwn(type, own) => ("a value of a type", type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)),
            _ => null,
        };
        if (found is { } hit)
        {
            context.Report(api, Diagnostic.Create(Descriptors.StateData, assignment.Value.Syntax.GetLocation(), hit.What, hit.Name));
        }
    }

    /// <summary>Whether a type, or any type it is built from (element, type argument, tuple element), is defined in <paramref name="own"/>.</summary>
    private static bool IsOwn(ITypeSymbol type, IAssemblySymbol own) => type switch
    {
        IArrayTypeSymbol array => IsOwn(array.ElementType, own),
        INamedTypeSymbol { IsAnonymousType: true } => true,
        INamedTypeSymbol { IsTupleType: true } tuple => tuple.TupleElements.Any(e => IsOwn(e.Type, own)),
        INamedTypeSymbol named => SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, own) || named.TypeArguments.Any(a => IsOwn(a, own)),
        _ => false,
    };
}
