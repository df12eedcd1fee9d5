using System;
using System.IO;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Recovery;

/// <summary>
/// The local copies Test-DisasterRecovery fetches of remote (S3) artifacts: <c>&lt;artifact&gt;.tmp-&lt;hex&gt;</c> in the
/// scratch folder, each with a <c>.owner</c> file naming the run that fetched it (<see cref="ScratchOwner"/>). A
/// later run in the same folder removes the copies of runs that provably died or that are older than
/// <see cref="ScratchOwner.AbandonedAfter"/>, the same rule as for scratch databases; never a live run's.
/// </summary>
internal static class FetchedCopies
{
    private const string OwnerSuffix = ".owner";

    /// <summary>A new copy's name in <paramref name="folder"/>, marked as this run's before any byte is fetched.</summary>
    internal static string Create(string folder, string artifact, DateTime stamp)
    {
        string copy = TempFiles.NameFor(Path.Combine(folder, artifact));
        File.WriteAllText(copy + OwnerSuffix, ScratchOwner.Current(stamp).ToString());
        return copy;
    }

    /// <summary>Removes a copy and its marker; never throws.</summary>
    internal static void Remove(string copy)
    {
        TempFiles.TryDelete(copy);
        TempFiles.TryDelete(copy + OwnerSuffix);
    }

    /// <summary>Removes the fetched copies in <paramref name="folder"/> whose runs are gone; never throws.</summary>
    internal static void RemoveAbandoned(string folder, IOperationObserver observer)
    {
        string[] owners;
        try
        {
            owners = Directory.GetFiles(folder, "*" + TempFiles.Marker + "*" + OwnerSuffix);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        DateTime now = DateTime.UtcNow;
        foreach (string ownerFile in owners)
        {
            string copy = ownerFile[..^OwnerSuffix.Length];
            if (!TempFiles.IsInFlight(copy))
            {
                continue;
            }

            string? why;
            try
            {
                why = ScratchOwner.Parse(File.ReadAllText(ownerFile))?.AbandonedBecause(now);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (why is null)
            {
                continue;
            }

            TempFiles.TryDelete(copy);
            if (!File.Exists(copy))
            {
                TempFiles.TryDelete(ownerFile);
                observer.Warning($"Removed the fetched copy '{copy}' that an earlier Test-DisasterRecovery left behind: {why}.");
            }
        }
    }
}
