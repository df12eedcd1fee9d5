using System;
using System.IO;
using System.Text.Json;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Restore;

/// <summary>A backup found on disk: its artifact and the manifest that makes it count.</summary>
internal sealed class StoredBackup
{
    internal StoredBackup(string artifactPath, string manifestPath, BackupManifest manifest)
    {
        ArtifactPath = artifactPath;
        ManifestPath = manifestPath;
        Manifest = manifest;
    }

    internal string ArtifactPath { get; }

    internal string ManifestPath { get; }

    internal BackupManifest Manifest { get; }

    internal BackupInfo ToBackupInfo() =>
        Manifest.ToBackupInfo(Path.GetDirectoryName(ArtifactPath) ?? string.Empty, ArtifactPath, ManifestPath);
}

/// <summary>Finds a backup's artifact and manifest from either path, and refuses what does not count.</summary>
internal static class BackupReader
{
    /// <summary>Loads a backup from its artifact or its manifest path (local files).</summary>
    internal static StoredBackup Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (TempFiles.IsInFlight(full))
        {
            throw Incomplete(full, "is an in-flight file of a backup that was interrupted or is still running");
        }

        string manifestPath;
        string artifactPath;
        if (full.EndsWith(BackupManifest.Suffix, StringComparison.OrdinalIgnoreCase))
        {
            manifestPath = full;
            artifactPath = full[..^BackupManifest.Suffix.Length];
        }
        else
        {
            artifactPath = full;
            manifestPath = full + BackupManifest.Suffix;
        }

        if (!File.Exists(artifactPath) && !File.Exists(manifestPath))
        {
            throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, path, $"The backup '{path}' does not exist.");
        }

        if (!File.Exists(manifestPath))
        {
            throw Incomplete(artifactPath, "has no manifest: the backup was interrupted before it completed, so it does not count");
        }

        BackupManifest manifest;
        try
        {
            manifest = BackupManifest.Parse(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException ex)
        {
            throw Incomplete(manifestPath, $"has an unreadable manifest ({ex.Message})");
        }

        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
        {
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidData,
                manifestPath,
                $"The backup '{artifactPath}' has manifest format {manifest.FormatVersion}; this OpsModule reads up to {BackupManifest.CurrentFormatVersion}. Update OpsModule to restore it.");
        }

        if (!string.IsNullOrEmpty(manifest.Artifact))
        {
            artifactPath = Path.Combine(Path.GetDirectoryName(manifestPath) ?? string.Empty, manifest.Artifact);
        }

        if (!File.Exists(artifactPath))
        {
            throw Incomplete(manifestPath, $"names the artifact '{artifactPath}', which is missing");
        }

        return new StoredBackup(artifactPath, manifestPath, manifest);
    }

    private static OpsException Incomplete(string path, string what) =>
        new(ErrorIds.BackupIncomplete, OpsErrorCategory.InvalidData, path, $"The backup '{path}' {what}. Restore another backup.");
}
