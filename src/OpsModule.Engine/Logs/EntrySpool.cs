using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The entries of one source for -Entries, kept in a temporary file until their templates are final, so memory does
/// not grow with the number of entries. The file (<c>opsmodule-entries.tmp-&lt;hex&gt;</c> in the temp folder) holds
/// messages of logs other users may not read: it is readable by its owner only (0600), deleted when closed, and this
/// process holds its lock while it lives, so the next -Entries run removes the file of a run that was killed
/// (<see cref="RemoveAbandoned"/>), never a live run's.
/// </summary>
internal sealed partial class EntrySpool : IDisposable
{
    /// <summary>The spool files' name, before their in-flight part.</summary>
    internal const string Name = "opsmodule-entries";

    /// <summary>
    /// How long nobody must have written to a spool file named by an earlier version
    /// (<c>opsmodule-entries-&lt;32 hex&gt;.tmp</c>) before it counts as a dead run's: longer than such a call takes.
    /// </summary>
    private static readonly TimeSpan UnlockedAge = TimeSpan.FromDays(1);

    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private bool _disposed;

    internal EntrySpool()
    {
        _file = TempFiles.CreateOwned(Path.Combine(Path.GetTempPath(), Name), out string path, 64 * 1024, fileOptions: FileOptions.DeleteOnClose);
        FilePath = path;
        _writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
    }

    internal long Count { get; private set; }

    /// <summary>The temporary file.</summary>
    internal string FilePath { get; }

    internal void Add(string? file, long lineNumber, DateTime? timestamp, LogLevel level, string message, int cluster)
    {
        _writer.Write(file ?? string.Empty);
        _writer.Write(lineNumber);
        _writer.Write(timestamp?.Ticks ?? -1L);
        _writer.Write((byte)level);
        _writer.Write(message);
        _writer.Write(cluster);
        Count++;
    }

    /// <summary>The entries in the order they were added.</summary>
    internal IEnumerable<(string? File, long LineNumber, DateTime? Timestamp, LogLevel Level, string Message, int Cluster)> Read()
    {
        _writer.Flush();
        _file.Position = 0;
        using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
        for (long i = 0; i < Count; i++)
        {
            string file = reader.ReadString();
            long line = reader.ReadInt64();
            long ticks = reader.ReadInt64();
            var level = (LogLevel)reader.ReadByte();
            string message = reader.ReadString();
            int cluster = reader.ReadInt32();
            yield return (file.Length == 0 ? null : file, line, ticks < 0 ? null : new DateTime(ticks, DateTimeKind.Utc), level, message, cluster);
        }
    }

    /// <summary>
    /// Removes the spool files in the temp folder that runs killed before they could delete them left behind (their
    /// lock is free), and those of earlier versions nobody wrote to for a day. Returns how many; never throws.
    /// </summary>
    internal static int RemoveAbandoned()
    {
        string folder = Path.GetTempPath();
        return TempFiles.RemoveAbandoned(folder, name => name.StartsWith(Name + TempFiles.Marker, StringComparison.Ordinal))
            + TempFiles.RemoveOlderThan(folder, Name + "-*.tmp", name => EarlierName().IsMatch(name), UnlockedAge);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer.Dispose();
        _file.Dispose();
    }

    [GeneratedRegex(@"\Aopsmodule-entries-[0-9a-f]{32}\.tmp\z", RegexOptions.CultureInvariant)]
    private static partial Regex EarlierName();
}
