using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HookSafety.Hooks;
using HookSafety.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HookSafety.Cli.Tests;

/// <summary>A folder of release files for one test, deleted after it; and the command run in-process.</summary>
public sealed class SeriesFolder : IDisposable
{
    public SeriesFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hooksafety-series-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>Writes <c>name.patches.json</c> with the given patches; returns its path.</summary>
    internal string Release(string name, params PatchEntry[] patches)
        => Write(name + ".patches.json", new PatchSummary("Acme." + name, patches).ToJson());

    public string Write(string fileName, string text)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string fileName, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Compiles an assembly against the hook API (<c>using HookSafety.Hooks;</c> added) into this folder; returns its path.</summary>
    public string CompilePatchAssembly(string name, string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p) is var file && (file.StartsWith("System.", StringComparison.Ordinal) || file is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(LivePatch).Assembly.Location))
            .ToList();
        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText("using HookSafety.Hooks;\n" + source) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var path = System.IO.Path.Combine(Path, name + ".dll");
        var emitted = compilation.Emit(path);
        Xunit.Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return path;
    }

    /// <summary>A patch: <c>("limits", 2)</c> pairs for its states.</summary>
    internal static PatchEntry Patch(string id, bool cumulative = false, bool sticky = false, params (string Id, int Version)[] states)
        => new(id, "Acme.Patches." + string.Concat(id.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1))), cumulative, sticky,
            states.Select(s => new KeyValuePair<string, int>(s.Id, s.Version)), Array.Empty<string>());

    internal static PatchEntry Cumulative(string id, params (string Id, int Version)[] states) => Patch(id, cumulative: true, sticky: false, states);

    internal static PatchEntry Single(string id, params (string Id, int Version)[] states) => Patch(id, cumulative: false, sticky: false, states);

    /// <summary>Runs <c>hooksafety</c> with <paramref name="args"/> in this process.</summary>
    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
