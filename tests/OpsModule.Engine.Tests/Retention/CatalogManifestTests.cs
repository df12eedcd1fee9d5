using System;
using System.IO;
using System.Linq;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Recovery;
using OpsModule.Engine.Storage.Local;
using OpsModule.Engine.Tests.Recovery;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Retention;

/// <summary>The catalog against hand-edited manifests in a real backup folder.</summary>
public sealed class CatalogManifestTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_manifest_without_its_essential_fields_is_skipped_as_unreadable_not_listed_as_a_backup()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 10);
        BackupInfo good = Engines.Backup(_temp.Combine("app.db"), _temp.Combine("backups"));
        string folder = _temp.Combine("backups");
        File.WriteAllText(Path.Combine(folder, "bar.db.zst"), "x");
        File.WriteAllText(Path.Combine(folder, "bar.db.zst.manifest.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "baz.db.zst"), "x");
        File.WriteAllText(Path.Combine(folder, "baz.db.zst.manifest.json"), "{\"database\":\"baz\",\"engine\":\"sqlite\"}");
        var observer = new RecordingObserver();

        var listed = BackupCatalog.List(new LocalBackupSource(folder), new CatalogQuery(), observer);

        Assert.Equal([good.BackupPath], listed.Select(b => b.BackupPath));
        Assert.Contains(observer.Warnings, w => w.Contains("bar.db.zst.manifest.json", StringComparison.Ordinal) && w.Contains("unreadable", StringComparison.Ordinal) && w.Contains("engine", StringComparison.Ordinal));
        Assert.Contains(observer.Warnings, w => w.Contains("baz.db.zst.manifest.json", StringComparison.Ordinal) && w.Contains("created", StringComparison.Ordinal) && w.Contains("sha256", StringComparison.Ordinal));
        var ex = Assert.Throws<OpsException>(() => RecoveryBackup.Load(Path.Combine(folder, "baz.db.zst")));

        // The same id as Restore-Database's, Test-DatabaseBackup's and Remove-DatabaseBackup's for a manifest that cannot be read.
        Assert.Equal(ErrorIds.InvalidManifest, ex.ErrorId);
        Assert.Contains("sha256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_artifact_of_a_backup_whose_manifest_is_unreadable_is_no_incomplete_leftover()
    {
        // Retention removes incomplete leftovers older than -OlderThan: a backup with a broken manifest must not be taken for one.
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 10);
        BackupInfo broken = Engines.Backup(_temp.Combine("app.db"), _temp.Combine("backups"));
        File.WriteAllText(broken.ManifestPath, "{ \"engine\": ");
        File.WriteAllText(broken.BackupPath + VerificationRecord.Suffix, "{}");
        var observer = new RecordingObserver();

        var listed = BackupCatalog.List(new LocalBackupSource(_temp.Combine("backups")), new CatalogQuery { IncludeIncomplete = true }, observer);

        Assert.Empty(listed);
        Assert.Contains(observer.Warnings, w => w.Contains(broken.ManifestPath, StringComparison.Ordinal));
    }

    [Fact]
    public void A_killed_backups_staging_copies_are_listed_under_their_database_with_their_last_write_time()
    {
        // What a SQLite backup killed part way leaves in its staging folder (names as SqliteBackupEngine makes them):
        // no time in the name, so Created is when the file was last written (before: 01/01/0001).
        string folder = _temp.Combine("backups");
        Directory.CreateDirectory(folder);
        string snapshot = Path.Combine(folder, "chinook.snapshot.tmp-0123456789ab");
        string tail = Path.Combine(folder, "chinook.snapshot-tail.tmp-ba9876543210");
        File.WriteAllText(snapshot, "x");
        File.WriteAllText(tail, "x");
        var snapshotWritten = new DateTime(2026, 10, 1, 10, 15, 30, DateTimeKind.Utc);
        var tailWritten = new DateTime(2026, 10, 1, 10, 16, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(snapshot, snapshotWritten);
        File.SetLastWriteTimeUtc(tail, tailWritten);

        var listed = BackupCatalog.List(new LocalBackupSource(folder), new CatalogQuery { IncludeIncomplete = true }, new RecordingObserver());

        Assert.Equal([(tail, tailWritten), (snapshot, snapshotWritten)], listed.Select(b => (b.BackupPath, b.Created)));
        Assert.All(listed, b => Assert.Equal(DateTimeKind.Utc, b.Created.Kind));
        Assert.All(listed, b => Assert.Equal("chinook", b.Database));
        Assert.All(listed, b => Assert.False(b.Complete));
        Assert.Equal(
            [tail],
            BackupCatalog.List(new LocalBackupSource(folder), new CatalogQuery { IncludeIncomplete = true, Since = tailWritten }, new RecordingObserver()).Select(b => b.BackupPath));
    }

    [Fact]
    public void A_verification_records_in_flight_file_is_no_backup_complete_or_not()
    {
        // What Test-DatabaseBackup killed while writing <artifact>.verified.json leaves beside the backup.
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 10);
        BackupInfo good = Engines.Backup(_temp.Combine("app.db"), _temp.Combine("backups"));
        string leftover = good.BackupPath + VerificationRecord.Suffix + ".tmp-0123456789ab";
        File.WriteAllText(leftover, "{ \"formatVersion\": 1, \"chec");
        var observer = new RecordingObserver();

        var listed = BackupCatalog.List(new LocalBackupSource(_temp.Combine("backups")), new CatalogQuery { IncludeIncomplete = true }, observer);

        Assert.Equal([(good.BackupPath, true)], listed.Select(b => (b.BackupPath, b.Complete)));
        Assert.Contains(observer.Messages, m => m.StartsWith("Ignoring '" + leftover + "': it is an in-flight verification record", StringComparison.Ordinal));
    }

    [Fact]
    public void Writing_a_file_of_a_folder_location_removes_what_dead_writes_of_that_file_left_but_not_a_live_ones()
    {
        // Test-DatabaseBackup killed while writing <artifact>.verified.json leaves its in-flight file; the next write of
        // that record removes it (no process holds its lock), never one a live run holds nor another file's.
        string folder = _temp.Combine("backups");
        Directory.CreateDirectory(folder);
        var store = new LocalBackupStore(folder);
        string record = "app-20261001T101500000Z.db.zst" + VerificationRecord.Suffix;
        string dead = Path.Combine(folder, record + ".tmp-0123456789ab");
        string otherRecords = Path.Combine(folder, "app-20261002T101500000Z.db.zst" + VerificationRecord.Suffix + ".tmp-0123456789ab");
        File.WriteAllText(dead, "{ \"chec");
        File.WriteAllText(otherRecords, "{ \"chec");
        using FileStream live = OpsModule.Engine.Common.TempFiles.CreateOwned(Path.Combine(folder, record), out string livePath, bufferSize: 0);

        store.WriteAtomically(record, "{}"u8);

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(livePath));
        Assert.True(File.Exists(otherRecords));
        Assert.Equal("{}", File.ReadAllText(Path.Combine(folder, record)));
    }

    [Fact]
    public void Files_that_Backup_Database_does_not_write_are_no_incomplete_backups_and_leftovers_keep_the_time_in_their_name()
    {
        // A folder a user pointed at by mistake, beside one complete backup and what interrupted backups leave.
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 10);
        BackupInfo good = Engines.Backup(_temp.Combine("app.db"), _temp.Combine("backups"));
        string folder = _temp.Combine("backups");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "x");
        File.WriteAllText(Path.Combine(folder, "report.csv"), "a,b");
        SampleDatabase.Create(Path.Combine(folder, "customers.db"), orders: 1);
        File.WriteAllText(Path.Combine(folder, "shop-20251201T020000123Z-2.dump.zst"), "x");
        File.WriteAllText(Path.Combine(folder, "app-20261001T101500000Z.db.zst.tmp-0123456789ab"), "x");
        var observer = new RecordingObserver();

        var listed = BackupCatalog.List(new LocalBackupSource(folder), new CatalogQuery { IncludeIncomplete = true }, observer);

        Assert.Equal(
            [(good.BackupPath, true), (Path.Combine(folder, "app-20261001T101500000Z.db.zst.tmp-0123456789ab"), false), (Path.Combine(folder, "shop-20251201T020000123Z-2.dump.zst"), false)],
            listed.Select(b => (b.BackupPath, b.Complete)).OrderBy(b => b.Complete ? 0 : 1).ThenBy(b => b.BackupPath, StringComparer.Ordinal));
        BackupInfo orphan = listed.Single(b => b.BackupPath.EndsWith(".dump.zst", StringComparison.Ordinal));
        Assert.Equal(("shop", new DateTime(2025, 12, 1, 2, 0, 0, 123, DateTimeKind.Utc)), (orphan.Database, orphan.Created));
        Assert.Equal(DateTimeKind.Utc, orphan.Created.Kind);
        BackupInfo inFlight = listed.Single(b => b.BackupPath.EndsWith("0123456789ab", StringComparison.Ordinal));
        Assert.Equal(("app", new DateTime(2026, 10, 1, 10, 15, 0, DateTimeKind.Utc)), (inFlight.Database, inFlight.Created));
        foreach (string foreign in new[] { "notes.txt", "report.csv", "customers.db" })
        {
            Assert.Contains(observer.Messages, m => m.Contains("Ignoring '" + Path.Combine(folder, foreign) + "'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Two_databases_with_one_file_name_from_different_folders_keep_their_own_backups()
    {
        // Two sites' app.db backed up into one folder: retention and -Latest work per source, never per name.
        Directory.CreateDirectory(_temp.Combine("siteA"));
        Directory.CreateDirectory(_temp.Combine("siteB"));
        SampleDatabase.Create(_temp.Combine("siteA", "app.db"), orders: 10);
        SampleDatabase.Create(_temp.Combine("siteB", "app.db"), orders: 20);
        string folder = _temp.Combine("backups");
        BackupInfo olderA = Engines.Backup(_temp.Combine("siteA", "app.db"), folder);
        System.Threading.Thread.Sleep(5);
        BackupInfo newerA = Engines.Backup(_temp.Combine("siteA", "app.db"), folder);
        System.Threading.Thread.Sleep(5);
        BackupInfo onlyB = Engines.Backup(_temp.Combine("siteB", "app.db"), folder);

        var listed = BackupCatalog.List(new LocalBackupSource(folder), new CatalogQuery(), new RecordingObserver());
        var latest = BackupCatalog.List(new LocalBackupSource(folder), new CatalogQuery { Latest = true }, new RecordingObserver());
        var plan = OpsModule.Engine.Retention.RetentionPlanner.Plan(listed, new OpsModule.Engine.Retention.RetentionPolicy { KeepLast = 1 }, DateTime.UtcNow);

        Assert.Equal(3, listed.Count);
        Assert.Equal([newerA.BackupPath, onlyB.BackupPath], latest.Select(b => b.BackupPath).Order(StringComparer.Ordinal));
        Assert.Equal([olderA.BackupPath], plan.Where(d => d.Action == RetentionAction.Remove).Select(d => d.Backup.BackupPath));
        Assert.Equal([newerA.BackupPath, onlyB.BackupPath], plan.Where(d => d.Action == RetentionAction.Keep).Select(d => d.Backup.BackupPath).Order(StringComparer.Ordinal));

        // The same file through a symlinked folder is the same database: its newer backup replaces siteA's newest.
        Directory.CreateSymbolicLink(_temp.Combine("linkA"), _temp.Combine("siteA"));
        System.Threading.Thread.Sleep(5);
        BackupInfo viaLink = Engines.Backup(_temp.Combine("linkA", "app.db"), folder);
        var relisted = BackupCatalog.List(new LocalBackupSource(folder), new CatalogQuery(), new RecordingObserver());
        var replanned = OpsModule.Engine.Retention.RetentionPlanner.Plan(relisted, new OpsModule.Engine.Retention.RetentionPolicy { KeepLast = 1 }, DateTime.UtcNow);
        Assert.Equal([olderA.BackupPath, newerA.BackupPath], replanned.Where(d => d.Action == RetentionAction.Remove).Select(d => d.Backup.BackupPath).Order(StringComparer.Ordinal));
        Assert.Equal([onlyB.BackupPath, viaLink.BackupPath], replanned.Where(d => d.Action == RetentionAction.Keep).Select(d => d.Backup.BackupPath).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("postgres://postgres@localhost:5432/shop", "postgres://backup@127.0.0.1:5432/shop", true)]
    [InlineData("postgres://postgres@[::1]/shop", "postgres://ops@localhost:5432/shop", true)]
    [InlineData("postgres://postgres@db1:5432/shop", "postgres://postgres@db2:5432/shop", false)]
    [InlineData("postgres://postgres@db1:5432/shop", "postgres://postgres@db1:5433/shop", false)]
    public void PostgreSQL_sources_are_one_database_whatever_the_login_and_loopback_spelling(string first, string second, bool same)
    {
        Assert.Equal(same, DatabaseIdentity.Source("postgres", first) == DatabaseIdentity.Source("postgres", second));
    }
}
