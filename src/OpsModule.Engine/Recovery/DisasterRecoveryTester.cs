using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Common;
using OpsModule.Engine.Compression;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.Local;

namespace OpsModule.Engine.Recovery;

/// <summary>
/// One disaster-recovery test of one backup, each step a <see cref="RecoveryCheck"/>:
/// <list type="number">
/// <item>Fetch: read the artifact from its store (a remote one into the scratch folder), verifying size and SHA-256;</item>
/// <item>Restore into a scratch target (<see cref="ScratchDatabases"/>), the hash verified again as it streams;</item>
/// <item>Integrity, RowCounts (every table against the manifest), the custom validations;</item>
/// <item>Rpo (backup age against the limit) and Rto (fetch + restore against the limit);</item>
/// <item>Cleanup: the scratch target and any fetched copy are removed in <c>finally</c>, also on failure and on
/// cancellation, unless the caller keeps them.</item>
/// </list>
/// A failed step is a finding (a failed check in the result), not an exception; exceptions are for what keeps the
/// test from running at all (a missing backup, a scratch target that would be the source) and for cancellation.
/// </summary>
internal sealed class DisasterRecoveryTester
{
    private const string Activity = Catalog.VerificationRecord.RestoreTestTool;

    private readonly DisasterRecoveryOptions _options;
    private readonly IOperationObserver _observer;

    internal DisasterRecoveryTester(DisasterRecoveryOptions options, IOperationObserver observer)
    {
        _options = options;
        _observer = observer;
    }

    internal async Task<DisasterRecoveryResult> TestAsync(RecoveryBackup backup, CancellationToken cancellationToken)
    {
        DateTime tested = DateTime.UtcNow;
        BackupManifest manifest = backup.Manifest;
        if (manifest.Encryption is not null)
        {
            // A missing or wrong key is the caller's mistake, not a failed recovery: an error, and no verification record.
            _ = Encryption.EncryptionCheck.Require(manifest, _options.EncryptionKey, backup.Display);
        }

        IScratchDatabase scratch = ScratchDatabases.For(manifest, backup.Display, _options, tested);
        var checks = new List<RecoveryCheck>();
        TimeSpan age = tested - DateTime.SpecifyKind(manifest.Created, DateTimeKind.Utc);
        var recovery = Stopwatch.StartNew();
        bool restored = false;
        bool restoreTried = false;
        TimeSpan restoreDuration = TimeSpan.Zero;
        string? fetchedCopy = null;
        _observer.Verbose($"Testing the recovery of '{backup.Display}' ({manifest.Engine} database '{manifest.Database}', created {manifest.Created:u}) into {scratch.Display}.");
        try
        {
            string? local = await FetchAsync(backup, checks, tested, copy => fetchedCopy = copy, cancellationToken).ConfigureAwait(false);
            if (local is not null)
            {
                restoreTried = true;
                restored = await RestoreAsync(backup, local, scratch, checks, cancellationToken).ConfigureAwait(false);
            }

            restoreDuration = recovery.Elapsed;
            if (restored)
            {
                bool integrityWarning = false;
                await RunCheckAsync(
                    checks,
                    "Integrity",
                    async () =>
                    {
                        (bool passed, string detail, bool warning) = await scratch.CheckIntegrityAsync(_observer, cancellationToken).ConfigureAwait(false);
                        integrityWarning = warning;
                        return (passed, detail);
                    },
                    cancellationToken).ConfigureAwait(false);
                checks[^1].Warning = integrityWarning && checks[^1].Passed;
                await RunCheckAsync(checks, "RowCounts", () => CompareCountsAsync(scratch, manifest, cancellationToken), cancellationToken).ConfigureAwait(false);
                foreach (RecoveryValidation validation in _options.Validations)
                {
                    await RunCheckAsync(checks, validation.Name, () => ValidateAsync(scratch, validation, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _observer.ProgressCompleted(Activity);
            if (fetchedCopy is not null)
            {
                FetchedCopies.Remove(fetchedCopy);
            }

            if (_options.KeepScratch)
            {
                await KeepAsync(scratch).ConfigureAwait(false);
                if (restored)
                {
                    _observer.Warning($"The scratch database is kept at {scratch.Display} (-KeepScratch); remove it when done.");
                }
                else if (restoreTried)
                {
                    _observer.Warning($"The restore failed; what it wrote is kept at {scratch.Display} (-KeepScratch), possibly partial: remove it when done.");
                }
            }
            else
            {
                await CleanupAsync(scratch, checks).ConfigureAwait(false);
            }
        }

        bool? rpoMet = null;
        if (_options.MaxBackupAge is TimeSpan maxAge)
        {
            rpoMet = age <= maxAge;
            checks.Add(new RecoveryCheck
            {
                Name = "Rpo",
                Passed = rpoMet.Value,
                Detail = string.Format(CultureInfo.InvariantCulture, "The backup is {0} old; the limit (-MaxBackupAge) is {1}.", Duration.Describe(age), Duration.Describe(maxAge)),
            });
        }

        bool? rtoMet = null;
        if (_options.MaxRestoreTime is TimeSpan maxTime)
        {
            rtoMet = restored && restoreDuration <= maxTime;
            checks.Add(new RecoveryCheck
            {
                Name = "Rto",
                Passed = rtoMet.Value,
                Detail = restored
                    ? string.Format(CultureInfo.InvariantCulture, "Fetch and restore took {0}; the limit (-MaxRestoreTime) is {1}.", Duration.Describe(restoreDuration), Duration.Describe(maxTime))
                    : string.Format(CultureInfo.InvariantCulture, "The restore did not complete, so no recovery within {0} is proven.", Duration.Describe(maxTime)),
            });
        }

        if (_options.KeepScratch && restoreTried)
        {
            checks.Add(new RecoveryCheck
            {
                Name = "Cleanup",
                Passed = true,
                Detail = restored
                    ? $"Kept for inspection (-KeepScratch) at {scratch.Display}."
                    : $"Kept for inspection (-KeepScratch) at {scratch.Display}; the restore failed, so it may be partial or absent.",
            });
        }

        var result = new DisasterRecoveryResult
        {
            Database = manifest.Database,
            Engine = manifest.Engine,
            Backup = backup.ToBackupInfo(),
            Passed = checks.Count > 0 && checks.All(c => c.Passed) && restored,
            BackupAge = age,
            RestoreDuration = restoreDuration,
            RpoMet = rpoMet,
            RtoMet = rtoMet,
            Checks = checks,
            ScratchTarget = scratch.Display,
            ScratchKept = _options.KeepScratch && restoreTried,
            Tested = tested,
        };
        Record(backup, result);
        _observer.Verbose($"Disaster-recovery test of '{backup.Display}': {(result.Passed ? "passed" : "FAILED (" + string.Join(", ", checks.Where(c => !c.Passed).Select(c => c.Name)) + ")")}.");
        return result;
    }

    /// <summary>Verifies the artifact; returns a local file holding exactly the verified bytes, or null when Fetch failed.</summary>
    private async Task<string?> FetchAsync(RecoveryBackup backup, List<RecoveryCheck> checks, DateTime tested, Action<string> fetchedCopy, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        BackupManifest manifest = backup.Manifest;
        string stored = backup.Display;
        bool remote = stored.Contains("://", StringComparison.Ordinal);
        string? copy = null;
        string? failure = null;
        try
        {
            if (remote)
            {
                string folder = Path.GetFullPath(_options.ScratchFolder ?? Path.GetTempPath());
                Directory.CreateDirectory(folder);
                FetchedCopies.RemoveAbandoned(folder, _observer);
                copy = FetchedCopies.Create(folder, backup.Artifact, tested);
                fetchedCopy(copy);
            }

            await Task.Run(
                () =>
                {
                    using Stream input = backup.Source.OpenRead(backup.Artifact);
                    using var hashing = new HashingReadStream(input);
                    // The fetched copy is as private as the scratch database it is restored into (owner only).
                    using Stream output = copy is null ? Stream.Null : new FileStream(copy, TempFiles.Options(FileMode.CreateNew, 1 << 20));
                    StreamCopy.Copy(hashing, output, manifest.Size, new StreamCopy.Step(Activity, $"Fetching '{stored}'", "drtest-fetch"), _observer, cancellationToken);
                    string actual = hashing.FinishHash();
                    if (hashing.BytesRead != manifest.Size)
                    {
                        failure = string.Format(CultureInfo.InvariantCulture, "The artifact '{0}' is {1:N0} bytes; its manifest says {2:N0}. It is damaged or incomplete; nothing was restored.", stored, hashing.BytesRead, manifest.Size);
                    }
                    else if (!string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        failure = $"The artifact '{stored}' failed its checksum (expected {manifest.Sha256}, got {actual}). It is damaged; nothing was restored.";
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            failure = $"Reading the artifact '{stored}' failed: {Messages.Sentence(ex.Message)} Nothing was restored.";
        }
        catch (OpsException ex)
        {
            failure = ex.Message;
        }

        bool passed = failure is null;
        checks.Add(new RecoveryCheck
        {
            Name = "Fetch",
            Passed = passed,
            Duration = watch.Elapsed,
            Detail = failure ?? string.Format(CultureInfo.InvariantCulture, "Read {0:N0} bytes of '{1}'{2}; size and SHA-256 ({3}) match the manifest.", manifest.Size, stored, remote ? " into the scratch folder" : string.Empty, manifest.Sha256),
        });
        return passed ? copy ?? stored : null;
    }

    private async Task<bool> RestoreAsync(RecoveryBackup backup, string local, IScratchDatabase scratch, List<RecoveryCheck> checks, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        BackupManifest manifest = backup.Manifest;
        var source = new LocalBackupSource(Path.GetDirectoryName(local) ?? ".");
        string name = Path.GetFileName(local);
        var readers = new List<ArtifactReader>();
        string? failure = null;
        try
        {
            await scratch.RestoreAsync(
                () =>
                {
                    var reader = new ArtifactReader(source, name, manifest, _options.EncryptionKey, observer: _observer);
                    readers.Add(reader);
                    return reader.Content;
                },
                manifest.DatabaseSize,
                _observer,
                cancellationToken).ConfigureAwait(false);

            // The restore read the bytes Fetch verified once more: they must still be those bytes.
            readers[^1].Verify();
            if (readers.Exists(r => r.ZeroKeyUsed))
            {
                failure = $"'{backup.Display}' opens only with the all-zero key (an OpsModule before the raw key file fix wrote it so, or someone without the key made it): it restored, but it is not proven to be this key's backup. Take a new backup.";
            }
        }
        catch (OpsException ex) when (ex.ErrorId is not (ErrorIds.DatabaseConnectionFailed or ErrorIds.InsufficientPrivilege))
        {
            // A scratch server that cannot be reached, refuses the login or does not let it create the scratch database
            // keeps the test from running at all: that is an error for the caller (rethrown), never a failed restore
            // recorded against a good backup.
            failure = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ZstdSharp.ZstdException or SqliteException or NpgsqlException)
        {
            failure = $"Restoring '{backup.Display}' into {scratch.Display} failed: {Redaction.Redact(ex.Message)}";
        }
        finally
        {
            foreach (ArtifactReader reader in readers)
            {
                reader.Dispose();
            }
        }

        checks.Add(new RecoveryCheck
        {
            Name = "Restore",
            Passed = failure is null,
            Duration = watch.Elapsed,
            Detail = failure ?? (manifest.Engine == Databases.Postgres.PgDatabaseEngine.EngineName
                ? string.Format(CultureInfo.InvariantCulture, "Restored the {0:N0}-byte pg_dump archive into {1}.", manifest.DatabaseSize, scratch.Display)
                : string.Format(CultureInfo.InvariantCulture, "Restored {0:N0} bytes into {1}.", manifest.DatabaseSize, scratch.Display)),
        });
        return failure is null;
    }

    private static async Task<(bool Passed, string Detail)> CompareCountsAsync(IScratchDatabase scratch, BackupManifest manifest, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, long> counts = await scratch.CountRowsAsync(cancellationToken).ConfigureAwait(false);
        if (string.Equals(manifest.Engine, PgDatabaseEngine.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            counts = PgCatalog.AlignToManifest(counts, manifest.Tables);
        }

        var differences = manifest.Tables.Keys.Union(counts.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Where(t => !manifest.Tables.TryGetValue(t, out long want) || !counts.TryGetValue(t, out long have) || want != have)
            .Select(t => string.Format(
                CultureInfo.InvariantCulture,
                "{0}: expected {1}, actual {2}",
                t,
                manifest.Tables.TryGetValue(t, out long m) ? m.ToString(CultureInfo.InvariantCulture) : "no table",
                counts.TryGetValue(t, out long c) ? c.ToString(CultureInfo.InvariantCulture) : "no table"))
            .ToList();
        return differences.Count == 0
            ? (true, string.Format(CultureInfo.InvariantCulture, "All {0} table(s) hold the row counts of the manifest ({1:N0} rows).", counts.Count, counts.Values.Sum()))
            : (false, string.Format(CultureInfo.InvariantCulture, "{0} table(s) differ from the manifest: {1}.", differences.Count, string.Join("; ", differences)));
    }

    private static async Task<(bool Passed, string Detail)> ValidateAsync(IScratchDatabase scratch, RecoveryValidation validation, CancellationToken cancellationToken)
    {
        if (validation.Callback is not null)
        {
            return await validation.Callback(scratch.ConnectionString, cancellationToken).ConfigureAwait(false);
        }

        ValidationAnswer answer = await scratch.QueryValidationAsync(validation.Sql!, cancellationToken).ConfigureAwait(false);
        return answer.Judge();
    }

    /// <summary>Runs one check; a database error is that check's failure, not the test's.</summary>
    private static async Task RunCheckAsync(List<RecoveryCheck> checks, string name, Func<Task<(bool Passed, string Detail)>> check, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        (bool passed, string detail) outcome;
        try
        {
            outcome = await check().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OpsException ex)
        {
            outcome = (false, ex.Message);
        }
        catch (Exception ex) when (ex is SqliteException or NpgsqlException or IOException or InvalidOperationException or TimeoutException)
        {
            outcome = (false, "It failed: " + Redaction.Redact(ex.Message));
        }

        // A validation's own text (a scriptblock's error, a query's message) may quote the connection string it was given:
        // the detail is shown, and recorded beside the backup.
        checks.Add(new RecoveryCheck { Name = name, Passed = outcome.passed, Duration = watch.Elapsed, Detail = Redaction.Redact(outcome.detail) });
    }

    private async Task KeepAsync(IScratchDatabase scratch)
    {
        try
        {
            await scratch.KeepAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OpsException or NpgsqlException or IOException or UnauthorizedAccessException)
        {
            _observer.Verbose($"The scratch database {scratch.Display} is kept but still marked as a scratch target ({Redaction.Redact(ex.Message)}); a later run may remove it once this one ends.");
        }
    }

    private async Task CleanupAsync(IScratchDatabase scratch, List<RecoveryCheck> checks)
    {
        var watch = Stopwatch.StartNew();
        string? failure = null;
        try
        {
            await scratch.DropAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OpsException or NpgsqlException or IOException or UnauthorizedAccessException)
        {
            failure = Redaction.Redact(ex.Message);
            _observer.Warning($"The scratch database {scratch.Display} could not be removed ({failure}); remove it by hand.");
        }

        checks.Add(new RecoveryCheck
        {
            Name = "Cleanup",
            Passed = failure is null,
            Duration = watch.Elapsed,
            Detail = failure is null ? $"Removed {scratch.Display}." : $"Could not remove {scratch.Display}: {failure}",
        });
    }

    private void Record(RecoveryBackup backup, DisasterRecoveryResult result)
    {
        if (!_options.RecordOutcome)
        {
            return;
        }

        try
        {
            string failed = string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => c.Name + ": " + c.Detail));

            // The record says whether the backup restores and holds what it should: a test that failed only on time (the backup
            // older than -MaxBackupAge, a restore slower than -MaxRestoreTime) or on removing its scratch copy records the backup
            // as good, or a backup that only grows older would stay "failed" for good (helper-122).
            bool contentPassed = result.Checks.Where(c => c.Name is not ("Rpo" or "Rto" or "Cleanup")).All(c => c.Passed);
            var record = new VerificationRecord
            {
                Checked = result.Tested,
                Verified = contentPassed,
                Detail = result.Passed
                    ? string.Format(CultureInfo.InvariantCulture, "Restored into a scratch database and passed every check ({0}); backup age {1}, fetch + restore {2}.", string.Join(", ", result.Checks.Select(c => c.Name)), Duration.Describe(result.BackupAge), Duration.Describe(result.RestoreDuration))
                    : contentPassed
                        ? "Restored into a scratch database and passed every check of its content; the test failed only on " + failed
                        : "Failed: " + failed,
                Sha256 = backup.Manifest.Sha256,
                Tool = Activity,
                ModuleVersion = ModuleInfo.Version,
            };
            IBackupStore recorder = backup.Source as IBackupStore ?? BackupStores.ForWriting(backup.Source.Location);
            recorder.TryDelete(backup.Artifact + VerificationRecord.Suffix);
            recorder.WriteAtomically(backup.Artifact + VerificationRecord.Suffix, record.ToJson());
            result.Backup.LastVerified = result.Tested;
            result.Backup.LastVerifiedResult = contentPassed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OpsException)
        {
            _observer.Warning($"The outcome could not be recorded beside '{backup.Display}' ({Catalog.BackupVerifier.NotRecordedWhy(ex)}); the result is still returned.");
        }
    }
}
