using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using OpsModule.Engine.Common;
using OpsModule.Engine.Recovery;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Recovery;

/// <summary>Test-DisasterRecovery's engine against real SQLite backups in real folders.</summary>
public sealed class DisasterRecoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly BackupInfo _backup;

    public DisasterRecoveryTests()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 200);
        _backup = Engines.Backup(_temp.Combine("app.db"), _temp.Combine("backups"));
        Directory.CreateDirectory(Scratch);
    }

    private string Scratch => _temp.Combine("scratch");

    public void Dispose() => _temp.Dispose();

    internal static DisasterRecoveryResult Run(string backupPath, DisasterRecoveryOptions options) =>
        new DisasterRecoveryTester(options, NullObserver.Instance).TestAsync(RecoveryBackup.Load(backupPath), CancellationToken.None).GetAwaiter().GetResult();

    internal static void EditManifest(string manifestPath, Action<JsonObject> edit)
    {
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        edit(manifest);
        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }

    [Fact]
    public void Scratch_names_of_one_database_and_millisecond_differ_and_keep_the_documented_shape()
    {
        var stamp = new DateTime(2026, 11, 28, 4, 19, 52, 826, DateTimeKind.Utc);
        string[] names = Enumerable.Range(0, 50).Select(_ => ScratchDatabases.Name("App-DB", stamp)).ToArray();

        Assert.Equal(50, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^ops_drtest_app_db_20261128T041952826_[0-9a-f]{6}$", n));
        Assert.All(Enumerable.Range(0, 5).Select(_ => ScratchDatabases.Name(new string('x', 200), stamp)), n => Assert.True(n.Length <= 63, n));
    }

    [Fact]
    public void A_good_SQLite_backup_passes_every_check_and_leaves_no_scratch_file()
    {
        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch, MaxBackupAge = TimeSpan.FromHours(1), MaxRestoreTime = TimeSpan.FromMinutes(5) });

        Assert.True(result.Passed, string.Join(" | ", result.Checks.Select(c => c.Name + ": " + c.Detail)));
        Assert.Equal(["Fetch", "Restore", "Integrity", "RowCounts", "Cleanup", "Rpo", "Rto"], result.Checks.Select(c => c.Name));
        Assert.All(result.Checks, c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        Assert.Contains("integrity_check returned ok", result.Checks.Single(c => c.Name == "Integrity").Detail, StringComparison.Ordinal);
        Assert.Contains("foreign_key_check found no violations", result.Checks.Single(c => c.Name == "Integrity").Detail, StringComparison.Ordinal);
        Assert.True(result.RpoMet);
        Assert.True(result.RtoMet);
        Assert.Equal(Severity.Ok, result.Severity);
        Assert.StartsWith(Path.Combine(Scratch, "ops_drtest_app_"), result.ScratchTarget, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Scratch));
        Assert.Equal("sqlite", result.Engine);
        Assert.Equal("app", result.Database);
    }

    [Fact]
    public void The_outcome_is_recorded_beside_the_backup_and_shown_as_last_verified()
    {
        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch });

        JsonNode record = JsonNode.Parse(File.ReadAllText(_backup.BackupPath + ".verified.json"))!;
        Assert.True(record["verified"]!.GetValue<bool>());
        Assert.Equal(_backup.Sha256, record["sha256"]!.GetValue<string>());
        Assert.Equal("Test-DisasterRecovery", record["tool"]!.GetValue<string>());
        Assert.Contains("passed every check", record["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(result.Tested, result.Backup.LastVerified);
        Assert.True(result.Backup.LastVerifiedResult);
        Assert.Equal(result.Tested, RecoveryBackup.Load(_backup.ManifestPath).ToBackupInfo().LastVerified);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_backup.BackupPath)!, "*.tmp-*"));
    }

    [Fact]
    public void One_flipped_byte_fails_Fetch_and_nothing_is_restored()
    {
        byte[] bytes = File.ReadAllBytes(_backup.BackupPath);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(_backup.BackupPath, bytes);

        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch, MaxRestoreTime = TimeSpan.FromMinutes(5) });

        Assert.False(result.Passed);
        RecoveryCheck fetch = result.Checks[0];
        Assert.Equal("Fetch", fetch.Name);
        Assert.False(fetch.Passed);
        Assert.Contains("failed its checksum", fetch.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Checks, c => c.Name is "Restore" or "Integrity" or "RowCounts");
        Assert.False(result.RtoMet);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Empty(Directory.GetFileSystemEntries(Scratch));
        JsonNode record = JsonNode.Parse(File.ReadAllText(_backup.BackupPath + ".verified.json"))!;
        Assert.False(record["verified"]!.GetValue<bool>());
        Assert.Contains("Fetch: ", record["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_row_count_fails_RowCounts_naming_the_table_expected_and_actual()
    {
        EditManifest(_backup.ManifestPath, m => m["tables"]!["orders"] = 201);

        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch });

        Assert.False(result.Passed);
        RecoveryCheck counts = result.Checks.Single(c => c.Name == "RowCounts");
        Assert.False(counts.Passed);
        Assert.Contains("orders: expected 201, actual 200", counts.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("customers", counts.Detail, StringComparison.Ordinal);
        Assert.All(result.Checks.Where(c => c.Name != "RowCounts"), c => Assert.True(c.Passed, c.Name));
        Assert.Empty(Directory.GetFileSystemEntries(Scratch));
    }

    [Fact]
    public void A_failing_custom_validation_fails_only_that_check_and_the_verdict()
    {
        var options = new DisasterRecoveryOptions
        {
            ScratchFolder = Scratch,
            Validations =
            [
                new RecoveryValidation("has orders", "SELECT count(*) > 0 FROM orders"),
                new RecoveryValidation("big spender", "SELECT count(*) > 0 FROM orders WHERE total > 1000000"),
                new RecoveryValidation("bad sql", "SELECT nonsense FROM nowhere"),
            ],
        };

        DisasterRecoveryResult result = Run(_backup.BackupPath, options);

        Assert.False(result.Passed);
        Assert.Equal(["big spender", "bad sql"], result.Checks.Where(c => !c.Passed).Select(c => c.Name));
        Assert.True(result.Checks.Single(c => c.Name == "has orders").Passed);
        Assert.Contains("returned 0", result.Checks.Single(c => c.Name == "big spender").Detail, StringComparison.Ordinal);
        Assert.Contains("no such table", result.Checks.Single(c => c.Name == "bad sql").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_query_passes_only_with_exactly_one_row_holding_1_and_says_what_else_came_back()
    {
        var options = new DisasterRecoveryOptions
        {
            ScratchFolder = Scratch,
            Validations =
            [
                new RecoveryValidation("a one", "SELECT count(*) = 200 FROM orders"),
                new RecoveryValidation("b true", "SELECT true"),
                new RecoveryValidation("c two rows", "SELECT 1 UNION ALL SELECT 0"),
                new RecoveryValidation("d no row", "SELECT 1 WHERE 0"),
                new RecoveryValidation("e text", "SELECT 'true'"),
                new RecoveryValidation("f two columns", "SELECT 1, 1"),
                new RecoveryValidation("g null", "SELECT NULL"),
                new RecoveryValidation("h real", "SELECT 1.0"),
                new RecoveryValidation("i every order", "SELECT 1 FROM orders"),
            ],
        };

        DisasterRecoveryResult result = Run(_backup.BackupPath, options);

        string Detail(string name) => result.Checks.Single(c => c.Name == name).Detail;
        Assert.Equal(["c two rows", "d no row", "e text", "f two columns", "g null", "h real", "i every order"], result.Checks.Where(c => !c.Passed).Select(c => c.Name));
        Assert.Equal("The query returned 1.", Detail("a one"));
        Assert.Equal("The query returned 1.", Detail("b true"));
        Assert.StartsWith("The query returned 2 rows; it must return exactly one row with one value, true or 1", Detail("c two rows"), StringComparison.Ordinal);
        Assert.Equal("The query returned no row; it must return exactly one row with one value, true or 1.", Detail("d no row"));
        Assert.Equal("The query returned the text 'true' (a string, not the boolean true or the number 1); it must return exactly one row with one value, true or 1.", Detail("e text"));
        Assert.StartsWith("The query returned 2 columns;", Detail("f two columns"), StringComparison.Ordinal);
        Assert.StartsWith("The query returned NULL;", Detail("g null"), StringComparison.Ordinal);
        Assert.StartsWith("The query returned the number 1.0, which is not an integer;", Detail("h real"), StringComparison.Ordinal);
        Assert.StartsWith("The query returned 200 rows;", Detail("i every order"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_two_hours_old_misses_an_RPO_of_one_hour()
    {
        EditManifest(_backup.ManifestPath, m => m["created"] = DateTime.UtcNow.AddHours(-2).ToString("o"));

        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch, MaxBackupAge = TimeSpan.FromHours(1) });

        Assert.False(result.RpoMet);
        Assert.False(result.Passed);
        Assert.InRange(result.BackupAge, TimeSpan.FromHours(2), TimeSpan.FromHours(2.1));
        Assert.Equal(["Rpo"], result.Checks.Where(c => !c.Passed).Select(c => c.Name));
    }

    [Fact]
    public void The_RPO_check_writes_its_durations_in_hours_not_as_a_raw_TimeSpan()
    {
        EditManifest(_backup.ManifestPath, m => m["created"] = DateTime.UtcNow.AddHours(-30).ToString("o"));

        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch, MaxBackupAge = TimeSpan.FromHours(26) });

        string detail = result.Checks.Single(c => c.Name == "Rpo").Detail;
        Assert.Matches(@"^The backup is 30(\.\d)? h old; the limit \(-MaxBackupAge\) is 26 h\.$", detail);
    }

    [Fact]
    public void An_RTO_shorter_than_the_restore_is_missed()
    {
        // One tick: no fetch and restore of a real file is that fast (a 1 ms limit was met now and then by this small database).
        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch, MaxRestoreTime = TimeSpan.FromTicks(1) });

        Assert.False(result.RtoMet);
        Assert.False(result.Passed);
        Assert.True(result.RestoreDuration > TimeSpan.FromTicks(1));
        Assert.Contains("; the limit (-MaxRestoreTime) is ", result.Checks.Single(c => c.Name == "Rto").Detail, StringComparison.Ordinal);

        // A limit under a second is shown in milliseconds, not rounded to "0.0 s".
        Assert.Equal("1 ms", OpsModule.Engine.Common.Duration.Describe(TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void KeepScratch_keeps_the_restored_database_and_says_where()
    {
        DisasterRecoveryResult result = Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch, KeepScratch = true });

        Assert.True(result.Passed);
        Assert.True(result.ScratchKept);
        Assert.True(File.Exists(result.ScratchTarget));
        Assert.Contains(result.ScratchTarget, result.Checks.Single(c => c.Name == "Cleanup").Detail, StringComparison.Ordinal);
        Assert.Equal(200, SampleDatabase.Fingerprint(result.ScratchTarget)["orders"].Rows);

        // Kept means unmarked: a later run in the same folder must not take it for a dead run's leftover.
        Assert.False(File.Exists(result.ScratchTarget + ".owner"));
        Assert.True(Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = Scratch }).Passed);
        Assert.True(File.Exists(result.ScratchTarget));
    }

    [Fact]
    public async System.Threading.Tasks.Task KeepScratch_with_a_failed_restore_says_where_the_partial_target_is()
    {
        // Half the artifact, the manifest edited to match: Fetch passes, the restore cannot decompress it.
        byte[] whole = File.ReadAllBytes(_backup.BackupPath);
        byte[] half = whole[..(whole.Length / 2)];
        File.WriteAllBytes(_backup.BackupPath, half);
        EditManifest(_backup.ManifestPath, m =>
        {
            m["size"] = half.Length;
            m["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(half)).ToLowerInvariant();
        });
        var observer = new RecordingObserver();

        DisasterRecoveryResult result = await new DisasterRecoveryTester(new DisasterRecoveryOptions { ScratchFolder = Scratch, KeepScratch = true }, observer)
            .TestAsync(RecoveryBackup.Load(_backup.BackupPath), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.True(result.Checks.Single(c => c.Name == "Fetch").Passed);
        Assert.False(result.Checks.Single(c => c.Name == "Restore").Passed);
        Assert.True(result.ScratchKept);
        Assert.True(File.Exists(result.ScratchTarget));
        Assert.Contains(result.ScratchTarget, result.Checks.Single(c => c.Name == "Cleanup").Detail, StringComparison.Ordinal);
        Assert.Contains(observer.Warnings, w => w.Contains(result.ScratchTarget, StringComparison.Ordinal) && w.Contains("restore failed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scratch_path_that_is_the_source_database_is_refused()
    {
        var ex = Assert.Throws<OpsException>(() => Run(_backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("app.db") }));

        Assert.Equal(ErrorIds.ScratchIsSource, ex.ErrorId);
        Assert.Equal(200, SampleDatabase.Fingerprint(_temp.Combine("app.db"))["orders"].Rows);
    }

    [Fact]
    public void The_latest_backup_of_each_database_is_found_at_a_location()
    {
        SampleDatabase.Create(_temp.Combine("shop.db"), orders: 10);
        Engines.Backup(_temp.Combine("shop.db"), _temp.Combine("backups"));
        Thread.Sleep(5);
        BackupInfo newer = Engines.Backup(_temp.Combine("app.db"), _temp.Combine("backups"));

        var latest = RecoveryBackup.LatestAt(_temp.Combine("backups"), NullObserver.Instance);

        Assert.Equal(["app", "shop"], latest.Select(b => b.Manifest.Database));
        Assert.Equal(newer.BackupPath, latest[0].Display);
    }

    [Fact]
    public void An_artifact_without_a_manifest_is_an_incomplete_backup()
    {
        File.Delete(_backup.ManifestPath);

        var ex = Assert.Throws<OpsException>(() => RecoveryBackup.Load(_backup.BackupPath));

        Assert.Equal(ErrorIds.BackupIncomplete, ex.ErrorId);
    }
}
