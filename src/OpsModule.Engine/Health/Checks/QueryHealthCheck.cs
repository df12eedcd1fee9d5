using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpsModule.Engine.Common;
using OpsModule.Engine.Maintenance;

namespace OpsModule.Engine.Health.Checks;

/// <summary>
/// Query: a SQL query on SQLite (Path) or PostgreSQL (ConnectionString), run in a read-only transaction, whose first
/// column of the first row is a number (Value thresholds) or a timestamp (Age thresholds: "price data fresher than
/// 24 h"). A number with only Age thresholds is read as Unix seconds, or milliseconds above 10^11.
/// </summary>
internal sealed class QueryHealthCheck : IHealthCheck
{
    private readonly string _query;
    private readonly string? _sqlitePath;
    private readonly NpgsqlConnectionStringBuilder? _postgres;
    private readonly string? _password;
    private readonly Threshold _value;
    private readonly Threshold _age;

    /// <summary>9999-12-31T23:59:59.999Z in Unix milliseconds, the last time a number can stand for.</summary>
    private const double MaxUnixMilliseconds = 253_402_300_799_999;

    internal QueryHealthCheck(HealthOptions options)
    {
        _query = options.RequiredString("Query", "Query");
        _sqlitePath = options.String("Path");
        string? connectionString = options.String("ConnectionString");
        if ((_sqlitePath is null) == (connectionString is null))
        {
            throw new HealthDefinitionException("A Query check needs either Path (a SQLite database) or ConnectionString (PostgreSQL).");
        }

        if (connectionString is not null)
        {
            _password = options.String("Password");
            _postgres = PostgresHealthCheck.Connection(connectionString, options.String("Username"), _password);
            _password ??= _postgres.Password;
        }

        // A connection string ends with a ';' before the query, so that masking a message that quotes the target again keeps
        // the query and what follows ("Password=***: select" would be read as the password: helper-123).
        Target = _sqlitePath is not null ? _sqlitePath + ": " + _query : Databases.Postgres.PgConnectionInfo.Shown(connectionString!).TrimEnd(';') + "; query: " + _query;
        double? warning = options.Double("ValueWarning");
        double? critical = options.Double("ValueCritical");
        bool lowerIsWorse = options.Switch("LowerIsWorse") || (warning is not null && critical is not null && critical < warning);
        _value = Threshold.Create("value", warning, critical, lowerIsWorse, Threshold.FormatNumber, "ValueWarning", "ValueCritical");
        _age = Threshold.Duration(options, "Age", "age of the value");
    }

    public string Kind => "Query";

    public string Target { get; }

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        object? value;
        try
        {
            value = _sqlitePath is not null ? await QuerySqliteAsync(cancellationToken).ConfigureAwait(false) : await QueryPostgresAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            // As the Sqlite check says it (helper-106: the query's check showed SQLite's own "SQLite Error 5: 'database is locked'").
            return CheckOutcome.Failed($"the query failed: the database '{_sqlitePath}' is locked {SqliteHealthCheck.LockedBy(_sqlitePath!)}, so it could not be read in time. A long transaction blocks the application too; WAL mode lets readers go on.");
        }
        catch (SqliteException ex)
        {
            return CheckOutcome.Failed($"the query failed: {OpsModule.Engine.Databases.Sqlite.SqliteFile.Describe(ex)}");
        }
        catch (PostgresException ex) when (PostgresHealthCheck.RefusedTheCheck(ex))
        {
            return PostgresHealthCheck.CouldNotRun(ex, $"PostgreSQL at {_postgres!.Host}:{_postgres.Port}", _password);
        }
        catch (PostgresException ex)
        {
            return CheckOutcome.Failed($"the query failed: {ex.MessageText}");
        }
        catch (NpgsqlException ex)
        {
            return CheckOutcome.Failed($"cannot run the query on PostgreSQL at {_postgres!.Host}:{_postgres.Port}: {Redaction.Secret(ex.Message, _password)}");
        }

        var outcome = new CheckOutcome { ResponseTime = clock.Elapsed };
        outcome.Data["Value"] = value;
        if (value is null)
        {
            outcome.Report(HealthStatus.Unhealthy, "the query returned no value");
            return outcome;
        }

        DateTime? timestamp = AsTimestamp(value);
        if (timestamp is DateTime when)
        {
            TimeSpan age = DateTime.UtcNow - when;
            outcome.Data["Timestamp"] = when;
            outcome.Measure("Age", age, age.TotalSeconds, _age);
            // A time in the future proves nothing about freshness, as for backups: Degraded, saying so (helper-118: it was Healthy,
            // "0 ms old"). A time without a zone is read as UTC: one written in local time east of UTC is ahead, and its age
            // cannot be judged (helper-122, helper-123: a tolerance of 14 h would take a stale value for a fresh one); the
            // message says to return the value with its zone.
            if (_age.IsSet && -age > BackupFreshnessCheck.FutureTolerance)
            {
                outcome.Report(HealthStatus.Degraded, IsZoneless(value)
                    ? $"the value is {Threshold.FormatSeconds(-age.TotalSeconds)} in the future ({when:u}): it has no zone and is read as UTC; if it is local time, return it with its zone or as UTC (or check the clocks)"
                    : $"the value is {Threshold.FormatSeconds(-age.TotalSeconds)} in the future ({when:u}): check the clocks of the host that wrote it and of this one");
            }

            outcome.Summary = $"the value is {Threshold.FormatSeconds(Math.Max(0, age.TotalSeconds))} old ({when:u})";
            return outcome;
        }

        if (_age.IsSet && !_value.IsSet && TryNumber(value, out double notTime))
        {
            outcome.Report(HealthStatus.Unhealthy, $"the query returned {notTime.ToString(CultureInfo.InvariantCulture)}, which is not a time (a number is read as Unix seconds, or milliseconds above 100000000000, from 1970 to the year 9999)");
            return outcome;
        }

        if (!TryNumber(value, out double number))
        {
            if (double.IsNaN(number) || double.IsInfinity(number))
            {
                // NaN compares false with every threshold and Infinity is no measurement either: never Healthy.
                outcome.Report(HealthStatus.Unhealthy, $"the query returned {Threshold.FormatNumber(number)}, not a finite number");
                return outcome;
            }


            outcome.Report(HealthStatus.Unhealthy, $"the query returned '{value}', neither a number nor a timestamp");
            return outcome;
        }

        outcome.Measure("Number", number, number, _value);
        outcome.Summary = $"the query returned {Threshold.FormatNumber(number)}";
        return outcome;
    }

    /// <summary>True for a time without a zone (a SQLite text stamp, PostgreSQL's timestamp without time zone), read as UTC.</summary>
    private static bool IsZoneless(object value) => value switch
    {
        DateTime dateTime => dateTime.Kind == DateTimeKind.Unspecified,
        string text => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime parsed) && parsed.Kind == DateTimeKind.Unspecified,
        _ => false,
    };

    private DateTime? AsTimestamp(object value)
    {
        switch (value)
        {
            case DateTime dateTime:
                return dateTime.Kind == DateTimeKind.Local ? dateTime.ToUniversalTime() : DateTime.SpecifyKind(dateTime, DateTimeKind.Utc);
            case DateTimeOffset offset:
                return offset.UtcDateTime;
            case string text when !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime parsed):
                return parsed;
            default:
                // As Remove-DatabaseRecord reads a number column: Unix seconds, or milliseconds above 10^11 (the year 5138 in seconds).
                if (_age.IsSet && !_value.IsSet && TryNumber(value, out double unix) && unix is >= 0 and <= MaxUnixMilliseconds)
                {
                    return TimeColumn.FromUnix(unix);
                }

                return null;
        }
    }

    /// <summary>A finite number; NaN and Infinity (SQLite text 'NaN', PostgreSQL float8 'NaN') are refused but kept in <paramref name="number"/>.</summary>
    private static bool TryNumber(object value, out double number)
    {
        switch (value)
        {
            case string text:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
            case IConvertible convertible when value is not bool:
                number = convertible.ToDouble(CultureInfo.InvariantCulture);
                return double.IsFinite(number);
            default:
                number = 0;
                return false;
        }
    }

    private async Task<object?> QuerySqliteAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_sqlitePath))
        {
            throw new SqliteException($"the database '{_sqlitePath}' does not exist", 14);
        }

        using var connection = new SqliteConnection(SqliteHealthCheck.ReadOnly(_sqlitePath!));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using (SqliteCommand pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA query_only = ON";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _query;
        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        transaction.Rollback();
        return value is DBNull ? null : value;
    }

    private async Task<object?> QueryPostgresAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_postgres!.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
                {
                    await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var command = new NpgsqlCommand(_query, connection, transaction);
                object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return value is DBNull ? null : value;
            }
        }
    }
}
