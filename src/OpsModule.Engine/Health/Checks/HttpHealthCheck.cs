using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Health.Checks;

/// <summary>
/// HTTP(S): status code, latency, body text or regex, JSON assertions on the body, response headers and the TLS
/// certificate's days left. Each attempt opens its own connection, so the latency and the certificate are real.
/// </summary>
internal sealed class HttpHealthCheck : IHealthCheck
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private const int MaxRedirects = 20;
    private const int MinimumSecretLength = 3;
    private const int MinimumUriValueLength = 6;

    /// <summary>Request headers that carry credentials: sent again on a redirect only to the same scheme, host and port.</summary>
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie" };
    private readonly Uri _uri;
    private readonly HttpMethod _method;
    private readonly IReadOnlyDictionary<string, string> _headers;
    private readonly IReadOnlyList<int> _expectedStatus;
    private readonly bool _followRedirects;
    private readonly IReadOnlyList<string> _bodyContains;
    private readonly Regex? _bodyMatches;
    private readonly List<JsonAssertion> _jsonAssertions;
    private readonly IReadOnlyDictionary<string, Regex> _expectHeaders;
    private readonly bool _skipCertificateCheck;
    private readonly Threshold _responseTime;
    private readonly Threshold _certificateDays;
    private readonly string? _basicAuthorization;
    private readonly List<(string Value, int MinimumLength)> _secrets = [];

    internal HttpHealthCheck(HealthOptions options)
    {
        string text = options.Target("Uri", "Http");
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new HealthDefinitionException($"'{Redaction.Redact(text)}' is not an absolute http:// or https:// URI.");
        }

        if (Redaction.UserInfoHoldsDelimiter(text.Trim()))
        {
            throw new HealthDefinitionException($"'{Redaction.Redact(text)}' cannot be checked: {Redaction.UserInfoDelimiterAdvice}.");
        }

        _uri = uri;
        Target = Redaction.Redact(WithoutPassword(uri));
        _method = new HttpMethod((options.String("Method") ?? "GET").ToUpperInvariant());
        _headers = options.Map("Header").ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        _expectedStatus = options.Ints("ExpectedStatusCode");
        if (_expectedStatus.Where(code => code is < 100 or > 599).Select(code => (int?)code).FirstOrDefault() is int bad)
        {
            // As -ExpectedStatusCode's ValidateRange: a code outside 100-599 can never be answered, so the check could never pass.
            throw new HealthDefinitionException($"ExpectedStatusCode {bad} is not an HTTP status code; use codes from 100 to 599.");
        }

        // A redirect that is expected is the answer to check, not a hop to follow.
        _followRedirects = !_expectedStatus.Any(code => code is >= 300 and < 400);
        _bodyContains = options.Strings("BodyContains");
        string? pattern = options.String("BodyMatches");
        _bodyMatches = pattern is null ? null : CreateRegex(pattern, "BodyMatches");
        _jsonAssertions = options.Map("JsonAssertion").Select(p => new JsonAssertion(p.Key, p.Value)).ToList();
        _expectHeaders = options.Map("ExpectHeader").ToDictionary(
            p => p.Key,
            p => CreateRegex("^" + Regex.Escape(Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", "ExpectHeader", RegexOptions.IgnoreCase | RegexOptions.Singleline),
            StringComparer.OrdinalIgnoreCase);
        _skipCertificateCheck = options.Switch("SkipCertificateCheck");
        _responseTime = Threshold.Duration(options, "ResponseTime", "response time");
        double? certificateWarning = options.Double("CertificateWarningDays");
        double? certificateCritical = options.Double("CertificateCriticalDays");
        _certificateDays = Threshold.Create(
            "certificate days left",
            certificateWarning ?? 30,
            certificateCritical ?? 7,
            lowerIsWorse: true,
            days => days.ToString("0.#", CultureInfo.InvariantCulture) + " d",
            Threshold.Named("CertificateWarningDays", certificateWarning is null),
            Threshold.Named("CertificateCriticalDays", certificateCritical is null));
        _basicAuthorization = BasicAuthorization(uri);
        CollectSecrets(uri);
    }

    public string Kind => "Http";

    public string Target { get; }

    /// <summary>Runs one attempt; the values of -Header, the URI's password and its secret query values never reach the outcome.</summary>
    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        CheckOutcome outcome = await AttemptAsync(cancellationToken).ConfigureAwait(false);
        outcome.Mask(MaskSecrets);
        return outcome;
    }

    private async Task<CheckOutcome> AttemptAsync(CancellationToken cancellationToken)
    {
        X509Certificate2? certificate = null;
        SslPolicyErrors certificateErrors = SslPolicyErrors.None;
        using var handler = new SocketsHttpHandler
        {
            // Redirects are followed here (SendFollowingRedirectsAsync), not by the handler, which drops Authorization on every hop.
            AllowAutoRedirect = false,
            UseCookies = false,
            // A gzip, deflate or Brotli body (asked for, or sent unasked) is checked as the text it decodes to (helper-118);
            // without a body check the body is not decoded, so a wrong Content-Encoding does not fail a status check (helper-122).
            AutomaticDecompression = ChecksBody ? System.Net.DecompressionMethods.All : System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    if (cert is not null)
                    {
                        certificate = new X509Certificate2(cert);
                    }

                    certificateErrors = errors;
                    return _skipCertificateCheck || errors == SslPolicyErrors.None;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var outcome = new CheckOutcome();
        Stopwatch clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await SendFollowingRedirectsAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            string reason = certificateErrors == SslPolicyErrors.None ? Redaction.Redact(Innermost(ex))
                : certificate is not null && certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow ? $"the server's TLS certificate {Expired(certificate)}"
                : certificate is not null && certificate.NotBefore.ToUniversalTime() > DateTime.UtcNow ? $"the server's TLS certificate {NotYetValid(certificate)}"
                : $"the server's TLS certificate is not trusted ({certificateErrors}); use -SkipCertificateCheck for a self-signed certificate";
            outcome.Report(HealthStatus.Unhealthy, $"{_method} {Target} failed: {reason}");
            AddCertificate(outcome, certificate);
            return outcome;
        }

        using (response)
        {
            string? body = null;
            bool truncated = false;
            if (ChecksBody)
            {
                try
                {
                    (body, truncated) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException)
                {
                    // gzip and deflate throw InvalidDataException, Brotli InvalidOperationException (helper-123).
                    outcome.Report(HealthStatus.Unhealthy, $"the body could not be decompressed as its Content-Encoding header says ({ex.Message})");
                    outcome.Data["StatusCode"] = (int)response.StatusCode;
                    outcome.ResponseTime = clock.Elapsed;
                    AddCertificate(outcome, certificate);
                    return outcome;
                }
            }
            else
            {
                await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            TimeSpan elapsed = clock.Elapsed;
            outcome.ResponseTime = elapsed;
            int status = (int)response.StatusCode;
            outcome.Data["StatusCode"] = status;
            bool statusOk = _expectedStatus.Count > 0 ? _expectedStatus.Contains(status) : status is >= 200 and < 300;
            if (!statusOk)
            {
                string expected = _expectedStatus.Count > 0 ? string.Join(", ", _expectedStatus) : "2xx";
                outcome.Report(HealthStatus.Unhealthy, $"status {status} {response.ReasonPhrase} (expected {expected}){RedirectNotFollowed(response)}");
            }

            outcome.Measure("ResponseTimeMs", Math.Round(elapsed.TotalMilliseconds, 1), elapsed.TotalSeconds, _responseTime);
            CheckHeaders(response, outcome);
            if (body is not null)
            {
                CheckBody(body, truncated, outcome);
            }

            if (certificate is not null)
            {
                double daysLeft = (certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays;
                AddCertificate(outcome, certificate);
                if (daysLeft < 0)
                {
                    outcome.Data["DaysLeft"] = Math.Round(daysLeft, 1);
                    outcome.Report(HealthStatus.Unhealthy, $"the certificate {Expired(certificate)}");
                }
                else if (certificate.NotBefore.ToUniversalTime() > DateTime.UtcNow)
                {
                    // Not valid yet (a certificate issued with a wrong clock, or deployed early): clients refuse it as they
                    // refuse an expired one, so -SkipCertificateCheck does not make it healthy (helper-118).
                    outcome.Data["CertificateValidFrom"] = certificate.NotBefore.ToUniversalTime();
                    outcome.Report(HealthStatus.Unhealthy, $"the certificate {NotYetValid(certificate)}");
                }
                else
                {
                    outcome.Measure("DaysLeft", Math.Round(daysLeft, 1), daysLeft, _certificateDays);
                }
            }

            outcome.Summary = $"{status} {response.ReasonPhrase} in {Threshold.FormatSeconds(elapsed.TotalSeconds)}" +
                (certificate is not null ? $", certificate valid for {outcome.Data["DaysLeft"]} more days" : string.Empty);
        }

        return outcome;
    }

    /// <summary>
    /// Sends the request and, unless a 3xx is expected, follows up to <see cref="MaxRedirects"/> redirects (never from https
    /// to http): 303, and 301/302 after a POST, go on as GET, as browsers and curl do. The URI's user information and an
    /// Authorization, Proxy-Authorization or Cookie header are sent again only while the redirect stays on the first URI's
    /// scheme, host and port (curl's rule), never to another host; the other headers go with every hop.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        Uri current = _uri;
        HttpMethod method = _method;
        for (int hop = 0; ; hop++)
        {
            using HttpRequestMessage request = Request(method, current, SameOrigin(current, _uri));
            HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (!_followRedirects || hop == MaxRedirects || status is not (300 or 301 or 302 or 303 or 307 or 308) || response.Headers.Location is not Uri location)
            {
                return response;
            }

            Uri next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if ((next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps) || (current.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp))
            {
                return response;
            }

            if (status == 303 ? method != HttpMethod.Head : status is 301 or 302 && method == HttpMethod.Post)
            {
                method = HttpMethod.Get;
            }

            response.Dispose();
            current = next;
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri, bool withCredentials)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (KeyValuePair<string, string> header in _headers)
        {
            if (withCredentials || !CredentialHeaders.Contains(header.Key))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (withCredentials && _basicAuthorization is not null && !_headers.ContainsKey("Authorization"))
        {
            // As curl does: user:password in the URI is sent as HTTP Basic authorization (an explicit header wins).
            request.Headers.TryAddWithoutValidation("Authorization", _basicAuthorization);
        }

        return request;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme.Equals(b.Scheme, StringComparison.OrdinalIgnoreCase) && a.IdnHost.Equals(b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>
    /// The URI as typed, or, when it carries a password, rebuilt with the password as <c>***</c> (the text may hold it
    /// unescaped, with spaces or '@', where no pattern can find where it ends).
    /// </summary>
    private static string WithoutPassword(Uri uri)
    {
        int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return uri.OriginalString;
        }

        string rest = uri.GetComponents(UriComponents.HostAndPort | UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);
        return $"{uri.Scheme}://{uri.UserInfo[..colon]}:{Redaction.Mask}@{rest}";
    }

    /// <summary>"Basic base64(user:password)" for a URI with user information, else null.</summary>
    private static string? BasicAuthorization(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        string[] parts = uri.UserInfo.Split(':', 2);
        string credentials = Uri.UnescapeDataString(parts[0]) + ":" + (parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
    }

    /// <summary>
    /// What an endpoint may echo back that must never be shown: header values (and the token after their scheme, such
    /// as Bearer), the URI's password and Basic credentials, and the values <see cref="Redaction"/> masks in the URI.
    /// Each with the shortest length that is masked: a secret URI value shorter than 6 characters (500, eu) is no
    /// credential, and masking it would garble messages.
    /// </summary>
    private void CollectSecrets(Uri uri)
    {
        foreach (string value in _headers.Values)
        {
            _secrets.Add((value, MinimumSecretLength));
            int space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                _secrets.Add((value[(space + 1)..].Trim(), MinimumSecretLength));
            }
        }

        string[] userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo.Length == 2)
        {
            _secrets.Add((userInfo[1], MinimumSecretLength));
            _secrets.Add((Uri.UnescapeDataString(userInfo[1]), MinimumSecretLength));
        }

        if (_basicAuthorization is not null)
        {
            _secrets.Add((_basicAuthorization, MinimumSecretLength));
            _secrets.Add((_basicAuthorization["Basic ".Length..], MinimumSecretLength));
        }

        foreach (string value in Redaction.SecretValues(uri.OriginalString).Concat(Redaction.SecretValues(uri.AbsoluteUri)))
        {
            _secrets.Add((value, MinimumUriValueLength));
        }

        _secrets.Sort((a, b) => b.Value.Length.CompareTo(a.Value.Length));
    }

    /// <summary>The text with each whole occurrence of a collected secret (any case: 'bearer xyz' for 'Bearer XYZ') masked, then redacted.</summary>
    private string MaskSecrets(string text)
    {
        foreach ((string value, int minimumLength) in _secrets)
        {
            text = Redaction.WholeSecret(text, value, minimumLength);
        }

        return Redaction.Redact(text);
    }

    /// <summary>Why a redirect the handler was to follow was not: too many hops, or a downgrade from https to http.</summary>
    private string RedirectNotFollowed(HttpResponseMessage response)
    {
        if (!_followRedirects || (int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not Uri location)
        {
            return string.Empty;
        }

        Uri? from = response.RequestMessage?.RequestUri;
        Uri to = from is null || location.IsAbsoluteUri ? location : new Uri(from, location);
        string where = Redaction.Redact(to.IsAbsoluteUri ? to.AbsoluteUri : to.OriginalString);
        int status = (int)response.StatusCode;
        if (status is not (300 or 301 or 302 or 303 or 307 or 308))
        {
            return $": a {status} is not a redirect that is followed (its Location is '{where}')";
        }

        if (to.IsAbsoluteUri && to.Scheme != Uri.UriSchemeHttp && to.Scheme != Uri.UriSchemeHttps)
        {
            return $": the redirect to '{where}' is not followed (only http and https are)";
        }

        return from?.Scheme == Uri.UriSchemeHttps && to.IsAbsoluteUri && to.Scheme == Uri.UriSchemeHttp
            ? $": the redirect from https to http ('{where}') is not followed"
            : $": too many redirects (more than {MaxRedirects}); the last one points to '{where}'";
    }

    /// <summary>"expired on 2025-02-01 00:00:00Z (665.1 d ago)".</summary>
    private static string Expired(X509Certificate2 certificate)
    {
        DateTime notAfter = certificate.NotAfter.ToUniversalTime();
        return $"expired on {notAfter.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z ({Threshold.FormatSeconds((DateTime.UtcNow - notAfter).TotalSeconds)} ago)";
    }

    /// <summary>"is not valid until 2026-12-09 10:00:00Z (10.0 d from now)".</summary>
    private static string NotYetValid(X509Certificate2 certificate)
    {
        DateTime notBefore = certificate.NotBefore.ToUniversalTime();
        return $"is not valid until {notBefore.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z ({Threshold.FormatSeconds((notBefore - DateTime.UtcNow).TotalSeconds)} from now)";
    }

    private static void AddCertificate(CheckOutcome outcome, X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return;
        }

        outcome.Data["CertificateSubject"] = certificate.Subject;
        outcome.Data["CertificateExpires"] = certificate.NotAfter.ToUniversalTime();
        if (!outcome.Data.ContainsKey("DaysLeft"))
        {
            outcome.Data["DaysLeft"] = Math.Round((certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays, 1);
        }
    }

    private void CheckHeaders(HttpResponseMessage response, CheckOutcome outcome)
    {
        foreach (KeyValuePair<string, Regex> expected in _expectHeaders)
        {
            string? value = response.Headers.TryGetValues(expected.Key, out IEnumerable<string>? values) ? string.Join(", ", values)
                : response.Content.Headers.TryGetValues(expected.Key, out IEnumerable<string>? contentValues) ? string.Join(", ", contentValues)
                : null;
            if (value is null)
            {
                outcome.Report(HealthStatus.Unhealthy, $"response header '{expected.Key}' is missing");
            }
            else if (!expected.Value.IsMatch(value))
            {
                outcome.Report(HealthStatus.Unhealthy, $"response header '{expected.Key}' is '{value}', not as expected");
            }
        }
    }

    private void CheckBody(string body, bool truncated, CheckOutcome outcome)
    {
        // A body longer than the limit is checked on its first MaxBodyBytes only, and the message says so.
        string theBody = truncated ? $"the first {MaxBodyBytes / (1024 * 1024)} MiB of the body (it is longer; only that much is read)" : "the body";
        if (truncated)
        {
            outcome.Data["BodyTruncated"] = true;
        }

        foreach (string text in _bodyContains)
        {
            if (!body.Contains(text, StringComparison.Ordinal))
            {
                outcome.Report(HealthStatus.Unhealthy, $"{theBody} {(truncated ? "do" : "does")} not contain '{text}'");
            }
        }

        if (_bodyMatches is not null && !_bodyMatches.IsMatch(body))
        {
            outcome.Report(HealthStatus.Unhealthy, $"{theBody} {(truncated ? "do" : "does")} not match /{_bodyMatches}/");
        }

        if (_jsonAssertions.Count == 0)
        {
            return;
        }

        if (truncated)
        {
            outcome.Report(HealthStatus.Unhealthy, $"the body is longer than {MaxBodyBytes / (1024 * 1024)} MiB, the most read for -JsonAssertion; it was not parsed");
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            // System.Text.Json's message ends with its parser position ("Path: $ | LineNumber: 0 | ..."): only the reason is kept.
            string reason = ex.Message.Split([" Path: ", " LineNumber: "], 2, StringSplitOptions.None)[0].TrimEnd('.');
            outcome.Report(HealthStatus.Unhealthy, $"the body is not JSON ({reason}, at byte {ex.BytePositionInLine ?? 0} of line {(ex.LineNumber ?? 0) + 1})");
            return;
        }

        using (document)
        {
            var failed = new List<string>();
            foreach (JsonAssertion assertion in _jsonAssertions)
            {
                foreach ((string path, string problem) in assertion.Check(document.RootElement))
                {
                    failed.Add(path);
                    outcome.Report(HealthStatus.Unhealthy, problem);
                }
            }

            if (failed.Count > 0)
            {
                outcome.Data["FailedComponents"] = failed.ToArray();
            }
        }
    }

    /// <summary>True when a body check asks for the body's text.</summary>
    private bool ChecksBody => _bodyContains.Count > 0 || _bodyMatches is not null || _jsonAssertions.Count > 0;

    /// <summary>The body as text, at most its first <see cref="MaxBodyBytes"/> bytes; Truncated when it was longer.</summary>
    private static async Task<(string Body, bool Truncated)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            while (true)
            {
                // At the limit, one more byte says whether the body goes on.
                int room = (int)Math.Min(chunk.Length, MaxBodyBytes - buffer.Length);
                int read = await stream.ReadAsync(chunk.AsMemory(0, Math.Max(room, 1)), cancellationToken).ConfigureAwait(false);
                if (read == 0 || room == 0)
                {
                    return (Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), response.Content.Headers.ContentType?.CharSet), read > 0);
                }

                buffer.Write(chunk, 0, read);
            }
        }
    }

    /// <summary>
    /// The body as text: by its byte order mark (UTF-8, UTF-16 or UTF-32, the mark dropped), else by the Content-Type
    /// charset (iso-8859-1, utf-16, ...; one .NET does not know counts as absent), else as UTF-8.
    /// </summary>
    internal static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        (Encoding? encoding, int mark) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding.UTF32, 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true), 4),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => (null, 0),
        };
        if (encoding is null && !string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim().Trim('"', '\''));
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                encoding = null;
            }
        }

        return (encoding ?? Encoding.UTF8).GetString(bytes[mark..]);
    }

    /// <summary>A regular expression of a setting (case-sensitive unless <paramref name="options"/> say otherwise: -ExpectHeader's wildcards are not, as -like is not).</summary>
    private static Regex CreateRegex(string pattern, string key, RegexOptions options = RegexOptions.None)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | options, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new HealthDefinitionException($"{key} '{pattern}' is not a valid regular expression: {ex.Message}");
        }
    }

    private static string Innermost(Exception ex)
    {
        var messages = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" ", messages.Distinct());
    }
}
