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

    private static string Describe(LogLine line) =>
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

    /// <summary><paramref name="count"/> lines: whole shapes, then the same shapes damaged (cut, a byte changed or inserted, case changed).</summary>
    internal static IEnumerable<string> Lines(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            string level = s_levels[random.Next(s_levels.Length)];
            string message = s_messages[random.Next(s_messages.Length)];
            string line = s_shapes[random.Next(s_shapes.Length)](random, level, message);
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
