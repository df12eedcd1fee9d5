using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpsModule;

namespace OpsModule.Engine.Backup;

/// <summary>
/// The JSON document beside each artifact, written last: a backup counts only with it.
/// Documented in docs/backup-manifest.md; readers ignore fields they do not know.
/// </summary>
internal sealed class BackupManifest
{
    /// <summary>The format this version writes.</summary>
    internal const int CurrentFormatVersion = 1;

    /// <summary>The manifest's file name suffix, appended to the artifact's name.</summary>
    internal const string Suffix = ".manifest.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public int FormatVersion { get; set; } = CurrentFormatVersion;

    public string Engine { get; set; } = string.Empty;

    public string Database { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    public string Artifact { get; set; } = string.Empty;

    public DateTime Created { get; set; }

    public double DurationSeconds { get; set; }

    public string ModuleVersion { get; set; } = string.Empty;

    public string EngineVersion { get; set; } = string.Empty;

    public BackupCompression Compression { get; set; }

    public long Size { get; set; }

    public long DatabaseSize { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public Dictionary<string, long> Tables { get; set; } = new(StringComparer.Ordinal);

    public string? Host { get; set; }

    /// <summary>Server-side encryption requested for the objects (S3: <c>AES256</c> or <c>aws:kms</c>), if any.</summary>
    public string? ServerSideEncryption { get; set; }

    /// <summary>The KMS key id or ARN requested with <c>aws:kms</c> (null: the account's default key).</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>Client-side encryption of the artifact (algorithm, key fingerprint, chunk size), if any; never the key.</summary>
    public ManifestEncryption? Encryption { get; set; }

    /// <summary>True when the artifact was read back from the store and its size and SHA-256 matched before the manifest was written.</summary>
    public bool? VerifiedAfterUpload { get; set; }

    /// <summary>Engine-specific facts (SQLite: pageSize, pageCount, journalMode, method).</summary>
    public Dictionary<string, string>? Details { get; set; }

    internal byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <summary>
    /// The manifest in <paramref name="json"/>. A manifest of this format (or older) without its engine, database,
    /// creation time, size or SHA-256 is unreadable (JsonException), like broken JSON: it cannot vouch for a backup.
    /// </summary>
    internal static BackupManifest Parse(byte[] json)
    {
        return ParseChecked(json);
    }

    /// <summary>
    /// What is wrong with a manifest that <see cref="Parse"/> refused, in words: where its JSON breaks, which value cannot be
    /// read, or (for the checks of this class) what it lacks; never the JSON reader's own text.
    /// </summary>
    internal static string Problem(JsonException ex)
    {
        if (ex.LineNumber is not long line)
        {
            return ex.Message.TrimEnd('.');
        }

        string where = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {line + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}");
        return ex.Path is string path && path.Length > 1
            ? $"its value '{path.TrimStart('$', '.')}' cannot be read at {where}"
            : $"it is not valid JSON at {where}";
    }

    /// <summary>InvalidManifest for a manifest that cannot be read: the same id and words in every cmdlet.</summary>
    internal static OpsException Unreadable(string manifestPath, JsonException ex) => new(
        ErrorIds.InvalidManifest,
        OpsErrorCategory.InvalidData,
        manifestPath,
        $"The manifest '{manifestPath}' cannot be read: {Problem(ex)}. It was not written by Backup-Database or was changed since; use another backup.",
        ex);

    private static BackupManifest ParseChecked(byte[] json)
    {
        BackupManifest manifest = JsonSerializer.Deserialize<BackupManifest>(json, Options) ?? throw new JsonException("The manifest is empty.");
        if (manifest.FormatVersion > CurrentFormatVersion)
        {
            return manifest;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(manifest.Engine))
        {
            missing.Add("engine");
        }

        if (string.IsNullOrWhiteSpace(manifest.Database))
        {
            missing.Add("database");
        }

        if (manifest.Created == default)
        {
            missing.Add("created");
        }

        if (manifest.Size < 0)
        {
            missing.Add("size");
        }

        if (manifest.Sha256.Length != 64 || !manifest.Sha256.All(Uri.IsHexDigit))
        {
            missing.Add("sha256");
        }

        return missing.Count == 0
            ? manifest
            : throw new JsonException($"The manifest has no valid {string.Join(", ", missing)}.");
    }

    internal BackupInfo ToBackupInfo(string location, string backupPath, string manifestPath) => new()
    {
        Engine = Engine,
        Database = Database,
        Source = Source,
        Location = location,
        BackupPath = backupPath,
        ManifestPath = manifestPath,
        Size = Size,
        DatabaseSize = DatabaseSize,
        Sha256 = Sha256,
        Compression = Compression,
        Created = DateTime.SpecifyKind(Created, DateTimeKind.Utc),
        Duration = TimeSpan.FromSeconds(DurationSeconds),
        TableCounts = new Dictionary<string, long>(Tables, StringComparer.Ordinal),
        EngineVersion = EngineVersion,
        ModuleVersion = ModuleVersion,
        FormatVersion = FormatVersion,
        Encryption = Encryption?.Algorithm,
        Host = Host ?? string.Empty,
        GlobalsBackupPath = Details is not null && Details.TryGetValue("globalsArtifact", out string? globals) && globals.Length > 0
            ? backupPath[..(backupPath.LastIndexOfAny(['/', '\\']) + 1)] + globals
            : null,
    };
}

/// <summary>The manifest's record of client-side encryption (docs/backup-manifest.md).</summary>
internal sealed class ManifestEncryption
{
    /// <summary>The format, e.g. <c>AES-256-GCM-CHUNKED-1</c>.</summary>
    public string Algorithm { get; set; } = string.Empty;

    /// <summary>Identifies the key (a SHA-256 based fingerprint), so a wrong key is refused before anything is written.</summary>
    public string KeyFingerprint { get; set; } = string.Empty;

    /// <summary>Plaintext bytes per authenticated chunk.</summary>
    public int ChunkSize { get; set; }
}
