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
}
