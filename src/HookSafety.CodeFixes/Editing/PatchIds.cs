using System.Text;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;

namespace HookSafety.CodeFixes;

/// <summary>
/// Patch ids as fixes read and propose them: the id a patch has (none when it is blank), and the one proposed for a
/// class, its name in kebab case made unique in the compilation.
/// </summary>
internal static class PatchIds
{
    /// <summary>The <c>[Patch]</c> id of <paramref name="type"/>, or null when it has none or an empty or blank one (refused by HS0014).</summary>
    public static string? Of(HookApi api, INamedTypeSymbol type)
        => PatchCatalog.PatchId(api, type) is { } id && !string.IsNullOrWhiteSpace(id) ? id : null;

    public static string Propose(HookApi api, string className)
    {
        var stem = KebabCase(className);
        var id = stem;
        for (var n = 2; !api.Catalog.TypesWithId(id).IsEmpty; n++)
        {
            id = $"{stem}-{n}";
        }

        return id;
    }

    /// <summary><c>FixParserOverflow</c> → <c>fix-parser-overflow</c>; <c>HTTPFix2</c> → <c>http-fix2</c>.</summary>
    public static string KebabCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != '-')
                {
                    builder.Append('-');
                }

                continue;
            }

            if (char.IsUpper(c) && builder.Length > 0 && builder[builder.Length - 1] != '-'
                && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.Length == 0 ? "patch" : builder.ToString().TrimEnd('-');
    }
}
