using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

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

    /// <summary>Engine-specific facts (SQLite: pageSize, pageCount, journalMode, method).</summary>
    public Dictionary<string, string>? Details { get; set; }

    internal byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    internal static BackupManifest Parse(byte[] json) =>
        JsonSerializer.Deserialize<BackupManifest>(json, Options) ?? throw new JsonException("The manifest is empty.");

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
    };
}
