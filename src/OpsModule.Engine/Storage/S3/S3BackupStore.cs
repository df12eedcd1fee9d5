using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Storage.S3;

/// <summary>
/// Backups in an S3 bucket under a prefix. Artifacts stream up as multipart uploads (one part buffered at a
/// time, nothing copied to disk), are read back and hashed after upload (unless turned off), and only then does
/// the manifest object make the backup count. A failed upload is aborted where the store allows it.
/// </summary>
internal sealed class S3BackupStore : IBackupStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly CancellationToken _cancellation;

    internal S3BackupStore(S3BackupLocation location, S3Options options, CancellationToken cancellationToken)
        : this(location, options, S3ClientFactory.Create(options), ownsClient: true, cancellationToken)
    {
    }

    /// <summary>With a client the caller made (tests hook its request pipeline).</summary>
    internal S3BackupStore(S3BackupLocation location, S3Options options, IAmazonS3 client, bool ownsClient, CancellationToken cancellationToken)
    {
        if (options.PartSize < S3Options.MinimumPartSize)
        {
            throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, options.PartSize, $"The multipart part size {options.PartSize:N0} is below S3's minimum of {S3Options.MinimumPartSize:N0} bytes.");
        }

        S3 = location;
        Options = options;
        _client = client;
        _ownsClient = ownsClient;
        _cancellation = cancellationToken;
    }

    internal S3BackupLocation S3 { get; }

    internal S3Options Options { get; }

    internal IAmazonS3 Client => _client;

    /// <summary>The cancellation of the run this store belongs to.</summary>
    internal CancellationToken Cancellation => _cancellation;

    public string Location => S3.ToString();

    /// <summary>Scratch files (a SQLite snapshot) stay on local disk, never in the bucket.</summary>
    public string StagingFolder => Path.GetTempPath();

    public void EnsureWritable()
    {
        // A HEAD proves nothing about write permission: put and remove a small probe object.
        string probe = S3.KeyOf(".opsmodule-probe" + TempFiles.Marker + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Run(() => _client.PutObjectAsync(NewPut(probe, new MemoryStream([]), sse: false), _cancellation));
            Run(() => _client.DeleteObjectAsync(S3.Bucket, probe, _cancellation));
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, Location, "checking that this account may write to", ErrorIds.DestinationNotWritable);
        }
    }

    public string PathOf(string fileName) => S3.UriOf(fileName);

    public IArtifactWriter CreateArtifact(string fileName) => new S3ArtifactWriter(this, fileName);

    public void WriteAtomically(string fileName, ReadOnlySpan<byte> content)
    {
        // A PUT is atomic in S3: readers see the whole object or none of it.
        string key = S3.KeyOf(fileName);
        var body = new MemoryStream(content.ToArray());
        try
        {
            Run(() => _client.PutObjectAsync(NewPut(key, body, sse: true), _cancellation));
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, PathOf(fileName), "writing");
        }
    }

    public void TryDelete(string fileName)
    {
        try
        {
            Run(() => _client.DeleteObjectAsync(S3.Bucket, S3.KeyOf(fileName), CancellationToken.None));
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            // Best effort: a stray artifact without a manifest never counts as a backup.
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>A PutObject with the store's settings: no aws-chunked body, and server-side encryption when asked.</summary>
    internal PutObjectRequest NewPut(string key, Stream body, bool sse)
    {
        var request = new PutObjectRequest
        {
            BucketName = S3.Bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            UseChunkEncoding = Options.UseChunkEncoding,
        };
        if (sse)
        {
            ApplyEncryption(request);
        }

        return request;
    }

    internal void ApplyEncryption(PutObjectRequest request)
    {
        if (Options.ServerSideEncryption != ServerSideEncryptionMode.None)
        {
            request.ServerSideEncryptionMethod = Method();
            request.ServerSideEncryptionKeyManagementServiceKeyId = Options.ServerSideEncryption == ServerSideEncryptionMode.AwsKms ? Options.KmsKeyId : null;
        }
    }

    internal void ApplyEncryption(InitiateMultipartUploadRequest request)
    {
        if (Options.ServerSideEncryption != ServerSideEncryptionMode.None)
        {
            request.ServerSideEncryptionMethod = Method();
            request.ServerSideEncryptionKeyManagementServiceKeyId = Options.ServerSideEncryption == ServerSideEncryptionMode.AwsKms ? Options.KmsKeyId : null;
        }
    }

    /// <summary>Runs an SDK call to completion on this (worker) thread.</summary>
    internal static T Run<T>(Func<Task<T>> call) => call().GetAwaiter().GetResult();

    private ServerSideEncryptionMethod Method() =>
        Options.ServerSideEncryption == ServerSideEncryptionMode.AwsKms ? ServerSideEncryptionMethod.AWSKMS : ServerSideEncryptionMethod.AES256;
}
