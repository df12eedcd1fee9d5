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
internal sealed partial class PgConnectionInfo
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
    /// -Credential) win over the ones inside it. Unreadable text is InvalidArgument, shown as <see cref="Shown"/>
    /// (never a part of a password).
    /// </summary>
    internal static PgConnectionInfo Parse(string connectionString, string? userName, string? password)
    {
        try
        {
            return new PgConnectionInfo(Read(connectionString, userName, password));
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            string shown = Shown(connectionString, ex);
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                shown,
                $"The connection string '{shown}' cannot be read: {Messages.Sentence(Reason(connectionString, ex))} Use the keyword form '{PgKeywordForm.Example}' (the password with -Credential) or a URI 'postgres://user@host:5432/database'.");
        }
    }

    /// <summary>
    /// Why <see cref="Read"/> refused a text, safe to show: only this module's own words (never a text .NET or Npgsql
    /// made of it: a URI's may quote any part of it, the keyword form's counts characters of the unredacted text or
    /// quotes a piece of a password); for the keyword form, which setting is wrong and how (<see cref="PgKeywordForm"/>).
    /// </summary>
    internal static string Reason(string connectionString, Exception ex) =>
        ex is UnreadableUriException ? ex.Message
        : IsUri(connectionString) ? "its settings cannot be read"
        : PgKeywordForm.Explain(connectionString, ex);

    /// <summary>
    /// A connection string as it may be shown when it cannot be read: the keyword form with its password as
    /// <c>***</c>; a URI (<c>scheme://...</c>) with everything between its user name and the LAST '@' as <c>***</c>,
    /// however the password is written (raw '@', '/', '?', '#', spaces), the port too when no '@' marks a host
    /// (<c>postgres://user:password</c> reads as host and port), and the values of secret query settings.
    /// </summary>
    internal static string Shown(string connectionString, Exception? refusal = null)
    {
        if (!IsUri(connectionString))
        {
            if (refusal is null)
            {
                try
                {
                    _ = Read(connectionString, null, null);
                }
                catch (Exception ex) when (IsUnreadable(ex))
                {
                    refusal = ex;
                }
            }

            // A value Npgsql refused right after a password may be the password's rest: masked too (Pwd=SecXab;Port=cdQ).
            return Redaction.RedactInput(PgKeywordForm.MaskPasswordRemnants(connectionString, (refusal as ArgumentException)?.ParamName));
        }

        string text = connectionString.Trim();
        int separator = text.IndexOf("://", StringComparison.Ordinal);
        string body = text[(separator + 3)..];
        var shown = new StringBuilder(text[..(separator + 3)]);
        int at = body.LastIndexOf('@');
        string rest;
        if (at >= 0)
        {
            // However the password is written (raw '@', '/', '?', '#', '=', '&'), it comes before the last '@'. The user
            // name is what comes before the first ':' (or '/', '?', '#'); every character after it up to that '@' may be
            // the password and is not shown.
            string prefix = body[..at];
            int userEnd = prefix.AsSpan().IndexOfAny(":/?#");
            string user = userEnd < 0 ? prefix : prefix[..userEnd];
            if (user.AsSpan().IndexOfAny("=&") >= 0)
            {
                return shown.Append(Redaction.Mask).ToString();
            }

            string after = body[(at + 1)..];
            bool userThenPassword = userEnd >= 0 && prefix[userEnd] == ':';
            if ((prefix.Contains('=', StringComparison.Ordinal) && !userThenPassword)
                || (prefix.Contains('?', StringComparison.Ordinal) && after.AsSpan().IndexOfAny(":/") < 0))
            {
                // The '@' may be inside a setting's value (h/db?password=S3cret@Pw): what follows it may be the value's.
                return shown.Append(user).Append(':').Append(Redaction.Mask).ToString();
            }

            shown.Append(userEnd < 0 ? prefix : user + ":" + Redaction.Mask).Append('@');
            rest = body[(at + 1)..];
        }
        else
        {
            rest = body;
            int end = rest.IndexOfAny(['/', '?', '#']);
            string hostPort = end < 0 ? rest : rest[..end];
            int port = hostPort.LastIndexOf(':');
            if (port >= 0 && !hostPort.EndsWith(']') && hostPort.AsSpan(port + 1).ContainsAnyExceptInRange('0', '9'))
            {
                // postgres://user:password with no '@' reads as host and port: the "port" and whatever follows it (a raw
                // '/', '?' or '#' of the password) are not shown.
                return shown.Append(hostPort[..port]).Append(':').Append(Redaction.Mask).ToString();
            }
        }

        // After the host: the path as it is, the query with the values of secret settings (password=, psw=, sslpassword=)
        // hidden up to the next '&' (libpq's own end of a value), and never a fragment ('#' may be in such a value).
        int hash = rest.IndexOf('#', StringComparison.Ordinal);
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        if (hash >= 0 && (question < 0 || hash < question))
        {
            return shown.Append(rest[..hash]).ToString();
        }

        return question < 0 ? shown.Append(rest).ToString() : shown.Append(rest[..question]).Append(MaskSecretSettings(rest[question..])).ToString();
    }

    private static string MaskSecretSettings(string text) =>
        SettingPair().Replace(text, match => Redaction.IsSecretName(match.Groups["name"].Value) ? match.Groups["name"].Value + "=" + Redaction.Mask : match.Value);

    /// <summary>
    /// Whether a text is a URI rather than the keyword form: a <c>scheme://</c> before any '=' or ';' (a keyword
    /// string has a '=' first). Such a text is read as a URI or refused as one, never by the keyword parser.
    /// </summary>
    internal static bool IsUri(string text)
    {
        int separator = text.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && text.AsSpan(0, separator).IndexOfAny('=', ';') < 0;
    }

    /// <summary>
    /// Reads a connection string or URI into an Npgsql builder; <paramref name="userName"/> (when not empty) and
    /// <paramref name="password"/> (when not null: an empty one is a choice too) win over the ones inside it.
    /// Throws what <see cref="IsUnreadable"/> accepts when the text cannot be read.
    /// </summary>
    internal static NpgsqlConnectionStringBuilder Read(string connectionString, string? userName, string? password)
    {
        NpgsqlConnectionStringBuilder builder = IsUri(connectionString)
            ? FromUri(connectionString.Trim())
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
            if (ex is PostgresException { SqlState: "42501" } denied && denied.MessageText.StartsWith("permission denied for database", StringComparison.Ordinal))
            {
                // No CONNECT privilege on the database (REVOKE CONNECT ... FROM PUBLIC): a permission, not a failed connection.
                string login = string.IsNullOrEmpty(UserName) ? "this login" : $"the login '{UserName}'";
                throw new OpsException(
                    ErrorIds.DatabaseConnectionFailed,
                    OpsErrorCategory.PermissionDenied,
                    Display,
                    $"Cannot connect to {Display}: the server refused {login} the CONNECT privilege on the database ({denied.SqlState}: {Redaction.Redact(denied.MessageText)}). The database's owner or a superuser can grant it: GRANT CONNECT ON DATABASE {PgCatalog.Quote(_builder.Database ?? string.Empty)} TO {PgCatalog.Quote(UserName ?? "<login>")};",
                    ex);
            }

            if (ex is PostgresException { SqlState: "55000" } closed && closed.MessageText.Contains("not currently accepting connections", StringComparison.Ordinal))
            {
                // ALLOW_CONNECTIONS false: a restore swaps its database in so, and one killed in its swap leaves it closed.
                throw new OpsException(
                    ErrorIds.DatabaseConnectionFailed,
                    OpsErrorCategory.ResourceUnavailable,
                    Display,
                    $"Cannot connect to {Display}: the database does not accept connections ({closed.SqlState}: {Redaction.Redact(closed.MessageText)}). A superuser opens it: ALTER DATABASE {PgCatalog.Quote(_builder.Database ?? string.Empty)} ALLOW_CONNECTIONS true; (a restore closes it while it swaps the restored database in, and one killed then leaves it closed; the next Restore-Database into it opens it too).",
                    ex);
            }

            // The server's own words (its SQLSTATE and message), not Npgsql's text around them, which may advise turning off
            // the redaction of error details ('Include Error Detail').
            string reason = ex is PostgresException server ? $"{server.SqlState}: {server.MessageText}" : ex.Message;
            throw new OpsException(
                ErrorIds.DatabaseConnectionFailed,
                OpsErrorCategory.ConnectionError,
                Display,
                $"Cannot connect to {Display}: {Messages.Sentence(Redaction.Redact(reason))} Check the host, port, database name and credentials.",
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

    private static string EscapePassfile(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);

    /// <summary>
    /// Reads <c>postgres[ql]://[user[:password]@][host][:port][/database][?setting=value&amp;...]</c> the way libpq does,
    /// percent-decoding each part. A text whose host cannot be told from its password is refused, not guessed: a
    /// '@' after the first '/', '?' or '#' (a raw one in the password, or in the database name or settings), or more
    /// than one '@' before it. Every refusal is an <see cref="UnreadableUriException"/> whose words quote no part of
    /// the user information.
    /// </summary>
    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        int separator = text.IndexOf("://", StringComparison.Ordinal);
        string scheme = text[..separator];
        if (!scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnreadableUriException(SchemeName().IsMatch(scheme)
                ? $"a {scheme}:// URI is no PostgreSQL connection (write postgres:// or postgresql://)"
                : "it is no postgres:// or postgresql:// URI");
        }

        string body = text[(separator + 3)..];
        int authorityEnd = body.IndexOfAny(['/', '?', '#']);
        if (authorityEnd < 0)
        {
            authorityEnd = body.Length;
        }

        // An '@' after the authority: in the query of a URI whose authority already has its '@' it is a setting's value
        // (application_name=backup@host1), as libpq reads it; anywhere else (the path, the fragment, or with no '@' in
        // the authority) it may end a password with a raw '/', '?' or '#', so the host cannot be told.
        if (body.IndexOf('@', authorityEnd) >= 0 && !AtSignsOnlyInSettingValues(body, authorityEnd))
        {
            throw new UnreadableUriException(
                "it has an '@' after a '/', '?' or '#': a raw '/', '?' or '#' in its user name or password (or a raw '@' in its database name or settings), so the host cannot be told from the password. " + EncodeAdvice);
        }

        string authority = body[..authorityEnd];
        int at = authority.LastIndexOf('@');
        if (at >= 0 && authority.IndexOf('@') != at)
        {
            throw new UnreadableUriException("it has more than one '@' before its host: a raw '@' in its user name or password, so the host cannot be told from the password. " + EncodeAdvice);
        }

        var builder = new NpgsqlConnectionStringBuilder();
        if (at >= 0)
        {
            string userInfo = authority[..at];
            int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            string user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (user.Length > 0)
            {
                builder.Username = user;
            }

            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        ReadHostAndPort(authority[(at + 1)..], builder);
        string rest = body[authorityEnd..];
        int hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        int question = rest.IndexOf('?', StringComparison.Ordinal);
        string path = (question < 0 ? rest : rest[..question]).TrimStart('/');
        if (path.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        if (question >= 0)
        {
            foreach (string pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                ReadSetting(pair, builder);
            }
        }

        return builder;
    }

    /// <summary>
    /// Whether every '@' after the authority is inside the value of a <c>setting=value</c> pair of the query
    /// (<c>?application_name=backup@host1</c>), in a URI whose authority has its own '@' and no fragment: libpq reads such
    /// a URI so. A raw '/', '?' or '#' of a password leaves an '@' in the path, in a query part that is no such pair
    /// (<c>?100% sure@host/db</c>), or one followed by a host's ':' or '/' (<c>?application_name=x@127.0.0.1:5433/db</c>,
    /// the end of a password <c>M@evil:1/?application_name=x</c>), and is refused.
    /// </summary>
    private static bool AtSignsOnlyInSettingValues(string body, int authorityEnd)
    {
        int query = body.IndexOf('?', authorityEnd);
        if (!body.AsSpan(0, authorityEnd).Contains('@') || query < 0 || body.AsSpan(authorityEnd, query - authorityEnd).Contains('@') || body.IndexOf('#', authorityEnd) >= 0)
        {
            return false;
        }

        foreach (string pair in body[(query + 1)..].Split('&'))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            int at = pair.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0 && (equals <= 0 || equals > at || !IsSetting(Uri.UnescapeDataString(pair[..equals]).ToLowerInvariant())
                || pair.AsSpan(at + 1).IndexOfAny(":/?#@") >= 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>host, host:port, [v6] or [v6]:port (an empty host is Npgsql's default); a bad one is refused without quoting it.</summary>
    private static void ReadHostAndPort(string hostAndPort, NpgsqlConnectionStringBuilder builder)
    {
        string host = hostAndPort;
        string? port = null;
        if (hostAndPort.StartsWith('['))
        {
            int close = hostAndPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < hostAndPort.Length && hostAndPort[close + 1] != ':'))
            {
                throw new UnreadableUriException("its host is not a host name, an IPv4 address or an [IPv6] address");
            }

            // In the form .NET's Uri gives it (lower case, shortened, without a zone), as before this parser: the host is part
            // of a backup's Source, its identity in the catalog, so [2001:DB8::1] must stay the same database as 2001:db8::1.
            try
            {
                host = new Uri("postgres://" + hostAndPort[..(close + 1)] + "/").Host.Trim('[', ']');
            }
            catch (UriFormatException)
            {
                throw new UnreadableUriException("its host is not a host name, an IPv4 address or an [IPv6] address");
            }

            port = close + 1 < hostAndPort.Length ? hostAndPort[(close + 2)..] : null;
        }
        else
        {
            int colon = hostAndPort.LastIndexOf(':');
            if (colon >= 0)
            {
                host = hostAndPort[..colon];
                port = hostAndPort[(colon + 1)..];
            }

            host = Uri.UnescapeDataString(host);
            if (host.AsSpan().IndexOfAny(HostDelimiters) >= 0 || host.Any(char.IsWhiteSpace) || host.Any(char.IsControl))
            {
                throw new UnreadableUriException("its host is not a host name, an IPv4 address or an [IPv6] address");
            }
        }

        if (host.Length > 0)
        {
            builder.Host = host;
        }

        if (!string.IsNullOrEmpty(port))
        {
            if (port.AsSpan().ContainsAnyExceptInRange('0', '9') || port.Length > 5 || int.Parse(port, CultureInfo.InvariantCulture) is < 1 or > 65535)
            {
                throw new UnreadableUriException("its port is not a number from 1 to 65535");
            }

            builder.Port = int.Parse(port, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>One <c>setting=value</c> of the query: libpq's names, or any Npgsql keyword; a bad one is refused without quoting its value.</summary>
    private static void ReadSetting(string pair, NpgsqlConnectionStringBuilder builder)
    {
        string[] kv = pair.Split('=', 2);
        string key = Uri.UnescapeDataString(kv[0]).ToLowerInvariant();
        string value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
        string named = SettingName().IsMatch(key) ? $"'{key}'" : "a setting";
        try
        {
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
                        "prefer" => SslMode.Prefer,
                        // libpq refuses any other value ("invalid sslmode value"): a misspelt require must not connect without TLS.
                        _ => throw new UnreadableUriException("its sslmode is none of disable, allow, prefer, require, verify-ca and verify-full"),
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
                    // Any other Npgsql keyword, as in the keyword form.
                    if (!IsNpgsqlKeyword(key))
                    {
                        throw new UnreadableUriException($"its query names {named}, which is no connection setting (libpq's sslmode, connect_timeout, application_name, ... or an Npgsql keyword)");
                    }

                    builder[key] = value;
                    break;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or KeyNotFoundException && ex is not UnreadableUriException)
        {
            throw new UnreadableUriException($"the value of {named} in its query is not valid for it", ex);
        }
    }

    /// <summary>Whether a query key is a setting <see cref="ReadSetting"/> takes (libpq's names it reads, or an Npgsql keyword).</summary>
    private static bool IsSetting(string key) =>
        key is "sslmode" or "host" or "port" or "user" or "password" or "dbname" or "connect_timeout" or "sslrootcert" or "application_name"
        || (SettingName().IsMatch(key) && IsNpgsqlKeyword(key));

    /// <summary>Whether Npgsql knows a keyword (its builder refuses the others).</summary>
    private static bool IsNpgsqlKeyword(string key)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder()[key];
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            return false;
        }
    }

    /// <summary>What to do about a URI whose host cannot be told from its password.</summary>
    private const string EncodeAdvice =
        "Write '@', '/', '?' and '#' in the user name or password percent-encoded (%40, %2F, %3F, %23; a '%' as %25), use the keyword form, or give the password with -Credential.";

    private static readonly System.Buffers.SearchValues<char> HostDelimiters = System.Buffers.SearchValues.Create("@/?#[]\\:;'\"<>%");

    /// <summary>A name=value setting at the start of a text or after a '?' or '&amp;'.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=^|[?&])(?<name>[^=&?#]+)=[^&]*", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SettingPair();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]{0,31}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SchemeName();

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_ -]{0,63}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SettingName();
}

/// <summary>Why a URI cannot be read, in words that quote no part of its user name or password.</summary>
internal sealed class UnreadableUriException : ArgumentException
{
    internal UnreadableUriException(string message, Exception? inner = null)
        : base(message, inner)
    {
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
