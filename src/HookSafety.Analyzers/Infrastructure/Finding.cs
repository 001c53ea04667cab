using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>A decided finding: what a rule over the patch model reports, with the properties its code fix reads.</summary>
internal sealed class Finding
{
    public Finding(DiagnosticDescriptor descriptor, Location location, IEnumerable<Location> additional, ImmutableDictionary<string, string?> properties, params object[] arguments)
    {
        Descriptor = descriptor;
        Location = location;
        Additional = additional.ToImmutableArray();
        Properties = properties;
        Arguments = arguments;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public Location Location { get; }

    public ImmutableArray<Location> Additional { get; }

    public ImmutableDictionary<string, string?> Properties { get; }

    public object[] Arguments { get; }

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Additional, Properties, Arguments);

    /// <summary>
    /// <paramref name="findings"/> with each repeat of an earlier one left out: the same rule and message at the same
    /// place (a helper that reaches the same throw twice, one hook's call of it, gives one finding); the same helper
    /// statement reached from one call along several chains of helpers, once (by the first chain); and a helper called
    /// several times from one hook gives one finding, on the first call, with the others as additional locations. One
    /// mistake, one finding.
    /// </summary>
    public static ImmutableArray<Finding> WithoutRepeats(ImmutableArray<Finding> findings)
    {
        if (findings.Length < 2)
        {
            return findings;
        }

        var seen = new HashSet<Finding>(SameReport.Instance);
        var statements = new HashSet<(string Id, Location At, Location Statement)>();
        var builder = ImmutableArray.CreateBuilder<Finding>(findings.Length);
        foreach (var finding in findings)
        {
            // The same helper statement reached from one call along several chains of helpers is one mistake too.
            var throughAHelper = finding.Additional.Length > 0 && finding.Properties.TryGetValue(FindingProperties.Direct, out var direct) && direct == "false";
            if (!seen.Add(finding) || (throughAHelper && !statements.Add((finding.Descriptor.Id, finding.Location, finding.Additional[0]))))
            {
                continue;
            }

            // The same helper statement reached from another call in the same hook: one finding, on the first call,
            // with the other calls as additional locations.
            var merged = false;
            for (var i = 0; throughAHelper && i < builder.Count && !merged; i++)
            {
                if (IsAnotherCallOf(builder[i], finding))
                {
                    var first = builder[i];
                    builder[i] = new Finding(first.Descriptor, first.Location, first.Additional.Add(finding.Location), first.Properties, first.Arguments);
                    merged = true;
                }
            }

            if (!merged)
            {
                builder.Add(finding);
            }
        }

        return builder.Count == findings.Length ? findings : builder.ToImmutable();
    }

    /// <summary>
    /// Whether <paramref name="later"/> reports what <paramref name="first"/> does, from another call of the same helper
    /// in the same hook: same rule and message, the same helper statement, through a different call.
    /// </summary>
    private static bool IsAnotherCallOf(Finding first, Finding later)
        => first.Descriptor.Equals(later.Descriptor)
           && first.Additional.Length > 0 && later.Additional.Length > 0 && first.Additional[0].Equals(later.Additional[0])
           && first.Properties.TryGetValue(FindingProperties.Direct, out var direct) && direct == "false"
           && first.Properties.TryGetValue(FindingProperties.Hook, out var hook) && later.Properties.TryGetValue(FindingProperties.Hook, out var laterHook) && hook == laterHook
           && !first.Location.Equals(later.Location)
           && SameArguments(first, later);

    /// <summary>Whether two findings' messages are filled with equal arguments.</summary>
    private static bool SameArguments(Finding x, Finding y)
        => x.Arguments.Length == y.Arguments.Length && x.Arguments.Zip(y.Arguments, (a, b) => Equals(a, b)).All(same => same);

    /// <summary>Two findings that would print the same: one descriptor, one location, equal message arguments.</summary>
    private sealed class SameReport : IEqualityComparer<Finding>
    {
        public static readonly SameReport Instance = new();

        public bool Equals(Finding? x, Finding? y)
            => ReferenceEquals(x, y)
               || (x is not null && y is not null && x.Descriptor.Equals(y.Descriptor) && x.Location.Equals(y.Location) && SameArguments(x, y));

        public int GetHashCode(Finding obj) => (obj.Descriptor.Id.GetHashCode() * 31) + obj.Location.GetHashCode();
    }
}

/// <summary>Names of the properties findings carry for their fixes, and the one factory that fills them.</summary>
internal static class FindingProperties
{
    /// <summary>
    /// The properties of a finding about <paramref name="reached"/>: whether it is in the code itself or reached through
    /// a helper (<see cref="Direct"/>), and, when given, the hook it is in, the hook it belongs in, the effect's kind
    /// (defaults to the effect's own), its path (defaults to the effect's), the undoing method and the lock.
    /// </summary>
    public static ImmutableDictionary<string, string?> Of(
        ReachedEffect reached, string? hook = null, string? targetHook = null, string? kind = null, string? path = null, string? inverse = null, string? lockName = null, bool withEffect = false)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        if (hook is not null)
        {
            builder[Hook] = hook;
        }

        if (targetHook is not null)
        {
            builder[TargetHook] = targetHook;
        }

        builder[Direct] = reached.CallSite is null ? "true" : "false";
        if (kind is not null || withEffect)
        {
            builder[Kind] = kind ?? reached.Effect.Kind.ToString();
        }

        if (path is not null || withEffect)
        {
            builder[Path] = path ?? reached.Effect.Path;
        }

        if (inverse is not null)
        {
            builder[Inverse] = inverse;
        }

        if (withEffect && reached.Effect.ValueText is { } value)
        {
            builder[Arguments] = value;
        }

        if (lockName is not null)
        {
            builder[Lock] = lockName;
        }

        return builder.ToImmutable();
    }

    /// <summary>The hook the statement is in.</summary>
    public const string Hook = "Hook";

    /// <summary>The hook the statement, or its undo, belongs in.</summary>
    public const string TargetHook = "TargetHook";

    /// <summary>"true" when the statement is in the hook itself (not in a helper it calls): it can be moved.</summary>
    public const string Direct = "Direct";

    /// <summary>The effect's kind (<see cref="EffectKind"/>) and, for calls, its class (<see cref="CallClass"/>).</summary>
    public const string Kind = "Kind";

    public const string CallClass = "CallClass";

    /// <summary>The member path changed.</summary>
    public const string Path = "Path";

    /// <summary>The undoing method's name (Remove, Unregister, Dispose, ...).</summary>
    public const string Inverse = "Inverse";

    /// <summary>The call's arguments, or the handler added, as written.</summary>
    public const string Arguments = "Arguments";

    /// <summary>The lock object a <c>[GuardedBy]</c> member names.</summary>
    public const string Lock = "Lock";

    /// <summary>
    /// "true" on a finding reached through a helper when everything the hook's call of that helper changes, registers
    /// or undoes gets this same finding (same rule, same hook it belongs in): moving the call moves nothing else.
    /// </summary>
    public const string WholeCall = "WholeCall";
}
