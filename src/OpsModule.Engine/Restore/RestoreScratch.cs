using System;
using System.Globalization;
using System.IO;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Restore;

/// <summary>
/// Restore-Database's scratch files in its staging folder (-StagingPath, else the temp folder): the staged copy of
/// an S3 or encrypted backup (<c>opsmodule-restore-&lt;hex&gt;/</c>, an <see cref="OwnedFolder"/>) and the -Jobs spool
/// file of a PostgreSQL restore (<c>opsmodule-pg-spool.dump.tmp-&lt;hex&gt;</c>, which may hold a decrypted dump).
/// Each run holds an OS lock on its own while they exist; every restore first removes those of runs that died
/// (kill -9, power loss), never a live run's.
/// </summary>
internal static class RestoreScratch
{
    /// <summary>The staged copy's folder name, before its random part.</summary>
    internal const string StagedPrefix = "opsmodule-restore";

    /// <summary>The -Jobs spool file's name, before its in-flight part.</summary>
    internal const string SpoolName = "opsmodule-pg-spool.dump";

    /// <summary>The spool name of earlier versions, which let go of the spool's lock while pg_restore read it.</summary>
    private const string UnlockedSpoolName = "opsmodule-pg-restore.dump";

    /// <summary>
    /// How long nobody must have written to a scratch file of an earlier version (it carries no lock to test) before it
    /// counts as a dead run's: longer than such a restore takes.
    /// </summary>
    internal static readonly TimeSpan UnlockedAge = TimeSpan.FromDays(1);

    /// <summary>The folder the scratch files go to.</summary>
    internal static string Folder(string? stagingFolder) => Path.GetFullPath(stagingFolder ?? Path.GetTempPath());

    /// <summary>Removes the staged copies and spool files that dead runs left in the staging folder; never throws.</summary>
    internal static void RemoveAbandoned(string? stagingFolder, IOperationObserver observer)
    {
        string folder = Folder(stagingFolder);
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (string staged in OwnedFolder.RemoveAbandoned(folder, StagedPrefix, UnlockedAge))
        {
            observer.Warning($"Removed '{staged}', the staged copy of a backup that an earlier restore left behind when it was killed.");
        }

        int spools = TempFiles.RemoveAbandoned(folder, name => name.StartsWith(SpoolName + TempFiles.Marker, StringComparison.Ordinal))
            + TempFiles.RemoveOlderThan(folder, UnlockedSpoolName + TempFiles.Marker + "*", TempFiles.IsInFlight, UnlockedAge);
        if (spools > 0)
        {
            observer.Warning(string.Format(CultureInfo.InvariantCulture, "Removed {0} -Jobs spool file(s) in '{1}' that earlier restores left behind when they were killed.", spools, folder));
        }
    }
}
