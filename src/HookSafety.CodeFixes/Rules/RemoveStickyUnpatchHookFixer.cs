using System.Collections.Immutable;
using System.Composition;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0015 (a sticky patch with unpatch hooks): removes the overriding <c>PreUnpatch</c> or <c>PostUnpatch</c> the
/// finding is on, with its comments, leaving one blank line between the members around it. Preprocessor directives
/// before it stay. Helpers and fields only the hook used stay too: the compiler's and IDE's unused-member diagnostics
/// point at them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveStickyUnpatchHookFixer)), Shared]
public sealed class RemoveStickyUnpatchHookFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0015.RemoveHook";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.StickyUnpatchHooks);

    private protected override PatchFix? Plan(FixTarget target)
    {
        if (!target.Is(Descriptors.StickyUnpatchHooks) || target.Hook is not (Hooks.PreUnpatch or Hooks.PostUnpatch) || target.Node is not MethodDeclarationSyntax method)
        {
            return null;
        }

        var hookName = target.Hook;
        return new PatchFix($"Remove {hookName}", EquivalenceKey, editor =>
            editor.HookDeclaredBy(method, hookName) is not null && editor.RemoveMember(method));
    }
}
