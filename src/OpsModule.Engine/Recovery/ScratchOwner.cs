using System;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Recovery;

/// <summary>
/// Who made a scratch target: host, PID and start time of the process, and when. A PostgreSQL scratch database
/// carries it as its comment, a SQLite scratch file in a <c>.owner</c> file beside it. A later run removes a
/// scratch target whose maker is provably gone (same host, and no process with that PID and start time), or that
/// is older than <see cref="AbandonedAfter"/> whatever made it; never one of a live run.
/// </summary>
internal sealed partial class ScratchOwner
{
    /// <summary>The start of every marker; scratch targets without it are never touched.</summary>
    internal const string Marker = "opsmodule:drtest";

    /// <summary>Past this age a scratch target counts as abandoned even when its maker cannot be checked (another host).</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(3);

    private ScratchOwner(string host, int processId, DateTime processStarted, DateTime created)
    {
        Host = host;
        ProcessId = processId;
        ProcessStarted = processStarted;
        Created = created;
    }

    internal string Host { get; }

    internal int ProcessId { get; }

    /// <summary>The maker's start time (UTC), which tells a recycled PID from the maker.</summary>
    internal DateTime ProcessStarted { get; }

    internal DateTime Created { get; }

    /// <summary>This process, now.</summary>
    internal static ScratchOwner Current(DateTime created)
    {
        using Process self = Process.GetCurrentProcess();
        return new ScratchOwner(Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime(), created.ToUniversalTime());
    }

    /// <summary>The marker, or null when <paramref name="text"/> is not one.</summary>
    internal static ScratchOwner? Parse(string? text)
    {
        Match match = text is null ? Match.Empty : Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        const DateTimeStyles Utc = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        return int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) &&
            DateTime.TryParse(match.Groups["started"].Value, CultureInfo.InvariantCulture, Utc, out DateTime started) &&
            DateTime.TryParse(match.Groups["created"].Value, CultureInfo.InvariantCulture, Utc, out DateTime created)
            ? new ScratchOwner(match.Groups["host"].Value, pid, started, created)
            : null;
    }

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0} host={1} pid={2} started={3:O} created={4:O}",
        Marker,
        Host,
        ProcessId,
        ProcessStarted,
        Created);

    /// <summary>Why the maker of this scratch target is gone, or null when it may still run (then it is left alone).</summary>
    internal string? AbandonedBecause(DateTime now)
    {
        if (now - Created > AbandonedAfter)
        {
            return string.Format(CultureInfo.InvariantCulture, "it was created {0:u}, more than {1:0} days ago", Created, AbandonedAfter.TotalDays);
        }

        if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            using Process process = Process.GetProcessById(ProcessId);
            if (process.HasExited)
            {
                return $"its process (PID {ProcessId} on {Host}) has exited";
            }

            // The same PID with another start time is a recycled PID: the maker is gone. A second of slack for the
            // rounding of start times; a doubt keeps the target.
            return Math.Abs((process.StartTime.ToUniversalTime() - ProcessStarted).TotalSeconds) > 1
                ? $"its process (PID {ProcessId} on {Host}, started {ProcessStarted:u}) is gone; that PID now belongs to another process"
                : null;
        }
        catch (ArgumentException)
        {
            return $"its process (PID {ProcessId} on {Host}) is gone";
        }
        catch (InvalidOperationException)
        {
            return $"its process (PID {ProcessId} on {Host}) has exited";
        }
    }

    [GeneratedRegex(@"^opsmodule:drtest host=(?<host>\S+) pid=(?<pid>\d+) started=(?<started>\S+) created=(?<created>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
