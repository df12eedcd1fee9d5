using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>The catalog queries the PostgreSQL engine needs: tables and their exact counts, roles, databases.</summary>
internal static class PgCatalog
{
    /// <summary>
    /// The tables whose rows pg_dump copies: ordinary tables and leaf partitions outside the system schemas that
    /// no extension owns (counted with ONLY, as pg_dump's COPY reads them).
    /// </summary>
    private const string TablesSql = """
        SELECT n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND c.relpersistence <> 't'
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1, 2
        """;

    /// <summary>Every role the database's objects name (owners, grantees, per-role settings), which must exist where it is restored.</summary>
    private const string RolesSql = """
        WITH objs AS (
          SELECT c.relowner AS owner, c.relacl AS acl FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
          UNION ALL SELECT n.nspowner, n.nspacl FROM pg_namespace n
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
          UNION ALL SELECT p.proowner, p.proacl FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
          UNION ALL SELECT t.typowner, t.typacl FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
          UNION ALL SELECT d.datdba, d.datacl FROM pg_database d WHERE d.datname = current_database()
        ), ids AS (
          SELECT owner AS id FROM objs
          UNION SELECT (aclexplode(acl)).grantee FROM objs WHERE acl IS NOT NULL
          UNION SELECT s.setrole FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()
        )
        SELECT r.rolname FROM pg_roles r JOIN ids ON ids.id = r.oid WHERE r.rolname NOT LIKE 'pg\_%' ORDER BY 1
        """;

    /// <summary>
    /// A table's key in row counts and manifests: <c>schema.table</c> as written for ordinary names (what every manifest
    /// has always held), with a name that holds '.' or '"' in SQL's double quotes ('"' doubled inside), so that
    /// <c>"a.b".c</c> and <c>a."b.c"</c> are two keys, not one <c>a.b.c</c> that hides one of the tables.
    /// </summary>
    internal static string TableKey(string schema, string table) => KeyPart(schema) + "." + KeyPart(table);

    /// <summary>
    /// The counts keyed as <paramref name="manifest"/> keys them. Manifests written before table keys were quoted hold
    /// <c>schema.table</c> unquoted for every name: a table whose quoted key the manifest lacks but whose unquoted one it
    /// has is compared under that key. Where two tables shared that old key (the manifest kept one count for both), the
    /// one whose count matches is compared and the other cannot be.
    /// </summary>
    internal static Dictionary<string, long> AlignToManifest(IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, long> manifest)
    {
        var aligned = new Dictionary<string, long>(StringComparer.Ordinal);
        var legacy = new List<(string Legacy, long Count)>();
        foreach ((string key, long count) in counts)
        {
            string? old = manifest.ContainsKey(key) ? null : UnquotedKey(key);
            if (old is not null && old != key && manifest.ContainsKey(old) && !counts.ContainsKey(old))
            {
                legacy.Add((old, count));
            }
            else
            {
                aligned[key] = count;
            }
        }

        foreach (IGrouping<string, (string Legacy, long Count)> shared in legacy.GroupBy(l => l.Legacy, StringComparer.Ordinal))
        {
            long wanted = manifest[shared.Key];
            aligned[shared.Key] = shared.Any(l => l.Count == wanted) ? wanted : shared.First().Count;
        }

        return aligned;
    }

    /// <summary>A <see cref="TableKey"/> with its quoting removed (the key manifests held before), or null when it is no such key.</summary>
    private static string? UnquotedKey(string key)
    {
        var parts = new List<string>(2);
        int i = 0;
        while (i <= key.Length)
        {
            var part = new StringBuilder();
            if (i < key.Length && key[i] == '"')
            {
                for (i++; ; i++)
                {
                    if (i >= key.Length)
                    {
                        return null;
                    }

                    if (key[i] == '"')
                    {
                        if (i + 1 < key.Length && key[i + 1] == '"')
                        {
                            part.Append('"');
                            i++;
                            continue;
                        }

                        i++;
                        break;
                    }

                    part.Append(key[i]);
                }
            }
            else
            {
                int end = key.IndexOf('.', i);
                end = end < 0 ? key.Length : end;
                part.Append(key, i, end - i);
                i = end;
            }

            parts.Add(part.ToString());
            if (i == key.Length)
            {
                break;
            }

            if (key[i] != '.')
            {
                return null;
            }

            i++;
        }

        return parts.Count == 2 ? parts[0] + "." + parts[1] : null;
    }

    /// <summary>An identifier quoted for SQL.</summary>
    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>An identifier as a user would write it: as it is when PostgreSQL reads it so unquoted, else quoted.</summary>
    internal static string QuoteIfNeeded(string identifier) =>
        identifier.Length > 0 && (identifier[0] is (>= 'a' and <= 'z') or '_') && identifier.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '$')
            ? identifier
            : Quote(identifier);

    private static string KeyPart(string name) => name.AsSpan().IndexOfAny('.', '"') >= 0 ? Quote(name) : name;

    /// <summary>A string literal for SQL (standard_conforming_strings on).</summary>
    internal static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return (T)value!;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<List<string>> StringsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var result = new List<string>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>Exact row counts (keyed by <see cref="TableKey"/>) in the connection's current snapshot.</summary>
    internal static async Task<Dictionary<string, long>> CountRowsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Schema, string Table)>();
        await using (var command = new NpgsqlCommand(TablesSql, connection))
        {
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string schema, string table) in tables)
        {
            counts[TableKey(schema, table)] = await ScalarAsync<long>(connection, $"SELECT count(*) FROM ONLY {Quote(schema)}.{Quote(table)}", cancellationToken).ConfigureAwait(false);
        }

        return counts;
    }

    /// <summary>
    /// Exact row counts (keyed by <see cref="TableKey"/>) that no row-level security policy filters, for a copy this run
    /// restored (a DR scratch database, a restore's sibling before the swap): never for a source. The session runs with
    /// <c>row_security = off</c>, as pg_dump does, so a policy that would still apply raises an error instead of hiding
    /// rows. Where FORCE ROW LEVEL SECURITY applies the policies to this login as the table's owner (a --no-owner restore
    /// makes the restoring login the owner), the table is counted in a transaction that runs
    /// <c>ALTER TABLE ... NO FORCE ROW LEVEL SECURITY</c> and is rolled back, so nothing changes. A table whose policies
    /// apply to this login as a non-owner (no SUPERUSER, no BYPASSRLS) cannot be counted: it is in
    /// <see cref="PgRowCounts.Hidden"/>, not in the counts.
    /// </summary>
    internal static async Task<PgRowCounts> CountRestoredRowsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        List<PgRelation> tables = await RestoredRelationsAsync(connection, "c.relkind = 'r'", cancellationToken).ConfigureAwait(false);
        var result = new PgRowCounts { Login = await ScalarAsync<string>(connection, "SELECT current_user::text", cancellationToken).ConfigureAwait(false) };
        foreach (PgRelation table in tables)
        {
            string key = TableKey(table.Schema, table.Name);
            if (table.RowSecurity == PgRowSecurity.Applies)
            {
                result.Hidden.Add(key);
                continue;
            }

            try
            {
                result.Counts[key] = await WithoutRowSecurityAsync(
                    connection,
                    table,
                    () => ScalarAsync<long>(connection, "SELECT count(*) FROM ONLY " + table.Quoted, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && table.RowSecurity != PgRowSecurity.None)
            {
                // row_security = off: a policy that still applies is an error, never a smaller count.
                result.Hidden.Add(key);
            }
        }

        return result;
    }

    /// <summary>
    /// The user relations of a restored copy that <paramref name="filter"/> (over pg_class c) selects, with whether
    /// row-level security applies to this login on each. Sets <c>row_security = off</c> for the session.
    /// </summary>
    internal static async Task<List<PgRelation>> RestoredRelationsAsync(NpgsqlConnection connection, string filter, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "SET row_security = off", cancellationToken).ConfigureAwait(false);
        string sql = $"""
            SELECT n.nspname, c.relname, c.relkind::text, c.relispopulated,
                   row_security_active(c.oid), c.relforcerowsecurity AND pg_has_role(c.relowner, 'USAGE')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {filter} AND c.relpersistence <> 't'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY 1, 2
            """;
        var relations = new List<PgRelation>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            PgRowSecurity security = !reader.GetBoolean(4) ? PgRowSecurity.None : reader.GetBoolean(5) ? PgRowSecurity.ForcedOnOwner : PgRowSecurity.Applies;
            relations.Add(new PgRelation(reader.GetString(0), reader.GetString(1), reader.GetString(2)[0], reader.GetBoolean(3), security));
        }

        return relations;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on <paramref name="table"/> with no policy in the way: as it is, or, where FORCE ROW
    /// LEVEL SECURITY applies to this login as the owner, inside a transaction that lifts the FORCE and is rolled back.
    /// </summary>
    internal static async Task<T> WithoutRowSecurityAsync<T>(NpgsqlConnection connection, PgRelation table, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        if (table.RowSecurity != PgRowSecurity.ForcedOnOwner)
        {
            return await read().ConfigureAwait(false);
        }

        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "ALTER TABLE ONLY " + table.Quoted + " NO FORCE ROW LEVEL SECURITY", cancellationToken).ConfigureAwait(false);
        T value = await read().ConfigureAwait(false);
        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        return value;
    }

    internal static Task<List<string>> RolesAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        StringsAsync(connection, RolesSql, cancellationToken);

    /// <summary>The server's version as it reports it (e.g. <c>15.18 (Debian 15.18-0+deb12u1)</c>).</summary>
    internal static Task<string> ServerVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ScalarAsync<string>(connection, "SHOW server_version", cancellationToken);

    /// <summary>
    /// The server's non-template databases that accept connections and match <paramref name="patterns"/>
    /// (<c>*</c> and <c>?</c> wildcards), each once, in name order.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> MatchDatabasesAsync(PgConnectionInfo connection, IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        List<string> all;
        await using (NpgsqlConnection open = await connection.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            all = await StringsAsync(open, "SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname", cancellationToken).ConfigureAwait(false);
        }

        var result = new List<string>();
        foreach (string pattern in patterns)
        {
            var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
            List<string> matches = all.Where(name => regex.IsMatch(name)).ToList();
            if (matches.Count == 0)
            {
                throw new OpsException(
                    ErrorIds.SourceNotFound,
                    OpsErrorCategory.ObjectNotFound,
                    pattern,
                    $"No database on {connection.ServerKey} matches '{pattern}' (templates and databases that refuse connections are never backed up).");
            }

            result.AddRange(matches.Where(name => !result.Contains(name, StringComparer.Ordinal)));
        }

        return result;
    }
}

/// <summary>Whether row-level security filters what this login reads from a table.</summary>
internal enum PgRowSecurity
{
    /// <summary>No policy applies (no RLS, or this login is a superuser, has BYPASSRLS, or owns the table without FORCE).</summary>
    None,

    /// <summary>FORCE ROW LEVEL SECURITY applies the policies to this login as the table's owner: it can lift that for itself.</summary>
    ForcedOnOwner,

    /// <summary>The policies apply to this login, which does not own the table and has neither SUPERUSER nor BYPASSRLS.</summary>
    Applies,
}

/// <summary>A table or materialized view of a restored copy.</summary>
internal sealed record PgRelation(string Schema, string Name, char Kind, bool Populated, PgRowSecurity RowSecurity)
{
    /// <summary>schema.name quoted for SQL.</summary>
    public string Quoted => PgCatalog.Quote(Schema) + "." + PgCatalog.Quote(Name);

    /// <summary>As a table key (<see cref="PgCatalog.TableKey"/>), for messages.</summary>
    public string Key => PgCatalog.TableKey(Schema, Name);
}

/// <summary>The row counts of a restored copy, and the tables row-level security kept this login from counting.</summary>
internal sealed class PgRowCounts
{
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>The login that counted (current_user).</summary>
    public string Login { get; init; } = string.Empty;

    public List<string> Hidden { get; } = [];

    /// <summary>Why <see cref="Hidden"/> could not be counted and what to do; null when every table was counted.</summary>
    public string? HiddenReason => Hidden.Count == 0
        ? null
        : $"row-level security applies to the login '{Login}' on {string.Join(", ", Hidden)} (it does not own {(Hidden.Count == 1 ? "that table" : "those tables")} and has neither SUPERUSER nor BYPASSRLS), so a count would see only the rows the policies let it see";
}
