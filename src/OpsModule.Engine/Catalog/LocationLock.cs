using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Catalog;

/// <summary>
/// Keeps retention from removing backups while a backup writes to the same location, and two retention runs
/// apart. Backups take the lock shared (many backups may write to one location at once), retention takes it
/// exclusively. It is an OS file lock (flock) in the lock folder of <see cref="OperationLock"/> (checked the same way), so a run
/// that dies, even by kill -9, releases it and the next run simply takes it over. It guards runs on this host.
/// On Linux the lock file goes with its last holder, so the folder does not keep one file per location ever used:
/// retention removes it while still holding it, as <see cref="OperationLock"/> does; a backup, once its shared lock is
/// released, removes it only when it can then lock it exclusively at once (no other backup or retention holds it). A run
/// that locked a file no longer at the name (removed as its last holder let go) takes the one there instead. Taking a
/// lock and that last check are done one at a time under a guard file beside the locks, held for microseconds, so that
/// no backup mistakes another backup's check for a retention run and refuses.
/// </summary>
internal sealed class LocationLock : IDisposable
{
    /// <summary>The one file that stays in the lock folder: the guard over taking and removing location locks.</summary>
    internal const string GuardName = "location-locks.guard";

    private static readonly TimeSpan GuardWait = TimeSpan.FromSeconds(10);

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
        string key = "location|" + location.TrimEnd('/', Path.DirectorySeparatorChar);
        return Path.Combine(OperationLock.Folder(), Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32].ToLowerInvariant() + ".location.lock");
    }

    public void Dispose()
    {
        if (!OperatingSystem.IsLinux())
        {
            _file.Dispose();
            return;
        }

        string path = _file.Name;
        FileStream? guard = null;
        try
        {
            guard = TakeGuard(Path.GetDirectoryName(path)!);
        }
        catch (IOException)
        {
            // A run stopped inside its few microseconds under the guard: the lock is released and its file left, which
            // is always safe (the next run takes it over).
        }

        using (guard)
        {
            if (_exclusive)
            {
                // Held exclusively since it was checked to be at its name, so it still is: nobody else removes a lock file
                // without holding it exclusively. A run that opened it meanwhile sees it is gone and takes the one there.
                TempFiles.TryDelete(path);
                _file.Dispose();
                return;
            }

            _file.Dispose();
            if (guard is not null)
            {
                RemoveIfUnused(path);
            }
        }
    }

    private static LocationLock Acquire(string location, bool exclusive, string what)
    {
        // The folder is checked as OperationLock checks it (private to this user, no link): a folder another user made
        // first could otherwise hold a planted link at the predictable name, which this run would open and create through.
        string folder = OperationLock.Folder();
        OperationLock.EnsurePrivateFolder(folder, location);
        string path = PathFor(location);
        FileStream? guard = null;
        try
        {
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    guard = TakeGuard(folder);
                }
                catch (IOException ex)
                {
                    throw new OpsException(
                        ErrorIds.OperationInProgress,
                        OpsErrorCategory.ResourceBusy,
                        location,
                        $"Cannot start {what} on '{location}': another run on this host has held the location locks' guard '{Path.Combine(folder, GuardName)}' for over {GuardWait.TotalSeconds:0} s (a stopped process?). Retry; a run that died releases it by itself.",
                        ex);
                }
            }

            FileStream file = Open(path, exclusive);
            for (int attempt = 0; ; attempt++)
            {
                LockedForTests?.Invoke();
                if (OperationLock.IsStillAt(file, path))
                {
                    return new LocationLock(file, exclusive);
                }

                // The file locked is no longer at the name (its last holder removed it as it let go, between this run's
                // open and its lock): a lock on it keeps nobody out. Take the file there now (a new one, or another run's).
                file.Dispose();
                if (attempt == 10)
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
        finally
        {
            guard?.Dispose();
        }
    }

    /// <summary>Takes the lock on the file at <paramref name="path"/>, creating it if need be; IOException when it is held.</summary>
    private static FileStream Open(string path, bool exclusive) =>
        exclusive
            ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
            : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);

    /// <summary>After a backup let go: removes the lock file when nobody else holds it (called under the guard).</summary>
    private static void RemoveIfUnused(string path)
    {
        FileStream probe;
        try
        {
            probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another backup (or a retention run that came in between) holds it, or it is gone already: it stays theirs.
            return;
        }

        using (probe)
        {
            if (OperationLock.IsStillAt(probe, path))
            {
                TempFiles.TryDelete(path);
            }
        }
    }

    /// <summary>
    /// The guard over taking a location lock and over a backup's last check: without it, a backup starting while another
    /// one checks whether it was the last would find the lock held exclusively and refuse as if retention ran.
    /// </summary>
    private static FileStream TakeGuard(string folder)
    {
        string path = Path.Combine(folder, GuardName);
        DateTime deadline = DateTime.UtcNow + GuardWait;
        var spin = default(SpinWait);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                spin.SpinOnce(sleep1Threshold: 20);
            }
        }
    }
}
