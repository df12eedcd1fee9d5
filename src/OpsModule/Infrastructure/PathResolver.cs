using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace OpsModule.Infrastructure;

/// <summary>
/// Resolves -Path / -LiteralPath / -Destination against PowerShell's current location (not the process's),
/// on the FileSystem provider only, reporting unresolvable paths as per-item errors.
/// </summary>
internal static class PathResolver
{
    /// <summary>Resolves database paths; a path that matches nothing is a non-terminating SourceNotFound error.</summary>
    internal static IEnumerable<string> ResolveFiles(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
    {
        var resolved = new List<string>();
        foreach (string path in paths)
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                resolved.Add(ResolveLiteral(cmdlet, literal ? path : WildcardPattern.Unescape(path)));
                continue;
            }

            try
            {
                Collection<string> matches = cmdlet.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                EnsureFileSystem(cmdlet, provider, path);
                if (matches.Count == 0)
                {
                    // As Get-Item does: a wildcard that matches nothing is an error for that path, not silent success.
                    cmdlet.WriteError(new ErrorRecord(
                        new ItemNotFoundException($"No file matches '{Shown(path)}'. Check the path, or use -LiteralPath for names with wildcard characters."),
                        ErrorIds.SourceNotFound,
                        ErrorCategory.ObjectNotFound,
                        Shown(path)));
                }

                resolved.AddRange(matches);
            }
            catch (Exception ex) when (ex is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException)
            {
                cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException(Shown(ex.Message)), ErrorIds.SourceNotFound, ErrorCategory.ObjectNotFound, Shown(path)));
            }
        }

        return resolved;
    }

    /// <summary>A path taken literally, made absolute against the current PowerShell location.</summary>
    internal static string ResolveLiteral(PSCmdlet cmdlet, string path)
    {
        string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
        EnsureFileSystem(cmdlet, provider, path);
        return resolved;
    }

    /// <summary>
    /// A backup location, artifact or destination that is not s3:// (those do not come here): a local path, refused when it
    /// is an s3:// location with a slash or colon missing.
    /// </summary>
    internal static string ResolveBackupPath(PSCmdlet cmdlet, string path)
    {
        RefuseMistypedS3(cmdlet, path);
        RefuseForeignScheme(cmdlet, path);
        return ResolveLiteral(cmdlet, path);
    }

    /// <summary>
    /// Refuses a URI other than s3:// (gs://bucket, https://host/x, ftp://host/x): PowerShell would look for a drive named
    /// after the scheme ("Cannot find drive. A drive with the name 'gs' does not exist."). A PowerShell drive of that name
    /// is the user's, and a one-letter scheme is a Windows drive (C://backups): both stay paths.
    /// </summary>
    private static void RefuseForeignScheme(PSCmdlet cmdlet, string path)
    {
        if (ForeignSchemeOf(cmdlet, path) is string scheme)
        {
            cmdlet.ThrowTerminatingError(OpsCmdlet.ToErrorRecord(Engine.Storage.BackupStores.ForeignSchemeError(path, scheme)));
        }
    }

    /// <summary>The scheme of a location that is a URI other than s3:// and names no PowerShell drive of this session, or null.</summary>
    internal static string? ForeignSchemeOf(PSCmdlet cmdlet, string path) =>
        Engine.Storage.BackupStores.ForeignScheme(path) is string scheme
            && !cmdlet.SessionState.Drive.GetAll().Any(d => string.Equals(d.Name, scheme, StringComparison.OrdinalIgnoreCase))
            ? scheme
            : null;

    /// <summary>
    /// Refuses a local path that is an s3:// location with a slash or colon missing (s3:/bucket, s3:bucket, s3//bucket):
    /// PowerShell would look for a drive named s3, or the backup would go to a local folder named s3.
    /// </summary>
    private static void RefuseMistypedS3(PSCmdlet cmdlet, string path)
    {
        string trimmed = path.TrimStart();
        bool mistyped = trimmed.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("s3//", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("s3\\\\", StringComparison.OrdinalIgnoreCase);
        bool drive = trimmed.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) && cmdlet.SessionState.Drive.GetAll().Any(d => string.Equals(d.Name, "s3", StringComparison.OrdinalIgnoreCase));
        if (mistyped && !drive && !trimmed.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            // Shown as the s3:// URI it was meant to be, so that a key and secret in it are masked (s3:KEY:SECRET@bucket).
            string meant = Shown("s3://" + trimmed[2..].TrimStart(':', '/', '\\'));
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{meant.Replace("s3://", "s3:", StringComparison.Ordinal)}' looks like an S3 location with a slash or colon missing. Write it as {meant} (or ./ before it for a local folder named s3)."),
                ErrorIds.InvalidArgument,
                ErrorCategory.InvalidArgument,
                meant));
        }
    }

    /// <summary>A path as errors show it: a connection string or URI typed where a path goes keeps no password.</summary>
    private static string Shown(string path) => Engine.Common.Redaction.Redact(path);

    private static void EnsureFileSystem(PSCmdlet cmdlet, ProviderInfo provider, string path)
    {
        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{Shown(path)}' is on the {provider.Name} provider; OpsModule works with files only."),
                ErrorIds.InvalidArgument,
                ErrorCategory.InvalidArgument,
                Shown(path)));
        }
    }
}
