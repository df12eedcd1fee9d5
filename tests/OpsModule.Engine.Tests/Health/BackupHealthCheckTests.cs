using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using OpsModule.Engine.Tests.Support;
using Xunit;
using static OpsModule.Engine.Tests.Health.HealthTestSupport;

namespace OpsModule.Engine.Tests.Health;

public class BackupHealthCheckTests
{
    [Fact]
    public async Task The_newest_of_a_fresh_and_a_stale_backup_decides_and_a_folder_of_stale_backups_is_Unhealthy()
    {
        using var folder = new TempFolder();
        string stale = WriteBackup(folder.Path, "app", DateTime.UtcNow.AddDays(-3));
        string fresh = WriteBackup(folder.Path, "app", DateTime.UtcNow.AddHours(-1));
        WriteBackup(folder.Path, "other", DateTime.UtcNow.AddMinutes(-5));

        HealthCheckResult healthy = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("Database", "app"), ("AgeWarning", "26h"), ("AgeCritical", "50h"));
        File.Delete(fresh + ".manifest.json");
        HealthCheckResult onlyStale = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("Database", "app"), ("AgeWarning", "26h"), ("AgeCritical", "50h"));

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(fresh, healthy.Data["Backup"]);
        Assert.Equal(2, healthy.Data["Count"]);
        Assert.Equal(HealthStatus.Unhealthy, onlyStale.Status);
        Assert.Equal(stale, onlyStale.Data["Backup"]);
        Assert.Contains("backup age", onlyStale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_as_the_backup_folder_is_named_as_a_file()
    {
        // helper-118: "the backup folder ... does not exist".
        using var folder = new TempFolder();
        string file = folder.Combine("app.db");
        System.IO.File.WriteAllText(file, "x");

        HealthCheckResult result = await RunAsync(("Kind", "Backup"), ("Location", file));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("is a file, not a backup folder", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_within_the_age_is_required_when_VerifiedAge_thresholds_are_set()
    {
        using var folder = new TempFolder();
        string artifact = WriteBackup(folder.Path, "app", DateTime.UtcNow.AddHours(-2));

        HealthCheckResult never = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("VerifiedAgeCritical", "8d"));
        await File.WriteAllTextAsync(artifact + ".verified.json", JsonSerializer.Serialize(new { verified = DateTime.UtcNow.AddHours(-1), passed = true }));
        HealthCheckResult verified = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("VerifiedAgeCritical", "8d"));
        await File.WriteAllTextAsync(artifact + ".verified.json", JsonSerializer.Serialize(new { verified = DateTime.UtcNow.AddHours(-1), passed = false }));
        HealthCheckResult failed = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("VerifiedAgeCritical", "8d"));

        Assert.Equal(HealthStatus.Unhealthy, never.Status);
        Assert.Contains("never verified", never.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, verified.Status);
        Assert.Equal(true, verified.Data["LastVerifiedResult"]);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);

        // Without -VerifiedAge* thresholds a missing record is fine, but a recorded failure is still Unhealthy.
        HealthCheckResult failedWithoutThresholds = await RunAsync(("Kind", "Backup"), ("Location", folder.Path));
        Assert.Equal(HealthStatus.Unhealthy, failedWithoutThresholds.Status);
        Assert.Contains("failed its last verification", failedWithoutThresholds.Message, StringComparison.Ordinal);
        File.Delete(artifact + ".verified.json");
        Assert.Equal(HealthStatus.Healthy, (await RunAsync(("Kind", "Backup"), ("Location", folder.Path))).Status);
    }

    [Fact]
    public async Task A_newest_backup_dated_in_the_future_is_Degraded_and_unreadable_manifests_are_named()
    {
        using var folder = new TempFolder();
        string future = WriteBackup(folder.Path, "app", DateTime.UtcNow.AddDays(365));

        HealthCheckResult skewed = await RunAsync(("Kind", "Backup"), ("Location", folder.Path));
        // Beside a real backup 3 days old, the stray future one must not hide that backups stopped.
        WriteBackup(folder.Path, "app", DateTime.UtcNow.AddDays(-3));
        HealthCheckResult stopped = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("AgeWarning", "26h"), ("AgeCritical", "50h"));
        foreach (string file in Directory.GetFiles(folder.Path))
        {
            File.Delete(file);
        }

        File.Delete(future + ".manifest.json");
        File.Delete(future);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "app-20261127T000000000Z.db.zst.manifest.json"), "{ not json");
        HealthCheckResult damaged = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("Database", "app"));

        Assert.Equal(HealthStatus.Degraded, skewed.Status);
        Assert.Contains("in the future", skewed.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("backup age", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("in the future", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, damaged.Status);
        Assert.Contains("1 manifest(s) there could not be read", damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_artifact_is_Unhealthy()
    {
        using var folder = new TempFolder();
        string artifact = WriteBackup(folder.Path, "app", DateTime.UtcNow.AddHours(-1));
        File.Delete(artifact);

        HealthCheckResult missing = await RunAsync(("Kind", "Backup"), ("Location", folder.Path));

        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Contains("is missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verification_record_as_Test_DatabaseBackup_writes_it_counts_and_a_failed_one_is_Unhealthy()
    {
        using var folder = new TempFolder();
        string artifact = WriteBackup(folder.Path, "app", DateTime.UtcNow.AddHours(-2));
        DateTime checkedAt = DateTime.UtcNow.AddHours(-1);

        await File.WriteAllTextAsync(artifact + ".verified.json", JsonSerializer.Serialize(new { formatVersion = 1, @checked = checkedAt, verified = true, detail = "ok" }));
        File.SetLastWriteTimeUtc(artifact + ".verified.json", DateTime.UtcNow.AddDays(-30));
        HealthCheckResult passed = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("VerifiedAgeCritical", "8d"));
        await File.WriteAllTextAsync(artifact + ".verified.json", JsonSerializer.Serialize(new { formatVersion = 1, @checked = checkedAt, verified = false, detail = "failed its checksum" }));
        HealthCheckResult failed = await RunAsync(("Kind", "Backup"), ("Location", folder.Path), ("VerifiedAgeCritical", "8d"));

        Assert.Equal(HealthStatus.Healthy, passed.Status);
        Assert.Equal(true, passed.Data["LastVerifiedResult"]);
        Assert.Equal(checkedAt, (DateTime)passed.Data["LastVerified"]!, TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Contains("failed its last verification", failed.Message, StringComparison.Ordinal);
    }

    /// <summary>An artifact and its manifest as docs/backup-manifest.md describes them, written by hand.</summary>
    private static string WriteBackup(string folder, string database, DateTime created)
    {
        string name = $"{database}-{created:yyyyMMdd'T'HHmmssfff'Z'}.db.zst";
        string artifact = Path.Combine(folder, name);
        File.WriteAllBytes(artifact, new byte[123]);
        string manifest = JsonSerializer.Serialize(new
        {
            formatVersion = 1,
            engine = "sqlite",
            database,
            source = "/srv/" + database + ".db",
            artifact = name,
            created = created.ToString("O"),
            compression = "zstd",
            size = 123,
            sha256 = new string('0', 64),
            tables = new { },
        });
        File.WriteAllText(artifact + ".manifest.json", manifest);
        return artifact;
    }
}
