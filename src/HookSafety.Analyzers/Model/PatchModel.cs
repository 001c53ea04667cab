using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>Code of a patch that runs outside the four hooks: a replacement, or type initialization.</summary>
internal sealed class PatchCode
{
    public PatchCode(Role role, string where, IMethodSymbol? method, ImmutableArray<ReachedEffect> effects)
    {
        Role = role;
        Where = where;
        Method = method;
        Effects = effects;
    }

    public Role Role { get; }

    /// <summary>How a message names it: <c>replacement 'ParseLine'</c>, <c>the static constructor of 'P'</c>.</summary>
    public string Where { get; }

    public IMethodSymbol? Method { get; }

    public ImmutableArray<ReachedEffect> Effects { get; }
}

/// <summary>Code that runs while the new code is live, beside other code: how messages say why it runs concurrently.</summary>
internal sealed class LiveCode
{
    public LiveCode(PatchCode code, bool isHook, string reason)
    {
        Code = code;
        IsHook = isHook;
        Reason = reason;
    }

    public PatchCode Code { get; }

    /// <summary>Hooks never run concurrently with each other; other live code runs with everything.</summary>
    public bool IsHook { get; }

    /// <summary>Why it runs concurrently, for messages: <c>which runs on many threads at once</c>.</summary>
    public string Reason { get; }
}

/// <summary>
/// One patch type, seen whole (every partial part, hooks inherited from base patches): its hooks with the effects
/// they reach, its replacements, its type initialization, its callbacks and helpers, the code that runs while the new
/// code is live, and the undo pairing of its changes. Data only, built once per compilation: the rules read it and
/// decide (<c>Rules/</c>); it decides nothing.
/// </summary>
internal sealed class PatchModel
{
    private PatchModel(
        INamedTypeSymbol type,
        bool isSticky,
        ImmutableArray<(Role Key, ImmutableArray<ReachedEffect> Value)> hooks,
        IMethodSymbol?[] hookMethods,
        ImmutableArray<PatchCode> otherCode,
        ImmutableArray<PatchCode> callbacks,
        ImmutableArray<PatchCode> helpers,
        ImmutableArray<(string Where, ReachedEffect Effect)> everything,
        HookSafetyOptions options)
    {
        _hookMethods = hookMethods;
        Type = type;
        IsSticky = isSticky;
        Hooks = hooks;
        OtherCode = otherCode;
        Callbacks = callbacks;
        Helpers = helpers;
        Everything = everything;
        Options = options;
        Live = FindLiveCode().ToImmutableArray();
        Pairing = UndoPairing.Of(this, options);
    }

    /// <summary>The options the model was built with (the patch's file's .editorconfig).</summary>
    public HookSafetyOptions Options { get; }

    /// <summary>
    /// The code that runs while the new code is live: PostPatch and PreUnpatch (beside the replacements), replacements
    /// (on many threads at once) and callbacks (on whatever thread calls them), with the helpers each calls.
    /// </summary>
    public ImmutableArray<LiveCode> Live { get; }

    /// <summary>Each change and registration with its undo, decided once (see <see cref="UndoPairing"/>).</summary>
    public UndoPairing Pairing { get; }

    /// <summary>An overridden hook as code: its role, its name, the effects it reaches; null when it is not overridden.</summary>
    public PatchCode? HookCode(Role hook) => TryGetHook(hook, out var effects) ? new PatchCode(hook, Phases.HookName(hook), HookMethod(hook), effects) : null;

    private IEnumerable<LiveCode> FindLiveCode()
    {
        foreach (var hook in new[] { Role.PostPatch, Role.PreUnpatch })
        {
            if (HookCode(hook) is { } code)
            {
                yield return new LiveCode(code, isHook: true, "which runs while the new code is live on other threads");
            }
        }

        foreach (var code in OtherCode.Where(c => c.Role == Role.Replacement))
        {
            yield return new LiveCode(code, isHook: false, "which runs on many threads at once");
        }

        foreach (var code in Callbacks)
        {
            yield return new LiveCode(code, isHook: false, "which runs on whatever thread calls it");
        }
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>A sticky patch is never disabled: it owes no undo.</summary>
    public bool IsSticky { get; }

    /// <summary>The effects each overridden hook reaches, in the hooks' order (a hook not overridden is absent).</summary>
    public ImmutableArray<(Role Key, ImmutableArray<ReachedEffect> Value)> Hooks { get; }

    /// <summary>Replacements and type initialization.</summary>
    public ImmutableArray<PatchCode> OtherCode { get; }

    /// <summary>The method that implements each overridden hook (possibly in a base patch), by role.</summary>
    private readonly IMethodSymbol?[] _hookMethods;

    /// <summary>The method that implements <paramref name="hook"/> (possibly in a base patch), or null when it is not overridden.</summary>
    public IMethodSymbol? HookMethod(Role hook) => (int)hook < _hookMethods.Length ? _hookMethods[(int)hook] : null;

    /// <summary>Lambdas and methods the patch hands out as delegates, with what they reach.</summary>
    public ImmutableArray<PatchCode> Callbacks { get; }

    /// <summary>Non-private methods of the patch type (callable by anyone, at any time).</summary>
    public ImmutableArray<PatchCode> Helpers { get; }

    /// <summary>Every effect reached from any code of the patch, with the code it was reached from, in source order.</summary>
    public ImmutableArray<(string Where, ReachedEffect Effect)> Everything { get; }

    public ImmutableArray<ReachedEffect> In(Role hook) => TryGetHook(hook, out var effects) ? effects : ImmutableArray<ReachedEffect>.Empty;

    /// <summary>The effects <paramref name="hook"/> reaches, when the patch overrides it (four at most: a look along the list).</summary>
    public bool TryGetHook(Role hook, out ImmutableArray<ReachedEffect> effects)
    {
        foreach (var pair in Hooks)
        {
            if (pair.Key == hook)
            {
                effects = pair.Value;
                return true;
            }
        }

        effects = default;
        return false;
    }

    /// <summary>The four hooks, in the order the manager runs them (the first four roles).</summary>
    private static readonly Role[] HookRoles = { Role.PrePatch, Role.PostPatch, Role.PreUnpatch, Role.PostUnpatch };

    public static PatchModel Build(HookApi api, INamedTypeSymbol type, HookSafetyOptions options, CancellationToken cancellationToken)
    {
        var summaries = api.Summaries;
        var hooks = ImmutableArray.CreateBuilder<(Role Key, ImmutableArray<ReachedEffect> Value)>(4);
        var hookMethods = new IMethodSymbol?[4];
        foreach (var role in HookRoles)
        {
            if (FindHook(api, type, Phases.HookName(role)) is { } hook)
            {
                hooks.Add((role, summaries.Reach(hook, cancellationToken)));
                hookMethods[(int)role] = hook;
            }
        }

        var other = ImmutableArray.CreateBuilder<PatchCode>();
        var helpers = ImmutableArray.CreateBuilder<PatchCode>();
        var everything = new List<(string Where, ReachedEffect Effect)>(64);
        // The methods whose declarations write [Replaces], from the type's syntax once (null: the syntax cannot tell, ask each).
        var replacements = api.ReplacesAttribute is null ? null : api.MembersWrittenWith(type, api.ReplacesAttribute);
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor, IsImplicitlyDeclared: false } constructor:
                    var where = constructor.IsStatic ? $"the static constructor of '{type.Name}'" : $"the constructor of '{type.Name}'";
                    other.Add(new PatchCode(Role.TypeInit, where, constructor, summaries.Reach(constructor, cancellationToken)));
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when IsReplacement(api, method, replacements):
                    other.Add(new PatchCode(Role.Replacement, $"replacement '{method.Name}'", method, summaries.Reach(method, cancellationToken)));
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when !(method.IsOverride && HookSafety.Analyzers.Hooks.All.Contains(method.Name)):
                    var reached = summaries.Reach(method, cancellationToken);
                    var named = $"'{method.Name}'";
                    foreach (var effect in reached)
                    {
                        everything.Add((named, effect));
                    }

                    if (method.DeclaredAccessibility != Accessibility.Private)
                    {
                        helpers.Add(new PatchCode(Role.Helper, named, method, reached));
                    }

                    break;
                case IFieldSymbol or IPropertySymbol when Initializer(api, member, cancellationToken) is { } initializer:
                    other.Add(new PatchCode(Role.TypeInit, $"the initializer of '{type.Name}.{member.Name}'", null, summaries.Reach(summaries.Collect(initializer), cancellationToken)));
                    break;
                case IPropertySymbol { IsIndexer: false } property when !property.IsImplicitlyDeclared:
                    // A property anyone may read or set runs on their thread, holding whatever they hold: a helper too.
                    foreach (var accessor in new[] { property.GetMethod, property.SetMethod })
                    {
                        if (accessor is { DeclaredAccessibility: not Accessibility.Private, IsImplicitlyDeclared: false } && !accessor.IsAbstract)
                        {
                            helpers.Add(new PatchCode(Role.Helper, $"'{property.Name}'", accessor, summaries.Reach(accessor, cancellationToken)));
                        }
                    }

                    break;
            }
        }

        foreach (var (role, effects) in hooks)
        {
            var name = Phases.HookName(role);
            foreach (var effect in effects)
            {
                everything.Add((name, effect));
            }
        }

        everything.AddRange(other.SelectMany(c => c.Effects.Select(e => (c.Where, e))));
        var callbacks = FindCallbacks(api, summaries, everything, cancellationToken);
        // In source order, read from the syntax (a Location is made only for what is reported); a stable sort.
        var keyed = new (string File, int Start, int Index)[everything.Count];
        for (var i = 0; i < keyed.Length; i++)
        {
            var where = Where(everything[i].Effect);
            keyed[i] = (where.SyntaxTree.FilePath, where.SpanStart, i);
        }

        System.Array.Sort(keyed, static (a, b) => string.CompareOrdinal(a.File, b.File) is var byFile and not 0 ? byFile
            : a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Index.CompareTo(b.Index));
        var ordered = ImmutableArray.CreateBuilder<(string Where, ReachedEffect Effect)>(keyed.Length);
        foreach (var key in keyed)
        {
            ordered.Add(everything[key.Index]);
        }

        var sticky = api.PatchAttributeOf(type)?.NamedArguments.Any(a => a.Key == "Sticky" && a.Value.Value is true) == true;
        return new PatchModel(type, sticky, hooks.ToImmutable(), hookMethods, other.ToImmutable(), callbacks, helpers.ToImmutable(), ordered.MoveToImmutable(), options);
    }

    /// <summary>Whether <paramref name="method"/> carries <c>[Replaces]</c>: bound only when its declaration writes the name (or the syntax cannot tell).</summary>
    private static bool IsReplacement(HookApi api, IMethodSymbol method, List<ISymbol>? written)
        => (written is null || written.Contains(method, SymbolEqualityComparer.Default)) && api.FindAttribute(method, api.ReplacesAttribute) is not null;

    /// <summary>The syntax a finding about a reached effect points at: the call in the root method, or the effect itself.</summary>
    private static SyntaxNode Where(ReachedEffect reached) => (reached.CallSite ?? reached.Effect.Operation).Syntax;

    /// <summary>
    /// Every lambda and method the patch's code hands out as a delegate, and those they hand out in turn: code that runs
    /// later, on whatever thread calls it. A lambda written outside the patch's own types (in a shared helper another
    /// patch may call too) is anchored at the patch's own call that reached it: its effects are found there, with the
    /// helper's statement as their additional location, so that two patches calling one helper report apart.
    /// </summary>
    private static ImmutableArray<PatchCode> FindCallbacks(HookApi api, CallSummaries summaries, List<(string Where, ReachedEffect Effect)> roots, CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<PatchCode>();
        var seen = new HashSet<object>();
        var pending = new Queue<(string Where, Effect Callback, ReachedEffect? Anchor)>(roots
            .Where(r => r.Effect.Effect.Kind == EffectKind.Callback)
            .Select(r => (r.Where, r.Effect.Effect, r.Effect.CallSite is not null && !IsInPatchCode(api, r.Effect.Effect) ? r.Effect : null)));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (origin, callback, anchor) = pending.Dequeue();
            object key = (object?)callback.CallbackMethod ?? callback.Operation.Syntax;
            if (!seen.Add(key is ISymbol symbol ? new SymbolKey(symbol) : key))
            {
                continue;
            }

            var where = callback.CallbackMethod is { } method ? $"callback '{method.Name}'" : $"a lambda in {origin}";
            var effects = callback.CallbackMethod is { } target
                ? summaries.Reach(target, cancellationToken)
                : callback.CallbackBody is { } body ? summaries.Reach(summaries.Collect(body, callback.CapturedValues), cancellationToken) : ImmutableArray<ReachedEffect>.Empty;
            if (anchor is not null)
            {
                effects = effects.Select(e => new ReachedEffect(e.Effect, anchor.CallSite, anchor.Chain.AddRange(e.Chain)) { Locks = e.Locks, Catches = e.Catches }).ToImmutableArray();
            }

            result.Add(new PatchCode(Role.Callback, where, callback.CallbackMethod, effects));
            foreach (var nested in effects.Where(e => e.Effect.Kind == EffectKind.Callback))
            {
                pending.Enqueue((where, nested.Effect, anchor));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Whether an effect's code is written in one of the patch's own types (the patch class, or a type nested in it).</summary>
    private static bool IsInPatchCode(HookApi api, Effect effect)
        => effect.Operation.SemanticModel?.GetEnclosingSymbol(effect.Operation.Syntax.SpanStart)?.ContainingType is { } type && api.IsPatchOwned(type);

    /// <summary>A symbol as a hash key with symbol equality.</summary>
    private readonly struct SymbolKey : System.IEquatable<SymbolKey>
    {
        private readonly ISymbol _symbol;

        public SymbolKey(ISymbol symbol) => _symbol = symbol;

        public bool Equals(SymbolKey other) => SymbolEqualityComparer.Default.Equals(_symbol, other._symbol);

        public override bool Equals(object? obj) => obj is SymbolKey other && Equals(other);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(_symbol);
    }

    /// <summary>The most derived override of a hook, in the type or a base patch (a base's hook runs for the derived patch).</summary>
    private static IMethodSymbol? FindHook(HookApi api, INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, api.LivePatch); current = current.BaseType)
        {
            if (HookSafety.Analyzers.Hooks.OverridesIn(current, name).FirstOrDefault() is { } method)
            {
                return method;
            }
        }

        return null;
    }

    private static IOperation? Initializer(HookApi api, ISymbol member, CancellationToken cancellationToken)
    {
        if (api.Summaries.RememberedInitializer(member) is { } remembered)
        {
            return remembered;
        }

        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var initializer = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax variable => variable.Initializer,
                PropertyDeclarationSyntax property => property.Initializer,
                _ => null,
            };
            if (initializer is not null && api.Compilation.ContainsSyntaxTree(initializer.SyntaxTree))
            {
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
                return api.Compilation.GetSemanticModel(initializer.SyntaxTree).GetOperation(initializer, cancellationToken);
#pragma warning restore RS1030
            }
        }

        return null;
    }
}
