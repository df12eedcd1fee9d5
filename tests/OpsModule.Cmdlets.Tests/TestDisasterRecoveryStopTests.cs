using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Npgsql;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

/// <summary>Tests that set the process-wide pause hook run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PauseHookTests
{
    public const string Name = "Pause hooks (process-wide environment)";
}

/// <summary>Ctrl+C (StopProcessing) during the restore of a DR test: the scratch target is removed.</summary>
[Collection(PauseHookTests.Name)]
public sealed class TestDisasterRecoveryStopTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("OPSMODULE_TEST_PAUSE", null);
        Environment.SetEnvironmentVariable("OPSMODULE_TEST_PAUSE_SIGNAL", null);
        _temp.Dispose();
    }

    [Fact]
    public void Stopping_during_a_SQLite_restore_removes_the_scratch_file()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 50);
        using var host = new CmdletHost(_temp.Path);
        host.Run("$null = Backup-Database -Path app.db -Destination backups");

        StopAtRestore(host, "Get-ChildItem backups -Filter *.manifest.json | Test-DisasterRecovery -ScratchPath scratch", () =>
            Assert.True(Directory.GetFiles(_temp.Combine("scratch"), "ops_drtest_app_*.db").Length == 1, string.Join(", ", Directory.GetFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories))));

        Assert.Empty(Directory.GetFileSystemEntries(_temp.Combine("scratch")));
    }

    [SkippableFact]
    public void Stopping_during_a_PostgreSQL_restore_drops_the_scratch_database()
    {
        string admin = Environment.GetEnvironmentVariable("OPS_TEST_PG") ?? string.Empty;
        Skip.If(admin.Length == 0, "OPS_TEST_PG is not set");
        string database = "drstop_" + Guid.NewGuid().ToString("N")[..10];
        Sql(admin, "postgres", $"CREATE DATABASE {database}");
        try
        {
            Sql(admin, database, "CREATE TABLE t(id int PRIMARY KEY, v text); INSERT INTO t SELECT g, repeat('v', 100) FROM generate_series(1, 500) g;");
            using var host = new CmdletHost(_temp.Path);
            var source = new NpgsqlConnectionStringBuilder(admin) { Database = database };
            var (_, errors) = host.Run("$null = Backup-Database -ConnectionString $cs -Destination backups", new System.Collections.Generic.Dictionary<string, object> { ["cs"] = source.ConnectionString });
            Assert.Empty(errors);
            host.Run("$global:scratchCs = $cs", new System.Collections.Generic.Dictionary<string, object> { ["cs"] = admin });

            StopAtRestore(host, "Get-ChildItem backups -Filter *.manifest.json | Test-DisasterRecovery -ScratchConnectionString $global:scratchCs", () =>
                Assert.Single(Databases(admin, "ops_drtest_" + database + "%")));

            Assert.Empty(Databases(admin, "ops_drtest_" + database + "%"));
        }
        finally
        {
            foreach (string name in Databases(admin, "ops_drtest_" + database + "%").Append(database))
            {
                Sql(admin, "postgres", $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
        }
    }

    /// <summary>Runs <paramref name="script"/> until the engine pauses inside the restore, checks the scratch exists, then stops the pipeline.</summary>
    private void StopAtRestore(CmdletHost host, string script, Action scratchExists)
    {
        string signal = _temp.Combine("paused.signal");
        Environment.SetEnvironmentVariable("OPSMODULE_TEST_PAUSE", "drtest-restore");
        Environment.SetEnvironmentVariable("OPSMODULE_TEST_PAUSE_SIGNAL", signal);
        using PowerShell shell = host.CreateShell();
        shell.AddScript(script);
        System.Threading.Tasks.Task running = System.Threading.Tasks.Task.Run(() => shell.Invoke());
        var clock = Stopwatch.StartNew();
        while (!File.Exists(signal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the restore never reached its pause point");
            if (running.IsCompleted)
            {
                Assert.Fail("the command ended before its restore paused: " + string.Join("; ", shell.Streams.Error.Select(e => e.ToString())));
            }

            Thread.Sleep(20);
        }

        try
        {
            scratchExists();
        }
        finally
        {
            shell.Stop();
        }

        try
        {
            running.GetAwaiter().GetResult();
        }
        catch (PipelineStoppedException)
        {
            // Either way the pipeline must end as stopped.
        }

        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
    }

    private static string[] Databases(string admin, string like)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = like });
        using NpgsqlDataReader reader = command.ExecuteReader();
        var names = new System.Collections.Generic.List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static void Sql(string admin, string database, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
