using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
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

    /// <summary>Entries at or above the level (with -Entries), in input order, read from temporary files as they are enumerated (once).</summary>
    public IEnumerable<LogEntry> Entries { get; init; } = [];

    /// <summary>The summary of everything read.</summary>
    public LogSummary Summary { get; init; } = new();

    /// <summary>The temporary files the entries wait in (deleted once <see cref="Entries"/> is read).</summary>
    internal IReadOnlyList<string> SpoolFiles { get; init; } = [];

    /// <summary>-Measure statistics.</summary>
    public IReadOnlyList<LogMeasure> Measures { get; init; } = [];
}

/// <summary>
/// Measure-LogErrors' engine: reads files on up to <see cref="LogScanOptions.ThrottleLimit"/> threads (each file
/// by one thread, in order), plus lines and objects from the pipeline, then combines what each source found. The
/// combined templates are mined once more in a fixed order (most frequent first, then by text), so templates and
/// their ids do not depend on the order of the files or the number of threads.
/// With <see cref="LogScanOptions.Entries"/> the entries wait in temporary files (<see cref="EntrySpool"/>): disposing
/// the engine deletes those still there, whether the call ended, failed or was stopped.
/// </summary>
public sealed class LogScanEngine : IDisposable
{
    private readonly LogScanOptions _options;
    private readonly IOperationObserver _observer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<SourceScan> _sources = [];
    private SourceScan?[] _scans = [];
    private SourceScan? _pipeline;

    /// <summary>Creates the engine; with -Entries it first removes the temporary files of earlier runs that were killed.</summary>
    public LogScanEngine(LogScanOptions options, IOperationObserver observer)
    {
        _options = options;
        _observer = observer;
        if (options.Entries && EntrySpool.RemoveAbandoned() is int removed and > 0)
        {
            observer.Verbose(string.Format(CultureInfo.InvariantCulture, "Removed {0} -Entries temporary file(s) in '{1}' that earlier calls left behind when they were killed.", removed, Path.GetTempPath()));
        }
    }

    /// <summary>Deletes the temporary files of -Entries that are still there (entries not read, or a call that failed or was stopped).</summary>
    public void Dispose()
    {
        _pipeline?.Spool?.Dispose();
        foreach (SourceScan? scan in _scans)
        {
            scan?.Spool?.Dispose();
        }

        foreach (SourceScan scan in _sources)
        {
            scan.Spool?.Dispose();
        }
    }

    /// <summary>Adds one line that names the file and line number it came from (a Select-String match).</summary>
    public void AddPipelineLine(string text, string? file, long lineNumber)
    {
        SourceScan pipeline = Pipeline();
        pipeline.AddLine(text.TrimEnd('\r'), file, lineNumber);
        pipeline.Bytes += Encoding.UTF8.GetByteCount(text) + 1;
    }

    /// <summary>Adds one line from the pipeline (a string with newlines is several lines).</summary>
    public void AddPipelineLine(string text)
    {
        SourceScan pipeline = Pipeline();
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            // A whole file as one string (Get-Content -Raw) ends with a newline that ends its last line, not one more line.
            string[] lines = text.Split('\n');
            int count = lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
            for (int i = 0; i < count; i++)
            {
                pipeline.AddLine(lines[i].TrimEnd('\r'));
            }
        }
        else
        {
            pipeline.AddLine(text);
        }

        pipeline.Bytes += Encoding.UTF8.GetByteCount(text) + 1;
    }

    /// <summary>
    /// Adds an entry from the pipeline that already has its parts (Message, Level, TimeCreated); with
    /// <paramref name="literalTemplate"/> the message is its template as it is (a text made for an event without a message,
    /// whose provider and event id tell kinds of events apart), never masked or folded with others.
    /// </summary>
    public void AddPipelineRecord(LogLevel level, DateTime? timestampUtc, string message, bool literalTemplate = false) =>
        Pipeline().AddRecord(level, timestampUtc, message, literalTemplate);

    /// <summary>
    /// Reads the files (several at once, and a big plain file in several byte ranges at once), reporting each file's
    /// failure through <paramref name="onFileError"/>, and combines everything.
    /// </summary>
    public async Task<LogScanResult> ScanAsync(IReadOnlyList<string> files, Action<OpsException> onFileError, CancellationToken cancellationToken)
    {
        var parts = new List<FilePart>();
        for (int i = 0; i < files.Count; i++)
        {
            parts.AddRange(Plan(i, files[i]));
        }

        var scans = new SourceScan?[parts.Count];
        _scans = scans;
        var errors = new OpsException?[files.Count];
        long done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.ThrottleLimit), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, parts.Count), parallel, (index, token) =>
        {
            FilePart part = parts[index];
            try
            {
                scans[index] = ScanPart(files[part.File], part, token);
                TestHook.Pause("logs-file-read", token);
            }
            catch (OpsException ex)
            {
                Interlocked.CompareExchange(ref errors[part.File], ex, null);
            }

            long finished = Interlocked.Increment(ref done);
            _observer.Progress("Measure-LogErrors", parts.Count == files.Count ? $"Read {finished} of {files.Count} files" : $"Read {finished} of {parts.Count} parts of {files.Count} files", finished, parts.Count);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        _observer.ProgressCompleted("Measure-LogErrors");

        for (int first = 0; first < parts.Count;)
        {
            int file = parts[first].File;
            int end = first;
            while (end < parts.Count && parts[end].File == file)
            {
                end++;
            }

            try
            {
                if (errors[file] is OpsException error)
                {
                    onFileError(error);
                }
                else
                {
                    Finish(files[file], parts, scans, first, end, cancellationToken);
                    if (scans[first]?.Damage is OpsException damage)
                    {
                        onFileError(damage);
                    }
                }
            }
            catch (OpsException ex)
            {
                onFileError(ex);
            }

            first = end;
        }

        if (_pipeline is not null)
        {
            _pipeline.Complete();
            _sources.Add(_pipeline);
            if (_pipeline.FirstUnreadStampLine > 0)
            {
                _observer.Warning($"Pipeline input: at line {_pipeline.FirstUnreadStampLine} the -Format timestamp group matched '{_pipeline.FirstUnreadStamp}', which is no date and time read here; such lines take the timestamp of the entry above.");
            }
        }

        return Combine();
    }

    /// <summary>A file, or a byte range of one (starting at a line that starts an entry with a timestamp).</summary>
    private readonly record struct FilePart(int File, long Start, long End, bool Whole);

    /// <summary>
    /// The parts a file is read in: a plain UTF-8 file of at least two <see cref="LogScanOptions.RangeBytes"/> is cut into
    /// ranges of about that size when -Entries is not asked for (it needs the lines in order with their numbers). The cuts
    /// depend only on the file, never on the number of threads, so the results are the same on one thread or many.
    /// </summary>
    private List<FilePart> Plan(int index, string path)
    {
        var whole = new List<FilePart> { new(index, 0, -1, true) };
        if (_options.Entries || _options.RangeBytes <= 0)
        {
            return whole;
        }

        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length < 2 * _options.RangeBytes)
            {
                return whole;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            long length = file.Length;

            byte[] head = new byte[4096];
            int n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            ReadOnlySpan<byte> start = head.AsSpan(0, n);
            // gzip, binary and UTF-16 files, W3C logs (their #Fields: layout is read in order) and PostgreSQL's csvlog (a quoted
            // field may span lines, and a range cannot tell it is inside one) are read whole.
            if ((n >= 2 && start[0] == 0x1F && start[1] == 0x8B) || start.IndexOf((byte)0) >= 0 || (n >= 2 && (start[0] == 0xFF || start[0] == 0xFE))
                || LineParser.StartsW3cLog(start) || LineParser.MayBePostgresCsv(start))
            {
                return whole;
            }

            int count = (int)Math.Min(64, length / _options.RangeBytes);
            var cuts = new List<long> { 0 };
            // Placed as the reading places them (year-less stamps by the file's modification time), to tell a repeated hour.
            var probe = new SourceScan(path, index, _options, File.GetLastWriteTimeUtc(path));
            for (int k = 1; k < count; k++)
            {
                long cut = FindCut(file, length * k / count, probe);
                if (cut > cuts[^1] && cut < length)
                {
                    cuts.Add(cut);
                }
            }

            if (cuts.Count == 1)
            {
                return whole;
            }

            var parts = new List<FilePart>();
            for (int k = 0; k < cuts.Count; k++)
            {
                parts.Add(new FilePart(index, cuts[k], k + 1 < cuts.Count ? cuts[k + 1] : -1, false));
            }

            return parts;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The read reports it.
            return whole;
        }
    }

    /// <summary>The start of the first line at or after <paramref name="from"/> (within 1 MiB) that starts an entry with a timestamp, or -1.</summary>
    private static long FindCut(FileStream file, long from, SourceScan probe)
    {
        // Usually the first line or two will do: look at 64 KiB first, then at 1 MiB.
        long cut = FindCut(file, from, probe, 64 * 1024);
        return cut >= 0 ? cut : FindCut(file, from, probe, 1024 * 1024);
    }

    private static long FindCut(FileStream file, long from, SourceScan probe, int window)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(window);
        try
        {
            file.Seek(from, SeekOrigin.Begin);
            int n = file.ReadAtLeast(buffer.AsSpan(0, window), window, throwOnEndOfStream: false);
            ReadOnlySpan<byte> bytes = buffer.AsSpan(0, n);
            int newline = bytes.IndexOf((byte)'\n');
            while (newline >= 0)
            {
                int lineStart = newline + 1;
                int next = bytes[lineStart..].IndexOf((byte)'\n');
                if (next < 0)
                {
                    return -1;
                }

                ReadOnlySpan<byte> line = bytes.Slice(lineStart, next);
                if (line.Length > 0 && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                if (probe.StartsTimestampedEntry(line))
                {
                    return from + lineStart;
                }

                newline = lineStart + next;
            }

            return -1;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private SourceScan ScanPart(string path, FilePart part, CancellationToken cancellationToken)
    {
        DateTime reference = DateTime.UtcNow;
        try
        {
            reference = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (part.Start == 0)
            {
                _observer.Verbose($"'{path}': modification time unknown ({ex.Message}); year-less timestamps use the current year.");
            }
        }

        var scan = new SourceScan(path, part.File, _options, reference) { RangeStart = part.Start, RangeEnd = part.End };
        return Read(scan, path, part, cancellationToken);
    }

    private SourceScan Read(SourceScan scan, string path, FilePart part, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                scan.Bytes = part.Whole
                    ? LogFileReader.Read(path, scan, _observer, cancellationToken)
                    : LogFileReader.ReadRange(path, part.Start, part.End, scan, _observer, cancellationToken);
            }
            catch (OpsException ex) when (part.Whole && ex.Data[LogFileReader.PartialBytesKey] is long bytes)
            {
                // A cut-short or damaged .gz: its lines before the damage count (as zcat shows them), and the damage is reported.
                scan.Bytes = bytes;
                scan.Damage = ex;
            }

            scan.Complete();
            return scan;
        }
        catch
        {
            // A file that failed or was cancelled part-way: the entries it spooled go with it (nobody else knows this scan).
            scan.Spool?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks the ranges of a file against a reading in order (a range re-read in order when a line's reading depended on
    /// the lines before it), adds them, and reports the file's warnings with line numbers in the whole file.
    /// </summary>
    private void Finish(string path, List<FilePart> parts, SourceScan?[] scans, int first, int end, CancellationToken cancellationToken)
    {
        long lines = 0;
        long entries = 0;
        long timestamped = 0;
        long started = 0;
        long cutLine = 0;
        long invalidLine = 0;
        long dayRollLine = 0;
        long unreadStampLine = 0;
        string? unreadStamp = null;
        LogFormat format = LogFormat.Text;
        for (int k = first; k < end; k++)
        {
            SourceScan scan = scans[k]!;
            // Before the file's first timestamped entry every entry is a preamble, which the continuation rule does not
            // count: a range that starts there (with a timestamped entry) is read as if nothing came before it.
            bool reread = false;
            if (k > first && !(timestamped == 0 ? scan.Agrees(0, 0) : scan.Agrees(timestamped, started)))
            {
                _observer.Verbose($"'{path}': bytes {parts[k].Start} and on re-read in order (their lines depend on the lines before them).");
                var again = new SourceScan(path, parts[k].File, _options, scan.Reference) { RangeStart = parts[k].Start, RangeEnd = parts[k].End };
                again.Seed(timestamped, started);
                scan = Read(again, path, parts[k], cancellationToken);
                reread = true;
            }

            (long ts, long st) = scan.EntryStarts;
            if (timestamped == 0 && ts > 0 && !reread)
            {
                started = 0;
            }

            timestamped += ts;
            started += st;
            if (cutLine == 0 && scan.FirstCutLine > 0)
            {
                cutLine = lines + scan.FirstCutLine;
            }

            if (invalidLine == 0 && scan.FirstInvalidLine > 0)
            {
                invalidLine = lines + scan.FirstInvalidLine;
            }

            if (dayRollLine == 0 && scan.FirstDayRollLine > 0)
            {
                dayRollLine = lines + scan.FirstDayRollLine;
            }

            if (unreadStampLine == 0 && scan.FirstUnreadStampLine > 0)
            {
                unreadStampLine = lines + scan.FirstUnreadStampLine;
                unreadStamp = scan.FirstUnreadStamp;
            }

            if (k == first)
            {
                format = scan.DetectedFormat;
            }

            scan.IsLaterRange = k > first;
            lines += scan.Lines;
            entries += scan.Entries;
            _sources.Add(scan);
        }

        if (cutLine > 0)
        {
            _observer.Warning($"Log file '{path}': line {cutLine} is longer than {LogFileReader.MaxLineBytes / 1024 / 1024} MiB; only its first MiB was read (later long lines are cut the same way).");
        }

        if (invalidLine > 0)
        {
            _observer.Warning($"Log file '{path}': line {invalidLine} is not valid UTF-8; invalid bytes were read as U+FFFD (the line is still counted).");
        }

        if (unreadStampLine > 0)
        {
            _observer.Warning($"Log file '{path}': at line {unreadStampLine} the -Format timestamp group matched '{unreadStamp}', which is no date and time read here (ISO 8601, syslog's, Apache's, epoch seconds or milliseconds, and the other forms the help lists); such lines take the timestamp of the entry above.");
        }

        if (dayRollLine > 0)
        {
            _observer.Warning($"Log file '{path}': its stamps are times of day without a date, and at line {dayRollLine} the time goes back into another day; such stamps are all placed within the day the file was last written, so -Since, -Until, -Bucket and the first and last timestamps are wrong for the earlier days.");
        }

        string how = end - first > 1 ? $" (read in {end - first} parts at once)" : string.Empty;
        _observer.Verbose($"'{path}': {lines} lines, {entries} entries, format {format}{how}.");
    }

    private SourceScan Pipeline() => _pipeline ??= new SourceScan(string.Empty, int.MaxValue, _options, DateTime.UtcNow) { IsFile = false };

    private LogScanResult Combine()
    {
        var summary = new LogSummary { Files = _sources.Count(s => s.IsFile && !s.IsLaterRange) };
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
        var texts = finals.GroupBy(c => c.Text, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (TemplateCluster cluster in finals)
        {
            // An access log's template at two levels (its 502s and its 404s, both GET <*> HTTP/<*> <*>) is two templates: only
            // then does the id hash the level with the text.
            ids[cluster] = TemplateId(cluster.Stats.LevelFromStatus && texts.Contains(cluster.Text) ? $"{cluster.Text}\u0001{cluster.Stats.MaxLevel}" : cluster.Text);
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

        IEnumerable<LogEntry> entries = _options.Entries ? ReadEntries(ids) : [];

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
                var groups = new SortedDictionary<string, MeasuredValues>(StringComparer.Ordinal);
                foreach (SourceScan s in _sources)
                {
                    foreach ((string group, MeasuredValues values) in s.GroupValues)
                    {
                        if (!groups.TryGetValue(group, out MeasuredValues? all))
                        {
                            all = new MeasuredValues();
                            groups[group] = all;
                        }

                        all.AddRange(values);
                    }
                }

                // Most values first, as the templates' statistics and -Top are ordered.
                measures.AddRange(groups.OrderByDescending(g => g.Value.Count).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => Measure(field, g.Key, string.Empty, g.Value)));
            }

            WarnAboutMissingFields(field);
        }

        summary.Duration = _clock.Elapsed;
        List<string> spools = [.. _sources.Where(s => s.Spool is not null).Select(s => s.Spool!.FilePath)];
        return new LogScanResult { Patterns = patterns, Entries = entries, Summary = summary, Measures = measures, SpoolFiles = spools };
    }

    /// <summary>The spooled entries of every source in input order, with their final templates (each spool is deleted once read).</summary>
    /// <summary>-Measure or -GroupBy naming a field no entry has would otherwise print nothing (or one unnamed group).</summary>
    private void WarnAboutMissingFields(string field)
    {
        long looked = 0, valued = 0, grouped = 0;
        foreach (SourceScan s in _sources)
        {
            (long l, long v, long g) = s.MeasureCounts;
            looked += l;
            valued += v;
            grouped += g;
        }

        string entries = _options.Level == LogLevel.Unknown
            ? string.Create(CultureInfo.InvariantCulture, $"{looked} entries")
            : string.Create(CultureInfo.InvariantCulture, $"{looked} entries at or above -Level {_options.Level}");
        const string Where = "a JSON or logfmt field, key=value in a text line, a W3C #Fields column, or a named group of -Format";
        if (valued > 0 && valued < looked)
        {
            _observer.Verbose(string.Create(CultureInfo.InvariantCulture, $"-Measure '{field}': {valued} of the {entries} looked at had a numeric value for '{field}'; the others are not measured."));
        }

        if (valued == 0)
        {
            _observer.Warning($"-Measure '{field}': none of the {entries} looked at had a numeric value for '{field}', so nothing is measured. Check the field name ({Where}) and -Level.");
        }

        if (_options.GroupBy is string group && grouped == 0)
        {
            _observer.Warning($"-GroupBy '{group}': none of the {entries} looked at had the field '{group}'{(valued == 0 ? string.Empty : ", so all values are in one group with an empty name")}. Check the field name ({Where}).");
        }
    }

    private IEnumerable<LogEntry> ReadEntries(Dictionary<TemplateCluster, string> ids)
    {
        try
        {
            foreach (SourceScan s in _sources)
            {
                if (s.Spool is not EntrySpool spool)
                {
                    continue;
                }

                using (spool)
                {
                    string file = s.IsFile ? s.Name : string.Empty;
                    foreach ((string? origin, long line, DateTime? timestamp, LogLevel level, string message, int index) in spool.Read())
                    {
                        TemplateCluster final = s.ClusterAt(level, index).Final;
                        yield return new LogEntry { File = origin ?? file, LineNumber = line, Timestamp = timestamp, Level = level, Message = message, TemplateId = ids[final], Template = final.Text };
                    }
                }
            }
        }
        finally
        {
            // Stopped early (Select-Object -First): the spools not read yet are deleted too.
            foreach (SourceScan s in _sources)
            {
                s.Spool?.Dispose();
            }
        }
    }

    /// <summary>
    /// Folds every source's templates together, level by level (an error's template never folds with the info messages
    /// that share its words); then the same text at several levels is one template (a message logged at two levels).
    /// </summary>
    private List<TemplateCluster> MergeTemplates()
    {
        // The same message at two levels is one template, as within a level: the same text, or texts whose tokens differ
        // only where both hold a digit (BGL's "illegal instruction......0" at FATAL and "......1" at INFO), the differing
        // positions becoming <*>; a template taken as it is joins only its own text.
        var joined = new List<TemplateCluster>();
        var byShape = new Dictionary<string, int>(StringComparer.Ordinal);
        var literals = new HashSet<TemplateCluster>();
        for (int level = TemplateStats.LevelCount - 1; level >= 0; level--)
        {
            foreach (TemplateCluster template in MergeTemplates((LogLevel)level, literals))
            {
                // An access log's request at two levels had two statuses (a 502 and a 404): two events, never joined.
                string shape = literals.Contains(template) ? template.Text : string.Join(' ', template.Tokens.Select(t => DrainMiner.HasDigit(t) ? TemplateMasker.Wildcard : t));
                shape = template.Stats.LevelFromStatus ? $"{level}\u0001{shape}" : shape;
                if (!byShape.TryGetValue(shape, out int at))
                {
                    byShape[shape] = joined.Count;
                    joined.Add(template);
                    continue;
                }

                TemplateCluster first = joined[at];
                string[] tokens = [.. first.Tokens.Select((t, i) => string.Equals(t, template.Tokens[i], StringComparison.Ordinal) ? t : TemplateMasker.Wildcard)];
                TemplateCluster into = tokens.SequenceEqual(first.Tokens, StringComparer.Ordinal) ? first : new TemplateCluster(tokens);
                foreach (TemplateCluster part in into == first ? [template] : new[] { first, template })
                {
                    into.AddWordWildcards(part);
                    into.Stats.Merge(part.Stats);
                    part.MergedInto = into;
                }

                joined[at] = into;
            }
        }

        // A template of one level that another level's more general template covers (the same message with a value that
        // varied only at the other level: "tenant alice", "bob", "carol" at WARN beside "tenant acme" at ERROR) is counted in it;
        // those whose level came from an HTTP status fold only within their own level.
        var folded = new List<TemplateCluster>();
        foreach (IGrouping<int, TemplateCluster> group in joined.Where(t => !literals.Contains(t)).GroupBy(t => t.Stats.LevelFromStatus ? (int)t.Stats.MaxLevel : -1).OrderBy(g => g.Key))
        {
            folded.AddRange(DrainMiner.FoldCovered([.. group]));
        }

        return [.. folded, .. joined.Where(literals.Contains)];
    }

    /// <summary>
    /// Folds every source's templates of one level together: identical texts first, then Drain over the texts in a fixed
    /// order; the templates taken as they are join only their own text, and are added to <paramref name="literals"/>.
    /// </summary>
    private List<TemplateCluster> MergeTemplates(LogLevel level, HashSet<TemplateCluster> literals)
    {
        var byText = new Dictionary<string, TemplateCluster>(StringComparer.Ordinal);
        foreach (SourceScan s in _sources.OrderBy(s => s.Order))
        {
            foreach (TemplateCluster cluster in s.ClustersAt(level))
            {
                string text = cluster.Text;
                if (!byText.TryGetValue(text, out TemplateCluster? same))
                {
                    same = new TemplateCluster(cluster.Tokens);
                    byText[text] = same;
                }

                same.AddWordWildcards(cluster);
                same.Stats.Merge(cluster.Stats);
                cluster.MergedInto = same;
            }
        }

        var miner = new DrainMiner();
        var finals = new List<TemplateCluster>();
        var seen = new HashSet<TemplateCluster>();
        foreach (TemplateCluster combined in DrainMiner.MergeWordVariants([.. byText.Values]).OrderByDescending(c => c.Stats.Count).ThenBy(c => c.Text, StringComparer.Ordinal))
        {
            TemplateCluster final = miner.Add((string[])combined.Tokens.Clone());
            final.AddWordWildcards(combined);
            final.Stats.Merge(combined.Stats);
            combined.MergedInto = final;
            if (seen.Add(final))
            {
                finals.Add(final);
            }
        }

        // Generalising one template can make its text equal to another's: they are one template.
        var byFinalText = new Dictionary<string, TemplateCluster>(StringComparer.Ordinal);
        var unique = new List<TemplateCluster>(finals.Count);
        foreach (TemplateCluster final in finals)
        {
            if (byFinalText.TryGetValue(final.Text, out TemplateCluster? same))
            {
                same.AddWordWildcards(final);
                same.Stats.Merge(final.Stats);
                final.MergedInto = same;
            }
            else
            {
                byFinalText[final.Text] = final;
                unique.Add(final);
            }
        }

        List<TemplateCluster> folded = DrainMiner.FoldCovered(unique);
        var byFoldedText = new Dictionary<string, TemplateCluster>(StringComparer.Ordinal);
        foreach (TemplateCluster final in folded)
        {
            byFoldedText.TryAdd(final.Text, final);
        }

        foreach (SourceScan s in _sources.OrderBy(s => s.Order))
        {
            foreach (TemplateCluster literal in s.LiteralsAt(level))
            {
                if (!byFoldedText.TryGetValue(literal.Text, out TemplateCluster? same))
                {
                    same = new TemplateCluster(literal.Tokens);
                    byFoldedText[literal.Text] = same;
                    folded.Add(same);
                    literals.Add(same);
                }

                same.Stats.Merge(literal.Stats);
                literal.MergedInto = same;
            }
        }

        return folded;
    }

    /// <summary>The first 8 hex digits of the SHA-256 of the template text.</summary>
    internal static string TemplateId(string template) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(template)).AsSpan(0, 4)).ToLowerInvariant();

    /// <summary>Exact statistics; percentiles by the nearest-rank method (the smallest value with at least p% of the values at or below it).</summary>
    internal static LogMeasure Measure(string field, string group, string templateId, MeasuredValues values)
    {
        (double Value, long Count)[] sorted = values.Sorted();
        long count = values.Count;
        double sum = 0;
        foreach ((double value, long n) in sorted)
        {
            sum += value * n;
        }

        double mean = sum / count;
        if (!double.IsFinite(mean))
        {
            // Values near double's limits overflow the sum: each value weighted by its share instead (no partial sum
            // leaves the range of the values).
            mean = 0;
            foreach ((double value, long n) in sorted)
            {
                mean += value * ((double)n / count);
            }
        }

        return new LogMeasure
        {
            Field = field,
            Group = group,
            TemplateId = templateId,
            Count = count,
            Min = sorted[0].Value,
            Mean = mean,
            P50 = NearestRank(sorted, count, 50),
            P95 = NearestRank(sorted, count, 95),
            P99 = NearestRank(sorted, count, 99),
            Max = sorted[^1].Value,
        };
    }

    /// <summary>The smallest value with at least <paramref name="percentile"/>% of the values at or below it (rank ceil(p/100 * n)).</summary>
    private static double NearestRank((double Value, long Count)[] sorted, long count, int percentile)
    {
        long rank = Math.Clamp((long)Math.Ceiling(percentile / 100.0 * count), 1, count);
        long seen = 0;
        foreach ((double value, long n) in sorted)
        {
            seen += n;
            if (seen >= rank)
            {
                return value;
            }
        }

        return sorted[^1].Value;
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
