using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace HookSafety.Shared;

/// <summary>
/// What one built assembly's patches promise the releases around them (<c>&lt;AssemblyName&gt;.patches.json</c>): for each
/// patch its id, whether it is cumulative or sticky, its states with their versions, and the points it replaces. The
/// release series check (HS0018, <c>hooksafety series</c>) reads earlier releases from it. The text is deterministic
/// (patches by id, states by id, points by name; no timestamps) and versioned by <see cref="Schema"/>; see
/// <c>docs/release-series.md</c>. One source, compiled into everything that writes or reads summaries.
/// </summary>
internal sealed class PatchSummary
{
    /// <summary>The schema this code writes and reads; a summary of another schema is refused with a clear error.</summary>
    public const string Schema = "hooksafety-patches/1";

    /// <summary>How deep a summary's JSON may nest: ours nests 4 deep, so anything deeper is not a summary.</summary>
    private const int MaxDepth = 16;

    public PatchSummary(string assembly, IEnumerable<PatchEntry> patches)
    {
        Assembly = assembly;
        Patches = patches.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The assembly's simple name.</summary>
    public string Assembly { get; }

    /// <summary>The patches, by id.</summary>
    public IReadOnlyList<PatchEntry> Patches { get; }

    /// <summary>The summary as JSON: two-space indents, <c>\n</c> line ends, a final newline; the same patches give the same bytes.</summary>
    public string ToJson()
    {
        var json = new StringBuilder();
        json.Append("{\n");
        json.Append("  \"schema\": ").Append(Quote(Schema)).Append(",\n");
        json.Append("  \"assembly\": ").Append(Quote(Assembly)).Append(",\n");
        json.Append("  \"patches\": [");
        for (var i = 0; i < Patches.Count; i++)
        {
            var patch = Patches[i];
            json.Append(i == 0 ? "\n" : ",\n");
            json.Append("    {\n");
            json.Append("      \"id\": ").Append(Quote(patch.Id)).Append(",\n");
            json.Append("      \"type\": ").Append(Quote(patch.Type)).Append(",\n");
            json.Append("      \"cumulative\": ").Append(patch.Cumulative ? "true" : "false").Append(",\n");
            json.Append("      \"sticky\": ").Append(patch.Sticky ? "true" : "false").Append(",\n");
            json.Append("      \"states\": [");
            for (var s = 0; s < patch.States.Count; s++)
            {
                json.Append(s == 0 ? "\n" : ",\n");
                json.Append("        { \"id\": ").Append(Quote(patch.States[s].Key)).Append(", \"version\": ")
                    .Append(patch.States[s].Value.ToString(CultureInfo.InvariantCulture)).Append(" }");
            }

            json.Append(patch.States.Count == 0 ? "],\n" : "\n      ],\n");
            json.Append("      \"replaces\": [");
            for (var r = 0; r < patch.Replaces.Count; r++)
            {
                json.Append(r == 0 ? "\n" : ",\n").Append("        ").Append(Quote(patch.Replaces[r]));
            }

            json.Append(patch.Replaces.Count == 0 ? "]\n" : "\n      ]\n");
            json.Append("    }");
        }

        json.Append(Patches.Count == 0 ? "]\n" : "\n  ]\n");
        json.Append("}\n");
        return json.ToString();
    }

    /// <summary>Reads a summary; <paramref name="source"/> names it in errors (a file's path).</summary>
    /// <exception cref="FormatException">The text is not JSON, not a summary, or of another schema; the message says which and where.</exception>
    public static PatchSummary Parse(string json, string source)
    {
        object? root;
        try
        {
            root = new Reader(json).ReadDocument();
        }
        catch (FormatException e)
        {
            throw new FormatException($"{source} is not a patch summary: {e.Message}", e);
        }

        if (root is not Dictionary<string, object?> document)
        {
            throw new FormatException($"{source} is not a patch summary: its JSON is not an object.");
        }

        var schema = document.TryGetValue("schema", out var s) ? s as string : null;
        if (schema != Schema)
        {
            throw new FormatException(schema is null
                ? $"{source} is not a patch summary: it has no \"schema\" (expected \"{Schema}\")."
                : $"{source} is a patch summary of schema \"{schema}\"; this version of HookSafety reads \"{Schema}\". Rebuild the release with it, or use the HookSafety version that wrote it.");
        }

        var assembly = Text(document, "assembly", source, "the summary");
        var patches = new List<PatchEntry>();
        foreach (var item in List(document, "patches", source, "the summary"))
        {
            if (item is not Dictionary<string, object?> patch)
            {
                throw new FormatException($"{source}: an entry of \"patches\" is not an object.");
            }

            var id = Text(patch, "id", source, "a patch");
            var where = $"patch '{id}'";
            var states = new List<KeyValuePair<string, int>>();
            foreach (var entry in List(patch, "states", source, where))
            {
                if (entry is not Dictionary<string, object?> state)
                {
                    throw new FormatException($"{source}: a state of {where} is not an object.");
                }

                var stateId = Text(state, "id", source, $"a state of {where}");
                states.Add(new KeyValuePair<string, int>(stateId, Version(state, source, $"state '{stateId}' of {where}")));
            }

            var replaces = List(patch, "replaces", source, where)
                .Select(r => r as string ?? throw new FormatException($"{source}: an entry of \"replaces\" of {where} is not a string."))
                .ToList();
            patches.Add(new PatchEntry(id, Text(patch, "type", source, where), Flag(patch, "cumulative", source, where), Flag(patch, "sticky", source, where), states, replaces));
        }

        return new PatchSummary(assembly, patches);
    }

    private static string Text(Dictionary<string, object?> obj, string key, string source, string where)
        => obj.TryGetValue(key, out var value) && value is string text ? text : throw Missing(source, where, key, "a string");

    private static bool Flag(Dictionary<string, object?> obj, string key, string source, string where)
        => obj.TryGetValue(key, out var value) && value is bool flag ? flag : throw Missing(source, where, key, "true or false");

    private static List<object?> List(Dictionary<string, object?> obj, string key, string source, string where)
        => obj.TryGetValue(key, out var value) && value is List<object?> list ? list : throw Missing(source, where, key, "an array");

    private static int Version(Dictionary<string, object?> obj, string source, string where)
        => obj.TryGetValue("version", out var value) && value is double number && number >= 1 && number <= int.MaxValue && number == Math.Floor(number)
            ? (int)number
            : throw Missing(source, where, "version", "a whole number of 1 or more");

    private static FormatException Missing(string source, string where, string key, string what)
        => new($"{source}: \"{key}\" of {where} is missing or not {what}.");

    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>
    /// A small JSON reader (objects, arrays, strings, numbers, true, false, null), enough for summaries: the analyzers
    /// that read them cannot count on a JSON library being loaded beside them. Nesting is bounded; errors name the
    /// line and column.
    /// </summary>
    private sealed class Reader
    {
        private readonly string _text;
        private int _at;

        public Reader(string text) => _text = text;

        public object? ReadDocument()
        {
            var value = ReadValue(0);
            SkipSpace();
            return _at == _text.Length ? value : throw Error("unexpected text after the end");
        }

        private object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error($"nested more than {MaxDepth} deep");
            }

            SkipSpace();
            if (_at >= _text.Length)
            {
                throw Error("unexpected end");
            }

            switch (_text[_at])
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    return ReadString();
                case 't' when Take("true"):
                    return true;
                case 'f' when Take("false"):
                    return false;
                case 'n' when Take("null"):
                    return null;
                case var c when c == '-' || (c >= '0' && c <= '9'):
                    return ReadNumber();
                default:
                    throw Error($"unexpected '{_text[_at]}'");
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _at++;
            SkipSpace();
            if (Peek('}'))
            {
                _at++;
                return result;
            }

            while (true)
            {
                SkipSpace();
                if (!Peek('"'))
                {
                    throw Error("expected a property name");
                }

                var key = ReadString();
                SkipSpace();
                Expect(':');
                if (result.ContainsKey(key))
                {
                    throw Error($"property \"{key}\" appears twice");
                }

                result[key] = ReadValue(depth + 1);
                SkipSpace();
                if (Peek(','))
                {
                    _at++;
                    continue;
                }

                Expect('}');
                return result;
            }
        }

        private List<object?> ReadArray(int depth)
        {
            var result = new List<object?>();
            _at++;
            SkipSpace();
            if (Peek(']'))
            {
                _at++;
                return result;
            }

            while (true)
            {
                result.Add(ReadValue(depth + 1));
                SkipSpace();
                if (Peek(','))
                {
                    _at++;
                    continue;
                }

                Expect(']');
                return result;
            }
        }

        private string ReadString()
        {
            _at++; // the opening quote
            var text = new StringBuilder();
            while (_at < _text.Length)
            {
                var c = _text[_at++];
                if (c == '"')
                {
                    return text.ToString();
                }

                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }

                if (_at >= _text.Length)
                {
                    break;
                }

                var escaped = _text[_at++];
                switch (escaped)
                {
                    case '"' or '\\' or '/': text.Append(escaped); break;
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u' when _at + 4 <= _text.Length && int.TryParse(_text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        text.Append((char)code);
                        _at += 4;
                        break;
                    default:
                        throw Error($"unknown escape '\\{escaped}'");
                }
            }

            throw Error("a string is not closed");
        }

        private double ReadNumber()
        {
            var start = _at;
            while (_at < _text.Length && "+-0123456789.eE".IndexOf(_text[_at]) >= 0)
            {
                _at++;
            }

            return double.TryParse(_text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw Error($"'{_text.Substring(start, _at - start)}' is not a number");
        }

        private bool Take(string word)
        {
            if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
            {
                return false;
            }

            _at += word.Length;
            return true;
        }

        private bool Peek(char c) => _at < _text.Length && _text[_at] == c;

        private void Expect(char c)
        {
            if (!Peek(c))
            {
                throw Error(_at < _text.Length ? $"expected '{c}', found '{_text[_at]}'" : $"expected '{c}', found the end");
            }

            _at++;
        }

        private void SkipSpace()
        {
            while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                _at++;
            }
        }

        private FormatException Error(string what)
        {
            var line = 1;
            var column = 1;
            for (var i = 0; i < Math.Min(_at, _text.Length); i++)
            {
                (line, column) = _text[i] == '\n' ? (line + 1, 1) : (line, column + 1);
            }

            return new FormatException($"{what} at line {line}, column {column}");
        }
    }
}

/// <summary>One patch of a <see cref="PatchSummary"/>.</summary>
internal sealed class PatchEntry
{
    public PatchEntry(string id, string type, bool cumulative, bool sticky, IEnumerable<KeyValuePair<string, int>> states, IEnumerable<string> replaces)
    {
        Id = id;
        Type = type;
        Cumulative = cumulative;
        Sticky = sticky;
        States = states.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        Replaces = replaces.OrderBy(r => r, StringComparer.Ordinal).ToList();
    }

    /// <summary>The <c>[Patch]</c> id.</summary>
    public string Id { get; }

    /// <summary>The patch type's full name.</summary>
    public string Type { get; }

    public bool Cumulative { get; }

    public bool Sticky { get; }

    /// <summary>The <c>[PatchState]</c>s: id and version, by id.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> States { get; }

    /// <summary>The points it replaces (<c>Namespace.Type.Member</c>), by name.</summary>
    public IReadOnlyList<string> Replaces { get; }
}
