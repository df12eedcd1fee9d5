using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OpsModule.Engine.Tests.Support;

/// <summary>Creates real SQLite files with known content and reads them back for comparison.</summary>
public static class SampleDatabase
{
    /// <summary>Creates a database with three tables (one WITHOUT ROWID, one with an awkward name) and an index.</summary>
    public static void Create(string path, int orders, string journalMode = "wal", int payloadBytes = 200)
    {
        using var connection = Open(path);
        Execute(connection, $"PRAGMA journal_mode={journalMode}");
        Execute(connection, """
            CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
            CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL, payload BLOB, note TEXT);
            CREATE INDEX orders_customer ON orders(customer_id);
            CREATE TABLE "odd ""name"" table"(k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;
            """);
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Series(100) + "INSERT INTO customers(name, email) SELECT 'customer ' || value, 'c' || value || '@example.test' FROM series";
            command.ExecuteNonQuery();
            command.CommandText = Series(orders) + $"INSERT INTO orders(customer_id, total, payload, note) SELECT 1 + value % 100, value * 1.25, randomblob({payloadBytes}), 'note ' || value FROM series";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO \"odd \"\"name\"\" table\"(k, v) VALUES ('a', 1), ('b', 2), ('c', NULL)";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>A CTE named series with one column, value, from 1 to <paramref name="count"/>.</summary>
    public static string Series(int count) =>
        $"WITH RECURSIVE series(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM series WHERE value < {count}) ";

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Row count and a SHA-256 of every row's values, per table, in primary-key order.</summary>
    public static Dictionary<string, (long Rows, string Hash)> Fingerprint(string path)
    {
        using var connection = Open(path);
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (string table in tables)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long rows = 0;
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ORDER BY 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows++;
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    object value = reader.GetValue(i);
                    byte[] bytes = value is byte[] blob ? blob : Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) + "\u0001");
                    hash.AppendData(bytes);
                }
            }

            result[table] = (rows, Convert.ToHexString(hash.GetHashAndReset()));
        }

        return result;
    }

    /// <summary>The bytes of a file, read while others may have it open.</summary>
    public static byte[] ReadAllBytesShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
