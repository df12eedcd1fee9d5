using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace OpsModule.Engine.Storage.S3;

/// <summary>
/// Builds the S3 client for a set of <see cref="S3Options"/>: explicit keys, else a named profile, else the SDK's
/// standard credential chain (environment, shared files, SSO, container and instance roles). A custom endpoint
/// gets path-style addressing and checksums only where S3 requires them, which S3-compatible stores need.
/// Secrets never reach a message.
/// </summary>
internal static class S3ClientFactory
{
    /// <summary>The signing region for a custom endpoint when none is given.</summary>
    internal const string DefaultEndpointRegion = "us-east-1";

    /// <summary>
    /// How long one S3 request may take (an 8 MiB part at 50 KB/s); OPSMODULE_S3_TIMEOUT (seconds) sets another, for
    /// slower links or larger -PartSize.
    /// </summary>
    internal static TimeSpan RequestTimeout =>
        double.TryParse(Environment.GetEnvironmentVariable("OPSMODULE_S3_TIMEOUT")?.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
            && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(3);

    internal static AmazonS3Client Create(S3Options options)
    {
        var config = new AmazonS3Config
        {
            // OpsModule verifies every artifact by SHA-256 itself; the SDK's default trailing checksums need
            // aws-chunked bodies, which S3-compatible stores often mishandle.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,

            // Every request ends: an endpoint that stops answering (a hung server, a dropped connection without a reset)
            // had held a backup for as long as it stalled, and with it PostgreSQL's snapshot transaction.
            Timeout = RequestTimeout,
        };

        if (!string.IsNullOrWhiteSpace(options.EndpointUrl))
        {
            if (!Uri.TryCreate(options.EndpointUrl, UriKind.Absolute, out Uri? endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw Invalid(options.EndpointUrl, $"The endpoint URL '{options.EndpointUrl}' is not an http:// or https:// URL.");
            }

            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(options.Region) ? DefaultEndpointRegion : options.Region;
        }
        else if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        try
        {
            AWSCredentials? credentials = Credentials(options);
            return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
        }
        catch (AmazonClientException ex)
        {
            throw new OpsException(
                ErrorIds.S3RequestFailed,
                OpsErrorCategory.InvalidArgument,
                options.EndpointUrl ?? options.Region,
                $"Cannot set up the S3 client: {ex.Message.TrimEnd('.')}. Give -Region (or set AWS_REGION), or -EndpointUrl for an S3-compatible store (MinIO, Ceph, ...), and credentials (-AccessKey/-SecretKey, -ProfileName, or the standard AWS credential chain). A backup piped from Get-DatabaseBackup or Backup-Database needs these options again on the cmdlet it is piped into.",
                ex);
        }
    }

    /// <summary>Explicit keys, a named profile, or null for the SDK's default chain.</summary>
    private static AWSCredentials? Credentials(S3Options options)
    {
        bool hasAccess = !string.IsNullOrEmpty(options.AccessKey);
        bool hasSecret = !string.IsNullOrEmpty(options.SecretKey);
        if (hasAccess != hasSecret)
        {
            throw Invalid("AccessKey", "-AccessKey and -SecretKey go together: give both, or neither to use a profile or the standard AWS credential chain.");
        }

        if (hasAccess)
        {
            return new BasicAWSCredentials(options.AccessKey, options.SecretKey);
        }

        if (!string.IsNullOrEmpty(options.ProfileName))
        {
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(options.ProfileName, out AWSCredentials? profile))
            {
                return profile;
            }

            throw Invalid(options.ProfileName, $"The AWS profile '{options.ProfileName}' was not found in the shared credentials or config file.");
        }

        return null;
    }

    private static OpsException Invalid(string target, string message) =>
        new(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, target, message);
}
