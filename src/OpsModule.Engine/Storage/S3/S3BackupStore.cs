using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Encryption;

namespace OpsModule.Engine.Storage.S3;

/// <summary>
/// Backups in an S3 bucket under a prefix. Artifacts stream up as multipart uploads (one part buffered at a
/// time, nothing copied to disk), are read back and hashed after upload (unless turned off), and only then does
/// the manifest object make the backup count. A failed upload is aborted where the store allows it.
/// </summary>
internal sealed class S3BackupStore : IBackupStore, IBackupSource, IStoreWriteOptions, IPendingUploads, IDisposable
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

    /// <summary>Client-side encryption for artifacts written here (null: none).</summary>
    public EncryptionKey? ClientKey { get; init; }

    public void Describe(BackupManifest manifest)
    {
        manifest.ServerSideEncryption = Options.ServerSideEncryptionName;
        manifest.KmsKeyId = Options.ServerSideEncryption == ServerSideEncryptionMode.AwsKms ? Options.KmsKeyId : null;
        manifest.VerifiedAfterUpload = Options.VerifyAfterUpload;
    }

    public IReadOnlyList<string> ListManifests() =>
        ListFiles().Where(n => n.EndsWith(BackupManifest.Suffix, StringComparison.Ordinal) && !n.Contains(TempFiles.Marker, StringComparison.Ordinal)).ToList();

    public IReadOnlyList<string> ListFiles()
    {
        var names = new List<string>();
        var request = new ListObjectsV2Request { BucketName = S3.Bucket, Prefix = S3.Prefix, Delimiter = "/" };
        try
        {
            ListObjectsV2Response response;
            do
            {
                response = Run(() => _client.ListObjectsV2Async(request, _cancellation));
                foreach (S3Object item in response.S3Objects ?? [])
                {
                    names.Add(item.Key[S3.Prefix.Length..]);
                }

                request.ContinuationToken = response.NextContinuationToken;
            }
            while (response.IsTruncated == true);
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, Location, "listing");
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public byte[]? ReadSmallFile(string fileName)
    {
        try
        {
            using GetObjectResponse response = Run(() => _client.GetObjectAsync(S3.Bucket, S3.KeyOf(fileName), _cancellation));
            using var copy = new MemoryStream();
            using var body = new BodyReader(response.ResponseStream, PathOf(fileName), response, _cancellation);
            body.CopyTo(copy);
            return copy.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, PathOf(fileName), "reading");
        }
    }

    public BackupManifest ReadManifest(string manifestName) =>
        BackupManifest.Parse(ReadSmallFile(manifestName) ?? throw new FileNotFoundException($"The manifest '{PathOf(manifestName)}' does not exist.", PathOf(manifestName)));

    public Stream OpenRead(string fileName)
    {
        GetObjectResponse response;
        try
        {
            response = Run(() => _client.GetObjectAsync(S3.Bucket, S3.KeyOf(fileName), _cancellation));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"The object '{PathOf(fileName)}' does not exist.", PathOf(fileName), ex);
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, PathOf(fileName), "reading");
        }

        return new ResponseStream(response, PathOf(fileName), _cancellation);
    }

    public long SizeOf(string fileName)
    {
        try
        {
            return Run(() => _client.GetObjectMetadataAsync(S3.Bucket, S3.KeyOf(fileName), _cancellation)).ContentLength;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return -1;
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, PathOf(fileName), "reading the size of");
        }
    }

    public DateTime? LastWriteTimeOf(string fileName)
    {
        try
        {
            return Run(() => _client.GetObjectMetadataAsync(S3.Bucket, S3.KeyOf(fileName), _cancellation)).LastModified is DateTime modified
                ? DateTime.SpecifyKind(modified.ToUniversalTime(), DateTimeKind.Utc)
                : null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, PathOf(fileName), "reading the time of");
        }
    }

    public void Delete(string fileName)
    {
        try
        {
            Run(() => _client.DeleteObjectAsync(S3.Bucket, S3.KeyOf(fileName), _cancellation));
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, PathOf(fileName), "deleting");
        }
    }

    public IReadOnlyList<PendingUpload>? ListPendingUploads(IOperationObserver observer)
    {
        var uploads = new List<PendingUpload>();
        var request = new ListMultipartUploadsRequest { BucketName = S3.Bucket, Prefix = S3.Prefix, Delimiter = "/" };
        try
        {
            ListMultipartUploadsResponse response;
            do
            {
                response = Run(() => _client.ListMultipartUploadsAsync(request, _cancellation));
                foreach (MultipartUpload upload in response.MultipartUploads ?? [])
                {
                    string name = upload.Key[S3.Prefix.Length..];
                    if (BackupNaming.IsArtifactName(name))
                    {
                        DateTime initiated = upload.Initiated is DateTime at ? at.ToUniversalTime() : DateTime.MinValue;
                        uploads.Add(new PendingUpload(name, upload.UploadId, DateTime.SpecifyKind(initiated, DateTimeKind.Utc)));
                    }
                }

                request.KeyMarker = response.NextKeyMarker;
                request.UploadIdMarker = response.NextUploadIdMarker;
            }
            while (response.IsTruncated == true);
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex) && !_cancellation.IsCancellationRequested)
        {
            observer.Verbose($"The store at '{Location}' did not list its unfinished multipart uploads ({S3Errors.Brief(ex)}), so they are neither shown nor cleaned up by OpsModule; a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes them.");
            return null;
        }

        return uploads;
    }

    public void AbortStaleUploads(IOperationObserver observer)
    {
        IReadOnlyList<PendingUpload>? uploads = ListPendingUploads(observer);
        if (uploads is null)
        {
            return;
        }

        DateTime cutoff = DateTime.UtcNow - Options.StaleUploadAge;
        foreach (PendingUpload upload in uploads.Where(u => u.Initiated < cutoff))
        {
            try
            {
                Run(() => _client.AbortMultipartUploadAsync(S3.Bucket, S3.KeyOf(upload.FileName), upload.UploadId, _cancellation));
                observer.Verbose($"Aborted the stale multipart upload of '{PathOf(upload.FileName)}' (started {upload.Initiated:u}, more than {Options.StaleUploadAge.TotalHours:0} hours ago): an earlier backup run left it unfinished.");
            }
            catch (Exception ex) when (S3Errors.IsRequestFailure(ex) && !_cancellation.IsCancellationRequested)
            {
                observer.Verbose($"Could not abort the stale multipart upload of '{PathOf(upload.FileName)}' ({S3Errors.Brief(ex)}); a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes it.");
            }
        }
    }

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

    /// <summary>An object's body; disposing it releases the HTTP response.</summary>
    private sealed class ResponseStream : ReadOnlyStream
    {
        private readonly GetObjectResponse _response;
        private readonly BodyReader _body;

        internal ResponseStream(GetObjectResponse response, string display, CancellationToken cancellation)
        {
            _response = response;
            _body = new BodyReader(response.ResponseStream, display, response, cancellation, asOpsError: true);
        }

        public override long Length => _response.ContentLength;

        public override int Read(Span<byte> buffer) => _body.Read(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _body.Dispose();
                _response.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Reads an object's body, each read bounded by the request timeout: the SDK's timeout ends when the response's headers
    /// have come, and an endpoint that stops sending the body (a hung server, a connection dropped without a reset) had held
    /// a restore or a verification for as long as it stalled. Such a read fails with a TimeoutException, or S3RequestFailed
    /// (OperationTimeout) when <c>asOpsError</c>.
    /// </summary>
    internal sealed class BodyReader(Stream body, string display, IDisposable response, CancellationToken cancellation, bool asOpsError = false) : ReadOnlyStream
    {
        private CancellationTokenSource _timer = new();

        public override int Read(Span<byte> buffer)
        {
            if (!_timer.TryReset())
            {
                _timer.Dispose();
                _timer = new CancellationTokenSource();
            }

            TimeSpan timeout = S3ClientFactory.RequestTimeout;
            _timer.CancelAfter(timeout);
            // The SDK's body streams do not all pass a cancellation on to the connection: the timer ends the response
            // instead, which makes the blocked read fail.
            using CancellationTokenRegistration abort = _timer.Token.Register(response.Dispose);
            // Ctrl+C (the call's cancellation) ends a stalled read too, not only the timer.
            using CancellationTokenRegistration stop = cancellation.Register(response.Dispose);
            try
            {
                return body.Read(buffer);
            }
            catch (Exception ex) when (cancellation.IsCancellationRequested && ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Http.HttpRequestException)
            {
                throw new OperationCanceledException(cancellation);
            }
            catch (Exception ex) when (_timer.IsCancellationRequested && ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Http.HttpRequestException)
            {
                // A TimeoutException for callers that catch request failures (and clean up); an S3RequestFailed error where the
                // body is read far from the store (a restore's staging, a verification).
                var timedOut = new TimeoutException($"no data came for {timeout.TotalSeconds:0.###} s", ex);
                throw asOpsError ? S3Errors.Translate(timedOut, display, "reading") : timedOut;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _timer.Dispose();
            }

            base.Dispose(disposing);
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
