using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Common;

/// <summary>
/// A scratch folder <c>&lt;prefix&gt;-&lt;12 hex digits&gt;</c> readable by its owner only (0700), with a lock file
/// <c>&lt;folder&gt;.lock</c> beside it (0600) that this process holds an OS file lock on while the folder lives: the
/// lock file is created before the folder and removed after it, and the kernel releases the lock when its holder
/// dies (even by kill -9). <see cref="RemoveAbandoned"/> removes the folders whose lock nobody holds, which is how a
/// later run clears what a dead run left, and never a live run's (the same rule as <see cref="TempFiles"/>).
/// </summary>
internal sealed class OwnedFolder : IDisposable
{
    internal const string LockSuffix = ".lock";

    /// <summary>Owner read, write and search only (0700).</summary>
    internal const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly FileStream _lock;
    private readonly string _lockPath;

    private OwnedFolder(string path, FileStream lockStream, string lockPath)
    {
        Path = path;
        _lock = lockStream;
        _lockPath = lockPath;
    }

    /// <summary>The folder.</summary>
    internal string Path { get; }

    /// <summary>Creates a new owned folder in <paramref name="parent"/> (created if missing).</summary>
    internal static OwnedFolder Create(string parent, string prefix)
    {
        Directory.CreateDirectory(parent);
        for (int attempt = 0; ; attempt++)
        {
            string folder = System.IO.Path.Combine(parent, prefix + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant());
            string lockPath = folder + LockSuffix;
            FileStream stream;
            try
            {
                stream = new FileStream(lockPath, TempFiles.Options(FileMode.CreateNew, bufferSize: 0));
            }
            catch (IOException) when (attempt < 5)
            {
                // The name was taken, or another run's clean-up held the new file before our lock: another name.
                continue;
            }

            // Removed by another run's clean-up before we held the lock, or a folder of that name exists already
            // (never ours to write into): another name.
            if (!File.Exists(lockPath) || Directory.Exists(folder))
            {
                TempFiles.Discard(stream, File.Exists(lockPath) ? lockPath : null);
                if (attempt < 5)
                {
                    continue;
                }

                throw new IOException($"Could not create a scratch folder of its own in '{parent}'.");
            }

            try
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(folder);
                }
                else
                {
                    Directory.CreateDirectory(folder, OwnerOnly);
                }
            }
            catch
            {
                TempFiles.Discard(stream, lockPath);
                throw;
            }

            return new OwnedFolder(folder, stream, lockPath);
        }
    }

    /// <summary>
    /// Removes the folders <c>&lt;prefix&gt;-&lt;12 hex&gt;</c> in <paramref name="parent"/> whose lock file no live
    /// process holds, the lock files left without a folder, and folders without a lock file (made by earlier versions,
    /// which took no lock) that nobody wrote to for <paramref name="unlockedAge"/>. Returns the folders removed;
    /// never throws.
    /// </summary>
    internal static IReadOnlyList<string> RemoveAbandoned(string parent, string prefix, TimeSpan unlockedAge)
    {
        var removed = new List<string>();
        var name = new Regex("^" + Regex.Escape(prefix) + "-[0-9a-f]{12}$", RegexOptions.CultureInvariant);
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(parent, prefix + "-*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return removed;
        }

        foreach (string entry in entries)
        {
            string entryName = System.IO.Path.GetFileName(entry);
            bool isLock = entryName.EndsWith(LockSuffix, StringComparison.Ordinal);
            string folder = isLock ? entry[..^LockSuffix.Length] : entry;
            if (!name.IsMatch(System.IO.Path.GetFileName(folder)) || (isLock && Directory.Exists(folder)))
            {
                // Not ours, or a lock whose folder is handled with the folder.
                continue;
            }

            try
            {
                if (isLock)
                {
                    RemoveIfUnlocked(entry, folder: null);
                }
                else if (new DirectoryInfo(folder) is { Exists: true, LinkTarget: null } info)
                {
                    bool gone = File.Exists(folder + LockSuffix)
                        ? RemoveIfUnlocked(folder + LockSuffix, folder)
                        : info.LastWriteTimeUtc < DateTime.UtcNow - unlockedAge && DeleteTree(folder);
                    if (gone)
                    {
                        removed.Add(folder);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Alive, gone meanwhile, or not ours to remove.
            }
        }

        return removed;
    }

    /// <summary>Removes the folder, then closes and removes its lock file; a folder that cannot be removed keeps its (now free) lock file for the next run.</summary>
    public void Dispose()
    {
        if (DeleteTree(Path))
        {
            TempFiles.Discard(_lock, _lockPath);
        }
        else
        {
            _lock.Dispose();
        }
    }

    /// <summary>Removes <paramref name="folder"/> (if given) and then the lock file, only while holding the lock (no live owner).</summary>
    private static bool RemoveIfUnlocked(string lockPath, string? folder)
    {
        // Opens only when no live process holds the lock file (its owner died): clear up while holding it.
        using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.Delete);
        if (folder is not null && !DeleteTree(folder))
        {
            return false;
        }

        File.Delete(lockPath);
        return true;
    }

    /// <summary>Deletes a folder and everything in it (symbolic links inside are removed, never followed); true when it is gone.</summary>
    private static bool DeleteTree(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return !Directory.Exists(folder);
    }
}
