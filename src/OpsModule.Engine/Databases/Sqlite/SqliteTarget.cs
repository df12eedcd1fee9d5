using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Databases.Sqlite;

/// <summary>
/// A restore target as the user named it, resolved to the file an application opens: symlinks are followed,
/// anything that is not a regular file or a missing path is refused, and its SQLite header is read without
/// taking any lock (page size, journal mode, and whether SQLite could open it at all).
/// </summary>
internal sealed class SqliteTarget
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    private SqliteTarget(string named, string path, UnixFile.Facts facts, long length)
    {
        Named = named;
        Path = path;
        Facts = facts;
        Length = length;
    }

    /// <summary>The path as given (made absolute).</summary>
    internal string Named { get; }

    /// <summary>The file itself (symlinks followed).</summary>
    internal string Path { get; }

    /// <summary>Owner, group, mode and identity of the existing file.</summary>
    internal UnixFile.Facts Facts { get; }

    internal long Length { get; }

    internal bool Exists => Facts.Kind == UnixFile.Kind.Regular;

    /// <summary>True when the file exists and holds data (an empty file is an empty database).</summary>
    internal bool HasData => Exists && Length > 0;

    /// <summary>The page size in the header; 0 when the file is empty or the header is damaged.</summary>
    internal int PageSize { get; private set; }

    /// <summary>True when the header says WAL (file format 2).</summary>
    internal bool IsWal { get; private set; }

    /// <summary>True when the file starts with the SQLite magic but the rest of its header is not one SQLite can open.</summary>
    internal bool HeaderDamaged { get; private set; }

    /// <summary>True when the file holds data and does not even start with the SQLite magic.</summary>
    internal bool NotSqlite { get; private set; }

    /// <summary>Resolves and inspects the target; refuses folders, FIFOs, devices and sockets (InvalidArgument).</summary>
    internal static SqliteTarget Inspect(string target)
    {
        string named = System.IO.Path.GetFullPath(target);
        string path = FinalTarget(named);

        UnixFile.Facts facts = UnixFile.Stat(path);
        string what = facts.Kind switch
        {
            UnixFile.Kind.Directory => "a folder",
            UnixFile.Kind.Unknown => "not a regular file",
            _ => UnixFile.SpecialKindName(facts.Kind) ?? string.Empty,
        };
        if (what.Length > 0)
        {
            string through = path == named ? string.Empty : $" (through the link '{named}')";
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                named,
                $"The restore target '{path}'{through} is {what}. Restore-Database writes only regular database files: name the database file to create or replace.");
        }

        long length = facts.Kind == UnixFile.Kind.Regular ? new FileInfo(path).Length : 0;
        var result = new SqliteTarget(named, path, facts, length);
        if (result.HasData)
        {
            try
            {
                result.ReadHeader();
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new OpsException(
                    ErrorIds.RestoreTargetNotWritable,
                    OpsErrorCategory.PermissionDenied,
                    named,
                    $"This account ({Environment.UserName}) may not read or write the restore target '{path}' (its file mode or owner denies it), so it cannot be replaced; nothing was changed. Run the restore as the database's owner, or grant this account read and write access to the file and its folder.",
                    ex);
            }
        }

        return result;
    }

    /// <summary>The file a path names after following every symlink (the path itself when it is not a link or is missing).</summary>
    internal static string FinalTarget(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
        {
            return path;
        }

        try
        {
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException ex)
        {
            throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, path, $"The restore target '{path}' is a symbolic link that cannot be followed: {ex.Message}", ex);
        }
    }

    private void ReadHeader()
    {
        var header = new byte[100];
        int read;
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < Magic.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            NotSqlite = true;
            return;
        }

        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16, 2));
        pageSize = pageSize == 1 ? 65536 : pageSize;
        bool validPageSize = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0;
        bool validFormat = header[18] is 1 or 2 && header[19] is 1 or 2;
        bool validFractions = header[21] == 64 && header[22] == 32 && header[23] == 32;
        if (read < header.Length || !validPageSize || !validFormat || !validFractions)
        {
            HeaderDamaged = true;
            return;
        }

        PageSize = pageSize;
        IsWal = header[18] == 2;
    }
}
