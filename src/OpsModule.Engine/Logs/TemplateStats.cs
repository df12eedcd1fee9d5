using System;
using System.Collections.Generic;

namespace OpsModule.Engine.Logs;

/// <summary>Counts, time range, a sample and measured values of the entries of one template.</summary>
internal sealed class TemplateStats
{
    internal long Count { get; private set; }

    internal long[] ByLevel { get; } = new long[LevelCount];

    internal LogLevel MaxLevel { get; private set; }

    internal DateTime? First { get; private set; }

    internal DateTime? Last { get; private set; }

    internal string? Sample { get; private set; }

    internal SortedSet<string> Files { get; } = new(StringComparer.Ordinal);

    internal MeasuredValues? Values { get; private set; }

    /// <summary>Some entry's level came from an HTTP status (<see cref="LogLine.LevelFromStatus"/>).</summary>
    internal bool LevelFromStatus { get; set; }

    internal const int LevelCount = (int)LogLevel.Fatal + 1;

    private string? _lastFile;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void Add(LogLevel level, DateTime? timestamp, string message, string? file)
    {
        Count++;
        ByLevel[(int)level]++;
        MaxLevel = level > MaxLevel ? level : MaxLevel;
        Sample ??= message;
        Widen(timestamp, timestamp);
        if (!string.IsNullOrEmpty(file) && !ReferenceEquals(file, _lastFile))
        {
            // A scan adds the same file name again and again: the set is only touched when it changes.
            Files.Add(file);
            _lastFile = file;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void AddValue(double value) => (Values ??= new MeasuredValues()).Add(value);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void Merge(TemplateStats other)
    {
        Count += other.Count;
        for (int i = 0; i < LevelCount; i++)
        {
            ByLevel[i] += other.ByLevel[i];
        }

        // The sample is a line at the template's level (the highest level among its entries).
        Sample = other.MaxLevel > MaxLevel || (other.MaxLevel == MaxLevel && Sample is null) ? other.Sample ?? Sample : Sample;
        MaxLevel = other.MaxLevel > MaxLevel ? other.MaxLevel : MaxLevel;
        LevelFromStatus |= other.LevelFromStatus;
        Widen(other.First, other.Last);
        Files.UnionWith(other.Files);
        if (other.Values is not null)
        {
            (Values ??= new MeasuredValues()).AddRange(other.Values);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Widen(DateTime? first, DateTime? last)
    {
        if (first is DateTime f && (First is null || f < First))
        {
            First = f;
        }

        if (last is DateTime l && (Last is null || l > Last))
        {
            Last = l;
        }
    }
}
