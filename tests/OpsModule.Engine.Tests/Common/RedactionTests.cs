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
    public void Redact_masks_passwords_and_secret_query_values_and_keeps_the_rest(string text, string expected) =>
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
    [InlineData("OAUTH_STATE")]
    [InlineData("subscription-key")]
    [InlineData("client%5Fsecret")]
    [InlineData("SAMLResponse")]
    [InlineData("one_time_code")]
    public void Redact_masks_every_query_parameter_whose_name_looks_secret(string name)
    {
        string redacted = Redaction.Redact($"https://h/x?a=1&{name}=hunter2&b=2");

        Assert.Equal($"https://h/x?a=1&{name}=***&b=2", redacted);
    }

    [Theory]
    [InlineData("https://h/x?page=2&sort=name&verbose=1&codec=h264&design=flat")]
    [InlineData("https://h/search?q=status&limit=10#code")]
    public void Redact_keeps_query_parameters_whose_names_do_not_look_secret(string uri) =>
        Assert.Equal(uri, Redaction.Redact(uri));

    [Fact]
    public void Secret_masks_a_known_secret_in_free_text_but_not_trivially_short_ones()
    {
        Assert.Equal("auth failed for *** at h", Redaction.Secret("auth failed for hunter2 at h", "hunter2"));
        Assert.Equal("a b", Redaction.Secret("a b", "a"));
        Assert.Equal(string.Empty, Redaction.Redact(null));
    }
}
