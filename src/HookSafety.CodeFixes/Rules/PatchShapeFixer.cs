using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers;
using HookSafety.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0014: gives a patch the shape the manager requires: adds the missing <c>[Patch("id")]</c>,
/// derives a <c>[Patch]</c> class from <c>LivePatch</c>, or turns a hiding hook into an override.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PatchShapeFixer)), Shared]
public sealed class PatchShapeFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PatchShape);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || SyntaxDepth.IsTooDeep(root) || HookApi.For(model.Compilation) is not { } api)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            diagnostic.Properties.TryGetValue(PatchShapeAnalyzer.KindProperty, out var kind);
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            switch (kind)
            {
                case PatchShapeAnalyzer.KindMissingAttribute when node.FirstAncestorOrSelf<ClassDeclarationSyntax>() is { } type:
                    var id = PatchIds.Propose(api, type.Identifier.ValueText);
                    Register(context, diagnostic, $"Add [Patch(\"{id}\")]", "HS0014.AddPatchAttribute",
                        (editor, _) => editor.AddAttribute(type, editor.Generator.Attribute(
                            editor.Generator.TypeExpression(api.PatchAttribute),
                            new[] { editor.Generator.AttributeArgument(editor.Generator.LiteralExpression(id)) })));
                    break;

                case PatchShapeAnalyzer.KindMissingBase when node.FirstAncestorOrSelf<ClassDeclarationSyntax>() is { } type
                    && model.GetDeclaredSymbol(type, context.CancellationToken) is { IsStatic: false, BaseType.SpecialType: SpecialType.System_Object }:
                    Register(context, diagnostic, "Derive from LivePatch", "HS0014.DeriveFromLivePatch",
                        (editor, _) => editor.AddBaseType(type, editor.Generator.TypeExpression(api.LivePatch)));
                    break;

                case PatchShapeAnalyzer.KindHiddenHook when node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method
                    && model.GetDeclaredSymbol(method, context.CancellationToken) is { IsStatic: false } symbol
                    && api.LivePatch.GetMembers(symbol.Name).OfType<IMethodSymbol>().FirstOrDefault() is { } hook
                    && SymbolEqualityComparer.Default.Equals(hook.ReturnType, symbol.ReturnType):
                    var accessibility = SymbolEqualityComparer.Default.Equals(api.LivePatch.ContainingAssembly, model.Compilation.Assembly)
                        ? Accessibility.ProtectedOrInternal
                        : Accessibility.Protected;
                    Register(context, diagnostic, $"Override LivePatch.{symbol.Name}", "HS0014.OverrideHook", (editor, generator) =>
                    {
                        var modifiers = generator.GetModifiers(method)
                            .WithIsNew(false).WithIsVirtual(false).WithIsAbstract(false).WithIsOverride(true);
                        editor.ReplaceNode(method, generator.WithAccessibility(generator.WithModifiers(method, modifiers), accessibility));
                    });
                    break;
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, System.Action<DocumentEditor, SyntaxGenerator> edit)
        => context.RegisterCodeFix(
            CodeAction.Create(title, ct => Edit(context.Document, edit, ct), equivalenceKey),
            diagnostic);

    private static async Task<Document> Edit(Document document, System.Action<DocumentEditor, SyntaxGenerator> edit, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        edit(editor, editor.Generator);
        return editor.GetChangedDocument();
    }
}
