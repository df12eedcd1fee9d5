using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using OpsModule.Engine.Logs;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Measure-LogErrors: what went wrong in log files, how often and since when, grouped by message template.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "LogErrors", DefaultParameterSetName = PathSet)]
[OutputType(typeof(LogErrorPattern), typeof(LogEntry), typeof(LogSummary), typeof(LogMeasure))]
public sealed class MeasureLogErrorsCommand : OpsCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";

    private readonly List<string> _files = [];
    private readonly HashSet<string> _fromFolders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _added = new(StringComparer.Ordinal);
    private LogScanEngine? _engine;
    private LogScanOptions? _options;

    #region Parameters

    /// <summary>Log files or folders; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Log files or folders, taken literally (Get-ChildItem output binds here by PSPath).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Raw log lines, FileInfo objects, or objects with Message, Level/LevelDisplayName and TimeCreated/Timestamp.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [AllowEmptyString]
    public PSObject? InputObject { get; set; }

    /// <summary>Read the files in subfolders of the folders given.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>The lowest level reported (default Error; Unknown includes entries without a level).</summary>
    [Parameter]
    public LogLevel Level { get; set; } = LogLevel.Error;

    /// <summary>Emit one LogEntry per entry at or above -Level instead of patterns.</summary>
    [Parameter]
    public SwitchParameter Entries { get; set; }

    /// <summary>Emit one LogSummary (counts per level, error rate, time range) instead of patterns.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Emit only the N most frequent patterns (with -Measure, the N templates or groups with the most values; with -Entries, the first N entries).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Top { get; set; }

    /// <summary>Count only entries at or after this time (a date and time, a span ago such as '24h' or '7d', 'today' or 'yesterday').</summary>
    [Parameter]
    [PointInTimeArgument]
    public DateTime? Since { get; set; }

    /// <summary>Count only entries at or before this time (a date and time, a span ago such as '1h', 'today' or 'yesterday').</summary>
    [Parameter]
    [PointInTimeArgument]
    public DateTime? Until { get; set; }

    /// <summary>The time zone of timestamps written without one (default: the local zone).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    /// <summary>With -Summary: a histogram with buckets of this size.</summary>
    [Parameter]
    [DurationArgument(RequireUnit = true)]
    public TimeSpan? Bucket { get; set; }

    /// <summary>A numeric field to measure (JSON or logfmt field, key=value in text, or a named group of -Format).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Measure { get; set; }

    /// <summary>With -Measure: group the statistics by this field instead of by template.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? GroupBy { get; set; }

    /// <summary>A regular expression with named groups timestamp, level and message for a format not detected automatically.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Format { get; set; }

    /// <summary>How many files are read at once (default: the number of processors).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        int modes = (Entries ? 1 : 0) + (Summary ? 1 : 0) + (Measure is null ? 0 : 1);
        if (modes > 1)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, null, "-Entries, -Summary and -Measure choose different outputs; use one of them."));
        }

        if (GroupBy is not null && Measure is null)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, GroupBy, "-GroupBy groups the statistics of -Measure; add -Measure <field>."));
        }

        if (Bucket is TimeSpan bucket && (!Summary || bucket <= TimeSpan.Zero))
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, Bucket, "-Bucket sets the histogram of -Summary: use it with -Summary and a positive size such as 1h."));
        }

        if (Summary && MyInvocation.BoundParameters.ContainsKey(nameof(Top)))
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, Top, "-Top limits patterns, -Measure statistics or -Entries; -Summary emits one summary. Use one of them."));
        }

        TimeZoneInfo zone = TimeZoneInfo.Local;
        if (TimeZone is not null)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, TimeZone, $"'{TimeZone}' is not a time zone this system knows. Use an IANA id such as 'UTC' or 'Europe/Berlin'.", ex));
            }
        }

        Regex? format = null;
        if (Format is not null)
        {
            try
            {
                format = new Regex(Format, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, Format, $"-Format is not a valid regular expression: {ex.Message}", ex));
            }

            if (!Array.Exists(format!.GetGroupNames(), n => n.Equals("message", StringComparison.OrdinalIgnoreCase) || n.Equals("level", StringComparison.OrdinalIgnoreCase)))
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, Format, "-Format needs a named group (?<level>...) or (?<message>...); (?<timestamp>...) is optional."));
            }
        }

        if (ToUtc(Since, zone) is DateTime from && ToUtc(Until, zone) is DateTime to && from > to)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, Since, $"-Since ({Since:u}) is later than -Until ({Until:u}): no entry could be counted. Swap them."));
        }

        bool levelGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Level));
        _options = new LogScanOptions
        {
            Level = Measure is not null && !levelGiven ? LogLevel.Unknown : Level,
            Entries = Entries,
            SummaryOnly = Summary,
            SinceUtc = ToUtc(Since, zone),
            UntilUtc = ToUtc(Until, zone),
            TimeZone = zone,
            Bucket = Bucket,
            Measure = Measure,
            GroupBy = GroupBy,
            Format = format,
            ThrottleLimit = ThrottleLimit,
        };
        _engine = new LogScanEngine(_options, Observer);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case InputObjectSet:
                try
                {
                    AddInput(InputObject);
                }
                catch (GetValueException ex)
                {
                    // A script property of the object that throws (its Level, its TimeCreated): that object is not counted.
                    EmitError(new OpsException(ErrorIds.UnsupportedLogInput, OpsErrorCategory.InvalidData, InputObject?.BaseObject,
                        $"A property of a piped object could not be read, so it was not counted: {ex.Message}", ex));
                }

                break;
            default:
                bool literal = ParameterSetName == LiteralPathSet;
                foreach (string path in PathResolver.ResolveFiles(this, literal ? LiteralPath : Path, literal))
                {
                    AddPath(path);
                }

                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        LogScanEngine engine = _engine!;
        LogScanResult result = RunEngine(token => engine.ScanAsync(_files, ReportFileError, token));
        if (Summary)
        {
            WriteObject(result.Summary);
        }
        else if (Measure is not null)
        {
            // -Top: the templates or groups with the most values (ties in their order).
            WriteObject(Top > 0 ? result.Measures.OrderByDescending(m => m.Count).Take(Top) : result.Measures, enumerateCollection: true);
        }
        else if (Entries)
        {
            // foreach disposes the enumeration when the pipeline stops early (Select-Object -First) or -Top is reached,
            // which deletes the spool files. -Top: the first N entries in input order, as head -n would give them.
            int count = 0;
            foreach (LogEntry entry in result.Entries)
            {
                if (Top > 0 && count++ >= Top)
                {
                    break;
                }

                WriteObject(entry);
            }
        }
        else
        {
            int count = 0;
            foreach (LogErrorPattern pattern in result.Patterns)
            {
                if (Top > 0 && count++ >= Top)
                {
                    break;
                }

                WriteObject(pattern);
            }
        }

        WriteVerbose($"{result.Summary.Files} files, {result.Summary.Lines} lines, {result.Summary.Entries} entries read in {result.Summary.Duration.TotalSeconds:N2} s.");
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The -Entries temporary files not deleted yet: the call failed or was stopped before their entries were written.
            _engine?.Dispose();
        }

        base.Dispose(disposing);
    }

    #endregion

    private void ReportFileError(OpsException error)
    {
        if (error.ErrorId == ErrorIds.LogFileIsBinary && error.Target is string file && _fromFolders.Contains(file))
        {
            Observer.Warning(error.Message);
            return;
        }

        EmitError(error);
    }

    private void AddPath(string path)
    {
        if (LogFiles.IsFolder(path))
        {
            foreach (string file in LogFiles.InFolder(path, Recurse, WriteVerbose))
            {
                if (_added.Add(LogFiles.Identity(file)))
                {
                    _fromFolders.Add(file);
                    _files.Add(file);
                }
            }

            return;
        }

        // A file named twice (overlapping wildcards; a folder and its files from Get-ChildItem -Recurse; a symlink and its
        // target) is read once.
        if (_added.Add(LogFiles.Identity(path)))
        {
            _files.Add(path);
        }
    }

    private void AddInput(PSObject? input)
    {
        object? value = input?.BaseObject;
        switch (value)
        {
            case null:
                return;
            case string line:
                _engine!.AddPipelineLine(line);
                return;
            case FileSystemInfo item:
                AddPath(item.FullName);
                return;
            case System.Collections.IList list:
                // -InputObject $lines: the items, as the pipeline would give them, not the array's text.
                foreach (object? element in list)
                {
                    AddInput(element is null ? null : PSObject.AsPSObject(element));
                }

                return;
            case System.Collections.IDictionary map when HasMessageKey(map):
                // @{ Message = ...; Level = ... }: its keys are the properties (a hashtable has none of its own).
                var record = new PSObject();
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    record.Properties.Add(new PSNoteProperty(entry.Key?.ToString() ?? string.Empty, entry.Value));
                }

                input = record;
                break;
            default:
                break;
        }

        PSPropertyInfo? message = input!.Properties["Message"];
        if (message is null && PathProperty(input) is string named)
        {
            // An object that names a file (Import-Csv of a list of logs, [pscustomobject]@{ LiteralPath = ... }): the file is
            // read, as for the LiteralPath parameter, not the object's text counted as a line.
            foreach (string path in PathResolver.ResolveFiles(this, [named], literal: true))
            {
                AddPath(path);
            }

            return;
        }

        if (message is null && LineProperty(input) is string matched)
        {
            // Select-String's MatchInfo: the matched line, with its file and line number (-Entries shows them; matches of
            // piped text have the path InputStream and no file).
            string? from = input.Properties["Path"]?.Value as string;
            long number = input.Properties["LineNumber"]?.Value switch { int n => n, long n => n, ulong n => (long)Math.Min(n, long.MaxValue), _ => 0 };
            _engine!.AddPipelineLine(matched, from is null or "InputStream" ? null : from, number);
            return;
        }

        if (input.BaseObject is PSCustomObject && (message is null || (SafeValue(message) is string or PSObject { BaseObject: string } && !IsWindowsEventShaped(input))))
        {
            // A property bag (ConvertFrom-Json of a JSON log line, a hashtable), with or without a message: read as that JSON
            // line, so its level, time and -Measure/-GroupBy fields are found under every name a JSON line's are (severity,
            // log.level, lvl, pino's numbers, @timestamp, time, duration_ms ...). Bags shaped like Get-WinEvent's records
            // (TimeCreated, LevelDisplayName, or a Level of Windows' numbers 0-5) and bags whose Message is no text (null, a number)
            // are read as events below.
            _engine!.AddPipelineLine(ToJsonLine(input));
            return;
        }

        if (message is null)
        {
            // Get-Process, a number, a hashtable without a Message key: its text is no log line, so it is not counted.
            string type = value?.GetType().FullName ?? "null";
            EmitError(new OpsException(ErrorIds.UnsupportedLogInput, OpsErrorCategory.InvalidArgument, value,
                $"An object of type {type} is not a log line, so it was not counted. Pipe strings (Get-Content, journalctl), files (Get-ChildItem, or objects with a LiteralPath, PSPath or FullName), Select-String matches, or entries with a Message property (and Level or LevelDisplayName, TimeCreated or Timestamp, as Get-WinEvent gives)."));
            return;
        }

        if (message.Value is null && !IsEventShaped(input))
        {
            _engine!.AddPipelineLine(input.ToString());
            return;
        }

        LogLevel level = RecordLevel(input);
        object? time = input.Properties["TimeCreated"]?.Value ?? input.Properties["Timestamp"]?.Value;
        DateTime? when = (time is PSObject wrappedTime ? wrappedTime.BaseObject : time) switch
        {
            DateTime t => ToUtc(t, _options!.TimeZone),
            DateTimeOffset o => o.UtcDateTime,
            // Text (an Import-Csv column): with its offset or Z as written, else in -TimeZone, as a log's timestamps are.
            string text when DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind | System.Globalization.DateTimeStyles.AllowWhiteSpaces, out DateTime parsed) => ToUtc(parsed, _options!.TimeZone),
            _ => null,
        };
        if (message.Value is null)
        {
            // The made-up text is the pattern as it is: its event id tells kinds of events apart, not a value to mask.
            _engine!.AddPipelineRecord(level, when, NoMessage(input), literalTemplate: true);
            return;
        }

        _engine!.AddPipelineRecord(level, when, LanguagePrimitives.ConvertTo<string>(message.Value) ?? string.Empty);
    }

    /// <summary>
    /// The file an object without a Message names by its LiteralPath, PSPath or FullName property, or, for a property bag
    /// (Import-Csv, [pscustomobject]), its Path; null for anything else (Select-String's matches have a Path but are lines).
    /// </summary>
    private string? PathProperty(PSObject input)
    {
        foreach (string name in (string[])["LiteralPath", "PSPath", "FullName"])
        {
            if (input.Properties[name]?.Value is object value && LanguagePrimitives.ConvertTo<string>(value) is { Length: > 0 } text)
            {
                return text;
            }
        }

        // A bag's Path is a file only when one is there: a JSON log event's "path" is a URL path (/api/users), not a file.
        if (input.BaseObject is PSCustomObject && input.Properties["Path"]?.Value is object bagValue
            && LanguagePrimitives.ConvertTo<string>(bagValue) is { Length: > 0 } path)
        {
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            return System.IO.File.Exists(full) || System.IO.Directory.Exists(full) ? path : null;
        }

        return null;
    }

    /// <summary>The line of a Select-String match (MatchInfo, known by its type name: the cmdlet assembly references no Utility types).</summary>
    private static string? LineProperty(PSObject input) =>
        input.BaseObject.GetType().FullName == "Microsoft.PowerShell.Commands.MatchInfo" && input.Properties["Line"]?.Value is string line ? line : null;

    /// <summary>
    /// A property bag as one JSON line, its properties as fields: nested bags, hashtables and lists as JSON objects and arrays
    /// (to a depth of 16 and 10,000 values in all; beyond them, and where an object recurs inside itself, a nested value is
    /// written as the name of its type), times in ISO 8601 with their offset, other values as their text.
    /// </summary>
    private static string ToJsonLine(PSObject input)
    {
        var buffer = new System.IO.MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            new JsonLineWriter(writer).WriteBag(input, 0);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes a bag's values, with the depth and size limits of <see cref="ToJsonLine"/>.</summary>
    private sealed class JsonLineWriter(System.Text.Json.Utf8JsonWriter writer)
    {
        private const int MaxDepth = 16;
        private const int MaxValues = 10_000;
        private readonly HashSet<object> _open = new(ReferenceEqualityComparer.Instance);
        private int _values;

        internal void WriteBag(PSObject bag, int depth)
        {
            _open.Add(bag.BaseObject is PSCustomObject ? bag : bag.BaseObject);
            writer.WriteStartObject();
            foreach (PSPropertyInfo property in bag.Properties)
            {
                writer.WritePropertyName(property.Name);
                WriteValue(SafeValue(property), depth + 1);
            }

            writer.WriteEndObject();
            _open.Remove(bag.BaseObject is PSCustomObject ? bag : bag.BaseObject);
        }

        private void WriteValue(object? value, int depth)
        {
            object? v = value is PSObject wrapped ? wrapped.BaseObject : value;
            bool nested = v is PSCustomObject or System.Collections.IDictionary or System.Collections.IList;
            object? identity = v is PSCustomObject ? value : v;
            if (nested && (depth >= MaxDepth || _values >= MaxValues || _open.Contains(identity!)))
            {
                writer.WriteStringValue(v is PSCustomObject ? "(object)" : v!.GetType().Name);
                return;
            }

            _values++;
            switch (v)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case byte or sbyte or short or ushort or int or uint or long:
                    writer.WriteNumberValue(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case ulong or float or double or decimal when Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) is double d && double.IsFinite(d):
                    writer.WriteNumberValue(d);
                    break;
                case DateTime t:
                    writer.WriteStringValue(t.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case DateTimeOffset o:
                    writer.WriteStringValue(o.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case PSCustomObject when value is PSObject bag:
                    WriteBag(bag, depth);
                    break;
                case System.Collections.IDictionary map:
                    _open.Add(map);
                    writer.WriteStartObject();
                    foreach (System.Collections.DictionaryEntry entry in map)
                    {
                        writer.WritePropertyName(entry.Key?.ToString() ?? string.Empty);
                        WriteValue(entry.Value, depth + 1);
                    }

                    writer.WriteEndObject();
                    _open.Remove(map);
                    break;
                case System.Collections.IList list:
                    _open.Add(list);
                    writer.WriteStartArray();
                    foreach (object? item in list)
                    {
                        WriteValue(item, depth + 1);
                    }

                    writer.WriteEndArray();
                    _open.Remove(list);
                    break;
                default:
                    writer.WriteStringValue(LanguagePrimitives.ConvertTo<string>(v) ?? string.Empty);
                    break;
            }
        }
    }

    /// <summary>A property's value, or null when reading it fails (a script property that throws).</summary>
    private static object? SafeValue(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }

    /// <summary>
    /// A bag shaped like Get-WinEvent's records: a TimeCreated or LevelDisplayName property, or a Level that is a number of
    /// Windows' event levels (0-5) or an enum.
    /// </summary>
    private static bool IsWindowsEventShaped(PSObject input)
    {
        if (input.Properties["TimeCreated"] is not null || input.Properties["LevelDisplayName"] is not null)
        {
            return true;
        }

        object? level = input.Properties["Level"]?.Value;
        level = level is PSObject wrapped ? wrapped.BaseObject : level;
        return level is Enum || WindowsLevel(level) >= 0;
    }

    /// <summary>A Level of Windows' event levels, 0 to 5, as a number or as its digit (an Import-Csv column); -1 for anything else.</summary>
    private static int WindowsLevel(object? level) => level switch
    {
        byte or sbyte or short or ushort or int or uint or long when Convert.ToInt64(level, System.Globalization.CultureInfo.InvariantCulture) is long n && n is >= 0 and <= 5 => (int)n,
        string { Length: 1 } digit when digit[0] is >= '0' and <= '5' => digit[0] - '0',
        _ => -1,
    };

    /// <summary>A Message key in any case (ConvertFrom-Json -AsHashtable keeps the JSON's "message").</summary>
    private static bool HasMessageKey(System.Collections.IDictionary map)
    {
        foreach (object? key in map.Keys)
        {
            if (key is string name && name.Equals("Message", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An object with a level or a time beside its Message property: an event even when its Message is null.</summary>
    private static bool IsEventShaped(PSObject input) =>
        input.Properties["LevelDisplayName"] is not null || input.Properties["Level"] is not null
        || input.Properties["TimeCreated"] is not null || input.Properties["Timestamp"] is not null;

    /// <summary>
    /// The text of an event whose Message is null (Get-WinEvent gives null when the provider's message file is missing):
    /// its provider and event id when it has them, so such events still group by kind.
    /// </summary>
    private static string NoMessage(PSObject input)
    {
        object? provider = input.Properties["ProviderName"]?.Value;
        object? id = input.Properties["Id"]?.Value;
        return provider is null && id is null
            ? "(no message)"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{provider} event {id} (no message)").TrimStart();
    }

    private static LogLevel RecordLevel(PSObject input)
    {
        if (input.Properties["LevelDisplayName"]?.Value is object display && display.ToString() is { Length: > 0 } name)
        {
            LogLevel parsed = LevelFromText(name);
            if (parsed != LogLevel.Unknown)
            {
                return parsed;
            }
        }

        object? level = input.Properties["Level"]?.Value;
        level = level is PSObject wrapped ? wrapped.BaseObject : level;
        return level switch
        {
            LogLevel l => l,
            byte or short or int or long => LevelFromWindows(Convert.ToInt32(level, System.Globalization.CultureInfo.InvariantCulture)),
            string text when WindowsLevel(text) >= 0 => LevelFromWindows(WindowsLevel(text)),
            string text => LevelFromText(text),
            Enum e => LevelFromText(e.ToString()),
            _ => LogLevel.Unknown,
        };
    }

    private static LogLevel LevelFromText(string text) => LogLevelText.Parse(text);

    private static LogLevel LevelFromWindows(int level) => LogLevelText.FromWindowsEvent(level);

    /// <summary>
    /// To UTC; a time of kind Unspecified is in <paramref name="zone"/>, one that a daylight-saving change skipped is read
    /// with the zone's standard offset and one it repeats as its first occurrence, as TimestampParser reads such a
    /// timestamp in a log.
    /// </summary>
    private static DateTime? ToUtc(DateTime? value, TimeZoneInfo zone) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Utc } v => v,
        { Kind: DateTimeKind.Local } v => v.ToUniversalTime(),
        DateTime v when zone.IsInvalidTime(v) => DateTime.SpecifyKind(v - zone.BaseUtcOffset, DateTimeKind.Utc),
        // A time the end of daylight saving time repeats: its first occurrence (daylight time), as a log's stamp is read.
        DateTime v when zone.IsAmbiguousTime(v) => DateTime.SpecifyKind(v - zone.GetAmbiguousTimeOffsets(v).Max(), DateTimeKind.Utc),
        DateTime v => TimeZoneInfo.ConvertTimeToUtc(v, zone),
    };
}
