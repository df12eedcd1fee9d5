using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>
/// One PostgreSQL restore that never touches the target until the restored copy is proven:
/// <list type="number">
/// <item>drop siblings that earlier runs into this target left behind (marked by a comment);</item>
/// <item>create the roles the backup's globals hold and the server lacks (only with -IncludeGlobals), then check
/// that every role the archive names exists (else -NoOwner);</item>
/// <item>create <c>&lt;target&gt;_restore_&lt;stamp&gt;</c> with the source's encoding and locale, marked with a
/// comment, and stream the artifact through SHA-256 and decompression into <c>pg_restore --exit-on-error</c>;</item>
/// <item>require the hash to match, pg_restore to exit 0 and every table's row count to equal the manifest;</item>
/// <item>give the sibling the source database's owner, settings and ACL, then swap: connections to the old target
/// are disallowed (and, only with -TerminateSessions, terminated), both renames and the comment happen in one
/// transaction, and connections are allowed again in <c>finally</c>. The old database is dropped or kept.</item>
/// </list>
/// Any failure drops the sibling and leaves the target as it was.
/// </summary>
internal sealed class PgRestore
{
    private const string Activity = "Restore-Database";
    private const string SiblingMarker = "opsmodule:restore-sibling:";

    /// <summary>A sibling's comment while its run has the target closed to connections for the swap (see <see cref="SwapAsync"/>).</summary>
    private const string ClosingMarker = "opsmodule:restore-sibling-closed-target:";

    private readonly PgDatabaseEngine _engine;
    private readonly RestoreJob _job;
    private readonly IOperationObserver _observer;
    private readonly PgConnectionInfo _admin;
    private readonly string _target;

    internal PgRestore(PgDatabaseEngine engine, RestoreJob job, IOperationObserver observer)
    {
        _engine = engine;
        _job = job;
        _observer = observer;
        _target = engine.Database;
        _admin = engine.Connection.WithDatabase(MaintenanceDatabase(_target));
    }

    /// <summary>The database to connect to for CREATE/DROP/RENAME: never the target itself.</summary>
    internal static string MaintenanceDatabase(string target) => target == "postgres" ? "template1" : "postgres";

    /// <summary>A conninfo string naming only the database (host, port, user come from PG* variables).</summary>
    internal static string ConnInfoDatabase(string database) =>
        "dbname='" + database.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>A name of at most 63 bytes: the target's name cut to fit, then the suffix.</summary>
    internal static string SiblingName(string target, string kind, DateTime stamp, int serial = 1)
    {
        string suffix = "_" + kind + "_" + stamp.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)
            + (serial > 1 ? "_" + serial.ToString(CultureInfo.InvariantCulture) : string.Empty);
        int room = 63 - Encoding.UTF8.GetByteCount(suffix);
        string head = target;
        while (Encoding.UTF8.GetByteCount(head) > room)
        {
            head = head[..^1];
            if (head.Length > 0 && char.IsHighSurrogate(head[^1]))
            {
                head = head[..^1];
            }
        }

        return head + suffix;
    }

    internal async Task<RestoreResult> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using OperationLock held = OperationLock.Acquire("restore|postgres|" + _engine.LockKey, $"a restore into {_engine.Display}", _engine.Display);
        StoredBackup backup = _job.Load();
        BackupManifest manifest = backup.Manifest;
        if (string.Equals(manifest.Engine, PgDatabaseEngine.GlobalsEngineName, StringComparison.OrdinalIgnoreCase))
        {
            string decompress = manifest.Compression switch
            {
                BackupCompression.Zstd => "zstd -dc <artifact> | psql -d postgres",
                BackupCompression.Gzip => "gzip -dc <artifact> | psql -d postgres",
                _ => "psql -d postgres -f <artifact>",
            };
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidArgument,
                _job.Staged?.StoredPath ?? backup.ArtifactPath,
                $"The backup '{_job.Staged?.StoredPath ?? backup.ArtifactPath}' holds the PostgreSQL server's roles and tablespaces (pg_dumpall --globals-only, written by Backup-Database -IncludeGlobals), not a database, so there is nothing to restore into {_engine.Display}. Restore a database backup made with it and add -IncludeGlobals (the roles the target server lacks are created first), or apply its SQL to the server yourself as a superuser ({decompress}; unlike -IncludeGlobals, this also alters roles that exist already, their passwords included).");
        }

        if (!string.Equals(manifest.Engine, PgDatabaseEngine.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidArgument,
                _job.Staged?.StoredPath ?? backup.ArtifactPath,
                $"The backup '{_job.Staged?.StoredPath ?? backup.ArtifactPath}' is a {manifest.Engine} backup; -TargetConnectionString restores PostgreSQL backups only.");
        }

        IBackupSource source = BackupStores.ForReading(Path.GetDirectoryName(backup.ArtifactPath) ?? ".");
        string artifact = Path.GetFileName(backup.ArtifactPath);
        string pgRestore = PgTools.Find("pg_restore", _engine.ToolPath);
        Version restoreVersion = await PgTools.VersionAsync(pgRestore, cancellationToken).ConfigureAwait(false);
        if (manifest.Details is not null && manifest.Details.TryGetValue("pgDumpVersion", out string? dumpVersion))
        {
            PgTools.EnsureNotOlder(pgRestore, restoreVersion, PgTools.ParseVersion(dumpVersion), "the pg_dump that wrote the archive", backup.ArtifactPath);
        }

        RestoreScratch.RemoveAbandoned(_job.StagingFolder, _observer);
        try
        {
            await using NpgsqlConnection admin = await _admin.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (await PgCatalog.ScalarAsync<long>(admin, "SELECT count(*) FROM pg_database WHERE datname = $1 AND datistemplate", cancellationToken, _target).ConfigureAwait(false) > 0)
            {
                // Swapped in, the backup would become what every CREATE DATABASE copies, and the old template (no longer
                // marked one) could not be dropped.
                throw new OpsException(
                    ErrorIds.InvalidArgument,
                    OpsErrorCategory.InvalidArgument,
                    _engine.Display,
                    $"'{_target}' is a template database (pg_database.datistemplate): a restore never replaces one. Restore into another database name.");
            }

            if (string.Equals(_target, "postgres", StringComparison.Ordinal) && !string.Equals(manifest.Database, "postgres", StringComparison.Ordinal))
            {
                // The database tools and ordinary roles connect to first: replaced by another database's backup (its CONNECT
                // grants, connection limit and settings with it), psql, pgAdmin and the next restore's admin connection fail.
                throw new OpsException(
                    ErrorIds.InvalidArgument,
                    OpsErrorCategory.InvalidArgument,
                    _engine.Display,
                    $"'postgres' is the server's maintenance database, and the backup is of '{manifest.Database}': a restore never replaces it with another database. Restore into another database name (Database={manifest.Database} in the target connection string, say); a backup of 'postgres' itself can be restored into it.");
            }

            await DropLeftoverSiblingsAsync(admin, cancellationToken).ConfigureAwait(false);
            if (!_job.TerminateSessions)
            {
                // Sessions on the target would refuse the swap at the end: said before the whole restore, not after it (hours
                // and twice the disk for a large database). The swap checks again.
                long sessions = await PgCatalog.ScalarAsync<long>(admin, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", cancellationToken, _target).ConfigureAwait(false);
                if (sessions > 0)
                {
                    throw new OpsException(
                        ErrorIds.RestoreTargetInUse,
                        OpsErrorCategory.ResourceBusy,
                        _engine.Display,
                        string.Format(CultureInfo.InvariantCulture, "{0} other session(s) are connected to '{1}', so the restored database would not be swapped in. Stop the applications that use it, or add -TerminateSessions to end those sessions at the swap. Nothing was restored; the target was not touched.", sessions, _target));
                }
            }

            if (_job.IncludeGlobals)
            {
                // The globals are read where the backup is stored (a staged copy's folder holds only the database's artifact).
                await PgGlobals.ApplyAsync(admin, _job.StoredIn ?? source, manifest, _job.Staged?.StoredPath ?? backup.ArtifactPath, _job.Key, _observer, cancellationToken).ConfigureAwait(false);
            }

            if (!_job.NoOwner)
            {
                await CheckRolesAsync(admin, manifest, backup.ArtifactPath, cancellationToken).ConfigureAwait(false);
            }

            PgArchiveScript script = await ReadDatabaseScriptAsync(pgRestore, source, artifact, manifest, cancellationToken).ConfigureAwait(false);
            string sibling = SiblingName(_target, "restore", DateTime.UtcNow);
            await CreateSiblingAsync(admin, script, sibling, cancellationToken).ConfigureAwait(false);
            try
            {
                var checks = new List<RecoveryCheck>();
                checks.AddRange(await RestoreIntoAsync(pgRestore, source, artifact, manifest, sibling, cancellationToken).ConfigureAwait(false));
                var clock = Stopwatch.StartNew();
                Dictionary<string, long> counts = await CheckCountsAsync(sibling, manifest, _job.Staged?.StoredPath ?? backup.ArtifactPath, cancellationToken).ConfigureAwait(false);
                checks.Add(new RecoveryCheck
                {
                    Name = "RowCounts",
                    Passed = true,
                    Duration = clock.Elapsed,
                    Detail = string.Format(CultureInfo.InvariantCulture, "The row counts of all {0} tables equal the manifest.", counts.Count),
                });
                await ApplyPropertiesAsync(admin, script, sibling, cancellationToken).ConfigureAwait(false);
                TestHook.Pause("pg-restore-before-swap", cancellationToken);
                (bool replaced, string? previous) = await SwapAsync(admin, script, sibling, cancellationToken).ConfigureAwait(false);
                _observer.Verbose($"Restored '{_job.Staged?.StoredPath ?? backup.ArtifactPath}' into {_engine.Display}{(previous is null ? string.Empty : $"; the previous database is kept as '{previous}'")}.");
                return new RestoreResult
                {
                    Backup = backup.ToBackupInfo(),
                    Target = _engine.Display,
                    Duration = stopwatch.Elapsed,
                    Checks = checks,
                    TableCounts = counts,
                    Replaced = replaced,
                    PreviousTarget = previous is null ? null : _engine.Connection.DisplayFor(previous),
                };
            }
            catch
            {
                await DropQuietlyAsync(sibling).ConfigureAwait(false);
                throw;
            }
        }
        catch (NpgsqlException ex)
        {
            throw PgDatabaseEngine.Failed(ex, _engine.Display, "restoring into");
        }
        finally
        {
            _observer.ProgressCompleted(Activity);
        }
    }

    private async Task DropLeftoverSiblingsAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        // This run holds the target's lock, so a marked sibling of this target belongs to a run that died.
        List<string> leftovers = await PgCatalog.StringsAsync(
            admin,
            "SELECT d.datname FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid AND s.classoid = 'pg_database'::regclass WHERE s.description = $1",
            cancellationToken,
            SiblingMarker + _target).ConfigureAwait(false);
        List<string> closing = await PgCatalog.StringsAsync(
            admin,
            "SELECT d.datname FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid AND s.classoid = 'pg_database'::regclass WHERE s.description = $1",
            cancellationToken,
            ClosingMarker + _target).ConfigureAwait(false);
        if (closing.Count > 0
            && (await PgCatalog.StringsAsync(admin, "SELECT datname FROM pg_database WHERE datname = $1 AND NOT datallowconn", cancellationToken, _target).ConfigureAwait(false)).Count > 0)
        {
            // A run killed in its swap (after closing the target to connections, before the rename) left the live database
            // refusing every connection: it was open before that run, so it is opened again.
            _observer.Warning($"Re-opening '{_target}' to connections: a restore killed while swapping it had closed them (ALTER DATABASE ... ALLOW_CONNECTIONS false), and every connection to it was refused since.");
            await PgCatalog.ExecuteAsync(admin, "ALTER DATABASE " + PgCatalog.Quote(_target) + " ALLOW_CONNECTIONS true", cancellationToken).ConfigureAwait(false);
        }

        foreach (string leftover in leftovers.Concat(closing))
        {
            _observer.Warning($"Dropping '{leftover}', the unfinished restore database a failed or killed earlier restore into '{_target}' left behind.");
            await PgCatalog.ExecuteAsync(admin, "DROP DATABASE IF EXISTS " + PgCatalog.Quote(leftover) + " WITH (FORCE)", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CheckRolesAsync(NpgsqlConnection admin, BackupManifest manifest, string artifact, CancellationToken cancellationToken)
    {
        if (manifest.Details is null || !manifest.Details.TryGetValue("roles", out string? json))
        {
            return;
        }

        string[] roles = JsonSerializer.Deserialize<string[]>(json) ?? [];
        List<string> existing = await PgCatalog.StringsAsync(admin, "SELECT rolname FROM pg_roles WHERE rolname = ANY($1)", cancellationToken, (object)roles).ConfigureAwait(false);
        List<string> missing = roles.Except(existing, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new OpsException(
                ErrorIds.RestoreRoleMissing,
                OpsErrorCategory.ObjectNotFound,
                artifact,
                $"The backup's objects belong to or are granted to roles this server lacks: {string.Join(", ", missing)}. Create them first, restore with -IncludeGlobals (if the backup was made with it), or use -NoOwner to restore without owners and privileges. The target was not touched.");
        }
    }

    /// <summary>Reads the archive's database-level entries (pg_restore stops after the table of contents).</summary>
    private async Task<PgArchiveScript> ReadDatabaseScriptAsync(string pgRestore, IBackupSource source, string artifact, BackupManifest manifest, CancellationToken cancellationToken)
    {
        using var reader = new ArtifactReader(source, artifact, manifest);
        using ChildProcess child = ChildProcess.Start(pgRestore, ["--create", "--schema-only", "--file=-"], null, redirectInput: true);
        Task<string> output = new StreamReader(child.StandardOutput, Encoding.UTF8).ReadToEndAsync(cancellationToken);
        await FeedAsync(reader.Content, child, 0, null, cancellationToken).ConfigureAwait(false);
        int exit = await child.WaitAsync(cancellationToken).ConfigureAwait(false);
        string text = await output.ConfigureAwait(false);
        if (exit != 0)
        {
            throw PgDatabaseEngine.ToolFailed("pg_restore", exit, child.ErrorTail, source.PathOf(artifact), "The artifact is not a readable pg_dump archive (or is damaged). The target was not touched.");
        }

        return PgArchiveScript.Parse(text);
    }

    private async Task CreateSiblingAsync(NpgsqlConnection admin, PgArchiveScript script, string sibling, CancellationToken cancellationToken)
    {
        string create = script.CreateSql is null
            ? "CREATE DATABASE " + PgCatalog.Quote(sibling) + " TEMPLATE template0"
            : script.For(script.CreateSql, sibling);
        _observer.Verbose($"Restoring into the new database '{sibling}' beside '{_target}'.");
        await PgCatalog.ExecuteAsync(admin, create, cancellationToken).ConfigureAwait(false);
        await PgCatalog.ExecuteAsync(admin, "COMMENT ON DATABASE " + PgCatalog.Quote(sibling) + " IS " + PgCatalog.Literal(SiblingMarker + _target), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RecoveryCheck[]> RestoreIntoAsync(string pgRestore, IBackupSource source, string artifact, BackupManifest manifest, string sibling, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var reader = new ArtifactReader(source, artifact, manifest);
        using ToolLogin login = _engine.Connection.ToolEnvironment(sibling);
        var arguments = new List<string> { "--exit-on-error", "--no-password", "--dbname=" + ConnInfoDatabase(sibling) };
        if (_job.NoOwner)
        {
            arguments.Add("--no-owner");
            arguments.Add("--no-privileges");
        }

        if (_job.Jobs > 1)
        {
            return await RestoreFromSpoolAsync(pgRestore, reader, source, artifact, manifest, arguments, login, clock, cancellationToken).ConfigureAwait(false);
        }

        using ChildProcess child = ChildProcess.Start(pgRestore, arguments, login.Environment, redirectInput: true);
        Task drain = child.StandardOutput.CopyToAsync(Stream.Null, cancellationToken);
        Exception? feedError = await FeedAsync(reader.Content, child, manifest.DatabaseSize, "pg-restore-streaming", cancellationToken).ConfigureAwait(false);
        int exit = await child.WaitAsync(cancellationToken).ConfigureAwait(false);
        await drain.ConfigureAwait(false);

        // The hash decides first: a damaged artifact is reported as such, whatever pg_restore made of it.
        reader.Verify();
        _observer.Verbose($"The artifact's SHA-256 matches its manifest ({manifest.Sha256}).");
        if (exit != 0)
        {
            throw PgDatabaseEngine.ToolFailed("pg_restore", exit, child.ErrorTail, source.PathOf(artifact), "The target was not touched; the unfinished restore database is dropped now, or by the next restore if that fails (a warning says so).");
        }

        if (feedError is not null)
        {
            throw feedError;
        }

        return Checks(clock, manifest, _job.Staged, "as it streamed into pg_restore", "pg_restore --exit-on-error restored every archive entry and exited 0.");
    }

    /// <summary>
    /// -Jobs: pg_restore -j reads only a seekable file, so the archive is decompressed (and hashed) into a 0600
    /// spool file in the staging folder first; pg_restore starts only when the hash matched, and the spool is
    /// deleted afterwards whatever happened. This run holds the spool's lock until then, so a later restore removes
    /// it if this run is killed (<see cref="RestoreScratch"/>), and never while it runs.
    /// </summary>
    private async Task<RecoveryCheck[]> RestoreFromSpoolAsync(string pgRestore, ArtifactReader reader, IBackupSource source, string artifact, BackupManifest manifest, List<string> arguments, ToolLogin login, Stopwatch clock, CancellationToken cancellationToken)
    {
        string folder = RestoreScratch.Folder(_job.StagingFolder);
        string? spool = null;
        FileStream? output = null;
        try
        {
            try
            {
                Directory.CreateDirectory(folder);
                output = TempFiles.CreateOwned(Path.Combine(folder, RestoreScratch.SpoolName), out spool, openedByAnother: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw SpoolNotWritable(folder, ex);
            }

            _observer.Verbose($"Spooling the archive to '{spool}' for pg_restore --jobs={_job.Jobs.ToString(CultureInfo.InvariantCulture)} (it cannot read standard input).");
            Exception? spoolError = null;
            FileStream writing = output;
            try
            {
                await Task.Run(
                    () =>
                    {
                        StreamCopy.Copy(reader.Content, writing, manifest.DatabaseSize, new StreamCopy.Step(Activity, $"Spooling the archive for '{_target}'", "pg-restore-spooling"), _observer, cancellationToken);
                        writing.Flush();
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or ZstdSharp.ZstdException)
            {
                // A damaged artifact (the hash below names it), an undecodable one, or a full staging disk.
                spoolError = ex;
            }

            reader.Verify();
            if (spoolError is IOException)
            {
                throw SpoolNotWritable(folder, spoolError);
            }

            if (spoolError is not null)
            {
                throw spoolError;
            }

            _observer.Verbose($"{(_job.Staged is null ? "The artifact's" : "The scratch copy's")} SHA-256 matches its manifest ({manifest.Sha256}); starting pg_restore with {_job.Jobs.ToString(CultureInfo.InvariantCulture)} jobs.");
            arguments.Add("--jobs=" + _job.Jobs.ToString(CultureInfo.InvariantCulture));
            arguments.Add(spool!);
            using ChildProcess child = ChildProcess.Start(pgRestore, arguments, login.Environment);
            Task drain = child.StandardOutput.CopyToAsync(Stream.Null, cancellationToken);
            int exit = await child.WaitAsync(cancellationToken).ConfigureAwait(false);
            await drain.ConfigureAwait(false);
            if (exit != 0)
            {
                throw PgDatabaseEngine.ToolFailed("pg_restore", exit, child.ErrorTail, source.PathOf(artifact), "The target was not touched; the unfinished restore database is dropped now, or by the next restore if that fails (a warning says so).");
            }

            return Checks(clock, manifest, _job.Staged, "as it was spooled for pg_restore --jobs", $"pg_restore --exit-on-error --jobs={_job.Jobs.ToString(CultureInfo.InvariantCulture)} restored every archive entry and exited 0.");
        }
        finally
        {
            TempFiles.Discard(output, spool);
        }
    }

    private static OpsException SpoolNotWritable(string folder, Exception ex) => new(
        ErrorIds.RestoreTargetNotWritable,
        ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
        folder,
        $"Cannot write the archive's spool file for -Jobs in '{folder}' ({ex.Message}). It needs room for the uncompressed archive: free space or name another folder with -StagingPath. The target was not touched.",
        ex);

    private static RecoveryCheck[] Checks(Stopwatch clock, BackupManifest manifest, StagedArtifact? staged, string how, string integrity) =>
    [
        new RecoveryCheck
        {
            Name = "Checksum",
            Passed = true,
            Duration = clock.Elapsed,
            Detail = StagedArtifact.ChecksumDetail(staged, manifest, how),
        },
        new RecoveryCheck
        {
            Name = "Integrity",
            Passed = true,
            Duration = clock.Elapsed,
            Detail = integrity,
        },
    ];

    /// <summary>Copies the archive into the child's stdin; a child that stops reading early is not an error here (its exit code decides).</summary>
    private async Task<Exception?> FeedAsync(Stream content, ChildProcess child, long total, string? pausePoint, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(
                () =>
                {
                    try
                    {
                        StreamCopy.Copy(content, child.StandardInput, total, new StreamCopy.Step(Activity, $"Restoring into '{_target}'", pausePoint), _observer, cancellationToken);
                    }
                    finally
                    {
                        try
                        {
                            child.StandardInput.Close();
                        }
                        catch (IOException)
                        {
                            // The child already closed its end.
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (IOException ex)
        {
            // Broken pipe (the child exited or stopped reading) or an undecodable artifact: the hash and the exit code tell which.
            return ex;
        }
        catch (InvalidDataException ex)
        {
            return ex;
        }
        catch (ZstdSharp.ZstdException ex)
        {
            return ex;
        }
    }

    private async Task<Dictionary<string, long>> CheckCountsAsync(string sibling, BackupManifest manifest, string artifact, CancellationToken cancellationToken)
    {
        PgRowCounts counted;
        await using (NpgsqlConnection restored = await _engine.Connection.WithDatabase(sibling).OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            counted = await PgCatalog.CountRestoredRowsAsync(restored, cancellationToken).ConfigureAwait(false);
        }

        Dictionary<string, long> counts = PgCatalog.AlignToManifest(counted.Counts, manifest.Tables);
        HashSet<string> hidden = [.. PgCatalog.AlignToManifest(counted.Hidden.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal), manifest.Tables).Keys];
        var differences = manifest.Tables.Keys.Union(counts.Keys, StringComparer.Ordinal)
            .Where(t => !hidden.Contains(t))
            .Where(t => !manifest.Tables.TryGetValue(t, out long want) || !counts.TryGetValue(t, out long have) || want != have)
            .Select(t => string.Format(
                CultureInfo.InvariantCulture,
                "{0}: manifest {1}, restored {2}",
                t,
                manifest.Tables.TryGetValue(t, out long m) ? m.ToString(CultureInfo.InvariantCulture) : "none",
                counts.TryGetValue(t, out long c) ? c.ToString(CultureInfo.InvariantCulture) : "none"))
            .ToList();
        if (differences.Count > 0)
        {
            throw new OpsException(
                ErrorIds.RowCountMismatch,
                OpsErrorCategory.InvalidData,
                artifact,
                $"The database restored from '{artifact}' does not match its manifest ({string.Join("; ", differences)}). The target was not touched.");
        }

        if (counted.HiddenReason is string reason)
        {
            // Not a mismatch: the rows may all be there, but this login cannot see them to prove it.
            throw new OpsException(
                ErrorIds.InsufficientPrivilege,
                OpsErrorCategory.PermissionDenied,
                _engine.Display,
                $"The row counts of the database restored from '{artifact}' could not all be checked: {reason}. Restore as the tables' owner, as a superuser or a role with BYPASSRLS (ALTER ROLE {PgCatalog.Quote(counted.Login)} BYPASSRLS, run by a superuser), or with -NoOwner (the restoring login then owns the tables, and the count sets FORCE ROW LEVEL SECURITY aside in a transaction it rolls back). The other {counts.Count} table(s) match the manifest. The target was not touched.");
        }

        _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "pg_restore exited 0 and the row counts of {0} tables match the manifest.", counts.Count));
        return counts;
    }

    private async Task ApplyPropertiesAsync(NpgsqlConnection admin, PgArchiveScript script, string sibling, CancellationToken cancellationToken)
    {
        var statements = new List<string>();
        if (!_job.NoOwner && script.OwnerSql is not null)
        {
            statements.Add(script.OwnerSql);
        }

        statements.AddRange(script.PropertiesSql);
        if (!_job.NoOwner)
        {
            statements.AddRange(script.AclSql);
        }

        foreach (string statement in statements)
        {
            await PgCatalog.ExecuteAsync(admin, script.For(statement, sibling), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Swaps the verified sibling in; returns whether a database was replaced and the name it was kept under.</summary>
    private async Task<(bool Replaced, string? Previous)> SwapAsync(NpgsqlConnection admin, PgArchiveScript script, string sibling, CancellationToken cancellationToken)
    {
        string comment = script.CommentSql is null
            ? "COMMENT ON DATABASE " + PgCatalog.Quote(_target) + " IS NULL"
            : script.For(script.CommentSql, _target);
        List<string> exists = await PgCatalog.StringsAsync(admin, "SELECT datallowconn::text FROM pg_database WHERE datname = $1", cancellationToken, _target).ConfigureAwait(false);
        if (exists.Count == 0)
        {
            await InTransactionAsync(admin, ["ALTER DATABASE " + PgCatalog.Quote(sibling) + " RENAME TO " + PgCatalog.Quote(_target), comment], cancellationToken).ConfigureAwait(false);
            return (false, null);
        }

        bool allowed = exists[0] == "true";
        // Two -KeepPrevious restores within one second would pick one name: the second takes the next free one.
        DateTime stamp = DateTime.UtcNow;
        string previous = SiblingName(_target, "previous", stamp);
        for (int serial = 2; (await PgCatalog.StringsAsync(admin, "SELECT datname FROM pg_database WHERE datname = $1", cancellationToken, previous).ConfigureAwait(false)).Count > 0; serial++)
        {
            previous = SiblingName(_target, "previous", stamp, serial);
        }

        string current = _target;
        bool dropped = false;
        if (allowed)
        {
            // Marked first: a run killed between closing the target and the rename (kill -9, a lost admin connection) skips
            // the finally below, and the next restore into the target, finding this mark, opens it again.
            await PgCatalog.ExecuteAsync(admin, "COMMENT ON DATABASE " + PgCatalog.Quote(sibling) + " IS " + PgCatalog.Literal(ClosingMarker + _target), cancellationToken).ConfigureAwait(false);
        }

        await PgCatalog.ExecuteAsync(admin, "ALTER DATABASE " + PgCatalog.Quote(_target) + " ALLOW_CONNECTIONS false", cancellationToken).ConfigureAwait(false);
        TestHook.Pause("pg-restore-target-closed", cancellationToken);
        try
        {
            await EmptyTargetAsync(admin, cancellationToken).ConfigureAwait(false);
            await InTransactionAsync(
                admin,
                [
                    "ALTER DATABASE " + PgCatalog.Quote(_target) + " RENAME TO " + PgCatalog.Quote(previous),
                    "ALTER DATABASE " + PgCatalog.Quote(sibling) + " RENAME TO " + PgCatalog.Quote(_target),
                    comment,
                ],
                cancellationToken).ConfigureAwait(false);
            current = previous;
            if (!_job.KeepPrevious)
            {
                await PgCatalog.ExecuteAsync(admin, "DROP DATABASE " + PgCatalog.Quote(previous), CancellationToken.None).ConfigureAwait(false);
                dropped = true;
            }
        }
        finally
        {
            if (!dropped && allowed)
            {
                await PgCatalog.ExecuteAsync(admin, "ALTER DATABASE " + PgCatalog.Quote(current) + " ALLOW_CONNECTIONS true", CancellationToken.None).ConfigureAwait(false);
            }
        }

        return (true, _job.KeepPrevious ? previous : null);
    }

    /// <summary>Sessions on the old target block the rename: refuse, or with -TerminateSessions end them.</summary>
    private async Task EmptyTargetAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        const string Sessions = "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()";
        long count = await PgCatalog.ScalarAsync<long>(admin, Sessions, cancellationToken, _target).ConfigureAwait(false);
        if (count == 0)
        {
            return;
        }

        if (!_job.TerminateSessions)
        {
            throw new OpsException(
                ErrorIds.RestoreTargetInUse,
                OpsErrorCategory.ResourceBusy,
                _engine.Display,
                string.Format(CultureInfo.InvariantCulture, "{0} other session(s) are connected to '{1}', so it cannot be swapped. Stop the applications that use it, or add -TerminateSessions to end those sessions. The target was not touched.", count, _target));
        }

        _observer.Warning(string.Format(CultureInfo.InvariantCulture, "Terminating {0} session(s) connected to '{1}' (-TerminateSessions).", count, _target));
        await PgCatalog.ExecuteAsync(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", cancellationToken, _target).ConfigureAwait(false);
        var deadline = Stopwatch.StartNew();
        while (await PgCatalog.ScalarAsync<long>(admin, Sessions, cancellationToken, _target).ConfigureAwait(false) > 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new OpsException(ErrorIds.RestoreTargetInUse, OpsErrorCategory.ResourceBusy, _engine.Display, $"Sessions on '{_target}' did not end within 10 s of being terminated. The target was not touched.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InTransactionAsync(NpgsqlConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (string statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DropQuietlyAsync(string sibling)
    {
        try
        {
            await using NpgsqlConnection admin = await _admin.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await PgCatalog.ExecuteAsync(admin, "DROP DATABASE IF EXISTS " + PgCatalog.Quote(sibling) + " WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or OpsException)
        {
            _observer.Warning($"Could not drop the unfinished restore database '{sibling}' ({Redaction.Redact(ex.Message)}); the next restore into '{_target}' drops it.");
        }
    }
}
