namespace OpsModule;

/// <summary>What retention does with one backup.</summary>
public enum RetentionAction
{
    /// <summary>The backup stays.</summary>
    Keep = 0,

    /// <summary>The backup is (or, under -WhatIf, would be) removed.</summary>
    Remove = 1,
}

/// <summary>
/// Remove-DatabaseBackup's verdict on one backup: kept or removed, and why (every rule that kept it, e.g.
/// <c>daily 2026-11-26, weekly 2026-W48</c>). Emitted under -WhatIf too.
/// </summary>
public sealed class RetentionDecision
{
    /// <summary>The backup decided on.</summary>
    public BackupInfo Backup { get; set; } = new();

    /// <summary>The database the backup belongs to.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>When the backup was taken (UTC).</summary>
    public System.DateTime Created { get; set; }

    /// <summary>Keep or Remove.</summary>
    public RetentionAction Action { get; set; }

    /// <summary>Why: the rules that keep it, or that no rule keeps it.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>True once a Remove decision was carried out (false under -WhatIf or when declined).</summary>
    public bool Removed { get; set; }

    /// <summary>
    /// Ok for decisions the policy made; Warning when a backup was kept only because it is the newest verified
    /// (or, with none verified, the newest) backup of its database, which means the policy asked to remove it.
    /// </summary>
    public Severity Severity { get; set; } = Severity.Ok;

    /// <inheritdoc />
    public override string ToString() => $"{Action} {Backup.BackupPath}: {Reason}";
}
