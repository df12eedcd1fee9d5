using System;
using System.Collections.Generic;
using OpsModule.Engine.Databases.Postgres;

namespace OpsModule.Engine.Maintenance;

/// <summary>What Invoke-DbMaintenance asks of one database.</summary>
/// <param name="Target">The SQLite file or PostgreSQL connection to work on.</param>
/// <param name="Tasks">Task names and presets as the user gave them.</param>
/// <param name="BusyTimeout">How long a SQLite task waits for another connection's lock before DatabaseLocked.</param>
/// <param name="VacuumThreshold">SQLite: the free-page ratio (0 to 1) above which Vacuum runs.</param>
/// <param name="ReindexBloatThreshold">PostgreSQL: the estimated index bloat ratio (0 to 1) above which Reindex rebuilds an index.</param>
/// <param name="TimeLimit">No task starts after this much time, and a running one is interrupted; null for none.</param>
/// <param name="TimeUsed">How much of <paramref name="TimeLimit"/> the call's earlier databases used (the limit is the whole call's).</param>
public sealed record MaintenanceRequest(
    DatabaseTarget Target,
    IReadOnlyList<string> Tasks,
    TimeSpan BusyTimeout,
    double VacuumThreshold,
    double ReindexBloatThreshold,
    TimeSpan? TimeLimit,
    TimeSpan TimeUsed = default);

/// <summary>Where Invoke-DbMaintenance's results and per-task errors go (the cmdlet writes them on the pipeline thread).</summary>
public interface IMaintenanceSink
{
    /// <summary>A result: a MaintenanceResult or a report row.</summary>
    void Emit(object result);

    /// <summary>A task that could not run, right after its Failed result was emitted.</summary>
    void Fail(OpsException failure);
}

/// <summary>A database to maintain: a SQLite file or a PostgreSQL connection.</summary>
public sealed class DatabaseTarget
{
    private DatabaseTarget(string? path, PgConnectionInfo? postgres)
    {
        SqlitePath = path;
        Postgres = postgres;
    }

    /// <summary>The SQLite database file, or null.</summary>
    public string? SqlitePath { get; }

    /// <summary>The PostgreSQL connection, or null.</summary>
    internal PgConnectionInfo? Postgres { get; }

    /// <summary>True for PostgreSQL.</summary>
    public bool IsPostgres => Postgres is not null;

    /// <summary>The engine name used in results.</summary>
    public string Engine => IsPostgres ? "postgres" : "sqlite";

    /// <summary>The database's name: the SQLite file name without extension, or the PostgreSQL database.</summary>
    public string Database => Postgres?.EffectiveDatabase ?? System.IO.Path.GetFileNameWithoutExtension(SqlitePath!);

    /// <summary>Where the database is, safe to show: the file, or <c>postgres://user@host:port/database</c> (never a password), as the other cmdlets show it.</summary>
    public string Display => Postgres?.DisplayFor(Postgres.EffectiveDatabase) ?? SqlitePath!;

    /// <summary>A SQLite database file.</summary>
    public static DatabaseTarget Sqlite(string path) => new(path, null);

    /// <summary>
    /// A PostgreSQL database: an Npgsql connection string or a postgres:// URI; <paramref name="userName"/> and
    /// <paramref name="password"/> (from -Credential) win over the ones inside it. Unreadable text is InvalidArgument.
    /// </summary>
    public static DatabaseTarget Pg(string connectionString, string? userName, string? password) => new(null, PgConnectionInfo.Parse(connectionString, userName, password));

    /// <inheritdoc />
    public override string ToString() => Display;
}
