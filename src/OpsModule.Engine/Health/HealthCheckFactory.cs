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

    /// <summary>The largest -TimeoutSec, in seconds (as the parameter allows; 1 h, as the messages say).</summary>
    internal const int MaxTimeoutSec = 3600;

    /// <summary>The largest -RetryCount (as the parameter allows).</summary>
    internal const int MaxRetryCount = 100;

    /// <summary>The longest -RetryInterval (1 h, as the messages say).</summary>
    internal static readonly TimeSpan MaxRetryInterval = TimeSpan.FromHours(1);

    internal static IEnumerable<string> KindNames => Kinds.Keys;

    /// <summary>
    /// A check's (or a definition's Defaults') TimeoutSec or Timeout, RetryCount and RetryInterval, each in the range the
    /// parameters allow, else <paramref name="defaults"/>' values (checked by the cmdlet as parameters).
    /// </summary>
    internal static (TimeSpan Timeout, int RetryCount, TimeSpan RetryInterval) Timing(HealthOptions options, HealthDefaults defaults)
    {
        TimeSpan timeout = defaults.Timeout;
        if (options.Int("TimeoutSec") is int seconds)
        {
            timeout = seconds is >= 1 and <= MaxTimeoutSec
                ? TimeSpan.FromSeconds(seconds)
                : throw new HealthDefinitionException($"TimeoutSec must be from 1 to {MaxTimeoutSec} (seconds), not {seconds}.");
        }
        else if (options.TimeSpanValue("Timeout") is TimeSpan span)
        {
            timeout = span > TimeSpan.Zero && span <= TimeSpan.FromSeconds(MaxTimeoutSec)
                ? span
                : throw new HealthDefinitionException($"Timeout must be above 0 and at most 1 h, not {Threshold.FormatSeconds(span.TotalSeconds)}.");
        }

        int retries = defaults.RetryCount;
        if (options.Int("RetryCount") is int count)
        {
            retries = count is >= 0 and <= MaxRetryCount ? count : throw new HealthDefinitionException($"RetryCount must be from 0 to {MaxRetryCount}, not {count}.");
        }

        TimeSpan interval = defaults.RetryInterval;
        if (options.TimeSpanValue("RetryInterval") is TimeSpan pause)
        {
            interval = pause >= TimeSpan.Zero && pause <= MaxRetryInterval
                ? pause
                : throw new HealthDefinitionException($"RetryInterval must be from 0 to 1 h, not {Threshold.FormatSeconds(pause.TotalSeconds)}.");
        }

        return (timeout, retries, interval);
    }

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

            (TimeSpan timeout, int retries, TimeSpan interval) = Timing(options, defaults);
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
