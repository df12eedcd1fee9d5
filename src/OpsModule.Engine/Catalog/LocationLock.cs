using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace OpsModule.Engine.Catalog;

/// <summary>
/// Keeps retention from removing backups while a backup writes to the same location, and two retention runs
/// apart. Backups take the lock shared (many backups may write to one location at once), retention takes it
/// exclusively. It is an OS file lock (flock) in the lock folder of <see cref="Common.OperationLock"/> (checked the same way), so a run
/// that dies, even by kill -9, releases it and the next run simply takes it over. It guards runs on this host.
/// </summary>
internal sealed class LocationLock : IDisposable
{
    private readonly FileStream _file;

    private LocationLock(FileStream file) => _file = file;

    /// <summary>A backup's lock: shared with other backups, exclusive of retention.</summary>
    internal static LocationLock ForBackup(string location) => Acquire(location, exclusive: false, "a backup");

    /// <summary>A retention run's lock: exclusive.</summary>
    internal static LocationLock ForRetention(string location) => Acquire(location, exclusive: true, "retention");

    public void Dispose() => _file.Dispose();

    private static LocationLock Acquire(string location, bool exclusive, string what)
    {
        // The folder is checked as OperationLock checks it (private to this user, no link): a folder another user made
        // first could otherwise hold a planted link at the predictable name, which this run would open and create through.
        string folder = Common.OperationLock.Folder();
        Common.OperationLock.EnsurePrivateFolder(folder, location);
        string key = "location|" + location.TrimEnd('/', Path.DirectorySeparatorChar);
        string path = Path.Combine(folder, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32].ToLowerInvariant() + ".location.lock");
        try
        {
            return new LocationLock(exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite));
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
}
