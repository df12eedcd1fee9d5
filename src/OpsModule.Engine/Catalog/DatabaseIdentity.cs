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
/// and name without the login (a backup as another role is of the same database), loopback names being one host.
/// </summary>
internal static class DatabaseIdentity
{
    /// <summary>The key backups are grouped by; backups without a recorded source join the one source their name has, if one.</summary>
    internal static Dictionary<T, string> Keys<T>(IEnumerable<T> backups, Func<T, (string Location, string Engine, string Database, string Source)> parts)
        where T : notnull
    {
        var keys = new Dictionary<T, string>();
        var items = backups.Select(b => (Backup: b, Parts: parts(b))).ToList();
        foreach (var group in items.GroupBy(i => (i.Parts.Location, Engine: i.Parts.Engine.ToLowerInvariant(), i.Parts.Database)))
        {
            var sources = group.Select(i => (i.Backup, Source: Source(group.Key.Engine, i.Parts.Source))).ToList();
            string[] known = sources.Select(s => s.Source).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            foreach ((T backup, string source) in sources)
            {
                string identity = source.Length == 0 && known.Length == 1 ? known[0] : source;
                keys[backup] = string.Join('\n', group.Key.Location, group.Key.Engine, group.Key.Database, identity);
            }
        }

        return keys;
    }

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
