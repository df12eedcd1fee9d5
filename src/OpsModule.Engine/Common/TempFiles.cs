using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Common;

/// <summary>
/// Names and clean-up of in-flight files (<c>name.tmp-&lt;random&gt;</c>), which never count as backups.
/// A file is in flight when its own name ends in <c>.tmp-</c> and 12 hex digits; the folders above it do not matter.
/// </summary>
internal static partial class TempFiles
{
    internal const string Marker = ".tmp-";

    /// <summary>Owner read and write only (0600), for every file a backup creates.</summary>
    internal const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A new in-flight name beside <paramref name="finalPath"/>.</summary>
    internal static string NameFor(string finalPath) =>
        finalPath + Marker + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>True when the file name (not its folders) is an in-flight name made by <see cref="NameFor"/>.</summary>
    internal static bool IsInFlight(string path) => InFlightName().IsMatch(Path.GetFileName(path));

    /// <summary>
    /// Creates a new in-flight file beside <paramref name="finalPath"/>, readable by the owner only, and keeps it
    /// locked (an OS file lock, released by the kernel when the process dies) for as long as the stream is open:
    /// that lock is how a later run tells a live run's file from a dead run's (<see cref="RemoveAbandoned"/>).
    /// </summary>
    /// <param name="finalPath">The name the in-flight name is made from.</param>
    /// <param name="path">The in-flight file created.</param>
    /// <param name="bufferSize">The stream's buffer (0 for none).</param>
    /// <param name="openedByAnother">
    /// Another program opens the file too (SQLite a staging copy, pg_dump a passfile, pg_restore a spool file). On Unix
    /// that changes nothing (the lock taken here is advisory and not the one they take); Windows must then let them
    /// read and write, and a file open there cannot be deleted by another run anyway.
    /// </param>
    /// <param name="fileOptions">More options (DeleteOnClose for a file that never outlives its stream).</param>
    internal static FileStream CreateOwned(string finalPath, out string path, int bufferSize = 1 << 20, bool openedByAnother = false, FileOptions fileOptions = FileOptions.None)
    {
        for (int attempt = 0; ; attempt++)
        {
            string candidate = NameFor(finalPath);
            FileStream stream;
            try
            {
                FileStreamOptions options = Options(FileMode.CreateNew, bufferSize);
                options.Options = fileOptions;
                if (openedByAnother && OperatingSystem.IsWindows())
                {
                    options.Share = FileShare.ReadWrite;
                }

                stream = new FileStream(candidate, options);
            }
            catch (IOException) when (attempt < 5)
            {
                // Another run's clean-up took the lock between our create and our lock: it removes that file (it may
                // already be gone, so this must not depend on the file still being there). A new name is tried.
                continue;
            }

            if (!File.Exists(candidate))
            {
                // Removed by another run's clean-up before we held the lock: this handle is an orphan.
                stream.Dispose();
                if (attempt < 5)
                {
                    continue;
                }

                throw new IOException($"The in-flight file '{candidate}' vanished as it was created.");
            }

            path = candidate;
            return stream;
        }
    }

    /// <summary>
    /// Removes in-flight files in <paramref name="folder"/> whose owner is gone (no process holds their lock) and
    /// whose names <paramref name="isOurs"/> accepts. Returns how many it removed; never throws.
    /// </summary>
    internal static int RemoveAbandoned(string folder, Func<string, bool> isOurs)
    {
        int removed = 0;
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "*" + Marker + "*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (string file in files)
        {
            if (!IsInFlight(file) || !isOurs(Path.GetFileName(file)))
            {
                continue;
            }

            try
            {
                // Opens only when no live process holds the file (its owner died): delete it while we hold it.
                using var probe = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Delete);
                File.Delete(file);
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Alive, or not ours to remove.
            }
        }

        foreach (string file in files)
        {
            // SQLite's journal, WAL and shared memory of an in-flight database copy (a killed restore's) go with it.
            Match sidecar = InFlightSidecar().Match(Path.GetFileName(file));
            string main = sidecar.Success ? file[..^sidecar.Groups["suffix"].Length] : string.Empty;
            if (sidecar.Success && !File.Exists(main) && isOurs(Path.GetFileName(main)))
            {
                TryDelete(file);
                removed += File.Exists(file) ? 0 : 1;
            }
        }

        return removed;
    }

    /// <summary>
    /// Removes the files in <paramref name="folder"/> matching <paramref name="searchPattern"/> that
    /// <paramref name="isOurs"/> accepts and that nobody wrote to for <paramref name="age"/>: leftovers named by
    /// earlier versions, which held no lock a later run could test, so that only their age tells a dead run's file
    /// from a live one's. Returns how many it removed; never throws.
    /// </summary>
    internal static int RemoveOlderThan(string folder, string searchPattern, Func<string, bool> isOurs, TimeSpan age)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, searchPattern);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        int removed = 0;
        DateTime before = DateTime.UtcNow - age;
        foreach (string file in files)
        {
            if (!isOurs(Path.GetFileName(file)) || new FileInfo(file) is not { Exists: true, LinkTarget: null } info || info.LastWriteTimeUtc > before)
            {
                continue;
            }

            TryDelete(file);
            removed += File.Exists(file) ? 0 : 1;
        }

        return removed;
    }

    /// <summary>Closes an in-flight file's stream (a failing flush is ignored) and deletes it.</summary>
    internal static void Discard(Stream? stream, string? path)
    {
        try
        {
            stream?.Dispose();
        }
        catch (IOException)
        {
            // A flush that fails (disk full) still closes the handle; the file goes anyway.
        }
        finally
        {
            TryDelete(path);
        }
    }

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

    /// <summary>Options for a file only this process uses: exclusive (locked) and 0600 on Unix.</summary>
    internal static FileStreamOptions Options(FileMode mode, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return options;
    }

    [GeneratedRegex(@"\.tmp-[0-9a-f]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InFlightName();

    [GeneratedRegex(@"\.tmp-[0-9a-f]{12}(?<suffix>-journal|-wal|-shm)\z", RegexOptions.CultureInvariant)]
    private static partial Regex InFlightSidecar();
}
