using System;
using System.Threading;
using OpsModule.Engine.Common;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Storage.Local;
using OpsModule.Engine.Storage.S3;

namespace OpsModule.Engine.Storage;

/// <summary>The one place that picks a store for a location: a folder, or <c>s3://bucket/prefix</c>.</summary>
internal static class BackupStores
{
    /// <summary>The write side for backups going to <paramref name="location"/>.</summary>
    internal static IBackupStore ForWriting(string location) => ForWriting(location, null, null, CancellationToken.None);

    /// <summary>The write side, with S3 options (for s3:// locations) and client-side encryption.</summary>
    internal static IBackupStore ForWriting(string location, S3Options? s3, EncryptionKey? key, CancellationToken cancellationToken)
    {
        if (S3BackupLocation.IsS3(location))
        {
            return new S3BackupStore(S3BackupLocation.Parse(location), s3 ?? new S3Options(), cancellationToken) { ClientKey = key };
        }

        var local = new LocalBackupStore(location);
        return key is null ? local : new EncryptingBackupStore(local, key);
    }

    /// <summary>The read side for backups kept at <paramref name="location"/>.</summary>
    internal static IBackupSource ForReading(string location) => ForReading(location, null, CancellationToken.None);

    /// <summary>The read side, with S3 options for s3:// locations.</summary>
    internal static IBackupSource ForReading(string location, S3Options? s3, CancellationToken cancellationToken) =>
        S3BackupLocation.IsS3(location)
            ? new S3BackupStore(S3BackupLocation.Parse(location), s3 ?? new S3Options(), cancellationToken)
            : new LocalBackupSource(location);

    /// <summary>
    /// Readies a store for a backup: fails early when nothing can be written there, and aborts stale unfinished
    /// uploads that earlier runs left (where the store can list them).
    /// </summary>
    internal static void Prepare(IBackupStore store, IOperationObserver observer)
    {
        store.EnsureWritable();
        (store as IPendingUploads)?.AbortStaleUploads(observer);
    }

    /// <summary>Disposes a store or source that holds resources (an S3 client).</summary>
    internal static void Release(object store)
    {
        if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
