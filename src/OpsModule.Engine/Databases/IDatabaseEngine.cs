using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Databases;

/// <summary>
/// One database of one engine (a SQLite file, a PostgreSQL database), as backup source or restore target.
/// Cmdlets get one from <see cref="DatabaseEngines"/> and never name an engine; adding an engine is one folder
/// under Databases/ plus one line in the factory.
/// </summary>
internal interface IDatabaseEngine
{
    /// <summary>The engine's name as written into manifests (<c>sqlite</c>, <c>postgres</c>).</summary>
    string Name { get; }

    /// <summary>The database's name (file name without extension, or the PostgreSQL database name).</summary>
    string Database { get; }

    /// <summary>Where the database is, for messages and BackupInfo.Source: never with a secret.</summary>
    string Display { get; }

    /// <summary>
    /// The real identity of the database for operation locks (the file's real path; host:port/database), so
    /// same-named databases elsewhere never block each other.
    /// </summary>
    string LockKey { get; }

    /// <summary>Takes a consistent snapshot, streams it through the store's artifact sink, and writes the manifest last.</summary>
    Task<BackupInfo> BackupAsync(BackupJob job, IOperationObserver observer, CancellationToken cancellationToken);

    /// <summary>True when, as a restore target, this database exists and holds data a restore would replace.</summary>
    Task<bool> HasDataAsync(CancellationToken cancellationToken);

    /// <summary>Restores the backup into a new scratch target beside this one, verifies it, then swaps it in.</summary>
    Task<RestoreResult> RestoreAsync(RestoreJob job, IOperationObserver observer, CancellationToken cancellationToken);

    /// <summary>Exact row count of every table (the keys the manifest uses).</summary>
    Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken cancellationToken);
}

/// <summary>What one backup run writes where, and how.</summary>
internal sealed class BackupJob
{
    internal BackupJob(IBackupStore store, BackupCompression compression, int? compressionLevel)
    {
        Store = store;
        Compression = compression;
        CompressionLevel = compressionLevel;
    }

    internal IBackupStore Store { get; }

    internal BackupCompression Compression { get; }

    internal int? CompressionLevel { get; }

    /// <summary>SQLite: how long to wait for another connection's lock on the source before DatabaseLocked.</summary>
    internal TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>SQLite: a local folder for the staging copy, or null for the store's own staging folder.</summary>
    internal string? StagingFolder { get; init; }

    /// <summary>PostgreSQL: also write the server's roles and tablespaces (once per call) and reference them.</summary>
    internal bool IncludeGlobals { get; set; }

    /// <summary>PostgreSQL: the globals artifact (roles, tablespaces) this database's manifest refers to, if one was written.</summary>
    internal string? GlobalsArtifact { get; set; }
}

/// <summary>Which backup to restore and the restore's options (the target is the engine itself).</summary>
internal sealed class RestoreJob
{
    internal RestoreJob(string backupPath)
    {
        BackupPath = backupPath;
    }

    /// <summary>The backup's artifact or manifest (local path today).</summary>
    internal string BackupPath { get; }

    /// <summary>SQLite: how long to wait for another connection's lock on the target before RestoreTargetInUse.</summary>
    internal TimeSpan BusyTimeout { get; set; } = RestoreRequest.DefaultBusyTimeout;

    /// <summary>SQLite: replace a target SQLite cannot open (damaged header) by rename (-Force).</summary>
    internal bool ReplaceDamagedTarget { get; set; }

    /// <summary>Keep the replaced database (renamed aside) instead of dropping it.</summary>
    internal bool KeepPrevious { get; set; }

    /// <summary>Restore without the archive's owners and privileges (objects belong to the restoring user).</summary>
    internal bool NoOwner { get; set; }

    /// <summary>Terminate other sessions on the target so that it can be swapped; without it, such sessions fail the restore.</summary>
    internal bool TerminateSessions { get; set; }

    /// <summary>Create the roles of the backup's globals artifact that the target server lacks.</summary>
    internal bool IncludeGlobals { get; set; }

    /// <summary>PostgreSQL: pg_restore's parallel jobs; above 1 the archive is spooled to a file first (pg_restore -j cannot read a pipe).</summary>
    internal int Jobs { get; set; } = 1;

    /// <summary>A local folder for scratch files (the -Jobs spool), or null for the temp folder.</summary>
    internal string? StagingFolder { get; set; }

    /// <summary>Set when <see cref="BackupPath"/> is a staged scratch copy: what was checked of the stored artifact.</summary>
    internal StagedArtifact? Staged { get; set; }

    /// <summary>
    /// Where the backup is stored when <see cref="BackupPath"/> is a staged copy (an S3 prefix, an encrypted backup's
    /// folder): a PostgreSQL backup's globals (-IncludeGlobals) are read there; null reads them beside BackupPath.
    /// </summary>
    internal Storage.IBackupSource? StoredIn { get; set; }

    /// <summary>The key that opens the stored backup's encrypted globals, if any.</summary>
    internal Encryption.EncryptionKey? Key { get; set; }

    /// <summary>Load a backup from its path (the read side of the store).</summary>
    internal StoredBackup Load() => BackupReader.Load(BackupPath);
}
