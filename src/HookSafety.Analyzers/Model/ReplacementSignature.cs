using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HookSafety.Analyzers;

/// <summary>
/// Compares a replacement method with the delegate of the point it replaces. The match is exact, as
/// the runtime requires: same parameter count, identical types (names of tuple elements, nullability
/// and <c>dynamic</c>/<c>object</c> are not part of the runtime signature), same ref kinds, same return.
/// </summary>
internal static class ReplacementSignature
{
    /// <summary>Null when <paramref name="method"/> matches <paramref name="delegateType"/>; else what differs.</summary>
    public static string? Mismatch(Compilation compilation, IMethodSymbol method, INamedTypeSymbol? delegateType)
    {
        var invoke = delegateType?.DelegateInvokeMethod;
        if (delegateType is null || invoke is null || delegateType.TypeKind != TypeKind.Delegate)
        {
            return "the point's type argument is not a concrete delegate type";
        }

        if (method.IsGenericMethod)
        {
            return "a generic method cannot replace a patch point";
        }

        if (method.Parameters.Length != invoke.Parameters.Length)
        {
            return $"it takes {Count(method.Parameters.Length)}, the point's delegate takes {Count(invoke.Parameters.Length)}";
        }

        for (var i = 0; i < invoke.Parameters.Length; i++)
        {
            var actual = method.Parameters[i];
            var expected = invoke.Parameters[i];
            if (actual.RefKind != expected.RefKind)
            {
                return $"parameter '{actual.Name}' is {RefKindText(actual.RefKind)}, the delegate's is {RefKindText(expected.RefKind)}";
            }

            if (!SameType(compilation, actual.Type, expected.Type))
            {
                var (actualName, expectedName) = DisplayNames.TellApart(actual.Type, expected.Type);
                return $"parameter '{actual.Name}' is '{actualName}', the delegate's is '{expectedName}'";
            }
        }

        if (method.RefKind != invoke.RefKind || !SameType(compilation, method.ReturnType, invoke.ReturnType))
        {
            var (returned, expectedReturn) = DisplayNames.TellApart(method.ReturnType, invoke.ReturnType);
            return $"it returns '{ReturnPrefix(method)}{returned}', the delegate returns '{ReturnPrefix(invoke)}{expectedReturn}'";
        }

        return null;
    }

    /// <summary>The declaration a replacement of <paramref name="delegateType"/> should have.</summary>
    public static string Expected(string methodName, INamedTypeSymbol? delegateType)
    {
        var invoke = delegateType?.DelegateInvokeMethod;
        if (invoke is null)
        {
            return $"static ... {methodName}(...)";
        }

        var parameters = string.Join(", ", invoke.Parameters.Select(p => RefPrefix(p.RefKind) + Display(p.Type) + " " + p.Name));
        return $"static {ReturnText(invoke)} {methodName}({parameters})";
    }

    /// <summary>Whether two types are the same for a replacement (identical, or an identity conversion: tuple names, <c>dynamic</c>).</summary>
    internal static bool SameType(Compilation compilation, ITypeSymbol actual, ITypeSymbol expected)
        => SymbolEqualityComparer.Default.Equals(actual, expected)
           || (compilation is CSharpCompilation csharp && csharp.ClassifyConversion(actual, expected).IsIdentity);

    private static string Count(int n) => n == 1 ? "1 parameter" : $"{n} parameters";

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static string ReturnText(IMethodSymbol method) => ReturnPrefix(method) + Display(method.ReturnType);

    /// <summary>How a signature writes a method's ref return: <c>ref </c>, <c>ref readonly </c>, or nothing.</summary>
    internal static string ReturnPrefix(IMethodSymbol method) => method.RefKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.RefReadOnly => "ref readonly ",
        _ => string.Empty,
    };

    /// <summary>How a signature writes a parameter's ref kind: <c>ref </c>, <c>out </c>, <c>in </c>, <c>ref readonly </c>, or nothing.</summary>
    internal static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => string.Empty,
    };

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.None => "passed by value",
        RefKind.Ref => "'ref'",
        RefKind.Out => "'out'",
        RefKind.In => "'in'",
        RefKind.RefReadOnlyParameter => "'ref readonly'",
        _ => kind.ToString(),
    };
}
