using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OpsModule.Engine.Health;
using OpsModule.Engine.Tests.Support;
using Xunit;
using static OpsModule.Engine.Tests.Health.HealthTestSupport;

namespace OpsModule.Engine.Tests.Health;

public class DefinitionTests
{
    [Fact]
    public async Task Bad_checks_in_a_definition_are_Unknown_with_the_reason_and_the_good_ones_still_run()
    {
        using var folder = new TempFolder();
        string file = folder.Combine("checks.json");
        await File.WriteAllTextAsync(file, """
            {
              "Defaults": { "TimeoutSec": 3 },
              "Checks": [
                { "Name": "tmp disk", "Kind": "Disk", "Path": "/tmp", "UsedPercentWarning": 100, "UsedPercentCritical": 100, "Tags": ["prod"] },
                { "Name": "typo", "Kind": "Disk", "Path": "/tmp", "UsedPrecentWarning": 80 },
                { "Name": "no kind", "Path": "/tmp" },
                { "Name": "bad kind", "Kind": "Ftp" },
                { "Name": "no uri", "Kind": "Http" },
                { "Name": "upside down", "Kind": "Disk", "Path": "/tmp", "UsedPercentWarning": 95, "UsedPercentCritical": 90 },
                "not a map"
              ]
            }
            """);

        IReadOnlyList<HealthCheckSpec> specs = HealthDefinition.ReadJson(file, new HealthDefaults());
        List<HealthCheckResult> results = await RunAllAsync(specs, 4);
        var byName = results.ToDictionary(r => r.Name);

        Assert.Equal(7, results.Count);
        Assert.Equal(HealthStatus.Healthy, byName["tmp disk"].Status);
        Assert.Equal(TimeSpan.FromSeconds(3), specs[0].Timeout);
        Assert.Contains("UsedPrecentWarning", byName["typo"].Message, StringComparison.Ordinal);
        Assert.Contains("no 'Kind'", byName["no kind"].Message, StringComparison.Ordinal);
        Assert.Contains("'Ftp' is not a kind", byName["bad kind"].Message, StringComparison.Ordinal);
        Assert.Contains("needs 'Uri'", byName["no uri"].Message, StringComparison.Ordinal);
        Assert.Contains("must be below", byName["upside down"].Message, StringComparison.Ordinal);
        Assert.Contains("not a map", byName["check 7"].Message, StringComparison.Ordinal);
        Assert.All(results.Where(r => r.Name != "tmp disk"), r => Assert.Equal(HealthStatus.Unknown, r.Status));
    }

    [Fact]
    public async Task A_timeout_or_retry_setting_out_of_range_makes_only_its_check_Unknown()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            string address = "127.0.0.1:" + ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            object checks = new List<object?>
            {
                new Dictionary<string, object?> { ["Name"] = "fine", ["Kind"] = "Tcp", ["Address"] = address },
                new Dictionary<string, object?> { ["Name"] = "huge timeout", ["Kind"] = "Tcp", ["Address"] = address, ["TimeoutSec"] = 5_000_000 },
                new Dictionary<string, object?> { ["Name"] = "huge duration", ["Kind"] = "Tcp", ["Address"] = address, ["Timeout"] = "60d" },
                new Dictionary<string, object?> { ["Name"] = "long pause", ["Kind"] = "Tcp", ["Address"] = address, ["RetryInterval"] = "60d" },
                new Dictionary<string, object?> { ["Name"] = "many retries", ["Kind"] = "Tcp", ["Address"] = address, ["RetryCount"] = 1000 },
            };

            IReadOnlyList<HealthCheckSpec> specs = HealthDefinition.Parse(new Dictionary<string, object?> { ["Checks"] = checks }, new HealthDefaults(), "checks.psd1");
            List<HealthCheckResult> results = await RunAllAsync(specs, 4);
            var byName = results.ToDictionary(r => r.Name);

            Assert.Equal(HealthStatus.Healthy, byName["fine"].Status);
            Assert.Equal("TimeoutSec must be from 1 to 3600 (seconds), not 5000000.", byName["huge timeout"].Message);
            Assert.Equal("Timeout must be above 0 and at most 1 h, not 60 d.", byName["huge duration"].Message);
            Assert.Equal("RetryInterval must be from 0 to 1 h, not 60 d.", byName["long pause"].Message);
            Assert.Equal("RetryCount must be from 0 to 100, not 1000.", byName["many retries"].Message);
            Assert.All(results.Where(r => r.Name != "fine"), r => Assert.Equal(HealthStatus.Unknown, r.Status));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Defaults_with_a_retry_interval_out_of_range_are_an_InvalidHealthDefinition_error()
    {
        var definition = new Dictionary<string, object?>
        {
            ["Defaults"] = new Dictionary<string, object?> { ["RetryInterval"] = "60d" },
            ["Checks"] = new List<object?> { new Dictionary<string, object?> { ["Kind"] = "Memory" } },
        };

        OpsException error = Assert.Throws<OpsException>(() => HealthDefinition.Parse(definition, new HealthDefaults(), "checks.psd1"));

        Assert.Equal(ErrorIds.InvalidHealthDefinition, error.ErrorId);
        Assert.Contains("has bad Defaults: RetryInterval must be from 0 to 1 h, not 60 d. See Get-Help", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_JSON_definition_is_read_by_its_byte_order_mark_as_ConvertFrom_Json_reads_it()
    {
        using var folder = new TempFolder();
        const string Json = """{ "Checks": [ { "Name": "Café", "Kind": "Memory" } ] }""";
        var files = new Dictionary<string, System.Text.Encoding>
        {
            ["utf8bom.json"] = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            ["unicode.json"] = System.Text.Encoding.Unicode,
            ["bigendian.json"] = System.Text.Encoding.BigEndianUnicode,
            ["plain.json"] = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };

        foreach ((string name, System.Text.Encoding encoding) in files)
        {
            File.WriteAllText(folder.Combine(name), Json, encoding);
            HealthCheckSpec spec = Assert.Single(HealthDefinition.ReadJson(folder.Combine(name), new HealthDefaults()));
            Assert.True(spec.Problem is null && spec.Name == "Café", $"{name}: {spec.Name} {spec.Problem}");
        }

        string broken = folder.Combine("broken.json");
        File.WriteAllText(broken, "{ \"Checks\": ");
        OpsException error = Assert.Throws<OpsException>(() => HealthDefinition.ReadJson(broken, new HealthDefaults()));
        Assert.DoesNotContain("..", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_check_name_is_Unknown_and_unnamed_checks_of_one_target_both_run()
    {
        using var folder = new TempFolder();
        string file = folder.Combine("checks.json");
        File.WriteAllText(file, """[ { "Name": "host", "Kind": "Memory" }, { "Name": "HOST", "Kind": "Load" }, { "Kind": "Disk", "Path": "/" }, { "Kind": "Disk", "Path": "/" } ]""");

        IReadOnlyList<HealthCheckSpec> specs = HealthDefinition.ReadJson(file, new HealthDefaults());

        Assert.Null(specs[0].Problem);
        Assert.Contains("repeats the name 'HOST' of entry 1", specs[1].Problem, StringComparison.Ordinal);
        Assert.Null(specs[2].Problem);
        Assert.Null(specs[3].Problem);
    }

    [Fact]
    public void Tags_select_checks_and_a_file_that_is_not_a_definition_is_an_InvalidHealthDefinition_error()
    {
        using var folder = new TempFolder();
        string file = folder.Combine("checks.json");
        File.WriteAllText(file, """[ { "Kind": "Memory", "Tags": ["prod", "host"] }, { "Kind": "Load", "Tags": "staging" } ]""");
        string broken = folder.Combine("broken.json");
        File.WriteAllText(broken, "{ \"Checks\": ");
        string wrongShape = folder.Combine("shape.json");
        File.WriteAllText(wrongShape, """{ "checks": 5 }""");

        IReadOnlyList<HealthCheckSpec> specs = HealthDefinition.ReadJson(file, new HealthDefaults());
        IReadOnlyList<HealthCheckSpec> prod = HealthDefinition.WithTags(specs, ["PROD"]);

        Assert.Equal("Memory", Assert.Single(prod).Kind);
        Assert.Equal(ErrorIds.InvalidHealthDefinition, Assert.Throws<OpsException>(() => HealthDefinition.ReadJson(broken, new HealthDefaults())).ErrorId);
        Assert.Equal(ErrorIds.InvalidHealthDefinition, Assert.Throws<OpsException>(() => HealthDefinition.ReadJson(wrongShape, new HealthDefaults())).ErrorId);
    }

    [Fact]
    public async Task A_header_given_as_a_string_is_refused_without_quoting_its_value()
    {
        var definition = new Dictionary<string, object?>
        {
            ["Checks"] = new List<object?>
            {
                new Dictionary<string, object?> { ["Name"] = "api", ["Kind"] = "Http", ["Uri"] = "http://127.0.0.1:9/health", ["Header"] = "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.TOPSECRET" },
            },
        };

        HealthCheckResult result = Assert.Single(await RunAllAsync(HealthDefinition.Parse(definition, new HealthDefaults(), "checks.psd1"), 1));

        Assert.Equal(HealthStatus.Unknown, result.Status);
        Assert.Contains("'Header' must be a map of names to values, e.g. @{ Authorization = 'Bearer ...' }", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ExpectedStatusCode_outside_100_to_599_is_refused_as_the_parameter_refuses_it()
    {
        foreach (object codes in (object[])[9999, new List<object?> { 200, 99 }, 0])
        {
            HealthCheckSpec spec = Spec(("Kind", "Http"), ("Uri", "http://127.0.0.1:9/"), ("ExpectedStatusCode", codes));
            Assert.Null(spec.Check);
            Assert.Contains("is not an HTTP status code; use codes from 100 to 599", spec.Problem, StringComparison.Ordinal);
        }

        Assert.Null(Spec(("Kind", "Http"), ("Uri", "http://127.0.0.1:9/"), ("ExpectedStatusCode", new List<object?> { 200, 599 })).Problem);
    }

    [Fact]
    public void A_threshold_that_contradicts_a_default_names_the_default()
    {
        HealthCheckSpec disk = Spec(("Kind", "Disk"), ("Path", "/"), ("UsedPercentCritical", 75));
        HealthCheckSpec certificate = Spec(("Kind", "Http"), ("Uri", "https://127.0.0.1:9/"), ("CertificateCriticalDays", 40));
        HealthCheckSpec load = Spec(("Kind", "Load"), ("LoadCritical", 0.8));

        Assert.StartsWith("the default UsedPercentWarning (80 %) must be below UsedPercentCritical (75 %)", disk.Problem, StringComparison.Ordinal);
        Assert.StartsWith("the default CertificateWarningDays (30 d) must be above CertificateCriticalDays (40 d)", certificate.Problem, StringComparison.Ordinal);
        Assert.StartsWith("the default LoadWarning (1) must be below LoadCritical (0.8)", load.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_string_passwords_are_redacted_in_the_target()
    {
        HealthCheckSpec keyword = Spec(("Kind", "Postgres"), ("ConnectionString", "Host=db;Username=app;Password=p4ssw0rd;Database=app"));
        HealthCheckSpec uri = Spec(("Kind", "Postgres"), ("ConnectionString", "postgres://app:p4ssw0rd@db:5432/app"));

        Assert.Equal("Host=db;Username=app;Password=***;Database=app", keyword.Target);
        Assert.Equal("postgres://app:***@db:5432/app", uri.Target);
        Assert.Null(uri.Problem);
    }
}
