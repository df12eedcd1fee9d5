using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Catalog;

/// <summary>
/// Keeps retention from removing backups while a backup writes to the same location, and two retention runs
/// apart. Backups take the lock shared (many backups may write to one location at once), retention takes it
/// exclusively. It is an OS file lock (flock) in the lock folder of <see cref="OperationLock"/> (checked the same way), so a run
/// that dies, even by kill -9, releases it and the next run simply takes it over. It guards runs on this host.
/// On Linux retention removes the location's lock file while it still holds it exclusively (as <see cref="OperationLock"/>
/// does), so the folder keeps a file only for locations that backups used since the last retention run there; a run that
/// locked a file no longer at the name (removed as retention let go) takes the one there instead. A backup never holds the
/// lock exclusively, not even for a moment, so a stopped backup holds up only retention at its own location.
/// </summary>
internal sealed class LocationLock : IDisposable
{
    private readonly FileStream _file;
    private readonly bool _exclusive;

    private LocationLock(FileStream file, bool exclusive)
    {
        _file = file;
        _exclusive = exclusive;
    }

    /// <summary>Tests only: runs after each lock is taken, before it is checked to be still at its name.</summary>
    internal static Action? LockedForTests { get; set; }

    /// <summary>A backup's lock: shared with other backups, exclusive of retention.</summary>
    internal static LocationLock ForBackup(string location) => Acquire(location, exclusive: false, "a backup");

    /// <summary>A retention run's lock: exclusive.</summary>
    internal static LocationLock ForRetention(string location) => Acquire(location, exclusive: true, "retention");

    /// <summary>The lock file of <paramref name="location"/>.</summary>
    internal static string PathFor(string location)
    {
        // A folder is named by its real path (every symlink resolved, as the operation lock names a database): a backup
        // through a link to the folder and retention on the folder itself take one lock (helper-99: they took two, and
        // retention removed the artifact of a backup still writing its manifest). A backup locks before it creates a new
        // folder: the part that exists is resolved (a new folder under a linked parent, helper-102).
        string canonical = location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? location : RealPath.OfMaybeMissing(location);
        string key = "location|" + canonical.TrimEnd('/', Path.DirectorySeparatorChar);
        return Path.Combine(OperationLock.Folder(), Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32].ToLowerInvariant() + ".location.lock");
    }

    public void Dispose()
    {
        if (_exclusive && OperatingSystem.IsLinux())
        {
            // Held exclusively since it was checked to be at its name, so it still is: nobody else removes a lock file
            // without holding it exclusively. A run that opened it meanwhile sees it is gone and takes the one there.
            TempFiles.TryDelete(_file.Name);
        }

        _file.Dispose();
    }

    private static LocationLock Acquire(string location, bool exclusive, string what)
    {
        // The folder is checked as OperationLock checks it (private to this user, no link): a folder another user made
        // first could otherwise hold a planted link at the predictable name, which this run would open and create through.
        string folder = OperationLock.Folder();
        OperationLock.EnsurePrivateFolder(folder, location);
        string path = PathFor(location);
        try
        {
            FileStream file = Open(path, exclusive);
            for (int replaced = 0; ; replaced++)
            {
                LockedForTests?.Invoke();
                if (OperationLock.IsStillAt(file, path))
                {
                    return new LocationLock(file, exclusive);
                }

                // The file locked is no longer at the name (retention removed it as it let go, between this run's open and
                // its lock): a lock on it keeps nobody out. Take the file there now (a new one, or another run's).
                file.Dispose();
                if (replaced == 10)
                {
                    throw new IOException($"The lock file '{path}' keeps being replaced.");
                }

                file = Open(path, exclusive);
            }
        }
        catch (IOException ex)
        {
            throw new OpsException(
                ErrorIds.OperationInProgress,
                OpsErrorCategory.ResourceBusy,
                location,
                exclusive
                    ? $"Cannot run retention on '{location}': a backup or another retention run is using it. Retry when it is done; a run that died releases its lock by itself."
                    : $"Cannot start {what} to '{location}': a retention run is removing backups there. Retry when it is done; a run that died releases its lock by itself.",
                ex);
        }
    }

    /// <summary>Takes the lock on the file at <paramref name="path"/>, creating it if need be; IOException when it is held.</summary>
    private static FileStream Open(string path, bool exclusive) =>
        exclusive
            ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
            : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
}
