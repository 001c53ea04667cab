using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers;

/// <summary>
/// The cheapest pre-check a rule can make before it looks at a file's syntax or binds anything: whether the file's text
/// contains a word at all (read in place, no copy of the text).
/// </summary>
internal static class TextScan
{
    public static bool Contains(SourceText text, string word)
    {
        var last = text.Length - word.Length;
        for (var i = 0; i <= last; i++)
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
                return true;
            }
        }

        return false;
    }
}
