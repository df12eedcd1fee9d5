using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>What a set of log files holds: Measure-LogErrors -Summary.</summary>
public sealed class LogSummary
{
    /// <summary>How many files were read (lines from the pipeline count as none).</summary>
    public int Files { get; set; }

    /// <summary>Lines read, continuation lines and lines outside -Since/-Until included.</summary>
    public long Lines { get; set; }

    /// <summary>Bytes read (compressed files: bytes after decompression).</summary>
    public long Bytes { get; set; }

    /// <summary>Entries counted (within -Since/-Until); a multi-line entry counts once.</summary>
    public long Entries { get; set; }

    /// <summary>Entries per level, every level listed (Unknown: entries without a level).</summary>
    public IReadOnlyDictionary<string, long> ByLevel { get; set; } = new Dictionary<string, long>();

    /// <summary>Entries at level Error, Critical or Fatal.</summary>
    public long Errors { get; set; }

    /// <summary>Entries at level Warning.</summary>
    public long Warnings { get; set; }

    /// <summary>Errors divided by Entries (0 when there are no entries).</summary>
    public double ErrorRate { get; set; }

    /// <summary>The earliest entry timestamp (UTC).</summary>
    public DateTime? FirstTimestamp { get; set; }

    /// <summary>The latest entry timestamp (UTC).</summary>
    public DateTime? LastTimestamp { get; set; }

    /// <summary>How long the scan took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>With -Bucket: entry and error counts per time bucket, oldest first (only buckets with entries).</summary>
    public IReadOnlyList<LogBucket> Buckets { get; set; } = [];

    /// <summary>Critical when there are critical or fatal entries, Warning when there are errors, otherwise Ok.</summary>
    public Severity Severity { get; set; }
}

/// <summary>One time bucket of a LogSummary histogram.</summary>
public sealed class LogBucket
{
    /// <summary>The bucket's start (UTC), a multiple of the bucket size since 0001-01-01.</summary>
    public DateTime Start { get; set; }

    /// <summary>Entries in the bucket.</summary>
    public long Entries { get; set; }

    /// <summary>Entries at level Error or above in the bucket.</summary>
    public long Errors { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Start:yyyy-MM-dd HH:mm} {Entries} ({Errors} errors)";
}
