using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

/// <summary>Backups while another process keeps writing, with the sqlite3 shell as that process.</summary>
public sealed class SqliteConcurrentBackupTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Backup_of_a_100MB_WAL_database_never_fails_a_writer_that_commits_throughout()
    {
        string source = _temp.Combine("busy.db");
        SampleDatabase.Create(source, orders: 420_000, journalMode: "wal", payloadBytes: 200);
        using (var connection = SampleDatabase.Open(source))
        {
            SampleDatabase.Execute(connection, "CREATE TABLE ticks(id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
        }

        Assert.True(new FileInfo(source).Length > 100L * 1024 * 1024);

        using var writer = new SqliteShellWriter(source);
        writer.WaitForCommits(20);
        long before = writer.CommitsSent;
        string startedAt = Now();
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        string endedAt = Now();
        long during = writer.CommitsSent - before;
        int exitCode = writer.Stop(out string errors);

        Assert.True(exitCode == 0, $"the writer failed (exit {exitCode}): {errors}");
        Assert.Equal(string.Empty, errors);
        Assert.True(during > 0, "the writer made no commits while the backup ran");
        using (var live = SampleDatabase.Open(source))
        using (var command = live.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM ticks WHERE at BETWEEN $from AND $to";
            command.Parameters.AddWithValue("$from", startedAt);
            command.Parameters.AddWithValue("$to", endedAt);
            Assert.True((long)command.ExecuteScalar()! > 0, "no commit landed in the database while the backup ran");
        }

        // The artifact, decompressed independently of the restore path, is sound and matches its manifest.
        string copy = _temp.Combine("copy.db");
        using (var input = File.OpenRead(backup.BackupPath))
        using (var zstd = new ZstdSharp.DecompressionStream(input))
        using (var output = File.Create(copy))
        {
            zstd.CopyTo(output);
        }

        using var check = SampleDatabase.Open(copy);
        using var integrity = check.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", integrity.ExecuteScalar());
        foreach (var (table, fingerprint) in SampleDatabase.Fingerprint(copy))
        {
            Assert.Equal(backup.TableCounts[table], fingerprint.Rows);
        }
    }

    [SkippableFact]
    public void Backup_in_rollback_journal_mode_makes_a_writer_wait_but_not_fail()
    {
        string source = _temp.Combine("journal.db");
        SampleDatabase.Create(source, orders: 60_000, journalMode: "delete");
        using (var connection = SampleDatabase.Open(source))
        {
            SampleDatabase.Execute(connection, "CREATE TABLE ticks(id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
        }

        using var writer = new SqliteShellWriter(source);
        writer.WaitForCommits(20);
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        int exitCode = writer.Stop(out string errors);

        Assert.True(exitCode == 0, $"the writer failed (exit {exitCode}): {errors}");
        RestoreResult restored = Engines.Restore(backup.BackupPath, _temp.Combine("restored.db"));
        Assert.Equal(backup.TableCounts["ticks"], restored.TableCounts["ticks"]);
    }

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>A sqlite3 shell in its own process committing one row at a time with a 5 s busy timeout.</summary>
    private sealed class SqliteShellWriter : IDisposable
    {
        private readonly SqliteShell _shell;
        private readonly Thread _feeder;
        private volatile bool _stop;
        private long _sent;

        internal SqliteShellWriter(string database)
        {
            _shell = new SqliteShell(database, "-bail");
            _shell.Send(".timeout 5000");
            _feeder = new Thread(Feed) { IsBackground = true };
            _feeder.Start();
        }

        internal long CommitsSent => Interlocked.Read(ref _sent);

        internal void WaitForCommits(long count)
        {
            var clock = Stopwatch.StartNew();
            while (CommitsSent < count && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(10);
            }
        }

        internal int Stop(out string errors)
        {
            _stop = true;
            _feeder.Join();
            _shell.Send(".quit");
            int exitCode = _shell.Quit(TimeSpan.FromSeconds(60));
            errors = _shell.Errors.Trim();
            return exitCode;
        }

        public void Dispose()
        {
            _stop = true;
            _feeder.Join();
            _shell.Dispose();
        }

        private void Feed()
        {
            while (!_stop)
            {
                try
                {
                    _shell.Send("INSERT INTO ticks(at) VALUES (strftime('%Y-%m-%d %H:%M:%f', 'now'));");
                }
                catch (IOException)
                {
                    return;
                }

                Interlocked.Increment(ref _sent);
                Thread.Sleep(2);
            }
        }
    }
}
