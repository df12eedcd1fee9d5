using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OpsModule;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The header memo: most lines of a text log repeat the header of a line above them (the same stamp layout, logger and
/// level word), so what the fast path concluded from that header is remembered and given again without its dozens of
/// shape checks. A header is the bytes before the level word, compared exactly except the stamp's digits (the stamp is
/// read again); then the level word and the separator after it, up to the message's first letter or digit, compared
/// exactly; the rest of the line (the message) must hold no tab, which the fast path hands to the character parser. Only
/// results that come from the header are remembered: a timestamped text line with a level from a word near its stamp and
/// no message needed, whose header read with other messages (other level words, brackets, an access log's request) gives
/// the same result. Syslog lines are not remembered: their messages are read for access logs, HAProxy's and other
/// formats inside them. LineParserFastPathTests compares both parsers on lines built to reuse headers with other
/// messages, and on helper-117's pairs.
/// </summary>
internal sealed partial class LineParser
{
    private const int MemoLayouts = 8;
    private const int MemoWords = 12;
    private const int MemoHeaderLimit = 160;
    private const int MemoWordLimit = 16;
    private const int MemoWordReach = 48;
    private readonly HeaderLayout?[] _layouts = new HeaderLayout?[MemoLayouts];
    private int _layoutCount;
    private Utf8StampCache _memoStamps;

    // Lines read from the memo, headers tried for it, and lines seen: once a log's headers are mostly new (many hosts, tags
    // or loggers in one file), trying each costs more than the memo gives, so after the first 32 one more is tried for
    // every 8 lines the memo gave and every 256 lines read.
    private long _memoRecalled;
    private long _memoTried;
    private long _memoLines;

    /// <summary>True while another header may be tried (see the fields above).</summary>
    private bool MemoMayTry => MemoAlwaysTries || _memoTried < 32 + (_memoRecalled >> 3) + (_memoLines >> 8);

    /// <summary>True to try every header (tests that compare the parsers on many layouts, each for a few lines).</summary>
    internal bool MemoAlwaysTries { get; init; }

    /// <summary>How many lines the memo gave (tests check that it is used).</summary>
    internal long MemoRecalled => _memoRecalled;

    /// <summary>False to parse every line in full (tests compare the two).</summary>
    internal bool UseMemo { get; init; } = true;

    /// <summary>
    /// A structured layout (a JSON logger's keys, a logfmt logger's pairs) with each level value seen in it and the fast
    /// path's result for that value (without the timestamp).
    /// </summary>
    private abstract class LevelValues
    {
        private readonly byte[][] _values = new byte[MemoWords][];
        private readonly LogLine[] _results = new LogLine[MemoWords];
        private int _count;

        /// <summary>The index of a level value seen before, or -1.</summary>
        internal int Find(ReadOnlySpan<byte> value)
        {
            for (int v = 0; v < _count; v++)
            {
                if (value.SequenceEqual(_values[v]))
                {
                    return v;
                }
            }

            return -1;
        }

        internal ref readonly LogLine Result(int v) => ref _results[v];

        /// <summary>True when the other layout has the same keys or pairs (its values aside).</summary>
        internal abstract bool SameShape(LevelValues other);

        internal void Add(ReadOnlySpan<byte> value, in LogLine parsed)
        {
            if (_count == MemoWords || Find(value) >= 0)
            {
                return;
            }

            _values[_count] = value.ToArray();
            _results[_count] = parsed;
            _results[_count].Timestamp = default;
            _count++;
        }
    }

    /// <summary>
    /// The remembered result for a structured line whose layout matched: the level value's, with the timestamp read again
    /// from its value; false when the value was not seen, the message is needed, or the timestamp does not read.
    /// </summary>
    private bool TryRecallValue(LevelValues layout, ReadOnlySpan<byte> line, int levelStart, int levelEnd, int stampStart, int stampEnd, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        int v = layout.Find(line[levelStart..levelEnd]);
        if (v < 0 || layout.Result(v).Level >= messageFrom)
        {
            return false;
        }

        RawTimestamp stamp = default;
        bool unsure = false;
        if (stampStart >= 0 && (!StructuredTimestamp(line[stampStart..stampEnd], ref stamp, ref unsure) || unsure))
        {
            return false;
        }

        parsed = layout.Result(v);
        parsed.Timestamp = stamp;
        _memoRecalled++;
        return true;
    }

    /// <summary>Moves the layout at <paramref name="k"/> to the front (most recently used first: a file's lines mostly share one layout).</summary>
    private static void MoveToFront<T>(T?[] layouts, int k)
        where T : class
    {
        if (k > 0)
        {
            T layout = layouts[k]!;
            layouts.AsSpan(0, k).CopyTo(layouts.AsSpan(1));
            layouts[0] = layout;
        }
    }

    /// <summary>The layout of the same shape as <paramref name="learned"/> if one is remembered, else <paramref name="learned"/>, now remembered first.</summary>
    private static T Remembered<T>(T?[] layouts, ref int count, T learned)
        where T : LevelValues
    {
        for (int k = 0; k < count; k++)
        {
            if (layouts[k]!.SameShape(learned))
            {
                return layouts[k]!;
            }
        }

        AddFirst(layouts, ref count, learned);
        return learned;
    }

    /// <summary>Puts a new layout first, the least recently used one dropping out when all places are taken.</summary>
    private static void AddFirst<T>(T?[] layouts, ref int count, T layout)
        where T : class
    {
        count = Math.Min(count + 1, layouts.Length);
        layouts.AsSpan(0, count - 1).CopyTo(layouts.AsSpan(1));
        layouts[0] = layout;
    }

    /// <summary>One header layout: its bytes up to the level word, where its stamp is, and each level word seen after it.</summary>
    private sealed class HeaderLayout
    {
        internal HeaderLayout(byte[] header, int skip, int stampLength, bool hasOffset)
        {
            Header = header;
            Skip = skip;
            StampLength = stampLength;
            HasOffset = hasOffset;
            Stamp = new byte[header.Length];
            Stamp.AsSpan(skip, stampLength).Fill(0xFF);
        }

        /// <summary>0xFF at the stamp's bytes, where any digit matches any digit; elsewhere the header's bytes match exactly.</summary>
        internal byte[] Stamp { get; }

        /// <summary>The bytes before the level word.</summary>
        internal byte[] Header { get; }

        /// <summary>Where the stamp starts (1 after an opening bracket).</summary>
        internal int Skip { get; }

        internal int StampLength { get; }

        internal bool HasOffset { get; }

        /// <summary>Each level word with the byte after it.</summary>
        internal byte[][] Words { get; } = new byte[MemoWords][];

        /// <summary>What the fast path concluded for each word (without the timestamp).</summary>
        internal LogLine[] Results { get; } = new LogLine[MemoWords];

        internal int WordCount { get; set; }
    }

    /// <summary>The fast path's result for a line whose header, level word and the byte after it were seen before; false when none was.</summary>
    private bool TryRecall(ReadOnlySpan<byte> line, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        if (_grepPath is not null || _w3c is not null || _csvQuoteOpen)
        {
            return false;
        }

        for (int k = 0; k < _layoutCount; k++)
        {
            HeaderLayout layout = _layouts[k]!;
            byte[] header = layout.Header;
            if (line.Length <= header.Length + 2 || line[0] != header[0] || !SameShape(line, header, layout.Stamp))
            {
                continue;
            }

            ReadOnlySpan<byte> rest = line[header.Length..];
            for (int w = 0; w < layout.WordCount; w++)
            {
                byte[] word = layout.Words[w];
                if (rest.Length <= word.Length || !rest.StartsWith(word) || !char.IsAsciiLetterOrDigit((char)rest[word.Length]))
                {
                    continue;
                }

                if (layout.Results[w].Level >= messageFrom || rest[word.Length..].Contains((byte)'\t')
                    || !TimestampParser.TryParse(line[layout.Skip..], ref _memoStamps, out RawTimestamp stamp, out int used)
                    || used != layout.StampLength || stamp.Offset.HasValue != layout.HasOffset)
                {
                    return false;
                }

                parsed = layout.Results[w];
                parsed.Timestamp = stamp;
                _memoRecalled++;
                MoveToFront(_layouts, k);
                return true;
            }

            // The layout, with a level word not seen after it yet: the fast path reads the line (and the word is learned).
            return false;
        }

        return false;
    }

    /// <summary>True when <paramref name="line"/> starts with <paramref name="header"/>, a digit matching any digit where <paramref name="stamp"/> is 0xFF.</summary>
    private static bool SameShape(ReadOnlySpan<byte> line, byte[] header, byte[] stamp)
    {
        int length = header.Length;
        ref byte l = ref MemoryMarshal.GetReference(line);
        ref byte h = ref MemoryMarshal.GetArrayDataReference(header);
        ref byte s = ref MemoryMarshal.GetArrayDataReference(stamp);
        if (length < Vector128<byte>.Count)
        {
            for (int i = 0; i < length; i++)
            {
                byte a = header[i];
                byte b = line[i];
                if (a != b && !(stamp[i] != 0 && IsAsciiDigit(a) && IsAsciiDigit(b)))
                {
                    return false;
                }
            }

            return true;
        }

        int offset = 0;
        while (true)
        {
            Vector128<byte> a = Vector128.LoadUnsafe(ref h, (nuint)offset);
            Vector128<byte> b = Vector128.LoadUnsafe(ref l, (nuint)offset);
            Vector128<byte> nine = Vector128.Create((byte)9);
            Vector128<byte> zero = Vector128.Create((byte)'0');
            Vector128<byte> digits = Vector128.LessThanOrEqual(a - zero, nine) & Vector128.LessThanOrEqual(b - zero, nine) & Vector128.LoadUnsafe(ref s, (nuint)offset);
            if ((Vector128.Equals(a, b) | digits) != Vector128<byte>.AllBitsSet)
            {
                return false;
            }

            if (offset + Vector128<byte>.Count == length)
            {
                return true;
            }

            // The last block overlaps the one before rather than reading past the header.
            offset = Math.Min(offset + Vector128<byte>.Count, length - Vector128<byte>.Count);
        }
    }

    /// <summary>Remembers what the fast path concluded for <paramref name="line"/> when that came from its header alone (see the class).</summary>
    private void Learn(ReadOnlySpan<byte> line, in LogLine parsed, bool continuationLikely)
    {
        if (parsed.Format is not LogFormat.TimestampedText || !parsed.HasTimestamp || parsed.TimeFromRecord
            || parsed.Level is LogLevel.Unknown || parsed.Message is not null || parsed.MessageOnNextLine || parsed.LevelOnNextLine
            || parsed.MessageInNextEntry || parsed.LevelFromStatus || parsed.LiteralTemplate || parsed.OpensWithLevel || parsed.TemplateText is not null
            || parsed.Details is not null || parsed.MeasureValue is not null || parsed.GroupValue is not null
            || LastDependedOnContinuation || LastWasExceptionLine || _grepPath is not null || _w3c is not null || _csvQuoteOpen
            || !MemoMayTry)
        {
            return;
        }

        _memoTried++;

        int skip = line[0] == (byte)'[' ? 1 : 0;
        if (!TimestampParser.TryParse(line[skip..], out RawTimestamp stamp, out int used) || stamp != parsed.Timestamp)
        {
            return;
        }

        // The level word: the first word after the stamp (letters only, not touching a digit) that names the line's level,
        // within the header's first bytes after the stamp (not a word in a request's path or a user agent).
        int limit = Math.Min(line.Length - 2, Math.Min(MemoHeaderLimit, skip + used + MemoWordReach));
        int i = skip + used;
        Span<char> chars = stackalloc char[MemoWordLimit];
        while (i < limit)
        {
            if (!char.IsAsciiLetter((char)line[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < line.Length && char.IsAsciiLetter((char)line[i]))
            {
                i++;
            }

            if (i - start < 2 || i - start > MemoWordLimit - 1 || i >= line.Length - 1 || IsAsciiDigit(line[start - 1]) || IsAsciiDigit(line[i]))
            {
                continue;
            }

            for (int c = start; c < i; c++)
            {
                chars[c - start] = (char)line[c];
            }

            if (LevelNames.Parse(chars[..(i - start)], allowSingleLetter: false) != parsed.Level)
            {
                continue;
            }

            // The word with the separator after it ("INFO - ", "info: ", "DEBUG ["), up to the message's first letter or digit.
            int end = i;
            while (end < line.Length - 1 && end - start < MemoWordLimit && !char.IsAsciiLetterOrDigit((char)line[end]))
            {
                end++;
            }

            if (end - start < MemoWordLimit && char.IsAsciiLetterOrDigit((char)line[end]) && FromHeaderAlone(line, end, parsed, continuationLikely))
            {
                Remember(line, start, end, skip, used, stamp.Offset.HasValue, parsed);
            }

            return;
        }
    }

    /// <summary>
    /// True when the fast path reads <paramref name="line"/>'s first <paramref name="headerLength"/> bytes followed by other
    /// messages as it read the line (its level did not come from the message): messages with a level word of another level,
    /// with or without a colon or brackets (BIND's "category: severity:"), a closing bracket (MongoDB's context), an access
    /// log's request and status (helper-117).
    /// </summary>
    private bool FromHeaderAlone(ReadOnlySpan<byte> line, int headerLength, in LogLine parsed, bool continuationLikely)
    {
        ReadOnlySpan<byte> other = parsed.Level == LogLevel.Error ? "INFO"u8 : "ERROR"u8;
        ReadOnlySpan<byte> otherLower = parsed.Level == LogLevel.Error ? "info"u8 : "error"u8;
        Span<byte> probe = stackalloc byte[headerLength + 96];
        line[..headerLength].CopyTo(probe);
        bool dependedOnContinuation = LastDependedOnContinuation;
        bool exceptionLine = LastWasExceptionLine;
        try
        {
            for (int p = 0; p < 8 + s_probeMessages.Length; p++)
            {
                Span<byte> tail = probe[headerLength..];
                int length = p switch
                {
                    0 => Write(tail, "x"u8),
                    1 => Write(tail, other, " x"u8),
                    2 => Write(tail, "["u8, other, "] x"u8),
                    3 => Write(tail, "x "u8, other, ": x"u8),
                    4 => Write(tail, other, ": x"u8),
                    5 => Write(tail, otherLower, ": x"u8),
                    6 => Write(tail, otherLower, " x"u8),
                    7 => Write(tail, "x "u8, otherLower, " x"u8),
                    _ => Write(tail, s_probeMessages[p - 8]),
                };

                LastDependedOnContinuation = false;
                LastWasExceptionLine = false;
                LogLine probed = default;
                if (!TryParseFastCore(probe[..(headerLength + length)], continuationLikely, ref probed, out bool starts) || !starts
                    || LastDependedOnContinuation || LastWasExceptionLine || !SameResult(probed, parsed))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            LastDependedOnContinuation = dependedOnContinuation;
            LastWasExceptionLine = exceptionLine;
        }
    }

    /// <summary>
    /// Messages of the shapes the fast path reads in a message or hands to the character parser: brackets that close a
    /// context (MongoDB), an access log's request (in syslog, after a stamp), Squid's result and status after its epoch
    /// stamp, a .NET console category, Python's LEVEL:name:, PHP's levels, key=value and JSON, an exception, a traceback,
    /// a Go caller, a CRI stream, an nginx error's pid, klog, hex thread ids, Heroku's codes, a stamp in the message
    /// (helper-117, helper-119).
    /// </summary>
    private static readonly byte[][] s_probeMessages =
    [
        "x] x"u8.ToArray(), "x) x"u8.ToArray(), "x> x"u8.ToArray(), "[x] x"u8.ToArray(), "[conn1] x"u8.ToArray(), "(x) x"u8.ToArray(),
        "- - [09/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 5"u8.ToArray(), "- - [09/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 503 5"u8.ToArray(),
        "\"GET / HTTP/1.1\" 503 5 \"-\" \"curl/8\""u8.ToArray(), "TCP_MISS/503 0 GET /"u8.ToArray(), "TCP_MISS/200 5 GET http://a/ - DIRECT/1.2.3.4 text/html"u8.ToArray(),
        "A.B[0]"u8.ToArray(), "Microsoft.Hosting.Lifetime[14]"u8.ToArray(), "ERROR:root:x"u8.ToArray(), "root:x"u8.ToArray(), "PHP Fatal error:  x in /a.php on line 3"u8.ToArray(),
        "key=value level=error msg=x"u8.ToArray(), "level=error"u8.ToArray(), "{\"level\":\"error\",\"msg\":\"x\"}"u8.ToArray(), "java.lang.IllegalStateException: x"u8.ToArray(),
        "Traceback (most recent call last):"u8.ToArray(), "at com.example.A.b(A.java:10)"u8.ToArray(), "main.go:42: x"u8.ToArray(), "stdout F x"u8.ToArray(), "stderr P x"u8.ToArray(),
        "12#0: *3 x"u8.ToArray(), "E1128 10:00:00.000000 1 a.go:1] x"u8.ToArray(), "0x7f12 x"u8.ToArray(), "at=error code=H12 desc=x"u8.ToArray(),
        "2026-11-27 10:00:00,123 ERROR x"u8.ToArray(), "Nov 27 10:00:00 host app: error: x"u8.ToArray(), "queries: info: x"u8.ToArray(), "x: error: x"u8.ToArray(),
        "FINE: x"u8.ToArray(), "CONFIG x"u8.ToArray(), "Error: 18456, Severity: 14, State: 8."u8.ToArray(), "spid51      x"u8.ToArray(), "1 x"u8.ToArray(), "-"u8.ToArray(),
    ];

    private static int Write(Span<byte> to, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default, ReadOnlySpan<byte> c = default)
    {
        a.CopyTo(to);
        b.CopyTo(to[a.Length..]);
        c.CopyTo(to[(a.Length + b.Length)..]);
        return a.Length + b.Length + c.Length;
    }

    private static bool SameResult(in LogLine a, in LogLine b) =>
        a.Format == b.Format && a.Level == b.Level && a.HasTimestamp == b.HasTimestamp && a.Timestamp == b.Timestamp && a.Message == b.Message
        && a.MessageOnNextLine == b.MessageOnNextLine && a.LevelOnNextLine == b.LevelOnNextLine && a.MessageInNextEntry == b.MessageInNextEntry
        && a.TimeFromRecord == b.TimeFromRecord && a.OpensWithLevel == b.OpensWithLevel && a.LiteralTemplate == b.LiteralTemplate
        && a.LevelFromStatus == b.LevelFromStatus && a.TemplateText == b.TemplateText && a.Details == b.Details
        && a.MeasureValue == b.MeasureValue && a.GroupValue == b.GroupValue;

    private void Remember(ReadOnlySpan<byte> line, int wordStart, int wordEnd, int skip, int stampLength, bool hasOffset, in LogLine parsed)
    {
        ReadOnlySpan<byte> header = line[..wordStart];
        HeaderLayout? layout = null;
        for (int k = 0; k < _layoutCount; k++)
        {
            HeaderLayout known = _layouts[k]!;
            if (known.Header.Length == header.Length && known.Skip == skip && known.StampLength == stampLength && known.HasOffset == hasOffset && SameShape(line, known.Header, known.Stamp))
            {
                layout = known;
                break;
            }
        }

        if (layout is null)
        {
            layout = new HeaderLayout(header.ToArray(), skip, stampLength, hasOffset);
            AddFirst(_layouts, ref _layoutCount, layout);
        }

        ReadOnlySpan<byte> word = line[wordStart..wordEnd];
        for (int w = 0; w < layout.WordCount; w++)
        {
            if (word.SequenceEqual(layout.Words[w]))
            {
                return;
            }
        }

        if (layout.WordCount == MemoWords)
        {
            return;
        }

        LogLine result = parsed;
        result.Timestamp = default;
        layout.Words[layout.WordCount] = word.ToArray();
        layout.Results[layout.WordCount] = result;
        layout.WordCount++;
    }
}
