using System;
using System.IO;
using System.IO.Compression;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace OpsModule.Engine.Compression;

/// <summary>Compression streams and file extensions for each <see cref="BackupCompression"/>.</summary>
internal static class Codec
{
    /// <summary>zstd's own default level: the best size for the time on database pages.</summary>
    internal const int DefaultZstdLevel = 3;

    /// <summary>The artifact extension, appended to the engine's own (e.g. <c>.db</c> + <c>.zst</c>).</summary>
    internal static string Extension(BackupCompression compression) => compression switch
    {
        BackupCompression.Zstd => ".zst",
        BackupCompression.Gzip => ".gz",
        _ => string.Empty,
    };

    /// <summary>
    /// A stream that compresses into <paramref name="output"/>. zstd runs one worker per core and writes a
    /// content checksum into every frame, so <c>zstd -t</c> can check an artifact without OpsModule.
    /// </summary>
    internal static Stream Compress(Stream output, BackupCompression compression, int? level)
    {
        switch (compression)
        {
            case BackupCompression.Zstd:
                var zstd = new CompressionStream(output, level ?? DefaultZstdLevel, 1 << 20, leaveOpen: true);
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
                int workers = Math.Max(Environment.ProcessorCount, 1);
                if (workers > 1)
                {
                    zstd.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, workers);
                }

                return zstd;
            case BackupCompression.Gzip:
                return new GZipStream(output, GzipLevel(level), leaveOpen: true);
            default:
                return new NonClosingStream(output);
        }
    }

    /// <summary>A stream that decompresses <paramref name="input"/>.</summary>
    internal static Stream Decompress(Stream input, BackupCompression compression) => compression switch
    {
        BackupCompression.Zstd => new DecompressionStream(input, 1 << 20, checkEndOfStream: true, leaveOpen: true),
        BackupCompression.Gzip => new GZipStream(input, CompressionMode.Decompress, leaveOpen: true),
        _ => new NonClosingStream(input),
    };

    private static CompressionLevel GzipLevel(int? level) => level switch
    {
        null => CompressionLevel.Optimal,
        <= 3 => CompressionLevel.Fastest,
        >= 9 => CompressionLevel.SmallestSize,
        _ => CompressionLevel.Optimal,
    };
}
