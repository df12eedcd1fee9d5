using System;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>The resolver's per-hour and per-day caches give exactly what a conversion without them gives.</summary>
public sealed class TimestampResolverTests
{
    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 27)]
    [InlineData("Europe/Berlin", 2026, 10, 23)]
    [InlineData("America/New_York", 2026, 11, 29)]
    [InlineData("Australia/Lord_Howe", 2026, 4, 3)]
    [InlineData("UTC", 2027, 1, 1)]
    public void Stamps_read_in_order_convert_as_each_would_alone(string zoneId, int year, int month, int day)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        // The file was last written a little after the first stamp's day, so the year boundary rule (a day after it) is crossed too.
        var reference = new DateTime(year, month, day, 13, 30, 0, DateTimeKind.Utc);
        var resolver = new TimestampResolver(zone, reference);
        var start = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddDays(-2);
        for (DateTime t = start; t < start.AddDays(6); t = t.AddMinutes(7).AddTicks(12345))
        {
            foreach (bool yearMissing in new[] { false, true })
            {
                // Year-less stamps carry a placeholder year, as the timestamp parser writes them.
                DateTime value = yearMissing ? new DateTime(2000, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Unspecified).AddTicks(t.Ticks % TimeSpan.TicksPerSecond) : t;
                var stamp = new RawTimestamp(value, null, yearMissing);
                DateTime expected = new TimestampResolver(zone, reference).ToUtc(stamp);
                Assert.Equal(expected, resolver.ToUtc(stamp));
            }
        }
    }

    [Fact]
    public void The_hour_repeated_when_daylight_saving_ends_reads_as_daylight_time_first_and_standard_time_the_second_time()
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var resolver = new TimestampResolver(zone, new DateTime(2026, 10, 25, 12, 0, 0, DateTimeKind.Utc));
        string[] wall = ["01:00", "01:30", "02:00", "02:30", "02:50", "02:45", "02:00", "02:30", "02:50", "03:00", "03:30"];
        string[] utc = ["10-24 23:00", "10-24 23:30", "10-25 00:00", "10-25 00:30", "10-25 00:50", "10-25 00:45", "10-25 01:00", "10-25 01:30", "10-25 01:50", "10-25 02:00", "10-25 02:30"];
        for (int i = 0; i < wall.Length; i++)
        {
            var local = DateTime.Parse("2026-10-25 " + wall[i], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("2026-" + utc[i], resolver.ToUtc(new RawTimestamp(local, null, false)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }

        // Alone, a repeated wall-clock time is its first occurrence.
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), new TimestampResolver(zone, DateTime.UtcNow).ToUtc(new RawTimestamp(new DateTime(2026, 10, 25, 2, 30, 0), null, false)));
    }

    [Theory]
    [InlineData(2028, 3, 10, 2028)] // a leap year: the file's own year
    [InlineData(2027, 3, 10, 2024)] // a Feb 29 line in a 2027 file can only be from 2024
    [InlineData(2029, 1, 5, 2028)] // rolled back across New Year into a leap year
    [InlineData(2028, 2, 27, 2024)] // more than a day before Feb 29 of the file's year: four years back
    public void February_29_without_a_year_goes_to_the_latest_leap_year_not_after_the_file(int year, int month, int day, int expectedYear)
    {
        var reference = new DateTime(year, month, day, 12, 0, 0, DateTimeKind.Utc);
        var stamp = new RawTimestamp(new DateTime(2000, 2, 29, 8, 15, 0, DateTimeKind.Unspecified), null, true);
        DateTime utc = new TimestampResolver(TimeZoneInfo.Utc, reference).ToUtc(stamp);
        Assert.Equal(new DateTime(expectedYear, 2, 29, 8, 15, 0, DateTimeKind.Utc), utc);
    }

    [Fact]
    public void Other_year_less_days_keep_the_file_year_rule()
    {
        var reference = new DateTime(2027, 1, 3, 12, 0, 0, DateTimeKind.Utc);
        var resolver = new TimestampResolver(TimeZoneInfo.Utc, reference);
        Assert.Equal(new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc), resolver.ToUtc(new RawTimestamp(new DateTime(2000, 12, 31, 23, 0, 0), null, true)));
        Assert.Equal(new DateTime(2027, 1, 2, 23, 0, 0, DateTimeKind.Utc), resolver.ToUtc(new RawTimestamp(new DateTime(2000, 1, 2, 23, 0, 0), null, true)));
        Assert.Equal(new DateTime(2026, 2, 28, 1, 0, 0, DateTimeKind.Utc), resolver.ToUtc(new RawTimestamp(new DateTime(2000, 2, 28, 1, 0, 0), null, true)));
    }

    [Theory]
    [InlineData(10, 5, "10:00:00", 0)] // earlier today
    [InlineData(10, 5, "11:00:00", 0)] // within the hour's slack after the file's time
    [InlineData(10, 5, "23:50:00", -1)] // later than the file: the day before
    [InlineData(0, 30, "23:59:59", -1)] // a file written just after midnight
    public void A_time_of_day_alone_goes_to_the_day_the_file_was_written(int hour, int minute, string time, int days)
    {
        var reference = new DateTime(2026, 11, 27, hour, minute, 0, DateTimeKind.Utc);
        TimeSpan t = TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        var stamp = new RawTimestamp(new DateTime(2000, 1, 1).Add(t), null, false, DateMissing: true);
        Assert.Equal(new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc).AddDays(days).Add(t), new TimestampResolver(TimeZoneInfo.Utc, reference).ToUtc(stamp));
    }
}
