using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

/// <summary>
/// Backup-Database to S3, Get-/Test-/Remove-DatabaseBackup and Restore-Database from S3 against the Test task's
/// s3rver, and client-side encryption. One class: its tests run one at a time (one sets a process-wide variable).
/// </summary>
public sealed class S3CatalogCmdletTests : IDisposable
{
    private const int PartSize = 5 * 1024 * 1024;
    private readonly TempFolder _temp = new();
    private readonly CmdletHost _host;
    private AmazonS3Client? _client;
    private string _bucket = string.Empty;

    public S3CatalogCmdletTests() => _host = new CmdletHost(_temp.Path);

    private static string S3Args => $"-EndpointUrl '{Environment.GetEnvironmentVariable("OPS_TEST_S3_ENDPOINT")}' -AccessKey '{Environment.GetEnvironmentVariable("OPS_TEST_S3_ACCESS_KEY")}' -SecretKey '{Environment.GetEnvironmentVariable("OPS_TEST_S3_SECRET_KEY")}'";

    public void Dispose()
    {
        if (_client is not null)
        {
            foreach (string key in Keys())
            {
                _client.DeleteObjectAsync(_bucket, key).GetAwaiter().GetResult();
            }

            _client.DeleteBucketAsync(_bucket).GetAwaiter().GetResult();
            _client.Dispose();
        }

        _host.Dispose();
        _temp.Dispose();
    }

    [SkippableFact]
    public void A_backup_above_the_multipart_threshold_round_trips_through_S3_and_is_listed_and_verified()
    {
        Bucket();
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 12_000, payloadBytes: 1000);

        var (output, errors) = _host.Run($"Backup-Database -Path ./app.db -Destination s3://{_bucket}/nightly -PartSize {PartSize} {S3Args}");
        Assert.Empty(errors);
        var backup = Assert.IsType<BackupInfo>(Assert.Single(output));
        Assert.StartsWith($"s3://{_bucket}/nightly/app-", backup.BackupPath, StringComparison.Ordinal);
        Assert.True(backup.Size > 2L * PartSize, $"artifact of {backup.Size} bytes is not above two parts");
        Assert.Equal([backup.BackupPath[($"s3://{_bucket}/").Length..], backup.ManifestPath[($"s3://{_bucket}/").Length..]], Keys());
        Assert.Equal(backup.Sha256, Convert.ToHexString(SHA256.HashData(Get(Keys()[0]))).ToLowerInvariant());

        (output, errors) = _host.Run($"Get-DatabaseBackup -Location s3://{_bucket}/nightly {S3Args} | Test-DatabaseBackup {S3Args}");
        Assert.Empty(errors);
        var verification = Assert.IsType<BackupVerification>(Assert.Single(output));
        Assert.True(verification.Verified, verification.Detail);
        Assert.Equal(Severity.Ok, verification.Severity);

        (output, errors) = _host.Run($"Get-DatabaseBackup -Location s3://{_bucket}/nightly -Latest {S3Args} | Restore-Database -TargetPath ./restored.db {S3Args}");
        Assert.Empty(errors);
        var restored = Assert.IsType<RestoreResult>(Assert.Single(output));
        Assert.Equal(backup.BackupPath, restored.Backup.BackupPath);
        Assert.True(restored.Backup.LastVerifiedResult);
        Assert.Equal(SampleDatabase.Fingerprint(_temp.Combine("app.db")), SampleDatabase.Fingerprint(_temp.Combine("restored.db")));
    }

    [SkippableFact]
    public void An_object_altered_after_upload_fails_verification_and_restore_leaves_the_target_untouched()
    {
        Bucket();
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 200);
        File.Copy(_temp.Combine("app.db"), _temp.Combine("target.db"));
        SampleDatabase.Execute(SampleDatabase.Open(_temp.Combine("target.db")), "DELETE FROM orders WHERE id > 100");
        var before = SampleDatabase.Fingerprint(_temp.Combine("target.db"));
        var (output, errors) = _host.Run($"Backup-Database -Path ./app.db -Destination s3://{_bucket} {S3Args}");
        Assert.Empty(errors);
        string key = ((BackupInfo)output[0]).BackupPath[($"s3://{_bucket}/").Length..];
        byte[] artifact = Get(key);
        artifact[artifact.Length / 2] ^= 0x40;
        Put(key, artifact);

        (output, errors) = _host.Run($"Get-DatabaseBackup -Location s3://{_bucket} {S3Args} | Test-DatabaseBackup {S3Args}");
        Assert.Empty(errors);
        var verification = Assert.IsType<BackupVerification>(Assert.Single(output));
        Assert.False(verification.Verified);
        Assert.Equal(Severity.Critical, verification.Severity);
        Assert.Contains("failed its checksum", verification.Detail, StringComparison.Ordinal);
        Assert.Contains(key + ".verified.json", Keys());

        (output, errors) = _host.Run($"Get-DatabaseBackup -Location s3://{_bucket} {S3Args} | Restore-Database -TargetPath ./target.db -Force {S3Args}");
        Assert.Empty(output);
        Assert.Equal("BackupChecksumMismatch,OpsModule.Cmdlets.RestoreDatabaseCommand", Assert.Single(errors).FullyQualifiedErrorId);
        Assert.Equal(before, SampleDatabase.Fingerprint(_temp.Combine("target.db")));
        Assert.Contains("\"verified\": false", Encoding.UTF8.GetString(Get(key + ".verified.json")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_store_that_corrupts_uploads_fails_the_backup_at_backup_time()
    {
        Bucket();
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 200);
        Environment.SetEnvironmentVariable("OPSMODULE_TEST_S3_CHUNK_ENCODING", "1");
        try
        {
            var (output, errors) = _host.Run($"Backup-Database -Path ./app.db -Destination s3://{_bucket}/x {S3Args}");

            Assert.Empty(output);
            Assert.Equal("BackupChecksumMismatch,OpsModule.Cmdlets.BackupDatabaseCommand", Assert.Single(errors).FullyQualifiedErrorId);
            Assert.Empty(Keys());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPSMODULE_TEST_S3_CHUNK_ENCODING", null);
        }
    }

    [SkippableFact]
    public void Server_side_encryption_is_recorded_in_the_manifest()
    {
        Bucket();
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 50);

        var (output, errors) = _host.Run($"Backup-Database -Path ./app.db -Destination s3://{_bucket} -ServerSideEncryption aws:kms -KmsKeyId alias/ops {S3Args}");

        Assert.Empty(errors);
        string manifest = Encoding.UTF8.GetString(Get(((BackupInfo)output[0]).ManifestPath[($"s3://{_bucket}/").Length..]));
        Assert.Contains("\"serverSideEncryption\": \"aws:kms\"", manifest, StringComparison.Ordinal);
        Assert.Contains("\"kmsKeyId\": \"alias/ops\"", manifest, StringComparison.Ordinal);
        Assert.Contains("\"verifiedAfterUpload\": true", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("S3RVER", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_backup_holds_no_source_text_restores_with_its_key_and_fails_cleanly_without_it()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 200);
        File.WriteAllBytes(_temp.Combine("backup.key"), RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(_temp.Combine("other.key"), Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

        var (output, errors) = _host.Run("Backup-Database -Path ./app.db -Destination ./plain -Compression None; Backup-Database -Path ./app.db -Destination ./sealed -Compression None -EncryptionKey ./backup.key");
        Assert.Empty(errors);
        var plain = (BackupInfo)output[0];
        var encrypted = (BackupInfo)output[1];
        Assert.Null(plain.Encryption);
        Assert.Equal("AES-256-GCM-CHUNKED-1", encrypted.Encryption);
        Assert.True(Holds(plain.BackupPath, "@example.test"), "the unencrypted control artifact should hold the source's text");
        Assert.False(Holds(encrypted.BackupPath, "@example.test"));
        Assert.False(Holds(encrypted.BackupPath, "customer 1"));
        string manifest = File.ReadAllText(encrypted.ManifestPath);
        Assert.Contains("\"keyFingerprint\"", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(File.ReadAllBytes(_temp.Combine("backup.key"))), manifest, StringComparison.OrdinalIgnoreCase);

        (output, errors) = _host.Run("$b | Restore-Database -TargetPath ./none.db", new Dictionary<string, object> { ["b"] = encrypted });
        Assert.Equal("EncryptionKeyRequired,OpsModule.Cmdlets.RestoreDatabaseCommand", Assert.Single(errors).FullyQualifiedErrorId);
        (output, errors) = _host.Run("$b | Restore-Database -TargetPath ./wrong.db -EncryptionKey ./other.key", new Dictionary<string, object> { ["b"] = encrypted });
        Assert.Equal("EncryptionKeyMismatch,OpsModule.Cmdlets.RestoreDatabaseCommand", Assert.Single(errors).FullyQualifiedErrorId);
        Assert.False(File.Exists(_temp.Combine("none.db")));
        Assert.False(File.Exists(_temp.Combine("wrong.db")));

        (output, errors) = _host.Run("$b | Restore-Database -TargetPath ./right.db -EncryptionKey ./backup.key; $b | Test-DatabaseBackup -EncryptionKey ./backup.key", new Dictionary<string, object> { ["b"] = encrypted });
        Assert.Empty(errors);
        Assert.True(Assert.IsType<BackupVerification>(output[1]).Verified);
        Assert.Equal(SampleDatabase.Fingerprint(_temp.Combine("app.db")), SampleDatabase.Fingerprint(_temp.Combine("right.db")));
    }

    [Fact]
    public void Retention_keeps_the_newest_verified_backup_even_with_keep_last_zero_and_WhatIf_deletes_nothing()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 20);
        var (output, errors) = _host.Run("1..4 | ForEach-Object { Backup-Database -Path ./app.db -Destination ./backups; Start-Sleep -Milliseconds 5 }");
        Assert.Empty(errors);
        var backups = output.Cast<BackupInfo>().OrderByDescending(b => b.Created).ToList();
        (_, errors) = _host.Run("$b | Test-DatabaseBackup", new Dictionary<string, object> { ["b"] = backups[2] });
        Assert.Empty(errors);
        int files = Directory.GetFiles(_temp.Combine("backups")).Length;

        (output, errors) = _host.Run("Get-DatabaseBackup -Location ./backups | Remove-DatabaseBackup -KeepLast 0 -WhatIf");
        Assert.Empty(errors);
        Assert.Equal(4, output.Count);
        Assert.All(output.Cast<RetentionDecision>(), d => Assert.False(d.Removed));
        Assert.Equal(files, Directory.GetFiles(_temp.Combine("backups")).Length);

        (output, errors) = _host.Run("Get-DatabaseBackup -Location ./backups | Remove-DatabaseBackup -KeepLast 0 -Confirm:$false");
        Assert.Empty(errors);
        var decisions = output.Cast<RetentionDecision>().ToList();
        RetentionDecision kept = Assert.Single(decisions, d => d.Action == RetentionAction.Keep);
        Assert.Equal(backups[2].BackupPath, kept.Backup.BackupPath);
        Assert.Equal(Severity.Warning, kept.Severity);
        Assert.Equal(3, decisions.Count(d => d.Removed));
        (output, _) = _host.Run("Get-DatabaseBackup -Location ./backups");
        Assert.Equal(backups[2].BackupPath, Assert.IsType<BackupInfo>(Assert.Single(output)).BackupPath);
    }

    [Fact]
    public void Backup_files_from_Get_ChildItem_bind_to_Test_DatabaseBackup_and_Remove_DatabaseBackup()
    {
        SampleDatabase.Create(_temp.Combine("app.db"), orders: 20);
        var (output, errors) = _host.Run("1..3 | ForEach-Object { Backup-Database -Path ./app.db -Destination ./backups; Start-Sleep -Milliseconds 5 }");
        Assert.Empty(errors);
        string newest = output.Cast<BackupInfo>().OrderByDescending(b => b.Created).First().BackupPath;

        (output, errors) = _host.Run("Get-ChildItem ./backups -Filter *.db.zst | Test-DatabaseBackup");
        Assert.Empty(errors);
        Assert.Equal(3, output.Count);
        Assert.All(output.Cast<BackupVerification>(), v => Assert.True(v.Verified));

        // The whole folder (artifacts, manifests, verification records): each backup is verified, and tested, once.
        (output, errors) = _host.Run("Get-ChildItem ./backups -File | Test-DatabaseBackup");
        Assert.Empty(errors);
        Assert.Equal(3, output.Cast<BackupVerification>().Select(v => v.Backup.BackupPath).Distinct().Count());
        Assert.Equal(3, output.Count);
        (output, errors) = _host.Run("Get-ChildItem ./backups -File | Test-DisasterRecovery -ScratchPath ./scratch");
        Assert.Empty(errors);
        Assert.Equal(3, output.Count);
        Assert.All(output.Cast<DisasterRecoveryResult>(), r => Assert.True(r.Passed));

        // Artifacts and manifests together: each backup counts once.
        (output, errors) = _host.Run("Get-ChildItem ./backups -File | Remove-DatabaseBackup -KeepLast 1 -Confirm:$false");
        Assert.Empty(errors);
        var decisions = output.Cast<RetentionDecision>().ToList();
        Assert.Equal(3, decisions.Count);
        Assert.Equal(2, decisions.Count(d => d.Removed));
        (output, _) = _host.Run("Get-DatabaseBackup -Location ./backups");
        Assert.Equal(newest, Assert.IsType<BackupInfo>(Assert.Single(output)).BackupPath);

        (_, errors) = _host.Run("Remove-DatabaseBackup -BackupPath ./backups/nothing.db.zst -KeepLast 1 -Confirm:$false");
        Assert.Equal("SourceNotFound,OpsModule.Cmdlets.RemoveDatabaseBackupCommand", Assert.Single(errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Remove_without_any_rule_is_refused()
    {
        var (_, errors) = _host.Run("Remove-DatabaseBackup -Location ./nothing -Confirm:$false");
        Assert.Equal("InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseBackupCommand", Assert.Single(errors).FullyQualifiedErrorId);
    }

    private void Bucket()
    {
        string? endpoint = Environment.GetEnvironmentVariable("OPS_TEST_S3_ENDPOINT");
        Skip.If(string.IsNullOrEmpty(endpoint), "OPS_TEST_S3_ENDPOINT is not set");
        _client = new AmazonS3Client(
            new BasicAWSCredentials(Environment.GetEnvironmentVariable("OPS_TEST_S3_ACCESS_KEY"), Environment.GetEnvironmentVariable("OPS_TEST_S3_SECRET_KEY")),
            new AmazonS3Config
            {
                ServiceURL = endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        _bucket = "ops-" + Guid.NewGuid().ToString("N")[..20];
        _client.PutBucketAsync(_bucket).GetAwaiter().GetResult();
    }

    private List<string> Keys() =>
        _client!.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket }).GetAwaiter().GetResult().S3Objects?.Select(o => o.Key).Order(StringComparer.Ordinal).ToList() ?? [];

    private byte[] Get(string key)
    {
        using GetObjectResponse response = _client!.GetObjectAsync(_bucket, key).GetAwaiter().GetResult();
        using var copy = new MemoryStream();
        response.ResponseStream.CopyTo(copy);
        return copy.ToArray();
    }

    private void Put(string key, byte[] content) =>
        _client!.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false }).GetAwaiter().GetResult();

    private static bool Holds(string file, string text) => File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
