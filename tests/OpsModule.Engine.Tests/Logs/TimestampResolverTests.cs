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
}
