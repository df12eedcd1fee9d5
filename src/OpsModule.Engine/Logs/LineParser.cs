using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Logs;

/// <summary>
/// Reads one line of any supported format: where its timestamp, level and message are, and the -Measure and
/// -GroupBy fields. A line that does not start an entry (a stack-trace line) returns false. Works on the line's
/// characters (and its UTF-8 bytes for JSON) without allocating: the message becomes a string only for entries at
/// or above the level the caller needs messages for.
/// </summary>
internal sealed partial class LineParser
{
    private const int LevelSearchTokens = 10;
    private const int HpcHeaderLimit = 160;
    private static readonly System.Buffers.SearchValues<char> s_alertTagChars = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    private static readonly System.Buffers.SearchValues<char> s_bracketSeparators = System.Buffers.SearchValues.Create(" :|/");
    private static readonly System.Buffers.SearchValues<char> s_dynoTypeChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");
    private static readonly System.Buffers.SearchValues<char> s_uuidChars = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF-");
    private static readonly System.Buffers.SearchValues<byte> s_jsonStringStops = System.Buffers.SearchValues.Create(JsonStringStops());
    private static readonly System.Buffers.SearchValues<char> s_notInLoggerNames = System.Buffers.SearchValues.Create("\"'=,;()");
    private readonly string? _measureField;
    private readonly string? _groupField;
    private readonly Regex? _custom;
    private LogLevel _messageFrom;

    internal LineParser(string? measureField, string? groupField, Regex? custom)
    {
        _measureField = measureField;
        _groupField = groupField;
        _custom = custom;
        if (custom is not null)
        {
            // -Format's group names are matched as field names are everywhere else: in any case ((?<Level>...), -Measure Took).
            _customLevel = GroupNamed(custom, "level");
            _customTimestamp = GroupNamed(custom, "timestamp");
            _customMessage = GroupNamed(custom, "message");
            _customMeasure = measureField is null ? null : GroupNamed(custom, measureField);
            _customGroup = groupField is null ? null : GroupNamed(custom, groupField);
        }
    }

    /// <summary>Set when the line's own format had the -Measure field (even without a value): no search in its text then.</summary>
    private bool _measureOwn;

    /// <summary>Set when the line's own format had the -GroupBy field.</summary>
    private bool _groupOwn;

    private readonly string? _customLevel;
    private readonly string? _customTimestamp;
    private readonly string? _customMessage;
    private readonly string? _customMeasure;
    private readonly string? _customGroup;

    /// <summary>The name of <paramref name="regex"/>'s group called <paramref name="name"/> in any case (the exact spelling first), or null.</summary>
    private static string? GroupNamed(Regex regex, string name)
    {
        string[] names = regex.GetGroupNames();
        return Array.Find(names, n => n.Equals(name, StringComparison.Ordinal)) ?? Array.Find(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>For a line that does not start an entry, the text that continues the entry above when it is not the line itself (a container record's line); else null.</summary>
    internal string? LastContinuationText { get; private set; }

    /// <summary>With <see cref="LastContinuationText"/>, the time of the container record around the line, if it had one.</summary>
    internal RawTimestamp? LastContinuationTime { get; private set; }

    /// <summary>
    /// Set by TryText when its result does not depend on the lines before (a CRI record, PostgreSQL's DETAIL:): TryParse
    /// returns it as it is, without the continuation rule.
    /// </summary>
    private bool _textDecided;

    private static readonly string[] s_postgresDetails = ["DETAIL:", "HINT:", "STATEMENT:", "CONTEXT:", "QUERY:", "LOCATION:"];

    /// <summary>
    /// True when one of the first three words after a stamp (within 64 characters) is a PostgreSQL detail keyword:
    /// <c>UTC [1234] DETAIL:  ...</c>.
    /// </summary>
    internal static bool IsPostgresDetail(ReadOnlySpan<char> rest) => IsPostgresDetailWord(rest) || PostgresSeverity(rest, out _, out _) == PostgresField.Detail;

    /// <summary>What <see cref="PostgresSeverity"/> found.</summary>
    internal enum PostgresField
    {
        None,
        Level,
        Detail,
    }

    private static readonly string[] s_postgresLevels = ["LOG", "ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", "INFO", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5"];

    /// <summary>
    /// PostgreSQL's severity wherever its log_line_prefix puts it: an upper-case severity word right after the start, a
    /// space, a colon or a bracket, then a colon and two spaces, as PostgreSQL writes it (<c>...:app@shop:[4412]:ERROR:  ...</c>
    /// on Amazon RDS, <c>[2300]: [3-1] user=app,db=shop STATEMENT:  ...</c> with pgBadger's prefix). Reads the first
    /// 200 characters; <paramref name="messageAt"/> is where the message starts.
    /// </summary>
    internal static PostgresField PostgresSeverity(ReadOnlySpan<char> rest, out LogLevel level, out int messageAt)
    {
        level = LogLevel.Unknown;
        messageAt = -1;
        ReadOnlySpan<char> head = rest[..Math.Min(rest.Length, 200)];
        int from = 0;
        int colon;
        while ((colon = head[from..].IndexOf(":  ", StringComparison.Ordinal)) >= 0)
        {
            colon += from;
            int start = colon;
            while (start > 0 && (char.IsAsciiLetterUpper(head[start - 1]) || char.IsAsciiDigit(head[start - 1])))
            {
                start--;
            }

            if (start < colon && (start == 0 || head[start - 1] is ' ' or ':' or ']'))
            {
                ReadOnlySpan<char> word = head[start..colon];
                foreach (string detail in s_postgresDetails)
                {
                    if (word.SequenceEqual(detail.AsSpan(0, detail.Length - 1)))
                    {
                        return PostgresField.Detail;
                    }
                }

                foreach (string name in s_postgresLevels)
                {
                    if (word.SequenceEqual(name))
                    {
                        level = name.StartsWith("DEBUG", StringComparison.Ordinal) ? LogLevel.Debug : LevelNames.Parse(name, allowSingleLetter: false);
                        messageAt = colon + 3;
                        return PostgresField.Level;
                    }
                }
            }

            from = colon + 1;
        }

        return PostgresField.None;
    }

    private static bool IsPostgresDetailWord(ReadOnlySpan<char> rest)
    {
        ReadOnlySpan<char> head = rest[..Math.Min(rest.Length, 64)];
        int pos = 0;
        for (int word = 0; word < 3 && pos < head.Length; word++)
        {
            while (pos < head.Length && head[pos] == ' ')
            {
                pos++;
            }

            int end = IndexOf(head, ' ', pos);
            if (end < 0)
            {
                return false;
            }

            ReadOnlySpan<char> token = head[pos..end];
            foreach (string keyword in s_postgresDetails)
            {
                if (token.SequenceEqual(keyword))
                {
                    return true;
                }
            }

            pos = end;
        }

        return false;
    }

    /// <summary>Set when the last line's -Format timestamp group matched text that is no date and time read here (<see cref="LastStampText"/>).</summary>
    internal bool LastStampUnread { get; private set; }

    /// <summary>With <see cref="LastStampUnread"/>, the text of the timestamp group.</summary>
    internal string? LastStampText { get; private set; }

    /// <summary>True when the last parse reached the plain-text stage without a timestamp, so its outcome depended on <c>continuationLikely</c>.</summary>
    internal bool LastDependedOnContinuation { get; private set; }

    /// <summary>
    /// Set when the line was an exception's own line (<see cref="IsExceptionLine"/>), which continues the entry above:
    /// in a file without timestamps the caller starts an entry with it unless the line above continued an entry too.
    /// </summary>
    internal bool LastWasExceptionLine { get; private set; }

    /// <summary>Parses a line given as a string (the pipeline and tests); every message is kept.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal bool TryParse(string line, bool continuationLikely, out LogLine parsed) =>
        TryParse(Encoding.UTF8.GetBytes(line), line, continuationLikely, LogLevel.Unknown, out parsed);

    /// <summary>
    /// Parses a line. <paramref name="continuationLikely"/> is true when the file's entries start with a timestamp, so an
    /// unrecognised line continues the entry above. <see cref="LogLine.Message"/> is set only when the entry's level is
    /// at least <paramref name="messageFrom"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal bool TryParse(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> line, bool continuationLikely, LogLevel messageFrom, out LogLine parsed)
    {
        _measureOwn = false;
        _groupOwn = false;
        bool starts = TryParseLine(utf8, line, continuationLikely, messageFrom, out parsed);
        if (starts && (_measureField is not null || _groupField is not null))
        {
            // A field the line's own format did not give (every text format: syslog, klog, .NET, Python, log4j, a JSON context
            // after a console line, a JSON record's nested object): its name=value, name: value or "name": value in the line
            // (FindKeyValue). A field the format has, even null, is that field: a JSON record's, logfmt's, a W3C column, -Format's.
            parsed.MeasureValue ??= _measureField is null || _measureOwn ? null : FindKeyValue(line, _measureField);
            parsed.GroupValue ??= _groupField is null || _groupOwn ? null : FindKeyValue(line, _groupField);
        }

        return starts;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryParseLine(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> line, bool continuationLikely, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        LastDependedOnContinuation = false;
        LastWasExceptionLine = false;
        LastWasDirective = false;
        LastCrash = CrashKind.None;
        LastContinuationText = null;
        LastContinuationTime = null;
        _messageFrom = messageFrom;
        if (_custom is not null)
        {
            return TryCustom(line.ToString(), out parsed);
        }

        if (_csvQuoteOpen)
        {
            // Inside a PostgreSQL csvlog record's quoted field: the line continues the entry, unless it starts a record
            // itself (the record above was cut short).
            if (line.Length > 0 && char.IsAsciiDigit(line[0]) && TryPostgresCsv(line, ref parsed))
            {
                return true;
            }

            parsed = default;
            PostgresCsvContinuation(line);
            return false;
        }

        if (line.Length == 0)
        {
            return false;
        }

        if (!_afterPrefix && TryAfterSourcePrefix(utf8, line, continuationLikely, messageFrom, out parsed, out bool prefixed))
        {
            return prefixed;
        }

        if (!_afterPrefix && TryAfterGrepPath(utf8, line, continuationLikely, messageFrom, out parsed, out bool grepped))
        {
            return grepped;
        }

        char first = line[0];
        if ((first is 'L' or 'R' or 'A' or 'B' or '#') && IsFileHeader(utf8))
        {
            // The header glog and klog write at the top of a log file, and Ruby's Logger's "# Logfile created on ...".
            LastWasDirective = true;
            return false;
        }

        if (first == '-' && IsJournalMarker(utf8))
        {
            // journalctl's "-- Boot 3f1c... --", "-- No entries --": neither an entry nor part of one.
            LastWasDirective = true;
            return false;
        }

        if (first == '#' && TryW3cDirective(line))
        {
            LastWasDirective = true;
            return false;
        }

        if (_w3c is W3cLayout layout)
        {
            if (TryW3c(layout, line, ref parsed))
            {
                return true;
            }

            parsed = default;
        }

        if (first == ' ' || first == '\t')
        {
            return false;
        }

        if ((first is 'E' or 'p' or 'f' or 'n' or '/' || (line.Length > 2 && line[1] == ':')) && TryCrash(line, ref parsed))
        {
            // A runtime's crash banner (Java's "Exception in thread", Go's "panic:", Node's "/srv/app.js:3"): an entry of its own.
            return true;
        }

        if (first == '{')
        {
            if (IsLogRecordStart(utf8))
            {
                return TryDockerJson(utf8, continuationLikely, ref parsed);
            }

            if (utf8.IndexOf("\"_container_"u8) > 0 && DockerGelfText(utf8, out string? inner, out bool hasTime, out RawTimestamp time))
            {
                return TryContainerText(inner, hasTime, time, continuationLikely, ref parsed);
            }

            if (TryJson(utf8, line, ref parsed))
            {
                return true;
            }

            parsed = default;
            if (utf8.Contains((byte)'\t'))
            {
                // A raw tab in a string is not JSON, but hand-made JSON logs write them: read as a space.
                byte[] spaced = utf8.ToArray();
                spaced.AsSpan().Replace((byte)'\t', (byte)' ');
                string spacedText = line.ToString().Replace('\t', ' ');
                if (TryJson(spaced, spacedText, ref parsed))
                {
                    return true;
                }

                parsed = default;
            }
        }

        if (first == '<' && TrySyslogPri(line, ref parsed))
        {
            return true;
        }

        if (char.IsAsciiDigit(first) && OctetCountLength(line) is int framed and > 0)
        {
            // RFC 6587's octet counting before a syslog line ("83 <40>1 2026-... host app web.1 - ..."), as syslog over TCP and
            // Heroku's drains frame them.
            if (TrySyslogPri(line[framed..], ref parsed))
            {
                return true;
            }

            parsed = default;
        }

        if (first == '<' && line.Length > 3 && line[2] == '>')
        {
            parsed = default;
            if (TrySeverityPrefix(line, ref parsed))
            {
                return true;
            }

            parsed = default;
        }

        if (char.IsLetter(first))
        {
            if (TryKlog(line, ref parsed) || TryRubyLogger(line, ref parsed) || TryDotNetConsole(line, ref parsed) || TryDotNetWordLine(line, ref parsed) || TrySyslog3164(line, 0, null, ref parsed) || TryPythonBasic(line, ref parsed) || TryLogfmt(line, ref parsed))
            {
                return true;
            }
        }

        if (first is >= '0' and <= '9' && (RedisRoleAt(line) > 0 || RedisSignalHandlerAt(line) > 0) && TryRedis(line, ref parsed))
        {
            return true;
        }

        if (first is >= '0' and <= '9' && line.Length >= 40 && line[23] == ' ' && line[19] == '.' && TryPostgresCsv(line, ref parsed))
        {
            return true;
        }

        if (char.IsDigit(first) && line.Length > 20 && line[2] == '-' && line[5] == ' ' && TryLogcat(line.ToString(), ref parsed))
        {
            return true;
        }

        if (LooksLikeContinuation(line))
        {
            LastWasExceptionLine = IsExceptionLine(line);
            return false;
        }

        bool text = TryText(line, continuationLikely, ref parsed);
        if (_textDecided)
        {
            _textDecided = false;
            return text;
        }

        LastDependedOnContinuation = !parsed.HasTimestamp;
        if (!text && continuationLikely)
        {
            return false;
        }

        return true;
    }

    /// <summary>The message as a string when the entry's level needs one, otherwise null.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private string? Message(ReadOnlySpan<char> message, LogLevel level) => level >= _messageFrom ? message.ToString() : null;

    /// <summary>
    /// Stack-trace and wrapped lines: indented, <c>at ...</c>, <c>Caused by:</c>, <c>Traceback</c>, <c>... N more</c>, Python's
    /// chained-exception sentences, and an exception's own line (<c>ZeroDivisionError: division by zero</c>, the last line of a
    /// Python traceback; <c>System.NullReferenceException: ...</c> below a .NET or Java entry).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool LooksLikeContinuation(ReadOnlySpan<char> line) =>
        line.StartsWith("at ", StringComparison.Ordinal) || line.StartsWith("Caused by", StringComparison.Ordinal) || line.StartsWith("Traceback", StringComparison.Ordinal)
        || line.StartsWith("...", StringComparison.Ordinal) || line.StartsWith("--- End of", StringComparison.Ordinal) || line.StartsWith("File \"", StringComparison.Ordinal)
        || line.StartsWith(ChainedCause, StringComparison.Ordinal) || line.StartsWith(ChainedDuring, StringComparison.Ordinal) || IsExceptionLine(line);

    private const string ChainedCause = "The above exception was the direct cause of the following exception";
    private const string ChainedDuring = "During handling of the above exception, another exception occurred";

    /// <summary>
    /// An exception's line: a type name (letters, digits, <c>_ . $</c>) ending in <c>Exception</c> or <c>...Error</c> (not the
    /// level word <c>Error</c> itself), alone or followed by <c>": "</c>.
    /// </summary>
    internal static bool IsExceptionLine(ReadOnlySpan<char> line)
    {
        if (line.Length < 6 || !(char.IsAsciiLetter(line[0]) || line[0] == '_'))
        {
            return false;
        }

        int i = 1;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.' or '$'))
        {
            i++;
        }

        ReadOnlySpan<char> name = line[..i];
        if (!name.EndsWith("Exception", StringComparison.Ordinal) && !(name.Length > 5 && name.EndsWith("Error", StringComparison.Ordinal)))
        {
            return false;
        }

        return i == line.Length || (line[i] == ':' && (i + 1 == line.Length || line[i + 1] == ' '));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryCustom(string line, out LogLine parsed)
    {
        parsed = default;
        LastStampUnread = false;
        Match m;
        try
        {
            m = _custom!.Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            // A -Format that backtracks for longer than its timeout on one line: that line does not match (it continues
            // the entry above), and the run goes on.
            return false;
        }

        if (!m.Success)
        {
            return false;
        }

        parsed.Format = LogFormat.Custom;
        _measureOwn = true;
        _groupOwn = true;
        Group level = m.Groups[_customLevel ?? "level"];
        if (level.Success)
        {
            parsed.Level = level.ValueSpan.Length > 0 && char.IsDigit(level.ValueSpan[0]) && int.TryParse(level.ValueSpan, out int n) && n <= 7
                ? LevelNames.FromSyslog(n)
                : LevelNames.Parse(level.ValueSpan.Trim(), allowSingleLetter: true);
        }

        Group ts = m.Groups[_customTimestamp ?? "timestamp"];
        if (ts.Success && TimestampParser.TryParseValue(ts.ValueSpan, out RawTimestamp stamp))
        {
            parsed.HasTimestamp = true;
            parsed.Timestamp = stamp;
        }
        else if (ts.Success && ts.Length > 0)
        {
            LastStampUnread = true;
            LastStampText = ts.Value;
        }

        Group message = m.Groups[_customMessage ?? "message"];
        parsed.Message = message.Success ? message.Value : line;
        if (_measureField is not null)
        {
            Group g = m.Groups[_customMeasure ?? _measureField];
            parsed.MeasureValue = g.Success ? g.Value : FindKeyValue(line, _measureField);
        }

        if (_groupField is not null)
        {
            Group g = m.Groups[_customGroup ?? _groupField];
            parsed.GroupValue = g.Success ? g.Value : FindKeyValue(line, _groupField);
        }

        return true;
    }

    /// <summary>
    /// Docker's json-file driver: <c>{"log":"...\n","stream":"stderr","time":"..."}</c>. The log text is read as a line
    /// of its own (any format here; an indented or stack-trace line continues the entry above), and the record's time is
    /// the timestamp when the text has none. An object that also has a level, priority or message key is read as JSON lines
    /// (with the log text as its message when it has no other); any other key (stream, attrs, Fluent Bit's kubernetes
    /// metadata) is skipped, and the first timestamp key gives the record's time.
    /// </summary>
    private bool TryDockerJson(ReadOnlySpan<byte> utf8, bool continuationLikely, ref LogLine parsed)
    {
        string? text = null;
        RawTimestamp time = default;
        bool hasTime = false;
        GelfShape gelf = default;
        try
        {
            var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                JsonField field = ClassifyJsonName(ref reader, out _);
                bool log = field == JsonField.Log && text is null;
                bool isTime = field == JsonField.Timestamp && !hasTime;
                gelf.See(field);
                if (field is JsonField.Level or JsonField.Priority or JsonField.Message)
                {
                    // Not a record around a line (a JSON log whose message field is "log", with a level or message of its own): read as JSON lines.
                    text = null;
                    break;
                }

                reader.Read();
                if (log && reader.TokenType == JsonTokenType.String)
                {
                    text = reader.GetString();
                }
                else if (isTime && reader.TokenType == JsonTokenType.String)
                {
                    hasTime = TimestampParser.TryParseValue(reader.GetString() ?? string.Empty, out time);
                }
                else if (isTime)
                {
                    hasTime = JsonTimestamp(ref reader, out time);
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            while (text is not null && reader.Read())
            {
            }

            if (gelf.IsGelf)
            {
                // GELF's record (its short_message is its message) with a "log" key of its own.
                text = null;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a lone surrogate escape (\ud83d) in a string.
            text = null;
        }

        if (text is null)
        {
            parsed = default;
            return TryJson(utf8, Encoding.UTF8.GetString(utf8), ref parsed);
        }

        // The text ends with the newline the container wrote (none for a line cut by the driver).
        return TryContainerText(text.TrimEnd('\n', '\r'), hasTime, time, continuationLikely, ref parsed);
    }

    /// <summary>
    /// Docker's gelf log driver: <c>{"version":"1.1","host":...,"short_message":"...","timestamp":1795773600.123,"level":3,
    /// "_container_id":...,"_container_name":...}</c>. A GELF record (<c>version</c> and a string <c>short_message</c>) with
    /// a <c>_container_id</c> or <c>_container_name</c> field and no message field of its own is a record around the
    /// container's line, as a json-file record: the line (<paramref name="text"/>, without the newline it may end with) and
    /// the record's time. Its <c>level</c> is no severity (the driver writes 3 for every stderr line and 6 for stdout), so
    /// it is not read. False for anything else (other GELF records keep their syslog severity).
    /// </summary>
    private static bool DockerGelfText(ReadOnlySpan<byte> utf8, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text, out bool hasTime, out RawTimestamp time)
    {
        text = null;
        hasTime = false;
        time = default;
        bool version = false;
        bool container = false;
        try
        {
            var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                JsonField field = ClassifyJsonName(ref reader, out _);
                if (field is JsonField.Message or JsonField.Log)
                {
                    // A record with a message of its own is no driver's record.
                    return false;
                }

                version |= field == JsonField.Version;
                container |= reader.ValueTextEquals("_container_id"u8) || reader.ValueTextEquals("_container_name"u8);
                reader.Read();
                if (field == JsonField.ShortMessage && text is null && reader.TokenType == JsonTokenType.String)
                {
                    text = reader.GetString();
                }
                else if (field == JsonField.Timestamp && !hasTime)
                {
                    hasTime = JsonTimestamp(ref reader, out time);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            // Anything but whitespace after the object is not JSON.
            while (reader.Read())
            {
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a lone surrogate escape (\ud83d) in a string.
            return false;
        }

        if (!version || !container || text is null)
        {
            text = null;
            return false;
        }

        text = text.TrimEnd('\n', '\r');
        return true;
    }

    /// <summary>
    /// True when a JSON object starts with a <c>log</c> key with a string value (<c>{"log":"</c>, with any JSON whitespace
    /// around the key and the colon, as Python's json.dumps writes it): Docker's json-file records and the like.
    /// </summary>
    internal static bool IsLogRecordStart(ReadOnlySpan<byte> utf8)
    {
        int i = SkipJsonSpace(utf8, 1);
        if (utf8.Length < 8 || utf8[0] != (byte)'{' || !utf8[i..].StartsWith("\"log\""u8))
        {
            return false;
        }

        i = SkipJsonSpace(utf8, i + 5);
        if (i >= utf8.Length || utf8[i] != (byte)':')
        {
            return false;
        }

        i = SkipJsonSpace(utf8, i + 1);
        return i < utf8.Length && utf8[i] == (byte)'"';
    }

    /// <summary>
    /// A line a container wrote, as its runtime recorded it (Docker's json-file, the CRI format of Kubernetes' node logs):
    /// read as a line of its own, with the continuation rule of a plain file: when the container's lines start with
    /// timestamps of their own, one without (an exception header, a traceback's last line) continues the entry above; the
    /// record's time is the entry's when the text has none, and such an entry does not count as timestamped for that rule.
    /// </summary>
    private bool TryContainerText(string inner, bool hasTime, RawTimestamp time, bool continuationLikely, ref LogLine parsed)
    {
        LogLevel messageFrom = _messageFrom;
        bool starts = inner.Length > 0 && !inner.StartsWith("{\"log\":\"", StringComparison.Ordinal)
            && TryParse(Encoding.UTF8.GetBytes(inner), inner, continuationLikely, messageFrom, out parsed);
        _messageFrom = messageFrom;
        LastWasDirective = false;
        if (!starts)
        {
            // The entry above takes the container's line, not the record around it (an entry of its own at the record's
            // time when nothing is above).
            LastContinuationText = inner;
            LastContinuationTime = hasTime ? time : null;
            return false;
        }

        if ((!parsed.HasTimestamp || parsed.Timestamp.DateMissing) && hasTime)
        {
            // The record's time is exact where the line has none or only a time of day.
            parsed.TimeFromRecord = !parsed.HasTimestamp;
            parsed.HasTimestamp = true;
            parsed.Timestamp = time;
        }

        return true;
    }

    /// <summary>The CRI log format's stream and tag after the timestamp (<c>stdout F </c>, <c>stderr P </c>): the length, or 0.</summary>
    internal static int CriPrefixLength(ReadOnlySpan<char> rest) =>
        rest.Length >= 9 && (rest.StartsWith("stdout ", StringComparison.Ordinal) || rest.StartsWith("stderr ", StringComparison.Ordinal))
        && (rest[7] == 'F' || rest[7] == 'P') && rest[8] == ' ' ? 9 : 0;

    /// <summary>A JSON object per line, read with a forward-only reader over the UTF-8 bytes (the whole line must be valid JSON).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryJson(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (_measureField is null && _groupField is null && TryFlatJson(utf8, line, ref parsed))
        {
            return true;
        }

        parsed = default;
        try
        {
            var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool hasMessage = false;
            int messageStart = 0;
            bool messageEscaped = false;
            ReadOnlySpan<byte> messageBytes = default;
            bool hasLog = false;
            int logStart = 0;
            bool logEscaped = false;
            ReadOnlySpan<byte> logBytes = default;
            bool levelField = false;
            bool clef = false;
            bool clefTemplate = false;
            bool clefRendered = false;
            string? byteMessage = null;
            GelfShape gelf = default;
            int status = 0;
            bool messageField = false;
            bool requestField = false;
            bool messageText = false;
            AccessRequest access = default;
            int shortStart = -1;
            bool shortEscaped = false;
            ReadOnlySpan<byte> shortBytes = default;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    break;
                }

                // At depth 1 every token read here is a property name.
                JsonField field = ClassifyJsonName(ref reader, out bool syslogName);
                levelField |= field is JsonField.Level or JsonField.Priority or JsonField.Log;
                clef |= field != JsonField.Other && IsClefName(reader.HasValueSequence ? default : reader.ValueSpan);
                gelf.See(field);
                messageField |= field == JsonField.Message;
                int requestKey = field != JsonField.Request ? 0 : reader.ValueIsEscaped ? (reader.GetString() ?? string.Empty).Length : reader.ValueSpan.Length;
                bool messageTemplate = field == JsonField.Message && !hasMessage && !reader.ValueIsEscaped && Is(reader.ValueSpan, "@mt"u8);
                clefRendered |= field == JsonField.Message && !reader.ValueIsEscaped && Is(reader.ValueSpan, "@m"u8);
                bool measure = _measureField is not null && JsonNameIs(ref reader, _measureField);
                bool group = _groupField is not null && JsonNameIs(ref reader, _groupField);
                _measureOwn |= measure;
                _groupOwn |= group;
                if (!reader.Read())
                {
                    return false;
                }

                // A message field that is anything but an empty string says something (helper-105: an empty msg beside a message).
                messageText |= field == JsonField.Message && !(reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty);
                if (requestKey > 0)
                {
                    // The raw bytes, as the fast path reads them. (Caddy's access records, whose request is an object, carry a level.)
                    bool isRequest = reader.TokenType == JsonTokenType.String && JsonRequestValue(requestKey, reader.ValueSpan);
                    requestField |= isRequest;
                    if (isRequest)
                    {
                        access.See(requestKey, reader.GetString());
                    }
                }

                switch (field)
                {
                    case JsonField.Level when parsed.Level == LogLevel.Unknown:
                        parsed.Level = JsonLevel(syslogName, ref reader);
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double levelNumber))
                        {
                            gelf.SeeNumber(levelNumber);
                        }

                        break;
                    case JsonField.Priority:
                        LogLevel fromPriority = JsonLevel(true, ref reader);
                        if (fromPriority != LogLevel.Unknown)
                        {
                            parsed.Level = fromPriority;
                        }

                        break;
                    case JsonField.Message when !hasMessage && reader.TokenType == JsonTokenType.String:
                        hasMessage = true;
                        clefTemplate = messageTemplate;
                        messageStart = (int)reader.TokenStartIndex;
                        messageEscaped = reader.ValueIsEscaped;
                        messageBytes = reader.ValueSpan;
                        break;
                    case JsonField.ShortMessage when shortStart < 0 && reader.TokenType == JsonTokenType.String:
                        shortStart = (int)reader.TokenStartIndex;
                        shortEscaped = reader.ValueIsEscaped;
                        shortBytes = reader.ValueSpan;
                        break;
                    case JsonField.Message when !hasMessage && reader.TokenType == JsonTokenType.StartArray:
                        // journald's export writes a MESSAGE that is not valid UTF-8 (or holds control characters) as an array of bytes.
                        byteMessage = JsonByteArray(ref reader);
                        hasMessage = byteMessage is { Length: > 0 };
                        break;
                    case JsonField.Timestamp when !parsed.HasTimestamp:
                        if (JsonTimestamp(ref reader, out RawTimestamp stamp))
                        {
                            parsed.HasTimestamp = true;
                            parsed.Timestamp = stamp;
                        }

                        break;
                    case JsonField.Status when status == 0:
                        status = reader.TokenType == JsonTokenType.Number || (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped) ? JsonHttpStatus(reader.ValueSpan) : 0;
                        break;
                    case JsonField.Log when !hasLog && reader.TokenType == JsonTokenType.String:
                        hasLog = true;
                        logStart = (int)reader.TokenStartIndex;
                        logEscaped = reader.ValueIsEscaped;
                        logBytes = reader.ValueSpan;
                        break;
                    case JsonField.Log when reader.TokenType == JsonTokenType.StartObject:
                        LogLevel nested = NestedLevel(ref reader);
                        if (parsed.Level == LogLevel.Unknown)
                        {
                            parsed.Level = nested;
                        }

                        break;
                    default:
                        break;
                }

                if (measure)
                {
                    parsed.MeasureValue = Scalar(ref reader);
                }

                if (group)
                {
                    parsed.GroupValue = Scalar(ref reader);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            // Anything but whitespace after the object is not JSON.
            while (reader.Read())
            {
            }

            parsed.Format = LogFormat.JsonLines;
            if (clef && !levelField)
            {
                parsed.Level = LogLevel.Info;
            }
            else if (IsAccessRecord(requestField, gelf.IsGelf, levelField, messageField, messageText, parsed.Level))
            {
                LevelFromJsonStatus(status, ref parsed);
                byteMessage = (parsed.LevelFromStatus ? access.Message(status) : null) ?? byteMessage;
            }

            gelf.Apply(ref parsed);
            if (gelf.IsGelf && !messageField && shortStart >= 0)
            {
                // GELF's short_message is the message of a record without a message field of its own.
                hasMessage = true;
                messageStart = shortStart;
                messageEscaped = shortEscaped;
                messageBytes = shortBytes;
            }

            if (parsed.Level >= _messageFrom)
            {
                // Without a message field, a "log" string is the message (Fluent Bit and Docker-like records with a level of their own).
                parsed.Message = byteMessage is { Length: > 0 } ? byteMessage
                    : hasMessage ? (!messageEscaped ? Encoding.UTF8.GetString(messageBytes) : UnescapedString(utf8[messageStart..]))
                    : hasLog ? (!logEscaped ? Encoding.UTF8.GetString(logBytes) : UnescapedString(utf8[logStart..])).TrimEnd('\n', '\r')
                    : line.ToString();
            }

            if (parsed.Level >= _messageFrom && (KeepDetails || (clefTemplate && !clefRendered)))
            {
                JsonExtras(utf8, clefTemplate && !clefRendered, ref parsed);
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// An array of numbers 0 to 255 (the reader on its start) as UTF-8 text, invalid sequences as U+FFFD and control
    /// characters as spaces; null (the array skipped) when it holds anything else. The reader ends on the array's end.
    /// </summary>
    private static string? JsonByteArray(ref Utf8JsonReader reader)
    {
        int depth = reader.CurrentDepth;
        var bytes = new System.Collections.Generic.List<byte>();
        bool allBytes = true;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (allBytes && reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out byte value))
            {
                bytes.Add(value is < 0x20 or 0x7F ? (byte)' ' : value);
            }
            else
            {
                allBytes = false;
                reader.Skip();
            }
        }

        return allBytes ? Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd() : null;
    }

    /// <summary>
    /// The common case without a JSON reader: one flat object whose keys and string values have no escapes. Anything
    /// else (nesting, escapes, or invalid JSON) returns false and the full reader decides.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryFlatJson(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int i = SkipJsonSpace(utf8, 1);
        bool hasMessage = false;
        ReadOnlySpan<byte> message = default;
        bool hasLog = false;
        ReadOnlySpan<byte> log = default;
        bool levelField = false;
        bool clef = false;
        bool clefTemplate = false;
        bool clefRendered = false;
        GelfShape gelf = default;
        int status = 0;
        bool messageField = false;
        bool requestField = false;
        bool messageText = false;
        AccessRequest access = default;
        bool hasShortMessage = false;
        ReadOnlySpan<byte> shortMessage = default;
        if (i < utf8.Length && utf8[i] == (byte)'}')
        {
            i++;
        }
        else
        {
            while (true)
            {
                if (!FlatJsonString(utf8, ref i, out ReadOnlySpan<byte> key))
                {
                    return false;
                }

                i = SkipJsonSpace(utf8, i);
                if (i >= utf8.Length || utf8[i] != (byte)':')
                {
                    return false;
                }

                i = SkipJsonSpace(utf8, i + 1);
                if (i >= utf8.Length)
                {
                    return false;
                }

                byte first = utf8[i];
                bool isString = first == (byte)'"';
                ReadOnlySpan<byte> value;
                if (isString)
                {
                    if (!FlatJsonString(utf8, ref i, out value))
                    {
                        return false;
                    }
                }
                else if (first == (byte)'-' || (uint)(first - '0') <= 9)
                {
                    if (!FlatJsonNumber(utf8, ref i, out value))
                    {
                        return false;
                    }
                }
                else if (utf8[i..].StartsWith("true"u8) || utf8[i..].StartsWith("null"u8))
                {
                    value = utf8.Slice(i, 4);
                    i += 4;
                }
                else if (utf8[i..].StartsWith("false"u8))
                {
                    value = utf8.Slice(i, 5);
                    i += 5;
                }
                else
                {
                    return false;
                }

                JsonField field = ClassifyJsonBytes(key, out bool syslog);
                levelField |= field is JsonField.Level or JsonField.Priority or JsonField.Log;
                clef |= field != JsonField.Other && IsClefName(key);
                clefRendered |= field == JsonField.Message && Is(key, "@m"u8);
                gelf.See(field);
                messageField |= field == JsonField.Message;
                messageText |= field == JsonField.Message && !(isString && value.IsEmpty);
                if (field == JsonField.Request && isString && JsonRequestValue(key.Length, value))
                {
                    // A flat string has no escapes: its bytes are its text.
                    requestField = true;
                    access.See(key.Length, Encoding.UTF8.GetString(value));
                }
                switch (field)
                {
                    case JsonField.Level when parsed.Level == LogLevel.Unknown:
                        parsed.Level = FlatJsonLevel(syslog, isString, first, value);
                        if (!isString && (first == (byte)'-' || IsAsciiDigit(first)) && TryJsonDouble(value, out double levelNumber))
                        {
                            gelf.SeeNumber(levelNumber);
                        }

                        break;
                    case JsonField.Priority:
                        LogLevel fromPriority = FlatJsonLevel(true, isString, first, value);
                        if (fromPriority != LogLevel.Unknown)
                        {
                            parsed.Level = fromPriority;
                        }

                        break;
                    case JsonField.Message when !hasMessage && isString:
                        hasMessage = true;
                        clefTemplate = Is(key, "@mt"u8);
                        message = value;
                        break;
                    case JsonField.ShortMessage when !hasShortMessage && isString:
                        hasShortMessage = true;
                        shortMessage = value;
                        break;
                    case JsonField.Log when !hasLog && isString:
                        hasLog = true;
                        log = value;
                        break;
                    case JsonField.Status when status == 0:
                        status = JsonHttpStatus(value);
                        break;
                    case JsonField.Timestamp when !parsed.HasTimestamp:
                        if (FlatJsonTimestamp(isString, first, value, out RawTimestamp stamp))
                        {
                            parsed.HasTimestamp = true;
                            parsed.Timestamp = stamp;
                        }

                        break;
                    default:
                        break;
                }

                i = SkipJsonSpace(utf8, i);
                if (i >= utf8.Length)
                {
                    return false;
                }

                if (utf8[i] == (byte)'}')
                {
                    i++;
                    break;
                }

                if (utf8[i] != (byte)',')
                {
                    return false;
                }

                i = SkipJsonSpace(utf8, i + 1);
            }
        }

        if (SkipJsonSpace(utf8, i) != utf8.Length)
        {
            return false;
        }

        parsed.Format = LogFormat.JsonLines;
        if (clef && !levelField)
        {
            parsed.Level = LogLevel.Info;
        }
        else if (IsAccessRecord(requestField, gelf.IsGelf, levelField, messageField, messageText, parsed.Level))
        {
            LevelFromJsonStatus(status, ref parsed);
        }

        string? accessMessage = parsed.LevelFromStatus ? access.Message(status) : null;
        gelf.Apply(ref parsed);
        if (gelf.IsGelf && !messageField && hasShortMessage)
        {
            // GELF's short_message is the message of a record without a message field of its own.
            hasMessage = true;
            message = shortMessage;
        }

        if (parsed.Level >= _messageFrom)
        {
            parsed.Message = accessMessage ?? (hasMessage ? Encoding.UTF8.GetString(message) : hasLog ? Encoding.UTF8.GetString(log) : line.ToString());
        }

        if (parsed.Level >= _messageFrom && (KeepDetails || (clefTemplate && !clefRendered)))
        {
            JsonExtras(utf8, clefTemplate && !clefRendered, ref parsed);
        }

        return true;
    }

    /// <summary>The bytes that end the plain part of a JSON string: the quote, a backslash, and control characters.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static byte[] JsonStringStops()
    {
        byte[] stops = new byte[34];
        for (int b = 0; b < 32; b++)
        {
            stops[b] = (byte)b;
        }

        stops[32] = (byte)'"';
        stops[33] = (byte)'\\';
        return stops;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int SkipJsonSpace(ReadOnlySpan<byte> utf8, int i)
    {
        while (i < utf8.Length && utf8[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>A string without escapes or control characters at <paramref name="i"/> (its opening quote); false for anything else.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool FlatJsonString(ReadOnlySpan<byte> utf8, scoped ref int i, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (i >= utf8.Length || utf8[i] != (byte)'"')
        {
            return false;
        }

        ReadOnlySpan<byte> rest = utf8[(i + 1)..];
        int end = rest.IndexOfAny(s_jsonStringStops);
        if (end < 0 || rest[end] != (byte)'"')
        {
            return false;
        }

        value = rest[..end];
        i += end + 2;
        return true;
    }

    /// <summary>A JSON number (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?) at <paramref name="i"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool FlatJsonNumber(ReadOnlySpan<byte> utf8, scoped ref int i, out ReadOnlySpan<byte> value)
    {
        int start = i;
        int j = i;
        value = default;
        if (j < utf8.Length && utf8[j] == (byte)'-')
        {
            j++;
        }

        if (j >= utf8.Length || !IsAsciiDigit(utf8[j]))
        {
            return false;
        }

        if (utf8[j] == (byte)'0')
        {
            j++;
        }
        else
        {
            while (j < utf8.Length && IsAsciiDigit(utf8[j]))
            {
                j++;
            }
        }

        if (j < utf8.Length && utf8[j] == (byte)'.')
        {
            j++;
            if (j >= utf8.Length || !IsAsciiDigit(utf8[j]))
            {
                return false;
            }

            while (j < utf8.Length && IsAsciiDigit(utf8[j]))
            {
                j++;
            }
        }

        if (j < utf8.Length && (utf8[j] == (byte)'e' || utf8[j] == (byte)'E'))
        {
            j++;
            if (j < utf8.Length && (utf8[j] == (byte)'+' || utf8[j] == (byte)'-'))
            {
                j++;
            }

            if (j >= utf8.Length || !IsAsciiDigit(utf8[j]))
            {
                return false;
            }

            while (j < utf8.Length && IsAsciiDigit(utf8[j]))
            {
                j++;
            }
        }

        value = utf8[start..j];
        i = j;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool IsAsciiDigit(byte b) => (uint)(b - '0') <= 9;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryJsonDouble(ReadOnlySpan<byte> number, out double value)
    {
        value = 0;
        if (number.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[64];
        int n = Encoding.UTF8.GetChars(number, chars);
        return double.TryParse(chars[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static LogLevel FlatJsonLevel(bool syslog, bool isString, byte first, ReadOnlySpan<byte> value)
    {
        if (!isString)
        {
            if ((first == (byte)'-' || IsAsciiDigit(first)) && TryJsonDouble(value, out double number))
            {
                return syslog ? LevelNames.FromSyslog((int)number) : LevelNames.FromNumber(number);
            }

            return LogLevel.Unknown;
        }

        Span<char> buffer = stackalloc char[32];
        if (value.Length > 32)
        {
            return LevelNames.ParseJson(Encoding.UTF8.GetString(value).AsSpan().Trim());
        }

        ReadOnlySpan<char> text = buffer[..Encoding.UTF8.GetChars(value, buffer)];
        if (syslog || (text.Length == 1 && char.IsDigit(text[0])))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? LevelNames.FromSyslog(n) : LogLevel.Unknown;
        }

        return LevelNames.ParseJson(text.Trim());
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool FlatJsonTimestamp(bool isString, byte first, ReadOnlySpan<byte> value, out RawTimestamp stamp)
    {
        stamp = default;
        if (!isString)
        {
            return (first == (byte)'-' || IsAsciiDigit(first)) && value.Length <= 64 && TimestampParser.TryEpoch(value, out stamp);
        }

        if (value.Length > 64)
        {
            return TimestampParser.TryParseValue(Encoding.UTF8.GetString(value), out stamp);
        }

        Span<char> buffer = stackalloc char[64];
        return TimestampParser.TryParseValue(buffer[..Encoding.UTF8.GetChars(value, buffer)], out stamp);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static string UnescapedString(ReadOnlySpan<byte> fromQuote)
    {
        var reader = new Utf8JsonReader(fromQuote, isFinalBlock: false, state: default);
        reader.Read();
        return reader.GetString() ?? string.Empty;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static LogLevel NestedLevel(ref Utf8JsonReader reader)
    {
        LogLevel level = LogLevel.Unknown;
        int depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
            {
                bool isLevel = reader.ValueTextEquals("level"u8);
                reader.Read();
                if (isLevel && level == LogLevel.Unknown)
                {
                    level = JsonLevel(false, ref reader);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return level;
    }

    private enum JsonField
    {
        Other,
        Level,
        Priority,
        Message,
        Timestamp,
        Log,

        /// <summary>GELF's <c>version</c> (with <see cref="ShortMessage"/>, the record is GELF's).</summary>
        Version,

        /// <summary>GELF's <c>short_message</c>: the message of a GELF record without a <see cref="Message"/> field.</summary>
        ShortMessage,

        /// <summary>
        /// An access log's HTTP status (<see cref="JsonHttpStatus"/>): the level of a record without a level or message
        /// field that has a <see cref="Request"/> field.
        /// </summary>
        Status,

        /// <summary>
        /// An access log's request: nginx's <c>request</c>, <c>request_method</c> and <c>request_uri</c>, Traefik's
        /// <c>RequestMethod</c> and <c>RequestPath</c>, Caddy's <c>request</c> object; evidence only with a request's
        /// value (<see cref="JsonRequestValue"/>).
        /// </summary>
        Request,
    }

    /// <summary>
    /// Whether a JSON record is an access log's, whose status gives its level and whose request and status its message: it
    /// has a request (<see cref="JsonRequestValue"/>), is no GELF record, and has neither a level nor a message field, or is
    /// Info with every message field an empty string, as Traefik writes every access line through logrus
    /// (<c>"level":"info","msg":""</c>; helper-103: every Traefik 502 was an Info with an empty template). The reader and
    /// the flat path both ask here.
    /// </summary>
    private static bool IsAccessRecord(bool requestField, bool gelf, bool levelField, bool messageField, bool messageText, LogLevel level) =>
        requestField && !gelf && ((!levelField && !messageField) || (level == LogLevel.Info && messageField && !messageText));

    /// <summary>
    /// The request of a JSON access record, for its message: as a text access log's, the request line and the status
    /// (<c>GET /api/orders/17 HTTP/1.1 502</c>), from <c>request</c>, or from the method and path fields.
    /// </summary>
    private struct AccessRequest
    {
        private string? _line;
        private string? _method;
        private string? _path;

        /// <summary>Keeps a request value (of a key named by its length, as <see cref="JsonRequestValue"/>); the first of each kind wins.</summary>
        internal void See(int keyLength, string? value)
        {
            switch (keyLength)
            {
                case 7:
                    _line ??= value;
                    break;
                case 11:
                    _path ??= value;
                    break;
                default:
                    _method ??= value;
                    break;
            }
        }

        /// <summary>The message: the request and the status; null when no request value was seen.</summary>
        internal readonly string? Message(int status)
        {
            string? request = _line ?? (_method is null && _path is null ? null : _method is null ? _path : _path is null ? _method : _method + " " + _path);
            return request is null ? null : string.Create(CultureInfo.InvariantCulture, $"{request} {status}");
        }
    }

    /// <summary>
    /// Whether the value of a <see cref="JsonField.Request"/> key (named by its length: 7 <c>request</c>, 11
    /// <c>request_uri</c> or <c>RequestPath</c>, 13 and 14 <c>RequestMethod</c> and <c>request_method</c>) is an access
    /// log's request, read on its raw bytes as written: <c>request</c> a request line (an HTTP method, then a space),
    /// <c>request_uri</c> and <c>RequestPath</c> a path (<c>/</c> or <c>\/</c> first), the method keys a method alone. A
    /// request id (<c>"request":"req-8f3a"</c>), an empty string or null is not a request. (Caddy's request object is
    /// read by its reader.)
    /// </summary>
    internal static bool JsonRequestValue(int keyLength, ReadOnlySpan<byte> raw)
    {
        if (keyLength == 11)
        {
            return raw.Length > 0 && (raw[0] == (byte)'/' || (raw.Length > 1 && raw[0] == (byte)'\\' && raw[1] == (byte)'/'));
        }

        int method = HttpMethodLength(raw);
        return keyLength == 7 ? method > 0 && method < raw.Length && raw[method] == (byte)' ' && EndsWithHttpVersion(raw) : method > 0 && method == raw.Length;
    }

    /// <summary>A request line's end: a space, <c>HTTP/</c> and a version of digits and dots (<c>GET / HTTP/1.1</c>), as nginx's $request has it.</summary>
    private static bool EndsWithHttpVersion(ReadOnlySpan<byte> raw)
    {
        int at = raw.LastIndexOf(" HTTP/"u8);
        if (at < 0 || raw.Length - (at + 6) is < 1 or > 3)
        {
            return false;
        }

        foreach (byte b in raw[(at + 6)..])
        {
            if (!IsAsciiDigit(b) && b != (byte)'.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The length of the HTTP method at the start of <paramref name="raw"/> (GET, POST, PROPFIND, M-SEARCH: 3 to 20
    /// upper-case ASCII letters or '-', a letter first), or 0.
    /// </summary>
    private static int HttpMethodLength(ReadOnlySpan<byte> raw)
    {
        int n = 0;
        while (n < raw.Length && n <= 20 && ((uint)(raw[n] - 'A') <= 'Z' - 'A' || (n > 0 && raw[n] == (byte)'-')))
        {
            n++;
        }

        return n is >= 3 and <= 20 ? n : 0;
    }

    /// <summary>
    /// An HTTP status as a JSON access log writes it, a number or a string of three digits from 100 to 599 (the raw bytes of
    /// the number, or of the string without its quotes); 0 for anything else.
    /// </summary>
    private static int JsonHttpStatus(ReadOnlySpan<byte> raw) =>
        raw.Length == 3 && raw[0] is >= (byte)'1' and <= (byte)'5' && IsAsciiDigit(raw[1]) && IsAsciiDigit(raw[2])
            ? ((raw[0] - '0') * 100) + ((raw[1] - '0') * 10) + (raw[2] - '0') : 0;

    /// <summary>
    /// An access log's JSON record (nginx's <c>escape=json</c> log_format, Traefik's, Caddy's: a record with a
    /// <see cref="JsonField.Request"/> field and no level or message field) whose <paramref name="status"/> field held an
    /// HTTP status: the level of the status, as a text access log's.
    /// </summary>
    private static void LevelFromJsonStatus(int status, ref LogLine parsed)
    {
        if (status > 0)
        {
            parsed.Level = HttpStatusLevel(status);
            parsed.LevelFromStatus = true;
        }
    }

    /// <summary>
    /// Graylog's GELF (<c>{"version":"1.1","host":...,"short_message":...,"level":3}</c>): a record with a <c>version</c> and a
    /// <c>short_message</c> field is GELF's; a numeric <c>level</c> that is an integer from 0 to 7 is a syslog severity
    /// (0 emergency .. 7 debug, as journald's PRIORITY), any other number keeps its bunyan/pino reading (10 trace .. 60
    /// fatal: pino and bunyan records may carry such fields), and <c>short_message</c> is the message when the record has
    /// no message field of its own.
    /// </summary>
    private struct GelfShape
    {
        private bool _version;
        private bool _shortMessage;
        private bool _message;
        private bool _hasNumber;
        private double _number;

        internal void See(JsonField field)
        {
            _version |= field == JsonField.Version;
            _shortMessage |= field == JsonField.ShortMessage;
            _message |= field == JsonField.Message;
        }

        /// <summary>The number of the level field that was read (the first with a number).</summary>
        internal void SeeNumber(double number)
        {
            if (!_hasNumber)
            {
                _hasNumber = true;
                _number = number;
            }
        }

        internal readonly bool IsGelf => _version && _shortMessage;

        internal readonly void Apply(ref LogLine parsed)
        {
            // GELF has no message field besides short_message: a record with its own msg or message is not read as syslog's,
            // and -0 is not 0 (as a writer of syslog severities never writes it).
            if (IsGelf && !_message && _hasNumber && !double.IsNegative(_number) && _number <= 7 && _number == Math.Floor(_number))
            {
                parsed.Level = LevelNames.FromSyslog((int)_number);
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool JsonNameIs(ref Utf8JsonReader reader, string name)
    {
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length == name.Length)
        {
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            for (int i = 0; i < raw.Length; i++)
            {
                if (char.ToLowerInvariant((char)raw[i]) != char.ToLowerInvariant(name[i]))
                {
                    return false;
                }
            }

            return true;
        }

        return reader.ValueIsEscaped && string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static JsonField ClassifyJsonName(ref Utf8JsonReader reader, out bool syslog)
    {
        syslog = false;
        if (reader.ValueIsEscaped)
        {
            string name = reader.GetString() ?? string.Empty;
            return name.Length > 24 ? JsonField.Other : ClassifyJsonBytes(Encoding.UTF8.GetBytes(name), out syslog);
        }

        ReadOnlySpan<byte> raw = reader.ValueSpan;
        return ClassifyJsonBytes(raw, out syslog);
    }

    /// <summary>The role of a JSON key (compared without regard to ASCII case).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static JsonField ClassifyJsonBytes(ReadOnlySpan<byte> raw, out bool syslog)
    {
        syslog = false;
        switch (raw.Length)
        {
            case 1:
                // MongoDB's structured log: "t" (a {"$date": ...} object) and "s" (F, E, W, I, D1 to D5).
                return Is(raw, "t"u8) ? JsonField.Timestamp : Is(raw, "s"u8) ? JsonField.Level : JsonField.Other;
            case 2:
                return Is(raw, "@l"u8) ? JsonField.Level : Is(raw, "@m"u8) ? JsonField.Message : Is(raw, "@t"u8) || Is(raw, "ts"u8) ? JsonField.Timestamp : JsonField.Other;
            case 3:
                return Is(raw, "lvl"u8) ? JsonField.Level : Is(raw, "msg"u8) || Is(raw, "@mt"u8) ? JsonField.Message : Is(raw, "log"u8) ? JsonField.Log : JsonField.Other;
            case 4:
                return Is(raw, "text"u8) || Is(raw, "body"u8) ? JsonField.Message : Is(raw, "time"u8) || Is(raw, "date"u8) ? JsonField.Timestamp : JsonField.Other;
            case 5:
                return Is(raw, "level"u8) ? JsonField.Level : JsonField.Other;
            case 6:
                // An access log's status (nginx's escape=json log_format, Caddy).
                return Is(raw, "status"u8) ? JsonField.Status : JsonField.Other;
            case 7:
                // python-json-logger's default fields are asctime, levelname and message; GELF's version; nginx's and Caddy's request.
                return Is(raw, "message"u8) ? JsonField.Message : Is(raw, "asctime"u8) ? JsonField.Timestamp : Is(raw, "version"u8) ? JsonField.Version
                    : Is(raw, "request"u8) ? JsonField.Request : JsonField.Other;
            case 8:
                if (Is(raw, "priority"u8))
                {
                    syslog = true;
                    return JsonField.Priority;
                }

                // Traefik's access log: StartUTC.
                return Is(raw, "severity"u8) || Is(raw, "loglevel"u8) ? JsonField.Level : Is(raw, "datetime"u8) || Is(raw, "startutc"u8) ? JsonField.Timestamp : JsonField.Other;
            case 9:
                return Is(raw, "log.level"u8) || Is(raw, "levelname"u8) ? JsonField.Level : Is(raw, "timestamp"u8) ? JsonField.Timestamp : JsonField.Other;
            case 10:
                // nginx's $time_local (27/Nov/2026:10:00:24 +0000).
                return Is(raw, "level_name"u8) ? JsonField.Level : Is(raw, "@timestamp"u8) || Is(raw, "time_local"u8) ? JsonField.Timestamp : JsonField.Other;
            case 11:
                // nginx's $request_uri, Traefik's RequestPath (RequestHost alone is no request).
                return Is(raw, "timecreated"u8) ? JsonField.Timestamp
                    : Is(raw, "request_uri"u8) || Is(raw, "requestpath"u8) ? JsonField.Request : JsonField.Other;
            case 12:
                // nginx's $time_iso8601; Traefik's OriginStatus (the backend's).
                return Is(raw, "severitytext"u8) ? JsonField.Level : Is(raw, "time_iso8601"u8) ? JsonField.Timestamp : Is(raw, "originstatus"u8) ? JsonField.Status : JsonField.Other;
            case 13:
                // Traefik's RequestMethod.
                return Is(raw, "severity_text"u8) ? JsonField.Level : Is(raw, "short_message"u8) ? JsonField.ShortMessage
                    : Is(raw, "requestmethod"u8) ? JsonField.Request : JsonField.Other;
            case 14:
                // PostgreSQL's jsonlog (log_destination = 'jsonlog', PostgreSQL 15 and later); nginx's $request_method.
                return Is(raw, "error_severity"u8) ? JsonField.Level : Is(raw, "request_method"u8) ? JsonField.Request : JsonField.Other;
            case 15:
                if (Is(raw, "syslog.severity"u8))
                {
                    syslog = true;
                    return JsonField.Priority;
                }

                return JsonField.Other;
            case 16:
                // Traefik's DownstreamStatus (what the client got).
                return Is(raw, "leveldisplayname"u8) ? JsonField.Level : Is(raw, "downstreamstatus"u8) ? JsonField.Status : JsonField.Other;
            case 20:
                return Is(raw, "__realtime_timestamp"u8) ? JsonField.Timestamp : JsonField.Other;
            default:
                return JsonField.Other;
        }
    }

    /// <summary>
    /// Serilog's compact JSON (CLEF) keys <c>@t</c>, <c>@m</c> and <c>@mt</c>: CLEF leaves out <c>@l</c> for Information
    /// events, so such a line without any level field is Info.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool IsClefName(ReadOnlySpan<byte> key) => key.Length is 2 or 3 && key[0] == (byte)'@';

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool Is(ReadOnlySpan<byte> key, ReadOnlySpan<byte> lowerName) => System.Text.Ascii.EqualsIgnoreCase(key, lowerName);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static LogLevel JsonLevel(bool syslog, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double number))
        {
            return syslog ? LevelNames.FromSyslog((int)number) : LevelNames.FromNumber(number);
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            Span<char> buffer = stackalloc char[32];
            scoped ReadOnlySpan<char> text;
            if (reader.ValueSpan.Length <= 32 && !reader.ValueIsEscaped)
            {
                int n = Encoding.UTF8.GetChars(reader.ValueSpan, buffer);
                text = buffer[..n];
            }
            else
            {
                text = reader.GetString() ?? string.Empty;
            }

            if (syslog || (text.Length == 1 && char.IsDigit(text[0])))
            {
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? LevelNames.FromSyslog(n) : LogLevel.Unknown;
            }

            return LevelNames.ParseJson(text.Trim());
        }

        return LogLevel.Unknown;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool JsonTimestamp(ref Utf8JsonReader reader, out RawTimestamp stamp)
    {
        stamp = default;
        if (reader.TokenType == JsonTokenType.String)
        {
            Span<char> buffer = stackalloc char[64];
            if (reader.ValueSpan.Length <= 64 && !reader.ValueIsEscaped)
            {
                int n = Encoding.UTF8.GetChars(reader.ValueSpan, buffer);
                return TimestampParser.TryParseValue(buffer[..n], out stamp);
            }

            return TimestampParser.TryParseValue(reader.GetString() ?? string.Empty, out stamp);
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // MongoDB's {"$date":"2026-11-27T10:00:00.123+00:00"} (its first member): read on a copy, so the caller skips the object.
            Utf8JsonReader copy = reader;
            return copy.Read() && copy.TokenType == JsonTokenType.PropertyName && !copy.ValueIsEscaped && copy.ValueSpan.SequenceEqual("$date"u8)
                && copy.Read() && copy.TokenType == JsonTokenType.String && JsonTimestamp(ref copy, out stamp);
        }

        // An integer as a long (epoch nanoseconds need more digits than a double holds), other numbers as a double.
        return reader.TokenType == JsonTokenType.Number
            && (reader.TryGetInt64(out long integer) ? TimestampParser.TryEpoch(integer, out stamp) : reader.TryGetDouble(out double number) && TimestampParser.TryEpoch(number, out stamp));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static string? Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => null,
    };

    // <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG (RFC 5424) or <PRI>Mmm dd hh:mm:ss HOST TAG: MSG (RFC 3164)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TrySyslogPri(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int close = IndexOf(line, '>', 1);
        if (close < 2 || close > 4 || !int.TryParse(line[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out int pri) || pri > 191)
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
            ReadOnlySpan<char> stampText = default, host = default, app = default, procId = default, msgId = default;
            for (int i = 0; i < 5; i++)
            {
                int space = IndexOf(line, ' ', pos);
                ReadOnlySpan<char> field = space < 0 ? line[pos..] : line[pos..space];
                switch (i)
                {
                    case 0:
                        stampText = field;
                        break;
                    case 1:
                        host = field;
                        break;
                    case 2:
                        app = field;
                        break;
                    case 3:
                        procId = field;
                        break;
                    case 4:
                        msgId = field;
                        break;
                }

                pos = space < 0 ? line.Length : space + 1;
            }

            if (!stampText.SequenceEqual("-") && TimestampParser.TryParseValue(stampText, out RawTimestamp stamp))
            {
                parsed.HasTimestamp = true;
                parsed.Timestamp = stamp;
            }

            // Structured data: '-' or one or more [id k="v"] elements (Logplex writes none: its message follows the message id).
            bool sdNil = pos + 1 < line.Length && line[pos] == '-' && line[pos + 1] == ' ';
            if (pos < line.Length && line[pos] == '-')
            {
                pos = Math.Min(line.Length, pos + 2);
            }
            else
            {
                while (pos < line.Length && line[pos] == '[')
                {
                    pos = SkipStructuredDataElement(line, pos);
                }

                while (pos < line.Length && line[pos] == ' ')
                {
                    pos++;
                }
            }

            ReadOnlySpan<char> message = line[pos..];
            message = message.StartsWith("\uFEFF", StringComparison.Ordinal) ? message[1..] : message;
            if (IsHerokuDrainHeader(host, app, procId, msgId) && !sdNil)
            {
                // Heroku's Logplex gives every line a fixed PRI (<40>, an emergency, for the platform's own lines; an info for
                // the dynos' and the router's): the level is the message's, as `heroku logs` shows it.
                SyslogMessage(message, null, ref parsed);
                return true;
            }

            if (HaproxyTraffic(message, out _) || HaproxyEventLevel(message) != LogLevel.Unknown
                || (message[..Math.Min(message.Length, 200)].IndexOf(" [", StringComparison.Ordinal) >= 0 && AccessLogLevel(message, out _)))
            {
                // HAProxy's traffic, or an access log, at the info of its PRI, unless its status says worse.
                SyslogMessage(message, level, ref parsed);
                return true;
            }

            parsed.Message = Message(message, level);
            return true;
        }

        return TrySyslog3164(line, pos, level, ref parsed);
    }

    /// <summary>
    /// A syslog severity without a facility or header, as systemd reads a service's stdout (sd-daemon(3): <c>&lt;3&gt;</c> err
    /// to <c>&lt;7&gt;</c> debug) and the kernel writes (<c>dmesg -r</c>): <c>&lt;3&gt;Shop.Orders.OrderProcessor[0] Order rejected</c>
    /// (.NET's systemd console formatter, whose category is skipped as in its other console formats), <c>&lt;6&gt;[   12.345678] usb 1-1: ...</c>.
    /// A stamp right after the severity is the entry's time.
    /// </summary>
    private bool TrySeverityPrefix(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (line.Length < 4 || line[0] != '<' || line[2] != '>' || line[1] is < '0' or > '7' || line[3..].IsWhiteSpace())
        {
            return false;
        }

        LogLevel level = LevelNames.FromSyslog(line[1] - '0');
        ReadOnlySpan<char> rest = line[3..];
        if (char.IsAsciiDigit(rest[0]) && TimestampParser.TryParse(rest, out RawTimestamp stamp, out int used))
        {
            parsed.HasTimestamp = true;
            parsed.Timestamp = stamp;
            rest = rest[used..].TrimStart();
        }
        else if (rest.Length > 2 && rest[0] == '[' && char.IsAsciiLetterUpper(rest[1]) && TimestampParser.TryParse(rest[1..], out stamp, out used)
            && 1 + used < rest.Length && rest[1 + used] == ']')
        {
            // dmesg -r -T: "<3>[Sun Nov 29 09:00:00 2026] usb 1-1: ...".
            parsed.HasTimestamp = true;
            parsed.Timestamp = stamp;
            rest = rest[(used + 2)..].TrimStart();
        }

        int category = DotNetCategoryEnd(rest, 0);
        if (category > 0)
        {
            rest = rest[(category + 1)..].TrimStart();
        }

        parsed.Format = LogFormat.Syslog;
        parsed.Level = level;
        parsed.Message = Message(rest, level);
        return true;
    }

    // Mmm dd hh:mm:ss HOST TAG[PID]: MSG
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TrySyslog3164(ReadOnlySpan<char> line, int start, LogLevel? level, ref LogLine parsed)
    {
        if (!TimestampParser.TryParse(line[start..], out RawTimestamp stamp, out int used) || !stamp.YearMissing)
        {
            return false;
        }

        int pos = start + used;
        if (pos >= line.Length || line[pos] != ' ')
        {
            return false;
        }

        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        pos++;

        // Host, then a tag ending with ':' (the tag may be missing). BusyBox's syslogd (Alpine, OpenWrt, UniFi) writes the
        // facility and severity between them: "Mar  2 23:24:28 UDM-Pro daemon.err mcad: ...".
        int hostEnd = IndexOf(line, ' ', pos);
        int messageStart = pos;
        if (hostEnd > 0)
        {
            int tagFrom = hostEnd + 1;
            int priorityEnd = IndexOf(line, ' ', tagFrom);
            if (level is null && priorityEnd > tagFrom && SyslogPriorityName(line[tagFrom..priorityEnd]) is LogLevel named)
            {
                level = named;
                tagFrom = priorityEnd + 1;
            }

            int tagEnd = IndexOf(line, ' ', tagFrom);
            ReadOnlySpan<char> tag = tagEnd < 0 ? line[tagFrom..] : line[tagFrom..tagEnd];
            messageStart = tag.Length > 0 && tag[^1] == ':' ? (tagEnd < 0 ? line.Length : tagEnd + 1) : tagFrom;
        }

        SyslogMessage(line[messageStart..], level, ref parsed);
        return true;
    }

    private static readonly string[] s_syslogFacilities =
        ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "mark",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"];

    /// <summary>
    /// A syslog priority written as its names (<c>daemon.err</c>, <c>user.warn</c>, <c>local0.info</c>: BusyBox's syslogd, and
    /// rsyslog's or syslog-ng's templates that print it): the severity's level, or null.
    /// </summary>
    internal static LogLevel? SyslogPriorityName(ReadOnlySpan<char> token)
    {
        int dot = token.IndexOf('.');
        if (dot <= 0 || token.Length > 20)
        {
            return null;
        }

        bool facility = false;
        foreach (string name in s_syslogFacilities)
        {
            facility |= token[..dot].SequenceEqual(name);
        }

        if (!facility)
        {
            return null;
        }

        return token[(dot + 1)..] switch
        {
            "emerg" or "panic" => LevelNames.FromSyslog(0),
            "alert" => LevelNames.FromSyslog(1),
            "crit" => LevelNames.FromSyslog(2),
            "err" or "error" => LevelNames.FromSyslog(3),
            "warn" or "warning" => LevelNames.FromSyslog(4),
            "notice" => LevelNames.FromSyslog(5),
            "info" => LevelNames.FromSyslog(6),
            "debug" => LevelNames.FromSyslog(7),
            _ => null,
        };
    }

    /// <summary>
    /// Asterisk's level joined to its thread id after the bracketed stamp (<c>[Jan  5 10:22:31] NOTICE[2217][C-00000001]
    /// chan_sip.c: ...</c>): where the message starts (after the bracketed ids and a colon), or 0. VERBOSE and DTMF are its
    /// informational streams, SECURITY its security events (a notice).
    /// </summary>
    internal static int AsteriskHeader(ReadOnlySpan<char> rest, out LogLevel level)
    {
        level = LogLevel.Unknown;
        int i = 0;
        while (i < rest.Length && i < 12 && char.IsAsciiLetterUpper(rest[i]))
        {
            i++;
        }

        if (i < 4 || i + 1 >= rest.Length || rest[i] != '[' || !char.IsAsciiDigit(rest[i + 1]))
        {
            return 0;
        }

        level = rest[..i] switch
        {
            "VERBOSE" or "DTMF" => LogLevel.Info,
            "SECURITY" => LogLevel.Notice,
            _ => LevelNames.Parse(rest[..i], allowSingleLetter: false),
        };
        int at = i;
        while (level != LogLevel.Unknown && at < rest.Length && rest[at] == '[')
        {
            int close = rest[at..].IndexOf(']');
            if (close < 0)
            {
                level = LogLevel.Unknown;
                break;
            }

            at += close + 1;
        }

        if (level == LogLevel.Unknown)
        {
            return 0;
        }

        at += at < rest.Length && rest[at] == ':' ? 1 : 0;
        while (at < rest.Length && rest[at] == ' ')
        {
            at++;
        }

        return at;
    }

    /// <summary>
    /// Squid's native access log after its Unix time (<c>1525344856.899  16867 10.170.72.111 TCP_MISS/503 4120 GET http://x/ -
    /// HIER_DIRECT/10.0.0.1 text/html</c>): elapsed milliseconds, client, result code and HTTP status, bytes, method and URL.
    /// The status (000 for none) and the method and URL.
    /// </summary>
    internal static bool SquidAccess(ReadOnlySpan<char> rest, out int status, out Range request)
    {
        status = 0;
        request = default;
        Span<Range> fields = stackalloc Range[7];
        int count = rest.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count < 6 || rest[fields[0]].ContainsAnyExceptInRange('0', '9') || rest[fields[0]].IsEmpty || rest[fields[3]].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        ReadOnlySpan<char> result = rest[fields[2]];
        int slash = result.IndexOf('/');
        if (slash < 4 || result.Length != slash + 4 || result[..slash].ContainsAnyExcept(s_squidResultChars)
            || result[(slash + 1)..].ContainsAnyExceptInRange('0', '9') || rest[fields[4]].ContainsAnyExceptInRange('A', 'Z'))
        {
            return false;
        }

        status = ((result[slash + 1] - '0') * 100) + ((result[slash + 2] - '0') * 10) + (result[slash + 3] - '0');
        request = fields[4].Start..fields[5].End;
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> s_squidResultChars = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    /// <summary>
    /// BIND's named with print-category and print-severity (<c>17-Feb-2018 23:06:56.326 queries: info: client ...</c>): after the
    /// stamp a lower-case category and a severity, each with a colon. Where the message starts, or 0.
    /// </summary>
    internal static int BindHeader(ReadOnlySpan<char> rest, out LogLevel level)
    {
        level = LogLevel.Unknown;
        int colon = rest.IndexOf(':');
        if (colon < 2 || colon > 24 || !char.IsAsciiLetterLower(rest[0]) || rest[..colon].ContainsAnyExcept(s_bindCategoryChars)
            || colon + 2 >= rest.Length || rest[colon + 1] != ' ')
        {
            return 0;
        }

        ReadOnlySpan<char> after = rest[(colon + 2)..];
        int end = after.IndexOf(':');
        if (end < 4 || end > 14 || end + 1 >= after.Length || after[end + 1] != ' ')
        {
            return 0;
        }

        ReadOnlySpan<char> severity = after[..end];
        level = severity switch
        {
            "critical" => LogLevel.Critical,
            "error" => LogLevel.Error,
            "warning" => LogLevel.Warning,
            "notice" => LogLevel.Notice,
            "info" => LogLevel.Info,
            "dynamic" or "debug" => LogLevel.Debug,
            _ when severity.StartsWith("debug ", StringComparison.Ordinal) && !severity[6..].ContainsAnyExceptInRange('0', '9') && severity.Length > 6 => LogLevel.Debug,
            _ => LogLevel.Unknown,
        };
        if (level == LogLevel.Unknown)
        {
            return 0;
        }

        // "app: info: ERROR disk full": the upper-case level word the message opens with says more than a header that
        // only looks like BIND's (helper-114); the line is read as before.
        ReadOnlySpan<char> message = after[(end + 2)..].TrimStart(' ');
        int wordEnd = message.IndexOfAny(' ', ':');
        ReadOnlySpan<char> first = wordEnd < 0 ? message : message[..wordEnd];
        return IsUpperWord(first) && IsStrictLevelWord(first) && LevelNames.Parse(first, allowSingleLetter: false) != LogLevel.Unknown ? 0 : colon + 2 + end + 2;
    }

    private static readonly System.Buffers.SearchValues<char> s_bindCategoryChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>The level (from the message when <paramref name="level"/> is null) and message of a syslog line.</summary>
    private void SyslogMessage(ReadOnlySpan<char> message, LogLevel? level, ref LogLine parsed)
    {
        parsed.Format = LogFormat.Syslog;
        bool traffic = HaproxyTraffic(message, out HaproxyLine fields);
        LogLevel haproxy = traffic ? fields.Level : HaproxyEventLevel(message);
        if (haproxy != LogLevel.Unknown)
        {
            // HAProxy logs its traffic at info (unless log-separate-errors): the status or termination state tells errors apart.
            LogLevel chosen = level is LogLevel given && given > haproxy ? given : haproxy;
            parsed.Level = chosen;
            parsed.LevelFromStatus = traffic;
            parsed.Message = chosen >= _messageFrom ? (fields.Server.End.Value > 0 ? HaproxyMessage(message, fields) : message.ToString()) : null;
            return;
        }

        LogLine access = default;
        if (message[..Math.Min(message.Length, 200)].IndexOf(" [", StringComparison.Ordinal) >= 0 && TryAccessLog(message, ref access))
        {
            // An access log sent to syslog (nginx's access_log syslog:..., Apache's piped to logger): the level of the HTTP
            // status, never below the PRI's.
            LogLevel chosen = level is LogLevel given && given > access.Level ? given : access.Level;
            parsed.Level = chosen;
            parsed.LevelFromStatus = true;
            parsed.Message = chosen >= _messageFrom ? access.Message ?? message.ToString() : null;
            return;
        }

        LogLevel found = level ?? LogLevel.Unknown;
        if (level is null)
        {
            int after = FindLevel(message, out found, firstMayBeLowercase: false);
            if (found != LogLevel.Unknown && after >= 0 && found >= _messageFrom)
            {
                message = SkipHeader(message, after);
            }

            if (found == LogLevel.Unknown && HerokuErrorCode(message))
            {
                // Heroku's runtime errors ("Error R14 (Memory quota exceeded)") forwarded from a drain.
                found = LogLevel.Error;
            }

            // A program that writes logfmt or klog to the journal (dockerd, containerd, kubelet): its line is read inside.
            LogLine inner = default;
            if (found == LogLevel.Unknown && message.Length > 0 && (StartsLogfmtPair(message) ? TryLogfmt(message, ref inner) : TryKlog(message, ref inner))
                && inner.Level != LogLevel.Unknown)
            {
                parsed.Level = inner.Level;
                parsed.Message = inner.Message;
                parsed.MeasureValue = inner.MeasureValue;
                parsed.GroupValue = inner.GroupValue;
                return;
            }
        }

        parsed.Level = found;
        parsed.Message = Message(message, found);
    }

    /// <summary>
    /// After an RFC 3339 stamp at the start of a line (one with <c>T</c> and a zone), <c>host tag: </c> as in syslog
    /// (rsyslog's default file format on Debian 12 and Ubuntu 24.04, <c>journalctl -o short-iso</c>): the index of the
    /// message, or -1. The host is a host name and neither it nor the tag's name is a level word.
    /// </summary>
    internal static int SyslogTailMessage(ReadOnlySpan<char> line, int pos)
    {
        int host = pos;
        while (pos < line.Length && (char.IsAsciiLetterOrDigit(line[pos]) || line[pos] is '.' or '-' or '_'))
        {
            pos++;
        }

        if (pos == host || pos >= line.Length || line[pos] != ' ' || LevelNames.Parse(line[host..pos], allowSingleLetter: true) != LogLevel.Unknown)
        {
            return -1;
        }

        int tag = ++pos;
        while (pos < line.Length && line[pos] != ' ')
        {
            pos++;
        }

        if (pos - tag < 2 || line[pos - 1] != ':')
        {
            return -1;
        }

        int nameEnd = IndexOf(line[..(pos - 1)], '[', tag);
        ReadOnlySpan<char> name = line[tag..(nameEnd < 0 ? pos - 1 : nameEnd)];
        if (name.IsEmpty || LevelNames.Parse(name, allowSingleLetter: true) != LogLevel.Unknown)
        {
            return -1;
        }

        return pos < line.Length ? pos + 1 : pos;
    }

    // fail: Namespace.Category[0]   (message on the next, indented line, or after the category on one line)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    /// <summary>The level of one of .NET's console level words (<c>trce</c> to <c>crit</c>), else Unknown.</summary>
    private static LogLevel DotNetLevel(ReadOnlySpan<char> word) => word switch
    {
        "trce" => LogLevel.Trace,
        "dbug" => LogLevel.Debug,
        "info" => LogLevel.Info,
        "warn" => LogLevel.Warning,
        "fail" => LogLevel.Error,
        "crit" => LogLevel.Critical,
        _ => LogLevel.Unknown,
    };

    private static bool TryDotNetConsole(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (line.Length < 6 || line[4] != ':' || line[5] != ' ')
        {
            return false;
        }

        LogLevel level = DotNetLevel(line[..4]);
        if (level == LogLevel.Unknown)
        {
            return false;
        }

        int close = DotNetCategoryEnd(line, 6);
        if (close < 0)
        {
            // "info: server started" (winston's simple format) has a level word but no Category[EventId]: free text reads it.
            return false;
        }

        parsed.Format = LogFormat.DotNetConsole;
        parsed.Level = level;
        string rest = close + 1 < line.Length ? line[(close + 1)..].Trim().ToString() : string.Empty;
        parsed.Message = rest;
        parsed.MessageOnNextLine = rest.Length == 0;
        return true;
    }

    /// <summary>
    /// A line that opens with one of .NET's console level words but has no <c>Category[EventId]</c> after it (winston's
    /// simple format, <c>warn: Rate limit near</c>): an entry at that level, its message the rest, wherever it is (as such a
    /// line was before .NET's header needed its category), so a run of them under a .NET header is not read as its message.
    /// </summary>
    private bool TryDotNetWordLine(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (line.Length < 7 || line[4] != ':' || line[5] != ' ')
        {
            return false;
        }

        LogLevel level = DotNetLevel(line[..4]);
        ReadOnlySpan<char> rest = line[6..].Trim();
        if (level == LogLevel.Unknown || rest.IsEmpty)
        {
            return false;
        }

        parsed.Format = LogFormat.Text;
        parsed.Level = level;
        parsed.OpensWithLevel = true;
        parsed.Message = Message(rest, level);
        return true;
    }

    /// <summary>
    /// A time of day that .NET's console logger writes with a TimestampFormat such as <c>"HH:mm:ss "</c> or <c>"[HH:mm:ss.fff] "</c>:
    /// <c>HH:mm:ss</c>, maybe a fraction after '.' or ',' (1 to 7 digits), maybe in brackets, then spaces; <paramref name="header"/>
    /// is where the text after them starts. Alone such a time is no stamp (<c>12:30:45 elapsed</c>): the caller reads it only
    /// before a .NET console header. The date is the file's (<see cref="RawTimestamp.DateMissing"/>).
    /// </summary>
    internal static bool DotNetConsoleTime(ReadOnlySpan<char> line, out RawTimestamp stamp, out int header)
    {
        stamp = default;
        header = 0;
        int i = line.Length > 0 && line[0] == '[' ? 1 : 0;
        if (line.Length < i + 15 || line[i + 2] != ':' || line[i + 5] != ':'
            || !char.IsAsciiDigit(line[i]) || !char.IsAsciiDigit(line[i + 1]) || !char.IsAsciiDigit(line[i + 3]) || !char.IsAsciiDigit(line[i + 4])
            || !char.IsAsciiDigit(line[i + 6]) || !char.IsAsciiDigit(line[i + 7]))
        {
            return false;
        }

        int hour = ((line[i] - '0') * 10) + (line[i + 1] - '0');
        int minute = ((line[i + 3] - '0') * 10) + (line[i + 4] - '0');
        int second = ((line[i + 6] - '0') * 10) + (line[i + 7] - '0');
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        int p = i + 8;
        long fraction = 0;
        if (line[p] is '.' or ',')
        {
            int digits = 0;
            p++;
            while (p < line.Length && digits < 7 && char.IsAsciiDigit(line[p]))
            {
                fraction = (fraction * 10) + (line[p] - '0');
                digits++;
                p++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }
        }

        if (i == 1)
        {
            if (p >= line.Length || line[p] != ']')
            {
                return false;
            }

            p++;
        }

        if (p >= line.Length || line[p] != ' ')
        {
            return false;
        }

        while (p < line.Length && line[p] == ' ')
        {
            p++;
        }

        stamp = new RawTimestamp(new DateTime(2000, 1, 1, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction), null, false, DateMissing: true);
        header = p;
        return true;
    }

    /// <summary>
    /// Where the <c>]</c> of the category and event id that Microsoft.Extensions.Logging's console formatters write
    /// (<c>Shop.Orders.OrderProcessor[0]</c>, <c>Microsoft.Hosting.Lifetime[14]</c>) ends, when the text from
    /// <paramref name="start"/> is one: a name without spaces, then <c>[</c>, the event id (digits, maybe after a minus) and
    /// <c>]</c>, then the end of the line or a space. Else -1.
    /// </summary>
    internal static int DotNetCategoryEnd(ReadOnlySpan<char> line, int start)
    {
        int space = IndexOf(line, ' ', start);
        int end = space < 0 ? line.Length : space;
        if (end - start < 4 || line[end - 1] != ']')
        {
            return -1;
        }

        int i = end - 2;
        while (i > start && char.IsAsciiDigit(line[i]))
        {
            i--;
        }

        if (i < end - 2 && line[i] == '-')
        {
            i--;
        }

        return i > start && i < end - 2 && line[i] == '[' ? end - 1 : -1;
    }

    /// <summary>
    /// The fixed-width RFC 3339 stamp (nine fraction digits, UTC) that <c>docker logs -t</c> and <c>kubectl logs --timestamps</c>
    /// put before each line of the container, <paramref name="used"/> characters long, then a space.
    /// </summary>
    internal static bool IsDockerStamp(ReadOnlySpan<char> line, int used) =>
        used == 30 && line.Length > 31 && line[10] == 'T' && line[19] == '.' && line[29] == 'Z' && line[30] == ' ';

    /// <summary>
    /// The level word and message of java.util.logging's second line (<c>SEVERE: message</c>): the level, or Unknown;
    /// <paramref name="message"/> is where the message starts.
    /// </summary>
    internal static LogLevel JulLevelLine(ReadOnlySpan<char> line, out int message)
    {
        message = 0;
        int colon = line[..Math.Min(line.Length, 16)].IndexOf(':');
        if (colon < 4 || (colon + 1 < line.Length && line[colon + 1] != ' '))
        {
            return LogLevel.Unknown;
        }

        message = Math.Min(line.Length, colon + 1);
        LogLevel level = LevelNames.Parse(line[..colon], allowSingleLetter: false);
        return level != LogLevel.Unknown ? level : JulLocalizedLevel(line[..colon]);
    }

    /// <summary>
    /// Where the message of a SQL Server ERRORLOG line starts (after the stamp with two fraction digits and the source
    /// column, 12 characters wide: <c>spid51</c>, <c>spid9s</c>, <c>Server</c>, <c>Logon</c>, <c>Backup</c>), or -1.
    /// </summary>
    internal static int SqlServerMessage(ReadOnlySpan<char> line)
    {
        if (line.Length <= 35 || line[19] != '.' || line[22] != ' ' || !char.IsAsciiLetter(line[23]) || line[34] != ' ' || line[35] == ' ')
        {
            return -1;
        }

        int i = 23;
        while (i < 34 && char.IsAsciiLetterOrDigit(line[i]))
        {
            i++;
        }

        return !line[i..35].ContainsAnyExcept(' ') ? 35 : -1;
    }

    /// <summary>The severity of SQL Server's <c>Error: 18456, Severity: 14, State: 8.</c>, or -1 for any other message.</summary>
    internal static int SqlServerSeverity(ReadOnlySpan<char> text)
    {
        if (!text.StartsWith("Error: ", StringComparison.Ordinal))
        {
            return -1;
        }

        int comma = text.IndexOf(", Severity: ", StringComparison.Ordinal);
        if (comma < 8 || !int.TryParse(text[7..comma], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return -1;
        }

        ReadOnlySpan<char> rest = text[(comma + 12)..];
        int end = 0;
        while (end < rest.Length && end < 3 && char.IsAsciiDigit(rest[end]))
        {
            end++;
        }

        return end > 0 && int.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out int severity) ? severity : -1;
    }

    private static readonly (string Phrase, LogLevel Level)[] s_phpLevels =
    [
        ("PHP Fatal error:", LogLevel.Fatal), ("PHP Parse error:", LogLevel.Error), ("PHP Recoverable fatal error:", LogLevel.Error),
        ("PHP Catchable fatal error:", LogLevel.Error), ("PHP Warning:", LogLevel.Warning), ("PHP Notice:", LogLevel.Notice),
        ("PHP Deprecated:", LogLevel.Notice), ("PHP Strict Standards:", LogLevel.Notice),
    ];

    /// <summary>PHP's error level phrase at the start of <paramref name="text"/> (<c>PHP Fatal error:</c>): its length, or 0.</summary>
    internal static int PhpLevel(ReadOnlySpan<char> text, out LogLevel level)
    {
        level = LogLevel.Unknown;
        if (!text.StartsWith("PHP ", StringComparison.Ordinal))
        {
            return 0;
        }

        foreach ((string phrase, LogLevel value) in s_phpLevels)
        {
            if (text.StartsWith(phrase, StringComparison.Ordinal))
            {
                level = value;
                return phrase.Length;
            }
        }

        return 0;
    }

    /// <summary>Zones looked up by name (a PHP log names one zone on every line).</summary>
    private readonly System.Collections.Generic.Dictionary<string, TimeZoneInfo?> _zones = new(StringComparer.Ordinal);

    /// <summary>
    /// The offset of a zone named alone after a stamp inside its brackets (<c> UTC</c>, <c> Europe/Berlin</c>) at that
    /// local time, or null when the text is not one zone name.
    /// </summary>
    private TimeSpan? ZoneInBracket(ReadOnlySpan<char> text, DateTime local)
    {
        if (text.Length < 4 || text[0] != ' ')
        {
            return null;
        }

        ReadOnlySpan<char> name = text[1..];
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
            {
                return null;
            }
        }

        if (name is "UTC" or "GMT")
        {
            return TimeSpan.Zero;
        }

        if (!char.IsAsciiLetterUpper(name[0]) || name.IndexOf('/') < 0)
        {
            // Only Area/Location names: a word such as INF or ERR (Serilog's console level) is not a zone.
            return null;
        }

        string key = name.ToString();
        if (!_zones.TryGetValue(key, out TimeZoneInfo? zone))
        {
            zone = TimeZoneInfo.TryFindSystemTimeZoneById(key, out TimeZoneInfo? found) ? found : null;
            _zones[key] = _zones.Count < 64 ? zone : null;
        }

        return zone?.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
    }

    /// <summary>The lines a logger writes at the top of a new file (glog and klog, Ruby's Logger): neither entries nor continuations.</summary>
    internal static bool IsFileHeader(ReadOnlySpan<byte> line) =>
        line.StartsWith("Log file created at: "u8) || line.StartsWith("Running on machine: "u8) || line.StartsWith("Running duration (h:mm:ss): "u8)
        || line.StartsWith("Log line format: [IWEF]"u8) || line.StartsWith("Application fingerprint: "u8) || line.StartsWith("Binary: Built with "u8)
        || line.StartsWith("# Logfile created on "u8);

    /// <summary>journalctl's markers between entries: <c>-- Boot 3f1c2e... --</c>, <c>-- No entries --</c>, <c>-- Logs begin at ... --</c>.</summary>
    internal static bool IsJournalMarker(ReadOnlySpan<byte> line) => line.Length >= 7 && line.StartsWith("-- "u8) && line.EndsWith(" --"u8);

    /// <summary>The index after <c>pid:R </c> at the start of a Redis log line (R the role: M, S, C or X), or 0.</summary>
    internal static int RedisRoleAt(ReadOnlySpan<char> line)
    {
        int i = 0;
        while (i < line.Length && i < 10 && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        return i > 0 && i + 3 < line.Length && line[i] == ':' && line[i + 1] is 'M' or 'S' or 'C' or 'X' && line[i + 2] == ' ' ? i + 3 : 0;
    }

    /// <summary>The index after <c>pid:signal-handler (</c> at the start of a Redis log line, or 0.</summary>
    internal static int RedisSignalHandlerAt(ReadOnlySpan<char> line)
    {
        int i = 0;
        while (i < line.Length && i < 10 && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        return i > 0 && line[i..].StartsWith(":signal-handler (", StringComparison.Ordinal) ? i + 17 : 0;
    }

    /// <summary>
    /// Redis: <c>1:M 27 Nov 2026 10:00:00.123 * Ready to accept connections</c>: pid and role, the time, then the level
    /// as a mark (<c>.</c> debug, <c>-</c> verbose, <c>*</c> notice, <c>#</c> warning).
    /// </summary>
    private bool TryRedis(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int handler = RedisSignalHandlerAt(line);
        if (handler > 0)
        {
            // "12347:signal-handler (1795773603) Received SIGTERM scheduling shutdown...": epoch seconds, logged as a warning.
            int close = IndexOf(line, ')', handler);
            if (close < 0 || !long.TryParse(line[handler..close], NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                || !TimestampParser.TryEpoch(seconds, out RawTimestamp epoch))
            {
                return false;
            }

            parsed.Format = LogFormat.TimestampedText;
            parsed.HasTimestamp = true;
            parsed.Timestamp = epoch;
            parsed.Level = LogLevel.Warning;
            parsed.Message = Message(line[Math.Min(line.Length, close + 1)..].Trim(), LogLevel.Warning);
            return true;
        }

        int pos = RedisRoleAt(line);
        if (!TimestampParser.TryDayMonthYear(line[pos..], out RawTimestamp stamp, out int used))
        {
            return false;
        }

        pos += used;
        if (pos + 2 > line.Length || line[pos] != ' ' || (pos + 2 < line.Length && line[pos + 2] != ' '))
        {
            return false;
        }

        LogLevel level = line[pos + 1] switch
        {
            '.' or '-' => LogLevel.Debug,
            '*' => LogLevel.Notice,
            '#' => LogLevel.Warning,
            _ => LogLevel.Unknown,
        };
        if (level == LogLevel.Unknown)
        {
            return false;
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = level;
        parsed.Message = Message(line[Math.Min(line.Length, pos + 3)..], level);
        return true;
    }

    /// <summary>The digits of a klog date after the level letter: 4 (MMdd), 8 (yyyyMMdd, glog 0.7 and later), or 0.</summary>
    private static int KlogDateLength(ReadOnlySpan<char> line)
    {
        if (line.Length < 22 || line[0] is not ('I' or 'W' or 'E' or 'F'))
        {
            return 0;
        }

        int digits = line.Length >= 26 && line[9] == ' ' && line[12] == ':' ? 8 : line[5] == ' ' && line[8] == ':' ? 4 : 0;
        for (int i = 1; i <= digits; i++)
        {
            if (!char.IsAsciiDigit(line[i]))
            {
                return 0;
            }
        }

        return digits;
    }

    /// <summary>
    /// klog and glog (Kubernetes' components: kubelet, the API server, controllers): <c>E1127 10:00:00.123456   12345
    /// reflector.go:138] message</c>: the level letter (I, W, E, F), month and day without a year (glog 0.7 and later:
    /// <c>E20261127</c>, with the year), the time, the thread id, then the source file and line.
    /// </summary>
    private bool TryKlog(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int digits = KlogDateLength(line);
        if (digits == 0)
        {
            return false;
        }

        int year = digits == 8 ? int.Parse(line[1..5], NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        int month = ((line[digits - 3] - '0') * 10) + (line[digits - 2] - '0');
        int day = ((line[digits - 1] - '0') * 10) + (line[digits] - '0');
        if (!TimestampParser.TryMonthDayTime(month, day, line[(digits + 2)..], out RawTimestamp stamp, out int used, year))
        {
            return false;
        }

        int pos = digits + 2 + used;
        if (pos >= line.Length || line[pos] != ' ')
        {
            return false;
        }

        while (pos < line.Length && line[pos] == ' ')
        {
            pos++;
        }

        int id = pos;
        while (pos < line.Length && char.IsAsciiDigit(line[pos]))
        {
            pos++;
        }

        if (pos == id || pos >= line.Length || line[pos] != ' ')
        {
            return false;
        }

        pos++;
        int close = IndexOf(line, ']', pos);
        if (close < 0 || IndexOf(line[..close], ':', pos) < 0 || IndexOf(line[..close], ' ', pos) >= 0)
        {
            return false;
        }

        LogLevel level = line[0] switch
        {
            'I' => LogLevel.Info,
            'W' => LogLevel.Warning,
            'E' => LogLevel.Error,
            _ => LogLevel.Fatal,
        };
        parsed.Format = LogFormat.TimestampedText;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = level;
        ReadOnlySpan<char> message = line[Math.Min(line.Length, close + 1)..].TrimStart(' ');
        if (level >= _messageFrom)
        {
            parsed.Message = message.Length > 1 && message[0] == '"' ? KlogStructuredMessage(message) : message.ToString();
        }

        return true;
    }

    /// <summary>
    /// Structured klog (<c>"Error syncing pod" err="..." pod="ns/app"</c>, Kubernetes' default): the quoted message unquoted
    /// (Go's escapes undone), then the key-value pairs as they are. Unterminated quotes leave the text as it is.
    /// </summary>
    internal static string KlogStructuredMessage(ReadOnlySpan<char> text)
    {
        var message = new StringBuilder(text.Length);
        int i = 1;
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                message.Append(text[i] switch { 'n' or 't' or 'r' => ' ', _ => text[i] });
            }
            else
            {
                message.Append(text[i]);
            }

            i++;
        }

        if (i >= text.Length)
        {
            return text.ToString();
        }

        message.Append(text[(i + 1)..]);
        return message.ToString();
    }

    /// <summary>True for the start of a line of Ruby's Logger: a severity letter, a comma and a bracket.</summary>
    internal static bool IsRubyLoggerStart(ReadOnlySpan<char> line) =>
        line.Length > 24 && line[0] is 'D' or 'I' or 'W' or 'E' or 'F' or 'A' or 'U' && line[1] == ',' && line[2] == ' ' && line[3] == '[';

    /// <summary>
    /// Ruby's Logger (Rails and other Ruby services): <c>E, [2026-11-27T10:00:00.123456 #12345] ERROR -- progname: message</c>.
    /// </summary>
    private bool TryRubyLogger(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (!IsRubyLoggerStart(line) || !TimestampParser.TryParse(line[4..], out RawTimestamp stamp, out int used))
        {
            return false;
        }

        int pos = 4 + used;
        if (pos + 2 >= line.Length || line[pos] != ' ' || line[pos + 1] != '#')
        {
            return false;
        }

        int close = IndexOf(line, ']', pos);
        if (close < 0)
        {
            return false;
        }

        pos = close + 1;
        while (pos < line.Length && line[pos] == ' ')
        {
            pos++;
        }

        int wordEnd = IndexOf(line, ' ', pos);
        if (wordEnd < 0 || !line[wordEnd..].StartsWith(" -- ", StringComparison.Ordinal))
        {
            return false;
        }

        // The severity word (ANY is Unknown); the message follows "progname: ".
        LogLevel level = LevelNames.Parse(line[pos..wordEnd], allowSingleLetter: false);
        int message = wordEnd + 4;
        int colon = line[message..].IndexOf(": ", StringComparison.Ordinal);
        message = colon < 0 ? message : message + colon + 2;
        parsed.Format = LogFormat.TimestampedText;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = level;
        parsed.Message = Message(line[message..], level);
        return true;
    }

    /// <summary>
    /// Python's <c>logging.basicConfig()</c> default without a stamp, <c>ERROR:root:message</c> (BASIC_FORMAT): read as after a
    /// stamp (<see cref="PythonBasicAfterStamp"/>), so a line reads the same with or without one (<c>ERROR:KeyError: 'a'</c>
    /// keeps its exception's name).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryPythonBasic(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (!PythonBasicAfterStamp(line, out LogLevel level, out int messageAt))
        {
            return false;
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.Level = level;
        parsed.Message = Message(line[messageAt..], level);
        return true;
    }

    /// <summary>
    /// Python's <c>LEVEL:name:message</c> right after a stamp and a space or a colon (<c>2026-11-27 10:00:00,123 ERROR:root:msg</c>,
    /// <c>...,123:ERROR:app:msg</c>): four to eight capitals that name a level and a colon, then a logger name and a colon
    /// where the shape is BASIC_FORMAT's (<see cref="IsLoggerName"/>, the message right after the colon); otherwise the
    /// message is all after <c>LEVEL:</c> (<c>ERROR:KeyError: 'a'</c>). <paramref name="messageAt"/> is where the message starts.
    /// </summary>
    internal static bool PythonBasicAfterStamp(ReadOnlySpan<char> rest, out LogLevel level, out int messageAt)
    {
        level = LogLevel.Unknown;
        messageAt = -1;
        int start = rest.Length > 0 && rest[0] == ':' ? 1 : SkipSpaces(rest, 0);
        int colon = start;
        while (colon < rest.Length && colon - start <= 8 && char.IsAsciiLetterUpper(rest[colon]))
        {
            colon++;
        }

        if (colon - start < 4 || colon - start > 8 || colon >= rest.Length || rest[colon] != ':')
        {
            return false;
        }

        // Words that free text never takes for a level ("NOTE", "FAIL", "CONFIG") are none here either.
        level = IsStrictLevelWord(rest[start..colon]) ? LevelNames.Parse(rest[start..colon], allowSingleLetter: false) : LogLevel.Unknown;
        if (level == LogLevel.Unknown)
        {
            return false;
        }

        // A logger name only where the shape is BASIC_FORMAT's: a module path (a letter or '_', then letters, digits, '_', '.'
        // or '-') and a colon the message follows at once. A space, a digit or another colon after it means the words are the
        // message's own ("ERROR:KeyError: 'a'", "ERROR:redis:6379 refused", "WARNING:fe80::1 down"), as does a one-letter
        // name before '\' or '/' (a drive) or a URL's "//": then only the level word goes. A colon in the message's first word
        // ("ERROR:user:bob:denied") keeps an undotted name in the message too; a dotted one is a module's logger name whatever
        // follows ("WARNING:py.warnings:/srv/app/x.py:12: DeprecationWarning", as logging.captureWarnings writes it).
        // Python's own loggers, root and __main__, are names whatever follows ("WARNING:root:2 retries left"); a message that
        // starts with an IPv4 address, or an IPv6 one written from "::", is no port after a host ("INFO:werkzeug:127.0.0.1 - -
        // [...] \"GET / HTTP/1.1\" 200 -", as Flask's development server writes every request, and "INFO:werkzeug:::1 - - ...").
        int second = IndexOf(rest, ':', colon + 1);
        bool ownLogger = second > colon + 1 && rest[(colon + 1)..second] is "root" or "__main__";
        bool named = ownLogger || (second > colon + 1 && IsLoggerName(rest[(colon + 1)..second])
            && (second + 1 >= rest.Length || !(rest[second + 1] is ' ' or ':' || char.IsAsciiDigit(rest[second + 1])) || StartsWithDottedQuad(rest[(second + 1)..]) || StartsWithIpv6Shorthand(rest[(second + 1)..]))
            && (rest[(colon + 1)..second].Contains('.') || StartsWithIpv6Shorthand(rest[(second + 1)..]) || !FirstWordHasColon(rest[(second + 1)..]))
            && !rest[(second + 1)..].StartsWith("//", StringComparison.Ordinal)
            && !(second == colon + 2 && second + 1 < rest.Length && rest[second + 1] is '\\' or '/'));
        if (!named && (colon + 1 >= rest.Length || rest[colon + 1] == ' '))
        {
            // "ERROR: message" is the level-word rule's.
            level = LogLevel.Unknown;
            return false;
        }

        messageAt = named ? second + 1 : colon + 1;
        return true;
    }

    /// <summary>
    /// A Python logger name as BASIC_FORMAT writes it: a module path (<c>__name__</c>: a lower-case letter or '_', then letters,
    /// digits, '_', '.' or '-'), not a URI scheme without "//" (<c>urn:</c>, <c>arn:</c>, <c>mailto:</c>); a capitalised word
    /// (<c>ERROR:Connection:refused</c>, <c>ERROR:Traceback:see below</c>) is the message's own.
    /// </summary>
    private static bool IsLoggerName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            || name is "urn" or "arn" or "mailto" or "tel" or "sip" or "data" or "news" or "file")
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="text"/> starts with an IPv4 address, four dot-separated groups of one to three digits, then a space, a colon or the end (<c>127.0.0.1 - -</c>): an address, not a port or a version.</summary>
    private static bool StartsWithDottedQuad(ReadOnlySpan<char> text)
    {
        int i = 0;
        for (int group = 0; group < 4; group++)
        {
            int first = i;
            while (i < text.Length && i - first < 4 && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i - first is 0 or > 3)
            {
                return false;
            }

            if (group < 3)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }

                i++;
            }
        }

        return i == text.Length || text[i] is ' ' or ':';
    }

    /// <summary>Whether <paramref name="text"/> starts with an IPv6 address that begins with <c>::</c> and a hex digit (<c>::1 - -</c>, <c>::ffff:10.0.0.1</c>).</summary>
    private static bool StartsWithIpv6Shorthand(ReadOnlySpan<char> text) =>
        text.Length > 2 && text[0] == ':' && text[1] == ':' && char.IsAsciiHexDigit(text[2]);

    /// <summary>Whether the first word of <paramref name="text"/> holds a colon (<c>bob:denied</c>, <c>aws:iam::1:role</c>): a name before it would be part of one value.</summary>
    private static bool FirstWordHasColon(ReadOnlySpan<char> text)
    {
        int space = text.IndexOf(' ');
        return (space < 0 ? text : text[..space]).Contains(':');
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryLogfmt(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int eq = line.IndexOf('=');
        if (eq <= 0 || eq > 32 || line[..eq].ContainsAny(' ', '"', ':'))
        {
            return false;
        }

        bool any = false;
        bool hasMessage = false;
        ReadOnlySpan<char> message = default;
        bool levelKey = false;
        bool seenAt = false;
        LogLevel atLevel = LogLevel.Unknown;
        int pos = 0;
        while (pos < line.Length)
        {
            while (pos < line.Length && line[pos] == ' ')
            {
                pos++;
            }

            int keyStop = line[pos..].IndexOfAny('=', ' ');
            int keyEnd = keyStop < 0 ? line.Length : pos + keyStop;

            if (keyEnd >= line.Length || line[keyEnd] != '=')
            {
                if (keyEnd == pos)
                {
                    break;
                }

                pos = keyEnd;
                continue;
            }

            ReadOnlySpan<char> key = line[pos..keyEnd];
            ReadOnlySpan<char> value = ReadLogfmtValue(line, keyEnd + 1, out pos);
            if (key.Equals("level", StringComparison.OrdinalIgnoreCase) || key.Equals("lvl", StringComparison.OrdinalIgnoreCase)
                || key.Equals("severity", StringComparison.OrdinalIgnoreCase) || key.Equals("loglevel", StringComparison.OrdinalIgnoreCase))
            {
                parsed.Level = LevelNames.Parse(value, allowSingleLetter: true);
                any = true;
                levelKey = true;
            }
            else if (!seenAt && key.Equals("at", StringComparison.OrdinalIgnoreCase))
            {
                // Heroku's router and platform logs: "at=error code=H12 desc=...", "at=info method=GET ...". Elsewhere "at" may be
                // a place ("at=main.go:42"): only a level word counts, and only without a level key.
                seenAt = true;
                atLevel = LevelNames.Parse(value, allowSingleLetter: false);
            }
            else if (key.Equals("msg", StringComparison.OrdinalIgnoreCase) || key.Equals("message", StringComparison.OrdinalIgnoreCase))
            {
                message = value;
                hasMessage = true;
                any = true;
            }
            else if (key.Equals("time", StringComparison.OrdinalIgnoreCase) || key.Equals("ts", StringComparison.OrdinalIgnoreCase)
                || key.Equals("t", StringComparison.OrdinalIgnoreCase) || key.Equals("timestamp", StringComparison.OrdinalIgnoreCase))
            {
                if (TimestampParser.TryParseValue(value, out RawTimestamp stamp))
                {
                    parsed.HasTimestamp = true;
                    parsed.Timestamp = stamp;
                }
            }

            if (_measureField is not null && key.Equals(_measureField, StringComparison.OrdinalIgnoreCase))
            {
                parsed.MeasureValue = value.ToString();
                _measureOwn = true;
            }

            if (_groupField is not null && key.Equals(_groupField, StringComparison.OrdinalIgnoreCase))
            {
                parsed.GroupValue = value.ToString();
                _groupOwn = true;
            }
        }

        if (!levelKey && atLevel != LogLevel.Unknown)
        {
            parsed.Level = atLevel;
            any = true;
        }

        if (!any)
        {
            parsed = default;
            return false;
        }

        parsed.Format = LogFormat.Logfmt;
        parsed.Message = Message(hasMessage && !message.IsWhiteSpace() ? message : line, parsed.Level);
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> ReadLogfmtValue(ReadOnlySpan<char> line, int pos, out int end)
    {
        if (pos < line.Length && line[pos] == '"')
        {
            int close = line[(pos + 1)..].IndexOfAny('"', '\\');
            if (close >= 0 && line[pos + 1 + close] == '"')
            {
                // No escapes: the value is a slice of the line.
                end = Math.Min(line.Length, pos + 1 + close + 1);
                return line.Slice(pos + 1, close);
            }

            var value = new StringBuilder();
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

        int space = IndexOf(line, ' ', pos);
        end = space < 0 ? line.Length : space;
        return line[pos..end];
    }

    // 03-17 16:13:38.811  1702  2395 D WindowManager: message (LogcatPattern has the other layouts)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryLogcat(string line, ref LogLine parsed)
    {
        Match m = LogcatPattern().Match(line);
        if (!m.Success)
        {
            return false;
        }

        parsed.Format = LogFormat.Logcat;
        // 'A' is logcat's assert (Log.wtf, abort messages): fatal.
        parsed.Level = m.Groups["level"].ValueSpan[0] == 'A' ? LogLevel.Fatal : LevelNames.Parse(m.Groups["level"].ValueSpan, allowSingleLetter: true);
        string stamp = string.Create(CultureInfo.InvariantCulture, $"Jan 01 {m.Groups["time"].Value}");
        if (TimestampParser.TryParse(stamp, out RawTimestamp raw, out _))
        {
            int month = int.Parse(m.Groups["month"].ValueSpan, CultureInfo.InvariantCulture);
            int day = int.Parse(m.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2000, month))
            {
                DateTime v = raw.Value;
                parsed.HasTimestamp = true;
                parsed.Timestamp = new RawTimestamp(new DateTime(2000, month, day).Add(v.TimeOfDay), null, true);
            }
        }

        parsed.Message = m.Groups["message"].Value;
        return true;
    }

    // threadtime with logcat -v uid (the uid a number or a name before the pid: "05-21 15:05:52.808  1047  1116  1240 E FMQ: ...",
    // "05-21 20:54:20.971  root  1215  1215 W ..."), and -v time ("05-26 14:57:03.870 V/Configuration( 1766): ...").
    [GeneratedRegex(@"^(?<month>[01]\d)-(?<day>[0-3]\d) (?<time>\d\d:\d\d:\d\d\.\d+)(?:(?:\s+(?:\d+|[a-z_][a-z0-9_]{0,5}))?\s+\d+\s+\d+ (?<level>[VDIWEFA]) [^:]*?: ?| (?<level>[VDIWEFA])/[^(:]*\((?=[ \d]{5,}\))\s*\d+\): ?)(?<message>.*)$", RegexOptions.CultureInvariant)]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static partial Regex LogcatPattern();

    /// <summary>Timestamp (bare or in brackets), then a level word among the first tokens, then the message after any thread/logger header.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryText(ReadOnlySpan<char> line, bool continuationLikely, ref LogLine parsed)
    {
        if (DotNetConsoleTime(line, out RawTimestamp dayTime, out int dotNetAt) && TryDotNetConsole(line[dotNetAt..], ref parsed))
        {
            // .NET's console logger with TimestampFormat = "HH:mm:ss " (or "[HH:mm:ss] "): a time of day is a stamp here.
            parsed.HasTimestamp = true;
            parsed.Timestamp = dayTime;
            return true;
        }

        parsed = default;
        int pos = 0;
        bool bracketed = line[0] == '[';
        if (bracketed && (TryProxifier(line, ref parsed) || TryNagios(line, ref parsed)))
        {
            return true;
        }

        if (!bracketed && TryBacula(line, ref parsed))
        {
            return true;
        }

        bool julLocalized = false;
        if ((bracketed && SerilogConsoleTime(line, out RawTimestamp stamp, out int used)) || TimestampParser.TryParse(line[(bracketed ? 1 : 0)..], out stamp, out used)
            || (!bracketed && (julLocalized = LocalizedJulStamp(line, out stamp, out used))))
        {
            int end = (bracketed ? 1 : 0) + used;
            if (bracketed)
            {
                // "[stamp] ...": the bracket is skipped; "[10:00:00 INF] ..." (Serilog's console): the level is read inside it;
                // "[27-Nov-2026 10:00:00 Europe/Berlin] ..." (PHP's error log): the zone is read.
                int close = IndexOf(line, ']', end);
                if (close > 0 && stamp.Offset is null && ZoneInBracket(line[end..close], stamp.Value) is TimeSpan zone)
                {
                    stamp = stamp with { Offset = zone };
                    end = close + 1;
                }
                else
                {
                    end = close < 0 ? end : line[end..close].IsWhiteSpace() ? close + 1 : end;
                }
            }

            parsed.HasTimestamp = true;
            parsed.Timestamp = stamp;
            pos = end;

            // .NET's console logger with a TimestampFormat: "2026-11-20 10:00:00 fail: Category[0]", message on the next line.
            while (pos < line.Length && line[pos] is ' ' or '\t')
            {
                pos++;
            }

            // Kubernetes' node logs (CRI): "2026-11-27T10:00:00.123456789Z stderr F <the container's line>".
            int cri = bracketed ? 0 : CriPrefixLength(line[pos..]);
            if (cri > 0)
            {
                parsed = default;
                // Set after the inner line's own parse, which would take it.
                bool starts = TryContainerText(line[(pos + cri)..].ToString(), true, stamp, continuationLikely, ref parsed);
                _textDecided = true;
                return starts;
            }

            // docker logs -t (and kubectl logs --timestamps): "2026-11-27T10:00:00.123456789Z <the container's line>".
            if (!bracketed && IsDockerStamp(line, used))
            {
                parsed = default;
                bool starts = TryContainerText(line[(used + 1)..].ToString(), true, stamp, continuationLikely, ref parsed);
                _textDecided = true;
                return starts;
            }

            // macOS's `log show` in its default style: "2023-10-14 17:53:54.688700+0800 0x1e2cd    Error       0x0    4004   14   app: ...".
            LogLevel macLevel = LogLevel.Unknown;
            int mac = bracketed || stamp.Offset is null ? 0 : MacLogShowMessage(line[pos..], out macLevel);
            if (mac > 0)
            {
                parsed.Format = LogFormat.TimestampedText;
                parsed.Level = macLevel;
                parsed.Message = Message(line[(pos + mac)..].Trim(), macLevel);
                return true;
            }

            if (TryDotNetConsole(line[pos..], ref parsed))
            {
                return true;
            }

            if (bracketed && AsteriskHeader(line[pos..], out LogLevel asteriskLevel) is int asterisk and > 0)
            {
                parsed.Format = LogFormat.TimestampedText;
                parsed.Level = asteriskLevel;
                parsed.Message = Message(line[(pos + asterisk)..].TrimEnd(), asteriskLevel);
                return true;
            }

            if (!bracketed && used >= 14 && line[10] == '.' && SquidAccess(line[pos..], out int squidStatus, out Range squidRequest))
            {
                LogLevel squidLevel = HttpStatusLevel(squidStatus);
                parsed.Format = LogFormat.AccessLog;
                parsed.Level = squidLevel;
                parsed.LevelFromStatus = true;
                parsed.Message = squidLevel >= _messageFrom ? string.Concat(line[pos..][squidRequest], " ", squidStatus.ToString("000", CultureInfo.InvariantCulture)) : null;
                return true;
            }

            if (!bracketed && BindHeader(line[pos..], out LogLevel bindLevel) is int bind and > 0)
            {
                parsed.Format = LogFormat.TimestampedText;
                parsed.Level = bindLevel;
                parsed.Message = Message(line[(pos + bind)..].TrimEnd(), bindLevel);
                return true;
            }

            // A stamp before logfmt ("2026-11-27T10:00:00Z level=error msg=..."), as log shippers and shell wrappers write it; also
            // with Heroku's source and dyno between them (`heroku logs`: "2026-11-27T10:00:07.123456+00:00 heroku[router]: at=error ...").
            int dyno = bracketed ? 0 : DynoTagLength(line[pos..]);
            if (!bracketed && StartsLogfmtPair(line[(pos + dyno)..]))
            {
                LogLine inner = default;
                if (TryLogfmt(line[(pos + dyno)..], ref inner) && inner.Level != LogLevel.Unknown)
                {
                    if (!inner.HasTimestamp)
                    {
                        inner.HasTimestamp = true;
                        inner.Timestamp = stamp;
                    }

                    parsed = inner;
                    return true;
                }
            }

            if (dyno > 0 && line[pos..].StartsWith("heroku[", StringComparison.Ordinal) && HerokuErrorCode(line[(pos + dyno)..]))
            {
                // `heroku logs`: the platform's "heroku[web.1]: Error R14 (Memory quota exceeded)".
                ReadOnlySpan<char> text = line[(pos + dyno)..].Trim();
                parsed.Format = LogFormat.TimestampedText;
                parsed.Level = LogLevel.Error;
                parsed.Message = Message(text, LogLevel.Error);
                return true;
            }

            // SQL Server's ERRORLOG: "2026-11-27 10:00:00.12 spid51      Error: 18456, Severity: 14, State: 8."
            int sql = !bracketed && used == 22 ? SqlServerMessage(line) : -1;
            if (sql > 0)
            {
                ReadOnlySpan<char> text = line[sql..].TrimEnd();
                int severity = SqlServerSeverity(text);
                LogLevel sqlLevel = severity switch
                {
                    >= 20 => LogLevel.Fatal,
                    >= 17 => LogLevel.Critical,
                    >= 11 => LogLevel.Error,
                    _ => LogLevel.Info,
                };
                parsed.Format = LogFormat.TimestampedText;
                parsed.Level = sqlLevel;
                parsed.Message = Message(text, sqlLevel);
                parsed.MessageInNextEntry = severity >= 0;
                return true;
            }

            int syslog = !bracketed && line[10] == 'T' && stamp.Offset is not null ? SyslogTailMessage(line, pos) : -1;
            if (syslog >= 0)
            {
                SyslogMessage(line[syslog..], null, ref parsed);
                return true;
            }

            // PHP's error log: "PHP Fatal error:  Uncaught ...", "PHP Warning:  ...".
            int php = PhpLevel(line[pos..], out LogLevel phpLevel);
            if (php > 0)
            {
                parsed.Format = LogFormat.TimestampedText;
                parsed.Level = phpLevel;
                parsed.Message = Message(line[(pos + php)..].Trim(), phpLevel);
                return true;
            }

            // "2016-09-28 04:30:30, Info  CBS  message" (Windows' CBS.log): the level is the first word after the comma.
            if (pos < line.Length && line[pos] == ',')
            {
                pos++;
            }

            if (pos < line.Length && line[pos] == '|' && TryPipeFields(line, pos, ref parsed))
            {
                return true;
            }
        }
        else if (LevelFirstStamp(line, out LogLevel firstLevel, out RawTimestamp levelStamp, out int afterStamp))
        {
            // The level before the stamp (Django's "verbose" {levelname} {asctime} ..., log4j's %-5p %d ...): the stamp is the entry's.
            parsed.Format = LogFormat.TimestampedText;
            parsed.HasTimestamp = true;
            parsed.Timestamp = levelStamp;
            parsed.Level = firstLevel;
            parsed.Message = firstLevel >= _messageFrom ? SkipHeader(line[afterStamp..], 0).ToString() : null;
            return true;
        }
        else if (HaproxyRawEventLevel(line) is LogLevel haproxyEvent and not LogLevel.Unknown)
        {
            // HAProxy's own events in "log stdout format raw" (no stamp, no PRI): an entry whatever the lines around it.
            parsed.Format = LogFormat.Text;
            parsed.Level = haproxyEvent;
            parsed.Message = Message(line, haproxyEvent);
            _textDecided = true;
            return true;
        }
        else if (TryHaproxyRaw(line, ref parsed) || TryAwsLoadBalancer(line, ref parsed) || TryHpcColumns(line, ref parsed) || TryAccessLog(line, ref parsed))
        {
            return true;
        }

        if (parsed.HasTimestamp && !bracketed && IsMongoStamp(line, parsed.Timestamp) && MongoLegacySeverity(line[pos..], out LogLevel mongo, out int mongoMessage))
        {
            // MongoDB before 4.4: "2019-03-05T14:03:12.345+0000 E STORAGE  [initandlisten] message": the letter is the
            // severity, whatever level words the message has; the component and the context are not part of the message.
            parsed.Format = LogFormat.TimestampedText;
            parsed.Level = mongo;
            parsed.Message = Message(line[(pos + mongoMessage)..].TrimEnd(), mongo);
            return true;
        }

        parsed.Format = parsed.HasTimestamp ? LogFormat.TimestampedText : (bracketed && IsApacheHeader(line) ? LogFormat.Apache : LogFormat.Text);
        ReadOnlySpan<char> rest = line[pos..];
        int headerMessage = -1;
        LogLevel level;
        int after;
        if (parsed.HasTimestamp && PythonBasicAfterStamp(rest, out level, out int pythonMessage))
        {
            // Python's BASIC_FORMAT after a stamp ("%(asctime)s %(levelname)s:%(name)s:%(message)s", or joined with ':').
            after = pythonMessage;
            headerMessage = pythonMessage;
        }
        else
        {
            after = FindLevel(rest, out level, firstMayBeLowercase: parsed.HasTimestamp);
        }

        if (level == LogLevel.Unknown && parsed.HasTimestamp)
        {
            // Tomcat's one-line format and java.util.logging's one-line SimpleFormatter formats ("%1$tF %1$tT.%1$tL %4$-7s ..."):
            // the level word right after the stamp may be one of JUL's that free text ignores.
            int wordEnd = IndexOf(rest, ' ', 0);
            ReadOnlySpan<char> word = wordEnd < 0 ? rest : rest[..wordEnd];
            if (word is "FINE" or "FINER" or "CONFIG")
            {
                level = LevelNames.Parse(word, allowSingleLetter: false);
                after = wordEnd < 0 ? rest.Length : wordEnd;
            }
        }

        if (level == LogLevel.Unknown && parsed.HasTimestamp && IsPostgresDetail(rest))
        {
            // PostgreSQL's DETAIL:/HINT:/STATEMENT: lines repeat the prefix but belong to the message above.
            parsed = default;
            _textDecided = true;
            return false;
        }

        if (level == LogLevel.Unknown && parsed.HasTimestamp && PostgresSeverity(rest, out LogLevel postgres, out int messageAt) == PostgresField.Level)
        {
            // PostgreSQL's severity inside a prefix that free text does not split into words (Amazon RDS's %t:%r:%u@%d:[%p]:).
            level = postgres;
            headerMessage = messageAt;
        }
        else if (level == LogLevel.Unknown && HeaderLevel(rest, bracketed && parsed.HasTimestamp, parsed.HasTimestamp, out LogLevel header, out int headerEnd))
        {
            level = header;
            headerMessage = headerEnd;
        }

        Range request = default;
        int status = 0;
        if (level == LogLevel.Unknown && headerMessage < 0 && parsed.HasTimestamp && HttpRequestStatus(rest, out status, out request))
        {
            // An HTTP access log in another layout (Envoy's, AWS's classic load balancer's): the level of the status.
            level = HttpStatusLevel(status);
            parsed.LevelFromStatus = true;
        }

        parsed.Level = level;
        if (level >= _messageFrom)
        {
            parsed.Message = request.End.Value > 0 ? string.Concat(rest[request], " ", status.ToString(CultureInfo.InvariantCulture))
                : (headerMessage >= 0 ? rest[headerMessage..] : level == LogLevel.Unknown ? rest.TrimStart(" -|,:") : SkipHeader(rest, after)).ToString();
        }

        // java.util.logging's SimpleFormatter: "Nov 27, 2026 10:00:00 AM com.example.App handle", then "SEVERE: message".
        // In another language: "Nov. 27, 2026 10:00:00 PM com.example.App main" (German), then "SCHWERWIEGEND: message"; and
        // any stamp before the source alone ("%1$tF %1$tT %2$s%n%4$s: %5$s%n": "2026-11-27 10:00:00 com.example.App main").
        parsed.LevelOnNextLine = level == LogLevel.Unknown && parsed.HasTimestamp && !bracketed
            && (((TimestampParser.IsJulStart(line) || julLocalized) && rest.Trim().Count(' ') <= 1) || IsJavaSource(rest));

        // Where lines without a timestamp usually continue the entry above, one that opens with its level word ("ERROR: ...",
        // "WARNING retrying", "[ERROR] ...") is still an entry of its own: an error is never folded into the line above it.
        parsed.OpensWithLevel = !parsed.HasTimestamp && level != LogLevel.Unknown && LevelOpensLine(line);
        return parsed.HasTimestamp || (level != LogLevel.Unknown && (!continuationLikely || parsed.OpensWithLevel));
    }

    /// <summary>MongoDB's stamps: ISO 8601 with a 'T' and a zone (iso8601-local or iso8601-utc), as no log with a space there.</summary>
    internal static bool IsMongoStamp(ReadOnlySpan<char> line, RawTimestamp stamp) => line.Length > 10 && line[10] == 'T' && stamp.Offset is not null;

    /// <summary>The characters <see cref="MongoLegacySeverity"/> reads at most.</summary>
    internal const int MongoHeaderLimit = 128;

    /// <summary>
    /// MongoDB's log before 4.4 after its stamp: a severity letter (<c>F E W I</c>, or <c>D</c> and <c>D1</c> to <c>D5</c>), one
    /// space, the component (upper-case letters, digits and <c>_</c>, or <c>-</c> for none), spaces, then the context in
    /// brackets (<c>[conn12]</c>, <c>[initandlisten]</c>, <c>[WT RecordStoreThread: local.oplog.rs]</c>). <paramref name="messageAt"/>
    /// is where the message starts. It reads at most the first <see cref="MongoHeaderLimit"/> characters.
    /// </summary>
    internal static bool MongoLegacySeverity(ReadOnlySpan<char> rest, out LogLevel level, out int messageAt)
    {
        // (severity 2, space 1, component 24, spaces 16, context 66: 109)
        level = LogLevel.Unknown;
        messageAt = -1;
        if (rest.Length < 6)
        {
            return false;
        }

        LogLevel letter = rest[0] switch
        {
            'F' => LogLevel.Fatal,
            'E' => LogLevel.Error,
            'W' => LogLevel.Warning,
            'I' => LogLevel.Info,
            'D' => LogLevel.Debug,
            _ => LogLevel.Unknown,
        };
        int i = rest[0] == 'D' && rest[1] is >= '1' and <= '5' ? 2 : 1;
        if (letter == LogLevel.Unknown || rest[i] != ' ')
        {
            return false;
        }

        int component = ++i;
        if (i < rest.Length && rest[i] == '-')
        {
            i++;
        }
        else
        {
            while (i < rest.Length && i - component < 24 && (char.IsAsciiLetterUpper(rest[i]) || char.IsAsciiDigit(rest[i]) || rest[i] == '_'))
            {
                i++;
            }

            if (i == component || !char.IsAsciiLetterUpper(rest[component]))
            {
                return false;
            }
        }

        int spaces = i;
        while (i < rest.Length && i - spaces < 16 && rest[i] == ' ')
        {
            i++;
        }

        if (i == spaces || i >= rest.Length || rest[i] != '[')
        {
            return false;
        }

        int close = i + 1;
        while (close < rest.Length && close - i <= 64 && rest[close] is not (']' or '['))
        {
            close++;
        }

        if (close >= rest.Length || rest[close] != ']' || close == i + 1)
        {
            return false;
        }

        messageAt = close + 1;
        while (messageAt < rest.Length && rest[messageAt] == ' ')
        {
            messageAt++;
        }

        level = letter;
        return true;
    }

    /// <summary>
    /// Levels inside a header that free text does not split into words: Celery's <c>[2026-11-27 10:00:05,010: ERROR/ForkPoolWorker-1] message</c>
    /// and Monolog's (Laravel, Symfony) <c>[2026-11-27 10:00:00] production.ERROR: message</c> after a bracketed stamp
    /// (<paramref name="afterBracketedStamp"/>), and logrus's terminal format <c>ERRO[0002] message</c> in a line without a
    /// stamp. <paramref name="messageAt"/> is where the message starts in <paramref name="rest"/>.
    /// </summary>
    internal static bool HeaderLevel(ReadOnlySpan<char> rest, bool afterBracketedStamp, bool hasTimestamp, out LogLevel level, out int messageAt)
    {
        level = LogLevel.Unknown;
        messageAt = -1;
        LogLevel mysqlLevel = LogLevel.Unknown;
        int mysql = hasTimestamp ? MySqlLevelAt(rest, out mysqlLevel) : -1;
        if (mysql >= 0)
        {
            // MySQL's and MariaDB's error log: "2026-11-27T10:00:00.104512Z 0 [System] [MY-010116] [Server] ...", where no
            // other level word was found ("[Note]" and "[System]", exactly so, are weaker than any level word).
            level = mysqlLevel;
            messageAt = mysql;
            while (messageAt < rest.Length && rest[messageAt] == ' ')
            {
                messageAt++;
            }

            // Then its error code and subsystem: [MY-010116] [Server].
            while (rest[messageAt..].StartsWith("[MY-", StringComparison.Ordinal) || rest[messageAt..].StartsWith("[Server]", StringComparison.Ordinal)
                || rest[messageAt..].StartsWith("[InnoDB]", StringComparison.Ordinal) || rest[messageAt..].StartsWith("[Repl]", StringComparison.Ordinal))
            {
                int close = rest[messageAt..].IndexOf(']');
                if (close < 0)
                {
                    break;
                }

                messageAt += close + 1;
                while (messageAt < rest.Length && rest[messageAt] == ' ')
                {
                    messageAt++;
                }
            }

            return true;
        }

        if (afterBracketedStamp)
        {
            int close = rest.IndexOf(']');
            if (rest.Length > 2 && rest[0] == ':' && close > 1)
            {
                level = BracketLevel(rest[1..close]);
                messageAt = close + 1;
            }
            else
            {
                int space = rest.TrimStart(' ').IndexOf(' ');
                int start = rest.Length - rest.TrimStart(' ').Length;
                ReadOnlySpan<char> token = space < 0 ? rest[start..] : rest.Slice(start, space);
                int dot = token.LastIndexOf('.');
                if (token.Length > 2 && token[^1] == ':' && dot > 0)
                {
                    ReadOnlySpan<char> word = token[(dot + 1)..^1];
                    level = word is "ALERT" ? LogLevel.Critical
                        : IsUpperWord(word) && IsStrictLevelWord(word) ? LevelNames.Parse(word, allowSingleLetter: false) : LogLevel.Unknown;
                    messageAt = start + token.Length;
                }
            }
        }
        else if (!hasTimestamp && rest.Length > 6 && rest[4] == '[' && IsUpperWord(rest[..4]) && rest.IndexOf(']') is int close and > 5 && rest[5..close].ContainsAnyExceptInRange('0', '9') is false)
        {
            level = rest[..4] switch
            {
                "TRAC" => LogLevel.Trace,
                "DEBU" => LogLevel.Debug,
                "INFO" => LogLevel.Info,
                "WARN" => LogLevel.Warning,
                "ERRO" => LogLevel.Error,
                "FATA" => LogLevel.Fatal,
                "PANI" => LogLevel.Fatal,
                _ => LogLevel.Unknown,
            };
            messageAt = close + 1;
        }

        if (level == LogLevel.Unknown)
        {
            messageAt = -1;
            return false;
        }

        while (messageAt < rest.Length && rest[messageAt] == ' ')
        {
            messageAt++;
        }

        return true;
    }

    /// <summary>
    /// Serilog's default console template, <c>[10:00:05 ERR] message</c>: a time of day (on the file's day, as log4j2's
    /// <c>HH:mm:ss.SSS</c>) and a three-letter level in one bracket. <paramref name="used"/> counts from after the bracket.
    /// </summary>
    internal static bool SerilogConsoleTime(ReadOnlySpan<char> line, out RawTimestamp stamp, out int used)
    {
        stamp = default;
        used = 0;
        if (!IsSerilogConsoleStart(line))
        {
            return false;
        }

        // The word in the bracket must be a level (INF, ERR, WARN, ERROR, Information, ...): "[12:00:01 CET]" is no stamp.
        int close = line.IndexOf(']');
        if (LevelNames.Parse(line[10..close], allowSingleLetter: false) == LogLevel.Unknown)
        {
            return false;
        }

        int hour = ((line[1] - '0') * 10) + (line[2] - '0');
        int minute = ((line[4] - '0') * 10) + (line[5] - '0');
        int second = ((line[7] - '0') * 10) + (line[8] - '0');
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        stamp = new RawTimestamp(new DateTime(2000, 1, 1, hour, minute, second, DateTimeKind.Unspecified), null, false, DateMissing: true);
        used = 8;
        return true;
    }

    /// <summary>The shape <c>[HH:mm:ss WORD]</c> (digits, colons, a space, 3 to 11 letters, the bracket's end).</summary>
    internal static bool IsSerilogConsoleStart(ReadOnlySpan<char> line)
    {
        if (line.Length < 14 || line[0] != '[' || line[3] != ':' || line[6] != ':' || line[9] != ' '
            || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2]) || !char.IsAsciiDigit(line[4]) || !char.IsAsciiDigit(line[5])
            || !char.IsAsciiDigit(line[7]) || !char.IsAsciiDigit(line[8]))
        {
            return false;
        }

        int end = 10;
        while (end < line.Length && char.IsAsciiLetter(line[end]))
        {
            end++;
        }

        return end - 10 is >= 3 and <= 11 && end < line.Length && line[end] == ']';
    }

    /// <summary>
    /// MySQL's and MariaDB's "[Note]" or "[System]" right after the stamp, or after the thread id that follows it: the
    /// index after it, or -1 (a tag further on is part of the message).
    /// </summary>
    internal static int MySqlLevelAt(ReadOnlySpan<char> rest, out LogLevel level)
    {
        level = LogLevel.Unknown;
        int at = 0;
        while (at < rest.Length && rest[at] == ' ')
        {
            at++;
        }

        // After the stamp: the thread id (MySQL 5.6 and later, MariaDB), then the tag.
        int digits = at;
        while (at < rest.Length && char.IsAsciiDigit(rest[at]))
        {
            at++;
        }

        if (at > digits)
        {
            if (at >= rest.Length || rest[at] != ' ')
            {
                return -1;
            }

            at++;
        }

        foreach ((string tag, LogLevel tagLevel) in s_mySqlLevels)
        {
            if (rest[at..].StartsWith(tag, StringComparison.Ordinal) && (at + tag.Length == rest.Length || rest[at + tag.Length] == ' '))
            {
                level = tagLevel;
                return at + tag.Length;
            }
        }

        return -1;
    }

    private static readonly (string Tag, LogLevel Level)[] s_mySqlLevels = [("[Note]", LogLevel.Notice), ("[System]", LogLevel.Info)];

    /// <summary>True when the text starts with a logfmt pair: a key of letters, digits, <c>_ . -</c>, then <c>=</c>.</summary>
    /// <summary>
    /// Heroku's source and dyno before a line (<c>heroku[router]: </c>, <c>app[web.1]: </c>): a letter and name characters, a
    /// bracket without spaces, a colon and a space. Its length, or 0.
    /// </summary>
    internal static int DynoTagLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetter(text[0]))
        {
            return 0;
        }

        int i = 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
        {
            i++;
        }

        if (i >= text.Length || text[i] != '[')
        {
            return 0;
        }

        int close = text[(i + 1)..].IndexOfAny(']', ' ');
        if (close <= 0 || text[i + 1 + close] != ']')
        {
            return 0;
        }

        int colon = i + close + 2;
        return colon + 1 < text.Length && text[colon] == ':' && text[colon + 1] == ' ' ? colon + 2 : 0;
    }

    /// <summary>
    /// After the stamp of macOS's <c>log show</c> (its default style), the columns Thread (<c>0x</c> and hex), Type (Default,
    /// Info, Debug, Error or Fault), Activity (<c>0x</c> and hex), PID and TTL: the index of the message after them, or 0; the
    /// level of the type (Default, os_log's level for what may lead to a failure, is a notice; a fault is critical).
    /// </summary>
    internal static int MacLogShowMessage(ReadOnlySpan<char> rest, out LogLevel level)
    {
        level = LogLevel.Unknown;
        int i = MacHex(rest, 0);
        int type = i > 0 ? SkipSpaces(rest, i) : 0;
        if (type == i)
        {
            return 0;
        }

        int typeEnd = type;
        while (typeEnd < rest.Length && char.IsAsciiLetter(rest[typeEnd]))
        {
            typeEnd++;
        }

        LogLevel found = rest[type..typeEnd] switch
        {
            "Default" => LogLevel.Notice,
            "Info" => LogLevel.Info,
            "Debug" => LogLevel.Debug,
            "Error" => LogLevel.Error,
            "Fault" => LogLevel.Critical,
            _ => LogLevel.Unknown,
        };
        int activity = found == LogLevel.Unknown ? typeEnd : SkipSpaces(rest, typeEnd);
        if (activity == typeEnd)
        {
            return 0;
        }

        i = MacHex(rest, activity);
        for (int column = 0; column < 2 && i > 0; column++)
        {
            int digits = SkipSpaces(rest, i);
            int end = digits;
            while (end < rest.Length && char.IsAsciiDigit(rest[end]))
            {
                end++;
            }

            i = digits > i && end > digits ? end : 0;
        }

        if (i == 0 || (i < rest.Length && rest[i] != ' '))
        {
            return 0;
        }

        level = found;
        return Math.Min(rest.Length, SkipSpaces(rest, i));

        static int MacHex(ReadOnlySpan<char> text, int at)
        {
            if (at + 2 >= text.Length || text[at] != '0' || text[at + 1] != 'x' || !char.IsAsciiHexDigit(text[at + 2]))
            {
                return 0;
            }

            int end = at + 3;
            while (end < text.Length && char.IsAsciiHexDigit(text[end]))
            {
                end++;
            }

            return end;
        }
    }

    /// <summary>
    /// Heroku's runtime and logging errors as its platform writes them: <c>Error R14 (Memory quota exceeded)</c>,
    /// <c>Error R10 (Boot timeout) -&gt; ...</c>, <c>Error L10 (output buffer overflow): ...</c> (<c>Error</c>, an H, L or R,
    /// two digits, a space and a parenthesis).
    /// </summary>
    internal static bool HerokuErrorCode(ReadOnlySpan<char> message) =>
        message.Length >= 11 && message.StartsWith("Error ", StringComparison.Ordinal) && message[6] is 'H' or 'L' or 'R'
        && char.IsAsciiDigit(message[7]) && char.IsAsciiDigit(message[8]) && message[9] == ' ' && message[10] == '(';

    /// <summary>
    /// An RFC 5424 header as Heroku's Logplex writes it in its drains: host <c>host</c> or the drain's token (<c>d.</c> and a
    /// UUID) with app <c>app</c> (the dynos' output) or <c>heroku</c> (the platform's and the router's lines), or host
    /// <c>heroku</c> with the token as the process id (the form of Heroku's HTTPS drain article).
    /// </summary>
    private static bool IsHerokuDrainHeader(ReadOnlySpan<char> host, ReadOnlySpan<char> app, ReadOnlySpan<char> procId, ReadOnlySpan<char> msgId) =>
        msgId.SequenceEqual("-")
        && (((app.SequenceEqual("app") || app.SequenceEqual("heroku")) && (host.SequenceEqual("host") || IsDrainToken(host)) && IsDynoName(procId))
            || (host.SequenceEqual("heroku") && IsDynoName(app) && IsDrainToken(procId)));

    /// <summary>A Heroku process name: <c>router</c>, <c>api</c>, or a process type and its number (<c>web.1</c>, <c>run.1234</c>).</summary>
    private static bool IsDynoName(ReadOnlySpan<char> text)
    {
        if (text.SequenceEqual("router") || text.SequenceEqual("api"))
        {
            return true;
        }

        int dot = text.LastIndexOf('.');
        return dot > 0 && dot < text.Length - 1 && char.IsAsciiLetterLower(text[0]) && !text[(dot + 1)..].ContainsAnyExceptInRange('0', '9')
            && !text[..dot].ContainsAnyExcept(s_dynoTypeChars);
    }

    /// <summary>A Heroku drain token: <c>d.</c> and a UUID (hex digits and dashes).</summary>
    private static bool IsDrainToken(ReadOnlySpan<char> text) =>
        text.Length >= 34 && text.StartsWith("d.", StringComparison.Ordinal) && !text[2..].ContainsAnyExcept(s_uuidChars);

    /// <summary>
    /// The length of RFC 6587's octet count before a syslog line (<c>83 &lt;40&gt;1 ...</c>: digits, a space, then a PRI whose
    /// count is the length of the rest, give or take its newline), or 0.
    /// </summary>
    internal static int OctetCountLength(ReadOnlySpan<char> line)
    {
        int i = 0;
        int count = 0;
        while (i < line.Length && i < 6 && char.IsAsciiDigit(line[i]))
        {
            count = (count * 10) + (line[i] - '0');
            i++;
        }

        if (i == 0 || i + 3 >= line.Length || line[i] != ' ' || line[i + 1] != '<' || !char.IsAsciiDigit(line[i + 2]))
        {
            return 0;
        }

        int rest = Encoding.UTF8.GetByteCount(line[(i + 1)..]);
        return count >= rest && count <= rest + 2 ? i + 1 : 0;
    }

    internal static bool StartsLogfmtPair(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        int i = 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
        {
            i++;
        }

        return i < text.Length && text[i] == '=';
    }

    /// <summary>
    /// True when the line's first token is an upper-case level word (<c>ERROR</c>, <c>WARNING:</c>, <c>[ERROR]</c>) followed
    /// by a space, a colon or the end of the line.
    /// </summary>
    internal static bool LevelOpensLine(ReadOnlySpan<char> line)
    {
        int end = LevelOpensLineAt(line);
        return end >= 0 && (line[end..].ContainsAnyInRange('A', 'Z') || line[end..].ContainsAnyInRange('a', 'z'));
    }

    /// <summary>
    /// Where the text after an opening upper-case level word starts (see <see cref="LevelOpensLine"/>, which also wants a
    /// letter after it: <c>ERROR: 0</c> in a report block is no entry), or -1.
    /// </summary>
    internal static int LevelOpensLineAt(ReadOnlySpan<char> line)
    {
        int start = line.Length > 0 && line[0] == '[' ? 1 : 0;
        int end = start;
        while (end < line.Length && char.IsAsciiLetterUpper(line[end]))
        {
            end++;
        }

        ReadOnlySpan<char> word = line[start..end];
        if (!IsStrictLevelWord(word) || LevelNames.Parse(word, allowSingleLetter: false) == LogLevel.Unknown)
        {
            return -1;
        }

        if (start == 1)
        {
            if (end >= line.Length || line[end] != ']')
            {
                return -1;
            }

            end++;
        }
        else if (end < line.Length && line[end] == ':')
        {
            end++;
        }

        return end == line.Length || line[end] == ' ' ? end : -1;
    }

    /// <summary>
    /// Where a line opens as Bacula's and Bareos' log does, the length of its stamp and space: <c>09-Jan 19:54 </c> (13) or,
    /// with the year, <c>17-Jan-2003 16:45 </c> (18); 0 otherwise.
    /// </summary>
    internal static int BaculaStampLength(ReadOnlySpan<char> line)
    {
        if (line.Length <= 14 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || line[2] != '-' || !char.IsAsciiLetterUpper(line[3])
            || !char.IsAsciiLetterLower(line[4]) || !char.IsAsciiLetterLower(line[5]))
        {
            return 0;
        }

        int time = line[6] == ' ' ? 7 : line.Length > 19 && line[6] == '-' && !line[7..11].ContainsAnyExceptInRange('0', '9') && line[11] == ' ' ? 12 : 0;
        return time > 0 && char.IsAsciiDigit(line[time]) && char.IsAsciiDigit(line[time + 1]) && line[time + 2] == ':' && char.IsAsciiDigit(line[time + 3])
            && char.IsAsciiDigit(line[time + 4]) && line[time + 5] == ' ' ? time + 6 : 0;
    }

    /// <summary>
    /// Bacula's and Bareos' log (<c>25-Aug 10:50 bacula-dir JobId 24: Fatal error: Network error with FD ...</c>, also
    /// <c>17-Jan-2003 16:45 home-sd: ...</c> and <c>JobId 24, Job ... marked to be canceled.</c>): a stamp to the minute (a
    /// year-less one placed as syslog's), the daemon, the job, and the message, whose <c>Fatal error:</c>, <c>Error:</c> or
    /// <c>Warning:</c> is its level.
    /// </summary>
    private bool TryBacula(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int stamp = BaculaStampLength(line);
        if (stamp == 0)
        {
            return false;
        }

        _ = TimestampParser.TryMonth(line[3..6], out int month);
        int day = ((line[0] - '0') * 10) + (line[1] - '0');
        int year = stamp == 18 ? int.Parse(line[7..11], NumberStyles.None, CultureInfo.InvariantCulture) : 2000;
        int hour = ((line[stamp - 6] - '0') * 10) + (line[stamp - 5] - '0');
        int minute = ((line[stamp - 3] - '0') * 10) + (line[stamp - 2] - '0');
        int daemonEnd = line[stamp..].IndexOf(' ');
        if (month == 0 || year < 1 || day == 0 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || daemonEnd < 1)
        {
            return false;
        }

        // "host-dir: message", "host-dir JobId 24: message" or "host-sd JobId 24, Job x marked to be canceled.".
        ReadOnlySpan<char> rest = line[(stamp + daemonEnd)..];
        if (line[stamp + daemonEnd - 1] != ':')
        {
            if (!rest.StartsWith(" JobId ", StringComparison.Ordinal))
            {
                return false;
            }

            int digits = 7;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 7 || digits >= rest.Length || rest[digits] is not (':' or ','))
            {
                return false;
            }

            rest = rest[(digits + 1)..];
        }

        ReadOnlySpan<char> message = rest.Trim();
        LogLevel level = message.StartsWith("Fatal error:", StringComparison.Ordinal) ? LogLevel.Fatal
            : message.StartsWith("Error:", StringComparison.Ordinal) ? LogLevel.Error
            : message.StartsWith("Warning:", StringComparison.Ordinal) ? LogLevel.Warning
            : LogLevel.Unknown;
        parsed.Format = LogFormat.TimestampedText;
        parsed.HasTimestamp = true;
        parsed.Timestamp = new RawTimestamp(new DateTime(year, month, day, hour, minute, 0), null, stamp == 13);
        parsed.Level = level;
        parsed.Message = Message(message, level);
        return true;
    }

    /// <summary>
    /// True where a line opens as Nagios' and Icinga 1's log does: Unix seconds in brackets (from 2000 to a year from now),
    /// then a message as Nagios writes them: capitalised words and a colon (<c>SERVICE ALERT:</c>, <c>Warning:</c>) or one of
    /// its own sentences (<c>Caught SIGTERM</c>, <c>Auto-save of retention data ...</c>). A thread id or a chat id in
    /// brackets before other text is not a time (helper-114).
    /// </summary>
    internal static bool IsNagiosStart(ReadOnlySpan<char> line)
    {
        if (line.Length <= 13 || line[0] != '[' || line[11] != ']' || line[12] != ' ' || line[1..11].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        long seconds = long.Parse(line[1..11], NumberStyles.None, CultureInfo.InvariantCulture);
        if (seconds < 946684800 || seconds > DateTimeOffset.UtcNow.ToUnixTimeSeconds() + (366L * 86400))
        {
            return false;
        }

        ReadOnlySpan<char> message = line[13..];
        int colon = message[..Math.Min(message.Length, 40)].IndexOf(": ");
        return (colon > 0 && char.IsAsciiLetterUpper(message[0]) && !message[..colon].ContainsAnyExcept(s_nagiosKindChars))
            || message.StartsWith("Caught ", StringComparison.Ordinal) || message.StartsWith("Auto-save", StringComparison.Ordinal)
            || message.StartsWith("Nagios ", StringComparison.Ordinal) || message.StartsWith("Icinga ", StringComparison.Ordinal)
            || message.StartsWith("Successfully ", StringComparison.Ordinal) || message.StartsWith("Finished ", StringComparison.Ordinal)
            || message.StartsWith("Event broker", StringComparison.Ordinal) || message.StartsWith("Local time is", StringComparison.Ordinal);
    }

    private static readonly System.Buffers.SearchValues<char> s_nagiosKindChars = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz _-");

    /// <summary>
    /// Nagios' and Icinga 1's log (<c>[1427925689] SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;1;CRITICAL - Socket timeout</c>): the
    /// time in Unix seconds; the level of the host or service state that alerts, notifications and state lines carry (OK and UP
    /// Info, WARNING and UNKNOWN Warning, CRITICAL, DOWN and UNREACHABLE Critical), else a level word of the message
    /// (<c>Warning: Return code of 255 ...</c>).
    /// </summary>
    private bool TryNagios(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (!IsNagiosStart(line))
        {
            return false;
        }

        ReadOnlySpan<char> message = line[13..].Trim();
        LogLevel level = NagiosStateLevel(message);
        if (level == LogLevel.Unknown)
        {
            _ = FindLevel(message, out level, firstMayBeLowercase: false);
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.HasTimestamp = true;
        parsed.Timestamp = new RawTimestamp(DateTime.UnixEpoch.AddSeconds(long.Parse(line[1..11], NumberStyles.None, CultureInfo.InvariantCulture)), TimeSpan.Zero, false);
        parsed.Level = level;
        parsed.Message = Message(message, level);
        return true;
    }

    /// <summary>The level of the state in a Nagios alert, notification or state line, or Unknown.</summary>
    private static LogLevel NagiosStateLevel(ReadOnlySpan<char> message)
    {
        int colon = message.IndexOf(": ");
        if (colon < 0)
        {
            return LogLevel.Unknown;
        }

        ReadOnlySpan<char> kind = message[..colon];
        int field = kind switch
        {
            "HOST ALERT" or "CURRENT HOST STATE" or "INITIAL HOST STATE" or "HOST EVENT HANDLER" => 1,
            "SERVICE ALERT" or "CURRENT SERVICE STATE" or "INITIAL SERVICE STATE" or "SERVICE EVENT HANDLER" or "HOST NOTIFICATION" => 2,
            "SERVICE NOTIFICATION" => 3,
            _ => -1,
        };
        if (field < 0)
        {
            return LogLevel.Unknown;
        }

        ReadOnlySpan<char> rest = message[(colon + 2)..];
        for (int i = 0; i < field; i++)
        {
            int semicolon = rest.IndexOf(';');
            if (semicolon < 0)
            {
                return LogLevel.Unknown;
            }

            rest = rest[(semicolon + 1)..];
        }

        int end = rest.IndexOf(';');
        ReadOnlySpan<char> state = end < 0 ? rest : rest[..end];

        // Notifications may wrap the state: "ACKNOWLEDGEMENT (CRITICAL)", "FLAPPINGSTART (OK)".
        int open = state.IndexOf('(');
        if (open >= 0 && state[^1] == ')')
        {
            state = state[(open + 1)..^1];
        }

        return state switch
        {
            "OK" or "UP" => LogLevel.Info,
            "WARNING" or "UNKNOWN" => LogLevel.Warning,
            "CRITICAL" or "DOWN" or "UNREACHABLE" => LogLevel.Critical,
            _ => LogLevel.Unknown,
        };
    }

    /// <summary>
    /// Proxifier's log: <c>[10.30 16:49:06] chrome.exe *64 - host:443 open through proxy ...</c>, a year-less stamp (month.day,
    /// the year as for syslog), the program, then the message (<c>host:443 error : ...</c> is an error).
    /// </summary>
    private bool TryProxifier(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (!TimestampParser.TryProxifier(line, out RawTimestamp stamp))
        {
            return false;
        }

        int separator = line[17..Math.Min(line.Length, 17 + 80)].IndexOf(" - ", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        // "host:443 error : Could not connect ..." is an error (the message keeps the endpoint); otherwise a level word as in free text.
        ReadOnlySpan<char> rest = line[(17 + separator + 3)..].Trim();
        int space = rest.IndexOf(' ');
        LogLevel level;
        if (space > 0 && rest[(space + 1)..].StartsWith("error : ", StringComparison.Ordinal))
        {
            level = LogLevel.Error;
        }
        else
        {
            int after = FindLevel(rest, out level, firstMayBeLowercase: true);
            rest = level == LogLevel.Unknown ? rest : SkipHeader(rest, after);
        }

        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Format = LogFormat.TimestampedText;
        parsed.Level = level;
        if (level >= _messageFrom)
        {
            parsed.Message = rest.ToString();
        }

        return true;
    }

    /// An access log in the common or combined log format (Apache, nginx): <c>host ident user [27/Nov/2026:10:00:02 +0000]
    /// "GET /path HTTP/1.1" 503 612 ...</c>. The level comes from the status (5xx Error, 4xx Warning, else Info) and the
    /// message is the request line and the status.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    /// <summary>The level of an access log line (<see cref="TryAccessLog"/>), without building its message.</summary>
    private bool AccessLogLevel(ReadOnlySpan<char> line, out LogLevel level)
    {
        LogLevel messageFrom = _messageFrom;
        _messageFrom = (LogLevel)int.MaxValue;
        LogLine access = default;
        bool found = TryAccessLog(line, ref access);
        _messageFrom = messageFrom;
        level = access.Level;
        return found;
    }

    private bool TryAccessLog(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int open = AccessLogStamp(line);
        if (open < 0)
        {
            return false;
        }

        if ((!TimestampParser.TryParse(line[open..], out RawTimestamp stamp, out int used) || stamp.Offset is null)
            && (used = PythonServerStamp(line[open..], out stamp)) == 0)
        {
            return false;
        }

        int request = open + used;
        if (request + 3 > line.Length || line[request] != ']' || line[request + 1] != ' ')
        {
            return false;
        }

        if (line[request + 2] != '"')
        {
            // Amazon S3's server access log: remote IP, requester, request id, operation and key between the stamp and the request.
            int at = IsS3AccessStart(line) ? request + 2 : -1;
            for (int field = 0; field < 5 && at > 0; field++)
            {
                int space = IndexOf(line, ' ', at);
                at = space < 0 || line[at..space].Contains('"') ? -1 : space + 1;
            }

            if (at < 0 || at >= line.Length || line[at] != '"')
            {
                return false;
            }

            request = at - 2;
        }

        // The request ends at the quote that is followed by a space and the three-digit status.
        request += 3;
        int close = request - 1;
        int status = -1;
        while ((close = IndexOf(line, '"', close + 1)) >= 0)
        {
            if (close + 5 <= line.Length && line[close + 1] == ' ' && Digits3(line.Slice(close + 2, 3), out status) && (close + 5 == line.Length || line[close + 5] == ' '))
            {
                break;
            }
        }

        int statusLength = 3;
        if (close < 0)
        {
            // No status: Apache writes '-' where a request got none (a client that closed the connection, an OPTIONS probe
            // cut short): an access entry at its time, without a level.
            close = request - 1;
            while ((close = IndexOf(line, '"', close + 1)) >= 0 && !(close + 3 <= line.Length && line[close + 1] == ' ' && line[close + 2] == '-' && (close + 3 == line.Length || line[close + 3] == ' ')))
            {
            }

            status = 0;
            statusLength = 1;
        }

        if (close < 0 || (status < 100 && statusLength == 3))
        {
            return false;
        }

        LogLevel level = HttpStatusLevel(status);
        parsed.Format = LogFormat.AccessLog;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = level;
        parsed.LevelFromStatus = true;
        if (level >= _messageFrom)
        {
            parsed.Message = string.Concat(line[request..close], " ", line.Slice(close + 2, statusLength));
        }

        return true;

        static bool Digits3(ReadOnlySpan<char> s, out int value)
        {
            value = 0;
            foreach (char c in s)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }
    }

    /// <summary>Where the parts of an HAProxy traffic line are (see <see cref="HaproxyTraffic"/>).</summary>
    internal readonly record struct HaproxyLine(LogLevel Level, Range Date, Range Frontend, Range Server, int Status, Range Termination, Range Request);

    /// <summary>
    /// HAProxy's traffic log in its HTTP and TCP formats, after a syslog header or alone (<c>log stdout format raw</c>):
    /// <c>10.0.0.5:51234 [27/Nov/2026:10:00:00.123] http-in web/web1 0/0/1/-1/5001 504 194 - - sH-- 1/1/0/0/0 0/0 "GET /api HTTP/1.1"</c>
    /// (five timers and a status: HTTP) or <c>10.0.0.5:40000 [27/Nov/2026:10:00:04.000] fe-db be-db/db1 1/0/5007 212 -- 1/1/0/0/0 0/0</c>
    /// (three timers: TCP). The level: a status of 5xx is Error, 4xx Warning, 1xx to 3xx Info; without a status (TCP, or -1)
    /// the termination state's first letter: the server's side, the proxy, resources, an internal error or a server marked
    /// down (S s P R I D) Error, the client's side or another cause (C c L K U ...) Warning, none (-) Info.
    /// </summary>
    internal static bool HaproxyTraffic(ReadOnlySpan<char> text, out HaproxyLine line)
    {
        line = default;
        int space = text.Length > 80 ? text[..80].IndexOf(' ') : text.IndexOf(' ');
        if (space < 3 || space > 64 || space + 26 > text.Length || text[space + 1] != '[' || text[space + 4] != '/' || text[space + 8] != '/' || text[space + 13] != ':')
        {
            return false;
        }

        int colon = text[..space].LastIndexOf(':');
        if (colon < 1 || colon == space - 1 || text[(colon + 1)..space].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        int close = IndexOf(text, ']', space + 14);
        if (close < 0 || close > space + 40 || close + 1 >= text.Length || text[close + 1] != ' ')
        {
            return false;
        }

        int pos = close + 2;
        Range frontend = Token(text, ref pos);
        Range server = Token(text, ref pos);
        Range timers = Token(text, ref pos);
        if (frontend.End.Value == 0 || server.End.Value == 0 || timers.End.Value == 0 || !text[server].Contains('/'))
        {
            return false;
        }

        int count = 0;
        ReadOnlySpan<char> rest = text[timers];
        while (true)
        {
            int slash = rest.IndexOf('/');
            ReadOnlySpan<char> value = slash < 0 ? rest : rest[..slash];
            value = value.Length > 1 && value[0] is '+' or '-' ? value[1..] : value;
            if (value.IsEmpty || value.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            count++;
            if (slash < 0)
            {
                break;
            }

            rest = rest[(slash + 1)..];
        }

        int status = -1;
        Range termination;
        Range request = default;
        if (count == 5)
        {
            Range statusToken = Token(text, ref pos);
            ReadOnlySpan<char> statusText = text[statusToken];
            if (statusText is not "-1" && !(statusText.Length == 3 && !statusText.ContainsAnyExceptInRange('0', '9')))
            {
                return false;
            }

            status = statusText is "-1" ? -1 : int.Parse(statusText, CultureInfo.InvariantCulture);
            Range bytes = Token(text, ref pos);
            Token(text, ref pos);
            Token(text, ref pos);
            termination = Token(text, ref pos);
            if (bytes.End.Value == 0 || text[termination].Length != 4)
            {
                return false;
            }

            int open = IndexOf(text, '"', pos);
            int end = open < 0 ? -1 : text.LastIndexOf('"');
            request = open >= 0 && end > open ? new Range(open + 1, end) : default;
        }
        else if (count == 3)
        {
            Range bytes = Token(text, ref pos);
            termination = Token(text, ref pos);
            if (bytes.End.Value == 0 || text[termination].Length != 2)
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        ReadOnlySpan<char> state = text[termination];
        if (state.ContainsAnyExcept(HaproxyStateLetters))
        {
            return false;
        }

        LogLevel level = status >= 100 ? HttpStatusLevel(status) : state[0] switch
        {
            '-' => LogLevel.Info,
            'S' or 's' or 'P' or 'R' or 'I' or 'D' => LogLevel.Error,
            _ => LogLevel.Warning,
        };
        line = new HaproxyLine(level, new Range(space + 2, close), frontend, server, status, termination, request);
        return true;

        static Range Token(ReadOnlySpan<char> text, ref int pos)
        {
            int start = pos;
            while (pos < text.Length && text[pos] != ' ')
            {
                pos++;
            }

            Range token = pos > start ? new Range(start, pos) : default;
            if (pos < text.Length)
            {
                pos++;
            }

            return token;
        }
    }

    private static readonly System.Buffers.SearchValues<char> HaproxyStateLetters = System.Buffers.SearchValues.Create("-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// The message of an HAProxy traffic line: the request line, the status, the termination state and backend/server
    /// (HTTP), or the frontend, backend/server and the termination state (TCP).
    /// </summary>
    internal static string HaproxyMessage(ReadOnlySpan<char> text, in HaproxyLine line) =>
        line.Termination.End.Value - line.Termination.Start.Value == 4
            ? $"{(line.Request.End.Value > 0 ? text[line.Request] : "-")} {line.Status.ToString(CultureInfo.InvariantCulture)} {text[line.Termination]} {text[line.Server]}"
            : $"{text[line.Frontend]} {text[line.Server]} {text[line.Termination]}";

    /// <summary>
    /// HAProxy's own events that it logs without a level word: <c>Server web/web1 is DOWN, reason: ...</c> (also a backup server)
    /// is Error, <c>backend web has no server available!</c> Critical; anything else Unknown.
    /// </summary>
    internal static LogLevel HaproxyEventLevel(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> server = text.StartsWith("Server ", StringComparison.Ordinal) ? text[7..]
            : text.StartsWith("Backup Server ", StringComparison.Ordinal) ? text[14..] : default;
        if (!server.IsEmpty)
        {
            int space = server.IndexOf(' ');
            ReadOnlySpan<char> state = space > 2 ? server[space..] : default;
            return space > 2 && server[..space].Contains('/') && state.StartsWith(" is DOWN", StringComparison.Ordinal)
                && (state.Length == 8 || state[8] is ',' or '.' or ' ' or ';' or '!') ? LogLevel.Error : LogLevel.Unknown;
        }

        if (text.StartsWith("backend ", StringComparison.Ordinal))
        {
            int space = text[8..].IndexOf(' ');
            return space > 0 && text[(8 + space)..].StartsWith(" has no server available!", StringComparison.Ordinal) ? LogLevel.Critical : LogLevel.Unknown;
        }

        return LogLevel.Unknown;
    }

    /// <summary>
    /// HAProxy's server state change as it writes it: <c>Server web/web1 is DOWN, reason: ...</c> or <c>... is UP via be/srv.</c>
    /// (the state, then a comma, a full stop or "via"), with its count of servers left (<c>0 active and 0 backup servers left.</c>).
    /// </summary>
    private static bool HaproxyServerEvent(ReadOnlySpan<char> line)
    {
        int at = line.IndexOf(" is DOWN", StringComparison.Ordinal);
        int after = at + 8;
        if (at < 0)
        {
            at = line.IndexOf(" is UP", StringComparison.Ordinal);
            after = at + 6;
        }

        return at > 0 && after < line.Length && (line[after] is ',' or '.' || line[after..].StartsWith(" via ", StringComparison.Ordinal))
            && line.Contains(" active and ", StringComparison.Ordinal);
    }

    /// <summary>
    /// A level word first, then a stamp with a date and a time: <c>ERROR 2026-11-28 16:51:55,478 py_logs 32747 ... message</c>
    /// (Django's documented "verbose" formatter, <c>{levelname} {asctime} {module} ...</c>), <c>INFO  2026-11-28 16:52:01,123 [main]
    /// com.x.Y: message</c> (log4j's <c>%-5p %d ...</c>), <c>[ERROR] 2026-...</c>, and with a thread in brackets before the
    /// stamp, <c>ERROR [main] 2026-11-27 10:00:10,123 CassandraDaemon.java:123 - message</c> (Apache Cassandra's
    /// <c>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</c>). The word is upper case (as free text reads
    /// it, or one of java.util.logging's FINE, FINER and CONFIG), maybe in brackets, then up to eight spaces (and the thread's
    /// bracket, up to 80 characters, and up to eight spaces); the stamp starts
    /// with a digit, has a time of day and ends at a space or the line's end. <paramref name="after"/> is where it ends.
    /// </summary>
    internal static bool LevelFirstStamp(ReadOnlySpan<char> line, out LogLevel level, out RawTimestamp stamp, out int after)
    {
        const int ThreadBracketLimit = 80;
        level = LogLevel.Unknown;
        stamp = default;
        after = 0;
        int start = line.Length > 0 && line[0] == '[' ? 1 : 0;
        int end = start;
        while (end < line.Length && end - start < 12 && char.IsAsciiLetterUpper(line[end]))
        {
            end++;
        }

        ReadOnlySpan<char> word = line[start..end];
        if (word.Length < 3 || !(IsStrictLevelWord(word) || word is "FINE" or "FINER" or "CONFIG"))
        {
            return false;
        }

        if (start == 1)
        {
            if (end >= line.Length || line[end] != ']')
            {
                return false;
            }

            end++;
        }

        int p = end;
        while (p < line.Length && p - end < 8 && line[p] == ' ')
        {
            p++;
        }

        if (p > end && p < line.Length && line[p] == '[')
        {
            // Apache Cassandra's "ERROR [main] 2026-11-27 10:00:10,123 CassandraDaemon.java:123 - message": the thread between
            // the level and the stamp.
            int close = line[p..Math.Min(line.Length, p + ThreadBracketLimit)].IndexOf(']');
            if (close <= 1)
            {
                return false;
            }

            end = p + close + 1;
            p = end;
            while (p < line.Length && p - end < 8 && line[p] == ' ')
            {
                p++;
            }
        }

        if (p == end || p >= line.Length || !char.IsAsciiDigit(line[p]) || !TimestampParser.TryParse(line[p..], out stamp, out int used)
            || stamp.DateMissing || stamp.YearMissing || line.Slice(p, used).IndexOf(':') < 0 || (p + used < line.Length && line[p + used] != ' '))
        {
            stamp = default;
            return false;
        }

        level = LevelNames.Parse(word, allowSingleLetter: false);
        after = p + used;
        return level != LogLevel.Unknown;
    }

    /// <summary>
    /// HAProxy's own events on a line of their own (<c>log stdout format raw</c>, without the PRI that gives their level in
    /// syslog): <see cref="HaproxyEventLevel"/>'s (a server DOWN Error, no server available Critical), and the two it logs at
    /// notice, <c>Server web/web1 is UP, ...</c> (also a backup server) and <c>Proxy fe started.</c>; anything else Unknown.
    /// </summary>
    internal static LogLevel HaproxyRawEventLevel(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty || line[0] is not ('S' or 'B' or 'b' or 'P'))
        {
            return LogLevel.Unknown;
        }

        if (line[0] is 'S' or 'B' && !HaproxyServerEvent(line))
        {
            // Without syslog's tag around it, only HAProxy's whole sentence is its event ("Server build/compile is DOWN for
            // maintenance" is someone else's).
            return LogLevel.Unknown;
        }

        LogLevel level = HaproxyEventLevel(line);
        if (level != LogLevel.Unknown)
        {
            return level;
        }

        ReadOnlySpan<char> server = line.StartsWith("Server ", StringComparison.Ordinal) ? line[7..]
            : line.StartsWith("Backup Server ", StringComparison.Ordinal) ? line[14..] : default;
        if (!server.IsEmpty)
        {
            int space = server.IndexOf(' ');
            ReadOnlySpan<char> state = space > 2 ? server[space..] : default;
            return space > 2 && server[..space].Contains('/') && state.StartsWith(" is UP", StringComparison.Ordinal)
                && (state.Length == 6 || state[6] is ',' or '.' or ' ' or ';' or '!') ? LogLevel.Notice : LogLevel.Unknown;
        }

        if (line.StartsWith("Proxy ", StringComparison.Ordinal) && line.EndsWith(" started.", StringComparison.Ordinal))
        {
            ReadOnlySpan<char> name = line[6..^9];
            return name.Length > 0 && !name.Contains(' ') ? LogLevel.Notice : LogLevel.Unknown;
        }

        return LogLevel.Unknown;
    }

    /// <summary>An HAProxy traffic line on its own (<c>log stdout format raw</c>): its time is the accept date in brackets.</summary>
    private bool TryHaproxyRaw(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (!HaproxyRaw(line, out HaproxyLine fields, out RawTimestamp stamp))
        {
            return false;
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = fields.Level;
        parsed.LevelFromStatus = true;
        parsed.Message = fields.Level >= _messageFrom ? HaproxyMessage(line, fields) : null;
        return true;
    }

    /// <summary><see cref="HaproxyTraffic"/> on a whole line, whose accept date (to the millisecond, without a zone) is its time.</summary>
    internal static bool HaproxyRaw(ReadOnlySpan<char> line, out HaproxyLine fields, out RawTimestamp stamp)
    {
        if (!HaproxyTraffic(line, out fields) || !TimestampParser.TryParse(line[fields.Date], out stamp, out int used) || stamp.Offset is not null)
        {
            stamp = default;
            return false;
        }

        // The accept date has milliseconds, which the common log format's stamp does not: 27/Nov/2026:10:00:00.123.
        ReadOnlySpan<char> fraction = line[fields.Date][used..];
        if (fraction.Length is >= 2 and <= 8 && fraction[0] == '.' && !fraction[1..].ContainsAnyExceptInRange('0', '9'))
        {
            long ticks = long.Parse(fraction[1..], CultureInfo.InvariantCulture);
            for (int digits = fraction.Length - 1; digits < 7; digits++)
            {
                ticks *= 10;
            }

            stamp = stamp with { Value = stamp.Value.AddTicks(ticks) };
        }
        else if (!fraction.IsEmpty)
        {
            stamp = default;
            return false;
        }

        return true;
    }

    /// <summary>
    /// An HTTP request line in quotes (<c>"GET /path HTTP/1.1"</c>, the first quoted text of the line) with its status: right
    /// after it (<c>"GET /x HTTP/1.1" 503</c>, as Envoy writes it), or as the first of four numbers before it
    /// (<c>503 - 0 29 "GET ..."</c>: the load balancer's status, the target's, and the bytes, as AWS's load balancers
    /// write it). <paramref name="request"/> is the request line without its quotes; the status is 100 to 599.
    /// </summary>
    internal static bool HttpRequestStatus(ReadOnlySpan<char> text, out int status, out Range request)
    {
        status = 0;
        request = default;
        int open = text.Length > 600 ? text[..600].IndexOf('"') : text.IndexOf('"');
        if (open < 0)
        {
            return false;
        }

        int method = open + 1;
        while (method < text.Length && method - open <= 10 && char.IsAsciiLetterUpper(text[method]))
        {
            method++;
        }

        int close = method < text.Length ? IndexOf(text, '"', method) : -1;
        int version = close < 0 ? -1 : text[open..close].LastIndexOf(' ');
        if (method - open < 4 || method >= text.Length || text[method] != ' ' || close < 0 || version < 0
            || !text[(open + version + 1)..close].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            return false;
        }

        if (close + 4 < text.Length && text[close + 1] == ' ' && Status(text.Slice(close + 2, 3), out status) && (close + 5 == text.Length || (text[close + 5] == ' ' && AfterStatus(text[(close + 6)..]))))
        {
            request = new Range(open + 1, close);
            return true;
        }

        // Four numbers before the quote: status, the target's status (or '-'), bytes received, bytes sent.
        ReadOnlySpan<char> before = text[..open].TrimEnd(' ');
        Span<Range> tokens = stackalloc Range[4];
        for (int k = 3; k >= 0; k--)
        {
            int space = before.LastIndexOf(' ');
            tokens[k] = new Range(space + 1, before.Length);
            if (space < 0 && k > 0)
            {
                return false;
            }

            before = space < 0 ? default : before[..space].TrimEnd(' ');
        }

        before = text[..open].TrimEnd(' ');
        ReadOnlySpan<char> target = before[tokens[1]];
        if (!Status(before[tokens[0]], out status) || !(target is "-" || Status(target, out _))
            || !IsNumber(before[tokens[2]]) || !IsNumber(before[tokens[3]]))
        {
            status = 0;
            return false;
        }

        request = new Range(open + 1, close);
        return true;

        static bool Status(ReadOnlySpan<char> s, out int value)
        {
            value = 0;
            if (s.Length != 3 || s.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            value = ((s[0] - '0') * 100) + ((s[1] - '0') * 10) + (s[2] - '0');
            return value is >= 100 and <= 599;
        }

        static bool IsNumber(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

        // What follows a status in access logs: the bytes sent (a number or '-'), or Envoy's response flags (UF, UH, NR, ...).
        static bool AfterStatus(ReadOnlySpan<char> rest)
        {
            int end = rest.IndexOf(' ');
            ReadOnlySpan<char> token = end < 0 ? rest : rest[..end];
            if (token is "-" || IsNumber(token))
            {
                return true;
            }

            while (!token.IsEmpty)
            {
                int comma = token.IndexOf(',');
                ReadOnlySpan<char> flag = comma < 0 ? token : token[..comma];
                if (!IsEnvoyFlag(flag))
                {
                    return false;
                }

                token = comma < 0 ? default : token[(comma + 1)..];
            }

            return end != 0;
        }
    }

    /// <summary>Envoy's response flags (its access log's %RESPONSE_FLAGS%).</summary>
    private static bool IsEnvoyFlag(ReadOnlySpan<char> flag) => flag is "UH" or "UF" or "UO" or "NR" or "URX" or "NC" or "DT" or "DC" or "LH"
        or "UT" or "LR" or "UR" or "UC" or "DI" or "FI" or "RL" or "UAEX" or "RLSE" or "IH" or "SI" or "DPE" or "UPE" or "UMSDR" or "OM" or "DF"
        or "DO" or "DR";

    /// <summary>
    /// An AWS Application Load Balancer access log line: its type (<c>http</c>, <c>https</c>, <c>h2</c>, <c>grpcs</c>,
    /// <c>ws</c>, <c>wss</c>), its time (UTC), then the load balancer, client and target, the three processing times, the
    /// statuses, the bytes and the request (<see cref="HttpRequestStatus"/>).
    /// </summary>
    private bool TryAwsLoadBalancer(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (!AwsLoadBalancer(line, out RawTimestamp stamp, out int status, out Range request))
        {
            return false;
        }

        LogLevel level = HttpStatusLevel(status);
        parsed.Format = LogFormat.AccessLog;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = level;
        parsed.LevelFromStatus = true;
        parsed.Message = level >= _messageFrom ? string.Concat(line[request], " ", status.ToString(CultureInfo.InvariantCulture)) : null;
        return true;
    }

    /// <summary>The parts <see cref="TryAwsLoadBalancer"/> reads.</summary>
    internal static bool AwsLoadBalancer(ReadOnlySpan<char> line, out RawTimestamp stamp, out int status, out Range request)
    {
        stamp = default;
        status = 0;
        request = default;
        int type = line.Length > 8 ? line[..8].IndexOf(' ') : -1;
        if (type < 0 || line[..type] is not ("http" or "https" or "h2" or "grpcs" or "ws" or "wss")
            || !TimestampParser.TryParse(line[(type + 1)..], out stamp, out int used) || stamp.Offset != TimeSpan.Zero
            || type + 1 + used >= line.Length || line[type + 1 + used] != ' ')
        {
            return false;
        }

        int after = type + 2 + used;
        if (!HttpRequestStatus(line[after..], out status, out Range inner) || line[after..][..inner.Start.Value].Count(' ') < 10)
        {
            return false;
        }

        request = new Range(after + inner.Start.Value, after + inner.End.Value);
        return true;
    }

    /// <summary>The level of an HTTP status: 5xx Error, 4xx Warning, 1xx to 3xx Info, anything else Unknown.</summary>
    internal static LogLevel HttpStatusLevel(int status) => status switch
    {
        >= 500 and < 600 => LogLevel.Error,
        >= 400 and < 500 => LogLevel.Warning,
        >= 100 and < 400 => LogLevel.Info,
        _ => LogLevel.Unknown,
    };

    /// <summary>
    /// Where the bracketed stamp of a common-log-format line starts (after <c>host ident user [</c>, three fields
    /// without spaces, or four with a virtual host first, within the first 200 characters), or -1.
    /// </summary>
    internal static int AccessLogStamp(ReadOnlySpan<char> line)
    {
        ReadOnlySpan<char> head = line[..Math.Min(line.Length, 200)];
        int open = head.IndexOf(" [", StringComparison.Ordinal);
        if (open <= 4 || head[0] == ' ' || open + 2 >= head.Length || !char.IsAsciiDigit(head[open + 2]))
        {
            return -1;
        }

        // host ident user [stamp] (also with more than one space between them), or a virtual host first: Apache's vhost_combined
        // (www.example.com:443 host ident user [stamp]) or a %v without the port (www.example.com host ident user [stamp]).
        int fields = 0;
        for (int i = 0; i < open; i++)
        {
            if (head[i] != ' ' && (i == 0 || head[i - 1] == ' '))
            {
                fields++;
            }
        }

        int firstSpace = head.IndexOf(' ');
        if (IsUpperWord(head[..firstSpace]) && LevelNames.Parse(head[..firstSpace], allowSingleLetter: false) != LogLevel.Unknown)
        {
            // An upper-case level word first ("ERROR foo.bar x [...] ..."): a log line quoting a request, not an access log
            // (a lower-case "info" may be a host name, and was read as an access line before).
            return -1;
        }

        ReadOnlySpan<char> first = head[..firstSpace];
        ReadOnlySpan<char> client = head[firstSpace..open].TrimStart(' ');
        client = client[..(client.IndexOf(' ') is int end and >= 0 ? end : client.Length)];
        int port = first.LastIndexOf(':');

        // A virtual host without its port must be a host name followed by the client's address (digits, or IPv6's colons).
        bool vhost = fields == 4 && (port > 0 && port < first.Length - 1
            ? !first[(port + 1)..].ContainsAnyExceptInRange('0', '9')
            : port < 0 && first.ContainsAnyInRange('a', 'z') && first.Contains('.') && !first.ContainsAnyExcept(s_hostChars)
                && client.Length > 0 && (char.IsAsciiDigit(client[0]) || client.Contains(':')));

        // (Two single spaces: an empty ident or user written as nothing, "10.0.0.1 -  [...]", as read before fields were counted.)
        return fields == 3 || vhost || head[..open].Count(' ') == 2 || (fields == 2 && IsS3AccessStart(head)) ? open + 2 : -1;
    }

    /// <summary>
    /// Amazon S3's server access log: the bucket owner's canonical id (hex) and the bucket name, then the common log format's
    /// stamp (<c>79a59df9...2be awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ...</c>).
    /// </summary>
    private static bool IsS3AccessStart(ReadOnlySpan<char> line)
    {
        int space = line.IndexOf(' ');
        if (space < 1 || line[..space].ContainsAnyExcept(s_hexDigits))
        {
            return false;
        }

        int bucketEnd = line[(space + 1)..].IndexOf(' ');
        if (bucketEnd < 3)
        {
            return false;
        }

        ReadOnlySpan<char> bucket = line.Slice(space + 1, bucketEnd);
        ReadOnlySpan<char> stamp = line[(space + 1 + bucketEnd)..];
        return !bucket.ContainsAnyExcept(s_bucketChars) && stamp.Length > 12 && stamp[1] == '[' && stamp[4] == '/' && stamp[8] == '/';
    }

    private static readonly System.Buffers.SearchValues<char> s_hexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> s_bucketChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    private static readonly System.Buffers.SearchValues<char> s_hostChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    /// <summary>
    /// Python's http.server and Werkzeug (Flask's development server) write <c>[29/Aug/2023 22:02:58]</c>: the common log format's
    /// date with a space before the time and no offset (local time). Its length (20), or 0.
    /// </summary>
    private static int PythonServerStamp(ReadOnlySpan<char> s, out RawTimestamp stamp)
    {
        stamp = default;
        if (s.Length > 20 && s[20] == ']' && s[11] == ' '
            && DateTime.TryParseExact(s[..20], "dd/MMM/yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime value))
        {
            stamp = new RawTimestamp(value, null, false);
            return 20;
        }

        return 0;
    }

    /// <summary>
    /// NLog's default layout after the timestamp: <c>|ERROR|MyApp.Program|message</c> (the level field, then a logger name
    /// without spaces when there is one). False when the first field is no level word (the line is read as text).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryPipeFields(ReadOnlySpan<char> line, int bar, ref LogLine parsed)
    {
        int levelEnd = IndexOf(line, '|', bar + 1);
        if (levelEnd < 0)
        {
            return false;
        }

        ReadOnlySpan<char> word = line[(bar + 1)..levelEnd].Trim();
        LogLevel level = word.Length is >= 3 and <= 11 && !word.Contains(' ') ? LevelNames.Parse(word, allowSingleLetter: false) : LogLevel.Unknown;
        if (level == LogLevel.Unknown)
        {
            return false;
        }

        int messageStart = levelEnd + 1;
        int loggerEnd = IndexOf(line, '|', messageStart);
        if (loggerEnd >= messageStart && !line[messageStart..loggerEnd].Contains(' '))
        {
            messageStart = loggerEnd + 1;
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.Level = level;
        parsed.Message = Message(line[messageStart..].Trim(), level);
        return true;
    }

    /// <summary>
    /// The column logs of <see cref="LogFormat.HpcColumns"/>: the epoch seconds are the timestamp and the columns before
    /// the message are skipped; a CFDR line whose original part is syslog is read as syslog (tag skipped, level from the
    /// message), and otherwise the level is looked for in it (BGL's <c>RAS KERNEL INFO</c>). Such a line always starts an
    /// entry; false when the line is not one (the caller goes on).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryHpcColumns(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        int header = HpcColumnHeader(line, out bool cfdr, out long epochSeconds);
        if (header < 0)
        {
            return false;
        }

        var stamp = new RawTimestamp(DateTime.UnixEpoch.AddTicks(epochSeconds * TimeSpan.TicksPerSecond), TimeSpan.Zero, false);
        if (cfdr && TrySyslog3164(line, header, null, ref parsed))
        {
            // The original syslog line; its year-less stamp is the same moment as the epoch, which has the year.
            parsed.Timestamp = stamp;
            parsed.Format = LogFormat.HpcColumns;
            return true;
        }

        parsed = default;
        parsed.Format = LogFormat.HpcColumns;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        ReadOnlySpan<char> rest = line[header..];
        LogLevel level = LogLevel.Unknown;
        int after = cfdr ? FindLevel(rest, out level, firstMayBeLowercase: false) : -1;
        parsed.Level = level;
        if (level >= _messageFrom)
        {
            parsed.Message = (level == LogLevel.Unknown ? rest.Trim() : SkipHeader(rest, after)).ToString();
        }

        return true;
    }

    /// <summary>
    /// Where the message part of an <see cref="LogFormat.HpcColumns"/> line starts (-1: not one), looking only at its first
    /// <see cref="HpcHeaderLimit"/> characters: <c>- 1131566461 2005.11.09 dn228 </c> (an alert tag of upper-case letters,
    /// digits and '_', or '-'; epoch seconds; the date with dots; the node), or <c>134681 node-246 unix.hw
    /// state_change.unavailable 1077804742 1 </c> (a number, three columns, epoch seconds, a signed flag).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static int HpcColumnHeader(ReadOnlySpan<char> line, out bool cfdr, out long epochSeconds)
    {
        cfdr = false;
        epochSeconds = 0;
        ReadOnlySpan<char> head = line[..Math.Min(line.Length, HpcHeaderLimit)];
        Span<Range> columns = stackalloc Range[7];
        int count = 0;
        int pos = 0;
        while (count < columns.Length)
        {
            int space = IndexOf(head, ' ', pos);
            if (space <= pos)
            {
                break;
            }

            columns[count++] = new Range(pos, space);
            pos = space + 1;
        }

        if (count >= 4 && IsAlertTag(head[columns[0]]) && IsEpochSeconds(head[columns[1]], out epochSeconds) && IsDottedDate(head[columns[2]]))
        {
            cfdr = true;
            return columns[3].End.Value + 1;
        }

        if (count >= 6 && IsAllDigits(head[columns[0]]) && IsEpochSeconds(head[columns[4]], out epochSeconds) && IsSignedInteger(head[columns[5]]))
        {
            return columns[5].End.Value + 1;
        }

        epochSeconds = 0;
        return -1;

        static bool IsAlertTag(ReadOnlySpan<char> s) => s is "-" || (s.Length > 0 && !s.ContainsAnyExcept(s_alertTagChars));

        static bool IsEpochSeconds(ReadOnlySpan<char> s, out long seconds)
        {
            seconds = 0;
            if (s.Length != 10 || !IsAllDigits(s))
            {
                return false;
            }

            seconds = long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
            return seconds is >= 946684800 and < 4102444800;
        }

        static bool IsDottedDate(ReadOnlySpan<char> s) => s.Length == 10 && s[4] == '.' && s[7] == '.' && IsAllDigits(s[..4]) && IsAllDigits(s[5..7]) && IsAllDigits(s[8..]);

        static bool IsAllDigits(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExceptInRange('0', '9');

        static bool IsSignedInteger(ReadOnlySpan<char> s) => IsAllDigits(s.Length > 1 && s[0] == '-' ? s[1..] : s);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool IsApacheHeader(ReadOnlySpan<char> line) => line.Length > 26 && char.IsLetter(line[1]) && line[4] == ' ';

    /// <summary>
    /// Finds a level word among the first tokens of <paramref name="text"/>; returns the index just after it (or -1).
    /// Upper-case words count anywhere in the header; bracketed words (<c>[error]</c>, <c>[core:warn]</c>) and the first token in any case.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int FindLevel(ReadOnlySpan<char> text, out LogLevel level, bool firstMayBeLowercase)
    {
        level = LogLevel.Unknown;
        int pos = 0;
        for (int token = 0; token < LevelSearchTokens && pos < text.Length; token++)
        {
            // Tabs separate words too (zap's console format: stamp, level, caller and message between tabs).
            while (pos < text.Length && text[pos] is ' ' or '\t')
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
                found = text[pos] == '[' && end == pos + 3 && text[pos + 2] == ']'
                    ? ((token == 0 && firstMayBeLowercase) || (token == 1 && AfterCaller(text, pos)) ? OneLetterLevel(text[pos + 1]) : LogLevel.Unknown)
                    : BracketLevel(text.Slice(pos + 1, Math.Max(0, end - pos - 2)));
            }
            else
            {
                end = text[pos..].IndexOfAny(' ', '\t');
                end = end < 0 ? text.Length : pos + end;
                ReadOnlySpan<char> raw = text[pos..end];
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

    /// <summary>
    /// Gitea's and Forgejo's <c>[I]</c>: one upper-case letter alone in square brackets, T, D, I, W, E, C or F, as the first
    /// token after a timestamp or right after a Go caller (<c>cmd/web.go:223:runWeb() [I] ...</c>; FindLevel, and the fast
    /// path's). Anywhere else such a letter is a unit or a checkbox (<c>Temp [C] 21.5</c>, <c>[F]</c> in a sensor's table).
    /// </summary>
    /// <summary>True when the token before <paramref name="at"/> (the first of the text) is a Go caller, <c>file.go:NN:func()</c>.</summary>
    internal static bool AfterCaller(ReadOnlySpan<char> text, int at)
    {
        int end = at;
        while (end > 0 && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        int start = end;
        while (start > 0 && text[start - 1] is not (' ' or '\t'))
        {
            start--;
        }

        return end - start > 4 && text[end - 1] == ')' && text[end - 2] == '(' && text[start..end].Contains(':');
    }

    /// <summary>True when the token before <paramref name="at"/> (the first of the text) is a Go caller, <c>file.go:NN:func()</c>.</summary>
    internal static bool AfterCaller(ReadOnlySpan<byte> text, int at)
    {
        int end = at;
        while (end > 0 && text[end - 1] == (byte)' ')
        {
            end--;
        }

        int start = end;
        while (start > 0 && text[start - 1] != (byte)' ')
        {
            start--;
        }

        return end - start > 4 && text[end - 1] == (byte)')' && text[end - 2] == (byte)'(' && text[start..end].Contains((byte)':');
    }

    internal static LogLevel OneLetterLevel(int letter) => letter switch
    {
        'T' => LogLevel.Trace,
        'D' => LogLevel.Debug,
        'I' => LogLevel.Info,
        'W' => LogLevel.Warning,
        'E' => LogLevel.Error,
        'C' => LogLevel.Critical,
        'F' => LogLevel.Fatal,
        _ => LogLevel.Unknown,
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static LogLevel BracketLevel(ReadOnlySpan<char> inside)
    {
        while (inside.Length > 0)
        {
            int cut = inside.IndexOfAny(s_bracketSeparators);
            ReadOnlySpan<char> part = (cut < 0 ? inside : inside[..cut]).Trim();

            // Apache 2.4's trace1 to trace8 ([core:trace5]), below debug.
            if (part.Length == 6 && part.StartsWith("trace", StringComparison.OrdinalIgnoreCase) && part[5] is >= '1' and <= '8')
            {
                return LogLevel.Trace;
            }

            // "alert" is no level word in free text, but in brackets it is nginx's and Apache's level between crit and emerg.
            if (part.Length > 1 && (IsStrictLevelWord(part) || part.Equals("alert", StringComparison.OrdinalIgnoreCase)))
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
    private static ReadOnlySpan<char> SkipHeader(ReadOnlySpan<char> text, int pos)
    {
        if (SpringMessage(text, pos) is int spring and >= 0)
        {
            return text[spring..];
        }

        if (PythonLoggerMessage(text, pos) is int python and >= 0)
        {
            return text[python..];
        }

        int brackets = 0;
        bool logger = false;
        while (pos < text.Length)
        {
            char c = text[pos];
            if (c == ' ' || c == ':' || c == '|' || c == ',' || c == ']' || c == '\t')
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
                int space = IndexOf(text, ' ', pos);
                if (space > pos && IsLoggerName(text[pos..space], text[space..]))
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

    /// <summary>
    /// Python's own logger names right after the level: the root logger's and a script's, <c>root</c> and <c>__main__</c>,
    /// before <c>: </c> or <c> - </c> (<c>ERROR root: msg</c>, <c>ERROR __main__ - msg</c>), or between <c> - </c>
    /// (<c>%(levelname)s - %(name)s - %(message)s</c>: <c>ERROR - root - msg</c>). Other names without a dot stay in the
    /// message, as any word there may be the message's own (<c>ERROR - timeout - after 30s</c>, <c>ERROR in production: x</c>).
    /// The index where the message starts, or -1.
    /// </summary>
    private static int PythonLoggerMessage(ReadOnlySpan<char> text, int pos)
    {
        if (pos >= text.Length || text[pos] != ' ')
        {
            return -1;
        }

        ReadOnlySpan<char> rest = text[pos..];
        bool dashed = rest.StartsWith(" - ", StringComparison.Ordinal);
        int word = dashed ? 3 : SkipSpaces(rest, 0);
        ReadOnlySpan<char> named = rest[word..];
        int length = named.StartsWith("root", StringComparison.Ordinal) ? 4 : named.StartsWith("__main__", StringComparison.Ordinal) ? 8 : 0;
        return length == 0 ? -1
            : !dashed && named[length..].StartsWith(": ", StringComparison.Ordinal) ? pos + word + length + 2
            : named[length..].StartsWith(" - ", StringComparison.Ordinal) ? pos + word + length + 3 : -1;
    }

    /// <summary>
    /// Spring Boot's header after the level, <c>1234 --- [app] [main] c.e.OrderService      : </c> (the process id may be
    /// missing): the index where the message starts, right after the logger's colon, or -1 when the text is not one.
    /// </summary>
    private static int SpringMessage(ReadOnlySpan<char> text, int pos)
    {
        pos = SkipSpaces(text, pos);
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        pos = pos < text.Length && text[pos] == ' ' ? pos + 1 : pos;
        if (!text[pos..].StartsWith("--- [", StringComparison.Ordinal))
        {
            return -1;
        }

        pos += 4;
        for (int brackets = 0; brackets < 3 && pos < text.Length && text[pos] == '['; brackets++)
        {
            pos = SkipSpaces(text, SkipBracket(text, pos));
        }

        // The logger (padded to its column), then " : " or a colon at the end of the line.
        int space = IndexOf(text, ' ', pos);
        if (space <= pos)
        {
            return -1;
        }

        int colon = SkipSpaces(text, space);
        if (colon >= text.Length || text[colon] != ':' || (colon + 1 < text.Length && text[colon + 1] != ' '))
        {
            return -1;
        }

        return Math.Min(text.Length, colon + 2);
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int pos)
    {
        int next = text[pos..].IndexOfAnyExcept(' ');
        return next < 0 ? text.Length : pos + next;
    }

    // com.example.Service - msg / dfs.DataNode$PacketResponder: msg / sshd[123]: msg / nova.compute.manager [req-...] msg
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
        // "name - msg" (log4j's %c - %m) and "name [request ids] msg" (OpenStack's oslo.log).
        return (colon && qualified) || (!colon && qualified && (after.StartsWith(" - ", StringComparison.Ordinal) || after.StartsWith(" [", StringComparison.Ordinal)))
            || (!colon && (after.StartsWith(" [req-", StringComparison.Ordinal) || after.StartsWith(" [-]", StringComparison.Ordinal)));
    }

    /// <summary>The index after the bracket group starting at <paramref name="pos"/> (nested brackets balanced), or the line's end.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int SkipBracket(ReadOnlySpan<char> text, int pos)
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

    /// <summary>
    /// The index after the RFC 5424 SD-ELEMENT starting at <paramref name="pos"/> (<c>[id name="value" ...]</c>), or the line's
    /// end. A PARAM-VALUE is quoted and may hold <c>[</c> as it is and <c>"</c>, <c>\</c> and <c>]</c> escaped with a backslash
    /// (RFC 5424 section 6.3.3; a backslash before any other character is itself), so brackets are not counted inside quotes.
    /// A value whose closing quote is missing (a damaged line) ends the element at the first <c>]</c> after its quote.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int SkipStructuredDataElement(ReadOnlySpan<char> line, int pos)
    {
        bool quoted = false;
        int quoteAt = -1;
        for (int i = pos + 1; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or ']')
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                quoteAt = i;
            }
            else if (c == ']' && !quoted)
            {
                return i + 1;
            }
        }

        int close = quoted ? IndexOf(line, ']', quoteAt) : -1;
        return close < 0 ? line.Length : close + 1;
    }

    /// <summary>The index of <paramref name="c"/> at or after <paramref name="from"/>, or -1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int IndexOf(ReadOnlySpan<char> text, char c, int from)
    {
        if (from >= text.Length)
        {
            return -1;
        }

        int at = text[from..].IndexOf(c);
        return at < 0 ? -1 : at + from;
    }

    /// <summary>
    /// The value of the first <c>name=value</c>, <c>name="value"</c>, <c>name: value</c> or <c>"name": value</c> in a text
    /// line whose name starts a word (at the line's start or after a space, tab, <c>,</c>, <c>;</c>, <c>:</c>, <c>(</c>, <c>[</c>,
    /// <c>{</c> or <c>|</c>): <c>db.duration_ms=</c>, <c>x-endpoint=</c> and a URL's <c>?duration_ms=</c> are other names, and
    /// a name inside a quoted value (<c>msg="upstream duration_ms=999"</c>) is part of that value.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static string? FindKeyValue(ReadOnlySpan<char> line, string name)
    {
        int i = 0;
        while (i < line.Length)
        {
            bool boundary = i == 0 || IsKeyBoundary(line[i - 1]);
            if (line[i] == '"' && (boundary || line[i - 1] is '=' or ':'))
            {
                int close = ClosingQuote(line, i + 1);
                if (close > 0)
                {
                    // A quoted text: a JSON field's name ("name": value) or a value, whose words are not fields.
                    if (boundary && close - i - 1 == name.Length && line.Slice(i + 1, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase))
                    {
                        int colon = close + 1;
                        while (colon < line.Length && line[colon] == ' ')
                        {
                            colon++;
                        }

                        if (colon < line.Length && line[colon] == ':')
                        {
                            return ValueAt(line, colon + 1, json: true);
                        }
                    }

                    i = close + 1;
                    continue;
                }
            }

            if (boundary && line.Length - i > name.Length && line.Slice(i, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && line[i + name.Length] is '=' or ':')
            {
                return ValueAt(line, i + name.Length + 1, json: false);
            }

            i++;
        }

        return null;

        static string ValueAt(ReadOnlySpan<char> line, int v, bool json)
        {
            while (v < line.Length && line[v] == ' ')
            {
                v++;
            }

            bool quoted = v < line.Length && line[v] == '"';
            ReadOnlySpan<char> value = ReadLogfmtValue(line, v, out _);
            if (!quoted && value.IndexOfAny(json ? "\t,}]" : "\t") is int stop and >= 0)
            {
                // A JSON value ends at the next ',', '}' or ']' ({"status":500},"ms":5), any value at a tab.
                value = value[..stop];
            }

            return (quoted ? value : value.TrimEnd(",;")).ToString();
        }
    }

    private static bool IsKeyBoundary(char c) => c is ' ' or '\t' or ',' or ';' or ':' or '(' or '[' or '{' or '|';

    /// <summary>The position of the <c>"</c> that closes a quoted text starting at <paramref name="from"/> (a <c>\</c> escapes the next character), or -1.</summary>
    private static int ClosingQuote(ReadOnlySpan<char> line, int from)
    {
        for (int i = from; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }
}
