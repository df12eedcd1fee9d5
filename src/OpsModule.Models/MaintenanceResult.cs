using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>How a maintenance task ended.</summary>
public enum MaintenanceStatus
{
    /// <summary>The task ran and found nothing wrong.</summary>
    Succeeded = 0,

    /// <summary>The task was not needed (below its threshold) or not possible here; Detail says why.</summary>
    Skipped = 1,

    /// <summary>The task could not run (ErrorId says why) or found a problem (Detail says what).</summary>
    Failed = 2,
}

/// <summary>One maintenance task run by Invoke-DbMaintenance against one database.</summary>
public sealed class MaintenanceResult
{
    /// <summary>The database's name (SQLite: the file name without extension; PostgreSQL: the database).</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>Where the database is: the SQLite file or the redacted PostgreSQL connection string.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The database engine: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string Engine { get; set; } = string.Empty;

    /// <summary>The task, e.g. Vacuum or UnusedIndex.</summary>
    public string Task { get; set; } = string.Empty;

    /// <summary>How the task ended.</summary>
    public MaintenanceStatus Status { get; set; }

    /// <summary>When the task started (UTC).</summary>
    public DateTime Started { get; set; }

    /// <summary>How long the task took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Bytes on disk before the task (SQLite: the file and its -wal; PostgreSQL: the database); null when not measured.</summary>
    public long? SizeBefore { get; set; }

    /// <summary>Bytes on disk after the task; null when not measured (a task that failed).</summary>
    public long? SizeAfter { get; set; }

    /// <summary>What the task touched or reported: problems found, tables processed, rows reported.</summary>
    public long RowsAffected { get; set; }

    /// <summary>The objects (tables, indexes) the task acted on or reported.</summary>
    public IReadOnlyList<string> Objects { get; set; } = [];

    /// <summary>What happened, in words: the problems an integrity check found, why a task was skipped.</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>For a task that could not run: the ErrorId of the error written with it.</summary>
    public string? ErrorId { get; set; }

    /// <summary>Critical when the task failed, else Ok.</summary>
    public Severity Severity => Status == MaintenanceStatus.Failed ? Severity.Critical : Severity.Ok;

    /// <inheritdoc />
    public override string ToString() => $"{Database} {Task}: {Status}";
}
