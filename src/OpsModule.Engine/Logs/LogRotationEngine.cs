using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Logs;

/// <summary>What Invoke-LogRotation was asked to do.</summary>
public sealed class LogRotationOptions
{
    /// <summary>Rotate when the file is at least this many bytes.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Rotate when the last rotation (or, never rotated, the file's creation) is at least this long ago.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Remove rotations older than this.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Keep at most this many rotations.</summary>
    public int? Keep { get; init; }

    /// <summary>Copy the file and truncate it instead of renaming it.</summary>
    public bool CopyTruncate { get; init; }

    /// <summary>How long to wait for writers to close a renamed file before it is compressed.</summary>
    public TimeSpan WriterTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs right after a log was rotated (renamed with a new empty file in its place, or copied and truncated) and before
    /// the wait for writers to let go of the renamed file: the place to tell the writer to reopen its log (logrotate's
    /// postrotate). Given the live log's path; returns why it failed, or null.
    /// </summary>
    public Func<string, CancellationToken, string?>? AfterRotate { get; init; }
}

/// <summary>
/// Invoke-LogRotation's engine. Rotations of <c>app.log</c> are <c>app.log.1.gz</c> (newest), <c>app.log.2.gz</c>, ...
/// Every step is crash-safe: rotations are renumbered from the highest number down (so no two files ever claim
/// one number), a compressed copy is written under a temporary name, flushed and renamed before its source is
/// removed, and every run first finishes what an interrupted run left (a complete .gz beside its source, an
/// uncompressed rotation, temporary files).
/// </summary>
public sealed partial class LogRotationEngine
{
    /// <summary>The test pause point between a rotation's compressed copy being complete and its source being removed.</summary>
    internal const string BeforeRemovePoint = "logrotate-before-remove";

    /// <summary>The test pause point between the log's rename to its rotation .1 and the new log being put in place.</summary>
    internal const string BeforeCreatePoint = "logrotate-before-create";

    internal const string BeforeCatchUpPoint = "logrotate-before-catch-up";

    private readonly LogRotationOptions _options;
    private readonly IOperationObserver _observer;

    /// <summary>The rotation this run made that keeps the log's old time (<see cref="MarkRotationTime"/>): not pruned by age in this run.</summary>
    private string? _justRotated;

    /// <summary>Creates the engine.</summary>
    public LogRotationEngine(LogRotationOptions options, IOperationObserver observer)
    {
        _options = options;
        _observer = observer;
    }

    /// <summary>
    /// True for names that are no live log: rotations and temporary files (<c>app.log.3.gz</c>), compressed archives, logrotate's
    /// dateext rotations (<c>app.log-20261126</c>) and backups (<c>.bak</c>, <c>.old</c>, <c>~</c>), which -Path wildcards and piped
    /// files skip.
    /// </summary>
    public static bool IsRotation(string path) => RotationName().IsMatch(Path.GetFileName(path));

    /// <summary>
    /// Rotates one log file when a trigger applies, compresses and prunes its rotations. With
    /// <paramref name="dryRun"/> nothing changes and the actions that would run are returned.
    /// </summary>
    public IReadOnlyList<LogRotationAction> Run(string logFile, bool dryRun, Action<LogRotationAction> onAction, CancellationToken cancellationToken)
    {
        var actions = new List<LogRotationAction>();
        void Report(LogRotationAction action)
        {
            // A warning about a step after the action (a failed -PostRotate, a writer that kept the rotation open) does not
            // undo it: such an action says Completed itself.
            action.Completed = !dryRun && (action.Completed || action.Severity == Severity.Ok);
            actions.Add(action);
            onAction(action);
        }

        if (Directory.Exists(logFile))
        {
            throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, logFile,
                $"'{logFile}' is a folder; give the log files in it (for example '{Path.Combine(logFile, "*.log")}').");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(logFile))!;
        if (!Directory.Exists(folder))
        {
            throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, logFile, $"Log file '{logFile}' does not exist (its folder '{folder}' does not exist).");
        }

        RefuseSymbolicLink(logFile);

        // Two runs on one log at once would take each other's half-done rotation for an interrupted one.
        using OperationLock? held = dryRun ? null : OperationLock.Acquire("logrotate|" + RealPath.Of(logFile), $"a rotation of '{logFile}'", logFile);
        try
        {
            bool recreated = RecreateLog(logFile, dryRun, Report, cancellationToken);
            Recover(logFile, dryRun, Report, cancellationToken);
            string? reason = recreated ? null : Trigger(logFile);
            if (reason is not null)
            {
                Rotate(logFile, reason, dryRun, Report, cancellationToken);
            }
            else
            {
                _observer.Verbose($"'{logFile}': no rotation needed.");
            }

            Prune(logFile, dryRun, reason is not null, Report);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new OpsException(ErrorIds.LogRotationFailed, ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError, logFile,
                $"Rotating '{logFile}' failed: {Messages.Sentence(ex.Message)} Files already rotated are complete; run again to finish.", ex);
        }

        return actions;
    }

    /// <summary>
    /// A log that is a symbolic link is refused, as logrotate refuses it: renaming the link would leave its target
    /// (where the writer writes) growing forever and put a plain file where the link was.
    /// </summary>
    private static void RefuseSymbolicLink(string logFile)
    {
        var info = new FileInfo(logFile);
        if (info.Exists && info.LinkTarget is string target)
        {
            throw new OpsException(ErrorIds.LogRotationFailed, OpsErrorCategory.InvalidOperation, logFile,
                $"'{logFile}' is a symbolic link to '{target}'; a link is not rotated (renaming it would not rotate the file the writer writes). Rotate the file it points to instead.");
        }
    }

    private string? Trigger(string logFile)
    {
        var info = new FileInfo(logFile);
        if (!info.Exists)
        {
            throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, logFile, $"Log file '{logFile}' does not exist.");
        }

        if (info.Length == 0)
        {
            return null;
        }

        if (_options.MaxSize is long max && info.Length >= max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Size {info.Length} bytes >= MaxSize {max}");
        }

        if (_options.Interval is TimeSpan interval)
        {
            Rotation? newest = Rotations(logFile).OrderBy(r => r.Number).FirstOrDefault();
            DateTime since = newest is not null ? File.GetLastWriteTimeUtc(newest.Path) : UnixFile.CreatedUtc(logFile);
            TimeSpan age = DateTime.UtcNow - since;
            if (age >= interval)
            {
                return $"Last rotated {FormatSpan(age)} ago >= Interval {FormatSpan(interval)}";
            }

            // A last rotation dated in the future (the clock was set back, or a copy kept a future time) would stop
            // -Interval rotations until the clock caught up: rotate, and the new rotation carries today's time.
            if (age < -TimeSpan.FromMinutes(5))
            {
                return $"Last rotation dated {FormatSpan(-age)} in the future (was the clock set back?); Interval {FormatSpan(interval)}";
            }
        }

        return null;
    }

    /// <summary>
    /// Finishes a rotation stopped between the rename of the log to its rotation .1 and the new log: only
    /// <c>app.log.1</c> is left, and the writer (if it reopens by name) has nowhere to go. The new log is put in place
    /// like the old one and the post-rotate step runs; Recover then compresses the rotation. True when it did (or, in a
    /// dry run, would do) that: the new log is empty, so nothing is to be rotated.
    /// </summary>
    private bool RecreateLog(string logFile, bool dryRun, Action<LogRotationAction> report, CancellationToken cancellationToken)
    {
        string first = logFile + ".1";
        if (File.Exists(logFile) || Directory.Exists(logFile) || !File.Exists(first) || new FileInfo(first).LinkTarget is not null)
        {
            return false;
        }

        const string Why = "An interrupted rotation renamed the log to its rotation .1 but did not put the new log in place; created it like the old one";
        if (dryRun)
        {
            report(new LogRotationAction { LogFile = logFile, Action = "Recover", Source = first, Destination = logFile, Reason = Why });
            return true;
        }

        CreateLike(logFile, first);
        _observer.Verbose($"Created '{logFile}' like '{first}', which an interrupted rotation left without a new log.");
        string? failed = AfterRotate(logFile, cancellationToken);
        // Recover compresses the rotation once its writer let go (or leaves it, with a warning, for the next run).
        WaitForWriters(first, cancellationToken);
        report(new LogRotationAction { LogFile = logFile, Action = "Recover", Source = first, Destination = logFile, Reason = Why + failed, Severity = failed is null ? Severity.Ok : Severity.Warning, Completed = true });
        return true;
    }

    /// <summary>Finishes what an interrupted run left behind.</summary>
    private void Recover(string logFile, bool dryRun, Action<LogRotationAction> report, CancellationToken cancellationToken)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(logFile))!;
        string name = Path.GetFileName(logFile);
        string first = logFile + ".1";
        // Only this log's own temporary names (app.log.1.gz.tmp-..., and app.log.tmp-..., the new log before it is linked
        // into place): the log 'app' must not take 'app.log.1.gz.tmp-...', the in-flight copy of a rotation of 'app.log'
        // that another run is writing.
        var own = new Regex("^" + Regex.Escape(name) + @"(\.[1-9][0-9]{0,5}\.gz)?\.tmp-[0-9a-f]{8}$", RegexOptions.CultureInvariant);
        foreach (string temp in FilesStartingWith(folder, name + "."))
        {
            if (!own.IsMatch(Path.GetFileName(temp)))
            {
                continue;
            }

            _observer.Verbose(dryRun ? $"Would remove '{temp}', left by an interrupted rotation." : $"Removing '{temp}', left by an interrupted rotation.");
            if (!dryRun)
            {
                File.Delete(temp);
            }
        }

        foreach (IGrouping<int, Rotation> number in Rotations(logFile).GroupBy(r => r.Number).OrderBy(g => g.Key))
        {
            Rotation? plain = number.FirstOrDefault(r => !r.Compressed);
            if (plain is null)
            {
                continue;
            }

            Rotation? compressed = number.FirstOrDefault(r => r.Compressed);
            string gz = plain.Path + ".gz";
            long size = new FileInfo(plain.Path).Length;
            Comparison comparison = compressed is null ? Comparison.Different : Compare(compressed.Path, plain.Path);
            if (comparison == Comparison.Same)
            {
                // Interrupted after the compressed copy was complete: only the removal is missing.
                if (!dryRun)
                {
                    File.Delete(plain.Path);
                    DurableMove.FlushFolder(folder);
                }

                report(new LogRotationAction { LogFile = logFile, Action = "Recover", Source = plain.Path, Destination = gz, Size = size, Reason = "An interrupted rotation left a complete compressed copy; removed the uncompressed original" });
                continue;
            }

            if (IsOpenByAnotherProcess(plain.Path))
            {
                if (!dryRun)
                {
                    _observer.Warning($"'{plain.Path}' stays uncompressed: a process still has it open (a writer that was not told to reopen its log; see -PostRotate). A later run compresses it.");
                }

                report(new LogRotationAction { LogFile = logFile, Action = "Compress", Source = plain.Path, Destination = gz, Size = size, Reason = "A process still has the rotated file open; left uncompressed for the next run", Severity = Severity.Warning });
                continue;
            }

            if (compressed is not null && comparison == Comparison.Different)
            {
                // Both hold content the other does not: neither may be removed or overwritten.
                throw new OpsException(ErrorIds.LogRotationFailed, OpsErrorCategory.InvalidData, logFile,
                    $"'{plain.Path}' and '{compressed.Path}' claim the same rotation number but hold different content; neither was changed. Move one of them away (look at both first), then run again.");
            }

            if (!dryRun)
            {
                // An incomplete compressed copy holds only a part of the uncompressed file: it is replaced.
                Compress(plain.Path, gz, cancellationToken, overwrite: compressed is not null);
                File.Delete(plain.Path);
                DurableMove.FlushFolder(folder);
            }

            report(new LogRotationAction { LogFile = logFile, Action = "Compress", Source = plain.Path, Destination = gz, Size = size, Reason = compressed is null ? "Rotated file not yet compressed" : "The compressed copy of an interrupted rotation was incomplete; compressed again" });
        }
    }

    private void Rotate(string logFile, string reason, bool dryRun, Action<LogRotationAction> report, CancellationToken cancellationToken)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(logFile))!;
        string first = logFile + ".1";
        string firstGz = first + ".gz";
        long size = new FileInfo(logFile).Length;
        if (dryRun)
        {
            report(new LogRotationAction { LogFile = logFile, Action = "Rotate", Source = logFile, Destination = firstGz, Size = size, Reason = reason + (_options.CopyTruncate ? " (copy and truncate)" : " (rename)") });
            return;
        }

        if (_options.CopyTruncate)
        {
            FileStream live;
            try
            {
                live = new FileStream(logFile, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (UnauthorizedAccessException)
            {
                throw new OpsException(ErrorIds.LogRotationFailed, OpsErrorCategory.PermissionDenied, logFile,
                    $"'{logFile}' was not rotated: -CopyTruncate reads the log and then empties it in place, and this account may not read and write it. Nothing was changed. Run as the log's owner or as root.");
            }

            using (live)
            {
                // The older rotations move up first, as logrotate does, so that the window in which a writer's lines are lost
                // (from the end of the copy to the truncation) holds one rename, however many rotations there are. A copy
                // that then fails (disk full) leaves number 1 free, and the next run moves nothing up again.
                Renumber(logFile);
                string copy = CompressToTemp(live, firstGz, logFile, cancellationToken);
                try
                {
                    // What the writer appended while the copy was compressed and flushed to disk (a flush that takes as long as
                    // the copy is large) goes into the copy as a gzip member of its own, flushed again: only what it appends after
                    // the last of these catch-ups, during the rename and the truncation, is lost.
                    TestHook.Pause(BeforeCatchUpPoint, cancellationToken);
                    for (int round = 0; round < 3 && live.Length > live.Position; round++)
                    {
                        AppendMember(live, copy, cancellationToken);
                    }

                    DurableMove.Move(copy, firstGz, overwrite: false);
                }
                catch
                {
                    File.Delete(copy);
                    throw;
                }

                live.SetLength(0);
                live.Flush(flushToDisk: true);
            }

            string? hookFailed = AfterRotate(logFile, cancellationToken);
            report(new LogRotationAction { LogFile = logFile, Action = "Rotate", Source = logFile, Destination = firstGz, Size = size, Reason = reason + " (copied and truncated)" + hookFailed, Severity = hookFailed is null ? Severity.Ok : Severity.Warning, Completed = true });
            return;
        }

        // Everything that can be refused is tried before the rename, so that a run that may not finish never leaves the
        // log renamed away with no new one in its place: the log must be readable (to compress it), and the new log is
        // made, with the old one's owner, group and mode, under a temporary name first.
        RefuseUnreadable(logFile);
        string? newLog = PrepareNewLog(logFile);
        try
        {
            Renumber(logFile);
            DurableMove.Move(logFile, first, overwrite: false);
            TestHook.Pause(BeforeCreatePoint, cancellationToken);
            PlaceNewLog(newLog, logFile, first);
        }
        finally
        {
            if (newLog is not null)
            {
                File.Delete(newLog);
            }
        }

        MarkRotationTime(first);
        _observer.Verbose($"Renamed '{logFile}' to '{first}'.");
        string? failed = AfterRotate(logFile, cancellationToken);
        if (!WaitForWriters(first, cancellationToken))
        {
            _observer.Warning($"'{first}' stays uncompressed: a process still had it open after {FormatSpan(_options.WriterTimeout)} (a writer that was not told to reopen its log; see -PostRotate). A later run compresses it.");
            report(new LogRotationAction { LogFile = logFile, Action = "Rotate", Source = logFile, Destination = first, Size = size, Reason = reason + $" (renamed; a process still had it open after {FormatSpan(_options.WriterTimeout)}, so it stays uncompressed until the next run)" + failed, Severity = Severity.Warning, Completed = true });
            return;
        }

        // A rotation that kept the log's old time (this account may not set it) gets the time of the rotation on its compressed copy, which is this account's.
        Compress(first, firstGz, cancellationToken, writtenUtc: string.Equals(_justRotated, first, StringComparison.Ordinal) ? DateTime.UtcNow : null);
        TestHook.Pause(BeforeRemovePoint, cancellationToken);
        File.Delete(first);
        DurableMove.FlushFolder(folder);
        report(new LogRotationAction { LogFile = logFile, Action = "Rotate", Source = logFile, Destination = firstGz, Size = size, Reason = reason + " (renamed)" + failed, Severity = failed is null ? Severity.Ok : Severity.Warning, Completed = true });
    }

    /// <summary>Runs the post-rotate step, if any; a failure is a warning (the rotation itself is done) and the returned reason suffix.</summary>
    private string? AfterRotate(string logFile, CancellationToken cancellationToken)
    {
        if (_options.AfterRotate is null)
        {
            return null;
        }

        string? failure = _options.AfterRotate(logFile, cancellationToken);
        if (failure is null)
        {
            _observer.Verbose($"Ran the post-rotate step for '{logFile}'.");
            return null;
        }

        _observer.Warning($"The post-rotate step for '{logFile}' failed: {failure} The log was rotated; a writer that was to reopen it may still write to the rotation.");
        return $"; the post-rotate step failed: {failure}";
    }

    /// <summary>The first number no rotation has: the rotations below it move up when a new one is made.</summary>
    private static int FirstFreeNumber(IEnumerable<Rotation> rotations)
    {
        var numbers = rotations.Select(r => r.Number).ToHashSet();
        int free = 1;
        while (numbers.Contains(free))
        {
            free++;
        }

        return free;
    }

    /// <summary>
    /// Frees number 1 for the new rotation: the rotations numbered 1, 2, ... up to the first free number move up by one,
    /// from the highest down; rotations past a gap keep their numbers. Nothing is removed here: what falls beyond -Keep is
    /// pruned once the new rotation is complete, so a rotation that fails (a copy on a full disk) loses no older one.
    /// </summary>
    private void Renumber(string logFile)
    {
        List<Rotation> all = Rotations(logFile).ToList();
        int free = FirstFreeNumber(all);
        foreach (Rotation r in all.Where(r => r.Number < free).OrderByDescending(r => r.Number))
        {
            string target = string.Create(CultureInfo.InvariantCulture, $"{logFile}.{r.Number + 1}{(r.Compressed ? ".gz" : string.Empty)}");
            DurableMove.Move(r.Path, target, overwrite: false);
        }

        if (_options.Keep is 0)
        {
            _observer.Verbose($"'{logFile}': Keep 0, the rotated content is discarded.");
        }
    }

    private void Prune(string logFile, bool dryRun, bool rotating, Action<LogRotationAction> report)
    {
        DateTime now = DateTime.UtcNow;
        List<Rotation> rotations = Rotations(logFile).ToList();
        int free = FirstFreeNumber(rotations);
        var candidates = new List<(string Path, int Number, DateTime Written)>();
        if (dryRun && rotating)
        {
            // The planned rotation is one of them (number 0 here: it takes number 1 when the others move up), made just
            // before the prune: -Keep 0 or -MaxAge 0s removes it in the real run too.
            candidates.Add((logFile, 0, now.AddTicks(-1)));
        }

        foreach (IGrouping<int, Rotation> number in rotations.GroupBy(r => r.Number))
        {
            Rotation? compressed = number.FirstOrDefault(r => r.Compressed);
            if (compressed is not null)
            {
                candidates.Add((compressed.Path, number.Key, File.GetLastWriteTimeUtc(compressed.Path)));
            }
            else if (dryRun && !IsOpenByAnotherProcess(number.First().Path))
            {
                // The plan's Recover compresses this one first, keeping its time: it is pruned as the .gz it becomes.
                candidates.Add((number.First().Path + ".gz", number.Key, File.GetLastWriteTimeUtc(number.First().Path)));
            }
        }

        foreach ((string path, int current, DateTime written) in candidates.OrderBy(c => c.Number))
        {
            // In a dry run the numbers (and names) are those after the planned rotation moved the rotations before the
            // first free number up.
            bool moves = dryRun && rotating && current < free;
            int number = moves ? current + 1 : current;
            string shown = moves ? string.Create(CultureInfo.InvariantCulture, $"{logFile}.{number}.gz") : path;
            string? why = null;
            if (_options.Keep is int keep && number > keep)
            {
                why = $"Beyond Keep {keep}";
            }
            else if (_options.MaxAge is TimeSpan maxAge && now - written > maxAge && !(number == 1 && string.Equals(_justRotated, logFile + ".1", StringComparison.Ordinal)))
            {
                why = $"Older than MaxAge {FormatSpan(maxAge)}";
            }

            if (why is null)
            {
                if (!dryRun && _options.MaxAge is not null && written - now > TimeSpan.FromMinutes(5))
                {
                    // Its age cannot be told (the clock was set back when it was made, or a copy kept a future time): kept,
                    // and said, as -MaxAge alone would keep it until the clock caught up (helper-112).
                    _observer.Warning($"'{shown}' is dated {FormatSpan(written - now)} in the future (was the clock set back?), so -MaxAge cannot tell its age: it is kept. Remove it, or set its time (touch), if it is old; -Keep still counts it.");
                }

                continue;
            }

            var file = new FileInfo(path);
            long size = file.Exists ? file.Length : new FileInfo(path[..^3]).Length;
            if (!dryRun)
            {
                File.Delete(path);
            }

            report(new LogRotationAction { LogFile = logFile, Action = "Remove", Source = shown, Size = size, Reason = why });
        }
    }

    /// <summary>Writes <paramref name="destination"/> (gzip) from <paramref name="source"/> under a temporary name, flushed, then renamed, with the source's modification time.</summary>
    private static void Compress(string source, string destination, CancellationToken cancellationToken, bool overwrite = false, DateTime? writtenUtc = null)
    {
        string temp;
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            // As gzip does, the compressed copy keeps the rotated file's time: -Interval and -MaxAge count from the
            // rotation, not from a later run that finished the compression.
            temp = CompressToTemp(input, destination, source, cancellationToken, writtenUtc ?? File.GetLastWriteTimeUtc(source));
        }

        try
        {
            DurableMove.Move(temp, destination, overwrite);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Appends what <paramref name="input"/> holds past its position to the gzip file <paramref name="gz"/> as a member of its
    /// own (gzip, zcat and Measure-LogErrors read a file's members one after another), flushed to disk.
    /// </summary>
    private static void AppendMember(Stream input, string gz, CancellationToken cancellationToken)
    {
        using var output = new FileStream(gz, FileMode.Append, FileAccess.Write, FileShare.None);
        WriteMember(input, output, CompressionLevel.Fastest, cancellationToken);
    }

    /// <summary>Writes what <paramref name="input"/> holds from its position on into <paramref name="output"/> as one gzip member, then flushes it to disk.</summary>
    private static void WriteMember(Stream input, FileStream output, CompressionLevel level, CancellationToken cancellationToken)
    {
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                gzip.Write(buffer, 0, read);
            }
        }

        output.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Compresses <paramref name="input"/> into a new temporary file beside <paramref name="destination"/>, flushed to disk,
    /// with the owner, group and mode of <paramref name="source"/> from its creation (a private log stays private); returns its path.
    /// </summary>
    private static string CompressToTemp(Stream input, string destination, string source, CancellationToken cancellationToken, DateTime? writtenUtc = null)
    {
        string temp = destination + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        UnixFile.Facts facts = UnixFile.Stat(source);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (OperatingSystem.IsLinux() && facts.Known && facts.Kind == UnixFile.Kind.Regular)
        {
            create.UnixCreateMode = facts.Mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }

        try
        {
            using (var output = new FileStream(temp, create))
            {
                WriteMember(input, output, CompressionLevel.Optimal, cancellationToken);
            }

            // The time and then the owner last: once the file is given away, only its new owner (or root) may set its time.
            if (writtenUtc is DateTime written)
            {
                File.SetLastWriteTimeUtc(temp, written);
            }

            GiveOwnership(facts, temp);
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Gives <paramref name="path"/> the owner, group and mode of the file it stands for (as logrotate's create does): a
    /// writer running as the log's owner can reopen the new file, and a rotation is no more readable than its log. Only
    /// root can give a file away; for anyone else the file stays theirs, with the mode copied.
    /// </summary>
    private static void GiveOwnership(UnixFile.Facts facts, string path)
    {
        if (!OperatingSystem.IsLinux() || !facts.Known || facts.Kind != UnixFile.Kind.Regular)
        {
            return;
        }

        try
        {
            UnixFile.CopyOwnership(facts, path);
        }
        catch (UnauthorizedAccessException)
        {
            File.SetUnixFileMode(path, facts.Mode);
        }
    }

    private enum Comparison
    {
        /// <summary>The .gz holds exactly the plain file's bytes.</summary>
        Same,

        /// <summary>The .gz holds only a beginning of the plain file (cut short or damaged after it): nothing the plain file lacks.</summary>
        Incomplete,

        /// <summary>The .gz holds bytes the plain file does not.</summary>
        Different,
    }

    /// <summary>Compares the decompressed content of <paramref name="gz"/> with <paramref name="plain"/>.</summary>
    private static Comparison Compare(string gz, string plain)
    {
        using var a = new GZipStream(new FileStream(gz, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), CompressionMode.Decompress);
        using var b = new FileStream(plain, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[] x = new byte[1 << 16];
        byte[] y = new byte[1 << 16];
        while (true)
        {
            int n;
            try
            {
                n = a.ReadAtLeast(x, x.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException)
            {
                return Comparison.Incomplete;
            }

            int m = b.ReadAtLeast(y, y.Length, throwOnEndOfStream: false);
            int common = Math.Min(n, m);
            if (!x.AsSpan(0, common).SequenceEqual(y.AsSpan(0, common)) || n > m)
            {
                return Comparison.Different;
            }

            if (n < m)
            {
                return Comparison.Incomplete;
            }

            if (n == 0)
            {
                return Comparison.Same;
            }
        }
    }

    /// <summary>
    /// Puts the new, empty log file in place with the owner, group and mode of <paramref name="rotated"/> (the old log)
    /// from its first moment: it is made under a temporary name beside the log, given its owner and mode, then linked
    /// into place without replacing anything, so a writer running as the log's owner that reopens by name never finds
    /// a file it may not open, and a crash leaves either no new log or a complete one. A writer that reopened first
    /// created the log itself (with its own umask): that file is the same log and gets the old one's owner and mode.
    /// </summary>
    /// <summary>Refuses a log this account may not read: its rotation could not be compressed (nothing is renamed).</summary>
    private static void RefuseUnreadable(string logFile)
    {
        try
        {
            using (new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
            }
        }
        catch (UnauthorizedAccessException)
        {
            throw new OpsException(ErrorIds.LogRotationFailed, OpsErrorCategory.PermissionDenied, logFile,
                $"'{logFile}' was not rotated: this account may not read it, so its rotation could not be compressed. Nothing was renamed. Run as the log's owner or as root.");
        }
    }

    /// <summary>
    /// Makes the new log under a temporary name beside <paramref name="logFile"/>, with its owner, group and mode (Linux;
    /// null elsewhere). Refused (nothing renamed yet) when this account cannot give it that owner and group: a writer
    /// running as the old log's owner might not be able to open a new log that belongs to someone else.
    /// </summary>
    private string? PrepareNewLog(string logFile)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        UnixFile.Facts facts = UnixFile.Stat(logFile);
        string temp = NewLogTempName(logFile);
        try
        {
            MakeEmptyLike(facts, temp);
            UnixFile.Facts made = UnixFile.Stat(temp);
            if (facts.Known && facts.Kind == UnixFile.Kind.Regular && made.Known && made.Uid != facts.Uid)
            {
                throw new OpsException(ErrorIds.LogRotationFailed, OpsErrorCategory.PermissionDenied, logFile, string.Create(CultureInfo.InvariantCulture,
                    $"'{logFile}' was not rotated: it belongs to user {facts.Uid}, and this account cannot give a new log that owner, so a writer running as its owner might not be able to open the new log. Nothing was renamed. Run as root or as the log's owner, or use -CopyTruncate (the file stays the same)."));
            }

            if (facts.Known && facts.Kind == UnixFile.Kind.Regular && made.Known && made.Gid != facts.Gid)
            {
                // The owner, not in the log's group, may not give a file that group: the new log has the owner's group. A
                // writer running as the owner still opens it; one that writes only through the group does not.
                _observer.Warning(string.Create(CultureInfo.InvariantCulture,
                    $"The new '{logFile}' has group {made.Gid}, not the old log's {facts.Gid}: this account is not in that group, so it cannot give a file that group. A writer that writes to the log only through group {facts.Gid} cannot open the new log; run as root for such logs."));
            }

            return temp;
        }
        catch (UnauthorizedAccessException ex) when (!File.Exists(temp))
        {
            throw new OpsException(ErrorIds.LogRotationFailed, OpsErrorCategory.PermissionDenied, logFile,
                $"'{logFile}' was not rotated: this account may not create files in its folder '{Path.GetDirectoryName(Path.GetFullPath(logFile))}', where the new log (and the rotations) are made. Nothing was renamed. Run as the folder's owner or as root.", ex);
        }
        catch (IOException ex)
        {
            DeleteQuietly(temp);
            throw new OpsException(ErrorIds.LogRotationFailed, OpsErrorCategory.WriteError, logFile,
                $"'{logFile}' was not rotated: the new log could not be made beside it ({ex.Message.TrimEnd('.', ' ')}). Nothing was renamed.", ex);
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>The temporary name a new log is made under (<c>app.log.tmp-&lt;random&gt;</c>; an interrupted run's is removed by the next).</summary>
    private static string NewLogTempName(string logFile) => logFile + ".tmp-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Creates <paramref name="path"/> empty (owner-only while it is made), then gives it the mode, owner and group in <paramref name="facts"/> (Linux).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeEmptyLike(UnixFile.Facts facts, string path)
    {
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (new FileStream(path, create))
        {
            GiveOwnership(facts, path);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing was made, or nothing can be removed (a read-only file system): the next run removes its own leftovers.
        }
    }

    /// <summary>Puts the new log made by <see cref="PrepareNewLog"/> in place (on other systems, creates it).</summary>
    private void PlaceNewLog(string? newLog, string logFile, string rotated)
    {
        if (newLog is null)
        {
            CreateLike(logFile, rotated);
            return;
        }

        if (!DurableMove.TryMoveNoReplace(newLog, logFile))
        {
            MatchOwnership(logFile, UnixFile.Stat(rotated), "created by a writer that reopened it first");
        }
    }

    /// <summary>
    /// Gives the new rotation the time of the rotation, not the log's last write: -MaxAge and -Interval count from it (a quiet
    /// log's old time would have the new rotation pruned as older than -MaxAge in the same run). Only the owner (or root)
    /// may set a file's time: otherwise the rotation keeps the log's time, and this run does not prune it.
    /// </summary>
    private void MarkRotationTime(string rotated)
    {
        try
        {
            File.SetLastWriteTimeUtc(rotated, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            _justRotated = rotated;
            _observer.Verbose($"'{rotated}' keeps the log's last write time ({ex.Message}); it is not pruned in this run, and its compressed copy gets the time of the rotation.");
        }
    }

    private void CreateLike(string logFile, string rotated)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                using (new FileStream(logFile, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                }
            }
            catch (IOException) when (File.Exists(logFile))
            {
                // The writer reopened first and created it.
            }

            return;
        }

        UnixFile.Facts facts = UnixFile.Stat(rotated);
        string temp = NewLogTempName(logFile);
        try
        {
            MakeEmptyLike(facts, temp);
            if (DurableMove.TryMoveNoReplace(temp, logFile))
            {
                return;
            }
        }
        finally
        {
            File.Delete(temp);
        }

        MatchOwnership(logFile, facts, "created by a writer that reopened it first");
    }

    /// <summary>Gives an existing new log the old log's owner, group and mode when they differ; a failure is a warning.</summary>
    private void MatchOwnership(string logFile, UnixFile.Facts facts, string why)
    {
        UnixFile.Facts now = UnixFile.Stat(logFile);
        if (!facts.Known || facts.Kind != UnixFile.Kind.Regular || now.Kind != UnixFile.Kind.Regular || (now.Uid == facts.Uid && now.Gid == facts.Gid && now.Mode == facts.Mode))
        {
            return;
        }

        try
        {
            GiveOwnership(facts, logFile);
            _observer.Verbose(string.Create(CultureInfo.InvariantCulture, $"Gave '{logFile}' ({why}) the owner {facts.Uid}:{facts.Gid} and mode {Convert.ToString((int)facts.Mode, 8)} of the log it replaces."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _observer.Warning($"'{logFile}' ({why}) keeps its own owner and mode: {Messages.Sentence(ex.Message)} Give it the owner and mode of '{logFile}.1.gz'.");
        }
    }

    /// <summary>Waits until no process has the file open (Linux: /proc/*/fd); true when it is free.</summary>
    private bool WaitForWriters(string path, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + _options.WriterTimeout;
        while (IsOpenByAnotherProcess(path))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            _observer.Verbose($"Waiting for the writer of '{path}' to reopen its log file.");
            cancellationToken.WaitHandle.WaitOne(50);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return true;
    }

    private static bool IsOpenByAnotherProcess(string path)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/fd"))
        {
            return false;
        }

        // A descriptor is the file when it has the file's device and inode (the kernel resolves /proc/<pid>/fd/<n> to
        // the open file itself): the path in the link names the file as its process sees it, which differs for a log
        // reached through a bind mount or by a process in another mount namespace (a container with a volume). Where
        // the stat fails, the link's path is compared with the canonical path (a symlinked folder is resolved).
        string full = RealPath.Of(path);
        UnixFile.Facts file = UnixFile.Stat(path);
        bool byIdentity = file.Kind == UnixFile.Kind.Regular;
        string self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            string pid = Path.GetFileName(process);
            if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]) || pid == self)
            {
                continue;
            }

            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    if (string.Equals(new FileInfo(fd).LinkTarget, full, StringComparison.Ordinal))
                    {
                        return true;
                    }

                    if (byIdentity)
                    {
                        UnixFile.Facts open = UnixFile.Stat(fd);
                        if (open.Kind == UnixFile.Kind.Regular && open.Inode == file.Inode && open.DeviceMajor == file.DeviceMajor && open.DeviceMinor == file.DeviceMinor)
                        {
                            return true;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended, or its descriptors are not ours to see.
            }
        }

        return false;
    }

    private IEnumerable<Rotation> Rotations(string logFile)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(logFile))!;
        string name = Path.GetFileName(logFile);
        foreach (string file in FilesStartingWith(folder, name + "."))
        {
            string fileName = Path.GetFileName(file);
            if (fileName.Length <= name.Length + 1 || !fileName.StartsWith(name + ".", StringComparison.Ordinal))
            {
                continue;
            }

            string suffix = fileName[(name.Length + 1)..];
            bool compressed = suffix.EndsWith(".gz", StringComparison.Ordinal);
            string digits = compressed ? suffix[..^3] : suffix;
            // "app.log.01" is not rotation 1 (nor anyone's rotation: logrotate never pads), so it is left alone.
            if (digits.Length is > 0 and < 7 && digits[0] != '0' && digits.All(char.IsAsciiDigit) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0)
            {
                yield return new Rotation(file, number, compressed);
            }
        }
    }

    /// <summary>A message ending as a sentence does, so that the next one does not run into it.</summary>
    private static string FormatSpan(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0.#}d" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#}h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#}m" : $"{span.TotalSeconds:0.#}s";

    // Numbered rotations and our temporary files; compressed archives of any tool; logrotate's dateext names
    // (app.log-20261126, app.log-2026112604); backups (.bak, .old, ~).
    [GeneratedRegex(@"\.\d{1,6}(\.gz)?$|\.tmp-[0-9a-f]{8}$|\.(gz|bz2|xz|zst|lz4|zip|7z)$|-\d{8}(\d{2})?$|\.(bak|old|orig)$|~$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RotationName();

    private sealed record Rotation(string Path, int Number, bool Compressed);

    /// <summary>A folder's files as listed once, with the folder's modification time then.</summary>
    private sealed record Listing(DateTime Modified, DateTime Taken, string[] Files);

    private readonly Dictionary<string, Listing> _listings = new(StringComparer.Ordinal);

    /// <summary>
    /// The files of <paramref name="folder"/> whose names start with <paramref name="prefix"/>. A folder of thousands of
    /// logs was listed whole several times per log (the plan, recovery, renumbering, pruning): a run over 4,000 logs took 32 s
    /// and grew with the square of their number. The listing is kept while the folder's modification time is the one it had
    /// when listed; any file created, renamed or removed in it, by this run or another, changes that time, and the folder is
    /// listed again. As the kernel's folder times are coarse (a few milliseconds), a listing taken within a short margin of
    /// the folder's last change is not kept, and none is kept where the times are whole seconds.
    /// </summary>
    private IEnumerable<string> FilesStartingWith(string folder, string prefix)
    {
        DateTime modified = Directory.GetLastWriteTimeUtc(folder);
        if (!_listings.TryGetValue(folder, out Listing? listing) || !ListingStillHolds(listing.Modified, listing.Taken, modified))
        {
            listing = new Listing(modified, DateTime.UtcNow, Directory.GetFiles(folder));
            _listings[folder] = listing;
        }

        string start = Path.Combine(folder, prefix);
        foreach (string file in listing.Files)
        {
            if (file.StartsWith(start, StringComparison.Ordinal))
            {
                yield return file;
            }
        }
    }

    /// <summary>
    /// Whether a folder listed at <paramref name="taken"/>, when its modification time was <paramref name="listedModified"/>,
    /// is still as listed now that its time is <paramref name="modified"/>: the time unchanged, not changed within the margin
    /// before the listing (the kernel's folder times are coarse), and with a fraction of a second (a file system that stores
    /// whole seconds leaves the time unchanged by the changes within its second).
    /// </summary>
    internal static bool ListingStillHolds(DateTime listedModified, DateTime taken, DateTime modified) =>
        listedModified == modified && taken - modified >= ListingMargin && modified.Ticks % TimeSpan.TicksPerSecond != 0;

    private static readonly TimeSpan ListingMargin = TimeSpan.FromMilliseconds(100);
}
