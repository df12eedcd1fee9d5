using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace OpsModule.Engine.Common;

/// <summary>
/// What .NET does not tell about a file on Linux: its type (FIFO, device, socket), inode and device, owner and
/// group, and which processes hold POSIX locks on it (/proc/locks). Elsewhere the answers are "unknown".
/// </summary>
internal static partial class UnixFile
{
    private const int AtCurrentFolder = -100;
    private const uint BasicStats = 0x7ff;
    private const int FileTypeMask = 0xF000;

    /// <summary>The kinds of file a path can name.</summary>
    /// <summary>
    /// What a special file is (<c>a FIFO (named pipe)</c>, <c>a character device</c>, <c>a block device</c>, <c>a socket</c>),
    /// after following symlinks; null for a regular file, a folder, a missing file and anywhere but Linux. Opening a FIFO
    /// waits for a writer, and a device or socket has no end: callers that read a file to its end refuse these.
    /// </summary>
    /// <summary>True for /dev/null or a link to it (a log switched off): read as an empty file, never refused as a device.</summary>
    internal static bool IsDevNull(string path)
    {
        try
        {
            FileSystemInfo? target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return string.Equals(target?.FullName ?? Path.GetFullPath(path), "/dev/null", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>For a symlink, <c> (through the link to 'target')</c>; else empty.</summary>
    internal static string LinkNote(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is string target ? $" (through the link to '{target}')" : string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    internal static string? SpecialKind(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return SpecialKindName(Stat(path).Kind);
    }

    /// <summary>The words for a FIFO, device or socket (<c>a FIFO (named pipe)</c>, ...); null for any other kind.</summary>
    internal static string? SpecialKindName(Kind kind) => kind switch
    {
        Kind.Fifo => "a FIFO (named pipe)",
        Kind.CharacterDevice => "a character device",
        Kind.BlockDevice => "a block device",
        Kind.Socket => "a socket",
        _ => null,
    };

    internal enum Kind
    {
        Missing,
        Regular,
        Directory,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Unknown,
    }

    /// <summary>A file's facts (after following symlinks).</summary>
    internal readonly record struct Facts(Kind Kind, uint Uid, uint Gid, UnixFileMode Mode, ulong Inode, uint DeviceMajor, uint DeviceMinor, bool Known);

    /// <summary>The file's type, owner, mode and identity; Known is false where the platform cannot tell.</summary>
    internal static Facts Stat(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            var info = new FileInfo(path);
            Kind kind = Directory.Exists(path) ? Kind.Directory : info.Exists ? Kind.Regular : Kind.Missing;
            return new Facts(kind, 0, 0, 0, 0, 0, 0, Known: false);
        }

        var buffer = new byte[256];
        if (Statx(AtCurrentFolder, path, 0, BasicStats, buffer) != 0)
        {
            return new Facts(Kind.Missing, 0, 0, 0, 0, 0, 0, Known: true);
        }

        ushort mode = BitConverter.ToUInt16(buffer, 28);
        Kind type = (mode & FileTypeMask) switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0x1000 => Kind.Fifo,
            0x2000 => Kind.CharacterDevice,
            0x6000 => Kind.BlockDevice,
            0xC000 => Kind.Socket,
            _ => Kind.Unknown,
        };
        return new Facts(
            type,
            BitConverter.ToUInt32(buffer, 20),
            BitConverter.ToUInt32(buffer, 24),
            (UnixFileMode)(mode & 0xFFF),
            BitConverter.ToUInt64(buffer, 32),
            BitConverter.ToUInt32(buffer, 136),
            BitConverter.ToUInt32(buffer, 140),
            Known: true);
    }

    /// <summary>
    /// When the file was created (UTC): on Linux its birth time from statx where the file system keeps one (.NET's
    /// CreationTime there is the last status change, which a file being written keeps moving), elsewhere .NET's CreationTime.
    /// On a Linux file system without birth times, the earlier of the last change and the last write.
    /// </summary>
    internal static DateTime CreatedUtc(string path)
    {
        var info = new FileInfo(path);
        if (!OperatingSystem.IsLinux())
        {
            return info.CreationTimeUtc;
        }

        const uint BirthTime = 0x800;
        var buffer = new byte[256];
        try
        {
            if (Statx(AtCurrentFolder, path, 0, BasicStats | BirthTime, buffer) == 0 && (BitConverter.ToUInt32(buffer, 0) & BirthTime) != 0)
            {
                long seconds = BitConverter.ToInt64(buffer, 80);
                uint nanoseconds = BitConverter.ToUInt32(buffer, 88);
                return DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A C library without statx (glibc before 2.28): .NET's times below.
        }

        DateTime changed = info.CreationTimeUtc;
        DateTime written = info.LastWriteTimeUtc;
        return changed < written ? changed : written;
    }

    /// <summary>Gives <paramref name="path"/> the owner, group and mode in <paramref name="facts"/> (Linux; best effort elsewhere).</summary>
    internal static void CopyOwnership(Facts facts, string path)
    {
        if (!facts.Known || !OperatingSystem.IsLinux())
        {
            return;
        }

        // The mode first, while the file is still this account's: only its owner (or CAP_FOWNER) may change it after.
        File.SetUnixFileMode(path, facts.Mode);
        if (Chown(path, facts.Uid, facts.Gid) != 0)
        {
            throw new UnauthorizedAccessException($"Cannot give '{path}' the owner {facts.Uid}:{facts.Gid} of the file it replaces (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>
    /// The processes other than this one holding POSIX locks on any of <paramref name="paths"/>, as
    /// "name (PID n)"; empty where the platform cannot tell (only Linux has /proc/locks).
    /// </summary>
    internal static IReadOnlyList<string> LockHolders(params string[] paths)
    {
        var holders = new SortedSet<string>(StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/locks"))
        {
            return [];
        }

        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            Facts facts = Stat(path);
            if (facts.Kind == Kind.Regular)
            {
                files.Add(string.Format(CultureInfo.InvariantCulture, "{0:x2}:{1:x2}:{2}", facts.DeviceMajor, facts.DeviceMinor, facts.Inode));
            }
        }

        int self = Environment.ProcessId;
        foreach (string line in File.ReadLines("/proc/locks"))
        {
            string[] fields = line.Replace("->", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || !int.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) || pid <= 0 || pid == self)
            {
                continue;
            }

            if (files.Contains(fields[5]))
            {
                holders.Add(string.Format(CultureInfo.InvariantCulture, "{0} (PID {1})", ProcessName(pid), pid));
            }
        }

        return [.. holders];
    }

    private static string ProcessName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "process";
        }
        catch (UnauthorizedAccessException)
        {
            return "process";
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int folder, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint owner, uint group);
}
