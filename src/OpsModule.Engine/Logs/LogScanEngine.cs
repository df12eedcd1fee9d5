using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Logs;

/// <summary>The results of a scan, ready to be written.</summary>
public sealed class LogScanResult
{
    /// <summary>Templates at or above the level, most frequent first.</summary>
    public IReadOnlyList<LogErrorPattern> Patterns { get; init; } = [];

    /// <summary>Entries at or above the level (with -Entries), in input order.</summary>
    public IReadOnlyList<LogEntry> Entries { get; init; } = [];

    /// <summary>The summary of everything read.</summary>
    public LogSummary Summary { get; init; } = new();

    /// <summary>-Measure statistics.</summary>
    public IReadOnlyList<LogMeasure> Measures { get; init; } = [];
}

/// <summary>
/// Measure-LogErrors' engine: reads files on up to <see cref="LogScanOptions.ThrottleLimit"/> threads (each file
/// by one thread, in order), plus lines and objects from the pipeline, then combines what each source found. The
/// combined templates are mined once more in a fixed order (most frequent first, then by text), so templates and
/// their ids do not depend on the order of the files or the number of threads.
/// </summary>
public sealed class LogScanEngine
{
    private readonly LogScanOptions _options;
    private readonly IOperationObserver _observer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<SourceScan> _sources = [];
    private SourceScan? _pipeline;

    /// <summary>Creates the engine.</summary>
    public LogScanEngine(LogScanOptions options, IOperationObserver observer)
    {
        _options = options;
        _observer = observer;
    }

    /// <summary>Adds one line from the pipeline (a string with newlines is several lines).</summary>
    public void AddPipelineLine(string text)
    {
        SourceScan pipeline = Pipeline();
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            foreach (string line in text.Split('\n'))
            {
                pipeline.AddLine(line.TrimEnd('\r'));
            }
        }
        else
        {
            pipeline.AddLine(text);
        }

        pipeline.Bytes += Encoding.UTF8.GetByteCount(text) + 1;
    }

    /// <summary>Adds an entry from the pipeline that already has its parts (Message, Level, TimeCreated).</summary>
    public void AddPipelineRecord(LogLevel level, DateTime? timestampUtc, string message) => Pipeline().AddRecord(level, timestampUtc, message);

    /// <summary>Reads the files (several at once), reporting each file's failure through <paramref name="onFileError"/>, and combines everything.</summary>
    public async Task<LogScanResult> ScanAsync(IReadOnlyList<string> files, Action<OpsException> onFileError, CancellationToken cancellationToken)
    {
        var scans = new SourceScan?[files.Count];
        long done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.ThrottleLimit), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), parallel, (index, token) =>
        {
            string file = files[index];
            try
            {
                scans[index] = ScanFile(file, index, token);
            }
            catch (OpsException ex)
            {
                onFileError(ex);
            }

            long finished = Interlocked.Increment(ref done);
            _observer.Progress("Measure-LogErrors", $"Read {finished} of {files.Count} files", finished, files.Count);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        _observer.ProgressCompleted("Measure-LogErrors");

        foreach (SourceScan? scan in scans)
        {
            if (scan is not null)
            {
                _sources.Add(scan);
            }
        }

        if (_pipeline is not null)
        {
            _pipeline.Complete();
            _sources.Add(_pipeline);
        }

        return Combine();
    }

    private SourceScan ScanFile(string path, int order, CancellationToken cancellationToken)
    {
        DateTime reference = DateTime.UtcNow;
        try
        {
            reference = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _observer.Verbose($"'{path}': modification time unknown ({ex.Message}); year-less timestamps use the current year.");
        }

        var scan = new SourceScan(path, order, _options, reference);
        scan.Bytes = LogFileReader.Read(path, scan.AddLine, _observer, cancellationToken);
        scan.Complete();
        _observer.Verbose($"'{path}': {scan.Lines} lines, {scan.Entries} entries, format {scan.DetectedFormat}.");
        return scan;
    }

    private SourceScan Pipeline() => _pipeline ??= new SourceScan(string.Empty, int.MaxValue, _options, DateTime.UtcNow) { IsFile = false };

    private LogScanResult Combine()
    {
        var summary = new LogSummary { Files = _sources.Count(s => s.IsFile) };
        var byLevel = new long[TemplateStats.LevelCount];
        var buckets = new SortedDictionary<long, long[]>();
        foreach (SourceScan s in _sources)
        {
            summary.Lines += s.Lines;
            summary.Bytes += s.Bytes;
            summary.Entries += s.Entries;
            for (int i = 0; i < byLevel.Length; i++)
            {
                byLevel[i] += s.ByLevel[i];
            }

            summary.FirstTimestamp = Min(summary.FirstTimestamp, s.First);
            summary.LastTimestamp = Max(summary.LastTimestamp, s.Last);
            foreach ((long key, long[] counts) in s.Buckets)
            {
                if (!buckets.TryGetValue(key, out long[]? total))
                {
                    total = new long[2];
                    buckets[key] = total;
                }

                total[0] += counts[0];
                total[1] += counts[1];
            }
        }

        var levels = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (int i = TemplateStats.LevelCount - 1; i >= 0; i--)
        {
            levels[((LogLevel)i).ToString()] = byLevel[i];
        }

        summary.ByLevel = levels;
        summary.Errors = byLevel[(int)LogLevel.Error] + byLevel[(int)LogLevel.Critical] + byLevel[(int)LogLevel.Fatal];
        summary.Warnings = byLevel[(int)LogLevel.Warning];
        summary.ErrorRate = summary.Entries == 0 ? 0 : (double)summary.Errors / summary.Entries;
        summary.Severity = byLevel[(int)LogLevel.Critical] + byLevel[(int)LogLevel.Fatal] > 0 ? Severity.Critical : summary.Errors > 0 ? Severity.Warning : Severity.Ok;
        if (_options.Bucket is TimeSpan size && size > TimeSpan.Zero)
        {
            summary.Buckets = buckets.Select(b => new LogBucket { Start = new DateTime(b.Key * size.Ticks, DateTimeKind.Utc), Entries = b.Value[0], Errors = b.Value[1] }).ToList();
        }

        if (_options.SummaryOnly)
        {
            summary.Duration = _clock.Elapsed;
            return new LogScanResult { Summary = summary };
        }

        List<TemplateCluster> finals = MergeTemplates();
        var ids = new Dictionary<TemplateCluster, string>();
        foreach (TemplateCluster cluster in finals)
        {
            ids[cluster] = TemplateId(cluster.Text);
        }

        List<LogErrorPattern> patterns = finals
            .Select(c => new LogErrorPattern
            {
                Template = c.Text,
                TemplateId = ids[c],
                Level = c.Stats.MaxLevel,
                Count = c.Stats.Count,
                ByLevel = LevelCounts(c.Stats.ByLevel),
                FirstSeen = c.Stats.First,
                LastSeen = c.Stats.Last,
                Sample = c.Stats.Sample ?? string.Empty,
                Files = c.Stats.Files.ToList(),
            })
            .OrderByDescending(p => p.Count)
            .ThenBy(p => p.Template, StringComparer.Ordinal)
            .ToList();

        var entries = new List<LogEntry>();
        if (_options.Entries)
        {
            foreach (SourceScan s in _sources)
            {
                foreach (PendingEntry e in s.EntryList)
                {
                    TemplateCluster final = e.Cluster.Final;
                    entries.Add(new LogEntry { File = e.File, LineNumber = e.LineNumber, Timestamp = e.Timestamp, Level = e.Level, Message = e.Message, TemplateId = ids[final], Template = final.Text });
                }
            }
        }

        var measures = new List<LogMeasure>();
        if (_options.Measure is string field)
        {
            if (_options.GroupBy is null)
            {
                foreach (TemplateCluster c in finals.Where(c => c.Stats.Values is { Count: > 0 }).OrderByDescending(c => c.Stats.Values!.Count).ThenBy(c => c.Text, StringComparer.Ordinal))
                {
                    measures.Add(Measure(field, c.Text, ids[c], c.Stats.Values!));
                }
            }
            else
            {
                var groups = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
                foreach (SourceScan s in _sources)
                {
                    foreach ((string group, List<double> values) in s.GroupValues)
                    {
                        if (!groups.TryGetValue(group, out List<double>? all))
                        {
                            all = [];
                            groups[group] = all;
                        }

                        all.AddRange(values);
                    }
                }

                measures.AddRange(groups.Select(g => Measure(field, g.Key, string.Empty, g.Value)));
            }
        }

        summary.Duration = _clock.Elapsed;
        return new LogScanResult { Patterns = patterns, Entries = entries, Summary = summary, Measures = measures };
    }

    /// <summary>Folds every source's templates together: identical texts first, then Drain over the texts in a fixed order.</summary>
    private List<TemplateCluster> MergeTemplates()
    {
        var byText = new Dictionary<string, TemplateCluster>(StringComparer.Ordinal);
        foreach (SourceScan s in _sources.OrderBy(s => s.Order))
        {
            foreach (TemplateCluster cluster in s.Miner.Clusters)
            {
                string text = cluster.Text;
                if (!byText.TryGetValue(text, out TemplateCluster? same))
                {
                    same = new TemplateCluster(cluster.Tokens);
                    byText[text] = same;
                }

                same.Stats.Merge(cluster.Stats);
                cluster.MergedInto = same;
            }
        }

        var miner = new DrainMiner();
        var finals = new List<TemplateCluster>();
        var seen = new HashSet<TemplateCluster>();
        foreach (TemplateCluster combined in byText.Values.OrderByDescending(c => c.Stats.Count).ThenBy(c => c.Text, StringComparer.Ordinal))
        {
            TemplateCluster final = miner.Add((string[])combined.Tokens.Clone());
            final.Stats.Merge(combined.Stats);
            combined.MergedInto = final;
            if (seen.Add(final))
            {
                finals.Add(final);
            }
        }

        return finals;
    }

    /// <summary>The first 8 hex digits of the SHA-256 of the template text.</summary>
    internal static string TemplateId(string template) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(template)).AsSpan(0, 4)).ToLowerInvariant();

    /// <summary>Exact statistics; percentiles by the nearest-rank method (the smallest value with at least p% of the values at or below it).</summary>
    internal static LogMeasure Measure(string field, string group, string templateId, List<double> values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        double sum = 0;
        foreach (double v in sorted)
        {
            sum += v;
        }

        return new LogMeasure
        {
            Field = field,
            Group = group,
            TemplateId = templateId,
            Count = sorted.Length,
            Min = sorted[0],
            Mean = sum / sorted.Length,
            P50 = NearestRank(sorted, 50),
            P95 = NearestRank(sorted, 95),
            P99 = NearestRank(sorted, 99),
            Max = sorted[^1],
        };
    }

    private static double NearestRank(double[] sorted, int percentile)
    {
        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private static Dictionary<string, long> LevelCounts(long[] byLevel)
    {
        var counts = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (int i = byLevel.Length - 1; i >= 0; i--)
        {
            if (byLevel[i] > 0)
            {
                counts[((LogLevel)i).ToString()] = byLevel[i];
            }
        }

        return counts;
    }

    private static DateTime? Min(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}
