using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Storage.S3;

/// <summary>
/// One artifact streaming into S3. Bytes collect in a single part-sized buffer; each full buffer becomes one
/// UploadPart (the upload starts with the first full part, so a small artifact is a single PutObject). Commit
/// uploads the rest, completes the upload and, unless turned off, reads the object back: its size and SHA-256
/// must match what was written, else the object is deleted and the backup fails. Disposing without Commit aborts
/// the multipart upload (best effort: some S3-compatible stores cannot abort; a later run can clean it up).
/// An object is never overwritten: the name is checked when the object is started (and again before a multipart
/// upload completes); when a backup already has it, the next free sequence number is used, as the local store does.
/// The requests also carry <c>If-None-Match: *</c>, which S3 itself enforces (stores that ignore it rely on the checks).
/// </summary>
internal sealed class S3ArtifactWriter : IArtifactWriter
{
    private const int MaxSequence = 1000;

    private readonly S3BackupStore _store;
    private readonly string _requested;
    private readonly UploadStream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<PartETag> _parts = [];
    private string _fileName;
    private string _key;
    private string? _uploadId;
    private long _length;

    internal S3ArtifactWriter(S3BackupStore store, string fileName)
    {
        _store = store;
        _requested = fileName;
        _fileName = fileName;
        _key = store.S3.KeyOf(fileName);
        _stream = new UploadStream(this, store.Options.PartSize);
    }

    public Stream Stream => _stream;

    /// <summary>How the artifact was stored: a single PutObject or a multipart upload of N parts.</summary>
    public string? CommitNote => _parts.Count == 0
        ? "with a single PutObject"
        : string.Format(CultureInfo.InvariantCulture, "as a multipart upload of {0} parts", _parts.Count);

    private string DisplayUri => _store.PathOf(_fileName);

    /// <summary>Completes the upload under the name asked for, or the next free one when a backup has it, and returns it.</summary>
    public string Commit()
    {
        try
        {
            if (_uploadId is null)
            {
                PutWhole();
            }
            else
            {
                if (_stream.Buffer.Length > 0)
                {
                    UploadPart();
                }

                // The key of a multipart upload is fixed when it starts: if another backup took the name since, this
                // one fails rather than overwrite it (the parts are aborted on dispose).
                if (IsTaken(_fileName))
                {
                    throw NameTaken();
                }

                try
                {
                    S3BackupStore.Run(() => _store.Client.CompleteMultipartUploadAsync(
                        new CompleteMultipartUploadRequest { BucketName = _store.S3.Bucket, Key = _key, UploadId = _uploadId, PartETags = _parts, IfNoneMatch = "*" },
                        _store.Cancellation));
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    throw NameTaken();
                }

                _uploadId = null;
            }
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, DisplayUri, "uploading");
        }

        if (_store.Options.VerifyAfterUpload)
        {
            VerifyStoredObject();
        }

        return _fileName;
    }

    public void Dispose()
    {
        _hash.Dispose();
        _stream.Dispose();
        if (_uploadId is not null)
        {
            try
            {
                S3BackupStore.Run(() => _store.Client.AbortMultipartUploadAsync(_store.S3.Bucket, _key, _uploadId, System.Threading.CancellationToken.None));
            }
            catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
            {
                // The store is unreachable or cannot abort (s3rver): the parts never form an object, and nothing
                // without a manifest counts as a backup; a later run or a bucket lifecycle rule removes them.
            }
        }
    }

    /// <summary>Uploads a small artifact with one PutObject under the first free name.</summary>
    private void PutWhole()
    {
        for (int sequence = 1; ; sequence++)
        {
            if (!Choose(sequence))
            {
                continue;
            }

            _stream.Buffer.Position = 0;
            PutObjectRequest put = _store.NewPut(_key, _stream.Buffer, sse: true);
            put.IfNoneMatch = "*";
            try
            {
                S3BackupStore.Run(() => _store.Client.PutObjectAsync(put, _store.Cancellation));
                return;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed && sequence < MaxSequence)
            {
                // Created by another backup between the check and the PUT: the store refused to overwrite it.
            }
        }
    }

    /// <summary>Takes the name with this sequence number when no backup has it (artifact or manifest); false when taken.</summary>
    private bool Choose(int sequence)
    {
        if (sequence > MaxSequence)
        {
            throw NameTaken();
        }

        string name = BackupNaming.WithSequence(_requested, sequence);
        if (IsTaken(name))
        {
            return false;
        }

        _fileName = name;
        _key = _store.S3.KeyOf(name);
        return true;
    }

    private bool IsTaken(string name) => _store.SizeOf(name) >= 0 || _store.SizeOf(name + BackupManifest.Suffix) >= 0;

    private OpsException NameTaken() => new(
        ErrorIds.OperationInProgress,
        OpsErrorCategory.ResourceBusy,
        DisplayUri,
        $"Another backup wrote '{DisplayUri}' while this one was uploading under that name. Nothing was overwritten and this upload was discarded; run the backup again.");

    /// <summary>Reads the object back and compares its size and SHA-256 with what was written.</summary>
    private void VerifyStoredObject()
    {
        string expected = Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();
        long storedLength;
        string actual;
        try
        {
            using GetObjectResponse response = S3BackupStore.Run(() => _store.Client.GetObjectAsync(_store.S3.Bucket, _key, _store.Cancellation));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var body = new S3BackupStore.BodyReader(response.ResponseStream, DisplayUri, response, _store.Cancellation);
            storedLength = ReadAll(body, hash);
            actual = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            _store.TryDelete(_key[_store.S3.Prefix.Length..]);
            throw S3Errors.Translate(ex, DisplayUri, "reading back for verification");
        }

        if (storedLength != _length || !string.Equals(actual, expected, StringComparison.Ordinal))
        {
            _store.TryDelete(_key[_store.S3.Prefix.Length..]);
            throw new OpsException(
                ErrorIds.BackupChecksumMismatch,
                OpsErrorCategory.InvalidData,
                DisplayUri,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "The store kept different bytes than were uploaded to '{0}' (sent {1:N0} bytes, SHA-256 {2}; read back {3:N0} bytes, SHA-256 {4}). The object was removed and no backup was recorded. Check the endpoint (an S3-compatible store that mishandles aws-chunked uploads does this) and retry.",
                    DisplayUri,
                    _length,
                    expected,
                    storedLength,
                    actual));
        }
    }

    private long ReadAll(Stream stream, IncrementalHash hash)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            _store.Cancellation.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return total;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        _length += data.Length;
    }

    /// <summary>Uploads the buffered part, starting the multipart upload first when needed.</summary>
    private void UploadPart()
    {
        try
        {
            if (_uploadId is null)
            {
                for (int sequence = 1; !Choose(sequence); sequence++)
                {
                }

                var initiate = new InitiateMultipartUploadRequest { BucketName = _store.S3.Bucket, Key = _key };
                _store.ApplyEncryption(initiate);
                _uploadId = S3BackupStore.Run(() => _store.Client.InitiateMultipartUploadAsync(initiate, _store.Cancellation)).UploadId;
            }

            int partNumber = _parts.Count + 1;
            MemoryStream buffer = _stream.Buffer;
            buffer.Position = 0;
            UploadPartResponse response = S3BackupStore.Run(() => _store.Client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = _store.S3.Bucket,
                    Key = _key,
                    UploadId = _uploadId,
                    PartNumber = partNumber,
                    InputStream = buffer,
                    PartSize = buffer.Length,
                    UseChunkEncoding = _store.Options.UseChunkEncoding,
                },
                _store.Cancellation));
            _parts.Add(new PartETag(partNumber, response.ETag));
            buffer.SetLength(0);
            TestHook.Pause("s3-after-part-" + partNumber.ToString(CultureInfo.InvariantCulture), _store.Cancellation);
        }
        catch (Exception ex) when (S3Errors.IsRequestFailure(ex))
        {
            throw S3Errors.Translate(ex, DisplayUri, "uploading a part of");
        }
    }

    /// <summary>The write-only stream the artifact's bytes go into; holds at most one part in memory.</summary>
    private sealed class UploadStream : Stream
    {
        private readonly S3ArtifactWriter _writer;
        private readonly int _partSize;

        internal UploadStream(S3ArtifactWriter writer, int partSize)
        {
            _writer = writer;
            _partSize = partSize;
            Buffer = new MemoryStream();
        }

        internal MemoryStream Buffer { get; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _writer._length;

        public override long Position
        {
            get => _writer._length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                int room = _partSize - (int)Buffer.Length;
                int take = Math.Min(room, buffer.Length);
                Buffer.Write(buffer[..take]);
                _writer.Append(buffer[..take]);
                buffer = buffer[take..];
                if (Buffer.Length == _partSize)
                {
                    _writer.UploadPart();
                }
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Buffer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
