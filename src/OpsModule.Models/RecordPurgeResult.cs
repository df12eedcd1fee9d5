using System;

namespace OpsModule;

/// <summary>One retention purge by Remove-DatabaseRecord: what was deleted and what is left.</summary>
public sealed class RecordPurgeResult
{
    /// <summary>The database's name.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>Where the database is: the SQLite file or the redacted PostgreSQL connection string.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The database engine: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string Engine { get; set; } = string.Empty;

    /// <summary>The table purged (as found in the catalog).</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>The column compared with the cutoff.</summary>
    public string Column { get; set; } = string.Empty;

    /// <summary>Rows older than this (UTC) were deleted.</summary>
    public DateTime Cutoff { get; set; }

    /// <summary>Rows that matched the purge when it started (under -WhatIf: the rows that would be deleted).</summary>
    public long RowsMatched { get; set; }

    /// <summary>Rows deleted.</summary>
    public long RowsDeleted { get; set; }

    /// <summary>Rows that still match the purge (not zero when -TimeLimit stopped it).</summary>
    public long RowsLeft { get; set; }

    /// <summary>
    /// The tables whose rows foreign keys also delete (ON DELETE CASCADE, followed further) or change (SET NULL, SET DEFAULT)
    /// with the purged rows, e.g. "child (rows deleted by ON DELETE CASCADE)"; their rows are not counted in RowsMatched or RowsDeleted.
    /// </summary>
    public string[] Cascades { get; set; } = [];

    /// <summary>Batches committed (each in its own short transaction).</summary>
    public int Batches { get; set; }

    /// <summary>How long the purge took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>True when every matching row is gone; false when -TimeLimit or an error stopped the purge, or under -WhatIf.</summary>
    public bool Completed { get; set; }

    /// <summary>For a purge an error stopped part-way: the ErrorId of the error written with it (the rows of earlier batches stay deleted).</summary>
    public string? ErrorId { get; set; }

    /// <summary>True when this is the -WhatIf preview: nothing was deleted.</summary>
    public bool WhatIf { get; set; }

    /// <summary>Critical when an error stopped the purge (ErrorId), Warning when rows are left (time limit reached), else Ok.</summary>
    public Severity Severity => ErrorId is not null ? Severity.Critical : RowsLeft > 0 && !WhatIf ? Severity.Warning : Severity.Ok;

    /// <inheritdoc />
    public override string ToString() => $"{Database}.{Table}: {RowsDeleted} deleted, {RowsLeft} left";
}
