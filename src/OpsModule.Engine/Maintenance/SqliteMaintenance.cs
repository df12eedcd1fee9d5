using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Sqlite;

namespace OpsModule.Engine.Maintenance;

/// <summary>SQLite's maintenance tasks, through SQLite itself (its locks, its busy handler) on one connection.</summary>
internal sealed class SqliteMaintenance : ITaskRunner
{
    private readonly string _path;
    private readonly MaintenanceRequest _request;
    private readonly IOperationObserver _observer;
    private SqliteConnection? _connection;

    internal SqliteMaintenance(DatabaseTarget target, MaintenanceRequest request, IOperationObserver observer)
    {
        _path = target.SqlitePath!;
        _request = request;
        _observer = observer;
        SqliteFile.EnsureReadableDatabase(_path, "Invoke-DbMaintenance", "read and write access to the file and its folder");
    }

    public async Task RunAsync(string task, MaintenanceResult result, CancellationToken cancellationToken)
    {
        SqliteConnection connection = _connection ??= SqliteSession.Open(_path, _request.BusyTimeout);
        result.SizeBefore = SqliteSession.SizeOnDisk(_path);
        using (cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle)))
        {
            try
            {
                await Task.Run(() => Run(connection, task, result), CancellationToken.None).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 9 && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Interrupted.", ex, cancellationToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 13)
            {
                throw DiskFull(task, result.SizeBefore ?? SqliteSession.SizeOnDisk(_path), ex);
            }
            catch (SqliteException ex)
            {
                throw SqliteSession.Translate(ex, _path, task, _request.BusyTimeout);
            }
        }

        result.SizeAfter = SqliteSession.SizeOnDisk(_path);
    }

    public ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>SQLITE_FULL: the disk (or the temporary folder) has no room for what the task writes; SQLite rolled it back.</summary>
    private OpsException DiskFull(string task, long size, SqliteException ex)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(_path)) ?? _path;
        string need = task == "Vacuum"
            ? string.Format(CultureInfo.InvariantCulture, "VACUUM builds a new copy of the database in the temporary folder (SQLITE_TMPDIR, TMPDIR or /var/tmp) and then rewrites the file through its journal: it needs free space of about the database's size ({0:N1} MB) in '{1}' and in the temporary folder.", size / 1048576.0, folder)
            : string.Format(CultureInfo.InvariantCulture, "It needs free space in '{0}' for its journal.", folder);
        return new OpsException(
            ErrorIds.DestinationNotWritable,
            OpsErrorCategory.WriteError,
            _path,
            $"{task} on '{_path}' failed: the disk is full ({ex.Message}). {need} SQLite rolled the task back, so the database is as it was. Free space, then retry.",
            ex);
    }

    private void Run(SqliteConnection connection, string task, MaintenanceResult result)
    {
        switch (task)
        {
            case "IntegrityCheck":
                Check(connection, "PRAGMA integrity_check(100)", result);
                break;
            case "QuickCheck":
                Check(connection, "PRAGMA quick_check(100)", result);
                break;
            case "ForeignKeyCheck":
                ForeignKeyCheck(connection, result);
                break;
            case "Analyze":
                SqliteSession.Execute(connection, "ANALYZE");
                result.Detail = "ANALYZE refreshed the statistics of every table and index.";
                break;
            case "Optimize":
                SqliteSession.Execute(connection, "PRAGMA optimize");
                result.Detail = "PRAGMA optimize ran (it analyzes only what the query planner needs).";
                break;
            case "Reindex":
                SqliteSession.Execute(connection, "REINDEX");
                result.Detail = "Every index was rebuilt.";
                break;
            case "Vacuum":
                Vacuum(connection, result);
                break;
            case "Checkpoint":
                Checkpoint(connection, result);
                break;
            default:
                throw new InvalidOperationException("Unknown SQLite task " + task);
        }
    }

    private static void Check(SqliteConnection connection, string pragma, MaintenanceResult result)
    {
        var problems = new List<string>();
        try
        {
            using var command = SqliteSession.Command(connection, pragma);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                problems.Add(reader.GetString(0));
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 11)
        {
            // The check itself tripped over the damage: that is its finding.
            problems.Add(ex.Message);
        }

        if (SqliteFts.IsSound(connection, problems))
        {
            result.Detail = "ok";
            return;
        }

        result.Status = MaintenanceStatus.Failed;
        result.RowsAffected = problems.Count;
        result.Detail = "The database is damaged: " + string.Join("; ", problems) + " Restore a backup or run Repair-Database.";
    }

    private static void ForeignKeyCheck(SqliteConnection connection, MaintenanceResult result)
    {
        var tables = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long violations = 0;
        using (var command = SqliteSession.Command(connection, "PRAGMA foreign_key_check"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                violations++;
                string key = reader.GetString(0) + " -> " + reader.GetString(2);
                tables[key] = tables.GetValueOrDefault(key) + 1;
            }
        }

        result.RowsAffected = violations;
        if (violations == 0)
        {
            result.Detail = "No foreign key violations.";
            return;
        }

        result.Status = MaintenanceStatus.Failed;
        var parts = new List<string>();
        foreach (KeyValuePair<string, long> entry in tables)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows", entry.Key, entry.Value));
        }

        result.Objects = [.. tables.Keys];
        result.Detail = string.Format(CultureInfo.InvariantCulture, "{0} rows point at missing parents ({1}).", violations, string.Join(", ", parts));
    }

    private void Vacuum(SqliteConnection connection, MaintenanceResult result)
    {
        long pages = SqliteSession.Scalar(connection, "PRAGMA page_count");
        long free = SqliteSession.Scalar(connection, "PRAGMA freelist_count");
        double ratio = pages == 0 ? 0 : (double)free / pages;
        string measured = string.Format(CultureInfo.InvariantCulture, "{0} of {1} pages free ({2:P1})", free, pages, ratio);
        if (ratio <= _request.VacuumThreshold)
        {
            result.Status = MaintenanceStatus.Skipped;
            result.Detail = string.Format(CultureInfo.InvariantCulture, "Not needed: {0}, not above the threshold of {1:P1}.", measured, _request.VacuumThreshold);
            return;
        }

        // VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY; an external-content full-text index over
        // such a table would then point at the wrong rows (searches find the wrong rows, its integrity check fails).
        List<string> rebuild = SqliteFts.IndexesOverUnstableRowids(connection);
        _observer.Verbose($"{measured}: running VACUUM on '{_path}'.");
        SqliteSession.Execute(connection, "VACUUM");
        if (rebuild.Count > 0)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            foreach (string index in rebuild)
            {
                string quoted = SqliteFile.QuoteIdentifier(index);
                _observer.Verbose($"Rebuilding the full-text index '{index}': VACUUM may have renumbered the rowids of its content table.");
                using SqliteCommand command = SqliteSession.Command(connection, $"INSERT INTO {quoted}({quoted}) VALUES ('rebuild')");
                command.Transaction = transaction;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        string pending = string.Empty;
        if (SqliteSession.JournalMode(connection) == "wal")
        {
            // In WAL mode the smaller file reaches the database only at a checkpoint; a reader's older snapshot delays it,
            // and the vacuumed copy waits in the -wal meanwhile (the files are larger than before until then).
            using var command = SqliteSession.Command(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            using var reader = command.ExecuteReader();
            if (reader.Read() && (reader.GetInt64(0) != 0 || reader.GetInt64(2) < reader.GetInt64(1)))
            {
                pending = " The file has not shrunk yet: another connection still reads an older snapshot, so the checkpoint that writes the vacuumed pages into it could not finish (they wait in the -wal, and the files are larger than before until then). It shrinks at the next checkpoint once that reader is done (Invoke-DbMaintenance -Task Checkpoint).";
            }
        }

        result.RowsAffected = free;
        result.Detail = string.Format(CultureInfo.InvariantCulture, "Vacuumed: {0}; now {1} pages.", measured, SqliteSession.Scalar(connection, "PRAGMA page_count"))
            + (rebuild.Count == 0 ? string.Empty : $" Rebuilt the full-text index(es) {string.Join(", ", rebuild)}: their content tables have no INTEGER PRIMARY KEY, whose rowids VACUUM may renumber.")
            + pending;
    }

    private void Checkpoint(SqliteConnection connection, MaintenanceResult result)
    {
        if (SqliteSession.JournalMode(connection) != "wal")
        {
            result.Status = MaintenanceStatus.Skipped;
            result.Detail = "Not needed: the database is not in WAL mode.";
            return;
        }

        using var command = SqliteSession.Command(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        using var reader = command.ExecuteReader();
        reader.Read();
        if (reader.GetInt64(0) != 0)
        {
            throw SqliteSession.Locked(_path, "Checkpoint", _request.BusyTimeout, null);
        }

        result.RowsAffected = reader.GetInt64(2);
        result.Detail = string.Format(CultureInfo.InvariantCulture, "{0} WAL frames copied into the database; the -wal file was truncated.", reader.GetInt64(2));
    }
}

/// <summary>Connections and error translation shared by the SQLite maintenance and purge code.</summary>
internal static class SqliteSession
{
    /// <summary>Opens an existing database with SQLite's busy handler and the command retry both set to <paramref name="busyTimeout"/>.</summary>
    internal static SqliteConnection Open(string path, TimeSpan busyTimeout, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = Seconds(busyTimeout),
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = " + ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        return connection;
    }

    /// <summary>Microsoft.Data.Sqlite's retry time in whole seconds (0 would mean forever, so at least 1).</summary>
    internal static int Seconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));

    internal static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    internal static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = Command(connection, sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    internal static string JournalMode(SqliteConnection connection)
    {
        using SqliteCommand command = Command(connection, "PRAGMA journal_mode");
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!.ToLowerInvariant();
    }

    /// <summary>The database file and its -wal, in bytes.</summary>
    internal static long SizeOnDisk(string path)
    {
        long size = 0;
        foreach (string file in new[] { path, path + "-wal" })
        {
            var info = new FileInfo(file);
            if (info.Exists)
            {
                size += info.Length;
            }
        }

        return size;
    }

    internal static OpsException Locked(string path, string doing, TimeSpan busyTimeout, Exception? inner) => new(
        ErrorIds.DatabaseLocked,
        OpsErrorCategory.ResourceBusy,
        path,
        string.Format(CultureInfo.InvariantCulture, "{0} on '{1}' could not get its lock: another connection held the database for longer than the busy timeout of {2:0.###} s. Retry when that connection is done (a writer's transaction, or for a checkpoint also a reader's open snapshot), or give a longer -BusyTimeout.", doing, path, busyTimeout.TotalSeconds),
        inner);

    /// <summary>Maps busy and locked results to DatabaseLocked, damage to NotASqliteDatabase, the rest to OperationFailed.</summary>
    internal static OpsException Translate(SqliteException ex, string path, string doing, TimeSpan busyTimeout) => ex.SqliteErrorCode switch
    {
        5 or 6 => Locked(path, doing, busyTimeout, ex),
        26 => new OpsException(ErrorIds.NotASqliteDatabase, OpsErrorCategory.InvalidData, path, $"'{path}' is not a SQLite database or is encrypted ({ex.Message}).", ex),
        8 => new OpsException(
            ErrorIds.DatabaseNotWritable,
            OpsErrorCategory.PermissionDenied,
            path,
            $"SQLite could not write to '{path}' or the files it keeps beside it for {doing} (a journal; a WAL database's -wal and -shm, which even a read needs): the file or its folder does not let this account ({Environment.UserName}) write, or the mount is read-only. Nothing was changed. Run it as the database's owner, or grant this account write access to the file and its folder.",
            ex),
        14 => new OpsException(
            ErrorIds.DatabaseNotWritable,
            OpsErrorCategory.PermissionDenied,
            path,
            $"SQLite could not open the files it needs for {doing} on '{path}' (its journal, a WAL database's -wal and -shm, or a temporary file): the folder may not let this account ({Environment.UserName}) create them, or they belong to another account. Nothing was changed. Run it as the database's owner, or grant this account write access to the folder and those files.",
            ex),
        11 => new OpsException(ErrorIds.SourceIntegrityFailed, OpsErrorCategory.InvalidData, path, $"{doing} on '{path}' stopped: the database is damaged ({ex.Message}). Run Repair-Database or restore a backup.", ex),
        _ => new OpsException(ErrorIds.OperationFailed, OpsErrorCategory.InvalidOperation, path, $"{doing} on '{path}' failed: {ex.Message}", ex),
    };
}
