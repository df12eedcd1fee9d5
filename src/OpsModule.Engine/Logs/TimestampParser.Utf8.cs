using System;
using System.Buffers.Binary;
using System.Globalization;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The same timestamp shapes read from UTF-8 bytes (the parser's fast path), without transcoding. On ASCII text every
/// method here gives exactly what its character twin gives (LineParserFastPathTests compares them); on other bytes it
/// may refuse a stamp the character version takes (a non-ASCII day name, or a month written with a look-alike such as
/// U+017F that upper-cases to ASCII), but never reads one differently. Left to tiered compilation (see LineParser.FastText.cs).
/// </summary>
internal static partial class TimestampParser
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>Days before each month (index 1-12 ends the month) in common and leap years.</summary>
    private static ReadOnlySpan<short> DaysToMonth365 => [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

    private static ReadOnlySpan<short> DaysToMonth366 => [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

    /// <summary>Reads a timestamp at the start of <paramref name="s"/> like <see cref="TryParse(ReadOnlySpan{char}, out RawTimestamp, out int)"/>; <paramref name="consumed"/> counts bytes.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> s, out RawTimestamp stamp, out int consumed)
    {
        Utf8StampCache cache = default;
        return TryParse(s, ref cache, out stamp, out consumed);
    }

    /// <summary>
    /// Reads a timestamp at the start of <paramref name="s"/>; <paramref name="cache"/> keeps the last ISO or syslog stamp's
    /// date, hour and minute, so that lines of the same minute read only their seconds (the result is the same either way).
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> s, ref Utf8StampCache cache, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 8)
        {
            return false;
        }

        byte first = s[0];
        if (IsDigit(first))
        {
            return TryIso(s, ref cache, out stamp, out consumed) || TryCommonLog(s, out stamp, out consumed) || TryOtherNumeric(s, out stamp, out consumed);
        }

        if ((uint)((first | 0x20) - 'a') <= 'z' - 'a')
        {
            return TrySyslog(s, ref cache, out stamp, out consumed) || TryApache(s, out stamp, out consumed) || TryJul(s, out stamp, out consumed);
        }

        return false;
    }

    /// <summary>
    /// <see cref="TryOtherNumeric(ReadOnlySpan{char}, out RawTimestamp, out int)"/> on the bytes: these shapes are rare enough
    /// to read through characters. Their first 40 bytes are widened (a non-ASCII byte as U+FFFD and the end there, which
    /// those shapes never accept where the character version would see a different non-ASCII character).
    /// </summary>
    private static bool TryOtherNumeric(ReadOnlySpan<byte> s, out RawTimestamp stamp, out int consumed) =>
        OnWidenedHead(s, TryOtherNumeric, out stamp, out consumed);

    /// <summary><see cref="TryJul(ReadOnlySpan{char}, out RawTimestamp, out int)"/> on the first 40 bytes, widened (as <see cref="TryOtherNumeric(ReadOnlySpan{byte}, out RawTimestamp, out int)"/>).</summary>
    private static bool TryJul(ReadOnlySpan<byte> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        return s.Length >= 22 && s[3] == (byte)' ' && (s[5] == (byte)',' || s[6] == (byte)',') && OnWidenedHead(s, TryJul, out stamp, out consumed);
    }

    private delegate bool CharStamp(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed);

    /// <summary>
    /// <paramref name="read"/> on the first 40 bytes as characters: a non-ASCII byte becomes U+FFFD and the end there, which
    /// the shapes read this way never accept where the character version would see a different non-ASCII character. A stamp
    /// that ends less than 11 characters before the 40th byte of a longer line (a long fraction; Airflow's zone, up to
    /// <c> UTC+05:30</c> and the character after it, may follow) is read again on the whole line, as the cut could end it
    /// where the character version reads on.
    /// </summary>
    private static bool OnWidenedHead(ReadOnlySpan<byte> s, CharStamp read, out RawTimestamp stamp, out int consumed)
    {
        const int Head = 40;
        const int ZoneReach = 11;
        ReadOnlySpan<byte> head = s[..Math.Min(s.Length, Head)];
        int ascii = head.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        Span<char> chars = stackalloc char[Head + 1];
        int length = ascii < 0 ? head.Length : ascii;
        System.Text.Ascii.ToUtf16(head[..length], chars, out _);
        if (ascii >= 0)
        {
            chars[length++] = '\uFFFD';
        }

        bool found = read(chars[..length], out stamp, out consumed);
        if (!found || ascii >= 0 || consumed + ZoneReach <= Head || s.Length <= Head)
        {
            return found;
        }

        int whole = s.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        length = whole < 0 ? s.Length : whole;
        char[] line = new char[length + 1];
        System.Text.Ascii.ToUtf16(s[..length], line, out _);
        if (whole >= 0)
        {
            line[length++] = '\uFFFD';
        }

        return read(line.AsSpan(0, length), out stamp, out consumed);
    }

    /// <summary>A whole value that is a timestamp, like <see cref="TryParseValue(ReadOnlySpan{char}, out RawTimestamp)"/>.</summary>
    internal static bool TryParseValue(ReadOnlySpan<byte> text, out RawTimestamp stamp)
    {
        ReadOnlySpan<byte> s = text[System.Text.Ascii.Trim(text)];
        if (TryParse(s, out stamp, out _))
        {
            return true;
        }

        // double.TryParse over UTF-8 reads ASCII exactly as over characters; anything else goes through characters.
        if (!System.Text.Ascii.IsValid(s))
        {
            return false;
        }

        return TryEpoch(s, out stamp);
    }

    /// <summary>A number that is an epoch time, like <see cref="TryEpoch(ReadOnlySpan{char}, out RawTimestamp)"/> (ASCII only).</summary>
    internal static bool TryEpoch(ReadOnlySpan<byte> number, out RawTimestamp stamp)
    {
        // The ASCII bytes as characters, read by the one epoch reader (a number longer than 64 characters is no time).
        Span<char> chars = stackalloc char[64];
        if (number.Length > chars.Length || System.Text.Ascii.ToUtf16(number, chars, out int written) != System.Buffers.OperationStatus.Done)
        {
            stamp = default;
            return false;
        }

        return TryEpoch(chars[..written], out stamp);
    }

    private static bool TryIso(ReadOnlySpan<byte> s, ref Utf8StampCache cache, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 19)
        {
            return false;
        }

        // yyyy-MM-dd or yyyy/MM/dd, then 'T', ' ' or '_', then HH:mm (the part the cache keeps), then :ss
        long minuteTicks;
        ulong head = BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong tail = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
        if (cache.Shape == Utf8StampCache.Iso && head == cache.Head && tail == cache.Tail)
        {
            minuteTicks = cache.MinuteTicks;
        }
        else
        {
            byte dateSeparator = s[4];
            byte timeSeparator = s[10];
            if ((dateSeparator != (byte)'-' && dateSeparator != (byte)'/') || s[7] != dateSeparator
                || (timeSeparator != (byte)'T' && timeSeparator != (byte)' ' && timeSeparator != (byte)'_') || s[13] != (byte)':')
            {
                return false;
            }

            int year = Digits4(s, 0);
            int month = Digits2(s, 5);
            int day = Digits2(s, 8);
            int hour = Digits2(s, 11);
            int minute = Digits2(s, 14);
            if ((year | month | day | hour | minute) < 0 || !TryTicks(year, month, day, hour, minute, 0, out minuteTicks))
            {
                return false;
            }

            cache = new Utf8StampCache { Shape = Utf8StampCache.Iso, Head = head, Tail = tail, MinuteTicks = minuteTicks };
        }

        int second = s[16] == (byte)':' ? Digits2(s, 17) : -1;
        if (second < 0 || second > 60)
        {
            return false;
        }

        int i = 19;
        long fractionTicks = 0;
        if (i + 1 < s.Length && (s[i] == (byte)'.' || s[i] == (byte)',') && IsDigit(s[i + 1]))
        {
            i++;
            fractionTicks = ReadFractionDigits(s, ref i);
        }

        TimeSpan? offset = null;
        if (i < s.Length && (s[i] | 0x20) == (byte)'z')
        {
            offset = TimeSpan.Zero;
            i++;
        }
        else if (i < s.Length)
        {
            int j = s[i] == (byte)' ' ? i + 1 : i;
            if (j < s.Length && (s[j] == (byte)'+' || s[j] == (byte)'-') && TryOffset(s, j, out TimeSpan parsed, out int end))
            {
                offset = parsed;
                i = end;
            }
            else if (j > i && IsUtcName(s[j..]))
            {
                offset = TimeSpan.Zero;
                i = j + 3;
            }
        }

        stamp = new RawTimestamp(new DateTime(minuteTicks + (Math.Min(second, 59) * TimeSpan.TicksPerSecond) + fractionTicks), offset, false);
        consumed = i;
        return true;
    }


    /// <summary>Like the character version: <c>UTC</c> or <c>GMT</c>, not followed by a letter or digit.</summary>
    private static bool IsUtcName(ReadOnlySpan<byte> s) =>
        (s.StartsWith("UTC"u8) || s.StartsWith("GMT"u8)) && (s.Length == 3 || !char.IsAsciiLetterOrDigit((char)s[3]));

    private static bool TryOffset(ReadOnlySpan<byte> s, int i, out TimeSpan offset, out int end)
    {
        offset = default;
        end = i;
        if (i + 5 > s.Length || (s[i] != (byte)'+' && s[i] != (byte)'-'))
        {
            return false;
        }

        int hours = Digits2(s, i + 1);
        if (hours < 0)
        {
            return false;
        }

        int j = i + 3;
        if (j < s.Length && s[j] == (byte)':')
        {
            j++;
        }

        int minutes = j + 2 <= s.Length ? Digits2(s, j) : -1;
        if (minutes < 0 || !OffsetInRange(hours, minutes))
        {
            return false;
        }

        end = j + 2;
        if (end < s.Length && IsDigit(s[end]))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[i] == (byte)'-')
        {
            offset = -offset;
        }

        return true;
    }

    // Nov 27 01:02:03 / Nov  7 01:02:03 (syslog, no year)
    private static bool TrySyslog(ReadOnlySpan<byte> s, ref Utf8StampCache cache, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 15)
        {
            return false;
        }

        // Mmm d[d] HH:mm (the part the cache keeps: 11 or 12 bytes), then :ss
        int i;
        long minuteTicks;
        ulong head = BinaryPrimitives.ReadUInt64LittleEndian(s);
        uint tail = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
        if (cache.Shape == Utf8StampCache.Syslog && head == cache.Head && (tail & cache.TailMask) == cache.Tail)
        {
            i = cache.DayEnd;
            minuteTicks = cache.MinuteTicks;
        }
        else
        {
            if (s[3] != (byte)' ' || !TryMonth(s, out int month))
            {
                return false;
            }

            i = 4;
            if (s[i] == (byte)' ')
            {
                i++;
            }

            if (!IsDigit(s[i]))
            {
                return false;
            }

            int day = s[i] - '0';
            i++;
            if (IsDigit(s[i]))
            {
                day = (day * 10) + (s[i] - '0');
                i++;
            }

            if (i + 9 > s.Length || s[i] != (byte)' ' || s[i + 3] != (byte)':')
            {
                return false;
            }

            int hour = Digits2(s, i + 1);
            int minute = Digits2(s, i + 4);
            if ((hour | minute) < 0 || !TryTicks(2000, month, day, hour, minute, 0, out minuteTicks))
            {
                return false;
            }

            // Year-less: a leap day is checked against a leap year; the caller supplies the real year. The cache keeps
            // stamps whose minute ends within 12 bytes (not the rare "Nov  27").
            if (i <= 6)
            {
                uint mask = uint.MaxValue >> (8 * (6 - i));
                cache = new Utf8StampCache { Shape = Utf8StampCache.Syslog, Head = head, Tail = tail & mask, TailMask = mask, DayEnd = i, MinuteTicks = minuteTicks };
            }
        }

        int second = i + 9 <= s.Length && s[i + 6] == (byte)':' ? Digits2(s, i + 7) : -1;
        if (second < 0 || second > 60)
        {
            return false;
        }

        i += 9;
        long fractionTicks = 0;
        if (i + 1 < s.Length && (s[i] == (byte)'.' || s[i] == (byte)',') && IsDigit(s[i + 1]))
        {
            i++;
            fractionTicks = ReadFractionDigits(s, ref i);
        }

        stamp = new RawTimestamp(new DateTime(minuteTicks + (Math.Min(second, 59) * TimeSpan.TicksPerSecond) + fractionTicks), null, true);
        consumed = i;
        return true;
    }

    /// <summary>The fields of a syslog stamp (checked as far as the character version checks them before building the date).</summary>
    private static bool TrySyslogParts(ReadOnlySpan<byte> s, out int month, out int day, out int hour, out int minute, out int second, out long fractionTicks, out int consumed)
    {
        day = hour = minute = second = 0;
        fractionTicks = 0;
        consumed = 0;
        if (s.Length < 15 || s[3] != (byte)' ' || !TryMonth(s, out month))
        {
            month = 0;
            return false;
        }

        int i = 4;
        if (s[i] == (byte)' ')
        {
            i++;
        }

        if (!IsDigit(s[i]))
        {
            return false;
        }

        day = s[i] - '0';
        i++;
        if (IsDigit(s[i]))
        {
            day = (day * 10) + (s[i] - '0');
            i++;
        }

        if (i + 9 > s.Length || s[i] != (byte)' ' || s[i + 3] != (byte)':' || s[i + 6] != (byte)':')
        {
            return false;
        }

        hour = Digits2(s, i + 1);
        minute = Digits2(s, i + 4);
        second = Digits2(s, i + 7);
        if ((hour | minute | second) < 0)
        {
            return false;
        }

        i += 9;
        if (i + 1 < s.Length && (s[i] == (byte)'.' || s[i] == (byte)',') && IsDigit(s[i + 1]))
        {
            i++;
            fractionTicks = ReadFractionDigits(s, ref i);
        }

        consumed = i;
        return true;
    }

    // Fri Nov 27 01:02:03.123456 2026 (Apache error log, ctime)
    private static bool TryApache(ReadOnlySpan<byte> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;

        // The character version builds the year-2000 date first (so 29 Feb passes there, then meets the real year).
        if (s.Length < 24 || s[3] != (byte)' '
            || !TrySyslogParts(s[4..], out int month, out int day, out int hour, out int minute, out int second, out long fractionTicks, out int used)
            || !TryTicks(2000, month, day, hour, minute, second, out _))
        {
            return false;
        }

        int i = 4 + used;
        if (i + 5 > s.Length || s[i] != (byte)' ')
        {
            return false;
        }

        int year = Digits4(s, i + 1);
        if (year < 0 || !TryTicks(year, month, day, hour, minute, second, out long ticks))
        {
            return false;
        }

        stamp = new RawTimestamp(new DateTime(ticks + fractionTicks), null, false);
        consumed = i + 5;
        return true;
    }

    // 27/Nov/2026:01:02:03 +0000 (common log format)
    private static bool TryCommonLog(ReadOnlySpan<byte> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 20 || s[2] != (byte)'/' || s[6] != (byte)'/' || s[11] != (byte)':' || s[14] != (byte)':' || s[17] != (byte)':' || !TryMonth(s[3..], out int month))
        {
            return false;
        }

        int day = Digits2(s, 0);
        int year = Digits4(s, 7);
        int hour = Digits2(s, 12);
        int minute = Digits2(s, 15);
        int second = Digits2(s, 18);
        if ((day | year | hour | minute | second) < 0)
        {
            return false;
        }

        int i = 20;
        TimeSpan? offset = null;
        if (i < s.Length && s[i] == (byte)' ' && TryOffset(s, i + 1, out TimeSpan parsed, out int end))
        {
            offset = parsed;
            i = end;
        }

        if (!TryTicks(year, month, day, hour, minute, second, out long ticks))
        {
            return false;
        }

        stamp = new RawTimestamp(new DateTime(ticks), offset, false);
        consumed = i;
        return true;
    }

    /// <summary>
    /// The fraction's digits from <paramref name="i"/> (at least one), as ticks: the character version's sum of digit times
    /// a tenth of the previous scale, so digits past the seventh count for nothing.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static long ReadFractionDigits(ReadOnlySpan<byte> s, ref int i)
    {
        int start = i;
        long value = 0;
        while (i < s.Length && i - start < 7 && IsDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }

        int count = i - start;
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
        }

        return value * FractionScale[count];
    }

    /// <summary>Ticks per unit of the last of n fraction digits (n = 0 to 7).</summary>
    private static ReadOnlySpan<int> FractionScale => [10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>The month of the three letters at the start of <paramref name="s"/> (any ASCII case).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool TryMonth(ReadOnlySpan<byte> s, out int month)
    {
        // Folded with 0x20: exact for letters, and a non-letter never folds onto the letters compared here.
        uint key = (uint)(s[0] | (s[1] << 8) | (s[2] << 16)) | 0x202020u;
        month = key switch
        {
            0x6E616Au => 1, // jan
            0x626566u => 2, // feb
            0x72616Du => 3, // mar
            0x727061u => 4, // apr
            0x79616Du => 5, // may
            0x6E756Au => 6, // jun
            0x6C756Au => 7, // jul
            0x677561u => 8, // aug
            0x706573u => 9, // sep
            0x74636Fu => 10, // oct
            0x766F6Eu => 11, // nov
            0x636564u => 12, // dec
            _ => 0,
        };
        return month != 0;
    }

    /// <summary>
    /// The ticks of a date and time, checked as <see cref="TryBuild"/> checks them (a leap second reads as :59), without
    /// DateTime's own arithmetic.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool TryTicks(int year, int month, int day, int hour, int minute, int second, out long ticks)
    {
        ticks = 0;
        if (year < 1 || year > 9999 || (uint)(month - 1) > 11 || day < 1 || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        bool leap = (year & 3) == 0 && ((year % 100) != 0 || (year % 400) == 0);
        ReadOnlySpan<short> toMonth = leap ? DaysToMonth366 : DaysToMonth365;
        int before = toMonth[month - 1];
        if (day > toMonth[month] - before)
        {
            return false;
        }

        int y = year - 1;
        long days = (y * 365L) + (y / 4) - (y / 100) + (y / 400) + before + day - 1;
        ticks = (days * TicksPerDay) + ((((hour * 60L) + minute) * 60L) + Math.Min(second, 59)) * TimeSpan.TicksPerSecond;
        return true;
    }

    /// <summary>Two ASCII digits at <paramref name="at"/> (the caller checked the length), or -1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Digits2(ReadOnlySpan<byte> s, int at)
    {
        uint a = (uint)(s[at] - '0');
        uint b = (uint)(s[at + 1] - '0');
        return a <= 9 && b <= 9 ? (int)((a * 10) + b) : -1;
    }

    /// <summary>Four ASCII digits at <paramref name="at"/> (the caller checked the length), or -1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Digits4(ReadOnlySpan<byte> s, int at)
    {
        int high = Digits2(s, at);
        int low = Digits2(s, at + 2);
        return (high | low) < 0 ? -1 : (high * 100) + low;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}

/// <summary>
/// The date, hour and minute of the last ISO 8601 or syslog stamp <see cref="TimestampParser"/> read from bytes, keyed by
/// their exact bytes: a stamp starting with the same bytes has the same date and minute (each reader keeps its own).
/// </summary>
internal struct Utf8StampCache
{
    internal const byte Iso = 1;
    internal const byte Syslog = 2;

    /// <summary>0 (empty), <see cref="Iso"/> (bytes 0-15: <c>yyyy-MM-dd HH:mm</c>) or <see cref="Syslog"/> (bytes 0 to <see cref="DayEnd"/> + 5: <c>Mmm dd HH:mm</c>).</summary>
    internal byte Shape;

    /// <summary>Bytes 0-7 of the stamp.</summary>
    internal ulong Head;

    /// <summary>Bytes 8-15 (ISO), or bytes 8 to the minute's end under <see cref="TailMask"/> (syslog).</summary>
    internal ulong Tail;

    internal uint TailMask;

    /// <summary>Syslog: the index of the space before the hour.</summary>
    internal int DayEnd;

    /// <summary>The ticks of the date, hour and minute (year 2000 for syslog).</summary>
    internal long MinuteTicks;
}
