using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Npgsql;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>
/// Where a PostgreSQL database is and how to log in, from an Npgsql connection string or a
/// <c>postgres://user:password@host:port/db?sslmode=...</c> URI, plus an optional separate credential.
/// The password never leaves this object except into Npgsql and a 0600 passfile for the command-line tools.
/// The one reader of PostgreSQL connection strings: backup, restore, DR tests, maintenance and health checks.
/// </summary>
internal sealed class PgConnectionInfo
{
    /// <summary>A passfile's name in the temp folder, before its in-flight part (<c>opsmodule-pgpass.tmp-&lt;hex&gt;</c>).</summary>
    internal const string PassfileName = "opsmodule-pgpass";

    /// <summary>The passfile name of earlier versions (then 32 hex digits), which held no lock on it.</summary>
    private const string UnlockedPassfilePrefix = "opsmodule-pgpass-";

    /// <summary>
    /// How long nobody must have written to a passfile of an earlier version before it counts as a dead run's: the
    /// tools read it when they connect, within moments of its creation.
    /// </summary>
    internal static readonly TimeSpan UnlockedPassfileAge = TimeSpan.FromHours(1);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly NpgsqlConnectionStringBuilder _builder;

    private PgConnectionInfo(NpgsqlConnectionStringBuilder builder)
    {
        _builder = builder;
        _builder.Pooling = false;
        if (string.IsNullOrEmpty(_builder.ApplicationName))
        {
            _builder.ApplicationName = "OpsModule";
        }
    }

    internal string Host => string.IsNullOrEmpty(_builder.Host) ? "localhost" : _builder.Host!;

    internal int Port => _builder.Port;

    internal string Database => _builder.Database ?? string.Empty;

    /// <summary>The database a connection reaches: the one named, else (as libpq and Npgsql do) the user's own, else postgres.</summary>
    internal string EffectiveDatabase => !string.IsNullOrEmpty(_builder.Database) ? _builder.Database : !string.IsNullOrEmpty(UserName) ? UserName : "postgres";

    /// <summary>The keyword connection string with the password shown as <c>***</c> and no passfile: safe for results and messages.</summary>
    internal string Redacted
    {
        get
        {
            var shown = new NpgsqlConnectionStringBuilder(_builder.ConnectionString);
            if (!string.IsNullOrEmpty(shown.Password))
            {
                shown.Password = "***";
            }

            shown.Remove("Passfile");
            return shown.ConnectionString;
        }
    }

    internal string? UserName => _builder.Username;

    internal bool HasPassword => !string.IsNullOrEmpty(_builder.Password);

    /// <summary>The Npgsql connection string, password included: only for code the user runs (never for output).</summary>
    internal string ConnectionString => _builder.ConnectionString;

    /// <summary>The database as shown to users: <c>postgres://user@host:port/db</c>, never with a password.</summary>
    internal string Display => DisplayFor(Database);

    /// <summary>The key of operation locks: the server and database, not the bare name.</summary>
    internal string ServerKey => string.Create(CultureInfo.InvariantCulture, $"{Host.ToLowerInvariant()}:{Port}");

    /// <summary>
    /// Parses a connection string or URI; <paramref name="userName"/> and <paramref name="password"/> (from
    /// -Credential) win over the ones inside it.
    /// </summary>
    internal static PgConnectionInfo Parse(string connectionString, string? userName, string? password)
    {
        int scheme = connectionString.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && AtSignsInUserInfo(connectionString) <= 1)
        {
            // A raw '#' or '?' in the password ends the authority early: postgres://u:p@9#x@host/db reads as host '9'.
            string rest = connectionString[(scheme + 3)..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if ((slash < 0 ? rest : rest[..slash]).Count(c => c == '@') > 1)
            {
                throw new OpsException(
                    ErrorIds.InvalidArgument,
                    OpsErrorCategory.InvalidArgument,
                    Redaction.Redact(connectionString),
                    $"The connection string '{Redaction.Redact(connectionString)}' has more than one '@' before its host. Write '@' in the user name or password as %40 ('#' as %23, '?' as %3F), or give the password with -Credential.");
            }
        }

        try
        {
            return new PgConnectionInfo(Read(connectionString, userName, password));
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            string hint = AtSignsInUserInfo(connectionString) > 1
                ? " Write a '@' in the user name or password as %40 (or give the password with -Credential)."
                : string.Empty;
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                Redaction.Redact(connectionString),
                $"The connection string '{Redaction.Redact(connectionString)}' cannot be read: {Messages.Sentence(Redaction.Redact(ex.Message))}{hint} Use 'Host=...;Port=5432;Database=...;Username=...' or 'postgres://user@host:5432/database'.");
        }
    }

    /// <summary>
    /// Reads a connection string or URI into an Npgsql builder; <paramref name="userName"/> (when not empty) and
    /// <paramref name="password"/> (when not null: an empty one is a choice too) win over the ones inside it.
    /// Throws what <see cref="IsUnreadable"/> accepts when the text cannot be read.
    /// </summary>
    internal static NpgsqlConnectionStringBuilder Read(string connectionString, string? userName, string? password)
    {
        NpgsqlConnectionStringBuilder builder = connectionString.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
                                                connectionString.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUri(connectionString)
            : new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(userName))
        {
            builder.Username = userName;
        }

        if (password is not null)
        {
            builder.Password = password;
        }

        builder.Pooling = false;
        return builder;
    }

    /// <summary>True for the exceptions <see cref="Read"/> throws on text that is no connection string.</summary>
    internal static bool IsUnreadable(Exception ex) => ex is ArgumentException or FormatException or UriFormatException or KeyNotFoundException;

    /// <summary>The same server and login, another database.</summary>
    internal PgConnectionInfo WithDatabase(string database)
    {
        var copy = new NpgsqlConnectionStringBuilder(_builder.ConnectionString) { Database = database };
        return new PgConnectionInfo(copy);
    }

    internal string DisplayFor(string database)
    {
        string user = string.IsNullOrEmpty(UserName) ? string.Empty : Uri.EscapeDataString(UserName) + "@";
        return string.Create(CultureInfo.InvariantCulture, $"postgres://{user}{Host}:{Port}/{Uri.EscapeDataString(database)}");
    }

    /// <summary>An open Npgsql connection (no pooling: a restore must leave no idle session on the databases it renames).</summary>
    internal async System.Threading.Tasks.Task<NpgsqlConnection> OpenAsync(System.Threading.CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new OpsException(
                ErrorIds.DatabaseConnectionFailed,
                OpsErrorCategory.ConnectionError,
                Display,
                $"Cannot connect to {Display}: {Messages.Sentence(Redaction.Redact(ex.Message))} Check the host, port, database name and credentials.",
                ex);
        }
    }

    /// <summary>
    /// The environment for pg_dump / pg_restore / pg_dumpall: PG* variables for every setting, and the password
    /// (if any) through a passfile of mode 0600 in the temp folder that the caller deletes
    /// (<see cref="ToolLogin.Dispose"/>). The run holds an OS lock on it until then, and every run first removes the
    /// passfiles whose runs died (kill -9), which held their lock no longer (<see cref="RemoveAbandonedPassfiles"/>).
    /// </summary>
    internal ToolLogin ToolEnvironment(string database)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PGHOST"] = Host,
            ["PGPORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = database,
            ["PGAPPNAME"] = "OpsModule",
            ["PGCONNECT_TIMEOUT"] = _builder.Timeout.ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(UserName))
        {
            env["PGUSER"] = UserName;
        }

        if (_builder.SslMode != SslMode.Prefer)
        {
            env["PGSSLMODE"] = _builder.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            };
        }

        if (!string.IsNullOrEmpty(_builder.RootCertificate))
        {
            env["PGSSLROOTCERT"] = _builder.RootCertificate;
        }

        if (!HasPassword)
        {
            return new ToolLogin(env, null, null);
        }

        string folder = Path.GetTempPath();
        RemoveAbandonedPassfiles(folder);
        FileStream stream = TempFiles.CreateOwned(Path.Combine(folder, PassfileName), out string passfile, bufferSize: 0, openedByAnother: true);
        try
        {
            // host:port:database:user:password, each field escaped; '*' matches what libpq asks for.
            stream.Write(new UTF8Encoding(false).GetBytes("*:*:*:*:" + EscapePassfile(_builder.Password!) + "\n"));
            stream.Flush();
        }
        catch
        {
            TempFiles.Discard(stream, passfile);
            throw;
        }

        env["PGPASSFILE"] = passfile;
        env["PGPASSWORD"] = null;
        return new ToolLogin(env, passfile, stream);
    }

    /// <summary>
    /// Removes the passfiles in <paramref name="folder"/> that runs killed before they could delete them left behind:
    /// those whose lock no live process holds, and those of earlier versions (<c>opsmodule-pgpass-&lt;32 hex&gt;</c>,
    /// which held no lock) that nobody wrote to for <see cref="UnlockedPassfileAge"/>. Never a live run's; never throws.
    /// </summary>
    internal static int RemoveAbandonedPassfiles(string folder) =>
        TempFiles.RemoveAbandoned(folder, name => name.StartsWith(PassfileName + TempFiles.Marker, StringComparison.Ordinal))
        + TempFiles.RemoveOlderThan(folder, UnlockedPassfilePrefix + "*", IsUnlockedPassfile, UnlockedPassfileAge);

    /// <summary>An earlier version's passfile name: the prefix and a GUID's 32 hex digits.</summary>
    private static bool IsUnlockedPassfile(string name) =>
        name.Length == UnlockedPassfilePrefix.Length + 32 && !name.AsSpan(UnlockedPassfilePrefix.Length).ContainsAnyExcept(LowerHex);

    /// <summary>How many '@' a URI has before its path: more than one means an unescaped '@' in the user name or password.</summary>
    private static int AtSignsInUserInfo(string text)
    {
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return 0;
        }

        string rest = text[(scheme + 3)..];
        int end = rest.IndexOfAny(['/', '?', '#']);
        return (end < 0 ? rest : rest[..end]).Count(c => c == '@');
    }

    private static string EscapePassfile(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (Redaction.UserInfoHoldsDelimiter(text))
        {
            throw new ArgumentException(Redaction.UserInfoDelimiterAdvice + ", or give the password with -Credential.");
        }

        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(uri.Host))
        {
            builder.Host = uri.Host.Trim('[', ']');
        }

        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        string path = uri.AbsolutePath.TrimStart('/');
        if (path.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]).ToLowerInvariant();
            string value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            switch (key)
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => SslMode.Prefer,
                    };
                    break;
                case "host":
                    builder.Host = value;
                    break;
                case "port":
                    builder.Port = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "user":
                    builder.Username = value;
                    break;
                case "password":
                    builder.Password = value;
                    break;
                case "dbname":
                    builder.Database = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "sslrootcert":
                    builder.RootCertificate = value;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                default:
                    // Any other Npgsql keyword, as in the keyword form; an unknown one throws ArgumentException.
                    builder[key] = value;
                    break;
            }
        }

        return builder;
    }
}

/// <summary>The environment for one PostgreSQL tool run; disposing removes the passfile and lets go of its lock.</summary>
internal sealed class ToolLogin : IDisposable
{
    private readonly string? _passfile;
    private readonly FileStream? _held;

    internal ToolLogin(IReadOnlyDictionary<string, string?> environment, string? passfile, FileStream? held)
    {
        Environment = environment;
        _passfile = passfile;
        _held = held;
    }

    internal IReadOnlyDictionary<string, string?> Environment { get; }

    public void Dispose() => TempFiles.Discard(_held, _passfile);
}
