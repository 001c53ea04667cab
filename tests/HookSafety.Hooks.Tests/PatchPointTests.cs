using System;
using Xunit;

namespace HookSafety.Hooks.Tests;

public class PatchPointTests
{
    [Fact]
    public void Current_IsOriginal_UntilPatched()
    {
        Func<int, int> original = x => x + 1;
        var point = new PatchPoint<Func<int, int>>("p", original);

        Assert.Equal("p", point.Name);
        Assert.Same(original, point.Original);
        Assert.Same(original, point.Current);
        Assert.Equal(0, point.Depth);
    }

    [Fact]
    public void Constructor_RejectsNulls()
    {
        Assert.Throws<ArgumentNullException>("name", () => new PatchPoint<Func<int>>(null!, () => 1));
        Assert.Throws<ArgumentNullException>("original", () => new PatchPoint<Func<int>>("p", null!));
    }

    [Fact]
    public void Stack_CurrentIsTop_AndRemovingAnOwnerWhereverItStandsKeepsTheOrder()
    {
        Func<int> original = () => 0;
        Func<int> one = () => 1, two = () => 2, three = () => 3;
        object a = new(), b = new(), c = new();
        var point = new PatchPoint<Func<int>>("p", original);

        point.Push(a, one);
        point.Push(b, two);
        point.Push(c, three);
        Assert.Same(three, point.Current);

        Assert.True(point.Remove(b));          // the middle one: the top stays
        Assert.Same(three, point.Current);
        Assert.True(point.Remove(c));          // the top: the one below comes back
        Assert.Same(one, point.Current);
        Assert.False(point.Remove(c));
        Assert.True(point.Remove(a));
        Assert.Same(original, point.Current);
        Assert.Equal(0, point.Depth);
    }
}
