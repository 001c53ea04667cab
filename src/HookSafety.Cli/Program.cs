using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Text;

namespace HookSafety.Cli;

/// <summary>
/// <c>hooksafety</c>: <c>hooksafety series &lt;release&gt;... [--format markdown|json|sarif] [--output &lt;file&gt;]</c> checks a
/// series of releases, every upgrade and every rollback, the way <c>PatchManager</c> would take them
/// (<c>docs/release-series.md</c>). Exit codes: 0 every upgrade is allowed; 1 an upgrade is refused; 2 the input or the
/// command line cannot be used (one line on stderr).
/// </summary>
public static class Program
{
    public const int Allowed = 0;
    public const int UpgradeRefused = 1;
    public const int Unusable = 2;

    private static readonly string[] Formats = { "markdown", "json", "sarif" };

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line <paramref name="args"/>, writing to the given writers; returns the exit code. Never throws.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var releases = new Argument<string[]>("release")
        {
            Description = "The releases, in release order (the order given is kept): patch summaries (*.patches.json) or built assemblies (.dll, .exe; read from their metadata, never loaded).",
            Arity = ArgumentArity.OneOrMore,
        };
        releases.Validators.Add(result =>
        {
            // An option this command does not know would otherwise be taken for a release.
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && !File.Exists(token.Value))
                {
                    result.AddError($"unknown option '{token.Value}'.");
                    return;
                }
            }
        });
        var format = new Option<string>("--format", "-f")
        {
            Description = "The report's format: markdown (default), json (schema hooksafety-series/1) or sarif (SARIF 2.1.0).",
            DefaultValueFactory = _ => "markdown",
            HelpName = "markdown|json|sarif",
        };
        format.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && Array.IndexOf(Formats, value) < 0)
            {
                result.AddError($"unknown format '{value}' (expected markdown, json or sarif).");
            }
        });
        format.CompletionSources.Add(Formats);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the report to this file instead of the standard output.",
            HelpName = "file",
        };

        var series = new Command("series", "Check every upgrade and rollback of a release series the way PatchManager would take them. Exit code 0: every upgrade is allowed; 1: an upgrade is refused; 2: unusable input.")
        {
            releases,
            format,
            output,
        };
        series.SetAction(parsed => Series(parsed.GetValue(releases) ?? Array.Empty<string>(), parsed.GetValue(format) ?? "markdown", parsed.GetValue(output), stdout, stderr));

        // Named as installed (the tool's command), whatever the executable's file is called.
        var root = new Command("hooksafety", "HookSafety: checks for live patches of .NET programs.") { series };
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        try
        {
            var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            {
                stderr.WriteLine($"hooksafety: {Flat(parsed.Errors[0].Message)} (see hooksafety series --help)");
                return Unusable;
            }

            // The exit code of the action run: series' own, or 0 for --help and --version.
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Whatever is left is a fault of the tool, still said in one line.
            stderr.WriteLine($"hooksafety: internal error: {e.GetType().Name}: {Flat(e.Message)}");
            return Unusable;
        }
    }

    /// <summary>The <c>series</c> command, once its arguments are parsed.</summary>
    internal static int Series(IReadOnlyList<string> files, string format, string? output, TextWriter stdout, TextWriter stderr)
    {
        SeriesReport report;
        try
        {
            report = new SeriesReport(ReleaseInput.ReadAll(files));
        }
        catch (InputException e)
        {
            stderr.WriteLine("hooksafety: " + Flat(e.Message));
            return Unusable;
        }

        var text = format switch
        {
            "json" => JsonReport.Build(report),
            "sarif" => SarifReport.Build(report),
            _ => MarkdownReport.Build(report),
        };

        if (output is null)
        {
            stdout.Write(text);
            stdout.Flush();
        }
        else
        {
            try
            {
                File.WriteAllText(output, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"hooksafety: {output}: cannot be written: {Flat(e.Message)}");
                return Unusable;
            }
        }

        return report.ExitCode;
    }

    private static string Flat(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
