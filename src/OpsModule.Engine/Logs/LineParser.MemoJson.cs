using System;
using OpsModule;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The header memo for JSON lines: a logger writes the same keys in the same order on every line, so a line with exactly
/// the keys, separators and kinds of value (string, number, true/false/null) of a line read before, no backslash or control
/// character, and a level value seen before, gets the fast path's result for that value without the key-by-key reading;
/// the timestamp is read again. Only lines whose keys are plain fields (a level, at most one timestamp, a message and
/// others, no nested object) are remembered: their result comes from the keys, the level's value and the timestamp's.
/// </summary>
internal sealed partial class LineParser
{
    private const int MemoJsonLayouts = 4;
    private readonly JsonLayout?[] _jsonLayouts = new JsonLayout?[MemoJsonLayouts];
    private int _jsonLayoutCount;

    private enum JsonValueKind : byte
    {
        String,
        Number,
        Literal,
    }

    /// <summary>One member of a remembered layout: its key's bytes up to the value, the value's kind, and the bytes after the value up to the next key (or the end).</summary>
    private sealed class JsonMember(byte[] key, JsonValueKind kind, byte[] literal, byte[] after)
    {
        internal byte[] Key { get; } = key;

        internal JsonValueKind Kind { get; } = kind;

        /// <summary>The value itself for true, false and null.</summary>
        internal byte[] Literal { get; } = literal;

        internal byte[] After { get; } = after;
    }

    /// <summary>The keys of one JSON logger's lines, with each level value seen and the fast path's result for it.</summary>
    private sealed class JsonLayout(byte[] open, JsonMember[] members, int levelMember, int stampMember) : LevelValues
    {
        internal byte[] Open { get; } = open;

        internal JsonMember[] Members { get; } = members;

        internal int LevelMember { get; } = levelMember;

        /// <summary>The timestamp's member, or -1.</summary>
        internal int StampMember { get; } = stampMember;

        internal override bool SameShape(LevelValues other)
        {
            if (other is not JsonLayout that)
            {
                return false;
            }

            if (LevelMember != that.LevelMember || StampMember != that.StampMember || Members.Length != that.Members.Length || !Open.AsSpan().SequenceEqual(that.Open))
            {
                return false;
            }

            for (int m = 0; m < Members.Length; m++)
            {
                JsonMember a = Members[m];
                JsonMember b = that.Members[m];
                if (a.Kind != b.Kind || !a.Key.AsSpan().SequenceEqual(b.Key) || !a.Literal.AsSpan().SequenceEqual(b.Literal) || !a.After.AsSpan().SequenceEqual(b.After))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The fast path's result for a JSON line of a remembered layout and level value; false when there is none.</summary>
    private bool TryRecallJson(ReadOnlySpan<byte> line, LogLevel messageFrom, out LogLine parsed)
    {
        parsed = default;
        Span<uint> quotes = stackalloc uint[QuoteMaskWords];
        if (_grepPath is not null || !JsonQuoteMask(line, quotes))
        {
            return false;
        }

        for (int k = 0; k < _jsonLayoutCount; k++)
        {
            JsonLayout layout = _jsonLayouts[k]!;
            if (!MatchJson(line, quotes, layout, out int levelStart, out int levelEnd, out int stampStart, out int stampEnd))
            {
                continue;
            }

            if (!TryRecallValue(layout, line, levelStart, levelEnd, stampStart, stampEnd, messageFrom, out parsed))
            {
                return false;
            }

            MoveToFront(_jsonLayouts, k);
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="line"/> has exactly the layout's keys, separators and kinds of value; gives where the level's and the timestamp's strings are.</summary>
    private static bool MatchJson(ReadOnlySpan<byte> line, Span<uint> quotes, JsonLayout layout, out int levelStart, out int levelEnd, out int stampStart, out int stampEnd)
    {
        levelStart = levelEnd = stampStart = stampEnd = -1;
        if (!line.StartsWith(layout.Open))
        {
            return false;
        }

        int pos = layout.Open.Length;
        JsonMember[] members = layout.Members;
        for (int m = 0; m < members.Length; m++)
        {
            JsonMember member = members[m];
            if (!line[pos..].StartsWith(member.Key))
            {
                return false;
            }

            pos += member.Key.Length;
            int valueStart = pos;
            switch (member.Kind)
            {
                case JsonValueKind.String:
                    int close = pos < line.Length && line[pos] == (byte)'"' ? NextQuote(quotes, pos + 1) : -1;
                    if (close < 0)
                    {
                        return false;
                    }

                    if (m == layout.LevelMember)
                    {
                        (levelStart, levelEnd) = (valueStart + 1, close);
                    }
                    else if (m == layout.StampMember)
                    {
                        (stampStart, stampEnd) = (valueStart + 1, close);
                    }

                    pos = close + 1;
                    break;
                case JsonValueKind.Number:
                    pos = JsonNumberEnd(line, pos);
                    if (pos < 0)
                    {
                        return false;
                    }

                    break;
                default:
                    if (!line[pos..].StartsWith(member.Literal))
                    {
                        return false;
                    }

                    pos += member.Literal.Length;
                    break;
            }

            if (!line[pos..].StartsWith(member.After))
            {
                return false;
            }

            pos += member.After.Length;
        }

        return pos == line.Length;
    }

    /// <summary>Remembers a JSON line's layout and level value with the fast path's result (see the class) when its keys allow.</summary>
    private void LearnJson(ReadOnlySpan<byte> line, in LogLine parsed)
    {
        if (parsed.LevelFromStatus || _grepPath is not null || !MemoMayTry)
        {
            return;
        }

        Span<uint> quotes = stackalloc uint[QuoteMaskWords];
        if (!JsonQuoteMask(line, quotes))
        {
            return;
        }

        _memoTried++;
        var members = new JsonMember[16];
        int count = 0;
        int levelMember = -1;
        int stampMember = -1;
        int levelStart = 0;
        int levelEnd = 0;
        int pos = JsonSpaces(line, 1);
        byte[] open = line[..pos].ToArray();
        while (true)
        {
            if (count == members.Length || pos >= line.Length || line[pos] != (byte)'"')
            {
                return;
            }

            int keyStart = pos;
            int keyClose = NextQuote(quotes, pos + 1);
            if (keyClose < 0 || keyClose == pos + 1 || line[pos + 1] == (byte)'@')
            {
                return;
            }

            JsonField field = FastJsonField(line, pos + 1, keyClose - pos - 1, out bool syslog);
            if (syslog || field is not (JsonField.Other or JsonField.Message or JsonField.Level or JsonField.Timestamp))
            {
                return;
            }

            pos = JsonSpaces(line, keyClose + 1);
            if (pos >= line.Length || line[pos] != (byte)':')
            {
                return;
            }

            pos = JsonSpaces(line, pos + 1);
            byte[] key = line[keyStart..pos].ToArray();
            if (pos >= line.Length)
            {
                return;
            }

            JsonValueKind kind;
            byte[] literal = [];
            int valueEnd;
            byte first = line[pos];
            if (first == (byte)'"')
            {
                kind = JsonValueKind.String;
                int close = NextQuote(quotes, pos + 1);
                if (close < 0)
                {
                    return;
                }

                if (field == JsonField.Level)
                {
                    (levelStart, levelEnd) = (pos + 1, close);
                }

                valueEnd = close + 1;
            }
            else if (first == (byte)'-' || IsAsciiDigit(first))
            {
                kind = JsonValueKind.Number;
                valueEnd = JsonNumberEnd(line, pos);
                if (valueEnd < 0)
                {
                    return;
                }
            }
            else if (line[pos..].StartsWith("true"u8) || line[pos..].StartsWith("null"u8) || line[pos..].StartsWith("false"u8))
            {
                kind = JsonValueKind.Literal;
                valueEnd = pos + (first == (byte)'f' ? 5 : 4);
                literal = line[pos..valueEnd].ToArray();
            }
            else
            {
                return;
            }

            if (field is JsonField.Level or JsonField.Timestamp)
            {
                ref int at = ref field == JsonField.Level ? ref levelMember : ref stampMember;
                if (at >= 0 || kind != JsonValueKind.String)
                {
                    return;
                }

                at = count;
            }

            int next = JsonSpaces(line, valueEnd);
            if (next >= line.Length)
            {
                return;
            }

            bool last = line[next] == (byte)'}';
            if (!last && line[next] != (byte)',')
            {
                return;
            }

            next = last ? next + 1 : JsonSpaces(line, next + 1);
            members[count++] = new JsonMember(key, kind, literal, line[valueEnd..next].ToArray());
            pos = next;
            if (last)
            {
                break;
            }
        }

        if (pos != line.Length || levelMember < 0 || levelEnd - levelStart > 32 || parsed.HasTimestamp != (stampMember >= 0))
        {
            return;
        }

        var learned = new JsonLayout(open, members[..count], levelMember, stampMember);
        JsonLayout layout = Remembered(_jsonLayouts, ref _jsonLayoutCount, learned);
        layout.Add(line[levelStart..levelEnd], parsed);
    }
}
