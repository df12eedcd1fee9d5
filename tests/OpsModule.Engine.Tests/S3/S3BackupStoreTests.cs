using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.S3;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.S3;

[Collection(S3Tests.Name)]
public class S3BackupStoreTests
{
    private const int DataLength = (12 * 1024 * 1024) + 12345;

    [SkippableFact]
    public void Artifact_above_the_part_size_uploads_in_parts_and_reads_back_byte_for_byte()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store();
        byte[] data = RandomNumberGenerator.GetBytes(DataLength);

        using (IArtifactWriter writer = store.CreateArtifact("app-20261126T093000123Z.db.zst"))
        {
            WriteInPieces(writer.Stream, data);
            writer.Commit();
        }

        Assert.Equal(data, bucket.Get("backups/app-20261126T093000123Z.db.zst"));
        Assert.Equal(3, bucket.Requests.Count(r => r.Request == "UploadPartRequest"));
        Assert.Single(bucket.Requests, r => r.Request == "CompleteMultipartUploadRequest");
        Assert.Equal("s3://" + bucket.Name + "/backups/app-20261126T093000123Z.db.zst", store.PathOf("app-20261126T093000123Z.db.zst"));
    }

    [SkippableFact]
    public void Small_artifact_is_one_put_and_the_manifest_object_is_written_atomically()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store("a/b/");
        byte[] data = RandomNumberGenerator.GetBytes(1000);
        using (IArtifactWriter writer = store.CreateArtifact("x.db.zst"))
        {
            writer.Stream.Write(data);
            writer.Commit();
        }

        store.WriteAtomically("x.db.zst.manifest.json", "{}"u8);

        Assert.Equal(["a/b/x.db.zst", "a/b/x.db.zst.manifest.json"], bucket.Keys());
        Assert.DoesNotContain(bucket.Requests, r => r.Request == "InitiateMultipartUploadRequest");
        Assert.Equal(data, bucket.Get("a/b/x.db.zst"));
    }

    [SkippableFact]
    public void A_store_that_corrupts_uploads_fails_the_read_back_and_keeps_nothing()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store(configure: o => o.UseChunkEncoding = true);
        byte[] data = RandomNumberGenerator.GetBytes(DataLength);

        var error = Assert.Throws<OpsException>(() =>
        {
            using IArtifactWriter writer = store.CreateArtifact("app.db.zst");
            WriteInPieces(writer.Stream, data);
            writer.Commit();
        });

        Assert.Equal(ErrorIds.BackupChecksumMismatch, error.ErrorId);
        Assert.Contains("different bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(bucket.Keys());
    }

    [SkippableFact]
    public void Skipping_verification_reads_nothing_back()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store(configure: o => o.VerifyAfterUpload = false);
        using (IArtifactWriter writer = store.CreateArtifact("app.db.zst"))
        {
            writer.Stream.Write(RandomNumberGenerator.GetBytes(100));
            writer.Commit();
        }

        Assert.DoesNotContain(bucket.Requests, r => r.Request == "GetObjectRequest");
    }

    [SkippableFact]
    public void Server_side_encryption_is_carried_on_every_write_request()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store(configure: o =>
        {
            o.ServerSideEncryption = ServerSideEncryptionMode.AwsKms;
            o.KmsKeyId = "arn:aws:kms:us-east-1:111122223333:key/test-key";
        });
        using (IArtifactWriter writer = store.CreateArtifact("big.db.zst"))
        {
            WriteInPieces(writer.Stream, RandomNumberGenerator.GetBytes(DataLength));
            writer.Commit();
        }

        store.WriteAtomically("big.db.zst.manifest.json", "{}"u8);

        var initiate = Assert.Single(bucket.Requests, r => r.Request == "InitiateMultipartUploadRequest");
        Assert.Equal("aws:kms", initiate.Headers["x-amz-server-side-encryption"]);
        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/test-key", initiate.Headers["x-amz-server-side-encryption-aws-kms-key-id"]);
        var manifestPut = Assert.Single(bucket.Requests, r => r.Request == "PutObjectRequest" && r.Headers.ContainsKey("x-amz-server-side-encryption"));
        Assert.Equal("aws:kms", manifestPut.Headers["x-amz-server-side-encryption"]);
    }

    [SkippableFact]
    public void Sse_s3_sends_AES256_on_a_single_put()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store(configure: o => o.ServerSideEncryption = ServerSideEncryptionMode.Aes256);
        using (IArtifactWriter writer = store.CreateArtifact("small.db.zst"))
        {
            writer.Stream.Write(RandomNumberGenerator.GetBytes(10));
            writer.Commit();
        }

        var put = Assert.Single(bucket.Requests, r => r.Request == "PutObjectRequest");
        Assert.Equal("AES256", put.Headers["x-amz-server-side-encryption"]);
        Assert.False(put.Headers.ContainsKey("x-amz-server-side-encryption-aws-kms-key-id"));
    }

    [SkippableFact]
    public void A_missing_bucket_is_DestinationNotWritable()
    {
        using var bucket = new S3TestBucket();
        var options = new S3Options { EndpointUrl = bucket.Endpoint, AccessKey = bucket.Options.AccessKey, SecretKey = bucket.Options.SecretKey };
        using var store = new S3BackupStore(S3BackupLocation.Parse("s3://no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] + "/x"), options, CancellationToken.None);

        var error = Assert.Throws<OpsException>(store.EnsureWritable);

        Assert.Equal(ErrorIds.DestinationNotWritable, error.ErrorId);
        Assert.Contains("NoSuchBucket", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Unknown_credentials_are_refused_without_showing_the_secret()
    {
        using var bucket = new S3TestBucket();
        const string secret = "wrong-secret-8d1f4c2a9b";
        var options = new S3Options { EndpointUrl = bucket.Endpoint, AccessKey = "NOT-A-KEY", SecretKey = secret };
        using var store = new S3BackupStore(S3BackupLocation.Parse("s3://" + bucket.Name + "/x"), options, CancellationToken.None);

        var error = Assert.Throws<OpsException>(store.EnsureWritable);

        Assert.Equal(ErrorIds.DestinationNotWritable, error.ErrorId);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://Bad_Bucket/x")]
    [InlineData("s3://ab")]
    [InlineData("/tmp/folder")]
    public void A_malformed_location_is_InvalidArgument(string location)
    {
        var error = Assert.Throws<OpsException>(() => S3BackupLocation.Parse(location));
        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
    }

    [Fact]
    public void A_location_parses_into_bucket_and_prefix()
    {
        S3BackupLocation location = S3BackupLocation.Parse("s3://my-bucket/nightly/app/");
        Assert.Equal("my-bucket", location.Bucket);
        Assert.Equal("nightly/app/", location.Prefix);
        Assert.Equal("s3://my-bucket/nightly/app", location.ToString());
        Assert.Equal(string.Empty, S3BackupLocation.Parse("s3://my-bucket").Prefix);
    }

    [Fact]
    public void Access_key_without_secret_is_InvalidArgument()
    {
        var error = Assert.Throws<OpsException>(() => S3ClientFactory.Create(new S3Options { EndpointUrl = "http://127.0.0.1:1", AccessKey = "AKIA" }));
        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
    }

    [SkippableFact]
    public void A_server_killed_mid_upload_fails_the_artifact_and_leaves_no_object()
    {
        using var server = new DedicatedS3rver();
        using var bucket = new S3TestBucket(server.Endpoint);
        using S3BackupStore store = bucket.Store(configure: o => o.PartSize = S3Options.MinimumPartSize);
        using var temp = new TempFolder();
        string signal = temp.Combine("paused");
        Environment.SetEnvironmentVariable(TestHook.PauseVariable, "s3-after-part-1");
        Environment.SetEnvironmentVariable(TestHook.SignalVariable, signal);
        try
        {
            Task upload = Task.Run(() =>
            {
                using IArtifactWriter writer = store.CreateArtifact("app.db.zst");
                WriteInPieces(writer.Stream, RandomNumberGenerator.GetBytes(DataLength));
                writer.Commit();
            });
            SpinWait.SpinUntil(() => File.Exists(signal) || upload.IsCompleted, TimeSpan.FromSeconds(30));
            Assert.True(File.Exists(signal), "the upload never reached the pause point after part 1");

            server.Kill();
            File.Delete(signal);

            var error = Assert.Throws<OpsException>(() => upload.GetAwaiter().GetResult());
            Assert.Equal(ErrorIds.S3RequestFailed, error.ErrorId);
            Assert.Contains("app.db.zst", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(TestHook.PauseVariable, null);
            Environment.SetEnvironmentVariable(TestHook.SignalVariable, null);
        }

        server.Start();
        Assert.Empty(bucket.Keys());
        Assert.Empty(OpsModule.Engine.Catalog.BackupCatalog.List(store, new OpsModule.Engine.Catalog.CatalogQuery { IncludeIncomplete = true }, NullObserver.Instance));
    }

    [SkippableFact]
    public void An_S3_listing_shows_a_staging_copy_with_its_last_write_time_and_no_in_flight_verification_record()
    {
        // A backup folder copied into a bucket with what interrupted runs left in it.
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store();
        DateTime before = DateTime.UtcNow.AddSeconds(-5);
        bucket.Put("backups/app.snapshot.tmp-0123456789ab", [1, 2, 3]);
        bucket.Put("backups/app-20261001T101500000Z.db.zst.verified.json.tmp-0123456789ab", [1]);

        var listed = OpsModule.Engine.Catalog.BackupCatalog.List(store, new OpsModule.Engine.Catalog.CatalogQuery { IncludeIncomplete = true }, NullObserver.Instance);

        BackupInfo staging = Assert.Single(listed);
        Assert.Equal(("s3://" + bucket.Name + "/backups/app.snapshot.tmp-0123456789ab", "app", false), (staging.BackupPath, staging.Database, staging.Complete));
        Assert.Equal(DateTimeKind.Utc, staging.Created.Kind);
        Assert.InRange(staging.Created, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(5));
        Assert.Null(store.LastWriteTimeOf("app.none.tmp-0123456789ab"));
    }

    [SkippableFact]
    public void A_name_a_backup_already_has_is_never_overwritten_the_next_sequence_number_is_used()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store();
        const string Name = "app-20261126T093000123Z.db.zst";
        byte[] first = RandomNumberGenerator.GetBytes(1000);
        byte[] second = RandomNumberGenerator.GetBytes(2000);
        byte[] third = RandomNumberGenerator.GetBytes(DataLength);
        byte[] fourth = RandomNumberGenerator.GetBytes(3000);

        Assert.Equal(Name, Commit(store, Name, first));
        Assert.Equal("app-20261126T093000123Z-2.db.zst", Commit(store, Name, second));
        Assert.Equal("app-20261126T093000123Z-3.db.zst", Commit(store, Name, third));
        store.WriteAtomically("app-20261126T093000123Z-4.db.zst.manifest.json", "{}"u8);
        Assert.Equal("app-20261126T093000123Z-5.db.zst", Commit(store, Name, fourth));

        Assert.Equal(first, bucket.Get("backups/" + Name));
        Assert.Equal(second, bucket.Get("backups/app-20261126T093000123Z-2.db.zst"));
        Assert.Equal(third, bucket.Get("backups/app-20261126T093000123Z-3.db.zst"));
        Assert.Equal(fourth, bucket.Get("backups/app-20261126T093000123Z-5.db.zst"));
        Assert.DoesNotContain("backups/app-20261126T093000123Z-4.db.zst", bucket.Keys());

        // The store is asked to refuse an overwrite too (S3 enforces it; s3rver ignores it, hence the checks above).
        Assert.Equal("*", Assert.Single(bucket.Requests, r => r.Request == "CompleteMultipartUploadRequest").Headers["If-None-Match"]);
        Assert.Equal(3, bucket.Requests.Count(r => r.Request == "PutObjectRequest" && r.Headers.TryGetValue("If-None-Match", out string? value) && value == "*"));
    }

    [SkippableFact]
    public void A_multipart_upload_whose_name_another_backup_took_meanwhile_fails_and_overwrites_nothing()
    {
        using var bucket = new S3TestBucket();
        using S3BackupStore store = bucket.Store();
        const string Name = "app-20261126T093000123Z.db.zst";
        byte[] other = RandomNumberGenerator.GetBytes(500);

        using (IArtifactWriter writer = store.CreateArtifact(Name))
        {
            WriteInPieces(writer.Stream, RandomNumberGenerator.GetBytes(DataLength));
            Assert.Contains(bucket.Requests, r => r.Request == "InitiateMultipartUploadRequest");
            bucket.Put("backups/" + Name, other);

            var error = Assert.Throws<OpsException>(() => writer.Commit());

            Assert.Equal(ErrorIds.OperationInProgress, error.ErrorId);
            Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(other, bucket.Get("backups/" + Name));
        Assert.Equal(["backups/" + Name], bucket.Keys());
    }

    private static string Commit(S3BackupStore store, string name, byte[] data)
    {
        using IArtifactWriter writer = store.CreateArtifact(name);
        WriteInPieces(writer.Stream, data);
        return writer.Commit();
    }

    private static void WriteInPieces(Stream stream, byte[] data)
    {
        // Uneven pieces, as a compressor writes them.
        int offset = 0;
        int piece = 777_777;
        while (offset < data.Length)
        {
            int take = Math.Min(piece, data.Length - offset);
            stream.Write(data, offset, take);
            offset += take;
            piece = piece == 777_777 ? 1_234_567 : 777_777;
        }
    }
}

/// <summary>S3 tests run one at a time: one of them sets the process-wide test-hook variables.</summary>
[CollectionDefinition(Name)]
public sealed class S3Tests
{
    internal const string Name = "S3";
}
