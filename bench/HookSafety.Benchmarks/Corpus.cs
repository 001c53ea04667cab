using System.Collections.Generic;
using System.Text;

namespace HookSafety.Benchmarks;

/// <summary>
/// Generated source: a patch-dense corpus (patches against a host, exercising every hook and every rule, with
/// both safe code and mistakes) and a plain corpus of the same size that does not use the hook API.
/// </summary>
internal static class Corpus
{
    public const int PatchesPerFile = 25;

    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\n";

    /// <summary><paramref name="patches"/> patch types with their hosts, <see cref="PatchesPerFile"/> to a file.</summary>
    public static List<string> PatchDense(int patches)
        => Files(patches, Usings + "using HookSafety.Hooks;\n\n", "Dense", "    public sealed class Memo { public int Saved; }\n\n", Patch);

    /// <summary>Classes of the same size and shape of code, without the hook API.</summary>
    public static List<string> Plain(int classes) => Files(classes, Usings + "\n", "Plain", string.Empty, PlainClass);

    /// <summary>
    /// A host application: the plain corpus's classes, each with a patch point, in a project that references the hook
    /// API and declares no patch (every application that can be patched references the package, and its analyzers).
    /// </summary>
    public static List<string> Host(int classes) => Files(classes, Usings + "using HookSafety.Hooks;\n\n", "Host", string.Empty, i => PlainClass(i)
        .Replace("public static readonly Func<string, int> Parse = s => s.Length;", $"public static readonly PatchPoint<Func<string, int>> Parse = new(\"Parse{i}\", s => s.Length);", System.StringComparison.Ordinal)
        .Replace("private static int Parse(string line)", "private static int ParseLine(string line)", System.StringComparison.Ordinal)
        .Replace("Parse(\"x\")", "ParseLine(\"x\") + Source" + i + ".Parse.Current(\"y\")", System.StringComparison.Ordinal));

    /// <summary>The lines of a generated project's sources (the <c>.cs</c> files beside <paramref name="project"/>).</summary>
    public static int Lines(string project)
        => System.Linq.Enumerable.Sum(System.IO.Directory.GetFiles(System.IO.Path.GetDirectoryName(project)!, "*.cs"), f => System.IO.File.ReadAllLines(f).Length);

    /// <summary><paramref name="count"/> members, <see cref="PatchesPerFile"/> to a file, each file a namespace of its own.</summary>
    private static List<string> Files(int count, string usings, string namespacePrefix, string prologue, System.Func<int, string> member)
    {
        var files = new List<string>();
        for (var start = 0; start < count; start += PatchesPerFile)
        {
            var builder = new StringBuilder();
            builder.Append(usings);
            builder.Append($"namespace {namespacePrefix}{start / PatchesPerFile}\n{{\n").Append(prologue);
            for (var i = start; i < start + PatchesPerFile && i < count; i++)
            {
                builder.Append(member(i));
            }

            builder.Append("}\n");
            files.Add(builder.ToString());
        }

        return files;
    }

    private static string Patch(int i)
    {
        // Every rule is exercised somewhere in each file of 25 patches; most code is safe.
        var cumulative = i % 25 == 24 ? ", Cumulative = true" : string.Empty;
        var sticky = i % 25 == 23 ? ", Sticky = true" : string.Empty;
        var attribute = i % 25 == 22 ? string.Empty : $"    [Patch(\"patch-{i}\"{cumulative}{sticky})]\n";
        var returnType = i % 25 == 21 ? "long" : "int";
        var shadowType = i % 25 == 20 ? "long" : "int";
        return $$"""
                public static class Host{{i}}
                {
                    public static int Limit = 100;
                    public static readonly List<string> Peers = new();
                    public static event EventHandler<string>? Received;
                    public static readonly PatchPoint<Func<string, int>> Parse = new("Parse{{i}}", s => s.Length);
                    public static void Raise() => Received?.Invoke(null, "");
                }

            {{attribute}}    [PatchState("state-{{i}}", version: 1)]
                public sealed class Patch{{i}} : LivePatch
                {
                    private static readonly object s_gate = new();
                    private static int s_calls;
                    private static int s_saved;
                    [GuardedBy(nameof(s_gate))]
                    private static int s_guarded;
                    private static readonly ShadowVariable<object, {{shadowType}}> s_marks = new("marks-{{i % 7}}");

                    [Replaces(typeof(Host{{i}}), nameof(Host{{i}}.Parse))]
                    private static {{returnType}} Parse(string line)
                    {
                        s_calls++;
                        lock (s_gate) { s_guarded += line.Length; }
                        s_marks.Attach(line, line.Length);
                        return line.Length;
                    }

                    protected override HookResult PrePatch(PatchContext context)
                    {
                        s_saved = Host{{i}}.Limit;
                        Host{{i}}.Limit = 1000;
                        Host{{i}}.Peers.Add("peer-{{i}}");
                        if (context.IsReplacing) { return HookResult.Reject("replacing"); }
                        context.States.Get("state-{{i}}").Data = {{(i % 5 == 0 ? "new Memo()" : "s_saved")}};
                        return HookResult.Continue;
                    }

                    protected override void PostPatch(PatchContext context)
                    {
                        Host{{i}}.Received += OnReceived;
                        Apply(context);
                        {{(i % 25 == 19 ? "_ = s_guarded;" : string.Empty)}}
                    }

                    protected override void PreUnpatch(PatchContext context)
                    {
                        {{(i % 3 == 0 ? "Host" + i + ".Received -= OnReceived;" : "Host" + i + ".Peers.Remove(\"peer-" + i + "\");")}}
                    }

                    protected override void PostUnpatch(PatchContext context)
                    {
                        Host{{i}}.Limit = s_saved;
                        {{(i % 4 == 0 ? "Thread.Sleep(0);" : "s_marks.DetachAll();")}}
                        {{(i % 6 == 0 ? "_ = context.States.GetPrevious(\"state-" + i + "\");" : string.Empty)}}
                        {{(i % 8 == 0 ? "if (s_saved < 0) { throw new InvalidOperationException(); }" : string.Empty)}}
                    }

                    private static void Apply(PatchContext context) => {{(i % 2 == 0 ? "Host" + i + ".Limit++" : "Host" + i + ".Raise()")}};

                    private static void OnReceived(object? sender, string e) => Interlocked.Increment(ref s_calls);
                }

            """;
    }

    private static string PlainClass(int i) => $$"""
                public static class Source{{i}}
                {
                    public static int Limit = 100;
                    public static readonly List<string> Peers = new();
                    public static event EventHandler<string>? Received;
                    public static readonly Func<string, int> Parse = s => s.Length;
                    public static void Raise() => Received?.Invoke(null, "");
                }

                public sealed class Worker{{i}}
                {
                    private static readonly object s_gate = new();
                    private static int s_calls;
                    private static int s_saved;
                    private static int s_guarded;
                    private static readonly Dictionary<object, int> s_marks = new();

                    private static int Parse(string line)
                    {
                        s_calls++;
                        lock (s_gate) { s_guarded += line.Length; }
                        s_marks[line] = line.Length;
                        return line.Length;
                    }

                    public bool Start(bool replacing)
                    {
                        s_saved = Source{{i}}.Limit;
                        Source{{i}}.Limit = 1000;
                        Source{{i}}.Peers.Add("peer-{{i}}");
                        if (replacing) { return false; }
                        Console.WriteLine(s_saved);
                        return true;
                    }

                    public void Started()
                    {
                        Source{{i}}.Received += OnReceived;
                        Apply();
                    }

                    public void Stopping()
                    {
                        Source{{i}}.Received -= OnReceived;
                    }

                    public void Stopped()
                    {
                        Source{{i}}.Limit = s_saved;
                        Thread.Sleep(0);
                        s_marks.Clear();
                        if (s_saved < 0) { throw new InvalidOperationException(); }
                    }

                    private static void Apply() => Source{{i}}.Raise();

                    private static void OnReceived(object? sender, string e) => Interlocked.Increment(ref s_calls);

                    public static int Count() => Parse("x") + s_guarded;
                }

            """;
}
