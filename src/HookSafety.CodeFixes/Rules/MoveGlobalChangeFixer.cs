using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0001: moves a global change made in <c>PostPatch</c> to <c>PrePatch</c> (before its final <c>return</c>, or the one
/// <c>return HookResult.Continue;</c> of a PrePatch that rejects in its other branches), and one made in
/// <c>PreUnpatch</c> to <c>PostUnpatch</c>, creating the hook if missing. A <c>PostPatch</c> change undone in
/// <c>PreUnpatch</c> (the finding's additional location) takes its undo along to <c>PostUnpatch</c>, so the pair stays
/// matched. What belongs with the change moves with it, in the hook's order: the <c>if</c>s that guard only it, the
/// statements before it that read the member it changes (the save of its old value, <c>s_saved = Net.Limit;</c>,
/// which must still read the value the patch found), the declarations of the locals it uses and the statements that
/// use the locals they declare; when one of those is a branch, no fix is offered. A hook's call of a helper moves
/// when everything the call does is a change this rule moves the same way (<see cref="FixTarget.IsWholeCall"/>).
/// Changes in a constructor of the patch, a field initializer or a <c>[Replaces]</c> method move to <c>PrePatch</c>.
/// A hook or constructor left with nothing to do is removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveGlobalChangeFixer)), Shared]
public sealed class MoveGlobalChangeFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0001.MoveToMatchingHook";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.GlobalStateOutsidePrePatch);

    private protected override PatchFix? Plan(FixTarget target)
    {
        var (from, to) = (target.Hook, target.TargetHook);
        if (from == TypeInit && to == Hooks.PrePatch && target.IsDirect)
        {
            return FromConstructor(target) ?? FromInitializer(target);
        }

        if (from == Replacement && to == Hooks.PrePatch && target.IsDirect)
        {
            return FromReplacement(target);
        }

        if (!(target.IsDirect || target.IsWholeCall) || !((from == Hooks.PostPatch && to == Hooks.PrePatch) || (from == Hooks.PreUnpatch && to == Hooks.PostUnpatch))
            || LifecycleStatements.MovableOf(target.Node) is not { } movable)
        {
            return null;
        }

        var change = WithItsLoops(movable);

        // The undo of a PostPatch change, if it sits in PreUnpatch: it moves to PostUnpatch with it (after the helper's
        // statement, for a change through a helper).
        var undo = from == Hooks.PostPatch
            ? target.Additional.Skip(target.IsDirect ? 0 : 1).Select(LifecycleStatements.MovableOf).FirstOrDefault(s => s is not null)
            : null;
        return new PatchFix($"Move to {to}", EquivalenceKey, editor =>
        {
            if (editor.HookHolding(change, from!) is not { } holder
                || Group(editor, change, ChangedMembers(target)) is not { } group
                || !group.All(s => editor.HookHolding(s, from!) is not null)
                || !editor.IsPortable(group, holder.Symbol))
            {
                return false;
            }

            // A helper called from PreUnpatch may also undo registrations, which belong there: it stays (and HS0004 says so).
            var moveUndo = undo is not null && IsMovable(editor, undo, Hooks.PreUnpatch) && !editor.CallsPatchHelper(undo);
            var title = group.Count == 1 ? $"Move to {to}" : $"Move to {to}, with what reads its old value first";
            editor.Title = moveUndo ? $"{title}, and its undo to {Hooks.PostUnpatch}" : title;
            return group.All(s => editor.Move(s, from!, to!))
                   && (!moveUndo || editor.Move(undo!, Hooks.PreUnpatch, Hooks.PostUnpatch));
        });
    }

    /// <summary>What a finding's Hook property says of a change in a constructor, static constructor or field initializer (<see cref="Phases.HookName"/>).</summary>
    private const string TypeInit = nameof(Role.TypeInit);

    /// <summary>
    /// The statement of the hook's body that holds <paramref name="movable"/> through loops and <c>if</c>s without
    /// <c>else</c> (<c>for (...) { Devices.All[i].Offload = false; }</c>), when everything in it is a write (an
    /// assignment, <c>++</c>, <c>--</c>): the loop moves whole, since its writes are all changes to move. Otherwise
    /// <paramref name="movable"/> itself.
    /// </summary>
    private static SyntaxNode WithItsLoops(SyntaxNode movable)
    {
        if (movable is not StatementSyntax statement)
        {
            return movable;
        }

        // Up through blocks and the statements that own them, to the statement of the method's body (or of a lambda's, which stays).
        var top = statement;
        while (top.Parent switch
               {
                   BlockSyntax { Parent: StatementSyntax owner } => owner,
                   StatementSyntax embedding and not BlockSyntax => embedding,
                   _ => null,
               } is { } up)
        {
            top = up;
        }

        return top != statement
               && top.Parent is BlockSyntax { Parent: MethodDeclarationSyntax }
               && top.DescendantNodesAndSelf().OfType<StatementSyntax>().All(s => s switch
               {
                   BlockSyntax or ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or IfStatementSyntax { Else: null } => true,
                   ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax } => true,
                   _ => s == statement,
               })
            ? top
            : movable;
    }

    /// <summary>What a finding's Hook property says of a change in a <c>[Replaces]</c> method.</summary>
    private const string Replacement = nameof(Role.Replacement);

    /// <summary>
    /// A field initializer's change (<c>static readonly int s_old = Net.Limit = 1000;</c>): the initializer becomes an
    /// assignment at the end of <c>PrePatch</c> and the field loses its <c>readonly</c>.
    /// </summary>
    private static PatchFix? FromInitializer(FixTarget target)
    {
        if (target.Node.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is not { Initializer: { } initializer } declarator
            || !initializer.Value.Span.Contains(target.Node.Span))
        {
            return null;
        }

        return new PatchFix($"Initialize '{declarator.Identifier.ValueText}' in {Hooks.PrePatch}", EquivalenceKey, editor => editor.MoveInitializer(declarator, Hooks.PrePatch));
    }

    /// <summary>
    /// A change in a <c>[Replaces]</c> method (a one-time fix-up, a process setting): the top-level statement that holds
    /// it moves to the end of <c>PrePatch</c>, so that it happens once, before the new code is live. A change under
    /// <c>if</c>s without <c>else</c> moves with them (<c>if (!s_done) { s_done = true; Net.Limit = 1000; }</c> keeps its
    /// flag), when they hold nothing but expression statements. Nothing that names the method's parameters or locals
    /// moves.
    /// </summary>
    private static PatchFix? FromReplacement(FixTarget target)
    {
        if (FixSyntax.StatementOf(target.Node) is not { } statement)
        {
            return null;
        }

        StatementSyntax unit = statement;
        while (unit.Parent is IfStatementSyntax { Else: null } or BlockSyntax { Parent: IfStatementSyntax { Else: null } })
        {
            unit = unit.Parent as IfStatementSyntax ?? (IfStatementSyntax)unit.Parent.Parent!;
        }

        if (unit.Parent is not BlockSyntax { Parent: MethodDeclarationSyntax }
            || unit.DescendantNodesAndSelf().OfType<StatementSyntax>().Any(s => s is not (BlockSyntax or ExpressionStatementSyntax or IfStatementSyntax { Else: null })))
        {
            return null;
        }

        return new PatchFix($"Move to {Hooks.PrePatch}", EquivalenceKey, editor => editor.MoveOutOfMethod(unit, Hooks.PrePatch));
    }

    /// <summary>
    /// A change in a constructor of the patch (static, or instance without parameters) moves to <c>PrePatch</c>, with
    /// the statements before it that read the member: it then happens when the patch is enabled, where HS0002 asks
    /// for its undo. A field initializer's change stays (it is part of an expression).
    /// </summary>
    private static PatchFix? FromConstructor(FixTarget target)
    {
        if (FixSyntax.StatementOf(target.Node) is not { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax } } change)
        {
            return null;
        }

        return new PatchFix($"Move to {Hooks.PrePatch}", EquivalenceKey, editor =>
        {
            // A constructor's locals stay: each statement moves on its own.
            if (Group(editor, change, ChangedMembers(target)) is not { } group || group.Any(s => s is LocalDeclarationStatementSyntax))
            {
                return false;
            }

            editor.Title = group.Count == 1 ? $"Move to {Hooks.PrePatch}" : $"Move to {Hooks.PrePatch}, with what reads its old value first";
            return group.All(s => editor.MoveOutOfConstructor((StatementSyntax)s, Hooks.PrePatch));
        });
    }

    /// <summary>
    /// The fields and properties whose old value a save before the change reads: the one the change writes (<c>M = v</c>,
    /// <c>M++</c>, <c>ref M</c>) or calls a method of (<c>M.Add(x)</c>); through a helper, the one the helper's statement
    /// (the first additional location) changes, and, when the call is a store through a setter (<c>AckLimit = 1000</c>),
    /// that property too, whose getter a save reads (<c>s_saved = AckLimit;</c>).
    /// </summary>
    private static List<ISymbol> ChangedMembers(FixTarget target)
    {
        var members = new List<ISymbol>();
        Add(target.IsDirect ? target.Node : target.Additional.FirstOrDefault());
        if (!target.IsDirect)
        {
            Add(target.Node);
        }

        return members;

        void Add(SyntaxNode? node)
        {
            var member = node is null ? null : FixSyntax.WrittenMember(node)
                ?? (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Expression : null);
            var symbol = member is null ? null : target.Model.Compilation.GetSemanticModel(member.SyntaxTree).GetSymbolInfo(member, target.CancellationToken).Symbol;
            if (symbol is IFieldSymbol or IPropertySymbol)
            {
                members.Add(symbol.OriginalDefinition);
            }
        }
    }

    /// <summary>
    /// The statements of the change's hook that move with it, in the hook's order, the change among them: those before
    /// it that read one of <paramref name="members"/> (the save of its old value, which must still read the value the patch
    /// found), the declarations of the locals and local functions the moving statements use, and the statements that use
    /// the locals they declare. Null when one of them, other than the change, is not an expression statement or a local declaration (a
    /// branch on the old value cannot move without what it guards).
    /// </summary>
    private static List<SyntaxNode>? Group(PatchEditor editor, SyntaxNode change, List<ISymbol> members)
    {
        if (change is not StatementSyntax { Parent: BlockSyntax block } statement)
        {
            return new List<SyntaxNode> { change };
        }

        var model = editor.ModelOf(change);
        var group = new HashSet<StatementSyntax> { statement };
        if (members.Count > 0)
        {
            foreach (var earlier in block.Statements.TakeWhile(s => s != statement))
            {
                if (earlier.DescendantNodes().OfType<SimpleNameSyntax>().Any(n => model.GetSymbolInfo(n).Symbol?.OriginalDefinition is { } read
                                                                                 && members.Contains(read, SymbolEqualityComparer.Default)))
                {
                    group.Add(earlier);
                }
            }
        }

        // Locals travel with what declares them: each pass adds at least one statement, or ends.
        for (var grew = true; grew;)
        {
            grew = false;
            var declared = new HashSet<ISymbol>(group.OfType<LocalDeclarationStatementSyntax>()
                .SelectMany(d => d.Declaration.Variables)
                .Select(v => model.GetDeclaredSymbol(v))
                .Where(v => v is not null)!, SymbolEqualityComparer.Default);
            var used = new HashSet<ISymbol>(group.SelectMany(s => LocalsUsed(model, s)), SymbolEqualityComparer.Default);
            foreach (var other in block.Statements)
            {
                if (group.Contains(other))
                {
                    continue;
                }

                var declares = (other is LocalDeclarationStatementSyntax declaration
                                && declaration.Declaration.Variables.Any(v => model.GetDeclaredSymbol(v) is { } local && used.Contains(local)))
                               || (other is LocalFunctionStatementSyntax function && model.GetDeclaredSymbol(function) is { } helper && used.Contains(helper));
                if (declares || LocalsUsed(model, other).Any(declared.Contains))
                {
                    group.Add(other);
                    grew = true;
                }
            }
        }

        var ordered = block.Statements.Where(group.Contains).ToList();
        return ordered.All(s => s == statement || s is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax)
            ? ordered.Cast<SyntaxNode>().ToList()
            : null;
    }

    /// <summary>The locals and local functions <paramref name="node"/> names.</summary>
    private static IEnumerable<ISymbol> LocalsUsed(SemanticModel model, SyntaxNode node)
        => node.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => model.GetSymbolInfo(n).Symbol)
            .Where(s => s is ILocalSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction })!;

    private static bool IsMovable(PatchEditor editor, SyntaxNode movable, string hook)
        => editor.HookHolding(movable, hook) is { } holder && editor.IsPortable(movable, holder.Symbol);
}
