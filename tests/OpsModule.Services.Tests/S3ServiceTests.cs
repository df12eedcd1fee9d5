using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace OpsModule.Services.Tests;

public class S3ServiceTests
{
    private const int ObjectLength = 20 * 1024 * 1024;

    [SkippableFact]
    public async Task Object_round_trips_byte_for_byte()
    {
        string? endpoint = Environment.GetEnvironmentVariable("OPS_TEST_S3_ENDPOINT");
        Skip.If(string.IsNullOrEmpty(endpoint), "OPS_TEST_S3_ENDPOINT is not set");

        // s3rver stores aws-chunked framing as data and checks no checksums: plain payloads only
        // (WHEN_REQUIRED here, UseChunkEncoding = false on the put).
        var config = new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var credentials = new BasicAWSCredentials(
            Environment.GetEnvironmentVariable("OPS_TEST_S3_ACCESS_KEY"),
            Environment.GetEnvironmentVariable("OPS_TEST_S3_SECRET_KEY"));
        using var client = new AmazonS3Client(credentials, config);

        string bucket = "smoke-" + Guid.NewGuid().ToString("N");
        const string key = "random.bin";
        byte[] data = RandomNumberGenerator.GetBytes(ObjectLength);
        string path = Path.Combine(Path.GetTempPath(), bucket + ".bin");
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        try
        {
            await File.WriteAllBytesAsync(path, data);
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                FilePath = path,
                UseChunkEncoding = false,
            });

            using var response = await client.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);

            // The exact length catches chunk framing stored as part of the object.
            Assert.Equal(ObjectLength, copy.Length);
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(copy.ToArray()));
        }
        finally
        {
            File.Delete(path);
            // Deleting a missing key succeeds in S3, so this also cleans up after a failed put.
            await client.DeleteObjectAsync(bucket, key);
            await client.DeleteBucketAsync(bucket);
        }
    }
}
