using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Recovery;

/// <summary>How a disaster-recovery test runs: where its scratch targets go, its thresholds and validations.</summary>
internal sealed class DisasterRecoveryOptions
{
    /// <summary>SQLite: the folder for scratch databases and fetched artifacts (the system temp folder when null).</summary>
    internal string? ScratchFolder { get; init; }

    /// <summary>PostgreSQL: the server (and login) to create scratch databases on; the backup's own server when null.</summary>
    internal string? ScratchConnectionString { get; init; }

    /// <summary>PostgreSQL login (from -Credential); wins over the one in the connection string.</summary>
    internal string? UserName { get; init; }

    /// <summary>PostgreSQL password (from -Credential).</summary>
    internal string? Password { get; init; }

    /// <summary>pg_restore to run instead of the one on PATH.</summary>
    internal string? PgRestorePath { get; init; }

    /// <summary>The recovery point objective: the oldest a backup may be.</summary>
    internal TimeSpan? MaxBackupAge { get; init; }

    /// <summary>The recovery time objective: the longest fetch + restore may take.</summary>
    internal TimeSpan? MaxRestoreTime { get; init; }

    /// <summary>Custom validations, run in this order against the restored scratch database.</summary>
    internal IReadOnlyList<RecoveryValidation> Validations { get; init; } = [];

    /// <summary>Keep the scratch target for inspection instead of removing it.</summary>
    internal bool KeepScratch { get; init; }

    /// <summary>The client-side encryption key of encrypted backups (null: an encrypted backup fails its Restore check).</summary>
    internal OpsModule.Engine.Encryption.EncryptionKey? EncryptionKey { get; init; }

    /// <summary>Record the outcome beside the backup (<c>&lt;artifact&gt;.verified.json</c>).</summary>
    internal bool RecordOutcome { get; init; } = true;
}

/// <summary>
/// One custom validation: a SQL query that must return true, or a callback (a user's scriptblock, run by the cmdlet
/// on the pipeline thread) that receives the scratch connection string and tells whether it passed and why.
/// </summary>
internal sealed class RecoveryValidation
{
    internal RecoveryValidation(string name, string sql)
    {
        Name = name;
        Sql = sql;
    }

    internal RecoveryValidation(string name, Func<string, CancellationToken, Task<(bool Passed, string Detail)>> callback)
    {
        Name = name;
        Callback = callback;
    }

    internal string Name { get; }

    internal string? Sql { get; }

    internal Func<string, CancellationToken, Task<(bool Passed, string Detail)>>? Callback { get; }
}
