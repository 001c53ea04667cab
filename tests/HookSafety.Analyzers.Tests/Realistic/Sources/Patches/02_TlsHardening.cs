using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// PCI audit finding: the terminal negotiated HTTP/2 with an acquirer proxy that mishandles it, did not require
// TLS 1.3 on the primary link, and checked revocation offline only. The patch changes all three before the new code
// is live and restores them afterwards, except that the restore of the revocation mode was copied from the line above
// and still names the HTTP/2 variable.

[Patch("tls-hardening")]
public sealed class TlsHardening : LivePatch
{
    private const string Http2Variable = "DOTNET_SYSTEM_NET_HTTP_SOCKETSHTTPHANDLER_HTTP2SUPPORT";
    private const string RevocationVariable = "PAYTERM_TLS_REVOCATION_MODE";
    private const string RenegotiationSwitch = "PayTerm.Net.AllowLegacyRenegotiation";

    private static string? s_savedHttp2;
    private static string? s_savedRevocation;
    private static bool s_savedRenegotiation;
    private static bool s_savedRequireTls13;

    protected override HookResult PrePatch(PatchContext context)
    {
        s_savedHttp2 = Environment.GetEnvironmentVariable(Http2Variable);
        s_savedRevocation = Environment.GetEnvironmentVariable(RevocationVariable);
        s_savedRenegotiation = AppContext.TryGetSwitch(RenegotiationSwitch, out var enabled) && enabled;
        s_savedRequireTls13 = Authorizer.Primary.RequireTls13;

        Environment.SetEnvironmentVariable(Http2Variable, "0");
        Environment.SetEnvironmentVariable(RevocationVariable, "online"); // expect: HS0002
        AppContext.SetSwitch(RenegotiationSwitch, false);
        Authorizer.Primary.RequireTls13 = true;
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Environment.SetEnvironmentVariable(Http2Variable, s_savedHttp2);
        Environment.SetEnvironmentVariable(Http2Variable, s_savedRevocation);
        AppContext.SetSwitch(RenegotiationSwitch, s_savedRenegotiation);
        Authorizer.Primary.RequireTls13 = s_savedRequireTls13;
    }
}
