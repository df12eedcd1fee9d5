using System;

namespace OpsModule.Engine.Restore;

/// <summary>Which backup to restore, and where.</summary>
internal sealed class RestoreRequest
{
    /// <summary>How long a restore waits by default for another connection's lock on the target.</summary>
    internal static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    internal RestoreRequest(StoredBackup backup, string target, TimeSpan? busyTimeout = null, bool replaceDamagedTarget = false)
    {
        Backup = backup;
        Target = target;
        BusyTimeout = busyTimeout ?? DefaultBusyTimeout;
        ReplaceDamagedTarget = replaceDamagedTarget;
    }

    internal StoredBackup Backup { get; }

    /// <summary>The database to create or replace (a SQLite file path).</summary>
    internal string Target { get; }

    /// <summary>How long to wait for another connection's lock on the target before RestoreTargetInUse.</summary>
    internal TimeSpan BusyTimeout { get; }

    /// <summary>
    /// Replace a target SQLite cannot open (damaged header) by renaming the restored copy over it (-Force):
    /// no connection can go through such a file, so the replacement cannot go through SQLite.
    /// </summary>
    internal bool ReplaceDamagedTarget { get; }

    /// <summary>Set when the backup is a staged scratch copy: what was checked of the stored artifact.</summary>
    internal StagedArtifact? Staged { get; init; }
}
