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

    /// <summary>The artifact's name: the one asked for until <see cref="Complete"/>, then the one committed.</summary>
    internal string ArtifactName { get; private set; }

    internal string ManifestName => ArtifactName + BackupManifest.Suffix;

    /// <summary>Where the uncompressed database bytes go.</summary>
    internal Stream Input => _codec;

    /// <summary>
    /// Finishes the artifact, commits it under its final name, and writes the manifest last.
    /// The manifest's size and checksum are filled in here.
    /// </summary>
    internal BackupInfo Complete(BackupManifest manifest, IOperationObserver observer, System.Threading.CancellationToken cancellationToken)
    {
        CloseCodec();
        _encryption?.Dispose();
        _hashing.Flush();
        manifest.Size = _hashing.BytesWritten;
        manifest.Sha256 = _hashing.FinishHash();
        if (_options?.ClientKey is { } clientKey)
        {
            manifest.Encryption = new ManifestEncryption { Algorithm = ChunkedAesGcm.AlgorithmName, KeyFingerprint = clientKey.Fingerprint, ChunkSize = ChunkedAesGcm.DefaultChunkSize };
        }

        TestHook.Pause("backup-before-commit", cancellationToken);
        ArtifactName = _writer.Commit();
        manifest.Artifact = ArtifactName;
        _options?.Describe(manifest);
        observer.Verbose(string.Format(CultureInfo.InvariantCulture, "Wrote artifact '{0}' ({1:N0} bytes, SHA-256 {2}){3}.", _store.PathOf(ArtifactName), manifest.Size, manifest.Sha256, _writer.CommitNote is { } note ? " " + note : string.Empty));

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

    /// <summary>
    /// Ends the codec's output (what went through <see cref="Input"/> becomes complete frames), then appends
    /// <paramref name="compressed"/> as it is: bytes already compressed with the same codec. zstd frames and gzip
    /// members decompress as the concatenation of their contents, so the artifact stays one ordinary file.
    /// </summary>
    internal void AppendCompressed(Stream compressed, StreamCopy.Step step, IOperationObserver observer, System.Threading.CancellationToken cancellationToken)
    {
        CloseCodec();
        StreamCopy.Copy(compressed, _encryption ?? _hashing, compressed.Length - compressed.Position, step, observer, cancellationToken);
    }

    private void CloseCodec()
    {
        if (!_codecClosed)
        {
            _codecClosed = true;
            _codec.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_codecClosed)
            {
                _codecClosed = true;
                _codec.Dispose();
            }
        }
        catch (IOException)
        {
            // The artifact is being abandoned (a full disk fails the codec's last flush); its file is removed below.
        }
        finally
        {
            _hashing.Dispose();
            _writer.Dispose();
        }
    }
}
