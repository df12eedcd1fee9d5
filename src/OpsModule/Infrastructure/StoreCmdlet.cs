using System.IO;
using System.Management.Automation;
using System.Security;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Storage.S3;

namespace OpsModule.Infrastructure;

/// <summary>
/// Cmdlets that read or write a backup location: the S3 connection options (AWS Tools for PowerShell's names;
/// without keys or a profile the standard AWS credential chain is used) and the client-side encryption key.
/// </summary>
public abstract class StoreCmdlet : OpsCmdlet
{
    #region Parameters

    /// <summary>The AWS region of the bucket (for -EndpointUrl, the signing region; default us-east-1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>An S3-compatible endpoint (MinIO, Ceph, R2...); path-style addressing is used with it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EndpointUrl { get; set; }

    /// <summary>A profile of the shared AWS credentials/config files.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>An AWS access key id (with -SecretKey).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>The AWS secret access key (with -AccessKey). Never shown in output, verbose text or errors.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    #endregion

    /// <summary>The S3 options from the parameters.</summary>
    internal S3Options BuildS3Options() => new()
    {
        Region = Region,
        EndpointUrl = EndpointUrl,
        ProfileName = ProfileName,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        UseChunkEncoding = Engine.Common.TestHook.ForceS3ChunkEncoding,
    };

    /// <summary>An -EncryptionKey value (a key file's path or a SecureString) as a key, or null; a bad key ends the call.</summary>
    internal EncryptionKey? LoadEncryptionKey(object? given)
    {
        object? value = given is PSObject wrapped ? wrapped.BaseObject : given;
        try
        {
            return value switch
            {
                null => null,
                SecureString secure => Engine.Encryption.EncryptionKey.FromSecureString(secure),
                string path => Engine.Encryption.EncryptionKey.FromFile(PathResolver.ResolveLiteral(this, path)),
                FileInfo file => Engine.Encryption.EncryptionKey.FromFile(file.FullName),
                _ => throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, "EncryptionKey", "-EncryptionKey takes a key file's path or a SecureString."),
            };
        }
        catch (OpsException ex)
        {
            ThrowOpsError(ex);
            return null;
        }
    }

    /// <summary>True for s3:// locations (not resolved as PowerShell paths).</summary>
    internal static bool IsS3(string location) => S3BackupLocation.IsS3(location);

    /// <summary>
    /// A local backup location must be an existing folder: a mistyped one is SourceNotFound, not an empty list
    /// (which would look like "no backups"). An s3:// location is checked by its requests.
    /// </summary>
    internal static void RequireFolder(string location)
    {
        if (!IsS3(location) && !Directory.Exists(location))
        {
            throw new OpsException(
                ErrorIds.SourceNotFound,
                OpsErrorCategory.ObjectNotFound,
                location,
                File.Exists(location)
                    ? $"The backup location '{location}' is a file, not a folder. Give the folder that holds the backups."
                    : $"The backup location '{location}' does not exist. Check the path.");
        }
    }
}
