using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;

namespace OpsModule.Engine.Storage.S3;

/// <summary>Turns SDK and network failures into S3RequestFailed errors that say what failed, on what, and what to do.</summary>
internal static class S3Errors
{
    /// <summary>True for exceptions an S3 call raises when the request failed (not a programming error).</summary>
    internal static bool IsRequestFailure(Exception ex) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or System.IO.IOException
            || (ex is TimeoutException) || (ex is OperationCanceledException oce && oce.InnerException is TimeoutException);

    internal static OpsException Translate(Exception ex, string target, string doing, string errorId = ErrorIds.S3RequestFailed)
    {
        string detail;
        OpsErrorCategory category;
        if (ex is AmazonS3Exception s3)
        {
            detail = $"S3 answered {(int)s3.StatusCode} {s3.ErrorCode}: {s3.Message}";
            category = s3.StatusCode switch
            {
                HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => OpsErrorCategory.PermissionDenied,
                HttpStatusCode.NotFound => OpsErrorCategory.ObjectNotFound,
                _ => OpsErrorCategory.ConnectionError,
            };
        }
        else if (IsMissingCredentials(ex))
        {
            // The SDK's text lists each provider it tried, one exception each: say what is missing instead.
            detail = MissingCredentials;
            category = OpsErrorCategory.PermissionDenied;
        }
        else if (IsTimeout(ex))
        {
            detail = string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "the endpoint did not answer within {0:0.###} s, or stopped sending for as long (the timeout of one S3 request or read; OPSMODULE_S3_TIMEOUT sets another, in seconds)",
                S3ClientFactory.RequestTimeout.TotalSeconds);
            category = OpsErrorCategory.OperationTimeout;
        }
        else
        {
            detail = Innermost(ex).Message;
            category = OpsErrorCategory.ConnectionError;
        }

        string hint = category switch
        {
            OpsErrorCategory.PermissionDenied => "Check the credentials and that they may read and write this bucket and prefix.",
            OpsErrorCategory.ObjectNotFound => "Check the bucket name and prefix.",
            _ => "Check that the endpoint is reachable and retry.",
        };
        string stop = detail.TrimEnd().EndsWith('.') ? string.Empty : ".";
        return new OpsException(errorId, category, target, $"S3 request failed while {doing} '{target}': {detail.TrimEnd()}{stop} {hint}", ex);
    }

    /// <summary>True when the request ran out of its timeout (the SDK's HTTP client cancels it: no caller asked to stop).</summary>
    private static bool IsTimeout(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A short reason for a verbose message: the S3 status and error code, or the network failure.</summary>
    internal static string Brief(Exception ex) =>
        ex is AmazonS3Exception s3 ? $"S3 answered {(int)s3.StatusCode} {s3.ErrorCode}" : Innermost(ex).Message;

    /// <summary>What to say when the SDK found no credentials (its own text lists each provider it tried).</summary>
    internal const string MissingCredentials = "no AWS credentials were found (none given with -AccessKey/-SecretKey or -ProfileName, none in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the shared credentials file or an instance role).";

    /// <summary>True when <paramref name="ex"/> (or an exception inside it) is the SDK finding no credentials anywhere.</summary>
    internal static bool IsMissingCredentials(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is AmazonClientException && current.Message.StartsWith("Failed to resolve AWS credentials", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception ex)
    {
        Exception current = ex;
        while (current.InnerException is not null && current is not HttpRequestException)
        {
            current = current.InnerException;
        }

        return current;
    }
}
