using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers;

/// <summary>
/// The cheapest pre-check a rule can make before it looks at a file's syntax or binds anything: whether the file's text
/// contains a word at all. The text is read in chunks into a buffer (no copy of the whole file, no call per character),
/// where the runtime's vectorized search finds the word's first character.
/// </summary>
internal static class TextScan
{
    private const int ChunkSize = 8192;

    [System.ThreadStatic]
    private static char[]? t_buffer;

    public static bool Contains(SourceText text, string word) => IndexOf(text, word, 0) >= 0;

    /// <summary>Every position where <paramref name="word"/> starts in <paramref name="text"/>.</summary>
    public static System.Collections.Generic.IEnumerable<int> Occurrences(SourceText text, string word)
    {
        for (var at = IndexOf(text, word, 0); at >= 0; at = IndexOf(text, word, at + word.Length))
        {
            yield return at;
        }
    }

    /// <summary>The first position at or after <paramref name="start"/> where <paramref name="word"/> starts, or -1.</summary>
    internal static int IndexOf(SourceText text, string word, int start)
    {
        if (word.Length == 0 || word.Length > ChunkSize)
        {
            return -1;
        }

        var buffer = t_buffer ??= new char[ChunkSize];
        var first = word[0];

        // Chunks overlap by the word's length less one, so that a word across a chunk's end is found in the next one.
        for (var chunkStart = start; chunkStart <= text.Length - word.Length; chunkStart += ChunkSize - (word.Length - 1))
        {
            var count = System.Math.Min(ChunkSize, text.Length - chunkStart);
            text.CopyTo(chunkStart, buffer, 0, count);
            var last = count - word.Length;
            for (var i = System.Array.IndexOf(buffer, first, 0, count); i >= 0 && i <= last; i = i + 1 <= last ? System.Array.IndexOf(buffer, first, i + 1, count - i - 1) : -1)
            {
                var j = 1;
                while (j < word.Length && buffer[i + j] == word[j])
                {
                    j++;
                }

                if (j == word.Length)
                {
                    return chunkStart + i;
                }
            }

            if (chunkStart + count >= text.Length)
            {
                break;
            }
        }

        return -1;
    }
}
