using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace OpsModule.Engine.Logs;

/// <summary>
/// What a JSON line holds beyond its message, read only for entries whose message is built: the exception or stack
/// trace (pino's and bunyan's <c>err.stack</c>, winston's <c>stack</c>, Microsoft.Extensions.Logging's JSON console
/// <c>Exception</c>, Serilog's <c>@x</c>, <c>exception</c>, ECS's <c>error.stack_trace</c>, logstash-logback's
/// <c>stack_trace</c>, python-json-logger's <c>exc_info</c>) and PostgreSQL jsonlog's detail, hint, context and statement,
/// shown by -Entries after the message; and Serilog's compact JSON, whose message is its template (<c>@mt</c>) with the
/// line's values.
/// </summary>
internal sealed partial class LineParser
{
    /// <summary>Read the text -Entries shows after a JSON line's message (<see cref="LogLine.Details"/>).</summary>
    internal bool KeepDetails { get; init; }

    /// <summary>
    /// For a JSON line whose message was built: renders a Serilog message template (<paramref name="clefTemplate"/>) with
    /// the line's values, and, with <see cref="KeepDetails"/>, reads the stack trace and PostgreSQL's details.
    /// </summary>
    private void JsonExtras(ReadOnlySpan<byte> utf8, bool clefTemplate, ref LogLine parsed)
    {
        if (parsed.Message is null || !(KeepDetails || (clefTemplate && parsed.Message.Contains('{', StringComparison.Ordinal))))
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            Dictionary<string, (string Text, bool IsString)>? values = clefTemplate ? new(StringComparer.Ordinal) : null;
            string? stack = null;
            List<string>? postgres = null;
            bool postgresLine = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString() ?? string.Empty;
                if (!reader.Read())
                {
                    return;
                }

                int start = (int)reader.TokenStartIndex;
                bool container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
                if (KeepDetails && stack is null)
                {
                    if (reader.TokenType == JsonTokenType.String && IsStackName(name))
                    {
                        stack = reader.GetString();
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject && IsErrorObjectName(name))
                    {
                        Utf8JsonReader copy = reader;
                        stack = NestedStack(ref copy);
                    }
                }

                if (KeepDetails && reader.TokenType == JsonTokenType.String)
                {
                    postgresLine |= name.Equals("error_severity", StringComparison.OrdinalIgnoreCase);
                    string? label = name switch
                    {
                        "detail" => "DETAIL:  ",
                        "hint" => "HINT:  ",
                        "context" => "CONTEXT:  ",
                        "statement" => "STATEMENT:  ",
                        _ => null,
                    };
                    if (label is not null)
                    {
                        (postgres ??= []).Add(label + reader.GetString());
                    }
                }

                if (container)
                {
                    reader.Skip();
                }

                if (values is not null && !values.ContainsKey(name))
                {
                    values[name] = reader.TokenType switch
                    {
                        JsonTokenType.String => (reader.GetString() ?? string.Empty, true),
                        _ => (Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]), false),
                    };
                }
            }

            if (values is not null)
            {
                string wildcards = ClefTemplate(parsed.Message, null, out int holes);
                parsed.TemplateText = holes > 0 ? wildcards : null;
                parsed.Message = ClefTemplate(parsed.Message, values, out _);
            }

            var details = new StringBuilder();
            if (stack is { Length: > 0 })
            {
                details.Append(stack.TrimEnd());
            }

            if (postgresLine && postgres is not null)
            {
                foreach (string part in postgres)
                {
                    details.Append(details.Length > 0 ? "\n" : string.Empty).Append(part);
                }
            }

            parsed.Details = details.Length > 0 ? details.ToString() : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The line was read as JSON already; a value the reader cannot give as a string keeps the message as it is.
        }
    }

    /// <summary>Keys whose string value is a stack trace or an exception's text.</summary>
    private static bool IsStackName(string name) =>
        name.Equals("stack", StringComparison.OrdinalIgnoreCase) || name.Equals("stack_trace", StringComparison.OrdinalIgnoreCase)
        || name.Equals("stacktrace", StringComparison.OrdinalIgnoreCase) || name.Equals("exception", StringComparison.OrdinalIgnoreCase)
        || name.Equals("@x", StringComparison.OrdinalIgnoreCase) || name.Equals("error.stack_trace", StringComparison.OrdinalIgnoreCase)
        || name.Equals("exc_info", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keys of an error object that holds the stack (pino's and bunyan's err, ECS's error).</summary>
    private static bool IsErrorObjectName(string name) =>
        name.Equals("err", StringComparison.OrdinalIgnoreCase) || name.Equals("error", StringComparison.OrdinalIgnoreCase)
        || name.Equals("exception", StringComparison.OrdinalIgnoreCase);

    /// <summary>The stack string inside an error object (the reader on its start; read on a copy), or null.</summary>
    private static string? NestedStack(ref Utf8JsonReader reader)
    {
        int depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
            {
                string name = reader.GetString() ?? string.Empty;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (name.Equals("stack", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("stack_trace", StringComparison.OrdinalIgnoreCase) || name.Equals("stacktrace", StringComparison.OrdinalIgnoreCase)))
                {
                    return reader.GetString();
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A Serilog message template with each property (<c>{Name}</c>, <c>{@Name}</c>, <c>{$Name}</c>, <c>{Name:format}</c>,
    /// <c>{Name,10}</c>) replaced by its value on the line, as Serilog renders it (a string in quotes unless its format is
    /// <c>l</c>, other values as written); a property without a value stays as written; <c>{{</c> and <c>}}</c> are braces.
    /// Without <paramref name="values"/>, each property becomes the template wildcard, so every event of one template
    /// groups as one.
    /// </summary>
    internal static string ClefTemplate(string template, Dictionary<string, (string Text, bool IsString)>? values, out int holes)
    {
        holes = 0;
        var result = new StringBuilder(template.Length + 16);
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                result.Append('{');
                i += 2;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                result.Append('}');
                i += 2;
                continue;
            }

            int close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                result.Append(c);
                i++;
                continue;
            }

            ReadOnlySpan<char> hole = template.AsSpan(i + 1, close - i - 1);
            ReadOnlySpan<char> name = hole.Length > 0 && hole[0] is '@' or '$' ? hole[1..] : hole;
            int formatAt = name.IndexOfAny(':', ',');
            string format = formatAt >= 0 && name[formatAt] == ':' ? name[(formatAt + 1)..].ToString() : string.Empty;
            if (formatAt >= 0)
            {
                name = name[..formatAt];
            }

            if (!IsPropertyName(name))
            {
                result.Append(c);
                i++;
                continue;
            }

            holes++;
            if (values is null)
            {
                result.Append(TemplateMasker.Wildcard);
            }
            else if (values.TryGetValue(name.ToString(), out (string Text, bool IsString) value))
            {
                result.Append(value.IsString && format != "l" ? "\"" + value.Text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : value.Text);
            }
            else
            {
                result.Append(template, i, close - i + 1);
            }

            i = close + 1;
        }

        return result.ToString();
    }

    private static bool IsPropertyName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
