using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Npgsql;

namespace OpsModule.Engine.Health.Checks;

/// <summary>A PostgreSQL connection for a health check: Npgsql keyword form or a postgres:// URI, optional user and password, no pooling.</summary>
internal static class PostgresConnection
{
    internal static NpgsqlConnectionStringBuilder Build(string connectionString, string? username, string? password)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = connectionString.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || connectionString.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUri(connectionString)
                : new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            throw new HealthDefinitionException($"'{Redact.ConnectionString(connectionString)}' is not a PostgreSQL connection string: {Redact.ConnectionString(ex.Message)}");
        }

        if (!string.IsNullOrEmpty(username))
        {
            builder.Username = username;
        }

        if (password is not null)
        {
            builder.Password = password;
        }

        builder.Pooling = false;
        builder.ApplicationName ??= "OpsModule Get-ServiceHealth";
        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        string database = uri.AbsolutePath.TrimStart('/');
        if (database.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]);
            string value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            builder[key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                _ => key,
            }] = key.Equals("sslmode", StringComparison.OrdinalIgnoreCase)
                ? string.Concat(value.Split('-').Select(w => w.Length > 0 ? char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..] : w))
                : value;
        }

        return builder;
    }
}
