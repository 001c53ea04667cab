using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0013: makes a <c>[Replaces]</c> method installable. For a signature that does not match the point's delegate,
/// rewrites the return type and the parameter list to the delegate's <c>Invoke</c>: what already matches stays as
/// written (tuple names, nullability, <c>dynamic</c>), a type that differs is replaced, ref kinds follow the delegate;
/// with as many parameters as the delegate the method keeps its parameter names (and attributes), else it takes the
/// delegate's. Modifiers, attributes and the body stay; a generic method loses its type parameters when its body and
/// attributes use none of them. For a replacement that is not static, adds <c>static</c>. Either fix is offered only
/// when the method, and the rest of its document, still compile: a body that returns a <c>long</c> where the delegate
/// returns <c>int</c>, one that uses <c>this</c>, a caller that passes other arguments get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MatchReplacementSignatureFixer)), Shared]
public sealed class MatchReplacementSignatureFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0013.MatchSignature";
    public const string MakeStaticKey = "HS0013.MakeStatic";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ReplacesTarget);

    private protected override IEnumerable<PatchFix> Plans(FixTarget target)
    {
        if (target.Node is not MethodDeclarationSyntax method
            || target.Model.GetDeclaredSymbol(method, target.CancellationToken) is not { } symbol
            || PointDelegate(target.Api, symbol) is not { DelegateInvokeMethod: { } invoke } delegateType)
        {
            yield break;
        }

        if (target.Is(Descriptors.ReplacementSignatureMismatch) && symbol.IsStatic
            && ReplacementSignature.Mismatch(target.Model.Compilation, symbol, delegateType) is not null)
        {
            yield return new PatchFix("Match the point's delegate", EquivalenceKey, editor => MatchSignature(editor, target, method, symbol, invoke), anyClass: true);
        }
        else if (target.Is(Descriptors.ReplacementNotStatic) && !symbol.IsStatic
                 && !method.Modifiers.Any(m => m.Kind() is SyntaxKind.VirtualKeyword or SyntaxKind.OverrideKeyword or SyntaxKind.AbstractKeyword or SyntaxKind.SealedKeyword))
        {
            yield return new PatchFix("Make it static", MakeStaticKey, editor =>
            {
                editor.ReplaceMember(method, WithStatic(method));
                return true;
            }, anyClass: true);
        }
    }

    /// <summary>The delegate type of the point <paramref name="method"/>'s <c>[Replaces]</c> names, resolved as the analyzer does.</summary>
    private static INamedTypeSymbol? PointDelegate(HookApi api, IMethodSymbol method)
        => api.ReplacesTarget(method) is var (target, name, _) && api.FindPoint(target, name, out var delegateType) is not null
           && delegateType is { TypeKind: TypeKind.Delegate }
            ? delegateType
            : null;

    private static bool MatchSignature(PatchEditor editor, FixTarget target, MethodDeclarationSyntax method, IMethodSymbol symbol, IMethodSymbol invoke)
    {
        var compilation = target.Model.Compilation;
        var declaration = method;
        if (method.TypeParameterList is not null)
        {
            if (UsesTypeParameters(target.Model, method, symbol))
            {
                return false;
            }

            declaration = declaration.WithTypeParameterList(null).WithConstraintClauses(default);
        }

        if (symbol.RefKind != invoke.RefKind || !ReplacementSignature.SameType(compilation, symbol.ReturnType, invoke.ReturnType))
        {
            var returnType = invoke.RefKind switch
            {
                RefKind.Ref => RefType(editor.TypeOf(invoke.ReturnType)),
                RefKind.RefReadOnly => RefType(Token(SyntaxKind.RefKeyword), Token(SyntaxKind.ReadOnlyKeyword), editor.TypeOf(invoke.ReturnType)),
                _ => editor.TypeOf(invoke.ReturnType),
            };
            declaration = declaration.WithReturnType(returnType.WithAdditionalAnnotations(Formatter.Annotation).WithTriviaFrom(method.ReturnType));
        }

        var written = method.ParameterList.Parameters;
        SeparatedSyntaxList<ParameterSyntax> parameters;
        if (symbol.Parameters.Length == invoke.Parameters.Length && written.Count == invoke.Parameters.Length)
        {
            // Each parameter keeps its name and attributes; its type and ref kind follow the delegate where they differ.
            parameters = written;
            for (var i = 0; i < written.Count; i++)
            {
                var (actual, expected) = (symbol.Parameters[i], invoke.Parameters[i]);
                var sameType = ReplacementSignature.SameType(compilation, actual.Type, expected.Type);
                if (sameType && actual.RefKind == expected.RefKind)
                {
                    continue;
                }

                var parameter = written[i];
                var type = sameType ? parameter.Type!.WithoutTrivia() : editor.TypeOf(expected.Type);
                var keepDefault = sameType && expected.RefKind == RefKind.None;
                var rewritten = Parameter(parameter.AttributeLists, TokenList(RefModifiers(expected.RefKind)), type.WithTrailingTrivia(Space), parameter.Identifier, keepDefault ? parameter.Default : null)
                    .WithLeadingTrivia(parameter.GetLeadingTrivia())
                    .WithTrailingTrivia(parameter.GetTrailingTrivia());
                parameters = parameters.Replace(parameters[i], rewritten);
            }
        }
        else
        {
            // Another count: the delegate's own parameters.
            var taken = new HashSet<string>();
            var created = new List<ParameterSyntax>();
            for (var i = 0; i < invoke.Parameters.Length; i++)
            {
                var expected = invoke.Parameters[i];
                var name = expected.Name is { Length: > 0 } n && taken.Add(n) ? n : $"arg{i + 1}";
                taken.Add(name);
                var identifier = SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
                    ? Identifier(TriviaList(), SyntaxKind.IdentifierToken, "@" + name, name, TriviaList())
                    : Identifier(name);
                created.Add(Parameter(List<AttributeListSyntax>(), TokenList(RefModifiers(expected.RefKind)), editor.TypeOf(expected.Type).WithTrailingTrivia(Space), identifier, null));
            }

            parameters = SeparatedList(created, created.Skip(1).Select(_ => Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space)));
        }

        declaration = declaration.WithParameterList(declaration.ParameterList.WithParameters(parameters));
        editor.Title = $"Declare it as '{Display(method, invoke, parameters)}'";
        editor.ReplaceMember(method, declaration);
        return true;
    }

    /// <summary>Whether anything of <paramref name="method"/> but its signature (the body, attributes, default values) names one of its type parameters.</summary>
    private static bool UsesTypeParameters(SemanticModel model, MethodDeclarationSyntax method, IMethodSymbol symbol)
    {
        var kept = new List<SyntaxNode>();
        kept.AddRange(method.AttributeLists);
        kept.AddRange(method.ParameterList.Parameters.SelectMany(p => p.AttributeLists.Cast<SyntaxNode>().Concat(p.Default is null ? Enumerable.Empty<SyntaxNode>() : new SyntaxNode[] { p.Default })));
        if (method.Body is not null)
        {
            kept.Add(method.Body);
        }

        if (method.ExpressionBody is not null)
        {
            kept.Add(method.ExpressionBody);
        }

        return kept.SelectMany(n => n.DescendantNodesAndSelf()).OfType<IdentifierNameSyntax>()
            .Any(name => model.GetSymbolInfo(name).Symbol is ITypeParameterSymbol { DeclaringMethod: { } declaring }
                         && SymbolEqualityComparer.Default.Equals(declaring.OriginalDefinition, symbol.OriginalDefinition));
    }

    private static IEnumerable<SyntaxToken> RefModifiers(RefKind kind) => kind switch
    {
        RefKind.Ref => new[] { Token(SyntaxKind.RefKeyword).WithTrailingTrivia(Space) },
        RefKind.Out => new[] { Token(SyntaxKind.OutKeyword).WithTrailingTrivia(Space) },
        RefKind.In => new[] { Token(SyntaxKind.InKeyword).WithTrailingTrivia(Space) },
        RefKind.RefReadOnlyParameter => new[] { Token(SyntaxKind.RefKeyword).WithTrailingTrivia(Space), Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(Space) },
        _ => Enumerable.Empty<SyntaxToken>(),
    };

    /// <summary><paramref name="method"/> with <c>static</c> after its accessibility, or first.</summary>
    private static MethodDeclarationSyntax WithStatic(MethodDeclarationSyntax method)
    {
        var modifiers = method.Modifiers;
        var at = 0;
        while (at < modifiers.Count && SyntaxFacts.IsAccessibilityModifier(modifiers[at].Kind()))
        {
            at++;
        }

        var keyword = Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(Space);
        if (modifiers.Count > 0)
        {
            if (at == 0)
            {
                // Before the first modifier, which hands it its leading trivia.
                keyword = keyword.WithLeadingTrivia(modifiers[0].LeadingTrivia);
                modifiers = modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(TriviaList()));
            }

            return method.WithModifiers(modifiers.Insert(at, keyword));
        }

        return method
            .WithReturnType(method.ReturnType.WithLeadingTrivia(TriviaList()))
            .WithModifiers(TokenList(keyword.WithLeadingTrivia(method.ReturnType.GetLeadingTrivia())));
    }

    /// <summary>How the title shows the new declaration: <c>static int ParseLine(string line)</c>.</summary>
    private static string Display(MethodDeclarationSyntax method, IMethodSymbol invoke, SeparatedSyntaxList<ParameterSyntax> parameters)
    {
        var returnType = ReplacementSignature.ReturnPrefix(invoke) + invoke.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var list = string.Join(", ", invoke.Parameters.Select((p, i) =>
            ReplacementSignature.RefPrefix(p.RefKind) + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + parameters[i].Identifier.ValueText));
        return $"static {returnType} {method.Identifier.ValueText}({list})";
    }
}
