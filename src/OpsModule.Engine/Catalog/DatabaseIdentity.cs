using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Catalog;

/// <summary>
/// Which database a backup is of, for retention and "the newest backup of each database": its engine, name and source,
/// with the source's spellings of one database made equal. A SQLite file is its real path (a symlinked folder, a
/// relative path and the same file agree, when the file is there to resolve); a PostgreSQL database is its host, port
/// and name without the login (a backup as another role is of the same database), loopback names being one host. A
/// SQLite file and a PostgreSQL database on loopback are also the machine's that took the backup (the manifest's host):
/// two machines backing up their own /srv/app.db, or their own local PostgreSQL's app, to one location have two databases.
/// </summary>
internal static class DatabaseIdentity
{
    /// <summary>
    /// The key backups are grouped by; backups without a recorded source join the one source their name has, if one, and
    /// backups of a machine's own database without a recorded host join the one host that source has, if one.
    /// </summary>
    internal static Dictionary<T, string> Keys<T>(IEnumerable<T> backups, Func<T, (string Location, string Engine, string Database, string Source, string Host)> parts)
        where T : notnull
    {
        var keys = new Dictionary<T, string>();
        var items = backups.Select(b => (Backup: b, Parts: parts(b))).ToList();
        foreach (var group in items.GroupBy(i => (i.Parts.Location, Engine: i.Parts.Engine.ToLowerInvariant(), i.Parts.Database)))
        {
            var sources = group.Select(i => (i.Backup, Source: Source(group.Key.Engine, i.Parts.Source), Host: (i.Parts.Host ?? string.Empty).ToLowerInvariant())).ToList();
            string[] known = sources.Select(s => s.Source).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            var resolved = sources.Select(s => (s.Backup, Source: s.Source.Length == 0 && known.Length == 1 ? known[0] : s.Source, s.Host)).ToList();
            foreach (var bySource in resolved.GroupBy(s => s.Source, StringComparer.Ordinal))
            {
                bool local = IsMachineLocal(group.Key.Engine, bySource.Key);
                string[] hosts = local ? bySource.Select(s => s.Host).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToArray() : [];
                foreach ((T backup, string source, string host) in bySource)
                {
                    string machine = !local ? string.Empty : host.Length == 0 && hosts.Length == 1 ? hosts[0] : host;
                    keys[backup] = string.Join('\n', group.Key.Location, group.Key.Engine, group.Key.Database, source, machine);
                }
            }
        }

        return keys;
    }

    /// <summary>Whether a normalised source names a database only on the machine it was read on (a file, a loopback server).</summary>
    private static bool IsMachineLocal(string engine, string source) =>
        engine.Equals("sqlite", StringComparison.Ordinal) || source.StartsWith("postgres://loopback:", StringComparison.Ordinal);

    /// <summary>One spelling for every spelling of a database's source.</summary>
    internal static string Source(string engine, string source)
    {
        if (string.IsNullOrEmpty(source))
        {
            return string.Empty;
        }

        if (engine.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) && uri.Scheme is "postgres" or "postgresql")
        {
            string host = uri.Host.Trim('[', ']').ToLowerInvariant();
            if (host is "localhost" or "127.0.0.1" or "::1")
            {
                host = "loopback";
            }

            int port = uri.Port > 0 ? uri.Port : 5432;
            return string.Create(CultureInfo.InvariantCulture, $"postgres://{host}:{port}{uri.AbsolutePath}");
        }

        if (engine.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return File.Exists(source) ? RealPath.Of(source) : Path.GetFullPath(source);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
            {
                return source;
            }
        }

        return source;
    }
}
