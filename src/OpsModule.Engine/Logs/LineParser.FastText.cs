using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OpsModule;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The fast path's text formats: .NET console, RFC 3164 syslog, Python's basic format and timestamped text (see LineParser.Fast.cs).
/// Unlike the character parser these methods are left to tiered compilation: with its profile-guided code they measured
/// about 15% faster than with AggressiveOptimization.
/// </summary>
internal sealed partial class LineParser
{
    /// <summary>The bytes of a zone name (<c>UTC</c>, <c>Europe/Berlin</c>, <c>Etc/GMT+5</c>).</summary>
    private static readonly System.Buffers.SearchValues<byte> s_zoneNameBytes =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_-+"u8);

    /// <summary>The date and minute of the last stamp the text steps read (lines of one minute share them); syslog's are kept apart, as a log may mix it with ISO stamps.</summary>
    private Utf8StampCache _textStamps;
    private Utf8StampCache _syslogStamps;

    /// <summary>The tokens before the level word of the last timestamped text line and of the last syslog message.</summary>
    private LevelHeaderCache _textHeader;
    private LevelHeaderCache _syslogHeader;

    /// <summary>
    /// Mirrors <see cref="TryDotNetConsole"/>: a line it takes always carries its message (even an empty one), so those
    /// go to the character parser; every other line is rejected after two byte checks.
    /// </summary>
    private static FastOutcome FastDotNetConsole(ReadOnlySpan<byte> line, ref LogLine parsed)
    {
        if (line.Length < 6 || line[4] != (byte)':' || line[5] != (byte)' ')
        {
            return FastOutcome.Rejected;
        }

        // .NET's header, or one of its level words without a category (TryDotNetWordLine): the character parser decides.
        ReadOnlySpan<byte> head = line[..4];
        return head.SequenceEqual("trce"u8) || head.SequenceEqual("dbug"u8) || head.SequenceEqual("info"u8) || head.SequenceEqual("warn"u8)
            || head.SequenceEqual("fail"u8) || head.SequenceEqual("crit"u8)
            ? FastOutcome.Unsure
            : FastOutcome.Rejected;
    }

    /// <summary>Mirrors <see cref="TrySyslog3164"/> at the start of the line (no PRI, so the level comes from the message).</summary>
    private FastOutcome FastSyslog3164(ReadOnlySpan<byte> line, ref LogLine parsed)
    {
        if (!TimestampParser.TryParse(line, ref _syslogStamps, out RawTimestamp stamp, out int used) || !stamp.YearMissing)
        {
            return FastOutcome.Rejected;
        }

        int pos = used;
        if (pos >= line.Length || line[pos] != (byte)' ')
        {
            return FastOutcome.Rejected;
        }

        pos++;

        // Host, then a tag ending with ':' (the tag may be missing).
        int hostEnd = TextBytes.IndexOfSpace(line, pos);
        int messageStart = pos;
        if (hostEnd > 0)
        {
            int tagEnd = TextBytes.IndexOfSpace(line, hostEnd + 1);
            if (tagEnd > hostEnd + 1 && tagEnd - hostEnd <= 21 && line[(hostEnd + 1)..tagEnd].Contains((byte)'.')
                && OnChars(line[(hostEnd + 1)..tagEnd], 21, static token => SyslogPriorityName(token) is not null))
            {
                // BusyBox's "daemon.err" before the tag (TrySyslog3164): the character parser reads it.
                return FastOutcome.Unsure;
            }

            ReadOnlySpan<byte> tag = tagEnd < 0 ? line[(hostEnd + 1)..] : line[(hostEnd + 1)..tagEnd];
            messageStart = tag.Length > 0 && tag[^1] == (byte)':' ? (tagEnd < 0 ? line.Length : tagEnd + 1) : hostEnd + 1;
        }

        LogLevel haproxy = TextBytes.MayBeHaproxy(line[messageStart..]) ? HaproxyLevel(line[messageStart..]) : LogLevel.Unknown;
        if (haproxy != LogLevel.Unknown)
        {
            // As SyslogMessage: HAProxy's traffic or events (the character parser builds their message; int.MaxValue, which
            // it must decide, is above every level asked for).
            return SyslogEntry(haproxy, stamp, ref parsed);
        }

        if (IsAccessLogLine(line[messageStart..]))
        {
            // As SyslogMessage: an access log sent to syslog (the character parser builds its message).
            if (line.Length - messageStart > WideLimit)
            {
                return FastOutcome.Unsure;
            }

            if (!AccessLogLevel(Wide(line[messageStart..]), out LogLevel access))
            {
                return ContinueSyslog(line, messageStart, stamp, ref parsed);
            }

            return SyslogEntry(access, stamp, ref parsed);
        }

        return ContinueSyslog(line, messageStart, stamp, ref parsed);
    }

    /// <summary>The rest of <see cref="FastSyslog3164"/>: the level word in the message.</summary>
    private FastOutcome ContinueSyslog(ReadOnlySpan<byte> line, int messageStart, RawTimestamp stamp, ref LogLine parsed)
    {
        LogLevel found = TextBytes.FindLevel(line[messageStart..], firstMayBeLowercase: false, LevelSearchTokens, ref _syslogHeader);
        if (found == LogLevel.Unknown && (TextBytes.MayBeEmbeddedLog(line[messageStart..]) || TextBytes.HerokuErrorCode(line[messageStart..])))
        {
            // (logfmt or klog inside the message, or Heroku's "Error R14 (...)": SyslogMessage reads it)
            return FastOutcome.Unsure;
        }

        return SyslogEntry(found, stamp, ref parsed);
    }

    /// <summary>Mirrors <see cref="TryPythonBasic"/>: <c>LEVEL:logger:message</c> or <c>LEVEL:message</c>.</summary>
    private FastOutcome FastPythonBasic(ReadOnlySpan<byte> line, ref LogLine parsed)
    {
        // The first ':' must come after 4 to 8 upper-case letters: find the first byte that is not one.
        int colon = 0;
        int limit = Math.Min(line.Length, 9);
        while (colon < limit && (uint)(line[colon] - 'A') <= 'Z' - 'A')
        {
            colon++;
        }

        if (colon < 4 || colon > 8 || colon >= line.Length || line[colon] != (byte)':')
        {
            return FastOutcome.Rejected;
        }

        // PythonBasicAfterStamp takes a strict level word and anything but a space (or the end) after its colon; the logger
        // name it may skip changes only the message, which the character parser builds.
        LogLevel level = TextBytes.WordLevel(line, colon, strict: true, out _);
        if (level == LogLevel.Unknown || colon + 1 >= line.Length || line[colon + 1] == (byte)' ')
        {
            return FastOutcome.Rejected;
        }

        if (level >= _messageFrom)
        {
            return FastOutcome.Unsure;
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.Level = level;
        return FastOutcome.Accepted;
    }

    /// <summary>
    /// Mirrors the rest of <see cref="TryParse(ReadOnlySpan{byte}, ReadOnlySpan{char}, bool, LogLevel, out LogLine)"/> after
    /// the format steps: <see cref="LooksLikeContinuation"/>, then <see cref="TryText"/> (and <see cref="LastDependedOnContinuation"/>).
    /// Returns false when the character parser must decide.
    /// </summary>
    private bool FastText(ReadOnlySpan<byte> line, bool continuationLikely, ref LogLine parsed, out bool starts)
    {
        starts = false;
        parsed = default;
        if (TextBytes.LooksLikeContinuation(line))
        {
            // (An exception's own line may still start an entry in a file without timestamps: SourceScan decides.)
            LastWasExceptionLine = TextBytes.IsExceptionLine(line);
            return true;
        }

        // TryText: a timestamp (bare or in brackets), then a level word among the first tokens.
        int pos = 0;
        byte first = line[0];
        bool bracketed = first == (byte)'[';
        if (!bracketed && line.Length > 14 && line[2] == (byte)'-' && (line[6] == (byte)' ' || (line.Length > 19 && line[6] == (byte)'-' && line[11] == (byte)' '))
            && OnChars(line, 20, static text => BaculaStampLength(text) > 0))
        {
            // Bacula's "09-Jan 19:54 host-dir JobId 24: ..." (TryText's TryBacula): the character parser reads it.
            return false;
        }

        int skip = bracketed ? 1 : 0;
        if (bracketed && line.Length >= 14 && line[3] == (byte)':' && line[6] == (byte)':' && line[9] == (byte)' ')
        {
            // Possibly Serilog's console "[10:00:05 ERR] message" (TryText's SerilogConsoleTime): the character parser decides.
            return false;
        }

        if (bracketed && line.Length > 13 && line[11] == (byte)']' && line[12] == (byte)' ' && !line[1..11].ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            // Nagios' "[1427925689] SERVICE ALERT: ..." (TryText's TryNagios): the character parser reads it.
            return false;
        }

        if (bracketed && line.Length >= 18 && line[3] == (byte)'.' && line[15] == (byte)']')
        {
            // Possibly Proxifier's "[10.30 16:49:06] program - message": the character parser decides.
            return false;
        }

        if (TimestampParser.TryParse(line[skip..], ref _textStamps, out RawTimestamp stamp, out int used))
        {
            int end = skip + used;
            if (bracketed)
            {
                int close = TextBytes.IndexOf(line, (byte)']', end);
                if (close > end + 1 && stamp.Offset is null && line[end] == (byte)' ' && !line[(end + 1)..close].ContainsAnyExcept(s_zoneNameBytes))
                {
                    // Possibly a zone name inside the bracket (PHP's error log): the character parser reads it.
                    return false;
                }

                end = close < 0 ? end : line[end..close][System.Text.Ascii.Trim(line[end..close])].IsEmpty ? close + 1 : end;
            }

            parsed.HasTimestamp = true;
            parsed.Timestamp = stamp;
            pos = end;

            // TryText reads ".NET console with a TimestampFormat" ("... fail: Category[0]") with TryDotNetConsole, which
            // always builds the message: the character parser decides those lines.
            int word = pos;
            while (word < line.Length && line[word] == (byte)' ')
            {
                word++;
            }

            if (TextBytes.IsDotNetConsoleStart(line[word..]) || line[word..].StartsWith("PHP "u8)
                || (!bracketed && used == 22 && line.Length > 35 && line[22] == (byte)' ' && line[34] == (byte)' '))
            {
                // (and possibly SQL Server's ERRORLOG, whose errors take the next line as their message)
                // .NET console output and PHP's error levels: the character parser reads them.
                return false;
            }

            // Asterisk's "[Jan  5 10:22:31] NOTICE[2217] ..." (TryText's AsteriskHeader): the character parser reads it.
            if (bracketed && word + 5 < line.Length && (uint)(line[word] - 'A') <= 'Z' - 'A'
                && line[word..Math.Min(line.Length, word + 14)].IndexOf((byte)'[') is int open and >= 4 && word + open + 1 < line.Length && (uint)(line[word + open + 1] - '0') <= 9
                && !line[word..(word + open)].ContainsAnyExceptInRange((byte)'A', (byte)'Z'))
            {
                return false;
            }

            // Squid's native access log after its Unix time (TryText's SquidAccess): the character parser reads it.
            if (!bracketed && used >= 14 && line[10] == (byte)'.' && word < line.Length && (uint)(line[word] - '0') <= 9 && OnChars(line[word..], 160, static text => SquidAccess(text, out _, out _)))
            {
                return false;
            }

            // BIND's "queries: info: client ..." after the stamp (TryText's BindHeader): the character parser reads it.
            if (!bracketed && word + 8 < line.Length && (uint)(line[word] - 'a') <= 'z' - 'a' && line[word..Math.Min(line.Length, word + 26)].IndexOf(": "u8) > 0
                && OnChars(line[word..], 48, static text => BindHeader(text, out _) > 0))
            {
                return false;
            }

            // Kubernetes' CRI records: the character parser reads the container's line inside.
            if (!bracketed && (TextBytes.IsCriPrefix(line[word..]) || TextBytes.IsDockerStamp(line, used)))
            {
                return false;
            }

            // macOS's `log show` (TryText's MacLogShowMessage: a thread id after the stamp): the character parser reads it.
            if (!bracketed && word + 2 < line.Length && line[word] == (byte)'0' && line[word + 1] == (byte)'x')
            {
                return false;
            }

            // As TryText: after an RFC 3339 stamp, "host tag: " as in syslog (rsyslog's default file format).
            int syslog = !bracketed && line[10] == (byte)'T' && stamp.Offset is not null ? TextBytes.SyslogTailMessage(line, word) : -1;
            LogLevel haproxy = syslog >= 0 && TextBytes.MayBeHaproxy(line[syslog..]) ? HaproxyLevel(line[syslog..]) : LogLevel.Unknown;
            if (haproxy != LogLevel.Unknown)
            {
                // As SyslogMessage: HAProxy's traffic or events (the character parser builds their message).
                if (haproxy >= _messageFrom || haproxy == (LogLevel)int.MaxValue)
                {
                    return false;
                }

                parsed.Format = LogFormat.Syslog;
                parsed.Level = haproxy;
                starts = true;
                return true;
            }

            if (syslog >= 0 && IsAccessLogLine(line[syslog..]))
            {
                // As SyslogMessage: an access log sent to syslog (the character parser decides).
                return false;
            }

            if (syslog >= 0)
            {
                LogLevel found = TextBytes.FindLevel(line[syslog..], firstMayBeLowercase: false, LevelSearchTokens, ref _syslogHeader);
                if (found >= _messageFrom || (found == LogLevel.Unknown && (TextBytes.MayBeEmbeddedLog(line[syslog..]) || TextBytes.HerokuErrorCode(line[syslog..]))))
                {
                    return false;
                }

                parsed.Format = LogFormat.Syslog;
                parsed.Level = found;
                starts = true;
                return true;
            }

            // JUL's FINE, FINER and CONFIG right after a stamp (which free text ignores), as Tomcat writes them: the character parser reads them.
            if (word < line.Length && line[word] is (byte)'F' or (byte)'C' && (line[word..].StartsWith("FINE"u8) || line[word..].StartsWith("CONFIG"u8)))
            {
                return false;
            }

            // Python's "LEVEL:name:" after the stamp (TryText's PythonBasicAfterStamp): the character parser reads it.
            int python = word < line.Length && line[word] is (byte)':' or (byte)',' ? word + 1 : word;
            while (python < line.Length && line[python] == (byte)' ')
            {
                python++;
            }

            if (python < line.Length && char.IsAsciiLetterUpper((char)line[python]) && TextBytes.MayBePythonBasic(line[python..]))
            {
                return false;
            }

            // A stamp before logfmt (TryText's StartsLogfmtPair): the character parser reads it.
            if (!bracketed && word < line.Length && char.IsAsciiLetter((char)line[word]))
            {
                int key = word + 1;
                while (key < line.Length && (char.IsAsciiLetterOrDigit((char)line[key]) || line[key] is (byte)'_' or (byte)'.' or (byte)'-'))
                {
                    key++;
                }

                if (key < line.Length && line[key] == (byte)'=')
                {
                    return false;
                }

                if (key < line.Length && line[key] == (byte)'[' && DynoThenLogfmt(line, key))
                {
                    // Heroku's "heroku[router]: at=error ..." (TryText's DynoTagLength before logfmt): the character parser reads it.
                    return false;
                }

                if (key - word == 6 && key < line.Length && line[key] == (byte)'[' && line[word..].StartsWith("heroku["u8) && DynoThenErrorCode(line, key))
                {
                    // Heroku's "heroku[web.1]: Error R14 (Memory quota exceeded)" (TryText's HerokuErrorCode): the character parser reads it.
                    return false;
                }
            }

            // As TryText: a comma after the stamp is skipped; a '|' may start NLog's fields (TryPipeFields), which the character parser reads.
            pos = word < line.Length && line[word] == (byte)',' ? word + 1 : word;
            if (pos < line.Length && line[pos] == (byte)'|')
            {
                return false;
            }

            // As TryText: MongoDB's severity letter before 4.4 ("... E STORAGE  [initandlisten] message").
            if (!bracketed && line.Length > 10 && line[10] == (byte)'T' && stamp.Offset is not null && pos + 1 < line.Length && line[pos] is (byte)'F' or (byte)'E' or (byte)'W' or (byte)'I' or (byte)'D'
                && line[pos + 1] is (byte)' ' or >= (byte)'1' and <= (byte)'5' && MongoSeverity(line[pos..]) is LogLevel mongo)
            {
                if (mongo >= _messageFrom)
                {
                    return false;
                }

                parsed.Format = LogFormat.TimestampedText;
                parsed.Level = mongo;
                starts = true;
                return true;
            }
        }
        else if ((bracketed || (first >= (byte)'A' && first <= (byte)'Z')) && TextBytes.MayBeLevelFirstStamp(line))
        {
            // A level word, then a stamp (TryText's LevelFirstStamp): the character parser reads it.
            return false;
        }
        else if (first == (byte)'P' && line.StartsWith("Proxy "u8))
        {
            // Possibly HAProxy's "Proxy fe started." (TryText's HaproxyRawEventLevel): the character parser decides.
            return false;
        }
        else if ((bracketed || char.IsAsciiDigit((char)first)) && TextBytes.MayBeDotNetConsoleAfterTime(line))
        {
            // .NET's console logger after a time of day ("16:55:23 fail: Category[0]", TryText's DotNetConsoleTime): the character parser reads it.
            return false;
        }
        else if (TextBytes.MayBeHaproxy(line) && HaproxyRawLine(line, out LogLevel raw, out RawTimestamp rawStamp))
        {
            // TryHaproxyRaw: HAProxy's traffic on its own.
            return StampedEntry(LogFormat.TimestampedText, raw, rawStamp, ref parsed, out starts);
        }
        else if (TextBytes.MayBeAwsLoadBalancer(line) && AwsLoadBalancerLine(line, out LogLevel aws, out RawTimestamp awsStamp))
        {
            // TryAwsLoadBalancer.
            return StampedEntry(LogFormat.AccessLog, aws, awsStamp, ref parsed, out starts);
        }
        else if ((first is (byte)'-' or >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'Z' && IsHpcColumnLine(line)) || IsAccessLogLine(line)
            || TextBytes.MayBeHaproxy(line) || TextBytes.MayBeAwsLoadBalancer(line))
        {
            // TryHaproxyRaw, TryHpcColumns or TryAccessLog may take it (they build messages, and read syslog or HTTP statuses): the character parser decides.
            return false;
        }

        parsed.Format = parsed.HasTimestamp ? LogFormat.TimestampedText : (bracketed && TextBytes.IsApacheHeader(line) ? LogFormat.Apache : LogFormat.Text);
        LogLevel level = TextBytes.FindLevel(line[pos..], firstMayBeLowercase: parsed.HasTimestamp, LevelSearchTokens, ref _textHeader);
        if (level == LogLevel.Unknown && parsed.HasTimestamp && !bracketed && MayBeJavaSource(line[pos..]))
        {
            // Possibly java.util.logging's source after a custom stamp (TryText's IsJavaSource: the level is on the next line).
            return false;
        }

        if (level == LogLevel.Unknown && parsed.HasTimestamp && (IsPostgresDetailLine(line[pos..]) || line[pos..][..Math.Min(line.Length - pos, 200)].IndexOf(":  "u8) >= 0))
        {
            // Possibly PostgreSQL's severity in its prefix (TryText's PostgresSeverity: a level, or a detail line that TryText makes
            // a continuation whatever the lines before it): the character parser decides.
            return false;
        }

        if (level == LogLevel.Unknown && parsed.HasTimestamp && line[pos..].IndexOf("HTTP/"u8) >= 0)
        {
            // As TryText: unless a header gives the level (HeaderLevel), an HTTP request and status in another access log
            // layout (HttpRequestStatus).
            if (line.Length - pos > WideLimit)
            {
                return false;
            }

            ReadOnlySpan<char> rest = Wide(line[pos..]);
            if (HeaderLevel(rest, bracketed, hasTimestamp: true, out _, out _))
            {
                return false;
            }

            if (HttpRequestStatus(rest, out int status, out _))
            {
                level = HttpStatusLevel(status);
            }
        }

        ReadOnlySpan<byte> header = line[pos..][..Math.Min(line.Length - pos, 56)];
        if (level == LogLevel.Unknown && (bracketed || (!parsed.HasTimestamp && line.Length > 6 && line[4] == (byte)'[')
            || (parsed.HasTimestamp && (header.IndexOf("[Note]"u8) >= 0 || header.IndexOf("[System]"u8) >= 0))))
        {
            // Possibly a level inside a header (TryText's HeaderLevel: Celery, Monolog, logrus's terminal format): the character parser decides.
            return false;
        }

        parsed.Level = level;
        LastDependedOnContinuation = !parsed.HasTimestamp;
        parsed.OpensWithLevel = !parsed.HasTimestamp && level != LogLevel.Unknown && TextBytes.LevelOpensLine(line);
        bool text = parsed.HasTimestamp || (level != LogLevel.Unknown && (!continuationLikely || parsed.OpensWithLevel));
        if (!text && continuationLikely)
        {
            // A continuation of the entry above: its message is never kept.
            return true;
        }

        if (level >= _messageFrom)
        {
            // The character parser builds the message.
            return false;
        }

        starts = true;
        return true;
    }

    /// <summary>
    /// Mirrors <c>DynoTagLength</c> followed by <c>StartsLogfmtPair</c> on the bytes: at <paramref name="open"/> (after a name that
    /// starts with a letter) a bracket without spaces, a colon, a space, then a letter, name characters and '='.
    /// </summary>
    private static bool DynoThenLogfmt(ReadOnlySpan<byte> line, int open)
    {
        int i = AfterDynoTag(line, open);
        if (i < 0 || i >= line.Length || !char.IsAsciiLetter((char)line[i]))
        {
            return false;
        }

        i++;
        while (i < line.Length && (char.IsAsciiLetterOrDigit((char)line[i]) || line[i] is (byte)'_' or (byte)'.' or (byte)'-'))
        {
            i++;
        }

        return i < line.Length && line[i] == (byte)'=';
    }

    /// <summary>True when a dyno tag's bracket at <paramref name="open"/> is followed by <c>]: </c> and Heroku's <c>Error R14 (</c>.</summary>
    private static bool DynoThenErrorCode(ReadOnlySpan<byte> line, int open)
    {
        int i = AfterDynoTag(line, open);
        return i >= 0 && TextBytes.HerokuErrorCode(line[i..]);
    }

    /// <summary>After a dyno tag's bracket at <paramref name="open"/>: the index after its <c>]: </c> (no space inside the bracket), or -1.</summary>
    private static int AfterDynoTag(ReadOnlySpan<byte> line, int open)
    {
        int close = line[(open + 1)..].IndexOfAny((byte)']', (byte)' ');
        if (close <= 0 || line[open + 1 + close] != (byte)']')
        {
            return -1;
        }

        int colon = open + close + 2;
        return colon + 1 < line.Length && line[colon] == (byte)':' && line[colon + 1] == (byte)' ' ? colon + 2 : -1;
    }

    /// <summary>The character test a fast-path step defers to, on a widened prefix of an ASCII line.</summary>
    private delegate bool CharTest(ReadOnlySpan<char> text);

    /// <summary>
    /// <paramref name="test"/> on the first <paramref name="limit"/> bytes of an ASCII line as characters (the character
    /// methods behind these tests read no further, so the answer is theirs).
    /// </summary>
    private static bool OnChars(ReadOnlySpan<byte> ascii, int limit, CharTest test)
    {
        ReadOnlySpan<byte> head = ascii[..Math.Min(ascii.Length, limit)];
        Span<char> chars = stackalloc char[limit];
        System.Text.Ascii.ToUtf16(head, chars, out int written);
        return test(chars[..written]);
    }

    /// <summary>
    /// The longest text the fast path hands to a character method as characters (HAProxy's, the load balancers' and the
    /// HTTP request shapes); longer lines are left to the character parser.
    /// </summary>
    private const int WideLimit = 2048;

    // The characters of such a text (see Wide).
    private char[]? _wideChars;

    /// <summary>
    /// As SyslogMessage's first step: <see cref="HaproxyTraffic"/>'s level, else <see cref="HaproxyEventLevel"/>'s, on an
    /// ASCII message (Unknown: neither; int.MaxValue: too long to tell here).
    /// </summary>
    private LogLevel HaproxyLevel(ReadOnlySpan<byte> message)
    {
        if (message.Length > WideLimit)
        {
            return (LogLevel)int.MaxValue;
        }

        ReadOnlySpan<char> text = Wide(message);
        return HaproxyTraffic(text, out HaproxyLine fields) ? fields.Level : HaproxyEventLevel(text);
    }

    /// <summary>An ASCII span of at most <see cref="WideLimit"/> bytes as characters, in a buffer the parser keeps.</summary>
    private ReadOnlySpan<char> Wide(ReadOnlySpan<byte> ascii)
    {
        Span<char> chars = _wideChars ??= new char[WideLimit];
        System.Text.Ascii.ToUtf16(ascii, chars, out int written);
        return chars[..written];
    }

    /// <summary>A syslog line whose level its message gave (HAProxy's, an access log's); Unsure when that level needs a message.</summary>
    private FastOutcome SyslogEntry(LogLevel level, RawTimestamp stamp, ref LogLine parsed)
    {
        if (level >= _messageFrom)
        {
            return FastOutcome.Unsure;
        }

        parsed.Format = LogFormat.Syslog;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = level;
        return FastOutcome.Accepted;
    }

    /// <summary>
    /// A line the fast path read whole, that starts an entry with a stamp; false (the character parser decides, building
    /// the message) when its level needs a message.
    /// </summary>
    private bool StampedEntry(LogFormat format, LogLevel level, RawTimestamp stamp, ref LogLine parsed, out bool starts)
    {
        starts = false;
        if (level >= _messageFrom)
        {
            return false;
        }

        parsed.Format = format;
        parsed.HasTimestamp = true;
        parsed.Timestamp = stamp;
        parsed.Level = level;
        starts = true;
        return true;
    }

    /// <summary><see cref="AwsLoadBalancer"/> on an ASCII line (false also when it is too long to tell here).</summary>
    private bool AwsLoadBalancerLine(ReadOnlySpan<byte> line, out LogLevel level, out RawTimestamp stamp)
    {
        level = LogLevel.Unknown;
        stamp = default;
        if (line.Length > WideLimit)
        {
            return false;
        }

        if (!AwsLoadBalancer(Wide(line), out stamp, out int status, out _))
        {
            return false;
        }

        level = HttpStatusLevel(status);
        return true;
    }

    /// <summary><see cref="HaproxyRaw"/> on an ASCII line (false also when it is too long to tell here).</summary>
    private bool HaproxyRawLine(ReadOnlySpan<byte> line, out LogLevel level, out RawTimestamp stamp)
    {
        level = LogLevel.Unknown;
        stamp = default;
        if (line.Length > WideLimit)
        {
            return false;
        }

        if (!HaproxyRaw(Wide(line), out HaproxyLine fields, out stamp))
        {
            return false;
        }

        level = fields.Level;
        return true;
    }

    /// <summary><see cref="MongoLegacySeverity"/> on the bytes (it reads only the first <see cref="MongoHeaderLimit"/> characters), or null.</summary>
    private static LogLevel? MongoSeverity(ReadOnlySpan<byte> rest)
    {
        ReadOnlySpan<byte> head = rest[..Math.Min(rest.Length, MongoHeaderLimit)];
        Span<char> chars = stackalloc char[MongoHeaderLimit];
        System.Text.Ascii.ToUtf16(head, chars, out int written);
        return MongoLegacySeverity(chars[..written], out LogLevel level, out _) ? level : null;
    }

    /// <summary><see cref="IsPostgresDetail"/> on the bytes (it reads only the first 64 characters).</summary>

    private static bool IsPostgresDetailLine(ReadOnlySpan<byte> rest) => OnChars(rest, 64, IsPostgresDetailWord);

    /// <summary>True where <see cref="AccessLogStamp"/> finds a stamp's place (it reads only the first 200 characters).</summary>
    private static bool IsAccessLogLine(ReadOnlySpan<byte> line) =>
        line[..Math.Min(line.Length, 200)].IndexOf(" ["u8) >= 0 && OnChars(line, 200, static text => AccessLogStamp(text) >= 0);

    /// <summary>True where <see cref="HpcColumnHeader"/> finds a header (it reads only the first <see cref="HpcHeaderLimit"/> characters).</summary>
    private static bool IsHpcColumnLine(ReadOnlySpan<byte> line) => OnChars(line, HpcHeaderLimit, static text => HpcColumnHeader(text, out _, out _) >= 0);
}

/// <summary>The character parser's text helpers on ASCII bytes (each mirrors the method of the same name in LineParser.cs).</summary>
file static class TextBytes
{
    /// <summary>True where <c>CriPrefixLength</c> is not 0: <c>stdout F </c>, <c>stderr P </c> and the like.</summary>
    internal static bool IsCriPrefix(ReadOnlySpan<byte> rest) =>
        rest.Length >= 9 && (rest.StartsWith("stdout "u8) || rest.StartsWith("stderr "u8)) && (rest[7] == (byte)'F' || rest[7] == (byte)'P') && rest[8] == (byte)' ';

    /// <summary>True wherever <c>AwsLoadBalancer</c> may find a load balancer's line: its type word, a space and a digit.</summary>
    internal static bool MayBeAwsLoadBalancer(ReadOnlySpan<byte> line)
    {
        int type = line[..Math.Min(line.Length, 8)].IndexOf((byte)' ');
        return type is >= 2 and <= 5 && type + 1 < line.Length && char.IsAsciiDigit((char)line[type + 1])
            && line[..type] is [(byte)'h' or (byte)'g' or (byte)'w', ..];
    }

    /// <summary>
    /// True wherever <c>HaproxyTraffic</c> or <c>HaproxyEventLevel</c> may find HAProxy's shapes (the same positions of the
    /// same characters, and more).
    /// </summary>
    internal static bool MayBeHaproxy(ReadOnlySpan<byte> text)
    {
        if (text.StartsWith("Server "u8) || text.StartsWith("Backup Server "u8) || text.StartsWith("backend "u8))
        {
            return true;
        }

        int space = text[..Math.Min(text.Length, 80)].IndexOf((byte)' ');
        return space >= 3 && space <= 64 && space + 26 <= text.Length && text[space + 1] == (byte)'[' && text[space + 4] == (byte)'/'
            && text[space + 8] == (byte)'/' && text[space + 13] == (byte)':';
    }

    /// <summary>Mirrors <c>SyslogTailMessage</c>.</summary>
    internal static int SyslogTailMessage(ReadOnlySpan<byte> line, int pos)
    {
        int host = pos;
        while (pos < line.Length && (char.IsAsciiLetterOrDigit((char)line[pos]) || line[pos] is (byte)'.' or (byte)'-' or (byte)'_'))
        {
            pos++;
        }

        if (pos == host || pos >= line.Length || line[pos] != (byte)' ' || LevelWord(line[host..pos]) != LogLevel.Unknown)
        {
            return -1;
        }

        int tag = ++pos;
        while (pos < line.Length && line[pos] != (byte)' ')
        {
            pos++;
        }

        if (pos - tag < 2 || line[pos - 1] != (byte)':')
        {
            return -1;
        }

        int nameEnd = line[tag..(pos - 1)].IndexOf((byte)'[');
        ReadOnlySpan<byte> name = line[tag..(nameEnd < 0 ? pos - 1 : tag + nameEnd)];
        if (name.IsEmpty || LevelWord(name) != LogLevel.Unknown)
        {
            return -1;
        }

        return pos < line.Length ? pos + 1 : pos;
    }

    /// <summary><c>LevelNames.Parse(word, allowSingleLetter: true)</c> on ASCII bytes.</summary>
    private static LogLevel LevelWord(ReadOnlySpan<byte> word)
    {
        if (word.Length > 11)
        {
            return LogLevel.Unknown;
        }

        Span<char> chars = stackalloc char[11];
        System.Text.Ascii.ToUtf16(word, chars, out int written);
        return LevelNames.Parse(chars[..written], allowSingleLetter: true);
    }

    /// <summary>True where <c>IsDockerStamp</c> is.</summary>
    internal static bool IsDockerStamp(ReadOnlySpan<byte> line, int used) =>
        used == 30 && line.Length > 31 && line[10] == (byte)'T' && line[19] == (byte)'.' && line[29] == (byte)'Z' && line[30] == (byte)' ';

    /// <summary>True where TryDotNetConsole accepts: one of its six level words, then ": " and a category with its event id (<c>DotNetCategoryEnd</c>).</summary>
    internal static bool IsDotNetConsoleStart(ReadOnlySpan<byte> line) =>
        line.Length >= 6 && line[4] == (byte)':' && line[5] == (byte)' '
        && (line[..4].SequenceEqual("trce"u8) || line[..4].SequenceEqual("dbug"u8) || line[..4].SequenceEqual("info"u8)
            || line[..4].SequenceEqual("warn"u8) || line[..4].SequenceEqual("fail"u8) || line[..4].SequenceEqual("crit"u8))
        && IsDotNetCategory(line, 6);

    /// <summary>True wherever <c>LineParser.LevelFirstStamp</c> may be (upper-case letters, maybe in brackets, spaces, maybe a thread in brackets, then a stamp).</summary>
    internal static bool MayBeLevelFirstStamp(ReadOnlySpan<byte> line)
    {
        int start = line.Length > 0 && line[0] == (byte)'[' ? 1 : 0;
        int end = start;
        while (end < line.Length && end - start < 12 && line[end] >= (byte)'A' && line[end] <= (byte)'Z')
        {
            end++;
        }

        if (end - start < 3)
        {
            return false;
        }

        if (start == 1 && end < line.Length && line[end] == (byte)']')
        {
            end++;
        }

        int p = end;
        while (p < line.Length && p - end < 8 && line[p] == (byte)' ')
        {
            p++;
        }

        if (p > end && p < line.Length && line[p] == (byte)'[')
        {
            // A thread in brackets before the stamp (Apache Cassandra's "ERROR [main] 2026-...").
            int close = line[p..Math.Min(line.Length, p + 80)].IndexOf((byte)']');
            if (close <= 1)
            {
                return false;
            }

            end = p + close + 1;
            p = end;
            while (p < line.Length && p - end < 8 && line[p] == (byte)' ')
            {
                p++;
            }
        }

        return p > end && p < line.Length && char.IsAsciiDigit((char)line[p]) && TimestampParser.TryParse(line[p..], out _, out _);
    }

    /// <summary>True wherever <c>LineParser.DotNetConsoleTime</c> may be followed by a .NET console header (and more).</summary>
    internal static bool MayBeDotNetConsoleAfterTime(ReadOnlySpan<byte> line)
    {
        int i = line.Length > 0 && line[0] == (byte)'[' ? 1 : 0;
        if (line.Length < i + 15 || line[i + 2] != (byte)':' || line[i + 5] != (byte)':')
        {
            return false;
        }

        int p = i + 8;
        while (p < line.Length && p < i + 20 && line[p] != (byte)' ')
        {
            p++;
        }

        while (p < line.Length && line[p] == (byte)' ')
        {
            p++;
        }

        return IsDotNetConsoleStart(line[p..]);
    }

    /// <summary>Mirrors <c>LineParser.DotNetCategoryEnd</c> (not -1).</summary>
    internal static bool IsDotNetCategory(ReadOnlySpan<byte> line, int start)
    {
        int space = line[start..].IndexOf((byte)' ');
        int end = space < 0 ? line.Length : start + space;
        if (end - start < 4 || line[end - 1] != (byte)']')
        {
            return false;
        }

        int i = end - 2;
        while (i > start && char.IsAsciiDigit((char)line[i]))
        {
            i--;
        }

        if (i < end - 2 && line[i] == (byte)'-')
        {
            i--;
        }

        return i > start && i < end - 2 && line[i] == (byte)'[';
    }

    private const uint KTrc = 0x637274u; // "trc"
    private const uint KVrb = 0x627276u; // "vrb"
    private const uint KDbg = 0x676264u; // "dbg"
    private const uint KInf = 0x666E69u; // "inf"
    private const uint KLog = 0x676F6Cu; // "log"
    private const uint KWrn = 0x6E7277u; // "wrn"
    private const uint KErr = 0x727265u; // "err"
    private const uint KCrt = 0x747263u; // "crt"
    private const uint KFtl = 0x6C7466u; // "ftl"
    private const uint KAll = 0x6C6C61u; // "all"
    private const uint KNot = 0x746F6Eu; // "not"
    private const uint KInfo = 0x6F666E69u; // "info"
    private const uint KWarn = 0x6E726177u; // "warn"
    private const uint KCrit = 0x74697263u; // "crit"
    private const uint KDebu = 0x75626564u; // "debu"
    private const uint KFine = 0x656E6966u; // "fine"
    private const uint KNote = 0x65746F6Eu; // "note"
    private const uint KErro = 0x6F727265u; // "erro"
    private const uint KFail = 0x6C696166u; // "fail"
    private const uint KEror = 0x726F7265u; // "eror"
    private const uint KFata = 0x61746166u; // "fata"
    private const ulong KTrace = 0x6563617274UL; // "trace"
    private const ulong KDebug = 0x6775626564UL; // "debug"
    private const ulong KError = 0x726F727265UL; // "error"
    private const ulong KFatal = 0x6C61746166UL; // "fatal"
    private const ulong KEmerg = 0x6772656D65UL; // "emerg"
    private const ulong KPanic = 0x63696E6170UL; // "panic"
    private const ulong KFiner = 0x72656E6966UL; // "finer"
    private const ulong KInfos = 0x736F666E69UL; // "infos"
    private const ulong KWarns = 0x736E726177UL; // "warns"
    private const ulong KAlert = 0x7472656C61UL; // "alert"
    private const ulong KCriti = 0x6974697263UL; // "criti"
    private const ulong KFinest = 0x7473656E6966UL; // "finest"
    private const ulong KNotice = 0x656369746F6EUL; // "notice"
    private const ulong KSevere = 0x657265766573UL; // "severe"
    private const ulong KDpanic = 0x63696E617064UL; // "dpanic"
    private const ulong KConfig = 0x6769666E6F63UL; // "config"
    private const ulong KErrors = 0x73726F727265UL; // "errors"
    private const ulong KVerbose = 0x65736F62726576UL; // "verbose"
    private const ulong KWarning = 0x676E696E726177UL; // "warning"
    private const ulong KFailure = 0x6572756C696166UL; // "failure"
    private const ulong KCritical = 0x6C61636974697263UL; // "critical"
    private const ulong CaseBits = 0x2020202020202020UL;

    /// <summary>The index of <paramref name="b"/> at or after <paramref name="from"/>, or -1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int IndexOf(ReadOnlySpan<byte> text, byte b, int from)
    {
        if (from >= text.Length)
        {
            return -1;
        }

        int at = text[from..].IndexOf(b);
        return at < 0 ? -1 : at + from;
    }

    /// <summary>
    /// Stack-trace and wrapped lines: <c>at ...</c>, <c>Caused by</c>, <c>Traceback</c>, <c>...</c>, <c>--- End of</c>, <c>File "</c>,
    /// Python's chained-exception sentences and an exception's own line (as the character parser's LooksLikeContinuation).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool LooksLikeContinuation(ReadOnlySpan<byte> line) => line[0] switch
    {
        (byte)'a' => line.StartsWith("at "u8) || IsExceptionLine(line),
        (byte)'C' => line.StartsWith("Caused by"u8) || IsExceptionLine(line),
        (byte)'T' => line.StartsWith("Traceback"u8) || line.StartsWith("The above exception was the direct cause of the following exception"u8) || IsExceptionLine(line),
        (byte)'.' => line.StartsWith("..."u8),
        (byte)'-' => line.StartsWith("--- End of"u8),
        (byte)'F' => line.StartsWith("File \""u8) || IsExceptionLine(line),
        (byte)'D' => line.StartsWith("During handling of the above exception, another exception occurred"u8) || IsExceptionLine(line),
        >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or (byte)'_' => IsExceptionLine(line),
        _ => false,
    };

    /// <summary>
    /// True when a syslog message may be logfmt (a key, then '=') or klog (a severity letter and four digits): SyslogMessage
    /// then reads the line inside.
    /// </summary>
    /// <summary>Mirrors <c>LineParser.HerokuErrorCode</c> on bytes.</summary>
    internal static bool HerokuErrorCode(ReadOnlySpan<byte> message) =>
        message.Length >= 11 && message.StartsWith("Error "u8) && message[6] is (byte)'H' or (byte)'L' or (byte)'R'
        && char.IsAsciiDigit((char)message[7]) && char.IsAsciiDigit((char)message[8]) && message[9] == (byte)' ' && message[10] == (byte)'(';

    internal static bool MayBeEmbeddedLog(ReadOnlySpan<byte> message)
    {
        if (message.Length < 6 || !char.IsAsciiLetter((char)message[0]))
        {
            return false;
        }

        if (message[0] is (byte)'I' or (byte)'W' or (byte)'E' or (byte)'F' && char.IsAsciiDigit((char)message[1]))
        {
            return true;
        }

        int i = 1;
        while (i < message.Length && (char.IsAsciiLetterOrDigit((char)message[i]) || message[i] is (byte)'_' or (byte)'.' or (byte)'-'))
        {
            i++;
        }

        return i < message.Length && message[i] == (byte)'=';
    }

    /// <summary>Four to eight capitals and a colon: what TryText's PythonBasicAfterStamp needs to begin with (it decides the rest).</summary>
    internal static bool MayBePythonBasic(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && i <= 8 && (uint)(text[i] - 'A') <= 'Z' - 'A')
        {
            i++;
        }

        return i >= 4 && i <= 8 && i < text.Length && text[i] == (byte)':';
    }

    /// <summary>TryText's LevelOpensLine on an ASCII line (a level word has at most 11 letters: the first 16 bytes decide).</summary>
    internal static bool LevelOpensLine(ReadOnlySpan<byte> line)
    {
        Span<char> head = stackalloc char[16];
        int length = Math.Min(line.Length, head.Length);
        for (int i = 0; i < length; i++)
        {
            head[i] = (char)line[i];
        }

        int end = LineParser.LevelOpensLineAt(head[..length]);
        return end >= 0 && (line[end..].ContainsAnyInRange((byte)'A', (byte)'Z') || line[end..].ContainsAnyInRange((byte)'a', (byte)'z'));
    }

    /// <summary>As the character parser's IsExceptionLine, on ASCII bytes.</summary>
    internal static bool IsExceptionLine(ReadOnlySpan<byte> line)
    {
        if (line.Length < 6)
        {
            return false;
        }

        int i = 1;
        while (i < line.Length && (char.IsAsciiLetterOrDigit((char)line[i]) || line[i] is (byte)'_' or (byte)'.' or (byte)'$'))
        {
            i++;
        }

        ReadOnlySpan<byte> name = line[..i];
        if (!name.EndsWith("Exception"u8) && !(name.Length > 5 && name.EndsWith("Error"u8)))
        {
            return false;
        }

        return i == line.Length || (line[i] == (byte)':' && (i + 1 == line.Length || line[i + 1] == (byte)' '));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool IsApacheHeader(ReadOnlySpan<byte> line) => line.Length > 26 && (uint)((line[1] | 0x20) - 'a') <= 'z' - 'a' && line[4] == (byte)' ';

    /// <summary>The level of the first level word among the first <paramref name="tokens"/> tokens (see LineParser.FindLevel), or Unknown.</summary>
    internal static LogLevel FindLevel(ReadOnlySpan<byte> text, bool firstMayBeLowercase, int tokens, ref LevelHeaderCache header)
    {
        int pos = 0;
        int token = 0;
        LogLevel found;

        // The tokens before the level word are decided by their bytes alone: when the text starts with the same bytes as
        // the last one's header (" - app.worker - "), they held no level word again, and the search goes on after them.
        if (header.Length > 0 && text.Length >= 16 && header.FirstMayBeLowercase == firstMayBeLowercase
            && (BinaryPrimitives.ReadUInt64LittleEndian(text) & header.Mask0) == header.Bytes0
            && (BinaryPrimitives.ReadUInt64LittleEndian(text[8..]) & header.Mask1) == header.Bytes1)
        {
            pos = header.Length;
            token = header.Tokens;
        }

        // Tokens within the first 64 bytes: their bounds come from a bit mask of the spaces, without a loop per byte.
        int covered = SpaceMask(text, out ulong spaces);
        while (token < tokens && pos < covered)
        {
            int start = pos + BitOperations.TrailingZeroCount(~spaces >> pos);
            if (start >= covered)
            {
                // Only spaces up to the end of the mask.
                pos = covered;
                break;
            }

            byte b = text[start];
            int end;
            if (b == (byte)'[' || b == (byte)'<' || b == (byte)'(')
            {
                end = SkipBracket(text, start);
                found = b == (byte)'[' && end == start + 3 && text[start + 2] == (byte)']'
                    ? ((token == 0 && firstMayBeLowercase) || (token == 1 && LineParser.AfterCaller(text, start)) ? LineParser.OneLetterLevel(text[start + 1]) : LogLevel.Unknown)
                    : BracketLevel(text.Slice(start + 1, Math.Max(0, end - start - 2)));
            }
            else
            {
                ulong after = spaces >> start;
                if (after == 0 && covered < text.Length)
                {
                    // The word goes on past the mask.
                    pos = start;
                    break;
                }

                end = after == 0 ? text.Length : start + BitOperations.TrailingZeroCount(after);
                found = WordTokenLevel(text, start, end, token == 0, firstMayBeLowercase);
            }

            if (found != LogLevel.Unknown)
            {
                if (token > 0 && start <= 16 && text.Length >= 16)
                {
                    header.Remember(text, start, token, firstMayBeLowercase);
                }

                return found;
            }

            pos = end;
            token++;
        }

        for (; token < tokens && pos < text.Length; token++)
        {
            while (pos < text.Length && text[pos] == (byte)' ')
            {
                pos++;
            }

            if (pos >= text.Length)
            {
                break;
            }

            byte b = text[pos];
            int end;
            if (b == (byte)'[' || b == (byte)'<' || b == (byte)'(')
            {
                end = SkipBracket(text, pos);
                found = b == (byte)'[' && end == pos + 3 && text[pos + 2] == (byte)']'
                    ? ((token == 0 && firstMayBeLowercase) || (token == 1 && LineParser.AfterCaller(text, pos)) ? LineParser.OneLetterLevel(text[pos + 1]) : LogLevel.Unknown)
                    : BracketLevel(text.Slice(pos + 1, Math.Max(0, end - pos - 2)));
            }
            else
            {
                int space = text[pos..].IndexOf((byte)' ');
                end = space < 0 ? text.Length : pos + space;
                found = WordTokenLevel(text, pos, end, token == 0, firstMayBeLowercase);
            }

            if (found != LogLevel.Unknown)
            {
                return found;
            }

            pos = end;
        }

        return LogLevel.Unknown;
    }

    /// <summary>The index of the first space at or after <paramref name="from"/>, or -1 (a short word without a vector search).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int IndexOfSpace(ReadOnlySpan<byte> text, int from)
    {
        int stop = Math.Min(text.Length, from + 16);
        for (int i = from; i < stop; i++)
        {
            if (text[i] == (byte)' ')
            {
                return i;
            }
        }

        return IndexOf(text, (byte)' ', stop);
    }

    /// <summary>
    /// A bit per byte of the text's start (up to 64 bytes), set for spaces; returns how many bytes the mask describes
    /// (0 when the text is too short for a vector).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int SpaceMask(ReadOnlySpan<byte> text, out ulong spaces)
    {
        spaces = 0;
        int length = text.Length;
        if (length < 32 || !Vector256.IsHardwareAccelerated)
        {
            return 0;
        }

        ref byte at = ref MemoryMarshal.GetReference(text);
        Vector256<byte> space = Vector256.Create((byte)' ');
        ulong low = Vector256.Equals(Vector256.LoadUnsafe(ref at), space).ExtractMostSignificantBits();
        if (length >= 64)
        {
            ulong high = Vector256.Equals(Vector256.LoadUnsafe(ref at, 32), space).ExtractMostSignificantBits();
            spaces = low | (high << 32);
            return 64;
        }

        // 32 to 63 bytes: the second vector is the last 32 bytes (overlapping the first).
        ulong last = Vector256.Equals(Vector256.LoadUnsafe(ref at, (nuint)(length - 32)), space).ExtractMostSignificantBits();
        spaces = low | (last << (length - 32));
        return length;
    }

    /// <summary>The level of the word token <c>text[start..end]</c>, the <paramref name="isFirst"/> token of the text (see LineParser.FindLevel).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static LogLevel WordTokenLevel(ReadOnlySpan<byte> text, int start, int end, bool isFirst, bool firstMayBeLowercase)
    {
        // Past the first token only words in capitals count: most message words are rejected by their first letter.
        bool first = isFirst && (firstMayBeLowercase || text[end - 1] == (byte)':');
        if (!first && (uint)(text[start] - 'A') > 'Z' - 'A')
        {
            return LogLevel.Unknown;
        }

        // The word is the token without trailing ":|,;]-"; a level word has 3 to 11 letters.
        int length = end - start;
        while (length > 0 && IsTrimmedAfterWord(text[start + length - 1]))
        {
            length--;
        }

        if (length < 3 || length > 11)
        {
            return LogLevel.Unknown;
        }

        LogLevel found = WordLevel(text[start..], length, strict: true, out bool upper);
        return upper || first ? found : LogLevel.Unknown;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsTrimmedAfterWord(byte b) => b is (byte)':' or (byte)'|' or (byte)',' or (byte)';' or (byte)']' or (byte)'-';

    /// <summary>A level word inside brackets: the parts between ' ', ':', '|' and '/', trimmed (see LineParser.BracketLevel).</summary>
    internal static LogLevel BracketLevel(ReadOnlySpan<byte> inside)
    {
        while (inside.Length > 0)
        {
            int cut = -1;
            for (int i = 0; i < inside.Length; i++)
            {
                byte c = inside[i];
                if (c == (byte)' ' || c == (byte)':' || c == (byte)'|' || c == (byte)'/')
                {
                    cut = i;
                    break;
                }
            }

            ReadOnlySpan<byte> part = cut < 0 ? inside : inside[..cut];
            part = part[System.Text.Ascii.Trim(part)];
            if (part.Length == 6 && System.Text.Ascii.EqualsIgnoreCase(part[..5], "trace"u8) && (uint)(part[5] - '1') <= 7)
            {
                return LogLevel.Trace; // Apache 2.4's trace1 to trace8
            }

            if (part.Length >= 3 && part.Length <= 11)
            {
                // "alert" is no level word in free text, but in brackets it is nginx's and Apache's level between crit and emerg.
                LogLevel level = WordLevel(part, part.Length, strict: true, out _);
                if (level == LogLevel.Unknown && part.Length == 5 && System.Text.Ascii.EqualsIgnoreCase(part, "alert"u8))
                {
                    level = LogLevel.Critical;
                }

                if (level != LogLevel.Unknown)
                {
                    return level;
                }
            }

            inside = cut < 0 ? default : inside[(cut + 1)..];
        }

        return LogLevel.Unknown;
    }

    /// <summary>The index after the bracket group starting at <paramref name="pos"/> (nested brackets balanced), or the text's end.</summary>
    internal static int SkipBracket(ReadOnlySpan<byte> text, int pos)
    {
        byte open = text[pos];
        byte close = open switch { (byte)'[' => (byte)']', (byte)'<' => (byte)'>', _ => (byte)')' };
        int depth = 0;
        int i = pos;
        while (true)
        {
            int next = text[i..].IndexOfAny(open, close);
            if (next < 0)
            {
                return text.Length;
            }

            i += next;
            if (text[i] == open)
            {
                depth++;
            }
            else if (--depth == 0)
            {
                return i + 1;
            }

            i++;
        }
    }

    /// <summary>
    /// The level of the word of <paramref name="length"/> (3 to 11) bytes at the start of <paramref name="from"/>, compared
    /// without regard to ASCII case: LevelNames.Parse (no single letters); with <paramref name="strict"/> only the words
    /// IsStrictLevelWord lets through. <paramref name="upper"/> says whether the word was written in capitals.
    /// </summary>
    internal static LogLevel WordLevel(ReadOnlySpan<byte> from, int length, bool strict, out bool upper)
    {
        upper = false;
        if (length > 8)
        {
            // Only "emergency" and "information" are that long.
            int letter = from[0] | 0x20;
            return letter == 'e' || letter == 'i' ? LongWordLevel(from[..length], out upper) : LogLevel.Unknown;
        }

        ulong raw = Load(from, length);
        ulong caseBits = CaseBits >> (64 - (8 * length));

        // Folding with 0x20 is exact here: every byte compared against is a lower-case letter.
        ulong key = raw | caseBits;
        LogLevel level = length switch
        {
            3 => (uint)key switch
            {
                KTrc or KVrb => LogLevel.Trace,
                KDbg => LogLevel.Debug,
                KInf or KLog => LogLevel.Info,
                KWrn => LogLevel.Warning,
                KErr => LogLevel.Error,
                KCrt => LogLevel.Critical,
                KFtl => LogLevel.Fatal,
                KAll when !strict => LogLevel.Trace,
                KNot when !strict => LogLevel.Notice,
                _ => LogLevel.Unknown,
            },
            4 => (uint)key switch
            {
                KInfo => LogLevel.Info,
                KWarn => LogLevel.Warning,
                KCrit => LogLevel.Critical,
                KDebu or KFine when !strict => LogLevel.Debug,
                KNote when !strict => LogLevel.Notice,
                KErro or KFail or KEror when !strict => LogLevel.Error,
                KFata when !strict => LogLevel.Fatal,
                _ => LogLevel.Unknown,
            },
            5 => key switch
            {
                KTrace => LogLevel.Trace,
                KDebug => LogLevel.Debug,
                KError => LogLevel.Error,
                KFatal or KEmerg or KPanic => LogLevel.Fatal,
                KFiner when !strict => LogLevel.Trace,
                KInfos when !strict => LogLevel.Info,
                KWarns when !strict => LogLevel.Warning,
                KAlert or KCriti when !strict => LogLevel.Critical,
                _ => LogLevel.Unknown,
            },
            6 => key switch
            {
                KFinest => LogLevel.Trace,
                KNotice => LogLevel.Notice,
                KSevere => LogLevel.Error,
                KDpanic => LogLevel.Critical,
                KConfig when !strict => LogLevel.Info,
                KErrors when !strict => LogLevel.Error,
                _ => LogLevel.Unknown,
            },
            7 => key switch
            {
                KVerbose => LogLevel.Trace,
                KWarning => LogLevel.Warning,
                KFailure => LogLevel.Critical,
                _ => LogLevel.Unknown,
            },
            8 => key == KCritical ? LogLevel.Critical : LogLevel.Unknown,
            _ => LogLevel.Unknown,
        };

        // A matched word is all letters, so it is in capitals exactly when no case bit is set.
        upper = level != LogLevel.Unknown && (raw & caseBits) == 0;
        return level;
    }


    private static LogLevel LongWordLevel(ReadOnlySpan<byte> word, out bool upper)
    {
        LogLevel level = System.Text.Ascii.EqualsIgnoreCase(word, "emergency"u8) ? LogLevel.Fatal
            : System.Text.Ascii.EqualsIgnoreCase(word, "information"u8) ? LogLevel.Info
            : LogLevel.Unknown;
        upper = level != LogLevel.Unknown && !word.ContainsAnyInRange((byte)'a', (byte)'z');
        return level;
    }

    /// <summary>The first <paramref name="length"/> (1 to 8) bytes of <paramref name="from"/> as a little-endian number.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Load(ReadOnlySpan<byte> from, int length)
    {
        if (from.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(from) & (ulong.MaxValue >> (64 - (8 * length)));
        }

        ulong value = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | from[i];
        }

        return value;
    }
}

/// <summary>The first bytes of a text up to its level word (at most 16), and how many tokens they hold (see TextBytes.FindLevel).</summary>
internal struct LevelHeaderCache
{
    internal ulong Bytes0;
    internal ulong Mask0;
    internal ulong Bytes1;
    internal ulong Mask1;

    /// <summary>0 when empty.</summary>
    internal int Length;
    internal int Tokens;
    internal bool FirstMayBeLowercase;

    /// <summary>Keeps <c>text[..length]</c> (1 to 16 bytes; the text has at least 16), the bytes before the level word, token number <paramref name="tokens"/>.</summary>
    internal void Remember(ReadOnlySpan<byte> text, int length, int tokens, bool firstMayBeLowercase)
    {
        Mask0 = length >= 8 ? ulong.MaxValue : (1UL << (8 * length)) - 1;
        Mask1 = length <= 8 ? 0 : length >= 16 ? ulong.MaxValue : (1UL << (8 * (length - 8))) - 1;
        Bytes0 = BinaryPrimitives.ReadUInt64LittleEndian(text) & Mask0;
        Bytes1 = BinaryPrimitives.ReadUInt64LittleEndian(text[8..]) & Mask1;
        Length = length;
        Tokens = tokens;
        FirstMayBeLowercase = firstMayBeLowercase;
    }
}
