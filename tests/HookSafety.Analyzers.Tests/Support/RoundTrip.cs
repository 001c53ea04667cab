using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using HookSafety.Analyzers.Tests.Verifiers;
using HookSafety.Hooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers.Tests.Support;

/// <summary>
/// Runs patches under the real <see cref="PatchManager"/> and says whether they leave the host as they found it. The
/// sources (test markup removed) are compiled with the hook API and loaded into a collectible load context that takes
/// the hook API from the tests, so the manager is the tests' own. For each <c>[Patch]</c> type, in a load of its own
/// (so that each meets the host as the program starts it): the
/// host's state is taken, the patch is created, enabled and disabled (a patch refused on enable is only enabled; a
/// sticky patch cannot be disabled and is reported so), and the host's state is taken again. The host is every type
/// that is not a patch (nor nested in one, nor compiler-generated); its state is every static field and static
/// property: values, collections' items, delegates' methods, and one level into objects; and the process's environment
/// variables and thread pool counts (round trips run one at a time, so no other test's patch changes them meanwhile). A
/// sticky patch cannot be disabled by design: it is only enabled, and not compared.
/// </summary>
internal static class RoundTrip
{
    /// <summary>How long one patch's enable and disable may take before the round trip is called hung.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>What one run found: each patch's differences in the host's state (none when the host is as it was).</summary>
    public sealed record Result(string? CompileErrors, IReadOnlyList<PatchRun> Patches)
    {
        public bool Compiled => CompileErrors is null;

        /// <summary>Whether it compiled, had at least one patch, and every patch left the host as it found it.</summary>
        public bool Holds => Compiled && Patches.Count > 0 && Patches.All(p => p.Differences.Count == 0);

        public override string ToString()
            => CompileErrors is { } errors ? "does not compile:\n" + errors
                : Patches.Count == 0 ? "no patch to run"
                : string.Join("\n", Patches.Select(p => p.Note is { } note ? $"'{p.PatchId}': {note}"
                    : p.Differences.Count == 0 ? $"'{p.PatchId}': the host is as it was"
                    : $"'{p.PatchId}' left the host changed:\n" + string.Join("\n", p.Differences.Select(d => "    " + d))));
    }

    /// <summary>One patch's run: the differences in the host's state, or a note saying why it was not compared.</summary>
    public sealed record PatchRun(string PatchId, string TypeName, IReadOnlyList<string> Differences, string? Note = null)
    {
        /// <summary>Whether the host is as it was (or the patch was not compared: sticky).</summary>
        public bool Held => Differences.Count == 0;
    }

    /// <summary>
    /// A fix's proof at run time: the fixed code's patches leave the host as they found it. (The code before the fix
    /// may or may not; it is run too, so that a failure says which.)
    /// </summary>
    public static void VerifyFix(string[] sources, string[] fixedSources)
    {
        var after = Run(fixedSources);
        if (after.Compiled && after.Patches.Count == 0)
        {
            return; // nothing to run (a fix on a type that is not yet a patch)
        }

        if (!after.Holds)
        {
            var before = Run(sources);
            throw new InvalidOperationException(
                $"After the fix, the patch does not leave the host as it found it under PatchManager:\n{after}\n" +
                $"Before the fix ({(before.Holds ? "it did" : "it did not either")}):\n{before}");
        }
    }

    /// <summary>One round trip at a time in this process: the environment variables compared are the process's own.</summary>
    private static readonly object s_gate = new();

    /// <summary>
    /// Compiles <paramref name="sources"/> (markup removed) and runs every patch in them. The process's environment
    /// variables and thread pool counts are set back afterwards, so that a patch that leaks one does not change what the
    /// next round trip finds.
    /// </summary>
    public static Result Run(params string[] sources)
    {
        lock (s_gate)
        {
            var environment = Environment.GetEnvironmentVariables();
            ThreadPool.GetMinThreads(out var minWorkers, out var minPorts);
            ThreadPool.GetMaxThreads(out var maxWorkers, out var maxPorts);
            try
            {
                return RunAlone(sources);
            }
            finally
            {
                // Maximum first: a minimum above the maximum is refused, and the other way round.
                ThreadPool.SetMaxThreads(maxWorkers, maxPorts);
                ThreadPool.SetMinThreads(minWorkers, minPorts);
                foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
                {
                    if (!environment.Contains(variable.Key))
                    {
                        Environment.SetEnvironmentVariable((string)variable.Key, null);
                    }
                }

                foreach (System.Collections.DictionaryEntry variable in environment)
                {
                    Environment.SetEnvironmentVariable((string)variable.Key, (string?)variable.Value);
                }
            }
        }
    }

    private static Result RunAlone(string[] sources)
    {
        var trees = sources.Select((s, i) =>
        {
            TestFileMarkupParser.GetSpans(s, out string text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
            return CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: $"/0/Test{i}.cs");
        });
        var compilation = CSharpCompilation.Create(
            "RoundTrip" + Guid.NewGuid().ToString("N"),
            trees,
            TestSetup.References(referenceHookApi: true),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            return new Result(string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)), Array.Empty<PatchRun>());
        }

        // Each patch runs in a load of its own, so that it meets the host as the program starts it, whatever the
        // patches before it left behind.
        var bytes = image.ToArray();
        var names = InLoad(bytes, assembly => assembly.GetTypes().Where(IsRunnablePatch).Select(t => t.FullName!).ToList());
        var results = names.Select(name => InLoad(bytes, assembly =>
        {
            var types = assembly.GetTypes();
            var host = types.Where(t => !IsPatchCode(t) && !t.Name.Contains('<', StringComparison.Ordinal) && !t.IsGenericTypeDefinition).ToList();
            var patchType = assembly.GetType(name, throwOnError: true)!;
            return RunOne(patchType, patchType.GetCustomAttribute<PatchAttribute>()!, host);
        })).ToList();
        return new Result(null, results);
    }

    private static bool IsRunnablePatch(Type type)
        => typeof(LivePatch).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<PatchAttribute>() is not null;

    /// <summary>Loads the assembly into a collectible context of its own, runs <paramref name="run"/> on it, and unloads it.</summary>
    private static T InLoad<T>(byte[] image, Func<Assembly, T> run)
    {
        var context = new AssemblyLoadContext("round trip", isCollectible: true);
        try
        {
            using var stream = new MemoryStream(image);
            return run(context.LoadFromStream(stream));
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Enables and disables one patch on a manager of its own; the differences in the host's state.</summary>
    private static PatchRun RunOne(Type patchType, PatchAttribute patch, List<Type> host)
    {
        var id = patch.Id;
        var before = Snapshot(host);
        var notes = new List<string>();
        string? notRun = null;

        // On a thread of its own, so that a hook that hangs is reported, not waited for; nothing it throws ends the tests.
        var thread = new Thread(() =>
        {
            try
            {
                notRun = EnableAndDisable(patchType, patch, notes);
            }
            catch (Exception ex)
            {
                notes.Add($"the round trip threw {ex.GetType().Name}: {ex.Message}");
            }
        })
        { IsBackground = true };
        thread.Start();
        if (!thread.Join(Timeout))
        {
            return new PatchRun(id, patchType.FullName!, new[] { $"enable and disable did not finish within {Timeout.TotalSeconds:F0} s" });
        }

        if (notRun is not null)
        {
            return new PatchRun(id, patchType.FullName!, Array.Empty<string>(), notRun);
        }

        if (patch.Sticky && notes.Count == 0)
        {
            return new PatchRun(id, patchType.FullName!, Array.Empty<string>(), "sticky: enabled only (it cannot be disabled), not compared");
        }

        var after = Snapshot(host);
        var differences = new List<string>(notes);
        foreach (var (member, value) in before)
        {
            var now = after.TryGetValue(member, out var v) ? v : "(gone)";
            if (!string.Equals(value, now, StringComparison.Ordinal))
            {
                differences.Add($"{member}: {value} before, {now} after");
            }
        }

        foreach (var (member, value) in after)
        {
            if (!before.ContainsKey(member))
            {
                differences.Add($"{member}: (none) before, {value} after");
            }
        }

        return new PatchRun(id, patchType.FullName!, differences);
    }

    /// <summary>Creates, enables and disables the patch; why it was not run, or null.</summary>
    private static string? EnableAndDisable(Type patchType, PatchAttribute patch, List<string> notes)
    {
        if (patchType.GetConstructor(Type.EmptyTypes) is null)
        {
            return "not run: it has no constructor without parameters";
        }

        var manager = new PatchManager();
        try
        {
            manager.Enable((LivePatch)Activator.CreateInstance(patchType)!);
        }
        catch (Exception ex) when (ex is PatchRejectedException or PatchIncompatibleException)
        {
            return null; // refused: nothing may have changed
        }
        catch (PatchHookException)
        {
            // PostPatch threw: the patch is enabled anyway, and is disabled below.
        }
        catch (TargetInvocationException ex)
        {
            notes.Add($"creating the patch threw {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
            return null;
        }

        if (!patch.Sticky)
        {
            try
            {
                manager.Disable(patch.Id);
            }
            catch (PatchHookException)
            {
                // An unpatch hook threw: the patch is disabled anyway.
            }
        }

        return null;
    }

    private static bool IsPatchCode(Type type)
    {
        for (var current = type; current is not null; current = current.DeclaringType)
        {
            if (typeof(LivePatch).IsAssignableFrom(current) || current.Name.Contains('<', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private const BindingFlags Statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// Every static field and readable static property of the host's types, described, and the process's environment
    /// variables and thread pool counts.
    /// </summary>
    private static Dictionary<string, string> Snapshot(List<Type> host)
    {
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            state["environment variable " + variable.Key] = Describe(variable.Value, depth: 0);
        }

        ThreadPool.GetMinThreads(out var minWorkers, out var minPorts);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxPorts);
        state["the thread pool's minimum threads"] = $"{minWorkers} workers, {minPorts} completion ports";
        state["the thread pool's maximum threads"] = $"{maxWorkers} workers, {maxPorts} completion ports";

        foreach (var type in host)
        {
            foreach (var field in type.GetFields(Statics))
            {
                if (!field.IsLiteral)
                {
                    state[type.FullName + "." + field.Name] = Describe(Read(() => field.GetValue(null)), depth: 1);
                }
            }

            foreach (var property in type.GetProperties(Statics))
            {
                if (property.GetMethod is not null && property.GetIndexParameters().Length == 0)
                {
                    state[type.FullName + "." + property.Name] = Describe(Read(() => property.GetValue(null)), depth: 1);
                }
            }
        }

        return state;
    }

    private static object? Read(Func<object?> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex)
        {
            return "(throws " + (ex is TargetInvocationException { InnerException: { } inner } ? inner.GetType().Name : ex.GetType().Name) + ")";
        }
    }

    /// <summary>A value as text: what a host would notice changed.</summary>
    private static string Describe(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return "null";
            case string text:
                return "\"" + text + "\"";
            case Delegate handler:
                return "[" + string.Join(", ", handler.GetInvocationList().Select(d => d.Method.DeclaringType?.Name + "." + d.Method.Name)) + "]";
            case IEnumerable items when value is ICollection or IReadOnlyCollection<object> || value.GetType().Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true:
                var list = items.Cast<object?>().Take(20).Select(i => Describe(i, 0)).ToList();
                return "{" + string.Join(", ", list) + "}";
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateTime or TimeSpan or Guid)
        {
            return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }

        if (depth == 0)
        {
            return type.Name;
        }

        // One level into the object: its instance fields (auto-properties' backing fields included).
        var fields = type.GetFields(Instance).Where(f => !f.FieldType.IsPointer && !f.FieldType.IsByRefLike)
            .Select(f => f.Name + "=" + Describe(Read(() => f.GetValue(value)), depth - 1));
        return type.Name + "(" + string.Join(", ", fields) + ")";
    }
}
