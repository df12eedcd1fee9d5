using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>
/// Applies a globals artifact (<c>pg_dumpall --globals-only</c>) on restore: only roles the target server lacks are
/// created (with their attributes, settings and memberships), because the dump's <c>ALTER ROLE ... PASSWORD</c>
/// would reset existing roles' passwords. A tablespace the server lacks is created (with its options, grants and
/// comment) when PostgreSQL accepts its LOCATION there (an existing, empty folder owned by the server's account);
/// otherwise a warning names it and says what to do. Existing tablespaces are left as they are.
/// </summary>
internal static partial class PgGlobals
{
    internal static async Task ApplyAsync(NpgsqlConnection admin, IBackupSource source, BackupManifest manifest, string artifactPath, Encryption.EncryptionKey? key, IOperationObserver observer, CancellationToken cancellationToken)
    {
        if (manifest.Details is null || !manifest.Details.TryGetValue("globalsArtifact", out string? globals))
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                artifactPath,
                $"The backup '{artifactPath}' was made without -IncludeGlobals, so it holds no roles to restore. Restore without -IncludeGlobals.");
        }

        BackupManifest globalsManifest;
        try
        {
            globalsManifest = source.ReadManifest(globals + BackupManifest.Suffix);
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.BackupIncomplete,
                OpsErrorCategory.ObjectNotFound,
                source.PathOf(globals),
                $"The globals backup '{source.PathOf(globals)}' that '{artifactPath}' refers to cannot be read ({ex.Message}). The target was not touched.",
                ex);
        }

        string script;
        using (var reader = new ArtifactReader(source, globals, globalsManifest, globalsManifest.Encryption is null ? null : Encryption.EncryptionCheck.Require(globalsManifest, key, source.PathOf(globals))))
        {
            using var text = new StreamReader(reader.Content, Encoding.UTF8, leaveOpen: true);
            script = await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            reader.Verify();
        }

        var creates = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = script.Split('\n');
        foreach (string line in lines)
        {
            Match create = CreateRole().Match(line);
            if (create.Success)
            {
                creates[create.Groups["id"].Value] = line;
            }
        }

        List<string> existing = await PgCatalog.StringsAsync(admin, "SELECT rolname FROM pg_roles", cancellationToken).ConfigureAwait(false);
        var missing = creates.Keys.Where(id => !existing.Contains(Unquote(id), StringComparer.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var statements = new List<string>();
        foreach (string line in lines)
        {
            Match create = CreateRole().Match(line);
            Match alter = AlterRole().Match(line);
            Match grant = GrantRole().Match(line);
            if ((create.Success && missing.Contains(create.Groups["id"].Value)) ||
                (alter.Success && missing.Contains(alter.Groups["id"].Value)) ||
                (grant.Success && missing.Contains(grant.Groups["member"].Value)))
            {
                statements.Add(line);
            }
        }

        foreach (string statement in statements)
        {
            await PgCatalog.ExecuteAsync(admin, statement, cancellationToken).ConfigureAwait(false);
        }

        observer.Verbose(missing.Count == 0
            ? "Every role of the backup's globals already exists on the target server; none was changed."
            : $"Created the roles the target server lacked: {string.Join(", ", missing.Select(Unquote))}.");
        await CreateTablespacesAsync(admin, lines, observer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the tablespaces the server lacks where PostgreSQL accepts their folder; warns about the others.</summary>
    private static async Task CreateTablespacesAsync(NpgsqlConnection admin, string[] lines, IOperationObserver observer, CancellationToken cancellationToken)
    {
        List<string> existing = await PgCatalog.StringsAsync(admin, "SELECT spcname FROM pg_tablespace", cancellationToken).ConfigureAwait(false);
        foreach (string line in lines)
        {
            Match create = CreateTablespace().Match(line);
            if (!create.Success || existing.Contains(Unquote(create.Groups["id"].Value), StringComparer.Ordinal))
            {
                continue;
            }

            string id = create.Groups["id"].Value;
            string location = create.Groups["location"].Value.Replace("''", "'", StringComparison.Ordinal);
            try
            {
                // Not in a transaction: CREATE TABLESPACE cannot run inside one.
                await PgCatalog.ExecuteAsync(admin, line, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                observer.Warning(
                    $"The tablespace '{Unquote(id)}' of the backup's globals was not created on the target server: {ex.MessageText}. " +
                    $"PostgreSQL needs its folder '{location}' to exist on the target server, be empty and belong to the account the server runs as. " +
                    $"Create that folder (or choose another), then run: {line.Trim()}");
                continue;
            }

            foreach (string related in lines)
            {
                if (TablespaceDetail().Match(related) is { Success: true } detail && detail.Groups["id"].Value == id)
                {
                    await PgCatalog.ExecuteAsync(admin, related, cancellationToken).ConfigureAwait(false);
                }
            }

            observer.Verbose($"Created the tablespace '{Unquote(id)}' at '{location}', which the target server lacked.");
        }
    }

    private static string Unquote(string id) =>
        id.Length >= 2 && id[0] == '"' ? id[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : id;

    [GeneratedRegex(@"^CREATE ROLE (?<id>""(?:[^""]|"""")*""|[^\s;]+);$")]
    private static partial Regex CreateRole();

    [GeneratedRegex(@"^ALTER ROLE (?<id>""(?:[^""]|"""")*""|[^\s;]+) ")]
    private static partial Regex AlterRole();

    [GeneratedRegex(@"^GRANT (?:""(?:[^""]|"""")*""|[^\s;]+) TO (?<member>""(?:[^""]|"""")*""|[^\s;]+)")]
    private static partial Regex GrantRole();

    [GeneratedRegex(@"^CREATE TABLESPACE (?<id>""(?:[^""]|"""")*""|[^\s;]+) .*LOCATION '(?<location>(?:[^']|'')*)';$")]
    private static partial Regex CreateTablespace();

    /// <summary>What pg_dumpall writes for a tablespace after its CREATE: options, grants, comment, security label.</summary>
    [GeneratedRegex(@"^(?:ALTER TABLESPACE |COMMENT ON TABLESPACE |SECURITY LABEL .* ON TABLESPACE |(?:GRANT|REVOKE) .* ON TABLESPACE )(?<id>""(?:[^""]|"""")*""|[^\s;]+)[ ;]")]
    private static partial Regex TablespaceDetail();
}
