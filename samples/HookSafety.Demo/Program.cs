using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using HookSafety.Hooks;

namespace HookSafety.Demo;

/// <summary>
/// The host serves calls on four threads through its patch point while the main thread enables a patch, replaces it
/// with a cumulative second version that takes its state over, and disables that. Every hook says what it did; at the
/// end the demo counts the calls each implementation served and the calls that failed (none may: exit code 1 if any).
/// </summary>
public static class Program
{
    private const int Threads = 4;
    private static readonly TimeSpan s_phase = TimeSpan.FromMilliseconds(600);

    public static int Main()
    {
        var manager = new PatchManager();
        var connections = Enumerable.Range(1, 64).Select(id => new Connection(id)).ToArray();
        var workers = Enumerable.Range(0, Threads).Select(i => new Worker(i, connections)).ToList();
        var clock = Stopwatch.StartNew();
        void Step(string what) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.00} s] {what}");

        Step($"host: serving Tcp.ChallengeAck on {Threads} threads; Tcp.ChallengeAckLimit = {Tcp.ChallengeAckLimit}");
        foreach (Worker worker in workers)
        {
            worker.Start();
        }

        Thread.Sleep(s_phase);
        Step("enable cve-2016-5696 (version 1)");
        manager.Enable(new ChallengeAckFix());
        Step($"enabled: {Enabled(manager)}; Tcp.ChallengeAckLimit = {Tcp.ChallengeAckLimit}");

        Thread.Sleep(s_phase);
        Step("enable cve-2016-5696-v2 (cumulative: replaces version 1 and takes its state over)");
        manager.Enable(new ChallengeAckFixV2());
        Step($"enabled: {Enabled(manager)}; Tcp.ChallengeAckLimit = {Tcp.ChallengeAckLimit}");

        Thread.Sleep(s_phase);
        Step("disable cve-2016-5696-v2");
        manager.Disable("cve-2016-5696-v2");
        Step($"enabled: {Enabled(manager)}; Tcp.ChallengeAckLimit = {Tcp.ChallengeAckLimit}; stats handlers: {Tcp.StatsHandlerCount}");

        // Live loading: patch assemblies built on their own, loaded into this running process, enabled, disabled and
        // unloaded while the host keeps serving. (Load(path) admits any file: a host in production passes a PatchTrust.)
        var unloaded = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (string file in new[] { "HookSafety.Demo.SafePatch.dll", "HookSafety.Demo.LeakyPatch.dll" })
        {
            Thread.Sleep(s_phase);
            PatchAssembly loaded = LoadEnableAndDisable(manager, Path.Combine(AppContext.BaseDirectory, "patches", file), Step);
            bool gone = loaded.TryUnload(TimeSpan.FromSeconds(5));
            unloaded[loaded.Name] = gone;
            Step(gone
                ? $"{loaded.Name}: unloaded, its code collected; stats handlers: {Tcp.StatsHandlerCount}"
                : $"{loaded.Name}: disabled but still loaded; stats handlers: {Tcp.StatsHandlerCount}. {loaded.StillAliveBecause} "
                  + "Its build warned HS0003: the handler it registers in PostPatch is never unregistered.");
        }

        Thread.Sleep(s_phase);
        foreach (Worker worker in workers)
        {
            worker.Stop();
        }

        Step("host stopped");
        Console.WriteLine();
        Console.WriteLine("calls served, per implementation:");
        var served = workers.SelectMany(w => w.Served).GroupBy(p => p.Key, p => p.Value).ToDictionary(g => g.Key, g => g.Sum());
        foreach (string name in new[] { Tcp.Original, ChallengeAckFix.Name, ChallengeAckFixV2.Name }.Concat(served.Keys).Distinct())
        {
            Console.WriteLine($"  {name,-18} {served.GetValueOrDefault(name),12:N0}");
        }

        long failed = workers.Sum(w => w.Failed);
        Console.WriteLine($"  {"total",-18} {served.Values.Sum(),12:N0}");
        Console.WriteLine($"failed calls: {failed}");
        foreach (string error in workers.Select(w => w.FirstError).OfType<string>())
        {
            Console.WriteLine($"  first failure on a thread: {error}");
        }

        Console.WriteLine($"patch assemblies unloaded: {string.Join(", ", unloaded.Select(u => $"{u.Key} {(u.Value ? "yes" : "no")}"))}");

        // The safe assembly must unload and the leaky one must not: that is what the demo shows.
        return failed == 0 && unloaded.GetValueOrDefault("HookSafety.Demo.SafePatch") && !unloaded.GetValueOrDefault("HookSafety.Demo.LeakyPatch", true) ? 0 : 1;
    }

    /// <summary>
    /// Loads a patch assembly, enables its patches, lets the host serve through them, and disables them. A method of its
    /// own, so that no reference to a patch stays in <see cref="Main"/>'s frame, where it would keep the code alive.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static PatchAssembly LoadEnableAndDisable(PatchManager manager, string path, Action<string> step)
    {
        PatchAssembly loaded = PatchAssembly.Load(path);
        step($"loaded {loaded.Name} into this running process: {string.Join(", ", loaded.Patches.Select(p => p.GetType().Name))}");
        foreach (LivePatch patch in loaded.Patches)
        {
            manager.Enable(patch);
        }

        step($"enabled: {Enabled(manager)}");
        Thread.Sleep(s_phase);
        foreach (LivePatch patch in loaded.Patches)
        {
            manager.Disable(patch.GetType().GetCustomAttributes(inherit: false).OfType<PatchAttribute>().Single().Id);
        }

        step($"disabled: enabled now {Enabled(manager)}");
        return loaded;
    }

    private static string Enabled(PatchManager manager)
        => manager.Enabled.Count == 0 ? "none" : string.Join(", ", manager.Enabled.Select(p => p.GetType().Name));

    /// <summary>One of the host's threads: calls the patch point in a loop and checks every reply.</summary>
    private sealed class Worker
    {
        private readonly Connection[] _connections;
        private readonly Thread _thread;
        private readonly Dictionary<string, long> _served = new(StringComparer.Ordinal);
        private volatile bool _stop;

        public Worker(int index, Connection[] connections)
        {
            _connections = connections;
            _thread = new Thread(Run) { Name = $"host-{index}", IsBackground = true };
        }

        /// <summary>Calls served per implementation; read after <see cref="Stop"/>.</summary>
        public IReadOnlyDictionary<string, long> Served => _served;

        /// <summary>Calls that threw or answered wrongly; read after <see cref="Stop"/>.</summary>
        public long Failed { get; private set; }

        public string? FirstError { get; private set; }

        public void Start() => _thread.Start();

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }

        private void Run()
        {
            var random = new Random(_thread.Name!.GetHashCode(StringComparison.Ordinal));
            while (!_stop)
            {
                Connection connection = _connections[random.Next(_connections.Length)];
                try
                {
                    Reply reply = Tcp.Serve(connection);
                    if (reply.ConnectionId != connection.Id || string.IsNullOrEmpty(reply.ServedBy))
                    {
                        Fail($"connection {connection.Id} got {reply}");
                        continue;
                    }

                    _served[reply.ServedBy] = _served.GetValueOrDefault(reply.ServedBy) + 1;
                }
                catch (Exception e)
                {
                    Fail($"{e.GetType().Name}: {e.Message}");
                }
            }
        }

        private void Fail(string what)
        {
            Failed++;
            FirstError ??= what;
        }
    }
}
