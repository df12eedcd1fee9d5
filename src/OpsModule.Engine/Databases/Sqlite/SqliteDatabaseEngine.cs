using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Restore;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// SQLite behind <see cref="IDatabaseEngine"/>: a thin adapter over <see cref="SqliteBackupEngine"/> and
/// <see cref="SqliteRestoreEngine"/>, adding the operation lock keyed on the file's real path.
/// </summary>
internal sealed class SqliteDatabaseEngine : IDatabaseEngine
{
    private readonly string _path;

    internal SqliteDatabaseEngine(string path) => _path = Path.GetFullPath(path);

    public string Name => SqliteBackupEngine.EngineName;

    public string Database => Path.GetFileNameWithoutExtension(_path);

    public string Display => _path;

    public string LockKey => RealPath.Of(_path);

    public async Task<BackupInfo> BackupAsync(BackupJob job, IOperationObserver observer, CancellationToken cancellationToken)
    {
        using OperationLock held = OperationLock.Acquire("backup|sqlite|" + LockKey + "|" + job.Store.Location, $"a backup of '{_path}' to '{job.Store.Location}'", _path);
        var request = new BackupRequest(_path, job.Store, job.Compression, job.CompressionLevel)
        {
            BusyTimeout = job.BusyTimeout,
            StagingFolder = job.StagingFolder,
        };
        return await new SqliteBackupEngine(observer).BackupAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> HasDataAsync(CancellationToken cancellationToken) => Task.FromResult(SqliteRestoreEngine.TargetHasData(_path));

    public Task<RestoreResult> RestoreAsync(RestoreJob job, IOperationObserver observer, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            using OperationLock held = OperationLock.Acquire("restore|sqlite|" + LockKey, $"a restore into '{_path}'", _path);
            RestoreScratch.RemoveAbandoned(job.StagingFolder, observer);
            return new SqliteRestoreEngine(observer).Restore(new RestoreRequest(job.Load(), _path, job.BusyTimeout, job.ReplaceDamagedTarget) { Staged = job.Staged }, cancellationToken);
        },
        cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken cancellationToken) => Task.Run<IReadOnlyDictionary<string, long>>(
        () =>
        {
            using SqliteConnection connection = SqliteFile.Open(_path, SqliteOpenMode.ReadOnly);
            return SqliteFile.CountRows(connection);
        },
        cancellationToken);
}
