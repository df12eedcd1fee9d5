using System;
using System.Collections.Generic;
using System.Linq;

namespace OpsModule;

/// <summary>
/// The verdict of one disaster-recovery test (Test-DisasterRecovery): a backup fetched, restored into a scratch
/// target, checked, and the scratch target removed, with the recovery point and time as numbers.
/// </summary>
public sealed class DisasterRecoveryResult
{
    /// <summary>The database the backup is of.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>The database engine, e.g. <c>sqlite</c> or <c>postgres</c>.</summary>
    public string Engine { get; set; } = string.Empty;

    /// <summary>The backup that was tested.</summary>
    public BackupInfo Backup { get; set; } = new BackupInfo();

    /// <summary>True when every check passed.</summary>
    public bool Passed { get; set; }

    /// <summary>How old the backup was when it was tested (the data a recovery from it would lose).</summary>
    public TimeSpan BackupAge { get; set; }

    /// <summary>How long fetching and restoring the backup took (what a recovery from it would take).</summary>
    public TimeSpan RestoreDuration { get; set; }

    /// <summary>BackupAge within -MaxBackupAge; null when no -MaxBackupAge was given.</summary>
    public bool? RpoMet { get; set; }

    /// <summary>RestoreDuration within -MaxRestoreTime (false when the restore did not complete); null when no -MaxRestoreTime was given.</summary>
    public bool? RtoMet { get; set; }

    /// <summary>Each step and its outcome, in the order they ran: Fetch, Restore, Integrity, RowCounts, custom validations, Rpo, Rto, Cleanup.</summary>
    public IReadOnlyList<RecoveryCheck> Checks { get; set; } = Array.Empty<RecoveryCheck>();

    /// <summary>The scratch database (file path, or redacted PostgreSQL URI) the backup was restored into.</summary>
    public string ScratchTarget { get; set; } = string.Empty;

    /// <summary>True when the scratch target was kept (-KeepScratch); it is then at <see cref="ScratchTarget"/>.</summary>
    public bool ScratchKept { get; set; }

    /// <summary>When the test ran (UTC).</summary>
    public DateTime Tested { get; set; }

    /// <summary>
    /// <see cref="OpsModule.Severity.Critical"/> when the test failed, <see cref="OpsModule.Severity.Warning"/> when it passed
    /// with a check that found something to look at (<see cref="RecoveryCheck.Warning"/>), else <see cref="OpsModule.Severity.Ok"/>.
    /// </summary>
    public Severity Severity => !Passed ? Severity.Critical : Checks.Any(c => c.Warning) ? Severity.Warning : Severity.Ok;

    /// <inheritdoc />
    public override string ToString() => $"{Database}: {(Passed ? "passed" : "failed")}";
}
