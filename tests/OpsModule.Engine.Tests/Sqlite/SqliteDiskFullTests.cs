using System;
using System.IO;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

/// <summary>Running out of disk space, for real, on a 1 MB tmpfs.</summary>
public sealed class SqliteDiskFullTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Backup_to_a_full_disk_is_DestinationNotWritable_and_leaves_nothing_behind()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 8000, payloadBytes: 300);
        using SmallFileSystem small = SmallFileSystem.Mount(_temp.Combine("small"), sizeKilobytes: 1024);

        var error = Assert.Throws<OpsException>(() => Engines.Backup(source, Path.Combine(small.Path, "backups")));

        Assert.Equal(ErrorIds.DestinationNotWritable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.WriteError, error.Category);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(small.Path, "backups")));
    }

    [SkippableFact]
    public void Restore_onto_a_full_disk_is_RestoreTargetNotWritable_and_leaves_the_target_as_it_was()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 8000, payloadBytes: 300);
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        using SmallFileSystem small = SmallFileSystem.Mount(_temp.Combine("small"), sizeKilobytes: 1024);
        string target = Path.Combine(small.Path, "live.db");
        SampleDatabase.Create(target, orders: 10, journalMode: "delete");
        byte[] before = File.ReadAllBytes(target);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target));

        Assert.Equal(ErrorIds.RestoreTargetNotWritable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.WriteError, error.Category);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Equal(new[] { target }, Directory.GetFileSystemEntries(small.Path));
    }

    [SkippableFact]
    public void A_copy_into_an_existing_target_that_fills_the_disk_part_way_is_rolled_back_at_once()
    {
        // Room for the restored copy beside the target, not for the target's growth and its journal as well: the disk fills
        // while SQLite copies pages into the target, after its journal took the old ones.
        string source = _temp.Combine("app.db");
        CreateIncompressible(source, rows: 60000);
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        using SmallFileSystem small = SmallFileSystem.Mount(_temp.Combine("small"), sizeKilobytes: 40 * 1024);
        string target = Path.Combine(small.Path, "live.db");
        CreateIncompressible(target, rows: 30000);
        byte[] before = File.ReadAllBytes(target);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target, force: true));

        Assert.Equal(ErrorIds.RestoreTargetNotWritable, error.ErrorId);
        Assert.Contains("keeps its old content", error.Message, StringComparison.Ordinal);
        // The file alone is the old database again: no hot journal is left for a file copy or the next backup to trip on.
        Assert.Equal(new[] { target }, Directory.GetFileSystemEntries(small.Path));
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    [SkippableFact]
    public void Repair_whose_salvaged_copy_fills_the_disk_is_RestoreTargetNotWritable_not_damage_in_the_source()
    {
        // A sound database salvaged with force: the copy beside it cannot fit. Before, the failed insert was taken for an
        // unreadable row ("reading it backwards"), and then a raw "This SqliteTransaction has completed" escaped.
        using SmallFileSystem small = SmallFileSystem.Mount(_temp.Combine("small"), sizeKilobytes: 12 * 1024);
        string source = Path.Combine(small.Path, "app.db");
        CreateIncompressible(source, rows: 25000);
        byte[] before = File.ReadAllBytes(source);
        var observer = new RecordingObserver();

        var error = Assert.Throws<OpsException>(() => new OpsModule.Engine.Maintenance.SqliteRepair(observer).SalvageAsync(source, null, System.Threading.CancellationToken.None).GetAwaiter().GetResult());

        Assert.Equal(ErrorIds.RestoreTargetNotWritable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.WriteError, error.Category);
        Assert.Contains("filled up", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(observer.Warnings, w => w.Contains("unreadable", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(source));
        Assert.Equal(new[] { source }, Directory.GetFileSystemEntries(small.Path));
    }

    private static void CreateIncompressible(string path, int rows)
    {
        using var connection = SampleDatabase.Open(path);
        SampleDatabase.Execute(connection, "PRAGMA journal_mode = delete");
        SampleDatabase.Execute(connection, "CREATE TABLE blobs(id INTEGER PRIMARY KEY, b BLOB)");
        SampleDatabase.Execute(connection, $"WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {rows}) INSERT INTO blobs SELECT i, randomblob(300) FROM c");
    }
}
