namespace OpsModule;

/// <summary>
/// The stable ErrorIds of OpsModule's ErrorRecords (the first part of FullyQualifiedErrorId).
/// Once shipped an id never changes; about_OpsModule (module/en-US) lists them.
/// </summary>
public static class ErrorIds
{
    /// <summary>The database or backup named does not exist.</summary>
    public const string SourceNotFound = nameof(SourceNotFound);

    /// <summary>The file is not a SQLite database.</summary>
    public const string NotASqliteDatabase = nameof(NotASqliteDatabase);

    /// <summary>The backup destination cannot be created or written.</summary>
    public const string DestinationNotWritable = nameof(DestinationNotWritable);

    /// <summary>The artifact's SHA-256 differs from its manifest.</summary>
    public const string BackupChecksumMismatch = nameof(BackupChecksumMismatch);

    /// <summary>The artifact has no manifest (an interrupted backup) or its manifest is unreadable.</summary>
    public const string BackupIncomplete = nameof(BackupIncomplete);

    /// <summary>The database stayed locked by another process beyond the busy timeout.</summary>
    public const string DatabaseLocked = nameof(DatabaseLocked);

    /// <summary>The restored copy failed its integrity check.</summary>
    public const string RestoreIntegrityFailed = nameof(RestoreIntegrityFailed);

    /// <summary>The restored copy's row counts differ from the manifest.</summary>
    public const string RowCountMismatch = nameof(RowCountMismatch);

    /// <summary>The restore target cannot be written.</summary>
    public const string RestoreTargetNotWritable = nameof(RestoreTargetNotWritable);

    /// <summary>The restore target is held open by another connection, so it cannot be replaced safely.</summary>
    public const string RestoreTargetInUse = nameof(RestoreTargetInUse);

    /// <summary>
    /// A SQLite restore target in WAL mode has another page size than the backup, and the copy rebuilt with the target's
    /// page size would not keep every rowid (or the target switched to WAL mode mid-restore); the target was not touched.
    /// </summary>
    public const string RestoreTargetPageSizeMismatch = nameof(RestoreTargetPageSizeMismatch);

    /// <summary>A SQLite restore target has another text encoding than the backup: connections holding it open could not read it after the restore; the target was not touched.</summary>
    public const string RestoreTargetEncodingMismatch = nameof(RestoreTargetEncodingMismatch);

    /// <summary>The backup's engine or manifest format is not one this version can restore.</summary>
    public const string UnsupportedBackup = nameof(UnsupportedBackup);

    /// <summary>The restore target holds a database and nobody confirmed replacing it (no -Force, and no one can answer a prompt).</summary>
    public const string RestoreTargetNotEmpty = nameof(RestoreTargetNotEmpty);

    /// <summary>A backup's manifest is malformed (a missing or null field) or names an artifact other than its own.</summary>
    public const string InvalidManifest = nameof(InvalidManifest);

    /// <summary>The backup's manifest or artifact exists but cannot be read (permissions).</summary>
    public const string BackupNotReadable = nameof(BackupNotReadable);

    /// <summary>A path or argument does not resolve to anything usable.</summary>
    public const string InvalidArgument = nameof(InvalidArgument);

    /// <summary>The snapshot of the source failed SQLite's integrity check: the database is damaged; no backup was written.</summary>
    public const string SourceIntegrityFailed = nameof(SourceIntegrityFailed);

    /// <summary>The source database exists but this account (or the location) does not let it be read.</summary>
    public const string SourceNotReadable = nameof(SourceNotReadable);

    /// <summary>The database (or its folder, where SQLite writes its journal) does not let this account write, and the task must write.</summary>
    public const string DatabaseNotWritable = nameof(DatabaseNotWritable);

    /// <summary>An unexpected failure of the database engine or file system.</summary>
    public const string OperationFailed = nameof(OperationFailed);

    /// <summary>A log file exists but cannot be opened or read to the end (permissions, a damaged .gz).</summary>
    public const string LogFileUnreadable = nameof(LogFileUnreadable);

    /// <summary>A file given to Measure-LogErrors is binary (it contains zero bytes), not a text log.</summary>
    public const string LogFileIsBinary = nameof(LogFileIsBinary);

    /// <summary>An object piped to Measure-LogErrors is neither a log line, a file, nor an entry with a Message; it is not counted.</summary>
    public const string UnsupportedLogInput = nameof(UnsupportedLogInput);

    /// <summary>Invoke-LogRotation could not rotate, compress or prune a file; the file was left as it was.</summary>
    public const string LogRotationFailed = nameof(LogRotationFailed);

    /// <summary>A PostgreSQL command-line tool (pg_dump, pg_restore, pg_dumpall) was not found or cannot run.</summary>
    public const string PgToolNotFound = nameof(PgToolNotFound);

    /// <summary>A PostgreSQL tool is older than the server or the archive it must handle.</summary>
    public const string PgToolVersionMismatch = nameof(PgToolVersionMismatch);

    /// <summary>pg_dump, pg_restore or pg_dumpall exited non-zero or was killed.</summary>
    public const string PgToolFailed = nameof(PgToolFailed);

    /// <summary>The database server cannot be reached or refused the login.</summary>
    public const string DatabaseConnectionFailed = nameof(DatabaseConnectionFailed);

    /// <summary>Another run is already backing up the same database to the same place, or restoring into the same target.</summary>
    public const string OperationInProgress = nameof(OperationInProgress);

    /// <summary>The backup's objects name roles the target server lacks (create them, -IncludeGlobals, or -NoOwner).</summary>
    public const string RestoreRoleMissing = nameof(RestoreRoleMissing);

    /// <summary>The scratch target of a disaster-recovery test would be the backed-up database itself.</summary>
    public const string ScratchIsSource = nameof(ScratchIsSource);

    /// <summary>A disaster-recovery test failed one of its checks (written with -ErrorOnFailure).</summary>
    public const string DisasterRecoveryFailed = nameof(DisasterRecoveryFailed);

    /// <summary>An S3 request failed (unreachable endpoint, denied access, missing bucket, a broken upload).</summary>
    public const string S3RequestFailed = nameof(S3RequestFailed);

    /// <summary>The backup is client-side encrypted and no -EncryptionKey was given.</summary>
    public const string EncryptionKeyRequired = nameof(EncryptionKeyRequired);

    /// <summary>The -EncryptionKey given is not the key the backup was encrypted with.</summary>
    public const string EncryptionKeyMismatch = nameof(EncryptionKeyMismatch);

    /// <summary>A health check definition file cannot be read or is not a definition.</summary>
    public const string InvalidHealthDefinition = nameof(InvalidHealthDefinition);

    /// <summary>A health check was Unhealthy or Unknown and -ErrorOnFailure asked for an error.</summary>
    public const string HealthCheckFailed = nameof(HealthCheckFailed);

    /// <summary>A table or column name is not in the database's catalog (or is an injection attempt).</summary>
    public const string InvalidIdentifier = nameof(InvalidIdentifier);

    /// <summary>A maintenance task was interrupted by -TimeLimit before it finished.</summary>
    public const string TimeLimitReached = nameof(TimeLimitReached);

    /// <summary>The salvaged copy of a damaged database failed its own integrity check, so it was not swapped in.</summary>
    public const string RepairFailed = nameof(RepairFailed);

    /// <summary>The database role lacks a privilege the operation needs.</summary>
    public const string InsufficientPrivilege = nameof(InsufficientPrivilege);

    /// <summary>The change needs a confirmation and nobody can answer a prompt (-NonInteractive, redirected input); add -Confirm:$false.</summary>
    public const string ConfirmationRequired = nameof(ConfirmationRequired);
}
