using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0003: a registration made in <c>PostPatch</c> (an event handler, a callback, a timer or thread, a subscription)
/// that <c>PreUnpatch</c> never undoes: once the patch is disabled, the host keeps calling into its code.
/// </summary>
internal sealed class MissingUnregistration : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.MissingUnregistration);

    public override bool MovesStatements => true;

    public override void Check(PatchModel model, RuleContext context)
    {
        if (model.IsSticky)
        {
            return;
        }

        foreach (var pair in model.Pairing.Pairs)
        {
            if (pair.Status == UndoStatus.Missing && pair.Sort == ChangeSort.Registration && pair.Role == Role.PostPatch)
            {
                context.Report(MissingUndo.Report(Analyzers.Descriptors.MissingUnregistration, pair));
            }
        }
    }
}
