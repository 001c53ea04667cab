using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.Analyzers.Tests.Rules;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.Hooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HookSafety.Analyzers.Tests.Parity;

/// <summary>
/// The analyzers (HS0013, HS0014) and the runtime's own checks in <c>PatchManager.Enable</c> are separate code
/// paths; they must give the same answer: the analyzers report an error exactly when the runtime refuses the patch.
/// Each case is compiled, analyzed, then loaded and enabled for real.
/// </summary>
public sealed class RuntimeParityTests
{
    private const string Usings = "using HookSafety.Hooks;\nusing Host;\n\n";

    public static TheoryData<string, string> Cases() => new()
    {
        { "well-formed", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.ParseLine))] static int ParseLine(string s) => 1; protected override void PostPatch(PatchContext c) { } }""" },
        { "property point", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.Log))] static void Log(string s) { } }""" },
        { "ref out in", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.Transform))] static int T(ref int v, out string n, in long s) { n = ""; return v; } }""" },
        { "tuple names, dynamic, nullability", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.Measure))] static dynamic M((int A, int B) size, object? o) => 0; }""" },
        { "private point by name", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), "Hidden")] static int H() => 2; }""" },
        { "instance replacement", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.ParseLine))] int ParseLine(string s) => 1; }""" },
        { "unknown member", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), "Parse")] static int ParseLine(string s) => 1; }""" },
        { "member not a point", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.NotAPoint))] static int N() => 1; }""" },
        { "instance point", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Session), "InstancePoint")] static int I(string s) => 1; }""" },
        { "return type", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.ParseLine))] static long ParseLine(string s) => 1; }""" },
        { "parameter count", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.ParseLine))] static int ParseLine(string s, int d) => 1; }""" },
        { "contravariant parameter", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.ParseLine))] static int ParseLine(object s) => 1; }""" },
        { "covariant return", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.Measure))] static string M((int, int) size, object o) => ""; }""" },
        { "missing ref", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.Transform))] static int T(int v, out string n, in long s) { n = ""; return v; } }""" },
        { "ref for in", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.Transform))] static int T(ref int v, out string n, ref long s) { n = ""; return v; } }""" },
        { "generic replacement", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.ParseLine))] static int ParseLine<T>(string s) => 1; }""" },
        { "point replaced twice", """[Patch("p")] public sealed class P : LivePatch { [Replaces(typeof(Parser), nameof(Parser.ParseLine))] static int A(string s) => 1; [Replaces(typeof(Parser), nameof(Parser.ParseLine))] static int B(string s) => 2; }""" },
        { "[Patch] without LivePatch", """[Patch("p")] public sealed class P { }""" },
        { "no [Patch]", """public sealed class P : LivePatch { }""" },
        { "empty id", """[Patch("")] public sealed class P : LivePatch { }""" },
        { "whitespace id", """[Patch("  ")] public sealed class P : LivePatch { }""" },
        { "duplicate id", """[Patch("p")] public sealed class P : LivePatch { } [Patch("p")] public sealed class Q : LivePatch { }""" },
        { "distinct ids", """[Patch("p")] public sealed class P : LivePatch { } [Patch("q")] public sealed class Q : LivePatch { }""" },
        { "hook hidden with new", """[Patch("p")] public sealed class P : LivePatch { public new void PostPatch(PatchContext c) { } }""" },
        { "static hook lookalike", """[Patch("p")] public sealed class P : LivePatch { public static void PostUnpatch(PatchContext c) { } }""" },
        { "hook-named overload", """[Patch("p")] public sealed class P : LivePatch { void PostPatch(int attempt) { } }""" },
        { "abstract base without [Patch]", """public abstract class B : LivePatch { } [Patch("p")] public sealed class P : B { }""" },
        { "derived patches with own ids", """[Patch("p")] public class P : LivePatch { } [Patch("q")] public sealed class Q : P { protected override void PostPatch(PatchContext c) { } }""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnalyzerReportsAnError_ExactlyWhenTheRuntimeRefuses(string name, string patches)
    {
        var source = PatchPointHost.With(Usings + patches);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ReplacesTargetAnalyzer(), new PatchShapeAnalyzer());
        var solution = TestProject.Create(new[] { source }, editorConfig: null, analyzers);
        var (analyzerDiagnostics, compilerDiagnostics) = await TestProject.AnalyzeAsync(solution, analyzers);
        Assert.DoesNotContain(compilerDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

        var analyzerRefuses = analyzerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        var runtimeRefusal = EnableEveryPatch(await solution.Projects.Single().GetCompilationAsync());

        Assert.True(
            analyzerRefuses == (runtimeRefusal is not null),
            $"{name}: the analyzers {(analyzerRefuses ? "report" : "do not report")} an error " +
            $"[{string.Join("; ", analyzerDiagnostics.Select(d => d.GetMessage()))}], " +
            $"the runtime {(runtimeRefusal is null ? "enables every patch" : "refuses: " + runtimeRefusal)}");
    }

    /// <summary>Loads the compiled patches and enables them all in one manager; the refusal, or null.</summary>
    private static string? EnableEveryPatch(Compilation? compilation)
    {
        using var stream = new MemoryStream();
        var emitted = compilation!.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;

        // The hook API resolves to the one already loaded, so the patches are real LivePatch instances.
        var context = new AssemblyLoadContext("parity", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var manager = new PatchManager();
            foreach (var type in assembly.GetTypes().Where(t => t.GetCustomAttribute<PatchAttribute>() is not null || typeof(LivePatch).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                if (type.IsAbstract)
                {
                    continue;
                }

                if (Activator.CreateInstance(type) is not LivePatch patch)
                {
                    return $"{type.Name} is not a LivePatch";
                }

                try
                {
                    manager.Enable(patch);
                }
                catch (PatchIncompatibleException e)
                {
                    return e.Message;
                }
            }

            DisableEveryPatch(manager);

            return null;
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Disables what the manager has enabled, last first, so that the host's points go back to their originals.</summary>
    internal static void DisableEveryPatch(PatchManager manager)
    {
        foreach (var patch in manager.Enabled.Reverse().ToList())
        {
            manager.Disable(patch.GetType().GetCustomAttribute<PatchAttribute>()!.Id);
        }
    }
}
