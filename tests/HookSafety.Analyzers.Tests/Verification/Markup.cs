using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers.Tests.Verification;

/// <summary>One marked span: <c>[|..|]</c> (Name null: the rule under test), <c>{|ID:..|}</c> or <c>{|#n:..|}</c>.</summary>
public sealed record MarkedSpan(string? Name, TextSpan Span)
{
    /// <summary>The index of a <c>{|#n:..|}</c> span, or null.</summary>
    public int? Index => Name is ['#', .. var digits] && int.TryParse(digits, out var n) ? n : null;
}

/// <summary>A test source with its markup taken out.</summary>
public sealed record MarkedSource(string Text, ImmutableArray<MarkedSpan> Spans)
{
    /// <summary>
    /// Parses <c>[|..|]</c>, <c>{|ID:..|}</c> and <c>{|#n:..|}</c> (nesting allowed). Unbalanced or
    /// malformed markup is an error of the test.
    /// </summary>
    public static MarkedSource Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var spans = ImmutableArray.CreateBuilder<MarkedSpan>();
        var open = new Stack<(string? Name, int Start, bool Braces, int MarkupOffset)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((null, text.Length, false, i));
                i++;
            }
            else if (At(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                var name = colon < 0 ? string.Empty : markup.Substring(i + 2, colon - i - 2);
                if (name.Length == 0 || name.Contains(' ') || name.Contains('\n'))
                {
                    throw new VerifierException($"Malformed markup at offset {i}: expected '{{|ID:' or '{{|#n:'.");
                }

                open.Push((name, text.Length, true, i));
                i = colon;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                var braces = markup[i + 1] == '}';
                if (open.Count == 0 || open.Peek().Braces != braces)
                {
                    throw new VerifierException($"Unbalanced markup: '{markup.Substring(i, 2)}' at offset {i} closes nothing it could close.");
                }

                var (name, start, _, _) = open.Pop();
                spans.Add(new MarkedSpan(name, TextSpan.FromBounds(start, text.Length)));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new VerifierException($"Unbalanced markup: the span opened at offset {open.Peek().MarkupOffset} is never closed.");
        }

        return new MarkedSource(text.ToString(), spans.ToImmutable());
    }

    /// <summary>Renders diagnostics as markup, for a failure message the test author can paste.</summary>
    public static string Render(string text, IEnumerable<(string Id, TextSpan Span)> diagnostics)
    {
        // At each position: spans that end there close first (inner before outer), then empty spans,
        // then spans that start there open (outer before inner).
        var byPosition = new SortedDictionary<int, List<(int Group, int Length, string Text)>>();
        void Add(int position, int group, int length, string markup)
        {
            if (!byPosition.TryGetValue(position, out var list))
            {
                byPosition[position] = list = new List<(int, int, string)>();
            }

            list.Add((group, length, markup));
        }

        foreach (var (id, span) in diagnostics)
        {
            if (span.IsEmpty)
            {
                Add(span.Start, 1, 0, $"{{|{id}:|}}");
            }
            else
            {
                Add(span.End, 0, span.Length, "|}");
                Add(span.Start, 2, -span.Length, $"{{|{id}:");
            }
        }

        var builder = new StringBuilder(text);
        foreach (var pair in byPosition.Reverse())
        {
            var ordered = pair.Value.OrderBy(m => m.Group).ThenBy(m => m.Length).Select(m => m.Text);
            builder.Insert(pair.Key, string.Concat(ordered));
        }

        return builder.ToString();
    }

    private static bool At(string text, int index, string token)
        => index + token.Length <= text.Length && string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
