using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Backup;

/// <summary>
/// The outcome of the last verification of a backup, kept beside it as <c>&lt;artifact&gt;.verified.json</c> (the
/// manifest is never rewritten). Documented in docs/backup-manifest.md; readers ignore fields they do not know.
/// </summary>
internal sealed class VerificationRecord
{
    /// <summary>The file name suffix, appended to the artifact's name.</summary>
    internal const string Suffix = ".verified.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int FormatVersion { get; set; } = 1;

    /// <summary>The artifact verified (its file name).</summary>
    public string Artifact { get; set; } = string.Empty;

    /// <summary>The artifact's SHA-256 from its manifest, so a record never vouches for another artifact of the same name.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>When the verification ran (UTC).</summary>
    public DateTime Verified { get; set; }

    public bool Passed { get; set; }

    /// <summary>What verified it, e.g. <c>Test-DisasterRecovery</c>.</summary>
    public string Method { get; set; } = string.Empty;

    public string ModuleVersion { get; set; } = string.Empty;

    public string? Host { get; set; }

    public double? BackupAgeSeconds { get; set; }

    public double? RestoreSeconds { get; set; }

    public bool? RpoMet { get; set; }

    public bool? RtoMet { get; set; }

    public List<CheckEntry> Checks { get; set; } = [];

    /// <summary>Writes the record beside the artifact, replacing an older one in one step.</summary>
    internal static void Write(IBackupSource source, string artifact, VerificationRecord record)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(record, Options);
        string name = artifact + Suffix;
        string path = source.PathOf(name);
        if (path.Contains("://", StringComparison.Ordinal))
        {
            IBackupStore store = BackupStores.ForWriting(source.Location);
            store.TryDelete(name);
            store.WriteAtomically(name, json);
            return;
        }

        string temp = TempFiles.NameFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(json);
                stream.Flush(flushToDisk: true);
            }

            DurableMove.Move(temp, path, overwrite: true);
        }
        finally
        {
            TempFiles.TryDelete(temp);
        }
    }

    /// <summary>Reads the record of an artifact; null when there is none, it is unreadable, or it is for other bytes.</summary>
    internal static VerificationRecord? TryRead(IBackupSource source, string artifact, string sha256)
    {
        try
        {
            string name = artifact + Suffix;
            if (source.SizeOf(name) < 0)
            {
                return null;
            }

            using Stream stream = source.OpenRead(name);
            VerificationRecord? record = JsonSerializer.Deserialize<VerificationRecord>(stream, Options);
            return record is not null && string.Equals(record.Sha256, sha256, StringComparison.OrdinalIgnoreCase) ? record : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static List<CheckEntry> From(IEnumerable<RecoveryCheck> checks) =>
        checks.Select(c => new CheckEntry { Name = c.Name, Passed = c.Passed, DurationSeconds = c.Duration.TotalSeconds, Detail = c.Detail }).ToList();

    /// <summary>One check of the verification.</summary>
    internal sealed class CheckEntry
    {
        public string Name { get; set; } = string.Empty;

        public bool Passed { get; set; }

        public double DurationSeconds { get; set; }

        public string Detail { get; set; } = string.Empty;
    }
}
