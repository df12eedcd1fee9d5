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

    /// <summary>The backup's engine or manifest format is not one this version can restore.</summary>
    public const string UnsupportedBackup = nameof(UnsupportedBackup);

    /// <summary>A path or argument does not resolve to anything usable.</summary>
    public const string InvalidArgument = nameof(InvalidArgument);

    /// <summary>An unexpected failure of the database engine or file system.</summary>
    public const string OperationFailed = nameof(OperationFailed);

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

    /// <summary>The restore target holds data and nobody could confirm replacing it (use -Force).</summary>
    public const string RestoreTargetNotEmpty = nameof(RestoreTargetNotEmpty);

    /// <summary>The backup's objects name roles the target server lacks (create them, -IncludeGlobals, or -NoOwner).</summary>
    public const string RestoreRoleMissing = nameof(RestoreRoleMissing);

    /// <summary>The scratch target of a disaster-recovery test would be the backed-up database itself.</summary>
    public const string ScratchIsSource = nameof(ScratchIsSource);

    /// <summary>A disaster-recovery test failed one of its checks (written with -ErrorOnFailure).</summary>
    public const string DisasterRecoveryFailed = nameof(DisasterRecoveryFailed);
}
