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

    /// <summary>The documentation page of a rule, in the repository's <c>docs/rules</c> folder.</summary>
    public static string HelpLink(string id) => $"https://github.com/hooksafety/hooksafety/blob/main/docs/rules/{id}.md";

    // HS0001–HS0005: the lifecycle: where global state changes, and where each change is undone.
    public static readonly DiagnosticDescriptor GlobalChangeOutsidePrePatch = Create(
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

    public static readonly DiagnosticDescriptor GuardedAccessWithoutLock = Create(
        RuleIds.GuardedBy, "[GuardedBy] member used without its lock",
        "'{0}' is {1} in {2}{3} without holding '{4}', which its [GuardedBy] requires; wrap it in lock ({4})",
        ConcurrencyCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GuardedByUnknownLock = Create(
        RuleIds.GuardedBy, "[GuardedBy] names no lock",
        "[GuardedBy(\"{0}\")] on '{1}' names no field or property of '{2}'; name the object it is locked with",
        ConcurrencyCategory, DiagnosticSeverity.Warning);

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

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, bool enabledByDefault = true)
        => new(id, title, message, category, severity, enabledByDefault, description: null, helpLinkUri: HelpLink(id));
}
