using System;
using Xunit;

namespace HookSafety.Hooks.Tests;

public class HookResultTests
{
    [Fact]
    public void Continue_IsTheDefault_AndDoesNotReject()
    {
        Assert.Equal(default, HookResult.Continue);
        Assert.False(HookResult.Continue.IsRejected);
        Assert.Null(HookResult.Continue.Reason);
    }

    [Fact]
    public void Reject_CarriesTheReason()
    {
        HookResult result = HookResult.Reject("not ready");

        Assert.True(result.IsRejected);
        Assert.Equal("not ready", result.Reason);
        Assert.NotEqual(HookResult.Continue, result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t")]
    public void Reject_WithoutReason_Throws(string? reason)
    {
        Assert.Throws<ArgumentException>(() => HookResult.Reject(reason!));
    }
}
