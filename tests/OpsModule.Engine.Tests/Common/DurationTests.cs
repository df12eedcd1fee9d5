using System;
using OpsModule.Engine.Common;
using Xunit;

namespace OpsModule.Engine.Tests.Common;

public sealed class DurationTests
{
    [Theory]
    [InlineData("5s", 5)]
    [InlineData("1", 1)]
    [InlineData("0.5", 0.5)]
    [InlineData("250ms", 0.25)]
    [InlineData("15m", 900)]
    [InlineData("26h", 93600)]
    [InlineData("90d", 7776000)]
    [InlineData("2w", 1209600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h 30m", 5400)]
    [InlineData("00:00:05", 5)]
    [InlineData("1.02:00:00", 93600)]
    public void Parses_what_users_type(string text, double seconds)
    {
        Assert.True(Duration.TryParse(text, out TimeSpan value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("five seconds")]
    [InlineData("-5s")]
    [InlineData("5x")]
    [InlineData("-1")]
    public void Rejects_what_is_not_a_duration(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Duration.Parse(text));
    }
}
