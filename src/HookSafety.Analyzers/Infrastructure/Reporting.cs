using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers;

/// <summary>
/// The one way the rules report: nothing in generated code. The rules are not run on generated code (the driver skips
/// generated symbols and files), and a finding that still lands in generated code (a partial part of a patch in a
/// generated file, a member marked <c>[GeneratedCode]</c>) is dropped here. The driver could drop it too, but it decides
/// by walking every token of a file the first time anything is reported in it, which cost more than all of a patch
/// file's rules together; here only the finding's file header and the declarations around it are read.
/// </summary>
internal static class Reporting
{
    /// <summary>The flags every rule registers with: no analysis of generated code; reports filtered by <see cref="GeneratedCode"/>.</summary>
    public const GeneratedCodeAnalysisFlags Flags = GeneratedCodeAnalysisFlags.ReportDiagnostics;

    public static void Report(this SymbolAnalysisContext context, HookApi api, Diagnostic diagnostic)
    {
        if (!api.GeneratedCode.Contains(diagnostic.Location, context.Options, context.Compilation, context.CancellationToken))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    public static void Report(this OperationAnalysisContext context, HookApi api, Diagnostic diagnostic)
    {
        if (!api.GeneratedCode.Contains(diagnostic.Location, context.Options, context.Compilation, context.CancellationToken))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    public static void Report(this SemanticModelAnalysisContext context, HookApi api, Diagnostic diagnostic)
    {
        if (!api.GeneratedCode.Contains(diagnostic.Location, context.Options, context.SemanticModel.Compilation, context.CancellationToken))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    public static void Report(this CompilationAnalysisContext context, HookApi api, Diagnostic diagnostic)
    {
        if (!api.GeneratedCode.Contains(diagnostic.Location, context.Options, context.Compilation, context.CancellationToken))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>Reports a finding on an additional file (a release summary): never generated code.</summary>
    public static void Report(this AdditionalFileAnalysisContext context, Diagnostic diagnostic) => context.ReportDiagnostic(diagnostic);
}

/// <summary>
/// Whether a location is generated code, as the compiler's analyzer driver decides it: a file marked
/// <c>generated_code = true</c> in .editorconfig, named like generated code (<c>.g.cs</c>, <c>.designer.cs</c>, ...), or
/// starting with an <c>&lt;auto-generated&gt;</c> comment; or a declaration marked <c>[GeneratedCode]</c>. Files are
/// decided once each.
/// </summary>
internal sealed class GeneratedCode
{
    /// <summary>Per file: generated as a whole, or else whether its text names GeneratedCode at all (then declarations may be marked).</summary>
    private readonly ConcurrentDictionary<SyntaxTree, FileKind> _files = new();

    private enum FileKind : byte
    {
        Plain,
        MayMarkDeclarations,
        Generated,
    }

    public bool Contains(Location location, AnalyzerOptions options, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!location.IsInSource || location.SourceTree is not { } tree)
        {
            return false;
        }

        if (!_files.TryGetValue(tree, out var kind))
        {
            // Decided once per file; the closure is made only then, not for every finding.
            kind = _files.GetOrAdd(tree, t => IsGeneratedFile(t, options, compilation, cancellationToken) ? FileKind.Generated
                : TextScan.Contains(t.GetText(cancellationToken), "GeneratedCode") ? FileKind.MayMarkDeclarations
                : FileKind.Plain);
        }

        if (kind != FileKind.MayMarkDeclarations)
        {
            return kind == FileKind.Generated;
        }

        var node = tree.GetRoot(cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        for (var current = node; current is not null; current = current.Parent)
        {
            var attributeLists = current switch
            {
                MemberDeclarationSyntax member => member.AttributeLists,
                AccessorDeclarationSyntax accessor => accessor.AttributeLists,
                _ => default,
            };
            foreach (var list in attributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (IsGeneratedCodeAttribute(attribute.Name))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>By name, as written (<c>GeneratedCode</c>, <c>GeneratedCodeAttribute</c>, qualified or not).</summary>
    private static bool IsGeneratedCodeAttribute(NameSyntax name) => SyntaxNames.Rightmost(name) is "GeneratedCode" or "GeneratedCodeAttribute";

    private static bool IsGeneratedFile(SyntaxTree tree, AnalyzerOptions options, Compilation compilation, CancellationToken cancellationToken)
    {
        // .editorconfig decides first, either way.
        if (compilation.Options.SyntaxTreeOptionsProvider?.IsGenerated(tree, cancellationToken) is { } kind && kind != GeneratedKind.Unknown)
        {
            return kind == GeneratedKind.MarkedGenerated;
        }

        if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue("generated_code", out var value) && bool.TryParse(value, out var marked))
        {
            return marked;
        }

        return HasGeneratedName(tree.FilePath) || StartsWithAutoGeneratedComment(tree, cancellationToken);
    }

    private static bool HasGeneratedName(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var name = path.Substring(Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1);
        if (name.StartsWith("TemporaryGeneratedFile_", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var stem = name.Substring(0, dot);
        return stem.EndsWith(".designer", StringComparison.OrdinalIgnoreCase)
               || stem.EndsWith(".generated", StringComparison.OrdinalIgnoreCase)
               || stem.EndsWith(".g", StringComparison.OrdinalIgnoreCase)
               || stem.EndsWith(".g.i", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A comment before the first token that says <c>&lt;auto-generated</c> (or <c>&lt;autogenerated</c>).</summary>
    private static bool StartsWithAutoGeneratedComment(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var first = tree.GetRoot(cancellationToken).GetFirstToken(includeZeroWidth: true);
        foreach (var trivia in first.LeadingTrivia)
        {
            if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                var text = trivia.ToString();
                if (text.IndexOf("<auto-generated", StringComparison.OrdinalIgnoreCase) >= 0
                    || text.IndexOf("<autogenerated", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
