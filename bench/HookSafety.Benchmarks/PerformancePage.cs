using System;
using System.IO;
using System.Text.RegularExpressions;

namespace HookSafety.Benchmarks;

/// <summary>
/// docs/performance.md: the full run writes the page; the modes that take longer (<c>--floor</c>, <c>--build</c>) write
/// a section of it each, between markers, which the full run keeps.
/// </summary>
internal static class PerformancePage
{
    public static string Path => System.IO.Path.Combine(Program.Metadata("HookSafety.RepositoryRoot"), "docs", "performance.md");

    /// <summary>Replaces (or appends) the section <paramref name="name"/> of the page.</summary>
    public static void WriteSection(string name, string markdown)
    {
        var page = File.Exists(Path) ? File.ReadAllText(Path) : "# Performance\n";
        var section = Begin(name) + "\n" + markdown.TrimEnd() + "\n" + End(name);
        var pattern = new Regex(Regex.Escape(Begin(name)) + ".*?" + Regex.Escape(End(name)), RegexOptions.Singleline);
        page = pattern.IsMatch(page) ? pattern.Replace(page, section.Replace("$", "$$", StringComparison.Ordinal)) : page.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(Path, page);
        Console.WriteLine($"wrote the '{name}' section of {Path}");
    }

    /// <summary>The sections of the current page, to be kept when the full run writes the rest anew.</summary>
    public static string KeptSections()
    {
        if (!File.Exists(Path))
        {
            return string.Empty;
        }

        var kept = new System.Text.StringBuilder();
        foreach (Match match in new Regex(@"<!-- section: (?<name>[a-z-]+) -->.*?<!-- end of section: \k<name> -->", RegexOptions.Singleline).Matches(File.ReadAllText(Path)))
        {
            kept.Append('\n').Append(match.Value).Append('\n');
        }

        return kept.ToString();
    }

    private static string Begin(string name) => $"<!-- section: {name} -->";

    private static string End(string name) => $"<!-- end of section: {name} -->";
}
