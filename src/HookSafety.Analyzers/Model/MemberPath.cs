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
        public Result(string text, bool isGlobal, bool isOwnedStatic, bool isMember, bool isProcessWide, bool isConstant, IParameterSymbol? parameter = null)
        {
            Text = text;
            IsGlobal = isGlobal;
            IsOwnedStatic = isOwnedStatic;
            IsMember = isMember;
            IsProcessWide = isProcessWide;
            IsConstant = isConstant;
            Parameter = parameter;
        }

        /// <summary>
        /// The helper's parameter the path is rooted in (<c>list</c> in <c>list.Add(x)</c>, with <see cref="Text"/> starting with
        /// its name): what it changes is known only at a call, from the argument (see <see cref="CallSummaries"/>).
        /// </summary>
        public IParameterSymbol? Parameter { get; }

        /// <summary>This path with its parameter root replaced by the path of the argument given for it.</summary>
        public Result Through(Result argument)
            => new(argument.Text + Text.Substring(Parameter!.Name.Length), argument.IsGlobal, argument.IsOwnedStatic, argument.IsMember, argument.IsProcessWide, isConstant: false, argument.Parameter);

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

    public static bool TryGet(HookApi api, IOperation? operation, out Result result) => TryGet(api, operation, null, receiver: false, 0, out result);

    /// <summary>
    /// The path, following values that travel: a local to what it was given (<paramref name="values"/>; a <c>ref</c> local
    /// always, any other only as the object something is done to, never as the target of a store to the local itself),
    /// a <c>ref</c> return (<c>Host.Limit() = 1</c>), a helper's parameter as a <see cref="Result.Parameter">parameter
    /// root</see>, and a primary-constructor parameter of the patch as a field of the patch instance.
    /// </summary>
    /// <param name="receiver">Whether the operation is the object a call or member access acts on, not a store's target.</param>
    public static bool TryGet(HookApi api, IOperation? operation, ValueTable? values, bool receiver, out Result result) => TryGet(api, operation, values, receiver, 0, out result);

    private static bool TryGet(HookApi api, IOperation? operation, ValueTable? values, bool receiver, int depth, out Result result)
    {
        result = default;
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return TryGet(api, conversion.Operand, values, receiver, depth + 1, out result);
            case IParenthesizedOperation parenthesized:
                return TryGet(api, parenthesized.Operand, values, receiver, depth + 1, out result);
            case IConditionalAccessInstanceOperation instance:
                return TryGet(api, ConditionalReceiver(instance), values, receiver: true, depth + 1, out result);
            case IInstanceReferenceOperation:
                result = new Result(string.Empty, isGlobal: false, isOwnedStatic: false, isMember: false, isProcessWide: false, isConstant: false);
                return true;
            case IMemberReferenceOperation member:
                return TryMember(api, member, values, depth, out result);
            case IArrayElementReferenceOperation element when TryGet(api, element.ArrayReference, values, receiver: true, depth + 1, out var array) && array.IsMember:
                result = With(array, array.Text + "[" + string.Join(", ", element.Indices.Select(Index)) + "]");
                return true;
            case ILocalReferenceOperation local when values is not null && (local.Local.IsRef || (receiver && IsReference(local.Local.Type)))
                                                    && values.TryGet(local.Local, out var value):
                return TryGet(api, value, values, receiver: true, depth + 1, out result);
            case IInvocationOperation { TargetMethod: { ReturnsByRef: true } method } call when values is not null:
                return TryRefReturn(api, call, method, values, depth, out result);
            case IParameterReferenceOperation { Parameter: var parameter } when values is not null && IsPrimaryConstructorParameter(parameter):
                // Captured by the patch's members: a field of the patch instance in all but name.
                result = new Result(parameter.Name, isGlobal: false, isOwnedStatic: false, isMember: true, isProcessWide: false, isConstant: false);
                return true;
            case IParameterReferenceOperation { Parameter: var parameter } when values is not null && receiver && (IsReference(parameter.Type) || parameter.RefKind == RefKind.Ref):
                result = new Result(parameter.Name, isGlobal: false, isOwnedStatic: false, isMember: false, isProcessWide: false, isConstant: false, parameter);
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>Host.Limit()</c> as a place: a method returning by <c>ref</c> hands out its storage.</summary>
    private static bool TryRefReturn(HookApi api, IInvocationOperation call, IMethodSymbol method, ValueTable values, int depth, out Result result)
    {
        result = default;
        if (method.IsStatic || call.Instance is null)
        {
            var owned = api.IsPatchOwned(method.ContainingType);
            result = new Result(api.TypeName(method.ContainingType) + "." + method.Name + "()", isGlobal: !owned, isOwnedStatic: owned, isMember: true, isProcessWide: !owned && IsSystem(method.ContainingType), isConstant: false);
            return true;
        }

        if (!TryGet(api, call.Instance, values, receiver: true, depth + 1, out var instance))
        {
            return false;
        }

        result = With(instance, (instance.Text.Length == 0 ? string.Empty : instance.Text + ".") + method.Name + "()");
        return true;
    }

    /// <summary>A type whose values are references: changing the object through one copy changes it for every holder.</summary>
    private static bool IsReference(ITypeSymbol? type) => type is { IsReferenceType: true } || type is ITypeParameterSymbol { HasReferenceTypeConstraint: true };

    /// <summary>A parameter of a class's or struct's primary constructor (<c>class P(Counter counter) : LivePatch</c>).</summary>
    public static bool IsPrimaryConstructorParameter(IParameterSymbol parameter)
        => parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
           && constructor.DeclaringSyntaxReferences is { Length: 1 } references
           && references[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax;

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

    private static bool TryMember(HookApi api, IMemberReferenceOperation reference, ValueTable? values, int depth, out Result result)
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

        if (!TryGet(api, reference.Instance, values, receiver: true, depth + 1, out var receiver))
        {
            return false;
        }

        var text = receiver.Text.Length == 0 ? name + index : receiver.Text + (name.Length > 0 ? "." + name : string.Empty) + index;
        // The Value of a ThreadLocal or AsyncLocal holder is the current thread's or flow's own, not the process's.
        var perThread = member is IPropertySymbol { Name: "Value" } && Referenced(reference.Instance) is { } holder && IsPerThread(holder);
        result = new Result(text, receiver.IsGlobal && !perThread, receiver.IsOwnedStatic, isMember: true, receiver.IsProcessWide && !perThread, isConstant: false, receiver.Parameter);
        return true;
    }

    private static Result With(Result result, string text)
        => new(text, result.IsGlobal, result.IsOwnedStatic, result.IsMember, result.IsProcessWide, result.IsConstant, result.Parameter);

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
