using System;
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
/// How Test-DisasterRecovery and Restore-Database read and count a restored PostgreSQL copy, against the real test
/// cluster (OPS_TEST_PG), as a superuser and as a login with only LOGIN CREATEDB (what the help says is needed):
/// materialized views (populated and never populated), a table with ENABLE + FORCE ROW LEVEL SECURITY and a policy that
/// hides every row from the checking login, tables without an index, and the -Validation rule.
/// </summary>
public sealed class PostgresRestoredReadTests : IDisposable
{
    private const string RolePassword = "rr-login-pw";
    private readonly TempFolder _temp = new();
    private readonly string _admin = Environment.GetEnvironmentVariable("OPS_TEST_PG") ?? string.Empty;
    private readonly string _source = "rr_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _target;
    private readonly string _role;

    public PostgresRestoredReadTests()
    {
        _target = _source + "_copy";
        _role = _source + "_login";
    }

    public void Dispose()
    {
        if (_admin.Length > 0)
        {
            Sql("postgres", $"DROP DATABASE IF EXISTS {_source} WITH (FORCE)");
            Sql("postgres", $"DROP DATABASE IF EXISTS {_target} WITH (FORCE)");
            foreach (string leftover in Strings("postgres", $"SELECT datname FROM pg_database WHERE datname LIKE 'ops\\_drtest\\_{_source}%' OR datname LIKE '{_target}\\_%'"))
            {
                Sql("postgres", $"DROP DATABASE IF EXISTS \"{leftover}\" WITH (FORCE)");
            }

            Sql("postgres", $"DROP ROLE IF EXISTS {_role}");
        }

        _temp.Dispose();
    }

    [SkippableFact]
    public void A_CREATEDB_login_passes_the_DR_test_of_a_database_with_materialized_views_and_a_FORCE_RLS_table()
    {
        BackupInfo backup = Backup();
        Assert.Equal(50L, backup.TableCounts["public.tenant_data"]);

        DisasterRecoveryResult result = DisasterRecoveryTests.Run(backup.BackupPath, AsLogin());

        Assert.True(result.Passed, Describe(result));
        string integrity = result.Checks.Single(c => c.Name == "Integrity").Detail;
        Assert.StartsWith("amcheck is not available (permission denied to create extension \"amcheck\"), so every table was read in full instead: 4 table(s), ", integrity, StringComparison.Ordinal);
        Assert.Contains("all readable. Skipped 1 materialized view(s) that are not populated, as in the source", integrity, StringComparison.Ordinal);
        Assert.EndsWith(": public.sales_later.", integrity, StringComparison.Ordinal);
        Assert.Equal("All 3 table(s) hold the row counts of the manifest (180 rows).", result.Checks.Single(c => c.Name == "RowCounts").Detail);
    }

    [SkippableFact]
    public void As_a_superuser_amcheck_runs_and_the_tables_no_B_tree_index_covers_are_read_in_full()
    {
        BackupInfo backup = Backup();

        DisasterRecoveryResult result = DisasterRecoveryTests.Run(backup.BackupPath, AsSuperuser());

        Assert.True(result.Passed, Describe(result));
        // sales and tenant_data have a primary key; audit_log and the materialized view sales_total have no index.
        Assert.StartsWith(
            "amcheck bt_index_check (with heapallindexed) passed on 2 B-tree index(es); the tables without a B-tree index were read in full: 2 table(s), ",
            result.Checks.Single(c => c.Name == "Integrity").Detail,
            StringComparison.Ordinal);
        Assert.EndsWith("not populated, as in the source (the backup holds no rows for them; REFRESH MATERIALIZED VIEW fills them): public.sales_later.", result.Checks.Single(c => c.Name == "Integrity").Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void With_no_B_tree_index_at_all_amcheck_passing_on_nothing_is_not_the_verdict_every_table_is_read()
    {
        Skip.If(_admin.Length == 0, "OPS_TEST_PG is not set");
        Sql("postgres", $"CREATE DATABASE {_source}");
        Sql(_source, "CREATE TABLE events(at timestamptz, what text); INSERT INTO events SELECT now(), 'e' || g FROM generate_series(1, 20) g;");
        BackupInfo backup = BackupOf(_source);

        DisasterRecoveryResult result = DisasterRecoveryTests.Run(backup.BackupPath, AsSuperuser());

        Assert.True(result.Passed, Describe(result));
        Assert.Matches(@"^amcheck found no B-tree index to check, so every table was read in full instead: 1 table\(s\), [0-9,]+ bytes, all readable\.$", result.Checks.Single(c => c.Name == "Integrity").Detail);
    }

    [SkippableFact]
    public void Restore_NoOwner_by_a_CREATEDB_login_counts_a_FORCE_RLS_table_in_full_and_leaves_FORCE_in_place()
    {
        BackupInfo backup = Backup();

        RestoreResult result = PgTestServer.Engine(LoginConnection(_target), _target).RestoreAsync(new RestoreJob(backup.BackupPath) { NoOwner = true }, NullObserver.Instance, CancellationToken.None).GetAwaiter().GetResult();

        Assert.Equal(50L, result.TableCounts["public.tenant_data"]);
        Assert.Equal("The row counts of all 3 tables equal the manifest.", result.Checks.Single(c => c.Name == "RowCounts").Detail);
        // The count's NO FORCE was rolled back: the restored table is as the source had it, owned by the login.
        Assert.Equal(["t|t|" + _role], Strings(_target, "SELECT relrowsecurity || '|' || relforcerowsecurity || '|' || relowner::regrole FROM pg_class WHERE relname = 'tenant_data'").Select(s => s.Replace("true", "t", StringComparison.Ordinal)));
        Assert.Equal(["0"], Strings(_target, $"SET ROLE {_role}; SELECT count(*)::text FROM tenant_data"));
    }

    [SkippableFact]
    public void A_table_whose_policy_applies_to_a_login_that_does_not_own_it_is_reported_as_not_countable_never_as_fewer_rows()
    {
        _ = Backup();
        // Owned by the superuser, readable by the login, the policy applies to it as to any role that does not own the table.
        Sql(_source, $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {_role}; ALTER TABLE tenant_data NO FORCE ROW LEVEL SECURITY;");

        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(LoginConnection(_source)) { Pooling = false }.ConnectionString);
        connection.Open();
        PgRowCounts counted = PgCatalog.CountRestoredRowsAsync(connection, CancellationToken.None).GetAwaiter().GetResult();

        Assert.Equal(["public.tenant_data"], counted.Hidden);
        Assert.Equal(100L, counted.Counts["public.sales"]);
        Assert.False(counted.Counts.ContainsKey("public.tenant_data"));
        Assert.Equal(_role, counted.Login);
        Assert.Contains($"row-level security applies to the login '{_role}' on public.tenant_data (it does not own that table and has neither SUPERUSER nor BYPASSRLS)", counted.HiddenReason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_PostgreSQL_validation_query_passes_only_with_exactly_one_row_holding_true_or_1()
    {
        BackupInfo backup = Backup();
        var admin = new NpgsqlConnectionStringBuilder(_admin);
        var options = new DisasterRecoveryOptions
        {
            ScratchFolder = _temp.Combine("scratch"),
            UserName = admin.Username,
            Password = admin.Password,
            Validations =
        [
            new RecoveryValidation("a count", "SELECT count(*) = 100 FROM sales"),
            new RecoveryValidation("b one", "SELECT 1"),
            new RecoveryValidation("c two rows", "SELECT 1 UNION ALL SELECT 0"),
            new RecoveryValidation("d text", "SELECT 'true'"),
            new RecoveryValidation("e null", "SELECT NULL::boolean"),
            new RecoveryValidation("f false", "SELECT false"),
            new RecoveryValidation("g numeric", "SELECT 1.0"),
        ],
        };

        DisasterRecoveryResult result = DisasterRecoveryTests.Run(backup.BackupPath, options);

        string Detail(string name) => result.Checks.Single(c => c.Name == name).Detail;
        Assert.Equal(["c two rows", "d text", "e null", "f false", "g numeric"], result.Checks.Where(c => !c.Passed).Select(c => c.Name));
        Assert.Equal("The query returned true.", Detail("a count"));
        Assert.Equal("The query returned 1.", Detail("b one"));
        Assert.StartsWith("The query returned 2 rows; it must return exactly one row with one value, true or 1", Detail("c two rows"), StringComparison.Ordinal);
        Assert.Equal("The query returned the text 'true' (a string, not the boolean true or the number 1); it must return exactly one row with one value, true or 1.", Detail("d text"));
        Assert.StartsWith("The query returned NULL;", Detail("e null"), StringComparison.Ordinal);
        Assert.StartsWith("The query returned false;", Detail("f false"), StringComparison.Ordinal);
        Assert.StartsWith("The query returned the number 1.0, which is not an integer;", Detail("g numeric"), StringComparison.Ordinal);
    }

    private static string Describe(DisasterRecoveryResult result) => string.Join(" | ", result.Checks.Select(c => c.Name + ": " + c.Detail));

    /// <summary>
    /// The source, made by the superuser: sales (primary key, 100 rows), audit_log (no index, 30 rows), the populated
    /// materialized view sales_total (no index), sales_later never populated, and tenant_data (primary key, 50 rows,
    /// ENABLE + FORCE ROW LEVEL SECURITY, a policy that shows a login only its own tenant's rows: none of them).
    /// </summary>
    private BackupInfo Backup()
    {
        Skip.If(_admin.Length == 0, "OPS_TEST_PG is not set");
        Sql("postgres", $"CREATE ROLE {_role} LOGIN CREATEDB PASSWORD '{RolePassword}'");
        Sql("postgres", $"CREATE DATABASE {_source}");
        Sql(_source, """
            CREATE TABLE sales(id serial PRIMARY KEY, amount numeric);
            INSERT INTO sales(amount) SELECT g FROM generate_series(1, 100) g;
            CREATE TABLE audit_log(at timestamptz, what text);
            INSERT INTO audit_log SELECT now(), 'event ' || g FROM generate_series(1, 30) g;
            CREATE MATERIALIZED VIEW sales_total AS SELECT sum(amount) AS total FROM sales;
            CREATE MATERIALIZED VIEW sales_later AS SELECT id FROM sales WITH NO DATA;
            CREATE TABLE tenant_data(id serial PRIMARY KEY, tenant text NOT NULL, secret text);
            INSERT INTO tenant_data(tenant, secret) SELECT (ARRAY['alice', 'bob'])[1 + g % 2], 's' || g FROM generate_series(1, 50) g;
            ALTER TABLE tenant_data ENABLE ROW LEVEL SECURITY;
            ALTER TABLE tenant_data FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON tenant_data USING (tenant = current_user);
            """);
        return BackupOf(_source);
    }

    private BackupInfo BackupOf(string database) =>
        PgTestServer.Engine(_admin, database).BackupAsync(new BackupJob(new LocalBackupStore(_temp.Combine("backups")), BackupCompression.Zstd, null), NullObserver.Instance, CancellationToken.None).GetAwaiter().GetResult();

    private DisasterRecoveryOptions AsSuperuser()
    {
        var admin = new NpgsqlConnectionStringBuilder(_admin);
        return new DisasterRecoveryOptions { ScratchFolder = _temp.Combine("scratch"), UserName = admin.Username, Password = admin.Password };
    }

    private DisasterRecoveryOptions AsLogin() =>
        new() { ScratchFolder = _temp.Combine("scratch"), ScratchConnectionString = _admin, UserName = _role, Password = RolePassword };

    private string LoginConnection(string database) =>
        new NpgsqlConnectionStringBuilder(_admin) { Database = database, Username = _role, Password = RolePassword }.ConnectionString;

    private string[] Strings(string database, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Database = database, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var values = new System.Collections.Generic.List<string>();
        do
        {
            while (reader.Read())
            {
                values.Add(reader.GetString(0));
            }
        }
        while (reader.NextResult());

        return [.. values];
    }

    private void Sql(string database, string sql) => PgTestServer.Sql(_admin, database, sql);
}
