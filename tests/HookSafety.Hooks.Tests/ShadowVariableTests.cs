using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace HookSafety.Hooks.Tests;

public class ShadowVariableTests
{
    public sealed class Owner
    {
    }

    public sealed class Holder
    {
        public Holder(object owner) => Owner = owner;

        public object Owner { get; }
    }

    private static string NewId() => "test-shadow-" + Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Constructor_RejectsAnEmptyId(string? id)
    {
        Assert.Throws<ArgumentException>(() => new ShadowVariable<Owner, int>(id!));
    }

    [Fact]
    public void Attach_ThenTryGet_ReturnsTheValue_AndAttachReplaces()
    {
        var variable = new ShadowVariable<Owner, int>(NewId());
        var owner = new Owner();

        Assert.Equal(5, variable.Attach(owner, 5));
        Assert.True(variable.TryGet(owner, out int value));
        Assert.Equal(5, value);

        variable.Attach(owner, 6);
        Assert.True(variable.TryGet(owner, out value));
        Assert.Equal(6, value);
    }

    [Fact]
    public void TryGet_WithoutValue_ReturnsFalse()
    {
        var variable = new ShadowVariable<Owner, string>(NewId());
        variable.Attach(new Owner(), "other owner");

        Assert.False(variable.TryGet(new Owner(), out string value));
        Assert.Null(value);
    }

    [Fact]
    public void Attach_NullOwner_Throws()
    {
        var variable = new ShadowVariable<Owner, int>(NewId());

        Assert.Throws<ArgumentNullException>(() => variable.Attach(null!, 1));
        Assert.Throws<ArgumentNullException>(() => variable.GetOrAttach(new Owner(), null!));
    }

    [Fact]
    public void NullValue_OfAReferenceType_IsAValue()
    {
        var variable = new ShadowVariable<Owner, string?>(NewId());
        var owner = new Owner();
        variable.Attach(owner, null);

        Assert.True(variable.TryGet(owner, out string? value));
        Assert.Null(value);
        Assert.Null(variable.GetOrAttach(owner, _ => "not used"));
    }

    [Fact]
    public void Detach_RemovesOnlyThatOwnersValue()
    {
        var variable = new ShadowVariable<Owner, int>(NewId());
        Owner first = new(), second = new();
        variable.Attach(first, 1);
        variable.Attach(second, 2);

        Assert.True(variable.Detach(first));
        Assert.False(variable.Detach(first));
        Assert.False(variable.TryGet(first, out _));
        Assert.True(variable.TryGet(second, out int value));
        Assert.Equal(2, value);
    }

    [Fact]
    public void DetachAll_RemovesEveryValue_AndTheVariableStaysUsable()
    {
        var variable = new ShadowVariable<Owner, int>(NewId());
        Owner[] owners = Enumerable.Range(0, 5).Select(_ => new Owner()).ToArray();
        foreach (Owner owner in owners)
        {
            variable.Attach(owner, 7);
        }

        variable.DetachAll();

        Assert.All(owners, owner => Assert.False(variable.TryGet(owner, out _)));
        variable.Attach(owners[0], 8);
        Assert.True(variable.TryGet(owners[0], out int value));
        Assert.Equal(8, value);
    }

    [Fact]
    public void SameId_SharesTheValues_AcrossInstances()
    {
        string id = NewId();
        var writer = new ShadowVariable<Owner, int>(id);
        var reader = new ShadowVariable<Owner, int>(id);
        var owner = new Owner();

        writer.Attach(owner, 42);
        Assert.Equal(id, reader.Id);
        Assert.True(reader.TryGet(owner, out int value));
        Assert.Equal(42, value);

        reader.DetachAll();
        Assert.False(writer.TryGet(owner, out _));
    }

    [Fact]
    public void DifferentIds_AreIndependent()
    {
        var first = new ShadowVariable<Owner, int>(NewId());
        var second = new ShadowVariable<Owner, int>(NewId());
        var owner = new Owner();

        first.Attach(owner, 1);

        Assert.False(second.TryGet(owner, out _));
        second.DetachAll();
        Assert.True(first.TryGet(owner, out _));
    }

    [Fact]
    public void SameId_WithAnotherValueType_Throws_NamingTheIdAndBothTypes()
    {
        string id = NewId();
        var asString = new ShadowVariable<Owner, string>(id);
        var asInt = new ShadowVariable<Owner, int>(id);
        var owner = new Owner();
        asString.Attach(owner, "text");

        var onGet = Assert.Throws<InvalidOperationException>(() => asInt.TryGet(owner, out _));
        var onGetOrAttach = Assert.Throws<InvalidOperationException>(() => asInt.GetOrAttach(owner, _ => 1));

        Assert.Contains(id, onGet.Message, StringComparison.Ordinal);
        Assert.Contains("System.String", onGet.Message, StringComparison.Ordinal);
        Assert.Contains("System.Int32", onGet.Message, StringComparison.Ordinal);
        Assert.Equal(onGet.Message, onGetOrAttach.Message);
    }

    [Fact]
    public void GetOrAttach_CreatesOnce_ThenReturnsTheAttachedValue()
    {
        var variable = new ShadowVariable<Owner, Holder>(NewId());
        var owner = new Owner();
        int calls = 0;

        Holder first = variable.GetOrAttach(owner, o => { calls++; return new Holder(o); });
        Holder second = variable.GetOrAttach(owner, o => { calls++; return new Holder(o); });

        Assert.Same(first, second);
        Assert.Same(owner, first.Owner);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void GetOrAttach_UnderContention_OneValueWins()
    {
        var variable = new ShadowVariable<Owner, Holder>(NewId());
        for (int round = 0; round < 20; round++)
        {
            var owner = new Owner();
            var seen = new ConcurrentBag<Holder>();

            Parallel.For(0, 64, _ => seen.Add(variable.GetOrAttach(owner, o =>
            {
                Thread.SpinWait(2000);               // widen the window in which other threads race to create
                return new Holder(o);
            })));

            Assert.Equal(64, seen.Count);
            Assert.Single(seen.Distinct());
            Assert.True(variable.TryGet(owner, out Holder winner));
            Assert.Same(seen.First(), winner);
        }
    }

    [Fact]
    public void AValue_NeverKeepsItsOwnerAlive_EvenWhenItReferencesTheOwner()
    {
        var variable = new ShadowVariable<Owner, Holder>(NewId());
        WeakReference owner = AttachToANewOwner(variable);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(owner.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AttachToANewOwner(ShadowVariable<Owner, Holder> variable)
    {
        var owner = new Owner();
        variable.Attach(owner, new Holder(owner));
        Assert.True(variable.TryGet(owner, out _));
        return new WeakReference(owner);
    }
}
