using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Tests.Verification;

/// <summary>
/// A diagnostic a test expects beyond what its markup says: placed on a <c>{|#n:..|}</c> span, with
/// the message, severity and additional locations it must have.
/// </summary>
public sealed record ExpectedDiagnostic(string Id)
{
    /// <summary>The <c>{|#n:..|}</c> span it sits on; null for a diagnostic without a source location.</summary>
    public int? Location { get; init; }

    public string? Message { get; init; }

    public DiagnosticSeverity? Severity { get; init; }

    /// <summary>When set, the diagnostic's additional locations must be exactly these spans, in order.</summary>
    public ImmutableArray<int>? AdditionalLocations { get; init; }

    public ExpectedDiagnostic WithLocation(int markupIndex) => this with { Location = markupIndex };

    public ExpectedDiagnostic WithMessage(string message) => this with { Message = message };

    public ExpectedDiagnostic WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };

    public ExpectedDiagnostic WithAdditionalLocations(params int[] markupIndexes)
        => this with { AdditionalLocations = ImmutableArray.Create(markupIndexes) };
}
