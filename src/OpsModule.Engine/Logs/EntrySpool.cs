using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The entries of one source for -Entries, kept in a temporary file (deleted when closed) until their templates are
/// final, so memory does not grow with the number of entries.
/// </summary>
internal sealed class EntrySpool : IDisposable
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private bool _disposed;

    internal EntrySpool()
    {
        FilePath = Path.Combine(Path.GetTempPath(), "opsmodule-entries-" + Guid.NewGuid().ToString("N") + ".tmp");
        _file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
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
}
