using System;
using System.Collections.Generic;
using System.IO;
using HookSafety.Shared;

namespace HookSafety.Cli;

/// <summary>One release of the series, as given on the command line: its name, its file, and its summary.</summary>
internal sealed class Release
{
    public Release(string name, string file, PatchSummary summary)
    {
        Name = name;
        File = file;
        Summary = summary;
    }

    /// <summary>The file name without <c>.patches.json</c> or its extension (<c>v2.patches.json</c> → <c>v2</c>).</summary>
    public string Name { get; }

    /// <summary>The path as given.</summary>
    public string File { get; }

    public PatchSummary Summary { get; }
}

/// <summary>Input the command cannot read: said in one line, exit code 2.</summary>
internal sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InputException()
    {
    }
}

/// <summary>Reads releases: a patch summary (<c>*.patches.json</c>) or a built assembly (<c>.dll</c>, <c>.exe</c>), whose metadata alone is read.</summary>
internal static class ReleaseInput
{
    public const string SummaryEnding = ".patches.json";

    public static IReadOnlyList<Release> ReadAll(IReadOnlyList<string> files)
    {
        var releases = new List<Release>(files.Count);
        foreach (var file in files)
        {
            releases.Add(Read(file));
        }

        return releases;
    }

    public static Release Read(string file)
    {
        if (!File.Exists(file))
        {
            throw new InputException(Directory.Exists(file) ? $"{file}: is a directory, not a release file." : $"{file}: no such file.");
        }

        return new Release(NameOf(file), file, IsAssembly(file) ? ReadAssembly(file) : ReadSummary(file));
    }

    /// <summary>The release's name: the file name without <c>.patches.json</c>, or without its extension.</summary>
    public static string NameOf(string file)
    {
        var name = Path.GetFileName(file);
        return name.EndsWith(SummaryEnding, StringComparison.OrdinalIgnoreCase) && name.Length > SummaryEnding.Length
            ? name.Substring(0, name.Length - SummaryEnding.Length)
            : Path.GetFileNameWithoutExtension(name);
    }

    private static bool IsAssembly(string file)
        => file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);

    private static PatchSummary ReadSummary(string file)
    {
        var text = ReadText(file);
        try
        {
            return PatchSummary.Parse(text, file);
        }
        catch (FormatException e)
        {
            throw new InputException(e.Message, e);
        }
    }

    private static PatchSummary ReadAssembly(string file)
    {
        byte[] image;
        try
        {
            image = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{file}: cannot be read: {e.Message}", e);
        }

        try
        {
            return PatchSummaryFromMetadata.Read(image, file);
        }
        catch (BadImageFormatException e)
        {
            throw new InputException(e.Message.StartsWith(file, StringComparison.Ordinal) ? e.Message : $"{file} is not a .NET assembly: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            // Metadata that PEReader accepts but cannot decode.
            throw new InputException($"{file} is not a readable .NET assembly: {e.Message}", e);
        }
    }

    private static string ReadText(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{file}: cannot be read: {e.Message}", e);
        }
    }
}
