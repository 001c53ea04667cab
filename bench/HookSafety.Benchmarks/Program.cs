using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Benchmarks;

/// <summary>
/// One run, one process: the compiler's own time (binding every body) as the baseline; HookSafety's analyzers and two
/// peers on a patch-dense corpus and on a plain one; growth at 1x, 2x, 4x, 8x; one 1,000-line file alone (the IDE's
/// case). Analyzer times come from Roslyn's per-analyzer telemetry. Writes docs/performance.md.
/// </summary>
public static class Program
{
    private const int BasePatches = 500;

    /// <summary>
    /// Runs of HookSafety alone before any is measured. The runtime's tiered JIT first runs a method unoptimized and
    /// optimizes it only after it has been called often enough, in the background: on this corpus HookSafety's analysis
    /// takes about 20 runs to settle (from about 500 ms to about 130 ms of telemetry), where the floor's few methods and
    /// the compiler's precompiled code settle in one or two. A warm compiler server, which keeps the analyzers loaded
    /// from build to build, runs the optimized code.
    /// </summary>
    private const int HookSafetyWarmUpRuns = 20;

    /// <summary>Settles HookSafety's code (see <see cref="HookSafetyWarmUpRuns"/>).</summary>
    private static async Task WarmUpAsync(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> framework, MetadataReference hooks, ImmutableArray<DiagnosticAnalyzer> ours)
    {
        for (var i = 0; i < HookSafetyWarmUpRuns; i++)
        {
            await AnalyzeAsync(Compile(trees, framework, hooks), ours);
        }
    }

    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var repeats = quick ? 1 : 7;
        var results = new StringBuilder();
        var framework = LoadFramework();
        var hooks = MetadataReference.CreateFromFile(typeof(HookSafety.Hooks.LivePatch).Assembly.Location);
        var ours = typeof(HookSafety.Analyzers.HookSafetyAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var ourRules = ours.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count();
        var meziantou = LoadPeer("Peer.Meziantou", "Meziantou.Analyzer.dll");
        var threading = LoadPeer("Peer.VsThreading", "Microsoft.VisualStudio.Threading.Analyzers.CSharp.dll", "Microsoft.VisualStudio.Threading.Analyzers.dll");

        Console.WriteLine($"HookSafety: {ours.Length} analyzers, {ourRules} rules; Meziantou: {meziantou.Analyzers.Length} analyzers, {meziantou.Rules} rules; VS threading: {threading.Analyzers.Length} analyzers, {threading.Rules} rules");

        var dense = Parse(Corpus.PatchDense(BasePatches));
        if (args.Contains("--profile"))
        {
            if (args.Contains("host"))
            {
                dense = Parse(Corpus.Host(BasePatches)); // the host corpus instead: what an application with patch points pays
            }

            // For a profiler (dotnet-trace): HookSafety's analyzers over the patch-dense corpus, again and again.
            using var listener = new AllocationListener();
            for (var i = 0; i < 16; i++)
            {
                listener.Enabled = i >= 2;
                Settle();
                var before = GC.GetTotalAllocatedBytes(true);
                var telemetry = await AnalyzeAsync(Compile(dense, framework, hooks), ours);
                var allocated = GC.GetTotalAllocatedBytes(true) - before;
                Settle();
                listener.Enabled = false;
                before = GC.GetTotalAllocatedBytes(true);
                await WallAsync(Compile(dense, framework, hooks), ImmutableArray.Create<DiagnosticAnalyzer>(new BindingAnalyzer()));
                var bindingAllocated = GC.GetTotalAllocatedBytes(true) - before;
                Console.WriteLine($"profile round {i}: {telemetry:F0} ms, {allocated / 1e6:F0} MB allocated, {bindingAllocated / 1e6:F0} MB by binding alone");
            }

            var bindOnly = ImmutableArray.Create<DiagnosticAnalyzer>(new BindingAnalyzer());
            for (var i = 0; i < (quick ? 0 : 5); i++)
            {
                Settle();
                var b = await WallAsync(Compile(dense, framework, hooks), bindOnly);
                Settle();
                var all = await WallAsync(Compile(dense, framework, hooks), bindOnly.AddRange(ours));
                var parts = new List<string>();
                foreach (var analyzer in ours)
                {
                    Settle();
                    parts.Add($"{analyzer.GetType().Name} +{await WallAsync(Compile(dense, framework, hooks), bindOnly.Add(analyzer)) - b:F0}");
                }

                Console.WriteLine($"wall: binding {b:F0} ms, with HookSafety +{all - b:F0} ms; alone: {string.Join(", ", parts)}");
            }

            Console.WriteLine("allocations sampled in HookSafety's runs from round 2 on:\n" + listener.Top(40));

            return 0;
        }

        // --all: the whole page from one run: real builds, HookSafety beside the floor, then the telemetry figures.
        var wholePage = args.Contains("--all");
        if (args.Contains("--build") || wholePage)
        {
            var (buildRounds, buildsPerParty) = quick ? (1, 1) : (5, 2);
            var rows = RealBuild.Run(rounds: buildRounds, buildsPerParty: buildsPerParty, classes: BasePatches);
            if (!args.Contains("--no-write"))
            {
                PerformancePage.WriteSection("real-builds", RealBuild.Section(rows, buildRounds, buildsPerParty));
            }

            if (!wholePage)
            {
                return 0;
            }
        }

        if (args.Contains("--allocations"))
        {
            return await AllocationsAsync(framework, hooks, ours, args);
        }

        if (args.Contains("--telemetry"))
        {
            return await TelemetryAsync(framework, hooks, ours, quick ? 5 : 15);
        }

        if (args.Contains("--floor") || wholePage)
        {
            var floorResult = await FloorAsync(framework, hooks, ours, quick ? 3 : 9, wholePage ? args.Append("--by-analyzer").ToArray() : args);
            if (!wholePage)
            {
                return floorResult;
            }
        }

        // Warm up: the first compilations and analyses of a process pay for loading and jitting Roslyn and each
        // analyzer (tiered compilation keeps optimizing for a few rounds): every measured party gets the same rounds.
        for (var i = 0; i < (quick ? 1 : 3); i++)
        {
            CompileMs(Compile(dense, framework, hooks));
            await AnalyzeAsync(Compile(dense, framework, hooks), ours);
            await AnalyzeAsync(Compile(dense, framework, hooks), meziantou.Analyzers);
            await AnalyzeAsync(Compile(dense, framework, hooks), threading.Analyzers);
        }

        await WarmUpAsync(dense, framework, hooks, ours);

        var plain = Parse(Corpus.Plain(BasePatches));
        var denseLines = Lines(dense);
        var plainLines = Lines(plain);
        Console.WriteLine($"corpora: patch-dense {denseLines} lines in {dense.Length} files ({BasePatches} patches), plain {plainLines} lines");

        // Every party is measured once per round, rounds one after the other: a machine that speeds up or slows down
        // during the run (a shared 2-core machine does) shifts every party alike, and ratios are taken within a round.
        var bind = ImmutableArray.Create<DiagnosticAnalyzer>(new BindingAnalyzer());
        var rounds = new List<Round>();
        for (var r = 0; r < repeats; r++)
        {
            var round = new Round(
                DenseCompile: Measure(() => CompileMs(Compile(dense, framework, hooks))),
                PlainCompile: Measure(() => CompileMs(Compile(plain, framework, null))),
                DenseOurs: await MeasureAsync(() => AnalyzeAsync(Compile(dense, framework, hooks), ours)),
                PlainOurs: await MeasureAsync(() => AnalyzeAsync(Compile(plain, framework, null), ours)),
                DenseMeziantou: meziantou.Analyzers.IsEmpty ? double.NaN : await MeasureAsync(() => AnalyzeAsync(Compile(dense, framework, hooks), meziantou.Analyzers)),
                PlainMeziantou: meziantou.Analyzers.IsEmpty ? double.NaN : await MeasureAsync(() => AnalyzeAsync(Compile(plain, framework, null), meziantou.Analyzers)),
                DenseThreading: threading.Analyzers.IsEmpty ? double.NaN : await MeasureAsync(() => AnalyzeAsync(Compile(dense, framework, hooks), threading.Analyzers)),
                PlainThreading: threading.Analyzers.IsEmpty ? double.NaN : await MeasureAsync(() => AnalyzeAsync(Compile(plain, framework, null), threading.Analyzers)),
                BindingOnly: await MeasureAsync(() => WallAsync(Compile(dense, framework, hooks), bind)),
                BindingAndOurs: await MeasureAsync(() => WallAsync(Compile(dense, framework, hooks), bind.AddRange(ours))));
            rounds.Add(round);
            Console.WriteLine($"round {r}: {round}");
        }

        var denseCompile = Median(rounds.Select(r => r.DenseCompile).ToList());
        var plainCompile = Median(rounds.Select(r => r.PlainCompile).ToList());
        var denseOurs = Median(rounds.Select(r => r.DenseOurs).ToList());
        var denseOursRange = (rounds.Min(r => r.DenseOurs), rounds.Max(r => r.DenseOurs));
        var plainOurs = Median(rounds.Select(r => r.PlainOurs).ToList());
        var denseMeziantou = Median(rounds.Select(r => r.DenseMeziantou).ToList());
        var plainMeziantou = Median(rounds.Select(r => r.PlainMeziantou).ToList());
        var denseThreading = Median(rounds.Select(r => r.DenseThreading).ToList());
        var plainThreading = Median(rounds.Select(r => r.PlainThreading).ToList());
        var bindingOnly = Median(rounds.Select(r => r.BindingOnly).ToList());
        var bindingAndOurs = Median(rounds.Select(r => r.BindingAndOurs).ToList());
        var ratios = new Ratios(
            Dense: Median(rounds.Select(r => r.DenseOurs / r.DenseCompile).ToList()),
            Plain: Median(rounds.Select(r => r.PlainOurs / r.PlainCompile).ToList()),
            PerRule: Median(rounds.Select(r => (r.DenseOurs / ourRules) / (r.DenseMeziantou / Math.Max(1, meziantou.Rules))).ToList()),
            OwnShare: Median(rounds.Select(r => (r.BindingAndOurs - r.BindingOnly) / r.DenseCompile).ToList()));
        var findings = await CountFindingsAsync(Compile(dense, framework, hooks), ours);
        Console.WriteLine($"wall clock: bodies bound by another analyzer {bindingOnly:F0} ms, with HookSafety {bindingAndOurs:F0} ms");

        // Growth: the same corpus at 1x, 2x, 4x, 8x, the sizes taken in turn within each round.
        var factors = new[] { 1, 2, 4, 8 };
        var sized = factors.Select(f => Parse(Corpus.PatchDense(BasePatches * f))).ToList();
        var compileBySize = factors.Select(_ => new List<double>()).ToList();
        var oursBySize = factors.Select(_ => new List<double>()).ToList();
        for (var r = 0; r < (quick ? 1 : 3); r++)
        {
            for (var i = 0; i < factors.Length; i++)
            {
                var trees = sized[i];
                compileBySize[i].Add(Measure(() => CompileMs(Compile(trees, framework, hooks))));
                oursBySize[i].Add(await MeasureAsync(() => AnalyzeAsync(Compile(trees, framework, hooks), ours)));
            }
        }

        var growth = new List<(int Factor, int Lines, double CompileMs, double OursMs)>();
        for (var i = 0; i < factors.Length; i++)
        {
            growth.Add((factors[i], Lines(sized[i]), Median(compileBySize[i]), Median(oursBySize[i])));
            Console.WriteLine($"growth {factors[i]}x: {Lines(sized[i])} lines, compile {Median(compileBySize[i]):F0} ms, HookSafety {Median(oursBySize[i]):F1} ms");
        }

        sized.Clear();

        // The IDE's case: one 1,000-line patch file analyzed alone, in a fresh compilation each time.
        var single = Parse(Corpus.PatchDense(Corpus.PatchesPerFile * 2));
        var singleLines = single[0].GetText().Lines.Count;
        var singleTimes = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            Settle();
            singleTimes.Add(await AnalyzeOneFileAsync(Compile(single, framework, hooks), single[0], ours));
        }

        var singleMedian = Median(singleTimes);

        var perKloc = growth.Select(g => g.OursMs / (g.Lines / 1000.0)).ToList();
        var growthSpread = perKloc.Max() / perKloc.Min();
        var denseRatio = ratios.Dense;
        var plainRatio = ratios.Plain;
        var oursPerRule = denseOurs / ourRules;
        var meziantouPerRule = denseMeziantou / Math.Max(1, meziantou.Rules);

        Console.WriteLine($"patch-dense: compile {denseCompile:F0} ms, HookSafety {denseOurs:F1} ms ({denseRatio:P2}), Meziantou {denseMeziantou:F1} ms, VS threading {denseThreading:F1} ms, {findings} HookSafety findings");
        Console.WriteLine($"plain: compile {plainCompile:F0} ms, HookSafety {plainOurs:F2} ms ({plainRatio:P3}), Meziantou {plainMeziantou:F1} ms, VS threading {plainThreading:F1} ms");
        Console.WriteLine($"per rule: HookSafety {oursPerRule:F2} ms, Meziantou {meziantouPerRule:F2} ms; single {singleLines}-line file: median {singleMedian:F2} ms; growth spread {growthSpread:F2}");

        var report = Report(
            denseLines, plainLines, denseCompile, plainCompile, denseOurs, plainOurs, denseMeziantou, plainMeziantou, denseThreading, plainThreading,
            findings, ourRules, meziantou.Rules, threading.Rules, growth, singleLines, singleMedian, repeats, bindingOnly, bindingAndOurs, denseOursRange, ratios);
        var path = Path.Combine(Metadata("HookSafety.RepositoryRoot"), "docs", "performance.md");
        if (!args.Contains("--no-write"))
        {
            File.WriteAllText(path, report.TrimEnd() + "\n" + PerformancePage.KeptSections());
            Console.WriteLine($"wrote {path}");
        }

        return 0;
    }

    /// <summary>
    /// For working on HookSafety's cost: the bytes allocated by an analysis with the floor, each of HookSafety's analyzers
    /// alone, and all of them, on the host and patch-dense corpora (the least of five rounds). Steadier than any timing on
    /// a shared machine, and most of HookSafety's time above the floor is collecting garbage: a first guide.
    /// </summary>
    private static async Task<int> AllocationsAsync(ImmutableArray<MetadataReference> framework, MetadataReference hooks, ImmutableArray<DiagnosticAnalyzer> ours, string[] args)
    {
        var parties = new List<(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)> { ("floor", ImmutableArray.Create<DiagnosticAnalyzer>(new HookSafety.Floor.FloorAnalyzer())) };
        parties.AddRange(ours.Select(a => (a.GetType().Name, ImmutableArray.Create(a))));
        parties.Add(("HookSafety", ours));
        foreach (var (name, trees) in new[] { ("host", Parse(Corpus.Host(BasePatches))), ("patch-dense", Parse(Corpus.PatchDense(BasePatches))) })
        {
            var bytes = parties.ToDictionary(p => p.Name, _ => new List<long>());
            var pauses = parties.ToDictionary(p => p.Name, _ => new List<(double Ms, int Count)>());
            for (var r = 0; r < 6; r++)
            {
                foreach (var (party, analyzers) in parties)
                {
                    var compilation = Compile(trees, framework, hooks);
                    CompileMs(compilation); // declarations and method bodies bound before: what is left is the analysis's own
                    Settle();
                    var before = GC.GetTotalAllocatedBytes(true);
                    var paused = GC.GetTotalPauseDuration();
                    var collections = GC.CollectionCount(0);
                    await WallAsync(compilation, analyzers);
                    if (r > 0)
                    {
                        bytes[party].Add(GC.GetTotalAllocatedBytes(true) - before);
                        pauses[party].Add(((GC.GetTotalPauseDuration() - paused).TotalMilliseconds, GC.CollectionCount(0) - collections));
                    }
                }
            }

            if (name == "patch-dense" && args.Contains("--by-type"))
            {
                // By type, sampled (one sample per ~100 KB): what HookSafety's run allocates beyond the floor's.
                using var listener = new AllocationListener();
                var sampled = new Dictionary<string, Dictionary<string, long>>();
                foreach (var (party, analyzers) in new[] { parties[0], parties[^1] })
                {
                    for (var r = 0; r < 8; r++)
                    {
                        var compilation = Compile(trees, framework, hooks);
                        Settle();
                        listener.Enabled = true;
                        await WallAsync(compilation, analyzers);
                        listener.Enabled = false;
                    }

                    sampled[party] = listener.Take();
                }

                var beyond = sampled["HookSafety"].Select(p => (Type: p.Key, Bytes: p.Value - sampled["floor"].GetValueOrDefault(p.Key))).OrderByDescending(p => p.Bytes).Take(45);
                Console.WriteLine("patch-dense: sampled allocations of HookSafety beyond the floor's, MB per run, by type");
                foreach (var (type, amount) in beyond)
                {
                    Console.WriteLine($"  {amount / 8e6,6:F2}  {type}");
                }
            }

            var floorBytes = bytes["floor"].Min();
            Console.WriteLine($"{name}: allocated by an analysis, MB (least of 5 rounds)");
            foreach (var pair in bytes)
            {
                Console.WriteLine($"  {pair.Key}: {pair.Value.Min() / 1e6:F2} ({(pair.Value.Min() - floorBytes) / 1e6:+0.00;-0.00} beside the floor); "
                                  + $"collections paused the run {Median(pauses[pair.Key].Select(p => p.Ms).ToList()):F0} ms in {Median(pauses[pair.Key].Select(p => (double)p.Count).ToList()):F0} collections (median)");
            }
        }

        return 0;
    }

    /// <summary>
    /// For working on HookSafety's cost: the telemetry alone (no CPU measures, nothing written), the floor and each of
    /// HookSafety's analyzers, on the host and patch-dense corpora, every party once per round; medians.
    /// </summary>
    private static async Task<int> TelemetryAsync(ImmutableArray<MetadataReference> framework, MetadataReference hooks, ImmutableArray<DiagnosticAnalyzer> ours, int rounds)
    {
        var floor = ImmutableArray.Create<DiagnosticAnalyzer>(new HookSafety.Floor.FloorAnalyzer());
        foreach (var (name, trees) in new[] { ("host", Parse(Corpus.Host(BasePatches))), ("patch-dense", Parse(Corpus.PatchDense(BasePatches))) })
        {
            var findings = await Compile(trees, framework, hooks).WithAnalyzers(ours).GetAnalyzerDiagnosticsAsync();
            await WarmUpAsync(trees, framework, hooks, ours);
            Console.WriteLine($"{name}: {findings.Length} findings ({string.Join(", ", findings.GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))})");
            var floorTimes = new List<double>();
            var ourTimes = new List<double>();
            var each = ours.ToDictionary(a => a, _ => new List<double>());
            for (var r = 0; r < rounds + 3; r++)
            {
                Settle();
                var f = await AnalyzeAsync(Compile(trees, framework, hooks), floor);
                Settle();
                var o = await AnalyzeEachAsync(Compile(trees, framework, hooks), ours);
                if (r < 3)
                {
                    continue; // warm-up
                }

                floorTimes.Add(f);
                ourTimes.Add(o.Values.Sum());
                foreach (var pair in o)
                {
                    each[pair.Key].Add(pair.Value);
                }
            }

            var ratio = Median(floorTimes.Zip(ourTimes, (f, o) => o / f).ToList());
            Console.WriteLine($"{name}: floor {Median(floorTimes):F1} ms (least {floorTimes.Min():F1}), HookSafety {Median(ourTimes):F1} ms ({ratio:F1}x, runs {ourTimes.Min():F0}-{ourTimes.Max():F0})");
            foreach (var pair in each)
            {
                // The least of the rounds beside the median: on a shared machine the least moves less between runs.
                Console.WriteLine($"  {pair.Key.GetType().Name}: {Median(pair.Value):F1} ms (least {pair.Value.Min():F1})");
            }
        }

        return 0;
    }

    /// <summary>
    /// HookSafety beside the floor analyzer (<c>HookSafety.Floor</c>) on a host application (patch points, no patch)
    /// and on the patch-dense corpus. As a build does: the compiler's diagnostics and the analyzers' on one compilation
    /// (<c>GetAllDiagnosticsAsync</c>), CPU time, against the same with an analyzer that registers nothing; and the
    /// analyzers' own time from the telemetry. Every party once per round, ratios taken within a round. Then the IDE's
    /// case: one edited patch file of the patch-dense corpus re-analyzed inside the whole compilation.
    /// </summary>
    private static async Task<int> FloorAsync(ImmutableArray<MetadataReference> framework, MetadataReference hooks, ImmutableArray<DiagnosticAnalyzer> ours, int rounds, string[] args)
    {
        var nothing = ImmutableArray.Create<DiagnosticAnalyzer>(new NothingAnalyzer());
        var floor = ImmutableArray.Create<DiagnosticAnalyzer>(new HookSafety.Floor.FloorAnalyzer());
        var corpora = new[] { ("host (patch points, no patch)", Parse(Corpus.Host(BasePatches))), ($"patch-dense ({BasePatches} patches)", Parse(Corpus.PatchDense(BasePatches))) };
        string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
        var table = new StringBuilder();
        var breakdown = new StringBuilder();
        foreach (var (name, trees) in corpora)
        {
            await WarmUpAsync(trees, framework, hooks, ours);
            for (var i = 0; i < 3; i++)
            {
                CompileMs(Compile(trees, framework, hooks));
                await BuildCpuAsync(Compile(trees, framework, hooks), nothing);
                await BuildCpuAsync(Compile(trees, framework, hooks), floor);
                await BuildCpuAsync(Compile(trees, framework, hooks), ours);
                await AnalyzeAsync(Compile(trees, framework, hooks), floor);
                await AnalyzeAsync(Compile(trees, framework, hooks), ours);
            }

            var samples = new List<(double Nothing, double Floor, double Ours, double FloorTelemetry, double OursTelemetry)>();
            for (var r = 0; r < rounds; r++)
            {
                samples.Add((
                    await MeasureAsync(() => BuildCpuAsync(Compile(trees, framework, hooks), nothing)),
                    await MeasureAsync(() => BuildCpuAsync(Compile(trees, framework, hooks), floor)),
                    await MeasureAsync(() => BuildCpuAsync(Compile(trees, framework, hooks), ours)),
                    await MeasureAsync(() => AnalyzeAsync(Compile(trees, framework, hooks), floor)),
                    await MeasureAsync(() => AnalyzeAsync(Compile(trees, framework, hooks), ours))));
            }

            var floorShare = Median(samples.Select(x => (x.Floor - x.Nothing) / x.Nothing).ToList());
            var oursShare = Median(samples.Select(x => (x.Ours - x.Nothing) / x.Nothing).ToList());
            var telemetryRatio = Median(samples.Select(x => x.OursTelemetry / x.FloorTelemetry).ToList());
            string Signed(double share) => (share >= 0 ? "+" : string.Empty) + F(share * 100) + " %";
            var row = $"| {name} | {Lines(trees)} | {F(Median(samples.Select(x => x.Nothing).ToList()))} | {Signed(floorShare)} | {Signed(oursShare)} | " +
                      $"{F((oursShare - floorShare) * 100)} | {F(Median(samples.Select(x => x.FloorTelemetry).ToList()))} | {F(Median(samples.Select(x => x.OursTelemetry).ToList()))} | {telemetryRatio.ToString("F1", CultureInfo.InvariantCulture)}x |";
            table.AppendLine(row);
            Console.WriteLine(row);

            if (args.Contains("--by-analyzer"))
            {
                foreach (var analyzer in ours)
                {
                    var alone = new List<double>();
                    for (var r = 0; r < rounds; r++)
                    {
                        var baseline = await MeasureAsync(() => BuildCpuAsync(Compile(trees, framework, hooks), nothing));
                        alone.Add(await MeasureAsync(() => BuildCpuAsync(Compile(trees, framework, hooks), ImmutableArray.Create(analyzer))) - baseline);
                    }

                    var shares = new List<double>();
                    for (var r = 0; r < rounds; r++)
                    {
                        Settle();
                        shares.Add((await AnalyzeEachAsync(Compile(trees, framework, hooks), ours))[analyzer]);
                    }

                    breakdown.AppendLine($"| {name} | {analyzer.GetType().Name} | {F(Median(alone))} | {F(Median(shares))} |");
                    Console.WriteLine($"  {name}: {analyzer.GetType().Name} alone adds {F(Median(alone))} ms CPU");
                }
            }
        }

        // The IDE's case: the first file of the patch-dense corpus edited (a statement added to a method) and analyzed
        // again, alone, inside the whole compilation, as the IDE does for the document being typed in.
        var dense = corpora[1].Item2;
        var edited = dense[0].WithChangedText(dense[0].GetText().Replace(dense[0].GetText().ToString().IndexOf("return HookResult.Continue;", StringComparison.Ordinal), 0, "Console.WriteLine(\"edited\");\n            "));
        var editedTrees = dense.SetItem(0, edited);
        var ide = new Dictionary<string, List<double>> { ["floor"] = new(), ["HookSafety"] = new() };
        for (var r = 0; r < 24; r++)
        {
            foreach (var (party, analyzers) in new[] { ("floor", floor), ("HookSafety", ours) })
            {
                var compilation = Compile(editedTrees, framework, hooks);
                CompileMs(compilation);
                Settle();
                var ms = await EditedFileAsync(compilation, edited, analyzers);
                if (r >= 3)
                {
                    ide[party].Add(ms);
                }
            }
        }

        var editedLines = edited.GetText().Lines.Count;
        Console.WriteLine($"IDE case ({editedLines}-line file in {Lines(dense)} lines): floor {F(Median(ide["floor"]))} ms, HookSafety {F(Median(ide["HookSafety"]))} ms");

        if (!args.Contains("--no-write"))
        {
            var b = new StringBuilder();
            b.AppendLine("## Beside the floor");
            b.AppendLine();
            b.AppendLine("The floor (`bench/HookSafety.Floor`) is what any analyzer of patch code does at least: a compilation-start lookup of");
            b.AppendLine("`LivePatch`, a symbol-start action on every type, and for types deriving from `LivePatch` an operation-block action that");
            b.AppendLine("walks every operation once and reports nothing. Two measures, every party once per round, ratios within a round,");
            b.AppendLine($"medians of {rounds} rounds after three warm-up rounds (and 20 runs of HookSafety, for the tiered JIT; server garbage");
            b.AppendLine("collector, as the compiler server): the process's CPU time for the compiler's diagnostics and the");
            b.AppendLine("analyzers' on one compilation, as a build runs them (binding the analyzers cause included, whoever's callback causes it),");
            b.AppendLine("above the same run with an analyzer that registers nothing; and the analyzers' own time from Roslyn's telemetry.");
            b.AppendLine();
            b.AppendLine("```");
            b.AppendLine("dotnet run -c Release --project bench/HookSafety.Benchmarks -- --floor");
            b.AppendLine("```");
            b.AppendLine();
            b.AppendLine($"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores.");
            b.AppendLine();
            b.AppendLine("| corpus | lines | no analyzer: CPU (ms) | floor | HookSafety | HookSafety above the floor (points) | floor, telemetry (ms) | HookSafety, telemetry (ms) | HookSafety, multiple of the floor |");
            b.AppendLine("|---|---|---|---|---|---|---|---|---|");
            b.Append(table);
            b.AppendLine();
            if (breakdown.Length > 0)
            {
                b.AppendLine("Each analyzer: CPU above no analyzer when it runs alone (binding it causes included, so the column does not add up),");
                b.AppendLine("and its own telemetry when all of HookSafety runs (ms). On a shared 2-core machine the CPU figures move by tens of");
                b.AppendLine("milliseconds between runs (a negative one is noise): the telemetry is the steadier guide.");
                b.AppendLine();
                b.AppendLine("| corpus | analyzer | alone, CPU | with the others, telemetry |");
                b.AppendLine("|---|---|---|---|");
                b.Append(breakdown);
                b.AppendLine();
            }

            b.AppendLine($"The IDE's case: the first file of the patch-dense corpus ({editedLines} lines), a statement added, analyzed again alone");
            b.AppendLine($"inside the whole {Lines(dense)}-line compilation (`CompilationWithAnalyzers` for that tree: syntax and semantic");
            b.AppendLine($"diagnostics), wall clock, median of 21 runs: floor {F(Median(ide["floor"]))} ms, HookSafety {F(Median(ide["HookSafety"]))} ms (target: under 20 ms).");
            b.AppendLine();
            b.AppendLine("Targets: telemetry at most 3x the floor on patch-dense code (must: 8x), at most 1.5x on host code.");
            PerformancePage.WriteSection("beside-the-floor", b.ToString());
        }

        return 0;
    }

    /// <summary>Each analyzer's own execution time (telemetry) in one run of all of them.</summary>
    private static async Task<Dictionary<DiagnosticAnalyzer, double>> AnalyzeEachAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), OnException, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var each = new Dictionary<DiagnosticAnalyzer, double>();
        foreach (var analyzer in analyzers)
        {
            each[analyzer] = (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default)).ExecutionTime.TotalMilliseconds;
        }

        return each;
    }

    /// <summary>Wall clock of one tree's analyzer diagnostics (syntax and semantic) inside a compilation.</summary>
    private static async Task<double> EditedFileAsync(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var stopwatch = Stopwatch.StartNew();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), OnException, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, default);
        await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, default);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static string Report(
        int denseLines, int plainLines, double denseCompile, double plainCompile, double denseOurs, double plainOurs,
        double denseMeziantou, double plainMeziantou, double denseThreading, double plainThreading, int findings,
        int ourRules, int meziantouRules, int threadingRules,
        List<(int Factor, int Lines, double CompileMs, double OursMs)> growth, int singleLines, double singleMedian, int repeats,
        double bindingOnly, double bindingAndOurs, (double Min, double Max) denseOursRange, Ratios ratios)
    {
        string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F1", CultureInfo.InvariantCulture);
        string Pct(double value, int digits = 2) => (value * 100).ToString("F" + digits, CultureInfo.InvariantCulture) + " %";
        string Met(bool met) => met ? "met" : "**missed**";

        var perKloc = growth.Select(g => g.OursMs / (g.Lines / 1000.0)).ToList();
        var spread = perKloc.Max() / perKloc.Min();
        var oursPerRule = denseOurs / ourRules;
        var meziantouPerRule = denseMeziantou / Math.Max(1, meziantouRules);
        var b = new StringBuilder();
        b.AppendLine("# Performance");
        b.AppendLine();
        b.AppendLine("Measured by `bench/HookSafety.Benchmarks` in one process and one run, with Roslyn's per-analyzer execution-time");
        b.AppendLine("telemetry (`CompilationWithAnalyzersOptions(logAnalyzerExecutionTime: true)`, `GetAnalyzerTelemetryInfoAsync`):");
        b.AppendLine("analyzer time is the time spent in the analyzers' own callbacks. The baseline is the compiler binding every body");
        b.AppendLine($"(`Compilation.GetDiagnostics()`), without analyzers. Every party is measured once per round, {repeats} round(s) one after");
        b.AppendLine("the other, each run on a fresh compilation and a collected heap, after three warm-up rounds of every party and 20");
        b.AppendLine("runs of HookSafety (the first rounds of a process pay for loading and jitting, and the tiered JIT optimizes");
        b.AppendLine("HookSafety's methods only after they have run a while), under the server garbage collector, as the compiler server");
        b.AppendLine("runs. A figure is the median over the rounds; a ratio is the median of the ratios");
        b.AppendLine("within each round, so that a shared machine speeding up or slowing down during the run shifts both sides alike.");
        b.AppendLine();
        b.AppendLine("Rerun this part (about two minutes; writes it and keeps the sections below), or the whole page from one run");
        b.AppendLine("(`-- --all`: real builds, HookSafety beside the floor, then this part; about half an hour):");
        b.AppendLine();
        b.AppendLine("```");
        b.AppendLine("dotnet run -c Release --project bench/HookSafety.Benchmarks");
        b.AppendLine("```");
        b.AppendLine();
        b.AppendLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Compilation).Assembly.GetName().Version}; {DateTime.UtcNow:yyyy-MM-dd}.");
        b.AppendLine();
        b.AppendLine("## Targets");
        b.AppendLine();
        b.AppendLine("| target | measured | |");
        b.AppendLine("|---|---|---|");
        b.AppendLine($"| HookSafety ≤ 4 % of compile time on patch-dense code | {Pct(ratios.Dense)} (medians {Ms(denseOurs)} ms and {Ms(denseCompile)} ms) | {Met(ratios.Dense <= 0.04)} |");
        b.AppendLine($"| HookSafety ≤ 0.1 % on code without the hook API | {Pct(ratios.Plain, 3)} (medians {plainOurs.ToString("F2", CultureInfo.InvariantCulture)} ms and {Ms(plainCompile)} ms) | {Met(ratios.Plain <= 0.001)} |");
        b.AppendLine($"| time per rule below Meziantou's on the same corpus | {ratios.PerRule.ToString("F2", CultureInfo.InvariantCulture)}x Meziantou's (medians {oursPerRule.ToString("F2", CultureInfo.InvariantCulture)} ms for each of {ourRules} rules, {meziantouPerRule.ToString("F2", CultureInfo.InvariantCulture)} ms for each of {meziantouRules}) | {Met(ratios.PerRule < 1)} |");
        b.AppendLine($"| linear growth (cost per 1,000 lines within 1.5x across 1x–8x) | spread {spread.ToString("F2", CultureInfo.InvariantCulture)}x | {Met(spread <= 1.5)} |");
        b.AppendLine($"| one {singleLines}-line patch file alone under 20 ms | median {singleMedian.ToString("F2", CultureInfo.InvariantCulture)} ms (21 runs) | {Met(singleMedian < 20)} |");
        b.AppendLine();
        b.AppendLine("## Corpora");
        b.AppendLine();
        b.AppendLine("| | lines | compile (ms) | HookSafety (ms) | Meziantou.Analyzer (ms) | VS threading (ms) |");
        b.AppendLine("|---|---|---|---|---|---|");
        b.AppendLine($"| patch-dense ({BasePatches} patches) | {denseLines} | {Ms(denseCompile)} | {Ms(denseOurs)} (runs {Ms(denseOursRange.Min)}–{Ms(denseOursRange.Max)}) | {Ms(denseMeziantou)} | {Ms(denseThreading)} |");
        b.AppendLine($"| plain (no hook API) | {plainLines} | {Ms(plainCompile)} | {plainOurs.ToString("F2", CultureInfo.InvariantCulture)} | {Ms(plainMeziantou)} | {Ms(plainThreading)} |");
        b.AppendLine();
        b.AppendLine($"The patch-dense corpus exercises every hook and every rule ({findings} HookSafety findings); the plain corpus has the same");
        b.AppendLine("shape of code without the hook API, where HookSafety registers nothing. Peers: Meziantou.Analyzer " +
                     $"({meziantouRules} rules), Microsoft.VisualStudio.Threading.Analyzers ({threadingRules} rules).");
        b.AppendLine();
        b.AppendLine("## Where the time goes");
        b.AppendLine();
        b.AppendLine("The telemetry charges an analyzer for what its callbacks cause: binding a body or attribute the first time it asks,");
        b.AppendLine("the driver's handling of each diagnostic it reports, and the garbage collections that happen to start during them.");
        b.AppendLine("HookSafety takes the bodies and field initializers of a patch type's members from the analyzer driver (symbol start,");
        b.AppendLine("operation blocks, symbol end: bound once for every analyzer), so only methods outside patch types that a patch calls");
        b.AppendLine("(here the hosts, which have source in the same compilation) are bound through the semantic model. The rules decided");
        b.AppendLine("over the patch model share one analyzer: the driver's per-symbol bookkeeping for a dozen analyzers starting on");
        b.AppendLine("every type cost more than the rules. Wall clock, once an analyzer that only asks for every body's operations has");
        b.AppendLine($"bound them: {Ms(bindingOnly)} ms alone, {Ms(bindingAndOurs)} ms with HookSafety: HookSafety's own share is");
        b.AppendLine($"{Ms(bindingAndOurs - bindingOnly)} ms, {Pct(ratios.OwnShare)} of compile time.");
        b.AppendLine();
        b.AppendLine("What the measurements showed on 2026-12-02 (patch-dense corpus, 2 cores):");
        b.AppendLine();
        b.AppendLine("- **The process is set up as the compiler server's.** The benchmark runs under the server garbage collector, as");
        b.AppendLine("  `VBCSCompiler` does (the SDK's `VBCSCompiler.runtimeconfig.json` sets `System.GC.Server`), and runs HookSafety 20");
        b.AppendLine("  times before measuring it: the tiered JIT optimizes a method only after it has run a while, and HookSafety's");
        b.AppendLine("  analysis takes about 20 runs of this corpus to settle (from about 500 ms to about 130 ms of telemetry), where the");
        b.AppendLine("  floor settles in one or two. With three warm-up rounds and the workstation collector, as before, the same code");
        b.AppendLine("  measured 180 to 720 ms a round in one run (`DOTNET_gcServer=0` measures that way again).");
        b.AppendLine("- **Collections.** An analysis of this corpus allocates about 170 MB with the floor alone, nearly all of it the");
        b.AppendLine("  compiler binding the patches' bodies, and about 32 MB more with HookSafety (`--allocations`). Under the server");
        b.AppendLine("  collector that is one or two collections per analysis, 70 to 130 ms each; the telemetry charges each to whichever");
        b.AppendLine("  callback is running when it starts, which is why HookSafety's rounds range from about 120 to 350 ms.");
        b.AppendLine("- **HookSafety's own work.** With collections left out (`DOTNET_GCgen0size=0x40000000`), HookSafety's callbacks take");
        b.AppendLine("  about 130 ms a round (least 90) against the floor's 7: the rules over the patch model about 80 ms (turned off part");
        b.AppendLine("  by part in trial builds, least of five rounds: each type's start about 15 ms, the effect walk of every body 15 to");
        b.AppendLine("  20, the models 20, the rules' decisions 19, the driver's handling of the 3,062 findings 7), the type rules 3 to 8 ms each");
        b.AppendLine("  (most of it binding the patches' attributes and base types, which the");
        b.AppendLine("  compiler would do anyway but the telemetry charges to whoever asks first), and the first lookup of the hook API");
        b.AppendLine("  (the compiler binds the compilation's references for it). The multiple of the floor cannot reach 8x by");
        b.AppendLine("  allocating less alone: the work itself must halve.");
        b.AppendLine("- **Profiles.** In a sampled CPU profile (below) of the settled process, about half of the samples inside HookSafety's");
        b.AppendLine("  frames are attributed to `Monitor.Enter_Slowpath`, under methods that take no lock (why is not settled): its split");
        b.AppendLine("  of HookSafety's time is not to be trusted. Allocations with their stacks are:");
        b.AppendLine("  `dotnet-trace collect --providers Microsoft-Windows-DotNETRuntime:0x1:5` records an allocation tick with a stack");
        b.AppendLine("  every 100 KB, which TraceEvent's `TraceLog` reads back.");
        b.AppendLine();
        b.AppendLine("To work on HookSafety's cost, `-- --telemetry` prints the floor's and each analyzer's telemetry on both corpora");
        b.AppendLine("(15 rounds, about three minutes; prefix `DOTNET_GCgen0size=0x40000000` to leave the collections out), with the least");
        b.AppendLine("round beside the median. `-- --allocations` prints the bytes each analysis allocates, the floor's, each analyzer's");
        b.AppendLine("alone and all of HookSafety's (`--by-type` adds HookSafety's beyond the floor's, by type): steadier than any");
        b.AppendLine("timing here. To see where the time goes, profile the patch-dense corpus (or the host corpus: `--profile host`)");
        b.AppendLine("analyzed again and again (also prints allocations by type and each analyzer's wall-clock cost; `--quick` leaves");
        b.AppendLine("that last part out):");
        b.AppendLine();
        b.AppendLine("```");
        b.AppendLine("dotnet tool install dotnet-trace --tool-path /tmp/tools");
        b.AppendLine("dotnet build -c Release bench/HookSafety.Benchmarks");
        b.AppendLine("/tmp/tools/dotnet-trace collect --format speedscope -- dotnet bench/HookSafety.Benchmarks/bin/Release/net10.0/HookSafety.Benchmarks.dll --profile");
        b.AppendLine("```");
        b.AppendLine();
        b.AppendLine("## Growth");
        b.AppendLine();
        b.AppendLine("Median of 3 rounds, the sizes taken in turn within each round, with the compiler's own cost per 1,000 lines beside");
        b.AppendLine("HookSafety's. What is known of the growth (checked on 2026-11-22 with a counting build): HookSafety's own allocations");
        b.AppendLine("per 1,000 lines are the same at 1x and 8x (about 0.7 MB), and so is the whole analysis run's garbage-collection pause");
        b.AppendLine("per 1,000 lines (about 12 ms): what it does grows linearly; where the rise of its time per line comes from");
        b.AppendLine("(collections landing in its callbacks more often on a larger heap, cache misses) is not settled.");
        b.AppendLine();
        b.AppendLine("| size | lines | compile (ms) | compile per 1,000 lines (ms) | HookSafety (ms) | HookSafety per 1,000 lines (ms) |");
        b.AppendLine("|---|---|---|---|---|---|");
        foreach (var (g, k) in growth.Zip(perKloc))
        {
            var compileKloc = (g.CompileMs / (g.Lines / 1000.0)).ToString("F2", CultureInfo.InvariantCulture);
            b.AppendLine($"| {g.Factor}x | {g.Lines} | {Ms(g.CompileMs)} | {compileKloc} | {Ms(g.OursMs)} | {k.ToString("F2", CultureInfo.InvariantCulture)} |");
        }

        return b.ToString();
    }

    private static ImmutableArray<SyntaxTree> Parse(List<string> sources)
        => sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"/corpus/File{i}.cs")).ToImmutableArray();

    private static int Lines(ImmutableArray<SyntaxTree> trees) => trees.Sum(t => t.GetText().Lines.Count);

    private static CSharpCompilation Compile(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> framework, MetadataReference? hooks)
        => CSharpCompilation.Create(
            "Corpus",
            trees,
            hooks is null ? framework : framework.Add(hooks),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    /// <summary>Starts a measurement on a clean heap, so that no run pays for collecting an earlier run's garbage.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double CompileMs(Compilation compilation)
    {
        var stopwatch = Stopwatch.StartNew();
        var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        stopwatch.Stop();
        if (errors > 0)
        {
            throw new InvalidOperationException($"The corpus does not compile: {compilation.GetDiagnostics().First(d => d.Severity == DiagnosticSeverity.Error)}");
        }

        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The analyzers' own execution time (telemetry), summed over the analyzers.</summary>
    private static async Task<double> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), OnException, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var total = TimeSpan.Zero;
        foreach (var analyzer in analyzers)
        {
            total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default)).ExecutionTime;
        }

        return total.TotalMilliseconds;
    }

    private static async Task<double> AnalyzeOneFileAsync(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), OnException, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var model = compilation.GetSemanticModel(tree);
        await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, default);
        await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, default);
        var total = TimeSpan.Zero;
        foreach (var analyzer in analyzers)
        {
            total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default)).ExecutionTime;
        }

        return total.TotalMilliseconds;
    }

    /// <summary>Wall-clock time of a whole analysis run (binding included, whoever causes it).</summary>
    private static async Task<double> WallAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var stopwatch = Stopwatch.StartNew();
        await compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), OnException, concurrentAnalysis: false, logAnalyzerExecutionTime: false)).GetAnalyzerDiagnosticsAsync();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// The process's CPU time (all threads, garbage collection included) for the compiler's diagnostics and the
    /// analyzers' on one compilation, as a build runs them; less noisy than the wall clock on a shared 2-core machine.
    /// </summary>
    private static async Task<double> BuildCpuAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        await compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), OnException, concurrentAnalysis: false, logAnalyzerExecutionTime: false)).GetAllDiagnosticsAsync();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    private static async Task<int> CountFindingsAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
        => (await compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), OnException, true, false)).GetAnalyzerDiagnosticsAsync()).Length;

    private static void OnException(Exception exception, DiagnosticAnalyzer analyzer, Diagnostic diagnostic)
        => throw new InvalidOperationException($"{analyzer.GetType().Name} threw: {exception}");

    /// <summary>One measurement, started on a clean heap.</summary>
    private static double Measure(Func<double> measure)
    {
        Settle();
        return measure();
    }

    private static async Task<double> MeasureAsync(Func<Task<double>> measure)
    {
        Settle();
        return await measure();
    }

    /// <summary>Every party's figure in one round (milliseconds).</summary>
    private sealed record Round(
        double DenseCompile, double PlainCompile, double DenseOurs, double PlainOurs, double DenseMeziantou, double PlainMeziantou,
        double DenseThreading, double PlainThreading, double BindingOnly, double BindingAndOurs);

    /// <summary>The targets' ratios, each the median over rounds of the ratio within a round.</summary>
    private sealed record Ratios(double Dense, double Plain, double PerRule, double OwnShare);

    internal static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static ImmutableArray<MetadataReference> LoadFramework()
        => Directory.GetFiles(Metadata("HookSafety.ReferencePackDirectory"), "*.dll").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();

    /// <summary>A peer's C# analyzers, from its package folder (the Roslyn 4.x build that fits this host, when there are several).</summary>
    private static (ImmutableArray<DiagnosticAnalyzer> Analyzers, int Rules) LoadPeer(string key, params string[] files)
    {
        var root = Metadata(key);
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        var host = typeof(Compilation).Assembly.GetName().Version!;
        var folder = PeerFolder(root, new Version(host.Major, host.Minor));
        if (folder is null)
        {
            Console.WriteLine($"{key}: no analyzer folder under {root}");
            return (ImmutableArray<DiagnosticAnalyzer>.Empty, 0);
        }

        var loader = new Loader();
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
            {
                var reference = new AnalyzerFileReference(path, loader);
                reference.AnalyzerLoadFailed += (_, e) => Console.WriteLine($"{file}: could not load ({e.ErrorCode}) {e.Message}");
                analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
            }
        }

        var built = analyzers.ToImmutable();
        return (built, built.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count());
    }

    /// <summary>
    /// A peer package's C# analyzer folder built for the newest Roslyn that <paramref name="compiler"/> can load
    /// (roslyn4.14 over roslyn4.8), or its only one when the package has no per-Roslyn folders; null when it has none.
    /// </summary>
    internal static string? PeerFolder(string packageRoot, Version compiler)
    {
        static Version? RoslynVersion(string folder)
            => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(folder))!.Replace("roslyn", string.Empty, StringComparison.Ordinal), out var v) ? v : null;
        var folders = Directory.GetDirectories(Path.Combine(packageRoot, "analyzers"), "cs", SearchOption.AllDirectories)
            .Where(d => !d.Contains($"{Path.DirectorySeparatorChar}vb{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        return folders.Where(d => RoslynVersion(d) is { } v && v <= compiler).OrderByDescending(RoslynVersion).FirstOrDefault()
               ?? folders.FirstOrDefault(d => RoslynVersion(d) is null);
    }

    internal static string Metadata(string key)
        => typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value
           ?? throw new InvalidOperationException($"No '{key}' metadata.");

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
