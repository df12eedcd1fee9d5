using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

public sealed class BackupDatabaseCmdletTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly CmdletHost _host;

    public BackupDatabaseCmdletTests()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 30, journalMode: "delete");
        _host = new CmdletHost(_temp.Path);
    }

    public void Dispose()
    {
        _host.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_is_SourceNotFound()
    {
        var (output, errors) = _host.Run("Backup-Database -Path ./nothing-*.db -Destination backups");

        Assert.Empty(output);
        var error = Assert.Single(errors);
        Assert.Equal("SourceNotFound,OpsModule.Cmdlets.BackupDatabaseCommand", error.FullyQualifiedErrorId);
        Assert.Equal("./nothing-*.db", error.TargetObject);
    }

    [Fact]
    public void One_bad_path_in_a_list_is_an_error_for_that_path_and_the_others_are_backed_up()
    {
        File.Copy(_temp.Combine("app.db"), _temp.Combine("shop.db"));

        var (output, errors) = _host.Run("Backup-Database -Path ./app.db, ./nothing-*.db, ./missing.db, ./shop.db -Destination backups");

        Assert.Equal(["app", "shop"], output.Cast<BackupInfo>().Select(b => b.Database).Order());
        Assert.Equal(
            ["SourceNotFound,OpsModule.Cmdlets.BackupDatabaseCommand", "SourceNotFound,OpsModule.Cmdlets.BackupDatabaseCommand"],
            errors.Select(e => e.FullyQualifiedErrorId));
    }

    [SkippableTheory]
    [InlineData("1")]
    [InlineData("'1s'")]
    public void BusyTimeout_takes_seconds_and_durations(string value)
    {
        using var holder = new SqliteShell(_temp.Combine("app.db"));
        try
        {
            holder.Run("BEGIN EXCLUSIVE; INSERT INTO customers(name) VALUES ('held');");
            var clock = Stopwatch.StartNew();

            var (output, errors) = _host.Run($"Backup-Database -Path app.db -Destination backups -BusyTimeout {value}");

            Assert.Empty(output);
            Assert.Equal("DatabaseLocked,OpsModule.Cmdlets.BackupDatabaseCommand", Assert.Single(errors).FullyQualifiedErrorId);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 15);
        }
        finally
        {
            holder.Kill();
        }
    }
}
