using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Retention;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.S3;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>
/// Remove-DatabaseBackup: applies retention (restic forget's keep rules, plus -OlderThan) to the backups piped in
/// from Get-DatabaseBackup or found at -Location, per database, and emits a RetentionDecision for every backup,
/// also under -WhatIf. The newest backup of a database that passed verification is never removed.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DatabaseBackup", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RetentionDecision))]
public sealed class RemoveDatabaseBackupCommand : StoreCmdlet
{
    private const string WhatNeedsConfirmation = "Removing backups with Remove-DatabaseBackup";
    private const string InputObjectSet = "InputObject";
    private const string LocationSet = "Location";
    private const string BackupPathSet = "BackupPath";
    private readonly List<BackupInfo> _backups = [];
    private readonly HashSet<string> _added = new(StringComparer.Ordinal);
    private BackupFinder? _finder;

    #region Parameters

    /// <summary>The backups to apply retention to, as Get-DatabaseBackup emits them (all of a database, for the rules to count).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Backup")]
    [ValidateNotNull]
    public BackupInfo? InputObject { get; set; }

    /// <summary>Backups by their artifact or manifest (a path or an s3:// URI), e.g. files from Get-ChildItem; retention counts them per database.</summary>
    [Parameter(Mandatory = true, ParameterSetName = BackupPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] BackupPath { get; set; } = [];

    /// <summary>A backup location (folder or s3://bucket/prefix) whose backups retention applies to.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LocationSet)]
    [ValidateNotNullOrEmpty]
    public string Location { get; set; } = string.Empty;

    /// <summary>Keep the newest N backups of each database.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? KeepLast { get; set; }

    /// <summary>Keep the newest backup of each of the last N days that have backups.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? KeepDaily { get; set; }

    /// <summary>Keep the newest backup of each of the last N ISO weeks that have backups.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? KeepWeekly { get; set; }

    /// <summary>Keep the newest backup of each of the last N months that have backups.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? KeepMonthly { get; set; }

    /// <summary>Keep the newest backup of each of the last N years that have backups.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? KeepYearly { get; set; }

    /// <summary>Remove only backups older than this ('30d', '12h'); younger ones are kept.</summary>
    [Parameter]
    [DurationArgument(RequireUnit = true)]
    public TimeSpan? OlderThan { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (InputObject is not null && _added.Add(InputObject.BackupPath))
        {
            _backups.Add(InputObject);
        }

        if (ParameterSetName != BackupPathSet)
        {
            return;
        }

        foreach (string named in BackupPath)
        {
            string path = IsS3(named) ? named : PathResolver.ResolveBackupPath(this, named);
            ForItem(path, () =>
            {
                (string location, string file) = IsS3(path) ? S3BackupLocation.SplitFile(path) : (System.IO.Path.GetDirectoryName(path) ?? ".", System.IO.Path.GetFileName(path));
                BackupInfo backup = WithSource(location, source => (_finder ??= new BackupFinder(Observer)).Find(source, location, file))
                    ?? throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, path, $"No complete backup '{path}' was found (its manifest or artifact is missing).");

                if (_added.Add(backup.BackupPath))
                {
                    // An artifact and its manifest both piped in (Get-ChildItem of the folder) are one backup.
                    _backups.Add(backup);
                }
            });
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var policy = new RetentionPolicy
        {
            KeepLast = KeepLast,
            KeepDaily = KeepDaily,
            KeepWeekly = KeepWeekly,
            KeepMonthly = KeepMonthly,
            KeepYearly = KeepYearly,
            OlderThan = OlderThan,
        };
        if (policy.IsEmpty)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, null, "No retention rule was given, so every backup would be removed. Give -KeepLast, -KeepDaily, -KeepWeekly, -KeepMonthly, -KeepYearly or -OlderThan."));
        }

        RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
        bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? flag) && flag is SwitchParameter { IsPresent: true };
        // Under -Location the listing is made under the location's lock: listed before it, a backup that finished meanwhile
        // (its artifact written before its manifest) was taken for an interrupted one and removed (helper-98).
        var held = new Dictionary<string, LocationLock>(StringComparer.Ordinal);
        try
        {
            if (ParameterSetName == LocationSet)
            {
                string location = IsS3(Location) ? Location : PathResolver.ResolveBackupPath(this, Location);
                ForItem(location, () =>
                {
                    RequireFolder(location);
                    if (!whatIf)
                    {
                        held[LocationLock.PathFor(location)] = LocationLock.ForRetention(location);
                    }

                    _backups.AddRange(WithSource(location, source => RunEngine(token => System.Threading.Tasks.Task.Run(() => BackupCatalog.List(source, new CatalogQuery { IncludeIncomplete = true }, Observer), token))));
                    TestHook.Pause("retention-listed", System.Threading.CancellationToken.None);
                });
            }

            DateTime now = DateTime.UtcNow;
            foreach (IGrouping<string, BackupInfo> location in _backups.GroupBy(b => b.Location, StringComparer.Ordinal))
            {
                ForItem(location.Key, () =>
                {
                    using LocationLock? own = whatIf || held.ContainsKey(LocationLock.PathFor(location.Key)) ? null : LocationLock.ForRetention(location.Key);
                    WithSource(location.Key, source =>
                    {
                        foreach (RetentionDecision decision in Decide(source, location.ToList(), policy, now))
                        {
                            if (decision.Action == RetentionAction.Remove && Ask(() => ShouldProcess(decision.Backup.BackupPath, $"Remove backup ({decision.Reason})"), WhatNeedsConfirmation))
                            {
                                ForItem(decision.Backup.BackupPath, () =>
                                {
                                    RunEngine(token => System.Threading.Tasks.Task.Run(() => BackupRemover.Remove(source, decision.Backup, Observer), token));
                                    decision.Removed = true;
                                });
                            }

                            WriteObject(decision);
                        }

                        return 0;
                    });
                });
            }
        }
        finally
        {
            foreach (LocationLock locked in held.Values)
            {
                locked.Dispose();
            }
        }
    }

    #endregion

    /// <summary>
    /// Complete backups go through the planner (one whose verification record cannot be read is kept); incomplete leftovers
    /// are removed only when older than -OlderThan.
    /// </summary>
    private static List<RetentionDecision> Decide(IBackupSource source, List<BackupInfo> backups, RetentionPolicy policy, DateTime now)
    {
        List<BackupInfo> complete = backups.Where(b => b.Complete).ToList();
        // Only some of the location's backups may have been given (piped from Get-DatabaseBackup): the others stay, and so
        // does a globals backup one of them names (listed again without its warnings: the listing before gave them).
        HashSet<BackupInfo>? unknown = complete.Count == 0 ? null : BackupCatalog.UnknownVerification(source, complete);
        List<RetentionDecision> decisions = complete.Count == 0 ? [] : RetentionPlanner.Plan(complete, policy, now, unknown);
        if (decisions.Any(d => d.Action == RetentionAction.Remove && d.Backup.Engine == PgDatabaseEngine.GlobalsEngineName))
        {
            decisions = RetentionPlanner.Plan(complete, policy, now, unknown, BackupCatalog.List(source, new CatalogQuery(), NullObserver.Instance));
        }
        foreach (BackupInfo leftover in backups.Where(b => !b.Complete))
        {
            bool old = policy.OlderThan is TimeSpan age && BackupCatalog.HasTimeInName(leftover) && now - leftover.Created >= age;
            decisions.Add(new RetentionDecision
            {
                Backup = leftover,
                Database = leftover.Database,
                Created = leftover.Created,
                Action = old ? RetentionAction.Remove : RetentionAction.Keep,
                Reason = LeftoverReason(leftover, policy.OlderThan, now),
            });
        }

        return decisions;
    }

    /// <summary>What an incomplete leftover is, when it was made, and the one thing that decides its removal: -OlderThan.</summary>
    private static string LeftoverReason(BackupInfo leftover, TimeSpan? olderThan, DateTime now)
    {
        string what = TempFiles.IsInFlight(leftover.BackupPath)
            ? "incomplete (an in-flight file of a backup that was interrupted or is still running)"
            : "incomplete (an artifact without a manifest: its backup was interrupted)";
        if (!BackupCatalog.HasTimeInName(leftover))
        {
            string written = leftover.Created == DateTime.MinValue ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (last written {leftover.Created:yyyy-MM-dd HH:mm}Z)");
            return what + "; a staging copy with no time in its name" + written + ", so never removed by age (a running backup may own it); the next backup to this location removes it once its run is dead";
        }

        TimeSpan age = now - leftover.Created;
        string made = string.Create(CultureInfo.InvariantCulture, $"{what}, made {leftover.Created:yyyy-MM-dd HH:mm}Z ({Duration.Describe(age < TimeSpan.Zero ? TimeSpan.Zero : age)} ago)");
        return olderThan is not TimeSpan limit
            ? made + "; incomplete backups are removed only by -OlderThan, which was not given"
            : age >= limit
            ? made + ": older than -OlderThan " + Duration.Describe(limit)
            : made + ": not older than -OlderThan " + Duration.Describe(limit);
    }

    private T WithSource<T>(string location, Func<IBackupSource, T> work)
    {
        IBackupSource source = BackupStores.ForReading(location, BuildS3Options(), Cancellation);
        try
        {
            return work(source);
        }
        finally
        {
            BackupStores.Release(source);
        }
    }
}
