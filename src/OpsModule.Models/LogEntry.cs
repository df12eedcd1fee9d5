using System;

namespace OpsModule;

/// <summary>One log entry (a line and the continuation lines below it, such as a stack trace): Measure-LogErrors -Entries.</summary>
public sealed class LogEntry
{
    /// <summary>The file the entry was read from (empty for lines from the pipeline).</summary>
    public string File { get; set; } = string.Empty;

    /// <summary>The 1-based line number of the entry's first line in its file (or in the pipeline input).</summary>
    public long LineNumber { get; set; }

    /// <summary>The entry's timestamp in UTC; an entry without one inherits the last timestamp above it.</summary>
    public DateTime? Timestamp { get; set; }

    /// <summary>The normalised level.</summary>
    public LogLevel Level { get; set; }

    /// <summary>The message, continuation lines included (one per line).</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The id of the entry's template; the same id the LogErrorPattern objects carry.</summary>
    public string TemplateId { get; set; } = string.Empty;

    /// <summary>The message template, variables masked as <c>&lt;*&gt;</c>.</summary>
    public string Template { get; set; } = string.Empty;

    /// <summary>Critical for critical and fatal entries, Warning for errors and warnings, otherwise Ok.</summary>
    public Severity Severity => LogSeverity.Of(Level);

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>How a log level maps to the Severity every OpsModule result carries.</summary>
public static class LogSeverity
{
    /// <summary>Critical for critical and fatal, Warning for error and warning, otherwise Ok.</summary>
    public static Severity Of(LogLevel level) => level switch
    {
        >= LogLevel.Critical => Severity.Critical,
        >= LogLevel.Warning => Severity.Warning,
        _ => Severity.Ok,
    };
}
