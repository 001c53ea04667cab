using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0016: a wait with no timeout (<c>Thread.Sleep</c>, <c>Task.Wait()</c>, <c>.Result</c>, <c>Monitor.Enter</c>, ...;
/// the table is <see cref="ThreadingTables.IsBlockingWait"/>) in one of the four hooks or a helper they call: the
/// manager's enable or disable blocks with it.
/// </summary>
internal sealed class BlockingWait : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.BlockingWait);

    public override void Check(PatchModel model, RuleContext context)
    {
        foreach (var (hook, effects) in model.Hooks)
        {
            foreach (var reached in effects.Where(e => e.Effect.Kind == EffectKind.BlockingWait))
            {
                context.Report(new Finding(Analyzers.Descriptors.BlockingWait, reached.Location, reached.HelperLocation,
                    ImmutableDictionary<string, string?>.Empty, reached.Effect.Path, Phases.HookName(hook), reached.Via));
            }
        }
    }
}
