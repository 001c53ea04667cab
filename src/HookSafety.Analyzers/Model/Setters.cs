using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>What storing through a property or indexer does, read from its setter's body.</summary>
internal enum SetterKind
{
    /// <summary>No body to read (metadata, an auto-property, abstract or extern): the store changes the property.</summary>
    Unknown,

    /// <summary>The body stores into its own object (or its type's statics), or may: the store changes the property.</summary>
    ItsObject,

    /// <summary>
    /// The body leaves its own object alone: it stores only into locals, objects it made, per-thread state or other
    /// objects, or only throws. The store is then a call of the setter, and counts for what the body does.
    /// </summary>
    Elsewhere,
}

/// <summary>A setter's judgement: its kind, and whether all it stores is per-thread or per-flow state.</summary>
internal readonly struct SetterJudgement
{
    public SetterJudgement(SetterKind kind, bool perThreadOnly)
    {
        Kind = kind;
        PerThreadOnly = perThreadOnly;
    }

    public SetterKind Kind { get; }

    /// <summary>
    /// It stores something, and only into <c>[ThreadStatic]</c> fields or the <c>Value</c> of an <c>AsyncLocal&lt;T&gt;</c>
    /// or <c>ThreadLocal&lt;T&gt;</c>, and calls nothing (throwing aside).
    /// </summary>
    public bool PerThreadOnly { get; }
}

/// <summary>
/// Reads a setter's body to tell whether storing through the property changes the object it belongs to (an
/// indexer over a dictionary field) or only does something else (throws because the object is read-only, fills a copy,
/// stores per flow, or forwards to another object's member). Conservative: what it cannot tell counts as the object's.
/// </summary>
internal static class Setters
{
    private enum Root
    {
        /// <summary>The setter's own object or its type's statics, or something unknown.</summary>
        Own,

        /// <summary>A local the setter filled with an object it made.</summary>
        Fresh,

        /// <summary>A <c>[ThreadStatic]</c> field or a per-thread holder's <c>Value</c>.</summary>
        PerThread,

        /// <summary>Another type's statics, or an object the setter was given (its value or index).</summary>
        Other,
    }

    /// <summary>How many members and elements deep a store's target is followed to its root.</summary>
    private const int MaxDepth = 64;

    public static SetterJudgement Judge(Compilation compilation, IPropertySymbol property)
    {
        var setter = property.SetMethod;
        if (setter is null || setter.IsAbstract || setter.IsExtern
            || setter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not AccessorDeclarationSyntax accessor
            || (accessor.Body is null && accessor.ExpressionBody is null)
            || !compilation.ContainsSyntaxTree(accessor.SyntaxTree))
        {
            return default;
        }

        // The property may be declared in any file: its model comes from the compilation (the analyzer driver caches it).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
        var body = compilation.GetSemanticModel(accessor.SyntaxTree).GetOperation(accessor);
#pragma warning restore RS1030
        if (body is null)
        {
            return default;
        }

        var fresh = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        int perThread = 0, other = 0;
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            switch (operation)
            {
                case IThrowOperation:
                    // What a throw builds (its exception, its message) changes nothing.
                    continue;
                case IVariableDeclaratorOperation { Initializer.Value: var value } declarator when IsCreation(value):
                    fresh.Add(declarator.Symbol);
                    break;
                case IInstanceReferenceOperation when operation.Parent is not (IMemberReferenceOperation or IInvocationOperation):
                    // The object handed on, stored or captured: anything may change it.
                    return new SetterJudgement(SetterKind.ItsObject, perThreadOnly: false);
            }

            if (Target(operation) is { } target)
            {
                // A local or parameter itself given a new value changes no object.
                var variable = MemberPath.WithoutConversions(target) is ILocalReferenceOperation { Local.IsRef: false }
                    or IParameterReferenceOperation { Parameter.RefKind: RefKind.None };
                switch (variable ? Root.Fresh : RootOf(property.ContainingType, target, fresh))
                {
                    case Root.Own:
                        return new SetterJudgement(SetterKind.ItsObject, perThreadOnly: false);
                    case Root.PerThread:
                        perThread++;
                        break;
                    case Root.Other:
                        other++;
                        break;
                }
            }
            else if (operation is IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                var receiver = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
                var root = receiver is not null
                    ? RootOf(property.ContainingType, receiver, fresh)
                    : IsOwn(property.ContainingType, method) ? Root.Own : Root.Other;
                if (root == Root.Own || HandsOnItsObject(property.ContainingType, invocation.Arguments, fresh))
                {
                    return new SetterJudgement(SetterKind.ItsObject, perThreadOnly: false);
                }

                other += root == Root.Fresh ? 0 : 1;
            }
            else if (operation is IObjectCreationOperation creation)
            {
                // The BCL's constructors copy what they are given (new List<T>(_items)); a source one may keep it.
                if (creation.Type is { } created && !MemberPath.IsSystem(created)
                    && HandsOnItsObject(property.ContainingType, creation.Arguments, fresh))
                {
                    return new SetterJudgement(SetterKind.ItsObject, perThreadOnly: false);
                }

                other++;
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                pending.Push(child);
            }
        }

        return new SetterJudgement(SetterKind.Elsewhere, perThreadOnly: perThread > 0 && other == 0);
    }

    /// <summary>What <paramref name="operation"/> stores into, if it stores: an assignment's target, a <c>ref</c> argument.</summary>
    private static IOperation? Target(IOperation operation) => operation switch
    {
        IAssignmentOperation assignment => assignment.Target,
        IIncrementOrDecrementOperation increment => increment.Target,
        IEventAssignmentOperation eventAssignment => eventAssignment.EventReference,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
        _ => null,
    };

    /// <summary>Whether a call is given an object the setter's own object holds (<c>Fill(_items, value)</c>): it may change it.</summary>
    private static bool HandsOnItsObject(INamedTypeSymbol owner, ImmutableArray<IArgumentOperation> arguments, HashSet<ILocalSymbol> fresh)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value.Type is { IsReferenceType: true, SpecialType: not SpecialType.System_String }
                && MemberPath.WithoutConversions(argument.Value) is IMemberReferenceOperation or IArrayElementReferenceOperation
                && RootOf(owner, argument.Value, fresh) == Root.Own)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCreation(IOperation value)
        => MemberPath.WithoutConversions(value) is IObjectCreationOperation or IArrayCreationOperation or IAnonymousObjectCreationOperation;

    private static Root RootOf(INamedTypeSymbol owner, IOperation target, HashSet<ILocalSymbol> fresh)
    {
        var current = target;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            switch (current)
            {

                case IConversionOperation conversion:
                    current = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    continue;
                case IArrayElementReferenceOperation element:
                    current = element.ArrayReference;
                    continue;
                case IMemberReferenceOperation { Member: var member } reference:
                    if (member.GetAttributes().Any(a => a.AttributeClass is { Name: "ThreadStaticAttribute" })
                        || (member is IPropertySymbol { Name: "Value" } && reference.Instance is { } holder
                            && MemberPath.Referenced(holder) is { } held && MemberPath.IsPerThread(held)))
                    {
                        return Root.PerThread;
                    }

                    if (reference.Instance is null || member.IsStatic)
                    {
                        return IsOwn(owner, member) ? Root.Own : Root.Other;
                    }

                    current = reference.Instance;
                    continue;
                case ILocalReferenceOperation local:
                    return fresh.Contains(local.Local) ? Root.Fresh : Root.Own;
                case IParameterReferenceOperation:
                    return Root.Other;
                default:
                    // The setter's own object (this), or something this reading does not follow.
                    return Root.Own;
            }
        }

        return Root.Own;
    }

    /// <summary>Whether <paramref name="member"/> is declared by <paramref name="owner"/> or one of its base types.</summary>
    private static bool IsOwn(INamedTypeSymbol owner, ISymbol member)
    {
        for (var type = owner; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, member.ContainingType?.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
