using System;

namespace OpsModule;

/// <summary>Test-DatabaseBackup's verdict on one backup: its artifact re-read, size and SHA-256 checked, decompressed (and decrypted).</summary>
public sealed class BackupVerification
{
    /// <summary>The backup verified.</summary>
    public BackupInfo Backup { get; set; } = new();

    /// <summary>The database the backup belongs to.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>True when every check passed.</summary>
    public bool Verified { get; set; }

    /// <summary>What was checked, or what failed.</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>When the check ran (UTC).</summary>
    public DateTime Checked { get; set; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Ok when verified, Critical when the backup failed a check.</summary>
    public Severity Severity => Verified ? Severity.Ok : Severity.Critical;

    /// <inheritdoc />
    public override string ToString() => $"{(Verified ? "Verified" : "FAILED")} {Backup.BackupPath}";
}
