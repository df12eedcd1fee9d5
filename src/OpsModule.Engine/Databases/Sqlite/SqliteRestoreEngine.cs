using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Common;
using OpsModule.Engine.Compression;
using OpsModule.Engine.Restore;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// Restores a SQLite backup without ever damaging the target: the artifact's SHA-256 is checked first, the
/// copy is decompressed beside the target, integrity-checked and its row counts compared with the manifest;
/// only then does one rename replace the target. The old target's WAL is checkpointed and its -wal/-shm
/// removed before the rename, so they can never be replayed onto the restored file.
/// </summary>
internal sealed class SqliteRestoreEngine
{
    private const string Activity = "Restore-Database";

    private readonly IOperationObserver _observer;

    internal SqliteRestoreEngine(IOperationObserver observer) => _observer = observer;

    /// <summary>True when the target holds data a restore would replace (cmdlets ask before they do).</summary>
    internal static bool TargetHasData(string target)
    {
        var info = new FileInfo(Path.GetFullPath(target));
        return info.Exists && info.Length > 0;
    }

    internal RestoreResult Restore(RestoreRequest request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        string target = Path.GetFullPath(request.Target);
        StoredBackup backup = request.Backup;
        try
        {
            CheckBackupAndTarget(backup, target);
            VerifyChecksum(backup, cancellationToken);

            string temp = TempFiles.NameFor(target);
            try
            {
                Decompress(backup, temp, cancellationToken);
                Dictionary<string, long> counts = VerifyCopy(backup, temp);
                TestHook.Pause("restore-before-replace", cancellationToken);
                bool replaced = ReplaceTarget(temp, target);
                _observer.Verbose($"Restored '{backup.ArtifactPath}' to '{target}'.");
                return new RestoreResult
                {
                    Backup = backup.ToBackupInfo(),
                    Target = target,
                    Duration = stopwatch.Elapsed,
                    Verified = true,
                    TableCounts = counts,
                    Replaced = replaced,
                };
            }
            finally
            {
                SqliteFile.TryDeleteWithSidecars(temp);
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteFile.Translate(ex, target, "restoring");
        }
        finally
        {
            _observer.ProgressCompleted(Activity);
        }
    }

    private static void CheckBackupAndTarget(StoredBackup backup, string target)
    {
        if (!string.Equals(backup.Manifest.Engine, SqliteBackupEngine.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidArgument,
                backup.ArtifactPath,
                $"The backup '{backup.ArtifactPath}' is a {backup.Manifest.Engine} backup; -TargetPath restores SQLite backups only.");
        }

        if (Directory.Exists(target))
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                target,
                $"The restore target '{target}' is a folder. Name the database file to create or replace, e.g. '{Path.Combine(target, backup.Manifest.Database + ".db")}'.");
        }

        if (TargetHasData(target) && !SqliteFile.HasSqliteHeader(target))
        {
            throw new OpsException(
                ErrorIds.NotASqliteDatabase,
                OpsErrorCategory.InvalidArgument,
                target,
                $"The restore target '{target}' exists and is not a SQLite database; OpsModule will not overwrite it. Remove it or choose another -TargetPath.");
        }
    }

    private void VerifyChecksum(StoredBackup backup, CancellationToken cancellationToken)
    {
        long size = new FileInfo(backup.ArtifactPath).Length;
        string actual = size == backup.Manifest.Size
            ? FileHash.Sha256(backup.ArtifactPath, _observer, Activity, cancellationToken)
            : string.Format(CultureInfo.InvariantCulture, "(size {0:N0} bytes, expected {1:N0})", size, backup.Manifest.Size);
        if (!string.Equals(actual, backup.Manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpsException(
                ErrorIds.BackupChecksumMismatch,
                OpsErrorCategory.InvalidData,
                backup.ArtifactPath,
                $"Backup '{backup.ArtifactPath}' failed its checksum (expected {backup.Manifest.Sha256}, got {actual}). The file is damaged; restore an older backup. The target was not touched.");
        }

        _observer.Verbose($"The artifact's SHA-256 matches its manifest ({actual}).");
    }

    private void Decompress(StoredBackup backup, string temp, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
            using var input = new FileStream(backup.ArtifactPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            using Stream decompressed = Codec.Decompress(input, backup.Manifest.Compression);
            using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            StreamCopy.Copy(decompressed, output, backup.Manifest.DatabaseSize, new StreamCopy.Step(Activity, "Decompressing beside the target", "restore-decompressing"), _observer, cancellationToken);
            output.Flush(flushToDisk: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw NotWritable(temp, ex);
        }
        catch (IOException ex)
        {
            throw NotWritable(temp, ex);
        }
    }

    private Dictionary<string, long> VerifyCopy(StoredBackup backup, string temp)
    {
        _observer.Progress(Activity, "Checking the restored copy (PRAGMA integrity_check)", 0, 0);
        using SqliteConnection connection = SqliteFile.Open(temp, SqliteOpenMode.ReadWrite);
        string? problems = SqliteFile.IntegrityProblems(connection);
        if (problems is not null)
        {
            throw new OpsException(
                ErrorIds.RestoreIntegrityFailed,
                OpsErrorCategory.InvalidData,
                backup.ArtifactPath,
                $"The copy restored from '{backup.ArtifactPath}' failed PRAGMA integrity_check: {problems}. The target was not touched; restore an older backup.");
        }

        Dictionary<string, long> counts = SqliteFile.CountRows(connection);
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
                backup.ArtifactPath,
                $"The copy restored from '{backup.ArtifactPath}' does not match its manifest ({string.Join("; ", differences)}). The target was not touched.");
        }

        _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "The restored copy passed integrity_check; row counts of {0} tables match the manifest.", counts.Count));
        return counts;
    }

    /// <summary>
    /// Replaces the target with one rename. An existing target is first checkpointed (so its -wal holds nothing)
    /// and must not be in use; its leftover -wal, -shm and -journal are removed so none is replayed onto the new file.
    /// </summary>
    private static bool ReplaceTarget(string temp, string target)
    {
        bool replaced = TargetHasData(target);
        if (replaced)
        {
            using (SqliteConnection old = SqliteFile.Open(target, SqliteOpenMode.ReadWrite))
            {
                using var command = old.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                using var reader = command.ExecuteReader();
                if (reader.Read() && reader.GetInt64(0) != 0)
                {
                    throw InUse(target);
                }
            }

            foreach (string suffix in new[] { "-wal", "-journal" })
            {
                var leftover = new FileInfo(target + suffix);
                if (leftover.Exists && leftover.Length > 0)
                {
                    throw InUse(target);
                }

                TempFiles.TryDelete(leftover.FullName);
            }
        }

        TempFiles.TryDelete(target + "-shm");
        try
        {
            DurableMove.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(target, ex);
        }

        return replaced;
    }

    private static OpsException InUse(string target) => new(
        ErrorIds.RestoreTargetInUse,
        OpsErrorCategory.ResourceBusy,
        target,
        $"The restore target '{target}' is in use by another connection (its write-ahead log could not be emptied). Stop the application that uses it, or restore to another -TargetPath. The target was not touched.");

    private static OpsException NotWritable(string path, Exception ex) => new(
        ErrorIds.RestoreTargetNotWritable,
        ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
        path,
        $"Cannot write the restored database at '{path}': {ex.Message} The target was not touched; check free space and permissions, then retry.",
        ex);
}
