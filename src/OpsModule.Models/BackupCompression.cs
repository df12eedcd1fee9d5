namespace OpsModule;

/// <summary>How a backup artifact is compressed.</summary>
public enum BackupCompression
{
    /// <summary>Zstandard (multi-threaded, the default): fast, small, <c>zstd -d</c> restores it.</summary>
    Zstd = 0,

    /// <summary>gzip: slower and larger than zstd, readable by <c>gunzip</c> everywhere.</summary>
    Gzip = 1,

    /// <summary>Stored as is.</summary>
    None = 2,
}
