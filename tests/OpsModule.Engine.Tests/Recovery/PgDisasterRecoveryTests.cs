using System;
using System.IO;
using System.Linq;
using System.Threading;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Recovery;
using OpsModule.Engine.Storage.Local;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Recovery;

/// <summary>Test-DisasterRecovery's engine against the real PostgreSQL test cluster (OPS_TEST_PG).</summary>
public sealed class PgDisasterRecoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _admin = Environment.GetEnvironmentVariable("OPS_TEST_PG") ?? string.Empty;
    private readonly string _database = "drt_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _role;

    public PgDisasterRecoveryTests() => _role = _database + "_ro";

    public void Dispose()
    {
        if (_admin.Length > 0)
        {
            Sql("postgres", $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
            foreach (string leftover in ScratchDatabases())
            {
                Sql("postgres", $"DROP DATABASE IF EXISTS \"{leftover}\" WITH (FORCE)");
            }

            Sql("postgres", $"DROP ROLE IF EXISTS {_role}");
        }

        _temp.Dispose();
    }

    [SkippableFact]
    public void A_good_PostgreSQL_backup_passes_every_check_with_amcheck_and_the_scratch_database_is_dropped()
    {
        BackupInfo backup = Backup(BackupCompression.Zstd);

        DisasterRecoveryResult result = DisasterRecoveryTests.Run(backup.BackupPath, Options(superuser: true));

        Assert.True(result.Passed, string.Join(" | ", result.Checks.Select(c => c.Name + ": " + c.Detail)));
        Assert.Equal(["Fetch", "Restore", "Integrity", "RowCounts", "Cleanup"], result.Checks.Select(c => c.Name));
        // Five: the partitioned table's primary key is checked in its partition (the parent index has no storage of its own).
        Assert.Matches(@"amcheck bt_index_check \(with heapallindexed\) passed on 5 B-tree index", result.Checks.Single(c => c.Name == "Integrity").Detail);
        Assert.Contains("/ops_drtest_" + _database + "_", result.ScratchTarget, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", result.ScratchTarget, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(ScratchDatabases());
        Assert.Equal(250L, result.Backup.TableCounts["public.orders"]);
    }

    [SkippableFact]
    public void A_scratch_login_the_server_refuses_is_an_error_and_records_nothing_against_the_backup()
    {
        BackupInfo backup = Backup(BackupCompression.Zstd);
        var options = new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("scratch"), ScratchConnectionString = _admin, UserName = "postgres", Password = "wrong-password" };

        var ex = Assert.Throws<OpsException>(() => DisasterRecoveryTests.Run(backup.BackupPath, options));

        Assert.Equal(ErrorIds.DatabaseConnectionFailed, ex.ErrorId);
        Assert.DoesNotContain("wrong-password", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(backup.BackupPath + ".verified.json"), "a test that could not run was recorded as the backup's verification");
        Assert.Empty(ScratchDatabases());
    }

    [SkippableFact]
    public void As_a_non_superuser_the_integrity_check_reads_every_table_in_full_and_says_so()
    {
        BackupInfo backup = Backup(BackupCompression.Zstd);
        Sql("postgres", $"CREATE ROLE {_role} LOGIN CREATEDB PASSWORD 'drtest-pw'");

        DisasterRecoveryResult result = DisasterRecoveryTests.Run(backup.BackupPath, Options(superuser: false));

        Assert.True(result.Passed, string.Join(" | ", result.Checks.Select(c => c.Name + ": " + c.Detail)));
        string integrity = result.Checks.Single(c => c.Name == "Integrity").Detail;
        Assert.Contains("amcheck is not available", integrity, StringComparison.Ordinal);
        Assert.Contains("every table was read in full", integrity, StringComparison.Ordinal);
        Assert.Contains("3 table(s)", integrity, StringComparison.Ordinal); // customers, orders and the partition payments_2026
        Assert.Empty(ScratchDatabases());
    }

    [SkippableFact]
    public void A_truncated_dump_with_a_matching_checksum_fails_Restore_and_the_scratch_database_is_dropped()
    {
        BackupInfo backup = Backup(BackupCompression.None);
        byte[] bytes = File.ReadAllBytes(backup.BackupPath);
        byte[] truncated = bytes[..(bytes.Length * 2 / 3)];
        File.WriteAllBytes(backup.BackupPath, truncated);
        DisasterRecoveryTests.EditManifest(backup.ManifestPath, m =>
        {
            m["size"] = truncated.Length;
            m["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(truncated)).ToLowerInvariant();
        });

        DisasterRecoveryResult result = DisasterRecoveryTests.Run(backup.BackupPath, Options(superuser: true));

        Assert.False(result.Passed);
        Assert.True(result.Checks.Single(c => c.Name == "Fetch").Passed);
        RecoveryCheck restore = result.Checks.Single(c => c.Name == "Restore");
        Assert.False(restore.Passed);
        Assert.Contains("pg_restore failed", restore.Detail, StringComparison.Ordinal);
        Assert.True(result.Checks.Single(c => c.Name == "Cleanup").Passed);
        Assert.Empty(ScratchDatabases());
    }

    [SkippableFact]
    public void A_scratch_connection_that_names_the_source_database_is_refused()
    {
        BackupInfo backup = Backup(BackupCompression.Zstd);
        var connection = new NpgsqlConnectionStringBuilder(_admin) { Database = _database };

        var ex = Assert.Throws<OpsException>(() => DisasterRecoveryTests.Run(backup.BackupPath, new DisasterRecoveryOptions { ScratchConnectionString = connection.ConnectionString }));

        Assert.Equal(ErrorIds.ScratchIsSource, ex.ErrorId);
        Assert.DoesNotContain(connection.Password!, ex.Message, StringComparison.Ordinal);
        Assert.Empty(ScratchDatabases());
    }

    private DisasterRecoveryOptions Options(bool superuser)
    {
        var admin = new NpgsqlConnectionStringBuilder(_admin);
        return superuser
            ? new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("scratch"), UserName = admin.Username, Password = admin.Password }
            : new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("scratch"), ScratchConnectionString = _admin, UserName = _role, Password = "drtest-pw" };
    }

    private BackupInfo Backup(BackupCompression compression)
    {
        Skip.If(_admin.Length == 0, "OPS_TEST_PG is not set");
        Sql("postgres", $"CREATE DATABASE {_database}");
        Sql(_database, """
            CREATE TABLE customers(id serial PRIMARY KEY, email text UNIQUE NOT NULL);
            CREATE TABLE orders(id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), total numeric(10,2), note text);
            CREATE INDEX orders_customer ON orders(customer_id);
            INSERT INTO customers(email) SELECT 'c' || g || '@example.test' FROM generate_series(1, 40) g;
            INSERT INTO orders(customer_id, total, note) SELECT 1 + g % 40, g * 1.5, repeat('x', g % 50) FROM generate_series(1, 250) g;
            CREATE TABLE payments(id int NOT NULL, paid date NOT NULL, amount numeric(10,2), PRIMARY KEY (id, paid)) PARTITION BY RANGE (paid);
            CREATE TABLE payments_2026 PARTITION OF payments FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            INSERT INTO payments SELECT g, DATE '2026-01-01' + g, g FROM generate_series(1, 30) g;
            """);
        var connection = PgConnectionInfo.Parse(new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString, null, null);
        var engine = new PgDatabaseEngine(connection, null);
        return engine.BackupAsync(new BackupJob(new LocalBackupStore(_temp.Combine("backups")), compression, null), NullObserver.Instance, CancellationToken.None).GetAwaiter().GetResult();
    }

    private string[] ScratchDatabases()
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = "ops_drtest_" + _database + "%" });
        using NpgsqlDataReader reader = command.ExecuteReader();
        var names = new System.Collections.Generic.List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private void Sql(string database, string sql) => PgTestServer.Sql(_admin, database, sql);
}
