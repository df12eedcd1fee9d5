using System.IO;
using System.Threading;

namespace OpsModule.Engine.Common;

/// <summary>The one streaming loop of the engine: copy with progress, cancellation and a test pause point.</summary>
internal static class StreamCopy
{
    private const int BufferSize = 1 << 20;

    /// <summary>What a copy reports: the progress activity and status, and the test hook's pause point.</summary>
    internal readonly record struct Step(string Activity, string Status, string? PausePoint);

    /// <summary>Copies all of <paramref name="from"/> into <paramref name="to"/>; <paramref name="total"/> is the expected byte count (0 when unknown).</summary>
    internal static long Copy(Stream from, Stream to, long total, Step step, IOperationObserver observer, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long done = 0;
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            to.Write(buffer, 0, read);
            done += read;
            observer.Progress(step.Activity, step.Status, done, total);
            if (step.PausePoint is not null)
            {
                TestHook.Pause(step.PausePoint, cancellationToken);
            }
        }

        return done;
    }
}
