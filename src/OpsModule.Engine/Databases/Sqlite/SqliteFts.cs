using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Maintenance;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>Facts about FTS4/FTS5 full-text indexes that maintenance and repair must respect.</summary>
internal static partial class SqliteFts
{
    /// <summary>
    /// The content table of an FTS4/FTS5 index declared with <c>content=...</c> (empty for a contentless one), or null for
    /// an index that keeps its own copy of the text (and for any other virtual table).
    /// </summary>
    internal static string? ExternalContent(string createSql) => Option(createSql, ContentOption());

    /// <summary>
    /// The external-content indexes whose content table's rowids VACUUM may renumber (the table has no INTEGER PRIMARY
    /// KEY for the index to use): after a VACUUM they point at the wrong rows until rebuilt.
    /// </summary>
    internal static List<string> IndexesOverUnstableRowids(SqliteConnection connection)
    {
        var indexes = new List<(string Name, string Content, string RowidColumn)>();
        using (SqliteCommand command = SqliteSession.Command(connection, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                string sql = reader.GetString(1);
                if (ExternalContent(sql) is { Length: > 0 } content)
                {
                    indexes.Add((reader.GetString(0), content, Option(sql, ContentRowidOption()) ?? "rowid"));
                }
            }
        }

        var unstable = new List<string>();
        foreach ((string name, string content, string rowidColumn) in indexes)
        {
            string? alias = IntegerPrimaryKey(connection, content);
            bool stable = alias is not null
                && (string.Equals(rowidColumn, "rowid", StringComparison.OrdinalIgnoreCase) || string.Equals(rowidColumn, alias, StringComparison.OrdinalIgnoreCase));
            if (!stable)
            {
                unstable.Add(name);
            }
        }

        return unstable;
    }

    /// <summary>The table's INTEGER PRIMARY KEY column (an alias of its rowid, which VACUUM keeps), or null.</summary>
    private static string? IntegerPrimaryKey(SqliteConnection connection, string table)
    {
        string? column = null;
        int keys = 0;
        using SqliteCommand command = SqliteSession.Command(connection, "SELECT name, type, pk FROM pragma_table_info($t)");
        command.Parameters.AddWithValue("$t", table);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetInt64(2) > 0)
            {
                keys++;
                column = string.Equals(reader.GetString(1), "INTEGER", StringComparison.OrdinalIgnoreCase) ? reader.GetString(0) : null;
            }
        }

        return keys == 1 ? column : null;
    }

    /// <summary>
    /// True when the lines of a quick_check or integrity_check say the database is sound: "ok", or nothing left once the
    /// lines SQLite writes for a contentless full-text index (<c>content=''</c>) are set aside. SQLite (3.44 and later)
    /// checks FTS indexes against their text, which a contentless index does not keep, so it reports "unable to validate
    /// the inverted index ... SQL logic error" for every such table, damaged or not; that line says nothing about damage.
    /// </summary>
    internal static bool IsSound(SqliteConnection connection, List<string> problems)
    {
        problems.RemoveAll(line => IsUnverifiableContentless(connection, line));
        return problems.Count == 0 || problems is ["ok"];
    }

    private static bool IsUnverifiableContentless(SqliteConnection connection, string line)
    {
        Match match = Unverifiable().Match(line);
        if (!match.Success)
        {
            return false;
        }

        try
        {
            using SqliteCommand command = SqliteSession.Command(connection, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = $n");
            command.Parameters.AddWithValue("$n", match.Groups["table"].Value);
            return command.ExecuteScalar() is string sql && ExternalContent(sql) is { Length: 0 };
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^unable to validate the inverted index for FTS[345] table main\.(?<table>.+): SQL logic error$", RegexOptions.CultureInvariant)]
    private static partial Regex Unverifiable();

    private static string? Option(string createSql, Regex option)
    {
        Match match = option.Match(createSql);
        return match.Success && FtsModule().IsMatch(createSql) ? match.Groups["name"].Value.Replace("''", "'", StringComparison.Ordinal).Replace("\"\"", "\"", StringComparison.Ordinal) : null;
    }

    [GeneratedRegex("""[(,]\s*content\s*=\s*(?:'(?<name>(?:[^']|'')*)'|"(?<name>(?:[^"]|"")*)"|(?<name>[^\s,)]+))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentOption();

    [GeneratedRegex("""[(,]\s*content_rowid\s*=\s*(?:'(?<name>(?:[^']|'')*)'|"(?<name>(?:[^"]|"")*)"|(?<name>[^\s,)]+))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentRowidOption();

    [GeneratedRegex(@"\busing\s+fts[345]\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FtsModule();
}
