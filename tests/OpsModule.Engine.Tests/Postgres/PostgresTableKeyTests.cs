using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Recovery;
using OpsModule.Engine.Storage.Local;
using OpsModule.Engine.Tests.Recovery;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Postgres;

/// <summary>
/// The manifest's table keys against the real PostgreSQL test cluster (OPS_TEST_PG): "a.b".c and a."b.c" are two
/// tables with two keys, and the restore and the DR test compare both.
/// </summary>
public sealed class PostgresTableKeyTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _admin = Environment.GetEnvironmentVariable("OPS_TEST_PG") ?? string.Empty;
    private readonly string _source = "tk_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _target;

    public PostgresTableKeyTests() => _target = _source + "_copy";

    public void Dispose()
    {
        if (_admin.Length > 0)
        {
            Sql("postgres", $"DROP DATABASE IF EXISTS {_source} WITH (FORCE)");
            Sql("postgres", $"DROP DATABASE IF EXISTS {_target} WITH (FORCE)");
        }

        _temp.Dispose();
    }

    [Theory]
    [InlineData("public", "items", "public.items")]
    [InlineData("a.b", "c", "\"a.b\".c")]
    [InlineData("a", "b.c", "a.\"b.c\"")]
    [InlineData("we\"ird", "t", "\"we\"\"ird\".t")]
    [InlineData("Shop", "Order Lines", "Shop.Order Lines")]
    public void A_table_key_is_schema_dot_table_and_quotes_only_names_with_a_dot_or_a_double_quote(string schema, string table, string key) =>
        Assert.Equal(key, PgCatalog.TableKey(schema, table));

    [SkippableFact]
    public void Tables_whose_dotted_names_read_alike_get_two_keys_and_the_restore_compares_both()
    {
        BackupInfo backup = Backup();

        Assert.Equal(10L, backup.TableCounts["\"a.b\".c"]);
        Assert.Equal(3L, backup.TableCounts["a.\"b.c\""]);
        Assert.Equal(7L, backup.TableCounts["public.items"]);
        Assert.Equal(3, backup.TableCounts.Count);

        RestoreResult result = Restore(backup.BackupPath);

        Assert.Equal(backup.TableCounts.OrderBy(p => p.Key, StringComparer.Ordinal), result.TableCounts.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("The row counts of all 3 tables equal the manifest.", result.Checks.Single(c => c.Name == "RowCounts").Detail);
    }

    [SkippableFact]
    public void A_wrong_count_of_either_dotted_table_fails_the_restore_and_the_DR_test()
    {
        BackupInfo backup = Backup();
        // The count the old keys lost: a."b.c" (3 rows) was overwritten by "a.b".c (10 rows) under one key a.b.c.
        DisasterRecoveryTests.EditManifest(backup.ManifestPath, manifest => manifest["tables"]!["a.\"b.c\""] = 4);

        var ex = Assert.Throws<OpsException>(() => Restore(backup.BackupPath));
        Assert.Equal(ErrorIds.RowCountMismatch, ex.ErrorId);
        Assert.Contains("a.\"b.c\": manifest 4, restored 3", ex.Message, StringComparison.Ordinal);

        var admin = new NpgsqlConnectionStringBuilder(_admin);
        DisasterRecoveryResult dr = DisasterRecoveryTests.Run(backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("scratch"), UserName = admin.Username, Password = admin.Password });
        RecoveryCheck counts = dr.Checks.Single(c => c.Name == "RowCounts");
        Assert.False(counts.Passed);
        Assert.Contains("a.\"b.c\": expected 4, actual 3", counts.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_are_compared_under_the_unquoted_keys_of_a_manifest_written_before_keys_were_quoted()
    {
        var counts = new Dictionary<string, long> { ["\"a.b\".c"] = 10, ["a.\"b.c\""] = 3, ["\"we\"\"ird\".\"t.1\""] = 7, ["public.items"] = 5 };
        var old = new Dictionary<string, long> { ["a.b.c"] = 3, ["we\"ird.t.1"] = 7, ["public.items"] = 5 };
        var current = new Dictionary<string, long>(counts);

        Dictionary<string, long> aligned = PgCatalog.AlignToManifest(counts, old);
        Assert.Equal(old.OrderBy(p => p.Key, StringComparer.Ordinal), aligned.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(current.OrderBy(p => p.Key, StringComparer.Ordinal), PgCatalog.AlignToManifest(counts, current).OrderBy(p => p.Key, StringComparer.Ordinal));
        // A wrong old count still differs.
        Assert.NotEqual(4L, PgCatalog.AlignToManifest(counts, new Dictionary<string, long> { ["a.b.c"] = 4 })["a.b.c"]);
    }

    [SkippableFact]
    public void A_backup_whose_manifest_has_the_old_unquoted_keys_restores_and_passes_the_DR_test()
    {
        BackupInfo backup = Backup();
        // As a manifest written before keys were quoted: one a.b.c, holding the count of the table written last.
        DisasterRecoveryTests.EditManifest(backup.ManifestPath, manifest =>
        {
            var tables = manifest["tables"]!.AsObject();
            tables.Remove("\"a.b\".c");
            tables.Remove("a.\"b.c\"");
            tables["a.b.c"] = 10;
        });

        RestoreResult result = Restore(backup.BackupPath);
        Assert.Equal("The row counts of all 2 tables equal the manifest.", result.Checks.Single(c => c.Name == "RowCounts").Detail);

        var admin = new NpgsqlConnectionStringBuilder(_admin);
        DisasterRecoveryResult dr = DisasterRecoveryTests.Run(backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("scratch"), UserName = admin.Username, Password = admin.Password });
        RecoveryCheck counts = dr.Checks.Single(c => c.Name == "RowCounts");
        Assert.True(counts.Passed, counts.Detail);
    }

    [SkippableFact]
    public void The_DR_test_counts_every_dotted_table()
    {
        BackupInfo backup = Backup();

        var admin = new NpgsqlConnectionStringBuilder(_admin);
        DisasterRecoveryResult dr = DisasterRecoveryTests.Run(backup.BackupPath, new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("scratch"), UserName = admin.Username, Password = admin.Password });

        RecoveryCheck counts = dr.Checks.Single(c => c.Name == "RowCounts");
        Assert.True(counts.Passed, counts.Detail);
        Assert.StartsWith("All 3 table(s) hold the row counts of the manifest (20 rows)", counts.Detail, StringComparison.Ordinal);
    }

    private BackupInfo Backup()
    {
        Skip.If(_admin.Length == 0, "OPS_TEST_PG is not set");
        Sql("postgres", $"CREATE DATABASE {_source}");
        Sql(_source, """
            CREATE SCHEMA "a.b"; CREATE SCHEMA a;
            CREATE TABLE "a.b".c(x int); CREATE TABLE a."b.c"(x int); CREATE TABLE items(x int);
            INSERT INTO "a.b".c SELECT generate_series(1, 10); INSERT INTO a."b.c" SELECT generate_series(1, 3);
            INSERT INTO items SELECT generate_series(1, 7);
            """);
        return Engine(_source).BackupAsync(new BackupJob(new LocalBackupStore(_temp.Combine("backups")), BackupCompression.Zstd, null), NullObserver.Instance, CancellationToken.None).GetAwaiter().GetResult();
    }

    private RestoreResult Restore(string backupPath) =>
        Engine(_target).RestoreAsync(new RestoreJob(backupPath), NullObserver.Instance, CancellationToken.None).GetAwaiter().GetResult();

    private PgDatabaseEngine Engine(string database) => PgTestServer.Engine(_admin, database);

    private void Sql(string database, string sql) => PgTestServer.Sql(_admin, database, sql);
}
