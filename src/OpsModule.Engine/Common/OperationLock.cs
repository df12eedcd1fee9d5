using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace OpsModule.Engine.Common;

/// <summary>
/// Keeps two runs from working on the same thing at once (two backup schedules of one database colliding, two
/// restores into one target). The lock is an OS file lock on a file named after a hash of the key, so the kernel
/// releases it when its holder dies, even by kill -9, and the next run simply takes it. The holder's host, PID
/// and start time sit in a sidecar file so that the refusal can name the other run.
/// </summary>
internal sealed class OperationLock : IDisposable
{
    /// <summary>Where lock files live; tests may point it elsewhere through this variable.</summary>
    internal const string FolderVariable = "OPSMODULE_LOCK_DIR";

    private readonly FileStream _file;
    private readonly string _ownerPath;

    private OperationLock(FileStream file, string ownerPath)
    {
        _file = file;
        _ownerPath = ownerPath;
    }

    /// <summary>
    /// Takes the lock for <paramref name="key"/> (e.g. <c>backup|host:5432/app|/backups</c>) or fails at once with
    /// OperationInProgress naming the run that holds it. <paramref name="what"/> describes the work for messages.
    /// </summary>
    internal static OperationLock Acquire(string key, string what, object target)
    {
        EnsurePrivateFolder(Folder(), target);
        string path = PathFor(key);
        string ownerPath = path + ".owner";
        FileStream file;
        try
        {
            // FileShare.None takes an exclusive flock(2) on Unix: advisory, released by the kernel on process death.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            for (int attempt = 0; !IsStillAt(file, path); attempt++)
            {
                // The holder removed the lock file as it let go (Dispose) after this run opened it: the lock taken is on a
                // file no longer at the name. Take the one there now (a new file, or one a third run made).
                file.Dispose();
                if (attempt == 10)
                {
                    throw new IOException($"The lock file '{path}' keeps being replaced.");
                }

                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
        }
        catch (IOException ex)
        {
            string holder;
            try
            {
                holder = File.ReadAllText(ownerPath).Trim();
            }
            catch (Exception readError) when (readError is IOException or UnauthorizedAccessException)
            {
                holder = "another process";
            }

            throw new OpsException(
                ErrorIds.OperationInProgress,
                OpsErrorCategory.ResourceBusy,
                target,
                $"Another run is already doing this ({what}): {holder}. Wait for it to finish; a run that died releases its lock by itself.",
                ex);
        }

        using (var process = System.Diagnostics.Process.GetCurrentProcess())
        {
            // Created afresh (O_EXCL): whatever stood at the name, a symlink included, is removed, never written through.
            TempFiles.TryDelete(ownerPath);
            using var owner = new StreamWriter(new FileStream(ownerPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
            owner.Write(string.Format(
                CultureInfo.InvariantCulture,
                "host {0}, PID {1}, started {2:u}",
                Environment.MachineName,
                Environment.ProcessId,
                process.StartTime.ToUniversalTime()));
        }

        return new OperationLock(file, ownerPath);
    }

    /// <summary>The lock file of <paramref name="key"/>.</summary>
    internal static string PathFor(string key) =>
        Path.Combine(Folder(), Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32].ToLowerInvariant() + ".lock");

    public void Dispose()
    {
        TempFiles.TryDelete(_ownerPath);
        if (OperatingSystem.IsLinux())
        {
            // Removed while still held, so the folder does not keep one file per database ever locked; a run that opened
            // it meanwhile sees it is gone (IsStillAt) and takes the one at the name instead.
            TempFiles.TryDelete(_file.Name);
        }

        _file.Dispose();
    }

    /// <summary>Whether the locked file is still the one at <paramref name="path"/> (Linux; elsewhere lock files stay).</summary>
    internal static bool IsStillAt(FileStream file, string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        UnixFile.Facts held = UnixFile.Stat("/proc/self/fd/" + file.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(CultureInfo.InvariantCulture));
        UnixFile.Facts named = UnixFile.Stat(path);
        return !held.Known || (named.Kind != UnixFile.Kind.Missing && held.Inode == named.Inode && held.DeviceMajor == named.DeviceMajor && held.DeviceMinor == named.DeviceMinor);
    }

    /// <summary>
    /// Creates the lock folder private to this user (0700) and refuses one that is a symbolic link, belongs to another
    /// user or others can write to: in a shared temp folder anyone could otherwise create it first and plant links that
    /// make a root run write through them or hold every lock for ever.
    /// </summary>
    internal static void EnsurePrivateFolder(string folder, object target)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        UnixFile.Facts facts = UnixFile.Stat(folder);
        UnixFile.Facts self = UnixFile.Stat("/proc/self");
        bool link = new DirectoryInfo(folder).LinkTarget is not null;
        bool othersWrite = (facts.Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
        if (link || (facts.Known && self.Known && (facts.Uid != self.Uid || othersWrite)))
        {
            throw new OpsException(
                ErrorIds.OperationFailed,
                OpsErrorCategory.PermissionDenied,
                target,
                $"The lock folder '{folder}' is a symbolic link, belongs to another user or others can write to it, so it cannot keep runs apart safely. Remove it (it is created again, private to this user), or set {FolderVariable} to a folder only this user can write to.");
        }
    }

    /// <summary>The lock folder: <see cref="FolderVariable"/>, else <c>opsmodule-locks-&lt;user&gt;</c> in the temp folder.</summary>
    internal static string Folder()
    {
        string? configured = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return Path.Combine(Path.GetTempPath(), "opsmodule-locks-" + Environment.UserName);
    }
}
