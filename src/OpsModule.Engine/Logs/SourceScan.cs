using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Unicode;

namespace OpsModule.Engine.Logs;

/// <summary>
/// Everything learned from one source (a file, or the lines and objects from the pipeline), read in order by
/// one thread: lines are grouped into entries (continuation lines join the entry above), timestamps resolved
/// and inherited, entries filtered by time, counted by level and, at or above the level asked for, mined into
/// templates. Nothing of a line is kept after it is counted, except what -Entries and -Measure ask for.
/// </summary>
internal sealed class SourceScan : ILogLineSink
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
    // Where a pipeline line came from (a Select-String match's file and line number), for the entry it starts.
    private string? _origin;
    private long _originLine;
    private string? _currentOrigin;
    private StringBuilder? _continuation;
    private int _continuationLines;
    // Instants as UTC ticks (-1: none yet), so the per-entry work is integer comparisons.
    private long _lastTicks = -1;
    private long _lastTimeOfDay = -1;
    private long _firstTicks = long.MaxValue;
    private long _lastSeenTicks = long.MinValue;
    private readonly long _sinceTicks;
    private readonly long _untilTicks;
    private readonly long _bucketTicks;
    private readonly LogLevel _messageFrom;
    private long _timestampedEntries;
    private long _measureLooked;
    private long _measureValued;
    private long _measureGrouped;
    private long _startedEntries;
    private long _seedTimestamped;
    private long _seedStarted;
    // Entries before the first timestamped one (a banner, "Starting app v1.2"): they do not count against the continuation rule.
    private long _preamble;
    private char[] _chars = new char[4096];
    private readonly char[] _currentSqlSource = new char[12];
    private byte[]? _reencoded;

    internal SourceScan(string name, int order, LogScanOptions options, DateTime referenceUtc)
    {
        Name = name;
        Order = order;
        _options = options;
        _parser = new LineParser(options.Measure, options.GroupBy, options.Format) { KeepDetails = options.Entries };
        _resolver = new TimestampResolver(options.TimeZone, referenceUtc);
        _messageFrom = options.SummaryOnly ? (LogLevel)int.MaxValue : options.Level;

        // An entry without any timestamp (-1) is outside every -Since/-Until window.
        _sinceTicks = options.SinceUtc?.Ticks ?? (options.UntilUtc is null ? -1 : 0);
        _untilTicks = options.UntilUtc?.Ticks ?? long.MaxValue;
        _bucketTicks = options.Bucket is TimeSpan bucket && bucket > TimeSpan.Zero ? bucket.Ticks : 0;
        Reference = referenceUtc;
    }

    /// <summary>The time year-less timestamps are placed relative to (the file's modification time).</summary>
    internal DateTime Reference { get; }

    /// <summary>True for the second and later ranges of a file read in parts (the file is counted once).</summary>
    internal bool IsLaterRange { get; set; }

    /// <summary>True when the line starts an entry with a timestamp whatever the lines before it were (a safe place to cut a file).</summary>
    internal bool StartsTimestampedEntry(ReadOnlySpan<byte> utf8)
    {
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[utf8.Length];
        }

        if (Utf8.ToUtf16(utf8, _chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return false;
        }

        // Never between a SQL Server error and its message line (both start with the same stamp).
        // Nor at a stamp in the hour a daylight-saving change repeats: which of the two it is depends on the lines before.
        return _parser.TryParse(utf8, _chars.AsSpan(0, written), continuationLikely: true, (LogLevel)int.MaxValue, out LogLine parsed) && parsed.HasTimestamp
            && !parsed.TimeFromRecord && LineParser.SqlServerMessage(_chars.AsSpan(0, written)) < 0 && !_resolver.IsAmbiguous(parsed.Timestamp);
    }

    /// <summary>The byte range of the file this scan read (a part of a big file read in parallel), or 0 and -1 for the whole file.</summary>
    internal long RangeStart { get; init; }

    /// <summary>The end of the range (-1: the end of the file).</summary>
    internal long RangeEnd { get; init; } = -1;

    /// <summary>False to parse every line with the character parser (tests compare the two).</summary>
    internal bool UseFastPath { get; init; } = true;

    /// <summary>The first line (1-based, in this scan) that was not valid UTF-8; 0 when none.</summary>
    internal long FirstInvalidLine { get; private set; }

    /// <summary>
    /// The first entry (its line, 1-based, in this scan) whose time of day without a date is more than an hour before
    /// the previous one's: the log goes on into another day, which such stamps cannot tell; 0 when none.
    /// </summary>
    internal long FirstDayRollLine { get; private set; }

    /// <summary>The first line (1-based, in this scan) longer than the reader's limit; 0 when none.</summary>
    internal long FirstCutLine { get; private set; }

    /// <summary>The first line (of this part) whose -Format timestamp group held text that is no date and time, or 0.</summary>
    internal long FirstUnreadStampLine { get; private set; }

    /// <summary>That text.</summary>
    internal string? FirstUnreadStamp { get; private set; }

    /// <summary>Entries started and entries with a timestamp (they decide whether an unrecognised line continues the entry above).</summary>
    internal (long Timestamped, long Started) EntryStarts => (_timestampedEntries - _seedTimestamped, _startedEntries - _seedStarted - _preamble);

    // Bounds on D = 10 * timestamped - 8 * started of the lines before this range under which each decision that
    // depended on "continuationLikely" comes out the same (see Agrees).
    private long _maxTrueMargin = long.MinValue;
    private long _minFalseMargin = long.MaxValue;
    private long _minFalseMarginNoStamps = long.MaxValue;

    /// <summary>Starts the entry statistics from what the lines before this range had (a range re-read in order).</summary>
    internal void Seed(long timestamped, long started)
    {
        _seedTimestamped = _timestampedEntries = timestamped;
        _seedStarted = _startedEntries = started;
    }

    /// <summary>
    /// True when this range, read without knowing the lines before it, decided every line exactly as a reading of the
    /// whole file in order would have, given the entry statistics of those lines.
    /// </summary>
    internal bool Agrees(long timestampedBefore, long startedBefore)
    {
        long d = (10 * timestampedBefore) - (8 * startedBefore);
        return d >= _maxTrueMargin && d < _minFalseMargin && (timestampedBefore == 0 || d < _minFalseMarginNoStamps);
    }

    internal string Name { get; }

    internal int Order { get; }

    internal bool IsFile { get; init; } = true;

    internal long Lines { get; private set; }

    internal long Bytes { get; set; }

    internal long Entries { get; private set; }

    internal long[] ByLevel { get; } = new long[TemplateStats.LevelCount];

    internal DateTime? First => _firstTicks == long.MaxValue ? null : new DateTime(_firstTicks, DateTimeKind.Utc);

    internal DateTime? Last => _lastSeenTicks == long.MinValue ? null : new DateTime(_lastSeenTicks, DateTimeKind.Utc);

    internal Dictionary<long, long[]> Buckets { get; } = [];

    /// <summary>Whether the current line started an entry.</summary>
    private bool _lastStarted;

    /// <summary>Inside a Python traceback (a "Traceback" line continued the entry, its exception's line not seen yet).</summary>
    private bool _inTraceback;

    /// <summary>The line before was the exception's line that closed a traceback.</summary>
    private bool _tracebackClosed;

    /// <summary>The crash the current entry is (a runtime's banner for an uncaught error), or None.</summary>
    private CrashKind _crash;

    /// <summary>
    /// The crash's lines go on (Python's traceback until its exception's line, Node's banner until "Node.js v", Go's goroutine
    /// dump): every line without a timestamp continues it, as in a file whose entries start with one.
    /// </summary>
    private bool _crashOpen;

    /// <summary>The crash's message is still to come (Python's and Node's exception line); its first line is kept for -Entries.</summary>
    private bool _crashPending;

    /// <summary>Node's "^" marker under the source line was seen: the next line that is not blank is the error.</summary>
    private bool _crashMarker;

    private int _crashLines;

    /// <summary>The crash's first line, when its message became the exception's line (it heads the -Entries text).</summary>
    private string? _crashHead;

    /// <summary>The line was read with its crash open (its continuation did not depend on the entry statistics).</summary>
    private bool _crashForced;

    /// <summary>Lines of one crash read as its continuation at most (a goroutine dump of a big program is long).</summary>
    private const int MaxCrashLines = 10_000;

    /// <summary>Lines of Node's banner before its error's line at most (the source line, the marker, a blank line).</summary>
    private const int MaxNodeHeadLines = 8;

    private readonly DrainMiner?[] _miners = new DrainMiner?[TemplateStats.LevelCount];

    /// <summary>
    /// The templates of the entries at one level: each level is mined on its own, so an error's template never folds
    /// together with the info messages that share its words (<c>Backup failed ...</c> beside <c>Backup succeeded ...</c>).
    /// </summary>
    internal DrainMiner Miner(LogLevel level) => _miners[(int)level] ??= new DrainMiner();

    /// <summary>The templates of the entries at one level (none when no entry had it).</summary>
    internal IReadOnlyList<TemplateCluster> ClustersAt(LogLevel level) => _miners[(int)level]?.Clusters ?? [];

    /// <summary>The templates taken as they are (<see cref="LogLine.LiteralTemplate"/>), by level, in the order they came.</summary>
    private readonly List<TemplateCluster>?[] _literals = new List<TemplateCluster>?[TemplateStats.LevelCount];

    private readonly Dictionary<(LogLevel, string), TemplateCluster> _literalByText = [];

    /// <summary>The templates taken as they are at one level (none when no entry had one).</summary>
    internal IReadOnlyList<TemplateCluster> LiteralsAt(LogLevel level) => _literals[(int)level] ?? [];

    /// <summary>The template of a spooled entry by its index: a mined template, or one taken as it is (a negative index).</summary>
    internal TemplateCluster ClusterAt(LogLevel level, int index) => index >= 0 ? Miner(level).Clusters[index] : _literals[(int)level]![~index];

    /// <summary>The templates of every level, lowest level first.</summary>
    internal IEnumerable<TemplateCluster> Clusters => _miners.Where(m => m is not null).SelectMany(m => m!.Clusters);

    /// <summary>The damage of a cut-short or damaged .gz whose lines before it were read, or null.</summary>
    internal OpsException? Damage { get; set; }

    /// <summary>The entries for -Entries (in a temporary file), or null.</summary>
    internal EntrySpool? Spool { get; private set; }

    internal Dictionary<string, MeasuredValues> GroupValues { get; } = new(StringComparer.Ordinal);

    /// <summary>With -Measure: the entries at or above the level looked at, those with a numeric value, and those with the -GroupBy field.</summary>
    internal (long Looked, long Valued, long Grouped) MeasureCounts => (_measureLooked, _measureValued, _measureGrouped);

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

    /// <summary>One raw line given as text (the pipeline).</summary>
    internal void AddLine(string line) => AddLine(Encoding.UTF8.GetBytes(line), false);

    /// <summary>One line from the pipeline that names where it came from (a Select-String match): an entry it starts has that file and line number.</summary>
    internal void AddLine(string line, string? origin, long originLine)
    {
        _origin = origin;
        _originLine = originLine;
        try
        {
            AddLine(line);
        }
        finally
        {
            _origin = null;
            _originLine = 0;
        }
    }

    /// <summary>The number of the line being read: its own in its file when the pipeline said so, else its place in this source.</summary>
    private long LineNumber => _originLine > 0 ? _originLine : Lines;

    /// <summary>One raw line as UTF-8 bytes.</summary>
    public void AddLine(ReadOnlySpan<byte> utf8, bool cut)
    {
        // (Python 3.11's exception groups open with "  + Exception Group Traceback (most recent call last):".)
        bool traceback = utf8.Length > 30 && (utf8[0] == (byte)'T' ? utf8.StartsWith("Traceback (most recent call last)"u8)
            : utf8[0] == (byte)' ' && utf8[2] == (byte)'+' && utf8.StartsWith("  + Exception Group Traceback (most recent call last)"u8));
        _lastStarted = false;
        AddLineCore(utf8, cut, traceback);

        // Where a Python traceback is (for an exception's line in a file without timestamps): it opens with "Traceback",
        // its exception's line closes it, and a "Traceback" right after that opens the next one.
        if (traceback)
        {
            _inTraceback = true;
            _tracebackClosed = false;
        }
        else if (_lastStarted)
        {
            _inTraceback = false;
            _tracebackClosed = false;
        }
        else if (_parser.LastWasExceptionLine)
        {
            _tracebackClosed = _inTraceback;
            _inTraceback = false;
        }
        else if (utf8.Length > 0)
        {
            _tracebackClosed = false;
        }
    }

    private void AddLineCore(ReadOnlySpan<byte> utf8, bool cut, bool traceback)
    {
        Lines++;
        if (cut && FirstCutLine == 0)
        {
            FirstCutLine = Lines;
        }

        if (_crashOpen && (++_crashLines > MaxCrashLines || (_crash == CrashKind.Go && !GoDumpLine(utf8))
            || (_crash == CrashKind.Node && (_crashPending ? _crashLines > MaxNodeHeadLines : !NodeTailLine(utf8)))))
        {
            _crashOpen = false;
        }

        _crashForced = _crashOpen;
        if (traceback && TracebackIsCrash())
        {
            // Python's traceback below an entry under Warning (logging.exception and exc_info=True write it below their
            // ERROR line): the process died of an uncaught exception. An Error entry of its own, named by the exception's line.
            Flush();
            Start(new LogLine { Format = LogFormat.Text, Level = LogLevel.Error, OpensWithLevel = true, Message = LogLevel.Error >= _messageFrom ? Encoding.UTF8.GetString(utf8).Trim() : null }, LineNumber);
            OpenCrash(CrashKind.Python);
            return;
        }

        if (traceback && _crash == CrashKind.Python)
        {
            // A chained exception's traceback ("During handling of the above exception ..."): its exception's line is the message.
            _crashOpen = _crashPending = true;
        }

        bool continuationLikely = _crashForced || (_timestampedEntries > 0 && _timestampedEntries * 10 >= (_startedEntries - _preamble) * 8);
        bool nextTraceback = traceback && _tracebackClosed && !continuationLikely;
        bool julLevelNext = _hasCurrent && _current.LevelOnNextLine;
        if (UseFastPath && !julLevelNext && !nextTraceback && !_crashOpen && System.Text.Ascii.IsValid(utf8)
            && _parser.TryParseFast(utf8, continuationLikely, _messageFrom, out LogLine fast, out bool fastStarts)
            && (fastStarts || (_hasCurrent && !_current.MessageOnNextLine && !_current.LevelOnNextLine && !_options.Entries))
            && !(_parser.LastWasExceptionLine && !continuationLikely && !_inTraceback))
        {
            // The fast path decided the line as the character parser would, and nothing of its text is needed (an exception's
            // line that starts an entry of its own, below, needs its text).
            if (_parser.LastDependedOnContinuation || _parser.LastWasExceptionLine)
            {
                RecordDecision(continuationLikely);
            }

            if (fastStarts)
            {
                Flush();
                StartFast(in fast, LineNumber);
            }

            return;
        }

        if (_chars.Length < utf8.Length)
        {
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }

        if (Utf8.ToUtf16(utf8, _chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            // Invalid UTF-8: read as U+FFFD, and give the parser the bytes of that text.
            if (FirstInvalidLine == 0)
            {
                FirstInvalidLine = Lines;
            }

            written = Encoding.UTF8.GetChars(utf8, _chars);
            int needed = Encoding.UTF8.GetMaxByteCount(written);
            if (_reencoded is null || _reencoded.Length < needed)
            {
                _reencoded = new byte[needed];
            }

            utf8 = _reencoded.AsSpan(0, Encoding.UTF8.GetBytes(_chars.AsSpan(0, written), _reencoded));
        }

        ReadOnlySpan<char> line = _chars.AsSpan(0, written);
        bool starts = _parser.TryParse(utf8, line, continuationLikely, _messageFrom, out LogLine parsed);
        if (_parser.LastStampUnread && FirstUnreadStampLine == 0)
        {
            FirstUnreadStampLine = Lines;
            FirstUnreadStamp = _parser.LastStampText;
        }
        if (_parser.LastDependedOnContinuation)
        {
            RecordDecision(continuationLikely);
        }

        if (!starts && _parser.LastContinuationText is string container && LineParser.IsTracebackHeader(container))
        {
            // A Python traceback inside a container's record (docker compose's "web-1  | ", CRI's "... stderr F ", Docker's
            // json-file): read as on its own line.
            if (TracebackIsCrash())
            {
                Flush();
                Start(new LogLine { Format = LogFormat.Text, Level = LogLevel.Error, OpensWithLevel = true, Message = LogLevel.Error >= _messageFrom ? container.Trim() : null }, LineNumber);
                OpenCrash(CrashKind.Python);
                return;
            }

            if (_crash == CrashKind.Python)
            {
                _crashOpen = _crashPending = true;
            }
        }

        if (!starts && _hasCurrent && _current.Format == LogFormat.DotNetConsole && LineParser.IsLowerErrorLine(line))
        {
            // "error: ..." at the start of a line below .NET's console entry, whose own lines are all indented: another
            // writer's error (winston's, git's), an entry of its own as "warn: ..." and "info: ..." are.
            parsed = new LogLine { Format = LogFormat.Text, Level = LogLevel.Error, OpensWithLevel = true, Message = LogLevel.Error >= _messageFrom ? line[7..].Trim().ToString() : null };
            starts = true;
        }

        if (starts && julLevelNext && !parsed.HasTimestamp && LineParser.JulLevelLine(line, out _) != LogLevel.Unknown)
        {
            // java.util.logging's "SEVERE: message" after its stamp line: the entry's level, though it opens with a level word.
            starts = false;
        }

        if (!starts && ((_parser.LastWasExceptionLine && _parser.LastContinuationText is null) || nextTraceback))
        {
            // An exception's own line ("TypeError: ...") ends a Python traceback above it, or belongs to an entry in a file
            // with timestamps; in a file without them, outside a traceback, it is an entry of its own (a program printing an
            // error, a Java exception's header). A "Traceback" right after a traceback's last line starts the next one.
            RecordDecision(continuationLikely);
            if (!continuationLikely && (nextTraceback || !_inTraceback))
            {
                Flush();
                Start(new LogLine { Format = LogFormat.Text, Message = LogLevel.Unknown >= _messageFrom ? line.Trim().ToString() : null }, LineNumber);
                return;
            }
        }

        if (starts && _parser.LastCrash != CrashKind.None && _hasCurrent && _current.Level >= LogLevel.Warning && _crash == CrashKind.None)
        {
            // A crash's text under a warning or an error is that entry's (a logged error quoting a child's panic, a caught
            // require() failure's stack): the error is already counted. Under a crash it is the next crash.
            starts = false;
        }

        if (starts)
        {
            if (_hasCurrent && _current.MessageInNextEntry && parsed.HasTimestamp && parsed.Timestamp == _current.Timestamp
                && LineParser.SqlServerMessage(line) is int sql and > 0
                && (line[23..35].SequenceEqual(_currentSqlSource) || line[23..35].StartsWith("Logon ", StringComparison.Ordinal)))
            {
                // SQL Server's ERRORLOG: the error's message is the next line, with the same stamp.
                _current.MessageInNextEntry = false;
                string text = line[sql..].Trim().ToString();
                _current.Message = _current.Message is null ? null : $"{text} ({_current.Message})";
                return;
            }

            Flush();
            Start(parsed, LineNumber);
            if (_parser.LastCrash != CrashKind.None)
            {
                OpenCrash(_parser.LastCrash);
            }

            if (parsed.MessageInNextEntry)
            {
                // The source column (spid51, Backup): the error's message line has the same one, or is a Logon line.
                line[23..35].CopyTo(_currentSqlSource);
            }

            return;
        }

        if (_parser.LastWasDirective)
        {
            // A W3C directive (#Fields: ...): neither an entry nor part of one.
            return;
        }

        if (_parser.LastContinuationText is string inner)
        {
            // A container record's line continues the entry above (not the record around it).
            line = inner;
        }

        if (!_hasCurrent && line.IsWhiteSpace())
        {
            // A blank line before the first entry is no entry (it is still a line).
            return;
        }

        if (!_hasCurrent)
        {
            // A continuation with nothing above it (the file starts mid-entry): an entry of its own, at the time of the
            // container record around it if any (which does not make it a timestamped entry for the continuation rule).
            var first = new LogLine { Format = LogFormat.Text, Message = line.Trim().ToString() };
            if (_parser.LastContinuationTime is RawTimestamp time)
            {
                first.HasTimestamp = true;
                first.Timestamp = time;
                first.TimeFromRecord = true;
            }

            Start(first, LineNumber);
            return;
        }

        if (_current.LevelOnNextLine)
        {
            // java.util.logging: the entry's level and message are on the line after its stamp.
            _current.LevelOnNextLine = false;
            LogLevel level = LineParser.JulLevelLine(line, out int message);
            if (level != LogLevel.Unknown)
            {
                _current.Level = level;
                _current.Message = level >= _messageFrom ? line[message..].Trim().ToString() : null;
                return;
            }
        }

        if (_current.MessageOnNextLine && string.IsNullOrEmpty(_current.Message))
        {
            _current.Message = line.Trim().ToString();
            _current.MessageOnNextLine = false;
            return;
        }

        if (_crashOpen)
        {
            CrashLine(line);
        }

        if (_options.Entries && _continuationLines < MaxEntryLines && (_continuation?.Length ?? 0) < MaxEntryChars)
        {
            (_continuation ??= new StringBuilder()).Append('\n').Append(line);
            _continuationLines++;
        }
    }

    /// <summary>
    /// A Python traceback starts a crash of its own: below an entry under Warning (logging.exception and exc_info=True write
    /// it below their ERROR line), with nothing above, or right after the last line of such a crash.
    /// </summary>
    private bool TracebackIsCrash() =>
        _options.Format is null
        && (!_hasCurrent || (_current.Level < LogLevel.Warning && !_current.LevelOnNextLine && _current.HasTimestamp && !_current.TimeFromRecord)
            || (_crash == CrashKind.Python && _tracebackClosed));

    /// <summary>The entry just started is a crash: Go's and Node's lines and Python's traceback continue it while they last.</summary>
    private void OpenCrash(CrashKind crash)
    {
        _crash = crash;
        _crashOpen = crash != CrashKind.Java;
        _crashPending = crash is CrashKind.Python or CrashKind.Node;
        _crashLines = 0;
    }

    /// <summary>
    /// A line of an open crash: Python's exception line (the first line of the traceback that is neither indented nor blank)
    /// and Node's error (the first line that is not blank after the "^" marker, or after the first blank line) become the
    /// entry's message; Node's "Node.js v20.11.1" ends its banner.
    /// </summary>
    private void CrashLine(ReadOnlySpan<char> line)
    {
        bool blank = line.IsWhiteSpace();
        if (_crash == CrashKind.Python)
        {
            if (!blank && line[0] is not (' ' or '\t') && !line.StartsWith("Traceback", StringComparison.Ordinal))
            {
                CrashMessage(line);
                _crashOpen = false;
            }
            else if (line.Length > 4 && line.StartsWith("  | ", StringComparison.Ordinal) && line[4] is not (' ' or '\t'))
            {
                // An exception group's own line ("  | ExceptionGroup: errors (2 sub-exceptions)"), below its frames; the
                // sub-exceptions follow, indented further.
                CrashMessage(line[4..]);
                _crashOpen = false;
            }

            return;
        }

        if (_crash != CrashKind.Node)
        {
            return;
        }

        if (line.StartsWith("Node.js v", StringComparison.Ordinal))
        {
            _crashOpen = _crashPending = false;
        }
        else if (_crashPending && !blank && _crashMarker)
        {
            CrashMessage(line);
        }
        else if (!blank && line.Trim().Trim('^').IsEmpty)
        {
            _crashMarker = true;
        }
        else if (blank && _crashLines > 1)
        {
            // No marker (or after it, a blank line): the error comes after the first blank line.
            _crashMarker = true;
        }
    }

    private void CrashMessage(ReadOnlySpan<char> line)
    {
        if (_crashPending && _current.Message is not null)
        {
            _crashHead ??= _current.Message;
            _current.Message = line.Trim().ToString();
        }

        _crashPending = false;
    }

    /// <summary>
    /// A line of Node's banner after its error's line: blank, indented (the frames, an error's properties), the braces
    /// around them, npm's hint and <c>Node.js v20.11.1</c> (versions before 18 end with the frames).
    /// </summary>
    private static bool NodeTailLine(ReadOnlySpan<byte> line) =>
        line.IsEmpty || line[0] is (byte)' ' or (byte)'\t' or (byte)'{' or (byte)'}' or (byte)'[' or (byte)']'
        || line.StartsWith("Node.js v"u8) || line.StartsWith("(Use `node "u8);

    /// <summary>A line of Go's goroutine dump after its panic: blank, indented, a goroutine's or frame's line.</summary>
    private static bool GoDumpLine(ReadOnlySpan<byte> line) =>
        line.IsEmpty || line[0] is (byte)' ' or (byte)'\t' || line.StartsWith("goroutine "u8) || line.StartsWith("created by "u8)
        || line.StartsWith("runtime stack:"u8) || line.StartsWith("[signal "u8) || line.StartsWith("exit status "u8)
        || line.StartsWith("...additional frames elided..."u8) || (line[^1] == (byte)')' && line.IndexOf((byte)'(') is > 0 and int open && !line[..open].Contains((byte)' '));

    private void NoteTimeOfDay(long ticks)
    {
        if (FirstDayRollLine == 0 && _lastTimeOfDay >= 0 && ticks < _lastTimeOfDay - TimeSpan.TicksPerHour)
        {
            FirstDayRollLine = _currentLine;
        }

        _lastTimeOfDay = ticks;
    }

    private void RecordDecision(bool continuationLikely)
    {
        if (_crashForced)
        {
            // Inside a crash every line without a timestamp continues it, whatever the entry statistics.
            return;
        }

        long timestamped = _timestampedEntries - _seedTimestamped;
        long started = _startedEntries - _seedStarted - _preamble;
        long margin = (8 * started) - (10 * timestamped);
        if (continuationLikely)
        {
            _maxTrueMargin = Math.Max(_maxTrueMargin, margin);
        }
        else if (timestamped > 0)
        {
            _minFalseMargin = Math.Min(_minFalseMargin, margin);
        }
        else
        {
            _minFalseMarginNoStamps = Math.Min(_minFalseMarginNoStamps, margin);
        }
    }

    /// <summary>
    /// An entry that arrives already split into its parts (Get-WinEvent-shaped objects); with <paramref name="literalTemplate"/>
    /// its message is its template as it is.
    /// </summary>
    internal void AddRecord(LogLevel level, DateTime? timestampUtc, string message, bool literalTemplate)
    {
        Lines++;
        Flush();
        var line = new LogLine { Format = LogFormat.Text, Level = level, Message = message, LiteralTemplate = literalTemplate };
        if (timestampUtc is DateTime t)
        {
            line.HasTimestamp = true;
            line.Timestamp = new RawTimestamp(t, TimeSpan.Zero, false);
        }

        Start(line, Lines);
    }

    /// <summary>Ends the source (the last entry is counted).</summary>
    internal void Complete() => Flush();

    /// <summary>
    /// <see cref="Start"/> for a line the fast path took: it has no message, -Measure or -GroupBy value, so only the value
    /// fields are copied (the whole struct's copy into this object costs a write barrier per reference field).
    /// </summary>
    private void StartFast(in LogLine line, long lineNumber)
    {
        _current.Format = line.Format;
        _current.Level = line.Level;
        _current.HasTimestamp = line.HasTimestamp;
        _current.Timestamp = line.Timestamp;
        _current.Message = null;
        _current.MessageOnNextLine = false;
        _current.LevelOnNextLine = false;
        _current.MessageInNextEntry = false;
        _current.TimeFromRecord = false;
        _current.LiteralTemplate = false;
        _current.LevelFromStatus = false;
        _current.TemplateText = null;
        _current.Details = null;
        _current.MeasureValue = null;
        _current.GroupValue = null;
        Started(in line, lineNumber);
    }

    private void Start(in LogLine line, long lineNumber)
    {
        _current = line;
        Started(in line, lineNumber);
    }

    private void Started(in LogLine line, long lineNumber)
    {
        _hasCurrent = true;
        _currentLine = lineNumber;
        if (_origin is not null || _currentOrigin is not null)
        {
            _currentOrigin = _origin;
        }
        _continuation?.Clear();
        _continuationLines = 0;
        _lastStarted = true;
        _crash = CrashKind.None;
        _crashOpen = _crashPending = _crashMarker = false;
        _crashHead = null;
        if (!line.OpensWithLevel)
        {
            _startedEntries++;
        }

        // .NET console entries ("fail: App[0]") have a header of their own, though no timestamp: a file that mixes them
        // with timestamped entries still has its unrecognised lines continue the entry above.
        if ((line.HasTimestamp && !line.TimeFromRecord) || line.Format == LogFormat.DotNetConsole)
        {
            if (_timestampedEntries == 0)
            {
                // The first timestamped entry of the file (or of a range, where it is the range's first entry, unless the
                // range was seeded with entries before it): the entries before it were a preamble.
                _preamble = _startedEntries - 1;
            }

            _timestampedEntries++;
        }

        if (_startedEntries <= 1000)
        {
            _formats[line.Format] = _formats.GetValueOrDefault(line.Format) + 1;
        }
    }

    /// <summary>The template that is <paramref name="text"/> as it is, at one level.</summary>
    private TemplateCluster Literal(LogLevel level, string text)
    {
        if (!_literalByText.TryGetValue((level, text), out TemplateCluster? cluster))
        {
            List<TemplateCluster> literals = _literals[(int)level] ??= [];
            cluster = new TemplateCluster(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) { Index = ~literals.Count };
            literals.Add(cluster);
            _literalByText[(level, text)] = cluster;
        }

        return cluster;
    }

    private void Flush()
    {
        if (!_hasCurrent)
        {
            return;
        }

        _hasCurrent = false;
        ref LogLine line = ref _current;
        if (line.HasTimestamp)
        {
            _lastTicks = _resolver.ToUtc(line.Timestamp).Ticks;
            if (line.Timestamp.DateMissing)
            {
                NoteTimeOfDay(line.Timestamp.Value.TimeOfDay.Ticks);
            }
        }

        long ticks = _lastTicks;
        if (ticks < _sinceTicks || ticks > _untilTicks)
        {
            return;
        }

        Entries++;
        ByLevel[(int)line.Level]++;
        if (ticks >= 0)
        {
            _firstTicks = Math.Min(_firstTicks, ticks);
            _lastSeenTicks = Math.Max(_lastSeenTicks, ticks);
            if (_bucketTicks > 0)
            {
                long key = ticks / _bucketTicks;
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

        DateTime? timestamp = ticks >= 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;
        string text = line.Message ?? string.Empty;
        TemplateCluster cluster = line.LiteralTemplate ? Literal(line.Level, text) : Miner(line.Level).AddMasked(TemplateMasker.MaskMessage(line.TemplateText ?? text));
        cluster.Stats.Add(line.Level, timestamp, text, IsFile ? Name : null);
        if (line.LevelFromStatus)
        {
            cluster.Stats.LevelFromStatus = true;
        }

        if (_options.Measure is not null)
        {
            _measureLooked++;
            if (line.GroupValue is not null)
            {
                _measureGrouped++;
            }
        }

        if (_options.Measure is not null && line.MeasureValue is string raw
            && double.TryParse(WithoutUnit(raw), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            _measureValued++;
            if (_options.GroupBy is null)
            {
                cluster.Stats.AddValue(value);
            }
            else
            {
                string group = line.GroupValue ?? string.Empty;
                if (!GroupValues.TryGetValue(group, out MeasuredValues? values))
                {
                    values = new MeasuredValues();
                    GroupValues[group] = values;
                }

                values.Add(value);
            }
        }

        if (_options.Entries)
        {
            // Blank lines after an entry (before the next one) are not part of its message.
            // A JSON line's stack trace follows its message on lines of its own, as a text log's stack trace does.
            string full = line.Details is null ? text : text + "\n" + line.Details;
            string message = _continuation is { Length: > 0 } ? (full + (_crashHead is null ? null : "\n" + _crashHead) + _continuation).TrimEnd() : full;
            (Spool ??= new EntrySpool()).Add(_currentOrigin, _currentLine, timestamp, line.Level, message, cluster.Index);
        }
    }

    /// <summary>A measured value without a trailing <c>ms</c> or <c>s</c> (<c>12ms</c>, <c>1.5s</c>); any other unit (<c>5m</c>, <c>100µs</c>) leaves it no number.</summary>
    private static ReadOnlySpan<char> WithoutUnit(string raw) =>
        raw.EndsWith("ms", StringComparison.Ordinal) ? raw.AsSpan(0, raw.Length - 2)
        : raw.EndsWith('s') ? raw.AsSpan(0, raw.Length - 1)
        : raw;
}
