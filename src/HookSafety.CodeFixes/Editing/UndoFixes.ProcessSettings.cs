using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Undoing a process-wide setting: an environment variable, an <c>AppContext</c> switch or the thread pool's thread counts
/// saved before and after the change and set back in the undo hook if it still holds the patch's value.
/// </summary>
internal static partial class UndoFixes
{
    /// <summary>
    /// Around a process-wide setting changed directly in the change's hook, saved before and after and set back in
    /// <paramref name="hook"/> if it still holds the patch's value:
    /// <c>Environment.SetEnvironmentVariable(name, value[, target])</c> (read with <c>GetEnvironmentVariable</c>, for the
    /// same target) and <c>AppContext.SetSwitch(name, value)</c> (read with <c>TryGetSwitch</c>; a switch that was not
    /// set is set back to <c>false</c>, as <c>AppContext</c> cannot unset one). Only for a name (and target) that means
    /// the same in the hook.
    /// </summary>
    public static PatchFix? SaveAndRestoreProcessSetting(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || FixSyntax.StatementOf(target.Node) is not { } statement
            || statement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, ArgumentList.Arguments: { Count: 2 or 3 } arguments }
            || target.Model.GetSymbolInfo(statement.Expression, target.CancellationToken).Symbol is not IMethodSymbol { ContainingType.ContainingNamespace.Name: "System", ContainingType.ContainingNamespace.ContainingNamespace.IsGlobalNamespace: true } method
            || target[FindingProperties.Hook] is not { } changeHook)
        {
            return null;
        }

        var isVariable = method is { Name: "SetEnvironmentVariable", ContainingType.Name: "Environment" };
        var isSwitch = method is { Name: "SetSwitch", ContainingType.Name: "AppContext" } && arguments.Count == 2;
        if (!isVariable && !isSwitch)
        {
            return null;
        }

        var written = arguments[0].Expression;
        var name = written.WithoutTrivia();
        var what = isVariable ? "environment variable" : "switch";
        return new PatchFix($"Save the {what} {name} and restore it in {hook} if unchanged", equivalenceKey, editor =>
        {
            var rest = arguments.Skip(2).Select(a => a.Expression).ToList();
            if (editor.HookHolding(statement, changeHook) is not { } holder || !editor.IsPortable(written, holder.Symbol) || !rest.All(r => editor.IsPortable(r, holder.Symbol)))
            {
                return false;
            }

            var stem = target.Model.GetConstantValue(written, target.CancellationToken) is { HasValue: true, Value: string constant } ? Pascal(constant) : "Setting";
            var names = editor.ReserveNames("s_original" + stem, "s_patched" + stem);
            var owner = access.Expression.WithoutTrivia();
            ExpressionSyntax Call(string methodName, params ArgumentSyntax[] callArguments) => InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner, IdentifierName(methodName)),
                ArgumentList(SeparatedList(callArguments)));
            ArgumentSyntax[] With(params ArgumentSyntax[] first) => first.Concat(rest.Select(r => Argument(r.WithoutTrivia()))).ToArray();
            ArgumentSyntax Out(ExpressionSyntax into) => Argument(into).WithRefKindKeyword(Token(SyntaxKind.OutKeyword));

            if (isVariable)
            {
                var nullableString = target.Model.Compilation.GetSpecialType(SpecialType.System_String).WithNullableAnnotation(NullableAnnotation.Annotated);
                editor.AddStaticField(nullableString, names[0]);
                editor.AddStaticField(nullableString, names[1]);
                ExpressionSyntax Get() => Call("GetEnvironmentVariable", With(Argument(name)));
                editor.InsertBefore(statement, Assign(IdentifierName(names[0]), Get()));
                editor.InsertAfter(statement, Assign(IdentifierName(names[1]), Get()));
                return editor.Append(hook, IfStatement(
                    BinaryExpression(SyntaxKind.EqualsExpression, Get(), IdentifierName(names[1])),
                    Block(ExpressionStatement(Call("SetEnvironmentVariable", With(Argument(name), Argument(IdentifierName(names[0]))))))));
            }

            var boolean = target.Model.Compilation.GetSpecialType(SpecialType.System_Boolean);
            editor.AddStaticField(boolean, names[0]);
            editor.AddStaticField(boolean, names[1]);
            editor.InsertBefore(statement, ExpressionStatement(Call("TryGetSwitch", Argument(name), Out(IdentifierName(names[0])))));
            editor.InsertAfter(statement, ExpressionStatement(Call("TryGetSwitch", Argument(name), Out(IdentifierName(names[1])))));
            var current = DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier("isEnabled")));
            return editor.Append(hook, IfStatement(
                BinaryExpression(SyntaxKind.LogicalAndExpression,
                    Call("TryGetSwitch", Argument(name), Out(current)),
                    BinaryExpression(SyntaxKind.EqualsExpression, IdentifierName("isEnabled"), IdentifierName(names[1]))),
                Block(ExpressionStatement(Call("SetSwitch", Argument(name), Argument(IdentifierName(names[0])))))));
        });
    }

    /// <summary>
    /// Around <c>ThreadPool.SetMinThreads(workers, ports)</c> (or <c>SetMaxThreads</c>) called directly in the change's
    /// hook: the counts read with <c>GetMinThreads</c> (<c>GetMaxThreads</c>) before and after into new fields, and set
    /// back in <paramref name="hook"/> if they still are the patch's. The undo reads the current counts into locals named
    /// so that they clash with nothing in that hook (a second such undo there gets its own).
    /// </summary>
    public static PatchFix? SaveAndRestoreThreadPoolSetting(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || FixSyntax.StatementOf(target.Node) is not { } statement
            || statement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, ArgumentList.Arguments.Count: 2 }
            || target.Model.GetSymbolInfo(statement.Expression, target.CancellationToken).Symbol is not IMethodSymbol
            {
                Name: "SetMinThreads" or "SetMaxThreads",
                ContainingType: { Name: "ThreadPool", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } },
            } method
            || target[FindingProperties.Hook] is not { } changeHook)
        {
            return null;
        }

        var bound = method.Name.Substring(3, 3); // Min or Max
        return new PatchFix($"Save the thread pool's {bound.ToLowerInvariant()}imum threads and restore them in {hook} if unchanged", equivalenceKey, editor =>
        {
            if (editor.HookHolding(statement, changeHook) is null)
            {
                return false;
            }

            var fields = editor.ReserveNames($"s_original{bound}WorkerThreads", $"s_original{bound}CompletionPortThreads", $"s_patched{bound}WorkerThreads", $"s_patched{bound}CompletionPortThreads");
            var taken = new System.Collections.Generic.HashSet<string>(
                editor.FindHook(hook)?.Syntax.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText) ?? Enumerable.Empty<string>());
            string[] locals;
            do
            {
                // Reserved names are not handed out again: each round gives the next numbered pair.
                locals = editor.ReserveNames(bound.ToLowerInvariant() + "WorkerThreads", bound.ToLowerInvariant() + "CompletionPortThreads");
            }
            while (locals.Any(taken.Contains));
            var int32 = target.Model.Compilation.GetSpecialType(SpecialType.System_Int32);
            foreach (var field in fields)
            {
                editor.AddStaticField(int32, field);
            }

            var owner = access.Expression.WithoutTrivia();
            ExpressionSyntax Call(string methodName, params ArgumentSyntax[] arguments) => InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner, IdentifierName(methodName)),
                ArgumentList(SeparatedList(arguments)));
            ArgumentSyntax Out(ExpressionSyntax into) => Argument(into).WithRefKindKeyword(Token(SyntaxKind.OutKeyword));
            ExpressionSyntax OutVar(string local) => DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier(local)));
            var get = "Get" + bound + "Threads";

            editor.InsertBefore(statement, ExpressionStatement(Call(get, Out(IdentifierName(fields[0])), Out(IdentifierName(fields[1])))));
            editor.InsertAfter(statement, ExpressionStatement(Call(get, Out(IdentifierName(fields[2])), Out(IdentifierName(fields[3])))));
            return editor.Append(
                hook,
                ExpressionStatement(Call(get, Out(OutVar(locals[0])), Out(OutVar(locals[1])))),
                IfStatement(
                    BinaryExpression(SyntaxKind.LogicalAndExpression,
                        BinaryExpression(SyntaxKind.EqualsExpression, IdentifierName(locals[0]), IdentifierName(fields[2])),
                        BinaryExpression(SyntaxKind.EqualsExpression, IdentifierName(locals[1]), IdentifierName(fields[3]))),
                    Block(ExpressionStatement(Call(method.Name, Argument(IdentifierName(fields[0])), Argument(IdentifierName(fields[1])))))));
        });
    }

    /// <summary><c>PARSER_MODE</c> → <c>ParserMode</c>: a field name's stem from an environment variable's name.</summary>
    private static string Pascal(string text)
    {
        var builder = new System.Text.StringBuilder();
        var upper = true;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            upper = false;
        }

        return builder.Length == 0 || char.IsDigit(builder[0]) ? "Variable" + builder : builder.ToString();
    }
}
