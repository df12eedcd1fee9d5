using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>A database restored from a backup and verified before it replaced the target.</summary>
public sealed class RestoreResult
{
    /// <summary>The backup that was restored.</summary>
    public BackupInfo Backup { get; set; } = new BackupInfo();

    /// <summary>The database that now holds the restored data (redacted).</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>How long the restore took, verification included.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>True when the checksum, the integrity check and the row counts all matched before the target was replaced.</summary>
    public bool Verified { get; set; }

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
