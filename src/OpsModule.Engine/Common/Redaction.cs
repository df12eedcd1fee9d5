using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Common;

/// <summary>
/// Hides secrets in text that may quote a connection string or a URI (results, messages, sources): the
/// value of Password / Pwd keywords, the password of <c>scheme://user:password@</c> URIs (up to the last '@' before the
/// host, so an unescaped '@' in it hides nothing) and, in a URI, the values
/// of name=value pairs whose name looks secret (see <see cref="IsSecretName"/>) or whose value is itself a URI with a
/// password: query pairs (separated by '&amp;' or ';'), path parameters (<c>/x;jsessionid=...</c>) and a fragment
/// of pairs (<c>#access_token=...</c>).
/// </summary>
internal static partial class Redaction
{
    internal const string Mask = "***";

    /// <summary>A name that contains one of these anywhere (case-insensitive) carries a secret.</summary>
    private static readonly string[] StrongWords =
    [
        "secret", "token", "password", "passwd", "passphrase", "credential", "signature", "jwt", "assertion", "bearer",
        "apikey", "api_key", "accesskey", "access_key", "privatekey", "private_key", "sessionid", "session_id", "cookie", "dsn",
    ];

    /// <summary>
    /// A name with one of these as a whole word (split at _ - . and where camelCase changes case) carries a secret:
    /// sv_sig, one_time_code, apiKey; but not author, keyword, monkey, keys_total or sessions_max.
    /// </summary>
    private static readonly string[] WeakWords =
    [
        "key", "auth", "session", "sig", "code", "pass", "passcode", "pwd", "pw", "psw", "pin", "otp", "sid", "ticket", "hmac", "nonce",
        "saml", "ak", "sk",
    ];

    /// <summary>
    /// A connection string or URI as the user gave it, with every password replaced by <c>***</c>: as <see cref="Redact"/>,
    /// but a password that starts with <c>***</c> is masked whole (Redact takes <c>***</c> and a quote for a value it
    /// masked before, as messages that quote a shown connection string have it: helper-123's <c>Password=***' Secret1</c>).
    /// </summary>
    internal static string RedactInput(string? text) => Redact(text, input: true);

    /// <summary>The text with every password and secret URI value it quotes replaced by <c>***</c>.</summary>
    internal static string Redact(string? text) => Redact(text, input: false);

    private static string Redact(string? text, bool input)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string result = UriPassword().Replace(text, "${prefix}:" + Mask + "@");
        result = UriTokenUser().Replace(result, match => IsTokenLike(match.Groups["user"].Value) ? match.Groups["scheme"].Value + Mask + "@" : match.Value);
        var redacted = new StringBuilder(result.Length);
        int last = 0;
        foreach (Match uri in AbsoluteUri().Matches(result))
        {
            redacted.Append(RedactFreeText(result[last..uri.Index], input)).Append(RedactUri(uri.Value, found: null));
            last = uri.Index + uri.Length;
        }

        return redacted.Append(RedactFreeText(result[last..], input)).ToString();
    }

    /// <summary>
    /// Whether the user information that <see cref="Redact"/> masks in this URI (up to the last '@' before the host)
    /// holds a raw '/', '?' or '#': a URI parser ends the host part there, so it would read part of the password as
    /// the host, path or query (and show it in its messages), and send the rest of it to that host.
    /// </summary>
    internal static bool UserInfoHoldsDelimiter(string uri)
    {
        Match match = UriPassword().Match(uri);
        if (!match.Success || match.Index != 0)
        {
            return false;
        }

        int start = match.Value.IndexOf("://", StringComparison.Ordinal) + 3;
        return match.Value.AsSpan(start).IndexOfAny('/', '?', '#') >= 0;
    }

    /// <summary>
    /// Whether a URI's user name without a password is a token, as https://TOKEN@host sends one: masked. Known token formats
    /// (GitHub's ghp_ and github_pat_, GitLab's glpat-, Slack's xox?-, npm_, hf_, pypi-, Stripe's sk_live_, a JWT, an AWS key
    /// id), or 20 or more letters, digits, '-', '_' and '.' with digits and both upper- and lower-case letters (as random
    /// keys are; a name of lower-case words and a year is a name: deploy-bot-2024, serviceaccount2024prod).
    /// </summary>
    private static bool IsTokenLike(string user)
    {
        string decoded = Decode(user);
        if (TokenPrefixes.Any(prefix => decoded.StartsWith(prefix, StringComparison.Ordinal)) || AwsKeyId().IsMatch(decoded))
        {
            return true;
        }

        return decoded.Length >= 20 && decoded.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            && decoded.Any(char.IsAsciiDigit) && decoded.Any(char.IsAsciiLetterUpper) && decoded.Any(char.IsAsciiLetterLower);
    }

    private static readonly string[] TokenPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "glrt-", "gldt-", "glptt-", "xoxb-", "xoxp-", "xoxa-", "xapp-", "npm_", "hf_", "pypi-", "sk_live_", "sk_test_", "rk_live_", "eyJ", "ya29."];

    /// <summary>What to do about a URI that <see cref="UserInfoHoldsDelimiter"/> refuses.</summary>
    internal const string UserInfoDelimiterAdvice =
        "its user name or password holds a raw '/', '?' or '#' (or its path an '@'), so the host cannot be told from the password. Write them percent-encoded ('/' as %2F, '?' as %3F, '#' as %23, '@' as %40)";

    /// <summary>The values (as written and decoded) that <see cref="Redact"/> masks in this URI: what an endpoint may echo back.</summary>
    internal static IReadOnlyList<string> SecretValues(string uri)
    {
        var found = new List<string>();
        RedactUri(uri, found);
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether a name (of a query parameter, path parameter or fragment pair) looks like it carries a secret: it
    /// contains a strong word (secret, token, password, signature, apikey, sessionid, dsn, ...) anywhere, or has a weak
    /// word (key, auth, session, sig, code, pass, pin, ...) as one whole word of it. Case-insensitive; a percent-encoded
    /// name is decoded first.
    /// </summary>
    internal static bool IsSecretName(string name)
    {
        string decoded = Decode(name);
        string lower = decoded.ToLowerInvariant();
        if (StrongWords.Any(word => lower.Contains(word, StringComparison.Ordinal)))
        {
            return true;
        }

        return NameWord().Matches(decoded).Select(word => word.Value.ToLowerInvariant()).Any(word => WeakWords.Contains(word, StringComparer.Ordinal));
    }

    /// <summary>Masks any occurrence of a known secret in free text (an exception message that echoes it).</summary>
    internal static string Secret(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 3 ? text : text.Replace(secret, Mask, StringComparison.Ordinal);

    /// <summary>
    /// Masks the whole occurrences of a known secret in text an endpoint answered (case-insensitive): not one inside a
    /// longer word or number, so 'connected' in 'disconnected' and '500' in '5000' stay. A secret shorter than
    /// <paramref name="minimumLength"/> is left alone (it would garble the text and hides nothing).
    /// </summary>
    internal static string WholeSecret(string text, string? secret, int minimumLength)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < Math.Max(minimumLength, 1))
        {
            return text;
        }

        var masked = new StringBuilder(text.Length);
        int from = 0;
        int at;
        while ((at = text.IndexOf(secret, from, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            int end = at + secret.Length;
            bool glued = (char.IsLetterOrDigit(secret[0]) && at > 0 && char.IsLetterOrDigit(text[at - 1]))
                || (char.IsLetterOrDigit(secret[^1]) && end < text.Length && char.IsLetterOrDigit(text[end]));
            if (glued)
            {
                masked.Append(text, from, at + 1 - from);
                from = at + 1;
            }
            else
            {
                masked.Append(text, from, at - from).Append(Mask);
                from = end;
            }
        }

        return masked.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>Text outside a URI: Password/Pwd keywords, and ?name= / &amp;name= pairs of a relative reference.</summary>
    private static string RedactFreeText(string text, bool input)
    {
        string result = QueryParameter().Replace(text, match => IsSecretName(match.Groups["name"].Value) ? match.Groups["lead"].Value + match.Groups["name"].Value + "=" + Mask : match.Value);
        return (input ? KeywordPasswordInput() : KeywordPassword()).Replace(result, "${key}=" + Mask);
    }

    /// <summary>One absolute URI: its path parameters, its query pairs and a fragment of pairs; masked values go to <paramref name="found"/>.</summary>
    private static string RedactUri(string uri, List<string>? found)
    {
        int hash = uri.IndexOf('#', StringComparison.Ordinal);
        string beforeFragment = hash < 0 ? uri : uri[..hash];
        int question = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        string path = question < 0 ? beforeFragment : beforeFragment[..question];

        var redacted = new StringBuilder(uri.Length);
        redacted.Append(string.Join('/', path.Split('/').Select(segment => RedactPairs(segment, ';', skipFirst: true, found))));
        if (question >= 0)
        {
            redacted.Append('?').Append(RedactPairs(beforeFragment[(question + 1)..], '&', skipFirst: false, found));
        }

        if (hash >= 0)
        {
            string fragment = uri[(hash + 1)..];
            redacted.Append('#').Append(fragment.Contains('=', StringComparison.Ordinal) ? RedactPairs(fragment, '&', skipFirst: false, found) : fragment);
        }

        return redacted.ToString();
    }

    /// <summary>name=value pairs separated by <paramref name="separator"/> or ';' (a path segment's own name, the first part, is kept).</summary>
    private static string RedactPairs(string text, char separator, bool skipFirst, List<string>? found)
    {
        string[] parts = text.Split(separator == ';' ? [';'] : [separator, ';']);
        if (parts.Length == 1 && skipFirst)
        {
            return text;
        }

        var redacted = new StringBuilder(text.Length);
        int position = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                redacted.Append(text[position - 1]);
            }

            redacted.Append(i == 0 && skipFirst ? parts[i] : RedactPair(parts[i], found));
            position += parts[i].Length + 1;
        }

        return redacted.ToString();
    }

    private static string RedactPair(string pair, List<string>? found)
    {
        int equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return pair;
        }

        string name = pair[..equals];
        string value = pair[(equals + 1)..];
        if (!IsSecretName(name) && !HoldsUriPassword(value))
        {
            return pair;
        }

        if (found is not null && value.Length > 0)
        {
            found.Add(value);
            found.Add(Decode(value));
        }

        return name + "=" + Mask;
    }

    /// <summary>Whether a value decodes to a URI with user:password (postgres%3A%2F%2Fu%3Apw%40h).</summary>
    private static bool HoldsUriPassword(string value)
    {
        string decoded = Decode(value);
        return UriPassword().Replace(decoded, "${prefix}:" + Mask + "@") != decoded;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    // Keyword form; not a URI query parameter (those are masked by QueryParameter without eating the rest of the query).
    // A value already masked ("Password=***" and then a quote and a space, closing punctuation or the end, as a message
    // quotes a shown connection string: "'Host=db;Password=***': ...") is only the mask: the rest of the message up to the
    // next ';' is not eaten. Anything else after the mask ("Password=***'Secret", "Password=*** Secret") is a password that
    // starts with asterisks: masked whole (helper-122).
    [GeneratedRegex(@"(?<![?&])(?<key>\b(?:password|pwd|psw))\s*=\s*(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|\*\*\*(?=['""](?:[\s)\]}>:,.;]|$)|$)|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPassword();

    // As KeywordPassword, without the already masked value: for a connection string as the user gave it.
    [GeneratedRegex(@"(?<![?&])(?<key>\b(?:password|pwd|psw))\s*=\s*(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPasswordInput();

    // scheme://user:password@ where the password runs to the LAST '@' before the host: an unescaped '@' in a password
    // (P@ss@word, p@ss/w?rd@host, Kx7@Qm9?ab=cd@host) would otherwise leave the rest of it in view. The password goes on
    // through every further '@' not separated from it by white space or another scheme://; it may hold '/', '?', '#' and
    // '='. A '@' in the path or query of a URI with a password (https://u:pw@host/users/a@b, ?mail=a@b) therefore hides
    // the host and path too: a message shows less, never the password (and such a URI is refused where it is used).
    // A user name may hold '@' (user@server, as Azure spells logins) when its password reaches its first '@' without
    // a '/', which tells it from user@host:port/path.
    [GeneratedRegex(@"(?<prefix>\b[a-z][a-z0-9+.\-]*://(?:[^:/@\s]*|[^:/@\s]*(?:@[^:/@\s]*)+(?=:[^@\s/?#]*@))):[^@\s]*@(?:(?:(?!://)[^@\s])*@)*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();

    // An AWS access key id: AKIA or ASIA and 16 upper-case letters and digits.
    [GeneratedRegex(@"^(?:AKIA|ASIA)[A-Z0-9]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKeyId();

    // scheme://user@ without a password (the user name alone may be a token: https://ghp_...@github.com/...).
    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.\-]*://)(?<user>[^:/@\s?#'""]+)@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriTokenUser();

    // An absolute URI in free text, up to white space or a quote.
    [GeneratedRegex(@"\b[a-z][a-z0-9+.\-]*://[^\s'""<>]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AbsoluteUri();

    // A value ends at the next pair, the fragment, white space or a quote (a message quotes '/x?token=...').
    [GeneratedRegex(@"(?<lead>[?&])(?<name>[^=&#?\s'""]+)=[^&#\s'""]*", RegexOptions.CultureInvariant)]
    private static partial Regex QueryParameter();

    // The words of a name: split at anything not a letter or digit and where a lower-case letter meets an upper-case one (sessionId).
    [GeneratedRegex(@"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex NameWord();
}
