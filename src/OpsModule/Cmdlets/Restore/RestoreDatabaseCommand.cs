using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using OpsModule.Engine.Databases.Sqlite;
using OpsModule.Engine.Restore;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Restore-Database: verify a backup, restore it beside the target, check it, then replace the target atomically.</summary>
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

    /// <summary>The backup's artifact or its manifest file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BackupPathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>The SQLite database file to create or replace.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string TargetPath { get; set; } = string.Empty;

    /// <summary>Replace an existing database without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        string backupPath = PathResolver.ResolveLiteral(this, InputObject is null ? BackupPath : InputObject.ManifestPath.Length > 0 ? InputObject.ManifestPath : InputObject.BackupPath);
        string target = PathResolver.ResolveLiteral(this, TargetPath);

        ForItem(backupPath, () =>
        {
            StoredBackup backup = BackupReader.Load(backupPath);
            string created = backup.Manifest.Created.ToString("u", CultureInfo.InvariantCulture);
            if (!ShouldProcess(target, $"Restore backup '{backup.ArtifactPath}' taken {created}"))
            {
                return;
            }

            if (SqliteRestoreEngine.TargetHasData(target) && !Force &&
                !ShouldContinue(
                    $"'{target}' already holds a database. Replace it with the backup taken {created} from '{backup.Manifest.Source}'? Use -Force to replace without asking.",
                    "Replace existing database",
                    ref _yesToAll,
                    ref _noToAll))
            {
                return;
            }

            WriteObject(RunEngine(token => Task.FromResult(new SqliteRestoreEngine(Observer).Restore(new RestoreRequest(backup, target), token))));
        });
    }

    #endregion
}
