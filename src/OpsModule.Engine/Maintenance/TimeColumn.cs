using System;
using System.Globalization;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// The guard against a purge on a column that does not hold times (an id, a quantity): the column's newest value,
/// read as a time the way the purge reads it, must fall between 2000-01-01 and 2100-01-01 (UTC), not counting "never"
/// sentinels in the year 9999 (9999-12-31). Read as Unix time, a count or an id is a moment in January 1970, which
/// would make every row "old".
/// </summary>
internal static class TimeColumn
{
    /// <summary>A number above this is read as Unix milliseconds, at or below it as Unix seconds (10^11 s is the year 5138).</summary>
    internal const double MillisecondsAbove = 100_000_000_000;

    internal static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    internal static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// 9999-01-01 in Unix seconds. Values in the year 9999 are "never" sentinels (9999-12-31, 253402300799 for "never
    /// expires"): the plausibility check leaves them out, and a cutoff in the past never matches them. Only that year:
    /// wider, a quantity such as a byte count of 3e11 would pass for a sentinel and hide itself from the check.
    /// </summary>
    internal const double SentinelSeconds = 253_370_764_800;

    /// <summary>10000-01-01 in Unix seconds (the end of the sentinel year).</summary>
    internal const double SentinelSecondsEnd = 253_402_300_800;

    /// <summary>The SQL condition that leaves "never" sentinels (the year 9999 in Unix seconds or milliseconds) out of the newest-value check of a number column.</summary>
    internal static string NotNumberSentinel(string column) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "NOT ({0} >= {1} AND {0} < {2}) AND NOT ({0} >= {3} AND {0} < {4})",
            column,
            SentinelSeconds,
            SentinelSecondsEnd,
            SentinelSeconds * 1000,
            SentinelSecondsEnd * 1000);

    /// <summary>
    /// The SELECT list that gives a number column's newest positive value read as Unix seconds (at or below
    /// <see cref="MillisecondsAbove"/>), its newest read as Unix milliseconds (above it) and its newest value of all, "never"
    /// sentinels left out of each.
    /// </summary>
    internal static string NewestByUnitSql(string column, string cast = "") => string.Format(
        CultureInfo.InvariantCulture,
        "max(CASE WHEN {0} > 0 AND {0} <= {1} THEN {0} END){3}, max(CASE WHEN {0} > {1} AND {0} < 1e300 AND {2} THEN {0} END){3}, max(CASE WHEN {2} THEN {0} END){3}",
        column,
        MillisecondsAbove,
        NotNumberSentinel(column),
        cast);

    /// <summary>
    /// The condition that matches the numbers older than <paramref name="cutoff"/>, each value read in its own unit: above 0
    /// and at or below 10^11 as Unix seconds, above 10^11 as Unix milliseconds (a table midway through an application's
    /// change from seconds to milliseconds holds both). Each unit the column holds must read as plausible times, else the
    /// column is refused (a byte count of 3e11 beside small ones is no time column). 0 and negative numbers (unset markers),
    /// "never" sentinels, infinities and NaN never match; a column of nothing else is refused, one without numbers matches
    /// nothing.
    /// </summary>
    internal static string NumberOlderThan(string column, double newestSeconds, double newestMilliseconds, double newest, DateTime cutoff, string table, string columnName, string? cutoffSeconds = null)
    {
        bool seconds = !double.IsNaN(newestSeconds);
        bool milliseconds = !double.IsNaN(newestMilliseconds);
        if (!seconds && !milliseconds)
        {
            // Only 0, negative numbers or infinities (or no number): refused as before when there is any.
            EnsurePlausible(FromUnix(newest), table, columnName, newest > MillisecondsAbove ? "Unix milliseconds" : "Unix seconds");
            return MatchesNothing;
        }

        if (seconds)
        {
            EnsurePlausible(FromUnix(newestSeconds), table, columnName, "Unix seconds");
        }

        if (milliseconds)
        {
            EnsurePlausible(FromUnix(newestMilliseconds), table, columnName, "Unix milliseconds");
        }

        // The cutoff in seconds: a literal, or the caller's parameter that holds it.
        cutoffSeconds ??= new DateTimeOffset(cutoff).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string inSeconds = string.Format(CultureInfo.InvariantCulture, "({0} > 0 AND {0} <= {1} AND {0} < {2})", column, MillisecondsAbove, cutoffSeconds);
        string inMilliseconds = string.Format(
            CultureInfo.InvariantCulture,
            "({0} > {1} AND NOT ({0} >= {2} AND {0} < {3}) AND {0} < {4} * 1000)",
            column,
            MillisecondsAbove,
            SentinelSeconds,
            SentinelSecondsEnd,
            cutoffSeconds);
        return seconds && milliseconds ? $"({inSeconds} OR {inMilliseconds})" : seconds ? inSeconds : inMilliseconds;
    }

    /// <summary>The condition that matches no row.</summary>
    internal const string MatchesNothing = "1 = 0";

    /// <summary>julianday('9999-01-01'): text times from then on are "never" sentinels, left out of the newest-value check.</summary>
    internal const double SentinelJulianDay = 5_373_119.5;

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

    /// <summary>
    /// The refusal of a column that holds values but none that reads as a time (names, e-mail addresses): its purge
    /// would match no row and report success, hiding the wrong -Column.
    /// </summary>
    internal static OpsException NoTimes(string table, string column, string valueType) => new(
        ErrorIds.InvalidArgument,
        OpsErrorCategory.InvalidArgument,
        column,
        string.Format(CultureInfo.InvariantCulture, "Refusing to purge '{0}': column '{1}' does not look like a time column. It holds {2} values, but none of them reads as a time (SQLite's julianday() reads ISO-8601 text such as 2026-11-27 10:00:00), so no row could ever match the cutoff. Give the column that holds the rows' times.", table, column, valueType));

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
            string.Format(CultureInfo.InvariantCulture, "Refusing to purge '{0}': column '{1}' does not look like a time column. Its newest value (not counting \"never\" values in the year 9999), read as {2}, is {3:yyyy-MM-dd HH:mm:ss}, {4}, so the cutoff could match rows it should not (an id or a quantity read as Unix time is a moment in 1970, older than any cutoff). Give the column that holds the rows' times; a table whose newest row really is that old (archived data) is not what Remove-DatabaseRecord purges: delete from it with your own statement.", table, column, readAs, value, value < Earliest ? "before 2000-01-01" : "in 2100 or later"));
    }
}
