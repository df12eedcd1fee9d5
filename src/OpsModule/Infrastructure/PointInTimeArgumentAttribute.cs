using System;
using System.Management.Automation;
using OpsModule.Engine.Common;

namespace OpsModule.Infrastructure;

/// <summary>
/// Lets a DateTime parameter take, besides dates and times, what journalctl's --since takes: a span ago ('24h', '7d',
/// '1h30m', '1.5h', or an unquoted 7d, PowerShell's decimal literal 7: that long before now) and 'today' or 'yesterday' (local
/// midnight). A bare number is refused (PowerShell would read it as ticks), a DateTimeOffset is its instant, a date written
/// year first ('2026-11-27 10:00') is read with the invariant culture (the same in every culture and calendar), and text no
/// culture reads as a date is refused with a message saying what is taken. Anything else is left to PowerShell's own
/// conversion (the current culture's), so '10:00', '27.11.2026' under de-DE and DateTime objects mean what they always did.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PointInTimeArgumentAttribute : ArgumentTransformationAttribute
{
    private const string Taken = "Give a date and time ('2026-11-27 10:00', '2026-11-27T10:00:00Z'), a span ago with a unit ('24h', '7d', '1h30m'), 'today' or 'yesterday'.";

    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case decimal days when days >= 0:
                // PowerShell reads an unquoted 7d as the decimal literal 7 (the d suffix): 7 days ago, as '7d'.
                return DateTime.UtcNow - TimeSpan.FromDays((double)days);
            case short seconds when seconds >= 0:
                // Likewise an unquoted 30s is the short literal 30 (the s suffix): 30 seconds ago.
                return DateTime.UtcNow - TimeSpan.FromSeconds(seconds);
            case int or long or short or byte or sbyte or ushort or uint or ulong or double or float or System.Numerics.BigInteger:
                // PowerShell would read a bare number as ticks (year 1): refuse it instead of matching everything.
                throw new ArgumentTransformationMetadataException(
                    $"'{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}' is not a point in time. {Taken}");
            case DateTimeOffset offset:
                // An instant with its offset ([DateTimeOffset]::Now, and what many .NET APIs return).
                return offset.UtcDateTime;
            case string:
                break;
            default:
                return inputData;
        }

        string text = (string)value;

        string trimmed = text.Trim();
        if (trimmed.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            return DateTime.Today;
        }

        if (trimmed.Equals("yesterday", StringComparison.OrdinalIgnoreCase))
        {
            return DateTime.Today.AddDays(-1);
        }

        // A span with units only ('24h', '7d', '90m', '1.5h'), never a time of day ('10:00') or a date ('2026-11-27').
        bool spanLike = trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) && trimmed.IndexOfAny([':', '-', '/', ' ', 'T']) < 0 && char.IsAsciiLetter(trimmed[^1]);
        if (spanLike && Duration.TryParse(trimmed, out TimeSpan ago))
        {
            return DateTime.UtcNow - ago;
        }

        // A date written year first ('2026-11-27', '2026-11-27 10:00', '2026-11-27T10:00:00Z', '2026/11/27') means the same in
        // every culture: read with the invariant culture, since PowerShell's binding would use the current one, whose
        // calendar may count years otherwise (th-TH's Buddhist era, fa-IR's and ar-SA's) or not read it at all.
        if (trimmed.Length >= 10 && char.IsAsciiDigit(trimmed[0]) && char.IsAsciiDigit(trimmed[1]) && char.IsAsciiDigit(trimmed[2]) && char.IsAsciiDigit(trimmed[3])
            && trimmed[4] is '-' or '/'
            && DateTime.TryParse(trimmed, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTime yearFirst))
        {
            return yearFirst;
        }

        // PowerShell converts the rest with the invariant culture; what neither culture reads gets this message, not a cast error.
        if (!DateTime.TryParse(trimmed, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)
            && !DateTime.TryParse(trimmed, System.Globalization.CultureInfo.CurrentCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            throw new ArgumentTransformationMetadataException(
                $"'{text}' is not a point in time. {Taken}");
        }

        return inputData;
    }
}
