using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;
using HookSafety.Samples.Patches;

namespace HookSafety.Samples;

/// <summary>Enables the safe sample patch, calls the host through its point, and disables it again.</summary>
public static class Program
{
    public static void Main()
    {
        var manager = new PatchManager();
        Console.WriteLine($"before: {Parser.ParseLine.Current("a\tb c").Length} tokens, depth limit {Parser.Limits.MaxDepth}");
        manager.Enable(new FixParserOverflow());
        Console.WriteLine($"patched: {Parser.ParseLine.Current("a\tb c").Length} tokens, depth limit {Parser.Limits.MaxDepth}");
        manager.Disable("fix-parser-overflow");
        Console.WriteLine($"after: {Parser.ParseLine.Current("a\tb c").Length} tokens, depth limit {Parser.Limits.MaxDepth}");
    }
}
