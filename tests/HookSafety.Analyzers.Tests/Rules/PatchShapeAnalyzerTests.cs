using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verification.Verify<HookSafety.Analyzers.Rules.PatchShapeAnalyzer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class PatchShapeAnalyzerTests
{
    [Fact]
    public Task LivePatchWithoutAttribute_IsFlagged() => VerifyCS.AnalyzerAsync("""
        using HookSafety.Hooks;

        public sealed class {|#0:FixParser|} : LivePatch
        {
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0)
            .WithMessage("'FixParser' derives from LivePatch but has no [Patch(\"id\")], so the patch manager refuses it: add [Patch] with a unique id, or make the class abstract if it is a base class"));
}
