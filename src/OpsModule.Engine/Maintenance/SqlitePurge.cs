using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Sqlite;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// A purge on SQLite. The time column may hold ISO-8601 text (as SQLite's date functions read it, compared
/// through julianday) or Unix time in seconds or milliseconds; rows whose value is NULL or unreadable stay.
/// </summary>
internal sealed class SqlitePurge : IPurgeAdapter
{
    private readonly string _path;
    private SqliteConnection? _connection;
    private string _predicate = string.Empty;
    private string _key = "_rowid_";
    private object _cutoffValue = 0;
    private TimeSpan _busyTimeout;

    internal SqlitePurge(string path) => _path = path;

    public string Table { get; private set; } = string.Empty;

    public string Column { get; private set; } = string.Empty;

    public string? Note { get; private set; }

    public Task ResolveAsync(PurgeRequest request, DateTime cutoff, CancellationToken cancellationToken) => Run(() =>
    {
        SqliteFile.EnsureReadableDatabase(_path, "Remove-DatabaseRecord", "read and write access to the file and its folder");
        _busyTimeout = request.BusyTimeout;
        // A preview (-WhatIf) reads only: a read-write connection closing a WAL database checkpoints its -wal into the file
        // and deletes it, which -WhatIf must not do.
        // A database with a hot rollback journal (a writer killed mid-transaction) cannot be read read-only: SQLite must roll
        // the journal back first, as any connection's first read does, so the preview opens it read-write then.
        _connection = SqliteSession.Open(_path, request.BusyTimeout, request.PreviewOnly && !SqliteFile.HasRollbackJournal(_path) ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite);
        using (SqliteCommand command = SqliteSession.Command(_connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = $name COLLATE NOCASE AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"))
        {
            command.Parameters.AddWithValue("$name", request.Table);
            Table = command.ExecuteScalar() as string ?? throw RecordPurgeEngine.InvalidIdentifier("table", request.Table, $"'{_path}'");
        }

        string table = SqliteFile.QuoteIdentifier(Table);
        var primaryKey = new List<string>();
        var columns = new List<string>();
        using (SqliteCommand command = SqliteSession.Command(_connection, "SELECT name, pk FROM pragma_table_info($table) ORDER BY pk"))
        {
            command.Parameters.AddWithValue("$table", Table);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
                if (string.Equals(reader.GetString(0), request.Column, StringComparison.OrdinalIgnoreCase))
                {
                    Column = reader.GetString(0);
                }

                if (reader.GetInt64(1) > 0)
                {
                    primaryKey.Add(SqliteFile.QuoteIdentifier(reader.GetString(0)));
                }
            }
        }

        if (Column.Length == 0)
        {
            throw RecordPurgeEngine.InvalidIdentifier("column", request.Column, $"table '{Table}' of '{_path}'");
        }

        if (IsWithoutRowid(Table, columns))
        {
            _key = "(" + string.Join(", ", primaryKey) + ")";
        }
        else
        {
            // The batches delete by row id: by a name of it that no column of the table takes (a column named rowid, as
            // tables imported from other databases have, would make "rowid IN (...)" delete every row sharing a value).
            _key = RowIdNames.FirstOrDefault(name => !columns.Contains(name, StringComparer.OrdinalIgnoreCase))
                ?? throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, Table, $"Refusing to purge '{Table}' of '{_path}': its columns rowid, _rowid_ and oid take every name SQLite gives a row's id, so the batches could not tell its rows apart. Nothing was deleted; delete from it with your own statement.");
        }

        // Each kind of value is read as what it is: ISO-8601 text (from a date on: '2026-11-27 10:00:00'; '0', '2026' or
        // '12:30', which julianday() would read as day numbers or a time on 2000-01-01, are no times and stay) and numbers as
        // Unix seconds or milliseconds, each by its own size. A column that holds both kinds (text rows beside older
        // integer rows) has both read.
        string column = SqliteFile.QuoteIdentifier(Column);
        bool hasText = Exists($"typeof({column}) = 'text'", table);
        bool hasNumber = Exists($"typeof({column}) IN ('integer', 'real')", table);
        string textTime = $"typeof({column}) = 'text' AND {column} GLOB '{IsoDateGlob}'";
        var parts = new List<string>();
        OpsException? refusal = null;
        if (hasText)
        {
            double newest = Newest(string.Format(CultureInfo.InvariantCulture, "SELECT max(julianday({0})) FROM {1} WHERE {2} AND julianday({0}) < {3}", column, table, textTime, TimeColumn.SentinelJulianDay));
            try
            {
                TimeColumn.EnsurePlausible(TimeColumn.FromJulianDay(newest), Table, Column, "text read by julianday()");
                if (Exists($"{textTime} AND julianday({column}) IS NOT NULL", table))
                {
                    parts.Add($"({textTime} AND julianday({column}) < $cutoff)");
                }
            }
            catch (OpsException ex)
            {
                refusal = ex;
            }
        }

        if (hasNumber)
        {
            using SqliteCommand command = SqliteSession.Command(_connection, $"SELECT {TimeColumn.NewestByUnitSql(column)} FROM {table} WHERE typeof({column}) IN ('integer', 'real')");
            command.CommandTimeout = SqliteSession.Seconds(_busyTimeout);
            using SqliteDataReader reader = command.ExecuteReader();
            reader.Read();
            double seconds = reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0);
            double milliseconds = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
            double newest = reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2);
            try
            {
                string older = TimeColumn.NumberOlderThan(column, seconds, milliseconds, newest, cutoff, Table, Column);
                if (older != TimeColumn.MatchesNothing)
                {
                    parts.Add($"(typeof({column}) IN ('integer', 'real') AND {older})");
                }
            }
            catch (OpsException ex)
            {
                refusal ??= ex;
            }
        }

        if (parts.Count == 0 && refusal is not null)
        {
            // No kind of value in the column reads as plausible times: the wrong column.
            throw refusal;
        }

        if (refusal is not null)
        {
            // One kind reads as times and another does not (numbers that are no Unix times beside ISO text): the rows of
            // the other kind stay, and the user hears why.
            Note = $"Column '{Column}' of '{Table}' holds two kinds of values, and only one reads as times between 2000 and 2100: the rows of the other kind (numbers that are no Unix times beside ISO-8601 text, or the reverse) are not purged.";
        }

        if (parts.Count == 0 && hasText && !hasNumber)
        {
            throw TimeColumn.NoTimes(Table, Column, "text");
        }

        _cutoffValue = cutoff.ToOADate() + 2415018.5;
        _predicate = parts.Count == 0 ? TimeColumn.MatchesNothing : parts.Count == 1 ? parts[0] : "(" + string.Join(" OR ", parts) + ")";

        if (request.Where is not null)
        {
            _predicate += " AND (" + request.Where + ")";
        }

        // Prepare once now, so a -Where that is not valid SQL fails before anything is deleted.
        using SqliteCommand check = Command($"SELECT 1 FROM {table} WHERE {_predicate} LIMIT 0");
        check.ExecuteNonQuery();
    }, "checking the purge of " + request.Table);

    public Task<long> CountAsync(CancellationToken cancellationToken) => Run(() =>
    {
        using SqliteCommand command = Command($"SELECT count(*) FROM {SqliteFile.QuoteIdentifier(Table)} WHERE {_predicate}");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }, "counting rows of " + Table);

    public Task<string[]> CascadesAsync(CancellationToken cancellationToken) => Run(() =>
    {
        var edges = new List<CascadeGraph.Edge>();
        using SqliteCommand command = SqliteSession.Command(_connection!, "SELECT m.name, f.\"table\", f.on_delete FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.on_delete IN ('CASCADE', 'SET NULL', 'SET DEFAULT')");
        using SqliteDataReader reader = command.ExecuteReader();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            // SQLite matches a foreign key's parent table name case-insensitively.
            string child = reader.GetString(0);
            names.TryAdd(child, child);
            string parent = string.Equals(reader.GetString(1), Table, StringComparison.OrdinalIgnoreCase) ? Table : reader.GetString(1);
            edges.Add(new CascadeGraph.Edge(child, parent, reader.GetString(2) switch { "CASCADE" => 'c', "SET NULL" => 'n', _ => 'd' }));
        }

        return CascadeGraph.Affected(Table, edges.Select(e => e with { Parent = names.GetValueOrDefault(e.Parent, e.Parent) }));
    }, "finding the foreign keys that point at " + Table);

    public Task<long> DeleteBatchAsync(int batchSize, CancellationToken cancellationToken) => Run(() =>
    {
        string table = SqliteFile.QuoteIdentifier(Table);
        string key = _key.Trim('(', ')');
        using SqliteCommand command = Command($"DELETE FROM {table} WHERE {_key} IN (SELECT {key} FROM {table} WHERE {_predicate} LIMIT $batch)");
        command.Parameters.AddWithValue("$batch", batchSize);
        return (long)command.ExecuteNonQuery();
    }, "deleting rows of " + Table);

    public Task<string> FollowUpAsync(CancellationToken cancellationToken) => Run(() =>
    {
        SqliteSession.Execute(_connection!, "PRAGMA optimize");
        return $"PRAGMA optimize ran after the purge of {Table}.";
    }, "optimizing after the purge of " + Table);

    public ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The tables whose foreign keys point at the purged table.</summary>
    private List<string> ReferencingTables()
    {
        var tables = new List<string>();
        try
        {
            using SqliteCommand command = SqliteSession.Command(_connection!, "SELECT DISTINCT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = $t COLLATE NOCASE ORDER BY 1");
            command.Parameters.AddWithValue("$t", Table);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        catch (SqliteException)
        {
            // Only for the message: without it the message says "another table".
        }

        return tables;
    }

    /// <summary>The newest value of the column (a number), or NaN when no value reads as a time.</summary>
    private double Newest(string sql)
    {
        using SqliteCommand command = SqliteSession.Command(_connection!, sql);
        command.CommandTimeout = SqliteSession.Seconds(_busyTimeout);
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);
    }

    /// <summary>The names SQLite reads as a rowid table's row id, unless a column takes them.</summary>
    private static readonly string[] RowIdNames = ["_rowid_", "rowid", "oid"];

    /// <summary>The start of an ISO-8601 date (a GLOB pattern): only such text is read as a time.</summary>
    private const string IsoDateGlob = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*";

    private bool IsWithoutRowid(string table, List<string> columns)
    {
        try
        {
            using SqliteCommand command = SqliteSession.Command(_connection!, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = $t");
            command.Parameters.AddWithValue("$t", table);
            if (command.ExecuteScalar() is long wr)
            {
                return wr != 0;
            }
        }
        catch (SqliteException)
        {
            // An SQLite before 3.37: ask for a row id by a name no column takes.
        }

        string? name = RowIdNames.FirstOrDefault(n => !columns.Contains(n, StringComparer.OrdinalIgnoreCase));
        if (name is null)
        {
            return false;
        }

        try
        {
            using SqliteCommand command = SqliteSession.Command(_connection!, $"SELECT {name} FROM {SqliteFile.QuoteIdentifier(table)} LIMIT 0");
            command.ExecuteNonQuery();
            return false;
        }
        catch (SqliteException)
        {
            return true;
        }
    }

    /// <summary>Whether any row of the table matches the condition.</summary>
    private bool Exists(string condition, string table)
    {
        using SqliteCommand command = SqliteSession.Command(_connection!, $"SELECT EXISTS (SELECT 1 FROM {table} WHERE {condition})");
        command.CommandTimeout = SqliteSession.Seconds(_busyTimeout);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = SqliteSession.Command(_connection!, sql);
        command.Parameters.AddWithValue("$cutoff", _cutoffValue);
        command.CommandTimeout = SqliteSession.Seconds(_busyTimeout);
        return command;
    }

    private Task<T> Run<T>(Func<T> work, string doing)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, _path, $"SQLite refused the purge while {doing}: {Messages.Sentence(ex.Message)} Check -Where.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 && ex.Message.Contains("FOREIGN KEY", StringComparison.OrdinalIgnoreCase))
        {
            // The database enforces its foreign keys (as Microsoft.Data.Sqlite's SQLite does by default): a batch that holds
            // a row other rows still reference is refused whole and rolled back; earlier batches stay deleted.
            string referencing = string.Join(", ", ReferencingTables().Select(t => "'" + t + "'"));
            throw new OpsException(
                ErrorIds.OperationFailed,
                OpsErrorCategory.InvalidOperation,
                _path,
                $"Rows of '{Table}' that match the purge are still referenced by rows of {(referencing.Length > 0 ? referencing : "another table")} (a FOREIGN KEY constraint), so the batch that holds them was rolled back whole. Purge the referencing rows first, or narrow -Where to rows nothing references.",
                ex);
        }
        catch (SqliteException ex)
        {
            throw SqliteSession.Translate(ex, _path, doing, _busyTimeout);
        }
    }

    private Task<bool> Run(Action work, string doing) => Run(
        () =>
        {
            work();
            return true;
        },
        doing);
}
