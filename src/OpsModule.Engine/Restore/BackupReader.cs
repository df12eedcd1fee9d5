using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;

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

        if (Directory.Exists(full))
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                path,
                $"'{path}' is a folder, not a backup. Give one backup (its artifact or manifest file), or pick one from the folder: Get-DatabaseBackup -Location '{path}' -Database <name> -Latest | Restore-Database ...");
        }

        if (full.EndsWith(VerificationRecord.Suffix, StringComparison.OrdinalIgnoreCase))
        {
            // A backup's verification record (Get-ChildItem of a backup folder lists it too) names the same backup.
            full = full[..^VerificationRecord.Suffix.Length];
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
            if (!BackupNaming.IsArtifactName(Path.GetFileName(artifactPath)))
            {
                // Not named as Backup-Database names its artifacts: a database, a log, some other file.
                throw new OpsException(
                    ErrorIds.InvalidArgument,
                    OpsErrorCategory.InvalidArgument,
                    path,
                    $"'{path}' is not a backup made by Backup-Database: there is no manifest '{Path.GetFileName(manifestPath)}' beside it. Give a backup's artifact or manifest file (Get-DatabaseBackup -Location <folder> lists them).");
            }

            throw Incomplete(artifactPath, "has no manifest: the backup was interrupted before it completed, so it does not count");
        }

        byte[] json;
        try
        {
            json = File.ReadAllBytes(manifestPath);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new OpsException(
                ErrorIds.BackupNotReadable,
                ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.InvalidData,
                manifestPath,
                $"Cannot read the manifest '{manifestPath}': {Messages.Sentence(ex.Message)} Check its permissions.",
                ex);
        }

        BackupManifest manifest;
        try
        {
            CheckRequiredFields(json, manifestPath);
            manifest = BackupManifest.Parse(json);
        }
        catch (JsonException ex)
        {
            throw BackupManifest.Unreadable(manifestPath, ex);
        }

        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
        {
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidData,
                manifestPath,
                $"The backup '{artifactPath}' has manifest format {manifest.FormatVersion}; this OpsModule reads up to {BackupManifest.CurrentFormatVersion}. Update OpsModule to restore it.");
        }

        CheckFields(manifest, manifestPath);
        artifactPath = Path.Combine(Path.GetDirectoryName(manifestPath) ?? string.Empty, manifest.Artifact);

        if (!File.Exists(artifactPath))
        {
            throw Incomplete(manifestPath, $"names the artifact '{artifactPath}', which is missing");
        }

        return new StoredBackup(artifactPath, manifestPath, manifest);
    }

    private static readonly string[] RequiredFields = ["formatVersion", "engine", "artifact", "created", "compression", "size", "sha256", "tables"];

    /// <summary>Every field a restore relies on is in the document, and none is null.</summary>
    private static void CheckRequiredFields(byte[] json, string manifestPath)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(manifestPath, "is not a JSON object", null);
        }

        var missing = RequiredFields
            .Where(name => !document.RootElement.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            .ToList();
        if (missing.Count > 0)
        {
            throw Invalid(manifestPath, $"lacks or has null for: {string.Join(", ", missing)}", null);
        }
    }

    /// <summary>
    /// Every field a restore relies on is present, and the artifact is the manifest's own: a bare file name in the
    /// manifest's folder, equal to the manifest's name minus <c>.manifest.json</c>.
    /// </summary>
    private static void CheckFields(BackupManifest manifest, string manifestPath)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(manifest.Engine))
        {
            missing.Add("engine");
        }

        if (string.IsNullOrWhiteSpace(manifest.Artifact))
        {
            missing.Add("artifact");
        }

        if (string.IsNullOrWhiteSpace(manifest.Sha256))
        {
            missing.Add("sha256");
        }

        if (manifest.Tables is null || manifest.Tables.Keys.Any(string.IsNullOrEmpty))
        {
            missing.Add("tables");
        }

        if (manifest.Created == default)
        {
            missing.Add("created");
        }

        if (manifest.Size <= 0)
        {
            missing.Add("size");
        }

        if (!Enum.IsDefined(manifest.Compression))
        {
            missing.Add("compression");
        }

        if (missing.Count > 0)
        {
            throw Invalid(manifestPath, $"lacks or has no valid value for: {string.Join(", ", missing)}", null);
        }

        string own = Path.GetFileName(manifestPath)[..^BackupManifest.Suffix.Length];
        if (!string.Equals(manifest.Artifact, own, StringComparison.Ordinal))
        {
            throw Invalid(manifestPath, $"names the artifact '{manifest.Artifact}', but a manifest describes only its own artifact '{own}' (a file name in the manifest's folder)", null);
        }

        manifest.Database ??= string.Empty;
        manifest.Source ??= string.Empty;
        manifest.ModuleVersion ??= string.Empty;
        manifest.EngineVersion ??= string.Empty;
    }

    private static OpsException Invalid(string manifestPath, string what, Exception? inner) =>
        new(ErrorIds.InvalidManifest, OpsErrorCategory.InvalidData, manifestPath, $"The manifest '{manifestPath}' {what}. It was not written by Backup-Database or was changed since; restore another backup.", inner);

    private static OpsException Incomplete(string path, string what) =>
        new(ErrorIds.BackupIncomplete, OpsErrorCategory.InvalidData, path, $"The backup '{path}' {what}. Restore another backup.");

    /// <summary>
    /// The error for a backup in a store (S3) named by <paramref name="file"/> (its artifact or manifest) whose manifest is
    /// missing: BackupIncomplete when its artifact is there (a run that was interrupted), as for a folder; else SourceNotFound.
    /// </summary>
    internal static OpsException Missing(IBackupSource source, string file, string named, Exception? inner = null)
    {
        string artifact = file.EndsWith(BackupManifest.Suffix, StringComparison.Ordinal) ? file[..^BackupManifest.Suffix.Length] : file;
        bool hasArtifact = source.SizeOf(artifact) >= 0;
        bool hasManifest = source.SizeOf(artifact + BackupManifest.Suffix) >= 0;
        return (hasArtifact, hasManifest) switch
        {
            (true, false) when BackupNaming.IsArtifactName(artifact) => Incomplete(source.PathOf(artifact), "has no manifest: the backup was interrupted before it completed, so it does not count"),
            (false, true) => new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, named, $"The artifact '{source.PathOf(artifact)}' of the backup '{named}' is missing (its manifest is there): it cannot be verified or restored. Restore another backup.", inner),
            _ => new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, named, $"The backup '{named}' does not exist (no manifest '{source.PathOf(artifact + BackupManifest.Suffix)}').", inner),
        };
    }
}
