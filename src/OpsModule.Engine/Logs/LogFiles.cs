using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Logs;

/// <summary>Which files a log folder holds.</summary>
public static class LogFiles
{
    /// <summary>True when <paramref name="path"/> is an existing folder.</summary>
    public static bool IsFolder(string path) => Directory.Exists(path);

    /// <summary>
    /// The files in a folder (and its subfolders with <paramref name="recurse"/>), sorted by path. On Linux only regular
    /// files: a FIFO, socket or device in a log folder is no log, and opening a FIFO would wait forever for a writer.
    /// </summary>
    public static IReadOnlyList<string> InFolder(string folder, bool recurse)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = recurse, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(folder, "*", options)
            .Where(file => !OperatingSystem.IsLinux() || UnixFile.Stat(file).Kind is UnixFile.Kind.Regular)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
