using System;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Backup;

/// <summary>What to back up, where to, and how to compress it.</summary>
internal sealed class BackupRequest
{
    internal BackupRequest(string source, IBackupStore store, BackupCompression compression, int? compressionLevel)
    {
        Source = source;
        Store = store;
        Compression = compression;
        CompressionLevel = compressionLevel;
    }

    /// <summary>How long to wait for another connection's lock on the source before DatabaseLocked.</summary>
    internal TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A local folder for the staging copy, or null for the store's own staging folder.</summary>
    internal string? StagingFolder { get; init; }

    /// <summary>The database: a SQLite file path.</summary>
    internal string Source { get; }

    internal IBackupStore Store { get; }

    internal BackupCompression Compression { get; }

    /// <summary>The codec's level, or null for its default.</summary>
    internal int? CompressionLevel { get; }
}
