using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>
/// Every diagnostic HookSafety reports, in one place. A rule may have several descriptors (one per
/// message) under one id; all of them share the id's category, severity and documentation page.
/// </summary>
internal static class Descriptors
{
    public const string ShapeCategory = "HookSafety.Shape";
    public const string LifecycleCategory = "HookSafety.Lifecycle";
    public const string ConcurrencyCategory = "HookSafety.Concurrency";
    public const string HazardCategory = "HookSafety.Hazards";

    /// <summary>The documentation page of a rule, in the repository's <c>docs/rules</c> folder.</summary>
    public static string HelpLink(string id) => $"https://github.com/hooksafety/hooksafety/blob/main/docs/rules/{id}.md";

    // HS0001–HS0005: the lifecycle: where global state changes, and where each change is undone.
    public static readonly DiagnosticDescriptor GlobalStateOutsidePrePatch = Create(
        RuleIds.GlobalStateOutsidePrePatch, "Global state changed outside PrePatch",
        "'{0}' is {1} in {2}{3}, {4}; {5}",
        LifecycleCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingUndo = Create(
        RuleIds.MissingUndo, "Global change never undone",
        "'{0}' is {1} in {2}{3} but never undone in {4}; {5}",
        LifecycleCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingUnregistration = Create(
        RuleIds.MissingUnregistration, "Registration never undone",
        "'{0}' is {1} in {2}{3} but never undone in {4}; {5}",
        LifecycleCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UndoInWrongHook = Create(
        RuleIds.UndoInWrongHook, "Undo in the wrong hook",
        "'{0}' is {1} in {2} but undone in {3}{4}, {5}; undo it in {6}",
        LifecycleCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ShadowVariableLeak = Create(
        RuleIds.ShadowVariableLeak, "Shadow variable never detached",
        "Shadow variable '{0}' is attached in {1}{2} but never detached in PostUnpatch, so its values outlive the patch; call '{3}.DetachAll()' in PostUnpatch",
        LifecycleCategory, DiagnosticSeverity.Warning);

    // HS0006–HS0007: shared data touched from code that runs concurrently.
    public static readonly DiagnosticDescriptor UnsynchronizedSharedData = Create(
        RuleIds.UnsynchronizedSharedData, "Shared data changed without synchronization",
        "'{0}' {1} in {2}{3}, {4}; {5}",
        ConcurrencyCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GuardedBy = Create(
        RuleIds.GuardedBy, "[GuardedBy] member used without its lock",
        "'{0}' is {1} in {2}{3} without holding '{4}', which its [GuardedBy] requires; wrap it in lock ({4})",
        ConcurrencyCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GuardedByUnknownLock = Create(
        RuleIds.GuardedBy, "[GuardedBy] names no lock",
        "[GuardedBy(\"{0}\")] on '{1}' names no field or property of '{2}'; name the object it is locked with",
        ConcurrencyCategory, DiagnosticSeverity.Warning);

    // HS0008–HS0012, HS0015–HS0017: the livepatch power-user hazards.
    public static readonly DiagnosticDescriptor PrePatchFailure = Create(
        RuleIds.PrePatchFailure, "PrePatch throws instead of rejecting",
        "PrePatch throws {0}{1} instead of returning HookResult.Reject(...); a rejection says why the patch refused, an exception only says that something broke: return HookResult.Reject(reason)",
        HazardCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RejectAfterChange = Create(
        RuleIds.PrePatchFailure, "PrePatch rejects after changing global state",
        "PrePatch rejects here after changing '{0}'{1} on this path without undoing it; no other hook of a rejected patch runs, so nothing will: undo it before returning Reject, or check before changing",
        HazardCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HookCannotFail = Create(
        RuleIds.HookCannotFail, "Exception can leave a hook that cannot fail",
        "{0} can be thrown out of {1}{2}, which cannot fail: the manager wraps it in PatchHookException and {3}; catch it in {1} and report the failure",
        HazardCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StateData = Create(
        RuleIds.StateData, "PatchState.Data holds a type of the patch's own assembly",
        "PatchState.Data is set to {0} defined in this patch's assembly ('{1}'); the next patch, built separately, cannot read it, and it keeps this patch's code alive after it is gone: store data of shared types (strings, numbers, collections of them, types of a shared assembly)",
        HazardCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GetPreviousOutsideEnable = Create(
        RuleIds.GetPreviousOutsideEnable, "GetPrevious outside PrePatch and PostPatch",
        "GetPrevious is called in {0}{1}, where it always returns null: the replaced patches' states exist only while the patch is being enabled; read them in PrePatch or PostPatch and keep what you need in this patch's state",
        HazardCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateState = Create(
        RuleIds.StateConsistency, "State declared twice",
        "State '{0}' is declared twice on '{1}'; declare each state once, with one version",
        HazardCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor StateVersionBelowOne = Create(
        RuleIds.StateConsistency, "State version below 1",
        "State '{0}' of '{1}' has version {2}; versions start at 1",
        HazardCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CumulativeOmitsState = Create(
        RuleIds.StateConsistency, "Cumulative patch omits a state",
        "Cumulative patch '{0}' does not declare {1}; the manager refuses it while {2} registered: add {3}",
        HazardCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CumulativeLowersState = Create(
        RuleIds.StateConsistency, "Cumulative patch declares a lower state version",
        "Cumulative patch '{0}' declares state '{1}' in version {2}, lower than version {3} of '{4}'; the manager refuses it while that version is registered: declare version {3} or higher",
        HazardCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor StickyUnpatchHooks = Create(
        RuleIds.StickyUnpatchHooks, "Sticky patch with unpatch hooks",
        "'{0}' is sticky, so it is never disabled and its {1} never runs; remove it, or make the patch not sticky",
        HazardCategory, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor BlockingWait = Create(
        RuleIds.BlockingWait, "Blocking wait in a hook",
        "'{0}' blocks in {1}{2}, holding up every other patch operation of the manager; wait with a timeout, or do the work outside the hook",
        HazardCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ShadowIdClash = Create(
        RuleIds.ShadowIdClash, "Shadow variable id used with different value types",
        "Shadow variable id '{0}' holds {1} here but {2} in '{3}'; ids are shared by every patch, so one would read what the other attached: use another id, or the same value type",
        HazardCategory, DiagnosticSeverity.Warning, customTags: WellKnownDiagnosticTags.CompilationEnd);

    // HS0013: [Replaces] target and signature.
    public static readonly DiagnosticDescriptor ReplacementNotStatic = Create(
        RuleIds.ReplacesTarget, "Replacement method must be static",
        "'{0}' replaces '{1}' but is not static; the patch manager calls replacements without an instance: make it static",
        ShapeCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ReplacementTargetMissing = Create(
        RuleIds.ReplacesTarget, "Replaced patch point does not exist",
        "'{0}' replaces '{1}.{2}', but '{1}' declares no static PatchPoint<TDelegate> field or property named '{2}': name a patch point of '{1}'",
        ShapeCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ReplacementSignatureMismatch = Create(
        RuleIds.ReplacesTarget, "Replacement signature does not match the patch point",
        "'{0}' does not match '{1}' (PatchPoint<{2}>): {3}; declare it as '{4}'",
        ShapeCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor PointReplacedTwice = Create(
        RuleIds.ReplacesTarget, "Patch point replaced twice in one patch",
        "'{0}' and '{1}' both replace '{2}'; a patch replaces a point once: remove one of them",
        ShapeCategory, DiagnosticSeverity.Error);

    // HS0014: patch shape.
    public static readonly DiagnosticDescriptor PatchWithoutLivePatchBase = Create(
        RuleIds.PatchShape, "[Patch] class does not derive from LivePatch",
        "'{0}' has [Patch] but does not derive from LivePatch, so the patch manager cannot enable it: derive it from LivePatch",
        ShapeCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LivePatchWithoutPatchAttribute = Create(
        RuleIds.PatchShape, "LivePatch class has no [Patch]",
        "'{0}' derives from LivePatch but has no [Patch(\"id\")], so the patch manager refuses it: add [Patch] with a unique id, or make the class abstract if it is a base class",
        ShapeCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EmptyPatchId = Create(
        RuleIds.PatchShape, "Patch id is empty",
        "The patch id of '{0}' is empty, so the patch manager refuses it: give [Patch] a unique, non-empty id",
        ShapeCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicatePatchId = Create(
        RuleIds.PatchShape, "Patch id is not unique",
        "Patch id '{0}' of '{1}' is also the id of '{2}'; the patch manager refuses a second patch with an enabled id: give each patch its own id",
        ShapeCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HookHidden = Create(
        RuleIds.PatchShape, "Hook hides LivePatch's hook instead of overriding it",
        "'{0}' hides LivePatch.{1} instead of overriding it, so the patch manager never calls it: declare it 'protected override'",
        ShapeCategory, DiagnosticSeverity.Error);

    // HS0018: the release series.
    public static readonly DiagnosticDescriptor ReleaseRefused = Create(
        RuleIds.ReleaseSeries, "A patch cannot replace a release in the field",
        "'{0}' cannot be enabled where release '{1}' ({2}) is: {3}",
        HazardCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ReleaseUnreadable = Create(
        RuleIds.ReleaseSeries, "A release summary cannot be read",
        "Release summary '{0}' cannot be read, so no patch is checked against it: {1}",
        HazardCategory, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, bool enabledByDefault = true, params string[] customTags)
        => new(id, title, message, category, severity, enabledByDefault, description: null, helpLinkUri: HelpLink(id), customTags);
}
