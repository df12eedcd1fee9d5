using System;
using System.Globalization;

namespace OpsModule.Engine.Logs;

/// <summary>A timestamp as written in a log: the wall-clock value, its offset when the text has one, and whether the year (or the whole date) was missing.</summary>
internal readonly record struct RawTimestamp(DateTime Value, TimeSpan? Offset, bool YearMissing, bool DateMissing = false);

/// <summary>
/// Reads the timestamp shapes logs use, without allocating: ISO 8601 / RFC 3339 (<c>2026-11-27T01:02:03.123Z</c>,
/// <c>2026-11-27 01:02:03,123 +0100</c>, <c>2026/11/27 01:02:03</c>), syslog's year-less <c>Nov 27 01:02:03</c>,
/// Apache's <c>Fri Nov 27 01:02:03.123456 2026</c>, the common log format's <c>27/Nov/2026:01:02:03 +0000</c>,
/// and Unix epoch seconds or milliseconds; see <see cref="TryOtherNumeric"/> for the numeric shapes of particular tools.
/// </summary>
internal static partial class TimestampParser
{
    private static readonly string[] s_months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>Reads a timestamp at the start of <paramref name="s"/>; <paramref name="consumed"/> is its length.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParse(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 8)
        {
            return false;
        }

        if (IsDigit(s[0]))
        {
            return TryIso(s, out stamp, out consumed) || TryCommonLog(s, out stamp, out consumed) || TryOtherNumeric(s, out stamp, out consumed);
        }

        if (char.IsLetter(s[0]))
        {
            return TrySyslog(s, out stamp, out consumed) || TryApache(s, out stamp, out consumed) || TryJul(s, out stamp, out consumed);
        }

        return false;
    }

    /// <summary>A whole string that is a timestamp (JSON fields): the shapes above, or epoch seconds/milliseconds/microseconds/nanoseconds.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParseValue(ReadOnlySpan<char> text, out RawTimestamp stamp)
    {
        ReadOnlySpan<char> s = text.Trim();
        if (TryParse(s, out stamp, out _))
        {
            return true;
        }

        return TryEpoch(s, out stamp);
    }

    /// <summary>
    /// A number that is an epoch time: an integer through <see cref="TryEpoch(long, out RawTimestamp)"/> (nanoseconds exact to
    /// the tick), any other number through <see cref="TryEpoch(double, out RawTimestamp)"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryEpoch(ReadOnlySpan<char> number, out RawTimestamp stamp)
    {
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return TryEpoch(integer, out stamp);
        }

        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return TryEpoch(value, out stamp);
        }

        stamp = default;
        return false;
    }

    /// <summary>
    /// An integer epoch time: nanoseconds (above 10^17, the 19 digits Go's zap, Vector and OpenTelemetry write) to the 100 ns
    /// tick, which a double cannot hold; smaller numbers as <see cref="TryEpoch(double, out RawTimestamp)"/> reads them (a long
    /// converts to the double that parsing its digits gives).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryEpoch(long number, out RawTimestamp stamp)
    {
        if (number <= EpochNanosecondsFrom)
        {
            return TryEpoch((double)number, out stamp);
        }

        // Any long of nanoseconds is before 2262, well inside DateTime's range.
        stamp = new RawTimestamp(DateTime.UnixEpoch.AddTicks(number / (1_000_000_000 / TimeSpan.TicksPerSecond)), TimeSpan.Zero, false);
        return true;
    }

    /// <summary>Epoch numbers above this are nanoseconds (10^17 ns is 1973; 10^17 us would be after 5000).</summary>
    private const long EpochNanosecondsFrom = 100_000_000_000_000_000;

    /// <summary>Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryEpoch(double number, out RawTimestamp stamp)
    {
        stamp = default;
        double seconds = number switch
        {
            > EpochNanosecondsFrom => number / 1e9,
            > 1e14 => number / 1e6,
            > 1e11 => number / 1e3,
            > 1e8 => number,
            _ => double.NaN,
        };
        if (double.IsNaN(seconds) || seconds > 253402300799)
        {
            return false;
        }

        stamp = new RawTimestamp(DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)), TimeSpan.Zero, false);
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryIso(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;

        // yyyy-MM-dd or yyyy/MM/dd
        if (s.Length < 19 || !Digits(s, 0, 4, out int year) || (s[4] != '-' && s[4] != '/') || !Digits(s, 5, 2, out int month) || s[7] != s[4] || !Digits(s, 8, 2, out int day))
        {
            return false;
        }

        if ((s[10] != 'T' && s[10] != ' ' && s[10] != '_') || !Digits(s, 11, 2, out int hour) || s[13] != ':' || !Digits(s, 14, 2, out int minute) || s[16] != ':' || !Digits(s, 17, 2, out int second))
        {
            return false;
        }

        int i = 19;
        long fractionTicks = 0;
        if (i < s.Length && (s[i] == '.' || s[i] == ',') && i + 1 < s.Length && IsDigit(s[i + 1]))
        {
            i++;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && IsDigit(s[i]))
            {
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
                i++;
            }
        }

        TimeSpan? offset = null;
        if (i < s.Length && (s[i] == 'Z' || s[i] == 'z'))
        {
            offset = TimeSpan.Zero;
            i++;
        }
        else
        {
            int j = i < s.Length && s[i] == ' ' ? i + 1 : i;
            if (TryOffset(s, j, out TimeSpan parsed, out int end))
            {
                offset = parsed;
                i = end;
            }
            else if (j > i && IsUtcName(s[j..]))
            {
                // PostgreSQL's default log_line_prefix (%m) in a UTC log_timezone: "2026-11-27 10:00:00.123 UTC".
                offset = TimeSpan.Zero;
                i = j + 3;
            }
        }

        if (!TryBuild(year, month, day, hour, minute, second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value.AddTicks(fractionTicks), offset, false);
        consumed = i;
        return true;
    }

    /// <summary>
    /// The numeric shapes other than ISO 8601, tried after it:
    /// <c>M/d/yyyy H:mm:ss</c> (.NET's invariant culture, as <c>"$(Get-Date)"</c> writes it, and en-US with AM/PM; read
    /// as <c>d/M/yyyy</c> when the first number cannot be a month) and <c>d.M.yyyy H:mm:ss</c> (German and other cultures), <c>yy/MM/dd HH:mm:ss</c> (Spark's and Hadoop's log4j
    /// default), <c>yyMMdd HHmmss</c> (HDFS), <c>yyyyMMdd-HH:mm:ss</c> (also <c>H:m:s</c> unpadded) and <c>yyyyMMddTHHmmss</c> (compact, with a
    /// fraction after '.', ',' or ':'; the '-' and ' ' forms only with a fraction or a zone), Unix epoch seconds with
    /// milliseconds followed by a space (<c>1286536308.779 ...</c>, squid's native access log) between 2000 and 2100,
    /// a time of day with a fraction alone (<c>10:00:00.123 </c>, log4j2's default console pattern;
    /// <see cref="RawTimestamp.DateMissing"/>), and <c>yyyy-MM-dd, HH:mm:ss</c> with an optional fraction and UTC or GMT (Apache
    /// Airflow's task log). The shapes that could be ordinary text need those extra parts.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryOtherNumeric(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        int year;
        int month;
        int day;
        int hour;
        int minute;
        int second;
        int i;
        if (TryCultureDate(s, out stamp, out consumed))
        {
            return true;
        }

        if (s.Length >= 20 && s[4] == '-' && s[7] == '-' && s[10] == ',' && s[11] == ' ' && Digits(s, 0, 4, out year) && Digits(s, 5, 2, out month)
            && Digits(s, 8, 2, out day) && Time(s, 12, out hour, out minute, out second))
        {
            // yyyy-MM-dd, HH:mm:ss[.fff][ UTC] (Apache Airflow's task log: "[2026-11-27, 10:00:15 UTC] {taskinstance.py:1234} ERROR - ...").
            i = 20;
            long fraction = ReadFraction(s, ref i);
            if (!Build(year, month, day, hour, minute, second, fraction, i, out stamp, out consumed))
            {
                return false;
            }

            if (i + 1 < s.Length && s[i] == ' ' && AirflowZone(s[(i + 1)..], out TimeSpan zone) is int length and > 0)
            {
                stamp = stamp with { Offset = zone };
                consumed = i + 1 + length;
            }

            return true;
        }

        if (s.Length >= 20 && s[2] == '-' && s[6] == '-' && s[11] == ' ' && Digits(s, 0, 2, out day) && TryMonth(s.Slice(3, 3), out month)
            && Digits(s, 7, 4, out year) && Time(s, 12, out hour, out minute, out second))
        {
            // dd-MMM-yyyy HH:mm:ss[.fff] (Tomcat's OneLineFormatter)
            i = 20;
            long fraction = ReadFraction(s, ref i);
            return Build(year, month, day, hour, minute, second, fraction, i, out stamp, out consumed);
        }

        if (s.Length >= 17 && s[2] == '/' && s[5] == '/' && s[8] == ' ' && Digits(s, 0, 2, out year) && Digits(s, 3, 2, out month) && Digits(s, 6, 2, out day)
            && Time(s, 9, out hour, out minute, out second))
        {
            // yy/MM/dd HH:mm:ss
            i = 17;
            long fraction = ReadFraction(s, ref i);
            return Build(2000 + year, month, day, hour, minute, second, fraction, i, out stamp, out consumed);
        }

        if (s.Length >= 15 && s[6] == ' ' && Digits(s, 0, 2, out year) && Digits(s, 2, 2, out month) && Digits(s, 4, 2, out day)
            && Digits(s, 7, 2, out hour) && Digits(s, 9, 2, out minute) && Digits(s, 11, 2, out second) && s[13] == ' ' && IsDigit(s[14]))
        {
            // yyMMdd HHmmss, then HDFS's thread number ("241201 120000 items in queue" is text)
            return Build(2000 + year, month, day, hour, minute, second, 0, 13, out stamp, out consumed);
        }

        if (s.Length >= 15 && Digits(s, 0, 4, out year) && Digits(s, 4, 2, out month) && Digits(s, 6, 2, out day) && s[8] is '-' or 'T' or ' ')
        {
            // yyyyMMdd-HH:mm:ss[:fff] or yyyyMMddTHHmmss
            if (s.Length >= 17 && Time(s, 9, out hour, out minute, out second))
            {
                i = 17;
            }
            else if (Digits(s, 9, 2, out hour) && Digits(s, 11, 2, out minute) && Digits(s, 13, 2, out second) && (s.Length == 15 || !IsDigit(s[15])))
            {
                i = 15;
            }
            else if (s[8] == '-' && LooseTime(s, 9, out hour, out minute, out second, out i))
            {
                // H:m:s without zero padding (HealthApp's 20171223-22:16:0:119); the fraction or zone is still required below.
            }
            else
            {
                return false;
            }

            int afterTime = i;
            long fraction = 0;
            if (i + 1 < s.Length && s[i] == ':' && IsDigit(s[i + 1]))
            {
                int j = i + 1;
                while (j < s.Length && IsDigit(s[j]))
                {
                    j++;
                }

                // ":606" is a fraction only with one to seven digits. One to three digits after a colon count milliseconds, as
                // HealthApp writes them without zero padding (":96" is 96 ms, before ":104"), like its H:m:s.
                if (j - i - 1 <= 3)
                {
                    int milliseconds = 0;
                    for (int k = i + 1; k < j; k++)
                    {
                        milliseconds = (milliseconds * 10) + (s[k] - '0');
                    }

                    fraction = milliseconds * TimeSpan.TicksPerMillisecond;
                    i = j;
                }
                else if (j - i - 1 <= 7)
                {
                    long scale = TimeSpan.TicksPerSecond;
                    for (int k = i + 1; k < j; k++)
                    {
                        scale /= 10;
                        fraction += (s[k] - '0') * scale;
                    }

                    i = j;
                }
            }
            else
            {
                fraction = ReadFraction(s, ref i);
            }

            TimeSpan? offset = null;
            if (i < s.Length && (s[i] == 'Z' || s[i] == 'z'))
            {
                offset = TimeSpan.Zero;
                i++;
            }
            else if (TryOffset(s, i, out TimeSpan written, out int offsetEnd))
            {
                offset = written;
                i = offsetEnd;
            }

            // "20261127-10:00:00 was the build id" is text: the '-' and ' ' forms need a fraction (HealthApp's ":606") or a zone.
            if (s[8] != 'T' && i == afterTime && offset is null)
            {
                return false;
            }

            if (!Build(year, month, day, hour, minute, second, fraction, i, out stamp, out consumed))
            {
                return false;
            }

            stamp = stamp with { Offset = offset };
            return true;
        }

        // HH:mm:ss.fff alone (log4j2's default console pattern), then a space: the date is the file's. Without the
        // fraction "12:30:45 elapsed before timeout" would be a stamp.
        if (s.Length >= 10 && s[2] == ':' && Time(s, 0, out hour, out minute, out second) && hour < 24 && minute < 60 && second < 60)
        {
            i = 8;
            long fraction = ReadFraction(s, ref i);
            if (i == 8 || i >= s.Length || s[i] != ' ')
            {
                return false;
            }

            stamp = new RawTimestamp(new DateTime(2000, 1, 1, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction), null, false, DateMissing: true);
            consumed = i;
            return true;
        }

        // zap's console encoder with its default epoch time: 1.7320968001234567e+09, then a tab or space.
        if (s.Length >= 12 && IsDigit(s[0]) && s[0] != '0' && s[1] == '.')
        {
            int e = 2;
            while (e < s.Length && e < 20 && IsDigit(s[e]))
            {
                e++;
            }

            if (e > 2 && e + 4 < s.Length && s.Slice(e, 4).SequenceEqual("e+09") && s[e + 4] is (' ' or '\t')
                && double.TryParse(s[..(e + 4)], NumberStyles.Float, CultureInfo.InvariantCulture, out double epoch)
                && epoch >= 946684800 && epoch < 4102444800)
            {
                stamp = new RawTimestamp(DateTime.UnixEpoch.AddTicks((long)Math.Round(epoch * 1e6) * 10), TimeSpan.Zero, false);
                consumed = e + 4;
                return true;
            }
        }

        // Epoch seconds (ten digits) with milliseconds, then a space or tab (squid's 1286536308.779); "1700000000 rows" is text.
        if (s.Length >= 15 && Digits(s, 0, 9, out int high) && IsDigit(s[9]) && s[10] == '.')
        {
            long seconds = (high * 10L) + (s[9] - '0');
            i = 10;
            long fraction = ReadFraction(s, ref i);
            if (i != 14 || seconds < 946684800 || seconds >= 4102444800 || i >= s.Length || s[i] is not (' ' or '\t'))
            {
                return false;
            }

            stamp = new RawTimestamp(DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + fraction), TimeSpan.Zero, false);
            consumed = i;
            return true;
        }

        return false;

        static bool TryCultureDate(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
        {
            // M/d/yyyy (.NET's invariant and en-US dates), d/M/yyyy when the first number cannot be a month, d.M.yyyy;
            // then H:mm:ss with an optional fraction and AM/PM.
            stamp = default;
            consumed = 0;
            int i = 0;
            if (!Number(s, ref i, 2, out int first) || i >= s.Length || (s[i] != '/' && s[i] != '.'))
            {
                return false;
            }

            char separator = s[i++];
            if (!Number(s, ref i, 2, out int middle) || i >= s.Length || s[i] != separator)
            {
                return false;
            }

            int yearStart = ++i;
            if (!Number(s, ref i, 4, out int year) || i - yearStart != 4 || i >= s.Length || s[i] != ' ')
            {
                return false;
            }

            i++;
            if (!Number(s, ref i, 2, out int hour) || i + 6 > s.Length || s[i] != ':' || !Digits(s, i + 1, 2, out int minute) || s[i + 3] != ':' || !Digits(s, i + 4, 2, out int second))
            {
                return false;
            }

            i += 6;
            long fraction = ReadFraction(s, ref i);
            if (i + 3 <= s.Length && s[i] == ' ' && (s[i + 1] is 'A' or 'P' or 'a' or 'p') && (s[i + 2] is 'M' or 'm') && (i + 3 == s.Length || !char.IsLetterOrDigit(s[i + 3])))
            {
                if (hour is < 1 or > 12)
                {
                    return false;
                }

                hour = (hour % 12) + (s[i + 1] is 'P' or 'p' ? 12 : 0);
                i += 3;
            }

            (int month, int day) = separator == '.' || first > 12 ? (middle, first) : (first, middle);
            return Build(year, month, day, hour, minute, second, fraction, i, out stamp, out consumed);
        }

        static bool Number(ReadOnlySpan<char> s, ref int i, int maxDigits, out int value)
        {
            // One to maxDigits digits at i, not followed by another digit.
            value = 0;
            int from = i;
            while (i < s.Length && IsDigit(s[i]) && i - from < maxDigits)
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            return i > from && (i >= s.Length || !IsDigit(s[i]));
        }

        static bool LooseTime(ReadOnlySpan<char> s, int at, out int hour, out int minute, out int second, out int end)
        {
            // H:m:s, each one or two digits.
            minute = second = 0;
            end = at;
            return Number(s, ref end, 2, out hour) && end < s.Length && s[end++] == ':' && Number(s, ref end, 2, out minute) && end < s.Length && s[end++] == ':'
                && Number(s, ref end, 2, out second);
        }

        static bool Time(ReadOnlySpan<char> s, int at, out int hour, out int minute, out int second)
        {
            minute = second = 0;
            return Digits(s, at, 2, out hour) && s[at + 2] == ':' && Digits(s, at + 3, 2, out minute) && s[at + 5] == ':' && Digits(s, at + 6, 2, out second);
        }

        static bool Build(int year, int month, int day, int hour, int minute, int second, long fraction, int end, out RawTimestamp stamp, out int consumed)
        {
            stamp = default;
            consumed = 0;
            if (!TryBuild(year, month, day, hour, minute, second, out DateTime value))
            {
                return false;
            }

            stamp = new RawTimestamp(value.AddTicks(fraction), null, false);
            consumed = end;
            return true;
        }
    }

    /// <summary>
    /// Airflow's zone after its stamp: <c>UTC</c> or <c>GMT</c>, maybe with an offset (<c>+H</c>, <c>+HH</c>, <c>+HH:MM</c> or
    /// <c>+HHMM</c>, or '-'; Python's <c>%Z</c> prints <c>UTC+05:30</c> for a fixed-offset zone), or an offset alone as the ISO
    /// form takes it (<c>+0100</c>, <c>+01:00</c>, <c>-0300</c>: <see cref="TryOffset(ReadOnlySpan{char}, int, out TimeSpan, out int)"/>),
    /// then the closing bracket, a space or the end; no offset beyond 14 hours. Its length, or 0: then the word is no part of
    /// the stamp, which is read as local time like a stamp followed by another zone name.
    /// </summary>
    private static int AirflowZone(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            return TryOffset(s, 0, out offset, out int end) && (end == s.Length || s[end] is ']' or ' ') ? end : 0;
        }

        if (!s.StartsWith("UTC", StringComparison.Ordinal) && !s.StartsWith("GMT", StringComparison.Ordinal))
        {
            return 0;
        }

        int i = 3;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            bool negative = s[i] == '-';
            int start = ++i;
            while (i < s.Length && i - start < 2 && IsDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return 0;
            }

            int hours = i - start == 2 ? ((s[start] - '0') * 10) + (s[start + 1] - '0') : s[start] - '0';
            int minutes = 0;
            int colon = i < s.Length && s[i] == ':' ? i + 1 : i;
            if ((colon > i || i - start == 2) && Digits(s, colon, 2, out int parsed))
            {
                minutes = parsed;
                i = colon + 2;
            }
            else if (colon > i)
            {
                return 0;
            }

            if (!OffsetInRange(hours, minutes))
            {
                return 0;
            }

            offset = negative ? -new TimeSpan(hours, minutes, 0) : new TimeSpan(hours, minutes, 0);
        }

        return i == s.Length || s[i] is ']' or ' ' ? i : 0;
    }

    /// <summary><c>UTC</c> or <c>GMT</c> after a stamp (other zone names are ambiguous and left to -TimeZone), not followed by a letter or digit.</summary>
    private static bool IsUtcName(ReadOnlySpan<char> s) =>
        (s.StartsWith("UTC", StringComparison.Ordinal) || s.StartsWith("GMT", StringComparison.Ordinal)) && (s.Length == 3 || !char.IsAsciiLetterOrDigit(s[3]));

    /// <summary>A UTC offset's hours and minutes that a zone can have: minutes below 60, at most 14 hours (UTC+14:00, Kiribati's).</summary>
    private static bool OffsetInRange(int hours, int minutes) => minutes <= 59 && (hours * 60) + minutes <= 14 * 60;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryOffset(ReadOnlySpan<char> s, int i, out TimeSpan offset, out int end)
    {
        offset = default;
        end = i;
        if (i + 5 > s.Length || (s[i] != '+' && s[i] != '-') || !Digits(s, i + 1, 2, out int hours))
        {
            return false;
        }

        int j = i + 3;
        if (j < s.Length && s[j] == ':')
        {
            j++;
        }

        if (!Digits(s, j, 2, out int minutes) || !OffsetInRange(hours, minutes))
        {
            return false;
        }

        end = j + 2;
        if (end < s.Length && IsDigit(s[end]))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[i] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    // Nov 27 01:02:03 / Nov  7 01:02:03 (syslog, no year)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    /// <summary>Proxifier's <c>[MM.dd HH:mm:ss] </c> at the start of a line: year-less, as syslog's stamp.</summary>
    internal static bool TryProxifier(ReadOnlySpan<char> line, out RawTimestamp stamp)
    {
        stamp = default;
        if (line.Length < 18 || line[0] != '[' || line[3] != '.' || line[6] != ' ' || line[9] != ':' || line[12] != ':' || line[15] != ']' || line[16] != ' '
            || !Digits(line, 1, 2, out int month) || !Digits(line, 4, 2, out int day) || !Digits(line, 7, 2, out int hour)
            || !Digits(line, 10, 2, out int minute) || !Digits(line, 13, 2, out int second) || !TryBuild(2000, month, day, hour, minute, second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value, null, true);
        return true;
    }

    private static bool TrySyslog(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 15 || s[3] != ' ' || !TryMonth(s[..3], out int month))
        {
            return false;
        }

        int i = 4;
        if (s[i] == ' ')
        {
            i++;
        }

        if (!Digits(s, i, 1, out int day))
        {
            return false;
        }

        i++;
        if (IsDigit(s[i]))
        {
            day = (day * 10) + (s[i] - '0');
            i++;
        }

        if (i + 9 > s.Length || s[i] != ' ' || !Digits(s, i + 1, 2, out int hour) || s[i + 3] != ':' || !Digits(s, i + 4, 2, out int minute) || s[i + 6] != ':' || !Digits(s, i + 7, 2, out int second))
        {
            return false;
        }

        i += 9;
        long fractionTicks = ReadFraction(s, ref i);

        // Year-less: a leap day is checked against a leap year; the caller supplies the real year.
        if (!TryBuild(2000, month, day, hour, minute, second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value.AddTicks(fractionTicks), null, true);
        consumed = i;
        return true;
    }

    /// <summary>True where a line may start with <see cref="TryJul"/>'s stamp: <c>Nov 27, </c> or <c>Nov 7, </c>.</summary>
    internal static bool IsJulStart(ReadOnlySpan<char> s) =>
        s.Length >= 22 && s[3] == ' ' && IsDigit(s[4]) && ((s[5] == ',' && s[6] == ' ') || (IsDigit(s[5]) && s[6] == ',' && s[7] == ' '));

    /// <summary>
    /// <c>Nov 27, 2026 10:00:00 AM</c> (java.util.logging's SimpleFormatter, whose level is on the next line): month
    /// name, day, year, a 12-hour time and AM or PM.
    /// </summary>
    private static bool TryJul(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (!IsJulStart(s) || !TryMonth(s[..3], out int month))
        {
            return false;
        }

        int i = s[5] == ',' ? 5 : 6;
        int day = s[i - 1] - '0' + (i == 6 ? (s[4] - '0') * 10 : 0);
        i += 2;
        if (i + 13 > s.Length || !Digits(s, i, 4, out int year) || s[i + 4] != ' ')
        {
            return false;
        }

        i += 5;
        int hour = 0;
        int start = i;
        while (i < s.Length && i < start + 2 && IsDigit(s[i]))
        {
            hour = (hour * 10) + (s[i] - '0');
            i++;
        }

        if (i == start || i + 9 > s.Length || s[i] != ':' || !Digits(s, i + 1, 2, out int minute) || s[i + 3] != ':' || !Digits(s, i + 4, 2, out int second) || s[i + 6] != ' ')
        {
            return false;
        }

        i += 7;
        bool pm = s[i] == 'P';
        if (hour is < 1 or > 12 || i + 2 > s.Length || (s[i] != 'A' && !pm) || s[i + 1] != 'M' || (i + 2 < s.Length && s[i + 2] != ' '))
        {
            return false;
        }

        hour = (hour % 12) + (pm ? 12 : 0);
        if (!TryBuild(year, month, day, hour, minute, second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value, null, false);
        consumed = i + 2;
        return true;
    }

    /// <summary>
    /// <c>27 Nov 2026 10:00:00.123</c> (Redis, and RFC 2822 dates without the weekday): day, month name, year, time of day
    /// and an optional fraction, without a zone.
    /// </summary>
    internal static bool TryDayMonthYear(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        int i = 0;
        int day = 0;
        while (i < 2 && i < s.Length && IsDigit(s[i]))
        {
            day = (day * 10) + (s[i] - '0');
            i++;
        }

        if (i == 0 || i + 21 > s.Length || s[i] != ' ' || s[i + 4] != ' ' || !TryMonth(s.Slice(i + 1, 3), out int month) || !Digits(s, i + 5, 4, out int year) || s[i + 9] != ' ')
        {
            return false;
        }

        i += 10;
        if (!Digits(s, i, 2, out int hour) || s[i + 2] != ':' || !Digits(s, i + 3, 2, out int minute) || s[i + 5] != ':' || !Digits(s, i + 6, 2, out int second))
        {
            return false;
        }

        i += 8;
        long fractionTicks = ReadFraction(s, ref i);
        if (!TryBuild(year, month, day, hour, minute, second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value.AddTicks(fractionTicks), null, false);
        consumed = i;
        return true;
    }

    /// <summary>
    /// A time of day (<c>HH:mm:ss</c>, an optional fraction) at the start of <paramref name="time"/> on a month and day, with
    /// <paramref name="year"/> or, when it is 0, without a year (klog's <c>I1127 10:00:00.123456</c>), placed like syslog's.
    /// </summary>
    internal static bool TryMonthDayTime(int month, int day, ReadOnlySpan<char> time, out RawTimestamp stamp, out int consumed, int year = 0)
    {
        stamp = default;
        consumed = 0;
        if (time.Length < 8 || !Digits(time, 0, 2, out int hour) || time[2] != ':' || !Digits(time, 3, 2, out int minute) || time[5] != ':' || !Digits(time, 6, 2, out int second))
        {
            return false;
        }

        int i = 8;
        long fractionTicks = ReadFraction(time, ref i);
        if (!TryBuild(year > 0 ? year : 2000, month, day, hour, minute, second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value.AddTicks(fractionTicks), null, year == 0);
        consumed = i;
        return true;
    }

    // Fri Nov 27 01:02:03.123456 2026 (Apache error log, ctime)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryApache(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 24 || s[3] != ' ' || !TrySyslog(s[4..], out RawTimestamp partial, out int used))
        {
            return false;
        }

        int i = 4 + used;
        if (i + 5 > s.Length || s[i] != ' ' || !Digits(s, i + 1, 4, out int year))
        {
            return false;
        }

        DateTime v = partial.Value;
        if (!TryBuild(year, v.Month, v.Day, v.Hour, v.Minute, v.Second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value.AddTicks(v.Ticks % TimeSpan.TicksPerSecond), null, false);
        consumed = i + 5;
        return true;
    }

    // 27/Nov/2026:01:02:03 +0000 (common log format)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryCommonLog(ReadOnlySpan<char> s, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        if (s.Length < 20 || !Digits(s, 0, 2, out int day) || s[2] != '/' || !TryMonth(s.Slice(3, 3), out int month) || s[6] != '/' || !Digits(s, 7, 4, out int year)
            || s[11] != ':' || !Digits(s, 12, 2, out int hour) || s[14] != ':' || !Digits(s, 15, 2, out int minute) || s[17] != ':' || !Digits(s, 18, 2, out int second))
        {
            return false;
        }

        int i = 20;
        TimeSpan? offset = null;
        if (i < s.Length && s[i] == ' ' && TryOffset(s, i + 1, out TimeSpan parsed, out int end))
        {
            offset = parsed;
            i = end;
        }

        if (!TryBuild(year, month, day, hour, minute, second, out DateTime value))
        {
            return false;
        }

        stamp = new RawTimestamp(value, offset, false);
        consumed = i;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long ReadFraction(ReadOnlySpan<char> s, ref int i)
    {
        long ticks = 0;
        if (i + 1 < s.Length && (s[i] == '.' || s[i] == ',') && IsDigit(s[i + 1]))
        {
            i++;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && IsDigit(s[i]))
            {
                scale /= 10;
                ticks += (s[i] - '0') * scale;
                i++;
            }
        }

        return ticks;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryMonth(ReadOnlySpan<char> s, out int month)
    {
        Span<char> upper = stackalloc char[3];
        s.ToUpperInvariant(upper);
        for (int m = 0; m < 12; m++)
        {
            if (upper.SequenceEqual(s_months[m]))
            {
                month = m + 1;
                return true;
            }
        }

        month = 0;
        return false;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryBuild(int year, int month, int day, int hour, int minute, int second, out DateTime value)
    {
        value = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified);
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;
}

/// <summary>Turns written timestamps into UTC: zone-less ones in the given zone (local by default); year-less ones in the year of a reference time, rolled back across New Year.</summary>
internal sealed class TimestampResolver(TimeZoneInfo zone, DateTime referenceUtc)
{
    private readonly DateTime _referenceLocal = TimeZoneInfo.ConvertTimeFromUtc(referenceUtc, zone);
    private long _cachedHour = long.MinValue;
    private long _cachedOffsetTicks;
    private long _lastLocalUtcTicks = long.MinValue;
    private long _cachedDay = long.MinValue;
    private long _cachedDayShift;

    /// <summary>
    /// A year-less stamp in the file's year, or the year before when it would be more than a day after the file was last
    /// written (December lines in a January file). February 29 goes to the latest leap year that is not after the file.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private DateTime PlaceYear(DateTime value)
    {
        int year = _referenceLocal.Year;
        if (value.Month == 2 && value.Day == 29)
        {
            while (year > 1 && (!DateTime.IsLeapYear(year) || WithYear(value, year) > _referenceLocal.AddDays(1)))
            {
                year--;
            }

            return WithYear(value, year);
        }

        DateTime placed = WithYear(value, year);
        return placed > _referenceLocal.AddDays(1) ? WithYear(value, year - 1) : placed;
    }

    /// <summary>
    /// True for a stamp without a zone whose wall-clock time occurs twice in the zone (the hour repeated when daylight
    /// saving time ends): which of the two it is depends on the stamps before it, so a file is never cut into ranges there.
    /// </summary>
    internal bool IsAmbiguous(RawTimestamp stamp) => stamp.Offset is null && zone.IsAmbiguousTime(LocalValue(stamp));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal DateTime ToUtc(RawTimestamp stamp)
    {
        DateTime value = LocalValue(stamp);
        if (stamp.Offset is TimeSpan offset)
        {
            // Clamped: 9999-12-31T23:59:59-05:00 is after DateTime's range in UTC.
            return new DateTime(Math.Clamp(value.Ticks - offset.Ticks, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
        }

        return LocalToUtc(value);
    }

    /// <summary>The stamp's wall-clock time with its missing date or year placed.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private DateTime LocalValue(RawTimestamp stamp)
    {
        DateTime value = stamp.Value;
        if (stamp.DateMissing)
        {
            // A time of day alone: on the day the file was last written, or the day before when it would be more than an hour after that.
            value = _referenceLocal.Date.Add(value.TimeOfDay);
            if (value > _referenceLocal.AddHours(1))
            {
                value = value.AddDays(-1);
            }
        }
        else if (stamp.YearMissing)
        {
            // The year is decided once per calendar day of the stamps (a day whose stamps would not all move by the same amount is never cached).
            long day = value.Ticks / TimeSpan.TicksPerDay;
            if (day == _cachedDay)
            {
                value = new DateTime(value.Ticks + _cachedDayShift, DateTimeKind.Unspecified);
            }
            else
            {
                value = PlaceYear(stamp.Value);
                var dayStart = new DateTime(day * TimeSpan.TicksPerDay, DateTimeKind.Unspecified);
                long shift = value.Ticks - stamp.Value.Ticks;
                if (PlaceYear(dayStart).Ticks - dayStart.Ticks == shift && PlaceYear(dayStart.AddTicks(TimeSpan.TicksPerDay - 1)).Ticks - dayStart.AddTicks(TimeSpan.TicksPerDay - 1).Ticks == shift)
                {
                    _cachedDay = day;
                    _cachedDayShift = shift;
                }
            }
        }

        return value;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private DateTime LocalToUtc(DateTime value)
    {
        // The zone's offset is looked up once per wall-clock hour (logs are mostly in order); an hour in which the
        // offset changes is never cached, so every stamp converts exactly as TimeZoneInfo would convert it.
        long hour = value.Ticks / TimeSpan.TicksPerHour;
        if (hour == _cachedHour)
        {
            _lastLocalUtcTicks = value.Ticks - _cachedOffsetTicks;
            return new DateTime(_lastLocalUtcTicks, DateTimeKind.Utc);
        }

        DateTime utc = zone.IsAmbiguousTime(value) ? ResolveAmbiguous(value) : ConvertSlow(value);
        _lastLocalUtcTicks = utc.Ticks;
        if (hour >= (DateTime.MaxValue.Ticks / TimeSpan.TicksPerHour) - 1)
        {
            return utc;
        }

        var start = new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Unspecified);
        DateTime end = start.AddTicks(TimeSpan.TicksPerHour - 1);
        long offsetTicks = value.Ticks - utc.Ticks;
        if (!zone.IsInvalidTime(start) && !zone.IsInvalidTime(end) && !zone.IsAmbiguousTime(start) && !zone.IsAmbiguousTime(end)
            && start.Ticks - ConvertSlow(start).Ticks == offsetTicks && end.Ticks - ConvertSlow(end).Ticks == offsetTicks)
        {
            _cachedHour = hour;
            _cachedOffsetTicks = offsetTicks;
        }

        return utc;
    }

    /// <summary>
    /// A wall-clock time that occurs twice (the hour repeated when daylight saving time ends): the first occurrence
    /// (daylight time) unless the stamp before it already passed it by more than ten minutes, then the second (standard
    /// time). Logs run forward, so the first pass through the hour reads as daylight time and the second as standard time.
    /// </summary>
    private DateTime ResolveAmbiguous(DateTime value)
    {
        TimeSpan[] offsets = zone.GetAmbiguousTimeOffsets(value);
        long earlier = long.MaxValue;
        long later = long.MinValue;
        foreach (TimeSpan offset in offsets)
        {
            long candidate = value.Ticks - offset.Ticks;
            earlier = Math.Min(earlier, candidate);
            later = Math.Max(later, candidate);
        }

        // (The stamp before passed it when it lies between ten minutes and three hours after the first occurrence: a
        // jump further back is another part of the log, not the repeated hour.)
        long before = _lastLocalUtcTicks - earlier;
        bool passed = _lastLocalUtcTicks != long.MinValue && before > TimeSpan.TicksPerMinute * 10 && before < TimeSpan.TicksPerHour * 3;
        return new DateTime(Math.Clamp(passed ? later : earlier, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private DateTime ConvertSlow(DateTime value)
    {
        try
        {
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), zone);
        }
        catch (ArgumentException)
        {
            // A wall-clock time skipped by a daylight-saving change: read it with the standard offset.
            return new DateTime(Math.Clamp(value.Ticks - zone.BaseUtcOffset.Ticks, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static DateTime WithYear(DateTime value, int year)
    {
        int day = Math.Min(value.Day, DateTime.DaysInMonth(year, value.Month));
        return new DateTime(year, value.Month, day, value.Hour, value.Minute, value.Second, DateTimeKind.Unspecified).AddTicks(value.Ticks % TimeSpan.TicksPerSecond);
    }
}
