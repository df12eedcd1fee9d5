using System;
using System.Globalization;
using System.IO;
using OpsModule.Engine.Common;
using OpsModule.Engine.Compression;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Backup;

/// <summary>
/// Writes one artifact: bytes go through the codec and SHA-256 into an in-flight file, which becomes the
/// artifact on <see cref="Complete"/>; the manifest is written after it. Until then nothing counts as a backup,
/// and disposing an incomplete sink removes what it wrote.
/// </summary>
internal sealed class ArtifactSink : IDisposable
{
    private readonly IBackupStore _store;
    private readonly IArtifactWriter _writer;
    private readonly HashingStream _hashing;
    private readonly Stream _codec;
    private readonly Stream? _encryption;
    private readonly IStoreWriteOptions? _options;
    private bool _codecClosed;

    internal ArtifactSink(IBackupStore store, string artifactName, BackupCompression compression, int? level)
    {
        _store = store;
        ArtifactName = artifactName;
        _writer = store.CreateArtifact(artifactName);
        _hashing = new HashingStream(_writer.Stream, leaveOpen: true);

        // Client-side encryption sits between the codec and the hash: the manifest's SHA-256 is of the bytes as stored.
        _options = store as IStoreWriteOptions;
        _encryption = _options?.ClientKey is { } key ? ChunkedAesGcm.Encrypt(_hashing, key) : null;
        _codec = Codec.Compress(_encryption ?? _hashing, compression, level);
    }

    internal string ArtifactName { get; }

    internal string ManifestName => ArtifactName + BackupManifest.Suffix;

    /// <summary>Where the uncompressed database bytes go.</summary>
    internal Stream Input => _codec;

    /// <summary>
    /// Finishes the artifact, commits it under its final name, and writes the manifest last.
    /// The manifest's size and checksum are filled in here.
    /// </summary>
    internal BackupInfo Complete(BackupManifest manifest, IOperationObserver observer, System.Threading.CancellationToken cancellationToken)
    {
        _codec.Dispose();
        _codecClosed = true;
        _encryption?.Dispose();
        _hashing.Flush();
        manifest.Size = _hashing.BytesWritten;
        manifest.Sha256 = _hashing.FinishHash();
        manifest.Artifact = ArtifactName;
        if (_options?.ClientKey is { } clientKey)
        {
            manifest.Encryption = new ManifestEncryption { Algorithm = ChunkedAesGcm.AlgorithmName, KeyFingerprint = clientKey.Fingerprint, ChunkSize = ChunkedAesGcm.DefaultChunkSize };
        }

        TestHook.Pause("backup-before-commit", cancellationToken);
        _writer.Commit();
        _options?.Describe(manifest);
        observer.Verbose(string.Format(CultureInfo.InvariantCulture, "Wrote artifact '{0}' ({1:N0} bytes, SHA-256 {2}).", _store.PathOf(ArtifactName), manifest.Size, manifest.Sha256));

        try
        {
            TestHook.Pause("backup-before-manifest", cancellationToken);
            _store.WriteAtomically(ManifestName, manifest.ToJson());
        }
        catch
        {
            // An artifact without its manifest does not count; do not leave it looking like a backup.
            _store.TryDelete(ArtifactName);
            throw;
        }

        observer.Verbose($"Wrote manifest '{_store.PathOf(ManifestName)}'; the backup is complete.");
        return manifest.ToBackupInfo(_store.Location, _store.PathOf(ArtifactName), _store.PathOf(ManifestName));
    }

    public void Dispose()
    {
        if (!_codecClosed)
        {
            try
            {
                _codec.Dispose();
            }
            catch (IOException)
            {
                // The artifact is being abandoned; its in-flight file is removed below.
            }
        }

        _hashing.Dispose();
        _writer.Dispose();
    }
}
