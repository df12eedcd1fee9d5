using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Logs;

/// <summary>Which files a log folder holds.</summary>
public static class LogFiles
{
    /// <summary>True when <paramref name="path"/> is an existing folder.</summary>
    public static bool IsFolder(string path) => Directory.Exists(path);

    /// <summary>
    /// The files in a folder (and its subfolders with <paramref name="recurse"/>), sorted by path. Symlinked files are
    /// read (Kubernetes' /var/log/containers holds only links into /var/log/pods); symlinked folders are not descended
    /// into (a link back up would loop). On Linux only regular files: a FIFO, socket or device in a log folder is no log,
    /// and opening a FIFO would wait forever for a writer.
    /// </summary>
    public static IReadOnlyList<string> InFolder(string folder, bool recurse)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = recurse, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var files = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return files
            .Where(file => !OperatingSystem.IsLinux() || UnixFile.Stat(file).Kind is UnixFile.Kind.Regular)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// What makes two names one file: on Linux its device and inode (a symlink and its target, or two hard links, are one
    /// file), elsewhere its full path.
    /// </summary>
    public static string Identity(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            UnixFile.Facts facts = UnixFile.Stat(path);
            if (facts.Known && facts.Kind is not UnixFile.Kind.Missing)
            {
                return FormattableString.Invariant($"{facts.DeviceMajor}:{facts.DeviceMinor}:{facts.Inode}");
            }
        }

        return Path.GetFullPath(path);
    }
}
