using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Threading;

namespace HookSafety.Hooks;

/// <summary>
/// A built patch assembly loaded into the running host, as a kernel livepatch is a module loaded into the running kernel:
/// in a collectible load context of its own, which takes the hook API and the host's assemblies from the host (one
/// <see cref="LivePatch"/> type, one <see cref="PatchPoint{TDelegate}"/> type), with each of its <see cref="PatchAttribute">[Patch]</see>
/// types created (<see cref="Patches"/>) for <see cref="PatchManager.Enable"/>. Once its patches are disabled,
/// <see cref="TryUnload"/> lets the runtime collect its code, and says whether it did.
/// </summary>
/// <remarks>
/// The assembly's file is read once: what is checked (its metadata, and with a <see cref="PatchTrust"/> its hash or
/// signature) is exactly what is loaded, whatever happens to the file afterwards. Dependencies of the patch that the host does not
/// have are loaded from the patch's folder into the same context.
/// </remarks>
public sealed class PatchAssembly
{
    private readonly object _gate = new();
    private PatchLoadContext? _context;
    private IReadOnlyList<LivePatch> _patches;
    private WeakReference? _unloading;

    private PatchAssembly(string path, string name, PatchLoadContext context, IReadOnlyList<LivePatch> patches)
    {
        Path = path;
        Name = name;
        _context = context;
        _patches = patches;
    }

    /// <summary>The full path of the assembly file loaded.</summary>
    public string Path { get; }

    /// <summary>The assembly's simple name.</summary>
    public string Name { get; }

    /// <summary>The patches the assembly holds, one per <c>[Patch]</c> type; empty once <see cref="TryUnload"/> has begun.</summary>
    public IReadOnlyList<LivePatch> Patches => Volatile.Read(ref _patches);

    /// <summary>Whether the runtime has collected the assembly's code (set by <see cref="TryUnload"/>).</summary>
    public bool IsUnloaded { get; private set; }

    /// <summary>
    /// When <see cref="TryUnload"/> returned false: what still keeps the assembly's code alive, as far as the runtime can
    /// tell, and the usual suspects with the HookSafety rule that flags each. Null otherwise.
    /// </summary>
    public string? StillAliveBecause { get; private set; }

    /// <summary>
    /// Loads a patch assembly for development: any assembly file is admitted. A host that loads patches in production
    /// admits only the files it trusts, with <see cref="Load(string, PatchTrust)"/>.
    /// </summary>
    /// <param name="path">The patch assembly's file.</param>
    /// <returns>The loaded assembly, with its patches created.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    /// <exception cref="PatchLoadException">
    /// The assembly holds no patch, was built against another major version of the hook API, has a patch type without a
    /// public parameterless constructor, or a patch's constructor threw; nothing stays loaded.
    /// </exception>
    public static PatchAssembly Load(string path) => LoadCore(path, trust: null);

    /// <summary>
    /// Loads a patch assembly if <paramref name="trust"/> admits the file (its SHA-256 on an allowlist, or a valid strong
    /// name with a given key), checked before any of its code runs, on the very bytes then loaded.
    /// </summary>
    /// <param name="path">The patch assembly's file.</param>
    /// <param name="trust">The policy the file must meet.</param>
    /// <returns>The loaded assembly, with its patches created.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="trust"/> is null.</exception>
    /// <exception cref="System.Security.SecurityException">The policy refuses the file; nothing of it was loaded or run.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    /// <exception cref="PatchLoadException">As for <see cref="Load(string)"/>.</exception>
    public static PatchAssembly Load(string path, PatchTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return LoadCore(path, trust);
    }

    /// <summary>
    /// Unloads the assembly once none of its patches is enabled: lets go of its patches, asks its load context to unload,
    /// and waits up to <paramref name="timeout"/> for the runtime to collect it. False when something still references
    /// its code; <see cref="StillAliveBecause"/> then says what is known. Calling it again after false tries again;
    /// after true, returns true.
    /// </summary>
    /// <param name="timeout">How long to wait for the collection.</param>
    /// <returns>Whether the assembly's code was collected within the timeout.</returns>
    /// <exception cref="InvalidOperationException">One of its patches is still enabled; nothing was changed.</exception>
    public bool TryUnload(TimeSpan timeout)
    {
        WeakReference? unloading;
        lock (_gate)
        {
            if (IsUnloaded)
            {
                return true;
            }

            unloading = _unloading ?? BeginUnload();
        }

        var deadline = DateTime.UtcNow + timeout;
        do
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (!unloading.IsAlive)
            {
                IsUnloaded = true;
                StillAliveBecause = null;
                return true;
            }

            Thread.Sleep(10);
        }
        while (DateTime.UtcNow < deadline);

        StillAliveBecause = Diagnose(unloading);
        return false;
    }

    /// <summary>
    /// Lets go of the patches and asks the context to unload; called under the lock. A frame of its own, so that no
    /// reference to the context or a patch stays in the frame that waits for the collection (a debug build keeps a
    /// method's locals alive to its end).
    /// </summary>
    /// <exception cref="InvalidOperationException">One of the patches is still enabled.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference BeginUnload()
    {
        var context = _context!;
        if (_patches.FirstOrDefault(p => p.EnabledCount > 0) is { } enabled)
        {
            throw new InvalidOperationException(
                $"Patch '{PatchDefinition.Inspect(enabled).Id}' of {Name} is still enabled: disable it before unloading the assembly.");
        }

        Volatile.Write(ref _patches, Array.Empty<LivePatch>());
        _context = null;
        context.Unload();
        return _unloading = new WeakReference(context);
    }

    private static PatchAssembly LoadCore(string path, PatchTrust? trust)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        byte[] image;
        try
        {
            image = File.ReadAllBytes(full);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"The patch assembly '{full}' does not exist.", full, e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"The patch assembly '{full}' does not exist.", full, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The patch assembly '{full}' cannot be read: {e.Message}", e);
        }

        // Its metadata, read without loading it: no code of it runs before every check has passed.
        var identity = AssemblyIdentityOf(full, image);
        trust?.Admit(full, image);
        CheckHookApi(full, identity);

        var context = new PatchLoadContext(full);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image, writable: false));
            var types = PatchTypes(full, assembly);
            var patches = new List<LivePatch>(types.Count);
            foreach (var type in types)
            {
                try
                {
                    patches.Add((LivePatch)Activator.CreateInstance(type)!);
                }
                catch (TargetInvocationException e)
                {
                    throw new PatchLoadException(full, $"Creating patch '{type.FullName}' of {identity.Name} failed: {e.InnerException?.Message}", e.InnerException);
                }
            }

            return new PatchAssembly(full, identity.Name, context, patches);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>The concrete <c>[Patch]</c> types, each checked for a public parameterless constructor before any is created.</summary>
    private static List<Type> PatchTypes(string path, Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            throw new PatchLoadException(path, $"The types of {assembly.GetName().Name} cannot be loaded: {e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message}", e);
        }

        var patches = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(LivePatch).IsAssignableFrom(t) && t.IsDefined(typeof(PatchAttribute), inherit: false))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        if (patches.Count == 0)
        {
            throw new PatchLoadException(path, $"{assembly.GetName().Name} holds no patch: no concrete class derived from LivePatch with [Patch].");
        }

        foreach (var type in patches)
        {
            if (type.GetConstructor(Type.EmptyTypes) is not { IsPublic: true })
            {
                throw new PatchLoadException(path, $"Patch type '{type.FullName}' has no public parameterless constructor: PatchAssembly creates each patch with one.");
            }
        }

        return patches;
    }

    /// <summary>The assembly's name, public key and the hook API version it was built against, from its metadata.</summary>
    private static (string Name, byte[] PublicKey, Version? HookApi) AssemblyIdentityOf(string path, byte[] image)
    {
        try
        {
            using var pe = new PEReader(new MemoryStream(image, writable: false));
            if (!pe.HasMetadata)
            {
                throw new BadImageFormatException($"'{path}' is not a .NET assembly: it has no metadata.", path);
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                throw new BadImageFormatException($"'{path}' is a module, not an assembly.", path);
            }

            var definition = reader.GetAssemblyDefinition();
            var hookApiName = typeof(LivePatch).Assembly.GetName().Name;
            Version? hookApi = null;
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.GetString(reference.Name) == hookApiName)
                {
                    hookApi = reference.Version;
                }
            }

            return (reader.GetString(definition.Name), reader.GetBlobBytes(definition.PublicKey), hookApi);
        }
        catch (BadImageFormatException e) when (e.FileName != path)
        {
            throw new BadImageFormatException($"'{path}' is not a .NET assembly: {e.Message}", path, e);
        }
    }

    /// <summary>A patch built against the hook API of another major version would bind to types this host does not have.</summary>
    private static void CheckHookApi(string path, (string Name, byte[] PublicKey, Version? HookApi) identity)
    {
        var host = typeof(LivePatch).Assembly.GetName();
        if (identity.HookApi is null)
        {
            throw new PatchLoadException(path, $"{identity.Name} holds no patch: it does not reference the hook API ({host.Name}).");
        }

        if (identity.HookApi.Major != host.Version!.Major)
        {
            throw new PatchLoadException(path,
                $"{identity.Name} was built against {host.Name} {identity.HookApi}; this host runs {host.Version}. Rebuild the patch against the host's major version {host.Version.Major}.");
        }
    }

    /// <summary>What still references the unloaded code, as far as the runtime can tell, and the usual suspects.</summary>
    private static string Diagnose(WeakReference unloading)
    {
        var found = new List<string>();
        if (unloading.Target is AssemblyLoadContext context)
        {
            found.AddRange(ShadowStore.ValuesFrom(context));
            found.AddRange(PatchManager.StateDataFrom(context));
        }

        var known = found.Count == 0 ? "Nothing the hook API holds refers to it. " : "Known: " + string.Join("; ", found) + ". ";
        return known + "The usual suspects, which HookSafety flags at build time: an event handler, timer, thread or "
               + "subscription the patch started and never stopped (HS0003, HS0002), a shadow variable never detached (HS0005), "
               + "a value of a patch type left in PatchState.Data (HS0010).";
    }

    /// <summary>The patch's own collectible context: the host's assemblies are shared, the patch's own dependencies are its.</summary>
    private sealed class PatchLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public PatchLoadContext(string path)
            : base("HookSafety patch " + System.IO.Path.GetFileName(path), isCollectible: true)
        {
            _folder = System.IO.Path.GetDirectoryName(path)!;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The host's assemblies (the hook API among them) come from the host; only what the host does not have
            // is the patch's own, from its folder.
            if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(assemblyName, a.GetName())))
            {
                return null;
            }

            var candidate = System.IO.Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
