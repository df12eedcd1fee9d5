using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using SQLitePCL;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// Consistent online backups of SQLite files. SQLite's online backup API copies one snapshot of the database,
/// read under a single read transaction and in steps (for progress and Ctrl+C), into a staging file beside the
/// artifact; compression and hashing then run from that file with no lock held. What a writer experiences
/// depends on the journal mode:
/// <list type="bullet">
/// <item>WAL: other connections keep committing the whole time (their commits land in the WAL and are not in
/// this backup).</item>
/// <item>Rollback journal: the read transaction holds a shared lock, so writers wait, up to their busy timeout,
/// for the copy only (about 1.3 s for 600 MB here), never for the compression.</item>
/// </list>
/// The bundled SQLite has no <c>sqlite_dbpage</c>, so pages cannot be streamed straight from a snapshot into
/// compression; the staging copy is what keeps the lock short.
/// </summary>
internal sealed class SqliteBackupEngine
{
    internal const string EngineName = "sqlite";
    private const string Activity = "Backup-Database";

    private readonly IOperationObserver _observer;

    internal SqliteBackupEngine(IOperationObserver observer) => _observer = observer;

    internal BackupInfo Backup(BackupRequest request, CancellationToken cancellationToken)
    {
        string source = Path.GetFullPath(request.Source);
        SqliteFile.EnsureDatabase(source);
        request.Store.EnsureWritable();

        var stopwatch = Stopwatch.StartNew();
        string database = Path.GetFileNameWithoutExtension(source);
        try
        {
            using SqliteConnection connection = SqliteFile.Open(source, SqliteOpenMode.ReadWrite);
            string journalMode = SqliteFile.JournalMode(connection);
            var manifest = new BackupManifest
            {
                Engine = EngineName,
                Database = database,
                Source = source,
                ModuleVersion = ModuleInfo.Version,
                EngineVersion = SqliteFile.Version(connection),
                Compression = request.Compression,
                Host = Environment.MachineName,
            };

            _observer.Verbose(string.Format(
                CultureInfo.InvariantCulture,
                "Backing up '{0}' (journal mode {1}, SQLite {2}); {3}.",
                source,
                journalMode,
                manifest.EngineVersion,
                journalMode == "wal" ? "writers keep committing during the copy" : "writers wait until the copy (not the compression) is done"));
            return CopyThenCompress(connection, journalMode, request, manifest, stopwatch, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFile.DiskFull)
        {
            throw WriteFailed(request, source, ex);
        }
        catch (SqliteException ex)
        {
            throw SqliteFile.Translate(ex, source, "backing up");
        }
        catch (IOException ex)
        {
            throw WriteFailed(request, source, ex);
        }
        finally
        {
            _observer.ProgressCompleted(Activity);
        }
    }

    private BackupInfo CopyThenCompress(SqliteConnection connection, string journalMode, BackupRequest request, BackupManifest manifest, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        string staging = TempFiles.NameFor(Path.Combine(request.Store.StagingFolder, manifest.Database + ".snapshot"));
        try
        {
            using (SqliteConnection copy = SqliteFile.Open(staging, SqliteOpenMode.ReadWriteCreate))
            {
                // The staging copy is scratch: the artifact made from it is what gets flushed to disk. Without
                // these, SQLite would fsync the whole copy (hundreds of MB of disk writes) before compression.
                SqliteFile.Execute(copy, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
                manifest.Created = CopySnapshot(connection, copy, cancellationToken);
                int pageSize = SqliteFile.Scalar<int>(copy, "PRAGMA page_size");
                long pageCount = SqliteFile.Scalar<long>(copy, "PRAGMA page_count");
                manifest.Tables = SqliteFile.CountRows(copy);
                Describe(manifest, pageSize, pageCount, journalMode);
            }

            _observer.Verbose($"Copied a consistent snapshot ({manifest.DatabaseSize:N0} bytes); compressing it with no lock held.");

            string name = ArtifactName(manifest, request);
            using var sink = new ArtifactSink(request.Store, name, request.Compression, request.CompressionLevel);
            using (var input = new FileStream(staging, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
            {
                StreamCopy.Copy(input, sink.Input, input.Length, new StreamCopy.Step(Activity, "Compressing the snapshot", "backup-streaming"), _observer, cancellationToken);
            }

            manifest.DurationSeconds = stopwatch.Elapsed.TotalSeconds;
            BackupInfo info = sink.Complete(manifest, _observer, cancellationToken);
            info.Duration = stopwatch.Elapsed;
            return info;
        }
        finally
        {
            SqliteFile.TryDeleteWithSidecars(staging);
        }
    }

    private static OpsException WriteFailed(BackupRequest request, string source, Exception ex) => new(
        ErrorIds.DestinationNotWritable,
        OpsErrorCategory.WriteError,
        request.Store.Location,
        $"Writing the backup of '{source}' to '{request.Store.Location}' failed: {ex.Message} Nothing that counts as a backup was left behind; check free space and permissions, then retry.",
        ex);

    /// <summary>
    /// Copies one snapshot of <paramref name="source"/> into <paramref name="copy"/> with SQLite's online backup,
    /// in steps so that progress shows and Ctrl+C is honoured. The source's read transaction stays open across
    /// the steps, so every step reads the same snapshot and other connections' commits never restart the copy.
    /// Returns when the snapshot was taken (UTC).
    /// </summary>
    private DateTime CopySnapshot(SqliteConnection source, SqliteConnection copy, CancellationToken cancellationToken)
    {
        const int PagesPerStep = 4096;
        SqliteFile.Execute(source, "BEGIN");
        try
        {
            SqliteFile.Scalar<long>(source, "SELECT count(*) FROM sqlite_schema");
            DateTime taken = DateTime.UtcNow;
            sqlite3_backup backup = raw.sqlite3_backup_init(copy.Handle, "main", source.Handle, "main");
            if (backup is null || backup.IsInvalid)
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_errcode(copy.Handle), copy.Handle);
            }

            using (backup)
            {
                int rc;
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rc = raw.sqlite3_backup_step(backup, PagesPerStep);
                    long total = raw.sqlite3_backup_pagecount(backup);
                    long done = total - raw.sqlite3_backup_remaining(backup);
                    _observer.Progress(Activity, $"Copying a consistent snapshot: page {done:N0} of {total:N0}", done, total);
                }
                while (rc == raw.SQLITE_OK);

                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, copy.Handle);
                }
            }

            return taken;
        }
        finally
        {
            SqliteFile.Execute(source, "ROLLBACK");
        }
    }

    private static void Describe(BackupManifest manifest, int pageSize, long pageCount, string journalMode)
    {
        manifest.DatabaseSize = pageSize * pageCount;
        manifest.Details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["pageCount"] = pageCount.ToString(CultureInfo.InvariantCulture),
            ["journalMode"] = journalMode,
        };
    }

    private static string ArtifactName(BackupManifest manifest, BackupRequest request) =>
        BackupNaming.ArtifactName(manifest.Database, manifest.Created, ".db" + Compression.Codec.Extension(request.Compression));
}
