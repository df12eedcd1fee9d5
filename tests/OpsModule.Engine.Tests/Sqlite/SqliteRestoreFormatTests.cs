using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using OpsModule.Engine.Databases.Sqlite;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Sqlite;

/// <summary>
/// Restoring over a database whose page size or text encoding differs from the backup's, with a real sqlite3
/// process holding the target open as an application would. A restore never moves a row to another rowid
/// (external-content full-text indexes and applications refer to rows by rowid), and never leaves a target that
/// the connections holding it open cannot read.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SqliteRestoreFormatTests : IDisposable
{
    /// <summary>
    /// The adversarial tester's reproduction: a table without an INTEGER PRIMARY KEY whose rowid 2 was deleted, and an
    /// external-content FTS5 index over it. A plain VACUUM renumbers the rows to 1, 2, 3 and the index points at the
    /// wrong ones.
    /// </summary>
    private const string Documents = """
        CREATE TABLE docs (slug TEXT, body TEXT);
        CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs', content_rowid='rowid');
        CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN INSERT INTO docs_fts(rowid, body) VALUES (new.rowid, new.body); END;
        CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN INSERT INTO docs_fts(docs_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END;
        INSERT INTO docs VALUES ('a','apple pie'),('b','banana split'),('c','cherry tart'),('d','durian');
        DELETE FROM docs WHERE slug='b';
        """;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Database(string name, string sql)
    {
        string path = _temp.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = SampleDatabase.Open(path);
        SampleDatabase.Execute(connection, sql);
        return path;
    }

    private static List<string> Rows(string path, string sql)
    {
        using var connection = SampleDatabase.Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static string Scalar(string path, string sql) => Assert.Single(Rows(path, sql));

    /// <summary>Runs FTS5's integrity check with rank 1, which also compares the index with its content table; throws SQLITE_CORRUPT when they disagree.</summary>
    private static void CheckFullTextIndex(string path)
    {
        using var connection = SampleDatabase.Open(path);
        SampleDatabase.Execute(connection, "INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1)");
    }

    private static string[] FilesBeside(string target) =>
        [.. Directory.GetFiles(Path.GetDirectoryName(target)!).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("delete", 8192)]
    [InlineData("wal", 4096)]
    public void Rowids_and_an_external_content_full_text_index_survive_a_target_with_another_page_size(string journalMode, int pageSizeAfter)
    {
        string source = Database("src.db", "PRAGMA page_size = 8192; PRAGMA auto_vacuum = INCREMENTAL;" + Documents + "PRAGMA user_version = 42; PRAGMA application_id = 7;");
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        string target = Database("live/target.db", $"PRAGMA page_size = 4096; PRAGMA journal_mode = {journalMode}; CREATE TABLE placeholder(x); INSERT INTO placeholder VALUES (1);");
        using var application = new SqliteShell(target);
        Assert.Equal("1", application.Scalar("SELECT count(*) FROM placeholder;"));
        var observer = new RecordingObserver();

        RestoreResult result = Engines.Restore(backup.BackupPath, target, force: true, observer);

        Assert.Equal(["1|a", "3|c", "4|d"], Rows(target, "SELECT rowid, slug FROM docs ORDER BY rowid"));
        CheckFullTextIndex(target);
        Assert.Equal("c", Scalar(target, "SELECT slug FROM docs WHERE rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'cherry')"));
        Assert.Equal(pageSizeAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(target, "PRAGMA page_size"));
        Assert.Equal(journalMode, Scalar(target, "PRAGMA journal_mode"));
        Assert.Equal(["2", "42", "7"], [Scalar(target, "PRAGMA auto_vacuum"), Scalar(target, "PRAGMA user_version"), Scalar(target, "PRAGMA application_id")]);
        Assert.Equal("ok", Scalar(target, "PRAGMA integrity_check"));

        // The application's connection reads the restored rows and the index, and its next commit goes through the triggers.
        Assert.Equal("3|c", application.Scalar("SELECT rowid, slug FROM docs WHERE rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'cherry');"));
        Assert.Equal("5", application.Scalar("INSERT INTO docs VALUES ('e', 'elderberry'); SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'elderberry';"));
        application.Dispose();
        Assert.Empty(application.Errors);
        CheckFullTextIndex(target);

        string[] checks = [.. result.Checks.Select(c => c.Name)];
        if (journalMode == "wal")
        {
            // A WAL target keeps its page size: the copy was rebuilt, and proven to keep every row where it was.
            Assert.Equal(["Checksum", "Integrity", "RowCounts", "Rowids"], checks);
            Assert.Contains("10 rows of the 3 rowid tables keep their rowids", result.Checks[3].Detail, StringComparison.Ordinal);
            Assert.Contains(observer.Messages, m => m.Contains("VACUUM INTO", StringComparison.Ordinal));
        }
        else
        {
            // SQLite's backup gives a rollback-journal target the backup's page size: nothing is rebuilt.
            Assert.Equal(["Checksum", "Integrity", "RowCounts"], checks);
            Assert.Contains(observer.Messages, m => m.Contains("gives it the backup's page size", StringComparison.Ordinal));
        }

        Assert.Equal(["target.db"], FilesBeside(target));
    }

    [Theory]
    [InlineData("delete", 4096)]
    [InlineData("wal", 8192)]
    public void A_target_with_another_page_size_whose_tables_have_integer_primary_keys_is_restored(string journalMode, int pageSizeAfter)
    {
        string source = _temp.Combine("app.db");
        SampleDatabase.Create(source, 1000);
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        string target = Database("live/app.db", $"PRAGMA page_size = 8192; PRAGMA journal_mode = {journalMode}; CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        using var application = new SqliteShell(target);
        Assert.Equal("1", application.Scalar("SELECT count(*) FROM t;"));

        RestoreResult result = Engines.Restore(backup.BackupPath, target, force: true);

        Assert.Equal(SampleDatabase.Fingerprint(source), SampleDatabase.Fingerprint(target));
        Assert.Equal("1000", application.Scalar("SELECT count(*) FROM orders;"));
        Assert.Equal(pageSizeAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), application.Scalar("PRAGMA page_size;"));
        Assert.Equal(journalMode, application.Scalar("PRAGMA journal_mode;"));
        Assert.Equal("1001", application.Scalar("INSERT INTO orders(customer_id, note) VALUES (1, 'after the restore'); SELECT count(*) FROM orders;"));
        application.Dispose();
        Assert.Empty(application.Errors);
        Assert.Equal(journalMode == "wal", result.Checks.Any(c => c.Name == "Rowids"));
        Assert.Equal(1001, SampleDatabase.Fingerprint(target)["orders"].Rows);
        Assert.Equal("ok", Scalar(target, "PRAGMA integrity_check"));
    }

    [Theory]
    [InlineData("Rebuilding")]
    [InlineData("Comparing")]
    public void Ctrl_C_during_the_rebuild_for_a_WAL_target_leaves_the_target_and_no_copies(string step)
    {
        string source = Database("src.db", "PRAGMA page_size = 8192;" + Documents);
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        string target = Database("live/target.db", "PRAGMA page_size = 4096; PRAGMA journal_mode = wal; CREATE TABLE placeholder(x); INSERT INTO placeholder VALUES (1);");
        using var cancellation = new CancellationTokenSource();
        var observer = new CancellingObserver(cancellation, step);

        Assert.ThrowsAny<OperationCanceledException>(() => Engines.Restore(backup.BackupPath, target, force: true, observer, cancellation.Token));

        Assert.True(observer.Cancelled);
        Assert.Equal("1", Scalar(target, "SELECT count(*) FROM placeholder"));
        Assert.Equal(["target.db"], FilesBeside(target));
    }

    [Fact]
    public void A_plain_VACUUM_with_another_page_size_renumbers_rowids_and_the_comparison_finds_it_while_VACUUM_INTO_keeps_them()
    {
        // What the restore did before: VACUUM to change the page size. The comparison the restore now makes after its rebuild
        // catches exactly that; the rebuild it makes (VACUUM INTO) passes it.
        string original = Database("original.db", "PRAGMA page_size = 8192;" + Documents + "CREATE TABLE kept(id INTEGER PRIMARY KEY, v); INSERT INTO kept VALUES (7, 'x');");
        string vacuumed = _temp.Combine("vacuumed.db");
        File.Copy(original, vacuumed);
        using (var connection = SampleDatabase.Open(vacuumed))
        {
            SampleDatabase.Execute(connection, "PRAGMA page_size = 4096; VACUUM;");
        }

        string into = _temp.Combine("into.db");
        using (var connection = SampleDatabase.Open(original))
        {
            SampleDatabase.Execute(connection, $"PRAGMA page_size = 4096; VACUUM INTO '{into}';");
        }

        using var before = SampleDatabase.Open(original);
        using var renumbered = SampleDatabase.Open(vacuumed);
        using var kept = SampleDatabase.Open(into);

        Assert.Equal("row 2 of 'docs' had rowid 3 and has rowid 2 after the rebuild", SqliteRowComparison.FirstDifference(before, renumbered, out _, out _, CancellationToken.None));
        Assert.Null(SqliteRowComparison.FirstDifference(before, kept, out int tables, out long rows, CancellationToken.None));
        Assert.Equal(4, tables);
        Assert.Equal(11, rows);
    }

    [Fact]
    public void The_rowid_comparison_finds_changed_values_and_refuses_a_table_whose_rowid_names_are_all_columns()
    {
        string original = Database("a.db", "CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 2.5), (2, X'00ff'), (3, 'three');");
        string changed = Database("b.db", "CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 2.5), (2, X'00fe'), (3, 'three');");
        string hidden = Database("c.db", "CREATE TABLE t(rowid, _rowid_, oid); INSERT INTO t VALUES (1, 2, 3);");
        using var a = SampleDatabase.Open(original);
        using var b = SampleDatabase.Open(changed);
        using var c = SampleDatabase.Open(hidden);

        Assert.Equal("rowid 2 of 't' holds other values after the rebuild", SqliteRowComparison.FirstDifference(a, b, out _, out _, CancellationToken.None));
        Assert.Contains("cannot be read to compare", SqliteRowComparison.FirstDifference(c, c, out _, out _, CancellationToken.None), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wal")]
    [InlineData("delete")]
    public void A_target_with_another_text_encoding_is_refused_and_its_open_connections_keep_working(string journalMode)
    {
        string source = Database("src.db", "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t(name) VALUES ('Zoë'), ('日本');");
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        string target = Database("live/target.db", $"PRAGMA page_size = 512; PRAGMA journal_mode = {journalMode}; CREATE TABLE z(a); INSERT INTO z VALUES ('old');");
        using var application = new SqliteShell(target);
        Assert.Equal("old", application.Scalar("SELECT a FROM z;"));
        var before = SampleDatabase.Fingerprint(target);
        byte[] bytes = SampleDatabase.ReadAllBytesShared(target);
        var observer = new RecordingObserver();

        var error = Assert.Throws<OpsException>(() => Engines.Restore(backup.BackupPath, target, force: true, observer));

        Assert.Equal(before, SampleDatabase.Fingerprint(target));
        if (journalMode == "delete")
        {
            Assert.Equal(bytes, SampleDatabase.ReadAllBytesShared(target));
        }

        Assert.Equal(ErrorIds.RestoreTargetEncodingMismatch, error.ErrorId);
        Assert.Equal(OpsErrorCategory.InvalidOperation, error.Category);
        Assert.Equal(target, error.Target);
        Assert.Contains("The backup's text encoding is UTF-16le and the restore target", error.Message, StringComparison.Ordinal);
        Assert.Contains("is a UTF-8 database", error.Message, StringComparison.Ordinal);
        Assert.Contains("The target was not touched", error.Message, StringComparison.Ordinal);
        Assert.Contains("restore into a new file", error.Message, StringComparison.Ordinal);

        // Refused before the copy was checked (the early look at the target), so nothing was rebuilt for the WAL target's page size.
        Assert.DoesNotContain(observer.ProgressRecords, p => p.Status.Contains("quick_check", StringComparison.Ordinal));
        Assert.Equal("2", application.Scalar("INSERT INTO z VALUES ('after'); SELECT count(*) FROM z;"));
        Assert.Equal("UTF-8", application.Scalar("PRAGMA encoding;"));
        application.Dispose();
        Assert.Empty(application.Errors);
        Assert.Equal(2, SampleDatabase.Fingerprint(target)["z"].Rows);
        Assert.Equal(["target.db"], FilesBeside(target));
    }

    [Fact]
    public void SQLite_connections_holding_a_database_cannot_read_it_after_its_encoding_changed_under_them()
    {
        // Why another encoding is refused: SQLite's own backup API (sqlite3's .restore) copies the UTF-16 pages into the
        // UTF-8 database, and the application's connection, which has read the old schema, cannot read the new one.
        string source = Database("src.db", "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t(name TEXT); INSERT INTO t VALUES ('Zoë');");
        string target = Database("live/target.db", "CREATE TABLE z(a); INSERT INTO z VALUES ('old');");
        using var application = new SqliteShell(target, "-batch");
        Assert.Equal("old", application.Scalar("SELECT a FROM z;"));

        using (var from = SampleDatabase.Open(source))
        using (var into = SampleDatabase.Open(target))
        {
            from.BackupDatabase(into);
        }

        Assert.Empty(application.Run("SELECT name FROM t;"));
        Assert.Empty(application.Run("SELECT a FROM z;"));
        application.Dispose();
        Assert.Contains("attached databases must use the same text encoding as main database", application.Errors, StringComparison.Ordinal);
        Assert.Equal("Zoë", Scalar(target, "SELECT name FROM t"));
    }

    [Theory]
    [InlineData("an empty file")]
    [InlineData("a database without tables")]
    public void A_target_without_a_schema_takes_the_backups_encoding_and_its_open_connections_read_it(string what)
    {
        string source = Database("src.db", "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t(name) VALUES ('Zoë');");
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        string target = _temp.Combine("live", "target.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (what == "an empty file")
        {
            File.WriteAllBytes(target, []);
        }
        else
        {
            Database("live/target.db", "PRAGMA user_version = 7;");
        }

        using var application = new SqliteShell(target);
        Assert.Equal("0", application.Scalar("SELECT count(*) FROM sqlite_schema;"));

        Engines.Restore(backup.BackupPath, target, force: true);

        Assert.Equal("Zoë", application.Scalar("SELECT name FROM t;"));
        Assert.Equal("UTF-16le", application.Scalar("PRAGMA encoding;"));
        application.Dispose();
        Assert.Empty(application.Errors);
        Assert.Equal("UTF-16le", Scalar(target, "PRAGMA encoding"));
    }

    [SkippableFact]
    public void A_checkpoint_that_fails_after_the_copy_committed_is_a_warning_and_the_restore_succeeds()
    {
        // The tester's case: after the copy into a WAL target committed, its checkpoint failed and the restore was reported
        // failed (a raw SqliteException) though the target had been replaced. Here the checkpoint fails for real: the disk
        // holds the copy beside the target and the restored pages in the -wal, not the database file's growth as well.
        string source = _temp.Combine("app.db");
        CreateIncompressible(source, rows: 6000, "delete");
        BackupInfo backup = Engines.Backup(source, _temp.Combine("backups"));
        long size = new FileInfo(source).Length;
        using SmallFileSystem small = SmallFileSystem.Mount(_temp.Combine("small"), sizeKilobytes: (int)(size * 5 / 2 / 1024));
        string target = Path.Combine(small.Path, "live.db");
        CreateIncompressible(target, rows: 10, "wal");
        using var application = new SqliteShell(target);
        Assert.Equal("10", application.Scalar("SELECT count(*) FROM blobs;"));
        var observer = new RecordingObserver();

        RestoreResult result = Engines.Restore(backup.BackupPath, target, force: true, observer);

        Assert.True(result.Replaced);
        string warning = Assert.Single(observer.Warnings);
        Assert.Contains($"'{target}' is restored", warning, StringComparison.Ordinal);
        Assert.Contains("-wal must stay", warning, StringComparison.Ordinal);
        Assert.Equal("6000", application.Scalar("SELECT count(*) FROM blobs;"));
        application.Dispose();
        Assert.Equal("6000", Scalar(target, "SELECT count(*) FROM blobs"));
    }

    private static void CreateIncompressible(string path, int rows, string journalMode)
    {
        using var connection = SampleDatabase.Open(path);
        SampleDatabase.Execute(connection, $"PRAGMA journal_mode = {journalMode}");
        SampleDatabase.Execute(connection, "CREATE TABLE blobs(id INTEGER PRIMARY KEY, b BLOB)");
        SampleDatabase.Execute(connection, $"WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {rows}) INSERT INTO blobs SELECT i, randomblob(300) FROM c");
    }
}
