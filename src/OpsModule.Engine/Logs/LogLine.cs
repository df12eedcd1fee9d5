namespace OpsModule.Engine.Logs;

/// <summary>The log formats Measure-LogErrors recognises, detected per file.</summary>
internal enum LogFormat
{
    /// <summary>Nothing recognised yet (plain text; level words where present).</summary>
    Text,

    /// <summary>Text lines that start with a timestamp (Python logging, log4j, Serilog, nginx, ...): a line without one continues the entry above.</summary>
    TimestampedText,

    /// <summary>One JSON object per line (also journald's <c>journalctl -o json</c>).</summary>
    JsonLines,

    /// <summary>key=value pairs.</summary>
    Logfmt,

    /// <summary>RFC 3164 or RFC 5424 syslog.</summary>
    Syslog,

    /// <summary>Apache httpd error log.</summary>
    Apache,

    /// <summary>.NET console logger (<c>fail: Category[0]</c> with the message on the next line).</summary>
    DotNetConsole,

    /// <summary>Android logcat (threadtime).</summary>
    Logcat,

    /// <summary>
    /// The column logs of the public HPC failure data sets: the USENIX CFDR's (BGL, Thunderbird, Spirit, Liberty: alert tag,
    /// epoch seconds, date, node, then the original line) and LANL's (id, node, component, state, epoch seconds, flag, message).
    /// </summary>
    HpcColumns,

    /// <summary>Apache and nginx access logs (common and combined log format): the level from the HTTP status.</summary>
    AccessLog,

    /// <summary>The W3C extended log format (IIS): columns named by <c>#Fields:</c>, the level from <c>sc-status</c>.</summary>
    W3c,

    /// <summary>The caller's -Format regular expression.</summary>
    Custom,
}

/// <summary>What one line says, when it starts an entry.</summary>
internal struct LogLine
{
    internal LogFormat Format;
    internal LogLevel Level;
    internal bool HasTimestamp;
    internal RawTimestamp Timestamp;
    /// <summary>The message; null when the caller did not need it (an entry below the level asked for).</summary>
    internal string? Message;
    internal bool MessageOnNextLine;
    /// <summary>The next line may be <c>LEVEL: message</c> (java.util.logging's SimpleFormatter puts the level there).</summary>
    internal bool LevelOnNextLine;
    /// <summary>SQL Server's <c>Error: N, Severity: S, State: T.</c>: the next line with the same stamp is the error's message.</summary>
    internal bool MessageInNextEntry;
    /// <summary>The timestamp is a container record's, not the line's own (the entry does not count as timestamped for the continuation rule).</summary>
    internal bool TimeFromRecord;
    /// <summary>
    /// A line without a timestamp that starts an entry because it opens with its level word (<c>ERROR: ...</c>): it does not
    /// count for the share of timestamped entries, so a few such lines never make a timestamped file read as untimestamped.
    /// </summary>
    internal bool OpensWithLevel;
    /// <summary>
    /// The message is its own template, with nothing masked or mined (a text the caller made, such as
    /// <c>MyProv event 7001 (no message)</c>, whose numbers tell kinds of events apart).
    /// </summary>
    internal bool LiteralTemplate;
    /// <summary>
    /// The level came from an HTTP status (or HAProxy's termination state): an access log's 502s and 404s are different
    /// events, so their templates are never folded together across levels.
    /// </summary>
    internal bool LevelFromStatus;
    /// <summary>
    /// The text the template is mined from when it is not the message (Serilog's compact JSON: the message template with
    /// each property as the wildcard, while the message has the values); null for the message itself.
    /// </summary>
    internal string? TemplateText;
    /// <summary>What -Entries shows after the message, on lines of its own (a JSON line's stack trace); null when nothing.</summary>
    internal string? Details;
    internal string? MeasureValue;
    internal string? GroupValue;
}
