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
public sealed class LineParserFastPathTests
{
    private static readonly LogLevel[] s_messageFrom = [(LogLevel)int.MaxValue, LogLevel.Error, LogLevel.Unknown];

    [Fact]
    public void The_fast_path_agrees_with_the_character_parser_on_every_line_it_takes()
    {
        var lines = FastPathCorpus.Lines(seed: 1, count: 20000).ToList();
        Compare(lines, out _);
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

        foreach (TemplateCluster cluster in scan.Miner.Clusters)
        {
            text.Append(CultureInfo.InvariantCulture, $"template {cluster.Index} {cluster.Stats.Count} {cluster.Stats.Sample} {string.Join(' ', cluster.Tokens)}\n");
        }

        foreach ((long lineNumber, DateTime? timestamp, LogLevel level, string message, int cluster) in scan.Spool?.Read() ?? [])
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
        }
    }

    /// <summary>Compares both parsers on each line; returns how many lines (summary parse) the fast path took.</summary>
    internal static void Compare(IEnumerable<string> lines, out int taken)
    {
        taken = 0;
        var fast = new LineParser(null, null, null);
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
                        continue;
                    }

                    if (messageFrom == (LogLevel)int.MaxValue && continuationLikely)
                    {
                        taken++;
                    }

                    bool slowStarts = slow.TryParse(utf8, text, continuationLikely, messageFrom, out LogLine s);
                    string context = $"line '{text}' (continuationLikely {continuationLikely}, messageFrom {messageFrom})";
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
        $"{line.Format} {line.Level} ts={line.HasTimestamp}:{line.Timestamp.Value:O}/{line.Timestamp.Offset}/{line.Timestamp.YearMissing} msg={line.Message ?? "(null)"} next={line.MessageOnNextLine} measure={line.MeasureValue} group={line.GroupValue}";
}

/// <summary>Lines of every format the parser knows, with random variables and random damage, for the fast-path comparison.</summary>
internal static class FastPathCorpus
{
    private static readonly string[] s_levels = ["TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "CRITICAL", "FATAL", "SEVERE", "info", "warn", "error", "Error", "E", "W", "I", "D", "notice", "crit", "emerg", "alert", "panic", "fail", "dbug", "trce", "FINE", "NOT", "ALL", "verbose", "VERBOSE", "Information", "Warning"];
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
        (r, l, m) => $"{{\"time\": {r.Next(1600000000, 1800000000)}, \"severity\": \"{l}\", \"msg\": \"x\", \"n\": {r.Next(100)}}}",
        (r, l, m) => $"{{\"PRIORITY\":\"{r.Next(8)}\",\"__REALTIME_TIMESTAMP\":\"{r.Next(1600000000, 1800000000)}000000\",\"MESSAGE\":\"{m.Replace("\"", "'", StringComparison.Ordinal)}\"}}",
        (r, l, m) => $"time={Stamp(r, 'T', '.')}Z level={l} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" duration_ms={r.Next(3000)}",
        (r, l, m) => $"ts={Stamp(r, 'T', '.')}Z lvl={l} caller=main.go:{r.Next(300)} msg={m.Split(' ')[0]}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} web01 app[{r.Next(100, 999)}]: {l}: {m}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29),2} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} web01 sshd[{r.Next(100, 999)}]: {m}",
        (r, l, m) => $"{Month(r)} {r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} combo kernel: {m}",
        (r, l, m) => $"{l}:root:{m}",
        (r, l, m) => $"{l.ToLowerInvariant()}: Microsoft.Hosting.Lifetime[{r.Next(20)}]",
        (r, l, m) => $"{l} {m}",
        (r, l, m) => $"{l}: {m}",
        (r, l, m) => $"[{Day(r)} {Month(r)} {r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999999):000000} 2026] [core:{l.ToLowerInvariant()}] [pid {r.Next(9999)}] {m}",
        (r, l, m) => $"{r.Next(2000, 2030)}/{r.Next(1, 13):00}/{r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00} [{l.ToLowerInvariant()}] {r.Next(9999)}#0: {m}",
        (r, l, m) => $"{r.Next(1, 13):00}-{r.Next(1, 29):00} {r.Next(24):00}:{r.Next(60):00}:{r.Next(60):00}.{r.Next(999):000} {r.Next(9999)} {r.Next(9999)} {l[..1]} Tag: {m}",
        (r, l, m) => $"\tat com.example.Pool.take(Pool.java:{r.Next(300)})",
        (r, l, m) => $"java.lang.IllegalStateException: {m}",
        (r, l, m) => $"Caused by: java.io.IOException: {m}",
        (r, l, m) => $"  File \"/app/x.py\", line {r.Next(300)}, in run",
        (r, l, m) => m,
        (r, l, m) => $"{r.Next(1600000000, 1800000000)} {l} {m}",
        (r, l, m) => $"{Stamp(r, ' ', ',')} {m}",
        (r, l, m) => $"{Stamp(r, ' ', '.')} [{l}] {m}",
    ];

    // ---- JSON lines and logfmt (fast-json): shapes of Serilog, Bunyan, pino, zap, structlog, journald, ECS, logrus, slog, go-kit ----
    private static readonly string[] s_jsonLevels = ["\"info\"", "\"INFO\"", "\"Information\"", "\"warn\"", "\"Warning\"", "\"error\"", "\"ERROR\"", "\"Fatal\"", "\"debug\"", "\"trace\"", "\"crit\"", "\"E\"", "\"w\"", "\" warn \"", "\"3\"", "\"7\"", "\"\"", "\"bogus\"", "\"emergency\"", "\"informational\"", "10", "20", "30", "40", "50", "60", "35.5", "59.999", "-1", "0", "3", "1e1", "true", "null", "\"notice\"", "\"NOTE\"", "\"n\"", "\"V\"", "\"c\"", "\"F\"", "\"t\"", "\"x\"", "\"Crit\"", "\"PANIC\""];
    private static readonly string[] s_jsonStamps = ["\"{0}Z\"", "\"{0}+01:00\"", "\"{0}-0530\"", "\"{0}\"", "\"{0} +02:00\"", "1732600000", "1732600000123", "1732600000123456", "1732600000.5", "1732600000.123456", "\"1732600000123456\"", "\"1732600000\"", "\"Nov 20 10:00:00\"", "\"20/Nov/2026:10:00:00 +0000\"", "\"not a time\"", "\"\"", "null", "0", "-5", "1.7326e9", "\"2026-02-30T10:00:00Z\"", "\"2026-11-20T24:00:00Z\"", "\" 2026-11-20T10:00:00Z \""];
    private static readonly string[] s_logfmtLevels = ["info", "INFO", "warn", "warning", "error", "ERROR", "debug", "dbug", "E", "w", "\"warn\"", "\"error\"", "\" info\"", "", "bogus", "information", "EMERGENCY", "crit", "3", "n", "V", "c", "F", "t", "x", "Emerg", "FINE"];

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
        (r, l, m) => $"{{\"{Pick(r, "level", "Level", "LEVEL", "lvl", "severity", "Severity", "loglevel", "levelname", "level_name", "log.level", "severitytext", "severity_text", "LevelDisplayName", "@l", "priority", "PRIORITY", "syslog.severity", "levelx", "lev")}\":{s_jsonLevels[r.Next(s_jsonLevels.Length)]},\"{Pick(r, "level", "priority", "lvl", "other")}\":{s_jsonLevels[r.Next(s_jsonLevels.Length)]},\"{Pick(r, "t", "ts", "time", "Time", "date", "datetime", "timestamp", "@timestamp", "@t", "TimeCreated", "__REALTIME_TIMESTAMP", "when")}\":{string.Format(CultureInfo.InvariantCulture, s_jsonStamps[r.Next(s_jsonStamps.Length)], Stamp(r, 'T', '.'))},\"{Pick(r, "time", "ts", "x")}\":{string.Format(CultureInfo.InvariantCulture, s_jsonStamps[r.Next(s_jsonStamps.Length)], Stamp(r, ' ', ','))}}}",
        (r, l, m) => $"{{\"msg\":\"{Json(m)} \\\"quoted\\\" \\\\ path\\/x \\u00e9\\ud83d\\ude00 \\t\",\"level\":\"{l}\",\"n\":[1,-2.5e-3,0,{{}},[],\"\"],\"o\":{{\"level\":\"fatal\",\"a\":{{\"b\":{{\"c\":[[[]]]}}}}}},\"f\":false}}",
        (r, l, m) => $"time={Stamp(r, 'T', '.')}Z level={l} msg=\"{m.Replace("\"", "\\\"", StringComparison.Ordinal)}\" duration_ms={r.Next(3000)}",
        (r, l, m) => $"ts={Stamp(r, 'T', '.')}Z lvl={l} caller=main.go:{r.Next(300)} msg={m.Split(' ')[0]}",
        (r, l, m) => $"level={l.ToLowerInvariant()} ts={Stamp(r, 'T', '.')}456789Z caller=server.go:{r.Next(99)} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" err=null",
        (r, l, m) => $"time=\"{Stamp(r, 'T', '.')[..19]}+01:00\" level={l.ToLowerInvariant()} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" user=alice",
        (r, l, m) => $"time={Stamp(r, 'T', '.')}+01:00 level={l.ToUpperInvariant()} msg=\"{m.Replace("\"", "'", StringComparison.Ordinal)}\" count={r.Next(9)}",
        (r, l, m) => $"{Pick(r, "level", "Level", "LVL", "lvl", "severity", "loglevel", "lev", "at")}={s_logfmtLevels[r.Next(s_logfmtLevels.Length)]} {Pick(r, "t", "ts", "time", "TIME", "timestamp", "when")}={Pick(r, Stamp(r, 'T', '.') + "Z", "\"" + Stamp(r, ' ', ',') + "\"", "1732600000", "1732600000123", "\"\"", "x", "\"Nov 20 10:00:00\"", "2026-13-01T00:00:00Z")} {Pick(r, "msg", "message", "MSG", "text")}={Pick(r, "\"a \\\"b\\\" c\"", "plain", "\"\"", "\"unterminated", "\"x\\\\\"", "a=b")}{Pick(r, "", " ", "  k=v", " bare word", " level=error", " time=2026-01-01T00:00:00Z", " t=\"2026-01-01 00:00:00\\\"\"")}",
        (r, l, m) => $"{{\"level\":{r.Next(0, 70)}.{r.NextInt64(1, long.MaxValue)}{Pick(r, "", "e-1", "E+1", "e300", "e400", "e-400")},\"{Pick(r, "ts", "time", "priority")}\":{r.Next(0, 1800000000)}.{r.NextInt64(1, long.MaxValue)}{Pick(r, "", "", "e-3", "e3")},{Pick(r, "\"flat\":1", "\"nested\":{\"a\":[1,2]}", "\"esc\":\"\\u0041\"")},\"msg\":\"{Json(m)}\"}}",
        (r, l, m) => $"{{\"@t\":\"{Stamp(r, 'T', '.')}Z\",\"{Pick(r, "@mt", "@m", "@x", "@MT", "@M", "@T", "@tt", "@", "mt", "@i")}\":\"{Json(m)}\"{Pick(r, "", ",\"@l\":\"Warning\"", ",\"log\":\"x\"", ",\"priority\":null", ",\"lvl\":3", ",\"@i\":\"a1\"", ",\"SourceContext\":\"A\"", ",\"level\":{}")}}}",
        (r, l, m) => $"at=info method=GET path=\"/\" host=example.com request_id={r.Next():x} fwd=\"10.0.0.{r.Next(255)}\" dyno=web.1 connect={r.Next(9)}ms service={r.Next(99)}ms status={Pick(r, "200", "500")} bytes={r.Next(9999)}",
    ];

    private static readonly Func<Random, string, string, string>[] s_allShapes = [.. s_shapes, .. s_structuredShapes];

    /// <summary>The JSON shapes real loggers write (the rest mix keys and values to test corners).</summary>
    internal static readonly int[] CommonJsonShapes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18];

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
