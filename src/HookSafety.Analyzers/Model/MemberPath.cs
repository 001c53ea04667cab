using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>
/// The member path an operation refers to (<c>Parser.Limits.MaxDepth</c>, <c>Config.Values["k"]</c>), and whether
/// it is global state: rooted in a static field or property of a type the patch does not own. Locals, parameters,
/// objects the method created and the patch's own members are not global.
/// </summary>
internal static class MemberPath
{
    public readonly struct Result
    {
        public Result(string text, bool isGlobal, bool isOwnedStatic, bool isMember, bool isProcessWide, bool isConstant)
        {
            Text = text;
            IsGlobal = isGlobal;
            IsOwnedStatic = isOwnedStatic;
            IsMember = isMember;
            IsProcessWide = isProcessWide;
            IsConstant = isConstant;
        }

        public string Text { get; }

        /// <summary>Rooted in a static the patch does not own.</summary>
        public bool IsGlobal { get; }

        /// <summary>Rooted in a static of the patch's own types.</summary>
        public bool IsOwnedStatic { get; }

        /// <summary>A field, property or event path (for the patch instance too), as opposed to nothing known.</summary>
        public bool IsMember { get; }

        /// <summary>Rooted in a <c>System</c> type: a process-wide setting.</summary>
        public bool IsProcessWide { get; }

        public bool IsConstant { get; }
    }

    /// <summary>
    /// Whether a field or property holds per-thread or per-flow state: a <c>[ThreadStatic]</c> field, or a holder of type
    /// <c>ThreadLocal&lt;T&gt;</c> or <c>AsyncLocal&lt;T&gt;</c> (its <c>Value</c> is each thread's or flow's own).
    /// </summary>
    public static bool IsPerThread(ISymbol member)
        => member.GetAttributes().Any(a => a.AttributeClass is { Name: "ThreadStaticAttribute" })
           || (member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, ILocalSymbol l => l.Type, _ => null })
               is INamedTypeSymbol { Name: "ThreadLocal" or "AsyncLocal", ContainingNamespace.Name: "Threading" };

    /// <summary>How many members, conversions and parentheses deep a path is followed; a deeper one is not taken for a member path.</summary>
    public const int MaxDepth = 64;

    public static bool TryGet(HookApi api, IOperation? operation, out Result result) => TryGet(api, operation, 0, out result);

    private static bool TryGet(HookApi api, IOperation? operation, int depth, out Result result)
    {
        result = default;
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return TryGet(api, conversion.Operand, depth + 1, out result);
            case IParenthesizedOperation parenthesized:
                return TryGet(api, parenthesized.Operand, depth + 1, out result);
            case IConditionalAccessInstanceOperation instance:
                return TryGet(api, ConditionalReceiver(instance), depth + 1, out result);
            case IInstanceReferenceOperation:
                result = new Result(string.Empty, isGlobal: false, isOwnedStatic: false, isMember: false, isProcessWide: false, isConstant: false);
                return true;
            case IMemberReferenceOperation member:
                return TryMember(api, member, depth, out result);
            case IArrayElementReferenceOperation element when TryGet(api, element.ArrayReference, depth + 1, out var array) && array.IsMember:
                result = With(array, array.Text + "[" + string.Join(", ", element.Indices.Select(Index)) + "]");
                return true;
            default:
                return false;
        }
    }

    /// <summary>The operation under its implicit and explicit conversions.</summary>
    public static IOperation? WithoutConversions(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The field, property or event an operation refers to, or null.</summary>
    public static ISymbol? Referenced(IOperation operation) => WithoutConversions(operation) switch
    {
        IMemberReferenceOperation member => member.Member,
        _ => null,
    };

    /// <summary>A type's name with its containing types (no namespace): <c>Outer.Inner</c>.</summary>
    public static string TypeName(ITypeSymbol type)
    {
        var builder = new StringBuilder(type.Name);
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            builder.Insert(0, containing.Name + ".");
        }

        return builder.ToString();
    }

    public static bool IsSystem(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "System" } || ns is { Name: "Microsoft" };
    }

    private static bool TryMember(HookApi api, IMemberReferenceOperation reference, int depth, out Result result)
    {
        result = default;
        var member = reference.Member;
        var name = member is IPropertySymbol { IsIndexer: true } ? string.Empty : member.Name;
        var index = reference is IPropertyReferenceOperation { Arguments.Length: > 0 } indexer
            ? "[" + string.Join(", ", indexer.Arguments.Select(a => Index(a.Value))) + "]"
            : string.Empty;

        if (member.IsStatic || reference.Instance is null)
        {
            var type = member.ContainingType;
            var owned = api.IsPatchOwned(type);
            var constant = member is IFieldSymbol { IsConst: true };
            result = new Result(
                name.Length > 0 ? api.StaticPath(member) + index : api.TypeName(type) + index,
                isGlobal: !owned && !constant && !api.IsFlowLocal(member),
                isOwnedStatic: owned,
                isMember: true,
                isProcessWide: !owned && IsSystem(type),
                isConstant: constant);
            return true;
        }

        if (!TryGet(api, reference.Instance, depth + 1, out var receiver))
        {
            return false;
        }

        var text = receiver.Text.Length == 0 ? name + index : receiver.Text + (name.Length > 0 ? "." + name : string.Empty) + index;
        // The Value of a ThreadLocal or AsyncLocal holder is the current thread's or flow's own, not the process's.
        var perThread = member is IPropertySymbol { Name: "Value" } && Referenced(reference.Instance) is { } holder && IsPerThread(holder);
        result = new Result(text, receiver.IsGlobal && !perThread, receiver.IsOwnedStatic, isMember: true, receiver.IsProcessWide && !perThread, isConstant: false);
        return true;
    }

    private static Result With(Result result, string text)
        => new(text, result.IsGlobal, result.IsOwnedStatic, result.IsMember, result.IsProcessWide, result.IsConstant);

    private static string Index(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: var constant }
            ? constant is string s ? "\"" + s + "\"" : constant?.ToString() ?? "null"
            : "…";

    /// <summary>What a conditional access's <c>?.</c> stands on: <c>x</c> in <c>x?.Dispose()</c>.</summary>
    public static IOperation? ConditionalReceiver(IConditionalAccessInstanceOperation instance)
    {
        for (var current = instance.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalAccessOperation access)
            {
                return access.Operation;
            }
        }

        return null;
    }
}
