using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
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
                        new ItemNotFoundException($"No file matches '{path}'. Check the path, or use -LiteralPath for names with wildcard characters."),
                        ErrorIds.SourceNotFound,
                        ErrorCategory.ObjectNotFound,
                        path));
                }

                resolved.AddRange(matches);
            }
            catch (Exception ex) when (ex is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException)
            {
                cmdlet.WriteError(new ErrorRecord(ex, ErrorIds.SourceNotFound, ErrorCategory.ObjectNotFound, path));
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

    /// <summary>The backup destination folder; S3 destinations are not available in this version.</summary>
    internal static string ResolveDestination(PSCmdlet cmdlet, string destination)
    {
        if (destination.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new PSNotSupportedException($"'{destination}': S3 destinations are not supported by this version of OpsModule yet. Back up to a folder."),
                ErrorIds.InvalidArgument,
                ErrorCategory.InvalidArgument,
                destination));
        }

        return ResolveLiteral(cmdlet, destination);
    }

    private static void EnsureFileSystem(PSCmdlet cmdlet, ProviderInfo provider, string path)
    {
        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{path}' is on the {provider.Name} provider; OpsModule works with files only."),
                ErrorIds.InvalidArgument,
                ErrorCategory.InvalidArgument,
                path));
        }
    }
}
