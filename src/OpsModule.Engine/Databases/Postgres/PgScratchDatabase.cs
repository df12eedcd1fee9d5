using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Recovery;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>
/// A PostgreSQL scratch target of a disaster-recovery test: a new database <c>ops_drtest_&lt;db&gt;_&lt;stamp&gt;</c> on
/// the backup's own server or on -ScratchConnectionString's, created with the archive's encoding and locale and
/// restored with <c>pg_restore --exit-on-error --no-owner --no-privileges</c>. Integrity: amcheck's
/// <c>bt_index_check</c> on every B-tree index when the extension can be created in it (and a full read of the tables
/// no such index covers), otherwise a full read of every table and populated materialized view, with no row-level
/// security policy in the way. Dropped WITH (FORCE). Its comment names the run that made it (<see cref="ScratchOwner"/>), so that
/// a later run on the same server drops the scratch databases of runs that died (kill -9, power loss).
/// </summary>
internal sealed class PgScratchDatabase : IScratchDatabase
{
    private const string Activity = "Test-DisasterRecovery";

    private const string UserIndexesSql = """
        SELECT c.oid::regclass::text, tn.nspname, t.relname FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace tn ON tn.oid = t.relnamespace
        JOIN pg_am a ON a.oid = c.relam
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.amname = 'btree' AND i.indisvalid AND i.indisready AND c.relpersistence <> 't' AND c.relkind = 'i'
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
        ORDER BY 1
        """;

    private readonly PgConnectionInfo _admin;
    private readonly PgConnectionInfo _scratch;
    private readonly string _name;
    private readonly string? _toolPath;
    private readonly ScratchOwner _owner;
    private bool _created;

    private PgScratchDatabase(PgConnectionInfo server, string name, string? toolPath, ScratchOwner owner)
    {
        _name = name;
        _owner = owner;
        _toolPath = toolPath;
        _admin = server.WithDatabase(PgRestore.MaintenanceDatabase(name));
        _scratch = server.WithDatabase(name);
    }

    public string Display => _scratch.Display;

    public string ConnectionString => _scratch.ConnectionString;

    /// <summary>
    /// The scratch database for a backup: on -ScratchConnectionString's server, else on the server the backup came
    /// from (its manifest's source, with the given login). Refuses a scratch connection that names the backed-up
    /// database on its own server.
    /// </summary>
    internal static PgScratchDatabase Create(BackupManifest manifest, DisasterRecoveryOptions options, DateTime stamp)
    {
        string sourceServer = manifest.Details is not null && manifest.Details.TryGetValue("server", out string? server) ? server : string.Empty;
        PgConnectionInfo connection;
        if (options.ScratchConnectionString is not null)
        {
            connection = PgConnectionInfo.Parse(options.ScratchConnectionString, options.UserName, options.Password);
            if (string.Equals(connection.ServerKey, sourceServer, StringComparison.OrdinalIgnoreCase) &&
                string.Equals(connection.Database, manifest.Database, StringComparison.Ordinal))
            {
                throw new OpsException(
                    ErrorIds.ScratchIsSource,
                    OpsErrorCategory.InvalidArgument,
                    connection.Display,
                    $"-ScratchConnectionString names {connection.Display}, the backed-up database itself. Test-DisasterRecovery never works in its source: name another database on that server (e.g. Database=postgres) or another server; the scratch database is created beside it.");
            }
        }
        else
        {
            connection = PgConnectionInfo.Parse(manifest.Source, options.UserName, options.Password);
        }

        string name = ScratchDatabases.Name(manifest.Database, stamp);
        if (string.Equals(connection.ServerKey, sourceServer, StringComparison.OrdinalIgnoreCase) && string.Equals(name, manifest.Database, StringComparison.Ordinal))
        {
            throw new OpsException(
                ErrorIds.ScratchIsSource,
                OpsErrorCategory.InvalidArgument,
                connection.DisplayFor(name),
                $"The scratch database {connection.DisplayFor(name)} would be the backed-up database itself; use -ScratchConnectionString to test on another server.");
        }

        return new PgScratchDatabase(connection, name, options.PgRestorePath, ScratchOwner.Current(stamp));
    }

    public async Task RestoreAsync(Func<Stream> openContent, long expectedBytes, IOperationObserver observer, CancellationToken cancellationToken)
    {
        string pgRestore = PgTools.Find("pg_restore", _toolPath);

        // The archive's own CREATE DATABASE gives the scratch database the source's encoding and locale.
        PgArchiveScript script;
        using (Stream head = openContent())
        {
            string text = await RunPgRestoreAsync(pgRestore, ["--create", "--schema-only", "--file=-"], null, head, 0, null, headerOnly: true, observer, cancellationToken).ConfigureAwait(false);
            script = PgArchiveScript.Parse(text);
        }

        await using NpgsqlConnection admin = await _admin.OpenAsync(cancellationToken).ConfigureAwait(false);
        await DropAbandonedAsync(admin, observer, cancellationToken).ConfigureAwait(false);
        observer.Verbose($"Creating the scratch database {Display}.");
        string create = script.CreateSql is null ? "CREATE DATABASE " + PgCatalog.Quote(_name) + " TEMPLATE template0" : script.For(script.CreateSql, _name);
        try
        {
            await PgCatalog.ExecuteAsync(admin, create, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == "42501")
        {
            // A login without CREATEDB keeps the test from running at all: an error, never a failed restore recorded
            // against a good backup.
            throw new OpsException(
                ErrorIds.InsufficientPrivilege,
                OpsErrorCategory.PermissionDenied,
                Display,
                $"The scratch database {Display} cannot be created: {ex.MessageText}. The test needs a login with CREATEDB (ALTER ROLE <login> CREATEDB) on the scratch server, or -ScratchConnectionString with one; nothing was recorded against the backup.",
                ex);
        }

        _created = true;
        await PgCatalog.ExecuteAsync(admin, "COMMENT ON DATABASE " + PgCatalog.Quote(_name) + " IS " + PgCatalog.Literal(_owner.ToString()), cancellationToken).ConfigureAwait(false);

        using ToolLogin login = _scratch.ToolEnvironment(_name);
        using Stream content = openContent();
        await RunPgRestoreAsync(
            pgRestore,
            ["--exit-on-error", "--no-password", "--no-owner", "--no-privileges", "--dbname=" + PgRestore.ConnInfoDatabase(_name)],
            login.Environment,
            content,
            expectedBytes,
            "drtest-restore",
            headerOnly: false,
            observer,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<(bool Passed, string Detail, bool Warning)> CheckIntegrityAsync(IOperationObserver observer, CancellationToken cancellationToken)
    {
        (bool passed, string detail) = await CheckIndexesAndTablesAsync(observer, cancellationToken).ConfigureAwait(false);
        return (passed, detail, false);
    }

    private async Task<(bool Passed, string Detail)> CheckIndexesAndTablesAsync(IOperationObserver observer, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _scratch.OpenAsync(cancellationToken).ConfigureAwait(false);
        string? noAmcheck = null;
        try
        {
            await PgCatalog.ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS amcheck", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            noAmcheck = ex.MessageText;
        }

        List<PgRelation> relations = await PgCatalog.RestoredRelationsAsync(connection, "c.relkind IN ('r', 'm')", cancellationToken).ConfigureAwait(false);
        if (noAmcheck is not null)
        {
            observer.Verbose($"amcheck cannot be created in the scratch database ({noAmcheck}); reading every table in full instead.");
            TableReads all = await ReadInFullAsync(connection, relations, cancellationToken).ConfigureAwait(false);
            return all.Outcome($"amcheck is not available ({noAmcheck}), so every table was read in full instead");
        }

        var indexes = new List<(string Index, string Table)>();
        await using (var command = new NpgsqlCommand(UserIndexesSql, connection))
        {
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                indexes.Add((reader.GetString(0), PgCatalog.TableKey(reader.GetString(1), reader.GetString(2))));
            }
        }

        var failures = new List<string>();
        foreach ((string index, _) in indexes)
        {
            try
            {
                await PgCatalog.ExecuteAsync(connection, "SELECT bt_index_check($1::regclass, true)", cancellationToken, index).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                failures.Add(index + ": " + ex.MessageText);
            }
        }

        string amcheck = failures.Count == 0
            ? string.Format(CultureInfo.InvariantCulture, "amcheck bt_index_check (with heapallindexed) passed on {0} B-tree index(es)", indexes.Count)
            : string.Format(CultureInfo.InvariantCulture, "amcheck bt_index_check failed on {0} of {1} B-tree index(es): {2}", failures.Count, indexes.Count, string.Join("; ", failures));

        // amcheck reads a table's heap only through its indexes' heapallindexed scan: a table without a B-tree index (or
        // a database without any) would not be read at all, so it is read in full instead.
        var covered = new HashSet<string>(indexes.Select(i => i.Table), StringComparer.Ordinal);
        List<PgRelation> unindexed = relations.Where(r => !covered.Contains(r.Key)).ToList();
        if (unindexed.Count == 0)
        {
            return (failures.Count == 0, amcheck + ".");
        }

        TableReads reads = await ReadInFullAsync(connection, unindexed, cancellationToken).ConfigureAwait(false);
        (bool readPassed, string readDetail) = reads.Outcome(indexes.Count == 0
            ? "amcheck found no B-tree index to check, so every table was read in full instead"
            : "the tables without a B-tree index were read in full");
        return indexes.Count == 0
            ? (failures.Count == 0 && readPassed, readDetail)
            : (failures.Count == 0 && readPassed, amcheck + "; " + readDetail);
    }

    /// <summary>
    /// Reads each relation in full with COPY (a materialized view through COPY (SELECT ...), which is the only way COPY
    /// reads one; one never populated has no data and is skipped), with no row-level security policy in the way.
    /// </summary>
    private static async Task<TableReads> ReadInFullAsync(NpgsqlConnection connection, List<PgRelation> relations, CancellationToken cancellationToken)
    {
        var reads = new TableReads();
        var buffer = new byte[1 << 16];
        foreach (PgRelation relation in relations)
        {
            if (relation.Kind == 'm' && !relation.Populated)
            {
                reads.NotPopulated.Add(relation.Key);
                continue;
            }

            if (relation.RowSecurity == PgRowSecurity.Applies)
            {
                reads.Unreadable.Add(relation.Key + ": row-level security applies to this login (it does not own the table and has neither SUPERUSER nor BYPASSRLS), so not every row can be read");
                continue;
            }

            string sql = relation.Kind == 'm'
                ? "COPY (SELECT * FROM " + relation.Quoted + ") TO STDOUT (FORMAT binary)"
                : "COPY " + relation.Quoted + " TO STDOUT (FORMAT binary)";
            try
            {
                reads.Bytes += await PgCatalog.WithoutRowSecurityAsync(
                    connection,
                    relation,
                    async () =>
                    {
                        long bytes = 0;
                        await using Stream copy = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken).ConfigureAwait(false);
                        int read;
                        while ((read = await copy.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            bytes += read;
                        }

                        return bytes;
                    },
                    cancellationToken).ConfigureAwait(false);
                reads.Read++;
            }
            catch (PostgresException ex)
            {
                reads.Unreadable.Add(relation.Key + ": " + ex.MessageText);
            }
        }

        return reads;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _scratch.OpenAsync(cancellationToken).ConfigureAwait(false);
        PgRowCounts counted = await PgCatalog.CountRestoredRowsAsync(connection, cancellationToken).ConfigureAwait(false);
        if (counted.HiddenReason is string reason)
        {
            throw new OpsException(
                ErrorIds.InsufficientPrivilege,
                OpsErrorCategory.PermissionDenied,
                Display,
                $"The row counts could not all be checked: {reason}. Run the test as a superuser or a role with BYPASSRLS (ALTER ROLE {PgCatalog.Quote(counted.Login)} BYPASSRLS, run by a superuser).");
        }

        return counted.Counts;
    }

    public async Task<ValidationAnswer> QueryValidationAsync(string sql, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _scratch.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ValidationAnswer.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Feeds <paramref name="input"/> to pg_restore (which may stop reading early when <paramref name="headerOnly"/>); returns what it printed, or throws PgToolFailed on a non-zero exit.</summary>
    private async Task<string> RunPgRestoreAsync(string pgRestore, string[] arguments, IReadOnlyDictionary<string, string?>? environment, Stream input, long expectedBytes, string? pausePoint, bool headerOnly, IOperationObserver observer, CancellationToken cancellationToken)
    {
        using ChildProcess child = ChildProcess.Start(pgRestore, arguments, environment, redirectInput: true);
        Task<string> output = new StreamReader(child.StandardOutput, Encoding.UTF8).ReadToEndAsync(cancellationToken);
        Exception? feedError = null;
        try
        {
            await Task.Run(
                () =>
                {
                    try
                    {
                        StreamCopy.Copy(input, child.StandardInput, expectedBytes, new StreamCopy.Step(Activity, $"Restoring into {Display}", pausePoint), observer, cancellationToken);
                    }
                    finally
                    {
                        try
                        {
                            child.StandardInput.Close();
                        }
                        catch (IOException)
                        {
                            // pg_restore already closed its end; its exit code tells why.
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // A broken pipe: pg_restore stopped reading (done with the header, or failed); its exit code decides.
            feedError = ex;
        }

        int exit = await child.WaitAsync(cancellationToken).ConfigureAwait(false);
        string text = await output.ConfigureAwait(false);
        if (exit != 0)
        {
            throw PgDatabaseEngine.ToolFailed("pg_restore", exit, child.ErrorTail, Display, "The scratch database is dropped.");
        }

        if (feedError is not null && !headerOnly)
        {
            throw feedError;
        }

        return text;
    }

    /// <summary>Drops the scratch databases on this server that runs which died left behind (never a live run's).</summary>
    private async Task DropAbandonedAsync(NpgsqlConnection admin, IOperationObserver observer, CancellationToken cancellationToken)
    {
        const string Marked = """
            SELECT d.datname, shobj_description(d.oid, 'pg_database') FROM pg_database d
            WHERE starts_with(d.datname, 'ops_drtest_') AND starts_with(shobj_description(d.oid, 'pg_database'), $1)
            ORDER BY 1
            """;
        var abandoned = new List<(string Name, string Why)>();
        await using (var command = new NpgsqlCommand(Marked, admin))
        {
            command.Parameters.AddWithValue(ScratchOwner.Marker + " ");
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            DateTime now = DateTime.UtcNow;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                string? why = ScratchOwner.Parse(reader.GetString(1))?.AbandonedBecause(now);
                if (why is not null && !string.Equals(reader.GetString(0), _name, StringComparison.Ordinal))
                {
                    abandoned.Add((reader.GetString(0), why));
                }
            }
        }

        foreach ((string name, string why) in abandoned)
        {
            try
            {
                await PgCatalog.ExecuteAsync(admin, "DROP DATABASE IF EXISTS " + PgCatalog.Quote(name) + " WITH (FORCE)", cancellationToken).ConfigureAwait(false);
                observer.Warning($"Dropped the scratch database '{name}' that an earlier Test-DisasterRecovery left behind: {why}.");
            }
            catch (PostgresException ex)
            {
                observer.Verbose($"The scratch database '{name}' left by an earlier run could not be dropped ({ex.MessageText}); drop it by hand.");
            }
        }
    }

    public async Task KeepAsync()
    {
        await using NpgsqlConnection admin = await _admin.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        if (await PgCatalog.ScalarAsync<bool>(admin, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", CancellationToken.None, _name).ConfigureAwait(false))
        {
            await PgCatalog.ExecuteAsync(admin, "COMMENT ON DATABASE " + PgCatalog.Quote(_name) + " IS " + PgCatalog.Literal("opsmodule: kept by Test-DisasterRecovery -KeepScratch"), CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task DropAsync()
    {
        if (!_created)
        {
            // Never created (the server could not be reached, or pg_restore's header failed): nothing to remove.
            return;
        }

        await using NpgsqlConnection admin = await _admin.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await PgCatalog.ExecuteAsync(admin, "DROP DATABASE IF EXISTS " + PgCatalog.Quote(_name) + " WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>What reading relations in full found.</summary>
    private sealed class TableReads
    {
        public int Read { get; set; }

        public long Bytes { get; set; }

        public List<string> Unreadable { get; } = [];

        public List<string> NotPopulated { get; } = [];

        public (bool Passed, string Detail) Outcome(string why)
        {
            int total = Read + Unreadable.Count;
            string detail = Unreadable.Count == 0
                ? string.Format(CultureInfo.InvariantCulture, "{0}: {1} table(s), {2:N0} bytes, all readable.", why, total, Bytes)
                : string.Format(CultureInfo.InvariantCulture, "{0}: {1} of {2} table(s) could not be read: {3}.", why, Unreadable.Count, total, string.Join("; ", Unreadable));
            if (NotPopulated.Count > 0)
            {
                detail += string.Format(CultureInfo.InvariantCulture, " Skipped {0} materialized view(s) that are not populated, as in the source (the backup holds no rows for them; REFRESH MATERIALIZED VIEW fills them): {1}.", NotPopulated.Count, string.Join(", ", NotPopulated));
            }

            return (Unreadable.Count == 0, detail);
        }
    }
}
