using System;
using System.Diagnostics;
using System.Globalization;
using OpsModule.Engine.Recovery;
using Xunit;

namespace OpsModule.Engine.Tests.Recovery;

/// <summary>When a scratch target's maker counts as gone, checked against the real process table of this host.</summary>
public class ScratchOwnerTests
{
    [Fact]
    public void A_live_process_keeps_its_scratch_target_and_the_marker_round_trips()
    {
        ScratchOwner owner = ScratchOwner.Current(DateTime.UtcNow);

        ScratchOwner parsed = Assert.IsType<ScratchOwner>(ScratchOwner.Parse(owner.ToString()));

        Assert.Equal(Environment.ProcessId, parsed.ProcessId);
        Assert.Equal(Environment.MachineName, parsed.Host);
        Assert.Null(parsed.AbandonedBecause(DateTime.UtcNow));
    }

    [Fact]
    public void A_pid_that_now_belongs_to_another_process_or_to_none_is_gone()
    {
        using Process self = Process.GetCurrentProcess();
        DateTime now = DateTime.UtcNow;
        ScratchOwner recycled = Marker(Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime().AddMinutes(-5), now);
        ScratchOwner exited = Marker(Environment.MachineName, ExitedProcessId(), self.StartTime.ToUniversalTime(), now);

        Assert.Contains("now belongs to another process", recycled.AbandonedBecause(now), StringComparison.Ordinal);
        Assert.Contains("is gone", exited.AbandonedBecause(now), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_hosts_run_is_kept_until_it_is_days_old_and_other_comments_are_not_markers()
    {
        DateTime now = DateTime.UtcNow;
        ScratchOwner recent = Marker("some-other-host", 4242, now.AddHours(-2), now.AddHours(-1));
        ScratchOwner old = Marker("some-other-host", 4242, now.AddDays(-5), now.AddDays(-4));

        Assert.Null(recent.AbandonedBecause(now));
        Assert.Contains("days ago", old.AbandonedBecause(now), StringComparison.Ordinal);
        Assert.Null(ScratchOwner.Parse("opsmodule:drtest"));
        Assert.Null(ScratchOwner.Parse("rich sample"));
        Assert.Null(ScratchOwner.Parse(null));
    }

    private static ScratchOwner Marker(string host, int pid, DateTime started, DateTime created) =>
        ScratchOwner.Parse(string.Format(CultureInfo.InvariantCulture, "opsmodule:drtest host={0} pid={1} started={2:O} created={3:O}", host, pid, started, created))!;

    /// <summary>The PID of a process that ran and was reaped (no process has it right after).</summary>
    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
