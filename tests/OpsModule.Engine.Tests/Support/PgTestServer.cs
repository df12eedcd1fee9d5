using Npgsql;
using OpsModule.Engine.Databases.Postgres;

namespace OpsModule.Engine.Tests.Support;

/// <summary>The real PostgreSQL test cluster (OPS_TEST_PG): one database of it by name, for statements and for the engine.</summary>
internal static class PgTestServer
{
    /// <summary>Runs <paramref name="sql"/> in <paramref name="database"/> on the server of the <paramref name="admin"/> connection string.</summary>
    internal static void Sql(string admin, string database, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The PostgreSQL engine for <paramref name="database"/>, with pg_dump/pg_restore from <paramref name="tool"/>'s folder when given.</summary>
    internal static PgDatabaseEngine Engine(string admin, string database, string? tool = null) =>
        new(PgConnectionInfo.Parse(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, null, null), tool);
}
