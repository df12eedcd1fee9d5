using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OpsModule.Engine.Retention;
using Xunit;

namespace OpsModule.Engine.Tests.Retention;

public class RetentionPlannerTests
{
    private static readonly DateTime Newest = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Four_hundred_daily_backups_keep_exactly_the_restic_dates()
    {
        List<BackupInfo> history = Daily(400);

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 12 }, Newest);

        // 2026-11-26 is a Thursday. Daily: the last 7 days. Weekly: the newest backup of the last 4 ISO weeks
        // (W48 from Thursday 26th, then Sundays 22nd, 15th, 8th). Monthly: the newest of the last 12 months.
        string[] expected =
        [
            "2026-11-26", "2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20",
            "2026-11-15", "2026-11-08",
            "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30",
            "2026-03-31", "2026-02-28", "2026-01-31", "2025-12-31",
        ];
        Assert.Equal(400, plan.Count);
        Assert.Equal(expected, Kept(plan));
        Assert.All(plan.Where(d => d.Action == RetentionAction.Remove), d => Assert.Equal("not kept by any rule", d.Reason));
        Assert.Equal("daily 2026-11-26, weekly 2026-W48, monthly 2026-11", plan[0].Reason);
        Assert.Equal("weekly 2026-W46", plan.Single(d => d.Created == new DateTime(2026, 11, 15, 2, 0, 0, DateTimeKind.Utc)).Reason);
        Assert.All(plan, d => Assert.Equal(Severity.Ok, d.Severity));
    }

    [Fact]
    public void With_too_few_backups_for_a_calendar_rule_the_oldest_is_kept_too()
    {
        List<BackupInfo> history = Daily(10);

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepMonthly = 6 }, Newest);

        Assert.Equal(["2026-11-26", "2026-11-17"], Kept(plan));
        Assert.StartsWith("oldest", plan[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_verified_backup_survives_keep_last_zero()
    {
        List<BackupInfo> history = Daily(5);
        history[2].LastVerifiedResult = true;
        history[3].LastVerifiedResult = true;
        history[0].LastVerifiedResult = false;

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepLast = 0 }, Newest);

        RetentionDecision kept = Assert.Single(plan, d => d.Action == RetentionAction.Keep);
        Assert.Same(history[2], kept.Backup);
        Assert.Equal(Severity.Warning, kept.Severity);
        Assert.Contains("passed verification", kept.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_whose_verification_is_unknown_is_kept_besides_the_newest_known_verified_one()
    {
        // history[1]'s record cannot be read: it may be the newest that passed, or may have failed (then history[3] is).
        List<BackupInfo> history = Daily(5);
        history[3].LastVerifiedResult = true;

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepLast = 1 }, Newest, new HashSet<BackupInfo> { history[1] });

        Assert.Equal(["2026-11-26", "2026-11-25", "2026-11-23"], Kept(plan));
        RetentionDecision unknown = plan.Single(d => d.Backup == history[1]);
        Assert.Equal(Severity.Warning, unknown.Severity);
        Assert.Contains("verification record cannot be read", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_verified_the_newest_backup_survives()
    {
        List<RetentionDecision> plan = RetentionPlanner.Plan(Daily(3), new RetentionPolicy { KeepLast = 0 }, Newest);

        Assert.Equal(["2026-11-26"], Kept(plan));
    }

    [Fact]
    public void With_nothing_verified_the_newest_backup_not_known_to_have_failed_survives_not_a_failed_newer_one()
    {
        // helper-120: the newest had failed verification, the two older ones were never checked; retention kept the
        // damaged one and removed both good ones.
        List<BackupInfo> history = Daily(3);
        history[0].LastVerifiedResult = false;

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepLast = 0 }, Newest);

        RetentionDecision kept = Assert.Single(plan, d => d.Action == RetentionAction.Keep);
        Assert.Same(history[1], kept.Backup);
        Assert.Contains("not known to have failed", kept.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_every_backup_failed_verification_the_newest_still_survives()
    {
        List<BackupInfo> history = Daily(3);
        history.ForEach(b => b.LastVerifiedResult = false);

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepLast = 0 }, Newest);

        RetentionDecision kept = Assert.Single(plan, d => d.Action == RetentionAction.Keep);
        Assert.Same(history[0], kept.Backup);
        Assert.Contains("every one failed verification", kept.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Older_than_protects_younger_backups_and_keep_last_counts_per_database()
    {
        List<BackupInfo> history = [.. Daily(20), .. Daily(20, "shop")];

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepLast = 3, OlderThan = TimeSpan.FromDays(10) }, Newest.AddHours(1));

        foreach (string database in new[] { "app", "shop" })
        {
            var kept = plan.Where(d => d.Database == database && d.Action == RetentionAction.Keep).ToList();
            Assert.Equal(10, kept.Count);
            Assert.Equal("last 1 of 3, younger than 10d", kept[0].Reason);
            Assert.Equal("younger than 10d", kept[9].Reason);
        }
    }

    [Theory]
    [InlineData("sqlite", "/srv/app.db")]
    [InlineData("postgres", "postgres://localhost:5432/app")]
    [InlineData("postgres", "postgres://db1.example:5432/app")]
    public void A_database_whose_host_name_changes_every_run_is_one_database(string engine, string source)
    {
        // helper-126: with the host name in a database's identity (tried for two machines sharing one location), a job in a
        // container or on a CI runner, whose host name changes every run, got no retention: every backup was a database of
        // its own, and -Latest returned them all. The host is not part of which database a backup is of.
        List<BackupInfo> history = Daily(6);
        for (int i = 0; i < history.Count; i++)
        {
            history[i].Engine = engine;
            history[i].Source = source;
            history[i].Host = "runner-" + i.ToString(CultureInfo.InvariantCulture);
        }

        List<RetentionDecision> plan = RetentionPlanner.Plan(history, new RetentionPolicy { KeepLast = 2 }, Newest.AddHours(1));

        Assert.Equal(2, plan.Count(d => d.Action == RetentionAction.Keep));
        Assert.Equal(4, plan.Count(d => d.Action == RetentionAction.Remove));
    }

    [Fact]
    public void A_globals_backup_a_kept_backup_names_is_kept_with_it()
    {
        // helper-124: KeepLast 1 kept shop's backup but removed the globals backup its manifest names (taken with another
        // database's later run): restoring shop onto a new server with -IncludeGlobals then failed.
        List<BackupInfo> globals = Daily(2, "127.0.0.1_5432-globals");
        List<BackupInfo> shop = Daily(2, "shop");
        List<BackupInfo> app = Daily(1, "app");
        shop[0].GlobalsBackupPath = globals[1].BackupPath;
        app[0].GlobalsBackupPath = globals[0].BackupPath;

        List<RetentionDecision> plan = RetentionPlanner.Plan([.. globals, .. shop, .. app], new RetentionPolicy { KeepLast = 1 }, Newest.AddHours(1));

        RetentionDecision older = plan.Single(d => d.Backup == globals[1]);
        Assert.Equal(RetentionAction.Keep, older.Action);
        Assert.StartsWith("the roles and tablespaces of the kept backup of shop taken ", older.Reason, StringComparison.Ordinal);
        Assert.Equal(RetentionAction.Keep, plan.Single(d => d.Backup == globals[0]).Action);
        Assert.Equal(RetentionAction.Remove, plan.Single(d => d.Backup == shop[1]).Action);
    }

    [Fact]
    public void No_rule_at_all_is_refused()
    {
        var error = Assert.Throws<OpsException>(() => RetentionPlanner.Plan(Daily(3), new RetentionPolicy(), Newest));
        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
    }

    private static List<string> Kept(List<RetentionDecision> plan) =>
        plan.Where(d => d.Action == RetentionAction.Keep).Select(d => d.Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

    private static List<BackupInfo> Daily(int count, string database = "app") =>
        Enumerable.Range(0, count)
            .Select(i => Newest.AddDays(-i))
            .Select(t => new BackupInfo
            {
                Engine = "sqlite",
                Database = database,
                Location = "/backups",
                Created = t,
                BackupPath = $"/backups/{database}-{t:yyyyMMdd'T'HHmmss}000Z.db.zst",
            })
            .ToList();
}
