using System;

namespace OpsModule.Engine.Logs;

/// <summary>
/// Labels that the tool which gathered a log put before each of its lines: the line after the label is read as a line of
/// its own (its timestamp, level, message, or a stack-trace line continuing the entry above).
/// <list type="bullet">
/// <item><c>docker compose logs</c>: <c>web-1  | </c> (a service name ending in its replica number, padded, then a bar);</item>
/// <item><c>kubectl logs --prefix</c>: <c>[pod/api-7d9f/api] </c>;</item>
/// <item><c>grep -H</c> (and <c>-n</c>) over log files: <c>/var/log/app/a.log:</c>, <c>a.log.1:12:</c>;</item>
/// <item>a file name before each line (how LogHub's OpenStack corpus was gathered): <c>nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 ...</c>.</item>
/// </list>
/// The first two are read after the label whatever follows; the file names only when the rest starts an entry with a
/// timestamp with a date (a file name is also a word a message may start with).
/// </summary>
internal sealed partial class LineParser
{
    /// <summary>Longest label looked for.</summary>
    private const int MaxSourcePrefix = 256;

    /// <summary>True while the text after a label is parsed (a label is taken once per line).</summary>
    private bool _afterPrefix;

    /// <summary>
    /// The length in bytes of the label at the start of the line, or 0;
    /// <paramref name="always"/> is false when the rest must start a timestamped entry for the label to be taken.
    /// </summary>
    internal static int SourcePrefixLength(ReadOnlySpan<byte> line, out bool always)
    {
        always = true;
        if (line.Length < 3)
        {
            return 0;
        }

        byte first = line[0];
        if (first == (byte)'[')
        {
            return KubectlPrefix(line);
        }

        if (!IsPathByte(first))
        {
            return 0;
        }

        // Nearly every line has neither a bar after its first word nor ".log" in it: two vectorised searches say so.
        int limit = Math.Min(line.Length, MaxSourcePrefix);
        int firstSpace = line[..limit].IndexOf((byte)' ');
        bool barAfter = false;
        if (firstSpace > 0)
        {
            int after = firstSpace;
            while (after < limit && line[after] == (byte)' ')
            {
                after++;
            }

            barAfter = after < line.Length && line[after] == (byte)'|';
        }

        if (!barAfter && (firstSpace < 0 ? line[..limit] : line[..firstSpace]).IndexOf(".log"u8) < 0)
        {
            return 0;
        }

        // One scan of the path-like first token: compose names are a subset of it.
        int i = 0;
        bool nameOnly = true;
        int logEnd = -1;
        while (i < limit && IsPathByte(line[i]))
        {
            byte b = line[i];
            nameOnly &= b != (byte)'/' && b != (byte)'~';
            if (b == (byte)'.' && i + 4 <= line.Length && line.Slice(i + 1, 3).SequenceEqual("log"u8)
                && (i + 4 == line.Length || !char.IsAsciiLetterOrDigit((char)line[i + 4])))
            {
                logEnd = i + 4;
            }

            i++;
        }

        if (i >= line.Length || i >= limit)
        {
            return 0;
        }

        byte stop = line[i];
        if (stop == (byte)' ' && nameOnly && i >= 3 && ComposeName(line[..i]))
        {
            int bar = i;
            while (bar < limit && line[bar] == (byte)' ')
            {
                bar++;
            }

            if (bar < line.Length && line[bar] == (byte)'|')
            {
                return bar + 1 == line.Length ? bar + 1 : line[bar + 1] == (byte)' ' ? bar + 2 : 0;
            }
        }

        if (logEnd < 0)
        {
            return 0;
        }

        always = false;
        int end;
        if (stop == (byte)':' && RotatedLogName(line, logEnd, i))
        {
            // grep -H: "path.log:", with -n "path.log:12:" (a context line: "path.log-12-" is not looked for).
            end = i + 1;
            int digits = end;
            while (digits < limit && char.IsAsciiDigit((char)line[digits]))
            {
                digits++;
            }

            if (digits > end && digits < line.Length && line[digits] == (byte)':')
            {
                end = digits + 1;
            }
        }
        else
        {
            // A file name as the first word: the line follows after the spaces.
            int space = line[..limit].IndexOf((byte)' ');
            if (space < 0)
            {
                return 0;
            }

            end = space;
            while (end < line.Length && line[end] == (byte)' ')
            {
                end++;
            }
        }

        return end < line.Length && char.IsAsciiDigit((char)line[end]) ? end : 0;
    }

    /// <summary>
    /// Parses the line after its label as a line of its own; false when the line has no label to take (then the whole
    /// line is parsed as it is and <paramref name="starts"/> means nothing).
    /// </summary>
    private bool TryAfterSourcePrefix(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> line, bool continuationLikely, LogLevel messageFrom, out LogLine parsed, out bool starts)
    {
        parsed = default;
        starts = false;
        int length = SourcePrefixLength(utf8, out bool always);
        if (length == 0)
        {
            return false;
        }

        // The label's length in characters (a pod name may hold non-ASCII letters).
        int chars = System.Text.Encoding.UTF8.GetCharCount(utf8[..length]);
        if (chars > line.Length)
        {
            return false;
        }

        _afterPrefix = true;
        try
        {
            starts = TryParse(utf8[length..], line[chars..], continuationLikely, messageFrom, out parsed);
        }
        finally
        {
            _afterPrefix = false;
        }

        if (always || (starts && parsed.HasTimestamp && !parsed.Timestamp.DateMissing))
        {
            if (!always && utf8[length - 1] == (byte)':')
            {
                // grep's "path:" or "path:12:": the lines after it with the same path (a stack trace, context lines) are
                // read after their label too.
                ReadOnlySpan<byte> path = utf8[..(length - 1)];
                int digits = path.Length;
                while (digits > 0 && char.IsAsciiDigit((char)path[digits - 1]))
                {
                    digits--;
                }

                path = digits < path.Length && digits > 0 && path[digits - 1] == (byte)':' ? path[..(digits - 1)] : path;
                if (_grepPath is null || !path.SequenceEqual(_grepPath))
                {
                    _grepPath = path.ToArray();
                }
            }

            if (!starts && !LastWasDirective && LastContinuationText is null)
            {
                // The entry above is continued by the line, not by its label.
                LastContinuationText = line[chars..].ToString();
            }

            return true;
        }

        // Not a label after all: the whole line is parsed.
        parsed = default;
        LastDependedOnContinuation = false;
        LastWasDirective = false;
        LastContinuationText = null;
        LastContinuationTime = null;
        _textDecided = false;
        _messageFrom = messageFrom;
        return false;
    }

    /// <summary>The file path of the last grep label taken (<c>/var/log/app/a.log</c>), or null.</summary>
    private byte[]? _grepPath;

    /// <summary>
    /// A line of grep's output after a grep label was seen: <c>path:text</c>, <c>path:12:text</c>, a context line
    /// <c>path-13-text</c> or <c>path-text</c>, read after the label whatever follows; grep's <c>--</c> between groups is
    /// neither an entry nor part of one. False when the line is none of these (then <paramref name="starts"/> means nothing).
    /// </summary>
    private bool TryAfterGrepPath(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> line, bool continuationLikely, LogLevel messageFrom, out LogLine parsed, out bool starts)
    {
        parsed = default;
        starts = false;
        if (_grepPath is null)
        {
            return false;
        }

        if (utf8.SequenceEqual("--"u8))
        {
            LastWasDirective = true;
            return true;
        }

        int i = _grepPath.Length;
        if (!utf8.StartsWith(_grepPath) || i >= utf8.Length || utf8[i] is not ((byte)':' or (byte)'-'))
        {
            return false;
        }

        byte separator = utf8[i++];
        int digits = i;
        while (digits < utf8.Length && char.IsAsciiDigit((char)utf8[digits]))
        {
            digits++;
        }

        if (digits > i && digits < utf8.Length && utf8[digits] == separator)
        {
            i = digits + 1;
        }

        // The path is ASCII (IsPathByte), so its length is the same in characters.
        _afterPrefix = true;
        try
        {
            starts = TryParse(utf8[i..], line[i..], continuationLikely, messageFrom, out parsed);
        }
        finally
        {
            _afterPrefix = false;
        }

        if (!starts && !LastWasDirective && LastContinuationText is null)
        {
            LastContinuationText = line[i..].ToString();
        }

        return true;
    }

    /// <summary>True when the fast path must leave the line to <see cref="TryAfterGrepPath"/>.</summary>
    private bool MayFollowGrepPath(ReadOnlySpan<byte> line) => _grepPath is not null && (line.StartsWith(_grepPath) || line.SequenceEqual("--"u8));

    /// <summary><c>[pod/name/container] </c>: its length, or 0.</summary>
    private static int KubectlPrefix(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("[pod/"u8))
        {
            return 0;
        }

        int limit = Math.Min(line.Length, MaxSourcePrefix);
        for (int i = 5; i < limit; i++)
        {
            byte b = line[i];
            if (b == (byte)']')
            {
                return i + 1 == line.Length ? i + 1 : line[i + 1] == (byte)' ' ? i + 2 : 0;
            }

            if (b is (byte)' ' or (byte)'\t' or (byte)'[')
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>A compose service name with its replica number: <c>web-1</c>, <c>project_web_1</c>.</summary>
    private static bool ComposeName(ReadOnlySpan<byte> name)
    {
        int i = name.Length - 1;
        while (i > 0 && char.IsAsciiDigit((char)name[i]))
        {
            i--;
        }

        return i > 0 && i < name.Length - 1 && (name[i] == (byte)'-' || name[i] == (byte)'_') && char.IsAsciiLetterOrDigit((char)name[0]);
    }

    /// <summary>The name ends at <paramref name="stop"/> with <c>.log</c> or a rotation of it (<c>.log.1</c>, <c>.log-20261120</c>, <c>.log.2.gz</c>).</summary>
    private static bool RotatedLogName(ReadOnlySpan<byte> line, int logEnd, int stop)
    {
        if (stop - logEnd >= 3 && line.Slice(stop - 3, 3).SequenceEqual(".gz"u8))
        {
            stop -= 3;
        }

        if (logEnd == stop)
        {
            return true;
        }

        if (line[logEnd] is not ((byte)'.' or (byte)'-'))
        {
            return false;
        }

        for (int i = logEnd + 1; i < stop; i++)
        {
            if (!char.IsAsciiDigit((char)line[i]))
            {
                return false;
            }
        }

        return stop > logEnd + 1;
    }

    private static bool IsPathByte(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)'-' or (byte)'/' or (byte)'~';
}
