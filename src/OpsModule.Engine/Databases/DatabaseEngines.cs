using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Databases.Sqlite;

namespace OpsModule.Engine.Databases;

/// <summary>What the user named as a database: a SQLite file, or a PostgreSQL connection with an optional credential.</summary>
internal sealed class DatabaseLocator
{
    private DatabaseLocator()
    {
    }

    internal string? FilePath { get; private init; }

    internal string? ConnectionString { get; private init; }

    internal string? UserName { get; private init; }

    internal string? Password { get; private init; }

    /// <summary>PostgreSQL: pg_dump (backup) or pg_restore (restore) to run instead of the one on PATH.</summary>
    internal string? ToolPath { get; private init; }

    internal static DatabaseLocator File(string path) => new() { FilePath = path };

    internal static DatabaseLocator Connection(string connectionString, string? userName, string? password, string? toolPath) =>
        new() { ConnectionString = connectionString, UserName = userName, Password = password, ToolPath = toolPath };
}

/// <summary>The one place that picks the engine for what the user gave (a file is SQLite; a connection string or postgres:// URI is PostgreSQL).</summary>
internal static class DatabaseEngines
{
    /// <summary>
    /// The database(s) named. <paramref name="databases"/> (PostgreSQL only) names databases of the server to use
    /// instead of the connection's own (<c>*</c> and wildcards: every matching non-template database).
    /// </summary>
    internal static async Task<IReadOnlyList<IDatabaseEngine>> ResolveAsync(DatabaseLocator locator, IReadOnlyList<string>? databases, CancellationToken cancellationToken)
    {
        if (locator.FilePath is not null)
        {
            return [new SqliteDatabaseEngine(locator.FilePath)];
        }

        if (locator.ConnectionString is null)
        {
            throw new ArgumentException("A database locator names a file or a connection.", nameof(locator));
        }

        PgConnectionInfo connection = PgConnectionInfo.Parse(locator.ConnectionString, locator.UserName, locator.Password);
        if (databases is null || databases.Count == 0)
        {
            return [new PgDatabaseEngine(connection, locator.ToolPath)];
        }

        IReadOnlyList<string> names = await PgCatalog.MatchDatabasesAsync(connection, databases, cancellationToken).ConfigureAwait(false);
        var engines = new List<IDatabaseEngine>(names.Count);
        foreach (string name in names)
        {
            engines.Add(new PgDatabaseEngine(connection.WithDatabase(name), locator.ToolPath));
        }

        return engines;
    }

    /// <summary>The engine for one target (restores): exactly one database.</summary>
    internal static IDatabaseEngine ForTarget(DatabaseLocator locator) =>
        locator.FilePath is not null
            ? new SqliteDatabaseEngine(locator.FilePath)
            : new PgDatabaseEngine(PgConnectionInfo.Parse(locator.ConnectionString!, locator.UserName, locator.Password), locator.ToolPath);
}
