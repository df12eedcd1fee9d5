using System;

namespace OpsModule.Engine.Logs;

/// <summary>
/// PostgreSQL's csvlog (log_destination = 'csvlog'): one CSV record per entry, <c>log_time, user_name, database_name,
/// process_id, connection_from, session_id, session_line_num, command_tag, session_start_time, virtual_transaction_id,
/// transaction_id, error_severity, sql_state_code, message, detail, hint, ...</c> (later versions add columns at the end).
/// A quoted field may hold newlines, so a record can go on over several lines: those lines continue the entry.
/// </summary>
internal sealed partial class LineParser
{
    /// <summary>The last csvlog record's quoted field goes on past its line: the lines until its closing quote continue the entry.</summary>
    private bool _csvQuoteOpen;

    /// <summary>
    /// The bytes of a line that may start a csvlog record (<c>yyyy-MM-dd HH:mm:ss.fff ZONE,</c>): the fast path hands such
    /// lines (and every line inside an open quoted field) to the character parser.
    /// </summary>
    internal static bool MayBePostgresCsv(ReadOnlySpan<byte> line)
    {
        if (line.Length < 40 || line[4] != (byte)'-' || line[10] != (byte)' ' || line[13] != (byte)':' || line[19] != (byte)'.' || line[23] != (byte)' ')
        {
            return false;
        }

        for (int k = 24; k < 33; k++)
        {
            if (line[k] == (byte)',')
            {
                return k > 24;
            }

            if (line[k] == (byte)' ')
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A csvlog record's first line: the stamp (with log_timezone's abbreviation, read as PostgreSQL's stderr stamps are), a
    /// process id, a session line number, a PostgreSQL severity in the 12th column and a five-character SQLSTATE in the
    /// 13th. The level is the severity's (LOG is Info), the message the 14th column.
    /// </summary>
    private bool TryPostgresCsv(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        if (line.Length < 40 || line[4] != '-' || line[7] != '-' || line[10] != ' ' || line[13] != ':' || line[16] != ':' || line[19] != '.' || line[23] != ' ')
        {
            return false;
        }

        // The zone's abbreviation, then the first comma (PostgreSQL's stderr log has a space there: "UTC [1234] LOG:  ...").
        int zoneEnd = line[24..33].IndexOfAny(' ', ',');
        if (zoneEnd <= 0 || line[24 + zoneEnd] != ',')
        {
            return false;
        }

        int pos = 0;
        ReadOnlySpan<char> stamp = default;
        ReadOnlySpan<char> severity = default;
        ReadOnlySpan<char> message = default;
        bool messageQuoted = false;
        bool messageClosed = true;
        for (int column = 1; column <= 14; column++)
        {
            if (pos > line.Length)
            {
                return false;
            }

            int start = pos;
            bool quoted = pos < line.Length && line[pos] == '"';
            int end;
            if (quoted)
            {
                // "" is a quote inside the field; a field whose closing quote is on a later line runs to the line's end.
                end = pos + 1;
                while (end < line.Length && !(line[end] == '"' && (end + 1 >= line.Length || line[end + 1] != '"')))
                {
                    end += line[end] == '"' ? 2 : 1;
                }

                if (column == 14)
                {
                    messageClosed = end < line.Length;
                }

                if (end < line.Length)
                {
                    end++;
                    if (end < line.Length && line[end] != ',')
                    {
                        return false;
                    }
                }
                else if (column < 14)
                {
                    return false;
                }
            }
            else
            {
                end = IndexOf(line, ',', pos);
                if (end < 0)
                {
                    if (column < 14)
                    {
                        return false;
                    }

                    end = line.Length;
                }
            }

            ReadOnlySpan<char> field = line[start..end];
            switch (column)
            {
                case 1:
                    stamp = field;
                    break;
                case 4 or 7 when quoted || !IsDigits(field, field.Length == 0 && column == 4):
                    return false;
                case 12:
                    severity = field;
                    if (quoted || PostgresCsvLevel(field) == LogLevel.Unknown)
                    {
                        return false;
                    }

                    break;
                case 13 when quoted || field.Length != 5 || !IsSqlState(field):
                    return false;
                case 14:
                    message = field;
                    messageQuoted = quoted;
                    break;
                default:
                    break;
            }

            pos = end + 1;
        }

        if (!TimestampParser.TryParseValue(stamp, out RawTimestamp time))
        {
            return false;
        }

        parsed.Format = LogFormat.TimestampedText;
        parsed.HasTimestamp = true;
        parsed.Timestamp = time;
        parsed.Level = PostgresCsvLevel(severity);
        if (parsed.Level >= _messageFrom)
        {
            if (messageQuoted)
            {
                // Without its quotes; a message that goes on over the next lines up to this line's end.
                ReadOnlySpan<char> inner = messageClosed ? message[1..^1] : message[1..];
                parsed.Message = inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
            }
            else
            {
                parsed.Message = message.ToString();
            }
        }

        // An odd number of quotes on the line: a quoted field goes on over the next lines.
        _csvQuoteOpen = line.Count('"') % 2 == 1;
        return true;
    }

    /// <summary>A line inside a csvlog record's open quoted field: true while the field stays open after it.</summary>
    private void PostgresCsvContinuation(ReadOnlySpan<char> line)
    {
        if (line.Count('"') % 2 == 1)
        {
            _csvQuoteOpen = false;
        }
    }

    private static bool IsDigits(ReadOnlySpan<char> field, bool emptyAllowed)
    {
        if (field.Length == 0)
        {
            return emptyAllowed;
        }

        foreach (char c in field)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSqlState(ReadOnlySpan<char> field)
    {
        foreach (char c in field)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A PostgreSQL severity as its stderr log's (<see cref="PostgresSeverity"/>): DEBUG1 to DEBUG5 Debug, LOG Info; Unknown for any other word.</summary>
    private static LogLevel PostgresCsvLevel(ReadOnlySpan<char> word)
    {
        foreach (string name in s_postgresLevels)
        {
            if (word.SequenceEqual(name))
            {
                return name.StartsWith("DEBUG", StringComparison.Ordinal) ? LogLevel.Debug : LevelNames.Parse(name, allowSingleLetter: false);
            }
        }

        return LogLevel.Unknown;
    }
}
