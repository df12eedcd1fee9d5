using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The first step of template mining: replaces the parts of a message that are values, not words, with
/// <c>&lt;*&gt;</c> (quoted values, UUIDs, dates and times, IPv4/IPv6 addresses with ports, hex ids, numbers with
/// their attached units: durations such as 3000ms, sizes such as 10MB), then splits the message into tokens.
/// </summary>
internal static partial class TemplateMasker
{
    internal const string Wildcard = "<*>";

    private const string PortWildcard = ":" + Wildcard;

    /// <summary>Longest message prefix that is mined; the rest of a huge message does not change its template.</summary>
    private const int MaxMessageChars = 4096;

    /// <summary>
    /// A message with its variables masked. Only its first <see cref="MaxMessageChars"/> characters are mined, cut at the
    /// last space before them so that no word is cut in two.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static string MaskMessage(string message)
    {
        if (message.Length <= MaxMessageChars)
        {
            return Mask(message);
        }

        int cut = message.AsSpan(0, MaxMessageChars + 1).LastIndexOfAny(' ', '\t');
        return Mask(message[..(cut > 0 ? cut : MaxMessageChars)]);
    }

    /// <summary>The tokens of a masked message (split at spaces and tabs).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static string[] Split(string masked)
    {
        var tokens = new List<string>(16);
        ReadOnlySpan<char> rest = masked;
        while (rest.Length > 0)
        {
            int cut = rest.IndexOfAny(' ', '\t');
            ReadOnlySpan<char> token = cut < 0 ? rest : rest[..cut];
            if (token.Length > 0)
            {
                tokens.Add(token.SequenceEqual(Wildcard) ? Wildcard
                    : token.Length > 5 && token[^1] is '>' or ',' or ';' or ')' or ']' or '.' && HostPortEnd(token) is int end and > 0 ? Wildcard + token[end..].ToString()
                    : token.ToString());
            }

            rest = cut < 0 ? [] : rest[(cut + 1)..];
        }

        CollapseNamedDates(tokens);
        FoldSizeUnits(tokens);
        FoldBoundedDurations(tokens);
        DropRestatedValues(tokens);
        return tokens.ToArray();
    }

    /// <summary>
    /// A value restated in parentheses after its unit (<c>1234 bytes (1.21 KB) sent</c>, masked <c>&lt;*&gt; bytes (&lt;*&gt;) sent</c>)
    /// is dropped: the same message without the restatement (<c>85 bytes sent</c>, below a kilobyte) is the same template.
    /// </summary>
    private static void DropRestatedValues(List<string> tokens)
    {
        for (int i = 2; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (token.StartsWith("(<*>)", StringComparison.Ordinal) && token.Length <= 6 && (token.Length == 5 || token[5] is ',' or ';')
                && tokens[i - 2].EndsWith(Wildcard, StringComparison.Ordinal) && tokens[i - 1].Length > 0 && !tokens[i - 1].AsSpan().ContainsAnyExcept(s_letters))
            {
                tokens[i - 1] += token[5..];
                tokens.RemoveAt(i);
                i--;
            }
        }
    }

    /// <summary>
    /// A bound on a value (<c>&lt;10%</c>, <c>&gt;500</c>, masked <c>&lt;&lt;*&gt;</c>) is one value, and with a unit of time after it
    /// (<c>&lt;1 sec</c>) the unit too, like the duration it stands in for (<c>lifetime 00:01</c> and <c>lifetime &lt;1 sec</c> are
    /// one template). Plain durations keep their unit (<c>after &lt;*&gt; ms</c>).
    /// </summary>
    private static void FoldBoundedDurations(List<string> tokens)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            int value = token.IndexOf(Wildcard, StringComparison.Ordinal);
            if (value is < 1 or > 2 || token.AsSpan(0, value) is not ("<" or ">" or "~" or "<=" or ">=")
                || token.AsSpan(value + Wildcard.Length).ContainsAnyExcept(s_closing))
            {
                continue;
            }

            tokens[i] = token[value..];
            if (i + 1 < tokens.Count && value + Wildcard.Length == token.Length)
            {
                string next = tokens[i + 1];
                int unit = WithoutClosing(next);
                if (IsTimeUnit(next.AsSpan(0, unit)))
                {
                    tokens[i] = Wildcard + next[unit..];
                    tokens.RemoveAt(i + 1);
                }
            }
        }
    }

    /// <summary>The length of a token without the punctuation that closes it (<c>sec).</c> is <c>sec</c>).</summary>
    private static int WithoutClosing(string token)
    {
        int end = token.Length;
        while (end > 0 && token[end - 1] is ',' or ';' or ')' or ']' or '.')
        {
            end--;
        }

        return end;
    }

    private static readonly System.Buffers.SearchValues<char> s_closing = System.Buffers.SearchValues.Create(",;)].:");

    private static bool IsTimeUnit(ReadOnlySpan<char> unit) =>
        unit is "ns" or "us" or "µs" or "ms" or "s" or "sec" or "secs" or "second" or "seconds" or "min" or "mins" or "minute" or "minutes"
            or "h" or "hr" or "hrs" or "hour" or "hours" or "d" or "day" or "days";

    /// <summary>
    /// A size unit after a value (<c>&lt;*&gt; KB,</c>, <c>(&lt;*&gt; MB)</c>) joins it: the unit changes with the magnitude
    /// (384.0 B, 17.4 KB), so it is part of the value. Units of time stay (<c>after &lt;*&gt; ms</c>).
    /// </summary>
    private static void FoldSizeUnits(List<string> tokens)
    {
        for (int i = 1; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (token.Length > 6)
            {
                continue;
            }

            int unit = WithoutClosing(token);
            if (tokens[i - 1].EndsWith(Wildcard, StringComparison.Ordinal) && IsSizeUnit(token.AsSpan(0, unit)))
            {
                tokens[i - 1] = unit == token.Length ? tokens[i - 1] : tokens[i - 1] + token[unit..];
                tokens.RemoveAt(i);
                i--;
            }
        }
    }

    private static bool IsSizeUnit(ReadOnlySpan<char> unit) =>
        unit is "B" or "KB" or "MB" or "GB" or "TB" or "PB" or "KiB" or "MiB" or "GiB" or "TiB" or "kB" or "K" or "M" or "G";

    /// <summary>
    /// A date with a month name, after masking (<c>Fri Jul 22 01:12:13 2005</c> became <c>Fri Jul &lt;*&gt; &lt;*&gt; &lt;*&gt;</c>,
    /// syslog's <c>Jul 22 01:12:13</c> <c>Jul &lt;*&gt; &lt;*&gt;</c>), becomes one <c>&lt;*&gt;</c>: its day and month names are values too.
    /// </summary>
    private static void CollapseNamedDates(List<string> tokens)
    {
        for (int i = 0; i + 2 < tokens.Count; i++)
        {
            if (!IsMonthName(tokens[i]) || !ReferenceEquals(tokens[i + 1], Wildcard) || !ReferenceEquals(tokens[i + 2], Wildcard))
            {
                continue;
            }

            // "Fri Jul 22 09:42:14 [CEST] [2005]" (asctime, date(1)), "Fri, 22 Jul 2005 10:00:00 GMT" (RFC 1123).
            int start = i > 0 && IsDayName(tokens[i - 1]) ? i - 1
                : i > 1 && ReferenceEquals(tokens[i - 1], Wildcard) && IsDayName(tokens[i - 2].TrimEnd(',')) ? i - 2
                : i;
            int end = i + 3;
            if (end < tokens.Count && IsZoneName(tokens[end]))
            {
                end++;
            }

            if (end < tokens.Count && ReferenceEquals(tokens[end], Wildcard))
            {
                end++;
            }

            tokens.RemoveRange(start, end - start);
            tokens.Insert(start, Wildcard);
            i = start;
        }
    }

    private static bool IsMonthName(ReadOnlySpan<char> token) =>
        token is "Jan" or "Feb" or "Mar" or "Apr" or "May" or "Jun" or "Jul" or "Aug" or "Sep" or "Oct" or "Nov" or "Dec";

    /// <summary>A common time zone abbreviation after a time (date(1) writes one: <c>Fri Jul 22 09:42:14 CEST 2005</c>).</summary>
    private static bool IsZoneName(string token) =>
        token is "UTC" or "GMT" or "Z" or "CET" or "CEST" or "EET" or "EEST" or "WET" or "WEST" or "BST" or "IST" or "MSK" or "PST" or "PDT"
            or "MST" or "MDT" or "CST" or "CDT" or "EST" or "EDT" or "AKST" or "AKDT" or "HST" or "JST" or "KST" or "AEST" or "AEDT" or "ACST"
            or "AWST" or "NZST" or "NZDT";

    private static bool IsDayName(string token) =>
        token is "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun";

    /// <summary>
    /// The length of a host name with its (masked) port at the start of a token, such as <c>api.github.com:&lt;*&gt;</c> or
    /// <c>localhost:&lt;*&gt;</c> (an endpoint: the host is as much a variable as the port), else 0. A name with one dot
    /// whose last part is a source or configuration file's extension (<c>Pool.java:&lt;*&gt;</c>, <c>config.yaml:&lt;*&gt;</c>)
    /// is a place in a file, not a host.
    /// </summary>
    private static int HostPortEnd(ReadOnlySpan<char> token)
    {
        int colon = token.IndexOf(PortWildcard, StringComparison.Ordinal);
        if (colon <= 0)
        {
            return 0;
        }

        int end = colon + PortWildcard.Length;
        if (end < token.Length && !(end + 1 == token.Length && token[end] is ',' or ';' or ')' or ']' or '.'))
        {
            return 0;
        }

        ReadOnlySpan<char> host = token[..colon];
        if (host.SequenceEqual("localhost"))
        {
            return end;
        }

        if (host.Contains(Wildcard, StringComparison.Ordinal))
        {
            // A masked number inside the name (4-edge-chat.facebook.com was <*>-edge-chat.facebook.com): read it as a digit.
            host = host.ToString().Replace(Wildcard, "0", StringComparison.Ordinal);
        }

        int dots = 0;
        int labelStart = 0;
        for (int i = 0; i <= host.Length; i++)
        {
            if (i == host.Length || host[i] == '.')
            {
                if (i == labelStart || host[labelStart] == '-' || host[i - 1] == '-')
                {
                    return 0;
                }

                dots += i < host.Length ? 1 : 0;
                labelStart = i + 1;
            }
            else if (!char.IsAsciiLetterOrDigit(host[i]) && host[i] != '-')
            {
                return 0;
            }
        }

        ReadOnlySpan<char> last = host[(host.LastIndexOf('.') + 1)..];
        return dots >= 2 || (dots == 1 && char.IsAsciiLetter(last[0]) && !last.ContainsAnyExcept(s_letters) && !IsSourceExtension(last)) ? end : 0;
    }

    private static readonly System.Buffers.SearchValues<char> s_letters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static bool IsSourceExtension(ReadOnlySpan<char> extension) =>
        extension is "java" or "py" or "go" or "js" or "ts" or "rb" or "cs" or "c" or "h" or "cc" or "cpp" or "hpp" or "kt" or "scala" or "php" or "pl"
            or "rs" or "swift" or "m" or "lua" or "ex" or "exs" or "erl" or "clj" or "groovy" or "vb" or "fs" or "sh" or "ps" or "jsx" or "tsx" or "dart"
            or "yaml" or "yml" or "json" or "conf" or "cfg" or "config" or "ini" or "toml" or "xml" or "tf" or "log" or "txt" or "properties" or "sql"
            or "html" or "htm" or "css" or "md" or "env" or "lock" or "csv" or "ps1" or "psm1" or "psd1" or "bat" or "cmd" or "jinja" or "j2" or "tpl";

    /// <summary>
    /// Replaces every variable with <see cref="Wildcard"/>. A hand-written matcher of exactly the shapes (and the
    /// leftmost-first, backtracking semantics) of <see cref="Variables"/>, which stays as its specification (a test
    /// compares the two); about ten times faster than the regular expression, and fast from the first call.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static string Mask(string text)
    {
        ReadOnlySpan<char> s = text;
        System.Text.StringBuilder? output = null;
        int copied = 0;
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];

            // Digits, quotes, signs and ':' may start a variable anywhere; hex letters only at the start of a word
            // (every shape that begins with a letter needs a non-word character before it).
            bool candidate = c < 128
                ? s_kinds[c] == 1 || (s_kinds[c] == 2 && (i == 0 || !IsWord(s[i - 1])))
                : char.IsDigit(c);
            if (c == '"' && HttpRequestTarget(s, i, out int target, out int targetEnd))
            {
                // "GET /v2/servers/detail HTTP/1.1": the method stays, the target and version are one value.
                output ??= new System.Text.StringBuilder(text.Length);
                output.Append(s[copied..target]).Append(Wildcard);
                copied = i = targetEnd;
                continue;
            }

            if (candidate)
            {
                int end = MatchAt(s, i);
                if (end > i)
                {
                    output ??= new System.Text.StringBuilder(text.Length);
                    output.Append(s[copied..i]).Append(Wildcard);
                    copied = i = end;
                    continue;
                }
            }

            i++;
        }

        if (output is null)
        {
            return text;
        }

        return output.Append(s[copied..]).ToString();
    }

    /// <summary>Per ASCII character: 1 may start a variable, 2 may start one at the start of a word (hex letters), 0 never.</summary>
    private static readonly byte[] s_kinds = Kinds();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static byte[] Kinds()
    {
        byte[] kinds = new byte[128];
        foreach (char c in "\"'0123456789:+-")
        {
            kinds[c] = 1;
        }

        foreach (char c in "abcdefABCDEF")
        {
            kinds[c] = 2;
        }

        return kinds;
    }

    /// <summary>The end of the variable starting at <paramref name="i"/> (the first alternative of the pattern that matches there), or -1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int MatchAt(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        char prev = i > 0 ? s[i - 1] : '\n';
        int end;
        if (c == '"')
        {
            return DoubleQuoted(s, i, prev);
        }

        if (c == '\'')
        {
            return SingleQuoted(s, i, prev);
        }

        if (IsHex(c) && (end = Uuid(s, i, prev)) > 0)
        {
            return end;
        }

        bool digit = char.IsDigit(c);
        if (digit && (end = Date(s, i, prev)) > 0)
        {
            return end;
        }

        if (digit && (end = CommonLogStamp(s, i, prev)) > 0)
        {
            return end;
        }

        if (digit && (end = Time(s, i, prev)) > 0)
        {
            return end;
        }

        if (digit && (end = IPv4(s, i, prev)) > 0)
        {
            return end;
        }

        if ((IsHex(c) || c == ':') && (end = IPv6(s, i, prev)) > 0)
        {
            return end;
        }

        if (c == '0' && (end = HexNumber(s, i, prev)) > 0)
        {
            return end;
        }

        if (IsHex(c) && (end = HexId(s, i, prev)) > 0)
        {
            return end;
        }

        return digit || c == '-' || c == '+' ? Number(s, i, prev) : -1;
    }

    // (?<![\w"])"(?:[^"\\]|\\[\s\S])*"(?![\w"])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int DoubleQuoted(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && (IsWord(prev) || prev == '"'))
        {
            return -1;
        }

        // A backslash escapes the next character (Go's %q, JSON, logfmt): "failed to \"StartContainer\"" is one value.
        int close = i + 1;
        while (close < s.Length && s[close] != '"')
        {
            close += s[close] == '\\' ? 2 : 1;
        }

        if (close >= s.Length)
        {
            return -1;
        }

        int end = close + 1;
        return end < s.Length && (IsWord(s[end]) || s[end] == '"') ? -1 : end;
    }

    // (?<=(?<![\w"])"(?:GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS)\x20)[^"\s]+(?:\x20HTTP/\d(?:\.\d)?)?(?=")
    // (the quoted-value alternative refuses exactly these quotes, so the target is the next match)
    private static bool HttpRequestTarget(ReadOnlySpan<char> s, int i, out int target, out int end)
    {
        target = end = -1;
        if (i > 0 && (IsWord(s[i - 1]) || s[i - 1] == '"'))
        {
            return false;
        }

        ReadOnlySpan<char> rest = s[(i + 1)..];
        int method = rest.StartsWith("GET ") || rest.StartsWith("PUT ") ? 4
            : rest.StartsWith("POST ") || rest.StartsWith("HEAD ") ? 5
            : rest.StartsWith("PATCH ") ? 6
            : rest.StartsWith("DELETE ") ? 7
            : rest.StartsWith("OPTIONS ") ? 8
            : 0;
        if (method == 0)
        {
            return false;
        }

        int from = i + 1 + method;
        int stop = from;
        while (stop < s.Length && s[stop] != '"' && !IsSpace(s[stop]))
        {
            stop++;
        }

        if (stop == from || stop >= s.Length)
        {
            return false;
        }

        if (s[stop] != '"')
        {
            // The optional " HTTP/1.1" (the target cannot end earlier: its characters are neither quotes nor spaces).
            ReadOnlySpan<char> version = s[stop..];
            int length = version.StartsWith(" HTTP/") && version.Length > 7 && char.IsDigit(version[6])
                ? (version.Length > 9 && version[7] == '.' && char.IsDigit(version[8]) ? 9 : 7)
                : -1;
            if (length < 0 || stop + length >= s.Length || s[stop + length] != '"')
            {
                return false;
            }

            stop += length;
        }

        target = from;
        end = stop;
        return true;
    }

    // (?<![\w'])'[^'\s][^']*'(?![\w'])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int SingleQuoted(ReadOnlySpan<char> s, int i, char prev)
    {
        if ((i > 0 && (IsWord(prev) || prev == '\'')) || i + 1 >= s.Length || s[i + 1] == '\'' || IsSpace(s[i + 1]))
        {
            return -1;
        }

        int close = s[(i + 2)..].IndexOf('\'');
        if (close < 0)
        {
            return -1;
        }

        int end = i + 2 + close + 1;
        return end < s.Length && (IsWord(s[end]) || s[end] == '\'') ? -1 : end;
    }

    // \b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Uuid(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && IsWord(prev))
        {
            return -1;
        }

        int p = i;
        foreach (int length in s_uuidGroups)
        {
            if (p > i)
            {
                if (p >= s.Length || s[p] != '-')
                {
                    return -1;
                }

                p++;
            }

            for (int k = 0; k < length; k++, p++)
            {
                if (p >= s.Length || !IsHex(s[p]))
                {
                    return -1;
                }
            }
        }

        return p < s.Length && IsWord(s[p]) ? -1 : p;
    }

    private static readonly int[] s_uuidGroups = [8, 4, 4, 4, 12];

    // (?<![\w.])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T\s_-]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w.])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Date(ReadOnlySpan<char> s, int i, char prev)
    {
        if ((i > 0 && (IsWord(prev) || prev == '.')) || !Digits(s, i, 4) || !At(s, i + 4, '-', '/'))
        {
            return -1;
        }

        for (int month = 2; month >= 1; month--)
        {
            int q = i + 5;
            if (!Digits(s, q, month) || !At(s, q + month, '-', '/'))
            {
                continue;
            }

            q += month + 1;
            for (int day = 2; day >= 1; day--)
            {
                if (!Digits(s, q, day))
                {
                    continue;
                }

                int r = q + day;
                int end = DateTimePart(s, r);
                if (end > 0)
                {
                    return end;
                }

                if (NotWordOrDot(s, r))
                {
                    return r;
                }
            }
        }

        return -1;
    }

    // The time part of a date, then the date's lookahead: the first end (in backtracking order) that is followed by neither \w nor '.'.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int DateTimePart(ReadOnlySpan<char> s, int r)
    {
        if (r >= s.Length || !(s[r] == 'T' || IsSpace(s[r]) || s[r] == '_' || s[r] == '-'))
        {
            return -1;
        }

        for (int hour = 2; hour >= 1; hour--)
        {
            int p = r + 1;
            if (!Digits(s, p, hour) || !At(s, p + hour, ':', '.') || !Digits(s, p + hour + 1, 2))
            {
                continue;
            }

            int q = p + hour + 3;
            if (At(s, q, ':', '.') && Digits(s, q + 1, 2))
            {
                int t = q + 3;
                if (At(s, t, '.', ',') && t + 1 < s.Length && char.IsDigit(s[t + 1]))
                {
                    int run = DigitRun(s, t + 1);
                    for (int f = t + 1 + run; f > t + 1; f--)
                    {
                        int z = Zone(s, f, NotWordOrDot);
                        if (z > 0)
                        {
                            return z;
                        }
                    }
                }

                int zt = Zone(s, t, NotWordOrDot);
                if (zt > 0)
                {
                    return zt;
                }
            }

            int zq = Zone(s, q, NotWordOrDot);
            if (zq > 0)
            {
                return zq;
            }
        }

        return -1;
    }

    // (?:Z|[+-]\d{2}:?\d{2})? followed by the lookahead.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Zone(ReadOnlySpan<char> s, int z, EndCheck check)
    {
        if (z < s.Length && s[z] == 'Z' && check(s, z + 1))
        {
            return z + 1;
        }

        if (At(s, z, '+', '-') && Digits(s, z + 1, 2))
        {
            int y = z + 3;
            if (y < s.Length && s[y] == ':' && Digits(s, y + 1, 2) && check(s, y + 3))
            {
                return y + 3;
            }

            if (Digits(s, y, 2) && check(s, y + 2))
            {
                return y + 2;
            }
        }

        return check(s, z) ? z : -1;
    }

    private delegate bool EndCheck(ReadOnlySpan<char> s, int end);

    // (?<![\w.])\d{1,2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2}(?:\x20[+-]\d{4})?(?![\w.]):
    // the common log format's stamp (27/Nov/2026:10:00:00 +0000), with its zone when it has one.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int CommonLogStamp(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && (IsWord(prev) || prev == '.'))
        {
            return -1;
        }

        // \d{1,2} then '/': a digit after the first leaves only the two-digit day.
        int p = At(s, i + 1, '/') ? i + 2 : Digits(s, i + 1, 1) && At(s, i + 2, '/') ? i + 3 : -1;
        if (p < 0 || p + 3 > s.Length || !IsMonthName(s.Slice(p, 3)) || !At(s, p + 3, '/') || !Digits(s, p + 4, 4)
            || !At(s, p + 8, ':') || !Digits(s, p + 9, 2) || !At(s, p + 11, ':') || !Digits(s, p + 12, 2) || !At(s, p + 14, ':') || !Digits(s, p + 15, 2))
        {
            return -1;
        }

        int end = p + 17;
        if (At(s, end, ' ') && At(s, end + 1, '+', '-') && Digits(s, end + 2, 4) && NotWordOrDot(s, end + 6))
        {
            return end + 6;
        }

        return NotWordOrDot(s, end) ? end : -1;
    }

    // (?<![\w.:])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![\w:])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Time(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && (IsWord(prev) || prev == '.' || prev == ':'))
        {
            return -1;
        }

        for (int hour = 2; hour >= 1; hour--)
        {
            if (!Digits(s, i, hour) || !At(s, i + hour, ':') || !Digits(s, i + hour + 1, 2))
            {
                continue;
            }

            int q = i + hour + 3;
            if (At(s, q, ':') && Digits(s, q + 1, 2))
            {
                int end = Fraction(s, q + 3);
                if (end > 0)
                {
                    return end;
                }
            }

            int without = Fraction(s, q);
            if (without > 0)
            {
                return without;
            }
        }

        return -1;
    }

    // (?:[.,]\d+)? then (?![\w:])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Fraction(ReadOnlySpan<char> s, int t)
    {
        if (At(s, t, '.', ',') && t + 1 < s.Length && char.IsDigit(s[t + 1]))
        {
            int run = DigitRun(s, t + 1);
            for (int f = t + 1 + run; f > t + 1; f--)
            {
                if (NotWordOrColon(s, f))
                {
                    return f;
                }
            }
        }

        return NotWordOrColon(s, t) ? t : -1;
    }

    // (?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?:/\d{1,2})?(?![\w.])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int IPv4(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && (IsWord(prev) || prev == '.'))
        {
            return -1;
        }

        int p = i;
        for (int octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (!At(s, p, '.'))
                {
                    return -1;
                }

                p++;
            }

            // A shorter octet leaves a digit where '.' or the end must be: only the whole run of at most 3 digits can match.
            int run = DigitRun(s, p);
            if (run == 0 || run > 3)
            {
                return -1;
            }

            p += run;
        }

        if (At(s, p, ':') && p + 1 < s.Length && char.IsDigit(s[p + 1]))
        {
            int run = Math.Min(5, DigitRun(s, p + 1));
            for (int port = p + 1 + run; port > p + 1; port--)
            {
                int end = Prefix(s, port);
                if (end > 0)
                {
                    return end;
                }
            }
        }

        return Prefix(s, p);
    }

    // (?:/\d{1,2})? then (?![\w.])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Prefix(ReadOnlySpan<char> s, int q)
    {
        if (At(s, q, '/') && q + 1 < s.Length && char.IsDigit(s[q + 1]))
        {
            int run = Math.Min(2, DigitRun(s, q + 1));
            for (int end = q + 1 + run; end > q + 1; end--)
            {
                if (NotWordOrDot(s, end))
                {
                    return end;
                }
            }
        }

        return NotWordOrDot(s, q) ? q : -1;
    }

    // (?<![\w:.])(?=[0-9a-fA-F:]*:[0-9a-fA-F]*:)(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{1,4}(?![\w:]): the whole run of hex
    // digits and colons (a shorter match leaves a hex digit or ':' next), 2 to 7 colons, groups of at most 4, ending in a hex digit.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int IPv6(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && (IsWord(prev) || prev == ':' || prev == '.'))
        {
            return -1;
        }

        int p = i;
        int colons = 0;
        int group = 0;
        while (p < s.Length && (IsHex(s[p]) || s[p] == ':'))
        {
            if (s[p] == ':')
            {
                colons++;
                group = 0;
            }
            else if (++group > 4)
            {
                return -1;
            }

            p++;
        }

        if (colons < 2 || colons > 7 || group == 0 || (p < s.Length && IsWord(s[p])))
        {
            return -1;
        }

        return p;
    }

    // (?<![\w])0[xX][0-9a-fA-F]+(?![\w])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int HexNumber(ReadOnlySpan<char> s, int i, char prev)
    {
        if ((i > 0 && IsWord(prev)) || !At(s, i + 1, 'x', 'X') || i + 2 >= s.Length || !IsHex(s[i + 2]))
        {
            return -1;
        }

        int p = i + 2;
        while (p < s.Length && IsHex(s[p]))
        {
            p++;
        }

        return p < s.Length && IsWord(s[p]) ? -1 : p;
    }

    // (?<![\w])(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}(?![\w]): the whole hex run, 8 or more, with a digit and a letter;
    // 7 with at least two digits and a letter (a short commit hash, a Java identity hash code such as 3b04890, PostgreSQL's
    // LSN 0/1A2B3C4); 6 with at least two of each.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int HexId(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && IsWord(prev))
        {
            return -1;
        }

        int p = i;
        int digits = 0;
        int letters = 0;
        while (p < s.Length && IsHex(s[p]))
        {
            digits += s[p] <= '9' ? 1 : 0;
            letters += s[p] > '9' ? 1 : 0;
            p++;
        }

        int length = p - i;
        bool hex = length >= 8 ? digits > 0 && letters > 0 : length == 7 ? digits >= 2 && letters >= 1 : length == 6 && digits >= 2 && letters >= 2;
        return hex && !(p < s.Length && IsWord(s[p])) ? p : -1;
    }

    // (?<![A-Za-z0-9.])[-+]?\d+(?:[.,]\d+)*(?:[a-zA-Z%µ]{1,3})?(?![A-Za-z0-9])
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Number(ReadOnlySpan<char> s, int i, char prev)
    {
        if (i > 0 && (char.IsAsciiLetterOrDigit(prev) || prev == '.'))
        {
            return -1;
        }

        int p = s[i] is '-' or '+' ? i + 1 : i;
        int run = DigitRun(s, p);
        for (int end = p + run; end > p; end--)
        {
            int matched = NumberGroups(s, end);
            if (matched > 0)
            {
                return matched;
            }
        }

        return -1;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int NumberGroups(ReadOnlySpan<char> s, int q)
    {
        if (At(s, q, '.', ',') && q + 1 < s.Length && char.IsDigit(s[q + 1]))
        {
            int run = DigitRun(s, q + 1);
            for (int end = q + 1 + run; end > q + 1; end--)
            {
                int matched = NumberGroups(s, end);
                if (matched > 0)
                {
                    return matched;
                }
            }
        }

        int units = 0;
        while (units < 3 && q + units < s.Length && (char.IsAsciiLetter(s[q + units]) || s[q + units] == '%' || s[q + units] == 'µ'))
        {
            units++;
        }

        for (int k = units; k >= 0; k--)
        {
            int end = q + k;
            if (end >= s.Length || !char.IsAsciiLetterOrDigit(s[end]))
            {
                return end;
            }
        }

        return -1;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool At(ReadOnlySpan<char> s, int p, char a) => p < s.Length && s[p] == a;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool At(ReadOnlySpan<char> s, int p, char a, char b) => p < s.Length && (s[p] == a || s[p] == b);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool Digits(ReadOnlySpan<char> s, int p, int count)
    {
        if (p + count > s.Length)
        {
            return false;
        }

        for (int k = p; k < p + count; k++)
        {
            if (!char.IsDigit(s[k]))
            {
                return false;
            }
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int DigitRun(ReadOnlySpan<char> s, int p)
    {
        int k = p;
        while (k < s.Length && char.IsDigit(s[k]))
        {
            k++;
        }

        return k - p;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool NotWordOrDot(ReadOnlySpan<char> s, int end) => end >= s.Length || !(IsWord(s[end]) || s[end] == '.');

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool NotWordOrColon(ReadOnlySpan<char> s, int end) => end >= s.Length || !(IsWord(s[end]) || s[end] == ':');

    /// <summary>\s of .NET regular expressions.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool IsSpace(char c) => char.IsWhiteSpace(c);

    /// <summary>\w of .NET regular expressions: letters, non-spacing marks, decimal digits and connector punctuation.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool IsWord(char c)
    {
        if (c < 128)
        {
            return char.IsAsciiLetterOrDigit(c) || c == '_';
        }

        System.Globalization.UnicodeCategory category = char.GetUnicodeCategory(c);
        return category is System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter
            or System.Globalization.UnicodeCategory.TitlecaseLetter or System.Globalization.UnicodeCategory.ModifierLetter
            or System.Globalization.UnicodeCategory.OtherLetter or System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.DecimalDigitNumber or System.Globalization.UnicodeCategory.ConnectorPunctuation
            || c == '\u200D' || c == '\u200C';
    }

    /// <summary>The specification of <see cref="Mask"/> (kept for the test that compares them).</summary>
    [GeneratedRegex("""
        (?<=(?<![\w"])"(?:GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS)\x20)[^"\s]+(?:\x20HTTP/\d(?:\.\d)?)?(?=")
        | (?<![\w"])"(?!(?:GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS)\x20[^"\s]+(?:\x20HTTP/\d(?:\.\d)?)?")(?:[^"\\]|\\[\s\S])*"(?![\w"])
        | (?<![\w'])'[^'\s][^']*'(?![\w'])
        | \b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b
        | (?<![\w.])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T\s_-]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w.])
        | (?<![\w.])\d{1,2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2}(?:\x20[+-]\d{4})?(?![\w.])
        | (?<![\w.:])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![\w:])
        | (?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?:/\d{1,2})?(?![\w.])
        | (?<![\w:.])(?=[0-9a-fA-F:]*:[0-9a-fA-F]*:)(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{1,4}(?![\w:])
        | (?<![\w])0[xX][0-9a-fA-F]+(?![\w])
        | (?<![\w])(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}(?![\w])
        | (?<![\w])(?=(?:[a-fA-F]*\d){2})(?=\d*[a-fA-F])[0-9a-fA-F]{7}(?![\w])
        | (?<![\w])(?=(?:[a-fA-F]*\d){2})(?=(?:\d*[a-fA-F]){2})[0-9a-fA-F]{6}(?![\w])
        | (?<![A-Za-z0-9.])[-+]?\d+(?:[.,]\d+)*(?:[a-zA-Z%µ]{1,3})?(?![A-Za-z0-9])
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static partial Regex Variables();
}
