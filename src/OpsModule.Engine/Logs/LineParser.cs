using System;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Logs;

/// <summary>
/// Reads one line of any supported format: where its timestamp, level and message are, and the -Measure and
/// -GroupBy fields. A line that does not start an entry (a stack-trace line) returns false.
/// </summary>
internal sealed partial class LineParser
{
    private const int LevelSearchTokens = 10;
    private static readonly System.Buffers.SearchValues<char> s_bracketSeparators = System.Buffers.SearchValues.Create(" :|/");
    private static readonly System.Buffers.SearchValues<char> s_notInLoggerNames = System.Buffers.SearchValues.Create("\"'=,;()");
    private readonly string? _measureField;
    private readonly string? _groupField;
    private readonly Regex? _custom;

    internal LineParser(string? measureField, string? groupField, Regex? custom)
    {
        _measureField = measureField;
        _groupField = groupField;
        _custom = custom;
    }

    /// <summary>Parses a line. <paramref name="continuationLikely"/> is true when the file's entries start with a timestamp, so an unrecognised line continues the entry above.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal bool TryParse(string line, bool continuationLikely, out LogLine parsed)
    {
        parsed = default;
        if (_custom is not null)
        {
            return TryCustom(line, out parsed);
        }

        if (line.Length == 0)
        {
            return false;
        }

        char first = line[0];
        if (first == ' ' || first == '\t')
        {
            return false;
        }

        if (first == '{' && TryJson(line, ref parsed))
        {
            return true;
        }

        if (first == '<' && TrySyslogPri(line, ref parsed))
        {
            return true;
        }

        if (char.IsLetter(first))
        {
            if (TryDotNetConsole(line, ref parsed) || TrySyslog3164(line, 0, null, ref parsed) || TryPythonBasic(line, ref parsed) || TryLogfmt(line, ref parsed))
            {
                return true;
            }
        }

        if (char.IsDigit(first) && line.Length > 20 && line[2] == '-' && line[5] == ' ' && TryLogcat(line, ref parsed))
        {
            return true;
        }

        if (LooksLikeContinuation(line))
        {
            return false;
        }

        if (!TryText(line, continuationLikely, ref parsed))
        {
            if (continuationLikely)
            {
                return false;
            }
        }

        if (_measureField is not null || _groupField is not null)
        {
            parsed.MeasureValue = _measureField is null ? null : FindKeyValue(line, _measureField);
            parsed.GroupValue = _groupField is null ? null : FindKeyValue(line, _groupField);
        }

        return true;
    }

    /// <summary>Stack-trace and wrapped lines: indented, <c>at ...</c>, <c>Caused by:</c>, <c>Traceback</c>, <c>... N more</c>.</summary>
    private static bool LooksLikeContinuation(string line) =>
        line.StartsWith("at ", StringComparison.Ordinal) || line.StartsWith("Caused by", StringComparison.Ordinal) || line.StartsWith("Traceback", StringComparison.Ordinal)
        || line.StartsWith("...", StringComparison.Ordinal) || line.StartsWith("--- End of", StringComparison.Ordinal) || line.StartsWith("File \"", StringComparison.Ordinal);

    private bool TryCustom(string line, out LogLine parsed)
    {
        parsed = default;
        Match m = _custom!.Match(line);
        if (!m.Success)
        {
            return false;
        }

        parsed.Format = LogFormat.Custom;
        Group level = m.Groups["level"];
        if (level.Success)
        {
            parsed.Level = level.ValueSpan.Length > 0 && char.IsDigit(level.ValueSpan[0]) && int.TryParse(level.ValueSpan, out int n) && n <= 7
                ? LevelNames.FromSyslog(n)
                : LevelNames.Parse(level.ValueSpan.Trim(), allowSingleLetter: true);
        }

        Group ts = m.Groups["timestamp"];
        if (ts.Success && TimestampParser.TryParseValue(ts.Value, out RawTimestamp stamp))
        {
            parsed.HasTimestamp = true;
            parsed.Timestamp = stamp;
        }

        Group message = m.Groups["message"];
        parsed.Message = message.Success ? message.Value : line;
        if (_measureField is not null)
        {
            Group g = m.Groups[_measureField];
            parsed.MeasureValue = g.Success ? g.Value : FindKeyValue(line, _measureField);
        }

        if (_groupField is not null)
        {
            Group g = m.Groups[_groupField];
            parsed.GroupValue = g.Success ? g.Value : FindKeyValue(line, _groupField);
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryJson(string line, ref LogLine parsed)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return false;
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            parsed.Format = LogFormat.JsonLines;
            string? message = null;
            foreach (JsonProperty property in doc.RootElement.EnumerateObject())
            {
                string name = property.Name;
                JsonElement value = property.Value;
                switch (Classify(name))
                {
                    case JsonField.Level when parsed.Level == LogLevel.Unknown:
                        parsed.Level = JsonLevel(name, value);
                        break;
                    case JsonField.Priority:
                        LogLevel fromPriority = JsonLevel(name, value);
                        if (fromPriority != LogLevel.Unknown)
                        {
                            parsed.Level = fromPriority;
                        }

                        break;
                    case JsonField.Message when message is null && value.ValueKind == JsonValueKind.String:
                        message = value.GetString();
                        break;
                    case JsonField.Timestamp when !parsed.HasTimestamp:
                        if (JsonTimestamp(value, out RawTimestamp stamp))
                        {
                            parsed.HasTimestamp = true;
                            parsed.Timestamp = stamp;
                        }

                        break;
                    case JsonField.Log when value.ValueKind == JsonValueKind.Object && value.TryGetProperty("level", out JsonElement nested) && parsed.Level == LogLevel.Unknown:
                        parsed.Level = JsonLevel("level", nested);
                        break;
                    default:
                        break;
                }

                if (_measureField is not null && string.Equals(name, _measureField, StringComparison.OrdinalIgnoreCase))
                {
                    parsed.MeasureValue = Scalar(value);
                }

                if (_groupField is not null && string.Equals(name, _groupField, StringComparison.OrdinalIgnoreCase))
                {
                    parsed.GroupValue = Scalar(value);
                }
            }

            parsed.Message = message ?? line;
            return true;
        }
    }

    private enum JsonField
    {
        Other,
        Level,
        Priority,
        Message,
        Timestamp,
        Log,
    }

    private static JsonField Classify(string name)
    {
        if (name.Length > 24)
        {
            return JsonField.Other;
        }

        Span<char> lower = stackalloc char[name.Length];
        name.AsSpan().ToLowerInvariant(lower);
        return lower switch
        {
            "level" or "severity" or "lvl" or "loglevel" or "log.level" or "@l" or "levelname" or "level_name" or "leveldisplayname" or "severity_text" or "severitytext" => JsonField.Level,
            "priority" or "syslog.severity" => JsonField.Priority,
            "message" or "msg" or "@m" or "@mt" or "text" or "body" => JsonField.Message,
            "timestamp" or "time" or "@t" or "ts" or "@timestamp" or "datetime" or "date" or "__realtime_timestamp" or "timecreated" or "t" => JsonField.Timestamp,
            "log" => JsonField.Log,
            _ => JsonField.Other,
        };
    }

    private static LogLevel JsonLevel(string name, JsonElement value)
    {
        bool syslog = name.Equals("PRIORITY", StringComparison.OrdinalIgnoreCase) || name.Equals("syslog.severity", StringComparison.OrdinalIgnoreCase);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number))
        {
            return syslog ? LevelNames.FromSyslog((int)number) : LevelNames.FromNumber(number);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            string text = value.GetString() ?? string.Empty;
            if (syslog || (text.Length == 1 && char.IsDigit(text[0])))
            {
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? LevelNames.FromSyslog(n) : LogLevel.Unknown;
            }

            return LevelNames.Parse(text.AsSpan().Trim(), allowSingleLetter: true);
        }

        return LogLevel.Unknown;
    }

    private static bool JsonTimestamp(JsonElement value, out RawTimestamp stamp)
    {
        stamp = default;
        return value.ValueKind switch
        {
            JsonValueKind.String => TimestampParser.TryParseValue(value.GetString() ?? string.Empty, out stamp),
            JsonValueKind.Number when value.TryGetDouble(out double n) => TimestampParser.TryEpoch(n, out stamp),
            _ => false,
        };
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    // <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG (RFC 5424) or <PRI>Mmm dd hh:mm:ss HOST TAG: MSG (RFC 3164)
    private static bool TrySyslogPri(string line, ref LogLine parsed)
    {
        int close = line.IndexOf('>', 1);
        if (close < 2 || close > 4 || !int.TryParse(line.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int pri) || pri > 191)
        {
            return false;
        }

        LogLevel level = LevelNames.FromSyslog(pri & 7);
        int pos = close + 1;
        if (pos + 2 < line.Length && char.IsDigit(line[pos]) && line[pos + 1] == ' ')
        {
            // RFC 5424
            parsed.Format = LogFormat.Syslog;
            parsed.Level = level;
            pos += 2;
            string[] header = new string[5];
            for (int i = 0; i < 5; i++)
            {
                int space = line.IndexOf(' ', pos);
                header[i] = space < 0 ? line[pos..] : line[pos..space];
                pos = space < 0 ? line.Length : space + 1;
            }

            if (header[0] != "-" && TimestampParser.TryParseValue(header[0], out RawTimestamp stamp))
            {
                parsed.HasTimestamp = true;
                parsed.Timestamp = stamp;
            }

            // Structured data: '-' or one or more [id k="v"] elements.
            if (pos < line.Length && line[pos] == '-')
            {
                pos = Math.Min(line.Length, pos + 2);
            }
            else
            {
                while (pos < line.Length && line[pos] == '[')
                {
                    pos = SkipBracket(line, pos);
                }

                while (pos < line.Length && line[pos] == ' ')
                {
                    pos++;
                }
            }

            string message = line[pos..];
            parsed.Message = message.StartsWith('\uFEFF') ? message[1..] : message;
            return true;
        }

        return TrySyslog3164(line, pos, level, ref parsed);
    }

    // Mmm dd hh:mm:ss HOST TAG[PID]: MSG
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TrySyslog3164(string line, int start, LogLevel? level, ref LogLine parsed)
    {
        if (!TimestampParser.TryParse(line.AsSpan(start), out RawTimestamp stamp, out int used) || !stamp.YearMissing)
        {
            return false;
        }

        int pos = start + used;
        if (pos >= line.Length || line[pos] != ' ')
        {
            return false;
        }

        parsed.Format = LogFormat.Syslog;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        pos++;

        // Host, then a tag ending with ':' (the tag may be missing).
        int hostEnd = line.IndexOf(' ', pos);
        int messageStart = pos;
        if (hostEnd > 0)
        {
            int tagEnd = line.IndexOf(' ', hostEnd + 1);
            string tag = tagEnd < 0 ? line[(hostEnd + 1)..] : line[(hostEnd + 1)..tagEnd];
            messageStart = tag.EndsWith(':') ? (tagEnd < 0 ? line.Length : tagEnd + 1) : hostEnd + 1;
        }

        string message = line[messageStart..];
        LogLevel found = level ?? LogLevel.Unknown;
        if (level is null)
        {
            int after = FindLevel(message, out found, firstMayBeLowercase: false);
            if (found != LogLevel.Unknown && after >= 0)
            {
                message = SkipHeader(message, after);
            }
        }

        parsed.Level = found;
        parsed.Message = message;
        return true;
    }

    // fail: Namespace.Category[0]   (message on the next, indented line, or after the category on one line)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryDotNetConsole(string line, ref LogLine parsed)
    {
        if (line.Length < 6 || line[4] != ':' || line[5] != ' ')
        {
            return false;
        }

        LogLevel level = line.AsSpan(0, 4) switch
        {
            "trce" => LogLevel.Trace,
            "dbug" => LogLevel.Debug,
            "info" => LogLevel.Info,
            "warn" => LogLevel.Warning,
            "fail" => LogLevel.Error,
            "crit" => LogLevel.Critical,
            _ => LogLevel.Unknown,
        };
        if (level == LogLevel.Unknown)
        {
            return false;
        }

        parsed.Format = LogFormat.DotNetConsole;
        parsed.Level = level;
        int close = line.IndexOf(']', 6);
        string rest = close > 0 && close + 1 < line.Length ? line[(close + 1)..].Trim() : string.Empty;
        parsed.Message = rest;
        parsed.MessageOnNextLine = rest.Length == 0;
        return true;
    }

    // ERROR:root:message (Python's logging.basicConfig default)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryPythonBasic(string line, ref LogLine parsed)
    {
        int colon = line.IndexOf(':');
        if (colon < 4 || colon > 8)
        {
            return false;
        }

        for (int i = 0; i < colon; i++)
        {
            if (!char.IsAsciiLetterUpper(line[i]))
            {
                return false;
            }
        }

        LogLevel level = LevelNames.Parse(line.AsSpan(0, colon), allowSingleLetter: false);
        int second = line.IndexOf(':', colon + 1);
        if (level == LogLevel.Unknown || second < 0 || line.AsSpan(colon + 1, second - colon - 1).Contains(' '))
        {
            return false;
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.Level = level;
        parsed.Message = line[(second + 1)..];
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryLogfmt(string line, ref LogLine parsed)
    {
        int eq = line.IndexOf('=');
        if (eq <= 0 || eq > 32 || line.AsSpan(0, eq).ContainsAny(' ', '"', ':'))
        {
            return false;
        }

        bool any = false;
        string? message = null;
        int pos = 0;
        while (pos < line.Length)
        {
            while (pos < line.Length && line[pos] == ' ')
            {
                pos++;
            }

            int keyEnd = pos;
            while (keyEnd < line.Length && line[keyEnd] != '=' && line[keyEnd] != ' ')
            {
                keyEnd++;
            }

            if (keyEnd >= line.Length || line[keyEnd] != '=')
            {
                if (keyEnd == pos)
                {
                    break;
                }

                pos = keyEnd;
                continue;
            }

            string key = line[pos..keyEnd];
            string value = ReadLogfmtValue(line, keyEnd + 1, out pos);
            switch (key.ToLowerInvariant())
            {
                case "level" or "lvl" or "severity" or "loglevel":
                    parsed.Level = LevelNames.Parse(value, allowSingleLetter: true);
                    any = true;
                    break;
                case "msg" or "message":
                    message = value;
                    any = true;
                    break;
                case "time" or "ts" or "t" or "timestamp":
                    if (TimestampParser.TryParseValue(value, out RawTimestamp stamp))
                    {
                        parsed.HasTimestamp = true;
                        parsed.Timestamp = stamp;
                    }

                    break;
                default:
                    break;
            }

            if (_measureField is not null && key.Equals(_measureField, StringComparison.OrdinalIgnoreCase))
            {
                parsed.MeasureValue = value;
            }

            if (_groupField is not null && key.Equals(_groupField, StringComparison.OrdinalIgnoreCase))
            {
                parsed.GroupValue = value;
            }
        }

        if (!any)
        {
            parsed = default;
            return false;
        }

        parsed.Format = LogFormat.Logfmt;
        parsed.Message = message ?? line;
        return true;
    }

    private static string ReadLogfmtValue(string line, int pos, out int end)
    {
        if (pos < line.Length && line[pos] == '"')
        {
            var value = new System.Text.StringBuilder();
            int i = pos + 1;
            while (i < line.Length && line[i] != '"')
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                }

                value.Append(line[i]);
                i++;
            }

            end = Math.Min(line.Length, i + 1);
            return value.ToString();
        }

        int space = line.IndexOf(' ', pos);
        end = space < 0 ? line.Length : space;
        return line[pos..end];
    }

    // 03-17 16:13:38.811  1702  2395 D WindowManager: message
    private static bool TryLogcat(string line, ref LogLine parsed)
    {
        Match m = LogcatPattern().Match(line);
        if (!m.Success)
        {
            return false;
        }

        parsed.Format = LogFormat.Logcat;
        parsed.Level = LevelNames.Parse(m.Groups["level"].ValueSpan, allowSingleLetter: true);
        string stamp = string.Create(CultureInfo.InvariantCulture, $"Jan 01 {m.Groups["time"].Value}");
        if (TimestampParser.TryParse(stamp, out RawTimestamp raw, out _))
        {
            int month = int.Parse(m.Groups["month"].ValueSpan, CultureInfo.InvariantCulture);
            int day = int.Parse(m.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
            if (day <= DateTime.DaysInMonth(2000, month))
            {
                DateTime v = raw.Value;
                parsed.HasTimestamp = true;
                parsed.Timestamp = new RawTimestamp(new DateTime(2000, month, day).Add(v.TimeOfDay), null, true);
            }
        }

        parsed.Message = m.Groups["message"].Value;
        return true;
    }

    [GeneratedRegex(@"^(?<month>[01]\d)-(?<day>[0-3]\d) (?<time>\d\d:\d\d:\d\d\.\d+)\s+\d+\s+\d+ (?<level>[VDIWEFA]) [^:]*?: ?(?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LogcatPattern();

    /// <summary>Timestamp (bare or in brackets), then a level word among the first tokens, then the message after any thread/logger header.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryText(string line, bool continuationLikely, ref LogLine parsed)
    {
        int pos = 0;
        bool bracketed = line[0] == '[';
        if (TimestampParser.TryParse(line.AsSpan(bracketed ? 1 : 0), out RawTimestamp stamp, out int used))
        {
            int end = (bracketed ? 1 : 0) + used;
            if (bracketed)
            {
                int close = line.IndexOf(']', end);
                end = close < 0 ? end : close + 1;
            }

            parsed.HasTimestamp = true;
            parsed.Timestamp = stamp;
            pos = end;
        }

        parsed.Format = parsed.HasTimestamp ? LogFormat.TimestampedText : (bracketed && IsApacheHeader(line) ? LogFormat.Apache : LogFormat.Text);
        string rest = line[pos..];
        int after = FindLevel(rest, out LogLevel level, firstMayBeLowercase: parsed.HasTimestamp);
        parsed.Level = level;
        parsed.Message = level == LogLevel.Unknown ? rest.TrimStart(' ', '-', '|', ',', ':') : SkipHeader(rest, after);
        return parsed.HasTimestamp || (level != LogLevel.Unknown && !continuationLikely);
    }

    private static bool IsApacheHeader(string line) => line.Length > 26 && char.IsLetter(line[1]) && line[4] == ' ';

    /// <summary>
    /// Finds a level word among the first tokens of <paramref name="text"/>; returns the index just after it (or -1).
    /// Upper-case words count anywhere in the header; bracketed words (<c>[error]</c>, <c>[core:warn]</c>) and the first token in any case.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int FindLevel(string text, out LogLevel level, bool firstMayBeLowercase)
    {
        level = LogLevel.Unknown;
        int pos = 0;
        for (int token = 0; token < LevelSearchTokens && pos < text.Length; token++)
        {
            while (pos < text.Length && text[pos] == ' ')
            {
                pos++;
            }

            if (pos >= text.Length)
            {
                break;
            }

            int end;
            LogLevel found;
            if (text[pos] == '[' || text[pos] == '<' || text[pos] == '(')
            {
                end = SkipBracket(text, pos);
                found = BracketLevel(text.AsSpan(pos + 1, Math.Max(0, end - pos - 2)));
            }
            else
            {
                end = text.IndexOf(' ', pos);
                end = end < 0 ? text.Length : end;
                ReadOnlySpan<char> raw = text.AsSpan(pos, end - pos);
                ReadOnlySpan<char> word = raw.TrimEnd(":|,;]-");
                bool upper = IsUpperWord(word);
                bool first = token == 0 && (firstMayBeLowercase || raw[^1] == ':');
                found = (upper || first) && IsStrictLevelWord(word) ? LevelNames.Parse(word, allowSingleLetter: false) : LogLevel.Unknown;
            }

            if (found != LogLevel.Unknown)
            {
                level = found;
                return end;
            }

            pos = end;
        }

        return -1;
    }

    private static LogLevel BracketLevel(ReadOnlySpan<char> inside)
    {
        while (inside.Length > 0)
        {
            int cut = inside.IndexOfAny(s_bracketSeparators);
            ReadOnlySpan<char> part = (cut < 0 ? inside : inside[..cut]).Trim();
            if (part.Length > 1 && IsStrictLevelWord(part))
            {
                LogLevel level = LevelNames.Parse(part, allowSingleLetter: false);
                if (level != LogLevel.Unknown)
                {
                    return level;
                }
            }

            inside = cut < 0 ? [] : inside[(cut + 1)..];
        }

        return LogLevel.Unknown;
    }

    private static bool IsStrictLevelWord(ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || word.Length > 11)
        {
            return false;
        }

        // Words that are also ordinary message words in capitals ("NOT", "ALL", "FINE") never count in free text.
        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        return upper is not ("NOT" or "NOTE" or "ALL" or "FINE" or "FINER" or "CONFIG" or "FAIL" or "ALERT" or "INFOS" or "WARNS" or "ERRORS" or "CRITI" or "FATA" or "DEBU" or "ERRO" or "EROR");
    }

    private static bool IsUpperWord(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return word.Length > 0;
    }

    /// <summary>The message after the level: separators, up to three bracketed groups (thread, pid, client) and a logger name are skipped.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static string SkipHeader(string text, int pos)
    {
        int brackets = 0;
        bool logger = false;
        while (pos < text.Length)
        {
            char c = text[pos];
            if (c == ' ' || c == ':' || c == '|' || c == ',' || c == ']')
            {
                pos++;
                continue;
            }

            if (c == '-' && (pos + 1 >= text.Length || text[pos + 1] == ' ' || text[pos + 1] == '-'))
            {
                pos++;
                continue;
            }

            if ((c == '[' || c == '(') && brackets < 3)
            {
                int end = SkipBracket(text, pos);
                if (end >= text.Length)
                {
                    break;
                }

                brackets++;
                pos = end;
                continue;
            }

            if (!logger)
            {
                int space = text.IndexOf(' ', pos);
                if (space > pos && IsLoggerName(text.AsSpan(pos, space - pos), text.AsSpan(space)))
                {
                    logger = true;
                    pos = space;
                    continue;
                }
            }

            break;
        }

        return pos >= text.Length ? text.Trim() : text[pos..];
    }

    // com.example.Service - msg / dfs.DataNode$PacketResponder: msg / sshd[123]: msg
    private static bool IsLoggerName(ReadOnlySpan<char> token, ReadOnlySpan<char> after)
    {
        if (token.Length < 2)
        {
            return false;
        }

        bool colon = token[^1] == ':';
        ReadOnlySpan<char> name = colon ? token[..^1] : token;
        if (name.Length == 0 || !char.IsLetter(name[0]) || name.ContainsAny(s_notInLoggerNames))
        {
            return false;
        }

        bool qualified = name.ContainsAny(".$@[") || name.Contains("::", StringComparison.Ordinal);
        return (colon && qualified) || (!colon && qualified && after.StartsWith(" - ", StringComparison.Ordinal));
    }

    /// <summary>The index after the bracket group starting at <paramref name="pos"/> (nested brackets balanced), or the line's end.</summary>
    private static int SkipBracket(string text, int pos)
    {
        char open = text[pos];
        char close = open switch { '[' => ']', '<' => '>', _ => ')' };
        int depth = 0;
        for (int i = pos; i < text.Length; i++)
        {
            if (text[i] == open)
            {
                depth++;
            }
            else if (text[i] == close && --depth == 0)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    /// <summary>The value of <c>name=value</c> (or <c>name="value"</c>) anywhere in a text line.</summary>
    private static string? FindKeyValue(string line, string name)
    {
        int from = 0;
        while (true)
        {
            int at = line.IndexOf(name, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            int eq = at + name.Length;
            bool start = at == 0 || !char.IsLetterOrDigit(line[at - 1]) && line[at - 1] != '_';
            if (start && eq < line.Length && (line[eq] == '=' || line[eq] == ':'))
            {
                int v = eq + 1;
                while (v < line.Length && line[v] == ' ')
                {
                    v++;
                }

                return ReadLogfmtValue(line, v, out _).TrimEnd(',', ';');
            }

            from = at + 1;
        }
    }
}
