using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.S3;

namespace OpsModule.Engine.Recovery;

/// <summary>A backup to test: where it is stored (any store), its artifact and manifest names, and the manifest.</summary>
internal sealed class RecoveryBackup
{
    private RecoveryBackup(IBackupSource source, string artifact, string manifestName, BackupManifest manifest)
    {
        Source = source;
        Artifact = artifact;
        ManifestName = manifestName;
        Manifest = manifest;
    }

    internal IBackupSource Source { get; }

    internal string Artifact { get; }

    internal string ManifestName { get; }

    internal BackupManifest Manifest { get; }

    /// <summary>The artifact's full path or URI, for messages and results.</summary>
    internal string Display => Source.PathOf(Artifact);

    /// <summary>The backup as users see it, with its last verification.</summary>
    internal BackupInfo ToBackupInfo()
    {
        BackupInfo info = Manifest.ToBackupInfo(Source.Location, Source.PathOf(Artifact), Source.PathOf(ManifestName));
        VerificationRecord? record;
        try
        {
            record = VerificationRecord.TryParse(Source.ReadSmallFile(Artifact + VerificationRecord.Suffix));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable record leaves LastVerified empty; the test itself does not need it.
            record = null;
        }

        if (record is not null && string.Equals(record.Sha256, Manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            info.LastVerified = DateTime.SpecifyKind(record.Checked, DateTimeKind.Utc);
            info.LastVerifiedResult = record.Verified;
        }

        return info;
    }

    /// <summary>
    /// The backup at <paramref name="path"/>: its artifact or its manifest, a local path or a store URI. Missing:
    /// SourceNotFound; without a manifest, unreadable or in flight: BackupIncomplete; too new: UnsupportedBackup.
    /// </summary>
    internal static RecoveryBackup Load(string path, S3Options? s3 = null, CancellationToken cancellationToken = default)
    {
        string location;
        string name;
        if (path.Contains("://", StringComparison.Ordinal))
        {
            int slash = path.LastIndexOf('/');
            location = path[..slash];
            name = path[(slash + 1)..];
        }
        else
        {
            string full = Path.GetFullPath(path);
            location = Path.GetDirectoryName(full) ?? ".";
            name = Path.GetFileName(full);
        }

        if (name.Contains(TempFiles.Marker, StringComparison.Ordinal))
        {
            throw Incomplete(path, "is an in-flight file of a backup that was interrupted or is still running");
        }

        // The caller releases the backup's Source (BackupStores.Release) when done with it; here only on failure.
        IBackupSource source = BackupStores.ForReading(location, s3, cancellationToken);
        try
        {
            string manifestName = name.EndsWith(BackupManifest.Suffix, StringComparison.OrdinalIgnoreCase) ? name : name + BackupManifest.Suffix;
            string artifact = manifestName[..^BackupManifest.Suffix.Length];
            if (source.SizeOf(manifestName) < 0)
            {
                if (source.SizeOf(artifact) < 0)
                {
                    throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, path, $"The backup '{path}' does not exist.");
                }

                throw Incomplete(source.PathOf(artifact), "has no manifest: the backup was interrupted before it completed, so it does not count");
            }

            return FromManifest(source, manifestName);
        }
        catch
        {
            BackupStores.Release(source);
            throw;
        }
    }

    /// <summary>The newest complete backup of each database at <paramref name="location"/> (globals artifacts are not databases).</summary>
    /// <remarks>The backups share one Source: the caller releases it once (BackupStores.Release); here only when none is returned.</remarks>
    internal static IReadOnlyList<RecoveryBackup> LatestAt(string location, IOperationObserver observer, S3Options? s3 = null, CancellationToken cancellationToken = default)
    {
        IBackupSource source = BackupStores.ForReading(location, s3, cancellationToken);
        var backups = new List<RecoveryBackup>();
        try
        {
            foreach (string manifestName in source.ListManifests())
            {
                try
                {
                    backups.Add(FromManifest(source, manifestName));
                }
                catch (OpsException ex)
                {
                    observer.Warning($"Skipping '{source.PathOf(manifestName)}': {ex.Message}");
                }
            }
        }
        finally
        {
            if (backups.Count == 0)
            {
                BackupStores.Release(source);
            }
        }

        List<RecoveryBackup> databases = backups.Where(b => !b.Manifest.Engine.EndsWith("-globals", StringComparison.OrdinalIgnoreCase)).ToList();
        Dictionary<RecoveryBackup, string> identity = Catalog.DatabaseIdentity.Keys(databases, b => (string.Empty, b.Manifest.Engine, b.Manifest.Database, b.Manifest.Source));
        return databases
            .GroupBy(b => identity[b], StringComparer.Ordinal)
            .Select(g => g.OrderBy(b => b.Manifest.Created).ThenBy(b => b.Artifact, StringComparer.Ordinal).Last())
            .OrderBy(b => b.Manifest.Database, StringComparer.Ordinal)
            .ToList();
    }

    private static RecoveryBackup FromManifest(IBackupSource source, string manifestName)
    {
        BackupManifest manifest;
        try
        {
            manifest = source.ReadManifest(manifestName);
        }
        catch (JsonException ex)
        {
            throw BackupManifest.Unreadable(source.PathOf(manifestName), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.BackupNotReadable,
                ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.InvalidData,
                source.PathOf(manifestName),
                $"The manifest '{source.PathOf(manifestName)}' cannot be read ({BackupCatalog.Reason(ex)}). Give this account read access to it, or test the backup as its owner.",
                ex);
        }

        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
        {
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidData,
                source.PathOf(manifestName),
                $"The backup '{source.PathOf(manifestName)}' has manifest format {manifest.FormatVersion}; this OpsModule reads up to {BackupManifest.CurrentFormatVersion}. Update OpsModule to test it.");
        }

        string artifact = manifestName[..^BackupManifest.Suffix.Length];
        if (!string.IsNullOrEmpty(manifest.Artifact) && !string.Equals(manifest.Artifact, artifact, StringComparison.Ordinal))
        {
            throw Incomplete(source.PathOf(manifestName), $"names the artifact '{manifest.Artifact}', not its own '{artifact}'");
        }

        if (source.SizeOf(artifact) < 0)
        {
            throw Incomplete(source.PathOf(manifestName), $"names the artifact '{source.PathOf(artifact)}', which is missing");
        }

        return new RecoveryBackup(source, artifact, manifestName, manifest);
    }

    private static OpsException Incomplete(string path, string what) =>
        new(ErrorIds.BackupIncomplete, OpsErrorCategory.InvalidData, path, $"The backup '{path}' {what}. Test another backup.");
}
