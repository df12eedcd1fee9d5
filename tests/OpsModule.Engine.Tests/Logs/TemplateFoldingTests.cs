using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Logs;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>
/// Template mining with word folding over whole scans: random messages from small vocabularies (some positions with
/// one word, some with many, some words capitalised, some numbers), in several files.
/// </summary>
public sealed class TemplateFoldingTests : IDisposable
{
    private static readonly string[] s_services = ["Spooler", "Netlogon", "Dnscache"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Pattern_counts_add_up_to_the_entries_and_every_template_is_one_pattern_whatever_the_order_and_threads()
    {
        for (int seed = 1; seed <= 80; seed++)
        {
            string[] files = WriteVocabularyLogs(seed);

            LogScanResult forward = await Scan(files, threads: 2);
            LogScanResult reversed = await Scan([.. files.Reverse()], threads: 1);

            long entries = forward.Summary.Entries;
            Assert.True(entries == forward.Patterns.Sum(p => p.Count), $"seed {seed}: {entries} entries, patterns count {forward.Patterns.Sum(p => p.Count)}");
            Assert.True(forward.Patterns.Count == forward.Patterns.Select(p => p.Template).Distinct(StringComparer.Ordinal).Count(), $"seed {seed}: a template text in two patterns");
            Assert.Equal(Describe(forward), Describe(reversed));
        }
    }

    [Fact]
    public async Task A_template_covered_by_a_more_general_one_is_counted_in_it()
    {
        // 66 services once each make "The <*> service ..." (past 64 templates in a group a word is a value); three
        // services a hundred times each in another file are then the same kind of message, not three lists beside it.
        string many = _folder.Combine("hostA.log");
        string few = _folder.Combine("hostB.log");
        File.WriteAllLines(many, Enumerable.Range(0, 66).Select(i => $"2024-05-02 10:00:00 ERROR The Svc{(char)('A' + (i / 26))}{(char)('a' + (i % 26))}x service terminated unexpectedly."));
        File.WriteAllLines(few, Enumerable.Range(0, 300).Select(i => $"2024-05-02 10:00:01 ERROR The {s_services[i % 3]} service terminated unexpectedly."));

        foreach (string[] files in new[] { new[] { many, few }, new[] { few, many } })
        {
            LogScanResult result = await Scan(files, threads: 2);
            LogErrorPattern only = Assert.Single(result.Patterns);
            Assert.Equal("The <*> service terminated unexpectedly.", only.Template);
            Assert.Equal(366, only.Count);
        }

        LogScanResult alone = await Scan([few], threads: 1);
        Assert.Equal(3, alone.Patterns.Count);
    }

    [Fact]
    public async Task A_value_does_not_take_in_the_words_at_its_place()
    {
        // "disk 90%" makes "disk <*>"; "disk full" and "disk ok" say other things. A message that is one value ("500") says
        // nothing, so it does not take in the one-word messages either.
        string file = _folder.Combine("words.log");
        string[] messages = ["disk full", "disk ok", "disk 90%", "ECONNRESET", "ETIMEDOUT", "500", "free space <10% on /var", "free space <5% on /var"];
        File.WriteAllLines(file, messages.Select(m => $"2024-05-02 10:00:00 ERROR {m}"));

        LogScanResult result = await Scan([file], threads: 1);
        Assert.Equal(
            ["<*>", "ECONNRESET", "ETIMEDOUT", "disk <*>", "disk full", "disk ok", "free space <*> on /var"],
            result.Patterns.Select(p => p.Template).Order(StringComparer.Ordinal));
        Assert.Equal(messages.Length, result.Patterns.Sum(p => p.Count));
    }

    [Fact]
    public async Task A_long_message_is_mined_up_to_a_space_before_its_first_4096_characters()
    {
        string file = _folder.Combine("long.log");
        string head = string.Join(' ', Enumerable.Repeat("abcdefghi", 409)) + " abcdefghijklmnop";
        File.WriteAllLines(file, [$"2024-05-02 10:00:00 ERROR {head} tail"]);

        LogErrorPattern only = Assert.Single((await Scan([file], threads: 1)).Patterns);
        Assert.Equal(string.Join(' ', Enumerable.Repeat("abcdefghi", 409)), only.Template);
    }

    [Fact]
    public async Task A_template_taken_as_it_is_keeps_its_numbers_and_joins_only_its_own_text()
    {
        // Events without a message: one pattern per provider and event id, at any level, beside a mined line of the same shape.
        var options = new LogScanOptions { Level = LogLevel.Unknown, Entries = true, ThrottleLimit = 1, TimeZone = TimeZoneInfo.Utc };
        var engine = new LogScanEngine(options, NullObserver.Instance);
        var t = new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);
        engine.AddPipelineRecord(LogLevel.Error, t, "MyProv event 7001 (no message)", literalTemplate: true);
        engine.AddPipelineRecord(LogLevel.Error, t, "MyProv event 7002 (no message)", literalTemplate: true);
        engine.AddPipelineRecord(LogLevel.Warning, t, "MyProv event 7001 (no message)", literalTemplate: true);
        engine.AddPipelineLine("2026-11-27 10:00:01 ERROR MyProv event 42 (no message)");
        engine.AddPipelineLine("2026-11-27 10:00:02 ERROR MyProv event 43 (no message)");
        engine.AddPipelineRecord(LogLevel.Error, t, "MyProv event 7003 (no message)", literalTemplate: true);
        engine.AddPipelineRecord(LogLevel.Error, t, "MyProv event 7002 (no message)", literalTemplate: true);

        LogScanResult result = await engine.ScanAsync([], e => throw e, CancellationToken.None);

        Assert.Equal(
            ["2 MyProv event 7001 (no message)", "2 MyProv event 7002 (no message)", "2 MyProv event <*> (no message)", "1 MyProv event 7003 (no message)"],
            result.Patterns.Select(p => $"{p.Count} {p.Template}"));
        Assert.Equal(
            ["MyProv event 7001 (no message)", "MyProv event 7002 (no message)", "MyProv event 7001 (no message)", "MyProv event <*> (no message)",
                "MyProv event <*> (no message)", "MyProv event 7003 (no message)", "MyProv event 7002 (no message)"],
            result.Entries.Select(e => e.Template));
    }

    private static Task<LogScanResult> Scan(string[] files, int threads)
    {
        var options = new LogScanOptions { Level = LogLevel.Unknown, ThrottleLimit = threads, TimeZone = TimeZoneInfo.Utc };
        return new LogScanEngine(options, NullObserver.Instance).ScanAsync(files, e => throw e, CancellationToken.None);
    }

    private static string Describe(LogScanResult result) =>
        string.Join("\n", result.Patterns.Select(p => $"{p.Count} {p.TemplateId} {p.Template}").Order(StringComparer.Ordinal));

    private string[] WriteVocabularyLogs(int seed)
    {
        var random = new Random(seed);
        int length = random.Next(4, 8);
        int[] choices = [1, 1, 2, 3, 4, 6, 10];
        var vocabulary = new List<string[]>();
        for (int p = 0; p < length; p++)
        {
            int count = p == 0 ? 1 : choices[random.Next(choices.Length)];
            vocabulary.Add([.. Enumerable.Range(0, count).Select(_ => Word(random))]);
        }

        var files = new List<string>();
        int fileCount = random.Next(1, 5);
        for (int f = 0; f < fileCount; f++)
        {
            string path = _folder.Combine($"{seed}-{f}.log");
            using var writer = new StreamWriter(path);
            int lines = random.Next(3, 301);
            for (int i = 0; i < lines; i++)
            {
                string[] tokens = [.. vocabulary.Select(v => v[random.Next(v.Length)])];
                if (random.NextDouble() < 0.2)
                {
                    tokens[random.Next(1, length)] = random.Next(1, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                writer.Write($"2024-01-01 00:00:{i % 60:00} ERROR {string.Join(' ', tokens)}\n");
            }

            files.Add(path);
        }

        return [.. files];
    }

    private static string Word(Random random)
    {
        char[] letters = [.. Enumerable.Range(0, random.Next(3, 6)).Select(_ => (char)('a' + random.Next(10)))];
        if (random.NextDouble() < 0.3)
        {
            letters[0] = char.ToUpperInvariant(letters[0]);
        }

        return new string(letters);
    }
}
