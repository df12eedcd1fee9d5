using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading;
using OpsModule.Engine.Common;

namespace OpsModule.Infrastructure;

/// <summary>
/// What every OpsModule cmdlet shares: cancellation on Ctrl+C, the engine's story as verbose and progress
/// records, and engine failures turned into ErrorRecords with stable ids and no stack traces.
/// </summary>
public abstract class OpsCmdlet : PSCmdlet, IDisposable
{
    private static int s_nextActivityId = 7100;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Stopwatch _sinceProgress = new();
    private readonly int _activityId = Interlocked.Increment(ref s_nextActivityId);
    private readonly Stopwatch _activityClock = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The engine's observer: verbose text and throttled progress on this cmdlet's thread.</summary>
    internal IOperationObserver Observer => new CmdletObserver(this);

    /// <inheritdoc />
    protected override void StopProcessing() => _cancellation.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Runs one item's work. An engine failure becomes a non-terminating error for that item (the call goes on
    /// with the next one); Ctrl+C stops the pipeline.
    /// </summary>
    protected void ForItem(object target, Action work)
    {
        try
        {
            work();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (OpsException ex)
        {
            WriteError(ToErrorRecord(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            WriteError(new ErrorRecord(ex, ErrorIds.OperationFailed, ErrorCategory.NotSpecified, target));
        }
    }

    /// <summary>Stops the whole call with an OpsModule error (used when nothing can go on).</summary>
    protected void ThrowOpsError(OpsException ex) => ThrowTerminatingError(ToErrorRecord(ex));

    /// <summary>The ErrorRecord for an engine failure: its id, category, target and message, its exception kept inside.</summary>
    internal static ErrorRecord ToErrorRecord(OpsException ex) =>
        new(ex, ex.ErrorId, Map(ex.Category), ex.Target);

    private static ErrorCategory Map(OpsErrorCategory category) => category switch
    {
        OpsErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        OpsErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        OpsErrorCategory.InvalidData => ErrorCategory.InvalidData,
        OpsErrorCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        OpsErrorCategory.ConnectionError => ErrorCategory.ConnectionError,
        OpsErrorCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        OpsErrorCategory.ResourceBusy => ErrorCategory.ResourceBusy,
        OpsErrorCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        OpsErrorCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        OpsErrorCategory.OperationStopped => ErrorCategory.OperationStopped,
        OpsErrorCategory.WriteError => ErrorCategory.WriteError,
        _ => ErrorCategory.NotSpecified,
    };

    private sealed class CmdletObserver : IOperationObserver
    {
        private readonly OpsCmdlet _cmdlet;

        internal CmdletObserver(OpsCmdlet cmdlet) => _cmdlet = cmdlet;

        public void Verbose(string message) => _cmdlet.WriteVerbose(message);

        public void Progress(string activity, string status, long done, long total)
        {
            if (!_cmdlet._activityClock.IsRunning)
            {
                _cmdlet._activityClock.Start();
            }

            if (_cmdlet._sinceProgress.IsRunning && _cmdlet._sinceProgress.ElapsedMilliseconds < 250)
            {
                return;
            }

            _cmdlet._sinceProgress.Restart();
            var record = new ProgressRecord(_cmdlet._activityId, activity, status);
            if (total > 0 && done > 0)
            {
                double fraction = Math.Min(1.0, (double)done / total);
                record.PercentComplete = (int)(fraction * 100);
                double elapsed = _cmdlet._activityClock.Elapsed.TotalSeconds;
                record.SecondsRemaining = (int)Math.Max(0, (elapsed / fraction) - elapsed);
            }

            _cmdlet.WriteProgress(record);
        }

        public void ProgressCompleted(string activity)
        {
            _cmdlet._sinceProgress.Reset();
            _cmdlet._activityClock.Reset();
            _cmdlet.WriteProgress(new ProgressRecord(_cmdlet._activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
