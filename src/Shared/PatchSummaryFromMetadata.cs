using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace HookSafety.Shared;

/// <summary>
/// The <see cref="PatchSummary"/> of a built assembly, read from its metadata alone (System.Reflection.Metadata): none of
/// its code is loaded or run, so any project's output can be summarized, as the build and <c>hooksafety series</c> do.
/// A patch is a concrete class with the hook API's <c>[Patch]</c>; its <c>[PatchState]</c>s and the <c>[Replaces]</c>
/// of its methods are read as written.
/// </summary>
internal static class PatchSummaryFromMetadata
{
    private const string HookApiNamespace = "HookSafety.Hooks";

    /// <summary>Summarizes the assembly in <paramref name="image"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="BadImageFormatException">The bytes are not a .NET assembly.</exception>
    public static PatchSummary Read(byte[] image, string source)
    {
        using var pe = new PEReader(new MemoryStream(image, writable: false));
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException($"{source} is not a .NET assembly: it has no metadata.", source);
        }

        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly)
        {
            throw new BadImageFormatException($"{source} is a module, not an assembly.", source);
        }

        var patches = new List<PatchEntry>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.Abstract) != 0 || (type.Attributes & TypeAttributes.Interface) != 0)
            {
                continue;
            }

            string? id = null;
            var cumulative = false;
            var sticky = false;
            var states = new List<KeyValuePair<string, int>>();
            foreach (var attributeHandle in type.GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(attributeHandle);
                switch (AttributeName(reader, attribute))
                {
                    case "PatchAttribute":
                        var patch = attribute.DecodeValue(TypeNames.Instance);
                        id = patch.FixedArguments.Length > 0 ? patch.FixedArguments[0].Value as string : null;
                        foreach (var named in patch.NamedArguments)
                        {
                            cumulative |= named.Name == "Cumulative" && named.Value is true;
                            sticky |= named.Name == "Sticky" && named.Value is true;
                        }

                        break;
                    case "PatchStateAttribute":
                        var state = attribute.DecodeValue(TypeNames.Instance);
                        if (state.FixedArguments.Length == 2 && state.FixedArguments[0].Value is string stateId && state.FixedArguments[1].Value is int version)
                        {
                            states.Add(new KeyValuePair<string, int>(stateId, version));
                        }

                        break;
                }
            }

            if (id is null)
            {
                continue;
            }

            var replaces = new List<string>();
            foreach (var methodHandle in type.GetMethods())
            {
                foreach (var attributeHandle in reader.GetMethodDefinition(methodHandle).GetCustomAttributes())
                {
                    var attribute = reader.GetCustomAttribute(attributeHandle);
                    if (AttributeName(reader, attribute) == "ReplacesAttribute"
                        && attribute.DecodeValue(TypeNames.Instance) is { FixedArguments: { Length: 2 } arguments }
                        && arguments[0].Value is string target && arguments[1].Value is string member)
                    {
                        replaces.Add(TypeNames.WithoutAssembly(target) + "." + member);
                    }
                }
            }

            patches.Add(new PatchEntry(id, FullName(reader, type), cumulative, sticky, states, replaces));
        }

        return new PatchSummary(reader.GetString(reader.GetAssemblyDefinition().Name), patches);
    }

    /// <summary>The attribute's type name when it is one of the hook API's (<c>PatchAttribute</c>, ...), or null.</summary>
    private static string? AttributeName(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle typeHandle = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        switch (typeHandle.Kind)
        {
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)typeHandle);
                return reader.GetString(reference.Namespace) == HookApiNamespace ? reader.GetString(reference.Name) : null;
            case HandleKind.TypeDefinition:
                var definition = reader.GetTypeDefinition((TypeDefinitionHandle)typeHandle);
                return reader.GetString(definition.Namespace) == HookApiNamespace ? reader.GetString(definition.Name) : null;
            default:
                return null;
        }
    }

    /// <summary>A type's full name as C# writes it: <c>Namespace.Outer.Inner</c>.</summary>
    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return FullName(reader, reader.GetTypeDefinition(declaring)) + "." + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Types in attribute arguments, as names: all a summary needs of them.</summary>
    private sealed class TypeNames : ICustomAttributeTypeProvider<string>
    {
        public static readonly TypeNames Instance = new();

        /// <summary><c>Acme.Parser, Acme, Version=...</c> → <c>Acme.Parser</c>; a nested type's <c>+</c> as C#'s <c>.</c>.</summary>
        public static string WithoutAssembly(string serialized)
        {
            var comma = serialized.IndexOf(',');
            return (comma < 0 ? serialized : serialized.Substring(0, comma)).Trim().Replace('+', '.');
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "System.Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, reader.GetTypeDefinition(handle));

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var reference = reader.GetTypeReference(handle);
            var ns = reader.GetString(reference.Namespace);
            return ns.Length == 0 ? reader.GetString(reference.Name) : ns + "." + reader.GetString(reference.Name);
        }

        public string GetTypeFromSerializedName(string name) => name;

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "System.Type";
    }
}
