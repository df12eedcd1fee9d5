using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Common;

/// <summary>
/// Durations as users type them: '90d', '26h', '1h30m', '5s', '250ms', '2w', a plain number of seconds, or
/// .NET's own '00:00:05' / '1.02:00:00'. One parser for parameters and definition files alike.
/// </summary>
public static partial class Duration
{
    /// <summary>Parses a duration; false (and zero) when the text is none of the accepted forms.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            return TryFromSeconds(seconds, out value);
        }

        Match match = UnitsPattern().Match(trimmed);
        if (match.Success)
        {
            double total = 0;
            foreach (Capture capture in match.Groups["part"].Captures)
            {
                Match part = PartPattern().Match(capture.Value);
                double number = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
                total += number * UnitSeconds(part.Groups["u"].Value.ToLowerInvariant());
            }

            return TryFromSeconds(total, out value);
        }

        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    /// <summary>
    /// A duration as the module writes it in messages: "250 ms", "12.5 s", "45 min", "26 h", "3.5 d" (the unit picked
    /// so that the number stays small and readable; never .NET's "1.02:00:00").
    /// </summary>
    public static string Describe(TimeSpan span) =>
        span.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms")
        : span.TotalMinutes < 2 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.##} s")
        : span.TotalHours < 2 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
        : span.TotalDays < 2 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} d");

    /// <summary>Parses a duration or throws FormatException with a message that shows the accepted forms.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out TimeSpan value)
            ? value
            : throw new FormatException($"'{text}' is not a duration. Use a number of seconds, a value with a unit (250ms, 5s, 15m, 26h, 90d, 2w, or combined: 1h30m), or hh:mm:ss.");

    private static bool TryFromSeconds(double seconds, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static double UnitSeconds(string unit) => unit switch
    {
        "ms" => 0.001,
        "s" or "sec" or "secs" or "second" or "seconds" => 1,
        "m" or "min" or "mins" or "minute" or "minutes" => 60,
        "h" or "hr" or "hrs" or "hour" or "hours" => 3600,
        "d" or "day" or "days" => 86400,
        "w" or "week" or "weeks" => 604800,
        _ => throw new FormatException($"Unknown duration unit '{unit}'."),
    };

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?\s*(?:ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\s*)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitsPattern();

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<u>[a-z]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();

    /// <summary>
    /// The duration a value typed by a user stands for, in a parameter or a definition file: a TimeSpan; a decimal (an
    /// unquoted 30d, PowerShell's decimal literal 30) as days; a short (an unquoted 30s) as seconds; another number as
    /// seconds, or refused with <paramref name="requireUnit"/> (an age that decides what is deleted); text such as
    /// '5s', '90d', '1h30m' or hh:mm:ss. False with a message that says what to write instead.
    /// </summary>
    internal static bool TryFromValue(object? value, bool requireUnit, out TimeSpan span, out string? error)
    {
        span = TimeSpan.Zero;
        error = null;
        switch (value)
        {
            case TimeSpan given:
                span = given;
                return true;
            case decimal days:
                // PowerShell reads an unquoted 30d as the decimal literal 30 (the d suffix), so a decimal means days.
                span = TimeSpan.FromDays((double)days);
                return true;
            case short seconds:
                // Likewise an unquoted 30s is the short literal 30 (the s suffix): seconds.
                span = TimeSpan.FromSeconds(seconds);
                return true;
            case int or long or byte or sbyte or ushort or uint or ulong or double or float or System.Numerics.BigInteger:
                string number = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                if (requireUnit)
                {
                    error = SizeTyped(value) ?? NoUnit(number);
                    return false;
                }

                span = TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                return true;
            case string text:
                if (requireUnit && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    error = NoUnit(text.Trim());
                    return false;
                }

                if (TryParse(text, out span))
                {
                    return true;
                }

                error = requireUnit
                    ? $"'{text}' is not a duration. Use a value with a unit (15m, 26h, 30d, 2w, or combined: 1h30m), hh:mm:ss, or a TimeSpan."
                    : $"'{text}' is not a duration. Use a number of seconds, a value with a unit (250ms, 5s, 15m, 26h, 90d, 2w, or combined: 1h30m), or hh:mm:ss.";
                return false;
            default:
                error = $"'{value}' is not a duration. Use a value with a unit (15m, 26h, 30d, 2w, or combined: 1h30m), hh:mm:ss, or a TimeSpan.";
                return false;
        }
    }

    /// <summary>
    /// For a whole number that a size literal makes (30kb is 30720 to PowerShell before any parameter sees it), the
    /// message names the size as typed and the units an age takes; otherwise null.
    /// </summary>
    private static string? SizeTyped(object value)
    {
        if (value is not (int or long))
        {
            return null;
        }

        long bytes = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        if (bytes <= 0 || bytes % 1024 != 0)
        {
            return null;
        }

        string[] suffixes = ["kb", "mb", "gb", "tb", "pb"];
        int power = 0;
        long count = bytes / 1024;
        while (count % 1024 == 0 && power < suffixes.Length - 1)
        {
            count /= 1024;
            power++;
        }

        string typed = string.Create(CultureInfo.InvariantCulture, $"{count}{suffixes[power]}");
        return string.Create(CultureInfo.InvariantCulture, $"'{bytes}' has no unit: PowerShell reads a size such as {typed} as a number of bytes ({typed} is {bytes}). Write {count}d, {count}h, {count}m or {count}s, or a TimeSpan.");
    }

    private static string NoUnit(string number) => number.StartsWith('-') && number.AsSpan().IndexOfAnyInRange('1', '9') >= 0
        ? $"'{number}' has no unit and is negative; give an age or limit of zero or more with a unit, such as 30d or 12h, or a TimeSpan."
        : $"'{number}' has no unit (it could be seconds or days); write {number}d, {number}h, {number}m or {number}s, or a TimeSpan.";
}
