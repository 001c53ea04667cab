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
/// additional files named <c>*.patches.json</c>, in release order, which is their file names' order with numbers
/// compared as numbers (<c>v2</c> before <c>v10</c>). The rule is the runtime's own (<see cref="ReleaseSeries.Check"/>
/// and <see cref="StateCompatibility"/>, one source), applied to the field once each release is deployed over the ones
/// before it (<see cref="ReleaseSeries.DeployOver"/>). A release that a later listed release replaces
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
        var sticky = patch.NamedArguments.Any(a => a.Key == "Sticky" && a.Value.Value is true);
        var states = PatchCatalog.States(api, type);
        var entry = new PatchEntry(id, type.ToDisplayString(), cumulative, sticky, states.Select(s => new KeyValuePair<string, int>(s.Id, s.Version)), Array.Empty<string>());
        foreach (var release in series.Deployed)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (ReleaseSeries.Check(release.Field, entry, release: -1) is not { } refusal)
            {
                continue;
            }

            // On the [PatchState] the refusal names when it is declared too low, otherwise (missing, or the id) on [Patch].
            var state = refusal.Declared is null ? null : states.Where(s => s.Id == refusal.StateId).Select(s => s.Attribute).FirstOrDefault();
            var location = (state?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax)?.GetLocation()
                ?? patch.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation()
                ?? type.Locations[0];
            context.Report(api, Diagnostic.Create(Descriptors.ReleaseRefused, location, id, release.Name, release.Assembly, refusal.Message));
        }
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

    /// <summary>One release as the field has it: what is enabled and registered once it is deployed over the releases before it.</summary>
    private sealed class Deployed
    {
        public Deployed(string name, string assembly, SeriesField field)
        {
            Name = name;
            Assembly = assembly;
            Field = field;
        }

        public string Name { get; }

        public string Assembly { get; }

        public SeriesField Field { get; }
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

            // Deploy the releases in order, as the manager would (ReleaseSeries, shared with hooksafety series).
            var releases = summaries.Select(s => s.Summary).ToList();
            var deployed = new List<Deployed>(releases.Count);
            var field = SeriesField.Empty;
            for (var r = 0; r < releases.Count; r++)
            {
                field = ReleaseSeries.DeployOver(field, releases[r], r);
                deployed.Add(new Deployed(DisplayName(summaries[r].File), releases[r].Assembly, field));
            }

            // A release with a cumulative patch replaces every one before it.
            var lastCumulative = releases.FindLastIndex(r => r.Patches.Any(p => p.Cumulative));
            return new Series(deployed.Skip(Math.Max(lastCumulative, 0)).ToImmutableArray(), unreadable.ToImmutable());
        }
    }
}
