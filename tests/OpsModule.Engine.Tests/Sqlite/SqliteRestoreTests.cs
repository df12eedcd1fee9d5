using System;
using System.IO;
using System.Text.Json.Nodes;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

public sealed class SqliteRestoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private (string Source, BackupInfo Backup) MakeBackup(BackupCompression compression = BackupCompression.Zstd)
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 1000);
        return (source, Engines.Backup(source, _temp.Combine("backups"), compression));
    }

    private string MakeExistingTarget()
    {
        string target = _temp.Combine("live", "app.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        SampleDatabase.Create(target, orders: 7, journalMode: "delete");
        return target;
    }

    [Fact]
    public void Restore_refuses_a_backup_whose_checksum_does_not_match()
    {
        var (_, backup) = MakeBackup();
        string target = MakeExistingTarget();
        byte[] before = File.ReadAllBytes(target);
        byte[] artifact = File.ReadAllBytes(backup.BackupPath);
        artifact[artifact.Length / 2] ^= 0x01;
        File.WriteAllBytes(backup.BackupPath, artifact);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target));

        Assert.Equal(ErrorIds.BackupChecksumMismatch, error.ErrorId);
        Assert.Equal(OpsErrorCategory.InvalidData, error.Category);
        Assert.Contains(backup.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void Restore_replaces_an_existing_database_and_reports_it()
    {
        var (source, backup) = MakeBackup();
        string target = MakeExistingTarget();

        RestoreResult result = Engines.Restore(backup.ManifestPath, target);

        Assert.True(result.Replaced);
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void Restore_never_replays_the_old_targets_stale_wal_onto_the_restored_file()
    {
        var (source, backup) = MakeBackup();
        string target = _temp.Combine("live", "app.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        // A database that crashed with committed transactions still in its WAL: copy the file and its
        // -wal while a connection holds them open and auto-checkpoint is off.
        string crashed = _temp.Combine("crashing.db");
        SampleDatabase.Create(crashed, orders: 5);
        using (var connection = SampleDatabase.Open(crashed))
        {
            SampleDatabase.Execute(connection, "PRAGMA wal_autocheckpoint=0");
            SampleDatabase.Execute(connection, SampleDatabase.Series(4000) + "INSERT INTO orders(customer_id, total, note) SELECT 1, value, 'from the wal' FROM series");
            File.Copy(crashed, target);
            File.WriteAllBytes(target + "-wal", SampleDatabase.ReadAllBytesShared(crashed + "-wal"));
        }

        Assert.True(new FileInfo(target + "-wal").Length > 0);

        Engines.Restore(backup.BackupPath, target);

        Assert.False(File.Exists(target + "-wal") && new FileInfo(target + "-wal").Length > 0);
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        using var check = SampleDatabase.Open(target);
        using var command = check.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", command.ExecuteScalar());
    }

    [Fact]
    public void Restore_of_an_artifact_without_its_manifest_is_BackupIncomplete()
    {
        var (_, backup) = MakeBackup();
        File.Delete(backup.ManifestPath);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, _temp.Combine("r.db")));

        Assert.Equal(ErrorIds.BackupIncomplete, error.ErrorId);
        Assert.False(File.Exists(_temp.Combine("r.db")));
    }

    [Fact]
    public void Restore_whose_row_counts_differ_from_the_manifest_is_RowCountMismatch_and_leaves_the_target()
    {
        var (_, backup) = MakeBackup();
        var manifest = JsonNode.Parse(File.ReadAllText(backup.ManifestPath))!;
        manifest["tables"]!["orders"] = 999;
        File.WriteAllText(backup.ManifestPath, manifest.ToJsonString());
        string target = MakeExistingTarget();
        byte[] before = File.ReadAllBytes(target);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target));

        Assert.Equal(ErrorIds.RowCountMismatch, error.ErrorId);
        Assert.Contains("orders: manifest 999, restored 1000", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void Restore_of_a_copy_that_fails_integrity_check_is_RestoreIntegrityFailed()
    {
        var (_, backup) = MakeBackup(BackupCompression.None);

        // Damage a b-tree page inside the artifact, then make the manifest's checksum agree, as a bug or
        // a bad disk under the backup writer would: only the integrity check can catch this.
        byte[] artifact = File.ReadAllBytes(backup.BackupPath);
        for (int i = 4096 * 3 + 8; i < 4096 * 3 + 64; i++)
        {
            artifact[i] = 0xFF;
        }

        File.WriteAllBytes(backup.BackupPath, artifact);
        var manifest = JsonNode.Parse(File.ReadAllText(backup.ManifestPath))!;
        manifest["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(artifact)).ToLowerInvariant();
        File.WriteAllText(backup.ManifestPath, manifest.ToJsonString());
        string target = MakeExistingTarget();
        byte[] before = File.ReadAllBytes(target);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target));

        Assert.Equal(ErrorIds.RestoreIntegrityFailed, error.ErrorId);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void Restore_refuses_to_overwrite_a_file_that_is_not_a_database()
    {
        var (_, backup) = MakeBackup();
        string target = _temp.Combine("important.txt");
        File.WriteAllText(target, "precious");

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target));

        Assert.Equal(ErrorIds.NotASqliteDatabase, error.ErrorId);
        Assert.Equal("precious", File.ReadAllText(target));
    }
}
