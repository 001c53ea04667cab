using System;

namespace HookSafety.Hooks.Tests;

public delegate int RefFn(ref int x);

public delegate int InFn(in int x);

public delegate int OutFn(out int x);

public delegate int RefReadonlyFn(ref readonly int x);

/// <summary>A host program's functions, as patch points.</summary>
public static class Host
{
    public static readonly PatchPoint<Func<int, int>> Add = new("Host.Add", x => x + 1);

    public static readonly PatchPoint<Func<int, int>> Mul = new("Host.Mul", x => x * 2);

    public static readonly PatchPoint<RefFn> Ref = new("Host.Ref", (ref int x) => ++x);

    public static readonly PatchPoint<InFn> In = new("Host.In", (in int x) => x);

    public static readonly PatchPoint<OutFn> Out = new("Host.Out", (out int x) => x = 1);

    public static readonly PatchPoint<RefReadonlyFn> RefReadonly = new("Host.RefReadonly", (ref readonly int x) => x);

    public static readonly PatchPoint<Func<string, object>> ReturnsObject = new("Host.ReturnsObject", s => s);

    public static readonly PatchPoint<Func<string, int>> TakesString = new("Host.TakesString", s => s.Length);

    public static readonly Func<int, int> NotAPoint = x => x;

    public static PatchPoint<Func<int, int>>? NullPoint = null;

    private static readonly PatchPoint<Func<int, int>> s_secret = new("Host.Secret", x => -x);

    public static PatchPoint<Func<string, int>> Length { get; } = new("Host.Length", s => s.Length);

    public static int CallSecret(int x) => s_secret.Current(x);

    /// <summary>Every point of the host, to check that nothing changed.</summary>
    public static object[] CurrentOfAll() =>
        new object[] { Add.Current, Mul.Current, Ref.Current, In.Current, Out.Current, RefReadonly.Current, ReturnsObject.Current, TakesString.Current, s_secret.Current, Length.Current };
}

/// <summary>A host type whose point is an instance field (not a valid target).</summary>
public sealed class InstanceHost
{
    public readonly PatchPoint<Func<int, int>> Point = new("InstanceHost.Point", x => x);
}

/// <summary>The point of the concurrency tests.</summary>
public static class ConcurrentHost
{
    public static readonly PatchPoint<Func<int, int>> Point = new("ConcurrentHost.Point", x => x);
}

/// <summary>The point of the stress test.</summary>
public static class StressHost
{
    public static readonly PatchPoint<Func<int, int>> Point = new("StressHost.Point", x => x);
}
