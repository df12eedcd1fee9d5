namespace OpsModule;

/// <summary>What Invoke-LogRotation did to one file (or, under -WhatIf, would do).</summary>
public sealed class LogRotationAction
{
    /// <summary>The live log file the action belongs to.</summary>
    public string LogFile { get; set; } = string.Empty;

    /// <summary>Rotate, Compress, Remove or Recover (finishing an interrupted rotation).</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The file acted on.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The file written (empty for Remove).</summary>
    public string Destination { get; set; } = string.Empty;

    /// <summary>The source's size in bytes when the action started.</summary>
    public long Size { get; set; }

    /// <summary>Why: the trigger (size, age) or the pruning rule.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>
    /// True when the action was carried out (a rotation whose -PostRotate failed, or whose rotation a writer kept open so
    /// it stays uncompressed, was carried out: Severity Warning says so); false under -WhatIf, when declined, or when the
    /// action was left for a later run.
    /// </summary>
    public bool Completed { get; set; }

    /// <summary>Warning when the action was left unfinished (a writer kept the rotated file open) or its -PostRotate failed, otherwise Ok.</summary>
    public Severity Severity { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Action} {Source}";
}
