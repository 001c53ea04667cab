using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Moving statements into a hook: from another hook, from a constructor, from a <c>[Replaces]</c> method, or a field's
/// initializer as an assignment; and which hooks and constructors the moves left with nothing to do (removed by
/// <c>PatchEditor.Members.cs</c>).
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>The hooks statements were moved out of, with how many (-1: the expression body).</summary>
    private readonly Dictionary<MethodDeclarationSyntax, int> _movedOutOf = new();

    /// <summary>The constructors statements were moved out of, with how many.</summary>
    private readonly Dictionary<ConstructorDeclarationSyntax, int> _movedOutOfConstructors = new();

    /// <summary>
    /// Moves a top-level statement of hook <paramref name="from"/> (with its comments), or the expression body of a void
    /// one, to the end of hook <paramref name="to"/>; references to the first hook's parameter follow the second's name.
    /// A hook left with nothing to do is removed (see <see cref="MarkEmptied"/>).
    /// </summary>
    public bool Move(SyntaxNode movable, string from, string to)
    {
        if (HookHolding(movable, from) is not { } source || !CanAppend(to) || EditorOf(movable) is not { } editor)
        {
            return false;
        }

        var moved = RenameParameter(movable, source.Symbol.Parameters[0], ParameterName(to));
        if (moved is ExpressionSyntax expression)
        {
            editor.ReplaceNode(source.Syntax, (current, _) => WithBlock((MethodDeclarationSyntax)current, Enumerable.Empty<StatementSyntax>()));
            _movedOutOf[source.Syntax] = -1;
            return Append(to, ExpressionStatement(expression.WithoutTrivia()));
        }

        editor.RemoveNode(movable);
        _movedOutOf[source.Syntax] = _movedOutOf.TryGetValue(source.Syntax, out var count) ? count + 1 : 1;
        return Append(to, (StatementSyntax)moved);
    }

    /// <summary>
    /// Moves a top-level statement of a constructor of the patch class (static, or instance without parameters or
    /// constructor initializer) to the end of hook <paramref name="to"/>: type initialization runs outside the lifecycle,
    /// the hook runs when the patch is enabled. A constructor left with nothing to do is removed (a static one; an
    /// instance one when it is the public parameterless one the compiler would declare).
    /// </summary>
    public bool MoveOutOfConstructor(StatementSyntax statement, string to)
    {
        if (statement.Parent is not BlockSyntax { Parent: ConstructorDeclarationSyntax constructor } body || constructor.Body != body
            || constructor.ParameterList.Parameters.Count > 0 || constructor.Initializer is not null
            || ModelOf(constructor).GetDeclaredSymbol(constructor, _target.CancellationToken) is not { } symbol
            || !SymbolEqualityComparer.Default.Equals(symbol.ContainingType, Type)
            || !CanAppend(to) || EditorOf(statement) is not { } editor || !IsPortable(statement, symbol))
        {
            return false;
        }

        editor.RemoveNode(statement);
        _movedOutOfConstructors[constructor] = _movedOutOfConstructors.TryGetValue(constructor, out var count) ? count + 1 : 1;
        return Append(to, statement);
    }

    /// <summary>
    /// Moves a top-level statement of a method of the patch class that is no hook (a <c>[Replaces]</c> method) to the end
    /// of hook <paramref name="to"/>. The statement may name none of the method's parameters or locals: the hook runs
    /// once, when the patch is enabled, not per call.
    /// </summary>
    public bool MoveOutOfMethod(StatementSyntax statement, string to)
    {
        if (statement.Parent is not BlockSyntax { Parent: MethodDeclarationSyntax method } body || method.Body != body
            || ModelOf(method).GetDeclaredSymbol(method, _target.CancellationToken) is not { } symbol
            || !SymbolEqualityComparer.Default.Equals(symbol.ContainingType, Type)
            || !CanAppend(to) || EditorOf(statement) is not { } editor || !IsPortable(statement, hook: null))
        {
            return false;
        }

        editor.RemoveNode(statement);
        return Append(to, statement);
    }

    /// <summary>
    /// Moves the initializer of a field of the patch class (declared alone) to the end of hook <paramref name="to"/>, as
    /// an assignment: <c>static readonly int s_old = Net.Limit = 1000;</c> becomes <c>static int s_old;</c> and
    /// <c>s_old = Net.Limit = 1000;</c> runs when the patch is enabled instead of when its type is first used.
    /// </summary>
    public bool MoveInitializer(VariableDeclaratorSyntax declarator, string to)
    {
        if (declarator is not { Initializer: { } initializer, Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } }
            || field.Modifiers.Any(SyntaxKind.ConstKeyword) || field.Parent is not TypeDeclarationSyntax
            || ModelOf(field).GetDeclaredSymbol(declarator, _target.CancellationToken) is not IFieldSymbol { } symbol
            || !SymbolEqualityComparer.Default.Equals(symbol.ContainingType, Type)
            || !CanAppend(to) || EditorOf(field) is not { } editor)
        {
            return false;
        }

        var kept = field
            .WithModifiers(TokenList(field.Modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword))))
            .WithDeclaration(field.Declaration.WithVariables(SingletonSeparatedList(declarator.WithInitializer(null).WithIdentifier(declarator.Identifier.WithoutTrivia()))));
        CheckErrors(field);
        editor.ReplaceNode(field, Mark(kept.WithTriviaFrom(field)));
        return Append(to, ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(declarator.Identifier.ValueText), initializer.Value.WithoutTrivia())));
    }

    /// <summary>Whether a constructor every statement was moved out of can go: a static one, or the only, public, instance one.</summary>
    private bool IsEmptied(ConstructorDeclarationSyntax constructor, int moved)
        => constructor.Body is { } body && body.Statements.Count == moved && !body.CloseBraceToken.LeadingTrivia.Any(IsCommentOrDirective)
           && constructor.AttributeLists.Count == 0 && constructor.Parent is TypeDeclarationSyntax
           && (constructor.Modifiers.Any(SyntaxKind.StaticKeyword) || (constructor.Modifiers.Any(SyntaxKind.PublicKeyword) && Type.InstanceConstructors.Length == 1));

    private bool IsEmptied(MethodDeclarationSyntax hook, int moved)
    {
        var empty = moved == -1
            ? !hook.ExpressionBody!.GetLeadingTrivia().Concat(hook.SemicolonToken.LeadingTrivia).Any(IsCommentOrDirective)
            : hook.Body is { } body && body.Statements.Count == moved && !body.CloseBraceToken.LeadingTrivia.Any(IsCommentOrDirective);
        return empty && !_appendedTo.Contains(hook) && IsVoid(hook) && hook.Parent is TypeDeclarationSyntax
               && ModelOf(hook).GetDeclaredSymbol(hook, _target.CancellationToken) is { OverriddenMethod.ContainingType: { } overridden }
               && SymbolEqualityComparer.Default.Equals(overridden, Api.LivePatch);
    }

    /// <summary>
    /// The members moves left with nothing to do, marked so that they can be found again after other edits: a void hook
    /// that overrides the hook API's own (empty) hook and holds no comment or directive (the base's hook does nothing,
    /// as the emptied one would; a hook overriding a base patch's stays, or the base's would run), and a constructor as
    /// <see cref="IsEmptied(ConstructorDeclarationSyntax, int)"/> says.
    /// </summary>
    private List<MemberDeclarationSyntax> MarkEmptied()
    {
        var emptied = _movedOutOf.Where(pair => IsEmptied(pair.Key, pair.Value)).Select(pair => (MemberDeclarationSyntax)pair.Key)
            .Concat(_movedOutOfConstructors.Where(pair => IsEmptied(pair.Key, pair.Value)).Select(pair => pair.Key)).ToList();
        foreach (var member in emptied)
        {
            EditorOf(member)!.ReplaceNode(member, (current, _) => current.WithAdditionalAnnotations(s_emptied));
        }

        return emptied;
    }

    private static readonly SyntaxAnnotation s_emptied = new("HookSafety.Emptied");
}
