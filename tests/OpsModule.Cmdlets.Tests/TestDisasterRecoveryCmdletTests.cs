using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

public sealed class TestDisasterRecoveryCmdletTests : IDisposable
{
    private const string CmdletClass = "OpsModule.Cmdlets.TestDisasterRecoveryCommand";
    private readonly TempFolder _temp = new();
    private readonly CmdletHost _host;

    public TestDisasterRecoveryCmdletTests()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 120);
        _host = new CmdletHost(_temp.Path);
    }

    public void Dispose()
    {
        _host.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void A_backup_piped_from_Backup_Database_passes_with_scriptblock_validations_run_in_the_session()
    {
        var (output, errors) = _host.Run("""
            $expected = 'Data Source='
            Backup-Database -Path app.db -Destination backups |
                Test-DisasterRecovery -ScratchPath scratch -Validation @{
                    'file exists' = { param($cs) Test-Path -LiteralPath (($cs -split ';')[0] -replace '^Data Source=', '') }
                    'dollar underscore' = { $_.StartsWith($expected) }
                    'orders' = 'SELECT count(*) = 120 FROM orders'
                }
            """);

        Assert.Empty(errors);
        var result = Assert.IsType<DisasterRecoveryResult>(Assert.Single(output));
        Assert.True(result.Passed, string.Join(" | ", result.Checks.Select(c => c.Name + ": " + c.Detail)));
        Assert.Equal(["Fetch", "Restore", "Integrity", "RowCounts", "dollar underscore", "file exists", "orders", "Cleanup"], result.Checks.Select(c => c.Name));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Combine("scratch")));
    }

    [Fact]
    public void A_scriptblock_that_does_not_return_true_fails_its_check_and_ErrorOnFailure_writes_the_error()
    {
        var (output, errors) = _host.Run("""
            Backup-Database -Path app.db -Destination backups |
                Test-DisasterRecovery -ScratchPath scratch -ErrorOnFailure -Validation @{ 'says yes' = { 'yes' }; 'throws' = { throw 'boom' } }
            """);

        var result = Assert.IsType<DisasterRecoveryResult>(Assert.Single(output));
        Assert.False(result.Passed);
        Assert.Equal(["says yes", "throws"], result.Checks.Where(c => !c.Passed).Select(c => c.Name));
        Assert.Contains("returned yes; it must return $true", result.Checks.Single(c => c.Name == "says yes").Detail, StringComparison.Ordinal);
        Assert.Contains("boom", result.Checks.Single(c => c.Name == "throws").Detail, StringComparison.Ordinal);
        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("DisasterRecoveryFailed," + CmdletClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("says yes", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Location_tests_the_newest_backup_of_each_database_with_a_throttle_limit()
    {
        SampleDatabase.Create(_temp.Combine("shop.db"), orders: 5);
        var (output, errors) = _host.Run("""
            $null = Backup-Database -Path app.db, shop.db -Destination backups
            $newest = Backup-Database -Path app.db -Destination backups
            Test-DisasterRecovery -Location backups -ScratchPath scratch -ThrottleLimit 2 -MaxBackupAge 1h
            $newest
            """);

        Assert.Empty(errors);
        var results = output.OfType<DisasterRecoveryResult>().OrderBy(r => r.Database).ToList();
        Assert.Equal(["app", "shop"], results.Select(r => r.Database));
        Assert.All(results, r => Assert.True(r.Passed));
        Assert.All(results, r => Assert.True(r.RpoMet));
        Assert.Equal(output.OfType<BackupInfo>().Single().BackupPath, results[0].Backup.BackupPath);
    }

    [Fact]
    public void Location_tests_one_backup_per_database_whatever_path_spelled_its_source()
    {
        // The same app.db backed up through a symlinked folder, and another database that is also called app.db.
        Directory.CreateDirectory(_temp.Combine("other"));
        SampleDatabase.Create(_temp.Combine("other", "app.db"), orders: 7);
        File.CreateSymbolicLink(_temp.Combine("link"), _temp.Path);
        var (output, errors) = _host.Run("""
            $null = Backup-Database -Path app.db -Destination backups
            $null = Backup-Database -Path other/app.db -Destination backups
            $newest = Backup-Database -Path link/app.db -Destination backups
            Test-DisasterRecovery -Location backups -ScratchPath scratch
            $newest
            """);

        Assert.Empty(errors);
        var results = output.OfType<DisasterRecoveryResult>().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Passed));
        string newest = output.OfType<BackupInfo>().Single().BackupPath;
        Assert.Contains(results, r => r.Backup.BackupPath == newest);
        Assert.Contains(results, r => r.Backup.Source.EndsWith(Path.Combine("other", "app.db"), StringComparison.Ordinal));
    }

    [Fact]
    public void Many_backups_of_one_database_tested_at_once_each_get_their_own_scratch_target_and_pass()
    {
        var (output, errors) = _host.Run("""
            1..8 | ForEach-Object { $null = Backup-Database -Path app.db -Destination backups }
            Get-DatabaseBackup -Location backups | Test-DisasterRecovery -ScratchPath scratch -ThrottleLimit 8
            """);

        Assert.Empty(errors);
        var results = output.OfType<DisasterRecoveryResult>().ToList();
        Assert.Equal(8, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, string.Join(" | ", r.Checks.Where(c => !c.Passed).Select(c => c.Name + ": " + c.Detail))));
        Assert.Equal(8, results.Select(r => r.ScratchTarget).Distinct().Count());
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Combine("scratch")));
    }

    [Fact]
    public void BackupPath_binds_files_from_Get_ChildItem()
    {
        var (output, errors) = _host.Run("""
            $null = Backup-Database -Path app.db -Destination backups
            Get-ChildItem backups -Filter *.manifest.json | Test-DisasterRecovery -ScratchPath scratch
            """);

        Assert.Empty(errors);
        Assert.True(Assert.IsType<DisasterRecoveryResult>(Assert.Single(output)).Passed);
    }

    [Fact]
    public void A_scratch_path_that_is_the_source_is_refused_with_ScratchIsSource()
    {
        var (output, errors) = _host.Run("Backup-Database -Path app.db -Destination backups | Test-DisasterRecovery -ScratchPath app.db");

        Assert.Empty(output);
        Assert.Equal("ScratchIsSource," + CmdletClass, Assert.Single(errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_missing_backup_is_a_SourceNotFound_error()
    {
        var (output, errors) = _host.Run("Test-DisasterRecovery -BackupPath ./nothing-here.db.zst -ScratchPath scratch");

        Assert.Empty(output);
        Assert.Equal("SourceNotFound," + CmdletClass, Assert.Single(errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void WhatIf_restores_nothing_and_records_nothing()
    {
        var (output, errors) = _host.Run("Backup-Database -Path app.db -Destination backups | Test-DisasterRecovery -ScratchPath scratch -WhatIf");

        Assert.Empty(errors);
        Assert.Empty(output);
        Assert.False(Directory.Exists(_temp.Combine("scratch")));
        Assert.Empty(Directory.GetFiles(_temp.Combine("backups"), "*.verified.json"));
    }

    [Fact]
    public void The_result_converts_to_JSON_with_its_checks()
    {
        var (output, errors) = _host.Run("""
            Backup-Database -Path app.db -Destination backups | Test-DisasterRecovery -ScratchPath scratch -MaxBackupAge 1h |
                ConvertTo-Json -Depth 5 -WarningAction Stop
            """);

        Assert.Empty(errors);
        string text = Assert.IsType<string>(Assert.Single(output));
        System.Text.Json.Nodes.JsonNode json = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        Assert.True(json["Passed"]!.GetValue<bool>());
        Assert.True(json["RpoMet"]!.GetValue<bool>());
        Assert.Null(json["RtoMet"]);
        Assert.Equal(6, json["Checks"]!.AsArray().Count);
        Assert.Equal("Fetch", json["Checks"]![0]!["Name"]!.GetValue<string>());
        Assert.Equal(120, json["Backup"]!["TableCounts"]!["orders"]!.GetValue<long>());
        Assert.True(text.Length < 20_000, "the JSON stays small: " + text.Length);
    }

    [Fact]
    public void A_duration_string_binds_to_MaxBackupAge()
    {
        var (output, errors) = _host.Run("""
            $b = Backup-Database -Path app.db -Destination backups
            $m = Get-Content -Raw $b.ManifestPath | ConvertFrom-Json
            $m.created = [DateTime]::UtcNow.AddHours(-2).ToString('o')
            $m | ConvertTo-Json -Depth 5 | Set-Content $b.ManifestPath
            Test-DisasterRecovery -BackupPath $b.ManifestPath -ScratchPath scratch -MaxBackupAge '1h'
            """);

        Assert.Empty(errors);
        var result = Assert.IsType<DisasterRecoveryResult>(Assert.Single(output));
        Assert.False(result.RpoMet);
        Assert.False(result.Passed);
        Assert.Equal(Severity.Critical, result.Severity);
    }
}
