using System;
using System.Collections.Generic;
using System.Linq;
using HookSafety.Shared;
using Xunit;

namespace HookSafety.Hooks.Tests.Series;

/// <summary>The release summary (<c>.patches.json</c>): deterministic text, a faithful round trip, clear errors on bad input.</summary>
public sealed class PatchSummaryTests
{
    private static PatchEntry Patch(string id, bool cumulative = false, bool sticky = false, (string Id, int Version)[]? states = null, string[]? replaces = null)
        => new(id, "Acme.Patches." + id.Replace("-", string.Empty, StringComparison.Ordinal), cumulative, sticky,
            (states ?? Array.Empty<(string, int)>()).Select(s => new KeyValuePair<string, int>(s.Id, s.Version)), replaces ?? Array.Empty<string>());

    [Fact]
    public void TheText_IsExactlyTheDocumentedShape()
    {
        var summary = new PatchSummary("ParserFix.V2", new[]
        {
            Patch("parser-fix", cumulative: true, states: new[] { ("parser-limits", 2), ("parser-cache", 1) }, replaces: new[] { "Acme.Parser.ParseLine" }),
            Patch("audit-off", sticky: true),
        });
        Assert.Equal("""
            {
              "schema": "hooksafety-patches/1",
              "assembly": "ParserFix.V2",
              "patches": [
                {
                  "id": "audit-off",
                  "type": "Acme.Patches.auditoff",
                  "cumulative": false,
                  "sticky": true,
                  "states": [],
                  "replaces": []
                },
                {
                  "id": "parser-fix",
                  "type": "Acme.Patches.parserfix",
                  "cumulative": true,
                  "sticky": false,
                  "states": [
                    { "id": "parser-cache", "version": 1 },
                    { "id": "parser-limits", "version": 2 }
                  ],
                  "replaces": [
                    "Acme.Parser.ParseLine"
                  ]
                }
              ]
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal), summary.ToJson());
    }

    [Fact]
    public void TheSamePatches_InAnyOrder_GiveTheSameBytes_AndReadBackTheSame()
    {
        var a = Patch("b-fix", states: new[] { ("s2", 3), ("s1", 1) }, replaces: new[] { "N.T.Z", "N.T.A" });
        var b = Patch("a-fix", cumulative: true);
        var one = new PatchSummary("Release", new[] { a, b }).ToJson();
        var other = new PatchSummary("Release", new[] { b, a }).ToJson();
        Assert.Equal(one, other);

        var read = PatchSummary.Parse(one, "release.patches.json");
        Assert.Equal(one, read.ToJson());
        Assert.Equal(new[] { "a-fix", "b-fix" }, read.Patches.Select(p => p.Id));
        Assert.True(read.Patches[0].Cumulative);
        Assert.Equal(new[] { ("s1", 1), ("s2", 3) }, read.Patches[1].States.Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void NamesWithQuotesBackslashesAndControlCharacters_RoundTrip()
    {
        var odd = Patch("fix \"quoted\" \\ path\n\u0001 ü", states: new[] { ("state\t1", 1) });
        var text = new PatchSummary("Odd", new[] { odd }).ToJson();
        var read = PatchSummary.Parse(text, "odd.patches.json");
        Assert.Equal(odd.Id, read.Patches[0].Id);
        Assert.Equal("state\t1", read.Patches[0].States[0].Key);
    }

    [Theory]
    [InlineData("", "unexpected end")]
    [InlineData("{ \"schema\": ", "unexpected end")]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("{ \"assembly\": \"A\", \"patches\": [] }", "no \"schema\"")]
    [InlineData("{ \"schema\": \"hooksafety-patches/9\", \"assembly\": \"A\", \"patches\": [] }", "schema \"hooksafety-patches/9\"")]
    [InlineData("{ \"schema\": \"hooksafety-patches/1\", \"patches\": [] }", "\"assembly\" of the summary is missing")]
    [InlineData("{ \"schema\": \"hooksafety-patches/1\", \"assembly\": \"A\", \"patches\": [ { \"id\": \"p\", \"type\": \"T\", \"cumulative\": true, \"sticky\": false, \"states\": [ { \"id\": \"s\", \"version\": 0 } ], \"replaces\": [] } ] }", "\"version\" of state 's' of patch 'p'")]
    [InlineData("{ \"schema\": \"hooksafety-patches/1\", \"assembly\": \"A\", \"patches\": [ { \"id\": \"p\", \"type\": \"T\", \"cumulative\": \"yes\", \"sticky\": false, \"states\": [], \"replaces\": [] } ] }", "\"cumulative\" of patch 'p'")]
    [InlineData("{ \"schema\": \"hooksafety-patches/1\", \"schema\": \"x\" }", "appears twice")]
    [InlineData("{ \"schema\": \"hooksafety-patches/1\" } trailing", "after the end")]
    [InlineData("{ \"a\": \"\\q\" }", "unknown escape")]
    [InlineData("{\n  \"a\": @ }", "line 2, column 8")]
    public void BadInput_IsRefused_SayingWhatAndWhere(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PatchSummary.Parse(json, "v1.patches.json"));
        Assert.Contains("v1.patches.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsRefused_WithoutExhaustingTheStack()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);
        var error = Assert.Throws<FormatException>(() => PatchSummary.Parse(json, "deep.patches.json"));
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }
}
