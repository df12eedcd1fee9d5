using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Catalog;

/// <summary>
/// <c>&lt;artifact&gt;.verified.json</c>: the outcome of the last verification of a backup, written beside it
/// (the manifest is never rewritten). It counts only while its SHA-256 is the manifest's.
/// </summary>
internal sealed class VerificationRecord
{
    internal const string Suffix = ".verified.json";

    /// <summary>The <see cref="Tool"/> of a restore test's record (Test-DisasterRecovery).</summary>
    internal const string RestoreTestTool = "Test-DisasterRecovery";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int FormatVersion { get; set; } = 1;

    public DateTime Checked { get; set; }

    public bool Verified { get; set; }

    public string Detail { get; set; } = string.Empty;

    /// <summary>The manifest's SHA-256 the check was made against.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>What wrote it (Test-DatabaseBackup, Test-DisasterRecovery).</summary>
    public string? Tool { get; set; }

    public string? ModuleVersion { get; set; }

    internal byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <summary>
    /// True for a record's in-flight file (<c>&lt;artifact&gt;.verified.json.tmp-&lt;random&gt;</c>, left by a verification that
    /// was killed while writing it): no backup, complete or not.
    /// </summary>
    internal static bool IsInFlight(string fileName) =>
        TempFiles.IsInFlight(fileName) && fileName[..fileName.LastIndexOf(TempFiles.Marker, StringComparison.Ordinal)].EndsWith(Suffix, StringComparison.Ordinal);

    internal static VerificationRecord? TryParse(byte[]? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<VerificationRecord>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
