using System;
using System.Globalization;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// The guard against a purge on a column that does not hold times (an id, a quantity): the column's newest value,
/// read as a time the way the purge reads it, must fall between 2000-01-01 and 2100-01-01 (UTC). Read as Unix time,
/// a count or an id is a moment in January 1970, which would make every row "old".
/// </summary>
internal static class TimeColumn
{
    /// <summary>A number above this is read as Unix milliseconds, at or below it as Unix seconds (10^11 s is the year 5138).</summary>
    internal const double MillisecondsAbove = 100_000_000_000;

    internal static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    internal static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A Unix time in seconds, or in milliseconds above <see cref="MillisecondsAbove"/>, as a UTC time; null for NaN.</summary>
    internal static DateTime? FromUnix(double value)
    {
        if (double.IsNaN(value))
        {
            return null;
        }

        return FromUnixSeconds(value > MillisecondsAbove ? value / 1000 : value);
    }

    /// <summary>A julian day number (as SQLite's julianday() returns) as a UTC time; null for NaN.</summary>
    internal static DateTime? FromJulianDay(double value) => double.IsNaN(value) ? null : FromUnixSeconds((value - 2440587.5) * 86400);

    private static DateTime FromUnixSeconds(double seconds) =>
        seconds < -62_135_596_800 ? DateTime.MinValue : seconds > 253_402_300_799 ? DateTime.MaxValue : DateTime.UnixEpoch.AddSeconds(seconds);

    /// <summary>Refuses the column when its newest value, read as a time, is outside 2000..2100; null (no value reads as a time) passes.</summary>
    internal static void EnsurePlausible(DateTime? newest, string table, string column, string readAs)
    {
        if (newest is not DateTime value || (value >= Earliest && value < Latest))
        {
            return;
        }

        throw new OpsException(
            ErrorIds.InvalidArgument,
            OpsErrorCategory.InvalidArgument,
            column,
            string.Format(CultureInfo.InvariantCulture, "Refusing to purge '{0}': column '{1}' does not look like a time column. Its newest value, read as {2}, is {3:yyyy-MM-dd HH:mm:ss}, outside 2000-01-01..2100-01-01, so the cutoff would match rows it should not (an id or a quantity read as Unix time is a moment in 1970, older than any cutoff). Give the column that holds the rows' times.", table, column, readAs, value));
    }
}
