using System;
using System.Collections.Generic;
using System.Linq;
using OpsModule.Engine.Health.Checks;

namespace OpsModule.Engine.Health;

/// <summary>The one place that turns a check's settings into the check of its kind.</summary>
internal static class HealthCheckFactory
{
    /// <summary>The kinds and their aliases, as a definition names them.</summary>
    private static readonly Dictionary<string, Func<HealthOptions, IHealthCheck>> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Http"] = options => new HttpHealthCheck(options),
        ["Https"] = options => new HttpHealthCheck(options),
        ["Tcp"] = options => new TcpHealthCheck(options),
        ["Dns"] = options => new DnsHealthCheck(options),
        ["Sqlite"] = options => new SqliteHealthCheck(options),
        ["Postgres"] = options => new PostgresHealthCheck(options),
        ["PostgreSQL"] = options => new PostgresHealthCheck(options),
        ["S3"] = options => new S3HealthCheck(options),
        ["Disk"] = options => new DiskHealthCheck(options),
        ["Memory"] = options => new MemoryHealthCheck(options),
        ["Load"] = options => new LoadHealthCheck(options),
        ["Process"] = options => new ProcessHealthCheck(options),
        ["File"] = options => new FileFreshnessCheck(options),
        ["Backup"] = options => new BackupFreshnessCheck(options),
        ["Query"] = options => new QueryHealthCheck(options),
    };

    internal static IEnumerable<string> KindNames => Kinds.Keys;

    /// <summary>
    /// Builds one check. A bad setting never throws: the spec carries the problem and runs as Unknown.
    /// <paramref name="strict"/> (definition files) also reports settings nothing read, so a misspelt
    /// threshold is not silently ignored.
    /// </summary>
    internal static HealthCheckSpec Create(HealthOptions options, HealthDefaults defaults, bool strict, string fallbackName)
    {
        string name = fallbackName;
        string kind = "Unknown";
        IReadOnlyList<string> tags = [];
        try
        {
            name = options.String("Name") ?? fallbackName;
            tags = options.Strings("Tags").Concat(options.Strings("Tag")).ToList();
            kind = options.String("Kind") ?? throw new HealthDefinitionException($"The check has no 'Kind'. Use one of: {string.Join(", ", KindNames)}.");
            if (!Kinds.TryGetValue(kind, out Func<HealthOptions, IHealthCheck>? create))
            {
                throw new HealthDefinitionException($"'{kind}' is not a kind of check. Use one of: {string.Join(", ", KindNames)}.");
            }

            TimeSpan timeout = options.Int("TimeoutSec") is int seconds ? TimeSpan.FromSeconds(seconds) : options.TimeSpanValue("Timeout") ?? defaults.Timeout;
            int retries = options.Int("RetryCount") ?? defaults.RetryCount;
            TimeSpan interval = options.TimeSpanValue("RetryInterval") ?? defaults.RetryInterval;
            if (timeout <= TimeSpan.Zero || retries < 0)
            {
                throw new HealthDefinitionException("TimeoutSec must be above 0 and RetryCount 0 or more.");
            }

            IHealthCheck check = create(options);
            if (strict && options.Unread.ToList() is { Count: > 0 } unread)
            {
                throw new HealthDefinitionException($"Unknown setting(s) for a {check.Kind} check: {string.Join(", ", unread)}.");
            }

            return new HealthCheckSpec
            {
                Name = options.String("Name") ?? check.Target,
                Kind = check.Kind,
                Target = check.Target,
                Tags = tags,
                Timeout = timeout,
                RetryCount = retries,
                RetryInterval = interval,
                Check = check,
            };
        }
        catch (Exception ex) when (ex is HealthDefinitionException or FormatException or OverflowException or ArgumentException)
        {
            return new HealthCheckSpec { Name = name, Kind = kind, Tags = tags, Problem = ex.Message, Timeout = defaults.Timeout };
        }
    }
}
