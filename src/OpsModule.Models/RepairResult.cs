using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>A damaged SQLite database salvaged into a new file by Repair-Database.</summary>
public sealed class RepairResult
{
    /// <summary>The database's name (the file name without extension).</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>The damaged database file.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>
    /// The salvaged copy (after a swap: the repaired database, at the original file name); empty under -WhatIf, which
    /// keeps no copy.
    /// </summary>
    public string RecoveredDatabase { get; set; } = string.Empty;

    /// <summary>Where the damaged file was kept after a swap (<c>&lt;name&gt;.corrupt-&lt;stamp&gt;</c>); empty without a swap.</summary>
    public string CorruptCopy { get; set; } = string.Empty;

    /// <summary>How rows were salvaged: <c>sqlite3 .recover</c> or <c>row copy</c>.</summary>
    public string Method { get; set; } = string.Empty;

    /// <summary>Rows salvaged per table.</summary>
    public IReadOnlyDictionary<string, long> TableCounts { get; set; } = new Dictionary<string, long>();

    /// <summary>Tables from which not every row could be read (row copy only).</summary>
    public IReadOnlyList<string> DamagedTables { get; set; } = [];

    /// <summary>
    /// Schema objects of the damaged database the salvaged copy lacks (they could not be recreated, e.g. a virtual table
    /// whose module this SQLite does not have); such a copy is never swapped in.
    /// </summary>
    public IReadOnlyList<string> MissingObjects { get; set; } = [];

    /// <summary>True when the salvaged copy passed PRAGMA integrity_check.</summary>
    public bool IntegrityOk { get; set; }

    /// <summary>What integrity_check said about the salvaged copy ("ok" when sound).</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>True when the salvaged copy replaced the damaged database.</summary>
    public bool Swapped { get; set; }

    /// <summary>When the repair started (UTC).</summary>
    public DateTime Started { get; set; }

    /// <summary>How long the repair took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Critical when the salvaged copy is not sound; Warning when rows were lost or it was not swapped in; else Ok.</summary>
    public Severity Severity => !IntegrityOk ? Severity.Critical : Method == NothingToRepair ? Severity.Ok : (DamagedTables.Count > 0 || MissingObjects.Count > 0 || !Swapped ? Severity.Warning : Severity.Ok);

    /// <summary>The Method of a database that passed integrity_check and was left alone.</summary>
    public const string NothingToRepair = "none";

    /// <inheritdoc />
    public override string ToString() => RecoveredDatabase;
}
