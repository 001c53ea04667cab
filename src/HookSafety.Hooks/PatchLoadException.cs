using System;

namespace HookSafety.Hooks;

/// <summary>
/// A patch assembly that <see cref="PatchAssembly.Load(string)"/> cannot take: it holds no patch, it was built against
/// another major version of the hook API, a patch type has no public parameterless constructor, or creating a patch
/// failed. Nothing of the assembly stays loaded.
/// </summary>
public sealed class PatchLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The full path of the assembly file.</param>
    /// <param name="message">What is wrong, and what to do.</param>
    /// <param name="innerException">The exception that caused it, if any.</param>
    public PatchLoadException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The full path of the assembly file.</summary>
    public string Path { get; }
}
