using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Common;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;
using SQLitePCL;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// Restores a SQLite backup without ever damaging the target. The artifact is decompressed into a copy beside
/// the target while its SHA-256 is computed (one pass); the copy gets a rollback journal, passes PRAGMA
/// quick_check and the manifest's row counts; only then is the target changed. An existing target is overwritten
/// through SQLite itself (its online backup API, as sqlite3's <c>.restore</c> does), so applications holding it
/// open see the new data and keep their commits, and a crash mid-copy rolls back through SQLite's own journal.
/// The backup API gives a rollback-journal target the backup's page size; a WAL target cannot take another, so
/// the copy is rebuilt with the target's and proven to keep every rowid (<see cref="SqliteRowComparison"/>). A
/// target whose text encoding differs from the backup's is refused: connections holding it open could not read
/// it any more. A missing target gets the copy by one durable rename, after stale logs beside it are removed, so
/// they can never be replayed onto the restored file.
/// </summary>
internal sealed class SqliteRestoreEngine
{
    private const string Activity = "Restore-Database";
    private const int PagesPerStep = 1024;
    private const long CheckMmapBytes = 256L << 20;

    private readonly IOperationObserver _observer;

    internal SqliteRestoreEngine(IOperationObserver observer) => _observer = observer;

    /// <summary>True when the target holds data a restore would replace (cmdlets ask before they do).</summary>
    internal static bool TargetHasData(string target)
    {
        var info = new FileInfo(SqliteTarget.FinalTarget(Path.GetFullPath(target)));
        return info.Exists && info.Length > 0 && UnixFile.Stat(info.FullName).Kind == UnixFile.Kind.Regular;
    }

    internal RestoreResult Restore(RestoreRequest request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        StoredBackup backup = request.Backup;
        try
        {
            CheckBackup(backup);
            SqliteTarget target = CheckTarget(request);
            var checks = new List<RecoveryCheck>();
            RemoveAbandonedCopies(target);

            // The copy stays open (and so locked) while this run lives: a later run removes it only if this one died.
            FileStream owned = CreateCopy(target, out string temp);
            FileStream? rebuiltOwned = null;
            string? rebuiltPath = null;
            Task? flush = null;
            try
            {
                checks.Add(DecompressAndHash(backup, request.Staged, owned, target, cancellationToken));
                Dictionary<string, long> counts;
                bool throughSqlite = target.Exists && !target.HeaderDamaged;

                int encoding = SqliteFile.TextEncoding(owned);
                if (throughSqlite)
                {
                    RefuseAnotherEncodingEarly(encoding, target);
                }

                using (SqliteConnection copy = OpenCopy(temp))
                {
                    UseRollbackJournal(copy);
                    if (!throughSqlite && backup.Manifest.Details?.GetValueOrDefault("journalMode") is "wal")
                    {
                        // A new target becomes the database that was backed up, WAL mode included (an existing target keeps its own mode).
                        _observer.Verbose("The backed-up database was in WAL mode: the restored copy is too.");
                        SqliteFile.Execute(copy, "PRAGMA journal_mode = WAL");
                    }

                    if (!throughSqlite)
                    {
                        // The copy becomes the target by rename: flush it to disk while it is checked.
                        flush = Task.Run(() => owned.Flush(flushToDisk: true), CancellationToken.None);
                    }

                    // A staged backup (from S3, or decrypted) is named as it is stored, not by its scratch copy (helper-120).
                    string shown = request.Staged?.StoredPath ?? backup.ArtifactPath;
                    checks.Add(CheckIntegrity(copy, backup, shown, cancellationToken));
                    (counts, RecoveryCheck rowCheck) = CheckRowCounts(copy, backup, shown, cancellationToken);
                    checks.Add(rowCheck);
                    int pageSize = SqliteFile.Scalar<int>(copy, "PRAGMA page_size");
                    if (throughSqlite && target.IsWal && target.PageSize != pageSize)
                    {
                        rebuiltOwned = CreateCopy(target, out string path);
                        rebuiltPath = path;
                    }
                    else if (throughSqlite && target.PageSize > 0 && target.PageSize != pageSize)
                    {
                        _observer.Verbose($"The target's page size is {target.PageSize} bytes and the backup's {pageSize}: the target is in rollback-journal mode, so SQLite's backup gives it the backup's page size.");
                    }

                    using SqliteConnection? rebuilt = rebuiltPath is null ? null : RebuildWithPageSize(copy, rebuiltPath, target, checks, cancellationToken);
                    TestHook.Pause("restore-before-replace", cancellationToken);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (throughSqlite && !CopyIntoTarget(rebuilt ?? copy, encoding, target, request, cancellationToken))
                    {
                        // SQLite cannot open the target after all, and -Force allows replacing it by rename.
                        throughSqlite = false;
                    }
                }

                if (!throughSqlite)
                {
                    if (flush is null)
                    {
                        owned.Flush(flushToDisk: true);
                    }
                    else
                    {
                        flush.GetAwaiter().GetResult();
                    }

                    owned.Dispose();
                    ReplaceByRename(temp, target);
                }

                _observer.Verbose($"Restored '{request.Staged?.StoredPath ?? backup.ArtifactPath}' to '{target.Path}'.");
                return new RestoreResult
                {
                    Backup = backup.ToBackupInfo(),
                    Target = target.Path,
                    Duration = stopwatch.Elapsed,
                    Checks = checks,
                    TableCounts = counts,
                    Replaced = target.HasData,
                };
            }
            finally
            {
                WaitQuietly(flush);
                TempFiles.Discard(owned, null);
                SqliteFile.TryDeleteWithSidecars(temp);
                TempFiles.Discard(rebuiltOwned, null);
                if (rebuiltPath is not null)
                {
                    SqliteFile.TryDeleteWithSidecars(rebuiltPath);
                }
            }
        }
        catch (SqliteException ex)
        {
            // Every step after the copy into the target committed reports through warnings, so this failure came before:
            // the copy into the target either never started or was rolled back (else it is RestoreTargetNotWritable).
            throw new OpsException(
                ErrorIds.OperationFailed,
                OpsErrorCategory.InvalidOperation,
                request.Target,
                $"SQLite failed while restoring '{backup.ArtifactPath}' into '{request.Target}': {ex.Message} The target keeps its old content.",
                ex);
        }
        finally
        {
            _observer.ProgressCompleted(Activity);
        }
    }

    private static void CheckBackup(StoredBackup backup)
    {
        if (!string.Equals(backup.Manifest.Engine, SqliteBackupEngine.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidArgument,
                backup.ArtifactPath,
                $"The backup '{backup.ArtifactPath}' is a {backup.Manifest.Engine} backup; -TargetPath restores SQLite backups only.");
        }
    }

    /// <summary>Everything about the target that can fail is found before the backup is read.</summary>
    private static SqliteTarget CheckTarget(RestoreRequest request)
    {
        SqliteTarget target = SqliteTarget.Inspect(request.Target);
        if (target.NotSqlite)
        {
            throw new OpsException(
                ErrorIds.NotASqliteDatabase,
                OpsErrorCategory.InvalidArgument,
                target.Path,
                $"The restore target '{target.Path}' exists and is not a SQLite database (it does not start with the SQLite header); OpsModule will not overwrite it. Remove it or choose another -TargetPath.");
        }

        if (target.HeaderDamaged && !request.ReplaceDamagedTarget)
        {
            throw DamagedTarget(target.Path, "its header is damaged", null);
        }

        string folder = Path.GetDirectoryName(target.Path)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.RestoreTargetNotWritable,
                ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
                target.Path,
                $"The folder of the restore target, '{folder}', does not exist and cannot be created: {Messages.Sentence(ex.Message)} Nothing was restored.",
                ex);
        }

        return target;
    }

    private static OpsException DamagedTarget(string path, string why, Exception? inner) => new(
        ErrorIds.NotASqliteDatabase,
        OpsErrorCategory.InvalidData,
        path,
        $"The restore target '{path}' is a damaged SQLite database that SQLite cannot open ({why}), so no connection can go through it. " +
        "Stop every application that uses it, then add -Force to replace it by renaming the restored copy over it. The target was not touched.",
        inner);

    /// <summary>Decompresses the artifact beside the target and checks its SHA-256 in the same pass (through <see cref="ArtifactReader"/>).</summary>
    private RecoveryCheck DecompressAndHash(StoredBackup backup, StagedArtifact? staged, FileStream output, SqliteTarget target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IBackupSource source = BackupStores.ForReading(Path.GetDirectoryName(backup.ArtifactPath) ?? ".");
        string artifact = Path.GetFileName(backup.ArtifactPath);

        // A short or long artifact fails before anything is written beside the target.
        long size = ReadBackup(backup.ArtifactPath, () => source.SizeOf(artifact));
        if (size != backup.Manifest.Size)
        {
            throw ArtifactReader.Mismatch(backup.ArtifactPath, backup.Manifest.Sha256, string.Format(CultureInfo.InvariantCulture, "(size {0:N0} bytes, expected {1:N0})", size, backup.Manifest.Size));
        }

        using ArtifactReader reader = ReadBackup(backup.ArtifactPath, () => new ArtifactReader(source, artifact, backup.Manifest));
        Exception? decodeError = null;
        try
        {
            var buffer = new byte[1 << 20];
            while (true)
            {
                int read;
                try
                {
                    read = reader.Content.Read(buffer, 0, buffer.Length);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && reader.ReadFailure is null)
                {
                    decodeError = ex;
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                WriteCopy(output, buffer, read, target);
                _observer.Progress(Activity, "Decompressing beside the target and verifying SHA-256", reader.BytesRead, size);
                TestHook.Pause("restore-decompressing", cancellationToken);
            }
        }
        catch (Exception) when (reader.ReadFailure is not null)
        {
            throw NotReadable(backup.ArtifactPath, reader.ReadFailure);
        }

        ReadBackup(backup.ArtifactPath, reader.Verify);
        if (decodeError is not null)
        {
            throw new OpsException(
                ErrorIds.InvalidManifest,
                OpsErrorCategory.InvalidData,
                backup.ManifestPath,
                $"The backup '{backup.ArtifactPath}' matches its checksum but does not decompress as {backup.Manifest.Compression.ToString().ToLowerInvariant()}, as its manifest '{backup.ManifestPath}' says ({decodeError.Message}). The manifest does not describe this artifact; the target was not touched.",
                decodeError);
        }

        string detail = StagedArtifact.ChecksumDetail(staged, backup.Manifest, null);
        _observer.Verbose(detail);
        return new RecoveryCheck
        {
            Name = "Checksum",
            Passed = true,
            Duration = clock.Elapsed,
            Detail = detail,
        };
    }

    /// <summary>The in-flight copy beside the target: 0600, and locked for as long as this run lives.</summary>
    private static FileStream CreateCopy(SqliteTarget target, out string temp)
    {
        try
        {
            return TempFiles.CreateOwned(target.Path, out temp, bufferSize: 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(target.Path, target.Path + TempFiles.Marker + "...", ex);
        }
    }

    /// <summary>Removes the copies that killed restores of this target left beside it (their owner is gone).</summary>
    private void RemoveAbandonedCopies(SqliteTarget target)
    {
        string prefix = Path.GetFileName(target.Path) + TempFiles.Marker;
        int removed = TempFiles.RemoveAbandoned(Path.GetDirectoryName(target.Path)!, name => name.StartsWith(prefix, StringComparison.Ordinal));
        if (removed > 0)
        {
            _observer.Verbose($"Removed {removed} copies left beside '{target.Path}' by restores that were killed.");
        }
    }

    private static void WriteCopy(FileStream output, byte[] buffer, int count, SqliteTarget target)
    {
        try
        {
            output.Write(buffer, 0, count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(target.Path, output.Name, ex);
        }
    }

    private static void ReadBackup(string path, Action read) => ReadBackup(path, () =>
    {
        read();
        return true;
    });

    private static T ReadBackup<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException and not FileNotFoundException)
        {
            throw NotReadable(path, ex);
        }
    }

    private static OpsException NotReadable(string path, Exception ex) => new(
        ErrorIds.BackupNotReadable,
        ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.InvalidData,
        path,
        $"Cannot read the backup '{path}': {Messages.Sentence(ex.Message)} Check its permissions and the disk it is on; the target was not touched.",
        ex);

    private static SqliteConnection OpenCopy(string temp)
    {
        SqliteConnection connection = SqliteFile.Open(temp, SqliteOpenMode.ReadWrite);
        try
        {
            SqliteFile.Execute(connection, "PRAGMA mmap_size = " + CheckMmapBytes.ToString(CultureInfo.InvariantCulture));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Gives the copy a rollback journal: the backup API copies page 1 whole, so a WAL copy would turn a rollback
    /// target into WAL (a WAL target stays WAL).
    /// </summary>
    private static void UseRollbackJournal(SqliteConnection copy) => SqliteFile.Execute(copy, "PRAGMA journal_mode = DELETE");

    /// <summary>
    /// A WAL target keeps its page size: SQLite's backup cannot change a WAL database's (it fails with SQLITE_READONLY),
    /// and leaving WAL mode needs every other connection closed. So the checked copy is rebuilt with the target's page
    /// size into <paramref name="path"/> by VACUUM INTO, which keeps rowids (a plain VACUUM renumbers the rows of a
    /// table without an INTEGER PRIMARY KEY, and external-content full-text indexes and applications would point at the
    /// wrong rows), and the rebuilt copy must hold every rowid table row for row as the checked copy does, with the same
    /// header settings. Otherwise the restore is refused before the target is touched.
    /// </summary>
    private SqliteConnection RebuildWithPageSize(SqliteConnection copy, string path, SqliteTarget target, List<RecoveryCheck> checks, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int pageSize = SqliteFile.Scalar<int>(copy, "PRAGMA page_size");
        _observer.Progress(Activity, $"Rebuilding the copy with the WAL target's page size ({target.PageSize} bytes)", 0, 0);
        _observer.Verbose($"The target is in WAL mode with {target.PageSize}-byte pages and the backup has {pageSize}-byte pages: SQLite cannot change a WAL database's page size, so the copy is rebuilt with the target's (VACUUM INTO, which keeps rowids) and compared row by row with the checked copy.");
        SqliteConnection? rebuilt = null;
        try
        {
            Interruptible(
                copy,
                () =>
                {
                    SqliteFile.Execute(copy, "PRAGMA page_size = " + target.PageSize.ToString(CultureInfo.InvariantCulture));
                    using SqliteCommand command = copy.CreateCommand();
                    command.CommandText = "VACUUM INTO $path";
                    command.Parameters.AddWithValue("$path", path);
                    return command.ExecuteNonQuery();
                },
                cancellationToken);
            rebuilt = OpenCopy(path);
            UseRollbackJournal(rebuilt);
            _observer.Progress(Activity, "Comparing the rebuilt copy's rows and rowids with the checked copy", 0, 0);
            int tables = 0;
            long rows = 0;
            string? difference = SettingsDifference(copy, rebuilt, target.PageSize)
                ?? SqliteRowComparison.FirstDifference(copy, rebuilt, out tables, out rows, cancellationToken);
            if (difference is not null)
            {
                throw new OpsException(
                    ErrorIds.RestoreTargetPageSizeMismatch,
                    OpsErrorCategory.InvalidOperation,
                    target.Path,
                    $"The restore target '{target.Path}' is in WAL mode with {target.PageSize}-byte pages and the backup has {pageSize}-byte pages. SQLite cannot change the page size of a WAL database while applications may hold it open, and the copy rebuilt with {target.PageSize}-byte pages does not keep every row where it was ({difference}): full-text indexes and anything else that stores rowids would point at the wrong rows. The target was not touched. " +
                    $"Stop the applications that use the target, then either remove it (with its -wal and -shm files) and restore again, or give it the backup's page size (sqlite3 '{target.Path}' 'PRAGMA journal_mode=DELETE; PRAGMA page_size={pageSize}; VACUUM; PRAGMA journal_mode=WAL') and restore again; or restore into a new file (another -TargetPath) and swap it in while they are stopped.");
            }

            string detail = string.Format(
                CultureInfo.InvariantCulture,
                "Rebuilt with the WAL target's page size ({0} bytes; the backup's is {1}) by VACUUM INTO: all {2:N0} rows of the {3} rowid tables keep their rowids and values.",
                target.PageSize,
                pageSize,
                rows,
                tables);
            _observer.Verbose(detail);
            checks.Add(new RecoveryCheck { Name = "Rowids", Passed = true, Duration = clock.Elapsed, Detail = detail });
            return rebuilt;
        }
        catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xFF) is raw.SQLITE_FULL or raw.SQLITE_IOERR or raw.SQLITE_CANTOPEN or raw.SQLITE_READONLY)
        {
            rebuilt?.Dispose();
            throw new OpsException(
                ErrorIds.RestoreTargetNotWritable,
                OpsErrorCategory.WriteError,
                target.Path,
                $"Cannot write the copy rebuilt with the target's page size at '{path}' ({ex.Message}). The target was not touched; check free space beside it (about three times the database's size: the copy, its rebuild and the target's log) and permissions, then retry.",
                ex);
        }
        catch
        {
            rebuilt?.Dispose();
            throw;
        }
    }

    /// <summary>The header settings a rebuild must keep (and the page size it must change), or null when they are as they should be.</summary>
    private static string? SettingsDifference(SqliteConnection copy, SqliteConnection rebuilt, int pageSize)
    {
        if (SqliteFile.Scalar<int>(rebuilt, "PRAGMA page_size") != pageSize)
        {
            return $"its page size is {SqliteFile.Scalar<int>(rebuilt, "PRAGMA page_size")} bytes";
        }

        foreach (string setting in new[] { "encoding", "user_version", "application_id", "auto_vacuum" })
        {
            string before = SqliteFile.Scalar<string>(copy, "PRAGMA " + setting);
            string after = SqliteFile.Scalar<string>(rebuilt, "PRAGMA " + setting);
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                return $"PRAGMA {setting} was {before} and is {after}";
            }
        }

        return null;
    }

    private RecoveryCheck CheckIntegrity(SqliteConnection copy, StoredBackup backup, string shown, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _observer.Progress(Activity, "Checking the restored copy (PRAGMA quick_check)", 0, 0);
        string? problems = Interruptible(copy, () => QuickCheckProblems(copy), cancellationToken);
        if (problems is not null)
        {
            throw new OpsException(
                ErrorIds.RestoreIntegrityFailed,
                OpsErrorCategory.InvalidData,
                shown,
                $"The copy restored from '{shown}' failed PRAGMA quick_check: {problems}. The target was not touched; restore an older backup.");
        }

        return new RecoveryCheck
        {
            Name = "Integrity",
            Passed = true,
            Duration = clock.Elapsed,
            Detail = "PRAGMA quick_check found every page, b-tree and record well-formed and every NOT NULL and CHECK constraint met.",
        };
    }

    private (Dictionary<string, long> Counts, RecoveryCheck Check) CheckRowCounts(SqliteConnection copy, StoredBackup backup, string shown, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _observer.Progress(Activity, "Counting the restored copy's rows", 0, 0);
        Dictionary<string, long> counts = Interruptible(copy, () => SqliteFile.CountRows(copy), cancellationToken);
        var differences = backup.Manifest.Tables.Keys.Union(counts.Keys, StringComparer.Ordinal)
            .Where(t => !backup.Manifest.Tables.TryGetValue(t, out long want) || !counts.TryGetValue(t, out long have) || want != have)
            .Select(t => string.Format(
                CultureInfo.InvariantCulture,
                "{0}: manifest {1}, restored {2}",
                t,
                backup.Manifest.Tables.TryGetValue(t, out long m) ? m.ToString(CultureInfo.InvariantCulture) : "none",
                counts.TryGetValue(t, out long c) ? c.ToString(CultureInfo.InvariantCulture) : "none"))
            .ToList();
        if (differences.Count > 0)
        {
            throw new OpsException(
                ErrorIds.RowCountMismatch,
                OpsErrorCategory.InvalidData,
                shown,
                $"The copy restored from '{shown}' does not match its manifest ({string.Join("; ", differences)}). The target was not touched.");
        }

        string detail = string.Format(CultureInfo.InvariantCulture, "Row counts of {0} tables ({1:N0} rows) match the manifest.", counts.Count, counts.Values.Sum());
        _observer.Verbose("The restored copy passed quick_check; " + detail);
        return (counts, new RecoveryCheck { Name = "RowCounts", Passed = true, Duration = clock.Elapsed, Detail = detail });
    }

    /// <summary>The result of PRAGMA quick_check: null when the copy is sound, else the problems found.</summary>
    private static string? QuickCheckProblems(SqliteConnection connection) => SqliteFile.CheckProblems(connection, "PRAGMA quick_check(20)");

    /// <summary>
    /// Runs SQLite work that Ctrl+C must stop: cancelling the token calls sqlite3_interrupt, which integrity checks
    /// and counts honour inside their single long-running step.
    /// </summary>
    internal static T Interruptible<T>(SqliteConnection connection, Func<T> work, CancellationToken cancellationToken)
    {
        sqlite3 handle = connection.Handle!;
        using CancellationTokenRegistration registration = cancellationToken.Register(() => raw.sqlite3_interrupt(handle));
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return work();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            throw new OperationCanceledException("The restore was stopped.", ex, cancellationToken);
        }
    }

    /// <summary>
    /// Overwrites the existing target through SQLite's online backup API: the target's own locks and journal keep
    /// every other connection consistent, and a crash rolls back to the old database.
    /// </summary>
    private bool CopyIntoTarget(SqliteConnection copy, int encoding, SqliteTarget target, RestoreRequest request, CancellationToken cancellationToken)
    {
        try
        {
            CopyIntoTarget(copy, encoding, target, request.BusyTimeout, cancellationToken);
            return true;
        }
        catch (OpsException ex) when (ex.ErrorId == ErrorIds.NotASqliteDatabase && request.ReplaceDamagedTarget)
        {
            _observer.Verbose($"SQLite cannot open '{target.Path}' ({ex.InnerException?.Message ?? ex.Message}); -Force: replacing it by rename.");
            return false;
        }
    }

    private void CopyIntoTarget(SqliteConnection copy, int encoding, SqliteTarget target, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        try
        {
            CopyPagesIntoTarget(copy, encoding, target, busyTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is OpsException or SqliteException or OperationCanceledException)
        {
            if (!RollBackTarget(target, busyTimeout))
            {
                throw new OpsException(
                    ErrorIds.RestoreTargetNotWritable,
                    OpsErrorCategory.WriteError,
                    target.Path,
                    $"The copy into the restore target '{target.Path}' stopped part-way ({(ex as OpsException)?.InnerException?.Message ?? ex.Message}) and SQLite could not roll it back yet: its journal '{target.Path}-journal' holds the old content, and SQLite rolls the database back to it the next time it is opened with write access. Do not delete or copy the journal or the database apart; free space beside it (about twice the database's size), then open it once (or retry the restore).",
                    ex);
            }

            throw;
        }
    }

    /// <summary>
    /// After a copy into the target that failed part-way (disk full, I/O error, Ctrl+C): a pager that hit an error leaves
    /// its rollback journal hot for the next connection, so the file alone holds half-written pages. Opening it now
    /// rolls it back at once. True when no hot journal is left.
    /// </summary>
    private bool RollBackTarget(SqliteTarget target, TimeSpan busyTimeout)
    {
        string journal = target.Path + "-journal";
        if (!IsHotJournal(journal))
        {
            return true;
        }

        try
        {
            using SqliteConnection connection = OpenTarget(target, busyTimeout);
            SqliteFile.Execute(connection, "SELECT count(*) FROM sqlite_schema");
        }
        catch (Exception ex) when (ex is OpsException or SqliteException)
        {
            _observer.Verbose($"Rolling back '{target.Path}' failed: {ex.Message}");
        }

        bool rolledBack = !IsHotJournal(journal);
        if (rolledBack)
        {
            _observer.Verbose($"Rolled '{target.Path}' back to its old content after the failed copy.");
        }

        return rolledBack;
    }

    /// <summary>A rollback journal that still holds a transaction to roll back (not deleted, truncated or zeroed).</summary>
    private static bool IsHotJournal(string journal)
    {
        try
        {
            using var stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[8];
            return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.IndexOfAnyExcept((byte)0) >= 0;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <param name="copy">The checked copy (or its rebuild), the backup's source.</param>
    /// <param name="encoding">The text encoding in the copy's header (<see cref="SqliteFile.TextEncoding"/>).</param>
    /// <param name="target">The existing database to overwrite.</param>
    /// <param name="busyTimeout">How long to wait for other connections' locks.</param>
    /// <param name="cancellationToken">Stops the copy (rolled back) until it commits; after that nothing fails the restore.</param>
    private void CopyPagesIntoTarget(SqliteConnection copy, int encoding, SqliteTarget target, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        using SqliteConnection destination = OpenTarget(target, busyTimeout);
        RefuseAnotherEncoding(destination, encoding, target, busyTimeout);
        sqlite3_backup backup = raw.sqlite3_backup_init(destination.Handle, "main", copy.Handle, "main");
        if (backup is null || backup.IsInvalid)
        {
            throw TargetFailure(target, busyTimeout, raw.sqlite3_errcode(destination.Handle), raw.sqlite3_errmsg(destination.Handle).utf8_to_string(), firstStep: true);
        }

        bool first = true;
        int rc;
        try
        {
            while ((rc = raw.sqlite3_backup_step(backup, PagesPerStep)) == raw.SQLITE_OK)
            {
                first = false;
                int total = raw.sqlite3_backup_pagecount(backup);
                _observer.Progress(Activity, "Copying into the target through SQLite (holding its write lock)", total - raw.sqlite3_backup_remaining(backup), total);
                TestHook.Pause("restore-copying", cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // Finishing an unfinished copy rolls the target back to its old content.
            _ = raw.sqlite3_backup_finish(backup);
        }

        if (rc == raw.SQLITE_READONLY && SwitchedToWal(destination, copy) is (int targetPages, int backupPages))
        {
            throw new OpsException(
                ErrorIds.RestoreTargetPageSizeMismatch,
                OpsErrorCategory.InvalidOperation,
                target.Path,
                $"The restore target '{target.Path}' was switched to WAL mode while it was being restored, and SQLite cannot give a WAL database another page size ({targetPages}-byte pages there, {backupPages} in the backup). Nothing was changed; run the restore again (it then rebuilds the copy with the target's page size).");
        }

        if (rc != raw.SQLITE_DONE)
        {
            throw TargetFailure(target, busyTimeout, rc, raw.sqlite3_errstr(rc).utf8_to_string(), first);
        }

        // The target holds the restored database from here on: nothing after this may fail the restore.
        if (target.IsWal)
        {
            CheckpointQuietly(destination, target);
        }
    }

    /// <summary>
    /// Moves the restored pages from the log into the file where no reader's snapshot still needs the old ones. The
    /// restore has committed: a checkpoint that fails changes nothing (SQLite's next checkpoint does it), so it is
    /// only reported.
    /// </summary>
    private void CheckpointQuietly(SqliteConnection destination, SqliteTarget target)
    {
        try
        {
            SqliteFile.Execute(destination, "PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (SqliteException ex)
        {
            _observer.Warning($"'{target.Path}' is restored; moving its restored pages from '{target.Path}-wal' into the database file failed ({ex.Message}). SQLite moves them at its next checkpoint; until then the -wal must stay beside the database.");
        }
    }

    /// <summary>
    /// After SQLITE_READONLY: the target's journal mode became WAL since it was inspected and its page size differs from
    /// the copy's (the backup API cannot copy into it then). Asked through SQLite: a second handle on the file would drop
    /// the locks SQLite holds on it when closed.
    /// </summary>
    private static (int Target, int Backup)? SwitchedToWal(SqliteConnection destination, SqliteConnection copy)
    {
        try
        {
            int target = SqliteFile.Scalar<int>(destination, "PRAGMA page_size");
            int backup = SqliteFile.Scalar<int>(copy, "PRAGMA page_size");
            return SqliteFile.JournalMode(destination) == "wal" && target != backup ? (target, backup) : null;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// Refuses a target whose text encoding differs from the backup's before the copy is checked (or rebuilt), without
    /// waiting for any lock; the check that counts is the one just before the copy (<see cref="RefuseAnotherEncoding"/>).
    /// </summary>
    private void RefuseAnotherEncodingEarly(int encoding, SqliteTarget target)
    {
        try
        {
            using SqliteConnection connection = OpenTarget(target, TimeSpan.Zero);
            RefuseAnotherEncoding(connection, encoding, target, TimeSpan.Zero);
        }
        catch (OpsException ex) when (ex.ErrorId != ErrorIds.RestoreTargetEncodingMismatch)
        {
            // Busy, or not a database SQLite can open: the copy into the target finds out and says so.
        }
    }

    /// <summary>
    /// Refuses a target whose text encoding differs from the backup's. A connection that has read a database's schema
    /// keeps its encoding: after the restore every connection holding the target open would fail with "attached
    /// databases must use the same text encoding as main database" until reopened. A target without any table,
    /// index, view or trigger takes the backup's encoding (its connections have not fixed one), and so does any
    /// target when the backup's schema was never created (<paramref name="encoding"/> 0, none in its header). Asked
    /// through SQLite (in WAL mode page 1 may be in the -wal; and closing a second handle on the file would drop the
    /// locks SQLite holds on it) in a write transaction, so that a writer in flight commits first; the backup takes the
    /// write lock again right after.
    /// </summary>
    private void RefuseAnotherEncoding(SqliteConnection connection, int encoding, SqliteTarget target, TimeSpan busyTimeout)
    {
        if (encoding == 0)
        {
            return;
        }

        // BEGIN IMMEDIATE through SQLite's own busy handler (PRAGMA busy_timeout): Microsoft.Data.Sqlite would retry a busy
        // statement without end when its timeout is 0 (-BusyTimeout 0).
        int rc = raw.sqlite3_exec(connection.Handle, "BEGIN IMMEDIATE");
        if ((rc & 0xFF) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
        {
            throw TargetFailure(target, busyTimeout, rc, raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), firstStep: true);
        }

        if (rc != raw.SQLITE_OK)
        {
            CannotCompareEncoding(target, raw.sqlite3_errmsg(connection.Handle).utf8_to_string());
            return;
        }

        string? targetEncoding;
        try
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
            command.CommandText = "SELECT count(*) FROM sqlite_schema";
            bool hasSchema = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
            command.CommandText = "PRAGMA encoding";
            targetEncoding = hasSchema ? Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) : null;
        }
        catch (SqliteException ex)
        {
            CannotCompareEncoding(target, ex.Message);
            return;
        }
        finally
        {
            _ = raw.sqlite3_exec(connection.Handle, "ROLLBACK");
        }

        string backupEncoding = SqliteFile.EncodingName(encoding);
        if (targetEncoding is not null && !string.Equals(targetEncoding, backupEncoding, StringComparison.Ordinal))
        {
            throw new OpsException(
                ErrorIds.RestoreTargetEncodingMismatch,
                OpsErrorCategory.InvalidOperation,
                target.Path,
                $"The backup's text encoding is {backupEncoding} and the restore target '{target.Path}' is a {targetEncoding} database. A SQLite connection keeps the encoding of the schema it has read: every application connection that holds the target open would fail with 'attached databases must use the same text encoding as main database' until it reopened the database, so Restore-Database does not change a target's encoding through SQLite. The target was not touched. " +
                "Stop the applications that use the target, remove it (with its -wal and -shm files) and restore again, or restore into a new file (another -TargetPath) and swap it in while they are stopped.");
        }
    }

    /// <summary>A target whose schema SQLite cannot read is one no connection can be using: the copy goes ahead as into any damaged target.</summary>
    private void CannotCompareEncoding(SqliteTarget target, string why) =>
        _observer.Verbose($"SQLite cannot read the schema of '{target.Path}' ({why}); its text encoding is not compared with the backup's.");

    private static SqliteConnection OpenTarget(SqliteTarget target, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = target.Path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,

            // Microsoft.Data.Sqlite retries a busy statement until its command timeout, and without end when that is 0: a
            // writer holding the target exclusively (rollback-journal mode) kept a restore with -BusyTimeout 2s, and the
            // early encoding check (which asks for no wait at all), waiting until it committed (helper-107: 50 s).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            SqliteFile.Execute(connection, "PRAGMA busy_timeout = " + ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

            // Never synchronous=OFF: the restored pages and the journal reach the disk before the commit counts.
            SqliteFile.Execute(connection, "PRAGMA synchronous = FULL");
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw TargetFailure(target, busyTimeout, ex.SqliteErrorCode, ex.Message, firstStep: true);
        }
    }

    private static OpsException TargetFailure(SqliteTarget target, TimeSpan busyTimeout, int code, string message, bool firstStep)
    {
        switch (code & 0xFF)
        {
            case raw.SQLITE_BUSY:
            case raw.SQLITE_LOCKED:
                IReadOnlyList<string> holders = UnixFile.LockHolders(target.Path, target.Path + "-shm");
                string who = holders.Count > 0 ? $"held by {string.Join(", ", holders)}" : "held by another connection";
                return new OpsException(
                    ErrorIds.RestoreTargetInUse,
                    OpsErrorCategory.ResourceBusy,
                    target.Path,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "The restore target '{0}' is {1}: a transaction kept it locked for more than {2:0.###} s (-BusyTimeout). Let the application finish or stop it, then retry. Nothing was changed.",
                        target.Path,
                        who,
                        busyTimeout.TotalSeconds));
            case raw.SQLITE_NOTADB:
            case raw.SQLITE_CORRUPT when firstStep:
                return DamagedTarget(target.Path, message, new SqliteException(message, code));
            case raw.SQLITE_READONLY:
            case raw.SQLITE_CANTOPEN:
            case raw.SQLITE_PERM:
            case raw.SQLITE_FULL:
            case raw.SQLITE_IOERR:
                return new OpsException(
                    ErrorIds.RestoreTargetNotWritable,
                    code == raw.SQLITE_FULL || (code & 0xFF) == raw.SQLITE_IOERR ? OpsErrorCategory.WriteError : OpsErrorCategory.PermissionDenied,
                    target.Path,
                    $"Cannot write the restore target '{target.Path}' ({message}). It keeps its old content; check free space beside it (about twice the database's size) and its permissions, then retry.");
            default:
                return new OpsException(
                    ErrorIds.OperationFailed,
                    OpsErrorCategory.InvalidOperation,
                    target.Path,
                    $"SQLite failed while restoring into '{target.Path}': {message}. The target keeps its old content.");
        }
    }

    /// <summary>
    /// A missing target (or a damaged one, with -Force) gets the copy by one durable rename. Logs left beside it
    /// belong to a database that is gone: they are removed first, so they can never be replayed onto the new file.
    /// </summary>
    private void ReplaceByRename(string temp, SqliteTarget target)
    {
        _observer.Progress(Activity, "Moving the restored copy into place", 0, 0);
        try
        {
            if (target.Exists)
            {
                UnixFile.CopyOwnership(target.Facts, temp);
            }

            foreach (string suffix in new[] { "-journal", "-wal", "-shm" })
            {
                string log = target.Path + suffix;
                if (File.Exists(log))
                {
                    _observer.Verbose($"Removing '{log}', left by a database that is no longer there.");
                    File.Delete(log);
                }
            }

            DurableMove.Move(temp, target.Path, overwrite: target.Exists);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(target.Path, target.Path, ex);
        }
    }

    private static void WaitQuietly(Task? task)
    {
        try
        {
            task?.Wait();
        }
        catch (AggregateException)
        {
            // A flush that failed matters only when the copy was about to be renamed, and then it was rethrown.
        }
    }

    private static OpsException NotWritable(string target, string path, Exception ex) => new(
        ErrorIds.RestoreTargetNotWritable,
        ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
        target,
        $"Cannot write the restored database at '{path}': {Messages.Sentence(ex.Message)} The target was not touched; check free space beside it (about twice the database's size) and permissions, then retry.",
        ex);
}
