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
        Assert.Equal(ErrorIds.BackupIncomplete, ex.ErrorId);
    }
}
