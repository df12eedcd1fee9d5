using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using OpsModule.Engine.Databases.Sqlite;
using OpsModule.Engine.Restore;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>
/// Restore-Database: verify a backup, restore it beside the target, check it, then replace the target's content
/// through SQLite (or create the target by one rename).
/// </summary>
[Cmdlet(VerbsData.Restore, "Database", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RestoreResult))]
public sealed class RestoreDatabaseCommand : OpsCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string BackupPathSet = "BackupPath";

    private bool _yesToAll;
    private bool _noToAll;

    #region Parameters

    /// <summary>The backup to restore, as Backup-Database emits it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public BackupInfo? InputObject { get; set; }

    /// <summary>The backup's artifact or its manifest file (a FileInfo from Get-ChildItem binds by its path).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BackupPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>The SQLite database file to create or replace.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string TargetPath { get; set; } = string.Empty;

    /// <summary>How long to wait for another connection's lock on the target before RestoreTargetInUse.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan BusyTimeout { get; set; } = RestoreRequest.DefaultBusyTimeout;

    /// <summary>Replace an existing database without asking (and a damaged one SQLite cannot open, by rename).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (BusyTimeout < TimeSpan.Zero)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, BusyTimeout, "-BusyTimeout cannot be negative."));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        string named = InputObject is null ? BackupPath : !string.IsNullOrEmpty(InputObject.ManifestPath) ? InputObject.ManifestPath : InputObject.BackupPath ?? string.Empty;
        if (string.IsNullOrEmpty(named))
        {
            WriteError(OpsCmdlet.ToErrorRecord(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, InputObject!, "The BackupInfo has neither a ManifestPath nor a BackupPath; pass -BackupPath instead.")));
            return;
        }

        string backupPath = PathResolver.ResolveLiteral(this, named);
        string target = PathResolver.ResolveLiteral(this, TargetPath);

        ForItem(backupPath, () =>
        {
            StoredBackup backup = BackupReader.Load(backupPath);
            string created = backup.Manifest.Created.ToString("u", CultureInfo.InvariantCulture);
            if (!ShouldProcess(target, $"Restore backup '{backup.ArtifactPath}' taken {created}"))
            {
                return;
            }

            if (SqliteRestoreEngine.TargetHasData(target) && !Force && !ConfirmReplace(target, created, backup.Manifest.Source))
            {
                return;
            }

            var request = new RestoreRequest(backup, target, BusyTimeout, replaceDamagedTarget: Force);
            WriteObject(RunEngine(token => Task.FromResult(new SqliteRestoreEngine(Observer).Restore(request, token))));
        });
    }

    #endregion

    /// <summary>
    /// Asks before replacing a database. Nobody can answer when input is redirected or empty (cron), the shell is
    /// -NonInteractive or the host has no UI: then the answer is no, as the RestoreTargetNotEmpty error says.
    /// </summary>
    private bool ConfirmReplace(string target, string created, string source)
    {
        string? why = Prompts.WhyNobodyCanAnswer(Host);
        if (why is not null)
        {
            throw new OpsException(
                ErrorIds.RestoreTargetNotEmpty,
                OpsErrorCategory.InvalidOperation,
                target,
                $"'{target}' already holds a database and nobody can confirm replacing it ({why}). Add -Force to replace it.");
        }

        return ShouldContinue(
            $"'{target}' already holds a database. Replace it with the backup taken {created} from '{source}'? Use -Force to replace without asking.",
            "Replace existing database",
            ref _yesToAll,
            ref _noToAll);
    }
}
