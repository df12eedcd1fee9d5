using System;
using System.Diagnostics;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage.S3;

namespace OpsModule.Engine.Health.Checks;

/// <summary>S3: HeadBucket answers (the bucket exists and the credentials may read it), with its latency against the ResponseTime thresholds.</summary>
internal sealed class S3HealthCheck : IHealthCheck
{
    private readonly string _bucket;
    private readonly string? _endpoint;
    private readonly string? _region;
    private readonly string? _profile;
    private readonly string? _accessKey;
    private readonly string? _secretKey;
    private readonly Threshold _responseTime;

    internal S3HealthCheck(HealthOptions options)
    {
        string bucket = options.Target("Bucket", "S3");
        _bucket = bucket.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? bucket[5..].Split('/')[0] : bucket;
        if (_bucket.Length == 0)
        {
            throw new HealthDefinitionException($"'{bucket}' names no bucket.");
        }

        _endpoint = options.String("EndpointUrl");
        _region = options.String("Region");
        _profile = options.String("ProfileName");
        _accessKey = options.String("AccessKey");
        _secretKey = options.String("SecretKey");
        if ((_accessKey is null) != (_secretKey is null))
        {
            throw new HealthDefinitionException("AccessKey and SecretKey go together.");
        }

        Target = "s3://" + _bucket + (_endpoint is null ? string.Empty : $" at {Redaction.Redact(_endpoint)}");
        _responseTime = Threshold.Duration(options, "ResponseTime", "HeadBucket time");
    }

    public string Kind => "S3";

    public string Target { get; }

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var config = new AmazonS3Config { MaxErrorRetry = 0 };
        if (_endpoint is not null)
        {
            // S3-compatible stores: path-style addressing and checksums only when required (see toolchain-facts).
            config.ServiceURL = _endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = _region ?? "us-east-1";
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        else if (_region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(_region);
        }

        AWSCredentials? credentials = null;
        if (_accessKey is not null)
        {
            credentials = new BasicAWSCredentials(_accessKey, _secretKey);
        }
        else if (_profile is not null && !new CredentialProfileStoreChain().TryGetAWSCredentials(_profile, out credentials))
        {
            return CheckOutcome.Failed($"no AWS profile named '{_profile}'", HealthStatus.Unknown);
        }

        using AmazonS3Client client = credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
        Stopwatch clock = Stopwatch.StartNew();
        try
        {
            await client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex)
        {
            // Access denied (a wrong or unknown key, a policy without s3:ListBucket) is the check's own credentials refused:
            // the check could not run, so the bucket's health is Unknown; a missing bucket or a server error is Unhealthy.
            bool refused = ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
            string reason = ex.StatusCode switch
            {
                HttpStatusCode.NotFound => "the bucket does not exist",
                _ when refused => $"the check could not run: access denied ({(int)ex.StatusCode}{(string.IsNullOrEmpty(ex.ErrorCode) ? string.Empty : " " + ex.ErrorCode)}; check the credentials and the bucket policy)",
                _ => $"{(int)ex.StatusCode} {ex.ErrorCode} {ex.Message}".Trim(),
            };
            var failed = CheckOutcome.Failed($"HeadBucket {_bucket}: {reason}", refused ? HealthStatus.Unknown : HealthStatus.Unhealthy);
            failed.Data["StatusCode"] = (int)ex.StatusCode;
            return failed;
        }
        catch (AmazonServiceException ex)
        {
            return CheckOutcome.Failed($"HeadBucket {_bucket} failed: {Redaction.Secret(ex.Message, _secretKey)}");
        }
        catch (AmazonClientException ex) when (S3Errors.IsMissingCredentials(ex))
        {
            return CheckOutcome.Failed($"HeadBucket {_bucket}: the check could not run: {S3Errors.MissingCredentials}", HealthStatus.Unknown);
        }
        catch (AmazonClientException ex)
        {
            return CheckOutcome.Failed($"HeadBucket {_bucket} failed: {Redaction.Secret(ex.Message, _secretKey)}");
        }

        TimeSpan elapsed = clock.Elapsed;
        var outcome = new CheckOutcome { ResponseTime = elapsed };
        outcome.Measure("ResponseTimeMs", Math.Round(elapsed.TotalMilliseconds, 1), elapsed.TotalSeconds, _responseTime);
        outcome.Summary = $"bucket '{_bucket}' answered HeadBucket in {Threshold.FormatSeconds(elapsed.TotalSeconds)}";
        return outcome;
    }
}
