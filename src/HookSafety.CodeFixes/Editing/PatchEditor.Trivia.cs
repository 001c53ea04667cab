using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>The trivia the edits lay out: blank lines, the document's line ends, and comments or directives a removal must keep.</summary>
internal sealed partial class PatchEditor
{
    private static bool IsCommentOrDirective(SyntaxTrivia trivia)
        => trivia.IsDirective || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
           || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia);

    /// <summary>How many trivia at the start of <paramref name="node"/>'s leading trivia are blank lines (each one end of line).</summary>
    private static int LeadingBlankLines(SyntaxNode node)
    {
        var trivia = node.GetLeadingTrivia();
        var count = 0;
        while (count < trivia.Count && trivia[count].IsKind(SyntaxKind.EndOfLineTrivia))
        {
            count++;
        }

        return count;
    }

    /// <summary><paramref name="trivia"/> without the blank lines it starts with.</summary>
    private static SyntaxTriviaList WithoutBlankLines(SyntaxTriviaList trivia)
    {
        var start = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
            else if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        return TriviaList(trivia.Skip(start));
    }

    private static SyntaxTrivia NewLineOf(SyntaxNode node)
        => node.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() == "\r\n" ? CarriageReturnLineFeed : LineFeed;
}
