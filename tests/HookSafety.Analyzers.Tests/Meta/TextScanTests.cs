using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>The text pre-check the rules rely on finds exactly what a plain search of the string finds, across its chunks.</summary>
public sealed class TextScanTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(20000)]
    public void FindsEveryOccurrence_AsStringSearchDoes(int length)
    {
        var random = new Random(length);
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            // Mostly filler, with the word, its prefixes and its first letter scattered (some across chunk ends).
            builder.Append(random.Next(6) switch
            {
                0 => "ShadowVariable",
                1 => "Shadow",
                2 => "S",
                3 => "new(",
                _ => new string('x', random.Next(1, 40)),
            });
        }

        var content = builder.ToString(0, length);
        var text = SourceText.From(content);
        foreach (var word in new[] { "ShadowVariable", "new", "S", "x" })
        {
            Assert.Equal(Expected(content, word), TextScan.Occurrences(text, word).ToList());
            Assert.Equal(content.Contains(word, StringComparison.Ordinal), TextScan.Contains(text, word));
        }
    }

    [Fact]
    public void WordAcrossAChunkEnd_IsFound()
    {
        var content = new string('x', 8190) + "ShadowVariable" + new string('x', 10);
        Assert.Equal(new[] { 8190 }, TextScan.Occurrences(SourceText.From(content), "ShadowVariable").ToArray());
    }

    [Fact]
    public void WordLongerThanTheText_IsNotFound()
        => Assert.False(TextScan.Contains(SourceText.From("Shadow"), "ShadowVariable"));

    private static List<int> Expected(string content, string word)
    {
        var found = new List<int>();
        for (var at = content.IndexOf(word, StringComparison.Ordinal); at >= 0; at = content.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            found.Add(at);
        }

        return found;
    }
}
