using OpsModule.Engine.Backup;
using OpsModule.Engine.Encryption;

namespace OpsModule.Engine.Storage;

/// <summary>
/// How a store wants artifacts written beyond plain bytes: client-side encryption (applied by the artifact sink
/// before hashing, so the manifest's SHA-256 is of the stored bytes) and what the manifest should record about
/// the store's own handling (server-side encryption, read-back verification). Implemented by stores that have any.
/// </summary>
internal interface IStoreWriteOptions
{
    /// <summary>The client-side encryption key, or null for none.</summary>
    EncryptionKey? ClientKey { get; }

    /// <summary>Records in the manifest how the committed artifact was stored (called after Commit).</summary>
    void Describe(BackupManifest manifest);
}

/// <summary>A store with client-side encryption added (local folders; S3 takes the key itself).</summary>
internal sealed class EncryptingBackupStore : IBackupStore, IStoreWriteOptions
{
    private readonly IBackupStore _inner;

    internal EncryptingBackupStore(IBackupStore inner, EncryptionKey key)
    {
        _inner = inner;
        ClientKey = key;
    }

    public EncryptionKey? ClientKey { get; }

    public string Location => _inner.Location;

    /// <summary>
    /// The temp folder, never the destination: the staging copy is the database unencrypted, and the backup's data is
    /// encrypted before it is written anywhere (helper-120: a folder on a backup share held the plain copy while the
    /// backup ran, and after a kill until the next one). -StagingPath still chooses another local folder.
    /// </summary>
    public string StagingFolder => System.IO.Path.GetTempPath();

    public void EnsureWritable() => _inner.EnsureWritable();

    public string PathOf(string fileName) => _inner.PathOf(fileName);

    public IArtifactWriter CreateArtifact(string fileName) => _inner.CreateArtifact(fileName);

    public void WriteAtomically(string fileName, System.ReadOnlySpan<byte> content) => _inner.WriteAtomically(fileName, content);

    public void TryDelete(string fileName) => _inner.TryDelete(fileName);

    public void Describe(BackupManifest manifest)
    {
        if (_inner is IStoreWriteOptions inner)
        {
            inner.Describe(manifest);
        }
    }
}
