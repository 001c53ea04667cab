using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using HookSafety.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0018: a patch of this project that <c>PatchManager</c> would refuse to enable where an earlier release is deployed.
/// The releases are the <c>&lt;HookSafetyRelease&gt;</c> items (additional files, through the package's targets) and the
/// additional files named <c>*.patches.json</c>, in
/// release order, which is their file names' order with numbers compared as numbers (<c>v2</c> before <c>v10</c>); the rule is the runtime's own (<see cref="StateCompatibility"/>, one source), applied to the states
/// registered once each release is deployed over the ones before it. A release that a later listed release replaces
/// (one with a cumulative patch takes every state over) is not checked: the field moves on from it. A summary that
/// cannot be read is a warning on the file, never a crash.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReleaseSeriesAnalyzer : HookSafetyAnalyzer
{
    /// <summary>The ending that marks an additional file as a release summary.</summary>
    public const string SummaryEnding = ".patches.json";

    /// <summary>The item metadata the package's targets put on a <c>&lt;HookSafetyRelease&gt;</c>, as the compiler hands it over.</summary>
    public const string ReleaseMetadata = "build_metadata.AdditionalFiles.HookSafetyRelease";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ReleaseRefused, Descriptors.ReleaseUnreadable);

    internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        // In release order: by file name, numbers compared as numbers (v2 before v10), the same in every build and IDE.
        var files = context.Options.AdditionalFiles.Where(f => IsRelease(context.Options, f))
            .OrderBy(f => System.IO.Path.GetFileName(f.Path), ReleaseOrder.Instance)
            .ToImmutableArray();
        if (files.IsEmpty)
        {
            // No release listed: nothing to check, nothing registered.
            return;
        }

        var series = Series.Read(files, context.CancellationToken);
        if (!series.Unreadable.IsEmpty)
        {
            // Said once, on the file, where the IDE shows it too.
            context.RegisterAdditionalFileAction(Guard((AdditionalFileAnalysisContext c) =>
            {
                foreach (var (file, problem) in series.Unreadable)
                {
                    if (c.AdditionalFile == file)
                    {
                        c.Report(Diagnostic.Create(Descriptors.ReleaseUnreadable, Location.Create(file.Path, default, default), DisplayName(file), problem));
                    }
                }
            }));
        }

        if (!series.Deployed.IsEmpty)
        {
            context.RegisterSymbolAction(Guard(c => Analyze(c, api, series)), SymbolKind.NamedType);
        }
    }

    private static void Analyze(SymbolAnalysisContext context, HookApi api, Series series)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!api.IsPatch(type) || api.PatchAttributeOf(type) is not { } patch || patch.ConstructorArguments is not { Length: 1 } arguments || arguments[0].Value is not string id)
        {
            return;
        }

        var cumulative = patch.NamedArguments.Any(a => a.Key == "Cumulative" && a.Value.Value is true);
        var declared = PatchCatalog.States(api, type).Select(s => new KeyValuePair<string, int>(s.Id, s.Version)).ToList();
        var displayName = $"'{id}' ({type.ToDisplayString()})";
        foreach (var release in series.Deployed)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (StateCompatibility.Refusal(displayName, cumulative, declared, release.Registered) is not { } refusal)
            {
                continue;
            }

            // On the [PatchState] the refusal names, or on [Patch] when the state is missing.
            var location = StateAttribute(api, type, release, declared, context.CancellationToken) ?? patch.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations[0];
            context.Report(api, Diagnostic.Create(Descriptors.ReleaseRefused, location, id, release.Name, release.Assembly, refusal));
        }
    }

    /// <summary>The <c>[PatchState]</c> declared below the release's version, if that is what refuses the patch.</summary>
    private static Location? StateAttribute(HookApi api, INamedTypeSymbol type, Deployed release, List<KeyValuePair<string, int>> declared, CancellationToken cancellationToken)
    {
        foreach (var state in PatchCatalog.States(api, type))
        {
            if (release.Registered.Any(r => r.Key == state.Id && state.Version < r.Value))
            {
                return state.Attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax ? syntax.GetLocation() : null;
            }
        }

        return null;
    }

    /// <summary>
    /// A release summary: an additional file named <c>*.patches.json</c>, or one the package's targets made of a
    /// <c>&lt;HookSafetyRelease&gt;</c> item (metadata <c>HookSafetyRelease=true</c>), whatever its name.
    /// </summary>
    private static bool IsRelease(AnalyzerOptions options, AdditionalText file)
    {
        return file.Path.EndsWith(SummaryEnding, StringComparison.OrdinalIgnoreCase)
            || (options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue(ReleaseMetadata, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));
    }

    private static string DisplayName(AdditionalText file) => System.IO.Path.GetFileName(file.Path);

    /// <summary>File names in release order: runs of digits compared as numbers (<c>v2</c> before <c>v10</c>), the rest ordinally.</summary>
    internal sealed class ReleaseOrder : IComparer<string>
    {
        public static readonly ReleaseOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return string.CompareOrdinal(x, y);
            }

            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsDigit(x[i]) && char.IsDigit(y[j]))
                {
                    var (startX, startY) = (i, j);
                    while (i < x.Length && char.IsDigit(x[i]))
                    {
                        i++;
                    }

                    while (j < y.Length && char.IsDigit(y[j]))
                    {
                        j++;
                    }

                    var (digitsX, digitsY) = (x.Substring(startX, i - startX).TrimStart('0'), y.Substring(startY, j - startY).TrimStart('0'));
                    var byNumber = digitsX.Length != digitsY.Length ? digitsX.Length.CompareTo(digitsY.Length) : string.CompareOrdinal(digitsX, digitsY);
                    if (byNumber != 0)
                    {
                        return byNumber;
                    }

                    continue;
                }

                if (x[i] != y[j])
                {
                    return x[i].CompareTo(y[j]);
                }

                i++;
                j++;
            }

            return (x.Length - i).CompareTo(y.Length - j);
        }
    }

    /// <summary>One release as the field has it: the states registered once it is deployed over the releases before it.</summary>
    private sealed class Deployed
    {
        public Deployed(string name, string assembly, IReadOnlyList<KeyValuePair<string, int>> registered)
        {
            Name = name;
            Assembly = assembly;
            Registered = registered;
        }

        public string Name { get; }

        public string Assembly { get; }

        public IReadOnlyList<KeyValuePair<string, int>> Registered { get; }
    }

    /// <summary>The listed releases, read once per compilation.</summary>
    private sealed class Series
    {
        private Series(ImmutableArray<Deployed> deployed, ImmutableArray<(AdditionalText File, string Problem)> unreadable)
        {
            Deployed = deployed;
            Unreadable = unreadable;
        }

        /// <summary>The releases a patch must be able to replace: each one that no later listed release replaces.</summary>
        public ImmutableArray<Deployed> Deployed { get; }

        public ImmutableArray<(AdditionalText File, string Problem)> Unreadable { get; }

        public static Series Read(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
        {
            var unreadable = ImmutableArray.CreateBuilder<(AdditionalText, string)>();
            var summaries = new List<(AdditionalText File, PatchSummary Summary)>();
            foreach (var file in files)
            {
                var text = file.GetText(cancellationToken);
                if (text is null)
                {
                    unreadable.Add((file, "the file does not exist or cannot be read"));
                    continue;
                }

                try
                {
                    summaries.Add((file, PatchSummary.Parse(text.ToString(), DisplayName(file))));
                }
                catch (FormatException e)
                {
                    unreadable.Add((file, e.Message));
                }
            }

            // Deploy the releases in order, as the manager would register their states.
            var registered = new Dictionary<string, int>(StringComparer.Ordinal);
            var deployed = new List<(Deployed Release, bool Cumulative)>();
            foreach (var (file, summary) in summaries)
            {
                var cumulative = false;
                foreach (var patch in summary.Patches)
                {
                    if (patch.Cumulative)
                    {
                        cumulative = true;
                        registered.Clear();
                    }

                    foreach (var state in patch.States)
                    {
                        registered[state.Key] = state.Value;
                    }
                }

                deployed.Add((new Deployed(DisplayName(file), summary.Assembly, registered.OrderBy(s => s.Key, StringComparer.Ordinal).ToList()), cumulative));
            }

            // A release with a cumulative patch replaces every one before it.
            var lastCumulative = deployed.FindLastIndex(d => d.Cumulative);
            return new Series(deployed.Skip(Math.Max(lastCumulative, 0)).Select(d => d.Release).ToImmutableArray(), unreadable.ToImmutable());
        }
    }
}
