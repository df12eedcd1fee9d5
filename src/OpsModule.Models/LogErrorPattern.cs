using System;
using System.Collections.Generic;

namespace OpsModule;

/// <summary>One message template and how often entries at or above the requested level matched it: Measure-LogErrors' default output.</summary>
public sealed class LogErrorPattern
{
    /// <summary>The message template, variables (numbers, ids, addresses, times, sizes, quoted values, differing words) masked as <c>&lt;*&gt;</c>.</summary>
    public string Template { get; set; } = string.Empty;

    /// <summary>A stable id derived from the template text (the same whatever the file order, thread count or run).</summary>
    public string TemplateId { get; set; } = string.Empty;

    /// <summary>The highest level among the matching entries.</summary>
    public LogLevel Level { get; set; }

    /// <summary>How many entries matched.</summary>
    public long Count { get; set; }

    /// <summary>Matching entries per level.</summary>
    public IReadOnlyDictionary<string, long> ByLevel { get; set; } = new Dictionary<string, long>();

    /// <summary>The earliest timestamp of a matching entry (UTC), when the entries have timestamps.</summary>
    public DateTime? FirstSeen { get; set; }

    /// <summary>The latest timestamp of a matching entry (UTC), when the entries have timestamps.</summary>
    public DateTime? LastSeen { get; set; }

    /// <summary>One real message that matched (the first one in input order of its file).</summary>
    public string Sample { get; set; } = string.Empty;

    /// <summary>The files with matching entries, sorted.</summary>
    public IReadOnlyList<string> Files { get; set; } = [];

    /// <summary>From the pattern's level: Critical for critical and fatal, Warning for error and warning, otherwise Ok.</summary>
    public Severity Severity => LogSeverity.Of(Level);

    /// <inheritdoc />
    public override string ToString() => Template;
}
