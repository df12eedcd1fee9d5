using System;
using System.IO;
using System.Security.Cryptography;

namespace OpsModule.Engine.Common;

/// <summary>Names and clean-up of in-flight files (<c>name.tmp-&lt;random&gt;</c>), which never count as backups.</summary>
internal static class TempFiles
{
    internal const string Marker = ".tmp-";

    /// <summary>A new in-flight name beside <paramref name="finalPath"/>.</summary>
    internal static string NameFor(string finalPath) =>
        finalPath + Marker + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>Deletes a file if it exists, ignoring failures (used in finally blocks).</summary>
    internal static void TryDelete(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
