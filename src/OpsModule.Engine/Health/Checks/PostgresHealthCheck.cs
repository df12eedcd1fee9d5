using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Postgres;

namespace OpsModule.Engine.Health.Checks;

/// <summary>
/// PostgreSQL: connect + <c>select 1</c> latency, server version, connections used vs max_connections, the longest
/// running transaction, and on a replica the replication lag; each measured value with its own thresholds.
/// </summary>
internal sealed class PostgresHealthCheck : IHealthCheck
{
    private readonly NpgsqlConnectionStringBuilder _connection;
    private readonly string? _password;
    private readonly Threshold _responseTime;
    private readonly Threshold _connections;
    private readonly Threshold _transactionAge;
    private readonly Threshold _replicationLag;

    internal PostgresHealthCheck(HealthOptions options)
    {
        string connectionString = options.Target("ConnectionString", "Postgres");
        _password = options.String("Password");
        _connection = Connection(connectionString, options.String("Username"), _password);
        _password ??= _connection.Password;
        Target = PgConnectionInfo.Shown(connectionString);
        _responseTime = Threshold.Duration(options, "ResponseTime", "connect + select 1 time");
        _connections = Threshold.Number(options, "ConnectionsPercent", "connections used", lowerIsWorse: false, 80, 90, v => v.ToString("0.#", CultureInfo.InvariantCulture) + " % of max_connections");
        _transactionAge = Threshold.Duration(options, "TransactionAge", "longest transaction");
        _replicationLag = Threshold.Duration(options, "ReplicationLag", "replication lag");
    }

    public string Kind => "Postgres";

    public string Target { get; }

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        var connection = new NpgsqlConnection(_connection.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ScalarAsync(connection, "select 1", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (RefusedTheCheck(ex))
            {
                return CouldNotRun(ex, $"PostgreSQL at {_connection.Host}:{_connection.Port}", _password);
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                // Redacted as a whole: libpq's space-separated form ("host=db port=5432 password=...") is one host to Npgsql,
                // so the host itself may hold the password (helper-109).
                return CheckOutcome.Failed(Redaction.Redact($"cannot connect to PostgreSQL at {_connection.Host}:{_connection.Port}: {Redaction.Secret(ex.Message, _password)}"));
            }

            TimeSpan elapsed = clock.Elapsed;
            var outcome = new CheckOutcome { ResponseTime = elapsed };
            outcome.Measure("ResponseTimeMs", Math.Round(elapsed.TotalMilliseconds, 1), elapsed.TotalSeconds, _responseTime);
            outcome.Data["Version"] = connection.PostgreSqlVersion.ToString();
            outcome.Data["ServerVersion"] = connection.ServerVersion;

            long used = Convert.ToInt64(await ScalarAsync(connection, "select count(*) from pg_stat_activity where backend_type = 'client backend'", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            long max = Convert.ToInt64(await ScalarAsync(connection, "select current_setting('max_connections')::bigint", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            double percent = max > 0 ? Math.Round(100.0 * used / max, 1) : 0;
            outcome.Data["Connections"] = used;
            outcome.Data["MaxConnections"] = max;
            outcome.Measure("ConnectionsPercent", percent, percent, _connections);

            double longest = Convert.ToDouble(await ScalarAsync(connection, "select coalesce(max(extract(epoch from clock_timestamp() - xact_start)), 0)::float8 from pg_stat_activity where xact_start is not null and pid <> pg_backend_pid()", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            outcome.Measure("LongestTransaction", TimeSpan.FromSeconds(longest), longest, _transactionAge);

            bool replica = (bool)(await ScalarAsync(connection, "select pg_is_in_recovery()", cancellationToken).ConfigureAwait(false))!;
            outcome.Data["IsReplica"] = replica;
            if (replica)
            {
                object? lag = await ScalarAsync(connection, "select extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())::float8", cancellationToken).ConfigureAwait(false);
                if (lag is double seconds)
                {
                    outcome.Measure("ReplicationLag", TimeSpan.FromSeconds(seconds), seconds, _replicationLag);
                }
                else if (_replicationLag.IsSet)
                {
                    outcome.Report(HealthStatus.Unhealthy, "the replica has not replayed any transaction yet");
                }
            }

            outcome.Summary = $"PostgreSQL {connection.PostgreSqlVersion} answered in {Threshold.FormatSeconds(elapsed.TotalSeconds)}, {used} of {max} connections used{(replica ? ", replica" : string.Empty)}";
            return outcome;
        }
    }

    /// <summary>A check's PostgreSQL connection (keyword form or a postgres:// URI, read by <see cref="PgConnectionInfo"/>); an unreadable one is a definition error.</summary>
    internal static NpgsqlConnectionStringBuilder Connection(string connectionString, string? username, string? password)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = PgConnectionInfo.Read(connectionString, username, password);
        }
        catch (Exception ex) when (PgConnectionInfo.IsUnreadable(ex))
        {
            throw new HealthDefinitionException($"'{PgConnectionInfo.Shown(connectionString)}' is not a PostgreSQL connection string: {PgConnectionInfo.Reason(connectionString, ex)}. Use the keyword form '{PgKeywordForm.Example}' (the password with -Credential) or a URI 'postgres://user@host:5432/database'.");
        }

        builder.ApplicationName ??= "OpsModule Get-ServiceHealth";
        return builder;
    }

    /// <summary>
    /// True when the server answered but refused the check's own login or privileges: a wrong password (28P01), a login
    /// pg_hba.conf or the role refuses (28000), no permission (42501). The check could not run, so the server's health is
    /// Unknown; a server that cannot be reached, times out or fails otherwise is Unhealthy.
    /// </summary>
    internal static bool RefusedTheCheck(PostgresException ex) => ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification or PostgresErrorCodes.InsufficientPrivilege;

    /// <summary>The Unknown outcome for <paramref name="ex"/> (see <see cref="RefusedTheCheck"/>), its SQLSTATE in Data.</summary>
    internal static CheckOutcome CouldNotRun(PostgresException ex, string server, string? password)
    {
        CheckOutcome outcome = CheckOutcome.Failed(
            $"the check could not run: {server} refused its login or privileges ({ex.SqlState}: {Redaction.Secret(ex.MessageText, password)}); check the check's user name, password and grants",
            HealthStatus.Unknown);
        outcome.Data["SqlState"] = ex.SqlState;
        return outcome;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
