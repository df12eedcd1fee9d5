using System;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading.Tasks;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Databases;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.S3;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>
/// Restore-Database: verify a backup, restore it beside the target, check it, then replace the target (SQLite:
/// its content through SQLite, or a new target by one rename; PostgreSQL: a verified sibling database swapped in).
/// </summary>
[Cmdlet(VerbsData.Restore, "Database", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RestoreResult))]
public sealed class RestoreDatabaseCommand : StoreCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string BackupPathSet = "BackupPath";
    private const string InputObjectConnectionSet = "InputObjectConnection";
    private const string BackupPathConnectionSet = "BackupPathConnection";
    private const string WhatNeedsConfirmation = "Restoring with Restore-Database";

    private bool _yesToAll;
    private bool _noToAll;

    /// <summary>The targets this call restored into (or, under -WhatIf, would have), with the backup that went there; a failed restore does not count.</summary>
    private readonly System.Collections.Generic.Dictionary<string, string> _restoredInto = new(StringComparer.Ordinal);

    #region Parameters

    /// <summary>The backup to restore, as Backup-Database emits it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectConnectionSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Backup")]
    [ValidateNotNull]
    public BackupInfo? InputObject { get; set; }

    /// <summary>The backup's artifact or its manifest file, or its s3:// URI (a FileInfo from Get-ChildItem binds by its path).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BackupPathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BackupPathConnectionSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>
    /// The SQLite database file to create or replace. Not mandatory to PowerShell, so that a call that names no target
    /// at all gets ProcessRecord's message instead of "Parameter set cannot be resolved". By property name, so that a
    /// script block computes one per backup piped in: -TargetPath { "/restore/$($_.Database).db" }.
    /// </summary>
    [Parameter(Position = 1, ParameterSetName = InputObjectSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 1, ParameterSetName = BackupPathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string TargetPath { get; set; } = string.Empty;

    /// <summary>The PostgreSQL database to create or replace: an Npgsql connection string or a postgres:// URI.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectConnectionSet)]
    [Parameter(Mandatory = true, ParameterSetName = BackupPathConnectionSet)]
    [ValidateNotNullOrEmpty]
    public string TargetConnectionString { get; set; } = string.Empty;

    /// <summary>The PostgreSQL login for the target server.</summary>
    [Parameter(ParameterSetName = InputObjectConnectionSet)]
    [Parameter(ParameterSetName = BackupPathConnectionSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Keep the replaced PostgreSQL database, renamed to &lt;target&gt;_previous_&lt;stamp&gt;, instead of dropping it.</summary>
    [Parameter(ParameterSetName = InputObjectConnectionSet)]
    [Parameter(ParameterSetName = BackupPathConnectionSet)]
    public SwitchParameter KeepPrevious { get; set; }

    /// <summary>Restore without the archive's owners and privileges (for servers that lack its roles).</summary>
    [Parameter(ParameterSetName = InputObjectConnectionSet)]
    [Parameter(ParameterSetName = BackupPathConnectionSet)]
    public SwitchParameter NoOwner { get; set; }

    /// <summary>Terminate other sessions connected to the target so that it can be replaced.</summary>
    [Parameter(ParameterSetName = InputObjectConnectionSet)]
    [Parameter(ParameterSetName = BackupPathConnectionSet)]
    public SwitchParameter TerminateSessions { get; set; }

    /// <summary>First create the roles of the backup's globals that the target server lacks.</summary>
    [Parameter(ParameterSetName = InputObjectConnectionSet)]
    [Parameter(ParameterSetName = BackupPathConnectionSet)]
    public SwitchParameter IncludeGlobals { get; set; }

    /// <summary>The pg_restore program to run instead of the one on PATH.</summary>
    [Parameter(ParameterSetName = InputObjectConnectionSet)]
    [Parameter(ParameterSetName = BackupPathConnectionSet)]
    [ValidateNotNullOrEmpty]
    public string? PgRestorePath { get; set; }

    /// <summary>PostgreSQL: run pg_restore with this many parallel jobs; the archive is then spooled to a file first.</summary>
    [Parameter(ParameterSetName = InputObjectConnectionSet)]
    [Parameter(ParameterSetName = BackupPathConnectionSet)]
    [ValidateRange(1, 64)]
    public int Jobs { get; set; } = 1;

    /// <summary>A local folder for scratch files: an S3 or encrypted backup's download, the -Jobs spool (default: the temp folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StagingPath { get; set; }

    /// <summary>SQLite: how long to wait for another connection's lock on the target before RestoreTargetInUse.</summary>
    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = BackupPathSet)]
    [DurationArgument]
    public TimeSpan BusyTimeout { get; set; } = RestoreRequest.DefaultBusyTimeout;

    /// <summary>The client-side encryption key: a key file's path, or a SecureString holding 64 hex digits or the base64 of 32 bytes.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? EncryptionKey { get; set; }

    /// <summary>Replace an existing database without asking (and a damaged SQLite file SQLite cannot open, by rename). Never terminates sessions.</summary>
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

        RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // Here, not in BeginProcessing: a -TargetPath script block is bound per backup piped in.
        if (string.IsNullOrEmpty(TargetPath) && string.IsNullOrEmpty(TargetConnectionString))
        {
            ThrowOpsError(new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                null,
                "Name the database to restore into: -TargetPath <file> for a SQLite backup, or -TargetConnectionString for a PostgreSQL one (a new database, or an existing one to replace)."));
        }

        string named = InputObject is null ? BackupPath : !string.IsNullOrEmpty(InputObject.ManifestPath) ? InputObject.ManifestPath : InputObject.BackupPath ?? string.Empty;
        if (string.IsNullOrEmpty(named))
        {
            WriteError(OpsCmdlet.ToErrorRecord(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, InputObject!, "The BackupInfo has neither a ManifestPath nor a BackupPath; pass -BackupPath instead.")));
            return;
        }

        string backupPath = IsS3(named) ? named : PathResolver.ResolveBackupPath(this, named);
        string? staging = StagingPath is null ? null : PathResolver.ResolveLiteral(this, StagingPath);
        EncryptionKey? key = LoadEncryptionKey(EncryptionKey);
        IDatabaseEngine? target = null;
        try
        {
            target = string.IsNullOrEmpty(TargetConnectionString)
                ? DatabaseEngines.ForTarget(DatabaseLocator.File(PathResolver.ResolveLiteral(this, TargetPath)))
                : DatabaseEngines.ForTarget(DatabaseLocator.Connection(
                    TargetConnectionString,
                    Credential?.UserName,
                    Credential?.GetNetworkCredential().Password,
                    PgRestorePath is null ? null : PathResolver.ResolveLiteral(this, PgRestorePath)));
        }
        catch (OpsException ex)
        {
            ThrowOpsError(ex);
        }

        ForItem(backupPath, () =>
        {
            // Where the backup is and what its manifest says; an S3 object or an encrypted artifact is staged
            // locally (hash checked, decrypted) only after the user agreed to the restore.
            IBackupSource? source = null;
            string? manifestName = null;
            BackupManifest manifest;
            string display;
            if (IsS3(backupPath))
            {
                (string location, string file) = S3BackupLocation.SplitFile(backupPath);
                source = BackupStores.ForReading(location, BuildS3Options(), Cancellation);
                manifestName = file.EndsWith(BackupManifest.Suffix, StringComparison.Ordinal) ? file : file + BackupManifest.Suffix;
                manifest = ReadManifest(source, manifestName, backupPath);
                display = source.PathOf(string.IsNullOrEmpty(manifest.Artifact) ? manifestName[..^BackupManifest.Suffix.Length] : manifest.Artifact);
            }
            else
            {
                StoredBackup local = BackupReader.Load(backupPath);
                manifest = local.Manifest;
                display = local.ArtifactPath;
                if (manifest.Encryption is not null)
                {
                    source = BackupStores.ForReading(System.IO.Path.GetDirectoryName(local.ManifestPath) ?? ".");
                    manifestName = System.IO.Path.GetFileName(local.ManifestPath);
                }
            }

            try
            {
                if (manifest.Encryption is not null)
                {
                    EncryptionCheck.Require(manifest, key, display);
                }

                if (_restoredInto.TryGetValue(target!.Display, out string? earlier))
                {
                    // Piping a listing (Get-DatabaseBackup -Location ...) into one target would restore every backup in turn,
                    // and the last one (the oldest, or another database's) would be what the target holds.
                    throw new OpsException(
                        ErrorIds.InvalidArgument,
                        OpsErrorCategory.InvalidOperation,
                        display,
                        $"'{display}' was not restored: this call already restored '{earlier}' into '{target.Display}', and a second backup would replace it. Restore one backup per target: pick it with Get-DatabaseBackup -Database <name> -Latest, or give each backup its own target: -TargetPath {{ \"/restore/$(Split-Path -LeafBase $_.BackupPath)\" }} names each after its artifact (database and time), which stays apart also for same-named databases from different folders.");
                }

                string created = manifest.Created.ToString("u", CultureInfo.InvariantCulture);
                if (!Ask(() => ShouldProcess(target.Display, $"Restore backup '{display}' taken {created}"), WhatNeedsConfirmation))
                {
                    if (MyInvocation.BoundParameters.ContainsKey("WhatIf"))
                    {
                        _restoredInto[target.Display] = display;
                    }

                    return;
                }

                if (!Force && RunEngine(token => target.HasDataAsync(token)) && !ConfirmReplace(target.Display, created, manifest.Source))
                {
                    return;
                }

                using StagedBackup? staged = source is null
                    ? null
                    : RunEngine(token => Task.Run(() => StagedBackup.Stage(source, manifestName!, key, staging, Observer, token), token));
                var job = new RestoreJob(staged?.ManifestPath ?? backupPath)
                {
                    BusyTimeout = BusyTimeout,
                    ReplaceDamagedTarget = Force,
                    KeepPrevious = KeepPrevious,
                    NoOwner = NoOwner,
                    TerminateSessions = TerminateSessions,
                    IncludeGlobals = IncludeGlobals,
                    Jobs = Jobs,
                    StagingFolder = staging,
                    Staged = staged?.Artifact,
                    StoredIn = staged is null ? null : source,
                    Key = key,
                };
                RestoreResult result = RunEngine(token => target.RestoreAsync(job, Observer, token));

                // Only a restore that went through counts: after a failed one (a damaged newest backup) the target is as it
                // was, and the next backup piped in (an older one) may go there.
                _restoredInto[target.Display] = display;
                if (staged is not null)
                {
                    result.Backup = InputObject ?? staged.Original;
                }

                WriteObject(result);
            }
            finally
            {
                if (source is not null)
                {
                    BackupStores.Release(source);
                }
            }
        });
    }

    /// <summary>Reads a manifest from a store; a missing one is SourceNotFound, an unreadable one BackupIncomplete.</summary>
    private static BackupManifest ReadManifest(IBackupSource source, string manifestName, string named)
    {
        try
        {
            return source.ReadManifest(manifestName);
        }
        catch (System.IO.FileNotFoundException ex)
        {
            throw BackupReader.Missing(source, manifestName, named, ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw BackupManifest.Unreadable(source.PathOf(manifestName), ex);
        }
    }

    #endregion

    /// <summary>
    /// Asks before replacing a database. Nobody can answer when input is redirected or empty (cron), the shell is
    /// -NonInteractive or the host has no UI: then the answer is no, as the RestoreTargetNotEmpty error says.
    /// </summary>
    private bool ConfirmReplace(string target, string created, string source)
    {
        OpsException NobodyAnswered(string why) => new(
            ErrorIds.RestoreTargetNotEmpty,
            OpsErrorCategory.InvalidOperation,
            target,
            $"'{target}' already holds a database and nobody can confirm replacing it ({why}). Add -Force to replace it.");

        if (Prompts.WhyNobodyCanAnswer(Host) is string why)
        {
            throw NobodyAnswered(why);
        }

        return Ask(
            () => ShouldContinue(
                $"'{target}' already holds a database. Replace it with the backup taken {created} from '{source}'? Use -Force to replace without asking.",
                "Replace existing database",
                ref _yesToAll,
                ref _noToAll),
            NobodyAnswered);
    }
}
