using System;
using System.IO;
using System.Threading;

namespace OpsModule.Engine.Common;

/// <summary>
/// Deterministic pause points for fault-injection tests (SIGKILL in the middle of a backup or restore).
/// Read only here, and only when <c>OPSMODULE_TEST_PAUSE</c> names the point: the engine then creates the
/// file named by <c>OPSMODULE_TEST_PAUSE_SIGNAL</c> and waits up to two minutes (or until cancelled, or until
/// the test deletes that file to let it go on), so a test can kill the process, or a server it talks to, at
/// exactly that step. Documented in docs/testing.md; never set it in production.
/// </summary>
internal static class TestHook
{
    internal const string PauseVariable = "OPSMODULE_TEST_PAUSE";
    internal const string SignalVariable = "OPSMODULE_TEST_PAUSE_SIGNAL";

    /// <summary>Variable that makes S3 uploads send aws-chunked bodies (which s3rver stores corrupted), to test read-back verification.</summary>
    internal const string ChunkEncodingVariable = "OPSMODULE_TEST_S3_CHUNK_ENCODING";

    /// <summary>True when a test asks S3 uploads to use aws-chunked bodies.</summary>
    internal static bool ForceS3ChunkEncoding => Environment.GetEnvironmentVariable(ChunkEncodingVariable) == "1";

    /// <summary>Pauses when the test environment asks for this point.</summary>
    internal static void Pause(string point, CancellationToken cancellationToken)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(PauseVariable), point, StringComparison.Ordinal))
        {
            return;
        }

        string? signal = Environment.GetEnvironmentVariable(SignalVariable);
        if (!string.IsNullOrEmpty(signal))
        {
            File.WriteAllText(signal, point);
        }

        DateTime deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50)))
        {
            if (!string.IsNullOrEmpty(signal) && !File.Exists(signal))
            {
                return;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
