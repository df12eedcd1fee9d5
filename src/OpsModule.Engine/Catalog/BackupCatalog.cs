using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Catalog;

/// <summary>What Get-DatabaseBackup asks for.</summary>
internal sealed class CatalogQuery
{
    /// <summary>Keeps a backup when it returns true for its database's name and engine (null: every database).</summary>
    internal Func<string, string, bool>? Database { get; init; }

    /// <summary>
    /// Whether a database's name is the one asked for: PostgreSQL's names exactly (they are case-sensitive: "UPPER" and
    /// "upper" are two databases), SQLite's (file names) in any case.
    /// </summary>
    internal static bool SameName(string name, string engine, string asked) =>
        string.Equals(name, asked, engine.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    internal DateTime? Since { get; init; }

    /// <summary>Only the newest backup of each database.</summary>
    internal bool Latest { get; init; }

    /// <summary>Also report artifacts without a manifest and in-flight files.</summary>
    internal bool IncludeIncomplete { get; init; }
}

/// <summary>Lists the backups of a location from their manifests, newest first, with their last verification.</summary>
internal static class BackupCatalog
{
    internal static List<BackupInfo> List(IBackupSource source, CatalogQuery query, IOperationObserver observer)
    {
        IReadOnlyList<string> files = source.ListFiles();
        var present = new HashSet<string>(files, StringComparer.Ordinal);
        var accounted = new HashSet<string>(StringComparer.Ordinal);
        var backups = new List<BackupInfo>();
        foreach (string manifestName in files.Where(IsManifest))
        {
            accounted.Add(manifestName);
            BackupManifest manifest;
            try
            {
                manifest = source.ReadManifest(manifestName);
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
                // The skipped backup's artifact and record are its own: never listed (nor removed by retention) as incomplete leftovers.
                string own = manifestName[..^BackupManifest.Suffix.Length];
                accounted.Add(own);
                accounted.Add(own + VerificationRecord.Suffix);
                observer.Warning(ex is JsonException
                    ? $"Skipping '{source.PathOf(manifestName)}': the manifest is unreadable ({BackupManifest.Problem((JsonException)ex)})."
                    : $"Skipping '{source.PathOf(manifestName)}': the manifest cannot be read ({Reason(ex)}). Its backup is not listed and retention leaves it alone; give this account read access to it to see it.");
                continue;
            }

            string artifact = string.IsNullOrEmpty(manifest.Artifact) ? manifestName[..^BackupManifest.Suffix.Length] : manifest.Artifact;
            accounted.Add(artifact);
            accounted.Add(artifact + VerificationRecord.Suffix);
            if (!present.Contains(artifact))
            {
                observer.Warning($"Skipping '{source.PathOf(manifestName)}': its artifact '{artifact}' is missing.");
                continue;
            }

            BackupInfo info = manifest.ToBackupInfo(source.Location, source.PathOf(artifact), source.PathOf(manifestName));
            if (present.Contains(artifact + VerificationRecord.Suffix))
            {
                VerificationRecord? record = VerificationRecord.TryParse(ReadVerification(source, artifact, observer));
                if (record is not null && string.Equals(record.Sha256, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    info.LastVerified = DateTime.SpecifyKind(record.Checked, DateTimeKind.Utc);
                    info.LastVerifiedResult = record.Verified;
                }
            }

            backups.Add(info);
        }

        if (query.IncludeIncomplete)
        {
            foreach (string name in files.Where(n => !accounted.Contains(n) && !n.StartsWith('.') && !n.EndsWith(VerificationRecord.Suffix, StringComparison.Ordinal)))
            {
                if (VerificationRecord.IsInFlight(name))
                {
                    observer.Verbose($"Ignoring '{source.PathOf(name)}': it is an in-flight verification record (of Test-DatabaseBackup or Test-DisasterRecovery), not a backup; the next verification of that backup removes it once the run that wrote it is dead.");
                }
                else if (IsBackupFile(name))
                {
                    backups.Add(Incomplete(source, name));
                }
                else
                {
                    observer.Verbose($"Ignoring '{source.PathOf(name)}': its name is not one Backup-Database writes (<database>-<yyyyMMddTHHmmssfffZ>.<ext>, or an in-flight *.tmp-* file of one), so it is neither a backup nor an incomplete one.");
                }
            }

            if (source is IPendingUploads pending)
            {
                foreach (PendingUpload upload in pending.ListPendingUploads(observer) ?? [])
                {
                    backups.Add(Incomplete(source, upload.FileName, size: 0, unstamped: upload.Initiated));
                }
            }
        }

        IEnumerable<BackupInfo> selected = backups
            .Where(b => query.Database is null || query.Database(b.Database, b.Engine))
            .Where(b => query.Since is null || b.Created >= query.Since.Value.ToUniversalTime())
            .OrderByDescending(b => b.Created)
            .ThenByDescending(b => b.BackupPath, StringComparer.Ordinal);
        if (query.Latest)
        {
            // The newest of each database: one source (two app.db files in different folders are two databases).
            List<BackupInfo> complete = selected.Where(b => b.Complete).ToList();
            Dictionary<BackupInfo, string> identity = DatabaseIdentity.Keys(complete, b => (string.Empty, b.Engine, b.Database, b.Source));
            selected = complete.GroupBy(b => identity[b], StringComparer.Ordinal).Select(g => g.First());
        }

        return selected.ToList();
    }

    /// <summary>
    /// The complete backups among <paramref name="backups"/> whose verification record is there but cannot be read (permissions,
    /// I/O, broken JSON): whether they passed verification is unknown, so retention never removes them.
    /// </summary>
    internal static HashSet<BackupInfo> UnknownVerification(IBackupSource source, IEnumerable<BackupInfo> backups)
    {
        var unknown = new HashSet<BackupInfo>();
        foreach (BackupInfo backup in backups.Where(b => b.Complete && b.LastVerifiedResult is null))
        {
            string record = BackupVerifier.NameIn(source, backup.BackupPath) + VerificationRecord.Suffix;
            try
            {
                byte[]? json = source.ReadSmallFile(record);
                if (json is not null && VerificationRecord.TryParse(json) is null)
                {
                    unknown.Add(backup);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                unknown.Add(backup);
            }
        }

        return unknown;
    }

    /// <summary>Why a file could not be read, for messages: who may not read it, or the I/O error.</summary>
    internal static string Reason(Exception ex) =>
        ex is UnauthorizedAccessException ? $"permission denied for {Environment.UserName}" : ex.Message;

    /// <summary>
    /// Whether the name of a backup's artifact (or in-flight file) holds the time it was made. Retention removes an
    /// incomplete entry by age only then: one without (a SQLite backup's staging copy) shows when it was last written
    /// as its Created, but a live backup may still own it, so only the next backup's clean-up of dead runs removes it.
    /// </summary>
    internal static bool HasTimeInName(BackupInfo backup) =>
        BackupNaming.TryParseStamp(Path.GetFileName(backup.BackupPath), out _, out _);

    /// <summary>The artifact's file name for the name of a backup's artifact, manifest or verification record.</summary>
    internal static string ArtifactName(string fileName) =>
        fileName.EndsWith(BackupManifest.Suffix, StringComparison.Ordinal) ? fileName[..^BackupManifest.Suffix.Length]
            : fileName.EndsWith(VerificationRecord.Suffix, StringComparison.Ordinal) ? fileName[..^VerificationRecord.Suffix.Length]
            : fileName;

    /// <summary>The verification record's bytes, or null (with a warning naming it) when it cannot be read.</summary>
    private static byte[]? ReadVerification(IBackupSource source, string artifact, IOperationObserver observer)
    {
        try
        {
            return source.ReadSmallFile(artifact + VerificationRecord.Suffix);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            observer.Warning($"The verification record '{source.PathOf(artifact + VerificationRecord.Suffix)}' cannot be read ({Reason(ex)}): LastVerified of '{source.PathOf(artifact)}' is left empty, and retention never removes that backup while its record is unreadable.");
            return null;
        }
    }

    private static bool IsManifest(string name) =>
        name.EndsWith(BackupManifest.Suffix, StringComparison.Ordinal) && !name.Contains(TempFiles.Marker, StringComparison.Ordinal);

    /// <summary>
    /// Files Backup-Database writes that are not (yet) a backup: an artifact by its name (<c>&lt;database&gt;-&lt;timestamp&gt;.&lt;ext&gt;</c>)
    /// without a manifest, or an in-flight file of a backup (<c>*.tmp-&lt;random&gt;</c> of an artifact, a manifest or a staging
    /// copy). Other files in the location (notes, reports, a plain database) are not a backup's, complete or not.
    /// </summary>
    private static bool IsBackupFile(string name) =>
        BackupNaming.IsArtifactName(name) || BackupNaming.IsBackupInFlight(name);

    /// <summary>
    /// An incomplete entry: Created is the time in its name, or for a name without one (a staging copy) when it was
    /// last written (<paramref name="unstamped"/> instead, when given), never 01/01/0001.
    /// </summary>
    private static BackupInfo Incomplete(IBackupSource source, string name, long? size = null, DateTime? unstamped = null)
    {
        if (!BackupNaming.TryParseStamp(name, out string database, out DateTime created))
        {
            // A SQLite backup's staging copy (<database>.snapshot.tmp-*, <database>.snapshot-tail.tmp-*) has no stamp in its name.
            int marker = name.IndexOf(TempFiles.Marker, StringComparison.Ordinal);
            string bare = marker < 0 ? name : name[..marker];
            database = bare.EndsWith(BackupNaming.TailSuffix, StringComparison.Ordinal) ? bare[..^BackupNaming.TailSuffix.Length]
                : bare.EndsWith(BackupNaming.SnapshotSuffix, StringComparison.Ordinal) ? bare[..^BackupNaming.SnapshotSuffix.Length]
                : bare;
            created = unstamped ?? source.LastWriteTimeOf(name) ?? DateTime.MinValue;
        }

        // Retention never removes a file without a stamp in its name by age, whatever its Created (a live backup's staging
        // copy may be one, written long ago and still being read): the next backup to the location removes it once its
        // run is dead (see HasTimeInName).
        string path = source.PathOf(name);
        return new BackupInfo
        {
            Database = database,
            Location = source.Location,
            BackupPath = path,
            Size = size ?? Math.Max(0, source.SizeOf(name)),
            Created = created,
            Complete = false,
        };
    }
}

/// <summary>
/// Finds complete backups by the name of their artifact, manifest or verification record (-BackupPath), listing each
/// location once however many of its files are given (a whole backup folder piped in from Get-ChildItem).
/// </summary>
internal sealed class BackupFinder(IOperationObserver observer)
{
    private readonly Dictionary<string, Dictionary<string, BackupInfo>> _listed = new(StringComparer.Ordinal);

    /// <summary>The complete backup of <paramref name="location"/> (read through <paramref name="source"/>) that <paramref name="fileName"/> names, or null.</summary>
    internal BackupInfo? Find(IBackupSource source, string location, string fileName)
    {
        if (!_listed.TryGetValue(location, out Dictionary<string, BackupInfo>? byPath))
        {
            byPath = new Dictionary<string, BackupInfo>(StringComparer.Ordinal);
            foreach (BackupInfo backup in BackupCatalog.List(source, new CatalogQuery(), observer))
            {
                byPath.TryAdd(backup.BackupPath, backup);
            }

            _listed[location] = byPath;
        }

        string artifact = BackupCatalog.ArtifactName(fileName);
        BackupInfo? found = byPath.GetValueOrDefault(source.PathOf(artifact));
        if (found is null)
        {
            // A backup named on purpose whose manifest is there but cannot be read: InvalidManifest, as Restore-Database and
            // Test-DisasterRecovery say, not "no complete backup was found".
            try
            {
                _ = source.ReadManifest(artifact + BackupManifest.Suffix);
            }
            catch (JsonException ex)
            {
                throw BackupManifest.Unreadable(source.PathOf(artifact + BackupManifest.Suffix), ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Missing or unreadable: the caller's SourceNotFound (the listing warned about an unreadable one).
            }
        }

        return found;
    }
}
