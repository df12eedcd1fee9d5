using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Backup;

/// <summary>
/// Artifact names: <c>&lt;database&gt;-&lt;yyyyMMddTHHmmssfffZ&gt;.&lt;ext&gt;</c>, sortable by time; a second backup that
/// would take the same name in the same millisecond gets <c>-2</c>, <c>-3</c>, ... after the timestamp. A database
/// name too long for a file name is shortened, with a hash of the whole name kept so that distinct names stay distinct.
/// </summary>
internal static partial class BackupNaming
{
    internal const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>The staging copy of a snapshot, and the compressed pages behind its first one.</summary>
    internal const string SnapshotSuffix = ".snapshot";
    internal const string TailSuffix = ".snapshot-tail";

    /// <summary>
    /// The most UTF-8 bytes of a database name in a file name: the longest name a backup writes is
    /// <c>&lt;name&gt;-&lt;timestamp&gt;-NNN.db.zst.manifest.json.tmp-&lt;12 hex&gt;</c>, which must fit the common 255-byte limit.
    /// </summary>
    internal const int MaxNameBytes = 160;

    internal static string ArtifactName(string database, DateTime createdUtc, string extension) =>
        Shorten(database) + "-" + createdUtc.ToString(TimestampFormat, CultureInfo.InvariantCulture) + extension;

    /// <summary>The name with a sequence number after its timestamp (1 leaves it as it is).</summary>
    internal static string WithSequence(string fileName, int sequence)
    {
        if (sequence <= 1)
        {
            return fileName;
        }

        Match match = Timestamp().Match(fileName);
        int at = match.Success ? match.Index + match.Length : fileName.IndexOf('.', StringComparison.Ordinal);
        at = at < 0 ? fileName.Length : at;
        return fileName[..at] + "-" + sequence.ToString(CultureInfo.InvariantCulture) + fileName[at..];
    }

    /// <summary>A database name that fits in a file name: as it is, or cut short (never inside a character) plus a hash.</summary>
    internal static string Shorten(string database)
    {
        if (Encoding.UTF8.GetByteCount(database) <= MaxNameBytes)
        {
            return database;
        }

        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..8].ToLowerInvariant();
        var kept = new StringBuilder();
        int bytes = 0;
        foreach (Rune rune in database.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxNameBytes - hash.Length - 1)
            {
                break;
            }

            kept.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        return kept + "~" + hash;
    }

    /// <summary>
    /// True for the in-flight files a backup writes (artifacts, manifests, staging copies, probes) and those of a
    /// backup's verification record, so that clean-up of dead runs never touches other in-flight files (a restore's)
    /// that share a folder. The catalog lists none of a record's as a backup (<c>VerificationRecord.IsInFlight</c>).
    /// </summary>
    internal static bool IsBackupInFlight(string fileName) =>
        TempFiles.IsInFlight(fileName) && BackupFile().IsMatch(fileName[..fileName.LastIndexOf(TempFiles.Marker, StringComparison.Ordinal)]);

    /// <summary>True for a committed artifact's name (<c>&lt;database&gt;-&lt;timestamp&gt;[-N].&lt;ext&gt;</c>), not a manifest or record.</summary>
    internal static bool IsArtifactName(string fileName) =>
        ArtifactFile().IsMatch(fileName) && !fileName.EndsWith(BackupManifest.Suffix, StringComparison.Ordinal) && !fileName.EndsWith(".verified.json", StringComparison.Ordinal);

    /// <summary>
    /// The database and creation time in the name of a file a backup writes (an artifact, or an in-flight file of one:
    /// <c>app-20261126T093000123Z-2.db.zst.tmp-…</c>); false for a name without a timestamp (a staging copy).
    /// </summary>
    internal static bool TryParseStamp(string fileName, out string database, out DateTime createdUtc)
    {
        database = string.Empty;
        createdUtc = DateTime.MinValue;
        int marker = fileName.IndexOf(TempFiles.Marker, StringComparison.Ordinal);
        string bare = marker < 0 ? fileName : fileName[..marker];
        Match match = Timestamp().Match(bare);
        if (!match.Success || match.Index == 0
            || !DateTime.TryParseExact(match.Groups["stamp"].Value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime parsed))
        {
            return false;
        }

        database = bare[..match.Index];
        createdUtc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        return true;
    }

    [GeneratedRegex(@"-\d{8}T\d{9}Z(-\d+)?\.[^/]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ArtifactFile();

    [GeneratedRegex(@"-(?<stamp>\d{8}T\d{9}Z)(-\d+)?", RegexOptions.CultureInvariant | RegexOptions.RightToLeft)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"(-\d{8}T\d{9}Z(-\d+)?\.[^-]+|\.snapshot(-tail)?|^\.opsmodule-probe)\z", RegexOptions.CultureInvariant)]
    private static partial Regex BackupFile();
}
