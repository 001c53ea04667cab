using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace HookSafety.CodeFixes;

/// <summary>
/// What a <see cref="PatchFixer"/> plans for one diagnostic: a title, its equivalence key, and the edit, made on a
/// <see cref="PatchEditor"/> (the edit returns false when it finds it cannot be made after all); with
/// <c>anyClass</c>, on the class around the diagnostic even if it is not a patch (see <see cref="PatchEditor.CreateAsync"/>).
/// </summary>
internal sealed class PatchFix
{
    public PatchFix(string title, string equivalenceKey, Func<PatchEditor, bool> edit, bool anyClass = false)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        Edit = edit;
        AnyClass = anyClass;
    }

    /// <summary>Whether the edit may be made in a class that is not a patch.</summary>
    public bool AnyClass { get; }

    public string Title { get; }

    public string EquivalenceKey { get; }

    public Func<PatchEditor, bool> Edit { get; }

    /// <summary>
    /// The solution after the edit, with the title (the edit may name what it added), or null when the edit cannot be made
    /// or what it adds does not compile.
    /// </summary>
    public async Task<(Solution Solution, string Title)?> ApplyAsync(FixTarget target)
    {
        var editor = await PatchEditor.CreateAsync(target, AnyClass).ConfigureAwait(false);
        if (editor is null || !Edit(editor) || await editor.GetChangedSolutionAsync().ConfigureAwait(false) is not { } solution)
        {
            return null;
        }

        return (solution, editor.Title ?? Title);
    }
}
