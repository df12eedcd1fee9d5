using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>A database restored from a backup and checked before it replaced the target's content.</summary>
public sealed class RestoreResult
{
    /// <summary>The backup that was restored.</summary>
    public BackupInfo Backup { get; set; } = new BackupInfo();

    /// <summary>The database that now holds the restored data (redacted).</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>How long the restore took, verification included.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>
    /// What was checked before the target was touched (Checksum, Integrity, RowCounts), each with its outcome
    /// and duration. A restore whose check failed is an error, so every check here passed.
    /// </summary>
    public IReadOnlyList<RecoveryCheck> Checks { get; set; } = Array.Empty<RecoveryCheck>();

    /// <summary>Row count per table in the restored database.</summary>
    public IReadOnlyDictionary<string, long> TableCounts { get; set; } = new Dictionary<string, long>();

    /// <summary>True when an existing database was replaced.</summary>
    public bool Replaced { get; set; }

    /// <summary>Where the replaced database went when it was kept (PostgreSQL -KeepPrevious); null when it was removed or there was none.</summary>
    public string? PreviousTarget { get; set; }

    /// <summary>Always <see cref="OpsModule.Severity.Ok"/>: a restore that failed is an error, not a result.</summary>
    public Severity Severity { get; } = Severity.Ok;

    /// <inheritdoc />
    public override string ToString() => Target;
}
