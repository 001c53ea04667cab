using System;
using System.IO;
using System.Text;
using HookSafety.Shared;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HookSafety.Tasks;

/// <summary>
/// Writes the patch summary (<c>hooksafety-patches/1</c>, <see cref="PatchSummary"/>) of a built assembly, read from its
/// metadata alone: none of its code is loaded or run. An assembly without patches gets no summary, and a summary left from
/// an earlier build of it is removed. An unchanged summary is not rewritten, so its time stamp says when the patches
/// last changed. Failing to read the assembly or to write the file is a warning: the build's own output is never lost to
/// the summary.
/// </summary>
public sealed class WritePatchSummary : Task
{
    /// <summary>The built assembly.</summary>
    [Required]
    public ITaskItem Assembly { get; set; } = null!;

    /// <summary>Where the summary goes: <c>&lt;AssemblyName&gt;.patches.json</c> beside the assembly.</summary>
    [Required]
    public string SummaryPath { get; set; } = "";

    /// <summary>The summary written (or left unchanged), or empty when the assembly has no patches.</summary>
    [Output]
    public string Written { get; set; } = "";

    public override bool Execute()
    {
        var assembly = Assembly.GetMetadata("FullPath");
        PatchSummary summary;
        try
        {
            summary = PatchSummaryFromMetadata.Read(File.ReadAllBytes(assembly), assembly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            Log.LogWarning(null, "HSB001", null, assembly, 0, 0, 0, 0, "HookSafety could not read '{0}' to write its patch summary: {1}", assembly, e.Message);
            return true;
        }

        try
        {
            if (summary.Patches.Count == 0)
            {
                if (File.Exists(SummaryPath))
                {
                    File.Delete(SummaryPath);
                    Log.LogMessage(MessageImportance.Low, "HookSafety: '{0}' has no patches any more; removed '{1}'.", assembly, SummaryPath);
                }

                return true;
            }

            var json = summary.ToJson();
            Written = SummaryPath;
            if (File.Exists(SummaryPath) && File.ReadAllText(SummaryPath, Encoding.UTF8) == json)
            {
                Log.LogMessage(MessageImportance.Low, "HookSafety: '{0}' is up to date.", SummaryPath);
                return true;
            }

            // Written beside, then moved over: a reader never sees half a summary.
            var temporary = SummaryPath + ".tmp";
            File.WriteAllText(temporary, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            if (File.Exists(SummaryPath))
            {
                File.Delete(SummaryPath);
            }

            File.Move(temporary, SummaryPath);
            Log.LogMessage(MessageImportance.Normal, "HookSafety: {0} patch(es) of '{1}' summarized in '{2}'.", summary.Patches.Count, summary.Assembly, SummaryPath);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Written = "";
            Log.LogWarning(null, "HSB002", null, SummaryPath, 0, 0, 0, 0, "HookSafety could not write the patch summary '{0}': {1}", SummaryPath, e.Message);
            return true;
        }
    }
}
