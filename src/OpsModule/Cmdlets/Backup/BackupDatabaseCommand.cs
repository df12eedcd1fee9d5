using System;
using System.Collections.Generic;
using System.Management.Automation;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Databases.Sqlite;
using OpsModule.Engine.Storage.Local;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Backup-Database: a consistent, compressed, checksummed backup with its manifest.</summary>
[Cmdlet(VerbsData.Backup, "Database", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(BackupInfo))]
public sealed class BackupDatabaseCommand : OpsCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

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

    /// <summary>The folder to write the backup to (created if missing).</summary>
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

    /// <summary>How long to wait for another connection's lock on the database ('30s', '2m', or seconds); default 30 s.</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A local folder for the staging copy of the database (default: the destination folder).</summary>
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

        string destination = PathResolver.ResolveDestination(this, Destination);
        string? staging = StagingPath is null ? null : PathResolver.ResolveLiteral(this, StagingPath);
        foreach (string source in PathResolver.ResolveFiles(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet))
        {
            if (!ShouldProcess(source, $"Back up to '{destination}'"))
            {
                continue;
            }

            ForItem(source, () =>
            {
                var request = new BackupRequest(source, new LocalBackupStore(destination), Compression, CompressionLevel > 0 ? CompressionLevel : null)
                {
                    BusyTimeout = BusyTimeout,
                    StagingFolder = staging,
                };
                WriteObject(RunEngine(token => new SqliteBackupEngine(Observer).BackupAsync(request, token)));
            });
        }
    }

    #endregion
}
