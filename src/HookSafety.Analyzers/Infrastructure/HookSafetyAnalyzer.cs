using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers;

/// <summary>
/// What every HookSafety rule shares: generated code skipped (see <see cref="Reporting"/>), concurrent execution, and a start per
/// compilation that resolves the hook API once and registers nothing when the compilation does not
/// reference it.
/// </summary>
public abstract class HookSafetyAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(Reporting.Flags);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (HookApi.For(start.Compilation) is { } api)
            {
                OnHookApiReferenced(start, api);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references the hook API.</summary>
    internal abstract void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api);

    /// <summary>
    /// Wraps a symbol action so that an exception in it names the rule and the symbol's first source
    /// location: the AD0001 a user sees then says where to look. Every action a rule registers goes through one of
    /// these wrappers (RegistrationTests holds it).
    /// </summary>
    internal Action<SymbolAnalysisContext> Guard(Action<SymbolAnalysisContext> action)
        => Wrap(action, c => $"on '{c.Symbol.ToDisplayString()}' at {Describe(c.Symbol)}");

    /// <summary>Wraps a symbol-start action: an exception in it names the rule, the symbol and where it is.</summary>
    internal Action<SymbolStartAnalysisContext> Guard(Action<SymbolStartAnalysisContext> action)
        => Wrap(action, c => $"on '{c.Symbol.ToDisplayString()}' at {Describe(c.Symbol)}");

    /// <summary>Wraps an operation-block action: an exception in it names the rule, the member and where it is.</summary>
    internal Action<OperationBlockAnalysisContext> Guard(Action<OperationBlockAnalysisContext> action)
        => Wrap(action, c => $"on '{c.OwningSymbol.ToDisplayString()}' at {Describe(c.OwningSymbol)}");

    /// <summary>Wraps a semantic-model action: an exception in it names the rule and the file.</summary>
    internal Action<SemanticModelAnalysisContext> Guard(Action<SemanticModelAnalysisContext> action)
        => Wrap(action, c => $"on {c.SemanticModel.SyntaxTree.FilePath}");

    /// <summary>Wraps an additional-file action: an exception in it names the rule and the file.</summary>
    internal Action<AdditionalFileAnalysisContext> Guard(Action<AdditionalFileAnalysisContext> action)
        => Wrap(action, c => $"on {c.AdditionalFile.Path}");

    /// <summary>Wraps a compilation-end action: an exception in it names the rule and the compilation.</summary>
    internal Action<CompilationAnalysisContext> Guard(Action<CompilationAnalysisContext> action)
        => Wrap(action, c => $"at the end of compilation '{c.Compilation.AssemblyName}'");

    /// <summary>The action, with an exception in it rethrown as one that names the rule and <paramref name="where"/>.</summary>
    private Action<TContext> Wrap<TContext>(Action<TContext> action, Func<TContext, string> where) => context =>
    {
        try
        {
            action(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{GetType().Name} failed {where(context)}: {ex.Message}", ex);
        }
    };

    private static string Describe(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                var span = location.GetLineSpan();
                return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
            }
        }

        return "(no source location)";
    }
}
