using System;
using System.Collections.Generic;
using System.Globalization;
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
    /// Throws InvalidArgument when a name is neither a preset nor a task of any engine (a typo such as Vacum): checked
    /// once per call before any database is resolved, because one pipeline may bring databases of both engines and a
    /// typo must stop the call before the first of them, also when none comes at all.
    /// </summary>
    public static void EnsureAnyEngineKnows(IEnumerable<string> requested)
    {
        string[] unknown = requested.Where(name => !All.Contains(name, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (unknown.Length == 0)
        {
            return;
        }

        throw new OpsException(
            ErrorIds.InvalidArgument,
            OpsErrorCategory.InvalidArgument,
            string.Join(", ", unknown),
            string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1} SQLite or PostgreSQL maintenance task{2}, so no task ran. SQLite tasks: {3}; PostgreSQL tasks: {4}; and the presets Daily and Weekly (-Task completes them with Tab).",
                string.Join(" and ", unknown.Select(name => "'" + name + "'")),
                unknown.Length == 1 ? "is not a" : "are not",
                unknown.Length == 1 ? string.Empty : "s",
                string.Join(", ", Sqlite),
                string.Join(", ", Postgres)));
    }

    /// <summary>
    /// Throws InvalidArgument when a name is neither a task of the engine nor a preset (the other engine's task, once
    /// <see cref="EnsureAnyEngineKnows"/> passed): it stops the whole call at the first database of that engine (also
    /// under -WhatIf), reported once, with the names the engine takes. <paramref name="databasesDone"/> databases (of the
    /// other engine) came before it in the pipeline and ran their tasks.
    /// </summary>
    public static void EnsureKnown(bool postgres, IEnumerable<string> requested, int databasesDone = 0)
    {
        Resolve(postgres, requested, out IReadOnlyList<string> unknown);
        if (unknown.Count == 0)
        {
            return;
        }

        string engine = postgres ? "PostgreSQL" : "SQLite";
        IReadOnlyList<string> other = postgres ? Sqlite : Postgres;
        string names = string.Join(" and ", unknown.Select(name => "'" + name + "'"));
        string otherEngine = string.Join(string.Empty, unknown
            .Where(name => other.Contains(name, StringComparer.OrdinalIgnoreCase))
            .Select(name => string.Format(CultureInfo.InvariantCulture, " '{0}' is a {1} task only.", name, postgres ? "SQLite" : "PostgreSQL")));
        string outcome = databasesDone == 0
            ? "so no task ran"
            : string.Format(
                CultureInfo.InvariantCulture,
                databasesDone == 1 ? "so the call stopped at this database; the {1} database before it had already run its tasks" : "so the call stopped at this database; the {0} {1} databases before it had already run their tasks",
                databasesDone,
                postgres ? "SQLite" : "PostgreSQL");
        throw new OpsException(
            ErrorIds.InvalidArgument,
            OpsErrorCategory.InvalidArgument,
            string.Join(", ", unknown),
            string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1} maintenance task{2}, {3}.{4} {5} tasks: {6}, and the presets Daily and Weekly (-Task completes them with Tab).",
                names,
                unknown.Count == 1 ? "is not a " + engine : "are not " + engine,
                unknown.Count == 1 ? string.Empty : "s",
                outcome,
                otherEngine,
                engine,
                string.Join(", ", postgres ? Postgres : Sqlite)));
    }

    /// <summary>
    /// Expands presets and orders the tasks as the engine runs them. Names the engine does not know are
    /// returned in <paramref name="unknown"/> (<see cref="EnsureKnown"/> refuses them).
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
