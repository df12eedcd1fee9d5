using System;
using System.Collections.Generic;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The values of a -Measure field for one template or group, all kept, so the statistics are exact. They are kept as a
/// list while few; past <see cref="CompactAt"/> they become counts per distinct value when that is smaller: durations in
/// whole milliseconds, status codes and byte counts repeat, so memory then follows the number of distinct values, not
/// the number of entries. Values that are mostly distinct stay a list.
/// </summary>
internal sealed class MeasuredValues
{
    private const int CompactAt = 4096;

    private List<double> _pending = [];
    private Dictionary<double, long>? _counts;
    private int _nextCompact = CompactAt;

    /// <summary>How many values were added.</summary>
    internal long Count { get; private set; }

    /// <summary>The counts per distinct value are used (for tests).</summary>
    internal bool Compacted => _counts is not null;

    internal void Add(double value)
    {
        // 0 and -0 are one value (a dictionary would keep whichever came first, and the order must not matter).
        _pending.Add(value == 0 ? 0d : value);
        Count++;
        if (_pending.Count >= _nextCompact)
        {
            Compact();
        }
    }

    internal void AddRange(MeasuredValues other)
    {
        foreach (double value in other._pending)
        {
            Add(value);
        }

        if (other._counts is not null)
        {
            _counts ??= [];
            foreach ((double value, long count) in other._counts)
            {
                _counts[value] = _counts.GetValueOrDefault(value) + count;
            }

            Count += other.Count - other._pending.Count;
        }
    }

    /// <summary>The distinct values in ascending order, each with how often it occurred.</summary>
    internal (double Value, long Count)[] Sorted()
    {
        var counts = new Dictionary<double, long>(_counts ?? []);
        foreach (double value in _pending)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        var sorted = new (double Value, long Count)[counts.Count];
        int i = 0;
        foreach ((double value, long count) in counts)
        {
            sorted[i++] = (value, count);
        }

        Array.Sort(sorted, static (a, b) => a.Value.CompareTo(b.Value));
        return sorted;
    }

    private void Compact()
    {
        var counts = _counts ?? [];
        foreach (double value in _pending)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        // A dictionary entry costs about three list slots: while most values differ, the list is smaller (tried again
        // when it has doubled).
        if (_counts is null && counts.Count * 3L > Count)
        {
            _nextCompact = _pending.Count * 2;
            return;
        }

        _counts = counts;
        _pending = [];
        _nextCompact = CompactAt;
    }
}
