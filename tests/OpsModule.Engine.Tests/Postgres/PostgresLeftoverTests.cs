using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.Local;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Postgres;

/// <summary>
/// What PostgreSQL backups and restores leave in the temp and staging folders, against the real test cluster
/// (OPS_TEST_PG) and the real tools behind shims: the passfile (the superuser's password), the staged copy of an
/// encrypted backup and the decrypted -Jobs spool are private while they exist and gone afterwards, also after a
/// failure; what a dead run left (its OS lock released: named as it names them, but unlocked) is removed by the
/// next run, and what a live run holds (locked, as this test holds it) is never touched.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PostgresLeftoverTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _admin = Environment.GetEnvironmentVariable("OPS_TEST_PG") ?? string.Empty;
    private readonly string _source = "lo_" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _tempFiles = [];
    private readonly List<FileStream> _held = [];

    public void Dispose()
    {
        foreach (FileStream held in _held)
        {
            held.Dispose();
        }

        foreach (string file in _tempFiles)
        {
            TempFiles.TryDelete(file);
        }

        if (_admin.Length > 0)
        {
            Sql("postgres", $"DROP DATABASE IF EXISTS {_source} WITH (FORCE)");
            Sql("postgres", $"DROP DATABASE IF EXISTS {_source}_copy WITH (FORCE)");
        }

        _temp.Dispose();
    }

    [SkippableFact]
    public void A_backup_removes_the_passfiles_dead_runs_left_and_keeps_a_live_runs()
    {
        CreateSource();
        string tmp = Path.GetTempPath();
        string dead = TempFile(Path.Combine(tmp, "opsmodule-pgpass.tmp-" + Hex(6)));
        string live = Hold(TempFile(Path.Combine(tmp, "opsmodule-pgpass.tmp-" + Hex(6))));
        string oldUnlocked = TempFile(Path.Combine(tmp, "opsmodule-pgpass-" + Hex(16)), age: TimeSpan.FromHours(2));
        string newUnlocked = TempFile(Path.Combine(tmp, "opsmodule-pgpass-" + Hex(16)));
        string shim = Shim("pg_dump", """
            echo "$PGPASSFILE" > "$here/path"; stat -c '%a' "$PGPASSFILE" > "$here/mode"
            flock -n -s "$PGPASSFILE" true && echo free > "$here/lock" || echo held > "$here/lock"
            exec "$REAL" "$@"
            """);

        BackupInfo backup = Backup(shim, key: null);

        Assert.Equal(5L, backup.TableCounts["public.items"]);
        Assert.False(File.Exists(dead), "the passfile of a dead run is still there");
        Assert.False(File.Exists(oldUnlocked), "an earlier version's passfile unused for two hours is still there");
        Assert.True(File.Exists(live), "the passfile of a live run was removed");
        Assert.True(File.Exists(newUnlocked), "an earlier version's passfile of the last hour (maybe a live run's) was removed");
        string used = ShimOutput("path");
        Assert.StartsWith(Path.Combine(tmp, "opsmodule-pgpass.tmp-"), used, StringComparison.Ordinal);
        Assert.Equal("600", ShimOutput("mode"));
        Assert.Equal("held", ShimOutput("lock"));
        Assert.False(File.Exists(used), "the backup left its passfile behind");
    }

    [SkippableFact]
    public void A_backup_whose_pg_dump_fails_leaves_no_passfile()
    {
        CreateSource();
        string shim = Shim("pg_dump", """
            echo "$PGPASSFILE" > "$here/path"
            echo 'pg_dump: error: simulated failure' >&2; exit 1
            """);

        var ex = Assert.Throws<OpsException>(() => Backup(shim, key: null));

        Assert.Equal(ErrorIds.PgToolFailed, ex.ErrorId);
        string used = ShimOutput("path");
        Assert.Contains("opsmodule-pgpass.tmp-", used, StringComparison.Ordinal);
        Assert.False(File.Exists(used), "the failed backup left its passfile behind");
    }

    [SkippableFact]
    public void A_restore_removes_the_staged_copies_and_spools_dead_runs_left_and_keeps_a_live_runs()
    {
        CreateSource();
        using EncryptionKey key = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        BackupInfo backup = Backup(pgDump: null, key);
        string staging = _temp.Combine("staging");
        Directory.CreateDirectory(staging);
        string deadFolder = StagedFolder(staging, locked: false);
        string liveFolder = StagedFolder(staging, locked: true);
        string orphanLock = TempFile(Path.Combine(staging, "opsmodule-restore-" + Hex(6) + ".lock"));
        string oldUnlockedFolder = StagedFolder(staging, locked: null, age: TimeSpan.FromDays(2));
        string newUnlockedFolder = StagedFolder(staging, locked: null);
        string deadSpool = TempFile(Path.Combine(staging, "opsmodule-pg-spool.dump.tmp-" + Hex(6)));
        string liveSpool = Hold(TempFile(Path.Combine(staging, "opsmodule-pg-spool.dump.tmp-" + Hex(6))));
        string oldUnlockedSpool = TempFile(Path.Combine(staging, "opsmodule-pg-restore.dump.tmp-" + Hex(6)), age: TimeSpan.FromDays(2));
        string newUnlockedSpool = TempFile(Path.Combine(staging, "opsmodule-pg-restore.dump.tmp-" + Hex(6)));
        string[] kept = [liveFolder, liveFolder + ".lock", newUnlockedFolder, liveSpool, newUnlockedSpool];
        string shim = Shim("pg_restore", """
            case " $* " in *--jobs=*)
              spool="${@: -1}"; echo "$spool" > "$here/path"; stat -c '%a' "$spool" > "$here/mode"
              flock -n -s "$spool" true && echo free > "$here/lock" || echo held > "$here/lock" ;;
            esac
            exec "$REAL" "$@"
            """);
        var observer = new RecordingObserver();

        using (StagedBackup staged = StagedBackup.Stage(BackupStores.ForReading(_temp.Combine("backups")), Path.GetFileName(backup.ManifestPath), key, staging, observer, CancellationToken.None))
        {
            string folder = Path.GetDirectoryName(staged.ManifestPath)!;
            Assert.Equal(OwnedFolder.OwnerOnly, File.GetUnixFileMode(folder));
            Assert.All(Directory.GetFiles(folder), file => Assert.Equal(TempFiles.OwnerOnly, File.GetUnixFileMode(file)));
            Assert.Throws<IOException>(() => new FileStream(folder + ".lock", FileMode.Open, FileAccess.Read, FileShare.Delete).Dispose());

            RestoreResult result = Engine(_source + "_copy", shim).RestoreAsync(new RestoreJob(staged.ManifestPath) { Jobs = 2, StagingFolder = staging }, observer, CancellationToken.None).GetAwaiter().GetResult();

            Assert.Equal(5L, result.TableCounts["public.items"]);
            Assert.Equal(kept.Append(folder).Append(folder + ".lock").Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(staging).Order(StringComparer.Ordinal));
        }

        Assert.Equal(kept.Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(staging).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(deadFolder) || File.Exists(deadFolder + ".lock") || File.Exists(orphanLock) || Directory.Exists(oldUnlockedFolder));
        Assert.False(File.Exists(deadSpool) || File.Exists(oldUnlockedSpool));
        Assert.StartsWith(Path.Combine(staging, "opsmodule-pg-spool.dump.tmp-"), ShimOutput("path"), StringComparison.Ordinal);
        Assert.Equal("600", ShimOutput("mode"));
        Assert.Equal("held", ShimOutput("lock"));
        Assert.Contains(observer.Warnings, w => w.Contains(deadFolder, StringComparison.Ordinal));
        Assert.Contains(observer.Warnings, w => w.Contains("Removed 2 -Jobs spool file(s)", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Staging_a_backup_that_fails_its_checksum_leaves_no_folder_and_no_lock()
    {
        CreateSource();
        using EncryptionKey key = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        BackupInfo backup = Backup(pgDump: null, key);
        byte[] bytes = File.ReadAllBytes(backup.BackupPath);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(backup.BackupPath, bytes);
        string staging = _temp.Combine("staging");

        var ex = Assert.Throws<OpsException>(() => StagedBackup.Stage(BackupStores.ForReading(_temp.Combine("backups")), Path.GetFileName(backup.ManifestPath), key, staging, NullObserver.Instance, CancellationToken.None));

        Assert.Equal(ErrorIds.BackupChecksumMismatch, ex.ErrorId);
        Assert.Empty(Directory.GetFileSystemEntries(staging));
    }

    private static string Hex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    private void CreateSource()
    {
        Skip.If(_admin.Length == 0, "OPS_TEST_PG is not set");
        Sql("postgres", $"CREATE DATABASE {_source}");
        Sql(_source, "CREATE TABLE items(x int); INSERT INTO items SELECT generate_series(1, 5);");
    }

    /// <summary>A file as a run names it (0600, with content), last written <paramref name="age"/> ago; removed after the test.</summary>
    private string TempFile(string path, TimeSpan age = default)
    {
        _tempFiles.Add(path);
        File.WriteAllText(path, "*:*:*:*:not-a-real-password\n");
        File.SetUnixFileMode(path, TempFiles.OwnerOnly);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    /// <summary>Holds the file's OS lock as the live run that made it does.</summary>
    private string Hold(string path)
    {
        _held.Add(new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        return path;
    }

    /// <summary>A staged copy's folder with a file in it; its lock file free (dead run), held (live run) or absent (earlier versions).</summary>
    private string StagedFolder(string staging, bool? locked, TimeSpan age = default)
    {
        string folder = Path.Combine(staging, "opsmodule-restore-" + Hex(6));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "shop.dump.zst"), "decrypted dump");
        if (locked is not null)
        {
            TempFile(folder + OwnedFolder.LockSuffix);
            if (locked.Value)
            {
                Hold(folder + OwnedFolder.LockSuffix);
            }
        }

        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow - age);
        return folder;
    }

    /// <summary>A bash script standing in for a PostgreSQL tool: answers --version with the real one, else runs <paramref name="body"/> ("$REAL" is the real tool).</summary>
    private string Shim(string tool, string body)
    {
        string real = Tools.Require(tool);
        string path = _temp.Combine("shim", tool);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/bin/bash\nhere=$(dirname \"$0\")\nREAL='{real}'\nif [ \"$1\" = \"--version\" ]; then exec \"$REAL\" --version; fi\n{body.Replace("\r\n", "\n", StringComparison.Ordinal)}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string ShimOutput(string name) => File.ReadAllText(_temp.Combine("shim", name)).Trim();

    private BackupInfo Backup(string? pgDump, EncryptionKey? key)
    {
        IBackupStore store = new LocalBackupStore(_temp.Combine("backups"));
        if (key is not null)
        {
            store = new EncryptingBackupStore(store, key);
        }

        return Engine(_source, pgDump).BackupAsync(new BackupJob(store, BackupCompression.Zstd, null), NullObserver.Instance, CancellationToken.None).GetAwaiter().GetResult();
    }

    private PgDatabaseEngine Engine(string database, string? tool) => PgTestServer.Engine(_admin, database, tool);

    private void Sql(string database, string sql) => PgTestServer.Sql(_admin, database, sql);
}
