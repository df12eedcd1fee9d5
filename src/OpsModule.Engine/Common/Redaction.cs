using System.Text.RegularExpressions;

namespace OpsModule.Engine.Common;

/// <summary>Removes secrets from text that may quote a connection string or URI (messages, sources).</summary>
internal static partial class Redaction
{
    /// <summary>
    /// Replaces the value of Password / Pwd keywords and the password of <c>scheme://user:password@</c> URIs
    /// with <c>***</c>.
    /// </summary>
    internal static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string result = KeywordPassword().Replace(text, "$1=***");
        return UriPassword().Replace(result, "$1:***@");
    }

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;]*)")]
    private static partial Regex KeywordPassword();

    [GeneratedRegex(@"(?i)\b([a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s]*@")]
    private static partial Regex UriPassword();
}
