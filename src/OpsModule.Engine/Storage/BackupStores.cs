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
        RefuseForeignScheme(location);
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
    internal static IBackupSource ForReading(string location, S3Options? s3, CancellationToken cancellationToken)
    {
        RefuseForeignScheme(location);
        return S3BackupLocation.IsS3(location)
            ? new S3BackupStore(S3BackupLocation.Parse(location), s3 ?? new S3Options(), cancellationToken)
            : new LocalBackupSource(location);
    }

    /// <summary>
    /// The scheme of a location that is a URI other than s3:// (gs, https, ftp, file, ...), lower-cased; null for a folder or
    /// s3://. A one-letter "scheme" is a Windows drive (C://backups), not a URI.
    /// </summary>
    internal static string? ForeignScheme(string location)
    {
        string trimmed = location.TrimStart();
        int separator = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (separator < 2 || S3BackupLocation.IsS3(trimmed) || !char.IsAsciiLetter(trimmed[0]))
        {
            return null;
        }

        for (int i = 1; i < separator; i++)
        {
            char c = trimmed[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return null;
            }
        }

        return trimmed[..separator].ToLowerInvariant();
    }

    /// <summary>The InvalidArgument error for a location whose scheme is <paramref name="scheme"/> (see <see cref="ForeignScheme"/>).</summary>
    internal static OpsException ForeignSchemeError(string location, string scheme)
    {
        string shown = Redaction.Redact(location.Trim());
        string hint = scheme == "file" ? " For a local folder, give its path without file://." : string.Empty;
        return new OpsException(
            ErrorIds.InvalidArgument,
            OpsErrorCategory.InvalidArgument,
            shown,
            $"'{shown}' is not a location OpsModule can read or write ({scheme}:// is not supported): a backup location is a folder (a local path or a mounted share) or s3://bucket/prefix (S3, or an S3-compatible store with -EndpointUrl).{hint}");
    }

    /// <summary>Throws <see cref="ForeignSchemeError"/> for a location that is a URI other than s3://.</summary>
    internal static void RefuseForeignScheme(string location)
    {
        if (ForeignScheme(location) is string scheme)
        {
            throw ForeignSchemeError(location, scheme);
        }
    }

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
