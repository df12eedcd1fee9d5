using System;
using System.Collections.Generic;
using System.Linq;
using Npgsql;
using OpsModule.Engine.Common;
using OpsModule.Engine.Databases.Postgres;
using OpsModule.Engine.Health;
using OpsModule.Engine.Health.Checks;
using OpsModule.Engine.Maintenance;
using Xunit;

namespace OpsModule.Engine.Tests.Postgres;

/// <summary>
/// postgres:// URIs with raw (not percent-encoded) passwords of every kind of character: each is read exactly as
/// written or refused as InvalidArgument that shows no part of the password (adv85's F1, F5 and F10).
/// </summary>
public sealed class PgUriTests
{
    private const string Shown = "postgres://opsbk:***@127.0.0.1:5433/Pagila-Prod";

    /// <summary>The characters a URI or a connection string treats specially, and some that are only awkward.</summary>
    private const string Specials = "@/?#% &:;\\=+'\",[]!~\t";

    /// <summary>
    /// Every ordered triple of special characters between letters no message has (Jq, Xz, Kv, Wy), so that every
    /// 3-character fragment of the password holds one of them and shows if any part of the password leaks.
    /// </summary>
    public static IEnumerable<string> MarkedPasswords() =>
        from a in Specials
        from b in Specials
        from c in Specials
        select $"Jq{a}Xz{b}Kv{c}Wy";

    [Fact]
    public void Every_raw_password_is_read_exactly_or_refused_without_any_fragment_of_it()
    {
        int read = 0, refused = 0;
        foreach (string password in MarkedPasswords())
        {
            foreach (string scheme in new[] { "postgres", "postgresql", "PostgreSQL" })
            {
                string uri = $"{scheme}://opsbk:{password}@127.0.0.1:5433/Pagila-Prod";
                if (Outcome(uri, password, $"{scheme}://opsbk:***@127.0.0.1:5433/Pagila-Prod") is null)
                {
                    read++;
                }
                else
                {
                    refused++;
                    foreach (string fragment in Fragments(password))
                    {
                        Assert.DoesNotContain(fragment, Outcome(uri, password, $"{scheme}://opsbk:***@127.0.0.1:5433/Pagila-Prod")!.Message, StringComparison.Ordinal);
                    }
                }
            }
        }

        Assert.True(read > 1000 && refused > 1000, $"{read} read, {refused} refused");
    }

    [Fact]
    public void Raw_passwords_of_special_characters_only_are_read_exactly_or_refused_showing_only_the_host()
    {
        IEnumerable<string> passwords = (from a in Specials select a.ToString())
            .Concat(from a in Specials from b in Specials select $"{a}{b}")
            .Concat(from a in Specials from b in Specials from c in Specials select $"{a}{b}{c}");
        foreach (string password in passwords)
        {
            _ = Outcome($"postgres://opsbk:{password}@127.0.0.1:5433/Pagila-Prod", password, Shown);
        }
    }

    [Theory]
    [InlineData("my p@ss/word?100% sure")]
    [InlineData("Zx@9/q?%& z")]
    [InlineData("a@127.0.0.1:5433/postgres#%& z")]
    [InlineData("a@127.0.0.1:5433/postgres?%& z")]
    [InlineData("Sx@1:/?#%& z;'\"\\end")]
    [InlineData("pw@otherhost:5432/postgres#tail")]
    [InlineData("a@localhost:5433/postgres?%zz")]
    [InlineData("P@ss?w%rd!")]
    [InlineData("k#9%Qz@L")]
    [InlineData("Lm@n0/p#%&q")]
    public void The_testers_raw_passwords_are_refused_showing_the_password_as_stars(string password)
    {
        // Before: the whole URI was quoted ("Couldn't set 100% sure@127.0.0.1..."), or database postgres / host '1' was used.
        OpsException error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse($"postgres://opsbk:{password}@127.0.0.1:5433/Pagila-Prod", null, null));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Equal(Shown, error.Target);
        Assert.StartsWith($"The connection string '{Shown}' cannot be read: it has ", error.Message, StringComparison.Ordinal);
        Assert.Contains("%40", error.Message, StringComparison.Ordinal);
        Assert.Contains("-Credential", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Couldn't set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password[3..], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pa ss")]
    [InlineData("pa%ss")]
    [InlineData("abc%zz")]
    [InlineData("correct horse 100% battery")]
    [InlineData("a\\b")]
    [InlineData("pa:ss")]
    [InlineData("a;b'c\"d&e=f")]
    [InlineData("100%")]
    public void Raw_passwords_without_at_slash_question_mark_or_hash_are_read_as_written(string password)
    {
        // 'a\b' before: "Invalid URI: Invalid port specified".
        NpgsqlConnectionStringBuilder read = PgConnectionInfo.Read($"postgres://opsbk:{password}@127.0.0.1:5433/Pagila-Prod", null, null);

        Assert.Equal(password, read.Password);
        Assert.Equal("127.0.0.1", read.Host);
        Assert.Equal(5433, read.Port);
        Assert.Equal("Pagila-Prod", read.Database);
    }

    [Fact]
    public void Every_password_percent_encoded_in_a_uri_or_in_the_keyword_form_is_read_exactly()
    {
        foreach (string password in MarkedPasswords().Concat(["my p@ss/word?100% sure", "%41%zz", "ü€ \u00a0x"]))
        {
            NpgsqlConnectionStringBuilder encoded = PgConnectionInfo.Read($"postgresql://opsbk:{Uri.EscapeDataString(password)}@db.example:5433/Pagila-Prod?sslmode=require", null, null);
            Assert.Equal(password, encoded.Password);
            Assert.Equal("db.example", encoded.Host);
            Assert.Equal("Pagila-Prod", encoded.Database);
            Assert.Equal(SslMode.Require, encoded.SslMode);

            string keyword = new NpgsqlConnectionStringBuilder { Host = "db.example", Port = 5433, Database = "Pagila-Prod", Username = "opsbk", Password = password }.ConnectionString;
            Assert.Equal(password, PgConnectionInfo.Read(keyword, null, null).Password);
        }
    }

    [Fact]
    public void A_credential_wins_over_a_uri_that_has_no_password()
    {
        PgConnectionInfo info = PgConnectionInfo.Parse("postgres://opsbk@127.0.0.1:5433/Pagila-Prod", null, "my p@ss/word?100% sure");

        Assert.Equal("my p@ss/word?100% sure", new NpgsqlConnectionStringBuilder(info.ConnectionString).Password);
        Assert.Equal("postgres://opsbk@127.0.0.1:5433/Pagila-Prod", info.Display);
    }

    [Theory]
    [InlineData("postgres://opsbk:S3cretPw/Pagila-Prod", "postgres://opsbk:***")]
    [InlineData("postgres://admin:S3cret/Passw0rd", "postgres://admin:***")]
    [InlineData("postgres://h/db?password=S3cret@Pw", "postgres://h:***")]
    [InlineData("postgres://user@127.0.0.1:99999/db?password=S3cret#TailPw", "postgres://user@127.0.0.1:99999/db?password=***")]
    [InlineData("postgres://opsbk@h/db?psw=S3cretPw&bogus=1", "postgres://opsbk@h/db?psw=***&bogus=1")]
    [InlineData("postgres://opsbk:S3cret Pw", "postgres://opsbk:***")]
    [InlineData("  postgres://opsbk:S3c@ret Pw@127.0.0.1:5433/Pagila-Prod", Shown)]
    [InlineData("mysql://opsbk:S3cret Pw@127.0.0.1:5433/Pagila-Prod", "mysql://opsbk:***@127.0.0.1:5433/Pagila-Prod")]
    [InlineData("jdbc:postgresql://opsbk:S3cret Pw@127.0.0.1:5433/Pagila-Prod", "jdbc:postgresql://opsbk:***@127.0.0.1:5433/Pagila-Prod")]
    [InlineData("postgres://opsbk@127.0.0.1:5433/Pagila-Prod?password=S3cret Pw&bogus=1", "postgres://opsbk@127.0.0.1:5433/Pagila-Prod?password=***&bogus=1")]
    [InlineData("postgres://opsbk:S3cretPw@[::1/Pagila-Prod", "postgres://opsbk:***@[::1/Pagila-Prod")]
    [InlineData("postgres://opsbk:S3cretPw@127.0.0.1:5433/Pagila-Prod?connect_timeout=S3cret", "postgres://opsbk:***@127.0.0.1:5433/Pagila-Prod?connect_timeout=S3cret")]
    public void Any_text_with_a_scheme_is_read_as_a_uri_and_refused_as_one_without_its_password(string text, string shown)
    {
        // Never the keyword parser (whose messages quote the text), never .NET's Uri.
        OpsException error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse(text, null, null));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Equal(shown, error.Target);
        Assert.StartsWith($"The connection string '{shown}' cannot be read: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Pw", error.Message.Replace("Port=", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://h/db", "h", 5432, "db", null)]
    [InlineData("postgresql://app%40corp:p%3Ass@[::1]:6543/shop%20db?sslmode=require&application_name=x", "::1", 6543, "shop db", "app@corp")]
    [InlineData("postgres://u@h:5433/db#ignored", "h", 5433, "db", "u")]
    [InlineData("postgres://u@h:5433", "h", 5433, "", "u")]
    [InlineData("postgres://u@h:/db?Command%20Timeout=5", "h", 5432, "db", "u")]
    [InlineData("postgres:///db?host=/var/run/postgresql", "/var/run/postgresql", 5432, "db", null)]
    public void Uris_that_were_read_before_are_read_the_same(string uri, string host, int port, string database, string? user)
    {
        NpgsqlConnectionStringBuilder read = PgConnectionInfo.Read(uri, null, null);

        Assert.Equal(host, read.Host);
        Assert.Equal(port, read.Port);
        Assert.Equal(database, read.Database ?? string.Empty);
        Assert.Equal(user, read.Username);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("REQUIRE", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void A_uri_sslmode_is_read_as_libpq_reads_it(string value, SslMode mode)
    {
        Assert.Equal(mode, PgConnectionInfo.Read($"postgres://app:pw@127.0.0.1:5433/db?sslmode={value}", null, null).SslMode);
    }

    [Theory]
    [InlineData("requre")]
    [InlineData("verify-ful")]
    [InlineData("")]
    public void A_uri_sslmode_libpq_does_not_know_is_refused_not_read_as_prefer(string value)
    {
        // helper-125: ?sslmode=requre connected without TLS (any unknown value was Prefer), sending the password in the clear
        // to a server that offers no TLS; libpq refuses it ("invalid sslmode value").
        OpsException error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse($"postgres://app:S3cretPw@127.0.0.1:5433/db?sslmode={value}", null, null));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("sslmode", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cretPw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_at_sign_in_a_setting_of_a_uri_whose_user_is_given_is_the_settings_as_libpq_reads_it()
    {
        // Read before this parser, and by psql (helper-88's 1).
        NpgsqlConnectionStringBuilder read = PgConnectionInfo.Read("postgres://app@127.0.0.1:42421/appdb?application_name=backup@host1&password=app%20pw%251", null, null);

        Assert.Equal(("127.0.0.1", 42421, "appdb", "app", "app pw%1", "backup@host1"), (read.Host, read.Port, read.Database, read.Username, read.Password, read.ApplicationName));
    }

    [Theory]
    [InlineData("postgres://user:M@evil:1/?application_name=lO@127.0.0.1:5433/db", "M@evil")]
    [InlineData("postgres://user:Pa@ss?application_name=Xy@127.0.0.1:5433/db", "Pa@ss")]
    [InlineData("postgres://user:Pa@ss?password=Xy@127.0.0.1:5433/db", "Pa@ss")]
    [InlineData("postgres://user:@/jGYr&nmy\"?password=@127.0.0.1:5433/db", "jGYr")]
    [InlineData("postgres://user:PsoU@127.0.0.1:5433/db?password=@127.0.0.1:5433/db", "PsoU")]
    [InlineData("postgres://user:Kx7@Qm9&psw=1@127.0.0.1:5433/db", "Qm9")]
    [InlineData("postgres://user:Kx7@Qm9password=1@127.0.0.1:5433/db", "Qm9")]
    [InlineData("postgres://user:Tr0ub4dor:pw=1@127.0.0.1:99999/db", "Tr0ub")]
    [InlineData("postgres://user:Tr0ub:4dor&psw=1@127.0.0.1:99999/db", "Tr0ub")]
    [InlineData("postgres://user:Tr0ub4dor:key/x=1@127.0.0.1:5433/db", "Tr0ub")]
    [InlineData("postgres://user:2024/Secr3tPw?password=1@127.0.0.1:5433/db", "Secr3t")]
    [InlineData("postgres://user:/Secr3tPw?password=1@127.0.0.1:5433/db", "Secr3t")]
    [InlineData("postgres://user:Secr3t]/Pw?psw=1@127.0.0.1:5433/db", "Secr3t")]
    public void Passwords_that_end_in_what_looks_like_a_setting_or_a_host_are_refused_and_not_shown(string uri, string fragment)
    {
        // helper-89's fuzzing: guessed (another host, a prefix of the password) or shown in the refusal.
        OpsException error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse(uri, null, null));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.DoesNotContain(fragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fragment, error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u@[2001:DB8::1]:5432/db", "2001:db8::1")]
    [InlineData("postgres://u@[0:0:0:0:0:0:0:1]/db", "::1")]
    [InlineData("postgres://u@[::1]:5433/db", "::1")]
    public void An_ipv6_host_is_read_in_the_form_it_had_before_so_backups_keep_their_source(string uri, string host)
    {
        // The host is part of a backup's Source, its identity in the catalog (helper-88's 2).
        Assert.Equal(host, PgConnectionInfo.Read(uri, null, null).Host);
    }

    [Fact]
    public void Npgsqls_psw_is_a_password_in_the_keyword_form_too()
    {
        Assert.Equal("Host=h;Psw=***;Database=d", Redaction.Redact("Host=h;Psw=S3cretPw;Database=d"));
    }

    [Fact]
    public void A_maintenance_target_shows_the_uri_form_of_the_other_cmdlets()
    {
        // Before: "Host=h;Port=5;Username=u;Password=***;Database=d;Pooling=False;Application Name=OpsModule".
        Assert.Equal("postgres://u@h:5/d", DatabaseTarget.Pg("Host=h;Port=5;Username=u;Password=p;Database=d", null, null).Display);
        Assert.Equal("postgres://u@h:5/u", DatabaseTarget.Pg("postgres://u:p@h:5", null, null).Display);
    }

    [Fact]
    public void A_health_check_definition_with_such_a_uri_shows_no_part_of_the_password()
    {
        var error = Assert.Throws<HealthDefinitionException>(() => PostgresHealthCheck.Connection("postgres://opsbk:my p@ss/word?100% sure@127.0.0.1:5433/Pagila-Prod", null, null));

        Assert.StartsWith($"'{Shown}' is not a PostgreSQL connection string: it has ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sure", error.Message, StringComparison.Ordinal);
        Assert.Equal("postgres://opsbk:***@h/db", PgConnectionInfo.Shown("postgres://opsbk:pa ss@h/db"));
    }

    /// <summary>
    /// Reads the URI: null when it gave exactly the host, port, database, user and password written, else the
    /// refusal, which must be InvalidArgument showing the URI as <paramref name="shown"/> and the password nowhere.
    /// </summary>
    private static OpsException? Outcome(string uri, string password, string shown)
    {
        PgConnectionInfo info;
        try
        {
            info = PgConnectionInfo.Parse(uri, null, null);
        }
        catch (OpsException error)
        {
            Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
            Assert.Equal(shown, error.Target);
            Assert.StartsWith($"The connection string '{shown}' cannot be read: it has ", error.Message, StringComparison.Ordinal);
            Assert.True(password.AsSpan().IndexOfAny("@/?#") >= 0, $"refused [{password}]: {error.Message}");
            return error;
        }

        Assert.True(password.AsSpan().IndexOfAny("@/?#") < 0, $"read [{password}] as {info.Display}");
        var read = new NpgsqlConnectionStringBuilder(info.ConnectionString);
        Assert.Equal(Uri.UnescapeDataString(password), read.Password);
        Assert.Equal("127.0.0.1", info.Host);
        Assert.Equal(5433, info.Port);
        Assert.Equal("Pagila-Prod", info.Database);
        Assert.Equal("opsbk", info.UserName);
        return null;
    }

    private static IEnumerable<string> Fragments(string password) =>
        Enumerable.Range(0, password.Length - 2).Select(start => password.Substring(start, 3));
}
