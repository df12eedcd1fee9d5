using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// Proves that a rebuilt database (VACUUM INTO) keeps every row where it was: every rowid table, full-text shadow
/// tables and sqlite_sequence included, must hold the same rowids with the same values, compared row by row in
/// rowid order. Full-text indexes with external content, and applications, refer to rows by rowid; a rebuild that
/// renumbered a table without an INTEGER PRIMARY KEY would leave them pointing at the wrong rows while every count
/// and check still passed. WITHOUT ROWID tables have no rowids to move.
/// </summary>
internal static class SqliteRowComparison
{
    private const int RowsBetweenCancellationChecks = 4096;

    /// <summary>Names SQLite accepts for the rowid, unless a column has taken the name.</summary>
    private static readonly string[] RowidNames = ["rowid", "_rowid_", "oid"];

    /// <summary>
    /// Null when <paramref name="after"/> holds the same rowid tables as <paramref name="before"/>, with the same rows at
    /// the same rowids; else the first difference. <paramref name="tables"/> and <paramref name="rows"/> say how much was compared.
    /// </summary>
    internal static string? FirstDifference(SqliteConnection before, SqliteConnection after, out int tables, out long rows, CancellationToken cancellationToken)
    {
        List<string> names = RowidTables(before);
        List<string> rebuilt = RowidTables(after);
        tables = names.Count;
        rows = 0;
        if (!names.SequenceEqual(rebuilt, StringComparer.Ordinal))
        {
            return $"the rowid tables differ ({string.Join(", ", names)} before, {string.Join(", ", rebuilt)} after)";
        }

        foreach (string table in names)
        {
            string? difference = FirstDifference(before, after, table, ref rows, cancellationToken);
            if (difference is not null)
            {
                return difference;
            }
        }

        return null;
    }

    /// <summary>Ordinary and shadow tables that have a rowid (no virtual tables, no WITHOUT ROWID tables), by name.</summary>
    private static List<string> RowidTables(SqliteConnection connection)
    {
        var tables = new List<string>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText =
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'shadow') AND wr = 0 " +
            "AND name NOT IN ('sqlite_schema', 'sqlite_master') ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static string? FirstDifference(SqliteConnection before, SqliteConnection after, string table, ref long compared, CancellationToken cancellationToken)
    {
        string? rowid = RowidName(before, table);
        if (rowid is null)
        {
            return $"'{table}' has columns named rowid, _rowid_ and oid, so its rowids cannot be read to compare";
        }

        string sql = $"SELECT {rowid}, * FROM {SqliteFile.QuoteIdentifier(table)} ORDER BY {rowid}";
        using SqliteCommand first = before.CreateCommand();
        using SqliteCommand second = after.CreateCommand();
        first.CommandText = sql;
        second.CommandText = sql;
        using SqliteDataReader a = first.ExecuteReader();
        using SqliteDataReader b = second.ExecuteReader();
        for (long row = 1; ; row++)
        {
            bool hasA = a.Read();
            bool hasB = b.Read();
            if (!hasA || !hasB)
            {
                return hasA == hasB ? null : string.Format(CultureInfo.InvariantCulture, "'{0}' has {1} rows after the rebuild", table, hasA ? "fewer" : "more");
            }

            compared++;
            if (row % RowsBetweenCancellationChecks == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            long was = a.GetInt64(0);
            long now = b.GetInt64(0);
            if (was != now)
            {
                return string.Format(CultureInfo.InvariantCulture, "row {0:N0} of '{1}' had rowid {2} and has rowid {3} after the rebuild", row, table, was, now);
            }

            if (!SameValues(a, b))
            {
                return string.Format(CultureInfo.InvariantCulture, "rowid {0} of '{1}' holds other values after the rebuild", was, table);
            }
        }
    }

    private static bool SameValues(SqliteDataReader a, SqliteDataReader b)
    {
        if (a.FieldCount != b.FieldCount)
        {
            return false;
        }

        for (int i = 1; i < a.FieldCount; i++)
        {
            if (!SameValue(a.GetValue(i), b.GetValue(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first of rowid, _rowid_ and oid that no column of the table is named (SQLite's names for the rowid).</summary>
    private static string? RowidName(SqliteConnection connection, string table)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_xinfo($table)";
        command.Parameters.AddWithValue("$table", table);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return RowidNames.FirstOrDefault(name => !columns.Contains(name));
    }

    /// <summary>Same storage class and value: bytes for bytes, doubles bit for bit, text ordinally.</summary>
    private static bool SameValue(object a, object b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        _ => a.GetType() == b.GetType() && a.Equals(b),
    };
}
