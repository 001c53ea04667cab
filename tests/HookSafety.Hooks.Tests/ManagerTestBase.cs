using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace HookSafety.Hooks.Tests;

/// <summary>
/// A fresh manager per test; afterwards every patch it left enabled is disabled, so the shared static points of the
/// hosts go back to their originals for the next test.
/// </summary>
public abstract class ManagerTestBase : IDisposable
{
    protected PatchManager Manager { get; } = new();

    protected List<string> Log { get; } = new();

    public void Dispose()
    {
        foreach (LivePatch patch in Manager.Enabled.Reverse())
        {
            PatchAttribute attribute = patch.GetType().GetCustomAttribute<PatchAttribute>()!;
            if (!attribute.Sticky)
            {
                try
                {
                    Manager.Disable(attribute.Id);
                }
                catch (PatchHookException)
                {
                    // A hook the test made throw; the patch is disabled anyway.
                }
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>What a test checks to prove that nothing changed.</summary>
    protected (LivePatch[] Enabled, PatchState[] States, object[] Points) Observe() =>
        (Manager.Enabled.ToArray(), Manager.States.ToArray(), Host.CurrentOfAll());

    protected void AssertUnchanged((LivePatch[] Enabled, PatchState[] States, object[] Points) before)
    {
        Assert.Equal(before.Enabled, Manager.Enabled);
        Assert.Equal(before.States, Manager.States);
        Assert.Equal(before.Points, Host.CurrentOfAll());
    }

    protected static string StateSummary(IEnumerable<PatchState> states) =>
        string.Join(",", states.Select(s => s.Id + "@" + s.Version).OrderBy(s => s, StringComparer.Ordinal));
}
