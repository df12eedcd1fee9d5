using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;
using OpsModule.Engine.Recovery;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// A SQLite scratch target of a disaster-recovery test: <c>ops_drtest_&lt;db&gt;_&lt;stamp&gt;.db</c> in the scratch
/// folder (owner-only), checked with <c>PRAGMA integrity_check</c> and <c>PRAGMA foreign_key_check</c>. A
/// <c>.owner</c> file beside it names the run that made it (<see cref="ScratchOwner"/>), so that a later run in the
/// same folder removes the scratch files of runs that died (kill -9, power loss).
/// </summary>
internal sealed class SqliteScratchDatabase : IScratchDatabase
{
    private const string Activity = "Test-DisasterRecovery";

    private const string OwnerSuffix = ".owner";

    private readonly string _path;
    private readonly ScratchOwner _owner;

    private SqliteScratchDatabase(string path, ScratchOwner owner)
    {
        _path = path;
        _owner = owner;
    }

    public string Display => _path;

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();

    /// <summary>The scratch file for a backup; refuses a scratch folder that is the backed-up database itself.</summary>
    internal static SqliteScratchDatabase Create(BackupManifest manifest, string? scratchFolder, DateTime stamp)
    {
        string folder = Path.GetFullPath(scratchFolder ?? Path.GetTempPath());
        if (File.Exists(folder))
        {
            if (IsSource(folder, manifest.Source))
            {
                throw ScratchIsSource(folder, manifest);
            }

            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                folder,
                $"The scratch path '{folder}' is a file; name a folder for the scratch databases (they are created there and removed afterwards).");
        }

        EnsureWritable(folder);
        string path = Path.Combine(folder, ScratchDatabases.Name(manifest.Database, stamp) + ".db");
        if (IsSource(path, manifest.Source))
        {
            throw ScratchIsSource(path, manifest);
        }

        return new SqliteScratchDatabase(path, ScratchOwner.Current(stamp));
    }

    public Task RestoreAsync(Func<Stream> openContent, long expectedBytes, IOperationObserver observer, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            RemoveAbandoned(Path.GetDirectoryName(_path)!, observer);
            File.WriteAllText(_path + OwnerSuffix, _owner.ToString());
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (Stream content = openContent())
            using (var file = new FileStream(_path, options))
            {
                StreamCopy.Copy(content, file, expectedBytes, new StreamCopy.Step(Activity, $"Restoring into '{_path}'", "drtest-restore"), observer, cancellationToken);
            }

            if (!SqliteFile.HasSqliteHeader(_path))
            {
                throw new OpsException(
                    ErrorIds.NotASqliteDatabase,
                    OpsErrorCategory.InvalidData,
                    _path,
                    $"The restored file '{_path}' is not a SQLite database (its header is wrong).");
            }
        },
        cancellationToken);

    public Task<(bool Passed, string Detail, bool Warning)> CheckIntegrityAsync(IOperationObserver observer, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            using SqliteConnection connection = SqliteFile.Open(_path, SqliteOpenMode.ReadOnly);
            string? problems = SqliteFile.IntegrityProblems(connection);
            var violations = new List<string>();
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA foreign_key_check";
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read() && violations.Count < 20)
                {
                    violations.Add($"{reader.GetString(0)} row {(reader.IsDBNull(1) ? "?" : reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture))} -> {reader.GetString(2)}");
                }
            }

            if (problems is null && violations.Count == 0)
            {
                return (true, "PRAGMA integrity_check returned ok; PRAGMA foreign_key_check found no violations.", false);
            }

            if (problems is null)
            {
                // The restored file is the backup's bytes (its checksum matched), so rows that break a foreign key were so in
                // the source when it was backed up: SQLite enforces foreign keys only where the application turns them on.
                // They do not make the backup unrecoverable; they are data to look at (Severity Warning).
                return (true, "PRAGMA integrity_check returned ok; PRAGMA foreign_key_check found violations that are in the backup as it was taken (the source database has them too; SQLite enforces foreign keys only where the application turns them on): " + string.Join("; ", violations) + ".", true);
            }

            string detail = "PRAGMA integrity_check found: " + problems + "; " +
                (violations.Count == 0 ? "PRAGMA foreign_key_check found no violations." : "PRAGMA foreign_key_check found violations: " + string.Join("; ", violations) + ".");
            return (false, detail, false);
        },
        cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken cancellationToken) => Task.Run<IReadOnlyDictionary<string, long>>(
        () =>
        {
            using SqliteConnection connection = SqliteFile.Open(_path, SqliteOpenMode.ReadOnly);
            return SqliteFile.CountRows(connection);
        },
        cancellationToken);

    public Task<ValidationAnswer> QueryValidationAsync(string sql, CancellationToken cancellationToken) => Task.Run(
        async () =>
        {
            using SqliteConnection connection = SqliteFile.Open(_path, SqliteOpenMode.ReadWrite);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            using SqliteDataReader reader = command.ExecuteReader();
            return await ValidationAnswer.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        },
        cancellationToken);

    public Task DropAsync()
    {
        SqliteFile.TryDeleteWithSidecars(_path);
        if (File.Exists(_path))
        {
            throw new IOException($"The scratch database '{_path}' could not be removed.");
        }

        TempFiles.TryDelete(_path + OwnerSuffix);
        return Task.CompletedTask;
    }

    public Task KeepAsync()
    {
        TempFiles.TryDelete(_path + OwnerSuffix);
        return Task.CompletedTask;
    }

    /// <summary>Removes the scratch files in <paramref name="folder"/> whose runs died (never a live run's); never throws.</summary>
    private void RemoveAbandoned(string folder, IOperationObserver observer)
    {
        string[] owners;
        try
        {
            owners = Directory.GetFiles(folder, "ops_drtest_*.db" + OwnerSuffix);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        DateTime now = DateTime.UtcNow;
        foreach (string ownerFile in owners)
        {
            string scratch = ownerFile[..^OwnerSuffix.Length];
            string? why;
            try
            {
                why = ScratchOwner.Parse(File.ReadAllText(ownerFile))?.AbandonedBecause(now);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (why is null || string.Equals(scratch, _path, StringComparison.Ordinal))
            {
                continue;
            }

            SqliteFile.TryDeleteWithSidecars(scratch);
            if (!File.Exists(scratch))
            {
                TempFiles.TryDelete(ownerFile);
                observer.Warning($"Removed the scratch database '{scratch}' that an earlier Test-DisasterRecovery left behind: {why}.");
            }
        }
    }

    /// <summary>Creates the scratch folder if needed and proves this account may create files in it (DestinationNotWritable).</summary>
    private static void EnsureWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            using var probe = new FileStream(Path.Combine(folder, "ops_drtest_probe_" + Guid.NewGuid().ToString("N")[..8]), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bool denied = ex is UnauthorizedAccessException;
            throw new OpsException(
                ErrorIds.DestinationNotWritable,
                denied ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
                folder,
                (denied
                    ? $"The scratch folder '{folder}' does not let this account ({Environment.UserName}) create files"
                    : $"The scratch folder '{folder}' cannot take a new file ({ex.Message})")
                + ", so the recovery test cannot restore into it; the backup was not tested and nothing was recorded against it. Give -ScratchPath a folder this account may write (default: the system temp folder).",
                ex);
        }
    }

    private static bool IsSource(string path, string source)
    {
        if (string.IsNullOrEmpty(source) || !File.Exists(path) || !File.Exists(source))
        {
            return false;
        }

        return string.Equals(RealPath.Of(path), RealPath.Of(source), StringComparison.Ordinal);
    }

    private static OpsException ScratchIsSource(string path, BackupManifest manifest) => new(
        ErrorIds.ScratchIsSource,
        OpsErrorCategory.InvalidArgument,
        path,
        $"The scratch target '{path}' is the backed-up database '{manifest.Source}' itself; Test-DisasterRecovery never restores over its source. Give -ScratchPath a folder of its own.");
}
