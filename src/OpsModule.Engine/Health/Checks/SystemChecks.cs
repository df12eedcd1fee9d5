using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Health.Checks;

/// <summary>Disk: the file system holding a path; percent used (as df counts it) and free bytes, each with its own thresholds.</summary>
internal sealed class DiskHealthCheck : IHealthCheck
{
    private readonly string _path;
    private readonly Threshold _usedPercent;
    private readonly Threshold _freeBytes;

    internal DiskHealthCheck(HealthOptions options)
    {
        _path = options.Target("Path", "Disk");
        Target = _path;
        _usedPercent = Threshold.Number(options, "UsedPercent", "disk use", lowerIsWorse: false, 80, 90, v => v.ToString("0.#", CultureInfo.InvariantCulture) + " %");
        _freeBytes = Threshold.Number(options, "FreeBytes", "free space", lowerIsWorse: true, format: v => ByteSize.Format((long)v));
    }

    public string Kind => "Disk";

    public string Target { get; }

    public Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_path) && !File.Exists(_path))
        {
            return Task.FromResult(CheckOutcome.Failed($"'{_path}' does not exist.", HealthStatus.Unknown));
        }

        var drive = new DriveInfo(Path.GetFullPath(_path));
        long total = drive.TotalSize;
        long available = drive.AvailableFreeSpace;
        long used = total - drive.TotalFreeSpace;
        double percent = used + available > 0 ? Math.Ceiling(1000.0 * used / (used + available)) / 10 : 0;
        var outcome = new CheckOutcome();
        outcome.Data["TotalBytes"] = total;
        outcome.Data["UsedBytes"] = used;
        outcome.Measure("UsedPercent", percent, percent, _usedPercent);
        outcome.Measure("FreeBytes", available, available, _freeBytes);
        outcome.Summary = $"{percent.ToString("0.#", CultureInfo.InvariantCulture)} % used, {ByteSize.Format(available)} free of {ByteSize.Format(total)}";
        return Task.FromResult(outcome);
    }
}

/// <summary>Memory: percent used, (MemTotal - MemAvailable) / MemTotal from /proc/meminfo (Linux).</summary>
internal sealed class MemoryHealthCheck : IHealthCheck
{
    private readonly Threshold _usedPercent;

    internal MemoryHealthCheck(HealthOptions options) =>
        _usedPercent = Threshold.Number(options, "UsedPercent", "memory use", lowerIsWorse: false, 85, 95, v => v.ToString("0.#", CultureInfo.InvariantCulture) + " %");

    public string Kind => "Memory";

    public string Target => Environment.MachineName + " memory";

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/proc/meminfo"))
        {
            return CheckOutcome.Failed("Memory checks read /proc/meminfo, which this system does not have.", HealthStatus.Unknown);
        }

        string[] lines = await File.ReadAllLinesAsync("/proc/meminfo", cancellationToken).ConfigureAwait(false);
        long total = ReadKb(lines, "MemTotal") * 1024;
        long available = ReadKb(lines, "MemAvailable") * 1024;
        double percent = total > 0 ? Math.Round(100.0 * (total - available) / total, 1) : 0;
        var outcome = new CheckOutcome();
        outcome.Data["TotalBytes"] = total;
        outcome.Data["AvailableBytes"] = available;
        outcome.Measure("UsedPercent", percent, percent, _usedPercent);
        outcome.Summary = $"{percent.ToString("0.#", CultureInfo.InvariantCulture)} % used, {ByteSize.Format(available)} available of {ByteSize.Format(total)}";
        return outcome;
    }

    private static long ReadKb(string[] lines, string key)
    {
        string? line = lines.FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        string[] parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb : 0;
    }
}

/// <summary>Load: the 1-minute load average per core from /proc/loadavg (Linux); the 5- and 15-minute values in Data.</summary>
internal sealed class LoadHealthCheck : IHealthCheck
{
    private readonly Threshold _perCore;

    internal LoadHealthCheck(HealthOptions options) =>
        _perCore = Threshold.Number(options, "Load", "load per core", lowerIsWorse: false, 1.0, 2.0);

    public string Kind => "Load";

    public string Target => Environment.MachineName + " load";

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/proc/loadavg"))
        {
            return CheckOutcome.Failed("Load checks read /proc/loadavg, which this system does not have.", HealthStatus.Unknown);
        }

        string[] parts = (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken).ConfigureAwait(false)).Split(' ');
        double[] loads = parts.Take(3).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        int cores = Environment.ProcessorCount;
        double perCore = Math.Round(loads[0] / cores, 2);
        var outcome = new CheckOutcome();
        outcome.Data["Load1"] = loads[0];
        outcome.Data["Load5"] = loads[1];
        outcome.Data["Load15"] = loads[2];
        outcome.Data["Cores"] = cores;
        outcome.Measure("LoadPerCore", perCore, perCore, _perCore);
        outcome.Summary = $"load {loads[0].ToString("0.00", CultureInfo.InvariantCulture)} on {cores} core(s) ({perCore.ToString("0.00", CultureInfo.InvariantCulture)} per core)";
        return outcome;
    }
}

/// <summary>Process: at least MinimumCount (default 1) processes with the name are running.</summary>
internal sealed class ProcessHealthCheck : IHealthCheck
{
    private readonly string _name;
    private readonly int _minimum;

    internal ProcessHealthCheck(HealthOptions options)
    {
        _name = options.Target("ProcessName", "Process");
        _minimum = options.Int("MinimumCount") ?? 1;
    }

    public string Kind => "Process";

    public string Target => _name;

    public Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        Process[] found = Process.GetProcessesByName(_name);
        var outcome = new CheckOutcome();
        try
        {
            // An exited process its parent has not reaped yet (a zombie) still has an entry but runs nothing.
            int[] ids = found.Select(p => p.Id).Where(id => !IsZombie(id)).ToArray();
            int zombies = found.Length - ids.Length;
            outcome.Data["Count"] = ids.Length;
            outcome.Data["Ids"] = ids;
            if (zombies > 0)
            {
                outcome.Data["Zombies"] = zombies;
            }

            string notCounted = zombies > 0 ? $" ({zombies} exited but not yet reaped by its parent, a zombie, not counted)" : string.Empty;
            if (ids.Length < _minimum)
            {
                outcome.Report(HealthStatus.Unhealthy, (ids.Length == 0 ? $"no process named '{_name}' is running" : $"{ids.Length} process(es) named '{_name}' running, fewer than {_minimum}") + notCounted);
            }

            outcome.Summary = $"{ids.Length} process(es) named '{_name}' running" + notCounted;
        }
        finally
        {
            foreach (Process process in found)
            {
                process.Dispose();
            }
        }

        return Task.FromResult(outcome);
    }

    /// <summary>Linux: the state in /proc/&lt;pid&gt;/stat (after the command name in parentheses) is Z (zombie) or X (dead).</summary>
    private static bool IsZombie(int id)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            string stat = File.ReadAllText($"/proc/{id}/stat");
            int end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            // Gone since it was listed: not running either.
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>File freshness: the newest file matching a path (wildcards in the file name) is younger than the Age thresholds.</summary>
internal sealed class FileFreshnessCheck : IHealthCheck
{
    private readonly string _path;
    private readonly Threshold _age;

    internal FileFreshnessCheck(HealthOptions options)
    {
        _path = options.Target("Path", "File");
        _age = Threshold.Duration(options, "Age", "age");
    }

    public string Kind => "File";

    public string Target => _path;

    public Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(_path);
        string folder = Path.GetDirectoryName(full) ?? full;
        string pattern = Path.GetFileName(full);
        FileInfo[] files = Directory.Exists(folder)
            ? new DirectoryInfo(folder).GetFiles(pattern, new EnumerationOptions { MatchCasing = MatchCasing.PlatformDefault, IgnoreInaccessible = true })
            : [];
        if (files.Length == 0)
        {
            return Task.FromResult(CheckOutcome.Failed($"no file matches '{_path}'"));
        }

        FileInfo newest = files.OrderByDescending(f => f.LastWriteTimeUtc).First();
        TimeSpan age = DateTime.UtcNow - newest.LastWriteTimeUtc;
        var outcome = new CheckOutcome();
        outcome.Data["File"] = newest.FullName;
        outcome.Data["Count"] = files.Length;
        outcome.Data["LastWriteTime"] = newest.LastWriteTimeUtc;
        outcome.Data["Size"] = newest.Length;
        outcome.Measure("Age", age, age.TotalSeconds, _age);
        outcome.Summary = $"newest file '{newest.Name}' is {Threshold.FormatSeconds(Math.Max(0, age.TotalSeconds))} old";
        return Task.FromResult(outcome);
    }
}
