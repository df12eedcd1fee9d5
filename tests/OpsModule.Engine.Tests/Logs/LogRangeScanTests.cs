using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Logs;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>A big file read in byte ranges at once gives exactly what one reading in order gives.</summary>
public sealed class LogRangeScanTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_file_read_in_ranges_counts_exactly_like_one_reading_in_order()
    {
        string path = _folder.Combine("mixed.log");
        WriteMixedLog(path, entries: 4000);

        var observer = new LockedObserver();
        LogScanResult whole = await Scan(path, rangeBytes: 0, threads: 1, summary: true, NullObserver.Instance);
        LogScanResult ranges = await Scan(path, rangeBytes: 16 * 1024, threads: 2, summary: true, observer);

        Assert.Contains(observer.Messages, m => m.Contains("parts at once", StringComparison.Ordinal));
        Assert.Equal(1, ranges.Summary.Files);
        Assert.Equal(new FileInfo(path).Length, ranges.Summary.Bytes);
        Assert.Equal(Describe(whole.Summary), Describe(ranges.Summary));

        // The entries written: every record once (stack traces belong to their entry), by level.
        Assert.Equal(4000, whole.Summary.Entries);
        Assert.Equal(4000 / 5, whole.Summary.ByLevel["Error"]);
    }

    [Fact]
    public async Task A_log_through_the_end_of_daylight_saving_time_is_never_cut_inside_the_repeated_hour()
    {
        // Europe/Berlin, 2026-10-25: 02:00-03:00 local happens twice (CEST, then CET). A range that started inside the
        // second pass had no stamp before it and read its lines as the first pass, an hour early.
        TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        string path = _folder.Combine("dst.log");
        var text = new StringBuilder();
        var start = new DateTime(2026, 10, 24, 23, 42, 0, DateTimeKind.Utc);
        const int lines = 6000;
        for (int i = 0; i < lines; i++)
        {
            DateTime utc = start.AddTicks(TimeSpan.FromHours(3).Ticks / lines * i);
            DateTime local = TimeZoneInfo.ConvertTimeFromUtc(utc, berlin);
            text.Append(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm:ss.fff} ERROR [worker-1] c.e.Job - Job failed with code {i:00000}\n");
        }

        File.WriteAllText(path, text.ToString());
        var observer = new LockedObserver();
        LogScanResult whole = await new LogScanEngine(new LogScanOptions { SummaryOnly = true, RangeBytes = 0, TimeZone = berlin, Bucket = TimeSpan.FromHours(1) }, NullObserver.Instance)
            .ScanAsync([path], e => throw e, CancellationToken.None);
        LogScanResult ranges = await new LogScanEngine(new LogScanOptions { SummaryOnly = true, RangeBytes = 16 * 1024, ThrottleLimit = 2, TimeZone = berlin, Bucket = TimeSpan.FromHours(1) }, observer)
            .ScanAsync([path], e => throw e, CancellationToken.None);

        Assert.Contains(observer.Messages, m => m.Contains("parts at once", StringComparison.Ordinal));
        // One line every 1.8 s of UTC: 600 before 23:42 + 18 min = 00:00 UTC, then 2000 per UTC hour.
        string expected = "2026-10-24T23:00:00.0000000Z=600,2026-10-25T00:00:00.0000000Z=2000,2026-10-25T01:00:00.0000000Z=2000,2026-10-25T02:00:00.0000000Z=1400";
        Assert.Equal(expected, string.Join(",", whole.Summary.Buckets.Select(b => $"{b.Start:o}={b.Entries}")));
        Assert.Equal(expected, string.Join(",", ranges.Summary.Buckets.Select(b => $"{b.Start:o}={b.Entries}")));
        Assert.Equal(start, ranges.Summary.FirstTimestamp);
    }

    [Fact]
    public async Task A_W3C_log_is_read_in_order_so_every_range_knows_its_fields()
    {
        // Read in ranges, lines after the first range would not know the #Fields: layout (their levels come from sc-status).
        string path = _folder.Combine("u_ex261127.log");
        var text = new StringBuilder("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Fields: date time cs-method cs-uri-stem sc-status time-taken\n");
        for (int i = 0; i < 4000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"2026-11-27 10:{i / 60 % 60:00}:{i % 60:00} GET /api/orders/{i} {(i % 4 == 0 ? 500 : 200)} {i % 97}\n");
        }

        File.WriteAllText(path, text.ToString());
        LogScanResult ranges = await Scan(path, rangeBytes: 16 * 1024, threads: 2, summary: true, NullObserver.Instance);
        Assert.Equal(4000, ranges.Summary.Entries);
        Assert.Equal(1000, ranges.Summary.ByLevel["Error"]);
        Assert.Equal(3000, ranges.Summary.ByLevel["Info"]);
    }

    [Fact]
    public async Task Templates_of_a_file_read_in_ranges_are_the_same_on_one_thread_or_two()
    {
        string path = _folder.Combine("mixed.log");
        WriteMixedLog(path, entries: 4000);

        LogScanResult one = await Scan(path, rangeBytes: 16 * 1024, threads: 1, summary: false, NullObserver.Instance);
        LogScanResult two = await Scan(path, rangeBytes: 16 * 1024, threads: 2, summary: false, NullObserver.Instance);

        Assert.NotEmpty(one.Patterns);
        Assert.Equal(one.Patterns.Select(p => $"{p.TemplateId} {p.Count} {p.Template}"), two.Patterns.Select(p => $"{p.TemplateId} {p.Count} {p.Template}"));
        Assert.Equal(4000 / 5, one.Patterns.Sum(p => p.Count));
    }

    [Fact]
    public async Task A_range_whose_lines_depend_on_the_lines_before_it_is_read_again_in_order()
    {
        // One timestamped entry, then many entries without timestamps (logfmt), then timestamped entries each followed by a
        // WARN line without one. Read in order, too few entries have timestamps for an unstamped line to be taken as a
        // continuation, so every WARN line is an entry of its own; a range read on its own would start with only stamped
        // entries and think otherwise.
        string path = _folder.Combine("unstamped.log");
        var text = new StringBuilder("2026-11-19 23:59:59 INFO starting\n");
        for (int i = 0; i < 3000; i++)
        {
            text.Append("level=error msg=\"job ").Append(i).Append(" failed\"\n");
        }

        var start = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3000; i++)
        {
            text.Append(start.AddSeconds(i).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append(" INFO step ").Append(i).Append(" done\n");
            text.Append("WARN retry ").Append(i).Append('\n');
        }

        File.WriteAllText(path, text.ToString());

        var observer = new LockedObserver();
        LogScanResult ranges = await Scan(path, rangeBytes: 8 * 1024, threads: 2, summary: true, observer);
        LogScanResult whole = await Scan(path, rangeBytes: 0, threads: 1, summary: true, NullObserver.Instance);

        Assert.Contains(observer.Messages, m => m.Contains("re-read in order", StringComparison.Ordinal));
        Assert.Equal(3000, ranges.Summary.ByLevel["Error"]);
        Assert.Equal(3001, ranges.Summary.ByLevel["Info"]);
        Assert.Equal(3000, ranges.Summary.ByLevel["Warning"]);
        Assert.Equal(Describe(whole.Summary), Describe(ranges.Summary));
    }

    [Fact]
    public async Task Entries_before_the_first_timestamp_are_a_preamble_the_continuation_rule_does_not_count()
    {
        // A banner of entries without timestamps (longer than a range), then timestamped entries each followed by a line
        // without one: after the banner those lines continue their entries, read in order or in ranges.
        string path = _folder.Combine("banner.log");
        var text = new StringBuilder();
        for (int i = 0; i < 3000; i++)
        {
            text.Append("ERROR banner line ").Append(i).Append('\n');
        }

        var start = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3000; i++)
        {
            text.Append(start.AddSeconds(i).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append(" INFO step ").Append(i).Append(" done\n");
            text.Append("java.lang.IllegalStateException: retry ").Append(i).Append('\n');
        }

        File.WriteAllText(path, text.ToString());

        LogScanResult ranges = await Scan(path, rangeBytes: 8 * 1024, threads: 2, summary: true, NullObserver.Instance);
        LogScanResult whole = await Scan(path, rangeBytes: 0, threads: 1, summary: true, NullObserver.Instance);

        Assert.Equal(3000, whole.Summary.ByLevel["Error"]);
        Assert.Equal(3000, whole.Summary.ByLevel["Info"]);
        Assert.Equal(0, whole.Summary.ByLevel["Unknown"]);
        Assert.Equal(6000, whole.Summary.Entries);
        Assert.Equal(Describe(whole.Summary), Describe(ranges.Summary));
    }

    [Fact]
    public async Task Crashes_below_the_entry_above_them_are_counted_the_same_in_ranges()
    {
        // Each crash's kind depends on the entry above it (Python's traceback below INFO is a crash, below WARNING it is the
        // warning's): ranges start only at timestamped entries, so the entry above a crash is always in the crash's range.
        string path = _folder.Combine("crashes.log");
        var text = new StringBuilder();
        var start = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3000; i++)
        {
            string stamp = start.AddSeconds(i).ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
            string level = (i % 3) switch { 0 => "INFO", 1 => "WARNING", _ => "ERROR" };
            text.Append(stamp).Append(' ').Append(level).Append(" worker: step ").Append(i).Append('\n');
            switch (i % 8)
            {
                case 0 or 1 or 2:
                    text.Append("Traceback (most recent call last):\n  File \"/srv/app/w.py\", line ").Append(i).Append(", in run\nKeyError: 'k").Append(i % 4).Append("'\n");
                    break;
                case 3:
                    text.Append("Exception in thread \"main\" java.lang.IllegalStateException: boom ").Append(i).Append("\n\tat A.b(A.java:2)\n");
                    break;
                case 4:
                    text.Append("panic: runtime error: index out of range [").Append(i).Append("] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n\t/srv/main.go:21 +0x1d3\n");
                    break;
                case 5:
                    text.Append("/srv/app/crash.js:3\nconst o=undefined; o.id;\n   ^\n\nTypeError: Cannot read properties of undefined (reading 'id')\n    at Object.<anonymous> (/srv/app/crash.js:3:22)\n\nNode.js v20.20.2\n");
                    break;
            }
        }

        File.WriteAllText(path, text.ToString());
        var observer = new LockedObserver();
        LogScanResult whole = await Scan(path, rangeBytes: 0, threads: 1, summary: true, NullObserver.Instance);
        LogScanResult ranges = await Scan(path, rangeBytes: 8 * 1024, threads: 2, summary: true, observer);
        Assert.Contains(observer.Messages, m => m.Contains("parts at once", StringComparison.Ordinal));
        Assert.DoesNotContain(observer.Messages, m => m.Contains("re-read in order", StringComparison.Ordinal));
        Assert.Equal(Describe(whole.Summary), Describe(ranges.Summary));

        // Crashes below INFO (i % 3 == 0): Python's (i % 8 in 0..2), Java's and Node's (Error) and Go's (Fatal); below WARNING
        // and ERROR they are those entries' own.
        int python = Enumerable.Range(0, 3000).Count(i => i % 8 <= 2 && i % 3 == 0);
        int java = Enumerable.Range(0, 3000).Count(i => i % 8 == 3 && i % 3 == 0);
        int go = Enumerable.Range(0, 3000).Count(i => i % 8 == 4 && i % 3 == 0);
        int node = Enumerable.Range(0, 3000).Count(i => i % 8 == 5 && i % 3 == 0);
        Assert.Equal(3000 + python + java + go + node, whole.Summary.Entries);
        Assert.Equal(1000 + python + java + node, whole.Summary.ByLevel["Error"]);
        Assert.Equal(go, whole.Summary.ByLevel["Fatal"]);

        LogScanResult templatesWhole = await Scan(path, rangeBytes: 0, threads: 1, summary: false, NullObserver.Instance);
        LogScanResult templatesRanges = await Scan(path, rangeBytes: 8 * 1024, threads: 2, summary: false, NullObserver.Instance);
        Assert.Equal(templatesWhole.Patterns.Select(p => $"{p.Count} {p.Level} {p.Template}"), templatesRanges.Patterns.Select(p => $"{p.Count} {p.Level} {p.Template}"));
        Assert.Contains(templatesWhole.Patterns, p => p.Template == "KeyError: <*>" && p.Count == python);
    }

    [Fact]
    public async Task Entries_wait_in_a_temporary_file_that_is_gone_once_they_are_read()
    {
        string path = _folder.Combine("mixed.log");
        WriteMixedLog(path, entries: 500);
        var options = new LogScanOptions { Entries = true, TimeZone = TimeZoneInfo.Utc };
        var engine = new LogScanEngine(options, NullObserver.Instance);
        LogScanResult result = await engine.ScanAsync([path], e => throw e, CancellationToken.None);
        Assert.NotEmpty(result.SpoolFiles);
        Assert.All(result.SpoolFiles, spool => Assert.True(File.Exists(spool)));

        List<LogEntry> entries = [.. result.Entries];

        Assert.Equal(100, entries.Count);
        Assert.Equal(entries.OrderBy(e => e.LineNumber).Select(e => e.LineNumber), entries.Select(e => e.LineNumber));
        Assert.All(entries, e => Assert.Equal(LogLevel.Error, e.Level));
        Assert.Equal(result.Patterns.Select(p => p.TemplateId).Order(), entries.Select(e => e.TemplateId).Distinct().Order());
        Assert.Contains("Connection to 10.0.", entries[0].Message, StringComparison.Ordinal);
        Assert.All(result.SpoolFiles, spool => Assert.False(File.Exists(spool)));
    }

    [Fact]
    public async Task Entries_read_only_in_part_still_delete_every_temporary_file()
    {
        string first = _folder.Combine("first.log");
        string second = _folder.Combine("second.log");
        WriteMixedLog(first, entries: 100);
        WriteMixedLog(second, entries: 100);
        var engine = new LogScanEngine(new LogScanOptions { Entries = true, TimeZone = TimeZoneInfo.Utc }, NullObserver.Instance);
        LogScanResult result = await engine.ScanAsync([first, second], e => throw e, CancellationToken.None);
        Assert.Equal(2, result.SpoolFiles.Count);

        LogEntry only = result.Entries.First();

        Assert.Equal(first, only.File);
        Assert.All(result.SpoolFiles, spool => Assert.False(File.Exists(spool)));
    }

    [Fact]
    public async Task A_PostgreSQL_csvlog_is_read_whole_so_a_quoted_field_never_starts_a_range()
    {
        // Statements inside quoted fields span lines, and some of those lines start with a stamp and a level word: a range
        // cut there could not tell it was inside a field (helper-84: 20 false errors in a 34 MB csvlog of LOG records).
        string path = _folder.Combine("postgresql.csv");
        var text = new StringBuilder();
        var start = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 400; i++)
        {
            string stamp = start.AddSeconds(i).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            text.Append(stamp).Append(" UTC,\"app\",\"shop\",4242,\"[local]\",6747a1b2.1092,").Append(i + 1)
                .Append(",\"SELECT\",2026-11-28 00:00:00 UTC,3/").Append(i).Append(",0,LOG,00000,\"statement: select note\n")
                .Append(stamp).Append(" ERROR this line is a note stored in the table, not an error\n")
                .Append("from notes where id = ").Append(i).Append("\",,,,,,,,,\"psql\",\"client backend\",,0\n");
        }

        File.WriteAllText(path, text.ToString());
        var observer = new LockedObserver();
        LogScanResult whole = await Scan(path, rangeBytes: 0, threads: 1, summary: true, NullObserver.Instance);
        LogScanResult ranged = await Scan(path, rangeBytes: 8 * 1024, threads: 2, summary: true, observer);
        Assert.DoesNotContain(observer.Messages, m => m.Contains("parts at once", StringComparison.Ordinal));
        Assert.Equal(400, whole.Summary.Entries);
        Assert.Equal(400, whole.Summary.ByLevel["Info"]);
        Assert.Equal(Describe(whole.Summary), Describe(ranged.Summary));
    }

    private static Task<LogScanResult> Scan(string path, long rangeBytes, int threads, bool summary, IOperationObserver observer)
    {
        var options = new LogScanOptions { SummaryOnly = summary, RangeBytes = rangeBytes, ThrottleLimit = threads, TimeZone = TimeZoneInfo.Utc };
        return new LogScanEngine(options, observer).ScanAsync([path], e => throw e, CancellationToken.None);
    }

    private static string Describe(LogSummary s) =>
        $"{s.Files} {s.Lines} {s.Bytes} {s.Entries} {s.FirstTimestamp:o} {s.LastTimestamp:o} " + string.Join(",", s.ByLevel.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>Python, log4j (with a Java stack trace on errors), JSON, logfmt and syslog lines in turn, some with CR LF.</summary>
    private static void WriteMixedLog(string path, int entries)
    {
        var text = new StringBuilder();
        var t = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        string[] levels = ["ERROR", "INFO", "WARNING", "DEBUG", "INFO"];
        for (int i = 0; i < entries; i++)
        {
            t = t.AddMilliseconds(137);
            string level = levels[(i / 5) % 5];
            string message = $"Connection to 10.0.{i % 7}.{i % 40}:5432 timed out after {100 + (i % 900)} ms";
            string nl = i % 3 == 0 ? "\r\n" : "\n";
            string stamp = t.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            switch (i % 5)
            {
                case 0:
                    text.Append(stamp).Append(" - app.worker - ").Append(level).Append(" - ").Append(message).Append(nl);
                    break;
                case 1:
                    text.Append(stamp).Append(' ').Append(level == "WARNING" ? "WARN" : level).Append(" [pool-1-thread-3] com.example.Service - ").Append(message).Append(nl);
                    if (level == "ERROR")
                    {
                        text.Append("java.lang.IllegalStateException: pool exhausted").Append(nl).Append("\tat com.example.Pool.take(Pool.java:").Append(i % 300).Append(')').Append(nl);
                    }

                    break;
                case 2:
                    text.Append("{\"timestamp\":\"").Append(t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)).Append("\",\"level\":\"").Append(level.ToLowerInvariant()).Append("\",\"message\":\"").Append(message).Append("\"}").Append(nl);
                    break;
                case 3:
                    text.Append("time=").Append(t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)).Append(" level=").Append(level.ToLowerInvariant()).Append(" msg=\"").Append(message).Append("\" duration_ms=").Append(i % 3000).Append(nl);
                    break;
                default:
                    text.Append(t.ToString("MMM dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append(" web01 app[").Append(100 + (i % 900)).Append("]: ").Append(level.ToLowerInvariant()).Append(": ").Append(message).Append(nl);
                    break;
            }
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>An observer the engine's threads can all report to.</summary>
    private sealed class LockedObserver : IOperationObserver
    {
        private readonly object _gate = new();

        internal List<string> Messages { get; } = [];

        public void Verbose(string message)
        {
            lock (_gate)
            {
                Messages.Add(message);
            }
        }

        public void Warning(string message) => Verbose(message);

        public void Progress(string activity, string status, long done, long total)
        {
        }

        public void ProgressCompleted(string activity)
        {
        }
    }
}
