using System;
using System.Globalization;

namespace OpsModule.Engine.Health;

/// <summary>
/// A warning (Degraded) and a critical (Unhealthy) limit on one measured value. Higher is worse unless
/// <see cref="LowerIsWorse"/> (free bytes, certificate days left, a count that must stay above zero);
/// crossing means strictly beyond the limit.
/// </summary>
internal sealed class Threshold
{
    private readonly Func<double, string> _format;

    private Threshold(string label, double? warning, double? critical, bool lowerIsWorse, Func<double, string> format)
    {
        Label = label;
        Warning = warning;
        Critical = critical;
        LowerIsWorse = lowerIsWorse;
        _format = format;
    }

    internal string Label { get; }

    internal double? Warning { get; }

    internal double? Critical { get; }

    internal bool LowerIsWorse { get; }

    internal bool IsSet => Warning is not null || Critical is not null;

    /// <summary>Reads <c>{name}Warning</c> and <c>{name}Critical</c> as numbers.</summary>
    internal static Threshold Number(HealthOptions options, string name, string label, bool lowerIsWorse, double? defaultWarning = null, double? defaultCritical = null, Func<double, string>? format = null)
    {
        double? warning = options.Double(name + "Warning");
        double? critical = options.Double(name + "Critical");
        return Create(label, warning ?? defaultWarning, critical ?? defaultCritical, lowerIsWorse, format ?? FormatNumber, Named(name + "Warning", warning is null && defaultWarning is not null), Named(name + "Critical", critical is null && defaultCritical is not null));
    }

    /// <summary>Reads <c>{name}Warning</c> and <c>{name}Critical</c> as durations; values are compared in seconds.</summary>
    internal static Threshold Duration(HealthOptions options, string name, string label, TimeSpan? defaultWarning = null, TimeSpan? defaultCritical = null)
    {
        TimeSpan? warning = options.TimeSpanValue(name + "Warning");
        TimeSpan? critical = options.TimeSpanValue(name + "Critical");
        return Create(
            label,
            (warning ?? defaultWarning)?.TotalSeconds,
            (critical ?? defaultCritical)?.TotalSeconds,
            lowerIsWorse: false,
            FormatSeconds,
            Named(name + "Warning", warning is null && defaultWarning is not null),
            Named(name + "Critical", critical is null && defaultCritical is not null));
    }

    /// <summary>A threshold's name in messages: "UsedPercentWarning", or "the default UsedPercentWarning" when the user did not give it.</summary>
    internal static string Named(string name, bool isDefault) => isDefault ? "the default " + name : name;

    /// <summary>A threshold from explicit values (its direction given); the names are the settings (and parameters) the user gave them as.</summary>
    internal static Threshold Create(string label, double? warning, double? critical, bool lowerIsWorse, Func<double, string> format, string warningName, string criticalName)
    {
        if (warning is not null && critical is not null && (lowerIsWorse ? warning < critical : warning > critical))
        {
            throw new HealthDefinitionException(
                $"{warningName} ({format(warning.Value)}) must be {(lowerIsWorse ? "above" : "below")} {criticalName} ({format(critical.Value)}): " +
                $"for the {label} {(lowerIsWorse ? "lower" : "higher")} is worse.");
        }

        return new Threshold(label, warning, critical, lowerIsWorse, format);
    }

    /// <summary>The status of a measured value: Unhealthy beyond critical, Degraded beyond warning, else Healthy.</summary>
    internal HealthStatus Evaluate(double value)
    {
        if (Critical is double critical && Beyond(value, critical))
        {
            return HealthStatus.Unhealthy;
        }

        return Warning is double warning && Beyond(value, warning) ? HealthStatus.Degraded : HealthStatus.Healthy;
    }

    /// <summary>
    /// "the disk use 91.2 % is above the critical threshold 90 %"; when the value rounds to the threshold as shown (4.99 days
    /// left beside 5), "certificate days left is just below the critical threshold 5 d" rather than "5 d is below ... 5 d".
    /// </summary>
    internal string Describe(double value, HealthStatus status)
    {
        string limit = _format(status == HealthStatus.Unhealthy ? Critical!.Value : Warning!.Value);
        string shown = _format(value);
        string where = $"{(LowerIsWorse ? "below" : "above")} the {(status == HealthStatus.Unhealthy ? "critical" : "warning")} threshold {limit}";
        return shown == limit ? $"{Label} is just {where}" : $"{Label} {shown} is {where}";
    }

    internal string Format(double value) => _format(value);

    internal static string FormatNumber(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string FormatSeconds(double seconds) => Common.Duration.Describe(TimeSpan.FromSeconds(seconds));

    private bool Beyond(double value, double limit) => LowerIsWorse ? value < limit : value > limit;
}
