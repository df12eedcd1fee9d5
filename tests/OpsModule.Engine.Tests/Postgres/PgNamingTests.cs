using System;
using System.Linq;
using System.Text;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Postgres;
using Xunit;

namespace OpsModule.Engine.Tests.Postgres;

/// <summary>Connection strings and URIs, redaction, and the names the PostgreSQL engine makes.</summary>
public sealed class PgNamingTests
{
    [Fact]
    public async System.Threading.Tasks.Task A_refused_connection_ends_the_servers_sentence_before_the_advice()
    {
        // Port 1 on loopback: nothing listens, the real socket error ("Failed to connect to 127.0.0.1:1") is quoted.
        PgConnectionInfo info = PgConnectionInfo.Parse("Host=127.0.0.1;Port=1;Database=shop;Username=app;Timeout=2", null, null);

        OpsException ex = await Assert.ThrowsAsync<OpsException>(() => info.OpenAsync(System.Threading.CancellationToken.None));

        Assert.Equal(ErrorIds.DatabaseConnectionFailed, ex.ErrorId);
        Assert.Matches(@"^Cannot connect to postgres://app@127\.0\.0\.1:1/shop: .*[^.]\. Check the host, port, database name and credentials\.$", ex.Message);
    }

    [Theory]
    [InlineData("28P01: password authentication failed for user \"postgres\"", "28P01: password authentication failed for user \"postgres\".")]
    [InlineData("Done.", "Done.")]
    [InlineData("Is it? ", "Is it?")]
    public void Quoted_text_becomes_one_sentence(string text, string expected) => Assert.Equal(expected, Messages.Sentence(text));

    [Fact]
    public void A_uri_gives_host_port_database_and_user_and_shows_no_password()
    {
        PgConnectionInfo info = PgConnectionInfo.Parse("postgresql://app%40corp:p%3Ass@db.example:6543/shop%20db?sslmode=require", null, null);

        Assert.Equal("db.example", info.Host);
        Assert.Equal(6543, info.Port);
        Assert.Equal("shop db", info.Database);
        Assert.Equal("app@corp", info.UserName);
        Assert.True(info.HasPassword);
        Assert.Equal("postgres://app%40corp@db.example:6543/shop%20db", info.Display);
        using ToolLogin login = info.ToolEnvironment(info.Database);
        Assert.Equal("require", login.Environment["PGSSLMODE"]);
        Assert.Null(login.Environment["PGPASSWORD"]);
        Assert.DoesNotContain(login.Environment.Values, v => v is not null && v.Contains("p:ss", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("postgres://postgres:S3cret@9#x@db1/pagila")]
    [InlineData("postgres://postgres:S3cret@9?x@db1/pagila")]
    [InlineData("postgres://postgres:S3c@ret@db1/pagila")]
    public void A_uri_with_a_raw_at_sign_in_its_password_says_to_write_it_as_percent_40_and_shows_no_password(string uri)
    {
        // Before, the first read as host '9' and failed with "names no database".
        var error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse(uri, null, null));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("%40", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S3c", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S3c", error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://app:Kx7@Qm2/Vb9?Zt4@db.example:5432/app")]
    [InlineData("postgres://app:Kx7@Qm2?Vb9/Zt4@db.example/app")]
    [InlineData("postgres://app:Kx7/Qm2@db.example/app")]
    [InlineData("postgresql://app:Kx7@Qm9?ab=cd@db.example:5432/app")]
    public void A_uri_with_a_raw_slash_or_question_mark_in_its_password_is_refused_and_shows_no_part_of_it(string uri)
    {
        // Before, the URI read as host 'Qm2' and database 'Vb9', and Npgsql's "Couldn't set Zt4@db.example..." was quoted.
        var error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse(uri, null, null));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Matches("%2F|%40", error.Message);
        foreach (string fragment in new[] { "Kx7", "Qm2", "Vb9", "Zt4", "Qm9", "ab=cd" })
        {
            Assert.DoesNotContain(fragment, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(fragment, error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_uri_with_the_same_password_percent_encoded_is_read()
    {
        PgConnectionInfo info = PgConnectionInfo.Parse("postgresql://app:Kx7%40Qm2%2FVb9%3FZt4@db.example:5432/app", null, null);

        Assert.Equal("db.example", info.Host);
        Assert.Equal("app", info.Database);
        Assert.Equal("Kx7@Qm2/Vb9?Zt4", new Npgsql.NpgsqlConnectionStringBuilder(info.ConnectionString).Password);
    }

    [Fact]
    public void The_passfile_holds_the_escaped_password_with_mode_0600_and_is_removed_on_dispose()
    {
        PgConnectionInfo info = PgConnectionInfo.Parse("Host=h;Database=d;Username=u;Password=a:b\\c", null, null);
        string passfile;
        using (ToolLogin login = info.ToolEnvironment("d"))
        {
            passfile = login.Environment["PGPASSFILE"]!;
            Assert.Equal("*:*:*:*:a\\:b\\\\c\n", ReadAsTheToolsDo(passfile));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(passfile));
            }
        }

        Assert.False(System.IO.File.Exists(passfile));
    }

    [Fact]
    public void A_credential_wins_over_the_connection_string()
    {
        PgConnectionInfo info = PgConnectionInfo.Parse("Host=h;Database=d;Username=old;Password=old", "new", "secret");

        Assert.Equal("new", info.UserName);
        using ToolLogin login = info.ToolEnvironment("d");
        Assert.Equal("new", login.Environment["PGUSER"]);
        Assert.Contains("secret", ReadAsTheToolsDo(login.Environment["PGPASSFILE"]!), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_connection_string_is_InvalidArgument_without_its_password()
    {
        var error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse("Host=h;Password=hunter2;Bogus Key=1", null, null));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=x;Password=hunter2;Database=d", "Host=x;Password=***;Database=d")]
    [InlineData("Host=x;PWD='a;b';Database=d", "Host=x;PWD=***;Database=d")]
    [InlineData("connect postgres://bob:hunter2@db/app failed", "connect postgres://bob:***@db/app failed")]
    [InlineData("postgresql://bob:hunter2@db:5432/app", "postgresql://bob:***@db:5432/app")]
    public void Redaction_removes_passwords_from_keywords_and_uris(string text, string expected) =>
        Assert.Equal(expected, Redaction.Redact(text));

    [Fact]
    public void Sibling_names_fit_in_63_bytes_without_splitting_a_character()
    {
        string target = string.Concat(Enumerable.Repeat("ü", 60));
        string name = PgRestore.SiblingName(target, "restore", new DateTime(2026, 11, 27, 1, 2, 3, DateTimeKind.Utc));

        Assert.True(Encoding.UTF8.GetByteCount(name) <= 63);
        Assert.EndsWith("_restore_20261127T010203", name, StringComparison.Ordinal);
        Assert.StartsWith("üü", name, StringComparison.Ordinal);
        Assert.Equal("app_restore_20261127T010203", PgRestore.SiblingName("app", "restore", new DateTime(2026, 11, 27, 1, 2, 3, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("app", "app")]
    [InlineData("../../etc/passwd", "______etc_passwd")]
    [InlineData("a/b", "a_b")]
    [InlineData("..", "__")]
    [InlineData("my app", "my_app")]
    public void Artifact_names_are_safe_for_any_database_name(string database, string expected) =>
        Assert.Equal(expected, PgDatabaseEngine.SafeName(database));

    [Fact]
    public void The_archive_script_gives_the_database_entries_rewritten_for_another_name()
    {
        const string Script = """
            --
            -- Name: my app; Type: DATABASE; Schema: -; Owner: alice
            --

            CREATE DATABASE "my app" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';


            ALTER DATABASE "my app" OWNER TO alice;

            \connect -reuse-previous=on "dbname='my app'"

            SET statement_timeout = 0;
            --
            -- Name: DATABASE "my app"; Type: COMMENT; Schema: -; Owner: alice
            --

            COMMENT ON DATABASE "my app" IS 'about DATABASE "my app"';


            --
            -- Name: my app; Type: DATABASE PROPERTIES; Schema: -; Owner: alice
            --

            ALTER DATABASE "my app" SET work_mem TO '8MB';

            --
            -- Name: t; Type: TABLE; Schema: public; Owner: postgres
            --

            CREATE TABLE public.t (a integer);
            --
            -- Name: DATABASE "my app"; Type: ACL; Schema: -; Owner: alice
            --

            REVOKE CONNECT,TEMPORARY ON DATABASE "my app" FROM PUBLIC;
            GRANT TEMPORARY ON DATABASE "my app" TO PUBLIC;
            """;

        PgArchiveScript parsed = PgArchiveScript.Parse(Script);

        Assert.Equal("CREATE DATABASE \"x\" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';", parsed.For(parsed.CreateSql!, "x"));
        Assert.Equal("ALTER DATABASE \"x\" OWNER TO alice;", parsed.For(parsed.OwnerSql!, "x"));
        Assert.Equal("COMMENT ON DATABASE \"x\" IS 'about DATABASE \"my app\"';", parsed.For(parsed.CommentSql!, "x"));
        Assert.Equal(["ALTER DATABASE \"my app\" SET work_mem TO '8MB';"], parsed.PropertiesSql);
        Assert.Equal(2, parsed.AclSql.Count);
        Assert.Equal("GRANT TEMPORARY ON DATABASE \"x\" TO PUBLIC;", parsed.For(parsed.AclSql[1], "x"));
    }

    /// <summary>
    /// A passfile's text as pg_dump reads it: another program, which takes no lock. (.NET here would ask for a shared
    /// lock, which the run's exclusive lock on a live passfile refuses.)
    /// </summary>
    private static string ReadAsTheToolsDo(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return System.IO.File.ReadAllText(path);
        }

        using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true })!;
        string text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        Assert.Equal(0, cat.ExitCode);
        return text;
    }
}
