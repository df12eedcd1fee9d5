using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Recovery;

/// <summary>
/// A throwaway database a disaster-recovery test restores a backup into, checks, and drops. One implementation per
/// engine (Databases/Sqlite, Databases/Postgres), picked by <see cref="ScratchDatabases"/>.
/// </summary>
internal interface IScratchDatabase
{
    /// <summary>Where the scratch database is, for results and messages: never with a secret.</summary>
    string Display { get; }

    /// <summary>The connection string a user's validation scriptblock receives (it may carry the login's password).</summary>
    string ConnectionString { get; }

    /// <summary>
    /// Creates the scratch database and restores the decompressed artifact into it; <paramref name="openContent"/>
    /// opens the decompressed artifact from its start (it may be called more than once).
    /// </summary>
    Task RestoreAsync(Func<Stream> openContent, long expectedBytes, IOperationObserver observer, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the engine's integrity checks; the detail says which ran and what they found. Warning: passed, with something
    /// found that the restore did not cause (data as it was backed up) and that someone should look at.
    /// </summary>
    Task<(bool Passed, string Detail, bool Warning)> CheckIntegrityAsync(IOperationObserver observer, CancellationToken cancellationToken);

    /// <summary>Exact row count of every table (the keys the manifest uses).</summary>
    Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken cancellationToken);

    /// <summary>Runs a -Validation query and returns what its first result holds (<see cref="ValidationAnswer"/>).</summary>
    Task<ValidationAnswer> QueryValidationAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Removes the scratch database and everything it left; safe to call when nothing was created. Never cancelled.</summary>
    Task DropAsync();

    /// <summary>Keeps the scratch database for inspection (-KeepScratch): takes away the mark that lets a later run remove it.</summary>
    Task KeepAsync();
}
