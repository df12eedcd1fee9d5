using System;
using System.Threading;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Tests.Support;

/// <summary>Cancels the token (as Ctrl+C does) when the engine reports a step whose status contains a word.</summary>
internal sealed class CancellingObserver(CancellationTokenSource cancellation, string word) : IOperationObserver
{
    internal bool Cancelled { get; private set; }

    public void Verbose(string message)
    {
    }

    public void Warning(string message)
    {
    }

    public void Progress(string activity, string status, long done, long total)
    {
        if (status.Contains(word, StringComparison.Ordinal))
        {
            Cancelled = true;
            cancellation.Cancel();
        }
    }

    public void ProgressCompleted(string activity)
    {
    }
}
