using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Health;

/// <summary>A check's definition as a bag of named settings (from a definition file or from cmdlet parameters) with typed, validating getters.</summary>
internal sealed class HealthOptions
{
    private readonly Dictionary<string, object?> _values;
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    internal HealthOptions(IEnumerable<KeyValuePair<string, object?>> values)
    {
        _values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, object?> pair in values)
        {
            _values[pair.Key] = pair.Value;
        }
    }

    /// <summary>The settings no getter asked for (misspelt or not meant for this kind of check).</summary>
    internal IEnumerable<string> Unread => _values.Keys.Where(key => !_read.Contains(key));

    internal bool Has(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out object? value) && value is not null;
    }

    internal string? String(string key)
    {
        object? value = Raw(key);
        return value switch
        {
            null => null,
            string text => text,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    internal string RequiredString(string key, string kind)
    {
        string? value = String(key);
        return string.IsNullOrWhiteSpace(value) ? throw new HealthDefinitionException($"A {kind} check needs '{key}'.") : value;
    }

    /// <summary>What a check looks at: its own key (Uri, Path, ...) or the generic Target.</summary>
    internal string Target(string key, string kind)
    {
        string? value = String(key) ?? String("Target");
        return string.IsNullOrWhiteSpace(value) ? throw new HealthDefinitionException($"A {kind} check needs '{key}'.") : value;
    }

    internal double? Double(string key)
    {
        object? value = Raw(key);
        return value switch
        {
            null => null,
            double d when !double.IsFinite(d) => throw Invalid(key, value, "a finite number"),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && !double.IsFinite(parsed) => throw Invalid(key, value, "a finite number"),
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
            _ => throw Invalid(key, value, "a number"),
        };
    }

    internal long? Long(string key)
    {
        double? value = Double(key);
        return value is null ? null : checked((long)value.Value);
    }

    internal int? Int(string key)
    {
        double? value = Double(key);
        if (value is null)
        {
            return null;
        }

        return value.Value is >= int.MinValue and <= int.MaxValue && Math.Abs(value.Value % 1) < double.Epsilon
            ? (int)value.Value
            : throw Invalid(key, value, "a whole number");
    }

    internal TimeSpan? TimeSpanValue(string key)
    {
        // The same reading as a parameter's: an unquoted 2d in a .psd1 is PowerShell's decimal 2 (days), 30s its short 30 (seconds).
        object? value = Raw(key);
        return value is null ? null
            : Duration.TryFromValue(value, requireUnit: false, out TimeSpan span, out _) ? span
            : throw Invalid(key, value, "a duration (250ms, 5s, 15m, 26h, 7d or a number of seconds)");
    }

    internal bool Switch(string key)
    {
        object? value = Raw(key);
        return value switch
        {
            null => false,
            bool b => b,
            string text when bool.TryParse(text, out bool parsed) => parsed,
            _ => throw Invalid(key, value, "true or false"),
        };
    }

    internal IReadOnlyList<string> Strings(string key)
    {
        object? value = Raw(key);
        return value switch
        {
            null => [],
            string text => [text],
            IEnumerable items => items.Cast<object?>().Where(item => item is not null).Select(item => Convert.ToString(item, CultureInfo.InvariantCulture)!).ToList(),
            _ => [Convert.ToString(value, CultureInfo.InvariantCulture)!],
        };
    }

    internal IReadOnlyList<int> Ints(string key)
    {
        var result = new List<int>();
        foreach (string text in Strings(key))
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
            {
                throw Invalid(key, text, "whole numbers");
            }

            result.Add(number);
        }

        return result;
    }

    /// <summary>A nested map (headers, JSON assertions); its values stay as given (strings, numbers or lists).</summary>
    internal IReadOnlyDictionary<string, object?> Map(string key)
    {
        object? value = Raw(key);
        return value switch
        {
            null => new Dictionary<string, object?>(),
            IDictionary<string, object?> map => new Dictionary<string, object?>(map, StringComparer.OrdinalIgnoreCase),
            IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture)!, k => map[k], StringComparer.OrdinalIgnoreCase),
            _ => throw Invalid(key, value, "a map of names to values"),
        };
    }

    private object? Raw(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out object? value) ? value : null;
    }

    /// <summary>Settings whose values may hold a secret (a bearer token, a password, a key): a message never quotes them.</summary>
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Header", "Password", "Username", "SecretKey", "AccessKey", "ProfileName", "ConnectionString", "Uri", "Target", "Location", "EndpointUrl",
    };

    private static HealthDefinitionException Invalid(string key, object? value, string expected) =>
        new(SecretKeys.Contains(key)
            ? $"'{key}' must be {expected}{(key.Equals("Header", StringComparison.OrdinalIgnoreCase) ? ", e.g. @{ Authorization = 'Bearer ...' }" : string.Empty)}; the value given is not shown, as it may hold a secret."
            : $"'{key}' must be {expected}, not '{value}'.");
}

/// <summary>A check's definition is unusable; the check is reported as Unknown with this message.</summary>
internal sealed class HealthDefinitionException : Exception
{
    public HealthDefinitionException(string message)
        : base(message)
    {
    }

    public HealthDefinitionException()
    {
    }

    public HealthDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
