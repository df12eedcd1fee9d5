using System;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Health;

/// <summary>Hides secrets in what results and messages show: URI passwords, secret query values, connection-string passwords.</summary>
internal static partial class Redact
{
    internal const string Mask = "***";

    /// <summary>A URI with the password of its user info and the values of secret-looking query parameters masked.</summary>
    internal static string Uri(string text)
    {
        string result = UserInfoPassword().Replace(text, "${scheme}${user}:" + Mask + "@");
        return SecretQueryValue().Replace(result, "${name}=" + Mask);
    }

    /// <summary>A connection string (keyword form or a postgres:// URI) with its password masked.</summary>
    internal static string ConnectionString(string text) =>
        text.Contains("://", StringComparison.Ordinal) ? Uri(text) : KeywordPassword().Replace(text, "${key}=" + Mask);

    /// <summary>Masks any occurrence of a known secret in free text (an exception message that echoes it).</summary>
    internal static string Secret(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 3 ? text : text.Replace(secret, Mask, StringComparison.Ordinal);

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.\-]*://)(?<user>[^:/@\s]*):[^@/\s]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPassword();

    [GeneratedRegex(@"(?<name>[?&](?:password|passwd|pwd|token|access_token|secret|api_?key|apikey|key|sig|signature|x-amz-signature|x-amz-credential))=[^&#\s]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretQueryValue();

    [GeneratedRegex(@"(?<key>\b(?:password|pwd))\s*=\s*(?:""[^""]*""|'[^']*'|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPassword();
}
