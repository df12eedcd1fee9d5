using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;

namespace OpsModule.Infrastructure;

/// <summary>
/// What every OpsModule cmdlet shares: the async engine boundary (engine work runs on a worker thread while
/// the pipeline thread writes the verbose, warning, progress, output and error records it posts), cancellation
/// on Ctrl+C, and engine failures turned into ErrorRecords with stable ids and no stack traces.
/// </summary>
public abstract class OpsCmdlet : PSCmdlet, IDisposable
{
    private static int s_nextActivityId = 7100;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Stopwatch _sinceProgress = new();
    private readonly int _activityId = Interlocked.Increment(ref s_nextActivityId);
    private readonly Stopwatch _activityClock = new();
    private readonly CmdletObserver _observer;
    private BlockingCollection<Action>? _pump;
    private int _pipelineThread = -1;

    /// <summary>Creates the cmdlet and its observer.</summary>
    protected OpsCmdlet() => _observer = new CmdletObserver(this);

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The engine's observer: thread-safe; its records are written on the pipeline thread.</summary>
    internal IOperationObserver Observer => _observer;

    /// <inheritdoc />
    protected override void StopProcessing() => _cancellation.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Releases what the call holds. PowerShell calls it when the pipeline ends, also when the call failed or was
    /// stopped (Ctrl+C, PowerShell.Stop(), -ErrorAction Stop) before EndProcessing could clean up.
    /// </summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancellation.Dispose();
        }
    }

    /// <summary>
    /// Runs async engine work on a worker thread and, until it ends, writes on this (the pipeline) thread
    /// everything it posts through <see cref="Observer"/>, <see cref="Emit"/> and <see cref="EmitError"/>.
    /// Returns the work's result or rethrows its exception. When the pipeline stops (Ctrl+C, or a downstream
    /// Select-Object -First), the work is cancelled and awaited, so its cleanup runs before the call returns.
    /// </summary>
    protected T RunEngine<T>(Func<CancellationToken, Task<T>> work)
    {
        Task<T>? task = null;
        Pump(token => task = Task.Run(() => work(token), CancellationToken.None));
        return task!.GetAwaiter().GetResult();
    }

    /// <summary>As <see cref="RunEngine{T}"/>, for work without a result.</summary>
    protected void RunEngine(Func<CancellationToken, Task> work)
    {
        Task? task = null;
        Pump(token => task = Task.Run(() => work(token), CancellationToken.None));
        task!.GetAwaiter().GetResult();
    }

    /// <summary>Writes a result from any thread (written on the pipeline thread, in order).</summary>
    protected void Emit(object result) => Post(() => WriteObject(result));

    /// <summary>Writes a non-terminating error for one item from any thread.</summary>
    protected void EmitError(OpsException error) => Post(() => WriteError(ToErrorRecord(error)));

    /// <summary>
    /// Runs <paramref name="function"/> on the pipeline thread (where user scriptblocks must run) from engine work,
    /// and returns its result; cancelled when the pipeline stops before it could run.
    /// </summary>
    protected Task<T> OnPipelineThread<T>(Func<T> function)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                completion.TrySetResult(function());
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        });
        if (_pump is null && Environment.CurrentManagedThreadId != _pipelineThread && _pipelineThread != -1)
        {
            completion.TrySetCanceled();
        }

        return completion.Task;
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
            string message = Redaction.Redact(ex.Message);
            WriteError(new ErrorRecord(
                message == ex.Message ? ex : new InvalidOperationException($"{ex.GetType().FullName}: {message}"),
                ErrorIds.OperationFailed,
                ErrorCategory.NotSpecified,
                target is string text ? Redaction.Redact(text) : target));
        }
    }

    /// <summary>
    /// Stops the call with ConfirmationRequired when ShouldProcess would ask (ConfirmImpact at or above
    /// $ConfirmPreference, or -Confirm) and nobody can answer: -NonInteractive, a host without UI, or redirected
    /// standard input (cron, a pipe), where the console would read the next input line (an empty one means the
    /// prompt's default, Yes) or fail. An unseen prompt must never decide a destructive change.
    /// </summary>
    /// <summary>True when a confirmation this call would ask for could not be answered (see <see cref="RefuseUnanswerableConfirmation"/>).</summary>
    protected bool NobodyCouldConfirm() => ConfirmationWouldPrompt() && Prompts.WhyNobodyCanAnswer(Host) is string;

    protected void RefuseUnanswerableConfirmation(string whatNeedsIt)
    {
        if (!ConfirmationWouldPrompt() || Prompts.WhyNobodyCanAnswer(Host) is not string why)
        {
            return;
        }

        ThrowOpsError(ConfirmationRequired(whatNeedsIt, why));
    }

    /// <summary>
    /// Asks <paramref name="question"/> (a ShouldProcess call) as <see cref="RefuseUnanswerableConfirmation"/> refuses it: a
    /// host that turns out unable to show a prompt (it throws instead of answering, as a host without a user interface
    /// does) is nobody answering, so the call stops with ConfirmationRequired, not the host's HostFunctionNotImplemented.
    /// <paramref name="beforeRefusing"/> undoes what was prepared for the question.
    /// </summary>
    protected bool Ask(Func<bool> question, string whatNeedsIt, Action? beforeRefusing = null)
    {
        try
        {
            return question();
        }
        catch (Exception ex) when (Prompts.CannotShow(ex))
        {
            beforeRefusing?.Invoke();
            ThrowOpsError(ConfirmationRequired(whatNeedsIt, Prompts.CannotShowWhy(ex)));
            throw;
        }
    }

    /// <summary>As <see cref="Ask(Func{bool}, string, Action?)"/>, throwing the cmdlet's own error for an unanswerable question.</summary>
    protected static bool Ask(Func<bool> question, Func<string, OpsException> nobodyAnswered)
    {
        try
        {
            return question();
        }
        catch (Exception ex) when (Prompts.CannotShow(ex))
        {
            throw nobodyAnswered(Prompts.CannotShowWhy(ex));
        }
    }

    /// <summary>True when -WhatIf (or $WhatIfPreference, unless -WhatIf:$false) is in effect for this call.</summary>
    protected bool WhatIfRequested() => MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf)
        ? LanguagePrimitives.IsTrue(whatIf)
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>The ConfirmationRequired error: <paramref name="whatNeedsIt"/> needs a confirmation nobody can give, and why.</summary>
    private static OpsException ConfirmationRequired(string whatNeedsIt, string why) => new(
        ErrorIds.ConfirmationRequired,
        OpsErrorCategory.InvalidOperation,
        null,
        $"{whatNeedsIt} needs confirmation and nobody can give it ({why}). Add -Confirm:$false to go ahead without asking, or -WhatIf to see what it would do.");

    /// <summary>Whether ShouldProcess would show a confirmation prompt for this call.</summary>
    private bool ConfirmationWouldPrompt()
    {
        if (WhatIfRequested())
        {
            return false;
        }

        if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm))
        {
            return LanguagePrimitives.IsTrue(confirm);
        }

        object? preference = GetVariableValue("ConfirmPreference");
        if (!LanguagePrimitives.TryConvertTo(preference, out ConfirmImpact threshold))
        {
            threshold = ConfirmImpact.High;
        }

        ConfirmImpact impact = ((CmdletAttribute?)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute)))?.ConfirmImpact ?? ConfirmImpact.Medium;
        return threshold != ConfirmImpact.None && impact >= threshold;
    }

    /// <summary>Stops the whole call with an OpsModule error (used when nothing can go on).</summary>
    protected void ThrowOpsError(OpsException ex) => ThrowTerminatingError(ToErrorRecord(ex));

    /// <summary>The ErrorRecord for an engine failure: its id, category, target and message, its exception kept inside.</summary>
    internal static ErrorRecord ToErrorRecord(OpsException ex)
    {
        // The last line of defence for secrets: a message or target that quotes a password (a connection string given
        // where a path was expected, a URI with credentials) is shown masked, without the inner exception that held it.
        string message = Engine.Common.Redaction.Redact(ex.Message);
        object? target = ex.Target is string text ? Engine.Common.Redaction.Redact(text) : ex.Target;
        if (!string.Equals(message, ex.Message, StringComparison.Ordinal) || (ex.Target is string shown && !string.Equals(shown, (string)target!, StringComparison.Ordinal)))
        {
            ex = new OpsException(ex.ErrorId, ex.Category, target, message);
        }

        return new(ex, ex.ErrorId, Map(ex.Category), target);
    }

    /// <summary>Writes what the running work posts until it ends; on a pipeline stop, cancels it and waits for its cleanup.</summary>
    private void Pump(Func<CancellationToken, Task> start)
    {
        if (_pump is not null)
        {
            throw new InvalidOperationException("RunEngine is not reentrant.");
        }

        using var pump = new BlockingCollection<Action>();
        _pipelineThread = Environment.CurrentManagedThreadId;
        _pump = pump;
        Task work = start(_cancellation.Token);
        work.ContinueWith(_ => CompleteQuietly(pump), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            foreach (Action action in pump.GetConsumingEnumerable())
            {
                action();
            }
        }
        catch
        {
            // The pipeline stopped under us (a downstream Select-Object -First, or Ctrl+C): cancel the work and let its cleanup run.
            _cancellation.Cancel();
            WaitQuietly(work);
            throw;
        }
        finally
        {
            _pump = null;
        }
    }

    private static void CompleteQuietly(BlockingCollection<Action> pump)
    {
        try
        {
            pump.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
            // The pump was abandoned after a pipeline stop.
        }
    }

    private static void WaitQuietly(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
            // The work's failure after a pipeline stop has nobody to report to.
        }
    }

    /// <summary>Runs an action on the pipeline thread: now when already on it, else queued for the pump.</summary>
    private void Post(Action action)
    {
        BlockingCollection<Action>? pump = _pump;
        if (Environment.CurrentManagedThreadId == _pipelineThread || (pump is null && _pipelineThread == -1))
        {
            action();
            return;
        }

        if (pump is null)
        {
            // Posted from a worker after its RunEngine returned (the pipeline stopped): nobody is left to show it.
            return;
        }

        try
        {
            pump.Add(action);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // The work is over or the pipeline stopped: nobody is left to show this record.
        }
    }

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
        private long _lastProgressPost;
        private string? _phase;

        internal CmdletObserver(OpsCmdlet cmdlet) => _cmdlet = cmdlet;

        public void Verbose(string message) => _cmdlet.Post(() => _cmdlet.WriteVerbose(message));

        public void Warning(string message) => _cmdlet.Post(() => _cmdlet.WriteWarning(message));

        public void Progress(string activity, string status, long done, long total)
        {
            // Throttle before queueing, so a hot loop cannot flood the pump; the pipeline thread throttles again.
            long now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _lastProgressPost) < 100)
            {
                return;
            }

            Interlocked.Exchange(ref _lastProgressPost, now);
            _cmdlet.Post(() => WriteProgress(activity, status, done, total));
        }

        public void ProgressCompleted(string activity) => _cmdlet.Post(() =>
        {
            Interlocked.Exchange(ref _lastProgressPost, 0);
            _phase = null;
            _cmdlet._sinceProgress.Reset();
            _cmdlet._activityClock.Reset();
            _cmdlet.WriteProgress(new ProgressRecord(_cmdlet._activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        });

        private void WriteProgress(string activity, string status, long done, long total)
        {
            // Time remaining covers the current phase only: its clock restarts when the phase (the status) changes.
            if (!_cmdlet._activityClock.IsRunning || !string.Equals(_phase, status, StringComparison.Ordinal))
            {
                _phase = status;
                _cmdlet._activityClock.Restart();
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
    }
}
