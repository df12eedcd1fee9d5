using System;
using System.Collections.Generic;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Catalog;

/// <summary>Removes one backup: its manifest first (so it stops counting at once), then its artifact and verification record.</summary>
internal static class BackupRemover
{
    internal static void Remove(IBackupSource source, BackupInfo backup, IOperationObserver observer)
    {
        string artifact = BackupVerifier.NameIn(source, backup.BackupPath);
        var names = new List<string>();
        if (backup.Complete)
        {
            names.Add(BackupVerifier.NameIn(source, backup.ManifestPath.Length > 0 ? backup.ManifestPath : backup.BackupPath + BackupManifest.Suffix));
        }

        names.Add(artifact);
        names.Add(artifact + VerificationRecord.Suffix);
        foreach (string name in names)
        {
            try
            {
                source.Delete(name);
            }
            catch (System.IO.FileNotFoundException)
            {
            }
            catch (System.IO.DirectoryNotFoundException)
            {
            }
            catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
            {
                throw new OpsException(ErrorIds.DestinationNotWritable, OpsErrorCategory.WriteError, source.PathOf(name), $"Cannot remove '{source.PathOf(name)}': {ex.Message}", ex);
            }
        }

        observer.Verbose($"Removed backup '{backup.BackupPath}'.");
    }
}
