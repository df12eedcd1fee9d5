using System;
using System.Globalization;

namespace OpsModule;

/// <summary>Human-sized byte counts for the default views (sizes stay Int64 bytes on the objects).</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB", "PB"];

    /// <summary>Formats a byte count with binary units, e.g. 1536 as "1.5 KB" (messages: the invariant culture).</summary>
    public static string Format(long bytes) => FormatIn(bytes, CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats a byte count with binary units in a culture's numbers, e.g. 1536 as "1,5 KB" under de-DE (the default views
    /// pass the current culture, as PowerShell's -f does for the ratios and durations beside them).
    /// </summary>
    public static string FormatIn(long bytes, IFormatProvider provider)
    {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? bytes.ToString("N0", provider) + " B"
            : value.ToString("0.0", provider) + " " + Units[unit];
    }
}
