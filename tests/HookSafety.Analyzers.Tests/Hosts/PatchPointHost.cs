namespace HookSafety.Analyzers.Tests.Hosts;

/// <summary>A host program with patch points for the <c>[Replaces]</c> tests, appended to their sources (it has no markup).</summary>
internal static class PatchPointHost
{
    public const string Source = """

        namespace Host
        {
            public delegate int Transform(ref int value, out string note, in long scale);

            public static class Parser
            {
                public static readonly HookSafety.Hooks.PatchPoint<System.Func<string, int>> ParseLine = new("ParseLine", s => s.Length);
                public static HookSafety.Hooks.PatchPoint<System.Action<string>> Log { get; } = new("Log", s => { });
                public static readonly HookSafety.Hooks.PatchPoint<Transform> Transform = new("Transform", (ref int v, out string n, in long s) => { n = ""; return v; });
                public static readonly HookSafety.Hooks.PatchPoint<System.Func<(int Width, int Height), object, object>> Measure = new("Measure", (size, o) => o);
                private static readonly HookSafety.Hooks.PatchPoint<System.Func<int>> Hidden = new("Hidden", () => 0);
                public static int NotAPoint;
                public static int Unused() => Hidden.Current();
            }

            public sealed class Session
            {
                public readonly HookSafety.Hooks.PatchPoint<System.Func<string, int>> InstancePoint = new("InstancePoint", s => 0);
            }
        }
        """;

    public static string With(string source) => source + Source;
}
