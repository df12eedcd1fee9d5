using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace OpsModule.Engine.Health;

/// <summary>
/// A definition file: named checks with their thresholds and tags, and optional defaults.
/// <code>
/// { "Defaults": { "TimeoutSec": 5, "RetryCount": 1 },
///   "Checks": [ { "Name": "api", "Kind": "Http", "Uri": "https://api/health", "Tags": ["prod"] } ] }
/// </code>
/// A .psd1 has the same shape (read by the cmdlet with Import-PowerShellDataFile); a bare list of checks is accepted too.
/// </summary>
internal static class HealthDefinition
{
    private static readonly string[] DefaultKeys = ["TimeoutSec", "RetryCount", "RetryInterval"];

    /// <summary>Reads a JSON definition file. A file that is not a definition at all is an OpsException; a bad check becomes an Unknown spec.</summary>
    internal static IReadOnlyList<HealthCheckSpec> ReadJson(string file, HealthDefaults defaults)
    {
        object? root;
        try
        {
            // As Get-Content | ConvertFrom-Json reads it: by its byte order mark (UTF-8, UTF-16, UTF-32), else UTF-8.
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = FromJson(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(file, $"cannot be read as JSON: {ex.Message}", ex);
        }

        return Parse(root, defaults, file);
    }

    /// <summary>Turns a parsed definition (maps, lists and plain values) into checks.</summary>
    internal static IReadOnlyList<HealthCheckSpec> Parse(object? root, HealthDefaults defaults, string source)
    {
        IEnumerable checks;
        if (AsMap(root) is { } map)
        {
            Dictionary<string, object?> top = map;
            string? unknown = top.Keys.FirstOrDefault(key => !key.Equals("Checks", StringComparison.OrdinalIgnoreCase) && !key.Equals("Defaults", StringComparison.OrdinalIgnoreCase));
            if (unknown is not null)
            {
                throw Invalid(source, $"has an unknown top-level key '{unknown}' (expected Checks and optionally Defaults)");
            }

            if (top.TryGetValue("Defaults", out object? defaultsValue) && defaultsValue is not null)
            {
                defaults = ReadDefaults(AsMap(defaultsValue) ?? throw Invalid(source, "has Defaults that are not a map"), defaults, source);
            }

            checks = top.TryGetValue("Checks", out object? list) && list is IEnumerable items and not string and not IDictionary
                ? items
                : throw Invalid(source, "has no Checks list");
        }
        else if (root is IEnumerable items and not string)
        {
            checks = items;
        }
        else
        {
            throw Invalid(source, "is neither a list of checks nor a map with a Checks list");
        }

        var specs = new List<HealthCheckSpec>();
        var explicitNames = new List<string?>();
        int index = 0;
        foreach (object? entry in checks)
        {
            index++;
            string fallback = $"check {index}";
            if (AsMap(entry) is not { } settings)
            {
                specs.Add(new HealthCheckSpec { Name = fallback, Kind = "Unknown", Problem = $"Entry {index} of the definition is not a map of settings.", Timeout = defaults.Timeout });
                explicitNames.Add(null);
                continue;
            }

            HealthCheckSpec spec = HealthCheckFactory.Create(new HealthOptions(RelativeToFile(settings, source)), defaults, strict: true, fallback);
            bool named = settings.Keys.Any(key => key.Equals("Name", StringComparison.OrdinalIgnoreCase));
            int first = named ? explicitNames.FindIndex(n => n is not null && n.Equals(spec.Name, StringComparison.OrdinalIgnoreCase)) : -1;
            explicitNames.Add(named ? spec.Name : null);
            if (first >= 0)
            {
                // Results are told apart by Name (Where-Object Name -eq 'api'): a repeated name would make two answer as one.
                spec = new HealthCheckSpec { Name = spec.Name, Kind = spec.Kind, Target = spec.Target, Tags = spec.Tags, Timeout = defaults.Timeout, Problem = $"Entry {index} of the definition repeats the name '{spec.Name}' of entry {first + 1}; give each check its own Name." };
            }

            specs.Add(spec);
        }

        return specs;
    }

    /// <summary>Only the checks with at least one of the tags (case-insensitive); every check without tags given.</summary>
    internal static IReadOnlyList<HealthCheckSpec> WithTags(IReadOnlyList<HealthCheckSpec> specs, IReadOnlyCollection<string> tags) =>
        tags.Count == 0 ? specs : specs.Where(spec => spec.Tags.Any(tag => tags.Contains(tag, StringComparer.OrdinalIgnoreCase))).ToList();

    /// <summary>Relative Path and Location settings are relative to the definition file's folder, wherever the call runs.</summary>
    private static Dictionary<string, object?> RelativeToFile(Dictionary<string, object?> settings, string source)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? string.Empty;
        var result = new Dictionary<string, object?>(settings, StringComparer.OrdinalIgnoreCase);
        foreach (string key in (string[])["Path", "Location"])
        {
            if (result.TryGetValue(key, out object? value) && value is string text && text.Length > 0 && !Path.IsPathRooted(text)
                && !text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && Storage.BackupStores.ForeignScheme(text) is null)
            {
                result[key] = Path.GetFullPath(Path.Combine(folder, text));
            }
        }

        return result;
    }

    private static HealthDefaults ReadDefaults(Dictionary<string, object?> map, HealthDefaults fallback, string source)
    {
        string? unknown = map.Keys.FirstOrDefault(key => !DefaultKeys.Contains(key, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw Invalid(source, $"has an unknown default '{unknown}' (Defaults may set {string.Join(", ", DefaultKeys)})");
        }

        var options = new HealthOptions(map);
        try
        {
            (TimeSpan timeout, int retries, TimeSpan interval) = HealthCheckFactory.Timing(options, fallback);
            return new HealthDefaults { Timeout = timeout, RetryCount = retries, RetryInterval = interval };
        }
        catch (HealthDefinitionException ex)
        {
            throw Invalid(source, "has bad Defaults: " + ex.Message, ex);
        }
    }

    private static Dictionary<string, object?>? AsMap(object? value) => value switch
    {
        Dictionary<string, object?> map => map,
        IDictionary map => map.Keys.Cast<object>().ToDictionary(key => Convert.ToString(key, CultureInfo.InvariantCulture)!, key => map[key], StringComparer.OrdinalIgnoreCase),
        _ => null,
    };

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.OrdinalIgnoreCase),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out long whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static OpsException Invalid(string source, string problem, Exception? inner = null) =>
        new(ErrorIds.InvalidHealthDefinition, OpsErrorCategory.InvalidData, source,
            $"The health check definition '{source}' {problem.TrimEnd('.')}. See Get-Help Get-ServiceHealth -Parameter Definition.", inner);
}
