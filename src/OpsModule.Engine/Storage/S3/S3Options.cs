using System;

namespace OpsModule.Engine.Storage.S3;

/// <summary>Server-side encryption S3 applies to the objects it stores.</summary>
internal enum ServerSideEncryptionMode
{
    /// <summary>Whatever the bucket's default is (no header sent).</summary>
    None = 0,

    /// <summary>SSE-S3: <c>x-amz-server-side-encryption: AES256</c>.</summary>
    Aes256,

    /// <summary>SSE-KMS: <c>x-amz-server-side-encryption: aws:kms</c>, optionally with a key id.</summary>
    AwsKms,
}

/// <summary>
/// How to reach S3 and how to write to it. The connection options follow AWS Tools for PowerShell's names;
/// without keys or a profile the SDK's standard credential chain is used.
/// </summary>
internal sealed class S3Options
{
    /// <summary>The default multipart part size (8 MiB: bounded memory, few requests).</summary>
    internal const int DefaultPartSize = 8 * 1024 * 1024;

    /// <summary>S3's minimum size of every part but the last.</summary>
    internal const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>The AWS region (e.g. eu-west-1); for a custom endpoint the signing region (default us-east-1).</summary>
    internal string? Region { get; set; }

    /// <summary>An S3-compatible endpoint (MinIO, Ceph, s3rver); path-style addressing is used with it.</summary>
    internal string? EndpointUrl { get; set; }

    /// <summary>A named profile of the shared AWS credentials/config files.</summary>
    internal string? ProfileName { get; set; }

    /// <summary>An access key id (with <see cref="SecretKey"/>).</summary>
    internal string? AccessKey { get; set; }

    /// <summary>The secret access key. Never logged, never in an error.</summary>
    internal string? SecretKey { get; set; }

    /// <summary>Server-side encryption to request for every object written.</summary>
    internal ServerSideEncryptionMode ServerSideEncryption { get; set; }

    /// <summary>The KMS key id or ARN for SSE-KMS (null: the account's default aws/s3 key).</summary>
    internal string? KmsKeyId { get; set; }

    /// <summary>Bytes per multipart part; artifacts up to one part are a single PutObject.</summary>
    internal int PartSize { get; set; } = DefaultPartSize;

    /// <summary>
    /// How old an unfinished multipart upload must be before a backup run aborts it as stale (default two days: far
    /// longer than any upload takes, so a running backup's upload is never touched).
    /// </summary>
    internal TimeSpan StaleUploadAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Read each artifact back after upload and compare its size and SHA-256 (default on).</summary>
    internal bool VerifyAfterUpload { get; set; } = true;

    /// <summary>
    /// For tests only: send aws-chunked bodies (the SDK's default), which s3rver stores with their framing,
    /// to prove that read-back verification catches a store that corrupts uploads.
    /// </summary>
    internal bool UseChunkEncoding { get; set; }

    /// <summary>The manifest's name for the server-side encryption mode (null when none).</summary>
    internal string? ServerSideEncryptionName => ServerSideEncryption switch
    {
        ServerSideEncryptionMode.Aes256 => "AES256",
        ServerSideEncryptionMode.AwsKms => "aws:kms",
        _ => null,
    };
}
