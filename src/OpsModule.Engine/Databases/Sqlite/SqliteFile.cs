using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>Opening SQLite files and the questions every SQLite operation asks of them.</summary>
internal static class SqliteFile
{
    /// <summary>
    /// Whether the database's rollback journal holds a transaction to roll back (its header's magic number is there; a
    /// committed one's is zeroed or gone): a writer stopped in the middle of one, or is still in it.
    /// </summary>
    internal static bool HasRollbackJournal(string database)
    {
        try
        {
            using var stream = new FileStream(database + "-journal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> magic = stackalloc byte[8];
            return stream.ReadAtLeast(magic, 8, throwOnEndOfStream: false) == 8 && magic.SequenceEqual(JournalMagic);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> JournalMagic => [0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7];

    private static readonly byte[] Header = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>SQLITE_FULL: the disk (or the file system's quota) is full.</summary>
    internal const int DiskFull = 13;

    /// <summary>The seconds a statement waits for another connection's lock before DatabaseLocked.</summary>
    internal const int BusyTimeoutSeconds = 30;

    /// <summary>True when the file starts with the SQLite header.</summary>
    internal static bool HasSqliteHeader(string path)
    {
        Span<byte> buffer = stackalloc byte[16];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length && buffer.SequenceEqual(Header);
    }

    /// <summary>Throws SourceNotFound or NotASqliteDatabase unless <paramref name="path"/> is a SQLite database file.</summary>
    /// <summary>
    /// SQLite's own words for an error, without Microsoft.Data.Sqlite's wrapping: "unable to open database file (SQLite
    /// error 14)" rather than "SQLite Error 14: 'unable to open database file'.".
    /// </summary>
    internal static string Describe(SqliteException ex)
    {
        string text = ex.Message;
        int quote = text.IndexOf('\'', StringComparison.Ordinal);
        if (text.StartsWith("SQLite Error ", StringComparison.Ordinal) && quote > 0)
        {
            int end = text.LastIndexOf('\'');
            text = end > quote ? text[(quote + 1)..end] : text[(quote + 1)..];
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{text.TrimEnd('.')} (SQLite error {ex.SqliteErrorCode})");
    }

    internal static void EnsureDatabase(string path)
    {
        if (Directory.Exists(path))
        {
            throw new OpsException(
                ErrorIds.SourceNotFound,
                OpsErrorCategory.ObjectNotFound,
                path,
                $"'{path}' is a folder, not a database file. Name the database file, or pipe the folder's files: Get-ChildItem '{path}' -Filter *.db | ...");
        }

        if (!File.Exists(path))
        {
            throw new OpsException(
                ErrorIds.SourceNotFound,
                OpsErrorCategory.ObjectNotFound,
                path,
                $"The database file '{path}' does not exist. Check the path (use -LiteralPath for names with wildcard characters).");
        }

        if (UnixFile.SpecialKind(path) is string special)
        {
            // Opening a FIFO waits for a writer: never read one.
            throw new OpsException(
                ErrorIds.NotASqliteDatabase,
                OpsErrorCategory.InvalidData,
                path,
                $"'{path}' is {special}{UnixFile.LinkNote(path)}, not a database file. Name the SQLite database file itself.");
        }

        if (!HasSqliteHeader(path))
        {
            throw new OpsException(
                ErrorIds.NotASqliteDatabase,
                OpsErrorCategory.InvalidData,
                path,
                $"'{path}' is not a SQLite database (its first 16 bytes are not the SQLite header). It may be empty, encrypted, or another kind of file.");
        }
    }

    /// <summary>
    /// <see cref="EnsureDatabase"/> for the cmdlets that work on the database in place (maintenance, purge, repair): a file
    /// this account may not read is SourceNotReadable (PermissionDenied) naming the account and what to do, not .NET's text.
    /// </summary>
    internal static void EnsureReadableDatabase(string path, string doing, string access)
    {
        try
        {
            EnsureDatabase(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new OpsException(
                ErrorIds.SourceNotReadable,
                OpsErrorCategory.PermissionDenied,
                path,
                $"This account ({Environment.UserName}) may not read the database '{path}' (its file mode, owner or folder denies it), so {doing} cannot run; nothing was changed. Run it as the database's owner, or grant this account {access}.",
                ex);
        }
        catch (IOException ex)
        {
            throw new OpsException(
                ErrorIds.SourceNotReadable,
                OpsErrorCategory.ResourceUnavailable,
                path,
                $"The database '{path}' could not be read, so {doing} cannot run; nothing was changed: {ex.Message}",
                ex);
        }
    }

    /// <summary>Opens a connection without pooling, so closing it releases the file at once.</summary>
    internal static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = BusyTimeoutSeconds,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();

        // Microsoft.Data.Sqlite retries busy commands itself, but not the online backup API: give SQLite
        // its own busy handler so a backup waits for a writer's lock instead of failing at once.
        Execute(connection, "PRAGMA busy_timeout = " + (BusyTimeoutSeconds * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return connection;
    }

    /// <summary>Runs statements that return nothing the caller needs.</summary>
    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static string Version(SqliteConnection connection) => Scalar<string>(connection, "SELECT sqlite_version()");

    /// <summary>
    /// True when the file's header says WAL mode (bytes 18 and 19 are 2), read directly: no connection, so it works on a
    /// database too damaged to open and never creates -wal or -shm files.
    /// </summary>
    internal static bool IsWalHeader(string path)
    {
        try
        {
            Span<byte> header = stackalloc byte[20];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header[18] == 2 && header[19] == 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The text encoding in a database file's header (offset 56): 1 UTF-8, 2 UTF-16le, 3 UTF-16be; 0 when no table, index,
    /// view or trigger was ever created in it (or the file is too short to say). Read through a handle the caller holds
    /// (an in-flight copy is locked against other opens).
    /// </summary>
    internal static int TextEncoding(FileStream file)
    {
        Span<byte> header = stackalloc byte[60];
        int read = 0;
        while (read < header.Length)
        {
            int got = RandomAccess.Read(file.SafeFileHandle, header[read..], read);
            if (got == 0)
            {
                return 0;
            }

            read += got;
        }

        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[56..]) & 3);
    }

    /// <summary>The name <c>PRAGMA encoding</c> gives a header's text encoding (<see cref="TextEncoding"/>).</summary>
    internal static string EncodingName(int encoding) => encoding switch
    {
        2 => "UTF-16le",
        3 => "UTF-16be",
        _ => "UTF-8",
    };

    internal static string JournalMode(SqliteConnection connection) => Scalar<string>(connection, "PRAGMA journal_mode").ToLowerInvariant();

    internal static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Row counts of every ordinary table (virtual tables are skipped; their shadow tables count).</summary>
    internal static Dictionary<string, long> CountRows(SqliteConnection connection)
    {
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " +
                "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            counts[name] = Scalar<long>(connection, "SELECT count(*) FROM " + QuoteIdentifier(name));
        }

        return counts;
    }

    /// <summary>The result of PRAGMA integrity_check: null when the database is sound, else the problems found.</summary>
    internal static string? IntegrityProblems(SqliteConnection connection) => CheckProblems(connection, "PRAGMA integrity_check(20)");

    /// <summary>
    /// The result of a check pragma (integrity_check or quick_check): null when the database is sound (see
    /// <see cref="SqliteFts.IsSound"/>), else the problems found.
    /// </summary>
    internal static string? CheckProblems(SqliteConnection connection, string pragma)
    {
        var problems = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            problems.Add(reader.GetString(0));
        }

        reader.Close();
        return SqliteFts.IsSound(connection, problems) ? null : string.Join("; ", problems);
    }

    /// <summary>Removes a scratch database and any -wal, -shm or -journal beside it (used in finally blocks).</summary>
    internal static void TryDeleteWithSidecars(string path)
    {
        foreach (string suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            TempFiles.TryDelete(path + suffix);
        }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Maps SQLite's busy and locked results to DatabaseLocked; other failures keep their message.</summary>
    internal static OpsException Translate(SqliteException ex, string path, string doing) => ex.SqliteErrorCode switch
    {
        5 or 6 => new OpsException(
            ErrorIds.DatabaseLocked,
            OpsErrorCategory.ResourceBusy,
            path,
            $"'{path}' stayed locked by another connection for more than {BusyTimeoutSeconds} s while {doing}. Retry when the writer is done, or switch the database to WAL mode so readers never wait.",
            ex),
        26 => new OpsException(
            ErrorIds.NotASqliteDatabase,
            OpsErrorCategory.InvalidData,
            path,
            $"'{path}' is not a SQLite database or is encrypted ({ex.Message}).",
            ex),
        _ => new OpsException(
            ErrorIds.OperationFailed,
            OpsErrorCategory.InvalidOperation,
            path,
            $"SQLite failed while {doing} '{path}': {ex.Message}",
            ex),
    };
}
