using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HookSafety.Hooks.Tests;

/// <summary>The host the loaded patch assemblies patch: a point and a process-wide event.</summary>
public static class LoadingHost
{
    public static readonly PatchPoint<Func<int, int>> Scale = new("LoadingHost.Scale", x => x);

    public static event EventHandler? Tick;

    public static void RaiseTick() => Tick?.Invoke(null, EventArgs.Empty);

    public static bool ConstructorRan;

    /// <summary>A host object patches attach shadow values to.</summary>
    public static readonly object Anchor = new();
}

/// <summary>
/// <see cref="PatchAssembly"/>: patch assemblies compiled here, written to a folder of their own, loaded into this
/// process, enabled, disabled and unloaded; leaks keep them alive and are told; bad input is refused with nothing
/// loaded.
/// </summary>
public sealed class PatchAssemblyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hooksafety-patch-assembly-" + Guid.NewGuid().ToString("N"));
    private readonly PatchManager _manager = new();

    public PatchAssemblyTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        foreach (var patch in _manager.Enabled.Reverse().ToList())
        {
            _manager.Disable(PatchIdOf(patch));
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file of an assembly not yet collected may still be open on some systems.
        }
    }

    private const string Usings = "using System;\nusing HookSafety.Hooks;\nusing HookSafety.Hooks.Tests;\n\n";

    private const string Safe = Usings + """
        [Patch("scale-by-ten")]
        public sealed class ScaleByTen : LivePatch
        {
            [Replaces(typeof(LoadingHost), nameof(LoadingHost.Scale))]
            public static int Scale(int x) => x * 10;
        }
        """;

    // ---- loading and unloading ----

    [Fact]
    public void ACorrectPatchAssembly_LoadsEnablesDisables_AndUnloads()
    {
        var loaded = LoadEnableAndDisable(Safe, "Safe");
        Assert.Equal("Safe", loaded.Name);
        Assert.True(loaded.TryUnload(TimeSpan.FromSeconds(10)), loaded.StillAliveBecause);
        Assert.True(loaded.IsUnloaded);
        Assert.Empty(loaded.Patches);
        Assert.True(loaded.TryUnload(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void UnloadingWhileAPatchIsEnabled_Throws_AndChangesNothing()
    {
        var loaded = Load(Safe, "Enabled");
        EnableAll(loaded);
        var error = Assert.Throws<InvalidOperationException>(() => loaded.TryUnload(TimeSpan.FromSeconds(1)));
        Assert.Contains("scale-by-ten", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, PatchCount(loaded));
        Assert.Equal(30, ScaleOf(3));
        DisableAll(loaded);
        Assert.True(loaded.TryUnload(TimeSpan.FromSeconds(10)), loaded.StillAliveBecause);
    }

    [Fact]
    public void TheSameAssemblyLoadedTwice_IsTwoContexts_AndTheSecondPatchIsRefusedWhileTheFirstIsEnabled()
    {
        var first = Load(Safe, "Twice");
        var second = PatchAssembly.Load(Path.Combine(_folder, "Twice.dll"));
        Assert.False(SameTypes(first, second));
        EnableAll(first);
        Assert.Throws<PatchIncompatibleException>(() => EnableAll(second));
        DisableAll(first);
        Assert.True(first.TryUnload(TimeSpan.FromSeconds(10)), first.StillAliveBecause);
        Assert.True(second.TryUnload(TimeSpan.FromSeconds(10)), second.StillAliveBecause);
    }

    // ---- leaks keep the code alive, and are told ----

    [Fact]
    public void AnEventHandlerNeverRemoved_KeepsTheAssemblyAlive_AndNamesTheSuspects()
    {
        var loaded = Load(Usings + """
            [Patch("tick-counter")]
            public sealed class TickCounter : LivePatch
            {
                protected override void PostPatch(PatchContext context) => LoadingHost.Tick += OnTick;

                private static void OnTick(object? sender, EventArgs e) { }
            }
            """, "Leaky");
        EnableAll(loaded);
        DisableAll(loaded);

        Assert.False(loaded.TryUnload(TimeSpan.FromMilliseconds(300)));
        Assert.False(loaded.IsUnloaded);
        Assert.Contains("HS0003", loaded.StillAliveBecause, StringComparison.Ordinal);
        LoadingHost.RaiseTick(); // the leaked handler still runs: no call fails
    }

    [Fact]
    public void ATimerNeverDisposed_KeepsTheAssemblyAlive()
    {
        var loaded = Load(Usings + """
            [Patch("poll-timer")]
            public sealed class PollTimer : LivePatch
            {
                private static System.Threading.Timer? s_poll;

                protected override void PostPatch(PatchContext context) => s_poll = new System.Threading.Timer(_ => LoadingHost.RaiseTick(), null, 10, 10);
            }
            """, "TimerLeak");
        EnableAll(loaded);
        DisableAll(loaded);

        Assert.False(loaded.TryUnload(TimeSpan.FromMilliseconds(300)));
        Assert.Contains("HS0003", loaded.StillAliveBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void AThreadNeverStopped_KeepsTheAssemblyAlive()
    {
        var loaded = Load(Usings + """
            [Patch("watchdog")]
            public sealed class Watchdog : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                    => new System.Threading.Thread(() => { while (true) { System.Threading.Thread.Sleep(50); } }) { IsBackground = true }.Start();
            }
            """, "ThreadLeak");
        EnableAll(loaded);
        DisableAll(loaded);

        Assert.False(loaded.TryUnload(TimeSpan.FromMilliseconds(300)));
        Assert.Contains("HS0003", loaded.StillAliveBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingEnablingDisablingAndUnloading_WhileTheHostServesCalls_FailsNoCall()
    {
        Compile(Safe, "Served");
        var stop = false;
        var failures = 0;
        var calls = 0L;
        var threads = Enumerable.Range(0, 4).Select(t => new System.Threading.Thread(() =>
        {
            var x = t + 1;
            while (!System.Threading.Volatile.Read(ref stop))
            {
                try
                {
                    var result = LoadingHost.Scale.Current(x);
                    if (result != x && result != 10 * x)
                    {
                        System.Threading.Interlocked.Increment(ref failures);
                    }
                }
                catch (Exception)
                {
                    System.Threading.Interlocked.Increment(ref failures);
                }

                System.Threading.Interlocked.Increment(ref calls);
            }
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var loaded = LoadEnableAndDisableServed(Path.Combine(_folder, "Served.dll"));
                Assert.True(loaded.TryUnload(TimeSpan.FromSeconds(10)), loaded.StillAliveBecause);
            }
        }
        finally
        {
            System.Threading.Volatile.Write(ref stop, true);
            threads.ForEach(t => t.Join(TimeSpan.FromSeconds(5)));
        }

        Assert.Equal(0, failures);
        Assert.True(calls > 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private PatchAssembly LoadEnableAndDisableServed(string path)
    {
        var loaded = PatchAssembly.Load(path);
        EnableAll(loaded);
        System.Threading.Thread.Sleep(20);
        DisableAll(loaded);
        return loaded;
    }

    [Fact]
    public void APatchTypesValueInPatchStateData_TakenOverByTheNextRelease_KeepsTheAssemblyAlive_AndIsNamed()
    {
        // Release 1 keeps a value of its own type in its state; release 2, built separately, takes the state's data
        // over, as a cumulative patch does. Release 1 is replaced (and so disabled), but its type lives on in the data.
        var first = Load(Usings + """
            [Patch("limits-v1", Cumulative = true)]
            [PatchState("limits", 1)]
            public sealed class LimitsV1 : LivePatch
            {
                public sealed class Saved { public int Limit = 5; }

                protected override HookResult PrePatch(PatchContext context)
                {
                    context.States.Get("limits").Data = new Saved();
                    return HookResult.Continue;
                }
            }
            """, "LimitsV1");
        var second = Load(Usings + """
            [Patch("limits-v2", Cumulative = true)]
            [PatchState("limits", 1)]
            public sealed class LimitsV2 : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    context.States.Get("limits").Data = context.States.GetPrevious("limits")?.Data;
                    return HookResult.Continue;
                }
            }
            """, "LimitsV2");
        EnableAll(first);
        EnableAll(second);
        Assert.Equal(0, EnabledCount(first));

        Assert.False(first.TryUnload(TimeSpan.FromMilliseconds(300)));
        Assert.Contains("PatchState 'limits'", first.StillAliveBecause, StringComparison.Ordinal);
        Assert.Contains("HS0010", first.StillAliveBecause, StringComparison.Ordinal);
        DisableAll(second);
        Assert.True(second.TryUnload(TimeSpan.FromSeconds(10)), second.StillAliveBecause);
        Assert.True(first.TryUnload(TimeSpan.FromSeconds(10)), first.StillAliveBecause);
    }

    [Fact]
    public void AShadowValueOfAPatchType_NeverDetached_KeepsTheAssemblyAlive_AndIsNamed()
    {
        var loaded = Load(Usings + """
            [Patch("shadow-leak")]
            public sealed class ShadowLeak : LivePatch
            {
                public sealed class Note { }

                private static readonly ShadowVariable<object, Note> s_notes = new("patch-assembly-tests/notes");

                protected override void PostPatch(PatchContext context) => s_notes.Attach(LoadingHost.Anchor, new Note());
            }
            """, "ShadowLeak");
        EnableAll(loaded);
        DisableAll(loaded);

        Assert.False(loaded.TryUnload(TimeSpan.FromMilliseconds(300)));
        Assert.Contains("patch-assembly-tests/notes", loaded.StillAliveBecause, StringComparison.Ordinal);
        Assert.Contains("HS0005", loaded.StillAliveBecause, StringComparison.Ordinal);
    }

    // ---- bad input: a clear error, nothing loaded ----

    [Fact]
    public void AMissingFile_IsRefused()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PatchAssembly.Load(Path.Combine(_folder, "Nowhere.dll")));
        Assert.Contains("Nowhere.dll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatCannotBeRead_IsRefused()
    {
        // A folder where a file is expected cannot be read as one, whoever runs the test (a file without read permission
        // can still be read by a privileged user).
        var path = Path.Combine(_folder, "Folder.dll");
        Directory.CreateDirectory(path);
        var error = Assert.ThrowsAny<IOException>(() => PatchAssembly.Load(path));
        Assert.Contains("Folder.dll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNoAssembly_IsRefused()
    {
        var path = Path.Combine(_folder, "Text.dll");
        File.WriteAllText(path, "not an assembly");
        var error = Assert.Throws<BadImageFormatException>(() => PatchAssembly.Load(path));
        Assert.Contains("Text.dll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAssemblyWithNoPatch_IsRefused()
    {
        Compile(Usings + "public static class Helpers { public static int Twice(int x) => 2 * x; }", "NoPatch");
        var error = Assert.Throws<PatchLoadException>(() => PatchAssembly.Load(Path.Combine(_folder, "NoPatch.dll")));
        Assert.Contains("holds no patch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APatchTypeWithoutAPublicParameterlessConstructor_IsRefused_BeforeAnyPatchIsCreated()
    {
        Compile(Usings + """
            [Patch("a-first")]
            public sealed class AFirst : LivePatch
            {
                public AFirst() => LoadingHost.ConstructorRan = true;
            }

            [Patch("b-second")]
            public sealed class BSecond : LivePatch
            {
                public BSecond(int limit) { }
            }
            """, "NoConstructor");
        LoadingHost.ConstructorRan = false;
        var error = Assert.Throws<PatchLoadException>(() => PatchAssembly.Load(Path.Combine(_folder, "NoConstructor.dll")));
        Assert.Contains("BSecond", error.Message, StringComparison.Ordinal);
        Assert.Contains("public parameterless constructor", error.Message, StringComparison.Ordinal);
        Assert.False(LoadingHost.ConstructorRan);
    }

    [Fact]
    public void AnAssemblyBuiltAgainstAnotherMajorVersionOfTheHookApi_IsRefused()
    {
        // A stand-in for the hook API of version 2, and a patch built against it.
        var hookApi = Compile("""
            [assembly: System.Reflection.AssemblyVersion("2.0.0.0")]
            namespace HookSafety.Hooks
            {
                public abstract class LivePatch { }

                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class PatchAttribute : System.Attribute { public PatchAttribute(string id) { } }
            }
            """, "HookSafety.Hooks", folder: Path.Combine(_folder, "v2"), referenceHookApi: false);
        Compile("""
            [HookSafety.Hooks.Patch("from-the-future")]
            public sealed class FromTheFuture : HookSafety.Hooks.LivePatch { }
            """, "FromTheFuture", extra: hookApi, referenceHookApi: false);
        var error = Assert.Throws<PatchLoadException>(() => PatchAssembly.Load(Path.Combine(_folder, "FromTheFuture.dll")));
        Assert.Contains("2.0.0.0", error.Message, StringComparison.Ordinal);
    }

    // ---- only trusted code gets in ----

    private const string Guarded = Usings + """
        [Patch("guarded")]
        public sealed class Guarded : LivePatch
        {
            static Guarded() => LoadingHost.ConstructorRan = true;

            public Guarded() => LoadingHost.ConstructorRan = true;
        }
        """;

    [Fact]
    public void AFileOnTheHashAllowlist_IsAdmitted()
    {
        Compile(Guarded, "Hashed");
        var path = Path.Combine(_folder, "Hashed.dll");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        var loaded = PatchAssembly.Load(path, PatchTrust.Sha256(new string('0', 64), hash));
        Assert.Equal(1, PatchCount(loaded));
    }

    [Fact]
    public void AFileNotOnTheHashAllowlist_IsRefused_BeforeAnyOfItsCodeRuns()
    {
        Compile(Guarded, "Unlisted");
        LoadingHost.ConstructorRan = false;
        var error = Assert.Throws<System.Security.SecurityException>(() => PatchAssembly.Load(Path.Combine(_folder, "Unlisted.dll"), PatchTrust.Sha256(new string('a', 64))));
        Assert.Contains("Unlisted.dll", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.False(LoadingHost.ConstructorRan);
        Assert.DoesNotContain(System.Runtime.Loader.AssemblyLoadContext.All.SelectMany(c => c.Assemblies), a => a.GetName().Name == "Unlisted");
    }

    [Fact]
    public void AFileChangedAfterItWasHashed_IsRefused()
    {
        Compile(Guarded, "Changed");
        var path = Path.Combine(_folder, "Changed.dll");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        Compile(Guarded.Replace("\"guarded\"", "\"guarded-and-changed\"", StringComparison.Ordinal), "Changed");
        Assert.Throws<System.Security.SecurityException>(() => PatchAssembly.Load(path, PatchTrust.Sha256(hash)));
    }

    [Fact]
    public void AnAssemblySignedWithTheKey_IsAdmitted_AndOneSignedWithAnother_OrUnsigned_OrChanged_IsRefused()
    {
        var key = Path.Combine(_folder, "patches.snk");
        var other = Path.Combine(_folder, "other.snk");
        WriteKey(key);
        WriteKey(other);
        Compile(Guarded, "Signed", keyFile: key);
        Compile(Guarded, "SignedByOther", keyFile: other);
        Compile(Guarded, "Unsigned");
        var token = Convert.ToHexString(System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(_folder, "Signed.dll")).GetPublicKeyToken()!);
        var policy = PatchTrust.PublicKeyToken(token);

        Assert.Equal(1, PatchCount(PatchAssembly.Load(Path.Combine(_folder, "Signed.dll"), policy)));
        LoadingHost.ConstructorRan = false;
        Assert.Contains("not strong-named", Assert.Throws<System.Security.SecurityException>(() => PatchAssembly.Load(Path.Combine(_folder, "Unsigned.dll"), policy)).Message, StringComparison.Ordinal);
        Assert.Contains("public key token", Assert.Throws<System.Security.SecurityException>(() => PatchAssembly.Load(Path.Combine(_folder, "SignedByOther.dll"), policy)).Message, StringComparison.Ordinal);

        // The same bytes with one changed in a section: the name still carries the key, the signature no longer matches.
        var image = File.ReadAllBytes(Path.Combine(_folder, "Signed.dll"));
        var tampered = Path.Combine(_folder, "Tampered.dll");
        image[image.Length - 1] ^= 0xFF;
        File.WriteAllBytes(tampered, image);
        Assert.Contains("does not match its bytes", Assert.Throws<System.Security.SecurityException>(() => PatchAssembly.Load(tampered, policy)).Message, StringComparison.Ordinal);
        Assert.False(LoadingHost.ConstructorRan);
    }

    [Fact]
    public void PoliciesWithoutAnEntry_OrWithMalformedOnes_AreRefusedWhenMade()
    {
        Assert.Throws<ArgumentException>(() => PatchTrust.Sha256());
        Assert.Throws<ArgumentException>(() => PatchTrust.Sha256("abc"));
        Assert.Throws<ArgumentException>(() => PatchTrust.PublicKeyToken("b77a5c561934e08"));
        Assert.Throws<ArgumentException>(() => PatchTrust.PublicKeyToken("zz7a5c561934e089"));
    }

    private static void WriteKey(string path)
    {
#pragma warning disable CA1416 // RSACryptoServiceProvider's CSP blob export runs on every platform .NET supports
        using var rsa = new System.Security.Cryptography.RSACryptoServiceProvider(1024);
        File.WriteAllBytes(path, rsa.ExportCspBlob(includePrivateParameters: true));
#pragma warning restore CA1416
    }

    // ---- helpers ----

    private PatchAssembly Load(string source, string name)
    {
        Compile(source, name);
        return PatchAssembly.Load(Path.Combine(_folder, name + ".dll"));
    }

    /// <summary>Compiles <paramref name="source"/> to <c>name.dll</c> in the test's folder (or <paramref name="folder"/>), against the framework, the hook API and this host.</summary>
    private MetadataReference Compile(string source, string name, string? folder = null, MetadataReference? extra = null, bool referenceHookApi = true, string? keyFile = null)
    {
        var references = Framework.ToList();
        if (referenceHookApi)
        {
            references.Add(MetadataReference.CreateFromFile(typeof(LivePatch).Assembly.Location));
            references.Add(MetadataReference.CreateFromFile(typeof(LoadingHost).Assembly.Location));
        }

        if (extra is not null)
        {
            references.Add(extra);
        }

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (keyFile is not null)
        {
            options = options.WithCryptoKeyFile(keyFile).WithStrongNameProvider(new DesktopStrongNameProvider());
        }

        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) }, references, options);
        var path = Path.Combine(folder ?? _folder, name + ".dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromFile(path);
    }

    private static readonly Lazy<List<MetadataReference>> s_framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var file && (file.StartsWith("System.", StringComparison.Ordinal) || file is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    private static IEnumerable<MetadataReference> Framework => s_framework.Value;

    // Whatever touches a patch, its type or its replacement does so in a frame of its own: in a debug build a test's own
    // frame keeps its temporaries alive to its end, and they would keep the assembly from unloading.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private PatchAssembly LoadEnableAndDisable(string source, string name)
    {
        var loaded = Load(source, name);
        EnableAll(loaded);
        Assert.Equal(30, ScaleOf(3));
        DisableAll(loaded);
        Assert.Equal(3, ScaleOf(3));
        return loaded;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ScaleOf(int x) => LoadingHost.Scale.Current(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PatchCount(PatchAssembly loaded) => loaded.Patches.Count;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int EnabledCount(PatchAssembly loaded) => loaded.Patches.Sum(p => p.EnabledCount);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SameTypes(PatchAssembly first, PatchAssembly second) => first.Patches[0].GetType() == second.Patches[0].GetType();

    /// <summary>Enables every patch of the assembly.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnableAll(PatchAssembly loaded)
    {
        foreach (var patch in loaded.Patches)
        {
            _manager.Enable(patch);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DisableAll(PatchAssembly loaded)
    {
        foreach (var patch in loaded.Patches)
        {
            _manager.Disable(PatchIdOf(patch));
        }
    }

    private static string PatchIdOf(LivePatch patch)
        => patch.GetType().GetCustomAttributes(inherit: false).OfType<PatchAttribute>().Single().Id;
}
