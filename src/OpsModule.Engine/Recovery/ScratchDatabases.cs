using System;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Databases.Sqlite;

namespace OpsModule.Engine.Recovery;

/// <summary>The one place that picks the scratch target for a backup's engine.</summary>
internal static class ScratchDatabases
{
    /// <summary>
    /// The scratch target for a backup. Throws ScratchIsSource when it would be the backed-up database itself, and
    /// UnsupportedBackup for an engine without a scratch target.
    /// </summary>
    internal static IScratchDatabase For(BackupManifest manifest, string artifact, DisasterRecoveryOptions options, DateTime stamp)
    {
        if (string.Equals(manifest.Engine, SqliteBackupEngine.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            return SqliteScratchDatabase.Create(manifest, options.ScratchFolder, stamp);
        }

        if (string.Equals(manifest.Engine, PgDatabaseEngine.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            return PgScratchDatabase.Create(manifest, options, stamp);
        }

        throw new OpsException(
            ErrorIds.UnsupportedBackup,
            OpsErrorCategory.InvalidArgument,
            artifact,
            $"The backup '{artifact}' is a '{manifest.Engine}' backup; Test-DisasterRecovery tests sqlite and postgres database backups.");
    }

    /// <summary>
    /// The scratch database's name: <c>ops_drtest_&lt;db&gt;_&lt;stamp&gt;_&lt;random&gt;</c> in lower-case ASCII, at most 63 bytes.
    /// The random part keeps tests of one database started in the same millisecond (-ThrottleLimit) apart.
    /// </summary>
    internal static string Name(string database, DateTime stamp)
    {
        string suffix = "_" + stamp.ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture)
            + "_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var safe = new System.Text.StringBuilder(database.Length);
        foreach (char c in database.ToLowerInvariant())
        {
            safe.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        string head = "ops_drtest_" + safe;
        int room = 63 - suffix.Length;
        return (head.Length > room ? head[..room] : head) + suffix;
    }
}
