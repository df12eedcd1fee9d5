using System;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Storage.S3;

/// <summary>A backup location in S3: <c>s3://bucket/prefix</c> (the prefix may be empty).</summary>
internal sealed class S3BackupLocation
{
    internal const string Scheme = "s3://";

    private S3BackupLocation(string bucket, string prefix)
    {
        Bucket = bucket;
        Prefix = prefix;
    }

    /// <summary>The bucket's name.</summary>
    internal string Bucket { get; }

    /// <summary>The key prefix, without leading slash, ending with '/' unless empty.</summary>
    internal string Prefix { get; }

    /// <summary>True when <paramref name="location"/> names S3 (starts with <c>s3://</c>).</summary>
    internal static bool IsS3(string location) => location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket/prefix</c>; a malformed location is an InvalidArgument error.</summary>
    internal static S3BackupLocation Parse(string location)
    {
        if (!IsS3(location))
        {
            throw Invalid(location, "it does not start with s3://");
        }

        string rest = location[Scheme.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (bucket.Contains('@', StringComparison.Ordinal))
        {
            throw Invalid(location, "it holds user information (name:secret@) before the bucket; give credentials with -AccessKey and -SecretKey, -ProfileName or the AWS credential chain");
        }

        if (bucket.Length is < 3 or > 63)
        {
            throw Invalid(location, "the bucket name must have 3 to 63 characters");
        }

        foreach (char c in bucket)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
            {
                throw Invalid(location, $"the bucket name may hold only lower-case letters, digits, '-' and '.' (found '{c}')");
            }
        }

        return new S3BackupLocation(bucket, prefix.Length == 0 ? string.Empty : prefix + "/");
    }

    /// <summary>Splits the URI of one file (<c>s3://bucket/prefix/name</c>) into its location and its name.</summary>
    internal static (string Location, string FileName) SplitFile(string uri)
    {
        int slash = uri.LastIndexOf('/');
        if (slash < Scheme.Length || slash == uri.Length - 1)
        {
            throw Invalid(uri, "it names no object");
        }

        return (uri[..slash], uri[(slash + 1)..]);
    }

    /// <summary>The object key of a file of this location.</summary>
    internal string KeyOf(string fileName) => Prefix + fileName;

    /// <summary>The <c>s3://</c> URI of a file of this location.</summary>
    internal string UriOf(string fileName) => Scheme + Bucket + "/" + KeyOf(fileName);

    /// <summary>The location as a URI, without a trailing slash.</summary>
    public override string ToString() => Scheme + Bucket + (Prefix.Length == 0 ? string.Empty : "/" + Prefix.TrimEnd('/'));

    /// <summary>The refusal, with any secret the location holds (s3://key:secret@bucket) masked in its message and target.</summary>
    private static OpsException Invalid(string location, string why) => new(
        ErrorIds.InvalidArgument,
        OpsErrorCategory.InvalidArgument,
        Redaction.Redact(location),
        $"The S3 location '{Redaction.Redact(location)}' is not valid: {why}. Use s3://bucket/prefix.");
}
