using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using HookSafety.Hooks;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Tests.Verification;

/// <summary>
/// The references every test compilation gets: the SDK's reference pack (its folder handed to the tests
/// by MSBuild) and the hook API assembly. Loaded once per test run.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFramework);
    private static readonly Lazy<MetadataReference> s_hookApi = new(() => MetadataReference.CreateFromFile(typeof(LivePatch).Assembly.Location));

    /// <summary>The reference pack's assemblies.</summary>
    public static ImmutableArray<MetadataReference> Framework => s_framework.Value;

    /// <summary>The hook API (<c>HookSafety.Hooks</c>).</summary>
    public static MetadataReference HookApi => s_hookApi.Value;

    /// <summary>The repository's root folder, as the build saw it.</summary>
    public static string RepositoryRoot => Metadata("HookSafety.RepositoryRoot");

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        var directory = Metadata("HookSafety.ReferencePackDirectory");
        var files = Directory.GetFiles(directory, "*.dll");
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"No reference assemblies in '{directory}'.");
        }

        return files.OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();
    }

    private static string Metadata(string key)
        => typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
               .FirstOrDefault(a => a.Key == key)?.Value
           ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata: build it with MSBuild (dotnet test).");
}
