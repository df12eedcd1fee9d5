using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Sqlite;
using OpsModule.Engine.Storage.Local;
using OpsModule.Engine.Tests.Support;
using SQLitePCL;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

/// <summary>The backup never changes its source, never writes a backup of a damaged one, and leaves nothing behind.</summary>
public sealed class SqliteBackupSafetyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static BackupInfo Backup(string source, string destination, string? staging = null, TimeSpan? busyTimeout = null, BackupCompression compression = BackupCompression.Zstd) =>
        new SqliteBackupEngine(NullObserver.Instance).Backup(
            new BackupRequest(source, new LocalBackupStore(destination), compression, null)
            {
                StagingFolder = staging,
                BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30),
            },
            CancellationToken.None);

    [Fact]
    public void Backup_of_a_database_that_fails_quick_check_is_SourceIntegrityFailed_and_writes_no_manifest()
    {
        string source = _temp.Combine("damaged.db");
        SampleDatabase.Create(source, orders: 3000, journalMode: "delete");
        CorruptAPageInTheMiddle(source);

        var error = Assert.Throws<OpsException>(() => Backup(source, _temp.Combine("backups")));

        Assert.Equal(ErrorIds.SourceIntegrityFailed, error.ErrorId);
        Assert.Equal(OpsErrorCategory.InvalidData, error.Category);
        Assert.Equal(source, error.Target);
        Assert.Contains("quick_check", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Combine("backups")));
    }

    [Fact]
    public void A_hot_journal_left_by_a_dead_writer_is_named_as_such_and_nothing_is_written()
    {
        // The files of a writer that died mid-transaction: the database and its hot journal copied while the transaction
        // is open (the pages it changed already spilled to the file), with no process holding a lock on the copies.
        string live = _temp.Combine("live.db");
        SampleDatabase.Create(live, orders: 3000, journalMode: "delete");
        string crashed = _temp.Combine("crashed.db");
        using (var writer = new SqliteConnection($"Data Source={live};Pooling=False"))
        {
            writer.Open();
            using SqliteCommand command = writer.CreateCommand();
            command.CommandText = "PRAGMA cache_size = 2; BEGIN; UPDATE orders SET total = total + 1;";
            command.ExecuteNonQuery();
            File.Copy(live, crashed);
            File.Copy(live + "-journal", crashed + "-journal");
        }

        byte[] before = File.ReadAllBytes(crashed);

        var error = Assert.Throws<OpsException>(() => Backup(crashed, _temp.Combine("backups")));

        Assert.Equal(ErrorIds.SourceNotReadable, error.ErrorId);
        Assert.Contains("hot journal", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Check that this account may read", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(crashed));
        Assert.True(File.Exists(crashed + "-journal"));
        Assert.False(Directory.Exists(_temp.Combine("backups")) && Directory.EnumerateFileSystemEntries(_temp.Combine("backups")).Any());
    }

    [Fact]
    public void Backup_records_that_the_snapshot_passed_quick_check()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 200);

        BackupInfo backup = Backup(source, _temp.Combine("backups"));

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(backup.ManifestPath));
        Assert.Equal("quick_check", manifest.RootElement.GetProperty("details").GetProperty("integrityCheck").GetString());
    }

    [SkippableFact]
    public void Backup_leaves_a_WAL_source_and_its_wal_file_as_they_were()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 300);

        // An application that committed into the -wal and was killed before any checkpoint: the committed rows
        // live only in the -wal, which a careless reader's close would checkpoint and delete.
        using (SqliteShell writer = StartHolding(source, "PRAGMA wal_autocheckpoint=0; " + SampleDatabase.Series(500) + "INSERT INTO orders(customer_id, total, note) SELECT 1, value, 'late' FROM series;"))
        {
            writer.Kill();
        }

        byte[] wal = File.ReadAllBytes(source + "-wal");
        byte[] database = File.ReadAllBytes(source);
        Assert.NotEmpty(wal);

        BackupInfo backup = Backup(source, _temp.Combine("backups"));

        Assert.Equal(800, backup.TableCounts["orders"]);
        Assert.True(File.Exists(source + "-wal"), "the backup deleted the source's -wal");
        Assert.Equal(wal, File.ReadAllBytes(source + "-wal"));
        Assert.Equal(database, File.ReadAllBytes(source));
    }

    [SkippableFact]
    public void Backup_from_a_read_only_mount_works_in_rollback_mode_and_names_the_cause_for_WAL()
    {
        using SmallFileSystem mount = SmallFileSystem.Mount(_temp.Combine("ro"), sizeKilobytes: 4096);
        string rollback = Path.Combine(mount.Path, "rollback.db");
        string wal = Path.Combine(mount.Path, "wal.db");
        SampleDatabase.Create(rollback, orders: 100, journalMode: "delete");
        SampleDatabase.Create(wal, orders: 100, journalMode: "wal");
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(wal + "-wal"));
        mount.RemountReadOnly();

        BackupInfo backup = Backup(rollback, _temp.Combine("backups"));
        var error = Assert.Throws<OpsException>(() => Backup(wal, _temp.Combine("backups")));

        Assert.Equal(100, backup.TableCounts["orders"]);
        Assert.Equal(ErrorIds.SourceNotReadable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.PermissionDenied, error.Category);
        Assert.Contains("read-only location", error.Message, StringComparison.Ordinal);
        Assert.Contains("-shm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_with_tmp_in_its_folders_or_name_is_an_ordinary_path()
    {
        string folder = _temp.Combine("data.tmp-0123456789ab");
        Directory.CreateDirectory(folder);
        string source = Path.Combine(folder, "my.tmp-cache.db");
        SampleDatabase.Create(source, orders: 50);
        string destination = _temp.Combine("backups.tmp-abcdef012345");

        BackupInfo backup = Backup(source, destination);
        RestoreResult restored = Engines.Restore(backup.ManifestPath, _temp.Combine("restored.db"));

        Assert.Equal(50, restored.TableCounts["orders"]);
        Assert.Equal(2, Directory.GetFiles(destination).Length);
    }

    [SkippableFact]
    public void Artifacts_and_manifests_are_readable_by_the_owner_only()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 50);

        BackupInfo backup = Backup(source, _temp.Combine("backups"));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup.BackupPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup.ManifestPath));
        }
    }

    [Fact]
    public void Parallel_backups_of_same_named_databases_into_one_folder_all_succeed()
    {
        const int Count = 8;
        var sources = new List<string>();
        for (int i = 0; i < Count; i++)
        {
            string source = _temp.Combine("site" + i, "app.db");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            SampleDatabase.Create(source, orders: 20 + i, journalMode: "delete");
            sources.Add(source);
        }

        using var start = new Barrier(Count);
        BackupInfo[] backups = sources.AsParallel().WithDegreeOfParallelism(Count).Select(source =>
        {
            start.SignalAndWait();
            return Backup(source, _temp.Combine("backups"));
        }).ToArray();

        Assert.Equal(Count, backups.Select(b => b.BackupPath).Distinct().Count());
        Assert.Equal(Enumerable.Range(20, Count).Select(n => (long)n), backups.Select(b => b.TableCounts["orders"]).Order());
        Assert.Equal(Count * 2, Directory.GetFiles(_temp.Combine("backups")).Length);
        foreach (BackupInfo backup in backups)
        {
            using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(backup.ManifestPath));
            Assert.Equal(Path.GetFileName(backup.BackupPath), manifest.RootElement.GetProperty("artifact").GetString());
            Assert.Equal(backup.TableCounts["orders"], Engines.Restore(backup.ManifestPath, _temp.Combine("r-" + Guid.NewGuid().ToString("N") + ".db")).TableCounts["orders"]);
        }
    }

    [Fact]
    public void An_artifact_name_taken_meanwhile_gets_the_next_sequence_number()
    {
        var store = new LocalBackupStore(_temp.Combine("backups"));
        store.EnsureWritable();
        using IArtifactWriterPair writers = new(store.CreateArtifact("app-20261126T093000123Z.db.zst"), store.CreateArtifact("app-20261126T093000123Z.db.zst"));

        string first = writers.First.Commit();
        string second = writers.Second.Commit();

        Assert.Equal("app-20261126T093000123Z.db.zst", first);
        Assert.Equal("app-20261126T093000123Z-2.db.zst", second);
    }

    [Theory]
    [InlineData('a', 240)]
    [InlineData('é', 120)]
    public void A_very_long_database_name_is_shortened_safely(char letter, int count)
    {
        string name = new(letter, count);
        string source = _temp.Combine(name + ".db");
        SampleDatabase.Create(source, orders: 10);

        BackupInfo first = Backup(source, _temp.Combine("backups"));
        BackupInfo second = Backup(source, _temp.Combine("backups"));

        Assert.Equal(name, first.Database);
        Assert.NotEqual(first.BackupPath, second.BackupPath);
        foreach (string file in Directory.GetFiles(_temp.Combine("backups")))
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(Path.GetFileName(file)), 1, 255);
        }

        Assert.Equal(10, Engines.Restore(first.BackupPath, _temp.Combine("r.db")).TableCounts["orders"]);
    }

    [SkippableFact]
    public void A_full_disk_while_compressing_leaves_nothing_behind_and_says_the_disk_is_full()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 3000, payloadBytes: 1000);
        using SmallFileSystem small = SmallFileSystem.Mount(_temp.Combine("small"), sizeKilobytes: 1024);

        var error = Assert.Throws<OpsException>(() => Backup(source, Path.Combine(small.Path, "backups"), staging: _temp.Combine("staging")));

        Assert.Equal(ErrorIds.DestinationNotWritable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.WriteError, error.Category);
        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        // -StagingPath was given and is not what is full: the message names the full destination and does not advise it.
        Assert.Contains($"the destination '{Path.Combine(small.Path, "backups")}' is full", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("use -StagingPath", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(small.Path, "backups")));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Combine("staging")));
    }

    [SkippableFact]
    public void A_full_staging_folder_while_compressing_behind_the_copy_leaves_nothing_behind()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 3000, payloadBytes: 1000);
        long size = new FileInfo(source).Length;
        using SmallFileSystem small = SmallFileSystem.Mount(_temp.Combine("small"), sizeKilobytes: (int)(size * 3 / 2 / 1024));

        var error = Assert.Throws<OpsException>(() => Backup(source, _temp.Combine("backups"), staging: small.Path));

        Assert.Equal(ErrorIds.DestinationNotWritable, error.ErrorId);
        Assert.Equal(small.Path, error.Target);
        Assert.Contains($"the staging folder '{small.Path}' (-StagingPath) is full", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("use -StagingPath", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(small.Path));
        Assert.Empty(Directory.GetFiles(_temp.Combine("backups")));
    }

    [Fact]
    public void Staging_elsewhere_keeps_the_destination_to_the_backup_itself()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 500);

        BackupInfo backup = Backup(source, _temp.Combine("backups"), staging: _temp.Combine("staging"), compression: BackupCompression.Gzip);

        Assert.Equal(500, Engines.Restore(backup.BackupPath, _temp.Combine("r.db")).TableCounts["orders"]);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Combine("staging")));
    }

    [Fact]
    public void Files_of_a_dead_run_are_removed_and_files_of_a_live_run_are_kept()
    {
        string backups = _temp.Combine("backups");
        Directory.CreateDirectory(backups);
        string dead = Path.Combine(backups, "app.snapshot.tmp-0123456789ab");
        File.WriteAllText(dead, "left by a killed backup");
        string foreign = Path.Combine(backups, "notes.txt.tmp-0123456789ab");
        File.WriteAllText(foreign, "not a backup's file");
        using FileStream live = TempFiles.CreateOwned(Path.Combine(backups, "app.snapshot"), out string livePath);
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 20);

        Backup(source, backups);

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(livePath));
        Assert.True(File.Exists(foreign));
    }

    [SkippableFact]
    public void DatabaseLocked_on_a_WAL_database_waits_BusyTimeout_and_does_not_advise_WAL()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 20, journalMode: "wal");
        using SqliteShell holder = StartHolding(source, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO customers(name) VALUES ('held');");
        try
        {
            var clock = Stopwatch.StartNew();
            var error = Assert.Throws<OpsException>(() => Backup(source, _temp.Combine("backups"), busyTimeout: TimeSpan.FromSeconds(1)));

            Assert.Equal(ErrorIds.DatabaseLocked, error.ErrorId);
            Assert.Contains("1 s", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("switch the database to WAL", error.Message, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 20);
        }
        finally
        {
            holder.Kill();
        }
    }

    [SkippableFact]
    public void DatabaseLocked_in_rollback_mode_advises_WAL()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 20, journalMode: "delete");
        using SqliteShell holder = StartHolding(source, "BEGIN EXCLUSIVE; INSERT INTO customers(name) VALUES ('held');");
        try
        {
            var error = Assert.Throws<OpsException>(() => Backup(source, _temp.Combine("backups"), busyTimeout: TimeSpan.FromSeconds(1)));

            Assert.Equal(ErrorIds.DatabaseLocked, error.ErrorId);
            Assert.Contains("switch the database to WAL", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill();
        }
    }

    /// <summary>A real sqlite3 process that runs <paramref name="sql"/> and keeps its connection (and locks) open.</summary>
    private static SqliteShell StartHolding(string database, string sql)
    {
        var shell = new SqliteShell(database, "-batch");
        shell.Run(sql);
        return shell;
    }

    /// <summary>Overwrites the b-tree header of a page in the middle of the file (a table's leaf), as a bad sector would.</summary>
    private static void CorruptAPageInTheMiddle(string path)
    {
        int pageSize;
        long pages;
        using (SqliteConnection connection = SampleDatabase.Open(path))
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size";
            pageSize = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA page_count";
            pages = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        SqliteConnection.ClearAllPools();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = (pages / 2) * pageSize;
        file.Write(Enumerable.Repeat((byte)0x55, 64).ToArray());
    }

    /// <summary>Two artifact writers disposed together.</summary>
    private sealed class IArtifactWriterPair : IDisposable
    {
        internal IArtifactWriterPair(Storage.IArtifactWriter first, Storage.IArtifactWriter second)
        {
            First = first;
            Second = second;
        }

        internal Storage.IArtifactWriter First { get; }

        internal Storage.IArtifactWriter Second { get; }

        public void Dispose()
        {
            First.Dispose();
            Second.Dispose();
        }
    }
}
