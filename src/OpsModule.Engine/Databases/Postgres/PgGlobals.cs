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
/// would reset existing roles' passwords. Tablespaces are reported, not created (their folders are server-specific).
/// </summary>
internal static partial class PgGlobals
{
    internal static async Task ApplyAsync(NpgsqlConnection admin, IBackupSource source, BackupManifest manifest, string artifactPath, IOperationObserver observer, CancellationToken cancellationToken)
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
        using (var reader = new ArtifactReader(source, globals, globalsManifest))
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
            else if (line.StartsWith("CREATE TABLESPACE ", StringComparison.Ordinal))
            {
                observer.Warning($"The globals hold a tablespace that OpsModule does not create: {line.Trim()}");
            }
        }

        foreach (string statement in statements)
        {
            await PgCatalog.ExecuteAsync(admin, statement, cancellationToken).ConfigureAwait(false);
        }

        observer.Verbose(missing.Count == 0
            ? "Every role of the backup's globals already exists on the target server; none was changed."
            : $"Created the roles the target server lacked: {string.Join(", ", missing.Select(Unquote))}.");
    }

    private static string Unquote(string id) =>
        id.Length >= 2 && id[0] == '"' ? id[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : id;

    [GeneratedRegex(@"^CREATE ROLE (?<id>""(?:[^""]|"""")*""|[^\s;]+);$")]
    private static partial Regex CreateRole();

    [GeneratedRegex(@"^ALTER ROLE (?<id>""(?:[^""]|"""")*""|[^\s;]+) ")]
    private static partial Regex AlterRole();

    [GeneratedRegex(@"^GRANT (?:""(?:[^""]|"""")*""|[^\s;]+) TO (?<member>""(?:[^""]|"""")*""|[^\s;]+)")]
    private static partial Regex GrantRole();
}
