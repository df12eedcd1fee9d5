using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Postgres;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// PostgreSQL's maintenance and report tasks on one connection. Thresholds follow autovacuum's own rule with the
/// server's settings (autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor x reltuples, and the analyze
/// pair); lock waits are bounded by lock_timeout = -BusyTimeout.
/// </summary>
internal sealed class PostgresMaintenance : ITaskRunner
{
    private const string UserTables = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp'";
    private readonly DatabaseTarget _target;
    private readonly MaintenanceRequest _request;
    private readonly IOperationObserver _observer;
    private readonly IMaintenanceSink _sink;
    private NpgsqlConnection? _connection;

    internal PostgresMaintenance(DatabaseTarget target, MaintenanceRequest request, IOperationObserver observer, IMaintenanceSink sink)
    {
        _target = target;
        _request = request;
        _observer = observer;
        _sink = sink;
    }

    public async Task RunAsync(string task, MaintenanceResult result, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            _connection = await _target.Postgres!.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(_connection, string.Format(CultureInfo.InvariantCulture, "SET lock_timeout = {0}", (long)_request.BusyTimeout.TotalMilliseconds), cancellationToken).ConfigureAwait(false);
        }

        NpgsqlConnection connection = _connection;
        try
        {
            result.SizeBefore = await ScalarAsync(connection, "SELECT pg_database_size(current_database())", cancellationToken).ConfigureAwait(false);
            await (task switch
            {
                "VacuumAnalyze" => VacuumAsync(connection, result, analyzeOnly: false, cancellationToken),
                "Analyze" => VacuumAsync(connection, result, analyzeOnly: true, cancellationToken),
                "Reindex" => ReindexAsync(connection, result, cancellationToken),
                "IntegrityCheck" => IntegrityCheckAsync(connection, result, cancellationToken),
                "TableSize" => TableSizeAsync(connection, result, cancellationToken),
                "UnusedIndex" => UnusedIndexAsync(connection, result, cancellationToken),
                "Bloat" => BloatAsync(connection, result, cancellationToken),
                "VacuumAge" => VacuumAgeAsync(connection, result, cancellationToken),
                "Wraparound" => WraparoundAsync(connection, result, cancellationToken),
                _ => throw new InvalidOperationException("Unknown PostgreSQL task " + task),
            }).ConfigureAwait(false);
            result.SizeAfter = await ScalarAsync(connection, "SELECT pg_database_size(current_database())", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw Translate(ex, task);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task VacuumAsync(NpgsqlConnection connection, MaintenanceResult result, bool analyzeOnly, CancellationToken token)
    {
        string kind = analyzeOnly ? "analyze" : "vacuum";
        double threshold = await SettingAsync(connection, $"autovacuum_{kind}_threshold", token).ConfigureAwait(false);
        double scale = await SettingAsync(connection, $"autovacuum_{kind}_scale_factor", token).ConfigureAwait(false);
        string measure = analyzeOnly ? "s.n_mod_since_analyze" : "s.n_dead_tup";
        string sql = $"""
            SELECT s.schemaname, s.relname, {measure}, greatest(c.reltuples, 0)::bigint
            FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE {measure} > @threshold + @scale * greatest(c.reltuples, 0)
            ORDER BY {measure} DESC, s.schemaname, s.relname
            """;
        var due = new List<(string Schema, string Table, long Count, long Tuples)>();
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            command.Parameters.AddWithValue("threshold", threshold);
            command.Parameters.AddWithValue("scale", scale);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        string rule = string.Format(CultureInfo.InvariantCulture, "{0} > {1} + {2} x reltuples", analyzeOnly ? "rows changed since the last analyze" : "dead rows", threshold, scale);
        if (due.Count == 0)
        {
            result.Status = MaintenanceStatus.Skipped;
            result.Detail = $"Not needed: no table has {rule}.";
            return;
        }

        var done = new List<string>();
        foreach ((string schema, string table, long count, long tuples) in due)
        {
            string name = PgCatalog.Quote(schema) + "." + PgCatalog.Quote(table);
            _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2} {3} of {4} rows.", analyzeOnly ? "ANALYZE" : "VACUUM (ANALYZE)", name, count, analyzeOnly ? "changed" : "dead", tuples));
            await ExecuteAsync(connection, (analyzeOnly ? "ANALYZE " : "VACUUM (ANALYZE) ") + name, token).ConfigureAwait(false);
            done.Add(schema + "." + table);
        }

        // Autovacuum never analyzes a partitioned table itself (only its partitions), so the planner's statistics of the
        // whole table go stale after big changes: PostgreSQL's documentation says to ANALYZE it by hand. Its partitions that
        // were due are done above; the partitioned tables above them are analyzed now (ANALYZE samples every partition).
        var parents = new List<string>();
        foreach ((string schema, string table) in await PartitionedAncestorsAsync(connection, due.Select(d => PgCatalog.Quote(d.Schema) + "." + PgCatalog.Quote(d.Table)).ToArray(), token).ConfigureAwait(false))
        {
            string name = PgCatalog.Quote(schema) + "." + PgCatalog.Quote(table);
            _observer.Verbose($"ANALYZE {name}: a partitioned table whose partitions changed (autovacuum never analyzes it).");
            await ExecuteAsync(connection, "ANALYZE " + name, token).ConfigureAwait(false);
            parents.Add(schema + "." + table);
        }

        result.RowsAffected = done.Count + parents.Count;
        result.Objects = [.. done, .. parents];
        result.Detail = string.Format(CultureInfo.InvariantCulture, "{0} {1} table(s) with {2}: {3}.", analyzeOnly ? "Analyzed" : "Vacuumed and analyzed", done.Count, rule, string.Join(", ", done))
            + (parents.Count == 0 ? string.Empty : $" Analyzed the partitioned table(s) above them: {string.Join(", ", parents)}.")
            + (analyzeOnly ? string.Empty : await DeadRowsLeftAsync(connection, due.Select(d => (d.Schema, d.Table)).ToList(), token).ConfigureAwait(false));
    }

    /// <summary>
    /// What a VACUUM could not remove: dead rows an older snapshot still sees (a session left in a transaction, a replication
    /// slot, a prepared transaction) stay, and the vacuum looks done while the table keeps its bloat; empty when none is left.
    /// </summary>
    private async Task<string> DeadRowsLeftAsync(NpgsqlConnection connection, List<(string Schema, string Table)> tables, CancellationToken token)
    {
        long left;
        await using (var command = new NpgsqlCommand("SELECT coalesce(sum(n_dead_tup), 0)::bigint FROM pg_stat_user_tables WHERE (schemaname, relname) IN (SELECT * FROM unnest(@schemas, @tables))", connection))
        {
            command.Parameters.AddWithValue("schemas", tables.Select(t => t.Schema).ToArray());
            command.Parameters.AddWithValue("tables", tables.Select(t => t.Table).ToArray());
            left = (long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false) ?? 0L);
        }

        if (left == 0)
        {
            return string.Empty;
        }

        const string Holder = """
            SELECT pid, coalesce(datname, ''), coalesce(state, ''), coalesce(extract(epoch FROM now() - xact_start), 0)::bigint
            FROM pg_stat_activity
            WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid() AND datname = current_database()
            ORDER BY age(backend_xmin) DESC
            LIMIT 1
            """;
        string who = "an older snapshot (a replication slot's, a prepared transaction's, or a standby's with hot_standby_feedback) still sees them";
        await using (var command = new NpgsqlCommand(Holder, connection))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                who = string.Format(CultureInfo.InvariantCulture, "session {0} on '{1}' ({2}, in a transaction for {3} s) holds an older snapshot that still sees them, or one of a replication slot or prepared transaction does", reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
            }
        }

        string note = string.Format(CultureInfo.InvariantCulture, " {0:N0} dead row(s) could not be removed: {1}. They stay, with the bloat, until it ends; then run VacuumAnalyze again.", left, who);
        _observer.Warning(note.Trim());
        return note;
    }

    /// <summary>The partitioned tables above <paramref name="tables"/> (qualified, quoted names), outermost last; none before PostgreSQL 12.</summary>
    private static async Task<List<(string Schema, string Table)>> PartitionedAncestorsAsync(NpgsqlConnection connection, string[] tables, CancellationToken token)
    {
        var found = new List<(string, string)>();
        if (tables.Length == 0 || connection.PostgreSqlVersion.Major < 12)
        {
            return found;
        }

        const string Sql = """
            SELECT n.nspname, c.relname, max(a.depth)
            FROM unnest(@tables::text[]) t(name)
            CROSS JOIN LATERAL (SELECT relid, row_number() OVER () AS depth FROM pg_partition_ancestors(t.name::regclass)) a
            JOIN pg_class c ON c.oid = a.relid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'p'
            GROUP BY n.nspname, c.relname
            ORDER BY 3, 1, 2
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("tables", tables);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            found.Add((reader.GetString(0), reader.GetString(1)));
        }

        return found;
    }

    private async Task ReindexAsync(NpgsqlConnection connection, MaintenanceResult result, CancellationToken token)
    {
        // Invalid indexes an interrupted REINDEX CONCURRENTLY left (its own run, or another's): every write kept maintaining them.
        List<string> dropped = await DropReindexLeftoversAsync(connection, token).ConfigureAwait(false);
        string droppedNote = dropped.Count == 0
            ? string.Empty
            : $" Dropped {dropped.Count} invalid index(es) an interrupted REINDEX CONCURRENTLY had left: {string.Join(", ", dropped)}.";
        var (estimates, _) = await EstimateBloatAsync(connection, token).ConfigureAwait(false);
        var rebuilt = new List<string>();
        foreach (BloatEstimate estimate in estimates)
        {
            if (estimate.Kind != "index" || estimate.BloatRatio <= _request.ReindexBloatThreshold || estimate.ActualBytes < 8 * 8192)
            {
                continue;
            }

            string name = PgCatalog.Quote(estimate.Schema) + "." + PgCatalog.Quote(estimate.Name);
            _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "REINDEX INDEX CONCURRENTLY {0}: estimated bloat {1:P0}.", name, estimate.BloatRatio));
            try
            {
                await ExecuteAsync(connection, "REINDEX INDEX CONCURRENTLY " + name, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
            {
                // A REINDEX CONCURRENTLY that fails or is cancelled (a lock wait past -BusyTimeout, the time limit) leaves its
                // new index behind, invalid but maintained by every write: dropped now when it can be, else by the next Reindex.
                await DropLeftoversAfterFailureAsync(connection).ConfigureAwait(false);
                throw;
            }

            rebuilt.Add(estimate.Schema + "." + estimate.Name);
        }

        result.RowsAffected = rebuilt.Count;
        result.Objects = [.. rebuilt, .. dropped];
        if (rebuilt.Count == 0)
        {
            result.Status = dropped.Count == 0 ? MaintenanceStatus.Skipped : MaintenanceStatus.Succeeded;
            result.Detail = string.Format(CultureInfo.InvariantCulture, "Not needed: no index has an estimated bloat above {0:P0}.", _request.ReindexBloatThreshold) + droppedNote;
            return;
        }

        result.Detail = string.Format(CultureInfo.InvariantCulture, "Rebuilt {0} index(es) concurrently (estimated bloat above {1:P0}): {2}.", rebuilt.Count, _request.ReindexBloatThreshold, string.Join(", ", rebuilt)) + droppedNote;
    }

    /// <summary>Drops the invalid indexes REINDEX CONCURRENTLY leaves when interrupted (named ..._ccnew or ..._ccold); returns their names.</summary>
    private async Task<List<string>> DropReindexLeftoversAsync(NpgsqlConnection connection, CancellationToken token)
    {
        // Not an index another session is building now (its CREATE INDEX or REINDEX CONCURRENTLY shows in the progress view
        // from start to end, waits included): that one is invalid only until it finishes. A role that may not read other
        // sessions' progress sees its rows with no table: then every leftover of this database waits for the lock test below.
        // The relation LOCK TABLE can take for the index: its table, or for a TOAST table's index the table above it; none for
        // a materialized view's (LOCK TABLE refuses those), whose builds are looked for in pg_locks instead.
        const string Sql = """
            SELECT n.nspname, c.relname,
                   CASE WHEN t.relkind IN ('r', 'p') THEN quote_ident(tn.nspname) || '.' || quote_ident(t.relname)
                        WHEN t.relkind = 't' THEN (SELECT quote_ident(pn.nspname) || '.' || quote_ident(o.relname)
                                                   FROM pg_class o JOIN pg_namespace pn ON pn.oid = o.relnamespace
                                                   WHERE o.reltoastrelid = t.oid AND o.relkind IN ('r', 'p'))
                   END,
                   t.oid::bigint
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
            WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$'
              AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p
                              WHERE p.datid = (SELECT oid FROM pg_database WHERE datname = current_database())
                                AND (p.relid = i.indrelid OR p.index_relid = i.indexrelid))
            ORDER BY 1, 2
            """;
        var leftovers = new List<(string Schema, string Name, string? Table, long Relation)>();
        await using (var command = new NpgsqlCommand(Sql, connection))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                leftovers.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3)));
            }
        }

        var dropped = new List<string>();
        foreach ((string schema, string name, string? table, long relation) in leftovers)
        {
            string quoted = PgCatalog.Quote(schema) + "." + PgCatalog.Quote(name);
            try
            {
                // Under the table's SHARE UPDATE EXCLUSIVE lock no CREATE INDEX or REINDEX CONCURRENTLY can be running on
                // it (each holds that lock to its end): an index still invalid then is no build's. One that a build finished
                // while this waited for the lock is valid now, and stays. Where no lock can be taken (a materialized view),
                // another session's lock of that mode on it is taken for a build, and the index is left for the next run.
                bool stillInvalid;
                await using (NpgsqlTransaction transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false))
                {
                    string guard = table is null
                        ? "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_locks WHERE relation = " + relation.ToString(CultureInfo.InvariantCulture) + " AND mode = 'ShareUpdateExclusiveLock' AND pid <> pg_backend_pid())"
                        : "LOCK TABLE " + table + " IN SHARE UPDATE EXCLUSIVE MODE";
                    await using (var lockTable = new NpgsqlCommand(guard, connection, transaction))
                    {
                        if (table is null && await lockTable.ExecuteScalarAsync(token).ConfigureAwait(false) is null)
                        {
                            await transaction.RollbackAsync(token).ConfigureAwait(false);
                            continue;
                        }

                        if (table is not null)
                        {
                            await lockTable.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                        }
                    }

                    await using var check = new NpgsqlCommand("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass(@index) AND NOT indisvalid", connection, transaction);
                    check.Parameters.AddWithValue("index", quoted);
                    stillInvalid = (long)(await check.ExecuteScalarAsync(token).ConfigureAwait(false) ?? 0L) > 0;
                    await transaction.CommitAsync(token).ConfigureAwait(false);
                }

                if (!stillInvalid)
                {
                    continue;
                }

                await ExecuteAsync(connection, "DROP INDEX CONCURRENTLY IF EXISTS " + quoted, token).ConfigureAwait(false);
                if (await ScalarAsync(connection, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " + PgCatalog.Literal(schema) + " AND c.relname = " + PgCatalog.Literal(name), token).ConfigureAwait(false) == 0)
                {
                    dropped.Add(schema + "." + name);
                }
            }
            catch (PostgresException ex) when (ex.SqlState is "42P01" or "3F000")
            {
                // Dropped meanwhile, with its table.
            }
            catch (PostgresException ex)
            {
                // Another session's build or a long transaction holds the table past -BusyTimeout, or this role may not.
                string retry = ex.SqlState == "55P03"
                    ? $"the next Reindex tries again, or run DROP INDEX CONCURRENTLY {quoted} when the table is quiet"
                    : $"a role that owns the table (or a superuser) can run DROP INDEX CONCURRENTLY {quoted}";
                _observer.Warning($"The invalid index {schema}.{name}, left by an interrupted REINDEX CONCURRENTLY, could not be dropped ({ex.MessageText}); {retry}.");
            }
        }

        return dropped;
    }

    /// <summary>After a failed or cancelled REINDEX CONCURRENTLY: drops what it left, or warns with the names; never throws.</summary>
    private async Task DropLeftoversAfterFailureAsync(NpgsqlConnection connection)
    {
        try
        {
            List<string> dropped = await DropReindexLeftoversAsync(connection, CancellationToken.None).ConfigureAwait(false);
            if (dropped.Count > 0)
            {
                _observer.Verbose($"Dropped the invalid index(es) the interrupted REINDEX CONCURRENTLY left: {string.Join(", ", dropped)}.");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            _observer.Warning($"The interrupted REINDEX CONCURRENTLY may have left an invalid index (named ..._ccnew) that could not be looked for ({ex.Message}); the next Reindex drops it.");
        }
    }


    private static async Task IntegrityCheckAsync(NpgsqlConnection connection, MaintenanceResult result, CancellationToken token)
    {
        long installed = await ScalarAsync(connection, "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'", token).ConfigureAwait(false);
        if (installed == 0)
        {
            long available = await ScalarAsync(connection, "SELECT count(*) FROM pg_available_extensions WHERE name = 'amcheck'", token).ConfigureAwait(false);
            result.Status = MaintenanceStatus.Skipped;
            result.Detail = available > 0
                ? "Not possible: the amcheck extension is not installed in this database. A superuser can run CREATE EXTENSION amcheck; then this task checks every B-tree index."
                : "Not possible: the amcheck extension is not available on this server (install the PostgreSQL contrib package).";
            return;
        }

        var indexes = new List<(uint Oid, string Name)>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT c.oid, n.nspname || '.' || c.relname FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
            WHERE am.amname = 'btree' AND i.indisvalid AND i.indisready AND c.relpersistence <> 't' AND c.relkind = 'i' AND {UserTables}
            ORDER BY 2
            """,
            connection))
        {
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                indexes.Add((reader.GetFieldValue<uint>(0), reader.GetString(1)));
            }
        }

        var problems = new List<string>();
        foreach ((uint oid, string name) in indexes)
        {
            await using var command = new NpgsqlCommand("SELECT bt_index_check(@oid::regclass, false)", connection);
            command.Parameters.AddWithValue("oid", NpgsqlTypes.NpgsqlDbType.Oid, oid);
            try
            {
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState.StartsWith("XX", StringComparison.Ordinal))
            {
                problems.Add(name + ": " + ex.MessageText);
            }
        }

        result.RowsAffected = indexes.Count;
        if (problems.Count == 0)
        {
            result.Detail = string.Format(CultureInfo.InvariantCulture, "amcheck found no problem in {0} B-tree index(es).", indexes.Count);
            return;
        }

        result.Status = MaintenanceStatus.Failed;
        result.Objects = problems;
        result.Detail = "amcheck found damaged indexes (REINDEX them): " + string.Join("; ", problems);
    }

    private async Task TableSizeAsync(NpgsqlConnection connection, MaintenanceResult result, CancellationToken token)
    {
        string sql = $"""
            SELECT n.nspname, c.relname, greatest(c.reltuples, 0)::bigint,
                   pg_table_size(c.oid) - coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0),
                   pg_indexes_size(c.oid),
                   coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0),
                   pg_total_relation_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') AND {UserTables}
            ORDER BY 7 DESC, 1, 2
            """;
        var names = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0) + "." + reader.GetString(1));
            _sink.Emit(new TableSizeInfo
            {
                Database = _target.Database,
                Schema = reader.GetString(0),
                Table = reader.GetString(1),
                EstimatedRows = reader.GetInt64(2),
                TableBytes = reader.GetInt64(3),
                IndexBytes = reader.GetInt64(4),
                ToastBytes = reader.GetInt64(5),
                TotalBytes = reader.GetInt64(6),
            });
        }

        Reported(result, names, "table(s) measured");
    }

    private async Task UnusedIndexAsync(NpgsqlConnection connection, MaintenanceResult result, CancellationToken token)
    {
        DateTime? since = null;
        await using (var reset = new NpgsqlCommand("SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()", connection))
        {
            object? value = await reset.ExecuteScalarAsync(token).ConfigureAwait(false);
            if (value is DateTime stamp)
            {
                since = stamp.ToUniversalTime();
            }
        }

        string sql = """
            SELECT s.schemaname, s.relname, s.indexrelname, s.idx_scan, pg_relation_size(s.indexrelid)
            FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
            WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = s.indexrelid)
            ORDER BY 5 DESC, 1, 3
            """;
        var names = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0) + "." + reader.GetString(2));
            _sink.Emit(new IndexUsageInfo
            {
                Database = _target.Database,
                Schema = reader.GetString(0),
                Table = reader.GetString(1),
                Index = reader.GetString(2),
                Scans = reader.GetInt64(3),
                IndexBytes = reader.GetInt64(4),
                StatsSince = since,
            });
        }

        Reported(result, names, "index(es) never scanned since statistics were reset (unique and primary keys excluded)");
    }

    private async Task BloatAsync(NpgsqlConnection connection, MaintenanceResult result, CancellationToken token)
    {
        var (estimates, suppressed) = await EstimateBloatAsync(connection, token).ConfigureAwait(false);
        var names = new List<string>();
        foreach (BloatEstimate estimate in estimates)
        {
            names.Add(estimate.Schema + "." + estimate.Name);
            _sink.Emit(estimate);
        }

        Reported(result, names, "table(s) and index(es) estimated");
        if (suppressed.Count > 0)
        {
            result.Detail += " No estimate (statistics stale, missing or not visible to this role; run ANALYZE): " + string.Join(", ", suppressed) + ".";
        }
    }

    private async Task VacuumAgeAsync(NpgsqlConnection connection, MaintenanceResult result, CancellationToken token)
    {
        string sql = """
            SELECT s.schemaname, s.relname,
                   greatest(s.last_vacuum, s.last_autovacuum), greatest(s.last_analyze, s.last_autoanalyze),
                   s.n_dead_tup, s.n_mod_since_analyze, age(c.relfrozenxid)::bigint, s.n_live_tup
            FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            ORDER BY 1, 2
            """;
        var names = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            DateTime? vacuum = reader.IsDBNull(2) ? null : reader.GetDateTime(2).ToUniversalTime();
            DateTime? analyze = reader.IsDBNull(3) ? null : reader.GetDateTime(3).ToUniversalTime();
            long dead = reader.GetInt64(4);
            long live = reader.GetInt64(7);
            names.Add(reader.GetString(0) + "." + reader.GetString(1));
            _sink.Emit(new VacuumAgeInfo
            {
                Database = _target.Database,
                Schema = reader.GetString(0),
                Table = reader.GetString(1),
                LastVacuum = vacuum,
                LastAnalyze = analyze,
                DeadRows = dead,
                ModifiedSinceAnalyze = reader.GetInt64(5),
                XidAge = reader.GetInt64(6),
                Severity = (analyze is null && live > 0) || dead > Math.Max(1000, live) ? Severity.Warning : Severity.Ok,
            });
        }

        Reported(result, names, "table(s) reported");
    }

    private async Task WraparoundAsync(NpgsqlConnection connection, MaintenanceResult result, CancellationToken token)
    {
        long freezeMaxAge = (long)await SettingAsync(connection, "autovacuum_freeze_max_age", token).ConfigureAwait(false);
        var names = new List<string>();
        await using var command = new NpgsqlCommand("SELECT datname, age(datfrozenxid)::bigint FROM pg_database WHERE datallowconn ORDER BY 2 DESC, 1", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            long age = reader.GetInt64(1);
            names.Add(reader.GetString(0));
            _sink.Emit(new WraparoundInfo
            {
                Database = reader.GetString(0),
                XidAge = age,
                PercentOfLimit = Math.Round(age * 100.0 / int.MaxValue, 3),
                FreezeMaxAge = freezeMaxAge,
            });
        }

        Reported(result, names, "database(s) reported");
    }

    /// <summary>
    /// Estimates heap and B-tree bloat from planner statistics: the bytes the live rows need when packed (row
    /// header, average column widths from pg_stats, line pointers, fillfactor) against the bytes on disk. Objects
    /// whose statistics are stale (never analyzed, or changed by more than 20% since) or not visible to the role
    /// (pg_stats shows only columns the role may read) get no estimate.
    /// </summary>
    private static async Task<(List<BloatEstimate> Estimates, List<string> Suppressed)> EstimateBloatAsync(NpgsqlConnection connection, CancellationToken token)
    {
        string sql = $"""
            WITH rels AS (
              SELECT c.oid, n.nspname, c.relname, 'table' AS kind, c.oid AS tableoid, c.reltuples,
                     pg_relation_size(c.oid) AS bytes, current_setting('block_size')::int AS bs,
                     coalesce((SELECT option_value::int FROM pg_options_to_table(c.reloptions) WHERE option_name = 'fillfactor'), 100) AS ff,
                     ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS cols
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'm') AND {UserTables}
              UNION ALL
              SELECT ic.oid, n.nspname, ic.relname, 'index', tc.oid, tc.reltuples,
                     pg_relation_size(ic.oid), current_setting('block_size')::int,
                     coalesce((SELECT option_value::int FROM pg_options_to_table(ic.reloptions) WHERE option_name = 'fillfactor'), 90),
                     CASE WHEN 0 = ANY (i.indkey::int2[]) OR i.indexprs IS NOT NULL THEN NULL
                          ELSE ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = tc.oid AND a.attnum = ANY (i.indkey::int2[])) END
              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = ic.relnamespace JOIN pg_am am ON am.oid = ic.relam
              WHERE am.amname = 'btree' AND {UserTables}
            )
            SELECT r.nspname, r.relname, r.kind, r.reltuples, r.bytes, r.bs, r.ff, coalesce(array_length(r.cols, 1), 0),
                   (SELECT count(*) FROM pg_stats st JOIN pg_class t ON t.oid = r.tableoid
                     WHERE st.schemaname = r.nspname AND st.tablename = t.relname AND st.attname = ANY (r.cols)),
                   (SELECT coalesce(sum(st.avg_width), 0) FROM pg_stats st JOIN pg_class t ON t.oid = r.tableoid
                     WHERE st.schemaname = r.nspname AND st.tablename = t.relname AND st.attname = ANY (r.cols)),
                   (SELECT coalesce(max(st.avg_width), 0) FROM pg_stats st JOIN pg_class t ON t.oid = r.tableoid
                     WHERE st.schemaname = r.nspname AND st.tablename = t.relname AND st.attname = ANY (r.cols)),
                   s.last_analyze IS NULL AND s.last_autoanalyze IS NULL,
                   coalesce(s.n_mod_since_analyze, 0), r.cols IS NULL
            FROM rels r LEFT JOIN pg_stat_all_tables s ON s.relid = r.tableoid
            ORDER BY r.bytes DESC, r.nspname, r.relname
            """;
        var estimates = new List<BloatEstimate>();
        var suppressed = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            string schema = reader.GetString(0);
            string name = reader.GetString(1);
            bool isIndex = reader.GetString(2) == "index";
            double tuples = Math.Max(0, reader.GetFloat(3));
            long bytes = reader.GetInt64(4);
            int blockSize = reader.GetInt32(5);
            int fillFactor = reader.GetInt32(6);
            int columns = reader.GetInt32(7);
            long columnsWithStats = reader.GetInt64(8);
            double width = Convert.ToDouble(reader.GetValue(9), CultureInfo.InvariantCulture);
            double widest = Convert.ToDouble(reader.GetValue(10), CultureInfo.InvariantCulture);
            bool neverAnalyzed = reader.GetBoolean(11);
            long modified = reader.GetInt64(12);
            bool expression = reader.GetBoolean(13);
            if (bytes == 0)
            {
                continue;
            }

            if (expression || neverAnalyzed || columnsWithStats < columns || modified > 50 + (0.2 * tuples))
            {
                suppressed.Add(schema + "." + name);
                continue;
            }

            // Heap: 23-byte header + null bitmap, aligned to 8; the data aligned to 8; a 4-byte line pointer; 24-byte page header.
            // B-tree leaf: 8-byte index tuple header + key aligned to 8; a 4-byte line pointer; 24-byte header + 16-byte special space.
            double rowBytes = isIndex
                ? 8 + Align(width) + 4
                : Align(23 + Math.Ceiling(columns / 8.0)) + Align(width) + 4;
            double usable = (blockSize - (isIndex ? 40 : 24)) * fillFactor / 100.0;
            double perPage = Math.Max(1, Math.Floor(usable / rowBytes));
            long expectedPages = (long)Math.Ceiling(tuples / perPage) + (isIndex ? 1 : 0);
            long expected = Math.Max(blockSize, expectedPages * blockSize);
            long bloat = Math.Max(0, bytes - expected);
            estimates.Add(new BloatEstimate
            {
                Database = connection.Database,
                Schema = schema,
                Name = name,
                Kind = isIndex ? "index" : "table",
                ActualBytes = bytes,
                ExpectedBytes = expected,
                BloatBytes = bloat,
                BloatRatio = Math.Round((double)bloat / bytes, 4),

                // Wide values are stored out of line (TOAST) and tiny relations are dominated by rounding: trust those less.
                Confidence = widest > 1000 || bytes < 10L * blockSize ? EstimateConfidence.Low : EstimateConfidence.Medium,
            });
        }

        return (estimates, suppressed);
    }

    private static double Align(double bytes) => Math.Ceiling(bytes / 8) * 8;

    private static void Reported(MaintenanceResult result, List<string> names, string what)
    {
        result.RowsAffected = names.Count;
        result.Objects = names;
        result.Detail = string.Format(CultureInfo.InvariantCulture, "{0} {1}.", names.Count, what);
    }

    private static async Task<double> SettingAsync(NpgsqlConnection connection, string name, CancellationToken token)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting(@name)", connection);
        command.Parameters.AddWithValue("name", name);
        object? value = await command.ExecuteScalarAsync(token).ConfigureAwait(false);
        return double.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken token)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken token)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
    }

    private OpsException Translate(PostgresException ex, string task) => ex.SqlState switch
    {
        "55P03" => new OpsException(
            ErrorIds.DatabaseLocked,
            OpsErrorCategory.ResourceBusy,
            _target.Display,
            string.Format(CultureInfo.InvariantCulture, "{0} on '{1}' could not get its lock within the busy timeout of {2:0.###} s: {3} Retry later or give a longer -BusyTimeout.", task, _target.Display, _request.BusyTimeout.TotalSeconds, ex.MessageText),
            ex),
        "42501" => new OpsException(
            ErrorIds.InsufficientPrivilege,
            OpsErrorCategory.PermissionDenied,
            _target.Display,
            $"{task} on '{_target.Display}' needs a privilege this role lacks: {ex.MessageText} Run it as the tables' owner or a role with pg_maintain/superuser rights.",
            ex),
        _ => new OpsException(
            ErrorIds.OperationFailed,
            OpsErrorCategory.InvalidOperation,
            _target.Display,
            $"{task} on '{_target.Display}' failed: {ex.MessageText}",
            ex),
    };
}
