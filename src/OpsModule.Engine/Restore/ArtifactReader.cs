using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Compression;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Restore;

/// <summary>
/// The mirror of <see cref="ArtifactSink"/>: reads an artifact from its store once, hashing the stored bytes as
/// they pass and decompressing them for the restore. <see cref="Verify"/> then reads whatever the consumer left,
/// and fails with BackupChecksumMismatch when size or SHA-256 differ from the manifest, so a restore can check the
/// hash while streaming and decide only afterwards whether what it built may be used.
/// </summary>
internal sealed class ArtifactReader : IDisposable
{
    private readonly Stream _raw;
    private readonly HashingReadStream _hashing;
    private readonly Stream _content;
    private readonly Stream? _decryption;
    private readonly BackupManifest _manifest;
    private readonly string _display;

    internal ArtifactReader(IBackupSource source, string artifactName, BackupManifest manifest, EncryptionKey? key = null)
    {
        _manifest = manifest;
        _display = source.PathOf(artifactName);
        _raw = source.OpenRead(artifactName);
        _hashing = new HashingReadStream(_raw);
        _decryption = manifest.Encryption is null ? null : ChunkedAesGcm.Decrypt(_hashing, EncryptionCheck.Require(manifest, key, _display));
        _content = Codec.Decompress(_decryption ?? _hashing, manifest.Compression);
    }

    /// <summary>The decompressed artifact (e.g. the pg_dump archive).</summary>
    internal Stream Content => _content;

    /// <summary>Stored bytes read so far.</summary>
    internal long BytesRead => _hashing.BytesRead;

    /// <summary>Reads the rest of the stored bytes and checks size and SHA-256 against the manifest.</summary>
    internal void Verify()
    {
        var buffer = new byte[1 << 16];
        while (_hashing.Read(buffer, 0, buffer.Length) > 0)
        {
        }

        string actual = _hashing.BytesRead == _manifest.Size
            ? _hashing.FinishHash()
            : string.Format(CultureInfo.InvariantCulture, "(size {0:N0} bytes, expected {1:N0})", _hashing.BytesRead, _manifest.Size);
        if (!string.Equals(actual, _manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Mismatch(_display, _manifest.Sha256, actual);
        }
    }

    internal static OpsException Mismatch(string artifact, string expected, string actual) => new(
        ErrorIds.BackupChecksumMismatch,
        OpsErrorCategory.InvalidData,
        artifact,
        $"Backup '{artifact}' failed its checksum (expected {expected}, got {actual}). The file is damaged; restore an older backup. The target was not touched.");

    public void Dispose()
    {
        _content.Dispose();
        _decryption?.Dispose();
        _hashing.Dispose();
        _raw.Dispose();
    }

    /// <summary>A read-only pass-through that counts and hashes what is read from the inner stream.</summary>
    private sealed class HashingReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        internal HashingReadStream(Stream inner) => _inner = inner;

        internal long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        internal string FinishHash() => Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = _inner.Read(buffer);
            _hash.AppendData(buffer[..read]);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
