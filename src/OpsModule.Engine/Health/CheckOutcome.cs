using System;
using System.Collections.Generic;
using System.Linq;

namespace OpsModule.Engine.Health;

/// <summary>What one attempt of a check found: a status built from every finding, the measured values, and the latency when the target answered.</summary>
internal sealed class CheckOutcome
{
    private readonly List<string> _findings = [];

    internal HealthStatus Status { get; private set; } = HealthStatus.Healthy;

    internal Dictionary<string, object?> Data { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The latency of this attempt, set only when the target answered (a failed sample never has one).</summary>
    internal TimeSpan? ResponseTime { get; set; }

    /// <summary>The message when nothing is wrong.</summary>
    internal string? Summary { get; set; }

    internal string Message => _findings.Count > 0 ? string.Join("; ", _findings) : Summary ?? "OK";

    internal static CheckOutcome Failed(string message, HealthStatus status = HealthStatus.Unhealthy)
    {
        var outcome = new CheckOutcome();
        outcome.Report(status, message);
        return outcome;
    }

    /// <summary>Records a finding; the status becomes the worse of the two.</summary>
    internal void Report(HealthStatus status, string message)
    {
        Status = Worst(Status, status);
        _findings.Add(message);
    }

    /// <summary>Passes every finding, the summary and each text in Data through <paramref name="mask"/> (hides secrets a target echoed).</summary>
    internal void Mask(Func<string, string> mask)
    {
        for (int i = 0; i < _findings.Count; i++)
        {
            _findings[i] = mask(_findings[i]);
        }

        Summary = Summary is null ? null : mask(Summary);
        foreach (string key in Data.Keys.ToList())
        {
            Data[key] = Data[key] switch
            {
                string text => mask(text),
                string[] texts => texts.Select(mask).ToArray(),
                var other => other,
            };
        }
    }

    /// <summary>Records a measured value in Data and its verdict against a threshold.</summary>
    internal void Measure(string dataKey, object? dataValue, double value, Threshold threshold)
    {
        Data[dataKey] = dataValue;
        HealthStatus status = threshold.Evaluate(value);
        if (status != HealthStatus.Healthy)
        {
            Report(status, threshold.Describe(value, status));
        }
    }

    /// <summary>Ranks statuses for "the worst": Healthy, Degraded, Unknown, Unhealthy.</summary>
    internal static int Rank(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 0,
        HealthStatus.Degraded => 1,
        HealthStatus.Unknown => 2,
        _ => 3,
    };

    internal static HealthStatus Worst(HealthStatus a, HealthStatus b) => Rank(a) >= Rank(b) ? a : b;
}
