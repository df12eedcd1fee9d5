using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>
/// The parser's fast path (UTF-8 bytes, no transcoding) decides every line it takes exactly as the character parser
/// does: compared line by line on generated lines of every format, their mutations, and tricky lines. Set
/// OPSMODULE_FASTPATH_CORPUS to a folder of real logs (for example the LogHub samples) to compare on those too.
/// </summary>
public sealed partial class LineParserFastPathTests
{
    private static readonly LogLevel[] s_messageFrom = [(LogLevel)int.MaxValue, LogLevel.Error, LogLevel.Unknown];

    [Fact]
    public void The_fast_path_agrees_with_the_character_parser_on_every_line_it_takes()
    {
        var lines = FastPathCorpus.Lines(seed: 1, count: 20000).ToList();
        Compare(lines, out _);
    }

    [Fact]
    public void The_fast_path_agrees_on_grep_output_whose_lines_follow_a_label()
    {
        var random = new Random(12);
        var lines = new List<string>();
        string[] levels = ["ERROR", "INFO", "WARN", "error:", "x"];
        for (int i = 0; i < 3000; i++)
        {
            string path = random.Next(3) switch { 0 => "/var/log/app/a.log", 1 => "a.log.1", _ => "logs/b.log" };
            string level = levels[random.Next(levels.Length)];
            lines.Add(random.Next(5) switch
            {
                0 => $"{path}:2026-11-27 10:00:{random.Next(60):00},123 {level} [main] a.B - request {i}",
                1 => $"{path}:{random.Next(1, 999)}:2026-11-27 10:00:{random.Next(60):00},123 {level} x",
                2 => $"{path}{(random.Next(2) == 0 ? ':' : '-')}{(random.Next(2) == 0 ? random.Next(1, 999) + "-" : string.Empty)}{(random.Next(3) switch { 0 => "\tat a.B.c(B.java:1)", 1 => level + " " + i, _ => " " + level + " x" })}",
                3 => random.Next(2) == 0 ? "--" : "-- x --",
                _ => $"{level} plain {i}",
            });
        }

        Compare(lines, out _);
    }

    [Fact]
    public void The_fast_path_agrees_on_text_edge_cases_and_token_noise()
    {
        Compare(FastPathCorpus.TextEdgeCases(), out _);
        Compare(FastPathCorpus.TokenNoise(seed: 3, count: 30000), out _);
        Compare(FastPathCorpus.SameHeaderRuns(seed: 8, count: 20000), out _);
    }

    [Fact]
    public void The_header_memo_agrees_on_remembered_headers_followed_by_any_other_line_s_text()
    {
        var bases = FastPathCorpus.Lines(seed: 31, count: 6000).Concat(FastPathCorpus.LevelThenLevel(seed: 37, count: 6000)).Concat(FastPathCorpus.TextEdgeCases()).Concat(FastPathCorpus.SameHeaderRuns(seed: 32, count: 3000))
            .Concat(FastPathCorpus.TokenNoise(seed: 33, count: 3000)).ToList();
        Compare(FastPathCorpus.Transplanted(bases, seed: 34, count: 200000), out _);
    }

    [Fact]
    public void The_header_memo_does_not_give_a_header_s_level_to_a_line_whose_digits_or_message_read_otherwise()
    {
        // helper-117's pairs: a digit in the header that is a level, a facility or a status ([trace9]/[trace1], MongoDB's D6/D1,
        // local9/local0, HAProxy's and nginx's status in syslog), a message that closes MongoDB's context, BIND's second
        // severity, an access log's request after a syslog tag.
        string[][] pairs =
        [
            ["2026-01-05 10:00:00 [trace9] INFO x", "2026-01-05 10:00:01 [trace1] INFO y"],
            ["2026-01-05T10:00:00.000+0000 D6 INFO x", "2026-01-05T10:00:01.000+0000 D1 INFO  [conn1] y"],
            ["2026-01-05T10:00:00.000+0000 E COMP  [INFO x", "2026-01-05T10:00:01.000+0000 E COMP  [INFO x] y"],
            ["Nov  9 10:00:00 host local9.err INFO x", "Nov  9 10:00:01 host local0.err INFO y"],
            ["2026-01-05 10:00:00 warn: disk almost full", "2026-01-05 10:00:01 warn: error: disk full"],
            ["Nov  9 10:00:00 host app: x ERROR y", "Nov  9 10:00:01 host app: x ERROR y [09/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 5"],
            ["Nov  9 10:00:00 host app: ERROR: x", "Nov  9 10:00:01 host app: ERROR: - - [09/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 404 5"],
            ["2026-01-05T10:00:00+00:00 host app: x ERROR y", "2026-01-05T10:00:01+00:00 host app: x ERROR y [05/Jan/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 5"],
            ["Nov  9 10:00:00 lb haproxy[1234]: 10.0.0.5:51234 [09/Nov/2026:10:00:00.123] http-in web/web1 0/0/1/1/5 200 194 - - ---- 1/1/0/0/0 0/0 \"GET /api/info HTTP/1.1\"", "Nov  9 10:00:01 lb haproxy[1234]: 10.0.0.6:51235 [09/Nov/2026:10:00:01.456] http-in web/web1 0/0/1/1/5 503 194 - - ---- 1/1/0/0/0 0/0 \"GET /api/info HTTP/1.1\""],
            ["Nov  9 10:00:00 web nginx: 10.0.0.1 - - [09/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"curl info x\"", "Nov  9 10:00:01 web nginx: 10.0.0.1 - - [09/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 500 12 \"-\" \"curl info x\""],
            ["Nov  9 10:00:00 web nginx: 10.0.0.1 - - [09/Nov/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 502 12 \"https://example.com/error\" \"Mozilla/5.0\"", "Nov  9 10:00:01 web nginx: 10.0.0.2 - - [09/Nov/2026:10:00:01 +0000] \"GET /x HTTP/1.1\" 200 12 \"https://example.com/error\" \"Mozilla/5.0\""],
            ["17-Feb-2018 23:06:56.326 error: info: WARN x", "17-Feb-2018 23:06:57.326 error: info: client 1.2.3.4"],
        ];
        foreach (string[] pair in pairs)
        {
            Compare(pair, out _);
        }

        // helper-119's: a Squid line after its epoch stamp (the client field any word), a .NET console category after a bracketed stamp.
        Compare(["1286536309.450 5 INFO x", "1286536309.451 5 INFO TCP_MISS/503 0 GET /"], out _);
        Compare(["1286536309.450 5 DEBUG x", "1286536310.450 5 DEBUG TCP_MISS/404 0 GET /"], out _);
        Compare(["[2026-01-05 10:00:00] info: x", "[2026-01-05 10:00:01] info: A[0]", "error: y"], out _);
        Compare(["[2026-01-05 10:00:00] warn: x", "[2026-01-05 10:00:01] warn: Foo.Bar[0]"], out _);
    }

    [Fact]
    public void The_header_memo_agrees_on_JSON_lines_of_one_layout_with_other_values_keys_and_damage()
    {
        Compare(FastPathCorpus.JsonRuns(seed: 38, count: 150000), out _);
    }

    [Fact]
    public void The_header_memo_agrees_on_logfmt_lines_of_one_layout_with_other_values_keys_and_damage()
    {
        Compare(FastPathCorpus.LogfmtRuns(seed: 39, count: 150000), out _);
    }

    [Fact]
    public void The_header_memo_reads_what_the_fast_path_reads_and_takes_most_text_lines()
    {
        string[] levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
        string[] messages = ["Connection to 10.0.0.5:5432 timed out after 3000 ms", "user alice logged in from 192.168.1.7", "cache miss for key session:ab12cd34", "x"];
        Func<int, string, string, string>[] formats =
        [
            (i, l, m) => $"2026-11-27 {i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00},{i % 1000:000} - app.worker - {l} - {m}",
            (i, l, m) => $"2026-11-27 {i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000} {l} [pool-1-thread-{i % 9}] com.example.Service - {m}",
            (i, l, m) => $"[2026-11-27 {i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}] [{l}] {m}",
            (i, l, m) => $"2026-11-27T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}+01:00 {l} {m}",
            (i, l, m) => $"{{\"timestamp\":\"2026-11-27T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}Z\",\"level\":\"{l.ToLowerInvariant()}\",\"service\":\"api\",\"traceId\":\"{i:x8}\",\"message\":\"{m}\"}}",
            (i, l, m) => $"time=2026-11-27T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}Z level={l.ToLowerInvariant()} msg=\"{m}\" duration_ms={i % 3000}",
            (i, l, m) => $"ts=2026-11-27T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}Z caller=main.go:{i % 300} level={l.ToLowerInvariant()} msg=\"{m}\"",
            (i, l, m) => $"{{\"time\": \"2026-11-27 {i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00},{i % 1000:000}\", \"name\": \"app\", \"levelname\": \"{l}\", \"message\": \"{m}\", \"lineno\": {i % 300}, \"ok\": true}}",
        ];
        foreach (Func<int, string, string, string> format in formats)
        {
            var random = new Random(35);
            var lines = Enumerable.Range(0, 3000).Select(i => Encoding.UTF8.GetBytes(format(i * 7, levels[random.Next(levels.Length)], messages[random.Next(messages.Length)]))).ToList();
            var memo = new LineParser(null, null, null);
            var full = new LineParser(null, null, null) { UseMemo = false };
            foreach (byte[] line in lines)
            {
                bool a = memo.TryParseFast(line, true, (LogLevel)int.MaxValue, out LogLine m, out bool memoStarts);
                bool b = full.TryParseFast(line, true, (LogLevel)int.MaxValue, out LogLine f, out bool fullStarts);
                Assert.True(a == b && memoStarts == fullStarts && Describe(m) == Describe(f), $"memo {a}/{memoStarts} {Describe(m)}, full {b}/{fullStarts} {Describe(f)}: {Encoding.UTF8.GetString(line)}");
            }

            Assert.True(memo.MemoRecalled >= lines.Count * 9 / 10, $"the memo gave {memo.MemoRecalled} of {lines.Count} lines like {Encoding.UTF8.GetString(lines[0])}");
        }
    }

    [Fact]
    public void The_fast_path_takes_the_lines_of_HAProxy_MongoDB_Envoy_AWS_load_balancers_and_access_logs_in_syslog()
    {
        var random = new Random(21);
        var lines = new List<string>();
        for (int i = 0; i < 2000; i++)
        {
            string status = random.Next(10) switch { 0 => "503", 1 => "404", _ => "200" };
            lines.Add((i % 6) switch
            {
                5 => $"Nov 27 10:00:{i % 60:00} web nginx: 10.0.0.{i % 250} - - [27/Nov/2026:10:00:{i % 60:00} +0000] \"GET /api/{i} HTTP/1.1\" {status} {i} \"-\" \"curl/8\"",
                0 => $"Nov 27 10:00:{i % 60:00} lb1 haproxy[123]: 10.0.0.{i % 250}:{40000 + i} [27/Nov/2026:10:00:{i % 60:00}.{i % 1000:000}] http-in web/web{i % 3} 0/0/1/2/3 {status} 120 - - ---- 1/1/0/0/0 0/0 \"GET /api/{i} HTTP/1.1\"",
                1 => $"2019-03-05T14:03:{i % 60:00}.345+0000 {(status == "503" ? "E" : "I")} NETWORK  [conn{i}] end connection 127.0.0.1:{i} ({i % 9} connections now open)",
                2 => $"[2026-11-27T10:00:{i % 60:00}.310Z] \"GET /api/{i} HTTP/2\" {status} - 0 {i} 3 2 \"-\" \"curl/8\" \"{i:x8}\" \"api\" \"10.0.2.1:80\"",
                3 => $"https 2026-11-27T10:00:{i % 60:00}.186641Z app/lb/50dc 10.0.0.{i % 250}:{i} 10.0.1.1:80 0.000 0.001 0.000 {status} {status} 34 366 \"GET https://e.example:443/{i} HTTP/1.1\" \"curl/7\" - - arn:aws:x \"Root=1-{i:x}\" \"-\" \"-\" 0 2026-11-27T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.0.1.1:80\" \"{status}\" \"-\" \"-\"",
                _ => $"2026-11-27T10:00:{i % 60:00}.945958Z my-lb 10.0.0.{i % 250}:{i} 10.0.1.1:80 0.000073 0.001048 0.000057 {status} {status} 0 29 \"GET http://e.example:80/{i} HTTP/1.1\" \"curl/7.38.0\" - -",
            });
        }

        for (int format = 0; format < 6; format++)
        {
            var some = lines.Where((_, i) => i % 6 == format).ToList();
            Compare(some, out int taken);
            Assert.True(taken >= some.Count * 95 / 100, $"the fast path took {taken} of {some.Count} lines like {some[0]} (summary mode)");
        }
    }

    [Theory]
    [InlineData("python")]
    [InlineData("log4j")]
    [InlineData("syslog")]
    [InlineData("kernel")]
    [InlineData("nginx")]
    [InlineData("apache")]
    [InlineData("bracketed")]
    [InlineData("iso-offset")]
    [InlineData("python-basic")]
    [InlineData("level-word")]
    [InlineData("java-exception")]
    public void The_fast_path_takes_nearly_every_undamaged_line_of_a_text_format(string format)
    {
        var lines = FastPathCorpus.Undamaged(format, seed: 4, count: 2000).ToList();
        Compare(lines, out int taken);
        Assert.True(taken >= lines.Count * 95 / 100, $"the fast path took {taken} of {lines.Count} {format} lines (summary mode)");
    }

    [Fact]
    public void Timestamps_read_from_bytes_equal_timestamps_read_from_characters()
    {
        IEnumerable<string> texts = FastPathCorpus.Lines(seed: 5, count: 5000)
            .Concat(FastPathCorpus.TextEdgeCases())
            .Concat(FastPathCorpus.TokenNoise(seed: 6, count: 20000))
            .Concat(FastPathCorpus.StampEdgeCases());
        int read = 0;
        foreach (string text in texts)
        {
            foreach (string s in new[] { text, text.Length > 0 ? text[1..] : text })
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(s);
                bool chars = TimestampParser.TryParse(s, out RawTimestamp fromChars, out int usedChars);
                bool bytes = TimestampParser.TryParse(utf8, out RawTimestamp fromBytes, out int usedBytes);
                bool ascii = System.Text.Ascii.IsValid(utf8);
                if (ascii || bytes)
                {
                    // On ASCII exactly the same; on other text the bytes may refuse, never differ.
                    Assert.True(chars == bytes, $"TryParse: characters {chars}, bytes {bytes}: '{s}'");
                    Assert.True(fromChars == fromBytes && usedChars == usedBytes, $"TryParse: characters {fromChars}/{usedChars}, bytes {fromBytes}/{usedBytes}: '{s}'");
                }

                bool valueChars = TimestampParser.TryParseValue(s, out RawTimestamp valueFromChars);
                bool valueBytes = TimestampParser.TryParseValue(utf8, out RawTimestamp valueFromBytes);
                if (ascii || valueBytes)
                {
                    Assert.True(valueChars == valueBytes && valueFromChars == valueFromBytes, $"TryParseValue: characters {valueChars} {valueFromChars}, bytes {valueBytes} {valueFromBytes}: '{s}'");
                }

                read += chars ? 1 : 0;
            }
        }

        // The comparison is only worth something if many stamps were read.
        Assert.True(read > 10000, $"only {read} stamps read");
    }

    [Fact]
    public void Timestamps_read_with_the_minute_cache_equal_timestamps_read_from_characters()
    {
        // Runs of lines sharing a date and minute (the cache's key) with every kind of ending, and lines in between that
        // share only part of it.
        var cache = default(Utf8StampCache);
        int hits = 0;
        foreach (string text in FastPathCorpus.SameMinuteRuns(seed: 7, count: 20000))
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            bool chars = TimestampParser.TryParse(text, out RawTimestamp fromChars, out int usedChars);
            bool bytes = TimestampParser.TryParse(utf8, ref cache, out RawTimestamp fromBytes, out int usedBytes);
            Assert.True(chars == bytes && fromChars == fromBytes && usedChars == usedBytes, $"characters {chars} {fromChars}/{usedChars}, bytes (cached) {bytes} {fromBytes}/{usedBytes}: '{text}'");
            hits += chars ? 1 : 0;
        }

        Assert.True(hits > 5000, $"only {hits} stamps read");
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void A_scan_with_the_fast_path_counts_exactly_like_one_without(bool summaryOnly, bool entries)
    {
        var options = new LogScanOptions { SummaryOnly = summaryOnly, Entries = entries, Level = LogLevel.Warning, Bucket = TimeSpan.FromHours(6), TimeZone = TimeZoneInfo.Utc };
        var reference = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);
        var fast = new SourceScan("a.log", 0, options, reference);
        var slow = new SourceScan("a.log", 0, options, reference) { UseFastPath = false };
        foreach (string line in FastPathCorpus.Lines(seed: 2, count: 5000))
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(line);
            fast.AddLine(utf8, false);
            slow.AddLine(utf8, false);
        }

        fast.Complete();
        slow.Complete();
        Assert.Equal(Summarize(slow), Summarize(fast));
        fast.Spool?.Dispose();
        slow.Spool?.Dispose();
    }

    private static string Summarize(SourceScan scan)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"lines {scan.Lines} entries {scan.Entries} levels {string.Join(",", scan.ByLevel)} first {scan.First:O} last {scan.Last:O} starts {scan.EntryStarts}\n");
        foreach (KeyValuePair<long, long[]> bucket in scan.Buckets.OrderBy(b => b.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"bucket {bucket.Key} {string.Join(",", bucket.Value)}\n");
        }

        foreach (TemplateCluster cluster in scan.Clusters)
        {
            text.Append(CultureInfo.InvariantCulture, $"template {cluster.Index} {cluster.Stats.Count} {cluster.Stats.Sample} {string.Join(' ', cluster.Tokens)}\n");
        }

        foreach ((string? _, long lineNumber, DateTime? timestamp, LogLevel level, string message, int cluster) in scan.Spool?.Read() ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"entry {lineNumber} {timestamp:O} {level} {cluster} {message}\n");
        }

        return text.ToString();
    }

    [Fact]
    public void The_fast_path_agrees_on_real_logs_when_a_corpus_folder_is_given()
    {
        string? folder = Environment.GetEnvironmentVariable("OPSMODULE_FASTPATH_CORPUS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(folder, "*.log"))
        {
            Compare(File.ReadLines(file), out _);
            var lines = File.ReadLines(file).Take(5000).ToList();
            Compare(FastPathCorpus.Transplanted(lines, seed: 36, count: lines.Count * 4), out _);
        }
    }

    /// <summary>Compares both parsers on each line; returns how many lines (summary parse) the fast path took.</summary>
    internal static void Compare(IEnumerable<string> lines, out int taken)
    {
        taken = 0;
        var fast = new LineParser(null, null, null) { MemoAlwaysTries = true };
        var slow = new LineParser(null, null, null);
        foreach (string text in lines)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            if (!System.Text.Ascii.IsValid(utf8))
            {
                continue;
            }

            foreach (bool continuationLikely in new[] { true, false })
            {
                foreach (LogLevel messageFrom in s_messageFrom)
                {
                    if (!fast.TryParseFast(utf8, continuationLikely, messageFrom, out LogLine f, out bool fastStarts))
                    {
                        // As SourceScan does: the character parser reads the line on the same parser (its state, such as a
                        // W3C layout or a grep label's path, follows the lines it read).
                        fast.TryParse(utf8, text, continuationLikely, messageFrom, out _);
                        continue;
                    }

                    if (messageFrom == (LogLevel)int.MaxValue && continuationLikely)
                    {
                        taken++;
                    }

                    bool slowStarts = slow.TryParse(utf8, text, continuationLikely, messageFrom, out LogLine s);
                    string context = $"line '{text}' (continuationLikely {continuationLikely}, messageFrom {messageFrom})";
                    Assert.True(slow.LastCrash == CrashKind.None, $"the fast path took a crash banner: {context}");
                    Assert.True(slowStarts == fastStarts, $"starts: fast {fastStarts}, characters {slowStarts}: {context}");
                    Assert.True(slow.LastDependedOnContinuation == fast.LastDependedOnContinuation, $"LastDependedOnContinuation: fast {fast.LastDependedOnContinuation}: {context}");
                    if (slowStarts)
                    {
                        Assert.True(Describe(s) == Describe(f), $"fast {Describe(f)}, characters {Describe(s)}: {context}");
                    }
                }
            }
        }
    }

    internal static string Describe(LogLine line) =>
        $"{line.Format} {line.Level} ts={line.HasTimestamp}:{line.Timestamp.Value:O}/{line.Timestamp.Offset}/{line.Timestamp.YearMissing} msg={line.Message ?? "(null)"} next={line.MessageOnNextLine}/{line.LevelOnNextLine} measure={line.MeasureValue} group={line.GroupValue}";
}

/// <summary>Lines of every format the parser knows, with random variables and random damage, for the fast-path comparison.</summary>
internal static partial class FastPathCorpus
{
    private static readonly string[] s_levels = ["TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "CRITICAL", "FATAL", "SEVERE", "DPANIC", "dpanic", "info", "warn", "error", "Error", "E", "W", "I", "D", "notice", "crit", "emerg", "alert", "panic", "fail", "dbug", "trce", "FINE", "NOT", "ALL", "verbose", "VERBOSE", "Information", "Warning",
        "TRC", "VRB", "DBG", "INF", "WRN", "CRT", "FTL", "FINEST", "FINER", "CONFIG", "INFOS", "WARNS", "ERRORS", "CRITI", "FATA", "DEBU", "ERRO", "EROR", "ALERT",
        "EMERG", "EMERGENCY", "emergency", "INFORMATION", "INFORMATIONAL", "PANIC", "NOTE", "Crit", "wArN", "eRRoR", "CRIT", "Fatal", "3", "40", "ERROR:", "[ERROR]", "<warn>",
        "FAILURE", "failure", "Failure", "FAILURES", "LOG", "log", "Log", "LOG:", "LOGS", "DEBUG1", "DEBUG5", "debug3", "DEBUG0", "DEBUG6", "DEBUG12", "DEBUGX"];
    private static readonly string[] s_messages =
    [
        "Connection to 10.0.0.5:5432 timed out after 3000 ms",
        "user alice logged in from 192.168.1.7",
        "request GET /api/orders/123 completed status=200 in 12ms",
        "cache miss for key session:ab12cd34",
        "ERROR while reading: disk full",
        "at the end",
        "key=value other=\"quoted value\"",
        "Traceback (most recent call last):",
        "[worker-3] job 42 done",
        "- - - -",
        "",
    ];

    private static readonly Func<Random, string, string, string>[] s_shapes =
    [
        (r, l, m) => $"{Stamp(r, ' ', ',')} - app.worker - {l} - {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} {l} [pool-1-thread-{r.Next(9)}] com.example.Service - {m}",
        (r, l, m) => $"{Stamp(r, 'T', '.')}Z {l} {m}",
        (r, l, m) => $"[{Stamp(r, ' ', '.')}] [{l}] {m}",
        (r, l, m) => $"{Stamp(r, ' ', ',')} {l}:{m}",
        (r, l, m) => $"{Stamp(r, 'T', '.')}+01:00 [{l}] ({r.Next(100)}) {m}",
        (r, l, m) => $"{{\"timestamp\":\"{Stamp(r, 'T', '.')}Z\",\"level\":\"{l}\",\"service\":\"api\",\"traceId\":\"{r.Next():x8}\",\"message\":\"{m.Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}",
        (r, l, m) => $"{{\"@t\":\"{Stamp(r, 'T', '.')}Z\",\"@l\":\"{l}\",\"@mt\":\"{m.Replace("\"", "'", StringComparison.Ordinal)}\"}}",
        (r, l, m) => $"{{\"@t\":\"{Stamp(r, 'T', '.')}Z\",\"@mt\":\"{m.Replace("\"", "'", StringComparison.Ordinal)}\",\"RequestId\":{r.Next(100)}}}",
        (r, l, m) => $"{{\"time\": {r.Next(1600000000, 1800000000)}, \"severity\": \"{l}\", \"msg\": \"x\", \"n\": {r.Next(100)}}}",
        (r, l, m) => $"{{\"PRIORITY\":\"{r.Next(8)}\",\"__REALTIME_TIMESTAMP\":\"{r.Next(1600000000, 1800000000)}000000\",\"MESSAGE\":\"{m.Replace("\"", "'", StringComparison.Ordinal)}\"}}",
        (r, l, m) => $"time={Stamp(r, 'T', '.')}Z level={l} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" duration_ms={r.Next(3000)}",
        (r, l, m) => $"ts={Stamp(r, 'T', '.')}Z lvl={l} caller=main.go:{r.Next(300)} msg={m.Split(' ')[0]}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} web01 app[{r.Next(100, 999)}]: {l}: {m}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} web01 sshd[{r.Next(100, 999)}]: {m}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} combo kernel: {m}",
        (r, l, m) => $"{l}:root:{m}",
        (r, l, m) => $"{l.ToLowerInvariant()}: Microsoft.Hosting.Lifetime[{r.Next(20)}]",
        (r, l, m) => $"{Stamp(r, ' ', '.')} {Pick(r, "fail", "crit", "dbug", "trce", "info", "warn", "Fail", "fail:", "error")}: App.Db[{r.Next(20)}]{Pick(r, string.Empty, " " + m)}",
        (r, l, m) => $"{l} {m}",
        (r, l, m) => $"{l}: {m}",
        (r, l, m) => $"[{Day(r)} {Month(r)} {r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999999):000000} 2026] [core:{l.ToLowerInvariant()}] [pid {r.Next(9999)}] {m}",
        (r, l, m) => $"{r.Next(2000, 2030)}/{r.Next(1, 13):00}/{r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} [{l.ToLowerInvariant()}] {r.Next(9999)}#0: {m}",
        (r, l, m) => $"{r.Next(1, 13):00}-{r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999):000} {r.Next(9999)} {r.Next(9999)} {l[..1]} Tag: {m}",
        (r, l, m) => $"\tat com.example.Pool.take(Pool.java:{r.Next(300)})",
        (r, l, m) => $"java.lang.IllegalStateException: {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} {Pick(r, "CET", "UTC", "+03", "EST", "CEST")},{Pick(r, "", "\"postgres\"")},\"shop\",{r.Next(99999)},\"127.0.0.1:{r.Next(65535)}\",6b0b07d5.1d48,{r.Next(9)},\"INSERT\",{Stamp(r, ' ', '.')[..19]} CET,3/6,727,{Pick(r, "LOG", "ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", "DEBUG1", "DEBUG5", "DEBUG0", "error", l)},{Pick(r, "23505", "00000", "2350", "XX000")},\"{m.Replace("\"", "\"\"", StringComparison.Ordinal)}\",\"Key (id)=(1) already exists.\",,,,,\"insert into t values (1)\",,,\"psql\",\"client backend\",,0",
        (r, l, m) => $"{Stamp(r, ' ', '.')} {Pick(r, "CET", "UTC")},,,{r.Next(99999)},,6b0b07cc.1c29,1,,{Stamp(r, ' ', '.')[..19]} CET,,0,{Pick(r, "LOG", "ERROR", l)},00000,\"{Pick(r, "starting", "select a,", "x \"\"y\"\"")}\"{Pick(r, ",,,,,,,,,\"\",\"postmaster\",,0", "", ",,")}",
        (r, l, m) => $"Caused by: java.io.IOException: {m}",
        (r, l, m) => $"  File \"/app/x.py\", line {r.Next(300)}, in run",
        (r, l, m) => m,
        (r, l, m) => $"{r.Next(1600000000, 1800000000)} {l} {m}",
        (r, l, m) => $"{Stamp(r, ' ', ',')} {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} [{l}] {m}",

        // Text shapes (the text steps of the fast path).
        (r, l, m) => $"{Stamp(r, 'T', '.')}{Offset(r)} {l} {m}",
        (r, l, m) => $"{Stamp(r, ' ', ',')}{r.Next(1000):000} {l} [{Logger(r)}:{r.Next(300)}] {m}",
        (r, l, m) => $"{Stamp(r, '_', '.')} {l} {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')}  {l}  [main] {Logger(r)}: {m}",
        (r, l, m) => $"{r.Next(2000, 2030)}-{r.Next(1, 13):00}-{r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} - {l}  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - {m}",
        (r, l, m) => $"[{Stamp(r, 'T', '.')}Z] {l} {m}",
        (r, l, m) => $"[{Stamp(r, ' ', ',')}] [{Logger(r)}] {l}: {m}",
        (r, l, m) => $"[{Stamp(r, ' ', '.')} {l} {m}",
        (r, l, m) => $"{r.Next(1, 29):00}/{Month(r)}/{r.Next(2000, 2030)}:{r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} {Offset(r).Trim()} {l} {m}",
        (r, l, m) => $"[{r.Next(1, 29):00}/{Month(r)}/{r.Next(2000, 2030)}:{r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} +0000] \"GET /x HTTP/1.1\" {r.Next(200, 600)} {r.Next(9999)}",
        (r, l, m) => $"[{Day(r)} {Month(r)} {r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} {r.Next(2000, 2030)}] [{l.ToLowerInvariant()}] [client 10.0.0.{r.Next(255)}] {m}",
        (r, l, m) => $"[{Day(r)} {Month(r)} {r.Next(1, 32)} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999999)} {r.Next(1999, 2030)}] [{Logger(r)}:{l}] {m}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 32),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999999)} host{r.Next(9)} {Logger(r)}: {l} {m}",
        (r, l, m) => $"{Month(r).ToLowerInvariant()} {r.Next(1, 32)} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} combo kernel: [{r.Next(99999)}.{r.Next(999999)}] {l}: {m}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 32):00} {r.Next(25):00}:{r.Next(61):00}:{r.Next(62):00} LabSZ sshd[{r.Next(99999)}]: {m}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} web01",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}",
        (r, l, m) => $"{r.Next(10, 20)}/{r.Next(1, 13):00}/{r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} {l} spark.SecurityManager: {m}",
        (r, l, m) => $"0811{r.Next(10, 30)} {r.Next(100000, 240000)} {r.Next(999)} {l} dfs.DataNode$PacketResponder: {m}",
        (r, l, m) => $"- {r.Next(1100000000, 1200000000)} 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL {l} {m}",
        (r, l, m) => $"{l}:{Logger(r)}:{m}",
        (r, l, m) => $"{l}: {Logger(r)}[{r.Next(9)}] {m}",
        (r, l, m) => $"{Stamp(r, ' ', ',')}\t{l}\t{m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} [{l}|main] {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} ({l}) {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} <{l}> {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} [ {l} ] [[{l}]] {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} main {Logger(r)} {l}- {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} a b c d e f g h i {l} {m}",
        (r, l, m) => $"[{Stamp(r, 'T', '.')}Z] \"{Pick(r, "GET", "POST", "get", "G")} /api/{r.Next(99)} {Pick(r, "HTTP/1.1", "HTTP/2", "HTTPS", "")}\" {Pick(r, "200", "404", "503", "0", "2000", l)} {Pick(r, "-", "UF", "NR", "UF,URX", "MB", "", "12")} {r.Next(999)} {r.Next(999)} \"-\" \"curl/8\"",
        (r, l, m) => $"{Pick(r, "", "https ", "h2 ", "http ", "ws ", "wss ", "grpcs ", "hp ")}{Stamp(r, 'T', '.')}{Pick(r, "Z", "+01:00", "")} {Pick(r, "app/lb/5d ", "my-lb ")}10.0.0.{r.Next(255)}:{r.Next(9999)} {Pick(r, "10.0.0.1:80", "-")} 0.000 {Pick(r, "0.001", "-1")} 0.000 {Pick(r, "200", "502", "-", "460", "x")} {Pick(r, "200", "-", "x")} {r.Next(99)} {r.Next(999)} \"GET {Pick(r, "https://e.example:443/a", "/b")} HTTP/1.1\" \"curl/7\" - - arn:aws:x \"Root=1-5\" \"-\" \"-\" 0 {Stamp(r, 'T', '.')}Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} lb1 haproxy[{r.Next(100, 999)}]: 10.0.{r.Next(9)}.{r.Next(255)}:{r.Next(1024, 65535)} [{r.Next(10, 29)}/{Month(r)}/2026:{r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(1000):000}] http-in web/web{r.Next(3)} 0/0/1/{Pick(r, "25", "-1")}/{r.Next(9999)} {Pick(r, "200", "404", "503", "-1", "2000", l)} {r.Next(9999)} - - {Pick(r, "----", "sH--", "CD--", "cD", "SC--", "----x")} 1/1/0/0/0 0/0 \"GET /api/{r.Next(99)} HTTP/1.1\"",
        (r, l, m) => $"{Pick(r, "", "2026-11-27T10:00:00.123+00:00 lb1 haproxy[1]: ", "Nov 27 10:00:00 lb1 haproxy[1]: ")}{r.Next(255)}.0.0.1:{r.Next(9999)} [{r.Next(10, 29)}/{Month(r)}/2026:10:00:00{Pick(r, ".123", "", ".1234567", ".x")}] {Pick(r, "fe-db be-db/db1 1/0/5007", "fe be/s 1/2/3/4/5 500", "fe bes 1/2/3")} {r.Next(999)} {Pick(r, "--", "SC", "cD", "- - ----", "- - SH--")} 1/1/0/0/0 0/0",
        (r, l, m) => $"{Pick(r, "", "<190>", "<187>")}{Pick(r, "Nov 27 10:00:00 web nginx: ", "2026-11-27T10:00:00.123+00:00 web nginx: ", "Nov 27 10:00:00 web kernel: ")}{Pick(r, "10.0.0.1 - - [27/Nov/2026:10:00:00 +0000] ", "[12345.678] ", "10.0.0.1 - - [27/Nov/2026:10:00:00] ")}\"GET /a/{r.Next(99)} HTTP/1.1\" {Pick(r, "200", "404", "502", "2000", "-")} {r.Next(999)} \"-\" \"curl/8\"",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} 10:00:00 lb1 haproxy[1]: {Pick(r, "Server web/web1 is DOWN, reason: Layer4 timeout", "Backup Server web/b1 is DOWN.", "backend web has no server available!", "Server web/web1 is UP", "Server is DOWN", "backend web has 2 servers", "Proxy http-in started.")}",
        (r, l, m) => $"{Stamp(r, r.Next(2) == 0 ? 'T' : ' ', '.')}{Pick(r, "+0000", "Z", "-0500", "")} {Pick(r, "I", "E", "W", "F", "D", "D1", "D5", "D6", "X", l)} {Pick(r, "NETWORK ", "STORAGE ", "REPL_HB ", "-       ", "network ", "NETWORK")} {Pick(r, "[conn12]", "[WT RecordStoreThread: local.oplog.rs]", "[]", "conn1", "[a[b]")} {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} a b c d e f g h i j {l} {m}",
        (r, l, m) => $"... {r.Next(40)} more",
        (r, l, m) => $"--- End of inner exception stack trace ---",
        (r, l, m) => $"Traceback (most recent call last):",
        (r, l, m) => $"at com.example.Pool.take(Pool.java:{r.Next(300)})",
        (r, l, m) => $"File \"/app/x.py\", line {r.Next(300)}",
        (r, l, m) => $"{l} [{Logger(r)}] {m}",
        (r, l, m) => $"[{l}] {m}",

        // Numeric timestamps other than ISO, and the HPC column logs.
        (r, l, m) => $"{r.Next(1, 14):00}/{r.Next(1, 32):00}/{r.Next(1999, 2030)} {r.Next(1, 13):00}:{r.Next(60):00}:{r.Next(60):00}{Pick(r, string.Empty, " AM", " PM", " pm", " AMx", ".123")} {l} {m}",
        (r, l, m) => $"{r.Next(1, 32):00}/{r.Next(1, 13):00}/{r.Next(1999, 2030)} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} {l} {m}",
        (r, l, m) => $"{Stamp(r, r.Next(2) == 0 ? ' ' : 'T', '.')}{Pick(r, " UTC", " GMT", " UTCX", " utc", "UTC", " GMT1", " CET", " UTC:")} [{r.Next(9999)}] {l}:  {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')}{Pick(r, " UTC", string.Empty)} [{r.Next(9999)}] {Pick(r, "DETAIL:", "HINT:", "STATEMENT:", "CONTEXT:", "QUERY:", "LOCATION:", "DETAILS:", "detail:", l + ":")}{Pick(r, "  ", " ", string.Empty)}{m}",
        (r, l, m) => $"{Pick(r, "10.0.0.1", "2001:db8::1", "example.com", "a b", " x")} {Pick(r, "-", "- -", "-")} {Pick(r, "-", "alice")} [{r.Next(1, 32):00}/{Month(r)}/{r.Next(2000, 2030)}:{r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}{Pick(r, " +0000", string.Empty, " -0530")}]{Pick(r, " ", string.Empty)}\"{Pick(r, "GET", "POST")} /api/{r.Next(99)}{Pick(r, string.Empty, " \\\"q\\\"")} HTTP/1.1\" {Pick(r, "200", "404", "503", "99", "2000", "x")} {r.Next(9999)}{Pick(r, string.Empty, " \"-\" \"curl/8\"")}",
        (r, l, m) => $"{r.Next(0, 33)}{Pick(r, "/", ".", "-")}{r.Next(0, 14)}{Pick(r, "/", ".")}{r.Next(1998, 2031)}{Pick(r, " ", "  ", "1 ")}{r.Next(0, 25)}:{r.Next(60):00}:{r.Next(61):00}{Pick(r, string.Empty, ".5", " AM", " pm", " PMx")} {l} {m}",
        (r, l, m) => $"{r.Next(10, 30)}/{r.Next(1, 14):00}/{r.Next(1, 32):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}{Pick(r, string.Empty, ",123", ".5")} {l} {Logger(r)}: {m}",
        (r, l, m) => $"{r.Next(10, 30)}{r.Next(1, 14):00}{r.Next(1, 32):00} {r.Next(24):00}{r.Next(60):00}{r.Next(61):00}{Pick(r, " ", "  ", "x ", string.Empty)}{r.Next(999)} {l} {m}",
        (r, l, m) => $"{r.Next(2000, 2030)}{r.Next(1, 13):00}{r.Next(1, 32):00}{Pick(r, "-", "T", " ", "_")}{r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}{Pick(r, ":606", ":1234567890", ".12", "Z", string.Empty)}|Step_LSC|{r.Next(99999999)}|{m}",
        (r, l, m) => $"{r.Next(2000, 2030)}{r.Next(1, 13):00}{r.Next(1, 32):00}T{r.Next(24):00}{r.Next(60):00}{r.Next(60):00}{Pick(r, "Z", ".5Z", "1", string.Empty)} {l} {m}",
        (r, l, m) => $"{r.Next(900000000, 2100000000)}{Pick(r, ".779", string.Empty, ".1234567")}{Pick(r, "    ", " ", "x")}{r.Next(999)} 192.168.0.{r.Next(255)} TCP_MISS/200 {r.Next(9999)} GET http://example.com/ - DIRECT/1.2.3.4 text/html",
        (r, l, m) => $"{Stamp(r, ' ', '.')}, {Pick(r, "Info", "Error", "Warning", "info")}                  CBS    {m}",
        (r, l, m) => $"{Pick(r, "-", "APPREAD", "KERNDTLB", "R_PBS", "lower", "-x")} {r.Next(900000000, 2100000000)} 200{r.Next(10)}.{r.Next(1, 13):00}.{r.Next(1, 32):00} dn{r.Next(999)} {Month(r)} {r.Next(1, 29)} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} dn{r.Next(999)}/dn{r.Next(999)} crond(pam_unix)[{r.Next(9999)}]: {Pick(r, string.Empty, l + ": ")}{m}",
        (r, l, m) => $"- {r.Next(900000000, 2100000000)} 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL {l} {m}",
        (r, l, m) => $"{r.Next(1, 9999999)} {Pick(r, "node-246", "gige7", "full")} {Pick(r, "unix.hw", "node", "partition")} {Pick(r, "state_change.unavailable", "status", "temperature")} {r.Next(900000000, 2100000000)} {Pick(r, "1", "-1", "x", "12")} {Pick(r, m, l + " " + m, string.Empty)}",
        (r, l, m) => $"{l} nova.compute.manager [req-{r.Next():x8} - - -] [instance: {r.Next():x8}] {m}",

        // rsyslog's RFC 3339 file format (and look-alikes that are not syslog).
        (r, l, m) => $"{Stamp(r, Pick(r, "T", "T", " ")[0], '.')}{Pick(r, "+00:00", "Z", "-05:00", string.Empty, "+0100")} {Pick(r, "web01", "ip-10-0-0-5.ec2.internal", l, "a b", "[main]", "E", "x_y-1")} {Pick(r, "app[123]:", "sshd[456]:", "kernel:", l + ":", l + "[1]:", ":", "app", "a:b:", "[1]:", "systemd[1]: ")}{Pick(r, " ", "  ", string.Empty)}{Pick(r, l + ": ", l + " ", string.Empty, "[" + l + "] ")}{m}",
        (r, l, m) => $"{Pick(r, "-- Boot 3f1c2e0a --", "-- No entries --", "-- x", "--  --", "-- --", "--- End of --", "-- " + l + " --")}",
        (r, l, m) => $"{Month(r)} {r.Next(0, 32)},{Pick(r, " ", string.Empty)}{r.Next(1998, 2031)} {r.Next(0, 14)}:{r.Next(60):00}:{r.Next(61):00} {Pick(r, "AM", "PM", "am", "XM", "A", string.Empty)} {Pick(r, "org.apache.catalina.startup.Catalina start", "com.x.App", l, "a b c", string.Empty)}",
        (r, l, m) => $"{r.Next(0, 33):00}-{Month(r)}-{r.Next(1998, 2031)} {r.Next(25):00}:{r.Next(60):00}:{r.Next(61):00}{Pick(r, ".123", string.Empty)} {Pick(r, l, "FINE", "FINER", "CONFIG", "FINEST", "FINEx", "CONFIGS")} [main] org.apache.catalina.core.StandardContext.startInternal {m}",
        (r, l, m) => $"[{r.Next(0, 33):00}-{Month(r)}-{r.Next(1998, 2031)} {r.Next(25):00}:{r.Next(60):00}:{r.Next(61):00}{Pick(r, " UTC", " Europe/Berlin", " Nowhere/Land", " GMT", string.Empty, " INF", " utc", " Etc/GMT+5", " a b")}]{Pick(r, " PHP Fatal error:  ", " PHP Warning:  ", " PHP Notice: ", " PHP Deprecated:", " PHP Strict Standards:  ", " PHP Parse error:  ", " PHP Foo:  ", " " + l + ": ", " PHP ")}{m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')[..^1]} {Pick(r, "spid51      ", "spid9s      ", "Server      ", "Logon       ", "Backup      ", "spid51     ", "spid51       ", "INFO [main] ", "a b         ")}{Pick(r, "Error: 18456, Severity: " + r.Next(0, 30) + ", State: 8.", "Error: x, Severity: 1", "Error: 1, Severity: ", "Login failed for user 'sa'.", " x", l + " " + m)}",
        (r, l, m) => $"{{{Pick(r, "\"log\":", " \"log\" : ", "\"log\" :", "\"logs\":", "\"log\":1,\"x\":")}{Pick(r, "\"", " \"")}{Stamp(r, ' ', ',')} {l} [main] a.B - {Json(m)}\\n\", \"stream\": \"stderr\", \"time\": \"{Stamp(r, 'T', '.')}Z\"}}",
        (r, l, m) => $"{Pick(r, "Log file created at: 2026/11/27 10:00:00", "Running on machine: web01", "Running duration (h:mm:ss): 0:00:00", "Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg", "Application fingerprint: x", "Binary: Built with gc go1.21.0 for linux/amd64", "Binary: x", "# Logfile created on 2026-11-27", "Log file created", "Running " + l)}",
        (r, l, m) => $"{r.Next(1, 99999)}:signal-handler{Pick(r, " (", "(", " (x")}{r.Next(1000000000, 2000000000)}{Pick(r, ")", string.Empty, ") ")} {m}",
        // Redis, klog, Ruby's Logger, docker logs -t.
        (r, l, m) => $"{r.Next(1, 99999)}:{Pick(r, "M", "S", "C", "X", "m", "Q")} {r.Next(0, 33)} {Month(r)} {r.Next(1999, 2030)} {r.Next(25):00}:{r.Next(60):00}:{r.Next(61):00}{Pick(r, ".123", string.Empty)} {Pick(r, "*", "#", ".", "-", "?", "**", string.Empty)} {m}",
        (r, l, m) => $"{Pick(r, "I", "W", "E", "F", "D", "i")}{Pick(r, string.Empty, string.Empty, r.Next(1998, 2031).ToString(System.Globalization.CultureInfo.InvariantCulture), "99")}{r.Next(0, 14):00}{r.Next(0, 33):00} {r.Next(25):00}:{r.Next(60):00}:{r.Next(61):00}{Pick(r, ".123456", string.Empty, ".1")}{Pick(r, "   ", " ", string.Empty)}{Pick(r, "12345", "1", "x", string.Empty)} {Pick(r, "reflector.go:138]", "main.go:9] ", "a] ", "a:b ]", "x.go:1]")} {m}",
        (r, l, m) => $"{Pick(r, "E", "W", "I", "D", "F", "A", "U", "X")}, [{Stamp(r, 'T', '.')}{Pick(r, "456", string.Empty)} #{r.Next(99999)}] {Pick(r, l, "ANY", " WARN", string.Empty)} -- {Pick(r, "app", string.Empty, "a b")}{Pick(r, ": ", ":", " ")}{m}",
        (r, l, m) => $"{r.Next(2000, 2030)}-{r.Next(1, 13):00}-{r.Next(1, 29):00}T{r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999999999):000000000}{Pick(r, "Z", "+00:00", "z")} {Pick(r, Stamp(r, ' ', ',') + " " + l + " [main] a.B - " + m, "level=" + l + " msg=x", l + " " + m, m, "\tat x.Y(Y.java:1)", "  indented", string.Empty)}",

        // Labels a tool put before each line: docker compose, kubectl --prefix, grep -H, a file name (LogHub's OpenStack).
        (r, l, m) => $"{ComposeLabel(r)}{Stamp(r, ' ', ',')} {l} [main] app.Main - {m}",
        (r, l, m) => $"{ComposeLabel(r)}\tat com.example.Pool.take(Pool.java:{r.Next(300)})",
        (r, l, m) => $"{ComposeLabel(r)}{{\"time\":\"{Stamp(r, 'T', '.')}Z\",\"level\":\"{l}\",\"msg\":\"x\"}}",
        (r, l, m) => $"{ComposeLabel(r)}{Pick(r, m, l + " " + m, "time=" + Stamp(r, 'T', '.') + "Z level=" + l + " msg=x", "#Fields: date time")}",
        (r, l, m) => $"{Pick(r, "[pod/api-7d9f/api] ", "[pod/x]", "[pod/a b] ", "[pods/x] ", "[pod/x]x ")}{Pick(r, Stamp(r, 'T', '.') + "Z", "  at x", string.Empty)} {l} {m}",
        (r, l, m) => $"{Pick(r, "/var/log/app/a.log:", "a.log.1:12:", "x.log.2.gz:", "a.logx:", "a.log-20261120:", "b.log:3-", "a.log", "a.log: ", "~/a.log:")}{Pick(r, Stamp(r, ' ', ','), "10:00:00,123", string.Empty, "Nov 20 10:00:00 web01 app[3]:")} {l} {m}",
        (r, l, m) => $"{Pick(r, "nova-api.log.1.2017-05-16_13:53:08", "nova.log", "app.log.txt", "app.log.1:7", "a.log")}{Pick(r, " ", "  ", ":")}{Pick(r, Stamp(r, ' ', '.'), "1 2 3", "10:00:00")} {r.Next(99999)} {l} nova.osapi_compute.wsgi.server [req-{r.Next():x8} - - -] {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')}|{Pick(r, l, "Step_LSC", string.Empty, " " + l)}|{Pick(r, "MyApp.Program|", string.Empty, "a b|")}{m}",
        (r, l, m) => $"{Stamp(r, 'T', '.')}Z {Pick(r, "stdout", "stderr", "stdin")} {Pick(r, "F", "P", "X")} {Pick(r, l + " " + m, "\tat x.Y(Y.java:1)", $"time={Stamp(r, 'T', '.')}Z level={l} msg=x", string.Empty)}",
        (r, l, m) => $"{{\"log\":\"{Pick(r, l + " " + m, $"{Stamp(r, ' ', ',')} {l} {m}", "\\tat x.Y(Y.java:1)", string.Empty)}\\n\",\"stream\":\"stderr\",\"time\":\"{Stamp(r, 'T', '.')}456789Z\"}}",
        (r, l, m) => $"{{\"log\":{Pick(r, "1", "null", "\"x\"", "{}")},\"level\":\"{l}\"}}",
        (r, l, m) => $"{r.Next(26):00}:{r.Next(61):00}:{r.Next(61):00}{Pick(r, ".123", ",5", string.Empty, ".")}{Pick(r, " ", "x", "  ")}[main] {l} com.example.App - {m}",
        (r, l, m) => $"[{Pick(r, $"{r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}", Stamp(r, ' ', '.'))}{Pick(r, " " + l, " ", "\t", "\u001c", string.Empty, " x " + l)}] {m}",
    ];

    private static readonly Dictionary<string, Func<Random, string, string, string>> s_textFormats = new()
    {
        ["python"] = (r, l, m) => $"{Stamp(r, ' ', ',')} - app.worker - {l} - {m}",
        ["log4j"] = (r, l, m) => $"{Stamp(r, ' ', '.')} {l} [pool-1-thread-{r.Next(9)}] com.example.Service - {m}",
        ["syslog"] = (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} web01 app[{r.Next(100, 999)}]: {l.ToLowerInvariant()}: {m}",
        ["kernel"] = (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} combo kernel: [{r.Next(99999)}.{r.Next(999999):000000}] {m}",
        ["nginx"] = (r, l, m) => $"{r.Next(2000, 2030)}/{r.Next(1, 13):00}/{r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} [{l.ToLowerInvariant()}] {r.Next(9999)}#0: *{r.Next(999)} {m}",
        ["apache"] = (r, l, m) => $"[{Day(r)} {Month(r)} {r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999999):000000} 2026] [core:{l.ToLowerInvariant()}] [pid {r.Next(9999)}] {m}",
        ["bracketed"] = (r, l, m) => $"[{Stamp(r, ' ', '.')}] [{l}] {m}",
        ["iso-offset"] = (r, l, m) => $"{Stamp(r, 'T', '.')}{Offset(r)} {l} {m}",
        ["level-word"] = (r, l, m) => $"{l} job {r.Next(9999)} {m}",
        ["java-exception"] = (r, l, m) => r.Next(3) switch
        {
            0 => $"java.lang.IllegalStateException: {m}",
            1 => $"Caused by: java.io.IOException: {m}",
            _ => $"at com.example.Pool.take(Pool.java:{r.Next(300)})",
        },
        ["python-basic"] = (r, l, m) => $"{new[] { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" }[r.Next(5)]}:root:{m}",
    };

    private static readonly string[] s_commonLevels = ["DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL", "TRACE", "info", "warn", "error", "debug", "notice", "crit", "err"];
    private static readonly string[] s_noiseTokens =
    [
        "2026", "11", "1", "-", "/", ":", " ", "  ", "\t", "T", "Z", "z", "+", ".", ",", "_", "[", "]", "(", ")", "<", ">", "|", "0", "9", "60", "24", "29", "02", "31", "00",
        "+01:00", "-0530", "+1500", "Nov", "nov", "Feb", "Fri", "at ", "Caused by", "File \"", "...", "--- End of", "Traceback", "ERROR", "error", "WARN", "Info", "info:",
        "CRITICAL", "NOT", "ALL", "EMERGENCY", "Information", "INFORMATION", "FINEST", "root", "app.worker", "com.example.Service", "#", "*", "=", "\"", "'", "e", "E", "W",
    ];

    private static readonly string[] s_textEdgeCases =
    [
        "2026-11-20 00:00:01,151 - app.worker - INFO - msg", "2026-11-20 00:00:00.267 DEBUG [pool-1-thread-2] com.example.Service - x", "[2026-11-20 00:00:00.1] [INFO] m",
        "2026-11-20T00:00:00Z ERROR x", "2026-11-20T00:00:00z error x", "2026-11-20T00:00:00.123456789Z INFO x", "2026-11-20T00:00:00.1234567+01:00 INFO x",
        "2026-11-20T00:00:00+0100 INFO x", "2026-11-20T00:00:00 +0100 INFO x", "2026-11-20T00:00:00 +01:00INFO x", "2026-11-20T00:00:00+01:001 INFO", "2026-11-20T00:00:00+01001 INFO",
        "2026-11-20T00:00:00+14:00 INFO", "2026-11-20T00:00:00+15:00 INFO", "2026-11-20T00:00:00+14:30 INFO", "2026-11-20 00:00:00 +1401 INFO", "2026-11-20T00:00:00-14:00 INFO", "2026-11-20T00:00:00-01:60 INFO", "2026-11-20T00:00:00-00:00 INFO", "2026-11-20T00:00:00+01 INFO",
        "2026-11-20T00:00:00+01:0", "2026-11-20T00:00:00+0", "2026-11-20T00:00:00+", "2026-11-20T00:00:00.", "2026-11-20T00:00:00,", "2026-11-20T00:00:00.Z", "2026-11-20T00:00:00",
        "2026-11-20 23:59:60 ERROR leap", "2026-11-20 24:00:00 ERROR", "2026-11-20 23:60:00 ERROR", "2026-02-29 00:00:00 ERROR", "2024-02-29 00:00:00 ERROR", "2100-02-29 00:00:00 ERROR",
        "2000-02-29 00:00:00 ERROR", "0000-01-01 00:00:00 ERROR", "0001-01-01 00:00:00 ERROR", "9999-12-31 23:59:59.9999999Z ERROR", "2026-13-01 00:00:00 ERROR", "2026-00-01 00:00:00 ERROR",
        "2026-04-31 00:00:00 ERROR", "2026-11-00 00:00:00 ERROR", "2026/11/20 00:00:00 [error] 123#0: x", "2026/11-20 00:00:00 [error]", "2026-11-20X00:00:00 ERROR", "2026-11-20_00:00:00 WARN",
        "2026-11-20 00:00:00\tERROR\tx", "2026-11-20T10:00:00.123Z\tERROR\tcontroller.deployment\tReconciler error\t{\"name\": \"web-1\"}", "2026-11-20T10:00:00.123Z\tinfo\tapp/main.go:42\tstarted",
        "Nov 20 10:00:00 web01 app[12]:\tERROR\tx", "2026-11-20T10:00:00+01:00 web01 app[12]:\terror x", "2026-11-20 00:00:00 x\ty ERROR", "1.7950824011234567e+09 ERROR zap epoch", "1.7950824011234567e+09 info x", "1.7e+09 ERROR short", "0.5e+09 ERROR low", "9.9e+09 ERROR high",
        "2026-11-20 10:00:00.123 ERROR 1234 --- [           main] o.s.boot.SpringApplication               : Application run failed",
        "2026-11-20T10:00:00.123+01:00  WARN 1234 --- [myapp] [nio-8080-exec-1] .w.s.m.s.DefaultHandlerExceptionResolver : Resolved x", "2026-11-20 00:00:00    ERROR    x", "2026-11-20 00:00:00 error x", "2026-11-20 00:00:00 Error: x", "2026-11-20 00:00:00 - error - x",
        "2026-11-20 00:00:00 NOT ALL FINE CONFIG ERRORS", "2026-11-20 00:00:00 not all fine", "2026-11-20 00:00:00 ERROR:", "2026-11-20 00:00:00 ERROR::", "2026-11-20 00:00:00 ERROR],-",
        "2026-11-20 00:00:00 :ERROR", "2026-11-20 00:00:00 ERR0R", "2026-11-20 00:00:00 EMERGENCY x", "2026-11-20 00:00:00 emergency x", "2026-11-20 00:00:00 x EMERGENCY", "2026-11-20 00:00:00 x Emergency",
        "2026-11-20 00:00:00 INFORMATION", "2026-11-20 00:00:00 INFORMATIONAL", "2026-11-20 00:00:00 informatio", "2026-11-20 00:00:00 x [information]", "2026-11-20 00:00:00 [E] x", "2026-11-20 00:00:00 [3] x",
        "2026-11-20 00:00:00 [\tERROR\t] x", "2026-11-20 00:00:00 [core:crit] x", "2026-11-20 00:00:00 [WARN|main] x", "2026-11-20 00:00:00 [[ERROR]] x", "2026-11-20 00:00:00 [x [ERROR] x",
        "2026-11-20 00:00:00 [ERROR", "2026-11-20 00:00:00 [ERRORX", "2026-11-20 00:00:00 (ERROR", "2026-11-20 00:00:00 <ERROR", "2026-11-20 00:00:00 [", "2026-11-20 00:00:00 []", "2026-11-20 00:00:00 [x]]] ERROR",
        "2026-11-20 00:00:00 [a/b:c|d e\tWARNING\v] x", "2026/11/20 00:00:00 [alert] 1#0: x", "2026-11-20 00:00:00 [core:ALERT] x", "2026-11-20 00:00:00 [ alert ] x",
        "2026-11-20 00:00:00 ALERT x", "2026-11-20 00:00:00 alert: x", "[Fri Nov 27 01:02:03 2026] [alert] x", "2026-11-20 00:00:00 [alerts] x", "2026-11-20 00:00:00 [alert", "2026-11-20 00:00:00 [\u001fERROR] x", "2026-11-20 00:00:00 (pid 12) <info> x", "2026-11-20 00:00:00 (", "2026-11-20 00:00:00 -", "2026-11-20 00:00:00 ",
        "[2026-11-20 00:00:00", "[2026-11-20 00:00:00]", "[2026-11-20 00:00:00] ", "[2026-11-20 00:00:00]ERROR", "[2026-11-20 00:00:00.123 +0100] WARN x", "[2026-11-20 00:00:00 extra] ERROR x",
        "[2026-11-20 00:00:00 no close ERROR x", "[ 2026-11-20 00:00:00] ERROR", "[[2026-11-20 00:00:00]] ERROR", "[Fri Nov 27 01:02:03 2026] [error] [client 1.2.3.4] x",
        "[Fri Nov 27 01:02:03.123456 2026] [proxy:warn] [pid 1] x",
        "[Fri Nov 27 10:00:08.000000 2026] [core:trace5] [pid 5:tid 6] protocol.c(645): [client 1.2.3.4:5] Request received", "[Fri Nov 27 01:02:03 2026] [ssl:TRACE8] x",
        "[Fri Nov 27 01:02:03 2026] [core:trace9] x", "[Fri Nov 27 01:02:03 2026] [core:trace0] x", "[Fri Nov 27 01:02:03 2026] [core:trace55] x", "2026-11-20 00:00:00 [ trace1 ] x", "2026-11-20 00:00:00 trace5 x",
        "[Fri Nov 27 01:02:03 2026] [notice] x", "[Fri Feb 29 01:02:03 2026] [error] x", "[Fri Feb 29 01:02:03 2024] [error] x",
        "[Fri Feb 30 01:02:03 2024] [error] x", "[Xyz Nov 27 01:02:03 2026] [error] x", "[1yz Nov 27 01:02:03 2026] [error] x", "[Fri Nov 27 01:02:03 26] [error] x", "[Fri Nov 27 01:02:03] [error] x",
        "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties", "[Fri Nov 27 xx:02:03 2026] [error] a long enough apache line", "[F Nov 27 01:02:03 2026] [error] x",
        "[Fri Nov 27 01:02:03 2026 [error] x", "[Fri Nov 27 01:02:03.1234567891 2026] [error] x", "27/Nov/2026:01:02:03 +0000 ERROR x", "27/nov/2026:01:02:03 ERROR x", "27/Nov/2026:01:02:03+0000 ERROR x",
        "27/Nov/2026:01:02:03 +00:00 ERROR x", "27/Nov/2026:01:02:03 +0000", "27/Nov/2026:01:02:03", "27/Nov/2026:01:02:0", "31/Feb/2026:01:02:03 +0000 ERROR", "[27/Nov/2026:01:02:03 +0000] \"GET /\" 500",
        "Nov 20 00:00:00 web01 app[733]: info: msg", "Jun  9 06:06:06 combo kernel: x", "Jun 9 06:06:06 combo kernel: x", "Jun 09 06:06:06 combo kernel: x", "Jun 009 06:06:06 combo kernel: x",
        "jun  9 06:06:06 combo kernel: x", "JUN  9 06:06:06 combo kernel: x", "Feb 29 00:00:00 h t: ERROR x", "Feb 30 00:00:00 h t: ERROR x", "Feb 00 00:00:00 h t: ERROR x", "Nov 20 24:00:00 h t: ERROR x",
        "Nov 20 23:59:60 h t: ERROR x", "Nov 20 00:00:00.123 h t: ERROR x", "Nov 20 00:00:00,5 h t: ERROR x", "Nov 20 00:00:00. h t: ERROR x", "Nov 20 00:00:00", "Nov 20 00:00:00 ", "Nov 20 00:00:00  ",
        "Nov 20 00:00:00 h", "Nov 20 00:00:00 h ", "Nov 20 00:00:00 h t:", "Nov 20 00:00:00 h t: ", "Nov 20 00:00:00 h :", "Nov 20 00:00:00 h t x: ERROR y", "Nov 20 00:00:00 h ERROR x",
        "Nov 20 00:00:00 h t: error: x", "Nov 20 00:00:00 h t: error x", "Nov 20 00:00:00 h t: Error: x", "Nov 20 00:00:00 h t: x y z ERROR", "Nov 20 00:00:00 h t: [error] x", "Nov 20 00:00:00 h t: <crit> x",
        "Nov 20 00:00:00x h t: ERROR", "Nov 20 00:00:00.123x h t: ERROR", "Nov 2 00:00:00 h t: ERROR", "Nov  20 00:00:00 h t: ERROR", "Nov 20  00:00:00 h t: ERROR", "Nov 20 0:00:00 h t: ERROR",
        "Nov20 00:00:00 h t: ERROR", "Nox 20 00:00:00 h t: ERROR", "Fri Nov 27 01:02:03 2026 ERROR x", "Fri Nov 27 01:02:03 2026", "Fri Nov 27 01:02:03 2026x ERROR", "Fri Nov 27 01:02:03 20",
        "ERROR:root:msg", "WARNING:app.db:x", "CRITICAL:root:", "INFO:root", "INFO:ro ot:x", "ERRORS:a:b", "FATA:x:y", "ABCDEFGHI:x:y", "DEBUG::msg", "INFOS:a:b", "CONFIG:a:b", "NOTE:a:b", "FAIL:a:b",
        "ALERT:a:b", "VERBOSE:a:b", "FINEST:a:b", "EMERG:a:b", "EMERGENCY:a:b", "Error:root:x", "ERROR :root:x", "ERROR:root x:y", "ERR:root:x", "INF:a:b", "DEBU:a:b", "ERROR", "ERROR:", "ERROR:a",
        "ERROR:KeyError: 'a'", "ERROR:Connection:refused", "ERROR:C:\\temp\\x not found", "ERROR:arn:aws:iam::123456789012:role/x denied", "ERROR:mailto:ops@example.com bounced",
        "WARNING:fe80::1%eth0 down", "ERROR:http://example.com:8080/path failed", "ERROR:[::1]:8080 unreachable", "ERROR:something went wrong", "ERROR:some thing: x", "ERROR: x", "NOTICE:app:x",
        "WARNING:py.warnings:/srv/app/x.py:12: DeprecationWarning: foo", "ERROR:api.example.com:443 down", "INFO:app.db:user:bob", "INFO:app.db: x", "INFO:app.db://x", "DEBUG:a.b:",
        "info: Microsoft.Hosting.Lifetime[0]", "fail: X[0] message", "warn: ", "warn:  x", "crit: a", "dbug:x", "trce: T[1] y", "Info: x", "infoo: x", "info:", "info",
        "at com.example.X", "at", "at  x", "atx", "Caused by: java.io.IOException", "Caused", "Traceback (most recent call last):", "...", "... 12 more", "..", "--- End of inner", "--- End", "File \"x.py\"",
        "File x", "java.lang.IllegalStateException: pool exhausted", "ERROR job 1 failed", "WARN retry 3", "error job", "Error: x", "error: x", "x ERROR", "x error", "INFO", "I", "E x",
        "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered", "081109 203615 148 INFO dfs.DataNode$PacketResponder: x", "1700000000 ERROR x", "1700000000.123 WARN x",
        "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
        "134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change", "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - x",
        "03-17 16:13:38.811  1702  2395 D WindowManager: x", "05-21 15:05:52.808  1047  1116  1240 E FMQ     : x", "05-26 14:57:03.870 V/Configuration( 1766): x",
        "Mar  2 23:24:28 UDM-Pro user.warn kernel: [1293979.679369] IN=br46", "Nov 20 00:00:00 h daemon.err t: x", "Nov 20 00:00:00 h local7.crit t: x", "Nov 20 00:00:00 h foo.err t: ERROR x",
        "Nov 20 00:00:00 h daemon.errx t: x", "Nov 20 00:00:00 h daemon.err", "Nov 20 00:00:00 h daemon.err ", "Nov 20 00:00:00 h daemon. t: x", "Nov 20 00:00:00 h .err t: x",
        "Nov 20 00:00:00 h user.notice t: ERROR x", "[Jan  5 10:22:31] NOTICE[2217] chan_sip.c: x", "[2024-01-05 10:23:31] ERROR[2261][C-00000002]: res_pjsip.c:1245 x",
        "[2024-01-05 10:23:31] ERROR[2261][C-0000", "[2024-01-05 10:23:36] NOTICE[", "[2024-01-05 10:23:36] NOTICE[1", "[2024-01-05 10:23:36] ABCD[1] x", "[2024-01-05 10:23:36] error[1] x",
        "[2024-01-05 10:23:36] VERBOSE[1] x", "[2024-01-05 10:23:36] SECURITY[1] x", "[2024-01-05 10:23:36] ERRORS[1] x", "[2024-01-05 10:23:36] ERROR[x] y",
        "2023/09/24 22:15:55 cmd/web.go:223:runWeb() [I] Starting Gitea on PID: 7", "2023/09/24 22:15:55 a.go:1:f() [W] x", "2023/09/24 22:15:55 a.go:1:f() [F] x", "2023/09/24 22:15:55 a [X] x",
        "2023/09/24 22:15:55 a [i] x", "2023/09/24 22:15:55 a [I", "2023/09/24 22:15:55 a [Ix", "2023/09/24 22:15:55 a [I]x", "2023/09/24 22:15:55 a (E) x", "2023/09/24 22:15:55 a <E> x", "[I] x", "x [E] y",
        "[1427925689] SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;1;CRITICAL - Socket timeout", "[1427925690] HOST ALERT: web01;DOWN;SOFT;1;PING CRITICAL", "[1427925693] Warning: x",
        "[1427925697] Caught SIGTERM, shutting down...", "[142792569] x", "[14279256900] x", "[1427925689]", "[1427925689] ", "[1427925689]x y", "[142792568a] x",
        "83.149.9.216 - a.user [11/Jan/2020:23:05:27 +0100] \"OPTIONS /remote.php/ HTTP/1.1\" - 7908 \"-\" \"monitoring-client (v2.2)\"",
        "79a5 mybucket [12/May/2014:07:54:01 +0000] 10.0.1.2 - 7ACC4BE89EXAMPLE REST.GET.OBJECT foo/bar.html \"GET /foo/bar.html HTTP/1.1\" 503 SlowDown 8 - 3 - \"-\" \"curl\"",
        "79a5 mybucket [12/May/2014:07:54:01 +0000] 10.0.1.2 - 7ACC REST.GET.OBJECT \"GET /foo/bar.html HTTP/1.1\" 503 x", "2024-03-01 10:00:00 [12345] INFO x",
        "17-Feb-2018 23:06:56.326 queries: info: client 172.26.0.1#12345 (test.example.com): query: x", "17-Feb-2018 23:06:58.000 general: error: zone x", "17-Feb-2018 23:06:59.000 resolver: debug 3: x",
        "17-Feb-2018 23:06:59.000 resolver: debug x: y", "17-Feb-2018 23:06:59.000 Resolver: error: y", "2024-03-01 10:00:00 app.py: error: y", "2024-03-01 10:00:00 worker: error: y",
        "2024-03-01 10:00:00 worker: errors: y", "2024-03-01 10:00:00 worker:error: y", "2024-03-01 10:00:00 worker: error:y", "2024-03-01 10:00:00 w: info: y",
        "09-Jan 19:54 bacula-host JobId 265896: Created new Volume \"FullAuto-8812\" in catalog.", "25-Aug 10:50 bacula-dir JobId 24: Fatal error: Network error", "29-Jan 04:16 lbu02-dir: Pruned 24 Jobs",
        "31-Feb 04:16 x-dir: bad date",
        "1525344856.899 ", "1525344856.899  ", "1525344856.899", "2024-01-01 10:00:00 Temp [F] 72.5", "2024-01-01 10:00:00 Temp [C]: 21.5", "2024-01-01 10:00:00 [E] x", "[C] checkbox item",
        "2023/09/24 22:15:55 a.go:1:f() [I] x", "2023/09/24 22:15:55 a.go:1:f() [I] y", "2023/09/24 22:15:55 a.go:1:f() [W] y", "2023/09/24 22:15:55 a.go:1:f [I] y", "2023/09/24 22:15:55 af() [I] y",
        "[1234567890] (java thread) starting", "[0000000001] next", "[1427925690] Caught SIGTERM, shutting down...", "[9999999999] SERVICE ALERT: a;b;CRITICAL", "2024-03-01 10:00:00 app: info: ERROR disk full",
        "info x y [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 500 1", "ERROR foo bar [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1", "09-Jan 19:54 x JobId y: z", "09-Jan 19:54 x", "09-jan 19:54 x-dir: y", "09-Jan 25:54 x-dir: y", "09-Aug 15:14 InternetServer-sd JobId 122971, Job x marked to be canceled.", "17-Jan-2003 16:45 home-sd: Volume test01", "17-Jan-2003 16:45", "17-Jan-20x3 16:45 a: b",
        "17-Feb-2018 23:06:56.326 queries: info: client x", "29-Feb-2023 16:45 a-sd: not a day", "09-Jan 19:54 x JobId 12 y",
        "1525344856.899  16867 10.170.72.111 TCP_TUNNEL/200 6256 CONNECT logs.example.com:443 - HIER_DIRECT/52.95.130.18 -", "1525334331.556     10 120.65.1.1 TCP_MISS/503 4120 GET http://x.example/ - HIER_NONE/- text/html",
        "1525334333.556      0 120.65.1.1 NONE/000 0 NONE error:transaction-end-before-headers - HIER_NONE/- -", "1525334334.556 ERROR something else", "1525334334.556 10 1.2.3.4 TCP_MISS/50 1 GET x",
        "1525334334.556 10 1.2.3.4 tcp_miss/503 1 GET x", "1525334334.556 10 1.2.3.4 TCP_MISS/503 1 get x", "1525334334.556 10 1.2.3.4 TCP_MISS/503 x GET y", "1525334334.556 10 1.2.3.4 TCP_MISS/503 1 GET", "79a5 my_bucket [12/May/2014:07:54:01 +0000] a b c d e \"GET / HTTP/1.1\" 500 -",
        "12-3 x", "[", "[x", "[]", "-", "--", ":", "x", "12345678", "1234567", "2026-11-20", "2026-11-20 00:00", "2026-11-20 00:00:0",
        "2026-11-20 00:00:00,123 - app.workerX - ERROR yyyyyyyyyyyyyyyyyyyy", "2026-11-20 00:00:00,123 - app.workerX -XERROR yyyyyyyyyyyyyyyyyyyy",
        "2026-11-20 00:00:00,123 - app.worker - ERROR yyyyyyyyyyyyyyyyyyyy", "2026-11-20 00:00:00,123 - app.worker -XERROR yyyyyyyyyyyyyyyyyyyy",
        "2026-11-20 00:00:00,123 - app.worke - ERROR yyyyyyyyyyyyyyyyyyyy", "2026-11-20 00:00:00,123 - app.worke -XERROR yyyyyyyyyyyyyyyyyyyy",
        "info x ERROR yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "2026-11-20 00:00:00info x ERROR yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
        "Nov 20 00:00:00 h t: a - ERROR yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "Nov 20 00:00:00 h t: a -XERROR yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
        "\u0001ERROR x", "ERROR\u0001 x", "\u007fERROR", "!ERROR", "#ERROR x", "*ERROR* x", "|ERROR| x", "ERROR| x", "ERROR; x", "ERROR, x", "ERROR- x", "ERROR] x", "ERROR] ERROR",
        "<11>1 2026-11-27T10:00:04Z host app 123 ID1 [a@1 x=\"\\]\"][b@2 y=\"z\"] Disk failure on sda", "<11>1 2026-11-27T10:00:05Z host app 123 ID1 [a@1 path=\"C:\\[x\"] Disk failure on sdb",
        "<11>1 2026-11-27T10:00:06Z host app 123 ID1 [a@1 q=\"say \\\"]\\\" \\\\\"] Disk failure on sdc",
        "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"Object.toString()\" because \"<local2>\" is null",
        "Exception in thread \"pool-1-thread-2\" java.lang.OutOfMemoryError: Java heap space", "Exception in thread \"main\"", "Exception in thread \"main\" ",
        "Exception in thread \"main\"  x", "Exception in thread main java.lang.X", "Exception in thread Thread-1 (worker):", "Exception in threads \"x\" y", "Exception in thread \"a b\" c",
        "panic: runtime error: index out of range [5] with length 3", "panic: boom [recovered]", "panic:", "panic: ", "panic:  x", "panic:x", "panicked: x", "panic: x", "panic: xxxxxxx",
        "fatal error: all goroutines are asleep - deadlock!", "fatal error: concurrent map writes", "fatal error:", "fatal error: ", "fatal error:  x", "fatal error:x", "fatal: not a git repository",
        "goroutine 1 [running]:", "main.main()", "/tmp/adv80/node/crash.js:3", "/srv/app/dist/main.mjs:120", "/srv/app/x.cjs:1", "/srv/app/x.ts:9", "/srv/app/x.tsx:10", "/srv/app/x.js:3:22",
        "/srv/app/x.js:", "/srv/app/x.js:3 x", "/var/log/app.log:12", "/srv/app/x.js:12345678", "/x.js:1", "/srv/app/x.json:3", "/srv/app/x.jsp:3", "C:\\app\\crash.js:3", "C:/app/crash.ts:10",
        "C:app.js:3", "c:\\app\\crash.js:3", "file:///srv/app/crash.mjs:3", "file://srv/app/crash.mjs:3", "node:internal/modules/cjs/loader:1228", "node:internal/x y:1", "node:internal/X:1",
        "node:12", "node::1", "nodejs:12", "node:internal/modules/cjs/loader:", "node:internal/modules/cjs/loader:12a", "Node.js v20.20.2", "I:1234567 x 1", "x:/a/b.js:12",
        "TypeError: Cannot read properties of undefined (reading 'id')", "    at Object.<anonymous> (/tmp/x.js:3:22)", "2026-11-20 00:00:00,123 panic: x",
        "2026-11-20 00:00:00,123 Exception in thread \"main\" x", "ERROR panic: x", "E 2026 x", "Ex", "pan", "f", "/", "n:1",

        // winston's simple format (a level word and a colon) next to .NET's console header (a Category[EventId] after it).
        "info: server started", "warn: Rate limit near for tenant t0: 80%", "error: Payment declined", "verbose: cache miss", "debug: x", "http: GET /api 200", "silly: x",
        "info: Shop.Orders.OrderProcessor[0]", "info: Shop.Orders.OrderProcessor[0] Request finished", "fail: A.B[-1] x", "fail: A.B[] x", "fail: A.B[x] y", "fail: [0] y",
        "fail: A.B[0]x", "fail: A.B [0] x", "warn: retry [3] later", "crit: X[12]", "info: X[1]]", "2026-11-20 00:00:00 info: server started", "2026-11-20 00:00:00 fail: A.B[3] x",
        "2026-11-20 00:00:00 fail: bad thing", "2026-11-20 00:00:00.123 warn: X[0]",

        // .NET's console after a time of day ("HH:mm:ss ", "[HH:mm:ss] "), and times of day before other text.
        "16:55:23 info: Shop.Orders.OrderProcessor[0] Request /api/items/0 finished in 12 ms", "16:56:32 fail: Shop.Orders.OrderProcessor[0]", "[16:55:24] crit: A.B[0] x",
        "[16:55:24.123] warn: A.B[0] x", "16:55:24,5  dbug: A.B[7] x", "16:55:24.1234567 trce: A.B[0] x", "16:55:24.12345678 trce: A.B[0] x", "12:30:45 elapsed before timeout",
        "12:30:45 info: server started", "12:30:45 ERROR x", "24:00:00 fail: A.B[0] x", "16:55:60 fail: A.B[0] x", "[16:55:24 fail: A.B[0] x", "16:55:24] fail: A.B[0] x",
        "16:55:24. fail: A.B[0] x", "16:55:24fail: A.B[0] x", "16:55 fail: A.B[0] x", "[16:55:24]  info: A.B[0]", "1:55:24 fail: A.B[0] x", "[16:55:24 INF] fail: A.B[0] x",

        // A syslog severity without a facility or header (systemd's stdout, the kernel), next to PRI values with a header.
        "<6>Shop.Orders.OrderProcessor[0] Request /api/items/0 finished in 12 ms", "<3>Shop.Orders.OrderProcessor[0] x", "<2>x", "<0>x", "<7>", "<7> ", "<6>[   12.345678] usb 1-1: x",
        "<3>2026-11-28 16:55:23 A.B[0] x", "<8>x", "<13>x", "<6>Nov 28 10:00:00 host kernel: x", "<3>1 2026-11-28T10:00:00Z host app 12 - - x", "<b>x</b>", "<6x", "<66>x",

        // HAProxy's events in "log stdout format raw", and lines that resemble them.
        "Server web/web1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms.", "Backup Server web/bk1 is DOWN", "backend web has no server available!",
        "Server web/web1 is UP, reason: Layer4 check passed", "Backup Server web/bk1 is UP", "Proxy fe started.", "Proxy fe started", "Proxy settings were started.", "Proxy  started.",
        "Server web/web1 is DOWNLOADING", "Server web1 is DOWN", "Server web/web1 is UPDATING", "Server started on port 8080", "backend web has no server available", "Proxy", "Proxy ",

        // A level word before a stamp (Django's verbose formatter, log4j's %-5p %d), and before other text.
        "ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Payment gateway returned status 502 for order 2000", "INFO  2026-11-28 16:54:23,904 [main] com.x.Y: created",
        "DEBUG 2026-11-28 16:54:23,906 [main] com.x.Y: x", "[WARN] 2026-11-28T16:52:01Z disk", "FINE 2026-11-28 16:52:42.350 [a.b] x", "CONFIG 2026-11-28 16:52:42.350 x", "ERROR 2026-11-28 16:51:55",
        "ERROR 500 from upstream", "WARN 3 retries left", "INFO 1795082401.123 epoch", "ERROR 2026-11-28 is the day", "ERROR 2026-11-28 16:51:55x glued", "ERROR 16:51:55.123 x",
        "Error 2026-11-28 16:51:55 x", "NOTE 2026-11-28 16:51:55 x", "ERRORS 2026-11-28 16:51:55 x", "ERROR         2026-11-28 16:51:55 x", "[ERROR 2026-11-28 16:51:55 x", "ERROR:2026-11-28 16:51:55 x",
        "INFO 2026/11/28 16:51:55 go log", "WARNING 28/Nov/2026:16:51:55 +0000 x", "INFO 20261128T165155Z x", "INFO 2026-11-28 16:51:55,478", "INFORMATION 2026-11-28 16:51:55 x",

        // JUL's levels right after any stamp (its one-line SimpleFormatter formats).
        "2026-11-28 16:52:42.350 FINE    [com.example.orders.OrderService] fine detail", "2026-11-28 16:52:42.375 CONFIG  [a.b] x", "2026-11-28 16:52:42.375 FINER [a.b] x",
        "2026-11-28 16:52:42.375 FINEST [a.b] x", "[2026-11-28 16:52:42] FINE x", "2026-11-28 16:52:42 x FINE y", "2026-11-28 16:52:42 fine weather", "2026-11-28 16:52:42 FINEX y",
        "2026-11-28 16:52:42 CONFIGURED y", "Nov 28 10:00:00 host app: FINE x", "2026-11-28 16:52:42, FINE x", "2026-11-28 16:52:42 FINE",

        // Python's BASIC_FORMAT after a stamp, its logger names without a dot, and their near misses.
        "2026-11-27 10:00:00,123 ERROR:root:Payment failed", "2026-11-27 10:00:00,123:ERROR:app:Payment failed", "2026-11-27 10:00:00,123 WARNING:app.db:x", "2026-11-27 10:00:00 INFO:__main__:x",
        "2026-11-27 10:00:00, ERROR:root:x", "[2026-11-27 10:00:00,123] ERROR:root:x", "2026-11-27 10:00:00 :ERROR:root:x", "2026-11-27 10:00:00  ERROR:root:x", "2026-11-27 10:00:00::ERROR:root:x",
        "2026-11-27 10:00:00 ERROR::x", "2026-11-27 10:00:00 ERROR:root x:y", "2026-11-27 10:00:00 ERROR:https://example.com/x down", "2026-11-27 10:00:00 ERROR:root", "2026-11-27 10:00:00 ERROR:",
        "2026-11-27 10:00:00 ERRORS:a:b", "2026-11-27 10:00:00 NOTE:a:b", "2026-11-27 10:00:00 ABCDEFGHI:a:b", "2026-11-27 10:00:00 ERR:a:b", "2026-11-27 10:00:00 Error:a:b", "2026-11-27 10:00:00 CONFIG:a:b",
        "2026-11-27 10:00:00 ERROR: disk: full", "2026-11-27 10:00:00 NOTICE:a:b", "2026-11-27T10:00:00.000+0000 ERROR:a:b", "Nov 27 10:00:00 host app: ERROR:root:x",
        "2026-11-27 10:00:00,123 - ERROR - root - Payment failed", "2026-11-27 10:00:00,123 - ERROR - Payment - card declined", "2026-11-27 10:00:00,123 - ERROR - Payment failed - retrying",
        "[2026-11-27 10:00:00,123] ERROR in app: Payment failed", "[2026-11-27 10:00:00,123] ERROR in payment flow: x", "2026-11-27 10:00:00,123 ERROR root: Payment failed",
        "2026-11-27 10:00:00,123 ERROR    root: x", "2026-11-27 10:00:00,123 ERROR worker: Payment failed", "2026-11-27 10:00:00,123 INFO root: x", "2026-11-27 10:00:00,123 INFO in app: x",
        "2026-11-27 10:00:00,123 ERROR __main__: x", "2026-11-27 10:00:00,123 INFO __main__ - x", "2026-11-27 10:00:00,123 ERROR root cause: x", "2026-11-27 10:00:00,123 ERROR __main__ x",
        "2026-11-27 10:00:18,123 ERROR in production: pod crashed", "2026-11-27 10:00:15,123 INFO in stock: 5 items", "2026-11-27 10:00:16,123 ERROR - timeout - after 30s",
        "2026-11-27 10:00:10,123 ERROR - retry - in 5 seconds", "2026-11-27 10:00:01,123 ERROR - see - logs", "2026-11-27 10:00:00,123 - ERROR - __main__ - x", "2026-11-27 10:00:00,123 - ERROR - root: x",
        "2026-11-27 10:00:00 ERROR:C:\\temp\\x.txt not found", "2026-11-27 10:00:00 WARNING:py.warnings:/srv/app/x.py:12: DeprecationWarning: foo", "2026-11-27 10:00:00,123:ERROR:app.db:user:bob", "2026-11-27 10:00:00 ERROR:api.example.com:443 down", "2026-11-27 10:00:00 ERROR:10.0.0.1:8080 unreachable", "2026-11-27 10:00:00 ERROR:_jobs:x", "2026-11-27 10:00:00 ERROR:a:/x",
        "2026-11-27 10:00:00,123 WARNING:disk:90% full", "[2026-11-27, 10:00:18 GMT+2] {x.py:1} ERROR - plus two", "[2026-11-27, 10:00:19 UTC+05:30] {x.py:1} ERROR - x", "[2026-11-27, 10:00:19 UTCX] foo",

        // java.util.logging's header in other languages and after a custom stamp, with near misses; its level lines.
        "Nov. 28, 2026 10:11:48 PM com.example.App main", "Sept. 05, 2026 12:05:07 AM com.example.App main", "nov. 28, 2026 10:11:49 PM com.example.App main", "Juni 05, 2026 9:05:07 AM a.B c",
        "Nov 28, 2026 10:11:53 NACHM. com.example.App main", "Okt. 5, 2026 9:05:07 VORM. a.B", "nov 28, 2026 10:11:50 P. M. com.example.App main", "janv. 05, 2026 9:05:07 AM a.B c",
        "Nov. 28, 2026 13:11:48 PM com.example.App main", "Nov. 31, 2026 10:11:48 PM a.B c", "Nox. 28, 2026 10:11:48 PM a.B c", "Nov. 28, 2026 10:11:48 XM a.B c", "Nov. 28, 2026 10:11:48 PMX a.B c",
        "Nov. 28, 2026 10:11:48 PM com.example.App main extra words", "Nov. 28, 2026", "Nov. 28, 2026 10:11:48", "Sept. 5 x, 2026 10:11:48 PM a.B c", "Abcde 5, 2026 10:11:48 PM a.B c",
        "28.11.2026 22:11:52 com.example.App main", "2026-11-28 22:11:52 com.example.App lambda$run$0", "2026-11-28 22:11:52 org.apache.catalina.startup.Catalina", "2026-11-28 22:11:52 a.B <init>",
        "28.11.2026 22:11:52 started com.example.App", "28.11.2026 22:11:52 com.example.app main", "28.11.2026 22:11:52 App main", "28.11.2026 22:11:52 com.example.App main()",
        "28.11.2026 22:11:52 ERROR com.example.App main", "28.11.2026 22:11:52 version 1.2.3", "28.11.2026 22:11:52 v1.2", "28.11.2026 22:11:52  com.example.App  main ", "[28.11.2026 22:11:52] com.example.App main",
        "error: something broke", "error: x", "error:x", "error: ", "error: 0 files", "errors: x", "Error: x", "2026-11-27 10:00:00 error: x",
        "SCHWERWIEGEND: Verbindung fehlgeschlagen", "WARNUNG: x", "INFORMATION: x", "GRAVE: x", "AVERTISSEMENT: x", "INFOS: x", "ADVERTENCIA: x", "AM FEINSTEN: x", "FEIN: x",
    ];

    /// <summary>Undamaged lines of one named text format (the coverage tests).</summary>
    internal static IEnumerable<string> Undamaged(string format, int seed, int count)
    {
        var random = new Random(seed);
        Func<Random, string, string, string> shape = s_textFormats[format];
        for (int i = 0; i < count; i++)
        {
            yield return shape(random, s_commonLevels[random.Next(s_commonLevels.Length)], s_messages[random.Next(s_messages.Length)]);
        }
    }

    /// <summary>
    /// For the header memo: each line, then lines made of its start (cut where each word starts and ends, its digits sometimes
    /// changed) and the end of another line (cut anywhere), so remembered headers meet every kind of message the corpus has.
    /// </summary>
    internal static IEnumerable<string> Transplanted(IReadOnlyList<string> lines, int seed, int count)
    {
        var random = new Random(seed);
        var cuts = new List<int>();
        int made = 0;
        while (made < count)
        {
            string line = lines[random.Next(lines.Count)];
            yield return line;
            made++;
            cuts.Clear();
            for (int i = 1; i < Math.Min(line.Length, 120); i++)
            {
                if (char.IsLetterOrDigit(line[i]) != char.IsLetterOrDigit(line[i - 1]))
                {
                    cuts.Add(i);
                }
            }

            if (cuts.Count == 0)
            {
                continue;
            }

            foreach (int cut in cuts)
            {
                string head = line[..cut];
                if (random.Next(3) == 0)
                {
                    head = new string(head.Select(c => char.IsAsciiDigit(c) && random.Next(3) == 0 ? (char)('0' + random.Next(10)) : c).ToArray());
                }

                string donor = lines[random.Next(lines.Count)];
                yield return head + donor[random.Next(donor.Length + 1)..];
                made++;
            }
        }
    }

    /// <summary>Hand-picked corners of the text steps: offsets, fractions, invalid dates, brackets, level spellings, continuations.</summary>
    internal static IEnumerable<string> TextEdgeCases() =>
        s_textEdgeCases.Concat(s_textEdgeCases.Select(line => line.ToLowerInvariant())).Concat(s_textEdgeCases.Select(line => line.ToUpperInvariant())).Concat(Padded());

    /// <summary>Level words and brackets at every offset around the 32 and 64 bytes the fast path looks at at once.</summary>
    private static IEnumerable<string> Padded()
    {
        string[] heads = ["2026-11-20 00:00:00,123", "Nov 20 00:00:00 host app:", "[2026-11-20 00:00:00]", "x", "2026-11-20 00:00:00"];
        string[] tails = ["ERROR", "ERROR x", "error: x", "[WARN] x", "[a b c d] ERROR", "EMERGENCY", "information x", "(crit)", ""];
        foreach (string head in heads)
        {
            for (int k = 0; k < 90; k++)
            {
                foreach (string tail in tails)
                {
                    yield return $"{head} {new string('x', k)} {tail}";
                    yield return $"{head}{new string(' ', k + 1)}{tail}";
                    yield return $"{head} {string.Concat(Enumerable.Repeat("a ", k / 2))}{tail}";
                    yield return $"{head} - {new string('y', k)}{tail}";
                }
            }
        }
    }

    /// <summary>Lines made of tokens that matter to timestamps and level words, in random order.</summary>
    internal static IEnumerable<string> TokenNoise(int seed, int count)
    {
        var random = new Random(seed);
        var line = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            line.Clear();
            if (random.Next(2) == 0)
            {
                // Start like a timestamp most of the time, so the noise reaches the later steps.
                line.Append(random.Next(4) switch
                {
                    0 => Stamp(random, ' ', ','),
                    1 => $"{Month(random)} {random.Next(0, 33),2} {random.Next(26):00}:{random.Next(61):00}:{random.Next(62):00}",
                    2 => $"[{Day(random)} {Month(random)} {random.Next(0, 33):00} {random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00} {random.Next(1999, 2030)}",
                    _ => $"{random.Next(0, 33):00}/{Month(random)}/{random.Next(1999, 2030)}:{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}",
                });
            }

            int tokens = random.Next(1, 12);
            for (int t = 0; t < tokens; t++)
            {
                line.Append(s_noiseTokens[random.Next(s_noiseTokens.Length)]);
            }

            yield return line.ToString();
        }
    }

    /// <summary>Runs of lines whose tokens before the level word are the same (what the fast path remembers), with changes right after them.</summary>
    internal static IEnumerable<string> SameHeaderRuns(int seed, int count)
    {
        var random = new Random(seed);
        string[] heads = [" - app.worker - ", " - a - ", " x ", " [t1] x.y ", " - INFO  [a] - ", " a b c d e f g ", " -  -  -  - ", " x: ", " (a) <b> ", " - app.workerX -", " - app.worker -", " - app.worke -", "info x", "x"];
        string[] nexts = ["INFO x", "ERROR", "error", " WARN", "[ERROR]", "- ERROR", "app.worker ERROR", "x", "", "  ", "EMERGENCY", "ERRORx", ":ERROR", "a b c d e f g h i j ERROR", " ERROR y", "XERROR y", "X ERROR y", " x ERROR yyyyyyyyyy"];
        string[] tails = ["", " yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", " yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"];
        string head = heads[0];
        for (int i = 0; i < count; i++)
        {
            if (i % 40 == 0)
            {
                head = heads[random.Next(heads.Length)];
            }

            string start = random.Next(5) switch
            {
                0 => Stamp(random, ' ', ','),
                1 => $"{Month(random)} {random.Next(1, 29),2} {random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00} host app:",
                2 => $"{Month(random)} {random.Next(1, 29),2} {random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00} host app: ",
                3 => $"{Stamp(random, ' ', ',')}{head.TrimStart()}",
                _ => "x",
            };
            string line = start + head + nexts[random.Next(nexts.Length)] + tails[random.Next(tails.Length)];
            yield return random.Next(8) == 0 ? Damage(random, line) : line;
        }
    }

    /// <summary>Runs of stamps of one minute (ISO and syslog shapes) with random seconds, fractions, offsets and damage.</summary>
    internal static IEnumerable<string> SameMinuteRuns(int seed, int count)
    {
        var random = new Random(seed);
        string[] endings = ["", " ", "Z", ".5", ",123456789", "+01:00", " -0530", "x", ":", " ERROR x", ".", "+1", " +01:00 y", "Z]"];
        string prefix = string.Empty;
        for (int i = 0; i < count; i++)
        {
            if (i % 50 == 0)
            {
                prefix = random.Next(5) switch
                {
                    0 => $"{random.Next(1999, 2030)}-{random.Next(0, 14):00}-{random.Next(0, 32):00} {random.Next(26):00}:{random.Next(61):00}",
                    1 => $"{random.Next(1999, 2030)}/{random.Next(1, 13):00}/{random.Next(1, 29):00}T{random.Next(24):00}:{random.Next(60):00}",
                    2 => $"{Month(random)} {random.Next(0, 33),2} {random.Next(25):00}:{random.Next(61):00}",
                    3 => $"{Month(random)} {random.Next(1, 10)} {random.Next(24):00}:{random.Next(60):00}",
                    _ => $"{Month(random)} {random.Next(0, 32):00} {random.Next(24):00}:{random.Next(60):00}",
                };
            }

            string second = random.Next(10) switch
            {
                0 => $":{random.Next(100):00}",
                1 => ":6",
                2 => "-00",
                3 => string.Empty,
                _ => $":{random.Next(61):00}",
            };
            string line = prefix + second + endings[random.Next(endings.Length)];
            yield return random.Next(10) == 0 ? Damage(random, line) : line;
        }
    }

    /// <summary>Timestamps alone, including non-ASCII look-alikes (bytes may refuse them, never read them differently).</summary>
    internal static IEnumerable<string> StampEdgeCases() =>
    [
        "2026-11-20T00:00:00Z", " 2026-11-20T00:00:00Z ", "\t2026-11-20 00:00:00,5\r", "1700000000", "1700000000123", "1700000000123456", " 1.7e9 ", "1e20", "-1700000000", "NaN", "Infinity",
        "\u00a02026-11-20T00:00:00Z", "2026-11-20T00:00:00Z\u00a0", "\u00a01700000000", "1700000000\u00a0", "\u017fep 20 00:00:00", "Sep 20 00:00:00", "\u00c4bc Nov 27 01:02:03 2026",
        "2026-11-20T00:00:00\u00e9", "2026-11-20T00:00:00.\u00e9", "2026-11-20T00:00:00+01\u00e9", "2026-11-2\u00e9 00:00:00", "\u0661\u0662:00", "27/N\u00f6v/2026:01:02:03",
        "[10.30 16:49:06] chrome.exe - a.b.com:443 open through proxy p.q.hk:5070 HTTPS", "[10.30 16:49:06] chrome.exe *64 - x error : failed", "[13.30 16:49:06] x - y", "[10.30 16:49:06] no separator",
        "20171223-22:16:0:119|a|1|b", "20171223-2:6:0:1 x", "20171223-22:16:0 no fraction", "20171223-22:16:100:1 x", "20171223-24:0:0:1 x", "20171223-1:2:3Z x",
        "1795773615123456789", " 1795773615123456789 ", "+1795773615123456789", "-1795773615123456789", "179577361512345678", "17957736151234567", "9223372036854775807",
        "9223372036854775808", "17957736151234567890", "1795773615123456789.0", "1.795773615123456789e18", "100000000000000000", "100000000000000001",
    ];

    private static string Offset(Random random) => random.Next(8) switch
    {
        0 => "Z",
        1 => "z",
        2 => $"+{random.Next(16):00}:{random.Next(61):00}",
        3 => $"-{random.Next(16):00}{random.Next(61):00}",
        4 => $" +{random.Next(15):00}{random.Next(60):00}",
        5 => $"+{random.Next(15):00}",
        6 => string.Empty,
        _ => "-00:00",
    };

    private static string Logger(Random random) => new[] { "app.worker", "com.example.Service", "dfs.DataNode$PacketResponder", "main", "sshd", "x::y", "a@b", "root" }[random.Next(8)];

    // ---- JSON lines and logfmt (fast-json): shapes of Serilog, Bunyan, pino, zap, structlog, journald, ECS, logrus, slog, go-kit ----
    private static readonly string[] s_jsonLevels = ["\"info\"", "\"INFO\"", "\"Information\"", "\"warn\"", "\"Warning\"", "\"error\"", "\"ERROR\"", "\"Fatal\"", "\"debug\"", "\"trace\"", "\"crit\"", "\"E\"", "\"w\"", "\" warn \"", "\"3\"", "\"7\"", "\"\"", "\"bogus\"", "\"emergency\"", "\"informational\"", "10", "20", "30", "40", "50", "60", "35.5", "59.999", "-1", "0", "3", "1e1", "true", "null", "\"notice\"", "\"NOTE\"", "\"n\"", "\"V\"", "\"c\"", "\"F\"", "\"t\"", "\"x\"", "\"Crit\"", "\"PANIC\"", "\"http\"", "\"HTTP\"", "\"silly\"", "\" silly \"", "\"DEBUG1\"", "\"debug5\"", "\"DEBUG0\"", "\"DEBUG6\"", "\"DEBUG12\"", "\" DEBUG2 \"", "\"LOG\""];
    private static readonly string[] s_jsonStamps = ["\"{0}Z\"", "\"{0}+01:00\"", "\"{0}-0530\"", "\"{0}\"", "\"{0} +02:00\"", "1732600000", "1732600000123", "1732600000123456", "1732600000.5", "1732600000.123456", "\"1732600000123456\"", "\"1732600000\"", "\"Nov 20 10:00:00\"", "\"20/Nov/2026:10:00:00 +0000\"", "\"not a time\"", "\"\"", "null", "0", "-5", "1.7326e9", "\"2026-02-30T10:00:00Z\"", "\"2026-11-20T24:00:00Z\"", "\" 2026-11-20T10:00:00Z \"",
        "1795773615123456789", "\"1795773615123456789\"", "179577361512345678", "\"179577361512345678\"", "17957736151234567", "9223372036854775807", "9223372036854775808", "17957736151234567890",
        "-1795773615123456789", "1795773615123456789.5", "1.795773615123456789e18", "100000000000000001", "\"100000000000000000\"", "\" 1795773615123456789\""];
    private static readonly string[] s_logfmtLevels = ["info", "INFO", "warn", "warning", "error", "ERROR", "debug", "dbug", "E", "w", "\"warn\"", "\"error\"", "\" info\"", "", "bogus", "information", "EMERGENCY", "crit", "3", "n", "V", "c", "F", "t", "x", "Emerg", "FINE", "log", "LOG", "failure"];

    private static readonly Func<Random, string, string, string>[] s_structuredShapes =
    [
        (r, l, m) => $"{{\"@t\":\"{Stamp(r, 'T', '.')}4567Z\",\"@mt\":\"{Json(m)} {{Name}}\",\"@l\":\"{l}\",\"Name\":\"x{r.Next(9)}\",\"SourceContext\":\"App.Worker\"}}",
        (r, l, m) => $"{{\"Timestamp\":\"{Stamp(r, 'T', '.')}+01:00\",\"Level\":\"{l}\",\"MessageTemplate\":\"{Json(m)}\",\"Properties\":{{\"SourceContext\":\"App\",\"Id\":{r.Next(99)},\"Tags\":[\"a\",1,true,null,{{\"k\":[]}}]}}}}",
        (r, l, m) => $"{{\"name\":\"myapp\",\"hostname\":\"web01\",\"pid\":{r.Next(9999)},\"level\":{(r.Next(1, 7) * 10)},\"msg\":\"{Json(m)}\",\"time\":\"{Stamp(r, 'T', '.')}Z\",\"v\":0}}",
        (r, l, m) => $"{{\"level\":{(r.Next(1, 7) * 10)},\"time\":{r.Next(1600000, 1800000)}{r.Next(1000000):000000},\"pid\":{r.Next(9999)},\"hostname\":\"h\",\"req\":{{\"method\":\"GET\",\"url\":\"/x?a=1\"}},\"msg\":\"{Json(m)}\"}}",
        (r, l, m) => $"{{\"level\":\"{l.ToLowerInvariant()}\",\"ts\":{r.Next(1600000000, 1800000000)}.{r.Next(10000000):0000000},\"caller\":\"server/main.go:{r.Next(300)}\",\"msg\":\"{Json(m)}\",\"latency\":{r.NextDouble():0.000},\"ok\":true}}",
        (r, l, m) => $"{{\"level\":\"{l}\",\"ts\":\"{Stamp(r, 'T', '.')}+0100\",\"logger\":\"http\",\"msg\":\"{Json(m)}\",\"error\":null}}",
        (r, l, m) => $"{{\"event\": \"{Json(m)}\", \"level\": \"{l.ToLowerInvariant()}\", \"logger\": \"app.api\", \"timestamp\": \"{Stamp(r, 'T', '.')}456Z\"}}",
        (r, l, m) => $"{{\"__CURSOR\":\"s=8f2a;i={r.Next():x};b=1\",\"__REALTIME_TIMESTAMP\":\"{r.Next(1600000, 1800000)}{r.Next(1000000000):000000000}\",\"__MONOTONIC_TIMESTAMP\":\"{r.Next()}\",\"PRIORITY\":\"{r.Next(8)}\",\"_PID\":\"{r.Next(9999)}\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"MESSAGE\":\"{Json(m)}\"}}",
        (r, l, m) => $"{{\"@timestamp\":\"{Stamp(r, 'T', '.')}Z\",\"log.level\":\"{l}\",\"message\":\"{Json(m)}\",\"ecs.version\":\"1.6.0\",\"log\":{{\"logger\":\"App\",\"origin\":{{\"file\":{{\"line\":{r.Next(99)}}}}}}}}}",
        (r, l, m) => $"{{\"@timestamp\":\"{Stamp(r, 'T', '.')}Z\",\"log\":{{\"level\":\"{l}\",\"logger\":\"x\"}},\"message\":\"{Json(m)}\"}}",
        (r, l, m) => $"{{\"level\":\"{l}\",\"msg\":\"{Json(m)}\",\"time\":\"{Stamp(r, 'T', '.')[..19]}+01:00\"}}",
        (r, l, m) => $"{{\"asctime\": \"{Stamp(r, ' ', ',')}\", \"levelname\": \"{l}\", \"name\": \"app\", \"message\": \"{Json(m)}\"}}",
        (r, l, m) => $"{{\"log\":\"{Json(m)}\\n\",\"stream\":\"stderr\",\"time\":\"{Stamp(r, 'T', '.')}456789Z\"}}",
        (r, l, m) => $"{{\"severity\":\"{l}\",\"message\":\"{Json(m)}\",\"timestamp\":{{\"seconds\":{r.Next(1600000000, 1800000000)},\"nanos\":{r.Next(999999999)}}}}}",
        (r, l, m) => $"{{\"Timestamp\":\"{r.Next(1600000, 1800000)}000000000000\",\"SeverityText\":\"{l}\",\"SeverityNumber\":{r.Next(1, 25)},\"Body\":\"{Json(m)}\"}}",
        (r, l, m) => $"{{ \"time\" : \"{Stamp(r, 'T', '.')}Z\" , \"level\" : \"{l}\" , \"msg\" : \"{Json(m)}\" }}  ",
        (r, l, m) => $"{{\"level\":{s_jsonLevels[r.Next(s_jsonLevels.Length)]},\"time\":{string.Format(CultureInfo.InvariantCulture, s_jsonStamps[r.Next(s_jsonStamps.Length)], Stamp(r, 'T', '.'))},\"msg\":\"{Json(m)}\"}}",
        (r, l, m) => $"{{\"{Pick(r, "level", "Level", "LEVEL", "lvl", "severity", "Severity", "loglevel", "levelname", "level_name", "log.level", "severitytext", "severity_text", "LevelDisplayName", "@l", "error_severity", "ERROR_SEVERITY", "error_severit", "priority", "PRIORITY", "syslog.severity", "levelx", "lev")}\":{s_jsonLevels[r.Next(s_jsonLevels.Length)]},\"{Pick(r, "level", "priority", "lvl", "other")}\":{s_jsonLevels[r.Next(s_jsonLevels.Length)]},\"{Pick(r, "t", "ts", "time", "Time", "date", "datetime", "timestamp", "@timestamp", "@t", "TimeCreated", "__REALTIME_TIMESTAMP", "when")}\":{string.Format(CultureInfo.InvariantCulture, s_jsonStamps[r.Next(s_jsonStamps.Length)], Stamp(r, 'T', '.'))},\"{Pick(r, "time", "ts", "x")}\":{string.Format(CultureInfo.InvariantCulture, s_jsonStamps[r.Next(s_jsonStamps.Length)], Stamp(r, ' ', ','))}}}",
        (r, l, m) => $"{{\"msg\":\"{Json(m)} \\\"quoted\\\" \\\\ path\\/x \\u00e9\\ud83d\\ude00 \\t\",\"level\":\"{l}\",\"n\":[1,-2.5e-3,0,{{}},[],\"\"],\"o\":{{\"level\":\"fatal\",\"a\":{{\"b\":{{\"c\":[[[]]]}}}}}},\"f\":false}}",
        (r, l, m) => $"time={Stamp(r, 'T', '.')}Z level={l} msg=\"{m.Replace("\"", "\\\"", StringComparison.Ordinal)}\" duration_ms={r.Next(3000)}",
        (r, l, m) => $"ts={Stamp(r, 'T', '.')}Z lvl={l} caller=main.go:{r.Next(300)} msg={m.Split(' ')[0]}",
        (r, l, m) => $"level={l.ToLowerInvariant()} ts={Stamp(r, 'T', '.')}456789Z caller=server.go:{r.Next(99)} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" err=null",
        (r, l, m) => $"time=\"{Stamp(r, 'T', '.')[..19]}+01:00\" level={l.ToLowerInvariant()} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" user=alice",
        (r, l, m) => $"time={Stamp(r, 'T', '.')}+01:00 level={l.ToUpperInvariant()} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" count={r.Next(9)}",
        (r, l, m) => $"{Pick(r, "level", "Level", "LVL", "lvl", "severity", "loglevel", "lev", "at")}={s_logfmtLevels[r.Next(s_logfmtLevels.Length)]} {Pick(r, "t", "ts", "time", "TIME", "timestamp", "when")}={Pick(r, Stamp(r, 'T', '.') + "Z", "\"" + Stamp(r, ' ', ',') + "\"", "1732600000", "1732600000123", "1795773615123456789", "\"1795773615123456789\"", "179577361512345678", "\"\"", "x", "\"Nov 20 10:00:00\"", "2026-13-01T00:00:00Z")} {Pick(r, "msg", "message", "MSG", "text")}={Pick(r, "\"a \\\"b\\\" c\"", "plain", "\"\"", "\"unterminated", "\"x\\\\\"", "a=b")}{Pick(r, "", " ", "  k=v", " bare word", " level=error", " time=2026-01-01T00:00:00Z", " t=\"2026-01-01 00:00:00\\\"\"")}",
        (r, l, m) => $"{{\"level\":{r.Next(0, 70)}.{r.NextInt64(1, long.MaxValue)}{Pick(r, "", "e-1", "E+1", "e300", "e400", "e-400")},\"{Pick(r, "ts", "time", "priority")}\":{r.Next(0, 1800000000)}.{r.NextInt64(1, long.MaxValue)}{Pick(r, "", "", "e-3", "e3")},{Pick(r, "\"flat\":1", "\"nested\":{\"a\":[1,2]}", "\"esc\":\"\\u0041\"")},\"msg\":\"{Json(m)}\"}}",
        (r, l, m) => $"{{\"@t\":\"{Stamp(r, 'T', '.')}Z\",\"{Pick(r, "@mt", "@m", "@x", "@MT", "@M", "@T", "@tt", "@", "mt", "@i")}\":\"{Json(m)}\"{Pick(r, "", ",\"@l\":\"Warning\"", ",\"log\":\"x\"", ",\"priority\":null", ",\"lvl\":3", ",\"@i\":\"a1\"", ",\"SourceContext\":\"A\"", ",\"level\":{}")}}}",
        (r, l, m) => $"at=info method=GET path=\"/\" host=example.com request_id={r.Next():x} fwd=\"10.0.0.{r.Next(255)}\" dyno=web.1 connect={r.Next(9)}ms service={r.Next(99)}ms status={Pick(r, "200", "500")} bytes={r.Next(9999)}",
        (r, l, m) => $"{{\"t\":{Pick(r, "{\"$date\":\"" + Stamp(r, 'T', '.') + "+00:00\"}", "{ \"$date\" : \"" + Stamp(r, 'T', '.') + "Z\" , \"x\":1}", "{\"$numberLong\":\"1\"}", "{\"x\":1,\"$date\":\"" + Stamp(r, 'T', '.') + "Z\"}", "{\"$date\":" + r.Next(1600000000, 1800000000) + "000}", "{\"\\u0024date\":\"" + Stamp(r, 'T', '.') + "Z\"}", "{\"$date\":\"2026-11-27T10:00:00\\u005a\"}", "{}", "{\"$date\":{}}")},\"s\":\"{Pick(r, "I", "E", "W", "F", "D1", "D5", "D6", "d2", " D3", l)}\",  \"c\":\"NETWORK\",  \"id\":{r.Next(99999)},   \"ctx\":\"listener\",\"msg\":\"{Json(m)}\",\"attr\":{{\"remote\":\"127.0.0.1:{r.Next(65535)}\"}}}}",
        (r, l, m) => $"{{\"t\":{{\"$date\":\"{Stamp(r, 'T', '.')}+00:00\"}},\"s\":\"{Pick(r, "I", "E", "W", "F", "D1", "D5")}\",  \"c\":\"NETWORK\",  \"id\":{r.Next(99999)},   \"ctx\":\"listener\",\"msg\":\"{Json(m)}\",\"attr\":{{\"remote\":\"127.0.0.1:{r.Next(65535)}\"}}}}",

        (r, l, m) => $"{{\"timestamp\":\"{Stamp(r, ' ', '.')} {Pick(r, "CET", "UTC", "GMT", "EST", "+01")}\",\"user\":\"postgres\",\"dbname\":\"shop\",\"pid\":{r.Next(99999)},\"remote_host\":\"127.0.0.1\",\"session_id\":\"6b0b07d5.1d48\",\"line_num\":{r.Next(9)},\"ps\":\"INSERT\",\"session_start\":\"{Stamp(r, ' ', '.')[..19]} CET\",\"txid\":{r.Next(999)},\"error_severity\":\"{Pick(r, "LOG", "ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", "INFO", "DEBUG1", "DEBUG5", "DEBUG", "DEBUG0", "DEBUG6", "debug2", "DEBUG12", "DEBUG1 ", l)}\",\"state_code\":\"23505\",\"message\":\"{Json(m)}\",\"detail\":\"Key (id)=(1) already exists.\",\"statement\":\"insert into t values (1)\",\"backend_type\":\"client backend\",\"query_id\":0}}",
    ];

    private static readonly Func<Random, string, string, string>[] s_allShapes = [.. s_shapes, .. s_structuredShapes];

    /// <summary>
    /// The JSON shapes real loggers write (the rest mix keys and values to test corners). Docker's json-file records
    /// (shape 12) are left to the character parser, which reads the text inside them.
    /// </summary>
    internal static readonly int[] CommonJsonShapes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 18, 29, 30];

    /// <summary>The logfmt shapes real loggers write.</summary>
    internal static readonly int[] CommonLogfmtShapes = [19, 20, 21, 22, 23];

    /// <summary><paramref name="count"/> undamaged lines of one structured shape (for the coverage assertions).</summary>
    internal static IEnumerable<string> StructuredShape(int shape, int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            yield return s_structuredShapes[shape](random, s_levels[random.Next(s_levels.Length)], s_messages[random.Next(s_messages.Length)]);
        }
    }

    /// <summary>JSON and logfmt lines: the structured shapes, each whole and then damaged.</summary>
    internal static IEnumerable<string> StructuredLines(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            string line = s_structuredShapes[random.Next(s_structuredShapes.Length)](random, s_levels[random.Next(s_levels.Length)], s_messages[random.Next(s_messages.Length)]);
            yield return line;
            yield return Damage(random, line);
            yield return Damage(random, Damage(random, line));
        }
    }

    private static string ComposeLabel(Random random) =>
        $"{Pick(random, "web-1", "api_1", "db-12", "web", "web-x", "proj_web_1", "w-1", "-1", "a.b-2")}{Pick(random, "  ", " ", string.Empty, "    ")}{Pick(random, "| ", "|", "|  ", "| ")}";

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    private static string Json(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    // ---- end of JSON lines and logfmt (fast-json) ----

    /// <summary><paramref name="count"/> lines: whole shapes, then the same shapes damaged (cut, a byte changed or inserted, case changed).</summary>
    internal static IEnumerable<string> Lines(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            string level = s_levels[random.Next(s_levels.Length)];
            string message = s_messages[random.Next(s_messages.Length)];
            string line = s_allShapes[random.Next(s_allShapes.Length)](random, level, message);
            yield return line;
            yield return Damage(random, line);
        }
    }

    /// <summary>
    /// For the JSON header memo: runs of JSON lines of one layout (keys from a pool with every kind of field the parser
    /// knows), with random values, and now and then a key renamed, added, dropped or moved, spaces changed, a value of
    /// another kind (object, array, escaped string, bad number) or the line damaged.
    /// </summary>
    internal static IEnumerable<string> JsonRuns(int seed, int count)
    {
        var random = new Random(seed);
        string[] pool = ["timestamp", "time", "ts", "@t", "@timestamp", "level", "lvl", "severity", "levelname", "@l", "message", "msg", "@m", "@mt", "service", "traceId", "logger", "status",
            "request", "priority", "PRIORITY", "log", "version", "short_message", "host", "duration_ms", "err", "error", "stack", "pid", "caller", "MESSAGE", "__REALTIME_TIMESTAMP", "x"];
        string[] separators = [",", ", ", " ,", ",  "];
        string[] colons = [":", ": ", " :"];
        var keys = new List<string>();
        string separator = ",";
        string colon = ":";
        int stampShape = 0;
        string[] levels = [];
        for (int made = 0; made < count; made++)
        {
            if (made % 40 == 0)
            {
                stampShape = random.Next(4);
                levels = ThreeLevels(random);
                keys.Clear();
                keys.Add(random.Next(3) == 0 ? pool[random.Next(pool.Length)] : "timestamp");
                keys.Add(random.Next(3) == 0 ? pool[random.Next(pool.Length)] : "level");
                int more = random.Next(0, 7);
                for (int k = 0; k < more; k++)
                {
                    keys.Add(random.Next(5) == 0 ? pool[random.Next(pool.Length)] : pool[10 + random.Next(6)]);
                }

                separator = separators[random.Next(separators.Length)];
                colon = colons[random.Next(colons.Length)];
            }

            var line = new StringBuilder("{");
            List<string> these = Mutated(random, keys, pool);

            for (int k = 0; k < these.Count; k++)
            {
                if (k > 0)
                {
                    line.Append(random.Next(30) == 0 ? separators[random.Next(separators.Length)] : separator);
                }

                line.Append('"').Append(these[k]).Append('"').Append(random.Next(30) == 0 ? colons[random.Next(colons.Length)] : colon).Append(JsonValue(random, these[k], stampShape, levels));
            }

            line.Append(random.Next(40) == 0 ? "} " : "}");
            string text = line.ToString();
            yield return random.Next(25) == 0 ? Damage(random, text) : text;
        }
    }

    /// <summary>
    /// For the logfmt header memo: runs of logfmt lines of one layout (keys from a pool with every key the parser knows),
    /// with random bare or quoted values, and now and then a key renamed, added, dropped or moved, a bare word, spaces
    /// changed, a value with a quote, backslash, tab or '=' in it, or the line damaged.
    /// </summary>
    internal static IEnumerable<string> LogfmtRuns(int seed, int count)
    {
        var random = new Random(seed);
        string[] pool = ["time", "ts", "t", "timestamp", "level", "lvl", "severity", "loglevel", "msg", "message", "at", "caller", "component", "err", "status", "duration_ms", "path", "Event", "file", "x", "I", "Nov", "Level", "MSG"];
        var keys = new List<string>();
        int stampShape = 0;
        string[] levels = [];
        for (int made = 0; made < count; made++)
        {
            if (made % 40 == 0)
            {
                stampShape = random.Next(4);
                levels = ThreeLevels(random);
                keys.Clear();
                keys.Add(random.Next(3) == 0 ? pool[random.Next(pool.Length)] : "time");
                keys.Add(random.Next(3) == 0 ? pool[random.Next(pool.Length)] : "level");
                int more = random.Next(0, 6);
                for (int k = 0; k < more; k++)
                {
                    keys.Add(random.Next(4) == 0 ? pool[random.Next(pool.Length)] : pool[8 + random.Next(8)]);
                }

                if (random.Next(3) == 0)
                {
                    keys.Reverse();
                }
            }

            List<string> these = Mutated(random, keys, pool);

            var line = new StringBuilder();
            for (int k = 0; k < these.Count; k++)
            {
                if (k > 0)
                {
                    line.Append(random.Next(30) == 0 ? "  " : " ");
                }

                if (random.Next(40) == 0)
                {
                    line.Append(Pick(random, "word ", "ERROR ", "x=", "=y ", "\"q\" "));
                }

                line.Append(these[k]).Append('=').Append(LogfmtValue(random, these[k], stampShape, levels));
            }

            string text = line.ToString();
            yield return random.Next(25) == 0 ? Damage(random, text) : text;
        }
    }

    /// <summary>The level words of one run of a layout.</summary>
    private static string[] ThreeLevels(Random random) => [s_levels[random.Next(s_levels.Length)], s_levels[random.Next(s_levels.Length)], s_levels[random.Next(s_levels.Length)]];

    /// <summary>A run's keys, now and then one renamed, one added or one dropped.</summary>
    private static List<string> Mutated(Random random, List<string> keys, string[] pool)
    {
        var these = new List<string>(keys);
        if (random.Next(15) == 0)
        {
            these[random.Next(these.Count)] = pool[random.Next(pool.Length)];
        }

        if (random.Next(20) == 0)
        {
            these.Insert(random.Next(these.Count + 1), pool[random.Next(pool.Length)]);
        }

        if (random.Next(20) == 0 && these.Count > 1)
        {
            these.RemoveAt(random.Next(these.Count));
        }

        return these;
    }

    private static string LogfmtValue(Random random, string key, int stampShape, string[] levels)
    {
        if (random.Next(30) == 0)
        {
            return Pick(random, "", "\"\"", "\"a\\\"b\"", "a\"b", "\"tab\there\"", "a=b", "\"unclosed", "ERROR", "\"x y=z\"", "/var/log/app.log", "a|b");
        }

        return key switch
        {
            "time" or "ts" or "t" or "timestamp" => (random.Next(20) == 0 ? random.Next(4) : stampShape) switch
            {
                0 => random.Next(1600000000, 1800000000).ToString(CultureInfo.InvariantCulture),
                1 => $"\"{Stamp(random, ' ', ',')}\"",
                2 => $"{random.Next(1990, 2040)}-{random.Next(0, 14):00}-{random.Next(0, 33):00}T{random.Next(25):00}:{random.Next(61):00}:{random.Next(61):00}Z",
                _ => $"{Stamp(random, 'T', '.')}{Pick(random, "Z", "+01:00", "", "-0530")}",
            },
            "level" or "lvl" or "severity" or "loglevel" or "at" or "Level" => random.Next(8) == 0 ? random.Next(0, 70).ToString(CultureInfo.InvariantCulture)
                : random.Next(6) == 0 ? $"\"{levels[random.Next(levels.Length)]}\"" : (random.Next(10) == 0 ? s_levels[random.Next(s_levels.Length)] : levels[random.Next(levels.Length)]),
            "msg" or "message" or "MSG" => $"\"{s_messages[random.Next(s_messages.Length)].Replace("\"", "'", StringComparison.Ordinal)}\"",
            "status" => Pick(random, "200", "404", "503"),
            _ => random.Next(2) == 0 ? random.Next(100000).ToString(CultureInfo.InvariantCulture) : Pick(random, "api", "main.go:42", "\"two words\"", "db"),
        };
    }

    private static string JsonValue(Random random, string key, int stampShape, string[] levels)
    {
        if (random.Next(30) == 0)
        {
            return Pick(random, "{\"level\":\"error\"}", "[1,2]", "null", "true", "false", "01", "-0", "1e5", "1.", "-", "\"a\\\"b\"", "\"\\u00e9\"", "\"tab\there\"", "{\"$date\":\"2026-11-27T10:00:00Z\"}", "\"\"", "1.5", "3", "\"3\"", "\"\u00e9\"");
        }

        return key switch
        {
            "timestamp" or "time" or "ts" or "@t" or "@timestamp" => (random.Next(20) == 0 ? random.Next(4) : stampShape) switch
            {
                0 => random.Next(1600000000, 1800000000).ToString(CultureInfo.InvariantCulture),
                1 => $"\"{Stamp(random, ' ', ',')}\"",
                2 => $"\"{random.Next(1990, 2040)}-{random.Next(0, 14):00}-{random.Next(0, 33):00}T{random.Next(25):00}:{random.Next(61):00}:{random.Next(61):00}Z\"",
                _ => $"\"{Stamp(random, 'T', '.')}{Pick(random, "Z", "+01:00", "", "-0530")}\"",
            },
            "level" or "lvl" or "severity" or "levelname" or "@l" or "priority" or "PRIORITY" => random.Next(8) == 0 ? random.Next(0, 70).ToString(CultureInfo.InvariantCulture)
                : $"\"{(random.Next(10) == 0 ? s_levels[random.Next(s_levels.Length)] : levels[random.Next(levels.Length)])}\"",
            "status" => random.Next(2) == 0 ? Pick(random, "200", "404", "503") : Pick(random, "\"200\"", "\"502\""),
            "request" => Pick(random, "\"GET /a HTTP/1.1\"", "\"x\""),
            "duration_ms" or "pid" => random.Next(100000).ToString(CultureInfo.InvariantCulture),
            _ => $"\"{s_messages[random.Next(s_messages.Length)].Replace("\"", "'", StringComparison.Ordinal)}\"",
        };
    }

    /// <summary>Lines of every shape whose message opens with another level word (or a separator and one), for the header memo.</summary>
    internal static IEnumerable<string> LevelThenLevel(int seed, int count)
    {
        var random = new Random(seed);
        string[] joins = [" ", ": ", " - ", "] ", " [", ":", "=", " | "];
        for (int i = 0; i < count; i++)
        {
            string level = s_levels[random.Next(s_levels.Length)];
            string message = s_levels[random.Next(s_levels.Length)] + joins[random.Next(joins.Length)] + s_messages[random.Next(s_messages.Length)];
            yield return s_allShapes[random.Next(s_allShapes.Length)](random, level, message);
        }
    }

    private static string Damage(Random random, string line)
    {
        if (line.Length == 0)
        {
            return " ";
        }

        const string Noise = " -:[]{}\"=,.0123456789TZz+tEeIiWw\\/|<>()";
        int at = random.Next(line.Length);
        return random.Next(6) switch
        {
            0 => line[..at],
            1 => line[..at] + Noise[random.Next(Noise.Length)] + line[(at + 1)..],
            2 => line[..at] + Noise[random.Next(Noise.Length)] + line[at..],
            3 => line.ToUpperInvariant(),
            4 => line.ToLowerInvariant(),
            _ => line[..at] + line[Math.Min(line.Length, at + random.Next(1, 4))..],
        };
    }

    private static string Stamp(Random random, char separator, char fraction) =>
        $"{random.Next(1990, 2040)}-{random.Next(1, 13):00}-{random.Next(1, 29):00}{separator}{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}{fraction}{random.Next(1000):000}";

    private static string Month(Random random) => new[] { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }[random.Next(12)];

    private static string Day(Random random) => new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }[random.Next(7)];
}
