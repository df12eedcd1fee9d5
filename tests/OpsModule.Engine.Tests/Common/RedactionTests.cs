using System.Collections.Generic;
using OpsModule.Engine.Common;
using Xunit;

namespace OpsModule.Engine.Tests.Common;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("Host=x;Password=hunter2;Database=d", "Host=x;Password=***;Database=d")]
    [InlineData("Host=x;Password=\"a;\"\"b\";Database=d", "Host=x;Password=***;Database=d")]
    [InlineData("https://bob:hunter2@api.example.com/health", "https://bob:***@api.example.com/health")]
    [InlineData("https://api.example.com/health?token=hunter2&verbose=1", "https://api.example.com/health?token=***&verbose=1")]
    [InlineData("https://h/x?a=1&api_key=hunter2#top", "https://h/x?a=1&api_key=***#top")]
    [InlineData("postgres://bob@db/app?password=hunter2&sslmode=require", "postgres://bob@db/app?password=***&sslmode=require")]
    [InlineData("https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA1&X-Amz-Signature=abcdef", "https://b.s3.amazonaws.com/k?X-Amz-Credential=***&X-Amz-Signature=***")]
    [InlineData("postgres://bob:hunter2@db/app?password=hunter3", "postgres://bob:***@db/app?password=***")]
    [InlineData("https://api.example.com:8443/health", "https://api.example.com:8443/health")]
    [InlineData("user_password_reset table", "user_password_reset table")]
    [InlineData("The connection string 'Host=a;Password=***' cannot be read: setting 2 opens a quote; Use", "The connection string 'Host=a;Password=***' cannot be read: setting 2 opens a quote; Use")]
    [InlineData("Password=***", "Password=***")]
    [InlineData("Host=x;Password=***x' y;Port=1", "Host=x;Password=***;Port=1")]
    [InlineData("Health check 'Host=db;Password=***' (Postgres 'Host=db;Username=mon;Password=***') is Unknown: password authentication failed", "Health check 'Host=db;Password=***' (Postgres 'Host=db;Username=mon;Password=***') is Unknown: password authentication failed")]
    [InlineData("Health check 'h' (Http 'http://127.0.0.1:1/x?client_secret=***') is Unhealthy: refused", "Health check 'h' (Http 'http://127.0.0.1:1/x?client_secret=***') is Unhealthy: refused")]
    [InlineData("Host=db;Password=***)x y", "Host=db;Password=***")]
    [InlineData("Host=db;Password=*** Secret1;Port=1", "Host=db;Password=***;Port=1")]
    [InlineData("Host=db;Password=***) Secret1", "Host=db;Password=***")]
    [InlineData("Host=db;Password=***'Secret1", "Host=db;Password=***")]
    [InlineData("Pwd=***]] secret", "Pwd=***")]
    [InlineData("http://john.doe:2024?Secret9@127.0.0.1:18181/ok", "http://john.doe:***@127.0.0.1:18181/ok")]
    [InlineData("http://asiaops@host/x", "http://asiaops@host/x")]
    [InlineData("https://Ab1-cD2_eF3gH4iJ5kL6mN7oP8@h/x", "https://***@h/x")]
    [InlineData("https://npm_abcdefghijklmnop@registry/x", "https://***@registry/x")]
    [InlineData("https://eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig@h/x", "https://***@h/x")]
    [InlineData("https://AKIAIOSFODNN7EXAMPLE@h/x", "https://***@h/x")]
    [InlineData("https://AKIAMAINT@h/x", "https://AKIAMAINT@h/x")]
    [InlineData("https://sk-admin@h/x", "https://sk-admin@h/x")]
    [InlineData("https://serviceaccount2024prod@h/x", "https://serviceaccount2024prod@h/x")]
    [InlineData("http://deploy-bot-2024-prod-user@host/x", "http://deploy-bot-2024-prod-user@host/x")]
    [InlineData("Postgres check 'Host=db1;Password=***': 'Host=db1;Password=***' is not a PostgreSQL connection string", "Postgres check 'Host=db1;Password=***': 'Host=db1;Password=***' is not a PostgreSQL connection string")]
    [InlineData("http://ghp_UserTokenZZ1234567@127.0.0.1:18080/ok", "http://***@127.0.0.1:18080/ok")]
    [InlineData("https://glpat-abc@gitlab.example/x", "https://***@gitlab.example/x")]
    [InlineData("postgres://postgres@db/app", "postgres://postgres@db/app")]
    [InlineData("postgres://backup_user@db.example:5432/shop", "postgres://backup_user@db.example:5432/shop")]
    [InlineData("postgres://admin:1234/x@db/app", "postgres://admin:***@db/app")]
    [InlineData("https://john.doe:2024/pass@git.example.com/x", "https://john.doe:***@git.example.com/x")]
    [InlineData("http://h/x?token=***abc", "http://h/x?token=***")]
    public void Redact_masks_passwords_and_secret_query_values_and_keeps_the_rest(string text, string expected) =>
        Assert.Equal(expected, Redaction.Redact(text));

    [Theory]
    [InlineData("Host=db;Password=***' Secret1", "Host=db;Password=***")]
    [InlineData("Host=db;Password=***': x;Port=1", "Host=db;Password=***;Port=1")]
    [InlineData("Host=db;Password='a;b';Port=1", "Host=db;Password=***;Port=1")]
    [InlineData("Host=db;Username=u", "Host=db;Username=u")]
    public void RedactInput_masks_a_password_that_starts_with_the_mask_whole(string text, string expected) =>
        Assert.Equal(expected, Redaction.RedactInput(text));

    [Theory]
    [InlineData("postgres://backup:P@ssw0rd-Tr0ub4dor@db1.example:5432/shop", "postgres://backup:***@db1.example:5432/shop")]
    [InlineData("The connection string 'postgres://backup:P@ss@w0rd@db1/shop' cannot be read", "The connection string 'postgres://backup:***@db1/shop' cannot be read")]
    [InlineData("https://admin:p@ss@host.example/health?x=1", "https://admin:***@host.example/health?x=1")]
    [InlineData("s3://AKIA:se@cr@et@bucket/prefix", "s3://AKIA:***@bucket/prefix")]
    [InlineData("postgres://u:ab/cd@host/db", "postgres://u:***@host/db")]
    [InlineData("postgres://app:Tr0ub@dor#3@db1/shop", "postgres://app:***@db1/shop")]
    [InlineData("postgres://admin@myserver:Pw0rd@myserver.example.com/db", "postgres://admin@myserver:***@myserver.example.com/db")]
    [InlineData("postgres://admin@myserver:P@w0rd@myserver.example.com:5432/db", "postgres://admin@myserver:***@myserver.example.com:5432/db")]
    [InlineData("https://user:pw@host/path?mail=a@b.example", "https://user:***@b.example")]
    [InlineData("http://admin:Kx7@Qm9?ab=cd@127.0.0.1:1/health", "http://admin:***@127.0.0.1:1/health")]
    [InlineData("postgresql://app:Kx7@Qm9?ab=cd/x@db:5432/app", "postgresql://app:***@db:5432/app")]
    [InlineData("postgres://user@host:5432/db?mail=a@b.example", "postgres://user@host:5432/db?mail=a@b.example")]
    [InlineData("from 'https://u:p@ss@h1/x' to 'https://v:q@h2/y'", "from 'https://u:***@h1/x' to 'https://v:***@h2/y'")]
    public void Redact_masks_a_URI_password_up_to_the_last_at_sign_before_the_host(string text, string expected)
    {
        string redacted = Redaction.Redact(text);

        Assert.Equal(expected, redacted);
        Assert.DoesNotContain("ssw0rd", redacted, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://app:{0}@db.example:5432/app", "postgresql://app:***@db.example:5432/app")]
    [InlineData("postgres://app:{0}@127.0.0.1:1/app?sslmode=disable", "postgres://app:***@127.0.0.1:1/app?sslmode=disable")]
    [InlineData("s3://AKIAEXAMPLE:{0}@bucket/prefix", "s3://AKIAEXAMPLE:***@bucket/prefix")]
    [InlineData("https://admin:{0}@host.example/health?x=1", "https://admin:***@host.example/health?x=1")]
    [InlineData("Cannot reach 'http://admin:{0}@host.example:8080/status' now", "Cannot reach 'http://admin:***@host.example:8080/status' now")]
    public void Redact_masks_a_URI_password_with_a_raw_slash_or_question_mark_after_an_at_sign(string shape, string expected)
    {
        // Each fragment between the password's '@', '/', '?' and '#' is two or more characters that the URI around it does not hold.
        string[] passwords = ["Kx7@Qm2/Vb9?Zt4", "Tr0ub@dor/9Xq?Hz#8w", "J5f@Rp/@Wd?", "m4Q@yN8?uT3/Lc6@Gh1", "Zq@/Yv9?/Xw", "Kx7@Qm9?ab=cd", "Kx7@Qm9?ab=cd/Wy4"];
        foreach (string password in passwords)
        {
            string redacted = Redaction.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, password));

            foreach (string fragment in password.Split(['@', '/', '?', '#'], System.StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.DoesNotContain(fragment, redacted, System.StringComparison.Ordinal);
            }

            Assert.Equal(expected, redacted);
        }
    }

    [Theory]
    [InlineData("https://u:pw@host/users/a@b.example/x", "https://u:***@b.example/x")]
    [InlineData("from 'https://u:p@s/s@h1/x','https://v:q@h2/y'", "from 'https://u:***@h1/x','https://v:***@h2/y'")]
    public void Redact_takes_an_at_sign_in_the_path_of_a_URI_with_a_password_for_the_password_end_but_not_one_in_the_next_URI(string text, string expected) =>
        Assert.Equal(expected, Redaction.Redact(text));

    [Theory]
    [InlineData("auth")]
    [InlineData("client_secret")]
    [InlineData("X-Amz-Signature")]
    [InlineData("private_token")]
    [InlineData("key")]
    [InlineData("X-Amz-Credential")]
    [InlineData("session_id")]
    [InlineData("jwt")]
    [InlineData("code")]
    [InlineData("passwd")]
    [InlineData("pwd")]
    [InlineData("credential")]
    [InlineData("sig")]
    [InlineData("sv_sig")]
    [InlineData("refreshToken")]
    [InlineData("sessionId")]
    [InlineData("subscription-key")]
    [InlineData("client%5Fsecret")]
    [InlineData("SAMLResponse")]
    [InlineData("one_time_code")]
    [InlineData("client_assertion")]
    [InlineData("bearer")]
    [InlineData("passcode")]
    [InlineData("pin")]
    [InlineData("PIN")]
    [InlineData("ak")]
    [InlineData("sk")]
    [InlineData("apiKey")]
    [InlineData("api%2Dkey")]
    [InlineData("token%5B%5D")]
    [InlineData("auth.token")]
    [InlineData("dsn")]
    [InlineData("jsessionid")]
    [InlineData("x-amz-security-token")]
    [InlineData("access_token")]
    [InlineData("accessKeyId")]
    [InlineData("region_key")]
    [InlineData("country_code")]
    [InlineData("ticket_id")]
    [InlineData("pass_through")]
    [InlineData("sid_len")]
    public void Redact_masks_every_query_parameter_whose_name_looks_secret(string name)
    {
        string redacted = Redaction.Redact($"https://h/x?a=1&{name}=hunter2&b=2");

        Assert.Equal($"https://h/x?a=1&{name}=***&b=2", redacted);
    }

    [Theory]
    [InlineData("author")]
    [InlineData("keyword")]
    [InlineData("monkey")]
    [InlineData("turnkey")]
    [InlineData("keys_total")]
    [InlineData("sessions_max")]
    [InlineData("authoritative")]
    [InlineData("barcode")]
    [InlineData("codec")]
    [InlineData("design")]
    [InlineData("passenger")]
    [InlineData("spinner")]
    [InlineData("askew")]
    [InlineData("page")]
    public void Redact_keeps_query_parameters_that_only_contain_a_weak_word_inside_a_longer_one(string name)
    {
        string uri = $"https://h/x?a=1&{name}=alice&b=2";

        Assert.Equal(uri, Redaction.Redact(uri));
    }

    [Theory]
    [InlineData("https://h/x?page=2&sort=name&verbose=1&codec=h264&design=flat")]
    [InlineData("https://h/search?q=status&limit=10#code")]
    [InlineData("https://h/a;v=2/b?x=1;y=2#top")]
    [InlineData("https://h/status/500?status=500")]
    public void Redact_keeps_query_parameters_whose_names_do_not_look_secret(string uri) =>
        Assert.Equal(uri, Redaction.Redact(uri));

    [Theory]
    [InlineData("https://h/ok;jsessionid=JSESS123?x=1", "https://h/ok;jsessionid=***?x=1")]
    [InlineData("https://h/a;v=2;sid=S1/b", "https://h/a;v=2;sid=***/b")]
    [InlineData("https://h/ok#access_token=FRAG123&state=x", "https://h/ok#access_token=***&state=x")]
    [InlineData("https://h/ok?x=1;token=SEMI1&y=2", "https://h/ok?x=1;token=***&y=2")]
    [InlineData("https://h/ok?client_assertion=eyJhbGciOi.AAA.BBB", "https://h/ok?client_assertion=***")]
    [InlineData("https://h/ok?dsn=postgres%3A%2F%2Fu%3APGPW%40h%2Fdb", "https://h/ok?dsn=***")]
    [InlineData("https://h/ok?target=postgres%3A%2F%2Fu%3APGPW%40h%2Fdb&page=2", "https://h/ok?target=***&page=2")]
    [InlineData("https://h/ok?next=https%3A%2F%2Fh%2Fx&page=2", "https://h/ok?next=https%3A%2F%2Fh%2Fx&page=2")]
    [InlineData("GET https://h/ok;jsessionid=J1 failed; see 'https://h/#id_token=I1'", "GET https://h/ok;jsessionid=*** failed; see 'https://h/#id_token=***'")]
    [InlineData("redirect to '/login?token=T1&x=2'", "redirect to '/login?token=***&x=2'")]
    [InlineData("path is '/login?x=1&token=T1' (expected '/')", "path is '/login?x=1&token=***' (expected '/')")]
    public void Redact_masks_path_parameters_semicolon_pairs_fragments_and_values_that_are_uris_with_a_password(string text, string expected) =>
        Assert.Equal(expected, Redaction.Redact(text));

    [Fact]
    public void SecretValues_are_the_masked_values_as_written_and_decoded()
    {
        IReadOnlyList<string> values = Redaction.SecretValues("https://h/ok;jsessionid=J1?token=a%2Fb;page=2&author=alice#code=C1");

        Assert.Equal(["J1", "a%2Fb", "a/b", "C1"], values);
    }

    [Theory]
    [InlineData("services.cache is 'disconnected' (expected 'connected')", "connected", 3, "services.cache is 'disconnected' (expected '***')")]
    [InlineData("status 500 Internal Server Error, 5000 ms", "500", 6, "status 500 Internal Server Error, 5000 ms")]
    [InlineData("status 500 in 5000 ms", "500", 3, "status *** in 5000 ms")]
    [InlineData("lower is 'bearer xyztoken789'", "Bearer XYZTOKEN789", 3, "lower is '***'")]
    [InlineData("token is 'xyztoken789'", "XYZTOKEN789", 3, "token is '***'")]
    [InlineData("k=hunter22x, hunter22, xhunter22", "hunter22", 3, "k=hunter22x, ***, xhunter22")]
    [InlineData("a b", "a", 3, "a b")]
    [InlineData("value 'abc==' and abc==d", "abc==", 3, "value '***' and ***d")]
    public void WholeSecret_masks_only_whole_occurrences_in_any_case(string text, string secret, int minimumLength, string expected) =>
        Assert.Equal(expected, Redaction.WholeSecret(text, secret, minimumLength));

    [Fact]
    public void Secret_masks_a_known_secret_in_free_text_but_not_trivially_short_ones()
    {
        Assert.Equal("auth failed for *** at h", Redaction.Secret("auth failed for hunter2 at h", "hunter2"));
        Assert.Equal("a b", Redaction.Secret("a b", "a"));
        Assert.Equal(string.Empty, Redaction.Redact(null));
    }
}
