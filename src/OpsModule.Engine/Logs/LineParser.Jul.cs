using System;
using System.Collections.Generic;

namespace OpsModule.Engine.Logs;

/// <summary>
/// java.util.logging's two-line SimpleFormatter output on a JVM in another language: the stamp line with the locale's
/// month and AM/PM marker (<c>Nov. 27, 2026 10:00:00 PM com.example.App main</c> in German, <c>nov. 27, ...</c> in French,
/// <c>nov 27, 2026 10:00:00 P. M. ...</c> in Spanish, a no-break space inside its marker), and the level line with the locale's level name
/// (<c>SCHWERWIEGEND: ...</c>, <c>GRAVE: ...</c>), as JDK 17 writes them; also a custom stamp before the source alone
/// (<c>%1$tF %1$tT %2$s%n%4$s: %5$s%n</c>: <c>2026-11-27 10:00:00 com.example.App main</c>).
/// </summary>
internal sealed partial class LineParser
{
    // German (CLDR and JDK 8's), French, Spanish and Italian month abbreviations as %tb writes them, without their dot.
    private static readonly KeyValuePair<string, int>[] s_julMonths =
    [
        new("jan", 1), new("feb", 2), new("märz", 3), new("mär", 3), new("mrz", 3), new("apr", 4), new("mai", 5), new("juni", 6), new("jun", 6),
        new("juli", 7), new("jul", 7), new("aug", 8), new("sept", 9), new("sep", 9), new("okt", 10), new("nov", 11), new("dez", 12),
        new("janv", 1), new("févr", 2), new("mars", 3), new("avr", 4), new("juin", 6), new("juil", 7), new("août", 8), new("oct", 10), new("déc", 12),
        new("ene", 1), new("mar", 3), new("abr", 4), new("may", 5), new("ago", 8), new("dic", 12),
        new("gen", 1), new("mag", 5), new("giu", 6), new("lug", 7), new("set", 9), new("ott", 10),
    ];

    // The JDK's own translations of the level names (sun.util.logging.resources.logging_de, _fr, _es, _it), upper-cased as
    // SimpleFormatter writes them.
    private static readonly KeyValuePair<string, LogLevel>[] s_julLevels =
    [
        new("SCHWERWIEGEND", LogLevel.Error), new("WARNUNG", LogLevel.Warning), new("INFORMATION", LogLevel.Info), new("KONFIGURATION", LogLevel.Info),
        new("FEIN", LogLevel.Debug), new("FEINER", LogLevel.Trace), new("AM FEINSTEN", LogLevel.Trace),
        new("GRAVE", LogLevel.Error), new("AVERTISSEMENT", LogLevel.Warning), new("INFOS", LogLevel.Info), new("PRÉCIS", LogLevel.Debug),
        new("PLUS PRÉCIS", LogLevel.Trace), new("LE PLUS PRÉCIS", LogLevel.Trace),
        new("ADVERTENCIA", LogLevel.Warning), new("INFORMACIÓN", LogLevel.Info), new("CONFIGURAR", LogLevel.Info), new("DETALLADO", LogLevel.Debug),
        new("MUY DETALLADO", LogLevel.Trace), new("MÁS DETALLADO", LogLevel.Trace),
        new("AVVERTENZA", LogLevel.Warning), new("INFORMAZIONI", LogLevel.Info), new("CONFIGURAZIONE", LogLevel.Info), new("BUONO", LogLevel.Debug),
        new("MIGLIORE", LogLevel.Trace), new("OTTIMALE", LogLevel.Trace),
    ];

    /// <summary>A level name of JUL's second line in German, French, Spanish or Italian, else Unknown.</summary>
    private static LogLevel JulLocalizedLevel(ReadOnlySpan<char> word)
    {
        foreach (KeyValuePair<string, LogLevel> name in s_julLevels)
        {
            if (word.SequenceEqual(name.Key))
            {
                return name.Value;
            }
        }

        return LogLevel.Unknown;
    }

    /// <summary>
    /// <c>Nov. 27, 2026 10:00:00 PM</c> with a German, French, Spanish or Italian month (<c>März</c>, <c>janv.</c>, <c>ene</c>)
    /// and AM/PM marker (<c>AM</c>, Spanish <c>P. M.</c> with a no-break space, German <c>VORM.</c>/<c>NACHM.</c>): the month, day, year and a 12-hour time.
    /// </summary>
    internal static bool LocalizedJulStamp(ReadOnlySpan<char> line, out RawTimestamp stamp, out int consumed)
    {
        stamp = default;
        consumed = 0;
        int space = line[..Math.Min(line.Length, 7)].IndexOf(' ');
        if (space < 3 || line.Length < space + 20 || !char.IsDigit(line[space + 1]))
        {
            return false;
        }

        ReadOnlySpan<char> name = line[..space].TrimEnd('.');
        int month = 0;
        foreach (KeyValuePair<string, int> known in s_julMonths)
        {
            if (name.Equals(known.Key, StringComparison.OrdinalIgnoreCase))
            {
                month = known.Value;
                break;
            }
        }

        if (month == 0)
        {
            return false;
        }

        int i = space + 1;
        int day = 0;
        while (i < line.Length && i < space + 3 && char.IsAsciiDigit(line[i]))
        {
            day = (day * 10) + (line[i] - '0');
            i++;
        }

        if (!line[i..].StartsWith(", ", StringComparison.Ordinal) || i + 2 + 4 >= line.Length || !int.TryParse(line.Slice(i + 2, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int year) || line[i + 6] != ' ')
        {
            return false;
        }

        i += 7;
        int colon = line[i..Math.Min(line.Length, i + 3)].IndexOf(':');
        if (colon < 1 || i + colon + 7 > line.Length
            || !int.TryParse(line.Slice(i, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int hour)
            || !int.TryParse(line.Slice(i + colon + 1, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int minute)
            || line[i + colon + 3] != ':'
            || !int.TryParse(line.Slice(i + colon + 4, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int second)
            || i + colon + 6 >= line.Length || line[i + colon + 6] != ' ')
        {
            return false;
        }

        i += colon + 7;
        ReadOnlySpan<char> marker = line[i..];
        int length = MarkerLength(marker, out bool pm);
        if (length == 0 || (i + length < line.Length && line[i + length] != ' ') || hour is < 1 or > 12 || minute > 59 || second > 59
            || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        stamp = new RawTimestamp(new DateTime(year, month, day, (hour % 12) + (pm ? 12 : 0), minute, second, DateTimeKind.Unspecified), null, false);
        consumed = i + length;
        return true;

        static int MarkerLength(ReadOnlySpan<char> s, out bool pm)
        {
            pm = s.Length > 0 && s[0] is 'P' or 'p' or 'N' or 'n';
            foreach (string marker in (ReadOnlySpan<string>)["AM", "PM", "A.\u00A0M.", "P.\u00A0M.", "A. M.", "P. M.", "VORM.", "NACHM."])
            {
                if (s.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
                {
                    return marker.Length;
                }
            }

            return 0;
        }
    }

    /// <summary>
    /// The source java.util.logging puts after its stamp when nothing else is on the line: a class name with its package
    /// (<c>com.example.App</c>, <c>org.apache.catalina.startup.Catalina</c>, nested <c>a.B$C</c>), then maybe a method
    /// (<c>main</c>, <c>&lt;init&gt;</c>, <c>lambda$run$0</c>).
    /// </summary>
    internal static bool IsJavaSource(ReadOnlySpan<char> rest)
    {
        rest = rest.Trim();
        int space = rest.IndexOf(' ');
        ReadOnlySpan<char> type = space < 0 ? rest : rest[..space];
        ReadOnlySpan<char> method = space < 0 ? default : rest[(space + 1)..];
        int dot = type.LastIndexOf('.');
        if (dot <= 0 || dot + 1 >= type.Length || !char.IsAsciiLetterUpper(type[dot + 1]) || type.Length > 200)
        {
            return false;
        }

        foreach (char c in type)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '$'))
            {
                return false;
            }
        }

        if (type[0] == '.' || type.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        if (method.IsEmpty)
        {
            return space < 0;
        }

        if (method is "<init>" or "<clinit>")
        {
            return true;
        }

        if (!(char.IsAsciiLetter(method[0]) || method[0] is '_' or '$'))
        {
            return false;
        }

        foreach (char c in method)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What <see cref="TimestampParser.IsJulStart"/> and <see cref="LocalizedJulStamp"/> need at the start of an ASCII line:
    /// a word of three to five characters, a space, a digit and a comma one or two characters later. The fast path hands such lines over.
    /// </summary>
    internal static bool MayBeJulStart(ReadOnlySpan<byte> line)
    {
        if (line.Length < 22)
        {
            return false;
        }

        for (int k = 3; k <= 5; k++)
        {
            if (line[k] == (byte)' ' && char.IsAsciiDigit((char)line[k + 1]) && (line[k + 2] == (byte)',' || line[k + 3] == (byte)','))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The fast path's hand-over for <see cref="IsJavaSource"/> after a stamp: at most one space inside the trimmed text and a dot.
    /// </summary>
    internal static bool MayBeJavaSource(ReadOnlySpan<byte> rest)
    {
        int start = rest.IndexOfAnyExcept((byte)' ');
        if (start < 0 || rest.Length - start > 260)
        {
            return false;
        }

        ReadOnlySpan<byte> text = rest[start..].TrimEnd((byte)' ');
        int space = text.IndexOf((byte)' ');
        return text.Contains((byte)'.') && (space < 0 || text[(space + 1)..].IndexOf((byte)' ') < 0);
    }
}
