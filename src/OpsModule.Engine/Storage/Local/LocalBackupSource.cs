using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Storage.Local;

/// <summary>Reads backups from a folder of the local file system.</summary>
internal sealed class LocalBackupSource : IBackupSource
{
    internal LocalBackupSource(string folder) => Location = Path.GetFullPath(folder);

    public string Location { get; }

    public string PathOf(string fileName) => Path.Combine(Location, fileName);

    public IReadOnlyList<string> ListManifests()
    {
        if (!Directory.Exists(Location))
        {
            return [];
        }

        return Directory.EnumerateFiles(Location, "*" + BackupManifest.Suffix)
            .Select(Path.GetFileName)
            .Where(name => name is not null && !name.Contains(TempFiles.Marker, StringComparison.Ordinal))
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<string> ListFiles() =>
        Directory.Exists(Location)
            ? Directory.EnumerateFiles(Location).Select(Path.GetFileName).Where(n => n is not null).Select(n => n!).Order(StringComparer.Ordinal).ToList()
            : [];

    public byte[]? ReadSmallFile(string fileName)
    {
        try
        {
            return File.ReadAllBytes(PathOf(fileName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public BackupManifest ReadManifest(string manifestName) => BackupManifest.Parse(File.ReadAllBytes(PathOf(manifestName)));

    public Stream OpenRead(string fileName) =>
        new FileStream(PathOf(fileName), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);

    public long SizeOf(string fileName)
    {
        var info = new FileInfo(PathOf(fileName));
        return info.Exists ? info.Length : -1;
    }

    public DateTime? LastWriteTimeOf(string fileName)
    {
        var info = new FileInfo(PathOf(fileName));
        return info.Exists ? info.LastWriteTimeUtc : null;
    }

    public void Delete(string fileName) => File.Delete(PathOf(fileName));
}
