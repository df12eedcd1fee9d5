using System.Threading;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Sqlite;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage.Local;

namespace OpsModule.Engine.Tests.Support;

/// <summary>Short calls into the engine as the cmdlets make them.</summary>
internal static class Engines
{
    internal static BackupInfo Backup(string source, string destination, BackupCompression compression = BackupCompression.Zstd) =>
        new SqliteBackupEngine(NullObserver.Instance).Backup(
            new BackupRequest(source, new LocalBackupStore(destination), compression, null),
            CancellationToken.None);

    internal static RestoreResult Restore(string backupPath, string target) =>
        new SqliteRestoreEngine(NullObserver.Instance).Restore(
            new RestoreRequest(BackupReader.Load(backupPath), target),
            CancellationToken.None);

    /// <summary>A restore as tests of live targets make it: a 1 s busy timeout, -Force as asked.</summary>
    internal static RestoreResult Restore(string backupPath, string target, bool force, IOperationObserver? observer = null, CancellationToken cancellationToken = default) =>
        new SqliteRestoreEngine(observer ?? NullObserver.Instance).Restore(
            new RestoreRequest(BackupReader.Load(backupPath), target, System.TimeSpan.FromSeconds(1), force),
            cancellationToken);
}
