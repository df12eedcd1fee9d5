using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Health;

/// <summary>
/// Runs checks concurrently (at most <c>throttleLimit</c> at once), each attempt under a hard timeout, retrying
/// Unhealthy attempts, and hands each result over the moment its check finishes.
/// </summary>
internal static class HealthRunner
{
    internal const string Activity = "Checking health";

    internal static async Task RunAsync(IReadOnlyList<HealthCheckSpec> specs, int throttleLimit, Action<HealthCheckResult> onResult, IOperationObserver observer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throttleLimit, 1);
        using var gate = new SemaphoreSlim(throttleLimit);
        int finished = 0;
        observer.Verbose($"Running {specs.Count} health check(s), at most {throttleLimit} at once.");

        async Task RunGatedAsync(HealthCheckSpec spec)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            HealthCheckResult result;
            try
            {
                result = await RunOneAsync(spec, observer, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }

            onResult(result);
            int done = Interlocked.Increment(ref finished);
            observer.Progress(Activity, $"{done} of {specs.Count} checks done", done, specs.Count);
        }

        try
        {
            await Task.WhenAll(specs.Select(RunGatedAsync)).ConfigureAwait(false);
        }
        finally
        {
            observer.ProgressCompleted(Activity);
        }
    }

    /// <summary>Runs one check with its retries; never throws for a failing check (only on cancellation of the whole call).</summary>
    internal static async Task<HealthCheckResult> RunOneAsync(HealthCheckSpec spec, IOperationObserver observer, CancellationToken cancellationToken)
    {
        if (spec.Check is null)
        {
            return Result(spec, HealthStatus.Unknown, spec.Problem ?? "The check cannot run.", attempts: 0, responseTime: null, new Dictionary<string, object?>());
        }

        var failures = new List<string>();
        CheckOutcome outcome;
        int attempt = 0;
        while (true)
        {
            attempt++;
            outcome = await AttemptAsync(spec, cancellationToken).ConfigureAwait(false);
            if (outcome.Status != HealthStatus.Unhealthy || attempt > spec.RetryCount)
            {
                break;
            }

            failures.Add($"attempt {attempt}: {outcome.Message}");
            observer.Verbose($"{spec.Name}: attempt {attempt} of {spec.RetryCount + 1} was Unhealthy ({outcome.Message}); retrying in {Threshold.FormatSeconds(spec.RetryInterval.TotalSeconds)}.");
            if (spec.RetryInterval > TimeSpan.Zero)
            {
                await Task.Delay(spec.RetryInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        if (failures.Count > 0)
        {
            outcome.Data["FailedAttempts"] = failures.ToArray();
        }

        observer.Verbose($"{spec.Name}: {outcome.Status} after {attempt} attempt(s): {outcome.Message}");
        return Result(spec, outcome.Status, outcome.Message, attempt, outcome.ResponseTime, outcome.Data);
    }

    /// <summary>
    /// One attempt under a hard timeout: the check's token is cancelled at the timeout, and the attempt is given up at
    /// the timeout even when the check ignores its token (it is left to finish in the background, its outcome discarded).
    /// </summary>
    private static async Task<CheckOutcome> AttemptAsync(HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptCancellation.CancelAfter(spec.Timeout);
        Stopwatch clock = Stopwatch.StartNew();
        Task<CheckOutcome> work = Task.Run(() => spec.Check!.RunAsync(attemptCancellation.Token), CancellationToken.None);
        _ = work.ContinueWith(
            finished =>
            {
                _ = finished.Exception;
                attemptCancellation.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task timer = Task.Delay(spec.Timeout, deadline.Token);
        Task first = await Task.WhenAny(work, timer).ConfigureAwait(false);
        await deadline.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first != work)
        {
            return TimedOut(spec);
        }

        try
        {
            return await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut(spec);
        }
        catch (HealthDefinitionException ex)
        {
            return CheckOutcome.Failed(ex.Message, HealthStatus.Unknown);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CheckOutcome failed = CheckOutcome.Failed($"The check failed after {Threshold.FormatSeconds(clock.Elapsed.TotalSeconds)}: {ex.Message}");
            return failed;
        }
    }

    private static CheckOutcome TimedOut(HealthCheckSpec spec)
    {
        CheckOutcome outcome = CheckOutcome.Failed($"No answer within the timeout of {Threshold.FormatSeconds(spec.Timeout.TotalSeconds)}.");
        outcome.Data["TimedOut"] = true;
        return outcome;
    }

    private static HealthCheckResult Result(HealthCheckSpec spec, HealthStatus status, string message, int attempts, TimeSpan? responseTime, IDictionary<string, object?> data) => new()
    {
        Name = spec.Name,
        Kind = spec.Kind,
        Target = spec.Target,
        Status = status,
        Message = message,
        Attempts = attempts,
        ResponseTime = responseTime,
        Data = data,
        Tags = spec.Tags,
        Timestamp = DateTime.UtcNow,
    };

    /// <summary>One overall result: the worst status of all, with the count of each status in Data.</summary>
    internal static HealthCheckResult Summarize(IReadOnlyCollection<HealthCheckResult> results)
    {
        HealthStatus worst = results.Count == 0 ? HealthStatus.Unknown : results.Select(r => r.Status).Aggregate(HealthStatus.Healthy, CheckOutcome.Worst);
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Checks"] = results.Count };
        foreach (HealthStatus status in Enum.GetValues<HealthStatus>())
        {
            data[status.ToString()] = results.Count(r => r.Status == status);
        }

        string[] bad = results.Where(r => r.Status != HealthStatus.Healthy).Select(r => $"{r.Name} ({r.Status})").ToArray();
        return new HealthCheckResult
        {
            Name = "Summary",
            Kind = "Summary",
            Target = $"{results.Count} check(s)",
            Status = worst,
            Attempts = 1,
            Message = results.Count == 0 ? "No checks ran." : bad.Length == 0 ? $"All {results.Count} check(s) are Healthy." : $"{bad.Length} of {results.Count} check(s) not Healthy: {string.Join(", ", bad)}",
            Data = data,
            Timestamp = DateTime.UtcNow,
        };
    }
}
