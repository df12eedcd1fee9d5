using System;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Common;

/// <summary>
/// Hides secrets in text that may quote a connection string or a URI (results, messages, sources): the
/// value of Password / Pwd keywords, the password of <c>scheme://user:password@</c> URIs and the values of
/// secret-looking query parameters (<c>?password=</c>, <c>&amp;token=</c>, <c>X-Amz-Signature=</c>, ...).
/// </summary>
internal static partial class Redaction
{
    internal const string Mask = "***";

    /// <summary>The text with every password and secret query value it quotes replaced by <c>***</c>.</summary>
    internal static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string result = UriPassword().Replace(text, "${prefix}:" + Mask + "@");
        result = SecretQueryValue().Replace(result, "${name}=" + Mask);
        return KeywordPassword().Replace(result, "${key}=" + Mask);
    }

    /// <summary>Masks any occurrence of a known secret in free text (an exception message that echoes it).</summary>
    internal static string Secret(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 3 ? text : text.Replace(secret, Mask, StringComparison.Ordinal);

    // Keyword form; not a URI query parameter (those are masked by SecretQueryValue without eating the rest of the query).
    [GeneratedRegex(@"(?<![?&])(?<key>\b(?:password|pwd))\s*=\s*(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPassword();

    [GeneratedRegex(@"(?<prefix>\b[a-z][a-z0-9+.\-]*://[^:/@\s]*):[^@\s]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();

    [GeneratedRegex(@"(?<name>[?&](?:password|passwd|pwd|token|access_token|secret|api_?key|apikey|key|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token))=[^&#\s]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretQueryValue();
}
