using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace HookSafety.Benchmarks;

/// <summary>
/// What users feel: <c>dotnet build</c> of a generated host project (patch points, no patch) and of a patch-dense
/// project, with no analyzer, the floor, HookSafety, and Meziantou.Analyzer passed to the compiler. The compiler server
/// is warm (one build of each first, a few more of HookSafety), every party is built in turn within a round, and the
/// figure is the Csc task's time from MSBuild's performance summary (a rebuild each time). Ratios are taken within a round.
/// </summary>
internal static class RealBuild
{
    // "quiet" is HookSafety with its findings suppressed in source (`#pragma warning disable`, under a define): the compiler
    // runs every analyzer and is handed every finding, then drops them instead of printing them. Beside "hooksafety" it
    // tells what the analysis costs from what the build pays for printing the findings. (A severity below warning would
    // not do: the command-line compiler does not run an analyzer none of whose rules can print.)
    private static readonly string[] Parties = { "none", "floor", "hooksafety", "quiet", "meziantou" };

    private const string QuietSymbol = "HOOKSAFETY_QUIET";

    /// <summary>The rows of the page's two tables: the Csc task's time, and the compiler server's CPU time.</summary>
    public sealed record Rows(List<string> Wall, List<string> ServerCpu);

    public static Rows Run(int rounds, int buildsPerParty, int classes)
    {
        var root = Path.Combine(Path.GetTempPath(), "hooksafety-build-bench");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var analyzers = AnalyzerPaths();
        var projects = new[]
        {
            ("host project", Write(Path.Combine(root, "host"), "Host", Corpus.Host(classes), analyzers)),
            ("patch-dense project", Write(Path.Combine(root, "patches"), "Patches", Corpus.PatchDense(classes), analyzers)),
        };

        var lines = new List<string>();
        var cpuLines = new List<string>();
        foreach (var (name, project) in projects)
        {
            Dotnet($"restore \"{project}\" -nologo");
            foreach (var party in Parties)
            {
                CscMs(project, party); // the compiler server, and this party's analyzers, warm
            }

            // A few more builds with HookSafety: the server's tiered JIT optimizes an analyzer's methods only after they
            // have run a while, and HookSafety has many more of them than the floor (a server kept warm by a day's builds
            // runs the optimized code).
            for (var i = 0; i < 3; i++)
            {
                CscMs(project, "hooksafety");
            }

            var samples = Parties.ToDictionary(p => p, _ => new List<double>());
            var shares = Parties.ToDictionary(p => p, _ => new List<double>());
            var cpuSamples = Parties.ToDictionary(p => p, _ => new List<double>());
            var cpuShares = Parties.ToDictionary(p => p, _ => new List<double>());
            for (var r = 0; r < rounds; r++)
            {
                // The parties take turns in a different order each round (rotated), so that a machine slowing down or
                // speeding up within a round does not favour whoever builds first.
                var round = new Dictionary<string, double>();
                var cpuRound = new Dictionary<string, double>();
                foreach (var party in Parties.Skip(r % Parties.Length).Concat(Parties.Take(r % Parties.Length)))
                {
                    var builds = new List<double>();
                    var cpu = new List<double>();
                    for (var i = 0; i < buildsPerParty; i++)
                    {
                        var before = ServerCpuMs();
                        builds.Add(CscMs(project, party));
                        cpu.Add(ServerCpuMs(before));
                    }

                    round[party] = Program.Median(builds);
                    cpuRound[party] = Program.Median(cpu);
                    samples[party].AddRange(builds);
                    cpuSamples[party].AddRange(cpu);
                }

                foreach (var party in Parties)
                {
                    shares[party].Add(round[party] / round["none"] - 1);
                    cpuShares[party].Add(cpuRound[party] / cpuRound["none"] - 1);
                }

                Console.WriteLine($"{name}, round {r}: " + string.Join(", ", Parties.Select(p => $"{p} {round[p]:F0} ms")));
            }

            string Pct(double value) => (value >= 0 ? "+" : "") + (value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";
            string Points(double value) => (value * 100).ToString("F1", CultureInfo.InvariantCulture);

            // HookSafety above the floor within each round (a paired difference: both against that round's no-analyzer builds).
            List<double> Above(string party) => shares[party].Zip(shares["floor"], (ours, floor) => ours - floor).ToList();
            var above = Above("hooksafety");
            var quiet = Above("quiet");
            var none = Program.Median(samples["none"]);
            var row = $"| {name} ({Corpus.Lines(project)} lines) | {none:F0} (runs {samples["none"].Min():F0}–{samples["none"].Max():F0}) | " +
                      string.Join(" | ", Parties.Skip(1).Select(p => $"{Pct(Program.Median(shares[p]))} ({Program.Median(samples[p]):F0}, runs {samples[p].Min():F0}–{samples[p].Max():F0})")) +
                      $" | {Points(Program.Median(above))} (rounds {Points(above.Min())} to {Points(above.Max())})" +
                      $" | {Points(Program.Median(quiet))} (rounds {Points(quiet.Min())} to {Points(quiet.Max())}) |";
            lines.Add(row);
            Console.WriteLine(row);

            List<double> CpuAbove(string party) => cpuShares[party].Zip(cpuShares["floor"], (ours, floor) => ours - floor).ToList();
            var cpuAbove = CpuAbove("hooksafety");
            var cpuQuiet = CpuAbove("quiet");
            var cpuRow = $"| {name} | {Program.Median(cpuSamples["none"]):F0} (runs {cpuSamples["none"].Min():F0}–{cpuSamples["none"].Max():F0}) | " +
                         string.Join(" | ", Parties.Skip(1).Select(p => $"{Pct(Program.Median(cpuShares[p]))} ({Program.Median(cpuSamples[p]):F0})")) +
                         $" | {Points(Program.Median(cpuAbove))} (rounds {Points(cpuAbove.Min())} to {Points(cpuAbove.Max())})" +
                         $" | {Points(Program.Median(cpuQuiet))} (rounds {Points(cpuQuiet.Min())} to {Points(cpuQuiet.Max())}) |";
            cpuLines.Add(cpuRow);
            Console.WriteLine(cpuRow);
        }

        Dotnet("build-server shutdown"); // the compiler server started for these builds does not outlive the run
        return new Rows(lines, cpuLines);
    }

    /// <summary>The page's section for these rows.</summary>
    public static string Section(Rows rows, int rounds, int buildsPerParty)
    {
        var b = new StringBuilder();
        b.AppendLine("## Real builds");
        b.AppendLine();
        b.AppendLine("What users feel: `dotnet build` of two generated projects, with no analyzer, the floor (`bench/HookSafety.Floor`: the");
        b.AppendLine("least an analyzer of patch code does), HookSafety, HookSafety with its findings silenced, and Meziantou.Analyzer");
        b.AppendLine("passed to the compiler. The host project is an application that declares patch points and no patch (it references");
        b.AppendLine("the hook API, and so the package's analyzers); the patch-dense project is the patch-dense corpus (its error-severity");
        b.AppendLine("findings reported as warnings, so that every party's build emits). The compiler server is warm (every party built");
        b.AppendLine("once first, HookSafety four times: the server's tiered JIT optimizes its methods after they have run a while); each party is rebuilt");
        b.AppendLine($"{buildsPerParty} time(s) in turn within each of {rounds} round(s), the parties' order rotated from round to round; a figure is");
        b.AppendLine("the Csc task's time (MSBuild's performance summary), a share is the median of the within-round shares over no");
        b.AppendLine("analyzer, and HookSafety above the floor is the median of the within-round differences (with the rounds' lowest and");
        b.AppendLine("highest).");
        b.AppendLine();
        b.AppendLine("\"Findings silenced\" is the same build with a define that turns on a `#pragma warning disable HS0001, ..., HS0017` at");
        b.AppendLine("the top of every file: the compiler runs every HookSafety analyzer and is handed every finding, then drops them");
        b.AppendLine("instead of printing them. The difference between the two is what the build pays for printing the findings (on the");
        b.AppendLine("patch-dense project about 3,000 warnings, each formatted by the compiler, passed to MSBuild and logged), not for");
        b.AppendLine("finding them. (Setting the rules' severity below warning would not measure this: the command-line compiler does not");
        b.AppendLine("run an analyzer none of whose rules can print.) On the host project, which has no findings, the two HookSafety");
        b.AppendLine("columns are the same work measured twice: how far apart they are is this run's noise, several points.");
        b.AppendLine();
        b.AppendLine("```");
        b.AppendLine("dotnet run -c Release --project bench/HookSafety.Benchmarks -- --build");
        b.AppendLine("```");
        b.AppendLine();
        b.AppendLine($"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET SDK {Dotnet("--version").Trim()} (compiler {SdkCompilerVersion()}).");
        b.AppendLine();
        b.AppendLine("| project | no analyzer: Csc (ms) | floor | HookSafety | HookSafety, findings silenced | Meziantou.Analyzer | HookSafety above the floor (points) | findings silenced, above the floor (points) |");
        b.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows.Wall)
        {
            b.AppendLine(row);
        }

        b.AppendLine();
        b.AppendLine("The same builds, by the CPU time the compiler server (`VBCSCompiler`) spent on each: the compiler's and the analyzers'");
        b.AppendLine("work on every core, collections included, read from the process before and after the build. Meant as a steadier");
        b.AppendLine("measure than the Csc task's wall-clock time, it proved no steadier on this 2-core machine (the server collector's");
        b.AppendLine("threads spin on both cores while they wait: the host project's builds without analyzers took 1,740 to 5,080 ms of");
        b.AppendLine("server CPU in one run). The targets below are set on the wall-clock figures.");
        b.AppendLine();
        b.AppendLine("| project | no analyzer: server CPU (ms) | floor | HookSafety | HookSafety, findings silenced | Meziantou.Analyzer | HookSafety above the floor (points) | findings silenced, above the floor (points) |");
        b.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows.ServerCpu)
        {
            b.AppendLine(row);
        }

        b.AppendLine();
        b.AppendLine("Targets: HookSafety at most 1 point above the floor on the host project (must: 3), at most 5 on the patch-dense");
        b.AppendLine("project (must: 8).");
        return b.ToString();
    }

    /// <summary>The analyzer assemblies each party passes to the compiler.</summary>
    private static Dictionary<string, List<string>> AnalyzerPaths()
    {
        var meziantou = Program.PeerFolder(Program.Metadata("Peer.Meziantou"), SdkCompilerVersion())
            ?? throw new InvalidOperationException("Meziantou.Analyzer has no analyzer folder the SDK's compiler can load.");
        return new Dictionary<string, List<string>>
        {
            ["none"] = new(),
            ["floor"] = new() { typeof(HookSafety.Floor.FloorAnalyzer).Assembly.Location },
            ["hooksafety"] = new() { typeof(HookSafety.Analyzers.HookSafetyAnalyzer).Assembly.Location },
            ["quiet"] = new() { typeof(HookSafety.Analyzers.HookSafetyAnalyzer).Assembly.Location },
            ["meziantou"] = Directory.GetFiles(meziantou, "*.dll").ToList(),
        };
    }

    /// <summary>The version of the compiler the SDK builds with (the newest Meziantou build it can load is taken).</summary>
    private static Version SdkCompilerVersion()
    {
        var version = Dotnet("--version").Trim();
        var sdks = Dotnet("--list-sdks");
        var line = sdks.Split('\n').First(l => l.StartsWith(version + " ", StringComparison.Ordinal));
        var folder = line.Substring(line.IndexOf('[') + 1).TrimEnd(']', '\r', ' ');
        var name = AssemblyName.GetAssemblyName(Path.Combine(folder, version, "Roslyn", "bincore", "Microsoft.CodeAnalysis.dll"));
        return new Version(name.Version!.Major, name.Version.Minor);
    }

    private static string Write(string folder, string name, List<string> sources, Dictionary<string, List<string>> analyzers)
    {
        Directory.CreateDirectory(folder);
        // Every file can silence HookSafety's findings, for the "quiet" party only (see Parties).
        var quiet = $"#if {QuietSymbol}\n#pragma warning disable {string.Join(", ", Enumerable.Range(1, 17).Select(i => $"HS{i:D4}"))}\n#endif\n";
        for (var i = 0; i < sources.Count; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"File{i}.cs"), quiet + sources[i]);
        }

        var hooks = typeof(HookSafety.Hooks.LivePatch).Assembly.Location;
        var items = new StringBuilder();
        foreach (var (party, paths) in analyzers)
        {
            items.AppendLine($"  <ItemGroup Condition=\"'$(HookSafetyParty)' == '{party}'\">");
            foreach (var assembly in paths)
            {
                items.AppendLine($"    <Analyzer Include=\"{assembly}\" />");
            }

            items.AppendLine("  </ItemGroup>");
        }

        // The patch-dense corpus has mistakes of every rule, some of them errors: reported as warnings here, so that every
        // party's build compiles and emits the same.
        File.WriteAllText(Path.Combine(folder, "hooksafety.globalconfig"),
            "is_global = true\n" + string.Concat(Enumerable.Range(1, 17).Select(i => $"dotnet_diagnostic.HS{i:D4}.severity = warning\n")));

        // The repository's build settings stay out: the project is written outside it, with Directory.Build.* of its own.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        var path = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <EnableNETAnalyzers>false</EnableNETAnalyzers>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);CS1591;NU1603</NoWarn>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
                <DefineConstants Condition="'$(HookSafetyParty)' == 'quiet'">$(DefineConstants);{QuietSymbol}</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="HookSafety.Hooks" HintPath="{hooks}" />
                <GlobalAnalyzerConfigFiles Include="hooksafety.globalconfig" />
              </ItemGroup>
            {items}</Project>
            """);
        return path;
    }

    /// <summary>The CPU time the compiler server processes have used so far, by process id.</summary>
    private static Dictionary<int, double> ServerCpuMs()
    {
        var used = new Dictionary<int, double>();
        foreach (var process in Process.GetProcessesByName("dotnet").Concat(Process.GetProcessesByName("VBCSCompiler")))
        {
            using (process)
            {
                try
                {
                    var commandLine = File.Exists($"/proc/{process.Id}/cmdline") ? File.ReadAllText($"/proc/{process.Id}/cmdline") : process.ProcessName;
                    if (commandLine.Contains("VBCSCompiler", StringComparison.Ordinal))
                    {
                        used[process.Id] = process.TotalProcessorTime.TotalMilliseconds;
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
                {
                    // exited meanwhile, or not ours to read
                }
            }
        }

        return used;
    }

    /// <summary>The CPU time the compiler server processes used since <paramref name="before"/> (a server started since counts from zero).</summary>
    private static double ServerCpuMs(Dictionary<int, double> before)
        => ServerCpuMs().Sum(pair => pair.Value - (before.TryGetValue(pair.Key, out var earlier) ? earlier : 0));

    private static readonly Regex CscLine = new(@"^\s*(?<ms>[0-9]+) ms\s+Csc\s+[0-9]+ calls", RegexOptions.Multiline);

    /// <summary>One rebuild of <paramref name="project"/> with <paramref name="party"/>'s analyzers: the Csc task's time.</summary>
    private static double CscMs(string project, string party)
    {
        var output = Dotnet($"build \"{project}\" --no-restore -t:Rebuild -nologo -clp:PerformanceSummary -p:HookSafetyParty={party}");
        if (party == "quiet" && output.Contains(": warning HS", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The quiet build printed HookSafety findings; the pragma did not silence them:\n{output}");
        }

        var match = CscLine.Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No Csc time in the build's output:\n{output}");
        }

        return double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
    }

    private static string Dotnet(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // Builds as users run them: through the compiler server, kept warm between builds (an environment that turns it
        // off, as some CI images do with UseSharedCompilation=false, would make every build start and JIT the compiler
        // and the analyzers again).
        start.Environment["UseSharedCompilation"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {arguments} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
        }

        return output.Result;
    }
}
