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

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr Resolve(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
