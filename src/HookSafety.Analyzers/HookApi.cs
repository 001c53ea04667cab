using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.Analyzers;

/// <summary>
/// The hook API's symbols in one compilation, resolved once and shared by every rule. The analyzers
/// know the runtime only through these metadata names, never by referencing its assembly.
/// </summary>
internal sealed partial class HookApi
{
    public const string Namespace = "HookSafety.Hooks";

    private static readonly ConditionalWeakTable<Compilation, Box> s_cache = new();
    private static readonly ConditionalWeakTable<Compilation, Box>.CreateValueCallback s_create = c => new Box(TryCreate(c));

    private PatchCatalog? _catalog;
    private (string Alias, string Target)[]? _aliases;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, System.Collections.Generic.HashSet<string>> _attributeNames = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool> _unambiguous = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Generic.HashSet<string>?[] _attributeNameSlots;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxTree, int> _textNames = new();
    private CallSummaries? _summaries;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, System.Lazy<PatchModel>> _models = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _guarded = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, StrongBox<AttributeData?>> _patchAttributes = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, StrongBox<System.Collections.Generic.List<ISymbol>?>>[] _membersWritten;

    /// <summary>The hook API's attributes that have a slot (see <c>Slot</c>), in slot order; an absent one is null and never matches.</summary>
    private readonly INamedTypeSymbol?[] _slotAttributes;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool> _owned = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, string> _typeNames = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _flowLocal = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPropertySymbol, SetterJudgement> _setters = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, string> _staticPaths = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(IMethodSymbol Method, ITypeSymbol? Receiver), bool> _tableCalls = new(new MethodAndTypeComparer());

    private HookApi(
        Compilation compilation,
        INamedTypeSymbol livePatch,
        INamedTypeSymbol patchAttribute,
        INamedTypeSymbol? patchStateAttribute,
        INamedTypeSymbol? replacesAttribute,
        INamedTypeSymbol? patchPoint,
        INamedTypeSymbol? patchContext,
        INamedTypeSymbol? hookResult,
        INamedTypeSymbol? shadowVariable,
        INamedTypeSymbol? guardedByAttribute,
        INamedTypeSymbol? patchStates,
        INamedTypeSymbol? patchState)
    {
        PatchStates = patchStates;
        PatchState = patchState;
        ShadowVariable = shadowVariable;
        GuardedByAttribute = guardedByAttribute;
        Compilation = compilation;
        LivePatch = livePatch;
        PatchAttribute = patchAttribute;
        PatchStateAttribute = patchStateAttribute;
        ReplacesAttribute = replacesAttribute;
        PatchPoint = patchPoint;
        PatchContext = patchContext;
        HookResult = hookResult;
        _computeGuarded = m => FindAttribute(m, GuardedByAttribute!) is not null;
        _computePatchAttribute = t => new StrongBox<AttributeData?>(FindAttribute(t, PatchAttribute));
        _slotAttributes = new[] { patchAttribute, patchStateAttribute, replacesAttribute, guardedByAttribute };
        _attributeNameSlots = new System.Collections.Generic.HashSet<string>?[_slotAttributes.Length];
        _membersWritten = _slotAttributes.Select(_ => new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, StrongBox<System.Collections.Generic.List<ISymbol>?>>(SymbolEqualityComparer.Default)).ToArray();
        _findMembersWritten = _slotAttributes
            .Select(attribute => (System.Func<INamedTypeSymbol, StrongBox<System.Collections.Generic.List<ISymbol>?>>)(t => new(FindMembersWrittenWith(t, attribute!))))
            .ToArray();
        _computePatchOwned = ComputePatchOwned;
        _computeFlowLocal = ComputeFlowLocal;
        _computeSetter = p => Setters.Judge(Compilation, p);
        _computeStaticPath = m => TypeName(m.ContainingType) + (m.Name.Length > 0 ? "." + m.Name : string.Empty);
    }

    // The caches' value factories, made once: a lambda or method group at each call would be a new delegate per lookup,
    // and these are asked for every member reference of every patch.
    private readonly System.Func<ISymbol, bool> _computeGuarded;
    private readonly System.Func<INamedTypeSymbol, StrongBox<AttributeData?>> _computePatchAttribute;
    private readonly System.Func<INamedTypeSymbol, StrongBox<System.Collections.Generic.List<ISymbol>?>>[] _findMembersWritten;
    private readonly System.Func<INamedTypeSymbol, bool> _computePatchOwned;
    private readonly System.Func<ISymbol, bool> _computeFlowLocal;
    private readonly System.Func<IPropertySymbol, SetterJudgement> _computeSetter;
    private readonly System.Func<ISymbol, string> _computeStaticPath;
    private static readonly System.Func<INamedTypeSymbol, string> s_computeTypeName = MemberPath.TypeName;
    private static readonly System.Func<(IMethodSymbol Method, ITypeSymbol? Receiver), bool> s_computeTableCall = key => Classification.IsTableCall(key.Method, key.Receiver);

    public Compilation Compilation { get; }
    public INamedTypeSymbol LivePatch { get; }
    public INamedTypeSymbol PatchAttribute { get; }
    public INamedTypeSymbol? PatchStateAttribute { get; }
    public INamedTypeSymbol? ReplacesAttribute { get; }

    /// <summary>The unbound generic <c>PatchPoint&lt;TDelegate&gt;</c>.</summary>
    public INamedTypeSymbol? PatchPoint { get; }
    public INamedTypeSymbol? PatchContext { get; }
    public INamedTypeSymbol? HookResult { get; }

    public INamedTypeSymbol? GuardedByAttribute { get; }

    public INamedTypeSymbol? PatchStates { get; }

    public INamedTypeSymbol? PatchState { get; }

    /// <summary>The unbound generic <c>ShadowVariable&lt;TOwner, TValue&gt;</c>.</summary>
    public INamedTypeSymbol? ShadowVariable { get; }

    /// <summary>Which files and declarations of this compilation are generated code (decided once per file).</summary>
    public GeneratedCode GeneratedCode { get; } = new();

    /// <summary>Method summaries of this compilation, each computed once.</summary>
    public CallSummaries Summaries => Volatile.Read(ref _summaries) ?? CreateSummaries();

    private CallSummaries CreateSummaries()
    {
        var summaries = new CallSummaries(this);
        return Interlocked.CompareExchange(ref _summaries, summaries, null) ?? summaries;
    }

    /// <summary>
    /// The model of a patch type, built once per compilation. A build that was cancelled is not kept: <c>Lazy</c> keeps
    /// an exception for good, and the IDE cancels analyses all the time. A caller whose own token was not cancelled,
    /// who waited on another caller's cancelled build, builds the model again.
    /// </summary>
    public PatchModel Model(INamedTypeSymbol type, HookSafetyOptions options, CancellationToken cancellationToken)
    {
        // A few tries: each was another caller's build, cancelled; one's own build ends the loop (it returns or throws).
        for (var attempt = 0; ; attempt++)
        {
            var lazy = _models.GetOrAdd(type, t => new System.Lazy<PatchModel>(() => PatchModel.Build(this, t, options, cancellationToken)));
            try
            {
                return lazy.Value;
            }
            catch (System.OperationCanceledException) when (attempt < 8)
            {
                // Removed only if it is still this build (another caller may have put a new one there already).
                ((System.Collections.Generic.ICollection<System.Collections.Generic.KeyValuePair<INamedTypeSymbol, System.Lazy<PatchModel>>>)_models)
                    .Remove(new System.Collections.Generic.KeyValuePair<INamedTypeSymbol, System.Lazy<PatchModel>>(type, lazy));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Whether a field or property carries <c>[GuardedBy]</c> (asked for every member reference: cached).</summary>
    public bool IsGuarded(ISymbol member)
        => GuardedByAttribute is not null && (_guarded.TryGetValue(member, out var guarded) ? guarded : _guarded.GetOrAdd(member, _computeGuarded));

    public bool IsShadowVariable(INamedTypeSymbol? type)
        => ShadowVariable is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, ShadowVariable);

    /// <summary>Whether <paramref name="type"/> is one of the patch's own types: a patch type, or nested in one.</summary>
    public bool IsPatchOwned(INamedTypeSymbol? type)
        => type is not null && (_owned.TryGetValue(type, out var owned) ? owned : _owned.GetOrAdd(type, _computePatchOwned));

    /// <summary>
    /// Whether a static member holds per-thread or per-flow state rather than one value for the process: a
    /// <c>[ThreadStatic]</c> field, or a static property with source whose setter only stores into such state
    /// (<c>set => s_current.Value = value;</c> over an <c>AsyncLocal&lt;T&gt;</c> or <c>ThreadLocal&lt;T&gt;</c>). Cached per member.
    /// </summary>
    public bool IsFlowLocal(ISymbol member) => _flowLocal.TryGetValue(member, out var flowLocal) ? flowLocal : _flowLocal.GetOrAdd(member, _computeFlowLocal);

    private bool ComputeFlowLocal(ISymbol member) => member switch
    {
        IFieldSymbol field => MemberPath.IsPerThread(field),
        IPropertySymbol { IsStatic: true } property => Setter(property).PerThreadOnly,
        _ => false,
    };

    /// <summary>What storing through <paramref name="property"/> does, read from its setter's body once per compilation.</summary>
    public SetterJudgement Setter(IPropertySymbol property) => _setters.TryGetValue(property, out var setter) ? setter : _setters.GetOrAdd(property, _computeSetter);

    /// <summary>A type's name with its containing types, as messages write it (cached: every static call asks).</summary>
    public string TypeName(INamedTypeSymbol type) => _typeNames.TryGetValue(type, out var name) ? name : _typeNames.GetOrAdd(type, s_computeTypeName);

    /// <summary>
    /// The path of a static member as messages write it, <c>Host.Limit</c>: made once per member (the same statics are
    /// referenced again and again), not concatenated at every reference.
    /// </summary>
    public string StaticPath(ISymbol member)
        => _staticPaths.TryGetValue(member, out var path) ? path : _staticPaths.GetOrAdd(member, _computeStaticPath);

    /// <summary>Whether a call means something by the default tables (cached per method and receiver type).</summary>
    public bool IsTableCall(IMethodSymbol method, ITypeSymbol? receiver)
        => _tableCalls.TryGetValue((method, receiver), out var isTable) ? isTable : _tableCalls.GetOrAdd((method, receiver), s_computeTableCall);

    private bool ComputePatchOwned(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (DerivesFromLivePatch(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is a patch the manager can enable: a concrete LivePatch with [Patch].</summary>
    public bool IsPatch(INamedTypeSymbol type)
        => type.TypeKind == TypeKind.Class && !type.IsAbstract && DerivesFromLivePatch(type) && PatchAttributeOf(type) is not null;

    /// <summary>
    /// The <c>[Patch]</c> of <paramref name="type"/>, or null: cached per type, as every analyzer asks it of every type
    /// deriving from <c>LivePatch</c>.
    /// </summary>
    public AttributeData? PatchAttributeOf(INamedTypeSymbol type)
        => (_patchAttributes.TryGetValue(type, out var box) ? box : _patchAttributes.GetOrAdd(type, _computePatchAttribute)).Value;

    /// <summary>
    /// The hook API of <paramref name="compilation"/>, or null when it does not reference it (then
    /// rules register nothing). Computed once per compilation whichever rule asks first.
    /// </summary>
    public static HookApi? For(Compilation compilation) => s_cache.GetValue(compilation, s_create).Api;

    /// <summary>Every patch type declared in this compilation's source, built once on first use.</summary>
    public PatchCatalog Catalog
    {
        get
        {
            var catalog = Volatile.Read(ref _catalog);
            if (catalog is null)
            {
                catalog = PatchCatalog.Build(this);
                catalog = Interlocked.CompareExchange(ref _catalog, catalog, null) ?? catalog;
            }

            return catalog;
        }
    }

    public bool DerivesFromLivePatch(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, LivePatch))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsPatchPoint(ITypeSymbol? type, out INamedTypeSymbol? delegateType)
    {
        delegateType = null;
        if (PatchPoint is null || type is not INamedTypeSymbol { IsGenericType: true } named
            || !SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, PatchPoint))
        {
            return false;
        }

        delegateType = named.TypeArguments[0] as INamedTypeSymbol;
        return true;
    }

    /// <summary>The static <c>PatchPoint&lt;TDelegate&gt;</c> field or property <paramref name="name"/> declared on <paramref name="target"/>.</summary>
    public ISymbol? FindPoint(INamedTypeSymbol target, string name, out INamedTypeSymbol? delegateType)
    {
        delegateType = null;
        foreach (var candidate in target.GetMembers(name))
        {
            var type = candidate switch
            {
                IFieldSymbol { IsStatic: true } field => field.Type,
                IPropertySymbol { IsStatic: true, IsIndexer: false } property => property.Type,
                _ => null,
            };
            if (IsPatchPoint(type, out delegateType))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The point a <c>[Replaces]</c> method names (its target type and member name), or null when the attribute is incomplete.</summary>
    public (INamedTypeSymbol Target, string Member, AttributeData Attribute)? ReplacesTarget(IMethodSymbol method)
        => FindAttribute(method, ReplacesAttribute) is { ConstructorArguments: { Length: 2 } arguments } attribute
           && arguments[0].Value is INamedTypeSymbol { TypeKind: not TypeKind.Error } target
            ? (target, arguments[1].Value as string ?? string.Empty, attribute)
            : null;

    /// <summary>Where the <paramref name="index"/>th argument of an attribute is written, or null.</summary>
    public static Location? ArgumentLocation(AttributeData attribute, int index, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments: var arguments }
           && arguments.Count > index
            ? arguments[index].GetLocation()
            : null;

    private static HookApi? TryCreate(Compilation compilation)
    {
        // Most compilations do not use the hook API: tell by the names of the references handed to the compiler (files
        // and projects) before anything is bound; then look the types up in the one assembly that declares them (the
        // hook API's own project declares them in source).
        IAssemblySymbol? declaring = null;
        if (compilation.AssemblyName == HooksAssemblyName)
        {
            declaring = compilation.Assembly;
        }
        else if (MayReferenceHooks(compilation))
        {
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.Name == HooksAssemblyName)
                {
                    declaring = assembly;
                    break;
                }
            }
        }

        if (declaring is null)
        {
            return null;
        }

        INamedTypeSymbol? Type(string name) => declaring.GetTypeByMetadataName(Namespace + "." + name);
        var livePatch = Type("LivePatch");
        var patchAttribute = Type("PatchAttribute");
        if (livePatch is null || patchAttribute is null)
        {
            return null;
        }

        return new HookApi(
            compilation,
            livePatch,
            patchAttribute,
            Type("PatchStateAttribute"),
            Type("ReplacesAttribute"),
            Type("PatchPoint`1"),
            Type("PatchContext"),
            Type("HookResult"),
            Type("ShadowVariable`2"),
            Type("GuardedByAttribute"),
            Type("PatchStates"),
            Type("PatchState"));
    }

    private const string HooksAssemblyName = "HookSafety.Hooks";

    /// <summary>Whether a reference may be the hook API's assembly: a file named after it, or a project of that name.</summary>
    private static bool MayReferenceHooks(Compilation compilation)
    {
        // ExternalReferences, not References: the latter includes #r directives and binds the references to find them.
        foreach (var reference in compilation.ExternalReferences)
        {
            var named = reference switch
            {
                PortableExecutableReference { FilePath: { } path } => IsFileNamedAfterHooks(path),
                CompilationReference { Compilation: var referenced } => string.Equals(referenced.AssemblyName, HooksAssemblyName, System.StringComparison.OrdinalIgnoreCase),
                _ => true, // unknown kind: look at the bound assembly
            };
            if (named)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a path's file name without its extension is the hook API's (<c>/a/HookSafety.Hooks.dll</c>), read in place.</summary>
    private static bool IsFileNamedAfterHooks(string path)
    {
        var start = System.Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1;
        var dot = path.LastIndexOf('.');
        var end = dot > start ? dot : path.Length;
        return end - start == HooksAssemblyName.Length
               && string.Compare(path, start, HooksAssemblyName, 0, HooksAssemblyName.Length, System.StringComparison.OrdinalIgnoreCase) == 0;
    }

    private sealed class Box
    {
        public Box(HookApi? api) => Api = api;

        public HookApi? Api { get; }
    }

    private sealed class MethodAndTypeComparer : System.Collections.Generic.IEqualityComparer<(IMethodSymbol Method, ITypeSymbol? Receiver)>
    {
        public bool Equals((IMethodSymbol Method, ITypeSymbol? Receiver) x, (IMethodSymbol Method, ITypeSymbol? Receiver) y)
            => SymbolEqualityComparer.Default.Equals(x.Method, y.Method) && SymbolEqualityComparer.Default.Equals(x.Receiver, y.Receiver);

        public int GetHashCode((IMethodSymbol Method, ITypeSymbol? Receiver) obj)
            => (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 397) ^ (obj.Receiver is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(obj.Receiver));
    }
}
