using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace HookSafety.CodeFixes;

/// <summary>
/// Whether a document nests deeper than its fixed text could be cleaned up: after a fix, Roslyn formats and simplifies
/// the document with recursive rewriters that give up (an <c>InsufficientExecutionStackException</c>) on code nested
/// some thousands of levels deep, such as a generated 20,000-term expression. No fix is offered in such a document.
/// The depth is measured once per tree, without recursion.
/// </summary>
internal static class SyntaxDepth
{
    /// <summary>The deepest nesting of syntax nodes a fixed document may have.</summary>
    public const int Max = 1_000;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxNode, object> s_tooDeep = new();
    private static readonly object s_yes = new();
    private static readonly object s_no = new();

    public static bool IsTooDeep(SyntaxNode root) => s_tooDeep.GetValue(root, Measure) == s_yes;

    private static object Measure(SyntaxNode root)
    {
        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > Max)
            {
                return s_yes;
            }

            foreach (var child in node.ChildNodes())
            {
                pending.Push((child, depth + 1));
            }
        }

        return s_no;
    }
}
