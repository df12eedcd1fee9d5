using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// A PostgreSQL connection for the maintenance cmdlets: an Npgsql keyword connection string or a
/// <c>postgres://user:password@host:port/database?sslmode=...</c> URI, an optional credential that overrides
/// the user and password, and a redacted form for output, messages and errors.
/// </summary>
public sealed class MaintenancePgConnection
{
    private readonly string _connectionString;

    private MaintenancePgConnection(NpgsqlConnectionStringBuilder builder)
    {
        builder.Pooling = false;
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "OpsModule";
        }

        _connectionString = builder.ConnectionString;
        Database = builder.Database ?? builder.Username ?? "postgres";
        var shown = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        if (!string.IsNullOrEmpty(shown.Password))
        {
            shown.Password = "***";
        }

        shown.Remove("Passfile");
        Redacted = shown.ConnectionString;
    }

    /// <summary>The database name.</summary>
    public string Database { get; }

    /// <summary>The connection string with its password replaced by <c>***</c>.</summary>
    public string Redacted { get; }

    /// <summary>
    /// Parses a connection string or URI. <paramref name="userName"/> and <paramref name="password"/> (from a
    /// PSCredential) override what the string says. Throws InvalidArgument (with a redacted message) when it cannot be read.
    /// </summary>
    public static MaintenancePgConnection Parse(string connectionString, string? userName, string? password)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = connectionString.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                || connectionString.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUri(connectionString)
                : new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or System.Collections.Generic.KeyNotFoundException)
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                RedactFreeText(connectionString),
                $"The connection string '{RedactFreeText(connectionString)}' cannot be read: use the Npgsql form 'Host=db;Database=app;Username=ops' or a URI 'postgres://ops@db:5432/app'.");
        }

        if (!string.IsNullOrEmpty(userName))
        {
            builder.Username = userName;
        }

        if (password is not null)
        {
            builder.Password = password;
        }

        return new MaintenancePgConnection(builder);
    }

    /// <summary>Opens a connection; a failure to connect or log in is DatabaseConnectionFailed (no secret in the message).</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new OpsException(
                ErrorIds.DatabaseConnectionFailed,
                OpsErrorCategory.ConnectionError,
                Redacted,
                $"Cannot connect to PostgreSQL at '{Redacted}': {ex.Message} Check the host, port, database and credentials.",
                ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Redacted;

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]);
            string value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            builder[key switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                _ => key,
            }] = value;
        }

        return builder;
    }

    /// <summary>Redacts a password in text that could not be parsed (keyword or URI form).</summary>
    internal static string RedactFreeText(string text)
    {
        string keyword = System.Text.RegularExpressions.Regex.Replace(
            text, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        return System.Text.RegularExpressions.Regex.Replace(
            keyword, @"(?i)(postgres(?:ql)?://[^:/@]*):[^@]*@", "$1:***@", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
