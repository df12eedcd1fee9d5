namespace OpsModule;

/// <summary>Statistics of a numeric field per template or per -GroupBy value: Measure-LogErrors -Measure.</summary>
public sealed class LogMeasure
{
    /// <summary>The measured field (a JSON or logfmt field, or a named group of -Format).</summary>
    public string Field { get; set; } = string.Empty;

    /// <summary>The -GroupBy value, or the template when there is no -GroupBy.</summary>
    public string Group { get; set; } = string.Empty;

    /// <summary>The template's id when grouped by template; empty with -GroupBy.</summary>
    public string TemplateId { get; set; } = string.Empty;

    /// <summary>How many entries carried a numeric value.</summary>
    public long Count { get; set; }

    /// <summary>The smallest value.</summary>
    public double Min { get; set; }

    /// <summary>The arithmetic mean.</summary>
    public double Mean { get; set; }

    /// <summary>The median: nearest-rank 50th percentile.</summary>
    public double P50 { get; set; }

    /// <summary>Nearest-rank 95th percentile.</summary>
    public double P95 { get; set; }

    /// <summary>Nearest-rank 99th percentile.</summary>
    public double P99 { get; set; }

    /// <summary>The largest value.</summary>
    public double Max { get; set; }

    /// <summary>Always Ok: a measurement is information, not a verdict.</summary>
    public Severity Severity { get; } = Severity.Ok;
}
