using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Compression;
using SQLitePCL;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// Consistent online backups of SQLite files. The source is opened read-only (and told never to checkpoint on
/// close), so the backup never changes it. SQLite's online backup API copies one snapshot, read under a single
/// read transaction and in steps (for progress and Ctrl+C), into a staging file; while it copies, a second
/// thread compresses the pages already on disk behind it (pages after the first, which SQLite writes last). Then
/// the staged copy is checked (PRAGMA quick_check) and its rows counted while the compression finishes, and the
/// artifact is written as the first page's frame followed by the rest. What a writer experiences depends on the
/// journal mode:
/// <list type="bullet">
/// <item>WAL: other connections keep committing the whole time (their commits land in the WAL and are not in
/// this backup).</item>
/// <item>Rollback journal: the read transaction holds a shared lock, so writers wait, up to their busy timeout,
/// for the copy only, never for the check or the compression.</item>
/// </list>
/// The bundled SQLite has no <c>sqlite_dbpage</c>, so pages cannot be read straight from the snapshot; the staging
/// copy is what keeps the lock short.
/// </summary>
internal sealed partial class SqliteBackupEngine
{
    internal const string EngineName = "sqlite";
    private const string Activity = "Backup-Database";
    private const int PagesPerStep = 2048;
    private const int NoCheckpointOnClose = 1010; // SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE

    private readonly IOperationObserver _observer;

    internal SqliteBackupEngine(IOperationObserver observer) => _observer = observer;

    internal Task<BackupInfo> BackupAsync(BackupRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => Backup(request, cancellationToken), cancellationToken);

    internal BackupInfo Backup(BackupRequest request, CancellationToken cancellationToken)
    {
        string source = Path.GetFullPath(request.Source);
        EnsureReadableDatabase(source);
        Storage.BackupStores.Prepare(request.Store, _observer);
        string staging = PrepareStaging(request);

        var stopwatch = Stopwatch.StartNew();
        string database = Path.GetFileNameWithoutExtension(source);
        var where = new WriteLocation(staging);
        try
        {
            using SqliteConnection connection = OpenSource(source, request.BusyTimeout);
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
                "Backing up '{0}' (journal mode {1}, SQLite {2}) through a staging copy in '{3}'; {4}.",
                source,
                journalMode,
                manifest.EngineVersion,
                staging,
                journalMode == "wal" ? "writers keep committing during the copy" : "writers wait until the copy (not the check or the compression) is done"));
            return CopyCheckCompress(connection, journalMode, request, staging, manifest, stopwatch, where, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            throw Locked(source, request, ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFile.DiskFull || IsWriteError(ex))
        {
            throw WriteFailed(request, source, where.Folder, ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 14 && IsWalOnReadOnlyLocation(source))
        {
            throw new OpsException(
                ErrorIds.SourceNotReadable,
                OpsErrorCategory.PermissionDenied,
                source,
                $"'{source}' is a WAL-mode database on a read-only location, and {MissingWalFiles(source)}: SQLite cannot read a WAL database without creating them. Back it up where its folder is writable, or switch it to rollback-journal mode (PRAGMA journal_mode=DELETE) before making the location read-only.",
                ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 8 && HasHotJournal(source))
        {
            throw new OpsException(
                ErrorIds.SourceNotReadable,
                OpsErrorCategory.ResourceUnavailable,
                source,
                $"'{source}' has a hot journal ('{source}-journal'): a writer died in the middle of a transaction, and SQLite must roll it back before anyone reads the database, which a backup (it only reads) cannot do. The application's next write-enabled open rolls it back; or, as the file's owner, run: sqlite3 '{source}' 'PRAGMA quick_check'. Then back it up again.",
                ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 14 or 8 or 23)
        {
            throw new OpsException(
                ErrorIds.SourceNotReadable,
                OpsErrorCategory.PermissionDenied,
                source,
                $"SQLite cannot open '{source}' for reading ({ex.Message}). Check that this account may read the file and its folder (and, for a WAL database, its -wal and -shm files).",
                ex);
        }
        catch (SqliteException ex)
        {
            throw SqliteFile.Translate(ex, source, "backing up");
        }
        catch (IOException ex)
        {
            throw WriteFailed(request, source, where.Folder, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw WriteFailed(request, source, where.Folder, ex);
        }
        finally
        {
            _observer.ProgressCompleted(Activity);
        }
    }

    /// <summary>
    /// True when a rollback journal beside the database is hot (a writer died mid-transaction): it exists and its header is
    /// not zeroed, so SQLite must roll it back before the database can be read.
    /// </summary>
    private static bool HasHotJournal(string source)
    {
        try
        {
            using var journal = new FileStream(source + "-journal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[8];
            return journal.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.IndexOfAnyExcept((byte)0) >= 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SourceNotFound, NotASqliteDatabase or SourceNotReadable unless the source is a SQLite file this account can read.</summary>
    private static void EnsureReadableDatabase(string source)
    {
        try
        {
            SqliteFile.EnsureDatabase(source);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new OpsException(
                ErrorIds.SourceNotReadable,
                OpsErrorCategory.PermissionDenied,
                source,
                $"This account may not read '{source}' ({ex.Message}). Run the backup as the database's owner, or grant read access to the file and its folder.",
                ex);
        }
        catch (IOException ex)
        {
            throw new OpsException(
                ErrorIds.SourceNotReadable,
                OpsErrorCategory.ResourceUnavailable,
                source,
                $"Reading '{source}' failed: {ex.Message}",
                ex);
        }
    }

    /// <summary>The staging folder, created if missing, with the files of dead runs removed.</summary>
    private string PrepareStaging(BackupRequest request)
    {
        string staging = Path.GetFullPath(request.StagingFolder ?? request.Store.StagingFolder);
        try
        {
            Directory.CreateDirectory(staging);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.DestinationNotWritable,
                OpsErrorCategory.PermissionDenied,
                staging,
                $"Cannot create the staging folder '{staging}': {Messages.Sentence(ex.Message)} Check the path given to -StagingPath and that this account may write there.",
                ex);
        }

        int removed = TempFiles.RemoveAbandoned(staging, BackupNaming.IsBackupInFlight);
        if (removed > 0)
        {
            _observer.Verbose($"Removed {removed} file(s) left in '{staging}' by backups that were killed.");
        }

        // Encrypted backups (and those to S3) stage in the temp folder: a killed one left the database unencrypted there, which
        // any next backup removes, whatever its own staging folder (helper-122: only the next encrypted one did).
        string temp = Path.GetFullPath(Path.GetTempPath());
        if (!string.Equals(temp.TrimEnd(Path.DirectorySeparatorChar), staging.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            // Only staging copies (held with an exclusive lock while their backup lives): a restore test's fetched copy there
            // is locked only while it is fetched (helper-123).
            int fromTemp = TempFiles.RemoveAbandoned(temp, name => BackupNaming.IsBackupInFlight(name)
                && (name.Contains(BackupNaming.SnapshotSuffix + TempFiles.Marker, StringComparison.Ordinal) || name.Contains(BackupNaming.TailSuffix + TempFiles.Marker, StringComparison.Ordinal)));
            if (fromTemp > 0)
            {
                _observer.Verbose($"Removed {fromTemp} file(s) left in '{temp}' by backups that were killed.");
            }
        }

        return staging;
    }

    /// <summary>Which of a WAL database's -wal and -shm files are missing, in words (helper-106: the -wal may be there).</summary>
    private static string MissingWalFiles(string source)
    {
        bool wal = File.Exists(source + "-wal");
        bool shm = File.Exists(source + "-shm");
        return (wal, shm) switch
        {
            (true, false) => "its '-shm' file does not exist (its '-wal' does)",
            (false, true) => "its '-wal' file does not exist (its '-shm' does)",
            _ => "its '-wal' and '-shm' files do not exist",
        };
    }

    private static SqliteConnection OpenSource(string path, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();

        // Read-only already keeps SQLite from checkpointing (and deleting the -wal) when the connection closes;
        // say so explicitly too. SQLite's own busy handler makes the online backup API wait for a writer's lock.
        _ = raw.sqlite3_db_config(connection.Handle, NoCheckpointOnClose, 1, out _);
        SqliteFile.Execute(connection, "PRAGMA busy_timeout = " + ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        return connection;
    }

    private BackupInfo CopyCheckCompress(SqliteConnection connection, string journalMode, BackupRequest request, string stagingFolder, BackupManifest manifest, Stopwatch stopwatch, WriteLocation where, CancellationToken cancellationToken)
    {
        string stem = Path.Combine(stagingFolder, BackupNaming.Shorten(manifest.Database));
        FileStream? snapshot = null;
        FileStream? tail = null;
        string? snapshotPath = null;
        string? tailPath = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var frontier = new CopyFrontier();
        Task? compressing = null;
        try
        {
            // Both staging files are created 0600 and stay locked while this run lives (see TempFiles.CreateOwned).
            snapshot = TempFiles.CreateOwned(stem + BackupNaming.SnapshotSuffix, out snapshotPath, bufferSize: 0, openedByAnother: true);
            bool streaming = request.Compression != BackupCompression.None;
            if (streaming)
            {
                tail = TempFiles.CreateOwned(stem + BackupNaming.TailSuffix, out tailPath);
                FileStream tailStream = tail;
                SafeFileHandle snapshotHandle = snapshot.SafeFileHandle;
                compressing = Task.Run(
                    () =>
                    {
                        try
                        {
                            CompressBehind(snapshotHandle, tailStream, frontier, request, stop.Token);
                        }
                        catch
                        {
                            // Stop the copy too: the compression's failure (a full disk) is the one to report.
                            stop.Cancel();
                            throw;
                        }
                    },
                    CancellationToken.None);
            }

            int pageSize;
            long pageCount;
            using (SqliteConnection copy = SqliteFile.Open(snapshotPath, SqliteOpenMode.ReadWrite))
            {
                // The staging copy is scratch: the artifact made from it is what gets flushed to disk.
                SqliteFile.Execute(copy, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
                try
                {
                    manifest.Created = CopySnapshot(connection, copy, frontier, stop.Token);
                }
                catch
                {
                    frontier.Abandon();
                    throw;
                }

                pageSize = SqliteFile.Scalar<int>(copy, "PRAGMA page_size");
                pageCount = SqliteFile.Scalar<long>(copy, "PRAGMA page_count");
                frontier.Finish(pageSize, (long)pageSize * pageCount);
                Describe(manifest, pageSize, pageCount, journalMode);
                _observer.Verbose($"Copied a consistent snapshot ({manifest.DatabaseSize:N0} bytes); checking it (PRAGMA quick_check) and counting rows while the compression finishes, with no lock held.");

                var check = Stopwatch.StartNew();
                CheckIntegrity(copy, manifest.Source, stop.Token);
                manifest.Details!["quickCheckSeconds"] = check.Elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                manifest.Tables = CountRows(copy, manifest.Source);
            }

            compressing?.GetAwaiter().GetResult();

            where.Folder = request.Store.Location;
            string name = BackupNaming.ArtifactName(manifest.Database, manifest.Created, ".db" + Codec.Extension(request.Compression));
            using var sink = new ArtifactSink(request.Store, name, request.Compression, request.CompressionLevel);
            var step = new StreamCopy.Step(Activity, "Writing the backup", null);
            if (streaming)
            {
                // The first page, final only once the copy committed, then the pages behind it, already compressed.
                CopyRange(snapshot.SafeFileHandle, 0, pageSize, sink.Input, step, stop.Token);
                tail!.Flush();
                tail.Position = 0;
                sink.AppendCompressed(tail, step, _observer, stop.Token);
            }
            else
            {
                CopyRange(snapshot.SafeFileHandle, 0, RandomAccess.GetLength(snapshot.SafeFileHandle), sink.Input, new StreamCopy.Step(Activity, "Compressing the snapshot", "backup-streaming"), stop.Token);
            }

            manifest.DurationSeconds = stopwatch.Elapsed.TotalSeconds;
            BackupInfo info = sink.Complete(manifest, _observer, cancellationToken);
            info.Duration = stopwatch.Elapsed;
            return info;
        }
        catch
        {
            stop.Cancel();
            frontier.Abandon();
            WaitQuietly(compressing);
            if (!cancellationToken.IsCancellationRequested && compressing?.Exception?.InnerException is { } failure and not OperationCanceledException)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }
        finally
        {
            TempFiles.Discard(tail, tailPath);
            TempFiles.Discard(snapshot, snapshotPath);
            if (snapshotPath is not null)
            {
                SqliteFile.TryDeleteWithSidecars(snapshotPath);
            }
        }
    }

    /// <summary>
    /// Copies one snapshot of <paramref name="source"/> into <paramref name="copy"/> with SQLite's online backup,
    /// in steps so that progress shows and Ctrl+C is honoured. The source's read transaction stays open across
    /// the steps, so every step reads the same snapshot and other connections' commits never restart the copy.
    /// After each step the copied pages are written out (sqlite3_db_cacheflush) and the frontier moves, so the
    /// compression can follow. Returns when the snapshot was taken (UTC).
    /// </summary>
    private DateTime CopySnapshot(SqliteConnection source, SqliteConnection copy, CopyFrontier frontier, CancellationToken cancellationToken)
    {
        SqliteFile.Execute(source, "BEGIN");
        try
        {
            SqliteFile.Scalar<long>(source, "SELECT count(*) FROM sqlite_schema");
            int pageSize = SqliteFile.Scalar<int>(source, "PRAGMA page_size");
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
                    if (rc == raw.SQLITE_OK)
                    {
                        int flushed = CacheFlush(copy.Handle!.DangerousGetHandle());
                        if (flushed != raw.SQLITE_OK)
                        {
                            SqliteException.ThrowExceptionForRC(flushed, copy.Handle);
                        }

                        frontier.Advance(pageSize, done * pageSize);
                    }

                    // One status for the whole phase: the time remaining is estimated per phase (per status).
                    _observer.Progress(Activity, "Copying a consistent snapshot (pages)", done, total);
                    TestHook.Pause("backup-copying", cancellationToken);
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

    /// <summary>
    /// Compresses the staging copy from its second page on, following the copy's frontier, into the tail file.
    /// The first page is left out: SQLite rewrites it when the copy commits.
    /// </summary>
    private void CompressBehind(SafeFileHandle snapshot, FileStream tail, CopyFrontier frontier, BackupRequest request, CancellationToken cancellationToken)
    {
        using Stream codec = Codec.Compress(tail, request.Compression, request.CompressionLevel);
        var buffer = new byte[1 << 20];
        long position = -1;
        while (true)
        {
            (long final, bool done, int pageSize) = frontier.WaitBeyond(Math.Max(position, 0), cancellationToken);
            if (position < 0)
            {
                position = pageSize;
            }

            bool endOfFile = false;
            while (position < final)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = RandomAccess.Read(snapshot, buffer.AsSpan(0, (int)Math.Min(buffer.Length, final - position)), position);
                if (read == 0)
                {
                    // A page SQLite never writes (the lock-byte page at 1 GiB) has not been passed yet.
                    endOfFile = true;
                    break;
                }

                codec.Write(buffer, 0, read);
                position += read;
                if (done)
                {
                    _observer.Progress(Activity, "Compressing the snapshot", position, final);
                }

                TestHook.Pause("backup-streaming", cancellationToken);
            }

            if (done && (position >= final || endOfFile))
            {
                break;
            }
        }
    }

    private void CopyRange(SafeFileHandle file, long from, long to, Stream destination, StreamCopy.Step step, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(1 << 20, Math.Max(to - from, 1))];
        long position = from;
        while (position < to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, to - position)), position);
            if (read == 0)
            {
                break;
            }

            destination.Write(buffer, 0, read);
            position += read;
            _observer.Progress(step.Activity, step.Status, position, to);
            if (step.PausePoint is not null)
            {
                TestHook.Pause(step.PausePoint, cancellationToken);
            }
        }
    }

    /// <summary>PRAGMA quick_check of the staged copy (page structure, record formats, NOT NULL and CHECK constraints; not index contents). Ctrl+C interrupts it.</summary>
    private static void CheckIntegrity(SqliteConnection copy, string source, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        using (cancellationToken.Register(() => raw.sqlite3_interrupt(copy.Handle)))
        {
            try
            {
                using var command = copy.CreateCommand();
                command.CommandText = "PRAGMA quick_check(20)";
                command.CommandTimeout = 0;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    problems.Add(reader.GetString(0));
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 9)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
            {
                throw IntegrityFailed(source, ex.Message, ex);
            }
        }

        if (!SqliteFts.IsSound(copy, problems))
        {
            throw IntegrityFailed(source, string.Join("; ", problems), null);
        }
    }

    private static Dictionary<string, long> CountRows(SqliteConnection copy, string source)
    {
        try
        {
            return SqliteFile.CountRows(copy);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            throw IntegrityFailed(source, ex.Message, ex);
        }
    }

    private static OpsException IntegrityFailed(string source, string problems, Exception? inner) => new(
        ErrorIds.SourceIntegrityFailed,
        OpsErrorCategory.InvalidData,
        source,
        $"The snapshot of '{source}' failed SQLite's quick_check: {problems}. The database is damaged, so no backup was written (a backup of it would not restore). Keep the backups you have; repair the database (for example sqlite3 '.recover') or restore it from a good backup.",
        inner);

    private static OpsException Locked(string source, BackupRequest request, SqliteException ex)
    {
        string seconds = request.BusyTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        string advice = SqliteFile.IsWalHeader(source)
            ? "In WAL mode readers wait only for a connection that holds the database exclusively (locking_mode=EXCLUSIVE, or a WAL recovery after a crash). Retry when it is done, or raise -BusyTimeout."
            : "In rollback-journal mode a writer that is committing blocks readers: retry when it is done, raise -BusyTimeout, or switch the database to WAL mode so that the backup never waits for writers.";
        return new OpsException(
            ErrorIds.DatabaseLocked,
            OpsErrorCategory.ResourceBusy,
            source,
            $"'{source}' stayed locked by another connection for more than {seconds} s (-BusyTimeout) while backing up. {advice}",
            ex);
    }

    private static bool IsWriteError(SqliteException ex) => ex.SqliteErrorCode == 10 && ex.SqliteExtendedErrorCode is 778 or 1034 or 1546 or 3338;


    private static bool IsWalOnReadOnlyLocation(string source) => SqliteFile.IsWalHeader(source) && !File.Exists(source + "-shm");

    /// <summary>A write failure, saying which folder and why: a full disk, missing permission, or another I/O error.</summary>
    private static OpsException WriteFailed(BackupRequest request, string source, string folder, Exception ex)
    {
        if (IsDiskFull(ex))
        {
            return new OpsException(
                ErrorIds.DestinationNotWritable,
                OpsErrorCategory.WriteError,
                folder,
                request.StagingFolder is null
                    ? $"Writing the backup of '{source}' failed: '{folder}' is full ({ex.Message}). A backup needs free space for a copy of the database in the staging folder (the destination; the temp folder for an encrypted backup or one to S3; unless -StagingPath names another) plus about twice the compressed size. Nothing that counts as a backup was left behind; free space or give -StagingPath a local folder with room, then retry."
                    : string.Equals(Path.GetFullPath(request.StagingFolder), Path.GetFullPath(folder), StringComparison.Ordinal)
                        ? $"Writing the backup of '{source}' failed: the staging folder '{folder}' (-StagingPath) is full ({ex.Message}). It needs free space for a copy of the database plus its compressed size. Nothing that counts as a backup was left behind; free space there, or give -StagingPath a folder with more room, then retry."
                        : $"Writing the backup of '{source}' failed: the destination '{folder}' is full ({ex.Message}). It needs free space for about twice the compressed backup (the copy of the database is staged in '{request.StagingFolder}'). Nothing that counts as a backup was left behind; free space in '{folder}', then retry.",
                ex);
        }

        bool denied = ex is UnauthorizedAccessException || (ex is IOException && ex.HResult is 13 or 30);
        return new OpsException(
            ErrorIds.DestinationNotWritable,
            denied ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
            folder,
            denied
                ? $"Writing the backup of '{source}' to '{folder}' was refused: {Messages.Sentence(ex.Message)} Check that this account may create files there (and that it is not a read-only mount)."
                : $"Writing the backup of '{source}' to '{folder}' failed: {Messages.Sentence(ex.Message)} Nothing that counts as a backup was left behind.",
            ex);
    }

    private static bool IsDiskFull(Exception ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFile.DiskFull,
        IOException io => io.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027),
        _ => false,
    };

    private static void WaitQuietly(Task? task)
    {
        try
        {
            task?.Wait();
        }
        catch (AggregateException)
        {
            // The compression stopped because the copy failed; the copy's error is the one reported.
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
            ["integrityCheck"] = "quick_check",
        };
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_db_cacheflush")]
    private static partial int CacheFlush(IntPtr database);

    /// <summary>Which folder is being written, for the error message.</summary>
    private sealed class WriteLocation
    {
        internal WriteLocation(string folder) => Folder = folder;

        internal string Folder { get; set; }
    }

    /// <summary>How far the staging copy is final on disk: the hand-off from the copy to the compression.</summary>
    private sealed class CopyFrontier
    {
        private readonly object _gate = new();
        private long _final;
        private int _pageSize;
        private bool _done;
        private bool _abandoned;

        internal void Advance(int pageSize, long finalBytes)
        {
            lock (_gate)
            {
                _pageSize = pageSize;
                _final = finalBytes;
                Monitor.PulseAll(_gate);
            }
        }

        internal void Finish(int pageSize, long totalBytes)
        {
            lock (_gate)
            {
                _pageSize = pageSize;
                _final = totalBytes;
                _done = true;
                Monitor.PulseAll(_gate);
            }
        }

        internal void Abandon()
        {
            lock (_gate)
            {
                _abandoned = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Waits until more than <paramref name="position"/> bytes are final, or the copy is done.</summary>
        internal (long Final, bool Done, int PageSize) WaitBeyond(long position, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                while (!_abandoned && !_done && (_pageSize == 0 || _final <= position))
                {
                    Monitor.Wait(_gate, 100);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (_abandoned)
                {
                    throw new OperationCanceledException("The copy failed.");
                }

                return (_final, _done, _pageSize);
            }
        }
    }
}
