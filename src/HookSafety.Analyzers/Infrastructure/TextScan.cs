using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers;

/// <summary>
/// The cheapest pre-check a rule can make before it looks at a file's syntax or binds anything: whether the file's text
/// contains a word at all (read in place, no copy of the text).
/// </summary>
internal static class TextScan
{
    public static bool Contains(SourceText text, string word) => IndexOf(text, word, 0) >= 0;

    /// <summary>Every position where <paramref name="word"/> starts in <paramref name="text"/>.</summary>
    public static System.Collections.Generic.IEnumerable<int> Occurrences(SourceText text, string word)
    {
        for (var at = IndexOf(text, word, 0); at >= 0; at = IndexOf(text, word, at + word.Length))
        {
            yield return at;
        }
    }

    private static int IndexOf(SourceText text, string word, int start)
    {
        var last = text.Length - word.Length;
        for (var i = start; i <= last; i++)
        {
            if (text[i] != word[0])
            {
                continue;
            }

            var j = 1;
            while (j < word.Length && text[i + j] == word[j])
            {
                j++;
            }

            if (j == word.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
