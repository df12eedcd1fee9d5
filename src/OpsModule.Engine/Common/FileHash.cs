using System.IO;
using System.Threading;

namespace OpsModule.Engine.Common;

/// <summary>SHA-256 of a file, streamed, with progress and cancellation.</summary>
internal static class FileHash
{
    internal static string Sha256(string path, IOperationObserver observer, string activity, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        using var hashing = new HashingStream(Stream.Null, leaveOpen: true);
        StreamCopy.Copy(stream, hashing, stream.Length, new StreamCopy.Step(activity, "Verifying SHA-256", null), observer, cancellationToken);
        return hashing.FinishHash();
    }
}
