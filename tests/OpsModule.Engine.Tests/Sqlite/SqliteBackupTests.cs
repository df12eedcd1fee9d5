using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

public sealed class SqliteBackupTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(BackupCompression.Zstd, ".db.zst", "wal")]
    [InlineData(BackupCompression.Gzip, ".db.gz", "delete")]
    [InlineData(BackupCompression.None, ".db", "truncate")]
    public void Backup_then_restore_round_trips_every_table(BackupCompression compression, string extension, string journalMode)
    {
        string source = _temp.Combine("shop.db");
        SampleDatabase.Create(source, orders: 3000, journalMode);

        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"), compression);
        RestoreResult restored = Engines.Restore(backup.BackupPath, _temp.Combine("restored", "shop.db"));

        Assert.EndsWith(extension, backup.BackupPath, StringComparison.Ordinal);
        Assert.Matches(@"shop-\d{8}T\d{9}Z", Path.GetFileName(backup.BackupPath));
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(restored.Target));
        Assert.Equal(["Checksum", "Integrity", "RowCounts"], restored.Checks.Select(c => c.Name));
        Assert.All(restored.Checks, c => Assert.True(c.Passed));
        Assert.False(restored.Replaced);
        Assert.Equal(3000, restored.TableCounts["orders"]);
    }

    [Fact]
    public void Backup_writes_a_manifest_that_describes_the_artifact()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 500);

        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));

        byte[] artifact = File.ReadAllBytes(backup.BackupPath);
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(backup.ManifestPath));
        JsonElement root = manifest.RootElement;
        Assert.Equal(backup.BackupPath + ".manifest.json", backup.ManifestPath);
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("sqlite", root.GetProperty("engine").GetString());
        Assert.Equal(Path.GetFileName(backup.BackupPath), root.GetProperty("artifact").GetString());
        Assert.Equal("zstd", root.GetProperty("compression").GetString());
        Assert.Equal(artifact.Length, root.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(artifact)).ToLowerInvariant(), root.GetProperty("sha256").GetString());
        Assert.Equal(500, root.GetProperty("tables").GetProperty("orders").GetInt64());
        Assert.Equal(100, root.GetProperty("tables").GetProperty("customers").GetInt64());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("engineVersion").GetString()));
        Assert.Equal(DateTimeKind.Utc, backup.Created.Kind);
        Assert.Equal(artifact.Length, backup.Size);
        Assert.Equal(Severity.Ok, backup.Severity);
    }

    [Fact]
    public void Backup_leaves_no_in_flight_or_staging_files_behind()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 200, journalMode: "delete");

        Engines.Backup(source, _temp.Combine("backups"));

        string[] files = Directory.GetFiles(_temp.Combine("backups")).Select(Path.GetFileName).ToArray()!;
        Assert.Equal(2, files.Length);
        Assert.DoesNotContain(files, f => f.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public void Backup_of_a_missing_file_is_SourceNotFound()
    {
        var error = Assert.Throws<OpsException>(() => Engines.Backup(_temp.Combine("missing.db"), _temp.Combine("backups")));

        Assert.Equal(ErrorIds.SourceNotFound, error.ErrorId);
        Assert.Equal(OpsErrorCategory.ObjectNotFound, error.Category);
        Assert.False(Directory.Exists(_temp.Combine("backups")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is a text file, not a database\n")]
    public void Backup_of_a_file_that_is_not_SQLite_is_NotASqliteDatabase(string content)
    {
        string source = _temp.Combine("notes.db");
        File.WriteAllText(source, content);

        var error = Assert.Throws<OpsException>(() => Engines.Backup(source, _temp.Combine("backups")));

        Assert.Equal(ErrorIds.NotASqliteDatabase, error.ErrorId);
        Assert.Equal(OpsErrorCategory.InvalidData, error.Category);
    }

    [Fact]
    public void Backup_to_a_destination_that_cannot_be_created_is_DestinationNotWritable()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 10);
        string blocker = _temp.Combine("a-file");
        File.WriteAllText(blocker, "not a folder");

        var error = Assert.Throws<OpsException>(() => Engines.Backup(source, Path.Combine(blocker, "backups")));

        Assert.Equal(ErrorIds.DestinationNotWritable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.PermissionDenied, error.Category);
    }

    [Fact]
    public void A_destination_that_is_a_file_says_to_give_a_folder_and_leaves_the_file_alone()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 10);
        byte[] before = File.ReadAllBytes(source);

        var error = Assert.Throws<OpsException>(() => Engines.Backup(source, source));

        Assert.Equal(ErrorIds.DestinationNotWritable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("is a file; -Destination takes the folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(source));
    }

    [Fact]
    public void Backup_reports_the_copy_and_the_compression_as_progress_and_completes_it()
    {
        string source = _temp.Combine("big.db");
        SampleDatabase.Create(source, orders: 60_000, payloadBytes: 400);
        var observer = new RecordingObserver();

        new Databases.Sqlite.SqliteBackupEngine(observer).Backup(
            new Backup.BackupRequest(source, new Storage.Local.LocalBackupStore(_temp.Combine("backups")), BackupCompression.Zstd, null),
            System.Threading.CancellationToken.None);

        var copy = observer.ProgressRecords.Where(p => p.Status.StartsWith("Copying", StringComparison.Ordinal)).ToList();
        Assert.True(copy.Count >= 2, $"expected the copy in several steps, got {copy.Count}");
        Assert.All(copy, p => Assert.InRange(p.Done, 1, p.Total));
        Assert.Equal(copy.Select(p => p.Done).OrderBy(d => d), copy.Select(p => p.Done));
        Assert.Equal(copy[^1].Total, copy[^1].Done);
        Assert.Contains(observer.ProgressRecords, p => p.Status.StartsWith("Compressing", StringComparison.Ordinal) && p.Done == p.Total);
        Assert.Equal(1, observer.Completed);
        Assert.Contains(observer.Messages, m => m.Contains("writers keep committing", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_backups_of_one_database_get_distinct_names()
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 10);

        BackupInfo first = Engines.Backup(source, _temp.Combine("backups"));
        BackupInfo second = Engines.Backup(source, _temp.Combine("backups"));

        Assert.NotEqual(first.BackupPath, second.BackupPath);
        Assert.True(string.CompareOrdinal(Path.GetFileName(first.BackupPath), Path.GetFileName(second.BackupPath)) < 0);
    }
}
