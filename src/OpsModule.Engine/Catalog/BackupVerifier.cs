using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Restore;
using OpsModule.Engine.Storage;

namespace OpsModule.Engine.Catalog;

/// <summary>
/// Test-DatabaseBackup's work, like <c>restic check --read-data</c>: re-reads an artifact from its store, checks its
/// size and SHA-256 against the manifest, decrypts and decompresses it to the end, and records the outcome in
/// <c>&lt;artifact&gt;.verified.json</c> beside it.
/// </summary>
internal static class BackupVerifier
{
    private const string Activity = "Test-DatabaseBackup";

    /// <summary>Why a verification record could not be written, in words (not .NET's text about a temporary file).</summary>
    internal static string NotRecordedWhy(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "this account may not write in that location",
        OpsException ops => ops.Message,
        _ => Messages.Sentence(ex.Message).TrimEnd('.'),
    };

    /// <summary>The backup's verification record when it is a failed restore test of this manifest, else null.</summary>
    private static VerificationRecord? LastRestoreTestFailed(IBackupSource source, string artifact, string sha256)
    {
        try
        {
            VerificationRecord? record = VerificationRecord.TryParse(source.ReadSmallFile(artifact + VerificationRecord.Suffix));
            return record is { Verified: false, Tool: VerificationRecord.RestoreTestTool } && string.Equals(record.Sha256, sha256, StringComparison.OrdinalIgnoreCase) ? record : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static BackupVerification Verify(IBackupSource source, IBackupStore recorder, BackupInfo backup, EncryptionKey? key, IOperationObserver observer, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        string manifestName = NameIn(source, backup.ManifestPath);
        BackupManifest manifest = source.ReadManifest(manifestName);
        string artifact = string.IsNullOrEmpty(manifest.Artifact) ? manifestName[..^BackupManifest.Suffix.Length] : manifest.Artifact;
        if (manifest.Encryption is not null)
        {
            // A missing or wrong key is the caller's mistake, not the backup's fault: an error, nothing recorded.
            EncryptionCheck.Require(manifest, key, source.PathOf(artifact));
        }

        string detail;
        bool verified;
        try
        {
            using var reader = new ArtifactReader(source, artifact, manifest, key, observer: observer);
            string? decodeError = null;
            long content = 0;
            try
            {
                content = StreamCopy.Copy(reader.Content, Stream.Null, 0, new StreamCopy.Step(Activity, "Reading " + source.PathOf(artifact), null), observer, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OpsException and not FileNotFoundException)
            {
                decodeError = ex.Message;
            }

            reader.Verify();
            if (reader.ZeroKeyUsed && decodeError is null)
            {
                decodeError = "it opens only with the all-zero key (an OpsModule before the raw key file fix wrote it so, or someone without the key made it): it is not proven to be this key's backup";
            }

            verified = decodeError is null;
            detail = verified
                ? $"Size {manifest.Size:N0} bytes and SHA-256 {manifest.Sha256} match the manifest; {(manifest.Encryption is null ? string.Empty : "decrypted and ")}decompressed to {content:N0} bytes."
                : $"Size and SHA-256 match the manifest, but the artifact does not {(manifest.Encryption is null ? string.Empty : "decrypt and ")}decompress: {decodeError}";
        }
        catch (OpsException ex) when (ex.ErrorId == ErrorIds.BackupChecksumMismatch)
        {
            verified = false;
            detail = ex.Message;
        }
        catch (FileNotFoundException)
        {
            verified = false;
            detail = $"The artifact '{source.PathOf(artifact)}' is missing.";
        }
        finally
        {
            observer.ProgressCompleted(Activity);
        }

        DateTime checkedAt = DateTime.UtcNow;
        if (verified && LastRestoreTestFailed(source, artifact, manifest.Sha256) is VerificationRecord failedRestore)
        {
            // Reading the bytes back does not undo a failed restore test (a backup whose rows do not match its manifest
            // reads back fine): the failure stays recorded until Test-DisasterRecovery passes (helper-120).
            // Not Verified either: '| Where-Object Verified | Restore-Database' must not pick it (helper-122).
            observer.Warning($"'{source.PathOf(artifact)}' passes this check, but its last restore test failed ({failedRestore.Detail}); it stays recorded as failed until Test-DisasterRecovery passes.");
            backup.LastVerified = DateTime.SpecifyKind(failedRestore.Checked, DateTimeKind.Utc);
            backup.LastVerifiedResult = false;
            return new BackupVerification
            {
                Backup = backup,
                Database = backup.Database,
                Verified = false,
                Detail = $"{detail} But its last restore test failed: {failedRestore.Detail}",
                Checked = checkedAt,
                Duration = stopwatch.Elapsed,
            };
        }

        var record = new VerificationRecord
        {
            Checked = checkedAt,
            Verified = verified,
            Detail = detail,
            Sha256 = manifest.Sha256,
            Tool = Activity,
            ModuleVersion = ModuleInfo.Version,
        };
        try
        {
            recorder.TryDelete(artifact + VerificationRecord.Suffix);
            recorder.WriteAtomically(artifact + VerificationRecord.Suffix, record.ToJson());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OpsException)
        {
            // A read-only store (a read-only mount, an immutable folder, a verifier account that may only read) can still be
            // checked: the outcome is returned, only not kept for Get-DatabaseBackup and retention.
            observer.Warning($"The outcome could not be recorded beside '{source.PathOf(artifact)}' ({NotRecordedWhy(ex)}); the result is still returned, but Get-DatabaseBackup and retention will not see it.");
        }

        observer.Verbose($"{(verified ? "Verified" : "FAILED")} '{source.PathOf(artifact)}': {detail}");

        backup.LastVerified = checkedAt;
        backup.LastVerifiedResult = verified;
        return new BackupVerification
        {
            Backup = backup,
            Database = backup.Database,
            Verified = verified,
            Detail = detail,
            Checked = checkedAt,
            Duration = stopwatch.Elapsed,
        };
    }

    /// <summary>The file name of <paramref name="path"/> inside the source's location.</summary>
    internal static string NameIn(IBackupSource source, string path)
    {
        string prefix = source.PathOf(string.Empty);
        return path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..].TrimStart('/', Path.DirectorySeparatorChar) : Path.GetFileName(path);
    }
}
