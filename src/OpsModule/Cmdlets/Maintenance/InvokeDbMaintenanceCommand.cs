using System;
using System.Linq;
using System.Management.Automation;
using OpsModule.Engine.Maintenance;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Invoke-DbMaintenance: integrity checks, vacuum, analyze, reindex and health reports for SQLite and PostgreSQL.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DbMaintenance", DefaultParameterSetName = DatabaseTargets.PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MaintenanceResult), typeof(TableSizeInfo), typeof(IndexUsageInfo), typeof(BloatEstimate), typeof(VacuumAgeInfo), typeof(WraparoundInfo))]
public sealed class InvokeDbMaintenanceCommand : OpsCmdlet
{
    private const string WhatNeedsConfirmation = "Running maintenance tasks with Invoke-DbMaintenance";

    // Databases whose tasks ran (went to the engine) in this call: those before a database whose engine refuses -Task.
    private int _databasesDone;
    private readonly System.Diagnostics.Stopwatch _clock = new();

    #region Parameters

    /// <summary>The SQLite database file(s); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DatabaseTargets.PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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

    /// <summary>The tasks to run, or the presets Daily and Weekly. Default: Daily.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(MaintenanceTaskCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Task { get; set; } = ["Daily"];

    /// <summary>SQLite: Vacuum runs only when the share of free pages is above this (0 to 1). Default 0.1.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double VacuumThreshold { get; set; } = 0.1;

    /// <summary>PostgreSQL: Reindex rebuilds indexes whose estimated bloat is above this (0 to 1). Default 0.3.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double ReindexThreshold { get; set; } = 0.3;

    /// <summary>How long a task waits for another connection's lock before it fails with DatabaseLocked. Default 30 s.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No task starts after this much time, and a running one is interrupted. Default: no limit.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan TimeLimit { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            // The same -Task goes to every database, of either engine, whatever the pipeline brings: a typo stops the
            // call before any database is resolved or touched, reported once.
            MaintenanceTasks.EnsureAnyEngineKnows(Task);
        }
        catch (OpsException mistyped)
        {
            ThrowOpsError(mistyped);
        }

        RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
        _clock.Start();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (DatabaseTarget target in DatabaseTargets.Resolve(this, ParameterSetName, Path, LiteralPath, ConnectionString, Credential))
        {
            try
            {
                MaintenanceTasks.EnsureKnown(target.IsPostgres, Task, _databasesDone);
            }
            catch (OpsException otherEngines)
            {
                // A task of the other engine only: known to be refused only when the first database of this engine comes.
                ThrowOpsError(otherEngines);
            }

            var approved = MaintenanceEngine.Plan(target, Task)
                .Where(task => Ask(() => ShouldProcess(target.Display, task), WhatNeedsConfirmation))
                .ToArray();
            if (approved.Length == 0)
            {
                continue;
            }

            _databasesDone++;
            ForItem(target, () =>
            {
                // -TimeLimit is the whole call's budget: each database has what the ones before it left (helper-115: with two
                // databases the second started its tasks after the limit).
                var request = new MaintenanceRequest(target, approved, BusyTimeout, VacuumThreshold, ReindexThreshold, TimeLimit > TimeSpan.Zero ? TimeLimit : null, _clock.Elapsed);
                var sink = new Sink(this);
                RunEngine(token => new MaintenanceEngine(Observer).RunAsync(request, sink, token));
            });
        }
    }

    #endregion

    private sealed class Sink(InvokeDbMaintenanceCommand cmdlet) : IMaintenanceSink
    {
        public void Emit(object result) => cmdlet.Emit(result);

        public void Fail(OpsException failure) => cmdlet.EmitError(failure);
    }
}
