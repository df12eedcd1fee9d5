using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using OpsModule.Engine.Databases.Postgres;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// A purge on PostgreSQL. The time column may be timestamptz, timestamp (read as UTC), date, or a number of Unix
/// seconds or milliseconds. Batches delete by (tableoid, ctid), so partitioned tables work too.
/// </summary>
internal sealed class PostgresPurge : IPurgeAdapter
{
    private readonly DatabaseTarget _target;
    private NpgsqlConnection? _connection;
    private string _qualified = string.Empty;
    private string _predicate = string.Empty;
    private string? _where;
    private NpgsqlParameter _cutoff = new();

    internal PostgresPurge(DatabaseTarget target) => _target = target;

    /// <summary>
    /// The ways <paramref name="text"/> can name a table: its parts split at dots outside double quotes ("" inside quotes is
    /// a quote); a quoted part is exact, an unquoted one also matches in lower case. One part: a table in the search path;
    /// two or more unquoted-dot parts: every split into schema and table, and the whole text as one table name.
    /// </summary>
    internal static List<(string? Schema, string Name, bool SchemaExact, bool NameExact)> TableReadings(string text)
    {
        var parts = new List<(string Text, bool Quoted)>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        bool inQuotes = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
                quoted = true;
            }
            else if (c == '.')
            {
                parts.Add((current.ToString(), quoted));
                current.Clear();
                quoted = false;
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add((current.ToString(), quoted));
        var readings = new List<(string?, string, bool, bool)>();
        if (parts.Count == 1)
        {
            readings.Add((null, parts[0].Text, parts[0].Quoted, parts[0].Quoted));
            return readings;
        }

        for (int split = 1; split < parts.Count; split++)
        {
            // A quoted part cannot be joined with its neighbours: only splits that keep each side one quoted part or all unquoted.
            List<(string Text, bool Quoted)> left = parts.GetRange(0, split);
            List<(string Text, bool Quoted)> right = parts.GetRange(split, parts.Count - split);
            if ((left.Count > 1 && left.Exists(p => p.Quoted)) || (right.Count > 1 && right.Exists(p => p.Quoted)))
            {
                continue;
            }

            readings.Add((string.Join(".", left.Select(p => p.Text)), string.Join(".", right.Select(p => p.Text)), left.Count == 1 && left[0].Quoted, right.Count == 1 && right[0].Quoted));
        }

        if (!parts.Exists(p => p.Quoted))
        {
            readings.Add((null, text, false, false));
        }

        return readings;
    }

    public string Table { get; private set; } = string.Empty;

    public string Column { get; private set; } = string.Empty;

    public async Task ResolveAsync(PurgeRequest request, DateTime cutoff, CancellationToken cancellationToken)
    {
        _connection = await _target.Postgres!.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var timeout = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, "SET lock_timeout = {0}", (long)request.BusyTimeout.TotalMilliseconds), _connection))
        {
            await timeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // -Table as users write it: name, schema.name, with "quoted" parts taken exactly. Unquoted dots can split a name in
        // more than one way (a.b.c: schema a, table "b.c"; or schema "a.b", table c; or a table "a.b" in the search path):
        // every reading is looked up, and more than one table found is refused rather than one picked.
        var found = new List<(uint Oid, string Schema, string Name)>();
        foreach ((string? schema, string name, bool schemaExact, bool nameExact) in TableReadings(request.Table))
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND (c.relname = @name OR (NOT @nameExact AND c.relname = lower(@name)))
                  AND CASE WHEN @schema::text IS NULL THEN pg_table_is_visible(c.oid) ELSE (n.nspname = @schema OR (NOT @schemaExact AND n.nspname = lower(@schema))) END
                ORDER BY c.relname = @name DESC LIMIT 1
                """,
                _connection);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("nameExact", nameExact);
            command.Parameters.Add(new NpgsqlParameter("schema", NpgsqlDbType.Text) { Value = (object?)schema ?? DBNull.Value });
            command.Parameters.AddWithValue("schemaExact", schemaExact);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                uint candidate = reader.GetFieldValue<uint>(0);
                if (!found.Exists(f => f.Oid == candidate))
                {
                    found.Add((candidate, reader.GetString(1), reader.GetString(2)));
                }
            }
        }

        if (found.Count == 0)
        {
            throw RecordPurgeEngine.InvalidIdentifier("table", request.Table, $"database '{_target.Database}'");
        }

        if (found.Count > 1)
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                request.Table,
                $"'{request.Table}' names more than one table in database '{_target.Database}': {string.Join(" and ", found.Select(f => PgCatalog.Quote(f.Schema) + "." + PgCatalog.Quote(f.Name)))}. Quote the parts to say which (for example -Table '{PgCatalog.Quote(found[0].Schema)}.{PgCatalog.Quote(found[0].Name)}'); nothing was deleted.");
        }

        uint oid = found[0].Oid;
        string foundSchema = found[0].Schema;
        // Named with its schema unless it is public's (two schemas' tables of one name stay apart in results and messages).
        Table = foundSchema == "public" ? found[0].Name : PgCatalog.QuoteIfNeeded(foundSchema) + "." + PgCatalog.QuoteIfNeeded(found[0].Name);

        string type = string.Empty;
        await using (var command = new NpgsqlCommand(
            "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = @oid AND attnum > 0 AND NOT attisdropped AND (attname = @name OR attname = lower(@name)) ORDER BY attname = @name DESC LIMIT 1",
            _connection))
        {
            command.Parameters.AddWithValue("oid", NpgsqlDbType.Oid, oid);
            command.Parameters.AddWithValue("name", request.Column);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Column = reader.GetString(0);
                type = reader.GetString(1);
            }
        }

        if (Column.Length == 0)
        {
            throw RecordPurgeEngine.InvalidIdentifier("column", request.Column, $"table '{foundSchema}.{found[0].Name}'");
        }

        _qualified = PgCatalog.Quote(foundSchema) + "." + PgCatalog.Quote(found[0].Name);
        string column = PgCatalog.Quote(Column);
        await using (var privileges = new NpgsqlCommand("SELECT has_table_privilege(@t::regclass, 'SELECT') AND has_table_privilege(@t::regclass, 'DELETE')", _connection))
        {
            privileges.Parameters.AddWithValue("t", _qualified);
            if (await privileges.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                throw MissingPrivilege($"this role ({_connection!.UserName}) lacks SELECT or DELETE on it", null);
            }
        }

        _cutoff = type switch
        {
            "timestamp with time zone" => new NpgsqlParameter("cutoff", NpgsqlDbType.TimestampTz) { Value = cutoff },
            "timestamp without time zone" => new NpgsqlParameter("cutoff", NpgsqlDbType.Timestamp) { Value = DateTime.SpecifyKind(cutoff, DateTimeKind.Unspecified) },
            "date" => new NpgsqlParameter("cutoff", NpgsqlDbType.Date) { Value = DateOnly.FromDateTime(cutoff) },
            "integer" or "bigint" or "numeric" or "double precision" or "real" or "smallint" =>
                new NpgsqlParameter("cutoff", NpgsqlDbType.Numeric) { Value = (decimal)new DateTimeOffset(cutoff).ToUnixTimeSeconds() },
            _ => throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                request.Column,
                $"Column '{Column}' of '{foundSchema}.{found[0].Name}' is {type}, not a time: use a timestamp, timestamptz, date or Unix-time column."),
        };
        _where = request.Where;
        // A number is Unix seconds or milliseconds by its own size (a table midway through a change of unit holds both).
        string older = _cutoff.NpgsqlDbType == NpgsqlDbType.Numeric ? await NumberOlderThanAsync(column, cutoff, cancellationToken).ConfigureAwait(false) : column + " < @cutoff";
        _predicate = older + (request.Where is null ? string.Empty : " AND (" + request.Where + ")");
        try
        {
            await using NpgsqlCommand check = Command($"SELECT 1 FROM {_qualified} WHERE {_predicate} LIMIT 0");
            await check.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == "42501")
        {
            throw MissingPrivilege(ex.MessageText, ex);
        }
        catch (PostgresException ex) when (IsConditionError(ex))
        {
            throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, request.Where ?? request.Table, $"PostgreSQL refused the purge of '{Table}': {ex.MessageText}. Check -Where.", ex);
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command($"SELECT count(*) FROM {_qualified} WHERE {_predicate}");
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (PostgresException ex) when (IsConditionError(ex))
        {
            throw ConditionRefused(ex);
        }
    }

    /// <summary>
    /// An error of the condition itself that only shows when rows are read (the check before it reads none): a data
    /// exception such as an invalid regular expression or a division by zero in -Where, or a name PostgreSQL resolves late.
    /// </summary>
    private static bool IsConditionError(PostgresException ex) =>
        ex.SqlState.StartsWith("22", StringComparison.Ordinal) || (ex.SqlState.StartsWith("42", StringComparison.Ordinal) && ex.SqlState != "42501");

    private OpsException ConditionRefused(PostgresException ex) =>
        new(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, _where ?? Table, $"PostgreSQL could not evaluate the purge condition on the rows of '{Table}': {ex.MessageText}. Check -Where.", ex);

    public async Task<string[]> CascadesAsync(CancellationToken cancellationToken)
    {
        var edges = new List<CascadeGraph.Edge>();
        await using var command = new NpgsqlCommand(
            "SELECT conrelid::regclass::text, confrelid::regclass::text, confdeltype::text FROM pg_constraint WHERE contype = 'f' AND confdeltype IN ('c', 'n', 'd')",
            _connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            edges.Add(new CascadeGraph.Edge(reader.GetString(0), reader.GetString(1), reader.GetString(2)[0]));
        }

        await reader.CloseAsync().ConfigureAwait(false);
        await using var root = new NpgsqlCommand("SELECT @t::regclass::text", _connection);
        root.Parameters.AddWithValue("t", _qualified);
        return CascadeGraph.Affected((string)(await root.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, edges);
    }

    public async Task<long> DeleteBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command(
            $"DELETE FROM {_qualified} WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM {_qualified} WHERE {_predicate} LIMIT @batch)");
        command.Parameters.AddWithValue("batch", batchSize);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == "42501")
        {
            throw MissingPrivilege(ex.MessageText, ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "23503")
        {
            // A batch that holds a row other rows still reference (NO ACTION or RESTRICT) is refused whole; earlier batches stay deleted.
            throw new OpsException(
                ErrorIds.OperationFailed,
                OpsErrorCategory.InvalidOperation,
                _target.Display,
                $"Rows of '{Table}' that match the purge are still referenced by rows of '{ex.TableName ?? "another table"}' (foreign key {ex.ConstraintName}), so the batch that holds them was rolled back whole. Purge the referencing rows first, or narrow -Where to rows nothing references.",
                ex);
        }
        catch (PostgresException ex) when (IsConditionError(ex))
        {
            throw ConditionRefused(ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "55P03")
        {
            throw new OpsException(ErrorIds.DatabaseLocked, OpsErrorCategory.ResourceBusy, _target.Display, $"Deleting from '{Table}' could not get its row locks within the busy timeout: {ex.MessageText} Retry later or give a longer -BusyTimeout.", ex);
        }
    }

    public async Task<string> FollowUpAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("ANALYZE " + _qualified, _connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return $"ANALYZE {_qualified} ran after the purge.";
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The condition on a number column (see <see cref="TimeColumn.NumberOlderThan"/>), after checking that its values read as plausible times.</summary>
    private async Task<string> NumberOlderThanAsync(string column, DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {TimeColumn.NewestByUnitSql(column, "::float8")} FROM {_qualified}", _connection) { CommandTimeout = 0 };
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        double seconds = reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0);
        double milliseconds = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
        double newest = reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2);
        return TimeColumn.NumberOlderThan(column, seconds, milliseconds, newest, cutoff, Table, Column, "@cutoff");
    }

    private OpsException MissingPrivilege(string why, Exception? inner) => new(
        ErrorIds.InsufficientPrivilege,
        OpsErrorCategory.PermissionDenied,
        _target.Display,
        $"Cannot purge {_qualified}: {why}. Grant SELECT and DELETE on it to this role, or run as its owner.",
        inner);

    private NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 0 };
        command.Parameters.Add(_cutoff.Clone());
        return command;
    }
}
