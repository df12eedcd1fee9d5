using System;
using System.IO;
using System.Text.Json.Nodes;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

/// <summary>A manifest that is malformed or names another artifact is refused with InvalidManifest, never a crash.</summary>
public sealed class BackupReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("tables", null)]
    [InlineData("tables", "missing")]
    [InlineData("engine", null)]
    [InlineData("sha256", null)]
    [InlineData("artifact", null)]
    [InlineData("artifact", "missing")]
    [InlineData("created", null)]
    [InlineData("artifact", "../app.db.zst")]
    [InlineData("artifact", "sub/app.db.zst")]
    [InlineData("artifact", "/etc/passwd")]
    [InlineData("artifact", "other")]
    public void A_malformed_manifest_is_InvalidManifest(string field, string? value)
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders: 10);
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        BackupInfo other = Engines.Backup(source, _temp.Combine("backups"));
        var manifest = JsonNode.Parse(File.ReadAllText(backup.ManifestPath))!.AsObject();
        if (value == "missing")
        {
            manifest.Remove(field);
        }
        else
        {
            manifest[field] = value == "other" ? Path.GetFileName(other.BackupPath) : value;
        }

        File.WriteAllText(backup.ManifestPath, manifest.ToJsonString());

        var error = Assert.Throws<OpsException>(() => BackupReader.Load(backup.ManifestPath));

        Assert.Equal(ErrorIds.InvalidManifest, error.ErrorId);
        Assert.Equal(OpsErrorCategory.InvalidData, error.Category);
        Assert.Equal(backup.ManifestPath, error.Target);
        Assert.Contains(backup.ManifestPath, error.Message, StringComparison.Ordinal);
    }
}
