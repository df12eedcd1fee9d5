using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// Runs maintenance tasks against one database, one MaintenanceResult per task: the engine-specific work is in
/// <see cref="SqliteMaintenance"/> and <see cref="PostgresMaintenance"/>; this class owns the rules every task
/// shares (presets, unknown names refused before any task runs, the time limit, a task that cannot run is Failed
/// with its error and the others go on).
/// </summary>
public sealed class MaintenanceEngine
{
    private readonly IOperationObserver _observer;

    /// <summary>Creates the engine.</summary>
    public MaintenanceEngine(IOperationObserver observer) => _observer = observer;

    /// <summary>The tasks that would run, after presets are expanded (for -WhatIf and ShouldProcess).</summary>
    public static IReadOnlyList<string> Plan(DatabaseTarget target, IReadOnlyList<string> tasks) =>
        MaintenanceTasks.Resolve(target.IsPostgres, tasks, out _);

    /// <summary>Runs the tasks, emitting each result (and each report row) as soon as it exists.</summary>
    public async Task RunAsync(MaintenanceRequest request, IMaintenanceSink sink, CancellationToken cancellationToken)
    {
        DatabaseTarget target = request.Target;
        MaintenanceTasks.EnsureKnown(target.IsPostgres, request.Tasks);
        IReadOnlyList<string> tasks = MaintenanceTasks.Resolve(target.IsPostgres, request.Tasks, out _);

        var clock = Stopwatch.StartNew();
        await using ITaskRunner runner = target.IsPostgres
            ? new PostgresMaintenance(target, request, _observer, sink)
            : new SqliteMaintenance(target, request, _observer);
        bool limitReached = false;
        string? damageFoundBy = null;
        string? unreachable = null;
        var skippedForDamage = new List<string>();
        for (int i = 0; i < tasks.Count; i++)
        {
            string task = tasks[i];
            cancellationToken.ThrowIfCancellationRequested();

            // A SQLite file a check found damaged is not written to by the tasks after it (Daily's Analyze and Optimize had
            // rewritten it, statistics computed from damaged tables): the file stays as the check saw it, for Repair-Database
            // or a restore. (On PostgreSQL, REINDEX is how a damaged index is rebuilt; its tasks run on.)
            if (unreachable is not null)
            {
                // One error says the database cannot be reached; the tasks after it were not tried (four identical errors for
                // Daily, nine for Weekly, before).
                sink.Emit(NewResult(target, task, MaintenanceStatus.Skipped, $"Not started: {unreachable} could not connect to the database (see its error).", ErrorIds.DatabaseConnectionFailed));
                continue;
            }

            if (damageFoundBy is not null && SqliteWrites.Contains(task))
            {
                sink.Emit(NewResult(target, task, MaintenanceStatus.Skipped, $"Not started: {damageFoundBy} found the database damaged, and {task} would write to it. Run Repair-Database (or restore a backup) first.", ErrorIds.SourceIntegrityFailed));
                skippedForDamage.Add(task);
                continue;
            }

            // Once a task was interrupted by the limit the rest are skipped, even when the timer that interrupted it fired a
            // little before the stopwatch reached the limit.
            if (request.TimeLimit is TimeSpan limit && (limitReached || clock.Elapsed + request.TimeUsed >= limit))
            {
                sink.Emit(NewResult(target, task, MaintenanceStatus.Skipped, $"Not started: the time limit of {limit} was reached."));
                continue;
            }

            _observer.Progress("Database maintenance", $"{target.Database}: {task}", i, tasks.Count);
            _observer.Verbose($"{target.Database}: running {task}.");
            using var taskToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (request.TimeLimit is TimeSpan budget)
            {
                TimeSpan left = budget - clock.Elapsed - request.TimeUsed;
                taskToken.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }

            MaintenanceResult result = NewResult(target, task, MaintenanceStatus.Succeeded, string.Empty);
            var taskClock = Stopwatch.StartNew();
            OpsException? failure = null;
            try
            {
                await runner.RunAsync(task, result, taskToken.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && request.TimeLimit is not null)
            {
                limitReached = true;
                failure = Fail(result, new OpsException(
                    ErrorIds.TimeLimitReached,
                    OpsErrorCategory.OperationTimeout,
                    $"{target.Database}:{task}",
                    $"{task} on '{target.Display}' was interrupted: the time limit of {request.TimeLimit} was reached. Nothing it did was left half-done; run it again with a longer -TimeLimit."));
            }
            catch (OpsException ex)
            {
                failure = Fail(result, ex);
            }

            result.Duration = taskClock.Elapsed;
            if (failure?.ErrorId == ErrorIds.DatabaseConnectionFailed)
            {
                unreachable = task;
            }

            if (!target.IsPostgres && result.Status == MaintenanceStatus.Failed && task is "IntegrityCheck" or "QuickCheck"
                && (failure is null || failure.ErrorId == ErrorIds.SourceIntegrityFailed))
            {
                damageFoundBy = task;
            }

            _observer.Verbose($"{target.Database}: {task} {result.Status} in {result.Duration.TotalSeconds:0.0} s. {result.Detail}");
            sink.Emit(result);
            if (failure is not null)
            {
                // The Failed result first, then its error: with -ErrorAction Stop the error ends the call, and the result
                // must already be out (-OutVariable, the pipeline) so reports stay complete.
                sink.Fail(failure);
            }
        }

        if (skippedForDamage.Count > 0)
        {
            // The skipped tasks did not run: one error says so, so a job stopped by -ErrorAction Stop (or checking $?) notices.
            sink.Fail(new OpsException(
                ErrorIds.SourceIntegrityFailed,
                OpsErrorCategory.InvalidData,
                target.Display,
                $"{damageFoundBy} found '{target.Display}' damaged, so the task(s) that write to it were skipped ({string.Join(", ", skippedForDamage)}). Run Repair-Database or restore a backup."));
        }

        _observer.ProgressCompleted("Database maintenance");
    }

    /// <summary>The SQLite tasks that write to the database file.</summary>
    private static readonly HashSet<string> SqliteWrites = new(["Analyze", "Optimize", "Reindex", "Vacuum", "Checkpoint"], StringComparer.Ordinal);

    internal static MaintenanceResult NewResult(DatabaseTarget target, string task, MaintenanceStatus status, string detail, string? errorId = null) => new()
    {
        Database = target.Database,
        Source = target.Display,
        Engine = target.Engine,
        Task = task,
        Status = status,
        Started = DateTime.UtcNow,
        Detail = detail,
        ErrorId = errorId,
    };

    /// <summary>Marks the result Failed with the error's id and message; returns the error, for the sink after the result.</summary>
    private static OpsException Fail(MaintenanceResult result, OpsException error)
    {
        result.Status = MaintenanceStatus.Failed;
        result.ErrorId = error.ErrorId;
        result.Detail = error.Message;
        return error;
    }
}

/// <summary>One engine's tasks, sharing a connection across them.</summary>
internal interface ITaskRunner : IAsyncDisposable
{
    /// <summary>Runs one task and fills in its result; throws OpsException when the task cannot run.</summary>
    Task RunAsync(string task, MaintenanceResult result, CancellationToken cancellationToken);
}
