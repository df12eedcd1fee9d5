using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Common;

/// <summary>
/// Hides secrets in text that may quote a connection string or a URI (results, messages, sources): the
/// value of Password / Pwd keywords, the password of <c>scheme://user:password@</c> URIs and the values of
/// secret-looking query parameters (see <see cref="IsSecretName"/>).
/// </summary>
internal static partial class Redaction
{
    internal const string Mask = "***";

    /// <summary>A query parameter whose name contains one of these (case-insensitive) carries a secret.</summary>
    private static readonly string[] SecretNameParts =
    [
        "secret", "token", "auth", "credential", "password", "passwd", "pwd", "passphrase", "key", "signature", "session",
        "jwt", "cookie",
    ];

    /// <summary>A query parameter with one of these as its whole name, or as one word of it (sv_sig, one-time-code), carries a secret.</summary>
    private static readonly string[] SecretNameWords = ["sig", "code", "pass", "pw", "otp", "sid", "hmac", "nonce", "ticket", "saml"];

    /// <summary>The text with every password and secret query value it quotes replaced by <c>***</c>.</summary>
    internal static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string result = UriPassword().Replace(text, "${prefix}:" + Mask + "@");
        result = QueryParameter().Replace(result, match => IsSecretName(match.Groups["name"].Value) ? match.Groups["lead"].Value + match.Groups["name"].Value + "=" + Mask : match.Value);
        return KeywordPassword().Replace(result, "${key}=" + Mask);
    }

    /// <summary>
    /// Whether a query parameter's name looks like it carries a secret: it contains secret, token, auth, credential,
    /// password/passwd/pwd, key, signature, session, jwt, ... anywhere (client_secret, X-Amz-Signature, private_token,
    /// session_id), or is sig, code, pass, otp, ... as a whole name or one word of it. Case-insensitive; a
    /// percent-encoded name is decoded first.
    /// </summary>
    internal static bool IsSecretName(string name)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(name.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            decoded = name;
        }

        string lower = decoded.ToLowerInvariant();
        if (SecretNameParts.Any(part => lower.Contains(part, StringComparison.Ordinal)))
        {
            return true;
        }

        return NameWord().Matches(decoded).Select(word => word.Value.ToLowerInvariant()).Any(word => SecretNameWords.Contains(word, StringComparer.Ordinal));
    }

    /// <summary>Masks any occurrence of a known secret in free text (an exception message that echoes it).</summary>
    internal static string Secret(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 3 ? text : text.Replace(secret, Mask, StringComparison.Ordinal);

    // Keyword form; not a URI query parameter (those are masked by QueryParameter without eating the rest of the query).
    [GeneratedRegex(@"(?<![?&])(?<key>\b(?:password|pwd))\s*=\s*(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPassword();

    [GeneratedRegex(@"(?<prefix>\b[a-z][a-z0-9+.\-]*://[^:/@\s]*):[^@\s]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();

    [GeneratedRegex(@"(?<lead>[?&])(?<name>[^=&#?\s]+)=[^&#\s]*", RegexOptions.CultureInvariant)]
    private static partial Regex QueryParameter();

    // The words of a name: split at anything not a letter or digit and where a lower-case letter meets an upper-case one (sessionId).
    [GeneratedRegex(@"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex NameWord();
}
