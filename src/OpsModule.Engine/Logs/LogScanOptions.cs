using System;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Logs;

/// <summary>What the caller asked Measure-LogErrors for.</summary>
public sealed class LogScanOptions
{
    /// <summary>Entries below this level are not mined, listed or measured (Unknown: all entries).</summary>
    public LogLevel Level { get; init; } = LogLevel.Error;

    /// <summary>Collect LogEntry objects.</summary>
    public bool Entries { get; init; }

    /// <summary>Only count (no template mining).</summary>
    public bool SummaryOnly { get; init; }

    /// <summary>Entries before this instant (UTC) are not counted.</summary>
    public DateTime? SinceUtc { get; init; }

    /// <summary>Entries after this instant (UTC) are not counted.</summary>
    public DateTime? UntilUtc { get; init; }

    /// <summary>The zone of timestamps written without one.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>Histogram bucket size for the summary.</summary>
    public TimeSpan? Bucket { get; init; }

    /// <summary>The numeric field to measure.</summary>
    public string? Measure { get; init; }

    /// <summary>The field to group measurements by (otherwise by template).</summary>
    public string? GroupBy { get; init; }

    /// <summary>A caller-supplied line format with named groups timestamp, level, message.</summary>
    public Regex? Format { get; init; }

    /// <summary>A plain file of at least twice this size is read in ranges of about this size at once (0: never).</summary>
    internal long RangeBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>How many files are read at once.</summary>
    public int ThrottleLimit { get; init; } = Environment.ProcessorCount;
}
