using System;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace OpsModule.Services.Tests;

public class PostgresServiceTests
{
    [SkippableFact]
    public async Task Cluster_answers_as_PostgreSQL_15()
    {
        string? connectionString = Environment.GetEnvironmentVariable("OPS_TEST_PG");
        Skip.If(string.IsNullOrEmpty(connectionString), "OPS_TEST_PG is not set");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select version()", connection);
        string? version = (string?)await command.ExecuteScalarAsync();

        Assert.Contains("PostgreSQL 15", version, StringComparison.Ordinal);
    }
}
