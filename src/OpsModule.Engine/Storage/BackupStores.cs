using System;
using OpsModule.Engine.Storage.Local;

namespace OpsModule.Engine.Storage;

/// <summary>The one place that picks a store for a location (a folder today; <c>s3://</c> comes with the S3 backend).</summary>
internal static class BackupStores
{
    /// <summary>The write side for backups going to <paramref name="location"/>.</summary>
    internal static IBackupStore ForWriting(string location)
    {
        RefuseUnsupported(location);
        return new LocalBackupStore(location);
    }

    /// <summary>The read side for backups kept at <paramref name="location"/>.</summary>
    internal static IBackupSource ForReading(string location)
    {
        RefuseUnsupported(location);
        return new LocalBackupSource(location);
    }

    private static void RefuseUnsupported(string location)
    {
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                location,
                $"'{location}': S3 locations are not supported by this version of OpsModule yet. Use a folder.");
        }
    }
}
