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

        Move(from, to, overwrite: false);
    }

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

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
