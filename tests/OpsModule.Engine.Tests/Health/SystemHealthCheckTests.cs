using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Health;
using OpsModule.Engine.Tests.Support;
using Xunit;
using static OpsModule.Engine.Tests.Health.HealthTestSupport;

namespace OpsModule.Engine.Tests.Health;

public class SystemHealthCheckTests
{
    [SkippableFact]
    public async Task Disk_thresholds_on_either_side_of_the_value_df_reports()
    {
        double used = DfUsedPercent("/tmp");
        Skip.If(used < 3, "the disk is almost empty: no room for a threshold below its use");

        HealthCheckResult below = await RunAsync(("Kind", "Disk"), ("Path", "/tmp"), ("UsedPercentWarning", used - 2), ("UsedPercentCritical", used + 5));
        HealthCheckResult critical = await RunAsync(("Kind", "Disk"), ("Path", "/tmp"), ("UsedPercentWarning", used - 3), ("UsedPercentCritical", used - 2));
        HealthCheckResult above = await RunAsync(("Kind", "Disk"), ("Path", "/tmp"), ("UsedPercentWarning", used + 2), ("UsedPercentCritical", used + 5));
        HealthCheckResult free = await RunAsync(("Kind", "Disk"), ("Path", "/tmp"), ("UsedPercentWarning", 100), ("UsedPercentCritical", 100), ("FreeBytesCritical", long.MaxValue / 2));

        Assert.Equal(HealthStatus.Degraded, below.Status);
        Assert.Equal(HealthStatus.Unhealthy, critical.Status);
        Assert.Equal(HealthStatus.Healthy, above.Status);
        Assert.InRange((double)above.Data["UsedPercent"]!, used - 1, used + 1);
        Assert.Equal(HealthStatus.Unhealthy, free.Status);
        Assert.Contains("free space", free.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Memory_thresholds_on_either_side_of_the_value_in_proc_meminfo()
    {
        Skip.IfNot(File.Exists("/proc/meminfo"), "no /proc/meminfo");
        double used = MemoryUsedPercent();

        HealthCheckResult over = await RunAsync(("Kind", "Memory"), ("UsedPercentWarning", Math.Max(0, used - 10)), ("UsedPercentCritical", Math.Max(0.5, used - 5)));
        HealthCheckResult under = await RunAsync(("Kind", "Memory"), ("UsedPercentWarning", used + 5), ("UsedPercentCritical", used + 10));

        Assert.Equal(HealthStatus.Unhealthy, over.Status);
        Assert.Contains("memory use", over.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, under.Status);
        Assert.InRange((double)under.Data["UsedPercent"]!, used - 3, used + 3);
    }

    [SkippableFact]
    public async Task Load_is_measured_per_core()
    {
        Skip.IfNot(File.Exists("/proc/loadavg"), "no /proc/loadavg");

        HealthCheckResult result = await RunAsync(("Kind", "Load"), ("LoadWarning", 1000), ("LoadCritical", 2000));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(Environment.ProcessorCount, result.Data["Cores"]);
        Assert.Equal(Math.Round((double)result.Data["Load1"]! / Environment.ProcessorCount, 2), result.Data["LoadPerCore"]);
    }

    [Fact]
    public async Task A_running_process_is_Healthy_and_a_missing_one_Unhealthy()
    {
        using var process = Process.GetCurrentProcess();

        HealthCheckResult running = await RunAsync(("Kind", "Process"), ("ProcessName", process.ProcessName));
        HealthCheckResult missing = await RunAsync(("Kind", "Process"), ("ProcessName", "no-such-process-" + Guid.NewGuid().ToString("N")[..6]));

        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Contains(process.Id, (int[])running.Data["Ids"]!);
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
    }

    [SkippableFact]
    public async Task A_zombie_process_does_not_count_as_running()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "zombies are read from /proc");
        using var folder = new TempFolder();
        string name = "zomb" + Guid.NewGuid().ToString("N")[..6];
        string program = folder.Combine(name);
        File.Copy("/bin/sleep", program);

        // The shell becomes sleep, which never reaps its children; a second later its subshell becomes the copy, which
        // exits at once: a real zombie. (Started at once, the copy could exit before the shell became sleep, and the shell,
        // still a shell under load, reaped it between the test's reading of /proc and the check's.)
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", $"(sleep 1; exec '{program}' 0) & exec sleep 30"]))!;
        try
        {
            int zombie = 0;
            for (int wait = 0; wait < 100 && zombie == 0; wait++)
            {
                await Task.Delay(50);
                zombie = Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out int id) ? id : 0)
                    .FirstOrDefault(id => id > 0 && ReadStat(id) is { } stat && stat.Contains($"({name}) Z", StringComparison.Ordinal));
            }

            Assert.True(zombie > 0, "the zombie did not appear");

            HealthCheckResult result = await RunAsync(("Kind", "Process"), ("ProcessName", name));

            Assert.True(result.Status == HealthStatus.Unhealthy, $"{result.Status}: {result.Message}");
            Assert.Equal(0, result.Data["Count"]);
            Assert.Equal(1, result.Data["Zombies"]);
            Assert.Contains($"no process named '{name}' is running (1 exited but not yet reaped", result.Message, StringComparison.Ordinal);
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
            await parent.WaitForExitAsync();
        }
    }

    private static string? ReadStat(int id)
    {
        try
        {
            return File.ReadAllText($"/proc/{id}/stat");
        }
        catch (IOException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_bare_IPv6_address_is_refused_and_one_in_brackets_with_a_port_connects()
    {
        // The connect half needs IPv6 on the loopback (some containers have none); the parsing half runs anyway.
        TcpListener? listener = new(IPAddress.IPv6Loopback, 0);
        try
        {
            listener.Start();
        }
        catch (SocketException)
        {
            listener.Dispose();
            listener = null;
        }

        foreach (string bare in (string[])["::1", "::1:6379", "fe80::1", "[::1]"])
        {
            HealthCheckSpec spec = Spec(("Kind", "Tcp"), ("Address", bare));
            Assert.Null(spec.Check);
            Assert.Contains("is not host:port", spec.Problem, StringComparison.Ordinal);
        }

        Assert.Contains("write an IPv6 address in brackets with a port, e.g. [::1]:6379", Spec(("Kind", "Tcp"), ("Address", "::1")).Problem, StringComparison.Ordinal);
        if (listener is not null)
        {
            using (listener)
            {
                HealthCheckResult connected = await RunAsync(("Kind", "Tcp"), ("Address", $"[::1]:{((IPEndPoint)listener.LocalEndpoint).Port}"));
                Assert.True(connected.Status == HealthStatus.Healthy, $"{connected.Status}: {connected.Message}");
                listener.Stop();
            }
        }
    }

    [Fact]
    public async Task Tcp_is_Healthy_on_a_listening_port_and_Unhealthy_on_a_closed_one()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        HealthCheckResult open = await RunAsync(("Kind", "Tcp"), ("Address", $"127.0.0.1:{port}"));
        listener.Stop();
        HealthCheckResult closed = await RunAsync(("Kind", "Tcp"), ("Address", $"127.0.0.1:{port}"));

        Assert.Equal(HealthStatus.Healthy, open.Status);
        Assert.NotNull(open.ResponseTime);
        Assert.Equal(HealthStatus.Unhealthy, closed.Status);
        Assert.Contains("Cannot connect", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_is_answered_by_the_responder_given_as_DnsServer()
    {
        using var responder = new TestDnsResponder(new Dictionary<string, IPAddress> { ["api.ops.test"] = IPAddress.Parse("10.1.2.3") });
        string server = responder.EndPoint.ToString();

        HealthCheckResult resolves = await RunAsync(("Kind", "Dns"), ("HostName", "api.ops.test"), ("DnsServer", server), ("ExpectedAddress", "10.1.2.3"));
        HealthCheckResult wrong = await RunAsync(("Kind", "Dns"), ("HostName", "api.ops.test"), ("DnsServer", server), ("ExpectedAddress", "10.9.9.9"));
        HealthCheckResult unknown = await RunAsync(("Kind", "Dns"), ("HostName", "nothere.ops.test"), ("DnsServer", server));

        Assert.Equal(HealthStatus.Healthy, resolves.Status);
        Assert.Equal(["10.1.2.3"], (string[])resolves.Data["Addresses"]!);
        Assert.Equal(HealthStatus.Unhealthy, wrong.Status);
        Assert.Contains("not to 10.9.9.9", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, unknown.Status);
        Assert.True(responder.Queries >= 3);
    }

    [Fact]
    public async Task A_DNS_answer_with_another_transaction_id_is_Unhealthy_with_a_message_that_says_so()
    {
        using var responder = new TestDnsResponder(new Dictionary<string, IPAddress> { ["wrongid.ops.test"] = IPAddress.Parse("10.1.2.3") });

        HealthCheckResult result = await RunAsync(("Kind", "Dns"), ("HostName", "wrongid.ops.test"), ("DnsServer", responder.EndPoint.ToString()), ("TimeoutSec", 15));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("with transaction id", result.Message, StringComparison.Ordinal);
        Assert.Contains("the answer was not for this query", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_freshness_takes_the_newest_match()
    {
        using var folder = new TempFolder();
        string stale = folder.Combine("dump-1.sql");
        string fresh = folder.Combine("dump-2.sql");
        await File.WriteAllTextAsync(stale, "old");
        await File.WriteAllTextAsync(fresh, "new");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-3));

        HealthCheckResult both = await RunAsync(("Kind", "File"), ("Path", folder.Combine("dump-*.sql")), ("AgeWarning", "26h"), ("AgeCritical", "50h"));
        File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddHours(-30));
        HealthCheckResult aging = await RunAsync(("Kind", "File"), ("Path", folder.Combine("dump-*.sql")), ("AgeWarning", "26h"), ("AgeCritical", "50h"));
        HealthCheckResult none = await RunAsync(("Kind", "File"), ("Path", folder.Combine("*.bak")), ("AgeCritical", "1h"));

        Assert.Equal(HealthStatus.Healthy, both.Status);
        Assert.Equal(fresh, both.Data["File"]);
        Assert.Equal(HealthStatus.Degraded, aging.Status);
        Assert.Equal(HealthStatus.Unhealthy, none.Status);
    }

    private static double DfUsedPercent(string path)
    {
        (_, string output, _) = ChildProcess.RunAsync("df", ["-P", path], null, default, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string capacity = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
        return double.Parse(capacity.TrimEnd('%'), CultureInfo.InvariantCulture);
    }

    private static double MemoryUsedPercent()
    {
        Dictionary<string, double> values = File.ReadAllLines("/proc/meminfo")
            .Select(l => l.Split(':'))
            .ToDictionary(p => p[0], p => double.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        return 100 * (values["MemTotal"] - values["MemAvailable"]) / values["MemTotal"];
    }
}
