using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>The outcome of one health check (Get-ServiceHealth emits one per check as soon as it finishes).</summary>
public sealed class HealthCheckResult
{
    /// <summary>The check's name (from the definition file, or its target for checks given as parameters).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The kind of check: Http, Tcp, Dns, Sqlite, Postgres, S3, Disk, Memory, Load, Process, File, Backup, Query, Summary.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>What was checked, with secrets redacted (passwords in URIs and connection strings).</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The verdict.</summary>
    public HealthStatus Status { get; set; }

    /// <summary>The latency of the attempt that answered (failed attempts never count); null when nothing answered.</summary>
    public TimeSpan? ResponseTime { get; set; }

    /// <summary>How many attempts were made (1 without retries).</summary>
    public int Attempts { get; set; }

    /// <summary>What was found, in a sentence; for a failure, what failed.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The measured values (e.g. StatusCode, DaysLeft, UsedPercent, FreeBytes, Age).</summary>
    public IDictionary<string, object?> Data { get; set; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tags of the check (from the definition file).</summary>
    public IReadOnlyList<string> Tags { get; set; } = [];

    /// <summary>When the check finished (UTC).</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>Ok for Healthy, Warning for Degraded and Unknown, Critical for Unhealthy.</summary>
    public Severity Severity => Status switch
    {
        HealthStatus.Healthy => Severity.Ok,
        HealthStatus.Unhealthy => Severity.Critical,
        _ => Severity.Warning,
    };

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Status}";
}
