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
/// that locked a file no longer at the name (removed as its last holder let go) takes the one there instead. A run that
/// finds the lock held waits up to <see cref="BusyWait"/> before it refuses, so a backup starting during another backup's
/// last-out check (an exclusive lock held for microseconds) is not mistaken for a retention run; nothing is shared
/// between locations, so a stopped process holds up only its own location.
/// </summary>
internal sealed class LocationLock : IDisposable
{
    private static readonly AsyncLocal<TimeSpan?> BusyWaitOverride = new();

    /// <summary>How long a run waits for a held lock before it refuses (a real backup or retention run holds it far longer).</summary>
    internal static TimeSpan BusyWait => BusyWaitOverride.Value ?? TimeSpan.FromSeconds(1);

    /// <summary>Tests only: a shorter wait for the calling test and the threads it starts afterwards.</summary>
    internal static TimeSpan? BusyWaitForTests
    {
        get => BusyWaitOverride.Value;
        set => BusyWaitOverride.Value = value;
    }

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
        if (_exclusive)
        {
            // Held exclusively since it was checked to be at its name, so it still is: nobody else removes a lock file
            // without holding it exclusively. A run that opened it meanwhile sees it is gone and takes the one there.
            TempFiles.TryDelete(path);
            _file.Dispose();
            return;
        }

        _file.Dispose();
        RemoveIfUnused(path);
    }

    private static LocationLock Acquire(string location, bool exclusive, string what)
    {
        // The folder is checked as OperationLock checks it (private to this user, no link): a folder another user made
        // first could otherwise hold a planted link at the predictable name, which this run would open and create through.
        string folder = OperationLock.Folder();
        OperationLock.EnsurePrivateFolder(folder, location);
        string path = PathFor(location);
        DateTime deadline = DateTime.UtcNow + BusyWait;
        try
        {
            for (int replaced = 0; ;)
            {
                FileStream file;
                try
                {
                    file = Open(path, exclusive);
                }
                catch (IOException ex) when (IsHeld(ex) && DateTime.UtcNow < deadline)
                {
                    // Held by a run of the other kind, or for microseconds by a backup checking whether it was the last out.
                    Thread.Sleep(10);
                    continue;
                }

                LockedForTests?.Invoke();
                if (OperationLock.IsStillAt(file, path))
                {
                    return new LocationLock(file, exclusive);
                }

                // The file locked is no longer at the name (its last holder removed it as it let go, between this run's
                // open and its lock): a lock on it keeps nobody out. Take the file there now (a new one, or another run's).
                file.Dispose();
                if (++replaced == 50)
                {
                    throw new IOException($"The lock file '{path}' keeps being replaced.");
                }
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

    /// <summary>Whether opening failed because another open file holds the lock (flock's EWOULDBLOCK; a sharing violation on Windows).</summary>
    private static bool IsHeld(IOException ex) =>
        ex.GetType() == typeof(IOException) && ex.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    /// <summary>Takes the lock on the file at <paramref name="path"/>, creating it if need be; IOException when it is held.</summary>
    private static FileStream Open(string path, bool exclusive) =>
        exclusive
            ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
            : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);

    /// <summary>After a backup let go: removes the lock file when nobody else holds it.</summary>
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
}
