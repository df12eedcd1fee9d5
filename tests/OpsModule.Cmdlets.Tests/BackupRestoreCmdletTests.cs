using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

public sealed class BackupRestoreCmdletTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly CmdletHost _host;

    public BackupRestoreCmdletTests()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 300);
        _host = new CmdletHost(_temp.Path);
    }

    public void Dispose()
    {
        _host.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Backup_Database_emits_one_BackupInfo_per_database()
    {
        File.Copy(_temp.Combine("app.db"), _temp.Combine("shop.db"));

        var (output, errors) = _host.Run("Backup-Database -Path *.db -Destination backups");

        Assert.Empty(errors);
        Assert.Equal(["app", "shop"], output.Cast<BackupInfo>().Select(b => b.Database).Order());
        Assert.All(output.Cast<BackupInfo>(), b => Assert.StartsWith(_temp.Combine("backups"), b.BackupPath, StringComparison.Ordinal));
    }

    [Fact]
    public void Backup_Database_binds_Path_by_property_name()
    {
        var (output, errors) = _host.Run("[pscustomobject]@{ Path = './app.db' } | Backup-Database -Destination backups");

        Assert.Empty(errors);
        Assert.Equal(300, Assert.IsType<BackupInfo>(Assert.Single(output)).TableCounts["orders"]);
    }

    [Fact]
    public void Restore_Database_binds_BackupPath_by_property_name()
    {
        var (backups, _) = _host.Run("Backup-Database -Path app.db -Destination backups");
        string artifact = ((BackupInfo)backups[0]).BackupPath;

        var (output, errors) = _host.Run(
            "[pscustomobject]@{ BackupPath = $artifact } | Restore-Database -TargetPath restored.db",
            new System.Collections.Generic.Dictionary<string, object> { ["artifact"] = artifact });

        Assert.Empty(errors);
        var result = Assert.IsType<RestoreResult>(Assert.Single(output));
        Assert.Equal(_temp.Combine("restored.db"), result.Target);
        Assert.Equal(["Checksum", "Integrity", "RowCounts"], result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        var (output, errors) = _host.Run(
            "Backup-Database -Path app.db -Destination backups -WhatIf; " +
            "Restore-Database -BackupPath nothing.db.zst -TargetPath r.db -WhatIf");

        Assert.Empty(output);
        Assert.False(Directory.Exists(_temp.Combine("backups")));
        Assert.False(File.Exists(_temp.Combine("r.db")));
        Assert.Equal("SourceNotFound,OpsModule.Cmdlets.RestoreDatabaseCommand", Assert.Single(errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_failing_item_is_a_non_terminating_error_and_the_rest_still_runs()
    {
        File.WriteAllText(_temp.Combine("broken.db"), "not a database");

        var (output, errors) = _host.Run("Backup-Database -LiteralPath broken.db, app.db -Destination backups");

        Assert.Single(output);
        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("NotASqliteDatabase,OpsModule.Cmdlets.BackupDatabaseCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(_temp.Combine("broken.db"), error.TargetObject);
        Assert.IsType<OpsException>(error.Exception);
    }

    [Fact]
    public void A_destination_on_another_provider_stops_the_call()
    {
        var (output, errors) = _host.Run("try { Backup-Database -Path app.db -Destination Env:\\ -ErrorAction Stop } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(output));
        Assert.Equal("InvalidArgument,OpsModule.Cmdlets.BackupDatabaseCommand", error.FullyQualifiedErrorId);
        Assert.Empty(errors);
    }
}
