using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using OpsModule.Engine.Common;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

/// <summary>
/// Restoring over a database that applications hold open (a real sqlite3 process), over stale logs, links,
/// odd files and damaged databases. Linux: the holders come from /proc/locks, the odd files from mkfifo and mknod.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SqliteRestoreLiveTargetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private (string Source, BackupInfo Backup) MakeBackup(int orders = 1000, BackupCompression compression = BackupCompression.Zstd)
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, orders);
        return (source, Engines.Backup(source, _temp.Combine("backups"), compression));
    }

    private string MakeTarget(string journalMode, int orders = 7)
    {
        string target = _temp.Combine("live", "app.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        SampleDatabase.Create(target, orders, journalMode);
        return target;
    }

    private static ulong Inode(string path) => UnixFile.Stat(path).Inode;

    private static string IntegrityOf(string path)
    {
        using var connection = SampleDatabase.Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData("wal")]
    [InlineData("delete")]
    public void Idle_connections_see_the_restored_data_and_keep_their_next_commit(string journalMode)
    {
        var (_, backup) = MakeBackup();
        string target = MakeTarget(journalMode);
        ulong inode = Inode(target);
        using var application = new SqliteShell(target);
        Assert.Equal("7", application.Scalar("SELECT count(*) FROM orders;"));

        RestoreResult result = Engines.Restore(backup.BackupPath, target, force: false);

        Assert.True(result.Replaced);
        Assert.Equal(inode, Inode(target));
        Assert.Equal("1000", application.Scalar("SELECT count(*) FROM orders;"));
        Assert.Equal("1001", application.Scalar("INSERT INTO orders(customer_id, note) VALUES (1, 'after the restore'); SELECT count(*) FROM orders;"));
        application.Dispose();
        Assert.Empty(application.Errors);
        Assert.Equal(1001, SampleDatabase.Fingerprint(target)["orders"].Rows);
        Assert.Equal("ok", IntegrityOf(target));
    }

    [Fact]
    public void A_WAL_reader_keeps_its_snapshot_while_the_restore_commits()
    {
        var (source, backup) = MakeBackup();
        string target = MakeTarget("wal");
        using var application = new SqliteShell(target);
        Assert.Equal("7", application.Scalar("BEGIN; SELECT count(*) FROM orders;"));

        Engines.Restore(backup.BackupPath, target, force: false);

        Assert.Equal("7", application.Scalar("SELECT count(*) FROM orders;"));
        Assert.Equal("1000", application.Scalar("COMMIT; SELECT count(*) FROM orders;"));
        application.Dispose();
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
    }

    [Fact]
    public void A_rollback_mode_reader_makes_the_restore_wait_for_BusyTimeout_and_fail_naming_the_holder()
    {
        var (_, backup) = MakeBackup();
        string target = MakeTarget("delete");
        var before = SampleDatabase.Fingerprint(target);
        using var application = new SqliteShell(target);
        Assert.Equal("7", application.Scalar("BEGIN; SELECT count(*) FROM orders;"));
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target, force: false));

        Assert.Equal(ErrorIds.RestoreTargetInUse, error.ErrorId);
        Assert.Equal(OpsErrorCategory.ResourceBusy, error.Category);
        Assert.Contains($"sqlite3 (PID {application.Pid})", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 20);
        Assert.Equal("7", application.Scalar("SELECT count(*) FROM orders; COMMIT;"));
        application.Dispose();
        Assert.Equal(before, SampleDatabase.Fingerprint(target));
        Assert.Equal("ok", IntegrityOf(target));
        Assert.Equal(["app.db"], Array.ConvertAll(Directory.GetFiles(Path.GetDirectoryName(target)!), f => Path.GetFileName(f)!));
    }

    [Theory]
    [InlineData("wal")]
    [InlineData("delete")]
    public void A_writer_makes_the_restore_fail_with_RestoreTargetInUse_and_its_commit_survives(string journalMode)
    {
        var (_, backup) = MakeBackup();
        string target = MakeTarget(journalMode);
        using var application = new SqliteShell(target);
        application.Run("BEGIN IMMEDIATE; INSERT INTO orders(customer_id, note) VALUES (1, 'in flight');");

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target, force: false));

        Assert.Equal(ErrorIds.RestoreTargetInUse, error.ErrorId);
        Assert.Contains($"(PID {application.Pid})", error.Message, StringComparison.Ordinal);
        application.Run("COMMIT;");
        application.Dispose();
        Assert.Empty(application.Errors);
        Assert.Equal(8, SampleDatabase.Fingerprint(target)["orders"].Rows);
        Assert.Equal("ok", IntegrityOf(target));
    }

    [Fact]
    public void A_rollback_target_restored_from_a_WAL_backup_stays_rollback()
    {
        var (source, backup) = MakeBackup();
        string target = MakeTarget("delete");

        Engines.Restore(backup.BackupPath, target, force: true);

        byte[] header = File.ReadAllBytes(target)[..20];
        Assert.Equal(1, header[18]);
        Assert.Equal(1, header[19]);
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        Assert.False(File.Exists(target + "-wal"));
    }

    /// <summary>A WAL database whose committed rows are still only in its -wal, copied as a crash would leave it.</summary>
    private void LeaveOldWalBeside(string target)
    {
        string crashed = _temp.Combine("crashing.db");
        SampleDatabase.Create(crashed, orders: 5);
        using var connection = SampleDatabase.Open(crashed);
        SampleDatabase.Execute(connection, "PRAGMA wal_autocheckpoint=0");
        SampleDatabase.Execute(connection, SampleDatabase.Series(4000) + "INSERT INTO orders(customer_id, total, note) SELECT 1, value, 'from the wal' FROM series");
        File.Copy(crashed, target);
        File.WriteAllBytes(target + "-wal", SampleDatabase.ReadAllBytesShared(crashed + "-wal"));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("deleted")]
    public void The_old_wal_of_a_truncated_or_deleted_target_never_reaches_the_restored_file(string what)
    {
        var (source, backup) = MakeBackup();
        string target = _temp.Combine("live", "app.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        LeaveOldWalBeside(target);
        if (what == "truncated")
        {
            File.WriteAllBytes(target, []);
        }
        else
        {
            File.Delete(target);
        }

        Engines.Restore(backup.BackupPath, target, force: false);

        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        Assert.Equal("ok", IntegrityOf(target));
    }

    [Fact]
    public void The_hot_journal_of_a_crashed_writer_beside_a_missing_target_never_reaches_the_restored_file()
    {
        var (source, backup) = MakeBackup();
        string target = MakeTarget("delete", orders: 3000);
        var crashing = new SqliteShell(target);
        crashing.Run("PRAGMA cache_size = 10; BEGIN; UPDATE orders SET note = 'half done ' || note, payload = randomblob(300);");
        crashing.Kill();
        crashing.Dispose();
        Assert.True(new FileInfo(target + "-journal").Length > 0, "the crashed writer left a hot journal");
        File.Delete(target);

        Engines.Restore(backup.BackupPath, target, force: false);

        Assert.False(File.Exists(target + "-journal"));
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        Assert.Equal("ok", IntegrityOf(target));
    }

    [Fact]
    public void A_symlinked_target_is_restored_through_to_its_file()
    {
        var (source, backup) = MakeBackup();
        string real = MakeTarget("delete");
        string link = _temp.Combine("app-link.db");
        File.CreateSymbolicLink(link, real);

        RestoreResult result = Engines.Restore(backup.BackupPath, link, force: true);

        Assert.Equal(real, result.Target);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(real));
    }

    [SkippableFact]
    public void The_owner_group_and_mode_of_an_existing_target_are_kept()
    {
        Skip.If(Environment.UserName != "root" && Environment.GetEnvironmentVariable("CI") != "true", "changing a file's owner needs root");
        var (source, backup) = MakeBackup();
        string target = MakeTarget("delete");
        RunTool("chown", "4242:4343", target);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Engines.Restore(backup.BackupPath, target, force: true);

        UnixFile.Facts facts = UnixFile.Stat(target);
        Assert.Equal((4242u, 4343u), (facts.Uid, facts.Gid));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, facts.Mode);
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
    }

    [SkippableTheory]
    [InlineData("fifo")]
    [InlineData("device")]
    [InlineData("socket")]
    public void A_target_that_is_not_a_regular_file_is_refused(string kind)
    {
        var (_, backup) = MakeBackup();
        string target = _temp.Combine("odd.db");
        using Socket? socket = kind == "socket" ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) : null;
        switch (kind)
        {
            case "fifo":
                RunTool("mkfifo", target);
                break;
            case "device":
                Skip.If(Environment.UserName != "root" && Environment.GetEnvironmentVariable("CI") != "true", "mknod needs root");
                RunTool("mknod", target, "c", "1", "3");
                break;
            default:
                socket!.Bind(new UnixDomainSocketEndPoint(target));
                break;
        }

        UnixFile.Kind before = UnixFile.Stat(target).Kind;

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target, force: true));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains(target, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, UnixFile.Stat(target).Kind);
        Assert.NotEqual(UnixFile.Kind.Regular, before);
        Assert.Single(Directory.GetFileSystemEntries(_temp.Path), e => Path.GetFileName(e) == "odd.db");
    }

    [Fact]
    public void A_target_with_damaged_pages_is_replaced_through_SQLite()
    {
        var (source, backup) = MakeBackup();
        string target = MakeTarget("delete", orders: 500);
        using (var stream = new FileStream(target, FileMode.Open, FileAccess.Write))
        {
            byte[] garbage = new byte[4096 * 3];
            Array.Fill(garbage, (byte)0xA5);
            stream.Position = 4096 * 2;
            stream.Write(garbage);
        }

        Assert.NotEqual("ok", IntegrityOf(target));
        ulong inode = Inode(target);

        Engines.Restore(backup.BackupPath, target, force: false);

        Assert.Equal(inode, Inode(target));
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        Assert.Equal("ok", IntegrityOf(target));
    }

    [Fact]
    public void A_target_with_a_damaged_header_is_refused_without_Force_and_replaced_by_rename_with_it()
    {
        var (source, backup) = MakeBackup();
        string target = MakeTarget("delete");
        byte[] bytes = File.ReadAllBytes(target);
        bytes[16] = 0x00;
        bytes[17] = 0x03;
        File.WriteAllBytes(target, bytes);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target, force: false));

        Assert.Equal(ErrorIds.NotASqliteDatabase, error.ErrorId);
        Assert.Contains($"'{target}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("-Force", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(target));

        RestoreResult result = Engines.Restore(backup.BackupPath, target, force: true);

        Assert.True(result.Replaced);
        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(target));
    }

    [Fact]
    public void A_compression_the_artifact_does_not_have_is_InvalidManifest_and_does_not_blame_the_target()
    {
        var (_, backup) = MakeBackup(compression: BackupCompression.Gzip);
        string manifest = File.ReadAllText(backup.ManifestPath).Replace("\"gzip\"", "\"zstd\"", StringComparison.Ordinal);
        File.WriteAllText(backup.ManifestPath, manifest);
        string target = MakeTarget("delete");
        byte[] before = File.ReadAllBytes(target);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target, force: true));

        Assert.Equal(ErrorIds.InvalidManifest, error.ErrorId);
        Assert.Equal(backup.ManifestPath, error.Target);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void A_target_folder_that_cannot_exist_is_found_before_the_backup_is_read()
    {
        var (_, backup) = MakeBackup();
        File.WriteAllText(_temp.Combine("blocker"), "a file where the folder should be");
        byte[] artifact = File.ReadAllBytes(backup.BackupPath);
        artifact[artifact.Length / 2] ^= 0x01;
        File.WriteAllBytes(backup.BackupPath, artifact);

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, _temp.Combine("blocker", "app.db"), force: true));

        Assert.Equal(ErrorIds.RestoreTargetNotWritable, error.ErrorId);
        Assert.Contains(_temp.Combine("blocker"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctrl_C_during_the_check_stops_the_restore_and_leaves_the_target()
    {
        var (_, backup) = MakeBackup();
        string target = MakeTarget("delete");
        byte[] before = File.ReadAllBytes(target);
        using var cancellation = new System.Threading.CancellationTokenSource();
        var observer = new CancellingObserver(cancellation, "quick_check");

        Assert.ThrowsAny<OperationCanceledException>(() => Engines.Restore(backup.BackupPath, target, force: true, observer, cancellation.Token));

        Assert.True(observer.Cancelled);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void Ctrl_C_interrupts_a_running_SQLite_statement()
    {
        using var connection = SampleDatabase.Open(_temp.Combine("busy.db"));
        using var cancellation = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var command = connection.CreateCommand();
        command.CommandText = SampleDatabase.Series(2_000_000_000) + "SELECT count(*) FROM series";
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Databases.Sqlite.SqliteRestoreEngine.Interruptible(connection, () => command.ExecuteScalar(), cancellation.Token));

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.1, 10);
    }

    [Fact]
    public void The_result_lists_what_was_checked()
    {
        var (_, backup) = MakeBackup();

        RestoreResult result = Engines.Restore(backup.BackupPath, _temp.Combine("new.db"), force: false);

        Assert.Equal(["Checksum", "Integrity", "RowCounts"], Array.ConvertAll([.. result.Checks], c => c.Name));
        Assert.All(result.Checks, c => Assert.True(c.Passed));
        Assert.Contains(backup.Sha256, result.Checks[0].Detail, StringComparison.Ordinal);
        Assert.Contains("quick_check", result.Checks[1].Detail, StringComparison.Ordinal);
        Assert.Contains("3 tables", result.Checks[2].Detail, StringComparison.Ordinal);
        Assert.False(result.Replaced);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_temp.Combine("new.db")));
    }

    private static void RunTool(string tool, params string[] arguments)
    {
        (int exit, _, string errors) = ChildProcess.RunAsync(Tools.Require(tool), arguments, null, default, TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        Assert.True(exit == 0, $"{tool} failed: {errors}");
    }
}
