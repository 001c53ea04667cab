using System;
using System.Linq;
using System.Reflection;

namespace HookSafety.Analyzers.Tests.Support;

/// <summary>The repository the tests run in (for the tests over samples, sources, docs and release files).</summary>
internal static class Repository
{
    /// <summary>The repository's root folder, as the build saw it (handed over in an assembly attribute).</summary>
    public static string Root { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HookSafety.RepositoryRoot")?.Value
        ?? throw new InvalidOperationException("The test assembly has no 'HookSafety.RepositoryRoot' metadata: build it with MSBuild (dotnet test).");
}
