using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Compression;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>
/// PostgreSQL behind <see cref="IDatabaseEngine"/>, with the official tools. A backup exports a snapshot, runs
/// <c>pg_dump -Fc -Z0 --snapshot</c> and streams its output through the artifact sink (compression and SHA-256)
/// while the exporting transaction counts every table's rows in the same snapshot. A restore runs
/// <c>pg_restore</c> into a new sibling database, then swaps it in (see <see cref="PgRestore"/>).
/// </summary>
internal sealed partial class PgDatabaseEngine : IDatabaseEngine
{
    internal const string EngineName = "postgres";
    internal const string GlobalsEngineName = "postgres-globals";
    private const string BackupActivity = "Backup-Database";

    private readonly PgConnectionInfo _connection;
    private readonly string? _toolPath;

    internal PgDatabaseEngine(PgConnectionInfo connection, string? toolPath)
    {
        _connection = connection;
        _toolPath = toolPath;
        if (string.IsNullOrEmpty(connection.Database))
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                connection.Display,
                $"The connection '{connection.Display}' names no database. Add Database=<name> (or /<name> to the URI), or use -Database.");
        }
    }

    public string Name => EngineName;

    public string Database => _connection.Database;

    public string Display => _connection.Display;

    public string LockKey => _connection.ServerKey + "/" + Database;

    internal PgConnectionInfo Connection => _connection;

    internal string? ToolPath => _toolPath;

    public async Task<BackupInfo> BackupAsync(BackupJob job, IOperationObserver observer, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using OperationLock held = OperationLock.Acquire("backup|postgres|" + LockKey + "|" + job.Store.Location, $"a backup of {Display} to '{job.Store.Location}'", Display);
        string pgDump = PgTools.Find("pg_dump", _toolPath);
        Version dumpVersion = await PgTools.VersionAsync(pgDump, cancellationToken).ConfigureAwait(false);
        Storage.BackupStores.Prepare(job.Store, observer);

        await using NpgsqlConnection connection = await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string serverVersion = await PgCatalog.ServerVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            PgTools.EnsureNotOlder(pgDump, dumpVersion, PgTools.ParseVersion(serverVersion), "the server " + Display, Display);
            if (job.IncludeGlobals && job.GlobalsArtifact is null)
            {
                job.GlobalsArtifact = await BackupGlobalsAsync(job, connection, pgDump, serverVersion, observer, cancellationToken).ConfigureAwait(false);
            }

            // The exporting transaction stays open until pg_dump is done: it pins the snapshot pg_dump imports,
            // and the row counts are taken in it, so they are exactly what the archive holds.
            await PgCatalog.ExecuteAsync(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", cancellationToken).ConfigureAwait(false);
            string snapshot = await PgCatalog.ScalarAsync<string>(connection, "SELECT pg_export_snapshot()", cancellationToken).ConfigureAwait(false);
            DateTime created = DateTime.UtcNow;
            List<string> roles = await PgCatalog.RolesAsync(connection, cancellationToken).ConfigureAwait(false);
            var manifest = new BackupManifest
            {
                Engine = EngineName,
                Database = Database,
                Source = Display,
                Created = created,
                ModuleVersion = ModuleInfo.Version,
                EngineVersion = serverVersion,
                Compression = job.Compression,
                Host = Environment.MachineName,
                Details = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["format"] = "custom",
                    ["pgDumpVersion"] = dumpVersion.ToString(),
                    ["serverVersion"] = serverVersion,
                    ["server"] = _connection.ServerKey,
                    ["roles"] = JsonSerializer.Serialize(roles),
                },
            };
            if (job.GlobalsArtifact is not null)
            {
                manifest.Details["globalsArtifact"] = job.GlobalsArtifact;
            }

            observer.Verbose($"Backing up {Display} (PostgreSQL {serverVersion}) with {pgDump} {dumpVersion} in snapshot {snapshot}; writers keep working.");
            string name = BackupNaming.ArtifactName(SafeName(Database), created, ".dump" + Codec.Extension(job.Compression));
            using var sink = new ArtifactSink(job.Store, name, job.Compression, job.CompressionLevel);
            using ToolLogin login = _connection.ToolEnvironment(Database);
            string[] arguments = ["--format=custom", "--compress=0", "--no-password", "--snapshot=" + snapshot];
            using ChildProcess dump = ChildProcess.Start(pgDump, arguments, login.Environment);

            Task<Dictionary<string, long>> counting = PgCatalog.CountRowsAsync(connection, cancellationToken);
            long bytes;
            try
            {
                bytes = await Task.Run(
                    () => StreamCopy.Copy(dump.StandardOutput, sink.Input, 0, new StreamCopy.Step(BackupActivity, $"Streaming pg_dump of {Database}", "pg-backup-streaming"), observer, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                dump.Kill();
                throw WriteFailed(job, ex);
            }

            int exit = await dump.WaitAsync(cancellationToken).ConfigureAwait(false);
            Dictionary<string, long> counts = await counting.ConfigureAwait(false);
            if (exit != 0)
            {
                throw ToolFailed("pg_dump", exit, dump.ErrorTail, Display, "Nothing that counts as a backup was written.");
            }

            await PgCatalog.ExecuteAsync(connection, "COMMIT", cancellationToken).ConfigureAwait(false);
            manifest.Tables = counts;
            manifest.DatabaseSize = bytes;
            manifest.DurationSeconds = stopwatch.Elapsed.TotalSeconds;
            BackupInfo info;
            try
            {
                info = sink.Complete(manifest, observer, cancellationToken);
            }
            catch (IOException ex)
            {
                throw WriteFailed(job, ex);
            }

            info.Duration = stopwatch.Elapsed;
            return info;
        }
        catch (NpgsqlException ex)
        {
            throw Failed(ex, Display, "backing up");
        }
        finally
        {
            observer.ProgressCompleted(BackupActivity);
        }
    }

    public async Task<bool> HasDataAsync(CancellationToken cancellationToken)
    {
        PgConnectionInfo admin = _connection.WithDatabase(PgRestore.MaintenanceDatabase(Database));
        await using (NpgsqlConnection connection = await admin.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            long exists = await PgCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM pg_database WHERE datname = $1", cancellationToken, Database).ConfigureAwait(false);
            if (exists == 0)
            {
                return false;
            }
        }

        await using NpgsqlConnection target = await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        long relations = await PgCatalog.ScalarAsync<long>(
            target,
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
            cancellationToken).ConfigureAwait(false);
        return relations > 0;
    }

    public Task<RestoreResult> RestoreAsync(RestoreJob job, IOperationObserver observer, CancellationToken cancellationToken) =>
        new PgRestore(this, job, observer).RunAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PgCatalog.CountRowsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A database name made safe as part of a file name: no path separators, no "..", no control characters.</summary>
    internal static string SafeName(string database)
    {
        var builder = new StringBuilder(database.Length);
        foreach (char c in database)
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        }

        string safe = builder.ToString().Replace("..", "__", StringComparison.Ordinal).Trim('.');
        if (safe.Length == 0)
        {
            safe = "_";
        }

        return safe.Length > 100 ? safe[..100] : safe;
    }

    internal static OpsException ToolFailed(string tool, int exit, string errors, string target, string consequence) => new(
        ErrorIds.PgToolFailed,
        OpsErrorCategory.InvalidOperation,
        target,
        string.Format(
            CultureInfo.InvariantCulture,
            "{0} failed for {1} ({2}): {3} {4}",
            tool,
            target,
            exit > 128 ? $"killed by signal {exit - 128}" : $"exit code {exit}",
            string.IsNullOrWhiteSpace(errors) ? "(it printed nothing)" : Redaction.Redact(LastLines(errors, 5)),
            consequence));

    /// <summary>
    /// A server error while backing up or restoring. A missing privilege (42501) is a known condition with its own id:
    /// SourceNotReadable for a backup (the login may not read a table or schema), InsufficientPrivilege for a restore;
    /// the message is the server's own sentence and detail, without the statement position it points at.
    /// </summary>
    internal static OpsException Failed(NpgsqlException ex, string target, string doing)
    {
        string said = ex is PostgresException pg
            ? $"{pg.SqlState}: {pg.MessageText}{(string.IsNullOrWhiteSpace(pg.Detail) ? string.Empty : " (" + pg.Detail.Trim() + ")")}"
            : ex.Message;
        if (ex is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
        {
            bool backup = doing.StartsWith("backing", StringComparison.Ordinal);
            return new OpsException(
                backup ? ErrorIds.SourceNotReadable : ErrorIds.InsufficientPrivilege,
                OpsErrorCategory.PermissionDenied,
                target,
                backup
                    ? $"PostgreSQL refused this login while backing up {target}: {Redaction.Redact(said)}. A backup reads every schema and table: run it as the database's owner or a superuser, or grant the login USAGE on the schemas and SELECT on the tables (pg_read_all_data on PostgreSQL 14 and later). Nothing that counts as a backup of this database was written."
                    : $"PostgreSQL refused this login while restoring into {target}: {Redaction.Redact(said)}. Replacing a database needs its owner or a superuser; a login that may only create databases can restore into a new database name with -NoOwner.",
                ex);
        }

        return new OpsException(
            ErrorIds.OperationFailed,
            OpsErrorCategory.InvalidOperation,
            target,
            $"PostgreSQL failed while {doing} {target}: {Redaction.Redact(said)}",
            ex);
    }

    private static string LastLines(string text, int count)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" ", lines.AsSpan(Math.Max(0, lines.Length - count)).ToArray());
    }

    private static OpsException WriteFailed(BackupJob job, Exception ex) => new(
        ErrorIds.DestinationNotWritable,
        OpsErrorCategory.WriteError,
        job.Store.Location,
        $"Writing the backup to '{job.Store.Location}' failed: {Messages.Sentence(ex.Message)} Nothing that counts as a backup was left behind; check free space and permissions, then retry.",
        ex);

    /// <summary>
    /// Writes the server's roles and tablespaces (<c>pg_dumpall --globals-only</c>) as their own artifact and
    /// manifest; returns the artifact's name for the database manifests to reference.
    /// </summary>
    private async Task<string> BackupGlobalsAsync(BackupJob job, NpgsqlConnection connection, string pgDump, string serverVersion, IOperationObserver observer, CancellationToken cancellationToken)
    {
        string pgDumpAll = PgTools.FindBeside("pg_dumpall", pgDump);
        bool readsAuthid = await PgCatalog.ScalarAsync<bool>(connection, "SELECT has_table_privilege('pg_catalog.pg_authid', 'SELECT')", cancellationToken).ConfigureAwait(false);
        var arguments = new List<string> { "--globals-only", "--no-password", "--dbname=" + PgRestore.ConnInfoDatabase(Database) };
        if (!readsAuthid)
        {
            arguments.Add("--no-role-passwords");
            observer.Warning($"This login may not read pg_authid on {_connection.ServerKey}: the globals are dumped without role passwords (--no-role-passwords).");
        }

        DateTime created = DateTime.UtcNow;
        var manifest = new BackupManifest
        {
            Engine = GlobalsEngineName,
            Database = "globals",
            Source = _connection.DisplayFor(string.Empty),
            Created = created,
            ModuleVersion = ModuleInfo.Version,
            EngineVersion = serverVersion,
            Compression = job.Compression,
            Host = Environment.MachineName,
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["format"] = "sql",
                ["server"] = _connection.ServerKey,
                ["rolePasswords"] = readsAuthid ? "true" : "false",
            },
        };
        string name = BackupNaming.ArtifactName(SafeName(_connection.ServerKey.Replace(':', '_')) + "-globals", created, ".sql" + Codec.Extension(job.Compression));
        using var sink = new ArtifactSink(job.Store, name, job.Compression, job.CompressionLevel);
        using ToolLogin login = _connection.ToolEnvironment(Database);
        using ChildProcess dumpAll = ChildProcess.Start(pgDumpAll, arguments, login.Environment);
        long bytes = await Task.Run(() => StreamCopy.Copy(dumpAll.StandardOutput, sink.Input, 0, new StreamCopy.Step(BackupActivity, "Dumping roles and tablespaces", null), observer, cancellationToken), cancellationToken).ConfigureAwait(false);
        int exit = await dumpAll.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw ToolFailed("pg_dumpall", exit, dumpAll.ErrorTail, _connection.ServerKey, "Nothing that counts as a backup was written.");
        }

        manifest.DatabaseSize = bytes;
        sink.Complete(manifest, observer, cancellationToken);
        observer.Verbose($"Wrote the roles and tablespaces of {_connection.ServerKey} as '{name}'.");
        return name;
    }
}
