using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>
/// One backup: its artifact, the manifest that makes it count, and what the manifest says about it.
/// Backup-Database emits it; the restore and verification cmdlets take it from the pipeline.
/// </summary>
public sealed class BackupInfo
{
    /// <summary>The database engine, e.g. <c>sqlite</c>.</summary>
    public string Engine { get; set; } = string.Empty;

    /// <summary>The database's name (for SQLite the file name without its extension).</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>Where the database was read from, with any secret redacted.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The backup location (folder or <c>s3://bucket/prefix</c>) the backup was written to.</summary>
    public string Location { get; set; } = string.Empty;

    /// <summary>The artifact: a file path or an <c>s3://</c> URI.</summary>
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>The manifest written beside the artifact (the artifact counts only with it).</summary>
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>Size of the artifact as stored, in bytes.</summary>
    public long Size { get; set; }

    /// <summary>Size of the database copy before compression, in bytes.</summary>
    public long DatabaseSize { get; set; }

    /// <summary>SHA-256 of the artifact's bytes as stored, lower-case hex.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>How the artifact is compressed.</summary>
    public BackupCompression Compression { get; set; }

    /// <summary>When the backup's snapshot was taken (UTC).</summary>
    public DateTime Created { get; set; }

    /// <summary>How long the backup took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Row count per table in the backed-up copy.</summary>
    public IReadOnlyDictionary<string, long> TableCounts { get; set; } = new Dictionary<string, long>();

    /// <summary>The engine's version (for SQLite the library version that made the copy).</summary>
    public string EngineVersion { get; set; } = string.Empty;

    /// <summary>The OpsModule version that wrote the backup.</summary>
    public string ModuleVersion { get; set; } = string.Empty;

    /// <summary>The manifest's format version.</summary>
    public int FormatVersion { get; set; }

    /// <summary>When the backup was last verified by a restore test (UTC), if ever.</summary>
    public DateTime? LastVerified { get; set; }

    /// <summary>Whether the last verification passed, if there was one.</summary>
    public bool? LastVerifiedResult { get; set; }

    /// <summary>
    /// False for what Get-DatabaseBackup -IncludeIncomplete reports besides backups: an artifact without its
    /// manifest, an in-flight file. Such an entry never restores.
    /// </summary>
    public bool Complete { get; set; } = true;

    /// <summary>Client-side encryption of the artifact (e.g. AES-256-GCM-CHUNKED-1), or null.</summary>
    public string? Encryption { get; set; }

    /// <summary>
    /// The machine the backup ran on (its manifest's host; empty when unknown). Not part of which database a backup is of:
    /// a container's or CI runner's host name changes with every run.
    /// </summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>
    /// The backup of the server's roles and tablespaces taken with this PostgreSQL backup (-IncludeGlobals), in the same
    /// location; null when there is none. Retention keeps it while this backup is kept.
    /// </summary>
    public string? GlobalsBackupPath { get; set; }

    /// <summary>Always <see cref="OpsModule.Severity.Ok"/>: a backup that could not be made is an error, not a result.</summary>
    public Severity Severity { get; } = Severity.Ok;

    /// <inheritdoc />
    public override string ToString() => BackupPath;
}
