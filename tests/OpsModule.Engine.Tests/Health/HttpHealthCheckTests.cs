using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Health;
using OpsModule.Engine.Tests.Support;
using Xunit;
using static OpsModule.Engine.Tests.Health.HealthTestSupport;

namespace OpsModule.Engine.Tests.Health;

[Collection(TimedTests.Name)]
public class HttpHealthCheckTests
{
    private const string SeedDocument = """{"status":"healthy","services":{"database":"connected","cache":"disconnected"}}""";

    [Fact]
    public async Task Healthy_slow_failing_and_hanging_endpoints_each_get_their_status_and_the_hang_costs_only_its_timeout()
    {
        using var server = new TestHttpServer(path => path switch
        {
            "/ok" => new TestResponse(200, "{}"),
            "/slow" => new TestResponse(200, "{}", Delay: TimeSpan.FromMilliseconds(3000)),
            "/fail" => new TestResponse(503, "down"),
            _ => new TestResponse(200, Hang: true),
        });

        // The slow endpoint has room under a loaded CI machine (an 8 s timeout for a 3 s answer); the hang has 2 s. The
        // warning is 1 s: the first answer of a cold process on a busy 2-core machine once took over 300 ms (a CI run failed).
        // Run one after another they would take at least 5 s; at once, about the slow answer's 3 s.
        HealthCheckSpec Check(string path, string name, int timeoutSec) => Spec(("Kind", "Http"), ("Name", name), ("Uri", server.At(path).ToString()),
            ("ResponseTimeWarning", "1s"), ("ResponseTimeCritical", "10s"), ("TimeoutSec", timeoutSec));

        Stopwatch clock = Stopwatch.StartNew();
        List<HealthCheckResult> results = await RunAllAsync([Check("/ok", "ok", 5), Check("/slow", "slow", 8), Check("/fail", "fail", 5), Check("/hang", "hang", 2)], 4);
        clock.Stop();

        var byName = results.ToDictionary(r => r.Name);
        Assert.True(byName["ok"].Status == HealthStatus.Healthy, $"ok: {byName["ok"].Status} '{byName["ok"].Message}' in {byName["ok"].ResponseTime}");
        Assert.Equal(200, byName["ok"].Data["StatusCode"]);
        Assert.NotNull(byName["ok"].ResponseTime);
        Assert.Equal(HealthStatus.Degraded, byName["slow"].Status);
        Assert.Contains("response time", byName["slow"].Message, StringComparison.Ordinal);
        // The server's 3 s delay starts when it has read the request, and timers may end it a millisecond early:
        // the client's measure is the delay give or take that, far above the other answers' few milliseconds.
        Assert.True(byName["slow"].ResponseTime >= TimeSpan.FromMilliseconds(2900), $"slow answer measured {byName["slow"].ResponseTime}");
        Assert.Equal(HealthStatus.Unhealthy, byName["fail"].Status);
        Assert.Contains("status 503", byName["fail"].Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, byName["hang"].Status);
        Assert.Equal(true, byName["hang"].Data["TimedOut"]);
        Assert.Null(byName["hang"].ResponseTime);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.6), $"the call took {clock.Elapsed} with a 2 s timeout for the hang and 3 s for the slow answer (5 s one after another)");
    }

    [Fact]
    public async Task Json_assertions_on_the_seed_document_name_the_disconnected_component()
    {
        using var server = new TestHttpServer(_ => new TestResponse(200, SeedDocument));

        HealthCheckResult result = await RunAsync(("Kind", "Http"), ("Uri", server.At("/health").ToString()),
            ("JsonAssertion", new Dictionary<string, object?> { ["status"] = "healthy", ["services.*"] = "connected" }));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("services.cache is 'disconnected' (expected 'connected')", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("services.database", result.Message, StringComparison.Ordinal);
        Assert.Equal(["services.cache"], (string[])result.Data["FailedComponents"]!);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_says_why_without_the_parser_internals()
    {
        using var server = new TestHttpServer(_ => new TestResponse(200, "<html>maintenance</html>", ContentType: "text/html"));

        HealthCheckResult result = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("JsonAssertion", new Hashtable { ["status"] = "ok" }));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.True(result.Message.Contains("the body is not JSON ('<' is an invalid start of a value", StringComparison.Ordinal), result.Message);
        Assert.DoesNotContain("LineNumber", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_assertions_pass_when_every_component_is_in_the_allowed_set_and_fail_on_a_missing_path()
    {
        using var server = new TestHttpServer(_ => new TestResponse(200, """{"status":"HEALTHY","services":{"database":"connected","cache":"ok"}}"""));

        HealthCheckResult healthy = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()),
            ("JsonAssertion", new Hashtable { ["status"] = "healthy", ["services.*"] = new object[] { "connected", "ok" } }));
        HealthCheckResult missing = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()),
            ("JsonAssertion", new Hashtable { ["checks.database"] = "up" }));

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Contains("no 'checks.database'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_and_header_assertions_are_checked()
    {
        using var server = new TestHttpServer(_ => new TestResponse(200, "all systems go", ContentType: "text/plain"));

        HealthCheckResult good = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("BodyContains", "systems"),
            ("BodyMatches", "^all .* go$"), ("ExpectHeader", new Hashtable { ["Content-Type"] = "text/*", ["X-Test-Server"] = "yes" }));
        HealthCheckResult bad = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("BodyContains", "database ok"),
            ("ExpectHeader", new Hashtable { ["Content-Type"] = "application/json*" }));

        Assert.Equal(HealthStatus.Healthy, good.Status);
        Assert.Equal(HealthStatus.Unhealthy, bad.Status);
        Assert.Contains("does not contain 'database ok'", bad.Message, StringComparison.Ordinal);
        Assert.Contains("'Content-Type' is 'text/plain", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_body_is_decoded_by_its_byte_order_mark_then_its_charset_then_as_UTF8()
    {
        const string Json = """{"status":"healthy","name":"Café"}""";
        using var server = new TestHttpServer(path => path switch
        {
            "/utf8-bom" => new TestResponse(200, BodyBytes: [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Json)]),
            "/utf16-bom" => new TestResponse(200, BodyBytes: [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Json)]),
            "/utf16-charset" => new TestResponse(200, ContentType: "application/json; charset=utf-16", BodyBytes: Encoding.Unicode.GetBytes(Json)),
            "/latin1" => new TestResponse(200, ContentType: "text/plain; charset=iso-8859-1", BodyBytes: Encoding.Latin1.GetBytes("Café OK")),
            // .NET refuses UTF-7 (NotSupportedException): the charset counts as absent (helper-65: a raw .NET message).
            "/utf7" => new TestResponse(200, ContentType: "text/plain; charset=utf-7", BodyBytes: Encoding.UTF8.GetBytes("Café OK")),
            _ => new TestResponse(200, ContentType: "text/plain", BodyBytes: Encoding.UTF8.GetBytes("Café OK")),
        });

        foreach (string path in (string[])["/utf8-bom", "/utf16-bom", "/utf16-charset"])
        {
            HealthCheckResult json = await RunAsync(("Kind", "Http"), ("Uri", server.At(path).ToString()), ("JsonAssertion", new Hashtable { ["status"] = "healthy", ["name"] = "Café" }));
            Assert.True(json.Status == HealthStatus.Healthy, $"{path}: {json.Status} {json.Message}");
        }

        foreach (string path in (string[])["/latin1", "/utf7", "/plain"])
        {
            HealthCheckResult text = await RunAsync(("Kind", "Http"), ("Uri", server.At(path).ToString()), ("BodyContains", "Café"), ("BodyMatches", "^Café OK$"));
            Assert.True(text.Status == HealthStatus.Healthy, $"{path}: {text.Status} {text.Message}");
        }
    }

    [Fact]
    public async Task ExpectHeader_names_and_wildcard_patterns_are_case_insensitive_as_like_is()
    {
        using var server = new TestHttpServer(_ => new TestResponse(200, "{}", ContentType: "Application/JSON; charset=utf-8"));

        HealthCheckResult matching = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()),
            ("ExpectHeader", new Hashtable { ["content-type"] = "application/json*", ["X-TEST-SERVER"] = "Y?S" }));
        HealthCheckResult other = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("ExpectHeader", new Hashtable { ["Content-Type"] = "text/*" }));

        Assert.True(matching.Status == HealthStatus.Healthy, $"{matching.Status}: {matching.Message}");
        Assert.Equal(HealthStatus.Unhealthy, other.Status);
    }

    [Fact]
    public async Task A_body_longer_than_4_MiB_is_checked_on_its_first_4_MiB_and_the_message_says_so()
    {
        string big = new string('x', 5 * 1024 * 1024) + "NEEDLE";
        string small = new string('x', 3 * 1024 * 1024) + "NEEDLE";
        using var server = new TestHttpServer(path => new TestResponse(200, path == "/big" ? big : small, ContentType: "text/plain"));

        HealthCheckResult smallFound = await RunAsync(("Kind", "Http"), ("Uri", server.At("/small").ToString()), ("BodyContains", "NEEDLE"), ("BodyMatches", "NEEDLE$"));
        HealthCheckResult bigContains = await RunAsync(("Kind", "Http"), ("Uri", server.At("/big").ToString()), ("BodyContains", "NEEDLE"), ("BodyMatches", "NEEDLE$"));
        HealthCheckResult bigStart = await RunAsync(("Kind", "Http"), ("Uri", server.At("/big").ToString()), ("BodyContains", "xxxx"));
        HealthCheckResult bigJson = await RunAsync(("Kind", "Http"), ("Uri", server.At("/big").ToString()), ("JsonAssertion", new Hashtable { ["status"] = "ok" }));

        Assert.Equal(HealthStatus.Healthy, smallFound.Status);
        Assert.Equal(HealthStatus.Unhealthy, bigContains.Status);
        Assert.Contains("the first 4 MiB of the body (it is longer; only that much is read) do not contain 'NEEDLE'", bigContains.Message, StringComparison.Ordinal);
        Assert.Contains("do not match /NEEDLE$/", bigContains.Message, StringComparison.Ordinal);
        Assert.Equal(true, bigContains.Data["BodyTruncated"]);
        Assert.Equal(HealthStatus.Healthy, bigStart.Status);
        Assert.Contains("longer than 4 MiB", bigJson.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not JSON", bigJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expected_3xx_is_checked_without_following_and_a_redirect_loop_says_too_many_redirects()
    {
        using var server = new TestHttpServer(path => path switch
        {
            "/moved" => new TestResponse(302, Headers: new Dictionary<string, string> { ["Location"] = "/ok" }),
            "/loop" => new TestResponse(302, Headers: new Dictionary<string, string> { ["Location"] = "/loop" }),
            "/ftp" => new TestResponse(302, Headers: new Dictionary<string, string> { ["Location"] = "ftp://127.0.0.1/file" }),
            "/not-modified" => new TestResponse(304, Headers: new Dictionary<string, string> { ["Location"] = "/ok" }),
            _ => new TestResponse(200, "{}"),
        });

        HealthCheckResult expected302 = await RunAsync(("Kind", "Http"), ("Uri", server.At("/moved").ToString()), ("ExpectedStatusCode", 302));
        int requestsForExpected = server.Requests;
        HealthCheckResult followed = await RunAsync(("Kind", "Http"), ("Uri", server.At("/moved").ToString()));
        HealthCheckResult loop = await RunAsync(("Kind", "Http"), ("Uri", server.At("/loop").ToString()));

        Assert.Equal(HealthStatus.Healthy, expected302.Status);
        Assert.Equal(302, expected302.Data["StatusCode"]);
        Assert.Equal(1, requestsForExpected);
        Assert.Equal(HealthStatus.Healthy, followed.Status);
        Assert.Equal(200, followed.Data["StatusCode"]);
        Assert.Equal(HealthStatus.Unhealthy, loop.Status);
        Assert.Contains("too many redirects (more than 20)", loop.Message, StringComparison.Ordinal);
        Assert.Contains("/loop", loop.Message, StringComparison.Ordinal);

        // A redirect left unfollowed for another reason says that reason (helper-65: both said "too many redirects").
        HealthCheckResult ftp = await RunAsync(("Kind", "Http"), ("Uri", server.At("/ftp").ToString()));
        HealthCheckResult notModified = await RunAsync(("Kind", "Http"), ("Uri", server.At("/not-modified").ToString()));
        Assert.Equal(HealthStatus.Unhealthy, ftp.Status);
        Assert.Contains("the redirect to 'ftp://127.0.0.1/file' is not followed (only http and https are)", ftp.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, notModified.Status);
        Assert.Contains("a 304 is not a redirect that is followed", notModified.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too many", ftp.Message + notModified.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_follow_a_redirect_on_the_same_scheme_host_and_port_but_never_to_another_host()
    {
        const string Basic = "Basic Ym9iOmh1bnRlcjJwdw=="; // bob:hunter2pw
        var elsewhereSaw = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var elsewhere = TestHttpServer.ForRequests(request =>
        {
            elsewhereSaw.Add(request.Headers.TryGetValue("Authorization", out string? value) ? value : "(none)");
            return new TestResponse(200, "{}");
        });
        using var server = TestHttpServer.ForRequests(request => request.Path switch
        {
            "/health" => new TestResponse(301, Headers: new Dictionary<string, string> { ["Location"] = "/health/" }),
            "/away" => new TestResponse(302, Headers: new Dictionary<string, string> { ["Location"] = elsewhere.At("/health/").ToString() }),
            _ => request.Headers.TryGetValue("Authorization", out string? value) && value == Basic ? new TestResponse(200, "{}") : new TestResponse(401, "who are you"),
        });
        string withUser = new UriBuilder(server.At("/health")) { UserName = "bob", Password = "hunter2pw" }.Uri.ToString();
        string awayWithUser = new UriBuilder(server.At("/away")) { UserName = "bob", Password = "hunter2pw" }.Uri.ToString();

        HealthCheckResult userInfo = await RunAsync(("Kind", "Http"), ("Uri", withUser));
        HealthCheckResult header = await RunAsync(("Kind", "Http"), ("Uri", server.At("/health").ToString()), ("Header", new Hashtable { ["Authorization"] = Basic }));
        HealthCheckResult awayUser = await RunAsync(("Kind", "Http"), ("Uri", awayWithUser));
        HealthCheckResult awayHeader = await RunAsync(("Kind", "Http"), ("Uri", server.At("/away").ToString()), ("Header", new Hashtable { ["Authorization"] = Basic }));

        Assert.True(userInfo.Status == HealthStatus.Healthy, $"{userInfo.Status}: {userInfo.Message}");
        Assert.True(header.Status == HealthStatus.Healthy, $"{header.Status}: {header.Message}");
        Assert.Equal(HealthStatus.Healthy, awayUser.Status);
        Assert.Equal(HealthStatus.Healthy, awayHeader.Status);
        Assert.Equal(["(none)", "(none)"], elsewhereSaw.ToArray());
    }

    [Fact]
    public async Task A_303_or_a_301_after_POST_goes_on_as_GET_and_a_307_keeps_the_method()
    {
        var methods = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var server = TestHttpServer.ForRequests(request =>
        {
            methods.Enqueue(request.Method + " " + request.Path);
            return request.Path switch
            {
                "/see-other" => new TestResponse(303, Headers: new Dictionary<string, string> { ["Location"] = "/done" }),
                "/temporary" => new TestResponse(307, Headers: new Dictionary<string, string> { ["Location"] = "/done" }),
                _ => new TestResponse(200, "{}"),
            };
        });

        HealthCheckResult seeOther = await RunAsync(("Kind", "Http"), ("Method", "POST"), ("Uri", server.At("/see-other").ToString()));
        HealthCheckResult temporary = await RunAsync(("Kind", "Http"), ("Method", "POST"), ("Uri", server.At("/temporary").ToString()));

        Assert.Equal(HealthStatus.Healthy, seeOther.Status);
        Assert.Equal(HealthStatus.Healthy, temporary.Status);
        Assert.Equal(["POST /see-other", "GET /done", "POST /temporary", "POST /done"], methods.ToArray());
    }

    [Fact]
    public async Task A_certificate_expiring_in_5_days_is_Unhealthy_with_DaysLeft_and_untrusted_without_SkipCertificateCheck()
    {
        using X509Certificate2 certificate = SelfSigned(TimeSpan.FromDays(5));
        using var server = new TestHttpServer(_ => new TestResponse(200, "{}"), certificate);

        HealthCheckResult expiring = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("SkipCertificateCheck", true),
            ("CertificateWarningDays", 30), ("CertificateCriticalDays", 7));
        HealthCheckResult warnOnly = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("SkipCertificateCheck", true),
            ("CertificateWarningDays", 30), ("CertificateCriticalDays", 3));
        HealthCheckResult untrusted = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()));

        Assert.Equal(HealthStatus.Unhealthy, expiring.Status);
        double daysLeft = Assert.IsType<double>(expiring.Data["DaysLeft"]);
        Assert.InRange(daysLeft, 4.9, 5.0);
        Assert.Contains("certificate days left", expiring.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, warnOnly.Status);
        Assert.Equal(HealthStatus.Unhealthy, untrusted.Status);
        Assert.Contains("not trusted", untrusted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_says_it_expired_and_when_with_or_without_SkipCertificateCheck()
    {
        using X509Certificate2 certificate = SelfSigned(TimeSpan.FromDays(-3), issuedAgo: TimeSpan.FromDays(30));
        using var server = new TestHttpServer(_ => new TestResponse(200, "{}"), certificate);
        string when = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z";

        HealthCheckResult skipped = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("SkipCertificateCheck", true));
        HealthCheckResult checkedCertificate = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()));

        Assert.Equal(HealthStatus.Unhealthy, skipped.Status);
        Assert.Equal($"the certificate expired on {when} (3 d ago)", skipped.Message);
        Assert.InRange(Assert.IsType<double>(skipped.Data["DaysLeft"]), -3.1, -2.9);
        Assert.Equal(HealthStatus.Unhealthy, checkedCertificate.Status);
        Assert.Contains($"the server's TLS certificate expired on {when} (3 d ago)", checkedCertificate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_not_valid_yet_is_Unhealthy_and_says_from_when_with_or_without_SkipCertificateCheck()
    {
        // helper-118: it was Healthy with -SkipCertificateCheck, and "not trusted ... use -SkipCertificateCheck" without.
        using X509Certificate2 certificate = SelfSigned(TimeSpan.FromDays(100), issuedAgo: TimeSpan.FromDays(-10));
        using var server = new TestHttpServer(_ => new TestResponse(200, "{}"), certificate);
        string when = certificate.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z";

        HealthCheckResult skipped = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("SkipCertificateCheck", true));
        HealthCheckResult checkedCertificate = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()));

        Assert.Equal(HealthStatus.Unhealthy, skipped.Status);
        Assert.Equal($"the certificate is not valid until {when} (10 d from now)", skipped.Message);
        Assert.Equal(HealthStatus.Unhealthy, checkedCertificate.Status);
        Assert.Contains($"the server's TLS certificate is not valid until {when} (10 d from now)", checkedCertificate.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SkipCertificateCheck", checkedCertificate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_as_the_user_name_of_a_uri_is_masked()
    {
        // helper-118: it was shown in Name and Target.
        using var server = new TestHttpServer(_ => new TestResponse(200, "ok"));
        string withToken = server.At("/ok").ToString().Replace("http://", "http://ghp_UserTokenZZ1234567@", StringComparison.Ordinal);

        HealthCheckResult token = await RunAsync(("Kind", "Http"), ("Uri", withToken));

        Assert.Equal(HealthStatus.Healthy, token.Status);
        Assert.DoesNotContain("ghp_", token.Target + token.Name + token.Message, StringComparison.Ordinal);
        Assert.StartsWith("http://***@127.0.0.1:", token.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_body_is_checked_as_the_text_it_decodes_to_asked_for_or_not()
    {
        // helper-118: -BodyContains failed on the compressed bytes.
        using var compressed = new System.IO.MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes("{\"status\":\"gzipped healthy\"}"));
        }

        byte[] body = compressed.ToArray();
        using var server = new TestHttpServer(_ => new TestResponse(200, Headers: new Dictionary<string, string> { ["Content-Encoding"] = "gzip" }, BodyBytes: body));

        HealthCheckResult unasked = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("BodyContains", "gzipped healthy"));
        HealthCheckResult json = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("JsonAssertion", new Hashtable { ["status"] = "gzipped healthy" }));

        Assert.Equal(HealthStatus.Healthy, unasked.Status);
        Assert.Equal(HealthStatus.Healthy, json.Status);
    }

    [Fact]
    public async Task A_body_that_lies_about_its_Content_Encoding_fails_only_a_body_check_and_says_so()
    {
        // helper-122: a status-only check of an endpoint sending 'Content-Encoding: gzip' with a plain body was Unhealthy.
        using var server = new TestHttpServer(_ => new TestResponse(200, "plain ok", Headers: new Dictionary<string, string> { ["Content-Encoding"] = "gzip" }));

        HealthCheckResult status = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()));
        HealthCheckResult body = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("BodyContains", "ok"));

        Assert.Equal(HealthStatus.Healthy, status.Status);
        Assert.Equal(HealthStatus.Unhealthy, body.Status);
        Assert.StartsWith("the body could not be decompressed as its Content-Encoding header says (", body.Message, StringComparison.Ordinal);
        Assert.Equal(200, body.Data["StatusCode"]);

        // Brotli throws another exception for data it cannot read (helper-123).
        using var brotli = new TestHttpServer(_ => new TestResponse(200, "plain ok, not brotli at all", Headers: new Dictionary<string, string> { ["Content-Encoding"] = "br" }));
        HealthCheckResult br = await RunAsync(("Kind", "Http"), ("Uri", brotli.At("/").ToString()), ("BodyContains", "ok"));
        Assert.Equal(HealthStatus.Unhealthy, br.Status);
        Assert.StartsWith("the body could not be decompressed as its Content-Encoding header says (", br.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_certificate_thresholds_are_named_as_the_user_gave_them()
    {
        HealthCheckSpec spec = Spec(("Kind", "Http"), ("Uri", "https://127.0.0.1:1/"), ("CertificateWarningDays", 3), ("CertificateCriticalDays", 10));

        Assert.Null(spec.Check);
        Assert.StartsWith("CertificateWarningDays (3 d) must be above CertificateCriticalDays (10 d)", spec.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_headers_are_sent_but_never_shown_and_uri_passwords_are_redacted()
    {
        string? seen = null;
        using var server = new TestHttpServer(_ => new TestResponse(200, "{}"));
        const string secret = "Bearer s3cr3t-token-value";
        Uri uri = new UriBuilder(server.At("/health?token=abc123")) { UserName = "ops", Password = "hunter22" }.Uri;

        HealthCheckResult result = await RunAsync(("Kind", "Http"), ("Uri", uri.ToString()), ("Header", new Hashtable { ["Authorization"] = secret }));
        seen = string.Join("|", result.Name, result.Target, result.Message, string.Join(",", result.Data.Select(p => $"{p.Key}={p.Value}")));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.DoesNotContain("s3cr3t", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", seen, StringComparison.Ordinal);
        Assert.Contains("ops:***@", result.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_looking_query_parameters_are_masked_in_name_target_message_and_verbose_output()
    {
        string[] names = ["auth", "client_secret", "X-Amz-Signature", "private_token", "key", "X-Amz-Credential", "session_id", "jwt", "code", "passwd", "pwd", "credential"];
        string query = "?" + string.Join("&", names.Select((name, i) => $"{name}=S3KRIT{i:00}")) + "&page=2";
        using var server = new TestHttpServer(_ => new TestResponse(503, "down"));
        var observer = new RecordingObserver();

        // An answer with a bad status (retried, so FailedAttempts and a verbose retry line exist), and a refused
        // connection, whose message quotes the URI.
        HealthCheckResult answered = await HealthRunner.RunOneAsync(
            Spec(("Kind", "Http"), ("Uri", server.At("/ok" + query).ToString()), ("RetryCount", 1)), observer, CancellationToken.None);
        HealthCheckResult refused = await HealthRunner.RunOneAsync(
            Spec(("Kind", "Http"), ("Uri", $"http://127.0.0.1:{ClosedPort()}/ok{query}")), observer, CancellationToken.None);

        string seen = string.Join("|", Shown(answered), Shown(refused), string.Join("|", observer.Messages));
        Assert.Equal(HealthStatus.Unhealthy, answered.Status);
        Assert.Contains("failed", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S3KRIT", seen, StringComparison.Ordinal);
        Assert.All(names, name => Assert.Contains($"{name}=***", answered.Target, StringComparison.Ordinal));
        Assert.Contains("page=2", answered.Target, StringComparison.Ordinal);
        Assert.Contains("page=2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_values_an_endpoint_echoes_are_masked_in_failed_assertions_and_data()
    {
        using var server = TestHttpServer.ForRequests(request => new TestResponse(
            200,
            JsonSerializer.Serialize(new { headers = request.Headers, path = request.Path }),
            Headers: new Dictionary<string, string> { ["X-Echo"] = request.Headers.GetValueOrDefault("X-Api-Key", string.Empty) }));

        HealthCheckResult result = await RunAsync(("Kind", "Http"), ("Uri", server.At("/echo?token=qu3ry-t0ken").ToString()),
            ("Header", new Hashtable { ["Authorization"] = "Bearer s3cr3t-token-value", ["X-Api-Key"] = "k3y-value" }),
            ("JsonAssertion", new Hashtable { ["headers.Authorization"] = "x", ["headers.X-Api-Key"] = "x", ["path"] = "/" }),
            ("ExpectHeader", new Hashtable { ["X-Echo"] = "nothing*" }), ("RetryCount", 1));

        string seen = Shown(result);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("headers.Authorization is '***' (expected 'x')", result.Message, StringComparison.Ordinal);
        Assert.Contains("response header 'X-Echo' is '***'", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y-value", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("qu3ry-t0ken", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_query_values_and_header_values_inside_longer_words_are_not_masked_out_of_messages()
    {
        using var server = new TestHttpServer(path => path.StartsWith("/status/500", StringComparison.Ordinal) ? new TestResponse(500, "down") : new TestResponse(200, SeedDocument));

        HealthCheckResult status = await RunAsync(("Kind", "Http"), ("Uri", server.At("/status/500?status_code=500").ToString()));
        HealthCheckResult word = await RunAsync(("Kind", "Http"), ("Uri", server.BaseUri.ToString()),
            ("Header", new Hashtable { ["X-Env"] = "connected" }), ("JsonAssertion", new Hashtable { ["services.cache"] = "connected" }));
        HealthCheckResult alice = await RunAsync(("Kind", "Http"), ("Uri", server.At("/ok?author=alice").ToString()));
        HealthCheckResult bob = await RunAsync(("Kind", "Http"), ("Uri", server.At("/ok?author=bob").ToString()));

        Assert.StartsWith("status 500 Error (expected 2xx)", status.Message, StringComparison.Ordinal);
        Assert.EndsWith("/status/500?status_code=***", status.Target, StringComparison.Ordinal);
        Assert.Equal("services.cache is 'disconnected' (expected '***')", word.Message);
        Assert.EndsWith("/ok?author=alice", alice.Name, StringComparison.Ordinal);
        Assert.NotEqual(alice.Name, bob.Name);
    }

    [Fact]
    public async Task Path_parameters_semicolon_pairs_and_a_lower_cased_authorization_an_endpoint_echoes_are_masked()
    {
        using var server = TestHttpServer.ForRequests(request => new TestResponse(
            200,
            JsonSerializer.Serialize(new { path = request.Path, lower = request.Headers.GetValueOrDefault("Authorization", string.Empty).ToLowerInvariant() })));

        HealthCheckResult result = await RunAsync(("Kind", "Http"), ("Uri", server.At("/ok;jsessionid=JSESS123?x=1;token=SEMI12345&bearer=BEARER678#access_token=FRAG123").ToString()),
            ("Header", new Hashtable { ["Authorization"] = "Bearer XYZTOKEN789" }),
            ("JsonAssertion", new Hashtable { ["path"] = "/", ["lower"] = "other" }));

        string seen = Shown(result);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("lower is '***' (expected 'other')", result.Message, StringComparison.Ordinal);
        Assert.Contains("path is '/ok;jsessionid=***?x=1;token=***&bearer=***' (expected '/')", result.Message, StringComparison.Ordinal);
        Assert.EndsWith("/ok;jsessionid=***?x=1;token=***&bearer=***#access_token=***", result.Target, StringComparison.Ordinal);
        Assert.DoesNotContain("xyztoken789", seen, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("JSESS123", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("SEMI12345", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("BEARER678", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("FRAG123", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_in_the_uri_are_sent_as_basic_authorization_and_never_shown()
    {
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:p@ss w:rd"));
        string? sent = null;
        using var server = TestHttpServer.ForRequests(request =>
        {
            sent = request.Headers.GetValueOrDefault("Authorization");
            return sent == expected
                ? new TestResponse(200, JsonSerializer.Serialize(new { user = "bob", authorization = sent }))
                : new TestResponse(401, "who are you");
        });
        Uri uri = new UriBuilder(server.At("/private")) { UserName = "bob", Password = "p@ss w:rd" }.Uri;

        HealthCheckResult result = await RunAsync(("Kind", "Http"), ("Uri", uri.ToString()), ("JsonAssertion", new Hashtable { ["authorization"] = "x" }));
        string? sentFromUri = sent;
        HealthCheckResult explicitHeader = await RunAsync(("Kind", "Http"), ("Uri", uri.ToString()), ("Header", new Hashtable { ["Authorization"] = "Bearer other" }));

        Assert.Equal(expected, sentFromUri);
        Assert.Contains("authorization is '***'", result.Message, StringComparison.Ordinal);
        Assert.Contains("bob:***@", result.Target, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", Shown(result), StringComparison.Ordinal);
        Assert.DoesNotContain(expected["Basic ".Length..], Shown(result), StringComparison.Ordinal);
        Assert.Equal("Bearer other", sent);
        Assert.Contains("status 401", explicitHeader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_fails_twice_then_answers_is_Healthy_after_3_attempts_with_the_latency_of_the_answer_only()
    {
        int calls = 0;
        using var server = new TestHttpServer(_ => Interlocked.Increment(ref calls) <= 2
            ? new TestResponse(500, "warming up", Delay: TimeSpan.FromMilliseconds(1500))
            : new TestResponse(200, "{}"));

        HealthCheckResult result = await RunAsync(("Kind", "Http"), ("Uri", server.At("/").ToString()), ("RetryCount", 3), ("RetryInterval", "50ms"));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, server.Requests);
        Assert.Equal(2, ((string[])result.Data["FailedAttempts"]!).Length);
        // Each failed sample took 1.5 s; the answer, a few milliseconds (room for a loaded machine, below either failure).
        Assert.True(result.ResponseTime < TimeSpan.FromMilliseconds(1200), $"ResponseTime {result.ResponseTime} includes a failed sample");
    }

    [Fact]
    public async Task Five_hundred_endpoints_answering_in_100_ms_run_up_to_100_at_once_with_a_throttle_of_100()
    {
        using var server = new TestHttpServer(_ => new TestResponse(200, "{}", Delay: TimeSpan.FromMilliseconds(100)));
        HealthCheckSpec[] specs = Enumerable.Range(0, 500)
            .Select(i => Spec(("Kind", "Http"), ("Name", $"e{i}"), ("Uri", server.At($"/e{i}").ToString())))
            .ToArray();

        Stopwatch clock = Stopwatch.StartNew();
        List<HealthCheckResult> results = await RunAllAsync(specs, 100);
        clock.Stop();

        Assert.Equal(500, results.Count);
        Assert.All(results, r => Assert.Equal(HealthStatus.Healthy, r.Status));
        // The throttle is a ceiling the server sees, and checks overlap well beyond a few at once; one after another they
        // would take 50 s, at 100 at once about 0.5 s (the bound leaves room for a loaded CI machine).
        Assert.InRange(server.MostInFlight, 20, 100);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"500 checks took {clock.Elapsed}");
    }

    /// <summary>Everything a user can see of a result: name, target, message and data (arrays spelt out).</summary>
    private static string Shown(HealthCheckResult result) =>
        string.Join("|", result.Name, result.Target, result.Message,
            string.Join(",", result.Data.Select(p => $"{p.Key}={(p.Value is IEnumerable<string> items ? string.Join(";", items) : p.Value)}")));

    private static int ClosedPort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static X509Certificate2 SelfSigned(TimeSpan validFor, TimeSpan? issuedAgo = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow - (issuedAgo ?? TimeSpan.FromDays(1)), DateTimeOffset.UtcNow.Add(validFor));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
