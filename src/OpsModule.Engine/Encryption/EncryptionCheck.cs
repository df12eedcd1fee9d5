using OpsModule.Engine.Backup;

namespace OpsModule.Engine.Encryption;

/// <summary>Refuses an encrypted backup without its key, or with another key, before anything is read or written.</summary>
internal static class EncryptionCheck
{
    /// <summary>The key to decrypt <paramref name="manifest"/>'s artifact with; throws when it is missing or not the backup's key.</summary>
    internal static EncryptionKey Require(BackupManifest manifest, EncryptionKey? key, string backup)
    {
        ManifestEncryption encryption = manifest.Encryption!;
        if (encryption.Algorithm != ChunkedAesGcm.AlgorithmName)
        {
            throw new OpsException(
                ErrorIds.UnsupportedBackup,
                OpsErrorCategory.InvalidData,
                backup,
                $"The backup '{backup}' is encrypted with '{encryption.Algorithm}', which this OpsModule cannot decrypt. Update OpsModule.");
        }

        if (key is null)
        {
            throw new OpsException(
                ErrorIds.EncryptionKeyRequired,
                OpsErrorCategory.InvalidArgument,
                backup,
                $"The backup '{backup}' is encrypted (key fingerprint {encryption.KeyFingerprint}). Give its key with -EncryptionKey (a key file or a SecureString). Nothing was written.");
        }

        if (!string.Equals(key.Fingerprint, encryption.KeyFingerprint, System.StringComparison.OrdinalIgnoreCase))
        {
            throw new OpsException(
                ErrorIds.EncryptionKeyMismatch,
                OpsErrorCategory.InvalidArgument,
                backup,
                $"The -EncryptionKey given (fingerprint {key.Fingerprint}) is not the key the backup '{backup}' was encrypted with (fingerprint {encryption.KeyFingerprint}). Nothing was written.");
        }

        return key;
    }
}
