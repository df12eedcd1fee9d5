using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;
using System.Text.RegularExpressions;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Logs;

/// <summary>Which files a log folder holds.</summary>
public static partial class LogFiles
{
    /// <summary>True when <paramref name="path"/> is an existing folder.</summary>
    public static bool IsFolder(string path) => Directory.Exists(path);

    /// <summary>
    /// The files in a folder (and its subfolders with <paramref name="recurse"/>), sorted by path. Symlinked files are
    /// read (Kubernetes' /var/log/containers holds only links into /var/log/pods); symlinked folders are not descended
    /// into (a link back up would loop). On Linux only regular files: a FIFO, socket or device in a log folder is no log,
    /// and opening a FIFO would wait forever for a writer.
    /// </summary>
    /// <remarks>
    /// Two kinds of file an interrupted rotation leaves are not read, and <paramref name="skipped"/> is told why: this
    /// module's in-flight files (<c>name.tmp-</c> and 8 or 12 hex digits), and a <c>.gz</c> beside its uncompressed
    /// numbered rotation (<c>app.log.1</c> and <c>app.log.1.gz</c>: the original is whole and the copy may not be;
    /// reading both would count its entries twice). A <c>.gz</c> beside a name without a number (<c>app.log.gz</c> beside
    /// the live <c>app.log</c>) is another file and is read.
    /// </remarks>
    public static IReadOnlyList<string> InFolder(string folder, bool recurse, Action<string>? skipped = null)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = recurse, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var files = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        List<string> found = files
            .Where(file => !OperatingSystem.IsLinux() || UnixFile.Stat(file).Kind is UnixFile.Kind.Regular)
            .Order(StringComparer.Ordinal)
            .ToList();
        var names = new HashSet<string>(found, StringComparer.Ordinal);
        var kept = new List<string>(found.Count);
        foreach (string file in found)
        {
            if (InFlight().IsMatch(file))
            {
                skipped?.Invoke($"'{file}' is an in-flight file an interrupted run left (its next run removes it): not read.");
            }
            else if (file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && names.Contains(file[..^3]) && NumberedRotation().IsMatch(file[..^3]))
            {
                skipped?.Invoke($"'{file}' is the compressed copy of '{file[..^3]}' beside it (an interrupted rotation; its next run removes one): only the uncompressed file is read.");
            }
            else
            {
                kept.Add(file);
            }
        }

        return kept;
    }

    [GeneratedRegex(@"\.tmp-([0-9a-f]{8}|[0-9a-f]{12})\z", RegexOptions.CultureInvariant)]
    private static partial Regex InFlight();

    /// <summary>A numbered rotation (<c>app.log.1</c>): only then is a <c>.gz</c> beside it a copy an interrupted rotation left.</summary>
    [GeneratedRegex(@"\.\d{1,6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedRotation();

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
