using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Maintenance;

/// <summary>One retention purge: delete the rows of Table whose Column is older than OlderThan (and match Where).</summary>
/// <param name="Target">The database.</param>
/// <param name="Table">The table, checked against the catalog (PostgreSQL: <c>table</c> or <c>schema.table</c>).</param>
/// <param name="Column">The time column, checked against the catalog.</param>
/// <param name="OlderThan">Rows older than now minus this are deleted.</param>
/// <param name="Where">Trusted extra SQL condition, or null; refused when it holds a statement separator.</param>
/// <param name="BatchSize">Rows per batch (one short transaction each).</param>
/// <param name="BatchPause">The pause between batches, so other writers get the lock.</param>
/// <param name="TimeLimit">No batch starts after this much time; null for none.</param>
/// <param name="MinimumAge">OlderThan below this is refused (a guard against purging recent rows by mistake).</param>
/// <param name="BusyTimeout">How long a batch waits for another connection's lock.</param>
public sealed record PurgeRequest(
    DatabaseTarget Target,
    string Table,
    string Column,
    TimeSpan OlderThan,
    string? Where,
    int BatchSize,
    TimeSpan BatchPause,
    TimeSpan? TimeLimit,
    TimeSpan MinimumAge,
    TimeSpan BusyTimeout,
    bool PreviewOnly = false);

/// <summary>A purge whose names were found in the catalog and whose matching rows were counted.</summary>
public sealed class PurgePlan : IAsyncDisposable
{
    internal PurgePlan(PurgeRequest request, IPurgeAdapter adapter, DateTime cutoff, long matched, string[] cascades)
    {
        Request = request;
        Adapter = adapter;
        Cutoff = cutoff;
        Matched = matched;
        Cascades = cascades;
    }

    /// <summary>The tables whose rows foreign keys (ON DELETE CASCADE, SET NULL, SET DEFAULT) delete or change with these rows; not counted.</summary>
    public string[] Cascades { get; }

    /// <summary>The request.</summary>
    public PurgeRequest Request { get; }

    /// <summary>Rows older than this (UTC) go.</summary>
    public DateTime Cutoff { get; }

    /// <summary>Rows that match now.</summary>
    public long Matched { get; }

    /// <summary>The table as found in the catalog.</summary>
    public string Table => Adapter.Table;

    /// <summary>The column as found in the catalog.</summary>
    public string Column => Adapter.Column;

    internal IPurgeAdapter Adapter { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Adapter.DisposeAsync();
}

/// <summary>One engine's side of a purge: catalog checks, counting, one batch, the follow-up.</summary>
internal interface IPurgeAdapter : IAsyncDisposable
{
    string Table { get; }

    string Column { get; }

    /// <summary>What the resolved purge leaves out that the user should hear of (a kind of value it does not read), or null.</summary>
    string? Note => null;

    Task ResolveAsync(PurgeRequest request, DateTime cutoff, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    Task<string[]> CascadesAsync(CancellationToken cancellationToken);

    Task<long> DeleteBatchAsync(int batchSize, CancellationToken cancellationToken);

    Task<string> FollowUpAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Remove-DatabaseRecord's engine: checks the request, counts what would go, then deletes in batches (one short
/// transaction each, a pause between them) until done or the time limit, and runs the engine's cheap follow-up.
/// </summary>
public sealed class RecordPurgeEngine
{
    private readonly IOperationObserver _observer;

    /// <summary>Creates the engine.</summary>
    public RecordPurgeEngine(IOperationObserver observer) => _observer = observer;

    /// <summary>Checks names, the age guard and the filter, and counts the matching rows. Dispose the plan.</summary>
    public async Task<PurgePlan> PrepareAsync(PurgeRequest request, CancellationToken cancellationToken)
    {
        if (request.OlderThan < request.MinimumAge)
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                request.Table,
                string.Format(CultureInfo.InvariantCulture, "Refusing to purge '{0}': -OlderThan {1} is less than -MinimumAge {2}, so recent rows would go. Give a longer -OlderThan, or lower -MinimumAge if you mean it.", request.Table, request.OlderThan, request.MinimumAge));
        }

        if (request.Where is not null && request.Where.Contains(';', StringComparison.Ordinal))
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                request.Where,
                "-Where holds a statement separator (;). It must be one SQL condition, such as \"is_active = 0\".");
        }

        if (request.Where is not null && !IsOneCondition(request.Where))
        {
            // It is ANDed with the age condition inside parentheses: '1=1) OR (1=1' would close them and widen the delete to
            // every row, and a comment would cut off what follows.
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                request.Where,
                "-Where must be one SQL condition: its parentheses must balance (outside quotes), and it may hold no comment (-- or /*), no backslash and no $ outside quotes (PostgreSQL's E'...' and $$...$$ strings). It is combined with the age condition as AND (...).");
        }

        DateTime cutoff = DateTime.UtcNow - request.OlderThan;
        IPurgeAdapter adapter = request.Target.IsPostgres ? new PostgresPurge(request.Target) : new SqlitePurge(request.Target.SqlitePath!);
        try
        {
            await adapter.ResolveAsync(request, cutoff, cancellationToken).ConfigureAwait(false);
            if (adapter.Note is string note)
            {
                _observer.Warning(note);
            }

            long matched = await adapter.CountAsync(cancellationToken).ConfigureAwait(false);
            _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}.{1}: {2} rows have {3} before {4:u}.", request.Target.Database, adapter.Table, matched, adapter.Column, cutoff));
            string[] cascades = await adapter.CascadesAsync(cancellationToken).ConfigureAwait(false);
            if (cascades.Length > 0 && matched > 0)
            {
                _observer.Warning($"Deleting rows of '{adapter.Table}' also {CascadeText(cascades)}.");
            }

            return new PurgePlan(request, adapter, cutoff, matched, cascades);
        }
        catch
        {
            await adapter.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>"deletes or changes rows of a, b through foreign keys (not counted in RowsMatched or RowsDeleted)".</summary>
    public static string CascadeText(string[] cascades) =>
        "deletes or changes rows of " + string.Join(", ", cascades) + " through foreign keys (not counted in RowsMatched or RowsDeleted; triggers not included)";

    /// <summary>The -WhatIf result: the rows that would go, nothing deleted.</summary>
    public static RecordPurgeResult Preview(PurgePlan plan) => NewResult(plan, TimeSpan.Zero, 0, plan.Matched, 0, whatIf: true);

    /// <summary>Deletes in batches until no row matches or the time limit is reached.</summary>
    public async Task<RecordPurgeResult> PurgeAsync(PurgePlan plan, CancellationToken cancellationToken)
    {
        PurgeRequest request = plan.Request;
        var clock = Stopwatch.StartNew();
        long deleted = 0;
        int batches = 0;
        const string Activity = "Removing old records";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request.TimeLimit is TimeSpan limit && clock.Elapsed >= limit)
            {
                _observer.Verbose($"Stopping {plan.Table}: the time limit of {limit} was reached after {batches} batches.");
                break;
            }

            long count;
            try
            {
                count = await plan.Adapter.DeleteBatchAsync(request.BatchSize, cancellationToken).ConfigureAwait(false);
            }
            catch (OpsException failure)
            {
                _observer.ProgressCompleted(Activity);
                throw await StoppedAsync(plan, failure, clock.Elapsed, deleted, batches, cancellationToken).ConfigureAwait(false);
            }

            if (count == 0)
            {
                break;
            }

            deleted += count;
            batches++;
            _observer.Progress(Activity, string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} of {2:N0} rows deleted", plan.Table, deleted, plan.Matched), deleted, Math.Max(plan.Matched, deleted));
            if (count < request.BatchSize)
            {
                break;
            }

            if (request.BatchPause > TimeSpan.Zero)
            {
                await Task.Delay(request.BatchPause, cancellationToken).ConfigureAwait(false);
            }
        }

        _observer.ProgressCompleted(Activity);
        if (deleted > 0)
        {
            _observer.Verbose(await plan.Adapter.FollowUpAsync(cancellationToken).ConfigureAwait(false));
        }

        long left = await plan.Adapter.CountAsync(cancellationToken).ConfigureAwait(false);
        _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows deleted in {2} batches, {3} left.", plan.Table, deleted, batches, left));
        return NewResult(plan, clock.Elapsed, deleted, left, batches, whatIf: false);
    }

    /// <summary>
    /// A batch failed after <paramref name="deleted"/> rows of earlier batches were committed: the result says so
    /// (Completed false, ErrorId set) and the error names the count, so nothing already deleted goes unreported.
    /// </summary>
    private async Task<PurgeStoppedException> StoppedAsync(PurgePlan plan, OpsException failure, TimeSpan duration, long deleted, int batches, CancellationToken cancellationToken)
    {
        long left;
        try
        {
            left = await plan.Adapter.CountAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OpsException)
        {
            // The count failed too (the same lock, say): what matched minus what went is the best estimate.
            left = Math.Max(0, plan.Matched - deleted);
        }

        RecordPurgeResult result = NewResult(plan, duration, deleted, left, batches, whatIf: false);
        result.ErrorId = failure.ErrorId;
        string done = deleted == 0
            ? "No rows were deleted."
            : string.Format(CultureInfo.InvariantCulture, "{0:N0} rows of '{1}' deleted by the {2} batch(es) before it stay deleted (committed); {3:N0} matching rows are left.", deleted, plan.Table, batches, left);
        _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: stopped by {1} after {2} rows in {3} batches, {4} left.", plan.Table, failure.ErrorId, deleted, batches, left));
        return new PurgeStoppedException(result, new OpsException(failure.ErrorId, failure.Category, failure.Target, failure.Message + " " + done, failure.InnerException ?? failure));
    }

    private static RecordPurgeResult NewResult(PurgePlan plan, TimeSpan duration, long deleted, long left, int batches, bool whatIf) => new()
    {
        Database = plan.Request.Target.Database,
        Source = plan.Request.Target.Display,
        Engine = plan.Request.Target.Engine,
        Table = plan.Table,
        Column = plan.Column,
        Cutoff = plan.Cutoff,
        RowsMatched = plan.Matched,
        RowsDeleted = deleted,
        RowsLeft = left,
        Batches = batches,
        Duration = duration,
        Completed = !whatIf && left == 0,
        WhatIf = whatIf,
        Cascades = plan.Cascades,
    };

    /// <summary>Whether a -Where text is one condition: parentheses balance outside '...' and "...", and no comment starts.</summary>
    internal static bool IsOneCondition(string where)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = 0; i < where.Length; i++)
        {
            char c = where[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    return false;
                }

                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '\\':
                    // PostgreSQL's E'...' strings escape quotes with a backslash, which would hide a quote from this scan.
                    return false;
                case '$':
                    // PostgreSQL's $$...$$ and $tag$...$tag$ strings: quotes this scan cannot see.
                    return false;
                case '\'' or '"':
                    quote = c;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth < 0:
                    return false;
                case '-' when i + 1 < where.Length && where[i + 1] == '-':
                case '/' when i + 1 < where.Length && where[i + 1] == '*':
                    return false;
            }
        }

        return depth == 0 && quote == '\0';
    }

    internal static OpsException InvalidIdentifier(string kind, string name, string where) => new(
        ErrorIds.InvalidIdentifier,
        OpsErrorCategory.InvalidArgument,
        name,
        $"There is no {kind} named '{name}' in {where}. Table and column names are looked up in the database's catalog (they are never spliced into SQL as given); check the spelling.");
}

/// <summary>
/// A purge an error stopped after it began deleting: <see cref="Result"/> reports the rows already deleted (they stay
/// deleted), <see cref="Failure"/> is the error to write beside it.
/// </summary>
public sealed class PurgeStoppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PurgeStoppedException(RecordPurgeResult result, OpsException failure)
        : base(failure.Message, failure)
    {
        Result = result;
        Failure = failure;
    }

    /// <summary>What was deleted before the failure (Completed false, ErrorId set).</summary>
    public RecordPurgeResult Result { get; }

    /// <summary>The failure, its message naming the rows already deleted.</summary>
    public OpsException Failure { get; }
}
