using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace OpsModule.Engine.Health.Checks;

/// <summary>
/// One assertion on a JSON body: a dotted path (<c>status</c>, <c>services.database</c>, <c>services.*</c> for every
/// value under services, <c>checks.0.state</c> for an array element) and the allowed value or values
/// (compared as text, case-insensitive).
/// </summary>
internal sealed class JsonAssertion
{
    private readonly string[] _segments;
    private readonly string[] _allowed;

    internal JsonAssertion(string path, object? expected)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new HealthDefinitionException("A JSON assertion needs a path such as 'status' or 'services.*'.");
        }

        Path = path;
        _segments = path.Split('.');
        _allowed = expected switch
        {
            null => ["null"],
            string text => [text],
            bool b => [b ? "true" : "false"],
            IEnumerable items => items.Cast<object?>().Select(Text).ToArray(),
            _ => [Text(expected)],
        };
        if (_allowed.Length == 0)
        {
            throw new HealthDefinitionException($"The JSON assertion '{path}' allows no value.");
        }
    }

    internal string Path { get; }

    /// <summary>The failing components: the concrete path of each value that is missing or not allowed, and why.</summary>
    internal IEnumerable<(string Path, string Problem)> Check(JsonElement root)
    {
        var found = new List<(string, JsonElement)>();
        bool missing = !Walk(root, 0, string.Empty, found);
        if (missing || found.Count == 0)
        {
            yield return (Path, $"the JSON body has no '{Path}'");
            yield break;
        }

        foreach ((string path, JsonElement value) in found)
        {
            string actual = ValueText(value);
            if (!_allowed.Contains(actual, StringComparer.OrdinalIgnoreCase))
            {
                string expected = _allowed.Length == 1 ? $"'{_allowed[0]}'" : "one of " + string.Join(", ", _allowed.Select(a => $"'{a}'"));
                yield return (path, $"{path} is '{actual}' (expected {expected})");
            }
        }
    }

    private bool Walk(JsonElement element, int index, string prefix, List<(string, JsonElement)> found)
    {
        if (index == _segments.Length)
        {
            found.Add((prefix, element));
            return true;
        }

        string segment = _segments[index];
        string Join(string name) => prefix.Length == 0 ? name : prefix + "." + name;
        if (segment == "*")
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(p => Walk(p.Value, index + 1, Join(p.Name), found));
                case JsonValueKind.Array:
                    int i = 0;
                    return element.EnumerateArray().All(item => Walk(item, index + 1, Join((i++).ToString(CultureInfo.InvariantCulture)), found));
                default:
                    return false;
            }
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (property.Name.Equals(segment, StringComparison.OrdinalIgnoreCase))
                {
                    return Walk(property.Value, index + 1, Join(property.Name), found);
                }
            }

            return false;
        }

        if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int position) && position < element.GetArrayLength())
        {
            return Walk(element[position], index + 1, Join(segment), found);
        }

        return false;
    }

    private static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static string Text(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
