using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>
/// How many lifecycle findings (HS0001–HS0005) get a fix, and whether the fix keeps the patch correct when it runs.
/// Over the rules' test inputs and the samples: for every finding, the fixers are asked for an action; the first one
/// offered is applied alone, and the patch it is in is run under <c>PatchManager</c> before and after
/// (<see cref="RoundTrip"/>). A fix may not turn a patch that left the host as it found it into one that does not;
/// the share of findings offered a fix, and of those fixed patches that leave the host as they found it, may not fall
/// below what they are (they are printed; the target is 90 % offered). A second test applies every fix offered to each
/// input, one after the other, and runs its patches again: that is the patch an author gets from the IDE's fixes.
/// </summary>
public sealed class FixCoverageTests
{
    private static readonly string[] Lifecycle = { "HS0001", "HS0002", "HS0003", "HS0004", "HS0005" };

    /// <summary>
    /// The shares measured when the test was last tightened, less a point or two (the share offered: the 90 % target), so
    /// that a new test input with a mistake that has no fix on purpose does not fail it (2026-12-02: 165 of 183 findings offered a fix, 90.2 %; 115 of those 165
    /// patches leave the host as they found it after that one fix, 69.7 %: most of the others have another mistake the
    /// one fix leaves, such as a change moved to PrePatch that still has no undo, which HS0002's fix adds next; see the
    /// test of all the fixes together). The test fails when a change lowers them. Raise them as fixes are added.
    /// </summary>
    /// <remarks>
    /// 2026-12-02, later: 182 of 203, 89.7 %, under the 90 % target, once changes made through locals, ref locals and
    /// helpers' parameters became findings (values that travel); then 187 of 208, 89.9 %, once HS0002's save-and-restore
    /// named the member a ref local stands for and HS0005's detach the field a local holds. The fixes build their undo
    /// from the statement as written and refuse one that names a hook's local. Then 189 of 210, 90.0 %, back at the
    /// target, once HS0002's undo of a registration made on a local holding a shared object names the object
    /// (<c>var peers = Net.AllowedPeers; peers.Add(...)</c>); then 192 of 212, 90.6 %, once HS0002 saves and restores
    /// the thread pool's counts (<c>ThreadPool.SetMinThreads</c>, <c>SetMaxThreads</c>). Moving a ref local's declaration
    /// with HS0001's move is the next step.
    /// </remarks>
    private const double OfferedAtLeast = 0.90; // the target is 90 % of the lifecycle findings

    // Inputs with several mistakes in one patch lower it by design: one fix alone leaves the others (the setter test's
    // patch has four changes in PostPatch).
    private const double HeldAtLeast = 0.66;

    /// <summary>
    /// The share of patches with lifecycle findings that leave the host as they found it after all the fixes offered
    /// for them, when last set, less a fraction of a point (2026-12-02: 133 of 141, 94.3 %; 84 before the fixes; then 143 of
    /// 159, 91.8 %, once changes made through locals, ref locals and ref arguments were found: no fix is offered for most of
    /// those, since the undo cannot name the hook's local in the other hook); then 152 of 163, 93.3 %, once a registration
    /// on a local holding a shared object and the thread pool's counts got their undo).
    /// </summary>
    private const double HeldAfterAllFixesAtLeast = 0.92;

    private readonly ITestOutputHelper _output;

    public FixCoverageTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task LifecycleFindings_GetFixes_ThatKeepThePatchCorrect()
    {
        var rows = Lifecycle.ToDictionary(id => id, _ => new Row());
        var broken = new List<string>();
        var unfixed = new List<string>();
        foreach (var input in Inputs())
        {
            var solution = TestProject.Create(input, editorConfig: null, Corpus.Analyzers);
            var (diagnostics, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
            if (compiler.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                continue; // a snippet that needs another host
            }

            RoundTrip.Result? before = null;
            foreach (var diagnostic in diagnostics.Where(d => Lifecycle.Contains(d.Id) && d.Location.IsInSource))
            {
                var row = rows[diagnostic.Id];
                row.Found++;
                var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                if (await FirstActionAsync(document, diagnostic) is not { } action)
                {
                    var line = diagnostic.Location.SourceTree!.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim();
                    var node = (await document.GetSyntaxRootAsync())!.FindNode(diagnostic.Location.SourceSpan);
                    var member = node.FirstAncestorOrSelf<MemberDeclarationSyntax>();
                    var statement = node.FirstAncestorOrSelf<StatementSyntax>();
                    unfixed.Add($"{diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n      at `{line}` in {member?.Kind()} {(member as MethodDeclarationSyntax)?.Identifier.ValueText} under {statement?.Parent?.Kind()}" + (Environment.GetEnvironmentVariable("HS_DEBUG") is null ? "" : "\n" + node.FirstAncestorOrSelf<ClassDeclarationSyntax>()));
                    continue;
                }

                row.Offered++;
                var changed = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
                var texts = new List<string>();
                foreach (var fixedDocument in changed.Projects.Single().Documents)
                {
                    texts.Add((await fixedDocument.GetTextAsync()).ToString());
                }

                var patch = (await document.GetSyntaxRootAsync())!.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>()?.Identifier.ValueText;
                before ??= RoundTrip.Run(input);
                var after = RoundTrip.Run(texts.ToArray());
                var was = Find(before, patch);
                var now = Find(after, patch);
                if (now is { Held: true })
                {
                    row.Held++;
                }
                else if (was is { Held: true } && !(diagnostic.Properties.TryGetValue("Hook", out var hook) && hook == "Replacement"))
                {
                    // (A change in a [Replaces] method is invisible to the round trip, which calls no replacement:
                    // such a patch held only because its mistake never ran. Once moved to PrePatch, it runs.)
                    broken.Add($"{diagnostic.Id} '{action.Title}' in {patch}: {string.Join("; ", now?.Differences ?? new[] { after.ToString() })}");
                }
            }
        }

        _output.WriteLine("rule    found  fix offered  fixed patch leaves the host as it found it");
        foreach (var (id, row) in rows)
        {
            _output.WriteLine($"{id}  {row.Found,6}  {row.Offered,6} ({Share(row.Offered, row.Found)})  {row.Held,6} ({Share(row.Held, row.Offered)})");
        }

        _output.WriteLine("findings offered no fix:");
        foreach (var line in unfixed.OrderBy(l => l, StringComparer.Ordinal))
        {
            _output.WriteLine("  " + line);
        }

        var total = new Row { Found = rows.Values.Sum(r => r.Found), Offered = rows.Values.Sum(r => r.Offered), Held = rows.Values.Sum(r => r.Held) };
        _output.WriteLine($"all     {total.Found,6}  {total.Offered,6} ({Share(total.Offered, total.Found)})  {total.Held,6} ({Share(total.Held, total.Offered)})");
        Assert.True(total.Found > 100, $"only {total.Found} lifecycle findings in the inputs");
        Assert.True(broken.Count == 0, "Fixes that broke a patch that left the host as it found it:\n" + string.Join("\n", broken));
        Assert.True((double)total.Offered / total.Found >= OfferedAtLeast, $"fixes offered for {Share(total.Offered, total.Found)} of the findings, below {OfferedAtLeast:P0}");
        Assert.True((double)total.Held / total.Offered >= HeldAtLeast, $"{Share(total.Held, total.Offered)} of the fixed patches hold, below {HeldAtLeast:P0}");
    }

    /// <summary>
    /// Every patch with a lifecycle finding, after every fix offered for its findings was applied one after the other
    /// (the first action of each finding, findings in order, until none is left that gets one), must still leave the host
    /// as it found it if it did before; the share of them that do may not fall below what it was. The patches that do
    /// not are printed with the findings left in them.
    /// </summary>
    [Fact]
    public async Task EveryPatch_AfterAllTheFixesOffered_LeavesTheHostAsItFoundIt()
    {
        var (patches, heldBefore, heldAfter) = (0, 0, 0);
        var broken = new List<string>();
        var notHeld = new List<string>();
        foreach (var input in Inputs())
        {
            var solution = TestProject.Create(input, editorConfig: null, Corpus.Analyzers);
            var (diagnostics, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
            if (compiler.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                continue;
            }

            var found = diagnostics.Where(d => Lifecycle.Contains(d.Id) && d.Location.IsInSource).ToList();
            var named = new Dictionary<string, bool>(StringComparer.Ordinal); // patch → whether a finding is in a replacement
            foreach (var diagnostic in found)
            {
                if (await PatchOfAsync(solution, diagnostic) is { } patch)
                {
                    named[patch] = (named.TryGetValue(patch, out var was) && was) || (diagnostic.Properties.TryGetValue("Hook", out var hook) && hook == "Replacement");
                }
            }

            if (named.Count == 0)
            {
                continue;
            }

            // Apply fixes one at a time, the findings that get none skipped, until no finding is left that gets one.
            var skipped = new HashSet<string>(StringComparer.Ordinal);
            for (var round = 0; round < 60; round++)
            {
                var applied = false;
                foreach (var diagnostic in diagnostics.Where(d => Lifecycle.Contains(d.Id) && d.Location.IsInSource))
                {
                    var key = $"{diagnostic.Id}|{diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}|{diagnostic.Location.SourceTree!.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()}";
                    if (skipped.Contains(key))
                    {
                        continue;
                    }

                    if (await FirstActionAsync(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic) is not { } action)
                    {
                        skipped.Add(key);
                        continue;
                    }

                    solution = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
                    (diagnostics, _) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
                    applied = true;
                    break;
                }

                if (!applied)
                {
                    break;
                }
            }

            var texts = new List<string>();
            foreach (var document in solution.Projects.Single().Documents)
            {
                texts.Add((await document.GetTextAsync()).ToString());
            }

            var before = RoundTrip.Run(input);
            var after = RoundTrip.Run(texts.ToArray());
            foreach (var (patch, inReplacement) in named)
            {
                patches++;
                var was = Find(before, patch);
                var now = Find(after, patch);
                heldBefore += was is { Held: true } ? 1 : 0;
                if (now is { Held: true })
                {
                    heldAfter++;
                    continue;
                }

                var left = diagnostics.Where(d => Lifecycle.Contains(d.Id)).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
                var line = $"{patch}: {string.Join("; ", now?.Differences ?? new[] { after.ToString() })} (findings left: {string.Join(", ", left)})"
                           + (Environment.GetEnvironmentVariable("HS_DEBUG") is null ? "" : "\n" + string.Join("\n", texts.Select(t => t.Split("namespace Host")[0])));
                if (was is { Held: true } && !inReplacement)
                {
                    broken.Add(line);
                }
                else
                {
                    notHeld.Add(line);
                }
            }
        }

        _output.WriteLine($"patches with lifecycle findings: {patches}; leaving the host as they found it before the fixes: {heldBefore} ({Share(heldBefore, patches)}), after all the fixes offered: {heldAfter} ({Share(heldAfter, patches)})");
        _output.WriteLine("not leaving it as they found it after all the fixes offered:");
        foreach (var line in notHeld)
        {
            _output.WriteLine("  " + line);
        }

        Assert.True(patches > 50, $"only {patches} patches with lifecycle findings");
        Assert.True(broken.Count == 0, "Patches that left the host as they found it, and no longer do after their fixes:\n" + string.Join("\n", broken));
        Assert.True((double)heldAfter / patches >= HeldAfterAllFixesAtLeast, $"{Share(heldAfter, patches)} of the patches hold after their fixes, below {HeldAfterAllFixesAtLeast:P0}");
    }

    /// <summary>The rule tests' inputs, one by one, and the samples' files together.</summary>
    private static IEnumerable<string[]> Inputs()
    {
        var samples = System.IO.Directory.GetFiles(System.IO.Path.Combine(Repository.Root, "samples", "HookSafety.Samples"), "*.cs", System.IO.SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("\\obj\\", StringComparison.Ordinal) && !f.Contains("\\bin\\", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(System.IO.File.ReadAllText)
            .ToArray();
        return Corpus.TestSources.Select(s => new[] { s }).Append(samples);
    }

    private static async Task<string?> PatchOfAsync(Solution solution, Diagnostic diagnostic)
        => (await solution.GetDocument(diagnostic.Location.SourceTree)!.GetSyntaxRootAsync())!.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>()?.Identifier.ValueText;

    private static RoundTrip.PatchRun? Find(RoundTrip.Result result, string? patch)
        => patch is null ? null : result.Patches.FirstOrDefault(p => p.TypeName == patch || p.TypeName.EndsWith("." + patch, StringComparison.Ordinal) || p.TypeName.EndsWith("+" + patch, StringComparison.Ordinal));

    private static string Share(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F0} %";

    private static async Task<CodeAction?> FirstActionAsync(Document document, Diagnostic diagnostic)
    {
        foreach (var fixer in Corpus.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            if (actions.Count > 0)
            {
                return actions[0];
            }
        }

        return null;
    }

    private sealed class Row
    {
        public int Found { get; set; }

        public int Offered { get; set; }

        public int Held { get; set; }
    }
}
