using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// The edits every lifecycle fix is made of, on one patch class and all its partial parts: find a hook override or
/// create it (in the part that holds the diagnostic, next to the other hooks, in lifecycle order), append statements
/// to it (before a final <c>return</c>, so <c>PrePatch</c> still returns last), move a statement from one hook to
/// another, insert statements around one, replace one or wrap it in a <c>lock</c>, wrap a hook's whole body in a
/// <c>try</c>, replace or remove a member, and add private static fields with names not yet taken (or find the lock
/// gate of the class, creating it once). What it adds is formatted and simplified by the code action;
/// <see cref="GetChangedSolutionAsync"/> returns null when it does not compile (or, after a statement or member was
/// replaced, wrapped or removed, when the documents have more errors than before: a local declared in a wrapped
/// statement is out of scope after it), so no fix is offered that breaks the code.
/// </summary>
internal sealed class PatchEditor
{
    /// <summary>The name of the parameter of a hook the editor creates.</summary>
    public const string ContextParameter = "context";

    private readonly FixTarget _target;
    private readonly SolutionEditor _solution;
    private readonly Dictionary<DocumentId, DocumentEditor> _editors;
    private readonly SyntaxAnnotation _added = new("HookSafety.Added");
    private readonly List<(string Hook, List<StatementSyntax> Statements)> _newHooks = new();
    private readonly List<FieldDeclarationSyntax> _newFields = new();
    private readonly HashSet<string> _reserved = new(System.StringComparer.Ordinal);
    private readonly HashSet<DocumentId> _checkedDocuments = new();

    /// <summary>The hooks statements were moved out of, with how many (-1: the expression body).</summary>
    private readonly Dictionary<MethodDeclarationSyntax, int> _movedOutOf = new();

    /// <summary>The constructors statements were moved out of, with how many.</summary>
    private readonly Dictionary<ConstructorDeclarationSyntax, int> _movedOutOfConstructors = new();

    /// <summary>The existing hooks statements were appended to.</summary>
    private readonly HashSet<MethodDeclarationSyntax> _appendedTo = new();
    private string? _gate;

    private PatchEditor(FixTarget target, INamedTypeSymbol type, ClassDeclarationSyntax part, SolutionEditor solution, Dictionary<DocumentId, DocumentEditor> editors)
    {
        _target = target;
        Type = type;
        Part = part;
        _solution = solution;
        _editors = editors;
    }

    /// <summary>The patch class.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>The part of the patch class that holds the diagnostic: new hooks and fields go there.</summary>
    public ClassDeclarationSyntax Part { get; }

    public HookApi Api => _target.Api;

    public SyntaxGenerator Generator => _editors[_target.Document.Id].Generator;

    /// <summary>The fix's title, when the edit can say better what it does than its plan (the statement it added).</summary>
    public string? Title { get; set; }

    /// <summary>How a statement the editor adds reads in a title: <c>'Net.PacketReceived -= OnPacket;'</c>.</summary>
    public static string Quote(StatementSyntax statement) => $"'{statement.NormalizeWhitespace()}'";

    /// <summary>
    /// An editor for the concrete patch class around the target's node, or null when the node is in no such class; with
    /// <paramref name="anyClass"/>, for the class around it whatever it is (a <c>[Replaces]</c> method's class, which
    /// need not be a patch yet): only the edits of members then apply, not those of hooks.
    /// </summary>
    public static async Task<PatchEditor?> CreateAsync(FixTarget target, bool anyClass = false)
    {
        var cancellationToken = target.CancellationToken;
        if (target.Node.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } part
            || target.Model.GetDeclaredSymbol(part, cancellationToken) is not { } type
            || !(anyClass || (target.Api.IsPatch(type) && target.Api.PatchContext is not null && target.Api.HookResult is not null)))
        {
            return null;
        }

        var solution = new SolutionEditor(target.Solution);
        var editors = new Dictionary<DocumentId, DocumentEditor>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (target.Solution.GetDocument(reference.SyntaxTree) is { } document && !editors.ContainsKey(document.Id))
            {
                editors[document.Id] = await solution.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        return editors.ContainsKey(target.Document.Id) ? new PatchEditor(target, type, part, solution, editors) : null;
    }

    /// <summary>Whether <paramref name="movable"/> calls a method of the patch's own types (a helper, which may do more than one thing).</summary>
    public bool CallsPatchHelper(SyntaxNode movable)
        => (movable is ExpressionStatementSyntax statement ? statement.Expression : movable) is InvocationExpressionSyntax invocation
           && ModelOf(invocation).GetSymbolInfo(invocation, _target.CancellationToken).Symbol is IMethodSymbol method
           && Api.IsPatchOwned(method.ContainingType);

    /// <summary>The semantic model of the tree holding <paramref name="node"/>.</summary>
    public SemanticModel ModelOf(SyntaxNode node)
        => node.SyntaxTree == _target.Model.SyntaxTree ? _target.Model : _target.Model.Compilation.GetSemanticModel(node.SyntaxTree);

    /// <summary>The override of <paramref name="hook"/> in the patch class (any part), or null.</summary>
    public (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)? FindHook(string hook)
    {
        foreach (var member in Type.GetMembers(hook))
        {
            if (member is IMethodSymbol { IsOverride: true, IsStatic: false, Parameters.Length: 1 } method
                && method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_target.CancellationToken) is MethodDeclarationSyntax syntax
                && EditorOf(syntax) is not null)
            {
                return (syntax, method);
            }
        }

        return null;
    }

    /// <summary>
    /// The hook <paramref name="hook"/> if its body holds <paramref name="movable"/> directly: a statement of its block (not
    /// nested in another block or a lambda), or the expression of a void hook's expression body.
    /// </summary>
    public (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)? HookHolding(SyntaxNode movable, string hook)
    {
        var method = movable switch
        {
            StatementSyntax { Parent: BlockSyntax { Parent: MethodDeclarationSyntax m } block } when m.Body == block => m,
            ExpressionSyntax { Parent: ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax m } } when IsVoid(m) => m,
            _ => null,
        };
        return method is not null && FindHook(hook) is { } found && found.Syntax == method ? found : null;
    }

    /// <summary>The name of the hook's parameter: the existing override's, or the one a created hook gets.</summary>
    public string ParameterName(string hook) => FindHook(hook)?.Symbol.Parameters[0].Name ?? ContextParameter;

    /// <summary>Whether statements can be appended to <paramref name="hook"/>: it exists and ends so that they run, or it can be created.</summary>
    public bool CanAppend(string hook)
    {
        if (!Hooks.All.Contains(hook))
        {
            return false;
        }

        if (FindHook(hook) is { } existing)
        {
            return existing.Syntax.ExpressionBody is not null
                   || (existing.Syntax.Body is { } body && (existing.Symbol.ReturnsVoid || ContinueReturn(body) is not null));
        }

        // A member of that name that is no override (a hidden hook, HS0014) would clash. A base patch's hook is called
        // first by the new one (see NewHook).
        return Type.GetMembers(hook).IsEmpty;
    }

    /// <summary>Whether the hook has a top-level statement like <paramref name="statement"/> (the fix was made already).</summary>
    public bool HookHas(string hook, System.Func<StatementSyntax, bool> predicate)
        => FindHook(hook)?.Syntax.Body?.Statements.Any(predicate) == true
           || _newHooks.Any(h => h.Hook == hook && h.Statements.Any(predicate));

    /// <summary>Appends <paramref name="statements"/> to <paramref name="hook"/> (before its final <c>return</c>), creating the hook if missing.</summary>
    public bool Append(string hook, params StatementSyntax[] statements)
    {
        if (!CanAppend(hook))
        {
            return false;
        }

        var added = statements.Select(Mark).ToList();
        if (FindHook(hook) is { } existing)
        {
            _appendedTo.Add(existing.Syntax);
            EditorOf(existing.Syntax)!.ReplaceNode(existing.Syntax, (current, _) => AppendTo((MethodDeclarationSyntax)current, added));
        }
        else if (_newHooks.FirstOrDefault(h => h.Hook == hook) is { Statements: { } pending })
        {
            pending.AddRange(added);
        }
        else
        {
            _newHooks.Add((hook, added));
        }

        return true;
    }

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

    private static readonly SyntaxAnnotation s_emptied = new("HookSafety.Emptied");

    private bool IsEmptied(MethodDeclarationSyntax hook, int moved)
    {
        var empty = moved == -1
            ? !hook.ExpressionBody!.GetLeadingTrivia().Concat(hook.SemicolonToken.LeadingTrivia).Any(IsCommentOrDirective)
            : hook.Body is { } body && body.Statements.Count == moved && !body.CloseBraceToken.LeadingTrivia.Any(IsCommentOrDirective);
        return empty && !_appendedTo.Contains(hook) && IsVoid(hook) && hook.Parent is TypeDeclarationSyntax
               && ModelOf(hook).GetDeclaredSymbol(hook, _target.CancellationToken) is { OverriddenMethod.ContainingType: { } overridden }
               && SymbolEqualityComparer.Default.Equals(overridden, Api.LivePatch);
    }

    private static bool IsCommentOrDirective(SyntaxTrivia trivia)
        => trivia.IsDirective || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
           || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia);

    public void InsertBefore(StatementSyntax anchor, StatementSyntax statement) => EditorOf(anchor)!.InsertBefore(anchor, Mark(statement));

    /// <summary>Moves <paramref name="statement"/> (with its comments) to just before <paramref name="anchor"/>, in the same block.</summary>
    public void MoveBefore(StatementSyntax statement, StatementSyntax anchor)
    {
        var editor = EditorOf(statement)!;
        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        if (statement.GetLastToken().IsKind(SyntaxKind.CloseBraceToken) && LeadingBlankLines(anchor) == 0)
        {
            // A blank line after a block.
            editor.ReplaceNode(anchor, (current, _) => current.WithLeadingTrivia(current.GetLeadingTrivia().Insert(0, NewLineOf(anchor))));
        }

        editor.InsertBefore(anchor, Mark(statement.WithLeadingTrivia(anchor.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia())));
    }

    public void InsertAfter(StatementSyntax anchor, StatementSyntax statement) => EditorOf(anchor)!.InsertAfter(anchor, Mark(statement));

    /// <summary>Replaces <paramref name="statement"/> with <paramref name="replacement"/>, which takes its comments.</summary>
    public void ReplaceStatement(StatementSyntax statement, StatementSyntax replacement)
    {
        CheckErrors(statement);
        EditorOf(statement)!.ReplaceNode(statement, Mark(replacement.WithTriviaFrom(statement)));
    }

    /// <summary>
    /// Wraps <paramref name="statement"/> in <c>lock (<paramref name="lockedValue"/>) { ... }</c>: the lock takes the
    /// comments before the statement, the statement keeps the one after it.
    /// </summary>
    public void WrapInLock(StatementSyntax statement, ExpressionSyntax lockedValue)
    {
        CheckErrors(statement);
        var inner = statement.WithLeadingTrivia(ElasticMarker);
        var body = Block(SingletonList(inner)).WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(ElasticMarker));
        // An embedded statement (if (c) x++;) or one of a switch section: the formatter places the lock, keeping comments.
        var leading = statement.Parent is BlockSyntax || statement.GetLeadingTrivia().Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia))
            ? statement.GetLeadingTrivia()
            : TriviaList(ElasticMarker);
        var wrapped = LockStatement(lockedValue.WithoutTrivia(), body).WithLeadingTrivia(leading);
        EditorOf(statement)!.ReplaceNode(statement, Mark(wrapped));
    }

    /// <summary>
    /// Wraps the whole body of <paramref name="method"/> in <c>try { ... }</c> followed by <paramref name="handler"/>; an
    /// expression-bodied void method gets a block. The statements keep their comments, including those at the end of
    /// the block; false when the method has no body to wrap (an expression body that returns a value, or none).
    /// </summary>
    public bool WrapBodyInTry(MethodDeclarationSyntax method, CatchClauseSyntax handler)
    {
        if (EditorOf(method) is not { } editor || !(method.Body is not null || (method.ExpressionBody is not null && IsVoid(method))))
        {
            return false;
        }

        CheckErrors(method);
        editor.ReplaceNode(method, (current, _) =>
        {
            var declaration = (MethodDeclarationSyntax)current;
            if (declaration.Body is null)
            {
                declaration = WithBlock(declaration, new[] { StatementOf(declaration.ExpressionBody!.Expression.WithoutTrivia()) });
            }

            var body = declaration.Body!;
            var tryBlock = Block(body.Statements)
                .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(body.CloseBraceToken.LeadingTrivia));
            var wrapped = TryStatement(tryBlock, SingletonList(handler), null);
            var newBody = body
                .WithStatements(SingletonList<StatementSyntax>(wrapped))
                .WithCloseBraceToken(body.CloseBraceToken.WithLeadingTrivia(ElasticMarker));
            return declaration.WithBody(Mark(newBody));
        });
        return true;
    }

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

    /// <summary>
    /// The name of the class's lock gate, <c>private static readonly object <paramref name="stem"/> = new();</c>: an
    /// existing field of that name and shape in the patch class (any part), else one added under the first name not
    /// taken (<c>s_gate</c>, <c>s_gate2</c>, ...). Asked twice, the editor adds it once.
    /// </summary>
    public string Gate(string stem = "s_gate")
    {
        if (_gate is not null)
        {
            return _gate;
        }

        for (var n = 1; ; n++)
        {
            var name = n == 1 ? stem : stem + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_reserved.Contains(name))
            {
                continue;
            }

            if (IsGate(name))
            {
                return _gate = name;
            }

            if (IsFree(name))
            {
                _reserved.Add(name);
                var languageVersion = (Part.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.CSharp9;
                ExpressionSyntax creation = languageVersion >= LanguageVersion.CSharp9
                    ? ImplicitObjectCreationExpression()
                    : ObjectCreationExpression(PredefinedType(Token(SyntaxKind.ObjectKeyword))).WithArgumentList(ArgumentList());
                var declaration = FieldDeclaration(VariableDeclaration(
                        PredefinedType(Token(SyntaxKind.ObjectKeyword)),
                        SingletonSeparatedList(VariableDeclarator(name).WithInitializer(EqualsValueClause(creation)))))
                    .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword)));
                _newFields.Add(Mark(declaration));
                return _gate = name;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="node"/> can be evaluated in another hook: it names no local variable or parameter declared
    /// outside it, except the hook's own parameter (which <see cref="RenameParameter"/> maps); names inside
    /// <paramref name="except"/> (a part the caller drops) do not count.
    /// </summary>
    public bool IsPortable(SyntaxNode node, IMethodSymbol? hook, SyntaxNode? except = null)
        => IsPortable(node, hook, except, new[] { node });

    /// <summary>Whether <paramref name="nodes"/>, moved together, can be evaluated in another hook: the locals they name are declared among them.</summary>
    public bool IsPortable(IReadOnlyList<SyntaxNode> nodes, IMethodSymbol hook)
        => nodes.All(node => IsPortable(node, hook, null, nodes));

    private bool IsPortable(SyntaxNode node, IMethodSymbol? hook, SyntaxNode? except, IReadOnlyList<SyntaxNode> declaring)
    {
        var model = ModelOf(node);
        foreach (var name in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (except is not null && except.Span.Contains(name.Span))
            {
                continue;
            }

            var symbol = model.GetSymbolInfo(name, _target.CancellationToken).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol
                && !(symbol is IParameterSymbol parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, hook))
                && !symbol.DeclaringSyntaxReferences.Any(r => declaring.Any(d => r.SyntaxTree == d.SyntaxTree && d.Span.Contains(r.Span))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><paramref name="node"/> with every reference to <paramref name="parameter"/> renamed to <paramref name="name"/>.</summary>
    public T RenameParameter<T>(T node, IParameterSymbol parameter, string name)
        where T : SyntaxNode
    {
        if (parameter.Name == name)
        {
            return node;
        }

        var model = ModelOf(node);
        var references = node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, _target.CancellationToken).Symbol, parameter))
            .ToList();
        return node.ReplaceNodes(references, (original, _) => original.WithIdentifier(Identifier(original.Identifier.LeadingTrivia, name, original.Identifier.TrailingTrivia)));
    }

    /// <summary>A name for a new member, free in the patch class and its bases: <paramref name="stems"/> as they are, or each with the same number appended.</summary>
    public string[] ReserveNames(params string[] stems)
    {
        for (var n = 1; ; n++)
        {
            var names = stems.Select(s => n == 1 ? s : s + n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (names.All(IsFree))
            {
                _reserved.UnionWith(names);
                return names;
            }
        }
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

    /// <summary>A type's name as the code reads it: qualified, then reduced by the simplifier where the usings allow.</summary>
    public TypeSyntax TypeOf(ITypeSymbol type)
        => ((TypeSyntax)Generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>A type's name as <see cref="TypeOf"/>, with a <c>using</c> of its namespace added to the document if missing.</summary>
    public TypeSyntax TypeWithImport(ITypeSymbol type)
        => TypeOf(type).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation);

    /// <summary>
    /// A type's name where an expression is read (before <c>.Member</c>), reduced by the simplifier: the member-access
    /// chain the parser builds from the same text (<c>A.B.C</c> is a qualified name only where a type is read), so that
    /// the fixed tree is the tree of the fixed text. With <paramref name="addImport"/>, the type's namespace is imported
    /// and the name reduced to the type's own (the import is added to qualified names only).
    /// </summary>
    public ExpressionSyntax TypeAsExpression(ITypeSymbol type, bool addImport = false)
        => addImport ? TypeWithImport(type) : AsExpression(TypeOf(type)).WithAdditionalAnnotations(Simplifier.Annotation);

    private static ExpressionSyntax AsExpression(TypeSyntax type)
    {
        // A qualified name's left side is as deep as the type's namespaces are nested: no unbounded recursion.
        return type is QualifiedNameSyntax qualified
            ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsExpression(qualified.Left), qualified.Right)
            : type;
    }

    /// <summary>The solution with every edit made, or null when something the editor added does not compile.</summary>
    public async Task<Solution?> GetChangedSolutionAsync()
    {
        // Emptied members go after the new ones are placed, so that a new hook takes the place of the one it replaces.
        var emptied = MarkEmptied();
        if (_newFields.Count > 0 || _newHooks.Count > 0)
        {
            _editors[_target.Document.Id].ReplaceNode(Part, (current, _) => AddMembers((ClassDeclarationSyntax)current));
        }

        RemoveEmptied(emptied);

        var solution = _solution.GetChangedSolution();
        foreach (var id in _editors.Keys)
        {
            var document = solution.GetDocument(id)!;
            var root = await document.GetSyntaxRootAsync(_target.CancellationToken).ConfigureAwait(false);
            var added = root!.GetAnnotatedNodes(_added).ToList();
            if (added.Count > 0)
            {
                var model = await document.GetSemanticModelAsync(_target.CancellationToken).ConfigureAwait(false);
                if (added.Any(node => model!.GetDiagnostics(node.Span, _target.CancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error)))
                {
                    return null;
                }
            }

            if (_checkedDocuments.Contains(id)
                && await ErrorCountAsync(_target.Solution.GetDocument(id)!).ConfigureAwait(false) < await ErrorCountAsync(document).ConfigureAwait(false))
            {
                return null;
            }
        }

        return solution;
    }

    private async Task<int> ErrorCountAsync(Document document)
    {
        var model = await document.GetSemanticModelAsync(_target.CancellationToken).ConfigureAwait(false);
        return model!.GetDiagnostics(null, _target.CancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>After this edit of <paramref name="node"/>'s document, the document may not have more errors than before.</summary>
    private void CheckErrors(SyntaxNode node)
    {
        if (_target.Solution.GetDocument(node.SyntaxTree) is { } document)
        {
            _checkedDocuments.Add(document.Id);
        }
    }

    private DocumentEditor? EditorOf(SyntaxNode node)
        => _target.Solution.GetDocument(node.SyntaxTree) is { } document && _editors.TryGetValue(document.Id, out var editor) ? editor : null;

    private T Mark<T>(T node)
        where T : SyntaxNode
        => node.WithAdditionalAnnotations(Formatter.Annotation, _added);

    /// <summary>Whether the patch class has <c>private static readonly object <paramref name="name"/> = new();</c> (or <c>new object()</c>).</summary>
    private bool IsGate(string name)
    {
        var members = Type.GetMembers(name);
        return members.Length == 1
               && members[0] is IFieldSymbol { IsStatic: true, IsReadOnly: true, DeclaredAccessibility: Accessibility.Private, Type.SpecialType: SpecialType.System_Object } field
               && field.DeclaringSyntaxReferences.Length == 1
               && field.DeclaringSyntaxReferences[0].GetSyntax(_target.CancellationToken) is VariableDeclaratorSyntax { Initializer.Value: var value }
               && value switch
               {
                   ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null } => true,
                   ObjectCreationExpressionSyntax { Type: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.ObjectKeyword }, ArgumentList: null or { Arguments.Count: 0 }, Initializer: null } => true,
                   _ => false,
               };
    }

    private bool IsFree(string name)
    {
        if (_reserved.Contains(name))
        {
            return false;
        }

        for (var type = Type; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(name).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The override of <paramref name="hook"/> in a base patch (between the patch class and LivePatch), if any.</summary>
    private IMethodSymbol? BaseOverride(string hook)
    {
        for (var type = Type.BaseType; type is not null && !SymbolEqualityComparer.Default.Equals(type, Api.LivePatch); type = type.BaseType)
        {
            if (type.GetMembers(hook).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsOverride && m.Parameters.Length == 1) is { } method)
            {
                return method;
            }
        }

        return null;
    }

    private static MethodDeclarationSyntax AppendTo(MethodDeclarationSyntax method, IReadOnlyList<StatementSyntax> statements)
    {
        if (method.Body is { } body)
        {
            var added = statements.ToList();
            if (!IsVoid(method) && ContinueReturn(body) is { Parent: BlockSyntax inner } continues && inner != body)
            {
                // PrePatch goes on in one branch only: the statements go before that branch's return.
                return method.WithBody(body.ReplaceNode(inner, inner.WithStatements(inner.Statements.InsertRange(inner.Statements.IndexOf(continues), added))));
            }

            var existing = body.Statements;
            var at = existing.LastOrDefault() is ReturnStatementSyntax ? existing.Count - 1 : existing.Count;
            if (at > 0 && existing[at - 1].GetLastToken().IsKind(SyntaxKind.CloseBraceToken) && LeadingBlankLines(added[0]) == 0)
            {
                // A blank line after a block.
                added[0] = added[0].WithLeadingTrivia(added[0].GetLeadingTrivia().Insert(0, NewLineOf(method)));
            }

            if (at < existing.Count && at > 0 && existing[at - 1].GetLastToken().IsKind(SyntaxKind.CloseBraceToken) && LeadingBlankLines(existing[at]) > 0)
            {
                // The blank line that set the return off from a block now sets off the appended statements (above).
                existing = existing.Replace(existing[at], existing[at].WithLeadingTrivia(WithoutBlankLines(existing[at].GetLeadingTrivia())));
            }

            return method.WithBody(body.WithStatements(existing.InsertRange(at, added)));
        }

        // An expression body becomes a block: the expression first for a void hook, returned last for PrePatch.
        var expression = method.ExpressionBody!.Expression.WithoutLeadingTrivia();
        return WithBlock(method, IsVoid(method)
            ? new StatementSyntax[] { ExpressionStatement(expression) }.Concat(statements)
            : statements.Concat(new StatementSyntax[] { ReturnStatement(expression) }));
    }

    /// <summary>
    /// The return that statements appended to a non-void hook (PrePatch) go before: its last statement, when that is a
    /// return; else its one <c>return HookResult.Continue;</c> in a block, when every other return rejects
    /// (<c>return HookResult.Reject(...);</c>): the statements then run exactly when the patch goes on. Null otherwise.
    /// </summary>
    private static ReturnStatementSyntax? ContinueReturn(BlockSyntax body)
    {
        if (body.Statements.LastOrDefault() is ReturnStatementSyntax last)
        {
            return last;
        }

        ReturnStatementSyntax? continues = null;
        foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case ReturnStatementSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Continue" }, Parent: BlockSyntax } found when continues is null:
                    continues = found;
                    break;
                case ReturnStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Reject" } } }:
                    break;
                case ReturnStatementSyntax:
                    return null;
            }
        }

        return continues;
    }

    /// <summary>
    /// <paramref name="statements"/> of a new hook with their final return (if any) set off by one blank line when the
    /// statement before it ends in a block, and by none otherwise; statements appended later before that return take the
    /// blank line over (<see cref="AppendTo"/>), so one FixAll and several fixes in turn write the same text.
    /// </summary>
    private static SyntaxList<StatementSyntax> SeparateReturn(SyntaxList<StatementSyntax> statements, SyntaxTrivia newLine)
    {
        if (statements.Count < 2 || statements.Last() is not ReturnStatementSyntax last)
        {
            return statements;
        }

        var leading = WithoutBlankLines(last.GetLeadingTrivia());
        if (statements[statements.Count - 2].GetLastToken().IsKind(SyntaxKind.CloseBraceToken))
        {
            leading = leading.Insert(0, newLine);
        }

        return statements.Replace(last, last.WithLeadingTrivia(leading));
    }

    /// <summary>An expression-bodied method with a block body of <paramref name="statements"/> instead.</summary>
    private static MethodDeclarationSyntax WithBlock(MethodDeclarationSyntax method, IEnumerable<StatementSyntax> statements)
    {
        var block = Block(statements).WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(method.SemicolonToken.TrailingTrivia));
        return method
            .WithParameterList(method.ParameterList.WithTrailingTrivia(ElasticMarker))
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(block)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The statement a void method's expression body stands for: <c>throw x;</c> for <c>=&gt; throw x</c>.</summary>
    private static StatementSyntax StatementOf(ExpressionSyntax expression)
        => expression is ThrowExpressionSyntax thrown ? ThrowStatement(thrown.Expression) : ExpressionStatement(expression);

    private static bool IsVoid(MethodDeclarationSyntax method) => method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };

    /// <summary>How many trivia at the start of <paramref name="node"/>'s leading trivia are blank lines (each one end of line).</summary>
    private static int LeadingBlankLines(SyntaxNode node)
    {
        var trivia = node.GetLeadingTrivia();
        var count = 0;
        while (count < trivia.Count && trivia[count].IsKind(SyntaxKind.EndOfLineTrivia))
        {
            count++;
        }

        return count;
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

    /// <summary><paramref name="trivia"/> without the blank lines it starts with.</summary>
    private static SyntaxTriviaList WithoutBlankLines(SyntaxTriviaList trivia)
    {
        var start = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
            else if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        return TriviaList(trivia.Skip(start));
    }

    private static SyntaxTrivia NewLineOf(SyntaxNode node)
        => node.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() == "\r\n" ? CarriageReturnLineFeed : LineFeed;

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

    /// <summary>After the last hook (in source order) that comes earlier in the lifecycle; else before the first that comes later; else last.</summary>
    private static int HookPosition(ClassDeclarationSyntax part, string hook)
    {
        var order = Hooks.All.IndexOf(hook);
        int? after = null, before = null;
        for (var i = 0; i < part.Members.Count; i++)
        {
            if (part.Members[i] is MethodDeclarationSyntax method && Hooks.All.IndexOf(method.Identifier.ValueText) is var o && o >= 0
                && method.Modifiers.Any(SyntaxKind.OverrideKeyword))
            {
                if (o < order)
                {
                    after = i;
                }
                else if (o > order && before is null)
                {
                    before = i;
                }
            }
        }

        return after + 1 ?? before ?? part.Members.Count;
    }

    private MethodDeclarationSyntax NewHook(string hook, IEnumerable<StatementSyntax> statements)
    {
        var body = new List<StatementSyntax>();
        var isPrePatch = hook == Hooks.PrePatch;
        if (BaseOverride(hook) is not null)
        {
            // A base patch's hook still runs first; a base PrePatch that rejects is obeyed before anything is changed:
            // var result = base.PrePatch(context); if (result.IsRejected) { return result; }
            var callBase = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, BaseExpression(), IdentifierName(hook)),
                ArgumentList(SingletonSeparatedList(Argument(IdentifierName(ContextParameter)))));
            if (isPrePatch)
            {
                body.Add(LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(VariableDeclarator("result").WithInitializer(EqualsValueClause(callBase))))));
                body.Add(IfStatement(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("result"), IdentifierName("IsRejected")),
                    Block(ReturnStatement(IdentifierName("result")))));
            }
            else
            {
                body.Add(ExpressionStatement(callBase));
            }
        }

        body.AddRange(statements);
        if (isPrePatch)
        {
            body.Add(ReturnStatement(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeAsExpression(Api.HookResult!), IdentifierName("Continue"))));
        }

        // LivePatch's hooks are protected internal: an override outside its assembly is protected.
        var modifiers = SymbolEqualityComparer.Default.Equals(Api.LivePatch.ContainingAssembly, _target.Model.Compilation.Assembly)
            ? TokenList(Token(SyntaxKind.ProtectedKeyword), Token(SyntaxKind.InternalKeyword), Token(SyntaxKind.OverrideKeyword))
            : TokenList(Token(SyntaxKind.ProtectedKeyword), Token(SyntaxKind.OverrideKeyword));
        var method = MethodDeclaration(isPrePatch ? TypeOf(Api.HookResult!) : PredefinedType(Token(SyntaxKind.VoidKeyword)), hook)
            .WithModifiers(modifiers)
            .WithParameterList(ParameterList(SingletonSeparatedList(Parameter(Identifier(ContextParameter)).WithType(TypeOf(Api.PatchContext!)))))
            .WithBody(Block(SeparateReturn(List(body), NewLineOf(Part))));
        return Mark(method);
    }
}
