using System;
using System.Globalization;
using System.IO;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Compression;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Restore;

/// <summary>
/// The mirror of <see cref="ArtifactSink"/>: reads an artifact from its store once, hashing the stored bytes as
/// they pass, decrypting them (with the key) and decompressing them for the restore. <see cref="Verify()"/> then reads
/// whatever the consumer left, and fails with BackupChecksumMismatch when size or SHA-256 differ from the manifest,
/// so a restore can check the hash while streaming and decide only afterwards whether what it built may be used.
/// Every restore reads artifacts through it: PostgreSQL into pg_restore, SQLite into the copy beside its target,
/// and the staging of S3 and encrypted backups (which keeps the stored compression: <c>decompress: false</c>).
/// </summary>
internal sealed class ArtifactReader : IDisposable
{
    private readonly Stream _raw;
    private readonly HashingReadStream _hashing;
    private readonly Stream _content;
    private readonly Stream? _decryption;
    private readonly BackupManifest _manifest;
    private readonly string _display;

    internal ArtifactReader(IBackupSource source, string artifactName, BackupManifest manifest, EncryptionKey? key = null, bool decompress = true, IOperationObserver? observer = null)
    {
        _manifest = manifest;
        _display = source.PathOf(artifactName);
        _raw = source.OpenRead(artifactName);
        _hashing = new HashingReadStream(_raw);
        string display = _display;
        _decryption = manifest.Encryption is null
            ? null
            : ChunkedAesGcm.Decrypt(_hashing, EncryptionCheck.Require(manifest, key, _display), zeroKeyUsed: () =>
            {
                ZeroKeyUsed = true;
                observer?.Warning(ZeroKeyWarning(display));
            });
        _content = decompress ? Codec.Decompress(_decryption ?? _hashing, manifest.Compression) : new NonClosingStream(_decryption ?? _hashing);
    }

    /// <summary>The decrypted, decompressed artifact (e.g. the pg_dump archive); with <c>decompress: false</c> still compressed.</summary>
    internal Stream Content => _content;

    /// <summary>
    /// The artifact opened only with the all-zero key: anyone could have written it, so a verification must not pass it
    /// (Restore-Database still reads it, with the warning, as it would an unencrypted backup).
    /// </summary>
    internal bool ZeroKeyUsed { get; private set; }

    /// <summary>Stored bytes read so far.</summary>
    internal long BytesRead => _hashing.BytesRead;

    /// <summary>The failure of reading the stored bytes themselves (a disk error, a denied read), as opposed to a failure to decode them.</summary>
    internal Exception? ReadFailure => _hashing.ReadFailure;

    /// <summary>Reads the rest of the stored bytes and checks size and SHA-256 against the manifest.</summary>
    internal void Verify() => Verify(null);

    /// <summary>
    /// As <see cref="Verify()"/>; a <paramref name="contentError"/> (the stored bytes did not decrypt or decode) also
    /// makes the artifact damaged, and is named in the message.
    /// </summary>
    internal void Verify(string? contentError)
    {
        string hash = _hashing.FinishHash();
        string actual = _hashing.BytesRead == _manifest.Size
            ? hash
            : string.Format(CultureInfo.InvariantCulture, "(size {0:N0} bytes, expected {1:N0})", _hashing.BytesRead, _manifest.Size);
        if (!string.Equals(actual, _manifest.Sha256, StringComparison.OrdinalIgnoreCase) || contentError is not null)
        {
            throw Mismatch(_display, _manifest.Sha256, contentError is null ? actual : actual + "; " + contentError);
        }
    }

    /// <summary>What to say of an artifact that only the all-zero key opens.</summary>
    internal static string ZeroKeyWarning(string artifact) =>
        $"'{artifact}' was encrypted with an all-zero key, not with its key file's key: OpsModule versions before this fix did that with a raw 32-byte key file, so anyone can decrypt this backup, and anyone who can write to where it is stored could have made it. It was read anyway, but a verification does not pass it; take a new backup and remove this one.";

    internal static OpsException Mismatch(string artifact, string expected, string actual) => new(
        ErrorIds.BackupChecksumMismatch,
        OpsErrorCategory.InvalidData,
        artifact,
        $"Backup '{artifact}' failed its checksum (expected {expected}, got {actual}): the file is damaged. Use an older backup.");

    public void Dispose()
    {
        _content.Dispose();
        _decryption?.Dispose();
        _hashing.Dispose();
        _raw.Dispose();
    }
}
