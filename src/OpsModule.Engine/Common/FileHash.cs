using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace OpsModule.Engine.Common;

/// <summary>SHA-256 of a file, streamed, with progress and cancellation.</summary>
internal static class FileHash
{
    internal static string Sha256(string path, IOperationObserver observer, string activity, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 20];
        long total = stream.Length;
        long done = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
            done += read;
            observer.Progress(activity, "Verifying SHA-256", done, total);
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
