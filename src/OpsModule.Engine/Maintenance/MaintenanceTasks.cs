using System;
using System.Collections.Generic;
using System.Linq;

namespace OpsModule.Engine.Maintenance;

/// <summary>The task names Invoke-DbMaintenance knows per engine, and the presets Daily and Weekly.</summary>
public static class MaintenanceTasks
{
    /// <summary>SQLite tasks, in the order they run.</summary>
    public static readonly IReadOnlyList<string> Sqlite =
        ["IntegrityCheck", "QuickCheck", "ForeignKeyCheck", "Reindex", "Vacuum", "Analyze", "Optimize", "Checkpoint"];

    /// <summary>PostgreSQL tasks, in the order they run (report tasks last).</summary>
    public static readonly IReadOnlyList<string> Postgres =
        ["IntegrityCheck", "VacuumAnalyze", "Analyze", "Reindex", "TableSize", "UnusedIndex", "Bloat", "VacuumAge", "Wraparound"];

    /// <summary>Every name -Task accepts: the presets and the tasks of both engines.</summary>
    public static readonly IReadOnlyList<string> All =
        new[] { "Daily", "Weekly" }.Concat(Sqlite).Concat(Postgres).Distinct(StringComparer.Ordinal).ToArray();

    private static readonly Dictionary<string, string[]> SqlitePresets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Daily"] = ["QuickCheck", "Vacuum", "Analyze", "Optimize", "Checkpoint"],
        ["Weekly"] = ["IntegrityCheck", "ForeignKeyCheck", "Reindex", "Vacuum", "Analyze", "Optimize", "Checkpoint"],
    };

    private static readonly Dictionary<string, string[]> PostgresPresets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Daily"] = ["VacuumAnalyze", "Analyze", "VacuumAge", "Wraparound"],
        ["Weekly"] = ["IntegrityCheck", "VacuumAnalyze", "Analyze", "Reindex", "TableSize", "UnusedIndex", "Bloat", "VacuumAge", "Wraparound"],
    };

    /// <summary>
    /// Expands presets and orders the tasks as the engine runs them. Names the engine does not know are
    /// returned in <paramref name="unknown"/> (each becomes a Failed result with an error).
    /// </summary>
    public static IReadOnlyList<string> Resolve(bool postgres, IEnumerable<string> requested, out IReadOnlyList<string> unknown)
    {
        IReadOnlyList<string> known = postgres ? Postgres : Sqlite;
        Dictionary<string, string[]> presets = postgres ? PostgresPresets : SqlitePresets;
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (string name in requested)
        {
            if (presets.TryGetValue(name, out string[]? preset))
            {
                wanted.UnionWith(preset);
            }
            else if (known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                wanted.Add(name);
            }
            else if (!missing.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                missing.Add(name);
            }
        }

        unknown = missing;
        return known.Where(wanted.Contains).ToArray();
    }
}
