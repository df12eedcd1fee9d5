using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The fast path's structured formats: JSON lines and logfmt (see LineParser.Fast.cs). Both read the line's bytes once,
/// without a JSON reader, without transcoding and without building strings, and reach exactly the result of
/// <see cref="TryJson"/> and <see cref="TryLogfmt"/>; the rare corners where that would take more than a few lines of
/// code (escaped keys, escaped level or timestamp values, numbers the exact conversion cannot take, deep nesting,
/// control characters) are <see cref="FastOutcome.Unsure"/>.
/// </summary>
internal sealed partial class LineParser
{
    /// <summary>Deeper nesting than this is left to the reader (its own limit is 64).</summary>
    private const int FastJsonMaxDepth = 32;

    // The date and minute of the last timestamp value read from bytes (TimestampParser's cache).
    private Utf8StampCache _structuredStamps;

    /// <summary>
    /// Mirrors <see cref="TryJson"/>: <see cref="TryFlatJson"/> and the <see cref="System.Text.Json.Utf8JsonReader"/> path
    /// reach the same result on every line this accepts (they differ only on numbers that overflow and level strings
    /// over 32 bytes, which are Unsure here), and the whole line must be valid JSON for either to return true.
    /// </summary>
    private FastOutcome FastJson(ReadOnlySpan<byte> line, ref LogLine parsed)
    {
        LogLevel level = LogLevel.Unknown;
        bool hasStamp = false;
        bool unsure = false;
        bool levelField = false;
        bool clef = false;
        bool gelfVersion = false;
        bool gelfShortMessage = false;
        int status = 0;
        bool messageField = false;
        bool requestField = false;
        // Most lines have no backslash and no control character: then every string ends at the next quote, found in a
        // bit mask of the quotes built once for the line.
        Span<uint> quotes = stackalloc uint[QuoteMaskWords];
        bool plain = JsonQuoteMask(line, quotes);
        int i = JsonSpaces(line, 1);
        if (i < line.Length && line[i] == (byte)'}')
        {
            i++;
        }
        else
        {
            while (true)
            {
                if ((uint)i >= (uint)line.Length || line[i] != (byte)'"')
                {
                    return FastOutcome.Rejected;
                }

                int keyStart = i + 1;
                int keyEnd = plain ? NextQuote(quotes, i + 1) + 1 : JsonStringEnd(line, i);
                if (keyEnd == 0)
                {
                    return FastOutcome.Rejected;
                }

                // The reader unescapes an escaped key (and fails on a lone surrogate): left to it.
                bool syslog = false;
                JsonField field = JsonField.Other;
                int keyLength = 0;
                if (keyEnd < 0)
                {
                    unsure = true;
                    i = -keyEnd;
                }
                else
                {
                    i = keyEnd;
                    keyLength = keyEnd - 1 - keyStart;
                    field = FastJsonField(line, keyStart, keyLength, out syslog);

                    // Serilog's compact JSON (@t, @m, @mt) without any level field is Info (as TryJson decides).
                    levelField |= field is JsonField.Level or JsonField.Priority or JsonField.Log;
                    clef |= field != JsonField.Other && keyLength is 2 or 3 && line[keyStart] == (byte)'@';
                    gelfVersion |= field == JsonField.Version;
                    gelfShortMessage |= field == JsonField.ShortMessage;
                    messageField |= field == JsonField.Message;
                }

                if ((uint)i < (uint)line.Length && line[i] == (byte)':')
                {
                    i++;
                }
                else
                {
                    i = JsonSpaces(line, i);
                    if ((uint)i >= (uint)line.Length || line[i] != (byte)':')
                    {
                        return FastOutcome.Rejected;
                    }

                    i++;
                }

                i = JsonSpaces(line, i);
                if ((uint)i >= (uint)line.Length)
                {
                    return FastOutcome.Rejected;
                }

                byte first = line[i];
                if (first == (byte)'"')
                {
                    int valueStart = i + 1;
                    int valueEnd = plain ? NextQuote(quotes, i + 1) + 1 : JsonStringEnd(line, i);
                    if (valueEnd == 0)
                    {
                        return FastOutcome.Rejected;
                    }

                    bool escaped = valueEnd < 0;
                    i = escaped ? -valueEnd : valueEnd;
                    if (field != JsonField.Other)
                    {
                        ReadOnlySpan<byte> value = line[valueStart..(i - 1)];
                        switch (field)
                        {
                            case JsonField.Level when level == LogLevel.Unknown:
                                if (escaped || value.Length > 32)
                                {
                                    unsure = true;
                                }
                                else
                                {
                                    level = FastJsonStringLevel(line, valueStart, value.Length, false);
                                }

                                break;
                            case JsonField.Priority:
                                if (escaped || value.Length > 32)
                                {
                                    unsure = true;
                                }
                                else
                                {
                                    LogLevel fromPriority = FastJsonStringLevel(line, valueStart, value.Length, true);
                                    if (fromPriority != LogLevel.Unknown)
                                    {
                                        level = fromPriority;
                                    }
                                }

                                break;
                            case JsonField.Timestamp when !hasStamp:
                                if (escaped)
                                {
                                    unsure = true;
                                }
                                else if (StructuredTimestamp(value, ref parsed.Timestamp, ref unsure))
                                {
                                    hasStamp = true;
                                }

                                break;
                            case JsonField.Request:
                                // On the raw bytes, as TryJson reads them.
                                requestField |= JsonRequestValue(keyLength, value);
                                break;
                            case JsonField.Status when status == 0 && !escaped:
                                // (TryJson ignores an escaped string.)
                                status = JsonHttpStatus(value);
                                break;
                            default:
                                break;
                        }
                    }
                }
                else if (first == (byte)'-' || IsAsciiDigit(first))
                {
                    int numberStart = i;
                    i = JsonNumberEnd(line, i);
                    if (i < 0)
                    {
                        return FastOutcome.Rejected;
                    }

                    if (field == JsonField.Status && status == 0)
                    {
                        status = JsonHttpStatus(line[numberStart..i]);
                    }

                    // Numbers: the reader's double (and TryFlatJson's) when the exact conversion can give it.
                    bool read = field switch
                    {
                        JsonField.Level => level == LogLevel.Unknown,
                        JsonField.Priority => true,
                        JsonField.Timestamp => !hasStamp,
                        _ => false,
                    };
                    double number = 0;
                    if (read && field == JsonField.Timestamp && long.TryParse(line[numberStart..i], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long integer))
                    {
                        // An integer as the reader's TryGetInt64 reads it (epoch nanoseconds to the tick).
                        if (TimestampParser.TryEpoch(integer, out RawTimestamp found))
                        {
                            hasStamp = true;
                            parsed.Timestamp = found;
                        }
                    }
                    else if (read && !ExactJsonDouble(line[numberStart..i], out number))
                    {
                        unsure = true;
                    }
                    else if (read && field == JsonField.Timestamp)
                    {
                        if (TimestampParser.TryEpoch(number, out RawTimestamp found))
                        {
                            hasStamp = true;
                            parsed.Timestamp = found;
                        }
                    }
                    else if (read && field == JsonField.Level)
                    {
                        level = LevelNames.FromNumber(number);
                    }
                    else if (read)
                    {
                        LogLevel fromPriority = LevelNames.FromSyslog((int)number);
                        if (fromPriority != LogLevel.Unknown)
                        {
                            level = fromPriority;
                        }
                    }
                }
                else if (first == (byte)'{' && field == JsonField.Log)
                {
                    i = FastJsonNestedLevel(line, i, out LogLevel nestedLevel, ref unsure);
                    if (i < 0)
                    {
                        return i == -1 ? FastOutcome.Rejected : FastOutcome.Unsure;
                    }

                    if (level == LogLevel.Unknown)
                    {
                        level = nestedLevel;
                    }
                }
                else if (first == (byte)'{' && field == JsonField.Timestamp && !hasStamp)
                {
                    int objectStart = i;
                    i = SkipJsonValue(line, i, 1);
                    if (i < 0)
                    {
                        return i == -1 ? FastOutcome.Rejected : FastOutcome.Unsure;
                    }

                    int dateStart = FastJsonDate(line, objectStart, out int dateLength, ref unsure);
                    if (dateStart >= 0 && StructuredTimestamp(line.Slice(dateStart, dateLength), ref parsed.Timestamp, ref unsure))
                    {
                        hasStamp = true;
                    }
                }
                else
                {
                    // Objects, arrays and literals: a level, priority or timestamp field with such a value changes nothing.
                    i = SkipJsonValue(line, i, 1);
                    if (i < 0)
                    {
                        return i == -1 ? FastOutcome.Rejected : FastOutcome.Unsure;
                    }
                }

                if ((uint)i >= (uint)line.Length)
                {
                    return FastOutcome.Rejected;
                }

                byte next = line[i];
                if (next is not ((byte)',' or (byte)'}'))
                {
                    i = JsonSpaces(line, i);
                    if ((uint)i >= (uint)line.Length)
                    {
                        return FastOutcome.Rejected;
                    }

                    next = line[i];
                }

                i++;
                if (next == (byte)'}')
                {
                    break;
                }

                if (next != (byte)',')
                {
                    return FastOutcome.Rejected;
                }

                i = JsonSpaces(line, i);
            }
        }

        if (i < line.Length && JsonSpaces(line, i) != line.Length)
        {
            return FastOutcome.Rejected;
        }

        bool fromStatus = false;
        if (clef && !levelField)
        {
            level = LogLevel.Info;
        }
        else if (!levelField && status > 0 && requestField && !messageField)
        {
            // An access log's status: a request field, no level or message field (TryJson's LevelFromJsonStatus; GELF's
            // short_message is Unsure below).
            level = HttpStatusLevel(status);
            fromStatus = true;
        }

        if (levelField && messageField && requestField && status > 0)
        {
            // Possibly Traefik's access record with "level":"info","msg":"" (IsAccessRecord): the character parser decides.
            return FastOutcome.Unsure;
        }

        if (gelfVersion && gelfShortMessage)
        {
            // GELF's numeric level is a syslog severity (TryJson's GelfShape): the character parser reads it.
            return FastOutcome.Unsure;
        }

        if (unsure || level >= _messageFrom)
        {
            return FastOutcome.Unsure;
        }

        parsed.Format = LogFormat.JsonLines;
        parsed.Level = level;
        parsed.LevelFromStatus = fromStatus;
        parsed.HasTimestamp = hasStamp;
        if (!hasStamp)
        {
            parsed.Timestamp = default;
        }

        return FastOutcome.Accepted;
    }

    /// <summary>
    /// Mirrors <see cref="JsonTimestamp"/> on a valid object at <paramref name="i"/>: MongoDB's <c>{"$date":"..."}</c> (the
    /// first member, its name unescaped): the start of the string's text and its length, or -1 (<paramref name="unsure"/>
    /// when the string has escapes).
    /// </summary>
    private static int FastJsonDate(ReadOnlySpan<byte> line, int i, out int length, ref bool unsure)
    {
        length = 0;
        i = JsonSpaces(line, i + 1);
        if (i + 7 > line.Length || !line.Slice(i, 7).SequenceEqual("\"$date\""u8))
        {
            return -1;
        }

        i = JsonSpaces(line, i + 7);
        if (i >= line.Length || line[i] != (byte)':')
        {
            return -1;
        }

        i = JsonSpaces(line, i + 1);
        if (i >= line.Length || line[i] != (byte)'"')
        {
            return -1;
        }

        int end = JsonStringEnd(line, i);
        if (end <= 0)
        {
            unsure |= end < 0;
            return -1;
        }

        length = end - i - 2;
        return i + 1;
    }

    /// <summary>
    /// Mirrors <see cref="NestedLevel"/> on the object at <paramref name="i"/> (a <c>"log"</c> value): the index after it,
    /// -1 when it is not valid JSON, -2 when the reader must decide.
    /// </summary>
    private static int FastJsonNestedLevel(ReadOnlySpan<byte> line, int i, out LogLevel level, ref bool unsure)
    {
        level = LogLevel.Unknown;
        i = JsonSpaces(line, i + 1);
        if (i < line.Length && line[i] == (byte)'}')
        {
            return i + 1;
        }

        while (true)
        {
            if (i >= line.Length || line[i] != (byte)'"')
            {
                return -1;
            }

            int keyStart = i + 1;
            int keyEnd = JsonStringEnd(line, i);
            if (keyEnd == 0)
            {
                return -1;
            }

            // ValueTextEquals compares the unescaped name, case-sensitively.
            bool isLevel = keyEnd > 0 && line[keyStart..(keyEnd - 1)].SequenceEqual("level"u8);
            unsure |= keyEnd < 0;
            i = JsonSpaces(line, Math.Abs(keyEnd));
            if (i >= line.Length || line[i] != (byte)':')
            {
                return -1;
            }

            i = JsonSpaces(line, i + 1);
            if (i >= line.Length)
            {
                return -1;
            }

            byte first = line[i];
            if (isLevel && level == LogLevel.Unknown && first == (byte)'"')
            {
                int valueStart = i + 1;
                int valueEnd = JsonStringEnd(line, i);
                if (valueEnd == 0)
                {
                    return -1;
                }

                i = Math.Abs(valueEnd);
                if (valueEnd < 0 || i - 1 - valueStart > 32)
                {
                    unsure = true;
                }
                else
                {
                    level = FastJsonStringLevel(line, valueStart, i - 1 - valueStart, false);
                }
            }
            else if (isLevel && level == LogLevel.Unknown && (first == (byte)'-' || IsAsciiDigit(first)))
            {
                int numberStart = i;
                i = JsonNumberEnd(line, i);
                if (i < 0)
                {
                    return -1;
                }

                if (ExactJsonDouble(line[numberStart..i], out double number))
                {
                    level = LevelNames.FromNumber(number);
                }
                else
                {
                    unsure = true;
                }
            }
            else
            {
                i = SkipJsonValue(line, i, 2);
                if (i < 0)
                {
                    return i;
                }
            }

            i = JsonSpaces(line, i);
            if (i >= line.Length)
            {
                return -1;
            }

            if (line[i] == (byte)'}')
            {
                return i + 1;
            }

            if (line[i] != (byte)',')
            {
                return -1;
            }

            i = JsonSpaces(line, i + 1);
        }
    }

    /// <summary>Skips the JSON value at <paramref name="i"/> (in a container at <paramref name="depth"/>): the index after it, -1 invalid, -2 too deep.</summary>
    private static int SkipJsonValue(ReadOnlySpan<byte> line, int i, int depth)
    {
        if (i >= line.Length)
        {
            return -1;
        }

        switch (line[i])
        {
            case (byte)'"':
                int end = JsonStringEnd(line, i);
                return end == 0 ? -1 : Math.Abs(end);
            case (byte)'{':
            case (byte)'[':
                return SkipJsonContainer(line, i, depth + 1);
            case (byte)'t':
                return line[i..].StartsWith("true"u8) ? i + 4 : -1;
            case (byte)'f':
                return line[i..].StartsWith("false"u8) ? i + 5 : -1;
            case (byte)'n':
                return line[i..].StartsWith("null"u8) ? i + 4 : -1;
            default:
                return JsonNumberEnd(line, i);
        }
    }

    private static int SkipJsonContainer(ReadOnlySpan<byte> line, int i, int depth)
    {
        if (depth > FastJsonMaxDepth)
        {
            return -2;
        }

        byte close = line[i] == (byte)'{' ? (byte)'}' : (byte)']';
        bool isObject = close == (byte)'}';
        i = JsonSpaces(line, i + 1);
        if (i < line.Length && line[i] == close)
        {
            return i + 1;
        }

        while (true)
        {
            if (isObject)
            {
                if (i >= line.Length || line[i] != (byte)'"')
                {
                    return -1;
                }

                int keyEnd = JsonStringEnd(line, i);
                if (keyEnd == 0)
                {
                    return -1;
                }

                i = JsonSpaces(line, Math.Abs(keyEnd));
                if (i >= line.Length || line[i] != (byte)':')
                {
                    return -1;
                }

                i = JsonSpaces(line, i + 1);
            }

            i = SkipJsonValue(line, i, depth);
            if (i < 0)
            {
                return i;
            }

            i = JsonSpaces(line, i);
            if (i >= line.Length)
            {
                return -1;
            }

            if (line[i] == close)
            {
                return i + 1;
            }

            if (line[i] != (byte)',')
            {
                return -1;
            }

            i = JsonSpaces(line, i + 1);
        }
    }

    /// <summary>The index of the first byte at or after <paramref name="i"/> that is not JSON whitespace (space, tab, CR, LF).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int JsonSpaces(ReadOnlySpan<byte> line, int i)
    {
        while ((uint)i < (uint)line.Length && line[i] <= (byte)' ' && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The string whose opening quote is at <paramref name="i"/>: 0 when it is not valid JSON (no closing quote, a control
    /// character, a bad escape); otherwise the index after the closing quote, negated when the string has escapes.
    /// </summary>
    private static int JsonStringEnd(ReadOnlySpan<byte> line, int i)
    {
        int j = IndexOfJsonStop(line, i + 1);
        if ((uint)j < (uint)line.Length && line[j] == (byte)'"')
        {
            return j + 1;
        }

        while (true)
        {
            if ((uint)j >= (uint)line.Length || line[j] != (byte)'\\' || j + 1 >= line.Length)
            {
                return 0;
            }

            byte e = line[j + 1];
            if (e == (byte)'u')
            {
                if (j + 6 > line.Length || !IsJsonHex(line[j + 2]) || !IsJsonHex(line[j + 3]) || !IsJsonHex(line[j + 4]) || !IsJsonHex(line[j + 5]))
                {
                    return 0;
                }

                j += 6;
            }
            else if (e is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                j += 2;
            }
            else
            {
                return 0;
            }

            j = IndexOfJsonStop(line, j);
            if ((uint)j < (uint)line.Length && line[j] == (byte)'"')
            {
                return -(j + 1);
            }
        }
    }

    /// <summary>Lines up to this many 32-byte blocks get a quote mask (<see cref="JsonQuoteMask"/>).</summary>
    private const int QuoteMaskWords = 16;

    /// <summary>
    /// True when the line (32 to 512 bytes) has no backslash and no control character; then <paramref name="quotes"/> has a
    /// bit per quote (bit b of word w for byte 32w + b). False otherwise (the mask is then not used).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool JsonQuoteMask(ReadOnlySpan<byte> line, Span<uint> quotes)
    {
        int length = line.Length;
        if (!Vector256.IsHardwareAccelerated || length < 32 || length > QuoteMaskWords * 32)
        {
            return false;
        }

        ref byte start = ref MemoryMarshal.GetReference(line);
        uint special = 0;
        int word = 0;
        for (; (word + 1) * 32 <= length; word++)
        {
            Vector256<byte> v = Vector256.LoadUnsafe(ref start, (nuint)(word * 32));
            quotes[word] = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
            special |= (Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.LessThan(v, Vector256.Create((byte)0x20))).ExtractMostSignificantBits();
        }

        int rest = length - (word * 32);
        if (rest > 0)
        {
            // The last 32 bytes, shifted so that only the bytes after the full blocks remain.
            Vector256<byte> v = Vector256.LoadUnsafe(ref start, (nuint)(length - 32));
            quotes[word] = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits() >> (32 - rest);
            special |= (Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.LessThan(v, Vector256.Create((byte)0x20))).ExtractMostSignificantBits() >> (32 - rest);
        }

        return special == 0;
    }

    /// <summary>The index of the first quote at or after <paramref name="from"/> in the mask, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextQuote(Span<uint> quotes, int from)
    {
        int word = from >> 5;
        if ((uint)word >= (uint)quotes.Length)
        {
            return -1;
        }

        uint bits = quotes[word] & (uint.MaxValue << (from & 31));
        while (bits == 0)
        {
            if ((uint)++word >= (uint)quotes.Length)
            {
                return -1;
            }

            bits = quotes[word];
        }

        return (word << 5) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>The index of the first quote, backslash or control character at or after <paramref name="from"/>, or -1 (inline vector compares: most strings end in the first 32 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfJsonStop(ReadOnlySpan<byte> line, int from)
    {
        int length = line.Length;
        if (Vector256.IsHardwareAccelerated && length >= 32)
        {
            ref byte start = ref MemoryMarshal.GetReference(line);
            while (from < length)
            {
                // The last block overlaps the one before it; bytes before 'from' are shifted out of the mask.
                int at = Math.Min(from, length - 32);
                Vector256<byte> v = Vector256.LoadUnsafe(ref start, (nuint)at);
                Vector256<byte> hits = Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                    | Vector256.LessThan(v, Vector256.Create((byte)0x20));
                uint mask = hits.ExtractMostSignificantBits() >> (from - at);
                if (mask != 0)
                {
                    return from + BitOperations.TrailingZeroCount(mask);
                }

                from = at + 32;
            }

            return -1;
        }

        for (; from < length; from++)
        {
            byte b = line[from];
            if (b == (byte)'"' || b == (byte)'\\' || b < 0x20)
            {
                return from;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsJsonHex(byte b) => IsAsciiDigit(b) || (uint)((b | 0x20) - 'a') <= 'f' - 'a';

    /// <summary>The index after the JSON number (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?) at <paramref name="i"/>, or -1.</summary>
    private static int JsonNumberEnd(ReadOnlySpan<byte> line, int i)
    {
        if (i < line.Length && line[i] == (byte)'-')
        {
            i++;
        }

        if (i >= line.Length || !IsAsciiDigit(line[i]))
        {
            return -1;
        }

        if (line[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            i = JsonDigits(line, i);
        }

        if (i < line.Length && line[i] == (byte)'.')
        {
            i++;
            if (i >= line.Length || !IsAsciiDigit(line[i]))
            {
                return -1;
            }

            i = JsonDigits(line, i);
        }

        if (i < line.Length && (line[i] | 0x20) == 'e')
        {
            i++;
            if (i < line.Length && (line[i] == (byte)'+' || line[i] == (byte)'-'))
            {
                i++;
            }

            if (i >= line.Length || !IsAsciiDigit(line[i]))
            {
                return -1;
            }

            i = JsonDigits(line, i);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int JsonDigits(ReadOnlySpan<byte> line, int i)
    {
        while ((uint)i < (uint)line.Length && IsAsciiDigit(line[i]))
        {
            i++;
        }

        return i;
    }

    private static ReadOnlySpan<long> FractionScale => [0, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    private static readonly double[] s_structuredPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// The double of a JSON number as both <see cref="TryJsonDouble"/> (double.TryParse) and the JSON reader read it (both
    /// round correctly); false when they would differ (an overflow to infinity, more than 64 characters): the caller is unsure.
    /// </summary>
    private static bool ExactJsonDouble(ReadOnlySpan<byte> number, out double value)
    {
        if (ExactJsonDoubleFast(number, out value))
        {
            return true;
        }

        return TryJsonDouble(number, out value) && double.IsFinite(value);
    }

    /// <summary>
    /// A JSON number without an exponent whose digits fit in 53 bits: the integer converts exactly and one division by an
    /// exact power of ten rounds correctly, so this is exactly what double.Parse gives.
    /// </summary>
    private static bool ExactJsonDoubleFast(ReadOnlySpan<byte> number, out double value)
    {
        value = 0;
        int k = 0;
        bool negative = number[0] == (byte)'-';
        if (negative)
        {
            k++;
        }

        ulong mantissa = 0;
        int fractionDigits = -1;
        for (; k < number.Length; k++)
        {
            byte b = number[k];
            if (b == (byte)'.')
            {
                fractionDigits = 0;
                continue;
            }

            if (!IsAsciiDigit(b))
            {
                return false;
            }

            mantissa = (mantissa * 10) + (uint)(b - '0');
            if (mantissa > 1UL << 53)
            {
                return false;
            }

            if (fractionDigits >= 0)
            {
                fractionDigits++;
            }
        }

        if (fractionDigits > 22)
        {
            return false;
        }

        double v = mantissa;
        if (fractionDigits > 0)
        {
            v /= s_structuredPowersOfTen[fractionDigits];
        }

        value = negative ? -v : v;
        return true;
    }

    /// <summary>Mirrors <see cref="FlatJsonLevel"/> for a string value of at most 32 bytes without escapes or control characters.</summary>
    private static LogLevel FastJsonStringLevel(ReadOnlySpan<byte> line, int start, int length, bool syslog)
    {
        if (syslog || (length == 1 && IsAsciiDigit(line[start])))
        {
            return StructuredSyslogNumber(line.Slice(start, length));
        }

        int end = start + length;
        while (start < end && line[start] == (byte)' ')
        {
            start++;
        }

        while (end > start && line[end - 1] == (byte)' ')
        {
            end--;
        }

        if (end - start == 2 && (line[start] | 0x20) == 'd' && (uint)(line[start + 1] - '1') <= 4)
        {
            return LogLevel.Debug; // MongoDB's D1 to D5
        }

        if (end - start == 6 && StructuredFoldAt(line, start, 5) == 0x6775626564UL && (uint)(line[start + 5] - '1') <= 4)
        {
            return LogLevel.Debug; // PostgreSQL's DEBUG1 to DEBUG5
        }

        if (end - start == 4 && StructuredFoldAt(line, start, 4) == 0x70747468UL)
        {
            return LogLevel.Debug; // winston's http
        }

        if (end - start == 5 && StructuredFoldAt(line, start, 5) == 0x796C6C6973UL)
        {
            return LogLevel.Trace; // winston's silly
        }

        return StructuredLevelWordAt(line, start, end - start);
    }

    /// <summary>
    /// <c>int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out n) ? LevelNames.FromSyslog(n) : Unknown</c>
    /// for text whose only whitespace is the space.
    /// </summary>
    private static LogLevel StructuredSyslogNumber(ReadOnlySpan<byte> text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && text[start] == (byte)' ')
        {
            start++;
        }

        while (end > start && text[end - 1] == (byte)' ')
        {
            end--;
        }

        bool negative = false;
        if (start < end && (text[start] == (byte)'-' || text[start] == (byte)'+'))
        {
            negative = text[start] == (byte)'-';
            start++;
        }

        if (start >= end)
        {
            return LogLevel.Unknown;
        }

        // Any value above 7 (or an overflow) is Unknown; only the magnitude up to 8 matters.
        int n = 0;
        for (int k = start; k < end; k++)
        {
            if (!IsAsciiDigit(text[k]))
            {
                return LogLevel.Unknown;
            }

            n = Math.Min(8, (n * 10) + (text[k] - '0'));
        }

        return negative && n != 0 ? LogLevel.Unknown : LevelNames.FromSyslog(n);
    }

    /// <summary>Exactly <c>LevelNames.Parse(word, allowSingleLetter: true)</c> for ASCII bytes.</summary>
    private static LogLevel StructuredLevelWord(ReadOnlySpan<byte> word) => StructuredLevelWordAt(word, 0, word.Length);

    /// <summary><see cref="StructuredLevelWord"/> of line[start..(start + length)], folded with one read where the line allows.</summary>
    private static LogLevel StructuredLevelWordAt(ReadOnlySpan<byte> line, int start, int length)
    {
        ReadOnlySpan<byte> word = line.Slice(start, length);
        switch (length)
        {
            case 1:
                return (word[0] | 0x20) switch
                {
                    't' or 'v' => LogLevel.Trace,
                    'd' => LogLevel.Debug,
                    'i' => LogLevel.Info,
                    'n' => LogLevel.Notice,
                    'w' => LogLevel.Warning,
                    'e' => LogLevel.Error,
                    'c' => LogLevel.Critical,
                    'f' => LogLevel.Fatal,
                    _ => LogLevel.Unknown,
                };
            case 9:
                return StructuredFold(word[..8]) == 0x636E656772656D65UL && (word[8] | 0x20) == 'y' ? LogLevel.Fatal : LogLevel.Unknown; // emergency
            case 11:
                return StructuredFold(word[..8]) == 0x74616D726F666E69UL && StructuredFold(word[8..]) == 0x6E6F69UL ? LogLevel.Info : LogLevel.Unknown; // information
            case > 8 or 0:
                return LogLevel.Unknown;
            default:
                break;
        }

        // Folding with 0x20 maps a byte to a lower-case letter only when it is that letter in either case.
        return StructuredFoldAt(line, start, length) switch
        {
            0x6563617274UL or 0x637274UL or 0x65736F62726576UL or 0x627276UL or 0x7473656E6966UL or 0x72656E6966UL or 0x6C6C61UL => LogLevel.Trace, // trace trc verbose vrb finest finer all
            0x6775626564UL or 0x676264UL or 0x75626564UL or 0x656E6966UL => LogLevel.Debug, // debug dbg debu fine
            0x6F666E69UL or 0x666E69UL or 0x736F666E69UL or 0x6769666E6F63UL or 0x676F6CUL => LogLevel.Info, // info inf infos config log
            0x656369746F6EUL or 0x65746F6EUL or 0x746F6EUL => LogLevel.Notice, // notice note not
            0x6E726177UL or 0x676E696E726177UL or 0x6E7277UL or 0x736E726177UL => LogLevel.Warning, // warn warning wrn warns
            0x726F727265UL or 0x727265UL or 0x6F727265UL or 0x73726F727265UL or 0x6C696166UL or 0x657265766573UL or 0x726F7265UL => LogLevel.Error, // error err erro errors fail severe eror
            0x6C61636974697263UL or 0x74697263UL or 0x747263UL or 0x7472656C61UL or 0x6974697263UL or 0x6572756C696166UL or 0x63696E617064UL => LogLevel.Critical, // critical crit crt alert criti failure dpanic
            0x6C61746166UL or 0x6C7466UL or 0x6772656D65UL or 0x63696E6170UL or 0x61746166UL => LogLevel.Fatal, // fatal ftl emerg panic fata
            _ => LogLevel.Unknown,
        };
    }

    /// <summary><see cref="StructuredFold"/> of line[start..(start + length)] (length at most 8), with one read when the line has 8 bytes there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong StructuredFoldAt(ReadOnlySpan<byte> line, int start, int length)
    {
        if ((uint)start + 8 <= (uint)line.Length)
        {
            ulong v = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(line[start..]) | 0x2020202020202020UL;
            return length >= 8 ? v : v & ((1UL << (length * 8)) - 1);
        }

        return StructuredFold(line.Slice(start, length));
    }

    /// <summary>Up to 8 bytes, each or-ed with 0x20, little-endian in a ulong (the first byte lowest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong StructuredFold(ReadOnlySpan<byte> word)
    {
        ulong v = 0;
        for (int k = word.Length - 1; k >= 0; k--)
        {
            v = (v << 8) | (uint)(word[k] | 0x20);
        }

        return v;
    }

    /// <summary>Exactly <see cref="ClassifyJsonBytes"/>; the short names (nearly every key) by their folded bytes.</summary>
    private static JsonField FastJsonField(ReadOnlySpan<byte> line, int start, int length, out bool syslog)
    {
        syslog = false;
        if (length > 8)
        {
            if (length == 9 && start + 9 <= line.Length && StructuredFoldAt(line, start, 8) == 0x6D617473656D6974UL && (line[start + 8] | 0x20) == 'p')
            {
                return JsonField.Timestamp; // timestamp
            }

            return ClassifyJsonBytes(line.Slice(start, length), out syslog);
        }

        if (length is 2 or 3 && line[start] == (byte)'@')
        {
            return ClassifyJsonBytes(line.Slice(start, length), out syslog);
        }

        switch (StructuredFoldAt(line, start, length))
        {
            case 0x73UL: // s
                return JsonField.Level;
            case 0x74UL: // t
            case 0x7374UL: // ts
            case 0x656D6974UL: // time
            case 0x65746164UL: // date
            case 0x656D697465746164UL: // datetime
            case 0x656D6974637361UL: // asctime
            case 0x6374757472617473UL: // startutc
                return JsonField.Timestamp;
            case 0x6C766CUL: // lvl
            case 0x6C6576656CUL: // level
            case 0x7974697265766573UL: // severity
            case 0x6C6576656C676F6CUL: // loglevel
                return JsonField.Level;
            case 0x6E6F6973726576UL: // version
                return JsonField.Version;
            case 0x74736575716572UL: // request
                return JsonField.Request;
            case 0x737574617473UL: // status
                return JsonField.Status;
            case 0x67736DUL: // msg
            case 0x74786574UL: // text
            case 0x79646F62UL: // body
            case 0x6567617373656DUL: // message
                return JsonField.Message;
            case 0x676F6CUL: // log
                return JsonField.Log;
            case 0x797469726F697270UL: // priority
                syslog = true;
                return JsonField.Priority;
            default:
                return JsonField.Other;
        }
    }

    /// <summary>
    /// <c>TimestampParser.TryParseValue</c> on the value's characters: ISO 8601 read from the bytes, all-digit epochs
    /// converted exactly, anything else widened to characters (<paramref name="unsure"/> when longer than 64 bytes).
    /// </summary>
    private bool StructuredTimestamp(ReadOnlySpan<byte> value, ref RawTimestamp stamp, ref bool unsure)
    {
        // Starting with a digit and ending with a non-space byte, the value is its own Trim(). The stamp is written in
        // place (and only when there is one): copying it between frames costs more than reading it.
        if (value.Length >= 19 && IsAsciiDigit(value[0]) && value[^1] > (byte)' ' && TimestampParser.TryParse(value, ref _structuredStamps, out RawTimestamp read, out _))
        {
            stamp = read;
            return true;
        }

        RawTimestamp found;

        if (value.Length is >= 9 and <= 19 && value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            // Not a TryParse shape (no '-', '/' or letter): an integer, as TimestampParser.TryEpoch reads its text.
            ulong n = 0;
            foreach (byte b in value)
            {
                n = (n * 10) + (uint)(b - '0');
            }

            if (n <= long.MaxValue)
            {
                if (!TimestampParser.TryEpoch((long)n, out found))
                {
                    return false;
                }

                stamp = found;
                return true;
            }
        }

        if (value.Length > 64)
        {
            unsure = true;
            return false;
        }

        Span<char> chars = stackalloc char[64];
        System.Text.Ascii.ToUtf16(value, chars, out int written);
        if (!TimestampParser.TryParseValue(chars[..written], out found))
        {
            return false;
        }

        stamp = found;
        return true;
    }

    /// <summary>Mirrors <see cref="TryLogfmt"/> (a line starting with a letter, after the text steps rejected it).</summary>
    private FastOutcome FastLogfmt(ReadOnlySpan<byte> line, ref LogLine parsed)
    {
        if (line.Length > LogfmtMaxLength)
        {
            return FastOutcome.Unsure;
        }

        // Bit masks of the spaces, '=', quotes and backslashes, built once: every search below is a bit scan.
        int words = (line.Length + 31) >> 5;
        Span<uint> masks = stackalloc uint[4 * words];
        Span<uint> spaces = masks[..words];
        Span<uint> equals = masks.Slice(words, words);
        Span<uint> quotes = masks.Slice(2 * words, words);
        Span<uint> backslashes = masks.Slice(3 * words, words);
        LogfmtMasks(line, spaces, equals, quotes, backslashes);
        int eq = NextSet(equals, equals, 0);
        if (eq <= 0 || eq > 32)
        {
            return FastOutcome.Rejected;
        }

        for (int k = 0; k < eq; k++)
        {
            if (line[k] is (byte)' ' or (byte)'"' or (byte)':')
            {
                return FastOutcome.Rejected;
            }
        }

        bool any = false;
        bool unsure = false;
        LogLevel level = LogLevel.Unknown;
        bool hasStamp = false;
        bool levelKey = false;
        bool seenAt = false;
        LogLevel atLevel = LogLevel.Unknown;
        int pos = 0;
        while (pos < line.Length)
        {
            while (pos < line.Length && line[pos] == (byte)' ')
            {
                pos++;
            }

            int keyEnd = NextSet(equals, spaces, pos);
            keyEnd = keyEnd < 0 ? line.Length : keyEnd;
            if (keyEnd >= line.Length || line[keyEnd] != (byte)'=')
            {
                if (keyEnd == pos)
                {
                    break;
                }

                pos = keyEnd;
                continue;
            }

            int keyStart = pos;
            int valueFrom;
            ReadOnlySpan<byte> value;
            bool escaped = false;
            int valueStart = keyEnd + 1;
            if (valueStart < line.Length && line[valueStart] == (byte)'"')
            {
                // Mirrors ReadLogfmtValue: up to the next quote not escaped by a backslash, or the line's end.
                int i = valueStart + 1;
                while (true)
                {
                    i = NextSet(quotes, backslashes, i);
                    if (i < 0)
                    {
                        i = line.Length;
                        break;
                    }

                    if (line[i] == (byte)'"')
                    {
                        break;
                    }

                    escaped = true;
                    if (i + 1 >= line.Length)
                    {
                        i = line.Length;
                        break;
                    }

                    i += 2;
                }

                valueFrom = valueStart + 1;
                value = line[valueFrom..i];
                pos = Math.Min(line.Length, i + 1);
            }
            else
            {
                int space = NextSet(spaces, spaces, valueStart);
                pos = space < 0 ? line.Length : space;
                valueFrom = Math.Min(valueStart, line.Length);
                value = line[valueFrom..pos];
            }

            switch (FastLogfmtKey(line, keyStart, keyEnd - keyStart))
            {
                case JsonField.Level:
                    any = true;
                    levelKey = true;
                    if (escaped)
                    {
                        unsure = true;
                    }
                    else
                    {
                        level = StructuredLevelWordAt(line, valueFrom, value.Length);
                    }

                    break;
                case JsonField.Message:
                    any = true;
                    break;
                case JsonField.Timestamp:
                    if (escaped)
                    {
                        unsure = true;
                    }
                    else if (StructuredTimestamp(value, ref parsed.Timestamp, ref unsure))
                    {
                        hasStamp = true;
                    }

                    break;
                case JsonField.Other when !seenAt && keyEnd - keyStart == 2 && (line[keyStart] | 0x20) == 'a' && (line[keyStart + 1] | 0x20) == 't':
                    // Heroku's "at=error" (TryLogfmt: a level word, not a single letter, counts without a level key).
                    seenAt = true;
                    if (escaped)
                    {
                        unsure = true;
                    }
                    else if (value.Length > 1)
                    {
                        atLevel = StructuredLevelWordAt(line, valueFrom, value.Length);
                    }

                    break;
                default:
                    break;
            }
        }

        if (!levelKey && atLevel != LogLevel.Unknown)
        {
            level = atLevel;
            any = true;
        }

        if (!any)
        {
            // As TryLogfmt: the line is left as it was (a timestamp may have been written above).
            parsed = default;
            return FastOutcome.Rejected;
        }

        if (unsure || level >= _messageFrom)
        {
            return FastOutcome.Unsure;
        }

        parsed.Format = LogFormat.Logfmt;
        parsed.Level = level;
        parsed.HasTimestamp = hasStamp;
        return FastOutcome.Accepted;
    }

    /// <summary>Longer logfmt lines are left to the character parser (their masks would not fit the stack frame).</summary>
    private const int LogfmtMaxLength = 8192;

    /// <summary>One bit per byte (bit b of word w for byte 32w + b) for the four bytes logfmt is split on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LogfmtMasks(ReadOnlySpan<byte> line, Span<uint> spaces, Span<uint> equals, Span<uint> quotes, Span<uint> backslashes)
    {
        int length = line.Length;
        int word = 0;
        if (Vector256.IsHardwareAccelerated && length >= 32)
        {
            ref byte start = ref MemoryMarshal.GetReference(line);
            for (; (word + 1) * 32 <= length; word++)
            {
                Vector256<byte> v = Vector256.LoadUnsafe(ref start, (nuint)(word * 32));
                spaces[word] = Vector256.Equals(v, Vector256.Create((byte)' ')).ExtractMostSignificantBits();
                equals[word] = Vector256.Equals(v, Vector256.Create((byte)'=')).ExtractMostSignificantBits();
                quotes[word] = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
                backslashes[word] = Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits();
            }

            int rest = length - (word * 32);
            if (rest > 0)
            {
                // The last 32 bytes, shifted so that only the bytes after the full blocks remain.
                Vector256<byte> v = Vector256.LoadUnsafe(ref start, (nuint)(length - 32));
                int shift = 32 - rest;
                spaces[word] = Vector256.Equals(v, Vector256.Create((byte)' ')).ExtractMostSignificantBits() >> shift;
                equals[word] = Vector256.Equals(v, Vector256.Create((byte)'=')).ExtractMostSignificantBits() >> shift;
                quotes[word] = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits() >> shift;
                backslashes[word] = Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits() >> shift;
            }

            return;
        }

        for (int k = 0; k < length; k++)
        {
            uint bit = 1u << (k & 31);
            switch (line[k])
            {
                case (byte)' ':
                    spaces[k >> 5] |= bit;
                    break;
                case (byte)'=':
                    equals[k >> 5] |= bit;
                    break;
                case (byte)'"':
                    quotes[k >> 5] |= bit;
                    break;
                case (byte)'\\':
                    backslashes[k >> 5] |= bit;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The index of the first bit set in <paramref name="a"/> or <paramref name="b"/> at or after <paramref name="from"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextSet(Span<uint> a, Span<uint> b, int from)
    {
        int word = from >> 5;
        if ((uint)word >= (uint)a.Length || (uint)word >= (uint)b.Length)
        {
            return -1;
        }

        uint bits = (a[word] | b[word]) & (uint.MaxValue << (from & 31));
        while (bits == 0)
        {
            if ((uint)++word >= (uint)a.Length || (uint)word >= (uint)b.Length)
            {
                return -1;
            }

            bits = a[word] | b[word];
        }

        return (word << 5) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>The logfmt keys TryLogfmt knows (any case): level, lvl, severity, loglevel; msg, message; time, ts, t, timestamp.</summary>
    private static JsonField FastLogfmtKey(ReadOnlySpan<byte> line, int start, int length)
    {
        if (length > 8)
        {
            return length == 9 && StructuredFoldAt(line, start, 8) == 0x6D617473656D6974UL && (line[start + 8] | 0x20) == 'p' ? JsonField.Timestamp : JsonField.Other; // timestamp
        }

        return StructuredFoldAt(line, start, length) switch
        {
            0x6C6576656CUL or 0x6C766CUL or 0x7974697265766573UL or 0x6C6576656C676F6CUL => JsonField.Level, // level lvl severity loglevel
            0x67736DUL or 0x6567617373656DUL => JsonField.Message, // msg message
            0x656D6974UL or 0x7374UL or 0x74UL => JsonField.Timestamp, // time ts t
            _ => JsonField.Other,
        };
    }

    /// <summary>Test hook: <see cref="StructuredLevelWord"/> and its specification, <c>LevelNames.Parse(word, allowSingleLetter: true)</c>.</summary>
    internal static (LogLevel Fast, LogLevel Characters) LevelWordForTests(string word) =>
        (StructuredLevelWord(System.Text.Encoding.ASCII.GetBytes(word)) is var alone && StructuredLevelWordAt(System.Text.Encoding.ASCII.GetBytes($"level={word} msg=padding"), 6, word.Length) == alone ? alone : (LogLevel)(-1),
            LevelNames.Parse(word, allowSingleLetter: true));

    /// <summary>Test hook: <see cref="FastJsonField"/> and its specification, <see cref="ClassifyJsonBytes"/>.</summary>
    internal static (string Fast, string Characters) JsonFieldForTests(string key)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(key);
        JsonField fast = FastJsonField(bytes, 0, bytes.Length, out bool fastSyslog);
        byte[] inLine = System.Text.Encoding.ASCII.GetBytes("{\"" + key + "\":1}");
        JsonField fastInLine = FastJsonField(inLine, 2, bytes.Length, out bool fastInLineSyslog);
        JsonField characters = ClassifyJsonBytes(bytes, out bool syslog);
        return ($"{fast} {fastSyslog} / {fastInLine} {fastInLineSyslog}", $"{characters} {syslog} / {characters} {syslog}");
    }

    /// <summary>Test hook: <see cref="StructuredTimestamp"/> (Unsure as null) and its specification, <c>TimestampParser.TryParseValue</c>.</summary>
    internal (RawTimestamp? Fast, RawTimestamp? Characters) TimestampForTests(string value)
    {
        bool unsure = false;
        RawTimestamp fastStamp = default;
        bool fast = StructuredTimestamp(System.Text.Encoding.ASCII.GetBytes(value), ref fastStamp, ref unsure);
        bool characters = TimestampParser.TryParseValue(value, out RawTimestamp stamp);
        return (unsure ? null : fast ? fastStamp : default(RawTimestamp), characters ? stamp : default(RawTimestamp));
    }

    /// <summary>Test hook: <see cref="FastJson"/> on its own.</summary>
    internal FastOutcome FastJsonForTests(ReadOnlySpan<byte> line, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        _messageFrom = messageFrom;
        return FastJson(line, ref parsed);
    }

    /// <summary>Test hook: <see cref="TryJson"/> on its own (the specification of <see cref="FastJson"/>).</summary>
    internal bool TryJsonForTests(ReadOnlySpan<byte> utf8, string line, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        _messageFrom = messageFrom;
        return TryJson(utf8, line, ref parsed);
    }

    /// <summary>Test hook: <see cref="FastLogfmt"/> on its own.</summary>
    internal FastOutcome FastLogfmtForTests(ReadOnlySpan<byte> line, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        _messageFrom = messageFrom;
        return FastLogfmt(line, ref parsed);
    }

    /// <summary>Test hook: <see cref="TryLogfmt"/> on its own (the specification of <see cref="FastLogfmt"/>).</summary>
    internal bool TryLogfmtForTests(string line, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        _messageFrom = messageFrom;
        return TryLogfmt(line, ref parsed);
    }
}
