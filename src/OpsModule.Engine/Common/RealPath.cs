using System;
using System.IO;
using System.Runtime.InteropServices;

namespace OpsModule.Engine.Common;

/// <summary>The canonical path of a file (every symlink in it resolved), the identity operation locks use.</summary>
internal static partial class RealPath
{
    /// <summary>realpath(3) of <paramref name="path"/>, or the full path when it cannot be resolved (e.g. it does not exist yet).</summary>
    internal static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return full;
        }

        IntPtr resolved = Resolve(full, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return full;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? full;
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>
    /// <see cref="Of"/> of the longest part of <paramref name="path"/> that exists, with the rest appended: the path a folder
    /// not created yet will have (a backup's new destination under a linked parent names the folder retention will see).
    /// </summary>
    internal static string OfMaybeMissing(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        string existing = full;
        string rest = string.Empty;
        while (!Directory.Exists(existing) && !File.Exists(existing) && Path.GetDirectoryName(existing) is { Length: > 0 } parent)
        {
            rest = rest.Length == 0 ? Path.GetFileName(existing) : Path.Combine(Path.GetFileName(existing), rest);
            existing = parent;
        }

        string real = Of(existing.Length == 0 ? full : existing);
        return rest.Length == 0 ? real : Path.Combine(real, rest);
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr Resolve(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
