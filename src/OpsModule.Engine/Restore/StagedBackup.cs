using System;
using System.IO;
using System.Threading;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Common;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Restore;

/// <summary>
/// Brings a backup the restore engines cannot read in place (an S3 object, a client-side encrypted artifact) to
/// a local scratch folder: the stored bytes are hashed as they arrive and must have the manifest's size and SHA-256
/// (BackupChecksumMismatch otherwise) before the restore may start; an encrypted artifact is refused without its
/// key (EncryptionKeyRequired/EncryptionKeyMismatch) before anything is downloaded, and decrypted on the way.
/// The scratch copy gets its own manifest, so the engines restore it like any local backup. It lives in a folder of
/// its own readable by its owner only (0700, files 0600) that this run holds a lock on (<see cref="OwnedFolder"/>):
/// Dispose removes it, and a later restore removes it when this run was killed (<see cref="RestoreScratch"/>).
/// </summary>
internal sealed class StagedBackup : IDisposable
{
    private const string Activity = "Restore-Database";
    private readonly OwnedFolder _folder;

    private StagedBackup(OwnedFolder folder, string manifestPath, BackupInfo original, StagedArtifact artifact)
    {
        _folder = folder;
        ManifestPath = manifestPath;
        Original = original;
        Artifact = artifact;
    }

    /// <summary>The staged copy's manifest (a local path the restore engines load).</summary>
    internal string ManifestPath { get; }

    /// <summary>The backup as stored (for the RestoreResult).</summary>
    internal BackupInfo Original { get; }

    /// <summary>The stored artifact's checked SHA-256 and whether it was decrypted (for the restore's Checksum check).</summary>
    internal StagedArtifact Artifact { get; }

    /// <summary>True when the backup at <paramref name="manifest"/> must be staged (not a plain local artifact).</summary>
    internal static bool Needed(string location, BackupManifest manifest) =>
        Storage.S3.S3BackupLocation.IsS3(location) || manifest.Encryption is not null;

    internal static StagedBackup Stage(IBackupSource source, string manifestName, EncryptionKey? key, string? stagingFolder, IOperationObserver observer, CancellationToken cancellationToken)
    {
        BackupManifest manifest = source.ReadManifest(manifestName);
        string artifact = string.IsNullOrEmpty(manifest.Artifact) ? manifestName[..^BackupManifest.Suffix.Length] : manifest.Artifact;
        string display = source.PathOf(artifact);
        EncryptionKey? decryptWith = manifest.Encryption is null ? null : EncryptionCheck.Require(manifest, key, display);

        RestoreScratch.RemoveAbandoned(stagingFolder, observer);
        var folder = OwnedFolder.Create(RestoreScratch.Folder(stagingFolder), RestoreScratch.StagedPrefix);
        try
        {
            string local = Path.Combine(folder.Path, artifact);
            observer.Verbose($"Staging '{display}' in '{folder.Path}' (its SHA-256 is checked before the restore starts).");
            var stored = new StagedArtifact(manifest.Sha256, decryptWith is not null, display);
            using (var reader = new ArtifactReader(source, artifact, manifest, decryptWith, decompress: false, observer: observer))
            using (var output = new FileStream(local, TempFiles.Options(FileMode.CreateNew, 1 << 20)))
            using (var staged = new HashingStream(output, leaveOpen: true))
            {
                string? decryptError = null;
                try
                {
                    StreamCopy.Copy(reader.Content, staged, manifest.Size, new StreamCopy.Step(Activity, "Reading " + display, "restore-staging"), observer, cancellationToken);
                }
                catch (InvalidDataException ex)
                {
                    decryptError = ex.Message;
                }

                reader.Verify(decryptError);
                staged.Flush();
                manifest.Size = staged.BytesWritten;
                manifest.Sha256 = staged.FinishHash();
            }

            observer.Verbose($"The stored artifact's size and SHA-256 match its manifest{(decryptWith is null ? string.Empty : "; decrypted with the key of fingerprint " + decryptWith.Fingerprint)}.");
            BackupInfo original = source.ReadManifest(manifestName).ToBackupInfo(source.Location, display, source.PathOf(manifestName));
            manifest.Encryption = null;
            manifest.Artifact = artifact;
            string stagedManifest = local + BackupManifest.Suffix;
            using (var written = new FileStream(stagedManifest, TempFiles.Options(FileMode.CreateNew, 0)))
            {
                written.Write(manifest.ToJson());
            }

            return new StagedBackup(folder, stagedManifest, original, stored);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
        finally
        {
            observer.ProgressCompleted(Activity);
        }
    }

    public void Dispose() => _folder.Dispose();
}
