namespace HookSafety.Analyzers.Tests.Hosts;

/// <summary>A host with patch points and an event, for the concurrency rules' analyzer and fixer tests (appended; no markup).</summary>
internal static class ConcurrencyHost
{
    public const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Collections.Concurrent;\nusing System.Collections.Immutable;\nusing System.Threading;\nusing HookSafety.Hooks;\nusing Host;\n\n";

    /// <summary>The fixer tests' usings: without <c>System.Threading</c>, which a fix adds when it needs it.</summary>
    public const string FixUsings = "using System;\nusing System.Collections.Generic;\nusing HookSafety.Hooks;\nusing Host;\n\n";

    /// <summary>The fixer tests' usings after a fix added <c>System.Threading</c>.</summary>
    public const string FixUsingsWithThreading = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing HookSafety.Hooks;\nusing Host;\n\n";

    public const string Source = """

        namespace Host
        {
            public static class Parser
            {
                public static readonly HookSafety.Hooks.PatchPoint<System.Func<string, int>> Parse = new("Parse", s => s.Length);
                public static readonly HookSafety.Hooks.PatchPoint<System.Func<string, int>> Count = new("Count", s => 0);
                public static event System.EventHandler<string>? Parsed;
                public static int Hits;
                public static void Raise() => Parsed?.Invoke(null, "");
            }

            public sealed class Pool
            {
                public void Add(string item) { }
                public void Remove(string item) { }
            }
        }
        """;

    public static string With(string patch) => Usings + patch + Source;

    /// <summary>A fixer test's source: <see cref="FixUsings"/> (or, after a fix, <see cref="FixUsingsWithThreading"/>), the patch, the host.</summary>
    public static string ForFix(string patch, bool threading = false) => (threading ? FixUsingsWithThreading : FixUsings) + patch + Source;
}
