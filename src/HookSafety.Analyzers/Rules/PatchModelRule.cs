using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// One rule decided over the patch model (<see cref="PatchModel"/>): it reads the model and reports findings, nothing
/// else. <see cref="PatchModelAnalyzer"/> runs the table of them, once per patch type.
/// </summary>
internal abstract class PatchModelRule
{
    /// <summary>What the rule reports (one descriptor, or a few for a rule with several messages).</summary>
    public abstract ImmutableArray<DiagnosticDescriptor> Descriptors { get; }

    /// <summary>
    /// Whether the rule's findings are changes, registrations and undos a fix moves by statement: the host marks
    /// <see cref="FindingProperties.WholeCall"/> over them (HS0001–HS0005).
    /// </summary>
    public virtual bool MovesStatements => false;

    /// <summary>Decides the rule for one patch type.</summary>
    public abstract void Check(PatchModel model, RuleContext context);

    /// <summary>
    /// The kinds of declarations the rule also looks at alone, outside any patch (a <c>[GuardedBy]</c> on any field), in
    /// a compilation with this hook API; none when there is nothing to look for (then no action is registered).
    /// </summary>
    public virtual ImmutableArray<SymbolKind> DeclarationKinds(HookApi api) => ImmutableArray<SymbolKind>.Empty;

    /// <summary>Looks at one declaration of <see cref="DeclarationKinds"/>.</summary>
    public virtual void CheckDeclaration(SymbolAnalysisContext context, HookApi api)
    {
    }
}

/// <summary>What a rule is given besides the model: the hook API, the cancellation, and where its findings go.</summary>
internal sealed class RuleContext
{
    private readonly List<Finding> _findings;

    public RuleContext(HookApi api, List<Finding> findings, CancellationToken cancellationToken)
    {
        Api = api;
        _findings = findings;
        CancellationToken = cancellationToken;
    }

    public HookApi Api { get; }

    public CancellationToken CancellationToken { get; }

    public void Report(Finding finding) => _findings.Add(finding);
}
