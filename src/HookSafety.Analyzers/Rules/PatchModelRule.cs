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
    /// Whether the rule also looks at the declarations of <paramref name="type"/>, patch or not (a <c>[GuardedBy]</c> on
    /// any field): then the host calls <see cref="CheckDeclarations"/> at the type's end. Asked for every type: cheap,
    /// from the syntax.
    /// </summary>
    public virtual bool ChecksDeclarations(HookApi api, INamedTypeSymbol type) => false;

    /// <summary>Looks at the declarations of one type (<see cref="SymbolAnalysisContext.Symbol"/>).</summary>
    public virtual void CheckDeclarations(SymbolAnalysisContext context, HookApi api)
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
