using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers;

/// <summary>
/// The cheapest pre-check a rule can make before it looks at a file's syntax or binds anything: whether the file's text
/// contains a word at all. The text is read in chunks into a buffer (no copy of the whole file, no call per character),
/// where the runtime's vectorized search finds the word.
/// </summary>
internal static class TextScan
{
    private const int ChunkSize = 8192;

    [System.ThreadStatic]
    private static char[]? t_buffer;

    public static bool Contains(SourceText text, string word)
    {
        foreach (var _ in Occurrences(text, word))
        {
            return true;
        }

        return false;
    }

    /// <summary>Every position where <paramref name="word"/> starts in <paramref name="text"/> (not overlapping), in order.</summary>
    public static System.Collections.Generic.IEnumerable<int> Occurrences(SourceText text, string word)
    {
        if (word.Length == 0 || word.Length > ChunkSize)
        {
            yield break;
        }

        // Each chunk is copied once; chunks overlap by the word's length less one, so that a word across a chunk's end
        // is found in the next one. The buffer is the thread's, taken back after each chunk's search (the caller's code
        // runs between the positions yielded and may scan too).
        var next = 0; // the first position a match may start at (after the previous match)
        for (var chunkStart = 0; chunkStart <= text.Length - word.Length; chunkStart += ChunkSize - (word.Length - 1))
        {
            var count = System.Math.Min(ChunkSize, text.Length - chunkStart);
            var found = Search(text, word, chunkStart, count, next);
            foreach (var at in found)
            {
                next = at + word.Length;
                yield return at;
            }

            if (chunkStart + count >= text.Length)
            {
                yield break;
            }
        }
    }

    /// <summary>The positions of <paramref name="word"/> in one chunk, at or after <paramref name="from"/>, not overlapping.</summary>
    private static System.Collections.Generic.List<int> Search(SourceText text, string word, int chunkStart, int count, int from)
    {
        var buffer = t_buffer ??= new char[ChunkSize];
        text.CopyTo(chunkStart, buffer, 0, count);
        var found = new System.Collections.Generic.List<int>();
        var i = System.Math.Max(0, from - chunkStart);
        var target = System.MemoryExtensions.AsSpan(word);
        while (i <= count - word.Length)
        {
            // The runtime's search for the whole word (vectorized on .NET), not a stop at every occurrence of its first letter.
            var at = System.MemoryExtensions.IndexOf(new System.ReadOnlySpan<char>(buffer, i, count - i), target);
            if (at < 0)
            {
                break;
            }

            found.Add(chunkStart + i + at);
            i += at + word.Length;
        }

        return found;
    }
}
