using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Recovery;
using OpsModule.Engine.Storage;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>
/// Test-DisasterRecovery: fetch each backup, restore it into a scratch database, check it (integrity, row counts,
/// custom validations, RPO, RTO), remove the scratch database, and report the verdict with numbers.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DisasterRecovery", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(DisasterRecoveryResult))]
public sealed class TestDisasterRecoveryCommand : StoreCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string BackupPathSet = "BackupPath";
    private const string LocationSet = "Location";
    private const string WhatNeedsConfirmation = "Testing disaster recovery with Test-DisasterRecovery";

    private readonly List<RecoveryBackup> _queued = [];
    private readonly List<object> _sources = [];

    /// <summary>The backups already tested or queued in this call (an artifact and its manifest piped in are one backup).</summary>
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private DisasterRecoveryOptions? _options;

    #region Parameters

    /// <summary>The backup to test, as Backup-Database or Get-DatabaseBackup emit it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Backup")]
    [ValidateNotNull]
    public BackupInfo? InputObject { get; set; }

    /// <summary>The backup's artifact or its manifest (a file path or an s3:// URI).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BackupPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] BackupPath { get; set; } = [];

    /// <summary>A backup location: the newest backup of each database there is tested.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LocationSet)]
    [ValidateNotNullOrEmpty]
    public string Location { get; set; } = string.Empty;

    /// <summary>The folder for SQLite scratch databases and fetched artifacts (default: the system temp folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ScratchPath { get; set; }

    /// <summary>PostgreSQL: the server (and login) to create the scratch database on (default: the backup's own server).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ScratchConnectionString { get; set; }

    /// <summary>PostgreSQL: the login for the scratch server.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Custom validations: name = SQL that must return true, or a scriptblock receiving the scratch connection string that must return $true.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Validation { get; set; }

    /// <summary>The recovery point objective: the oldest the backup may be (e.g. '26h'; a bare number is refused).</summary>
    [Parameter]
    [DurationArgument(RequireUnit = true)]
    public TimeSpan? MaxBackupAge { get; set; }

    /// <summary>The recovery time objective: the longest fetch + restore may take (e.g. '15m'; a bare number is refused).</summary>
    [Parameter]
    [DurationArgument(RequireUnit = true)]
    public TimeSpan? MaxRestoreTime { get; set; }

    /// <summary>Keep the scratch database for inspection; the result says where.</summary>
    [Parameter]
    public SwitchParameter KeepScratch { get; set; }

    /// <summary>The client-side encryption key of encrypted backups: a key file's path or a SecureString.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? EncryptionKey { get; set; }

    /// <summary>How many backups to test at a time (default 1: one after another).</summary>
    [Parameter]
    [ValidateRange(1, 32)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Also write a non-terminating error for every backup that fails its test.</summary>
    [Parameter]
    public SwitchParameter ErrorOnFailure { get; set; }

    /// <summary>The pg_restore program to run instead of the one on PATH.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PgRestorePath { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (MaxBackupAge < TimeSpan.Zero || MaxRestoreTime < TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentOutOfRangeException(MaxBackupAge < TimeSpan.Zero ? nameof(MaxBackupAge) : nameof(MaxRestoreTime), "A limit cannot be negative."),
                ErrorIds.InvalidArgument,
                ErrorCategory.InvalidArgument,
                MaxBackupAge < TimeSpan.Zero ? MaxBackupAge : MaxRestoreTime));
        }

        RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
        _options = new DisasterRecoveryOptions
        {
            ScratchFolder = ScratchPath is null ? null : PathResolver.ResolveLiteral(this, ScratchPath),
            ScratchConnectionString = ScratchConnectionString,
            UserName = Credential?.UserName,
            Password = Credential?.GetNetworkCredential().Password,
            PgRestorePath = PgRestorePath,
            MaxBackupAge = MaxBackupAge,
            MaxRestoreTime = MaxRestoreTime,
            Validations = Validations(),
            KeepScratch = KeepScratch,
            EncryptionKey = LoadEncryptionKey(EncryptionKey),
        };
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string named in Backups())
        {
            // A verification record names its backup too (Get-ChildItem of a backup folder pipes all three files).
            string path = named.EndsWith(VerificationRecord.Suffix, StringComparison.Ordinal) ? named[..^VerificationRecord.Suffix.Length] : named;
            ForItem(path, () =>
            {
                var s3 = BuildS3Options();
                RecoveryBackup backup = RunEngine(token => Task.FromResult(RecoveryBackup.Load(path, s3, token)));
                _sources.Add(backup.Source);
                if (_seen.Add(backup.Display))
                {
                    Queue(backup);
                }
                else
                {
                    WriteVerbose($"'{named}' belongs to the backup '{backup.Display}', already tested in this call.");
                }

                ReleaseSources();
            });
        }

        if (ParameterSetName == LocationSet)
        {
            string location = IsS3(Location) ? Location : PathResolver.ResolveBackupPath(this, Location);
            ForItem(location, () =>
            {
                var s3 = BuildS3Options();
                IReadOnlyList<RecoveryBackup> latest = RunEngine(token => Task.FromResult(RecoveryBackup.LatestAt(location, Observer, s3, token)));
                if (latest.Count == 0)
                {
                    throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, location, $"No complete backups were found at '{location}'.");
                }

                _sources.Add(latest[0].Source);
                foreach (RecoveryBackup backup in latest)
                {
                    Queue(backup);
                }

                ReleaseSources();
            });
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            RunQueued();
        }
        finally
        {
            _queued.Clear();
            ReleaseSources();
            _options?.EncryptionKey?.Dispose();
        }
    }

    #endregion

    /// <summary>Releases the stores the tested backups were read from (S3 clients), unless tests still wait in the queue.</summary>
    private void ReleaseSources()
    {
        if (_queued.Count > 0)
        {
            return;
        }

        foreach (object source in _sources)
        {
            BackupStores.Release(source);
        }

        _sources.Clear();
    }

    private void RunQueued()
    {
        if (_queued.Count == 0)
        {
            return;
        }

        // -ThrottleLimit above 1: the backups collected from the pipeline run that many at a time, each result
        // written as soon as its test ends.
        ForItem(Location, () => RunEngine(async token =>
        {
            using var slots = new SemaphoreSlim(ThrottleLimit);
            IEnumerable<Task> tests = _queued.Select(async backup =>
            {
                await slots.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    DisasterRecoveryResult result = await new DisasterRecoveryTester(_options!, Observer).TestAsync(backup, token).ConfigureAwait(false);
                    Publish(result, Emit, EmitError);
                }
                catch (OpsException ex)
                {
                    EmitError(ex);
                }
                finally
                {
                    slots.Release();
                }
            });
            await Task.WhenAll(tests).ConfigureAwait(false);
        }));
    }

    private List<string> Backups()
    {
        if (ParameterSetName == InputObjectSet && InputObject is not null)
        {
            string path = string.IsNullOrEmpty(InputObject.ManifestPath) ? InputObject.BackupPath : InputObject.ManifestPath;
            return [IsS3(path) ? path : PathResolver.ResolveBackupPath(this, path)];
        }

        if (ParameterSetName == BackupPathSet)
        {
            return BackupPath.Select(p => IsS3(p) ? p : PathResolver.ResolveBackupPath(this, p)).ToList();
        }

        return [];
    }

    /// <summary>Tests the backup now (one at a time), or keeps it for EndProcessing (-ThrottleLimit above 1).</summary>
    private void Queue(RecoveryBackup backup)
    {
        if (!Ask(() => ShouldProcess(backup.Display, "Restore into a scratch database, check it and remove it"), WhatNeedsConfirmation))
        {
            return;
        }

        if (ThrottleLimit > 1)
        {
            _queued.Add(backup);
            return;
        }

        DisasterRecoveryResult result = RunEngine(token => new DisasterRecoveryTester(_options!, Observer).TestAsync(backup, token));
        Publish(result, WriteObject, ex => WriteError(ToErrorRecord(ex)));
    }

    private void Publish(DisasterRecoveryResult result, Action<object> write, Action<OpsException> error)
    {
        write(result);
        if (ErrorOnFailure && !result.Passed)
        {
            string failed = string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => c.Name + ": " + c.Detail));
            error(new OpsException(
                ErrorIds.DisasterRecoveryFailed,
                OpsErrorCategory.InvalidData,
                result.Backup.BackupPath,
                $"The disaster-recovery test of '{result.Backup.BackupPath}' failed. {failed}"));
        }
    }

    private static readonly string[] BuiltInChecks = ["Fetch", "Restore", "Integrity", "RowCounts", "Rpo", "Rto", "Cleanup"];

    private List<RecoveryValidation> Validations()
    {
        var validations = new List<RecoveryValidation>();
        if (Validation is null)
        {
            return validations;
        }

        foreach (DictionaryEntry entry in Validation)
        {
            string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            if (BuiltInChecks.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                // A validation named as a built-in check would be taken for it (the recorded verification ignores Rpo, Rto
                // and Cleanup: helper-123).
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"The validation '{name}' has the name of a built-in check ({string.Join(", ", BuiltInChecks)}): give it another name."),
                    ErrorIds.InvalidArgument,
                    ErrorCategory.InvalidArgument,
                    name));
            }

            object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
            switch (value)
            {
                case string sql when !string.IsNullOrWhiteSpace(sql):
                    validations.Add(new RecoveryValidation(name, sql));
                    break;
                case ScriptBlock script:
                    validations.Add(new RecoveryValidation(name, (connection, token) => OnPipelineThread(() => RunScript(script, connection)).WaitAsync(token)));
                    break;
                default:
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"The validation '{name}' is neither a SQL query nor a scriptblock."),
                        ErrorIds.InvalidArgument,
                        ErrorCategory.InvalidArgument,
                        name));
                    break;
            }
        }

        return validations.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs a validation scriptblock (on the pipeline thread); it passes only when it returns exactly $true.</summary>
    private static (bool Passed, string Detail) RunScript(ScriptBlock script, string connection)
    {
        Collection<PSObject> output;
        try
        {
            output = script.InvokeWithContext(null, [new PSVariable("_", connection)], connection);
        }
        catch (RuntimeException ex)
        {
            return (false, "The scriptblock failed: " + ex.Message);
        }

        if (output.Count == 1 && output[0]?.BaseObject is true)
        {
            return (true, "The scriptblock returned $true.");
        }

        string shown = output.Count == 0 ? "nothing" : string.Join(", ", output.Select(o => o?.ToString() ?? "$null"));
        return (false, $"The scriptblock returned {shown}; it must return $true.");
    }
}
