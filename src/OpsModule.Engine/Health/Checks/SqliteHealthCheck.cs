using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace OpsModule.Engine.Health.Checks;

/// <summary>SQLite: the file opens read-only, <c>PRAGMA quick_check</c> says ok, and its size is inside the Size thresholds.</summary>
internal sealed class SqliteHealthCheck : IHealthCheck
{
    private readonly string _path;
    private readonly Threshold _size;

    internal SqliteHealthCheck(HealthOptions options)
    {
        _path = options.Target("Path", "Sqlite");
        _size = Threshold.Number(options, "Size", "database size", lowerIsWorse: false, format: v => ByteSize.Format((long)v));
    }

    public string Kind => "Sqlite";

    public string Target => _path;

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return CheckOutcome.Failed($"the database '{_path}' does not exist");
        }

        Stopwatch clock = Stopwatch.StartNew();
        var problems = new List<string>();
        try
        {
            using var connection = new SqliteConnection(ReadOnly(_path));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && problems.Count < 5)
            {
                problems.Add(reader.GetString(0));
            }

            await reader.CloseAsync().ConfigureAwait(false);
            if (OpsModule.Engine.Databases.Sqlite.SqliteFts.IsSound(connection, problems))
            {
                problems = ["ok"];
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return CheckOutcome.Failed($"the database '{_path}' is locked {LockedBy(_path)}: a write transaction kept it locked for more than {BusySeconds} s, so it could not be read. A long transaction blocks the application too; WAL mode lets readers go on.");
        }
        catch (SqliteException ex)
        {
            return CheckOutcome.Failed($"the database '{_path}' cannot be read: {OpsModule.Engine.Databases.Sqlite.SqliteFile.Describe(ex)}");
        }

        var outcome = new CheckOutcome { ResponseTime = clock.Elapsed };
        long size = new FileInfo(_path).Length;
        outcome.Data["QuickCheck"] = string.Join("; ", problems);
        if (problems is not ["ok"])
        {
            outcome.Report(HealthStatus.Unhealthy, $"quick_check found problems: {string.Join("; ", problems)}");
        }

        outcome.Measure("Size", size, size, _size);
        outcome.Summary = $"quick_check ok, {ByteSize.Format(size)}";
        return outcome;
    }

    internal static string ReadOnly(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
        DefaultTimeout = BusySeconds,
    }.ToString();

    /// <summary>How long a check waits for a writer's lock: less than the default 3 s check timeout, so a locked database is said to be locked.</summary>
    private const int BusySeconds = 1;

    /// <summary>Who holds a SQLite database's lock, for messages: <c>by sqlite3 (PID n)</c>, or <c>by another connection</c>.</summary>
    internal static string LockedBy(string path)
    {
        IReadOnlyList<string> holders = OpsModule.Engine.Common.UnixFile.LockHolders(path, path + "-shm");
        return holders.Count > 0 ? "by " + string.Join(", ", holders) : "by another connection";
    }
}
