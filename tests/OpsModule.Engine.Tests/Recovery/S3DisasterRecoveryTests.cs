using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Sqlite;
using OpsModule.Engine.Recovery;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Tests.S3;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Recovery;

/// <summary>Test-DisasterRecovery of SQLite backups on the real s3rver: loading under Ctrl+C, and dead runs' fetched copies.</summary>
[Collection(S3Tests.Name)]
public sealed class S3DisasterRecoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Loading_S3_backups_stops_on_cancellation()
    {
        using var bucket = new S3TestBucket();
        BackupInfo backup = BackupToS3(bucket);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => RecoveryBackup.Load(backup.BackupPath, bucket.Options, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => RecoveryBackup.LatestAt(backup.Location, NullObserver.Instance, bucket.Options, cancelled.Token));

        // Not cancelled, the same calls find the backup.
        RecoveryBackup loaded = RecoveryBackup.Load(backup.BackupPath, bucket.Options, CancellationToken.None);
        BackupStores.Release(loaded.Source);
        Assert.Equal("app", loaded.Manifest.Database);
    }

    [SkippableFact]
    public async Task A_dead_runs_fetched_copy_is_removed_by_the_next_run_and_a_live_runs_is_kept()
    {
        using var bucket = new S3TestBucket();
        BackupInfo backup = BackupToS3(bucket);
        string scratch = _temp.Combine("scratch");
        Directory.CreateDirectory(scratch);
        string artifact = Path.GetFileName(new Uri(backup.BackupPath).AbsolutePath);
        using Process self = Process.GetCurrentProcess();
        DateTime started = self.StartTime.ToUniversalTime();
        DateTime now = DateTime.UtcNow;
        string dead = LeftBehind(scratch, artifact, "aaaaaaaaaaaa", Environment.MachineName, ExitedProcessId(), started, now);
        string old = LeftBehind(scratch, artifact, "bbbbbbbbbbbb", "some-other-host", 4242, now.AddDays(-5), now.AddDays(-4));
        string live = LeftBehind(scratch, artifact, "cccccccccccc", Environment.MachineName, Environment.ProcessId, started, now);
        string otherHostRecent = LeftBehind(scratch, artifact, "dddddddddddd", "some-other-host", 4242, now.AddHours(-2), now.AddHours(-1));
        var observer = new RecordingObserver();

        RecoveryBackup loaded = RecoveryBackup.Load(backup.BackupPath, bucket.Options, CancellationToken.None);
        DisasterRecoveryResult result;
        try
        {
            result = await new DisasterRecoveryTester(new DisasterRecoveryOptions { ScratchFolder = scratch }, observer).TestAsync(loaded, CancellationToken.None);
        }
        finally
        {
            BackupStores.Release(loaded.Source);
        }

        Assert.True(result.Passed, string.Join(" | ", result.Checks.Select(c => c.Name + ": " + c.Detail)));
        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(dead + ".owner"));
        Assert.False(File.Exists(old));
        Assert.Contains(observer.Warnings, w => w.Contains(dead, StringComparison.Ordinal) && w.Contains("is gone", StringComparison.Ordinal));
        Assert.Contains(observer.Warnings, w => w.Contains(old, StringComparison.Ordinal) && w.Contains("days ago", StringComparison.Ordinal));
        Assert.Equal(
            new[] { live, live + ".owner", otherHostRecent, otherHostRecent + ".owner" }.Order(StringComparer.Ordinal),
            Directory.GetFileSystemEntries(scratch).Order(StringComparer.Ordinal));
    }

    private BackupInfo BackupToS3(S3TestBucket bucket)
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 20);
        using var store = bucket.Store();
        return new SqliteBackupEngine(NullObserver.Instance).Backup(new BackupRequest(_temp.Combine("app.db"), store, BackupCompression.Zstd, null), CancellationToken.None);
    }

    /// <summary>A fetched copy and its marker as a run that was killed mid-fetch leaves them.</summary>
    private static string LeftBehind(string folder, string artifact, string hex, string host, int pid, DateTime started, DateTime created)
    {
        string copy = Path.Combine(folder, artifact + TempFiles.Marker + hex);
        File.WriteAllBytes(copy, new byte[100]);
        File.WriteAllText(copy + ".owner", string.Format(CultureInfo.InvariantCulture, "opsmodule:drtest host={0} pid={1} started={2:O} created={3:O}", host, pid, started, created));
        return copy;
    }

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
