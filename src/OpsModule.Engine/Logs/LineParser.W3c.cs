using System;
using System.Globalization;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The W3C extended log format (IIS, CloudFront, and other servers that write it): <c>#Fields:</c> names the columns
/// (separated by spaces, or by tabs as CloudFront writes them) of the lines after it; <c>date</c> (or the <c>#Date:</c> directive's date) and <c>time</c> are UTC, <c>sc-status</c> gives the level (5xx Error,
/// 4xx Warning, others Info), and -Measure / -GroupBy may name a column (<c>-Measure time-taken -GroupBy cs-uri-stem</c>).
/// The directives are not entries. The layout is the parser's state, so such a file is read in order by one thread.
/// </summary>
internal sealed partial class LineParser
{
    private W3cLayout? _w3c;
    private string? _w3cDate;

    /// <summary>True when the last line given to TryParse was a W3C directive (<c>#Fields:</c> and the like) or a journalctl marker: no entry, no continuation.</summary>
    internal bool LastWasDirective { get; private set; }

    /// <summary>True for the first bytes of a W3C extended log (its first directive).</summary>
    internal static bool StartsW3cLog(ReadOnlySpan<byte> head) =>
        head.StartsWith("#Software:"u8) || head.StartsWith("#Version:"u8) || head.StartsWith("#Fields:"u8) || head.StartsWith("#Date:"u8);

    /// <summary>A directive line: <c>#Fields:</c> sets the layout, the others are skipped.</summary>
    private bool TryW3cDirective(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("#Date:", StringComparison.Ordinal))
        {
            // "#Date: 2026-11-20 05:00:00": the date of the lines after it when the layout has no date column.
            ReadOnlySpan<char> value = line[6..].Trim();
            _w3cDate = value.Length >= 10 ? value[..10].ToString() : null;
            return true;
        }

        if (line.StartsWith("#Fields:", StringComparison.Ordinal))
        {
            _w3c = W3cLayout.Create(line[8..], _measureField, _groupField);
            return true;
        }

        return line.StartsWith("#Software:", StringComparison.Ordinal) || line.StartsWith("#Version:", StringComparison.Ordinal)
            || line.StartsWith("#Date:", StringComparison.Ordinal) || line.StartsWith("#Remark:", StringComparison.Ordinal)
            || line.StartsWith("#Start-Date:", StringComparison.Ordinal) || line.StartsWith("#End-Date:", StringComparison.Ordinal);
    }

    /// <summary>A line under a <c>#Fields:</c> directive; false when its columns do not fit the layout (it is then read as text).</summary>
    private bool TryW3c(W3cLayout layout, ReadOnlySpan<char> line, ref LogLine parsed)
    {
        // Columns are separated by spaces, or by tabs (CloudFront's access logs).
        Span<Range> columns = stackalloc Range[Math.Min(layout.Count + 1, 128)];
        int count = line.Split(columns, line.Contains('\t') ? '\t' : ' ');
        if (count != layout.Count)
        {
            return false;
        }

        if ((layout.Date >= 0 || _w3cDate is not null) && layout.Time >= 0)
        {
            // Without a date column the date is the #Date: directive's.
            ReadOnlySpan<char> date = layout.Date >= 0 ? line[columns[layout.Date]] : _w3cDate;
            ReadOnlySpan<char> time = line[columns[layout.Time]];
            Span<char> stamp = stackalloc char[date.Length + time.Length + 2];
            date.CopyTo(stamp);
            stamp[date.Length] = ' ';
            time.CopyTo(stamp[(date.Length + 1)..]);
            stamp[^1] = 'Z';
            if (TimestampParser.TryParse(stamp, out RawTimestamp value, out int used) && used == stamp.Length)
            {
                parsed.HasTimestamp = true;
                parsed.Timestamp = value;
            }
        }

        int status = -1;
        if (layout.Status >= 0)
        {
            _ = int.TryParse(line[columns[layout.Status]], NumberStyles.None, CultureInfo.InvariantCulture, out status);
        }

        LogLevel level = HttpStatusLevel(status);
        parsed.Format = LogFormat.W3c;
        parsed.Level = level;
        parsed.LevelFromStatus = status > 0;
        if (level >= _messageFrom)
        {
            // The request and its result: method, path and status (what a template should group by).
            string method = layout.Method >= 0 ? line[columns[layout.Method]].ToString() : string.Empty;
            string path = layout.Path >= 0 ? line[columns[layout.Path]].ToString() : string.Empty;
            parsed.Message = string.Join(' ', new[] { method, path, status > 0 ? status.ToString(CultureInfo.InvariantCulture) : string.Empty }).Trim();
            if (parsed.Message.Length == 0)
            {
                parsed.Message = line.ToString();
            }
        }

        parsed.MeasureValue = layout.Measure >= 0 ? line[columns[layout.Measure]].ToString() : null;
        parsed.GroupValue = layout.Group >= 0 ? line[columns[layout.Group]].ToString() : null;
        // A W3C line's fields are its columns: no name=value search in them (a query string's route=/x is no column).
        _measureOwn = true;
        _groupOwn = true;
        return true;
    }

    /// <summary>The columns a <c>#Fields:</c> directive names (the indexes this parser uses; -1 when absent).</summary>
    private sealed record W3cLayout(int Count, int Date, int Time, int Status, int Method, int Path, int Measure, int Group)
    {
        internal static W3cLayout Create(ReadOnlySpan<char> fields, string? measure, string? group)
        {
            string[] names = fields.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            int Find(string? name) => name is null ? -1 : Array.FindIndex(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
            return new W3cLayout(names.Length, Find("date"), Find("time"), Find("sc-status"), Find("cs-method"), Find("cs-uri-stem"), Find(measure), Find(group));
        }
    }
}
