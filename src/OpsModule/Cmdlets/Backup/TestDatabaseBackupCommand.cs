using System;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.S3;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>
/// Test-DatabaseBackup: re-reads each backup's artifact from its store, checks size and SHA-256 against the
/// manifest, decrypts and decompresses it, records the outcome beside it and emits a BackupVerification.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DatabaseBackup", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(BackupVerification))]
public sealed class TestDatabaseBackupCommand : StoreCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string BackupPathSet = "BackupPath";

    /// <summary>The backups verified in this call (an artifact and its manifest piped in are one backup).</summary>
    private readonly System.Collections.Generic.HashSet<string> _verified = new(StringComparer.Ordinal);
    private BackupFinder? _finder;

    #region Parameters

    /// <summary>The backup to verify, as Get-DatabaseBackup or Backup-Database emit it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Backup")]
    [ValidateNotNull]
    public BackupInfo? InputObject { get; set; }

    /// <summary>The backup's artifact or manifest: a path or an s3:// URI.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BackupPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>The client-side encryption key of encrypted backups: a key file's path or a SecureString.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? EncryptionKey { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        string named = InputObject is null ? BackupPath : InputObject.BackupPath;
        if (InputObject is { Complete: false })
        {
            WriteError(ToErrorRecord(new OpsException(ErrorIds.BackupIncomplete, OpsErrorCategory.InvalidData, named, $"'{named}' is not a complete backup (no manifest); there is nothing to verify it against.")));
            return;
        }

        string path = IsS3(named) ? named : PathResolver.ResolveBackupPath(this, named);
        Engine.Encryption.EncryptionKey? key = LoadEncryptionKey(EncryptionKey);
        ForItem(path, () =>
        {
            (string location, string file) = IsS3(path) ? S3BackupLocation.SplitFile(path) : (Path.GetDirectoryName(path) ?? ".", Path.GetFileName(path));
            IBackupSource source = BackupStores.ForReading(location, BuildS3Options(), Cancellation);
            IBackupStore recorder = source as IBackupStore ?? BackupStores.ForWriting(location);
            try
            {
                BackupInfo backup = InputObject ?? (_finder ??= new BackupFinder(Observer)).Find(source, location, file)
                    ?? (IsS3(path) ? throw BackupReader.Missing(source, file, path) : throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, path, $"No complete backup '{path}' was found (its manifest or artifact is missing)."));
                if (!_verified.Add(backup.BackupPath))
                {
                    // Get-ChildItem of a backup folder pipes the artifact, its manifest and its verification record.
                    WriteVerbose($"'{named}' belongs to the backup '{backup.BackupPath}', already verified in this call.");
                    return;
                }

                WriteObject(RunEngine(token => Task.Run(() => BackupVerifier.Verify(source, recorder, backup, key, Observer, token), token)));
            }
            finally
            {
                BackupStores.Release(source);
            }
        });
    }

    #endregion
}
