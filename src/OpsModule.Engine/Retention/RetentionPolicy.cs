using System;

namespace OpsModule.Engine.Retention;

/// <summary>
/// Which backups to keep, as restic forget defines its rules: the last N; the newest backup of each of the
/// last N days, ISO weeks, months and years that have backups; and (OpsModule's own) every backup younger than
/// <see cref="OlderThan"/>. A null rule is not applied.
/// </summary>
internal sealed class RetentionPolicy
{
    internal int? KeepLast { get; init; }

    internal int? KeepDaily { get; init; }

    internal int? KeepWeekly { get; init; }

    internal int? KeepMonthly { get; init; }

    internal int? KeepYearly { get; init; }

    /// <summary>Only backups older than this may be removed (null: age does not protect).</summary>
    internal TimeSpan? OlderThan { get; init; }

    /// <summary>True when no rule was given (the planner refuses: that would remove everything).</summary>
    internal bool IsEmpty => KeepLast is null && KeepDaily is null && KeepWeekly is null && KeepMonthly is null && KeepYearly is null && OlderThan is null;

    /// <summary>True when any restic duration rule (daily, weekly, monthly, yearly) is given.</summary>
    internal bool HasCalendarRule => KeepDaily is not null || KeepWeekly is not null || KeepMonthly is not null || KeepYearly is not null;
}
