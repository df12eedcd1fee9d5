using System;
using System.Linq;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>-Measure's values: exact statistics whether they are kept as a list or as counts per distinct value.</summary>
public sealed class MeasuredValuesTests
{
    [Fact]
    public void Repeating_values_become_counts_and_give_the_exact_statistics_of_the_list()
    {
        var random = new Random(5);
        double[] data = [.. Enumerable.Range(0, 300_000).Select(_ => (double)random.Next(0, 2000))];
        var values = new MeasuredValues();
        foreach (double v in data)
        {
            values.Add(v);
        }

        Assert.True(values.Compacted);
        Assert.True(values.Sorted().Length <= 2000);
        AssertExact(data, LogScanEngine.Measure("duration_ms", "g", string.Empty, values));
    }

    [Fact]
    public void Mostly_distinct_values_stay_a_list_and_give_the_exact_statistics()
    {
        var random = new Random(6);
        double[] data = [.. Enumerable.Range(0, 200_000).Select(_ => random.NextDouble() * 1000)];
        var values = new MeasuredValues();
        foreach (double v in data)
        {
            values.Add(v);
        }

        Assert.False(values.Compacted);
        AssertExact(data, LogScanEngine.Measure("duration_ms", "g", string.Empty, values));
    }

    [Fact]
    public void Values_merged_from_parts_in_any_order_give_the_same_statistics()
    {
        // Parts as files or byte ranges give them: one part compacted, one a list, one small; merged in two orders.
        var random = new Random(7);
        double[] repeating = [.. Enumerable.Range(0, 150_000).Select(_ => (double)random.Next(0, 50))];
        double[] distinct = [.. Enumerable.Range(0, 100_000).Select(_ => random.NextDouble() * 7)];
        double[] few = [-0.0, 0.0, 3.5, 1e300, -1e-300];
        MeasuredValues[] parts = [Of(repeating), Of(distinct), Of(few)];
        var forward = new MeasuredValues();
        var backward = new MeasuredValues();
        foreach (MeasuredValues part in parts)
        {
            forward.AddRange(part);
        }

        foreach (MeasuredValues part in parts.Reverse())
        {
            backward.AddRange(part);
        }

        LogMeasure a = LogScanEngine.Measure("x", "g", string.Empty, forward);
        LogMeasure b = LogScanEngine.Measure("x", "g", string.Empty, backward);
        Assert.Equal((a.Count, a.Min, a.Mean, a.P50, a.P95, a.P99, a.Max), (b.Count, b.Min, b.Mean, b.P50, b.P95, b.P99, b.Max));
        AssertExact([.. repeating, .. distinct, .. few], a);

        static MeasuredValues Of(double[] data)
        {
            var values = new MeasuredValues();
            foreach (double v in data)
            {
                values.Add(v);
            }

            return values;
        }
    }

    private static void AssertExact(double[] data, LogMeasure measure)
    {
        double[] sorted = [.. data.OrderBy(v => v)];
        Assert.Equal(sorted.Length, measure.Count);
        Assert.Equal(sorted[0], measure.Min);
        Assert.Equal(sorted[^1], measure.Max);
        Assert.Equal(sorted[NearestRank(sorted.Length, 50)], measure.P50);
        Assert.Equal(sorted[NearestRank(sorted.Length, 95)], measure.P95);
        Assert.Equal(sorted[NearestRank(sorted.Length, 99)], measure.P99);
        Assert.Equal(sorted.Sum() / sorted.Length, measure.Mean, 1e-9 * Math.Max(1, Math.Abs(measure.Mean)));

        static int NearestRank(int n, int percentile) => Math.Clamp((int)Math.Ceiling(percentile / 100.0 * n), 1, n) - 1;
    }

    [Fact]
    public void The_mean_of_values_near_the_limits_of_a_double_is_finite()
    {
        var values = new MeasuredValues();
        values.Add(1e308);
        values.Add(1e308);
        values.Add(-1e308);
        LogMeasure measure = LogScanEngine.Measure("x", "g", string.Empty, values);
        Assert.Equal(1e308 / 3, measure.Mean, 1e293);

        values.Add(-1e308);
        Assert.Equal(0, LogScanEngine.Measure("x", "g", string.Empty, values).Mean, 1e293);
    }
}
