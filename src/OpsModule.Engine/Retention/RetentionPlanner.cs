using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OpsModule.Engine.Retention;

/// <summary>
/// Decides, per database, which backups a retention run keeps and removes. Pure logic: no store, no clock
/// (the caller passes "now"). Rules follow restic forget: backups are walked newest first; keep-last keeps the
/// first N; each calendar rule keeps the newest backup of each new day/ISO week/month/year until its count is
/// used up; when a calendar rule still has count left after the oldest backup, that oldest backup is kept too
/// (restic 0.17). A backup kept by any rule stays. Beyond restic: <c>OlderThan</c> keeps everything younger,
/// and the newest backup that passed verification (or, when none has, the newest backup) is never removed.
/// </summary>
internal static class RetentionPlanner
{
    /// <param name="backups">The complete backups to decide on.</param>
    /// <param name="policy">The keep rules.</param>
    /// <param name="nowUtc">The time -OlderThan counts from.</param>
    /// <param name="unknownVerification">
    /// Backups whose verification record cannot be read: each may be the newest that passed verification, so none is removed.
    /// </param>
    /// <param name="untouched">
    /// Backups of the same location this call does not decide on (only some were given): they stay, so the globals backups
    /// they name stay too.
    /// </param>
    internal static List<RetentionDecision> Plan(IEnumerable<BackupInfo> backups, RetentionPolicy policy, DateTime nowUtc, IReadOnlySet<BackupInfo>? unknownVerification = null, IEnumerable<BackupInfo>? untouched = null)
    {
        if (policy.IsEmpty)
        {
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                null,
                "No retention rule was given, so every backup would be removed. Give -KeepLast, -KeepDaily, -KeepWeekly, -KeepMonthly, -KeepYearly or -OlderThan.");
        }

        var decisions = new List<RetentionDecision>();
        // One database is one source (a file's real path, a server's database), not one name: two app.db files in different
        // folders backed up to one place are two databases, each keeping its own backups.
        List<BackupInfo> all = backups.ToList();
        Dictionary<BackupInfo, string> identity = Catalog.DatabaseIdentity.Keys(all, b => (b.Location, b.Engine, b.Database, b.Source));
        foreach (IGrouping<string, BackupInfo> group in all.GroupBy(b => identity[b], StringComparer.Ordinal))
        {
            decisions.AddRange(PlanDatabase(group.OrderByDescending(b => b.Created).ThenByDescending(b => b.BackupPath, StringComparer.Ordinal).ToList(), policy, nowUtc, unknownVerification));
        }

        // A PostgreSQL backup taken with -IncludeGlobals needs its globals backup (roles, tablespaces) to restore onto a new
        // server: that one stays while a backup that names it is kept, whatever the rules say of the globals on their own.
        var decided = all.Select(b => b.BackupPath).ToHashSet(StringComparer.Ordinal);
        var needed = new Dictionary<string, BackupInfo>(StringComparer.Ordinal);
        foreach (BackupInfo keeper in decisions.Where(d => d.Action == RetentionAction.Keep).Select(d => d.Backup)
            .Concat((untouched ?? []).Where(b => !decided.Contains(b.BackupPath))))
        {
            if (keeper.GlobalsBackupPath is not null)
            {
                needed.TryAdd(keeper.GlobalsBackupPath, keeper);
            }
        }

        foreach (RetentionDecision decision in decisions.Where(d => d.Action == RetentionAction.Remove))
        {
            if (needed.TryGetValue(decision.Backup.BackupPath, out BackupInfo? by))
            {
                decision.Action = RetentionAction.Keep;
                decision.Reason = string.Format(CultureInfo.InvariantCulture, "the roles and tablespaces of the kept backup of {0} taken {1:yyyy-MM-dd HH:mm:ss.fff}", by.Database, by.Created);
            }
        }

        return decisions;
    }

    private static List<RetentionDecision> PlanDatabase(List<BackupInfo> newestFirst, RetentionPolicy policy, DateTime nowUtc, IReadOnlySet<BackupInfo>? unknownVerification)
    {
        var reasons = newestFirst.Select(_ => new List<string>()).ToList();
        var buckets = new List<Bucket>
        {
            new("daily", policy.KeepDaily, t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("weekly", policy.KeepWeekly, t => string.Format(CultureInfo.InvariantCulture, "{0}-W{1:00}", ISOWeek.GetYear(t), ISOWeek.GetWeekOfYear(t))),
            new("monthly", policy.KeepMonthly, t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
            new("yearly", policy.KeepYearly, t => t.ToString("yyyy", CultureInfo.InvariantCulture)),
        };

        for (int i = 0; i < newestFirst.Count; i++)
        {
            DateTime created = newestFirst[i].Created;
            if (policy.KeepLast is int last && i < last)
            {
                reasons[i].Add(string.Format(CultureInfo.InvariantCulture, "last {0} of {1}", i + 1, last));
            }

            bool oldest = i == newestFirst.Count - 1;
            foreach (Bucket bucket in buckets.Where(b => b.Remaining > 0))
            {
                string value = bucket.Key(created);
                if (!string.Equals(value, bucket.Last, StringComparison.Ordinal))
                {
                    reasons[i].Add(bucket.Name + " " + value);
                    bucket.Last = value;
                    bucket.Remaining--;
                }
                else if (oldest)
                {
                    reasons[i].Add("oldest (" + bucket.Name + " has fewer backups than asked)");
                }
            }

            if (policy.OlderThan is TimeSpan age && nowUtc - created < age)
            {
                reasons[i].Add("younger than " + Describe(age));
            }
        }

        // The newest backup that passed verification is never removed; without one, the newest not known to have failed
        // (never checked), or the newest of all when every one failed: a backup that failed its check is no fallback while
        // an unchecked one may be good (helper-120: retention kept the damaged newest and removed the good ones).
        int protectedIndex = newestFirst.FindIndex(b => b.LastVerifiedResult == true);
        bool anyVerified = protectedIndex >= 0;
        if (!anyVerified)
        {
            protectedIndex = newestFirst.FindIndex(b => b.LastVerifiedResult != false);
            protectedIndex = protectedIndex >= 0 || newestFirst.Count == 0 ? protectedIndex : 0;
        }

        var decisions = new List<RetentionDecision>(newestFirst.Count);
        for (int i = 0; i < newestFirst.Count; i++)
        {
            BackupInfo backup = newestFirst[i];
            var decision = new RetentionDecision { Backup = backup, Database = backup.Database, Created = backup.Created };
            if (reasons[i].Count > 0)
            {
                decision.Action = RetentionAction.Keep;
                decision.Reason = string.Join(", ", reasons[i]);
            }
            else if (i == protectedIndex)
            {
                decision.Action = RetentionAction.Keep;
                decision.Reason = anyVerified
                    ? "newest backup of this database that passed verification (never removed)"
                    : backup.LastVerifiedResult == false
                        ? "newest backup of this database (every one failed verification; never removed)"
                        : i == 0
                            ? "newest backup of this database (none has passed verification; never removed)"
                            : "newest backup of this database not known to have failed verification (none has passed; never removed)";
                decision.Severity = Severity.Warning;
            }
            else if (unknownVerification?.Contains(backup) == true)
            {
                decision.Action = RetentionAction.Keep;
                decision.Reason = "its verification record cannot be read, so it may be the newest backup that passed verification (never removed while unreadable)";
                decision.Severity = Severity.Warning;
            }
            else
            {
                decision.Action = RetentionAction.Remove;
                decision.Reason = "not kept by any rule";
            }

            decisions.Add(decision);
        }

        return decisions;
    }

    private static string Describe(TimeSpan age) =>
        age.TotalDays >= 1 && age.Ticks % TimeSpan.TicksPerDay == 0 ? ((long)age.TotalDays).ToString(CultureInfo.InvariantCulture) + "d" : age.ToString("c", CultureInfo.InvariantCulture);

    private sealed class Bucket
    {
        internal Bucket(string name, int? count, Func<DateTime, string> key)
        {
            Name = name;
            Remaining = count ?? 0;
            Key = key;
        }

        internal string Name { get; }

        internal Func<DateTime, string> Key { get; }

        internal int Remaining { get; set; }

        internal string? Last { get; set; }
    }
}
