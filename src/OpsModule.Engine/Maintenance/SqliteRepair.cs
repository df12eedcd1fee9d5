using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Sqlite;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// Repair-Database's engine: salvages a damaged SQLite database into a new file beside it (sqlite3's .recover
/// when the CLI is on PATH and can do it, else every readable row, table by table), checks the copy, and swaps it
/// in only when asked, keeping the damaged file as <c>&lt;name&gt;.corrupt-&lt;stamp&gt;</c>. The damaged file is
/// only ever read until the swap. The salvaged copy holds the same rows, so it is readable by its owner only until
/// the swap gives it the damaged file's owner, group and mode.
/// </summary>
public sealed class SqliteRepair
{
    private readonly IOperationObserver _observer;

    /// <summary>Creates the engine.</summary>
    public SqliteRepair(IOperationObserver observer) => _observer = observer;


    /// <summary>The name the salvaged copy gets: <c>&lt;name&gt;.recovered-&lt;stamp&gt;&lt;ext&gt;</c> beside the source.</summary>
    public static string RecoveredName(string source, DateTime stamp, int serial = 1) => Path.Combine(
        Path.GetDirectoryName(source)!,
        Path.GetFileNameWithoutExtension(source) + ".recovered-" + stamp.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)
            + (serial > 1 ? "-" + serial.ToString(CultureInfo.InvariantCulture) : string.Empty) + Path.GetExtension(source));

    /// <summary>Salvages <paramref name="source"/> into a new file and checks it; the source is not changed.</summary>
    public Task<RepairResult> SalvageAsync(string source, string? sqlite3, CancellationToken cancellationToken) => SalvageAsync(source, sqlite3, force: true, keep: true, cancellationToken);

    /// <summary>The result for a database that passes integrity_check (nothing to repair, Method "none"), or null when it needs salvaging.</summary>
    public Task<RepairResult?> SoundAsync(string source, CancellationToken cancellationToken) =>
        Task.Run(() => Reading(source, readFrom => Sound(source, readFrom)), CancellationToken.None);

    /// <summary>
    /// As <see cref="SalvageAsync(string, string?, CancellationToken)"/>, but unless <paramref name="force"/> a database that passes
    /// <c>PRAGMA integrity_check</c> is left alone: the result has Method "none" and no salvaged copy. Without
    /// <paramref name="keep"/> (-WhatIf) the salvaged copy is only checked and counted, then removed: RecoveredDatabase is empty.
    /// </summary>
    public Task<RepairResult> SalvageAsync(string source, string? sqlite3, bool force, bool keep, CancellationToken cancellationToken) =>
        Task.Run(
            () => Reading(source, readFrom => force ? Salvage(source, readFrom, sqlite3, keep, cancellationToken) : Sound(source, readFrom) ?? Salvage(source, readFrom, sqlite3, keep, cancellationToken)),
            CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="work"/> on the file to read: the database, or a copy with its hot journal rolled back (removed
    /// after); SQLite's own exceptions become errors that say what failed, to which file, and what to do.
    /// </summary>
    private T Reading<T>(string source, Func<string, T> work)
    {
        string? rolledBack = null;
        FileStream? copyLock = null;
        try
        {
            SqliteFile.EnsureReadableDatabase(source, "Repair-Database", "read access to the file and write access to its folder (for the salvaged copy)");
            rolledBack = RolledBackCopy(source, out copyLock);
            return work(rolledBack ?? source);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, source);
        }
        finally
        {
            copyLock?.Dispose();
            if (rolledBack is not null)
            {
                SqliteFile.TryDeleteWithSidecars(rolledBack);
                TryDeleteFolder(Path.GetDirectoryName(rolledBack)!);
            }
        }
    }

    private static OpsException Translate(SqliteException ex, string source) => ex.SqliteErrorCode switch
    {
        5 or 6 => SqliteFile.Translate(ex, source, "salvaging it"),
        26 => SqliteFile.Translate(ex, source, "salvaging it"),
        SqliteFile.DiskFull => new OpsException(
            ErrorIds.RestoreTargetNotWritable,
            OpsErrorCategory.WriteError,
            Path.GetDirectoryName(source),
            $"The disk of '{Path.GetDirectoryName(source)}' filled up while the salvaged copy of '{source}' was written there ({ex.Message}); nothing was changed. The copy needs about the database's size free ({(File.Exists(source) ? new FileInfo(source).Length : 0):N0} bytes). Free space there and run Repair-Database again.",
            ex),
        _ => new OpsException(
            ErrorIds.RepairFailed,
            OpsErrorCategory.InvalidOperation,
            source,
            $"Salvaging '{source}' failed: {ex.Message} (SQLite error {ex.SqliteErrorCode}). The database was not changed; restore a backup, or copy the file to another machine and run Repair-Database there.",
            ex),
    };

    /// <summary>
    /// The result for a database that passes integrity_check (nothing to repair), or null when it does not or cannot be
    /// checked; <paramref name="readFrom"/> is the file read (a copy with its hot journal rolled back, or the database).
    /// </summary>
    private RepairResult? Sound(string source, string readFrom)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using SqliteConnection connection = SqliteFile.Open(readFrom, SqliteOpenMode.ReadOnly);
            if (SqliteFile.IntegrityProblems(connection) is not null)
            {
                return null;
            }

            bool rolledBack = readFrom != source;
            _observer.Verbose($"'{source}' passes integrity_check{(rolledBack ? " once its hot journal is rolled back" : string.Empty)}: nothing to repair (-Force salvages it anyway).");
            return new RepairResult
            {
                Database = Path.GetFileNameWithoutExtension(source),
                Source = source,
                Method = RepairResult.NothingToRepair,
                TableCounts = SqliteFile.CountRows(connection),
                IntegrityOk = true,
                Detail = rolledBack
                    ? $"integrity_check ok once its hot journal is rolled back: nothing to repair. '{source}-journal' is a rollback journal left by a writer that stopped in the middle of a transaction; SQLite rolls it back the next time an application opens the database for writing."
                    : "integrity_check ok: nothing to repair",
                Started = DateTime.UtcNow,
                Duration = clock.Elapsed,
            };
        }
        catch (SqliteException ex)
        {
            _observer.Verbose($"'{source}' cannot be checked ({ex.Message}): salvaging it.");
            return null;
        }
    }

    /// <summary>
    /// Why the salvaged copy must not replace the damaged database (a RepairFailed error), or null when it may: it failed
    /// integrity_check, or it lacks objects that could not be recreated (a trigger kept without the full-text index it
    /// writes to would make every insert fail in the application).
    /// </summary>
    public static OpsException? SwapRefusal(RepairResult salvaged)
    {
        string? why = !salvaged.IntegrityOk
            ? $"failed integrity_check ({salvaged.Detail})"
            : salvaged.MissingObjects.Count > 0
                ? $"lacks {string.Join(", ", salvaged.MissingObjects.Select(o => "'" + o + "'"))}, which could not be recreated, so an application could fail on it; recreate them in the salvaged copy and put it in place by hand, or restore a backup"
                : null;
        return why is null
            ? null
            : new OpsException(ErrorIds.RepairFailed, OpsErrorCategory.InvalidData, salvaged.Source, $"The salvaged copy '{salvaged.RecoveredDatabase}' {why}. '{salvaged.Source}' was not replaced{(salvaged.IntegrityOk ? string.Empty : "; restore a backup instead")}.");
    }

    /// <summary>Removes a salvaged copy that was not swapped in (nobody could confirm the swap); RecoveredDatabase becomes empty.</summary>
    public static void Discard(RepairResult salvaged)
    {
        if (!salvaged.Swapped && salvaged.RecoveredDatabase.Length > 0)
        {
            SqliteFile.TryDeleteWithSidecars(salvaged.RecoveredDatabase);
            salvaged.RecoveredDatabase = string.Empty;
        }
    }

    /// <summary>
    /// Puts the salvaged copy in place of the damaged database, keeping the damaged one as <c>.corrupt-&lt;stamp&gt;</c>.
    /// The copy first takes the damaged file's owner, group and mode, so the application that owns the database can
    /// still write it (and nobody else can read it who could not before).
    /// </summary>
    public RepairResult Swap(RepairResult salvaged)
    {
        if (SwapRefusal(salvaged) is OpsException refusal)
        {
            throw refusal;
        }

        string source = salvaged.Source;
        string stamped = source + ".corrupt-" + salvaged.Started.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture);
        string corrupt = stamped;
        for (int serial = 2; File.Exists(corrupt) || File.Exists(corrupt + "-wal") || File.Exists(corrupt + "-journal"); serial++)
        {
            // A damaged file kept by an earlier swap in the same second: never overwritten, never the reason a swap fails.
            corrupt = stamped + "-" + serial.ToString(CultureInfo.InvariantCulture);
        }

        UnixFile.Facts original = UnixFile.Stat(source);
        try
        {
            if (original.Kind == UnixFile.Kind.Regular)
            {
                UnixFile.CopyOwnership(original, salvaged.RecoveredDatabase);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.RestoreTargetNotWritable,
                OpsErrorCategory.PermissionDenied,
                source,
                $"The salvaged copy '{salvaged.RecoveredDatabase}' was not swapped into '{source}': this account ({Environment.UserName}) cannot give it the database's owner and group ({original.Uid}:{original.Gid}), and without them the application that owns the database could not write it. '{source}' was not changed. Run Repair-Database as the database's owner or as root.",
                ex);
        }

        try
        {
            // The damaged file and its log move aside together, so a stale -wal can never be replayed onto the new file.
            File.Move(source, corrupt);
            foreach (string suffix in new[] { "-wal", "-journal" })
            {
                if (File.Exists(source + suffix))
                {
                    File.Move(source + suffix, corrupt + suffix);
                }
            }

            TempFiles.TryDelete(source + "-shm");
            DurableMove.Move(salvaged.RecoveredDatabase, source, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.RestoreTargetNotWritable,
                ex is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
                source,
                $"Cannot swap the salvaged copy into '{source}': {Messages.Sentence(ex.Message)} The damaged file is at '{(File.Exists(corrupt) ? corrupt : source)}' and the salvaged copy at '{salvaged.RecoveredDatabase}'.",
                ex);
        }

        _observer.Verbose($"Swapped the salvaged copy into '{source}'; the damaged file is kept as '{corrupt}'.");
        salvaged.CorruptCopy = corrupt;
        salvaged.RecoveredDatabase = source;
        salvaged.Swapped = true;
        return salvaged;
    }

    private RepairResult Salvage(string source, string readFrom, string? sqlite3, bool keep, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        DateTime started = DateTime.UtcNow;
        started = new DateTime(started.Ticks - (started.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        string recovered = RecoveredName(source, started);
        for (int serial = 2; File.Exists(recovered); serial++)
        {
            // A salvage earlier in the same second (its swap declined) kept its copy under this name.
            recovered = RecoveredName(source, started, serial);
        }

        string temp = TempFiles.NameFor(recovered);
        RequireWritableFolder(source, temp);
        var damaged = new List<string>();
        var missing = new List<string>();
        string method;
        try
        {
            string? recoverFailure = null;
            if (sqlite3 is not null)
            {
                _observer.Verbose($"Salvaging '{source}' with '{sqlite3} .recover'.");
                recoverFailure = TryRecover(sqlite3, readFrom, temp, cancellationToken);
            }

            if (sqlite3 is not null && recoverFailure is null)
            {
                method = "sqlite3 .recover";
            }
            else
            {
                if (recoverFailure is not null)
                {
                    _observer.Warning($"sqlite3 .recover could not salvage '{source}' ({recoverFailure}); copying every readable row instead.");
                }

                SqliteFile.TryDeleteWithSidecars(temp);
                CreateOwnerOnly(temp);
                CopyRows(readFrom, temp, damaged, missing, cancellationToken);
                method = "row copy";
            }

            Dictionary<string, long> counts;
            string? problems;
            using (SqliteConnection copy = SqliteFile.Open(temp, SqliteOpenMode.ReadWrite))
            {
                SqliteFile.Execute(copy, "PRAGMA journal_mode = DELETE");
                counts = SqliteFile.CountRows(copy);
                problems = SqliteFile.IntegrityProblems(copy);
                if (SqliteFile.IsWalHeader(source))
                {
                    // The database the application opens again keeps its journal mode.
                    SqliteFile.Execute(copy, "PRAGMA journal_mode = WAL");
                }
            }

            if (method != "row copy")
            {
                damaged.AddRange(TablesThatDiffer(readFrom, counts));
            }

            if (keep)
            {
                DurableMove.Move(temp, recovered, overwrite: false);
                _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "Salvaged {0} rows from {1} tables into '{2}'; integrity_check: {3}.", counts.Values.Sum(), counts.Count, recovered, problems ?? "ok"));
            }
            else
            {
                _observer.Verbose(string.Format(CultureInfo.InvariantCulture, "Salvaged {0} rows from {1} tables into a scratch copy, removed again (nothing is kept under -WhatIf); integrity_check: {2}.", counts.Values.Sum(), counts.Count, problems ?? "ok"));
            }

            return new RepairResult
            {
                Database = Path.GetFileNameWithoutExtension(source),
                Source = source,
                RecoveredDatabase = keep ? recovered : string.Empty,
                Method = method,
                TableCounts = counts,
                DamagedTables = damaged,
                MissingObjects = missing,
                IntegrityOk = problems is null,
                Detail = problems ?? "ok",
                Started = started,
                Duration = clock.Elapsed,
            };
        }
        finally
        {
            SqliteFile.TryDeleteWithSidecars(temp);
        }
    }

    /// <summary>
    /// A copy of the database with its hot rollback journal rolled back, in an owner-only folder beside it; null when it has
    /// none. A hot journal (left by a writer that stopped in the middle of a transaction) makes every read-only open fail
    /// ("attempt to write a readonly database"), which is no damage: SQLite rolls it back when the database is next opened for
    /// writing. The database and its journal are never written: the copy is what is checked and salvaged.
    /// </summary>
    private string? RolledBackCopy(string source, out FileStream? copyLock)
    {
        copyLock = null;
        string journal = source + "-journal";
        RemoveAbandonedCopies(source);
        if (!SqliteFile.HasRollbackJournal(source))
        {
            return null;
        }

        // A writer that is still in its transaction (not a dead one) may commit while the two files are copied: the copy
        // would pair one state of the database with another of the journal. Copied again until neither changed meanwhile.
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            (long, DateTime, long, DateTime) before = Stamps(source, journal);
            string folder = Path.Combine(Path.GetDirectoryName(source)!, "." + Path.GetFileName(source) + RollbackMarker + Guid.NewGuid().ToString("N")[..8]);
            string copy = Path.Combine(folder, Path.GetFileName(source));
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(folder);
                }
                else
                {
                    Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                // Held while this run uses the copy: a later run removes only folders whose lock nobody holds.
                copyLock = new FileStream(Path.Combine(folder, LockName), TempFiles.Options(FileMode.CreateNew, 1));

                // Owner-only, as the salvaged copy: it holds the database's rows.
                CopyOwnerOnly(source, copy);
                CopyOwnerOnly(journal, copy + "-journal");
                if (Stamps(source, journal) != before)
                {
                    copyLock.Dispose();
                    copyLock = null;
                    SqliteFile.TryDeleteWithSidecars(copy);
                    TryDeleteFolder(folder);
                    if (!SqliteFile.HasRollbackJournal(source))
                    {
                        return null;
                    }

                    continue;
                }

                using (SqliteConnection connection = SqliteFile.Open(copy, SqliteOpenMode.ReadWrite))
                {
                    // The first read rolls the journal back (into the copy).
                    SqliteFile.Execute(connection, "SELECT count(*) FROM sqlite_schema");
                }

                _observer.Warning($"'{source}' has a rollback journal ('{journal}') of a transaction that did not finish: a writer stopped in the middle of it, or is still in it. It was rolled back on a copy, which is what is checked and salvaged; the database and its journal are left as they are (SQLite rolls the journal back the next time an application opens the database for writing).");
                return copy;
            }
            catch (FileNotFoundException)
            {
                // The journal went while it was copied (its writer committed): the database is read as it is now.
                copyLock?.Dispose();
                copyLock = null;
                SqliteFile.TryDeleteWithSidecars(copy);
                TryDeleteFolder(folder);
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
            {
                copyLock?.Dispose();
                copyLock = null;
                SqliteFile.TryDeleteWithSidecars(copy);
                TryDeleteFolder(folder);
                _observer.Verbose($"'{source}' has a hot rollback journal, which could not be rolled back on a copy ({ex.Message}): the database is read as it is.");
                return null;
            }
        }

        _observer.Verbose($"'{source}' kept changing while its rollback journal was copied (a writer is working in it): the database is read as it is.");
        return null;
    }

    /// <summary>
    /// Whether a rolled-back copy's folder belongs to no running Repair-Database: its lock file can be taken (the run that made
    /// it holds it open); a folder without one (made while the lock was being created) counts once ten minutes old.
    /// </summary>
    private static bool Abandoned(string folder)
    {
        string lockFile = Path.Combine(folder, LockName);
        if (!File.Exists(lockFile))
        {
            DateTime newest = Directory.EnumerateFiles(folder).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(Directory.GetLastWriteTimeUtc(folder)).Max();
            return DateTime.UtcNow - newest > TimeSpan.FromMinutes(10);
        }

        try
        {
            using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Held by a running Repair-Database, or another account's: left alone.
            return false;
        }
    }

    /// <summary>The lock file of a rolled-back copy's folder.</summary>
    private const string LockName = "in-use.lock";

    /// <summary>What the hidden folders of the rolled-back copies are called after the database's name.</summary>
    private const string RollbackMarker = ".rollback-";

    private static (long, DateTime, long, DateTime) Stamps(string source, string journal)
    {
        var database = new FileInfo(source);
        var log = new FileInfo(journal);
        return (database.Exists ? database.Length : -1, database.Exists ? database.LastWriteTimeUtc : default, log.Exists ? log.Length : -1, log.Exists ? log.LastWriteTimeUtc : default);
    }

    private static void CopyOwnerOnly(string from, string to)
    {
        using var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var output = new FileStream(to, TempFiles.Options(FileMode.CreateNew, 1 << 20));
        input.CopyTo(output);
    }

    /// <summary>
    /// Removes the rolled-back copies a killed run left beside the database (a hidden folder each): those not written to for
    /// ten minutes (a copy being made now is written all the time).
    /// </summary>
    private void RemoveAbandonedCopies(string source)
    {
        try
        {
            foreach (string folder in Directory.EnumerateDirectories(Path.GetDirectoryName(source)!, "." + Path.GetFileName(source) + RollbackMarker + "*"))
            {
                if (!Abandoned(folder))
                {
                    continue;
                }

                _observer.Verbose($"Removing '{folder}', the rolled-back copy of '{source}' a killed Repair-Database left.");
                TryDeleteFolder(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next run.
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: a hidden folder beside the database, removed by hand.
        }
    }

    /// <summary>
    /// Creates the empty file the salvaged copy is written into, readable by its owner only: SQLite (and the sqlite3 shell)
    /// would create it 0644, and it holds the damaged database's rows. SQLite gives its -journal and -wal the same mode.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        using (new FileStream(path, TempFiles.Options(FileMode.CreateNew, 0)))
        {
        }
    }

    /// <summary>
    /// Fails with RestoreTargetNotWritable, before anything is salvaged, when the database's folder cannot take the
    /// salvaged copy (it is written beside the database, and swapped in there); otherwise leaves the empty, owner-only
    /// file the copy is written into.
    /// </summary>
    private static void RequireWritableFolder(string source, string temp)
    {
        string folder = Path.GetDirectoryName(source)!;
        try
        {
            CreateOwnerOnly(temp);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            bool denied = ex is UnauthorizedAccessException;
            string why = denied ? $"the folder does not let this account ({Environment.UserName}) create files" : ex.Message;
            throw new OpsException(
                ErrorIds.RestoreTargetNotWritable,
                denied ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
                folder,
                $"Cannot write the salvaged copy of '{source}' into its folder '{folder}': {why}. Repair-Database writes the copy beside the database and swaps it in there; nothing was salvaged or changed. Run it as an account that may write to '{folder}' (its owner, or with sudo), or copy the database to a folder you can write and repair the copy.",
                ex);
        }
    }

    /// <summary>Pipes <c>sqlite3 source .recover</c> into <c>sqlite3 temp</c>; null when it worked, else why not.</summary>
    private static string? TryRecover(string sqlite3, string source, string temp, CancellationToken cancellationToken)
    {
        // Read-only: the shell would otherwise roll back a hot journal or checkpoint a WAL into the damaged file on closing it.
        using ChildProcess reader = ChildProcess.Start(sqlite3, ["-readonly", source, ".recover"]);
        using ChildProcess writer = ChildProcess.Start(sqlite3, ["-bail", temp], null, redirectInput: true);
        using CancellationTokenRegistration stop = cancellationToken.Register(() =>
        {
            reader.Kill();
            writer.Kill();
        });
        Task writerOutput = writer.StandardOutput.CopyToAsync(Stream.Null, CancellationToken.None);
        try
        {
            reader.StandardOutput.CopyTo(writer.StandardInput);
        }
        catch (IOException)
        {
            // The loading process stopped early; its exit code and errors say why.
        }

        try
        {
            writer.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        _ = reader.WaitForExit(Timeout.InfiniteTimeSpan);
        _ = writer.WaitForExit(Timeout.InfiniteTimeSpan);
        writerOutput.Wait(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        string errors = (reader.ErrorTail + " " + writer.ErrorTail).Trim();
        return reader.ExitCode == 0 && writer.ExitCode == 0 && File.Exists(temp) && errors.Length == 0
            ? null
            : (errors.Length > 0 ? errors : $"exit codes {reader.ExitCode} and {writer.ExitCode}");
    }

    private static List<(string Type, string Name, string Sql)> ReadSchema(SqliteConnection from)
    {
        var schema = new List<(string Type, string Name, string Sql)>();
        using SqliteCommand command = SqliteSession.Command(from, "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            schema.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return schema;
    }

    /// <summary>Copies the schema and every readable row; a table that cannot be read to its end is listed in <paramref name="damaged"/>.</summary>
    private void CopyRows(string source, string temp, List<string> damaged, List<string> missing, CancellationToken cancellationToken)
    {
        using SqliteConnection from = SqliteFile.Open(source, SqliteOpenMode.ReadOnly);
        using SqliteConnection to = SqliteFile.Open(temp, SqliteOpenMode.ReadWriteCreate);
        var schema = new List<(string Type, string Name, string Sql)>();
        try
        {
            schema = ReadSchema(from);
        }
        catch (SqliteException ex)
        {
            // SQLite refuses the schema of a file shorter than its header says (a truncated copy) as malformed, though every
            // page that is there can still be read: read without its schema checks (writable_schema, on a read-only
            // connection: nothing is written) before giving up.
            try
            {
                SqliteFile.Execute(from, "PRAGMA writable_schema = ON");
                schema = ReadSchema(from);
                _observer.Warning($"The schema of '{source}' could be read only without SQLite's checks ({ex.Message}): the file may be cut short (a partial copy). Every table is copied as far as its pages are there.");
            }
            catch (SqliteException)
            {
                throw new OpsException(ErrorIds.SourceIntegrityFailed, OpsErrorCategory.InvalidData, source, $"The schema of '{source}' cannot be read ({ex.Message}), so no table can be salvaged row by row. Restore a backup.", ex);
            }
        }

        // The new file gets the source's page size and auto-vacuum mode before its first table (they cannot change after),
        // and enforces no foreign key while rows arrive table by table: a child row whose parent sits on a lost page is
        // still a readable row, and the source may hold such rows already (SQLite enforces foreign keys only when asked).
        CopyPragmas(from, to, source, ["page_size", "auto_vacuum"], "SQLite's default");

        SqliteFile.Execute(to, "PRAGMA foreign_keys = OFF");
        HashSet<string> shadows = ShadowTables(from, schema);
        var rebuild = new List<string>();
        foreach ((string type, string name, string sql) in schema.Where(s => s.Type == "table" && !shadows.Contains(s.Name)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool isVirtual = sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase);
            try
            {
                SqliteFile.Execute(to, sql);
            }
            catch (SqliteException ex)
            {
                missing.Add(name);
                _observer.Warning($"The {(isVirtual ? "virtual table" : "table")} '{name}' could not be recreated in the salvaged copy ({ex.Message}); recreate it and its content from its source data.");
                continue;
            }

            if (isVirtual && SqliteFts.ExternalContent(sql) is string content)
            {
                if (content.Length == 0)
                {
                    _observer.Warning($"The contentless full-text index '{name}' is empty in the salvaged copy; fill it again from its source data.");
                }
                else
                {
                    // An external-content index is rebuilt from its content table once every table holds its rows.
                    rebuild.Add(name);
                }

                continue;
            }

            if (isVirtual && !HoldsOwnRows(sql))
            {
                // fts5vocab, dbstat, csv and other modules read their rows from elsewhere: nothing of their own to copy.
                continue;
            }

            bool complete;
            try
            {
                complete = CopyTable(from, to, name, isVirtual);
            }
            catch (CopyWriteException ex)
            {
                // A failed write (a full disk) is SQLite's own error again, for Translate: never taken for damage in the source.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.Sqlite);
                throw;
            }

            if (!complete)
            {
                damaged.Add(name);
            }
        }

        foreach ((string type, string name, string sql) in schema.Where(s => s.Type != "table"))
        {
            try
            {
                SqliteFile.Execute(to, sql);
            }
            catch (SqliteException ex)
            {
                missing.Add(name);
                _observer.Warning($"The {type} '{name}' could not be recreated in the salvaged copy: {ex.Message}");
            }
        }

        // After the views: an external-content index may read its text from a view.
        foreach (string name in rebuild)
        {
            string quoted = SqliteFile.QuoteIdentifier(name);
            try
            {
                SqliteFile.Execute(to, $"INSERT INTO {quoted}({quoted}) VALUES ('rebuild')");
                _observer.Verbose($"Rebuilt the full-text index '{name}' from its content table.");
            }
            catch (SqliteException ex)
            {
                missing.Add(name);
                _observer.Warning($"The full-text index '{name}' could not be rebuilt from its content table ({ex.Message}); rebuild it from its source data.");
            }
        }

        CopySequences(from, to);

        // The header's schema version for migrations (user_version) and the file's application id, as .recover keeps them.
        CopyPragmas(from, to, source, ["user_version", "application_id"], "0. Set it again if your application uses it");
    }

    /// <summary>Gives the salvaged copy the source's value of each header pragma; one that cannot be read is a warning.</summary>
    private void CopyPragmas(SqliteConnection from, SqliteConnection to, string source, string[] pragmas, string otherwise)
    {
        foreach (string pragma in pragmas)
        {
            try
            {
                long value = SqliteFile.Scalar<long>(from, "PRAGMA " + pragma);
                SqliteFile.Execute(to, string.Create(CultureInfo.InvariantCulture, $"PRAGMA {pragma} = {value}"));
            }
            catch (SqliteException ex)
            {
                _observer.Warning($"PRAGMA {pragma} could not be read from '{source}' ({ex.Message}); the salvaged copy has {otherwise}.");
            }
        }
    }

    /// <summary>
    /// The tables that hold a virtual table's data (an FTS index's _data, _idx, _content, ...; an R*Tree's _node, _rowid,
    /// _parent): its CREATE VIRTUAL TABLE makes them again, and their rows are never copied as rows. SQLite names them in
    /// pragma table_list; when that cannot be read, a table named after a virtual table and an underscore is one.
    /// </summary>
    private static HashSet<string> ShadowTables(SqliteConnection from, List<(string Type, string Name, string Sql)> schema)
    {
        var shadows = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using SqliteCommand command = SqliteSession.Command(from, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'");
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                shadows.Add(reader.GetString(0));
            }

            return shadows;
        }
        catch (SqliteException)
        {
            // pragma table_list reads every table's schema; a damaged one can stop it.
            shadows.Clear();
        }

        var virtuals = schema.Where(s => s.Sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase)).Select(s => s.Name + "_").ToList();
        foreach ((string type, string name, string sql) in schema)
        {
            if (type == "table" && virtuals.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                shadows.Add(name);
            }
        }

        return shadows;
    }

    /// <summary>The virtual tables that store their own rows (full-text indexes with their text, R*Trees, Geopoly).</summary>
    private static bool HoldsOwnRows(string createSql) =>
        System.Text.RegularExpressions.Regex.IsMatch(createSql, @"\busing\s+(fts[345]|rtree|rtree_i32|geopoly)\s*(\(|$)", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// AUTOINCREMENT counters: copying rows sets them to the highest rowid copied, below the source's when its newest rows
    /// were deleted; an application would then hand out a deleted id again.
    /// </summary>
    private void CopySequences(SqliteConnection from, SqliteConnection to)
    {
        var sequences = new List<(string Name, long Seq)>();
        try
        {
            using SqliteCommand command = SqliteSession.Command(from, "SELECT name, seq FROM sqlite_sequence");
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                sequences.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }
        catch (SqliteException ex)
        {
            if (!ex.Message.Contains("no such table", StringComparison.Ordinal))
            {
                _observer.Warning($"The AUTOINCREMENT counters (sqlite_sequence) could not be read ({ex.Message}); the salvaged copy's counters follow the highest ids salvaged.");
            }

            return;
        }

        foreach ((string name, long seq) in sequences)
        {
            try
            {
                using SqliteCommand update = to.CreateCommand();
                update.CommandText = "UPDATE sqlite_sequence SET seq = $seq WHERE name = $name AND seq < $seq; INSERT INTO sqlite_sequence(name, seq) SELECT $name, $seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $name)";
                update.Parameters.AddWithValue("$seq", seq);
                update.Parameters.AddWithValue("$name", name);
                update.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // No AUTOINCREMENT table was recreated (the copy has no sqlite_sequence): nothing to carry over.
            }
        }
    }

    /// <summary>
    /// Copies a table forwards in key order (rowid, or a WITHOUT ROWID table's primary key), and after a read error
    /// backwards from its end down to the last key read, so rows on both sides of a bad page survive.
    /// </summary>
    private bool CopyTable(SqliteConnection from, SqliteConnection to, string table, bool isVirtual = false)
    {
        string quoted = SqliteFile.QuoteIdentifier(table);
        var columns = new List<(string Name, int Pk)>();
        using (SqliteCommand command = SqliteSession.Command(from, "SELECT name, pk FROM pragma_table_info($t) ORDER BY cid"))
        {
            command.Parameters.AddWithValue("$t", table);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add((SqliteFile.QuoteIdentifier(reader.GetString(0)), reader.GetInt32(1)));
            }
        }

        bool hasRowid = true;
        try
        {
            SqliteFile.Execute(from, $"SELECT rowid FROM {quoted} LIMIT 0");
        }
        catch (SqliteException)
        {
            hasRowid = false;
        }

        // The key the rows are read by comes first: rowid, or the primary key's columns in key order (a virtual table
        // without a rowid has none, and is read once as it comes).
        List<string> key = hasRowid ? ["rowid"] : columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
        List<string> ordered = [.. key, .. columns.Select(c => c.Name).Where(c => !key.Contains(c))];
        string list = string.Join(", ", ordered);
        int width = ordered.Count;
        using SqliteTransaction transaction = to.BeginTransaction();
        using SqliteCommand insert = to.CreateCommand();
        insert.Transaction = transaction;
        // A virtual table takes no conflict clause (FTS5 refuses OR IGNORE); its rows come from one read, without duplicates.
        insert.CommandText = $"INSERT{(isVirtual ? string.Empty : " OR IGNORE")} INTO {quoted}({list}) VALUES ({string.Join(", ", Enumerable.Range(0, width).Select(i => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        for (int i = 0; i < width; i++)
        {
            insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        // rowid tables are read in rowid order and backwards from the last rowid read. A WITHOUT ROWID table is read in its
        // own b-tree order (no ORDER BY: one with a collation or direction other than the key's would sort, reading every
        // row first, and fail at once) and backwards in the reverse of its primary key index (collations and directions
        // from the index itself), to the damage; rows read twice are ignored by OR IGNORE.
        string orderBy = hasRowid ? " ORDER BY rowid" : string.Empty;
        bool complete;
        try
        {
            complete = Copy(from, $"SELECT {list} FROM {quoted}{orderBy}", null, insert, width, key.Count, out object?[]? lastKey, out long copied);
            string? backwards = !complete && hasRowid
                ? $"SELECT {list} FROM {quoted}{(lastKey is null ? string.Empty : " WHERE rowid > $k0")} ORDER BY rowid DESC"
                : !complete && key.Count > 0 && ReverseKeyOrder(from, table) is string reverse ? $"SELECT {list} FROM {quoted} ORDER BY {reverse}" : null;
            if (backwards is not null)
            {
                string after = hasRowid && lastKey is not null ? "rowid " + Convert.ToString(lastKey[0], CultureInfo.InvariantCulture)
                    : hasRowid ? "its start" : $"{copied} rows in primary-key order";
                _observer.Warning($"Table '{table}' has unreadable rows after {after}; reading it backwards from its end.");
                Copy(from, backwards, hasRowid ? lastKey : null, insert, width, key.Count, out _, out _);
            }
            else if (!complete)
            {
                _observer.Warning($"Table '{table}' has unreadable rows after {copied} rows; the rest is lost (it has no key to read it backwards by).");
            }
        }
        catch (CopyWriteException)
        {
            // SQLite may have rolled the transaction back itself (a full disk): roll back what is left, then report the write.
            try
            {
                transaction.Rollback();
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                // Already rolled back.
            }

            throw;
        }

        transaction.Commit();
        return complete;
    }

    /// <summary>
    /// The ORDER BY that reads a WITHOUT ROWID table backwards along its primary key index (each key column with the
    /// index's collation, in the opposite direction), or null when the index cannot be read.
    /// </summary>
    private static string? ReverseKeyOrder(SqliteConnection from, string table)
    {
        try
        {
            using SqliteCommand index = SqliteSession.Command(from, "SELECT name FROM pragma_index_list($t) WHERE origin = 'pk'");
            index.Parameters.AddWithValue("$t", table);
            if (index.ExecuteScalar() is not string name)
            {
                return null;
            }

            var parts = new List<string>();
            using SqliteCommand columns = SqliteSession.Command(from, "SELECT name, coll, \"desc\" FROM pragma_index_xinfo($i) WHERE key = 1 ORDER BY seqno");
            columns.Parameters.AddWithValue("$i", name);
            using SqliteDataReader reader = columns.ExecuteReader();
            while (reader.Read())
            {
                string collation = reader.IsDBNull(1) ? "BINARY" : reader.GetString(1);
                parts.Add($"{SqliteFile.QuoteIdentifier(reader.GetString(0))} COLLATE {SqliteFile.QuoteIdentifier(collation)} {(reader.GetInt64(2) == 1 ? "ASC" : "DESC")}");
            }

            return parts.Count == 0 ? null : string.Join(", ", parts);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies the rows of <paramref name="sql"/> (its parameters $k0.. bound to <paramref name="keyValues"/>) through
    /// <paramref name="insert"/>; false when reading stopped at an error, with the key (the first <paramref name="keyWidth"/>
    /// columns) of the last row copied. A failure to write the copy is not a read error: it is thrown.
    /// </summary>
    private static bool Copy(SqliteConnection from, string sql, object?[]? keyValues, SqliteCommand insert, int width, int keyWidth, out object?[]? lastKey, out long copied)
    {
        lastKey = null;
        copied = 0;
        try
        {
            using SqliteCommand command = SqliteSession.Command(from, sql);
            for (int i = 0; keyValues is not null && i < keyValues.Length; i++)
            {
                command.Parameters.AddWithValue("$k" + i.ToString(CultureInfo.InvariantCulture), keyValues[i] ?? DBNull.Value);
            }

            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (int i = 0; i < width; i++)
                {
                    insert.Parameters[i].Value = reader.GetValue(i);
                }

                try
                {
                    insert.ExecuteNonQuery();
                }
                catch (SqliteException ex)
                {
                    throw new CopyWriteException(ex);
                }

                copied++;

                if (keyWidth > 0)
                {
                    lastKey = new object?[keyWidth];
                    for (int i = 0; i < keyWidth; i++)
                    {
                        lastKey[i] = reader.GetValue(i);
                    }
                }
            }

            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Writing the salvaged copy failed (a full disk, a read-only folder): not damage in the source.</summary>
    private sealed class CopyWriteException(SqliteException inner) : Exception(inner.Message, inner)
    {
        internal SqliteException Sqlite => inner;
    }

    private static List<string> TablesThatDiffer(string source, Dictionary<string, long> salvaged)
    {
        var differ = new List<string>();
        using SqliteConnection from = SqliteFile.Open(source, SqliteOpenMode.ReadOnly);
        foreach ((string table, long rows) in salvaged)
        {
            try
            {
                if (SqliteFile.Scalar<long>(from, "SELECT count(*) FROM " + SqliteFile.QuoteIdentifier(table)) != rows)
                {
                    differ.Add(table);
                }
            }
            catch (SqliteException)
            {
                differ.Add(table);
            }
        }

        return differ;
    }
}
