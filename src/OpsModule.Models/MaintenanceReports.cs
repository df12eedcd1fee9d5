using System;

namespace OpsModule;

/// <summary>How far a bloat estimate can be trusted.</summary>
public enum EstimateConfidence
{
    /// <summary>Estimated from planner statistics alone (widths, row counts).</summary>
    Low = 0,

    /// <summary>Estimated from fresh statistics with little to guess.</summary>
    Medium = 1,

    /// <summary>Measured (pgstattuple).</summary>
    High = 2,
}

/// <summary>A table's size on disk (Invoke-DbMaintenance -Task TableSize).</summary>
public sealed class TableSizeInfo
{
    /// <summary>The database's name.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>The schema.</summary>
    public string Schema { get; set; } = string.Empty;

    /// <summary>The table.</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>Estimated rows (pg_class.reltuples).</summary>
    public long EstimatedRows { get; set; }

    /// <summary>Bytes of the table's heap (main, free space map and visibility map forks).</summary>
    public long TableBytes { get; set; }

    /// <summary>Bytes of all its indexes.</summary>
    public long IndexBytes { get; set; }

    /// <summary>Bytes of its TOAST table and TOAST index.</summary>
    public long ToastBytes { get; set; }

    /// <summary>All of it: pg_total_relation_size.</summary>
    public long TotalBytes { get; set; }

    /// <summary>Always Ok: a size is information.</summary>
    public Severity Severity { get; } = Severity.Ok;
}

/// <summary>An index never scanned since statistics were reset (Invoke-DbMaintenance -Task UnusedIndex).</summary>
public sealed class IndexUsageInfo
{
    /// <summary>The database's name.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>The schema.</summary>
    public string Schema { get; set; } = string.Empty;

    /// <summary>The table the index belongs to.</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>The index.</summary>
    public string Index { get; set; } = string.Empty;

    /// <summary>Index scans since statistics were reset (0 for every row of this report).</summary>
    public long Scans { get; set; }

    /// <summary>Bytes the index takes.</summary>
    public long IndexBytes { get; set; }

    /// <summary>When the database's statistics were last reset (UTC); null when never.</summary>
    public DateTime? StatsSince { get; set; }

    /// <summary>Warning: an unused index costs writes and space.</summary>
    public Severity Severity { get; } = Severity.Warning;
}

/// <summary>Estimated bloat of a table or index (Invoke-DbMaintenance -Task Bloat).</summary>
public sealed class BloatEstimate
{
    /// <summary>The database's name.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>The schema.</summary>
    public string Schema { get; set; } = string.Empty;

    /// <summary>The table or index.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>table</c> or <c>index</c>.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Bytes on disk.</summary>
    public long ActualBytes { get; set; }

    /// <summary>Bytes the live rows would need when packed as PostgreSQL packs them.</summary>
    public long ExpectedBytes { get; set; }

    /// <summary>ActualBytes minus ExpectedBytes (never negative).</summary>
    public long BloatBytes { get; set; }

    /// <summary>BloatBytes as a share of ActualBytes (0 to 1).</summary>
    public double BloatRatio { get; set; }

    /// <summary>How far the estimate can be trusted.</summary>
    public EstimateConfidence Confidence { get; set; }

    /// <summary>Warning above 30% bloat on more than 1 MB, Critical above 60%; else Ok.</summary>
    public Severity Severity =>
        BloatBytes < 1024 * 1024 ? Severity.Ok : BloatRatio > 0.6 ? Severity.Critical : BloatRatio > 0.3 ? Severity.Warning : Severity.Ok;
}

/// <summary>When a table was last vacuumed and analyzed (Invoke-DbMaintenance -Task VacuumAge).</summary>
public sealed class VacuumAgeInfo
{
    /// <summary>The database's name.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>The schema.</summary>
    public string Schema { get; set; } = string.Empty;

    /// <summary>The table.</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>The later of the last manual and automatic VACUUM (UTC); null when never.</summary>
    public DateTime? LastVacuum { get; set; }

    /// <summary>The later of the last manual and automatic ANALYZE (UTC); null when never.</summary>
    public DateTime? LastAnalyze { get; set; }

    /// <summary>Dead rows waiting for VACUUM.</summary>
    public long DeadRows { get; set; }

    /// <summary>Rows changed since the last ANALYZE.</summary>
    public long ModifiedSinceAnalyze { get; set; }

    /// <summary>age(relfrozenxid): transactions since the table was last frozen.</summary>
    public long XidAge { get; set; }

    /// <summary>Warning when a table with rows was never analyzed or its dead rows exceed its live rows; else Ok.</summary>
    public Severity Severity { get; set; }
}

/// <summary>How close a database is to transaction ID wraparound (Invoke-DbMaintenance -Task Wraparound).</summary>
public sealed class WraparoundInfo
{
    /// <summary>The database's name.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>age(datfrozenxid).</summary>
    public long XidAge { get; set; }

    /// <summary>XidAge as a percentage of the 2^31 wraparound limit.</summary>
    public double PercentOfLimit { get; set; }

    /// <summary>autovacuum_freeze_max_age: the age at which anti-wraparound vacuums start.</summary>
    public long FreezeMaxAge { get; set; }

    /// <summary>Warning from 50%, Critical from 75% of the limit; else Ok.</summary>
    public Severity Severity => PercentOfLimit >= 75 ? Severity.Critical : PercentOfLimit >= 50 ? Severity.Warning : Severity.Ok;
}
