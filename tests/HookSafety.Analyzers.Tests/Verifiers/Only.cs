using HookSafety.Analyzers.Rules;

namespace HookSafety.Analyzers.Tests.Verifiers;

/// <summary>
/// The shipped host analyzer, reporting one rule: what each rule's tests look at (<c>CSharpAnalyzerVerifier&lt;Only&lt;MissingUndo&gt;&gt;</c>).
/// Every rule is still decided, as in a build: one finding per mistake is read across rules.
/// </summary>
internal sealed class Only<TRule> : PatchModelAnalyzer
    where TRule : PatchModelRule, new()
{
    public Only()
        : base(new TRule())
    {
    }
}
