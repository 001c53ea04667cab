using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0005: a shadow variable the patch attaches that <c>PostUnpatch</c> never detaches with <c>DetachAll()</c>: its
/// values stay attached to the host's objects after the patch is gone (HS0004 when the detach is in <c>PreUnpatch</c>).
/// </summary>
internal sealed class ShadowVariableLeak : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.ShadowVariableLeak);

    public override bool MovesStatements => true;

    public override void Check(PatchModel model, RuleContext context)
    {
        foreach (var shadow in model.Pairing.Shadows)
        {
            if (shadow.Status != UndoStatus.Missing)
            {
                continue;
            }

            // Inside the patch the variable is named by its name; elsewhere by its full path.
            var variable = shadow.Variable;
            var attach = shadow.Attach;
            var expression = SymbolEqualityComparer.Default.Equals(variable.ContainingType, model.Type) || IsInBase(model.Type, variable)
                ? variable.Name
                : attach.Effect.Path;
            var properties = FindingProperties.Of(attach, hook: shadow.Where, targetHook: Hooks.PostUnpatch, path: expression);
            context.Report(new Finding(Analyzers.Descriptors.ShadowVariableLeak, attach.Location, attach.HelperLocation, properties, variable.Name, shadow.Where, attach.Via, expression));
        }
    }

    private static bool IsInBase(INamedTypeSymbol type, ISymbol member)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, member.ContainingType))
            {
                return true;
            }
        }

        return false;
    }
}
