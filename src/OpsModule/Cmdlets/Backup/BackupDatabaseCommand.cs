using System;
using System.Collections.Generic;
using System.Management.Automation;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Databases;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.S3;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Backup-Database: a consistent, compressed, checksummed backup with its manifest.</summary>
[Cmdlet(VerbsData.Backup, "Database", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(BackupInfo))]
public sealed class BackupDatabaseCommand : StoreCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string ConnectionSet = "ConnectionString";
    private const string WhatNeedsConfirmation = "Backing up with Backup-Database";

    #region Parameters

    /// <summary>The SQLite database file(s) to back up; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>The SQLite database file(s) to back up, taken literally (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The PostgreSQL database: an Npgsql connection string or a postgres:// URI.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The PostgreSQL login (its user name and password win over the connection string's).</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>PostgreSQL databases to back up instead of the connection's own: names or wildcards; '*' is every non-template database.</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Database { get; set; }

    /// <summary>Also back up the server's roles and tablespaces (pg_dumpall --globals-only) for restores onto a new server.</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    public SwitchParameter IncludeGlobals { get; set; }

    /// <summary>The pg_dump program to run instead of the one on PATH (pg_dumpall is taken from the same folder).</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [ValidateNotNullOrEmpty]
    public string? PgDumpPath { get; set; }

    /// <summary>The folder (created if missing) or s3://bucket/prefix to write the backup to.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = string.Empty;

    /// <summary>How to compress the artifact.</summary>
    [Parameter]
    public BackupCompression Compression { get; set; } = BackupCompression.Zstd;

    /// <summary>The codec's level: zstd 1-19 (default 3); gzip 1-3 fastest, 4-8 optimal (default), 9 smallest.</summary>
    [Parameter]
    [ValidateRange(1, 19)]
    public int CompressionLevel { get; set; }

    /// <summary>S3 server-side encryption to request for every object: AES256 (SSE-S3) or aws:kms (SSE-KMS).</summary>
    [Parameter]
    [ValidateSet("AES256", "aws:kms")]
    public string? ServerSideEncryption { get; set; }

    /// <summary>The KMS key id or ARN for -ServerSideEncryption aws:kms (default: the account's aws/s3 key).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KmsKeyId { get; set; }

    /// <summary>The client-side encryption key: a key file's path, or a SecureString holding 64 hex digits or the base64 of 32 bytes.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? EncryptionKey { get; set; }

    /// <summary>S3: do not read the artifact back after upload to check its size and SHA-256.</summary>
    [Parameter]
    public SwitchParameter SkipVerify { get; set; }

    /// <summary>S3: bytes per multipart part (5 MB to 5 GB; default 8 MB); memory use is about one part.</summary>
    [Parameter]
    [ValidateRange(S3Options.MinimumPartSize, 5L * 1024 * 1024 * 1024)]
    public long PartSize { get; set; } = S3Options.DefaultPartSize;

    /// <summary>SQLite: how long to wait for another connection's lock on the database ('30s', '2m', or seconds); default 30 s.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SQLite: a local folder for the staging copy of the database (default: the destination folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StagingPath { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (BusyTimeout < TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "-BusyTimeout cannot be negative."),
                ErrorIds.InvalidArgument,
                ErrorCategory.InvalidArgument,
                BusyTimeout));
        }

        if (KmsKeyId is not null && ServerSideEncryption != "aws:kms")
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, KmsKeyId, "-KmsKeyId goes with -ServerSideEncryption aws:kms."));
        }

        RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
        bool s3 = IsS3(Destination);
        string destination = s3 ? Destination : PathResolver.ResolveBackupPath(this, Destination);
        S3Options options = BuildS3Options();
        options.ServerSideEncryption = ServerSideEncryption switch
        {
            "AES256" => ServerSideEncryptionMode.Aes256,
            "aws:kms" => ServerSideEncryptionMode.AwsKms,
            _ => ServerSideEncryptionMode.None,
        };
        options.KmsKeyId = KmsKeyId;
        options.VerifyAfterUpload = !SkipVerify;
        options.PartSize = (int)System.Math.Min(PartSize, int.MaxValue);
        IBackupStore? store = null;
        try
        {
            store = BackupStores.ForWriting(destination, options, LoadEncryptionKey(EncryptionKey), Cancellation);
        }
        catch (OpsException ex)
        {
            ThrowOpsError(ex);
        }

        try
        {
            string? staging = StagingPath is null ? null : PathResolver.ResolveLiteral(this, StagingPath);
            var job = new BackupJob(store!, Compression, CompressionLevel > 0 ? CompressionLevel : null)
            {
                IncludeGlobals = IncludeGlobals,
                BusyTimeout = BusyTimeout,
                StagingFolder = staging,
            };
            int backedUp = 0;
            foreach (IDatabaseEngine engine in Sources())
            {
                if (!Ask(() => ShouldProcess(engine.Display, $"Back up to '{destination}'"), WhatNeedsConfirmation))
                {
                    continue;
                }

                ForItem(engine.Display, () =>
                {
                    using LocationLock held = LocationLock.ForBackup(store!.Location);
                    WriteObject(RunEngine(token => engine.BackupAsync(job, Observer, token)));
                    backedUp++;
                });
            }

            if (job.GlobalsArtifact is not null && backedUp == 0)
            {
                // The globals go first, with the first database: when no database followed, say what is left.
                WriteWarning($"No database was backed up, but the server's roles and tablespaces were: '{job.GlobalsArtifact}' and its manifest in '{destination}' are a complete backup of them on their own (no database backup refers to it). Remove them if you do not want them.");
            }
        }
        finally
        {
            BackupStores.Release(store!);
        }
    }

    #endregion

    private IEnumerable<IDatabaseEngine> Sources()
    {
        if (ParameterSetName != ConnectionSet)
        {
            var engines = new List<IDatabaseEngine>();
            foreach (string source in PathResolver.ResolveFiles(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet))
            {
                engines.Add(DatabaseEngines.ForTarget(DatabaseLocator.File(source)));
            }

            return engines;
        }

        IReadOnlyList<IDatabaseEngine> resolved = [];
        ForItem(Engine.Databases.Postgres.PgConnectionInfo.Shown(ConnectionString), () =>
        {
            var locator = DatabaseLocator.Connection(
                ConnectionString,
                Credential?.UserName,
                Credential?.GetNetworkCredential().Password,
                PgDumpPath is null ? null : PathResolver.ResolveLiteral(this, PgDumpPath));
            resolved = RunEngine(token => DatabaseEngines.ResolveAsync(locator, Database, token));
        });
        return resolved;
    }
}
