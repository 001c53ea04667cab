namespace HookSafety.Analyzers.Tests.Hosts;

/// <summary>
/// A host program with global state for the lifecycle rules' analyzer and fixer tests (appended to their sources; no
/// markup).
/// </summary>
internal static class LifecycleHost
{
    public const string Usings = "using System;\nusing System.Threading;\nusing HookSafety.Hooks;\nusing Host;\n\n";

    /// <summary>The fixer tests' usings: only what the patches name, so that what a fix writes is seen as written.</summary>
    public const string FixUsings = "using HookSafety.Hooks;\nusing Host;\n\n";

    public const string Source = """

        namespace Host
        {
            public sealed class Limits
            {
                public int MaxDepth { get; set; } = 16;
                public int MaxWidth = 80;
            }

            public sealed class Bus
            {
                public void Subscribe(System.Action<string> handler) { }
                public void Unsubscribe(System.Action<string> handler) { }
                public void Publish(string message) { }
            }

            public sealed class Journal
            {
                public void Add(string entry) { }
            }

            public sealed class Hooks
            {
                public void Hook(System.Action callback) { }
                public void Unhook(System.Action callback) { }
            }

            public sealed class Connection
            {
                public string Peer = "";
            }

            public static class Net
            {
                public static int ChallengeAckLimit = 100;
                public static long Counter;
                public static string? Mode;
                public static string Banner { get; set; } = "";
                public static string? Motd;
                public static readonly System.Collections.Generic.Stack<int> Levels = new();
                public static readonly HookSafety.Hooks.PatchPoint<System.Func<string, int>> Parse = new("Parse", s => s.Length);
                public static Limits Limits { get; } = new();
                public static Limits? Spare;
                public static readonly System.Collections.Generic.List<string> AllowedPeers = new();
                public static readonly System.Collections.Generic.Dictionary<string, int> Settings = new();
                public static readonly int[] Table = new int[4];
                public static readonly Bus Bus = new();
                public static readonly Journal Journal = new();
                public static readonly Hooks Hooks = new();
                public static event System.EventHandler<string>? PacketReceived;
                public static void RegisterHandler(System.Action<string> handler) { }
                public static void UnregisterHandler(System.Action<string> handler) { }
                public static void SetMode(int mode) { }
                public static void Log(string message) { }
                public static int Read() => ChallengeAckLimit;
                public static void Raise() => PacketReceived?.Invoke(null, "");
            }
        }
        """;

    public static string With(string patch) => Usings + patch + Source;

    /// <summary>A fixer test's source: <see cref="FixUsings"/>, the patch, the host.</summary>
    public static string ForFix(string patch) => FixUsings + patch + Source;
}
