using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using OpsModule.Engine.Common;
using OpsModule.Engine.Maintenance;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Remove-DatabaseRecord: batched, time-limited retention deletes with checked identifiers.</summary>
[Cmdlet(VerbsCommon.Remove, "DatabaseRecord", DefaultParameterSetName = DatabaseTargets.PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RecordPurgeResult))]
public sealed class RemoveDatabaseRecordCommand : OpsCmdlet
{
    private const string WhatNeedsConfirmation = "Deleting rows with Remove-DatabaseRecord";

    #region Parameters

    /// <summary>The SQLite database file(s); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DatabaseTargets.PathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>The SQLite database file(s), taken literally.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DatabaseTargets.LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>PostgreSQL databases: Npgsql connection strings or postgres:// URIs.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DatabaseTargets.ConnectionStringSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] ConnectionString { get; set; } = [];

    /// <summary>The PostgreSQL user and password (override those in the connection string).</summary>
    [Parameter(ParameterSetName = DatabaseTargets.ConnectionStringSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The table to purge (checked against the catalog).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Table { get; set; }

    /// <summary>The time column compared with the cutoff (checked against the catalog).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Column { get; set; }

    /// <summary>Rows whose Column is older than this are deleted ('90d', '26h', seconds).</summary>
    [Parameter]
    [DurationArgument(RequireUnit = true)]
    public TimeSpan OlderThan { get; set; }

    /// <summary>Trusted SQL condition the rows must also match, e.g. 'is_active = 0'; no statement separators.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Where { get; set; }

    /// <summary>A .psd1 file listing several purges (Purges = @(@{ Table; Column; OlderThan; Where; BatchSize })).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Definition { get; set; }

    /// <summary>Rows deleted per batch, each batch in its own short transaction. Default 5000.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>The pause between batches, so other writers get the lock. Default 100 ms.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No batch starts after this much time; what is left is reported. Default: no limit.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan TimeLimit { get; set; }

    /// <summary>An OlderThan below this is refused. Default 1 day.</summary>
    [Parameter]
    [DurationArgument(RequireUnit = true)]
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a batch waits for another connection's lock before DatabaseLocked. Default 30 s.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        List<Purge> purges = ReadPurges();
        RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
        foreach (DatabaseTarget target in DatabaseTargets.Resolve(this, ParameterSetName, Path, LiteralPath, ConnectionString, Credential))
        {
            foreach (Purge purge in purges)
            {
                var request = new PurgeRequest(target, purge.Table, purge.Column, purge.OlderThan, purge.Where, purge.BatchSize, BatchDelay, TimeLimit > TimeSpan.Zero ? TimeLimit : null, MinimumAge, BusyTimeout, WhatIfRequested());
                ForItem($"{target.Display}:{purge.Table}", () => Run(request));
            }
        }
    }

    #endregion

    private void Run(PurgeRequest request)
    {
        var engine = new RecordPurgeEngine(Observer);
        PurgePlan plan = RunEngine(token => engine.PrepareAsync(request, token));
        try
        {
            string action = string.Format(CultureInfo.InvariantCulture, "Delete {0:N0} {5} of {1} where {2} is before {3:u}{4}", plan.Matched, plan.Table, plan.Column, plan.Cutoff, request.Where is null ? string.Empty : " and " + request.Where, plan.Matched == 1 ? "row" : "rows")
                + (plan.Cascades.Length == 0 ? string.Empty : "; this also " + RecordPurgeEngine.CascadeText(plan.Cascades));
            ShouldProcessReason reason = ShouldProcessReason.None;
            if (Ask(() => ShouldProcess(action, action + "?", "Remove-DatabaseRecord", out reason), WhatNeedsConfirmation))
            {
                RecordPurgeResult result;
                try
                {
                    result = RunEngine(token => engine.PurgeAsync(plan, token));
                }
                catch (PurgeStoppedException stopped)
                {
                    // Earlier batches are committed: report them (Completed false, ErrorId) beside the error.
                    WriteObject(stopped.Result);
                    throw stopped.Failure;
                }

                WriteObject(result);
            }
            else if (reason == ShouldProcessReason.WhatIf)
            {
                WriteObject(RecordPurgeEngine.Preview(plan));
            }
        }
        finally
        {
            RunEngine(async _ => await plan.DisposeAsync().ConfigureAwait(false));
        }
    }

    private List<Purge> ReadPurges()
    {
        if (Definition is null)
        {
            if (Table is null || Column is null || !MyInvocation.BoundParameters.ContainsKey(nameof(OlderThan)))
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, Table, "Give -Table, -Column and -OlderThan, or -Definition with a .psd1 file of purges."));
            }

            if (OlderThan < TimeSpan.Zero)
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, OlderThan, $"-OlderThan {OlderThan} is negative: give the age of the rows to remove, such as 90d."));
            }

            return [new Purge(Table!, Column!, OlderThan, Where, BatchSize)];
        }

        string file = PathResolver.ResolveLiteral(this, Definition);
        if (!System.IO.File.Exists(file))
        {
            ThrowOpsError(new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, file, $"The definition file '{file}' does not exist."));
        }

        Hashtable? data = null;
        try
        {
            // -ErrorAction Stop: a parse error is thrown here (with its line and reason), not written to the host.
            var imported = InvokeCommand.NewScriptBlock("param($p) Import-PowerShellDataFile -LiteralPath $p -ErrorAction Stop").Invoke(file);
            data = imported.Count == 1 ? imported[0]?.BaseObject as Hashtable : null;
        }
        catch (RuntimeException ex)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"The definition file '{file}' cannot be read as a .psd1: {(ex.ErrorRecord?.Exception ?? ex).Message}", ex));
        }

        if (data is null)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"The definition file '{file}' is not a .psd1 holding one hashtable: it needs Purges = @( @{{ Table = ...; Column = ...; OlderThan = '90d' }} )."));
            throw new InvalidOperationException();
        }

        // A key the file does not know is refused, never skipped: a misspelt Where (Wher = 'is_active = 0') would widen
        // the purge to every old row.
        string[] unknownTop = [.. data.Keys.Cast<object>().Select(k => k.ToString() ?? string.Empty).Where(k => !string.Equals(k, "Purges", StringComparison.OrdinalIgnoreCase))];
        if (unknownTop.Length > 0)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}' has the unknown key(s) {string.Join(", ", unknownTop.Select(k => "'" + k + "'"))}: a definition holds only Purges = @( @{{ Table = ...; Column = ...; OlderThan = '90d' }} ). Nothing was deleted."));
        }

        var purges = new List<Purge>();
        foreach (object? entry in data["Purges"] as object[] ?? (data["Purges"] is Hashtable one ? [one] : []))
        {
            if (entry is not Hashtable purge || purge["Table"] is not string table || purge["Column"] is not string column || purge["OlderThan"] is null)
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}': every entry of Purges needs Table, Column and OlderThan (e.g. @{{ Table = 'events'; Column = 'created_at'; OlderThan = '90d' }})."));
                throw new InvalidOperationException();
            }

            string[] unknown = [.. purge.Keys.Cast<object>().Select(k => k.ToString() ?? string.Empty).Where(k => !s_purgeKeys.Contains(k, StringComparer.OrdinalIgnoreCase))];
            if (unknown.Length > 0)
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}': the purge of table '{table}' has the unknown key(s) {string.Join(", ", unknown.Select(k => "'" + k + "'"))} (a purge knows {string.Join(", ", s_purgeKeys)}). Nothing was deleted: a misspelt Where would have widened the purge."));
            }

            if (purge["Where"] is not (null or string))
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}': Where of table '{table}' must be a quoted SQL condition, such as Where = 'is_active = 0'. Nothing was deleted."));
            }

            if (purge["Where"] is string entryWhere && string.IsNullOrWhiteSpace(entryWhere))
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}': Where of table '{table}' is empty: give a condition, or leave the key out. Nothing was deleted."));
            }

            // The same rule as -OlderThan: OlderThan = 90 (no unit) is refused, an unquoted 90d (a decimal) is 90 days.
            if (!DurationArgumentAttribute.TryConvert(purge["OlderThan"], requireUnit: true, out TimeSpan olderThan, out string? durationError))
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}': OlderThan of table '{table}': {durationError}"));
                throw new InvalidOperationException();
            }

            int batch = BatchSize;
            if (WholeNumber(purge["BatchSize"]) is long rows and >= 1 and <= 1_000_000)
            {
                batch = (int)rows;
            }
            else if (purge["BatchSize"] is object size)
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}': BatchSize of table '{table}' is '{size}': give a whole number from 1 to 1000000 (rows per batch). Nothing was deleted."));
            }

            purges.Add(new Purge(table, column, olderThan, purge["Where"] as string ?? Where, batch));
        }

        if (purges.Count == 0)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidData, file, $"'{file}' lists no purges: it needs Purges = @( @{{ Table = ...; Column = ...; OlderThan = '90d' }} )."));
        }

        return purges;
    }

    /// <summary>A whole number as a .psd1 gives it (500, 500.0, '500'), or null.</summary>
    private static long? WholeNumber(object? value) => value switch
    {
        int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        double d when Math.Floor(d) == d && Math.Abs(d) < 1e15 => (long)d,
        decimal m when decimal.Truncate(m) == m && Math.Abs(m) < 1e15m => (long)m,
        string text when long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) => parsed,
        _ => null,
    };

    /// <summary>The keys of one purge in a -Definition file.</summary>
    private static readonly string[] s_purgeKeys = ["Table", "Column", "OlderThan", "Where", "BatchSize"];

    private sealed record Purge(string Table, string Column, TimeSpan OlderThan, string? Where, int BatchSize);
}
