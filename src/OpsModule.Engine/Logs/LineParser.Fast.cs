using System;
using OpsModule;

namespace OpsModule.Engine.Logs;

/// <summary>What a fast (UTF-8, ASCII-only) step of the parser concluded about a line.</summary>
internal enum FastOutcome
{
    /// <summary>The fast step cannot tell: the whole line goes through <see cref="LineParser.TryParse(ReadOnlySpan{byte}, ReadOnlySpan{char}, bool, LogLevel, out LogLine)"/>.</summary>
    Unsure,

    /// <summary>The character step it mirrors would return false (the next step is tried), leaving the parse as it was.</summary>
    Rejected,

    /// <summary>The character step it mirrors would return true with exactly the <see cref="LogLine"/> set here.</summary>
    Accepted,
}

/// <summary>
/// The fast path: the same decisions as the character parser, made on the UTF-8 bytes of an ASCII line without
/// transcoding it, for the shapes that make up nearly every line of a real log. Each step mirrors one step of the
/// character parser and either reaches the same result or says <see cref="FastOutcome.Unsure"/>, so the character
/// parser stays the specification (LineParserFastPathTests compares them line by line). Lines whose message is needed
/// (level at or above the level asked for) are left to the character parser, which builds the message.
/// The fast path, the reader and SourceScan's per-line methods are left to tiered compilation (no AggressiveOptimization):
/// with profile-guided code a 300 MB mixed log took about 20% less time per run; the character parser, the masker and the
/// miner, which see only the lines that need a message, keep AggressiveOptimization so the first call is optimised.
/// </summary>
internal sealed partial class LineParser
{
    /// <summary>
    /// Parses an ASCII line (the caller checked) like <see cref="TryParse(ReadOnlySpan{byte}, ReadOnlySpan{char}, bool, LogLevel, out LogLine)"/>
    /// would; returns false when the character parser must decide (then <paramref name="parsed"/> and <paramref name="starts"/> mean nothing).
    /// </summary>
    internal bool TryParseFast(ReadOnlySpan<byte> line, bool continuationLikely, LogLevel messageFrom, out LogLine parsed, out bool starts)
    {
        parsed = default;
        starts = false;
        LastDependedOnContinuation = false;
        LastWasExceptionLine = false;
        _messageFrom = messageFrom;
        if (_custom is not null || _measureField is not null || _groupField is not null || _w3c is not null || _csvQuoteOpen)
        {
            return false;
        }

        if (!UseMemo)
        {
            return TryParseFastCore(line, continuationLikely, ref parsed, out starts);
        }

        _memoLines++;
        if (line.Length > 0 && line[0] == (byte)'{' ? _jsonLayoutCount > 0 && TryRecallJson(line, messageFrom, out parsed)
            : (_logfmtLayoutCount > 0 && TryRecallLogfmt(line, messageFrom, out parsed)) || (_layoutCount > 0 && TryRecall(line, messageFrom, out parsed)))
        {
            starts = true;
            return true;
        }

        if (!TryParseFastCore(line, continuationLikely, ref parsed, out starts))
        {
            return false;
        }

        if (starts && parsed.Format == LogFormat.TimestampedText)
        {
            Learn(line, parsed, continuationLikely);
        }
        else if (starts && parsed.Format == LogFormat.JsonLines && line[0] == (byte)'{')
        {
            LearnJson(line, parsed);
        }
        else if (starts && parsed.Format == LogFormat.Logfmt)
        {
            LearnLogfmt(line, parsed);
        }

        return true;
    }

    /// <summary>The fast path's shape checks and format steps (<see cref="TryParseFast"/> without the header memo).</summary>
    private bool TryParseFastCore(ReadOnlySpan<byte> line, bool continuationLikely, ref LogLine parsed, out bool starts)
    {
        starts = false;

        if (line.Length == 0)
        {
            return true;
        }

        byte first = line[0];
        if (first == (byte)' ' || first == (byte)'\t')
        {
            return true;
        }

        if (SourcePrefixLength(line, out _) > 0 || MayFollowGrepPath(line))
        {
            // A label before the line (docker compose, kubectl --prefix, grep -H): the character parser reads what follows.
            return false;
        }

        if (first is (byte)'L' or (byte)'R' or (byte)'A' or (byte)'B' && IsFileHeader(line))
        {
            // glog's file header: the character parser says so.
            return false;
        }

        if (first == (byte)'-' && IsJournalMarker(line))
        {
            // journalctl's "-- Boot ... --" marker: the character parser says so.
            return false;
        }

        if (first == (byte)'#')
        {
            // Possibly a W3C directive: the character parser decides (it keeps the layout).
            return false;
        }

        if (line.Contains((byte)'\t'))
        {
            // Tabs between words (zap's console format), which the character parser's level search reads as spaces, and raw
            // tabs in JSON strings, which it reads as spaces too: it decides.
            return false;
        }

        if ((first is (byte)'E' or (byte)'p' or (byte)'f' or (byte)'n' or (byte)'/' || (line.Length > 7 && line[1] == (byte)':')) && MayBeCrashBanner(line))
        {
            // Possibly a crash banner (Java's "Exception in thread", Go's "panic:", Node's script path): the character parser decides.
            return false;
        }

        FastOutcome outcome;
        if (first == (byte)'{')
        {
            if (IsLogRecordStart(line))
            {
                // Docker's json-file records: the character parser reads the text inside.
                return false;
            }

            outcome = FastJson(line, ref parsed);
            if (outcome != FastOutcome.Rejected)
            {
                starts = true;
                return outcome == FastOutcome.Accepted;
            }

            parsed = default;
        }

        if (first == (byte)'<')
        {
            return false;
        }

        if (char.IsAsciiLetter((char)first))
        {
            if (first == (byte)'e' && line.StartsWith("error: "u8))
            {
                // Below .NET's console entry such a line starts an entry (SourceScan decides, on the character parser's reading).
                return false;
            }

            if ((line.Length > 24 && line[1] == (byte)',' && line[3] == (byte)'[')
                || (line.Length >= 22 && ((line[5] == (byte)' ' && line[8] == (byte)':') || (line.Length >= 26 && line[9] == (byte)' ' && line[12] == (byte)':'))
                    && first is (byte)'I' or (byte)'W' or (byte)'E' or (byte)'F'))
            {
                // Possibly klog or Ruby's Logger: the character parser decides.
                return false;
            }

            if (MayBeJulStart(line))
            {
                // Possibly java.util.logging's "Nov 27, 2026 10:00:00 AM ..." (its level is on the next line), also with another
                // language's month ("Nov. 27, 2026 ...", "sept. 5, 2026 ..."): the character parser decides.
                return false;
            }

            outcome = FastDotNetConsole(line, ref parsed);
            if (outcome == FastOutcome.Rejected)
            {
                outcome = FastSyslog3164(line, ref parsed);
            }

            if (outcome == FastOutcome.Rejected)
            {
                outcome = FastPythonBasic(line, ref parsed);
            }

            if (outcome == FastOutcome.Rejected)
            {
                outcome = FastLogfmt(line, ref parsed);
            }

            if (outcome != FastOutcome.Rejected)
            {
                starts = true;
                return outcome == FastOutcome.Accepted;
            }
        }

        if (char.IsAsciiDigit((char)first) && MayBeOctetFramed(line))
        {
            // Possibly RFC 6587's octet count before a syslog line: the character parser decides.
            return false;
        }

        if (char.IsAsciiDigit((char)first) && IsRedisStart(line))
        {
            // Possibly Redis: the character parser decides.
            return false;
        }

        if (char.IsAsciiDigit((char)first) && MayBePostgresCsv(line))
        {
            // Possibly PostgreSQL's csvlog: the character parser decides (and follows a quoted field over the next lines).
            return false;
        }

        if (char.IsAsciiDigit((char)first) && line.Length > 20 && line[2] == (byte)'-' && line[5] == (byte)' ')
        {
            // Possibly Android logcat: the character parser decides.
            return false;
        }

        // What is left: stack-trace lines (continuations) and the plain-text step (timestamp, level word); it also sets
        // LastDependedOnContinuation as the character parser does.
        return FastText(line, continuationLikely, ref parsed, out starts);
    }

    /// <summary>True when a line may open with RFC 6587's octet count before a PRI (digits, a space, <c>&lt;</c> and a digit; <see cref="OctetCountLength"/>).</summary>
    private static bool MayBeOctetFramed(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && i < 6 && char.IsAsciiDigit((char)line[i]))
        {
            i++;
        }

        return i > 0 && i + 2 < line.Length && line[i] == (byte)' ' && line[i + 1] == (byte)'<' && char.IsAsciiDigit((char)line[i + 2]);
    }

    /// <summary>True where <see cref="RedisRoleAt"/> or <see cref="RedisSignalHandlerAt"/> is not 0.</summary>
    private static bool IsRedisStart(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && i < 10 && char.IsAsciiDigit((char)line[i]))
        {
            i++;
        }

        return (i + 3 < line.Length && line[i] == (byte)':' && line[i + 1] is (byte)'M' or (byte)'S' or (byte)'C' or (byte)'X' && line[i + 2] == (byte)' ')
            || line[i..].StartsWith(":signal-handler ("u8);
    }
}
