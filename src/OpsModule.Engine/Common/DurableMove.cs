using System;
using System.IO;
using System.Runtime.InteropServices;

namespace OpsModule.Engine.Common;

/// <summary>
/// Renames that survive a power cut: on Linux and macOS a rename is durable only once its folder is
/// flushed (fsync of the directory), which .NET has no API for. Windows (NTFS) journals the rename itself.
/// </summary>
internal static partial class DurableMove
{
    private const int ReadOnly = 0;
    private const int CurrentFolder = -100;
    private const uint NoReplace = 1;
    private const int Exists = 17;
    private const int CrossDevice = 18;
    private const int InvalidArgument = 22;
    private const int NoSystemCall = 38;
    private const int NotSupported = 95;

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>, then flushes the destination folder.</summary>
    internal static void Move(string from, string to, bool overwrite)
    {
        File.Move(from, to, overwrite);
        FlushFolder(Path.GetDirectoryName(Path.GetFullPath(to))!);
    }

    /// <summary>
    /// Moves an in-flight file that <paramref name="owner"/> holds open (and locked) to <paramref name="to"/>, never
    /// over an existing file. On Unix the rename happens while the lock is held, so no other run's clean-up can
    /// take the file between its close and its rename; Windows cannot rename a file open without sharing, so
    /// there the stream is closed first (and an open file cannot be deleted there anyway).
    /// </summary>
    internal static void MoveOwned(FileStream owner, string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            owner.Dispose();
        }

        if (OperatingSystem.IsLinux())
        {
            RenameNoReplace(from, to);
            FlushFolder(Path.GetDirectoryName(Path.GetFullPath(to))!);
            return;
        }

        Move(from, to, overwrite: false);
    }

    /// <summary>
    /// Moves <paramref name="from"/> to <paramref name="to"/> unless <paramref name="to"/> exists (on Linux decided in
    /// the kernel, so a file another process creates meanwhile is never replaced), then flushes the folder; false,
    /// with nothing moved, when <paramref name="to"/> exists.
    /// </summary>
    internal static bool TryMoveNoReplace(string from, string to)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                RenameNoReplace(from, to);
            }
            else
            {
                File.Move(from, to, overwrite: false);
            }
        }
        catch (IOException) when (File.Exists(to) && File.Exists(from))
        {
            return false;
        }

        FlushFolder(Path.GetDirectoryName(Path.GetFullPath(to))!);
        return true;
    }

    /// <summary>
    /// A rename that fails when <paramref name="to"/> exists, atomically. .NET's File.Move(overwrite: false)
    /// checks for the destination and then renames, so two runs committing the same name in the same moment
    /// could both succeed, the second replacing the first. renameat2(RENAME_NOREPLACE) (Linux 3.15+, ext4, xfs,
    /// btrfs, tmpfs) decides in the kernel; where a file system does not support it, link + unlink does the same.
    /// </summary>
    private static void RenameNoReplace(string from, string to)
    {
        int error;
        try
        {
            if (RenameAt2(CurrentFolder, from, CurrentFolder, to, NoReplace) == 0)
            {
                return;
            }

            error = Marshal.GetLastPInvokeError();
        }
        catch (EntryPointNotFoundException)
        {
            error = NotSupported;
        }

        if (error is not (NotSupported or InvalidArgument or NoSystemCall or CrossDevice))
        {
            throw MoveFailed(error, from, to);
        }

        if (Link(from, to) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            if (error is Exists)
            {
                throw MoveFailed(error, from, to);
            }

            // A file system without hard links: the best .NET offers.
            File.Move(from, to, overwrite: false);
            return;
        }

        File.Delete(from);
    }

    private static IOException MoveFailed(int error, string from, string to) => error == Exists
        ? new IOException($"The file '{to}' already exists.")
        : new IOException($"Cannot rename '{from}' to '{to}': {Marshal.GetPInvokeErrorMessage(error)}.");

    /// <summary>Flushes a folder's entries to disk; best effort (a file system that cannot is not an error).</summary>
    internal static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor = Open(folder, ReadOnly);
        if (descriptor < 0)
        {
            return;
        }

        _ = Fsync(descriptor);
        _ = Close(descriptor);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int fromFolder, string from, int toFolder, string to, uint flags);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string from, string to);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
