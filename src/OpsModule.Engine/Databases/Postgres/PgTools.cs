using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>Finds PostgreSQL's command-line tools (on PATH, or where the user pointed) and reads their versions.</summary>
internal static partial class PgTools
{
    /// <summary>
    /// The tool to run: <paramref name="explicitPath"/> when given (it must exist), else the first
    /// <paramref name="name"/> on PATH. Fails with PgToolNotFound.
    /// </summary>
    internal static string Find(string name, string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            string full = Path.GetFullPath(explicitPath);
            if (File.Exists(full))
            {
                return full;
            }

            throw NotFound(name, $"'{full}' does not exist");
        }

        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw NotFound(name, "it is not on PATH");
    }

    /// <summary>A tool beside another one (pg_dumpall beside the pg_dump the user named), else on PATH.</summary>
    internal static string FindBeside(string name, string? sibling)
    {
        if (!string.IsNullOrEmpty(sibling))
        {
            string candidate = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sibling)) ?? string.Empty, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Find(name, null);
    }

    /// <summary>The tool's version from <c>--version</c> (e.g. <c>pg_dump (PostgreSQL) 15.18 (Debian ...)</c>).</summary>
    internal static async Task<Version> VersionAsync(string tool, CancellationToken cancellationToken)
    {
        (int exit, string output, string errors) result;
        try
        {
            result = await Common.ChildProcess.RunAsync(tool, ["--version"], null, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            throw NotFound(Path.GetFileName(tool), $"'{tool}' cannot be run ({ex.Message})");
        }

        Match match = VersionPattern().Match(result.output);
        if (result.exit != 0 || !match.Success)
        {
            // Its first line only: another program's --version can print a whole licence.
            string said = (result.output + "\n" + result.errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "nothing";
            throw NotFound(Path.GetFileName(tool), $"'{tool} --version' did not print a PostgreSQL version (it printed {(said.Length > 120 ? said[..120] + "..." : said)})");
        }

        return ParseVersion(match.Groups[1].Value);
    }

    /// <summary>Parses "15.18", "16beta1" or "9.6.24" into a comparable version.</summary>
    internal static Version ParseVersion(string text)
    {
        Match match = NumberPattern().Match(text);
        int major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int minor = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return new Version(major, minor);
    }

    /// <summary>Fails with PgToolVersionMismatch when <paramref name="tool"/>'s major version is older than <paramref name="needed"/>'s.</summary>
    internal static void EnsureNotOlder(string tool, Version toolVersion, Version needed, string neededWhat, object target)
    {
        if (toolVersion.Major < needed.Major)
        {
            throw new OpsException(
                ErrorIds.PgToolVersionMismatch,
                OpsErrorCategory.InvalidOperation,
                target,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} is version {1}, older than {2} ({3}). Install the PostgreSQL {4} client tools or point to them with -{5}Path.",
                    tool,
                    toolVersion,
                    neededWhat,
                    needed,
                    needed.Major,
                    Path.GetFileName(tool) == "pg_restore" ? "PgRestore" : "PgDump"));
        }
    }

    private static OpsException NotFound(string name, string why) => new(
        ErrorIds.PgToolNotFound,
        OpsErrorCategory.ObjectNotFound,
        name,
        $"The PostgreSQL tool {name} was not found: {why}. Install the PostgreSQL client tools (e.g. the postgresql-client package) or point to the program with -{(name == "pg_restore" ? "PgRestorePath" : "PgDumpPath")}.");

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\S+)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^(\d+)(?:\.(\d+))?")]
    private static partial Regex NumberPattern();
}
