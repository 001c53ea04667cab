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
internal sealed class HookApi
{
    public const string Namespace = "HookSafety.Hooks";

    private static readonly ConditionalWeakTable<Compilation, Box> s_cache = new();
    private static readonly ConditionalWeakTable<Compilation, Box>.CreateValueCallback s_create = c => new Box(TryCreate(c));

    private PatchCatalog? _catalog;
    private (string Alias, string Target)[]? _aliases;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, System.Collections.Generic.HashSet<string>> _attributeNames = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool> _unambiguous = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Generic.HashSet<string>?[] _attributeNameSlots = new System.Collections.Generic.HashSet<string>?[4];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxTree, int> _textNames = new();
    private CallSummaries? _summaries;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, System.Lazy<PatchModel>> _models = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _guarded = new(SymbolEqualityComparer.Default);
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
    }

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
        => GuardedByAttribute is not null && _guarded.GetOrAdd(member, m => FindAttribute(m, GuardedByAttribute) is not null);

    public bool IsShadowVariable(INamedTypeSymbol? type)
        => ShadowVariable is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, ShadowVariable);

    /// <summary>Whether <paramref name="type"/> is one of the patch's own types: a patch type, or nested in one.</summary>
    public bool IsPatchOwned(INamedTypeSymbol? type)
        => type is not null && _owned.GetOrAdd(type, ComputePatchOwned);

    /// <summary>
    /// Whether a static member holds per-thread or per-flow state rather than one value for the process: a
    /// <c>[ThreadStatic]</c> field, or a static property with source whose setter only stores into such state
    /// (<c>set => s_current.Value = value;</c> over an <c>AsyncLocal&lt;T&gt;</c> or <c>ThreadLocal&lt;T&gt;</c>). Cached per member.
    /// </summary>
    public bool IsFlowLocal(ISymbol member) => _flowLocal.GetOrAdd(member, ComputeFlowLocal);

    private bool ComputeFlowLocal(ISymbol member) => member switch
    {
        IFieldSymbol field => MemberPath.IsPerThread(field),
        IPropertySymbol { IsStatic: true } property => Setter(property).PerThreadOnly,
        _ => false,
    };

    /// <summary>What storing through <paramref name="property"/> does, read from its setter's body once per compilation.</summary>
    public SetterJudgement Setter(IPropertySymbol property) => _setters.GetOrAdd(property, p => Setters.Judge(Compilation, p));

    /// <summary>A type's name with its containing types, as messages write it (cached: every static call asks).</summary>
    public string TypeName(INamedTypeSymbol type) => _typeNames.GetOrAdd(type, t => MemberPath.TypeName(t));

    /// <summary>
    /// The path of a static member as messages write it, <c>Host.Limit</c>: made once per member (the same statics are
    /// referenced again and again), not concatenated at every reference.
    /// </summary>
    public string StaticPath(ISymbol member)
        => _staticPaths.GetOrAdd(member, m => TypeName(m.ContainingType) + (m.Name.Length > 0 ? "." + m.Name : string.Empty));

    /// <summary>Whether a call means something by the default tables (cached per method and receiver type).</summary>
    public bool IsTableCall(IMethodSymbol method, ITypeSymbol? receiver)
        => _tableCalls.GetOrAdd((method, receiver), key => Classification.IsTableCall(key.Method, key.Receiver));

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
        => type.TypeKind == TypeKind.Class && !type.IsAbstract && DerivesFromLivePatch(type) && FindAttribute(type, PatchAttribute) is not null;

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

    public AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null || !MayCarry(symbol, attributeType))
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>
    /// False when no declaration of a source symbol writes an attribute that can be <paramref name="attributeType"/>:
    /// then its attributes need not be bound (most types and members of a compilation, asked about by the catalog and
    /// the rules). An attribute can be it when its name, without qualifier, is the type's name with or without the
    /// <c>Attribute</c> suffix, or an alias declared for it somewhere in the compilation.
    /// </summary>
    private bool MayCarry(ISymbol symbol, INamedTypeSymbol attributeType)
        => WrittenAttributes(symbol, attributeType, out var unknown) is { Count: > 0 } || unknown;

    /// <summary>
    /// The attributes written on a source symbol's declarations that can be <paramref name="attributeType"/> (by name, as
    /// <see cref="MayCarry"/> decides), unbound; <paramref name="unknown"/> when the syntax cannot tell (metadata, a
    /// partial member's other part, a declaration of another kind): then only binding can.
    /// </summary>
    public System.Collections.Generic.List<AttributeSyntax>? WrittenAttributes(ISymbol symbol, INamedTypeSymbol attributeType, out bool unknown)
    {
        unknown = false;
        var references = symbol.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            unknown = true; // from metadata
            return null;
        }

        System.Collections.Generic.List<AttributeSyntax>? written = null;
        var names = AttributeNames(attributeType);
        var slot = Slot(attributeType);

        // Types list every part, fields have one, and a method names its other part: for these a file whose text does
        // not name the attribute need not be looked at (properties and events may have a part elsewhere: always looked at).
        var byText = slot >= 0 && symbol is INamedTypeSymbol or IFieldSymbol
                                    or IMethodSymbol { PartialDefinitionPart: null, PartialImplementationPart: null };
        foreach (var reference in references)
        {
            if (byText && !TextNames(reference.SyntaxTree, slot, names))
            {
                continue;
            }

            var syntax = reference.GetSyntax();
            if (syntax is MemberDeclarationSyntax { Modifiers: var modifiers }
                && modifiers.Any(SyntaxKind.PartialKeyword)
                && syntax is not BaseTypeDeclarationSyntax)
            {
                unknown = true; // a partial member's other part may carry them (every part of a partial type is listed)
                return written;
            }

            var lists = syntax switch
            {
                MemberDeclarationSyntax member => member.AttributeLists,
                VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax field } => field.AttributeLists,
                ParameterSyntax parameter => parameter.AttributeLists,
                _ => (SyntaxList<AttributeListSyntax>?)null,
            };
            if (lists is not { } known)
            {
                unknown = true; // a declaration of another kind: bind to be sure
                return written;
            }

            foreach (var list in known)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (names.Contains(SyntaxNames.Rightmost(attribute.Name)))
                    {
                        (written ??= new System.Collections.Generic.List<AttributeSyntax>()).Add(attribute);
                    }
                }
            }
        }

        return written;
    }

    /// <summary>
    /// Whether an attribute written with one of <paramref name="attributeType"/>'s names can only be it: no other type
    /// declared in source has that name, and no alias of that name stands for something else. Then a declaration's
    /// attributes can be read as written, without binding them (a referenced library declaring a type of the same name
    /// is not looked for).
    /// </summary>
    public bool NamesAreUnambiguous(INamedTypeSymbol attributeType)
        => _unambiguous.GetOrAdd(attributeType, type =>
        {
            var names = AttributeNames(type);
            foreach (var (alias, target) in Aliases())
            {
                if (names.Contains(alias) && !names.Contains(target))
                {
                    return false;
                }
            }

            foreach (var other in Compilation.GetSymbolsWithName(names.Contains, SymbolFilter.Type))
            {
                if (!SymbolEqualityComparer.Default.Equals(other, type))
                {
                    return false;
                }
            }

            return true;
        });

    /// <summary>The unqualified names an attribute of <paramref name="attributeType"/> can be written with in this compilation.</summary>
    private System.Collections.Generic.HashSet<string> AttributeNames(INamedTypeSymbol attributeType)
    {
        var slot = Slot(attributeType);
        if (slot < 0)
        {
            return ComputeAttributeNames(attributeType);
        }

        var names = Volatile.Read(ref _attributeNameSlots[slot]);
        if (names is null)
        {
            names = ComputeAttributeNames(attributeType);
            Volatile.Write(ref _attributeNameSlots[slot], names);
        }

        return names;
    }

    /// <summary>The hook API's four attributes are asked about for every declaration: a slot each, found by reference (-1 for another type).</summary>
    private int Slot(INamedTypeSymbol attributeType)
        => ReferenceEquals(attributeType, PatchAttribute) ? 0
            : ReferenceEquals(attributeType, PatchStateAttribute) ? 1
            : ReferenceEquals(attributeType, ReplacesAttribute) ? 2
            : ReferenceEquals(attributeType, GuardedByAttribute) ? 3
            : -1;

    /// <summary>
    /// The members of <paramref name="type"/> that can carry <paramref name="attributeType"/> (one of the hook API's
    /// attributes), read from the type's own declarations: the methods, fields, properties and events whose declaration
    /// writes one of its names, found by name, unbound (a caller confirms each with <see cref="FindAttribute"/>). Null
    /// when the syntax cannot tell (a type from metadata, the name written on an accessor, an operator, a constructor, an
    /// explicit interface implementation...): then every member must be looked at. Empty for most types of a host, whose
    /// files do not name the attribute at all.
    /// </summary>
    public System.Collections.Generic.List<ISymbol>? MembersWrittenWith(INamedTypeSymbol type, INamedTypeSymbol attributeType)
    {
        var slot = Slot(attributeType);
        var references = type.DeclaringSyntaxReferences;
        if (slot < 0 || references.IsEmpty)
        {
            return null;
        }

        var names = AttributeNames(attributeType);
        var found = new System.Collections.Generic.List<ISymbol>();
        foreach (var reference in references)
        {
            if (!TextNames(reference.SyntaxTree, slot, names))
            {
                continue;
            }

            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                return null; // an enum or a delegate naming it: let the caller look at everything
            }

            if (declaration.ParameterList is { } parameters)
            {
                foreach (var parameter in parameters.Parameters)
                {
                    if (Writes(parameter.AttributeLists, names))
                    {
                        AddNamed(type, parameter.Identifier.ValueText, found); // a record's property, declared by its parameter
                    }
                }
            }

            foreach (var member in declaration.Members)
            {
                if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                {
                    continue; // nested types are looked at on their own
                }

                var direct = Writes(member.AttributeLists, names);
                var onAccessor = member is BasePropertyDeclarationSyntax { AccessorList.Accessors: var accessors }
                                 && accessors.Any(accessor => Writes(accessor.AttributeLists, names));
                if (!direct && !onAccessor)
                {
                    continue;
                }

                switch (member)
                {
                    case MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method when !onAccessor:
                        AddNamed(type, method.Identifier.ValueText, found);
                        break;
                    case BaseFieldDeclarationSyntax field when !onAccessor:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            AddNamed(type, variable.Identifier.ValueText, found);
                        }

                        break;
                    case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property when !onAccessor:
                        AddNamed(type, property.Identifier.ValueText, found);
                        break;
                    case EventDeclarationSyntax { ExplicitInterfaceSpecifier: null } @event when !onAccessor:
                        AddNamed(type, @event.Identifier.ValueText, found);
                        break;
                    default:
                        return null; // written where a name does not find the member: look at everything
                }
            }
        }

        return found;

        static bool Writes(SyntaxList<AttributeListSyntax> lists, System.Collections.Generic.HashSet<string> names)
        {
            foreach (var list in lists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (names.Contains(SyntaxNames.Rightmost(attribute.Name)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        static void AddNamed(INamedTypeSymbol type, string name, System.Collections.Generic.List<ISymbol> found)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (!found.Contains(member, SymbolEqualityComparer.Default))
                {
                    found.Add(member);
                }
            }
        }
    }

    /// <summary>
    /// Whether a file's text names one of an attribute's names (<paramref name="names"/>, for slot <paramref name="slot"/>),
    /// scanned once per file and attribute: two bits per slot, "scanned" and "named".
    /// </summary>
    private bool TextNames(SyntaxTree tree, int slot, System.Collections.Generic.HashSet<string> names)
    {
        var scanned = 1 << (2 * slot);
        var named = 2 << (2 * slot);
        var mask = _textNames.TryGetValue(tree, out var known) ? known : 0;
        if ((mask & scanned) == 0)
        {
            var text = tree.GetText();
            var found = false;
            foreach (var name in names)
            {
                if (names.Any(other => other.Length < name.Length && name.Contains(other)))
                {
                    continue; // found by the shorter name it contains (Patch for PatchAttribute)
                }

                if (TextScan.Contains(text, name))
                {
                    found = true;
                    break;
                }
            }

            var bits = scanned | (found ? named : 0);
            mask = _textNames.AddOrUpdate(tree, bits, (_, old) => old | bits);
        }

        return (mask & named) != 0;
    }

    private System.Collections.Generic.HashSet<string> ComputeAttributeNames(INamedTypeSymbol attributeType)
        => _attributeNames.GetOrAdd(attributeType, type =>
        {
            var names = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            AddWithAndWithoutSuffix(names, type.Name);
            foreach (var (alias, target) in Aliases())
            {
                if (names.Contains(target))
                {
                    AddWithAndWithoutSuffix(names, alias);
                }
            }

            return names;
        });

    private static void AddWithAndWithoutSuffix(System.Collections.Generic.HashSet<string> names, string name)
    {
        names.Add(name);
        names.Add(name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name + "Attribute");
    }

    /// <summary>Every <c>using A = ...;</c> of the compilation (file-level, global and in namespaces): the alias and the rightmost name it stands for.</summary>
    private (string Alias, string Target)[] Aliases()
    {
        var aliases = Volatile.Read(ref _aliases);
        if (aliases is null)
        {
            var found = new System.Collections.Generic.List<(string, string)>();
            foreach (var tree in Compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is CompilationUnitSyntax root)
                {
                    CollectAliases(root.Usings, root.Members, found);
                }
            }

            aliases = found.ToArray();
            Volatile.Write(ref _aliases, aliases);
        }

        return aliases;
    }

    private static void CollectAliases(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, System.Collections.Generic.List<(string, string)> found)
    {
        foreach (var directive in usings)
        {
            if (directive.Alias is { } alias && directive.Name is { } name)
            {
                found.Add((alias.Name.Identifier.ValueText, SyntaxNames.Rightmost(name)));
            }
        }

        foreach (var member in members)
        {
            if (member is BaseNamespaceDeclarationSyntax ns)
            {
                CollectAliases(ns.Usings, ns.Members, found);
            }
        }
    }


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
