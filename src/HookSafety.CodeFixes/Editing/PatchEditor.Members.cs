using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Editing members: replace one, remove one with the trivia surgery that leaves the blank lines and directives around
/// it right, and add the new private static fields and hooks to the part that holds the diagnostic.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>The fields to add, after the part's other fields.</summary>
    private readonly List<FieldDeclarationSyntax> _newFields = new();

    /// <summary>
    /// Replaces <paramref name="member"/> with <paramref name="replacement"/>, which must compile; it is not formatted
    /// (the body the user wrote stays as it is): annotate the parts that need it with <see cref="Formatter.Annotation"/>.
    /// </summary>
    public void ReplaceMember(MemberDeclarationSyntax member, MemberDeclarationSyntax replacement)
    {
        CheckErrors(member);
        EditorOf(member)!.ReplaceNode(member, replacement.WithAdditionalAnnotations(_added));
    }

    /// <summary>
    /// Removes <paramref name="member"/> with its comments, leaving one blank line between the members around it (none
    /// after the type's opening brace); preprocessor directives before it stay.
    /// </summary>
    public bool RemoveMember(MemberDeclarationSyntax member)
    {
        if (member.Parent is not TypeDeclarationSyntax type || EditorOf(member) is not { } editor)
        {
            return false;
        }

        var index = type.Members.IndexOf(member);
        CheckErrors(member);
        editor.ReplaceNode(type, (current, _) => RemoveAt((TypeDeclarationSyntax)current, index));
        return true;
    }

    /// <summary>Removes the members <see cref="MarkEmptied"/> marked: one edit per class part, from the last member up.</summary>
    private void RemoveEmptied(List<MemberDeclarationSyntax> emptied)
    {
        foreach (var part in emptied.Select(member => (TypeDeclarationSyntax)member.Parent!).Distinct())
        {
            CheckErrors(part);
            EditorOf(part)!.ReplaceNode(part, (current, _) =>
            {
                var type = (TypeDeclarationSyntax)current;
                var indexes = type.Members.Select((member, index) => (member, index)).Where(m => m.member.HasAnnotation(s_emptied)).Select(m => m.index).Reverse().ToList();
                return indexes.Aggregate(type, RemoveAt);
            });
        }
    }

    private static TypeDeclarationSyntax RemoveAt(TypeDeclarationSyntax type, int index)
    {
        var members = type.Members;
        var leading = members[index].GetLeadingTrivia();

        // What comes before the member up to its last directive (#region, #endif) stays; its comments after that go with it.
        var lastDirective = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsDirective)
            {
                lastDirective = i;
            }
        }

        var kept = TriviaList(leading.Take(lastDirective + 1));
        members = members.RemoveAt(index);
        if (index < members.Count)
        {
            var next = members[index];
            var nextLeading = next.GetLeadingTrivia();
            if (index == 0 && kept.Count == 0)
            {
                nextLeading = WithoutBlankLines(nextLeading);
            }

            return type.WithMembers(members.Replace(next, next.WithLeadingTrivia(kept.AddRange(nextLeading))));
        }

        return type.WithMembers(members).WithCloseBraceToken(type.CloseBraceToken.WithLeadingTrivia(kept.AddRange(type.CloseBraceToken.LeadingTrivia)));
    }

    /// <summary>Adds <c>private static <paramref name="type"/> <paramref name="name"/>;</c> after the fields of the part (or first).</summary>
    public void AddStaticField(ITypeSymbol type, string name)
    {
        var declaration = FieldDeclaration(VariableDeclaration(TypeOf(type), SingletonSeparatedList(VariableDeclarator(name))))
            .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword)));
        _newFields.Add((FieldDeclarationSyntax)Mark(declaration));
    }

    /// <summary>Adds <c>private static readonly <paramref name="type"/> <paramref name="name"/> = <paramref name="value"/>;</c>, like <see cref="AddStaticField(ITypeSymbol, string)"/>.</summary>
    public void AddStaticReadonlyField(ITypeSymbol type, string name, ExpressionSyntax value)
    {
        var declaration = FieldDeclaration(VariableDeclaration(TypeOf(type), SingletonSeparatedList(VariableDeclarator(name).WithInitializer(EqualsValueClause(value.WithoutTrivia())))))
            .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword)));
        _newFields.Add((FieldDeclarationSyntax)Mark(declaration));
    }

    private ClassDeclarationSyntax AddMembers(ClassDeclarationSyntax part)
    {
        foreach (var field in _newFields)
        {
            var lastField = part.Members.LastOrDefault(m => m is FieldDeclarationSyntax);
            var at = lastField is null ? 0 : part.Members.IndexOf(lastField) + 1;
            part = Insert(part, at, field);
        }

        foreach (var (hook, statements) in _newHooks)
        {
            part = Insert(part, HookPosition(part, hook), NewHook(hook, statements));
        }

        return part;
    }

    /// <summary>
    /// Inserts a member with a blank line between it and its neighbours, except between two fields.
    /// </summary>
    private static ClassDeclarationSyntax Insert(ClassDeclarationSyntax part, int at, MemberDeclarationSyntax member)
    {
        var members = part.Members;
        if (at > 0 && !(member is FieldDeclarationSyntax && members[at - 1] is FieldDeclarationSyntax))
        {
            member = member.WithLeadingTrivia(member.GetLeadingTrivia().Insert(0, ElasticCarriageReturnLineFeed));
        }

        // A member that was first had no blank line before it; one that followed another keeps the one it had.
        if (at == 0 && members.Count > 0 && !(member is FieldDeclarationSyntax && members[0] is FieldDeclarationSyntax))
        {
            var next = members[0];
            members = members.Replace(next, next.WithLeadingTrivia(next.GetLeadingTrivia().Insert(0, NewLineOf(part))));
        }

        return part.WithMembers(members.Insert(at, member));
    }
}
