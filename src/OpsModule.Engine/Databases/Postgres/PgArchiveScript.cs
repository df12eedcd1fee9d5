using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>
/// The database-level entries of a pg_dump custom archive (its CREATE DATABASE with encoding and locale, owner,
/// settings, comment and ACL), read from <c>pg_restore --create --schema-only</c>'s script. Custom archives always
/// carry them; pg_restore applies them only with --create, which would restore under the source's own name, so
/// OpsModule applies them itself to the sibling it restores into.
/// </summary>
internal sealed partial class PgArchiveScript
{
    private PgArchiveScript()
    {
    }

    /// <summary>The source database's name as the archive quotes it (e.g. <c>app</c> or <c>"my app"</c>).</summary>
    internal string? QuotedName { get; private set; }

    internal string? CreateSql { get; private set; }

    internal string? OwnerSql { get; private set; }

    internal List<string> PropertiesSql { get; } = [];

    internal string? CommentSql { get; private set; }

    internal List<string> AclSql { get; } = [];

    internal static PgArchiveScript Parse(string script)
    {
        var result = new PgArchiveScript();
        string? type = null;
        string? name = null;
        var body = new StringBuilder();
        using var reader = new StringReader(script);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            Match header = Header().Match(line);
            if (header.Success)
            {
                result.Take(type, name, body.ToString());
                type = header.Groups["type"].Value;
                name = header.Groups["name"].Value;
                body.Clear();
                continue;
            }

            if (type is null || line.Length == 0 || line == "--" || line.StartsWith('\\') || line.StartsWith("SET ", StringComparison.Ordinal) ||
                line.StartsWith("SELECT pg_catalog.set_config", StringComparison.Ordinal))
            {
                continue;
            }

            body.Append(line).Append('\n');
        }

        result.Take(type, name, body.ToString());
        return result;
    }

    /// <summary>Rewrites one statement to act on <paramref name="database"/> instead of the source database.</summary>
    internal string For(string sql, string database)
    {
        if (QuotedName is null)
        {
            return sql;
        }

        string target = PgCatalog.Quote(database);
        var pattern = new Regex("\\bDATABASE " + Regex.Escape(QuotedName) + "(?=[\\s;])", RegexOptions.CultureInvariant);
        return pattern.Replace(sql, "DATABASE " + target, 1);
    }

    private static List<string> Statements(string body)
    {
        var list = new List<string>();
        foreach (string line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            list.Add(line);
        }

        return list;
    }

    private void Take(string? type, string? name, string body)
    {
        if (type is null || body.Length == 0)
        {
            return;
        }

        bool onDatabase = name is not null && name.StartsWith("DATABASE ", StringComparison.Ordinal);
        switch (type)
        {
            case "DATABASE":
                foreach (string statement in Statements(body))
                {
                    Match create = Create().Match(statement);
                    if (create.Success)
                    {
                        QuotedName = create.Groups["name"].Value;
                        CreateSql = statement;
                    }
                    else if (statement.StartsWith("ALTER DATABASE ", StringComparison.Ordinal) && statement.Contains(" OWNER TO ", StringComparison.Ordinal))
                    {
                        OwnerSql = statement;
                    }
                }

                break;
            case "DATABASE PROPERTIES":
                PropertiesSql.AddRange(Statements(body));
                break;
            case "COMMENT" when onDatabase:
                CommentSql = body.TrimEnd('\n');
                break;
            case "ACL" when onDatabase:
                AclSql.AddRange(Statements(body));
                break;
        }
    }

    [GeneratedRegex(@"^-- (?:Data for )?Name: (?<name>.*); Type: (?<type>[^;]*); Schema: [^;]*; Owner: .*$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^CREATE DATABASE (?<name>""(?:[^""]|"""")*""|\S+) WITH ")]
    private static partial Regex Create();
}
