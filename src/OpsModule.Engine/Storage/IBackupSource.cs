using System;
using System.Collections.Generic;
using System.IO;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Storage;

/// <summary>
/// The read side of a backup location: what restores, listings and retention use. One implementation per backend
/// (a folder today; S3 next), chosen by <see cref="BackupStores"/>.
/// </summary>
internal interface IBackupSource
{
    /// <summary>The location as the user named it.</summary>
    string Location { get; }

    /// <summary>The full path or URI of a file in this location.</summary>
    string PathOf(string fileName);

    /// <summary>Names of the manifests (complete backups) in the location, oldest first.</summary>
    IReadOnlyList<string> ListManifests();

    /// <summary>Names of every file in the location (complete or not, in-flight files too), for catalogs that show incomplete backups.</summary>
    IReadOnlyList<string> ListFiles();

    /// <summary>Reads a small file whole (a manifest, a verification record), or null when it is missing.</summary>
    byte[]? ReadSmallFile(string fileName);

    /// <summary>Reads and parses a manifest.</summary>
    BackupManifest ReadManifest(string manifestName);

    /// <summary>Opens an artifact for sequential reading; throws FileNotFoundException when it is missing.</summary>
    Stream OpenRead(string fileName);

    /// <summary>The stored size of a file, or -1 when it is missing.</summary>
    long SizeOf(string fileName);

    /// <summary>When a file was last written (UTC), or null when it is missing.</summary>
    DateTime? LastWriteTimeOf(string fileName);

    /// <summary>Removes a file (a manifest first, then its artifact, so a half-removed backup never counts).</summary>
    void Delete(string fileName);
}

/// <summary>An unfinished multipart upload in a store: its file name under the location, its id and when it began (UTC).</summary>
internal sealed record PendingUpload(string FileName, string UploadId, DateTime Initiated);

/// <summary>
/// Stores where an interrupted backup can leave an unfinished upload (S3 multipart uploads, invisible as objects):
/// listed by Get-DatabaseBackup -IncludeIncomplete, and stale ones aborted by the next backup to the location.
/// </summary>
internal interface IPendingUploads
{
    /// <summary>The unfinished uploads of backup artifacts, or null when the store cannot list them (said in verbose).</summary>
    IReadOnlyList<PendingUpload>? ListPendingUploads(IOperationObserver observer);

    /// <summary>Aborts the uploads older than the store's stale age; never throws for a store that cannot (verbose).</summary>
    void AbortStaleUploads(IOperationObserver observer);
}
