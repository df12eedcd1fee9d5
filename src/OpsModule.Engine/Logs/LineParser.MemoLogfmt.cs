using System;
using OpsModule;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The header memo for logfmt lines (Go's logrus and go-kit, Grafana, Loki, Prometheus): a line with exactly the keys, the
/// spaces between pairs and the kinds of value (quoted or bare) of a line read before, no backslash or tab, and a level
/// value seen before, gets the fast path's result for that value without the pair-by-pair reading; the timestamp is read
/// again. Only lines of plain pairs are remembered: one level key, at most one timestamp key, no Heroku "at" key, no
/// word without '=', no quote inside a bare value, and a first key that no other format's step reads (klog's and Ruby's
/// one-letter starts).
/// </summary>
internal sealed partial class LineParser
{
    private const int MemoLogfmtLayouts = 4;
    private const int MemoLogfmtPairs = 24;
    private readonly LogfmtLayout?[] _logfmtLayouts = new LogfmtLayout?[MemoLogfmtLayouts];
    private int _logfmtLayoutCount;
    private static readonly System.Buffers.SearchValues<byte> s_logfmtStops = System.Buffers.SearchValues.Create("\\\t"u8);

    /// <summary>One pair of a remembered layout: the key with its '=', whether the value is quoted, and the spaces after the value.</summary>
    private sealed class LogfmtPair(byte[] key, bool quoted, int spaces)
    {
        internal byte[] Key { get; } = key;

        internal bool Quoted { get; } = quoted;

        /// <summary>The spaces after the value (0 for the last pair).</summary>
        internal int Spaces { get; } = spaces;
    }

    /// <summary>The pairs of one logfmt logger's lines, with each level value seen and the fast path's result for it.</summary>
    private sealed class LogfmtLayout(LogfmtPair[] pairs, int levelPair, int stampPair) : LevelValues
    {
        internal LogfmtPair[] Pairs { get; } = pairs;

        internal int LevelPair { get; } = levelPair;

        /// <summary>The timestamp's pair, or -1.</summary>
        internal int StampPair { get; } = stampPair;

        internal override bool SameShape(LevelValues other)
        {
            if (other is not LogfmtLayout that)
            {
                return false;
            }

            if (LevelPair != that.LevelPair || StampPair != that.StampPair || Pairs.Length != that.Pairs.Length)
            {
                return false;
            }

            for (int p = 0; p < Pairs.Length; p++)
            {
                if (Pairs[p].Quoted != that.Pairs[p].Quoted || Pairs[p].Spaces != that.Pairs[p].Spaces || !Pairs[p].Key.AsSpan().SequenceEqual(that.Pairs[p].Key))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The fast path's result for a logfmt line of a remembered layout and level value; false when there is none.</summary>
    private bool TryRecallLogfmt(ReadOnlySpan<byte> line, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        if (_grepPath is not null || line.IsEmpty || line.Length > LogfmtMaxLength || line.ContainsAny(s_logfmtStops))
        {
            return false;
        }

        for (int k = 0; k < _logfmtLayoutCount; k++)
        {
            LogfmtLayout layout = _logfmtLayouts[k]!;
            if (line[0] != layout.Pairs[0].Key[0] || !MatchLogfmt(line, layout, out int levelStart, out int levelEnd, out int stampStart, out int stampEnd))
            {
                continue;
            }

            if (SourcePrefixLength(line, out _) > 0 || !TryRecallValue(layout, line, levelStart, levelEnd, stampStart, stampEnd, messageFrom, out parsed))
            {
                return false;
            }

            MoveToFront(_logfmtLayouts, k);
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="line"/> has exactly the layout's pairs; gives where the level's and the timestamp's values are.</summary>
    private static bool MatchLogfmt(ReadOnlySpan<byte> line, LogfmtLayout layout, out int levelStart, out int levelEnd, out int stampStart, out int stampEnd)
    {
        levelStart = levelEnd = stampStart = stampEnd = -1;
        int pos = 0;
        LogfmtPair[] pairs = layout.Pairs;
        for (int p = 0; p < pairs.Length; p++)
        {
            LogfmtPair pair = pairs[p];
            if (!line[pos..].StartsWith(pair.Key))
            {
                return false;
            }

            pos += pair.Key.Length;
            int start;
            int end;
            if (pair.Quoted)
            {
                if (pos >= line.Length || line[pos] != (byte)'"')
                {
                    return false;
                }

                start = pos + 1;
                int close = line[start..].IndexOf((byte)'"');
                if (close < 0)
                {
                    return false;
                }

                end = start + close;
                pos = end + 1;
            }
            else
            {
                if (pos < line.Length && line[pos] == (byte)'"')
                {
                    return false;
                }

                start = pos;
                int space = line[pos..].IndexOf((byte)' ');
                end = space < 0 ? line.Length : pos + space;
                if (line[start..end].Contains((byte)'"'))
                {
                    return false;
                }

                pos = end;
            }

            if (p == layout.LevelPair)
            {
                (levelStart, levelEnd) = (start, end);
            }
            else if (p == layout.StampPair)
            {
                (stampStart, stampEnd) = (start, end);
            }

            for (int s = 0; s < pair.Spaces; s++)
            {
                if (pos >= line.Length || line[pos] != (byte)' ')
                {
                    return false;
                }

                pos++;
            }

            if (pair.Spaces > 0 && pos < line.Length && line[pos] == (byte)' ')
            {
                return false;
            }
        }

        return pos == line.Length;
    }

    /// <summary>Remembers a logfmt line's layout and level value with the fast path's result (see the class) when its pairs allow.</summary>
    private void LearnLogfmt(ReadOnlySpan<byte> line, in LogLine parsed)
    {
        if (!MemoMayTry || line.Length > LogfmtMaxLength || line.ContainsAny(s_logfmtStops) || _grepPath is not null
            || line[0] is (byte)'I' or (byte)'W' or (byte)'E' or (byte)'F' || !char.IsAsciiLetter((char)line[0]))
        {
            return;
        }

        _memoTried++;
        var pairs = new LogfmtPair[MemoLogfmtPairs];
        int count = 0;
        int levelPair = -1;
        int stampPair = -1;
        int levelStart = 0;
        int levelEnd = 0;
        int pos = 0;
        while (pos < line.Length)
        {
            if (count == pairs.Length)
            {
                return;
            }

            int equals = line[pos..].IndexOf((byte)'=');
            int space = line[pos..].IndexOf((byte)' ');
            if (equals <= 0 || (space >= 0 && space < equals) || line.Slice(pos, equals).IndexOfAny((byte)'"', (byte)',', (byte)':') >= 0)
            {
                return;
            }

            int keyStart = pos;
            int keyLength = equals;
            pos += equals + 1;
            bool quoted = pos < line.Length && line[pos] == (byte)'"';
            int start;
            int end;
            if (quoted)
            {
                start = pos + 1;
                int close = line[start..].IndexOf((byte)'"');
                if (close < 0)
                {
                    return;
                }

                end = start + close;
                pos = end + 1;
            }
            else
            {
                start = pos;
                int next = line[pos..].IndexOf((byte)' ');
                end = next < 0 ? line.Length : pos + next;
                if (line[start..end].Contains((byte)'"'))
                {
                    return;
                }

                pos = end;
            }

            JsonField field = FastLogfmtKey(line, keyStart, keyLength);
            if (keyLength == 2 && (line[keyStart] | 0x20) == 'a' && (line[keyStart + 1] | 0x20) == 't')
            {
                // Heroku's "at=error" counts only without a level key: left to the fast path.
                return;
            }

            if (field is JsonField.Level or JsonField.Timestamp)
            {
                ref int at = ref field == JsonField.Level ? ref levelPair : ref stampPair;
                if (at >= 0)
                {
                    return;
                }

                at = count;
                if (field == JsonField.Level)
                {
                    (levelStart, levelEnd) = (start, end);
                }
            }

            int spaces = 0;
            while (pos < line.Length && line[pos] == (byte)' ')
            {
                spaces++;
                pos++;
            }

            if (spaces == 0 && pos < line.Length)
            {
                return;
            }

            pairs[count++] = new LogfmtPair(line.Slice(keyStart, keyLength + 1).ToArray(), quoted, spaces);
        }

        if (levelPair < 0 || levelEnd - levelStart > 32 || pairs[count - 1].Spaces > 0 || parsed.HasTimestamp != (stampPair >= 0)
            || (stampPair < 0 && parsed.Timestamp != default) || SourcePrefixLength(line, out _) > 0)
        {
            return;
        }

        var learned = new LogfmtLayout(pairs[..count], levelPair, stampPair);
        LogfmtLayout layout = Remembered(_logfmtLayouts, ref _logfmtLayoutCount, learned);
        layout.Add(line[levelStart..levelEnd], parsed);
    }
}
