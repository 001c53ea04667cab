using System;

namespace HookSafety.Analyzers.Tests.Verification;

/// <summary>What the verifier throws when a test's expectation does not hold.</summary>
public sealed class VerifierException : Exception
{
    public VerifierException(string message)
        : base(message)
    {
    }
}
