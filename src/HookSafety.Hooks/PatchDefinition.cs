using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace HookSafety.Hooks;

/// <summary>
/// A patch's metadata, read and checked by <see cref="Inspect"/>: its id and flags, its declared states and its
/// replacements, each already resolved to a patch point and a delegate.
/// </summary>
internal sealed class PatchDefinition
{
    private const BindingFlags AllStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private const BindingFlags AllInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private const string IsReadOnlyAttributeName = "System.Runtime.CompilerServices.IsReadOnlyAttribute";
    private const string RequiresLocationAttributeName = "System.Runtime.CompilerServices.RequiresLocationAttribute";

    private static readonly string[] s_hookNames =
    {
        nameof(LivePatch.PrePatch), nameof(LivePatch.PostPatch), nameof(LivePatch.PreUnpatch), nameof(LivePatch.PostUnpatch),
    };

    private PatchDefinition(
        string id,
        string displayName,
        PatchAttribute attribute,
        IReadOnlyList<PatchStateAttribute> states,
        IReadOnlyList<KeyValuePair<IPatchPoint, Delegate>> replacements)
    {
        Id = id;
        DisplayName = displayName;
        Cumulative = attribute.Cumulative;
        Sticky = attribute.Sticky;
        States = states;
        Replacements = replacements;
    }

    /// <summary>The patch's id.</summary>
    internal string Id { get; }

    /// <summary>The id and type of the patch, for messages: <c>'id' (Namespace.Type)</c>.</summary>
    internal string DisplayName { get; }

    /// <summary>See <see cref="PatchAttribute.Cumulative"/>.</summary>
    internal bool Cumulative { get; }

    /// <summary>See <see cref="PatchAttribute.Sticky"/>.</summary>
    internal bool Sticky { get; }

    /// <summary>The states the patch declares, each id once, versions at least 1.</summary>
    internal IReadOnlyList<PatchStateAttribute> States { get; }

    /// <summary>The points the patch replaces (each once) with the delegate that replaces each.</summary>
    internal IReadOnlyList<KeyValuePair<IPatchPoint, Delegate>> Replacements { get; }

    /// <summary>Reads and checks the metadata of <paramref name="patch"/>'s runtime type.</summary>
    /// <param name="patch">The patch.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="PatchIncompatibleException">The metadata is missing or wrong; the message says how to fix it.</exception>
    internal static PatchDefinition Inspect(LivePatch patch)
    {
        Type type = patch.GetType();
        string typeName = type.FullName ?? type.Name;

        PatchAttribute? attribute = type.GetCustomAttribute<PatchAttribute>(inherit: false);
        if (attribute is null)
        {
            throw new PatchIncompatibleException(
                typeName, $"Patch type {typeName} has no [Patch] attribute. Mark the class with [Patch(\"some-id\")].");
        }

        if (string.IsNullOrWhiteSpace(attribute.Id))
        {
            throw new PatchIncompatibleException(
                typeName, $"Patch type {typeName} has an empty id in its [Patch] attribute. Give it a unique, non-empty id.");
        }

        string id = attribute.Id;
        string name = $"'{id}' ({typeName})";
        CheckHooksAreOverridden(type, id, name);
        IReadOnlyList<PatchStateAttribute> states = ReadStates(type, id, name);
        IReadOnlyList<KeyValuePair<IPatchPoint, Delegate>> replacements = ReadReplacements(type, id, name);
        return new PatchDefinition(id, name, attribute, states, replacements);
    }

    private static void CheckHooksAreOverridden(Type type, string id, string name)
    {
        for (Type? current = type; current is not null && current != typeof(LivePatch); current = current.BaseType)
        {
            foreach (MethodInfo method in current.GetMethods(AllInstance | BindingFlags.Static))
            {
                ParameterInfo[] parameters = method.GetParameters();
                bool looksLikeHook = Array.IndexOf(s_hookNames, method.Name) >= 0
                    && parameters.Length == 1
                    && parameters[0].ParameterType == typeof(PatchContext);
                if (looksLikeHook && (method.IsStatic || method.GetBaseDefinition().DeclaringType != typeof(LivePatch)))
                {
                    throw new PatchIncompatibleException(
                        id,
                        $"Patch {name}: {current.Name}.{method.Name}(PatchContext) hides LivePatch.{method.Name} instead of " +
                        $"overriding it, so it would never run. Declare it 'protected override' (not 'new').");
                }
            }
        }
    }

    private static IReadOnlyList<PatchStateAttribute> ReadStates(Type type, string id, string name)
    {
        var states = new List<PatchStateAttribute>();
        foreach (PatchStateAttribute state in type.GetCustomAttributes<PatchStateAttribute>(inherit: false))
        {
            if (string.IsNullOrWhiteSpace(state.Id))
            {
                throw new PatchIncompatibleException(id, $"Patch {name} declares a [PatchState] with an empty id. Give every state an id.");
            }

            if (state.Version < 1)
            {
                throw new PatchIncompatibleException(
                    id, $"Patch {name} declares state '{state.Id}' with version {state.Version}; versions start at 1.");
            }

            if (states.Any(s => string.Equals(s.Id, state.Id, StringComparison.Ordinal)))
            {
                throw new PatchIncompatibleException(
                    id, $"Patch {name} declares state '{state.Id}' more than once. Declare each state once, with one version.");
            }

            states.Add(state);
        }

        return states;
    }

    private static IReadOnlyList<KeyValuePair<IPatchPoint, Delegate>> ReadReplacements(Type type, string id, string name)
    {
        var replacements = new List<KeyValuePair<IPatchPoint, Delegate>>();
        foreach (MethodInfo method in type.GetMethods(AllInstance | BindingFlags.Static))
        {
            ReplacesAttribute? replaces = method.GetCustomAttribute<ReplacesAttribute>();
            if (replaces is null)
            {
                continue;
            }

            string methodName = $"{type.Name}.{method.Name}";
            string where = $"Patch {name}: method {methodName} with [Replaces]";
            if (!method.IsStatic)
            {
                throw new PatchIncompatibleException(id, $"{where} is an instance method. Replacement methods must be static.");
            }

            if (method.ContainsGenericParameters)
            {
                throw new PatchIncompatibleException(id, $"{where} is generic. Replacement methods must not be generic.");
            }

            IPatchPoint point = ResolvePoint(replaces, id, where);
            if (replacements.Any(r => ReferenceEquals(r.Key, point)))
            {
                throw new PatchIncompatibleException(
                    id, $"{where} replaces point '{point.Name}', which another method of the patch already replaces. Keep one.");
            }

            MethodInfo invoke = point.DelegateType.GetMethod("Invoke")!;
            string? mismatch = DescribeMismatch(method, invoke);
            if (mismatch is not null)
            {
                throw new PatchIncompatibleException(
                    id,
                    $"{where} does not match {Describe(point.DelegateType)} of point '{point.Name}': {mismatch}. " +
                    "The signature must match exactly (parameter types, ref kinds, return type; no variance).");
            }

            Delegate replacement;
            try
            {
                replacement = Delegate.CreateDelegate(point.DelegateType, method);
            }
            catch (ArgumentException e)
            {
                throw new PatchIncompatibleException(
                    id, $"{where} cannot be bound to {Describe(point.DelegateType)} of point '{point.Name}': {e.Message}", e);
            }

            replacements.Add(new KeyValuePair<IPatchPoint, Delegate>(point, replacement));
        }

        return replacements;
    }

    private static IPatchPoint ResolvePoint(ReplacesAttribute replaces, string id, string where)
    {
        Type? target = replaces.Target;
        string member = replaces.Member;
        if (target is null || string.IsNullOrEmpty(member))
        {
            throw new PatchIncompatibleException(id, $"{where} names no target type or member. Use [Replaces(typeof(Host), nameof(Host.Point))].");
        }

        string targetMember = $"{target.Name}.{member}";
        if (target.ContainsGenericParameters)
        {
            throw new PatchIncompatibleException(id, $"{where} targets the open generic type {target.Name}. Name a closed type.");
        }

        FieldInfo? field = target.GetField(member, AllStatic);
        PropertyInfo? property = field is null
            ? target.GetProperties(AllStatic).FirstOrDefault(p => p.Name == member && p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
            : null;
        if (field is null && property is null)
        {
            bool isInstance = target.GetField(member, AllInstance) is not null || target.GetProperty(member, AllInstance) is not null;
            throw new PatchIncompatibleException(
                id,
                isInstance
                    ? $"{where} targets {targetMember}, an instance member. Patch points must be static fields or properties."
                    : $"{where} targets {targetMember}, which does not exist (no static field or property of that name declared on {target.Name}).");
        }

        Type memberType = field?.FieldType ?? property!.PropertyType;
        if (!memberType.IsGenericType || memberType.GetGenericTypeDefinition() != typeof(PatchPoint<>))
        {
            throw new PatchIncompatibleException(
                id, $"{where} targets {targetMember} of type {Describe(memberType)}, which is not a PatchPoint<TDelegate>.");
        }

        object? value;
        try
        {
            value = field is not null ? field.GetValue(null) : property!.GetValue(null);
        }
        catch (Exception e) when (e is TargetInvocationException or TypeInitializationException)
        {
            throw new PatchIncompatibleException(
                id, $"{where} targets {targetMember}, which could not be read: {(e.InnerException ?? e).Message}", e);
        }

        return value as IPatchPoint
            ?? throw new PatchIncompatibleException(id, $"{where} targets {targetMember}, which is null. The host must initialize its patch points.");
    }

    /// <summary>Compares a replacement's signature with the delegate's <c>Invoke</c>: exact types and ref kinds.</summary>
    /// <returns><see langword="null"/> when they match, else what differs.</returns>
    private static string? DescribeMismatch(MethodInfo method, MethodInfo invoke)
    {
        ParameterInfo[] actual = method.GetParameters();
        ParameterInfo[] expected = invoke.GetParameters();
        if (actual.Length != expected.Length)
        {
            return $"it has {actual.Length} parameter(s), the delegate {expected.Length}";
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i].ParameterType != expected[i].ParameterType)
            {
                return $"parameter {i + 1} is {Describe(actual[i].ParameterType)}, the delegate's is {Describe(expected[i].ParameterType)}";
            }

            string actualKind = RefKind(actual[i]);
            string expectedKind = RefKind(expected[i]);
            if (actualKind != expectedKind)
            {
                return $"parameter {i + 1} is passed {actualKind}, the delegate's {expectedKind}";
            }
        }

        if (method.ReturnType != invoke.ReturnType || RefKind(method.ReturnParameter) != RefKind(invoke.ReturnParameter))
        {
            return $"it returns {Describe(method.ReturnType)}, the delegate {Describe(invoke.ReturnType)}";
        }

        return null;
    }

    private static string RefKind(ParameterInfo parameter)
    {
        if (!parameter.ParameterType.IsByRef)
        {
            return "by value";
        }

        if (parameter.IsOut)
        {
            return "out";
        }

        if (HasAttribute(parameter, RequiresLocationAttributeName))
        {
            return "ref readonly";
        }

        return HasAttribute(parameter, IsReadOnlyAttributeName) ? (parameter.Position < 0 ? "ref readonly" : "in") : "ref";
    }

    private static bool HasAttribute(ParameterInfo parameter, string fullName) =>
        parameter.GetCustomAttributesData().Any(a => a.AttributeType.FullName == fullName);

    private static string Describe(Type type) =>
        type.IsByRef ? Describe(type.GetElementType()!) + "&"
        : type.IsGenericType ? $"{type.Name.Split('`')[0]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;
}
