using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OpsModule.Engine.Logs;

/// <summary>An entry kept for -Entries until its template is final.</summary>
internal sealed record PendingEntry(string File, long LineNumber, DateTime? Timestamp, LogLevel Level, string Message, TemplateCluster Cluster);

/// <summary>
/// Everything learned from one source (a file, or the lines and objects from the pipeline), read in order by
/// one thread: lines are grouped into entries (continuation lines join the entry above), timestamps resolved
/// and inherited, entries filtered by time, counted by level and, at or above the level asked for, mined into
/// templates. Nothing of a line is kept after it is counted, except what -Entries and -Measure ask for.
/// </summary>
internal sealed class SourceScan
{
    private const int MaxEntryLines = 200;
    private const int MaxEntryChars = 64 * 1024;

    private readonly LogScanOptions _options;
    private readonly LineParser _parser;
    private readonly TimestampResolver _resolver;
    private readonly Dictionary<LogFormat, int> _formats = [];
    private LogLine _current;
    private bool _hasCurrent;
    private long _currentLine;
    private StringBuilder? _continuation;
    private int _continuationLines;
    private DateTime? _lastTimestamp;
    private long _timestampedEntries;
    private long _startedEntries;

    internal SourceScan(string name, int order, LogScanOptions options, DateTime referenceUtc)
    {
        Name = name;
        Order = order;
        _options = options;
        _parser = new LineParser(options.Measure, options.GroupBy, options.Format);
        _resolver = new TimestampResolver(options.TimeZone, referenceUtc);
    }

    internal string Name { get; }

    internal int Order { get; }

    internal bool IsFile { get; init; } = true;

    internal long Lines { get; private set; }

    internal long Bytes { get; set; }

    internal long Entries { get; private set; }

    internal long[] ByLevel { get; } = new long[TemplateStats.LevelCount];

    internal DateTime? First { get; private set; }

    internal DateTime? Last { get; private set; }

    internal Dictionary<long, long[]> Buckets { get; } = [];

    internal DrainMiner Miner { get; } = new();

    internal List<PendingEntry> EntryList { get; } = [];

    internal Dictionary<string, List<double>> GroupValues { get; } = new(StringComparer.Ordinal);

    /// <summary>The format most entries had (for the verbose story).</summary>
    internal LogFormat DetectedFormat
    {
        get
        {
            LogFormat best = LogFormat.Text;
            int count = -1;
            foreach ((LogFormat format, int n) in _formats)
            {
                if (n > count)
                {
                    best = format;
                    count = n;
                }
            }

            return best;
        }
    }

    /// <summary>One raw line.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void AddLine(string line)
    {
        Lines++;
        bool continuationLikely = _timestampedEntries > 0 && _timestampedEntries * 10 >= _startedEntries * 8;
        if (_parser.TryParse(line, continuationLikely, out LogLine parsed))
        {
            Flush();
            Start(parsed, Lines);
            return;
        }

        if (!_hasCurrent)
        {
            // A continuation with nothing above it (the file starts mid-entry): an entry of its own.
            Start(new LogLine { Format = LogFormat.Text, Message = line.Trim() }, Lines);
            return;
        }

        if (_current.MessageOnNextLine && string.IsNullOrEmpty(_current.Message))
        {
            _current.Message = line.Trim();
            _current.MessageOnNextLine = false;
            return;
        }

        if (_options.Entries && _continuationLines < MaxEntryLines && (_continuation?.Length ?? 0) < MaxEntryChars)
        {
            (_continuation ??= new StringBuilder()).Append('\n').Append(line);
            _continuationLines++;
        }
    }

    /// <summary>An entry that arrives already split into its parts (Get-WinEvent-shaped objects).</summary>
    internal void AddRecord(LogLevel level, DateTime? timestampUtc, string message)
    {
        Lines++;
        Flush();
        var line = new LogLine { Format = LogFormat.Text, Level = level, Message = message };
        if (timestampUtc is DateTime t)
        {
            line.HasTimestamp = true;
            line.Timestamp = new RawTimestamp(t, TimeSpan.Zero, false);
        }

        Start(line, Lines);
    }

    /// <summary>Ends the source (the last entry is counted).</summary>
    internal void Complete() => Flush();

    private void Start(LogLine line, long lineNumber)
    {
        _current = line;
        _current.Message ??= string.Empty;
        _hasCurrent = true;
        _currentLine = lineNumber;
        _continuation?.Clear();
        _continuationLines = 0;
        _startedEntries++;
        if (line.HasTimestamp)
        {
            _timestampedEntries++;
        }

        if (_startedEntries <= 1000)
        {
            _formats[line.Format] = _formats.GetValueOrDefault(line.Format) + 1;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Flush()
    {
        if (!_hasCurrent)
        {
            return;
        }

        _hasCurrent = false;
        LogLine line = _current;
        DateTime? timestamp = _lastTimestamp;
        if (line.HasTimestamp)
        {
            timestamp = _resolver.ToUtc(line.Timestamp);
            _lastTimestamp = timestamp;
        }

        if ((_options.SinceUtc is DateTime since && (timestamp is null || timestamp < since)) || (_options.UntilUtc is DateTime until && (timestamp is null || timestamp > until)))
        {
            return;
        }

        Entries++;
        ByLevel[(int)line.Level]++;
        if (timestamp is DateTime t)
        {
            First = First is null || t < First ? t : First;
            Last = Last is null || t > Last ? t : Last;
            if (_options.Bucket is TimeSpan bucket && bucket > TimeSpan.Zero)
            {
                long key = t.Ticks / bucket.Ticks;
                if (!Buckets.TryGetValue(key, out long[]? counts))
                {
                    counts = new long[2];
                    Buckets[key] = counts;
                }

                counts[0]++;
                if (line.Level >= LogLevel.Error)
                {
                    counts[1]++;
                }
            }
        }

        if (_options.SummaryOnly || line.Level < _options.Level)
        {
            return;
        }

        TemplateCluster cluster = Miner.Add(TemplateMasker.Tokens(line.Message));
        cluster.Stats.Add(line.Level, timestamp, line.Message, IsFile ? Name : null);
        if (_options.Measure is not null && line.MeasureValue is string raw
            && double.TryParse(raw.AsSpan().TrimEnd("msµ"), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            if (_options.GroupBy is null)
            {
                cluster.Stats.AddValue(value);
            }
            else
            {
                string group = line.GroupValue ?? string.Empty;
                if (!GroupValues.TryGetValue(group, out List<double>? values))
                {
                    values = [];
                    GroupValues[group] = values;
                }

                values.Add(value);
            }
        }

        if (_options.Entries)
        {
            string message = _continuation is { Length: > 0 } ? line.Message + _continuation : line.Message;
            EntryList.Add(new PendingEntry(IsFile ? Name : string.Empty, _currentLine, timestamp, line.Level, message, cluster));
        }
    }
}
