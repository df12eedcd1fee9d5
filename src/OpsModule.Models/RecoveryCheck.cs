using System;

namespace OpsModule;

/// <summary>
/// One check a restore or a disaster-recovery test ran, and its outcome (the elements of
/// RestoreResult.Checks and DisasterRecoveryResult.Checks).
/// </summary>
public sealed class RecoveryCheck
{
    /// <summary>What was checked, e.g. <c>Checksum</c>, <c>Integrity</c>, <c>RowCounts</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>True when the check passed.</summary>
    public bool Passed { get; set; }

    /// <summary>
    /// True when the check passed but found something to look at that the backup or restore did not cause (rows that break
    /// a foreign key in a SQLite backup: the source has them too); the result's Severity is then Warning.
    /// </summary>
    public bool Warning { get; set; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>What exactly was checked and what was found, in one sentence.</summary>
    public string Detail { get; set; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {(!Passed ? "failed" : Warning ? "passed with a warning" : "passed")}";
}
