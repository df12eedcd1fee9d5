using System;
using OpsModule.Engine.Databases.Postgres;
using Xunit;

namespace OpsModule.Engine.Tests.Postgres;

/// <summary>
/// A keyword-form connection string that cannot be read is explained in OpsModule's words, on the redacted text: never
/// .NET's "starting at index 26" (a count over the unredacted text) nor Npgsql's "Couldn't set cd;port" (a piece of a
/// password that held a raw ';').
/// </summary>
public sealed class PgKeywordFormTests
{
    [Theory]
    [InlineData("Hostx=;;==", "Hostx=;;==", "setting 2 has no keyword before its '='")]
    [InlineData("Host=db1;Password=Sekr3t;;==x", "Host=db1;Password=***;;***", "setting 3, after the Password setting, has no keyword before its '='")]
    [InlineData("Host=db1;Port", "Host=db1;Port", "setting 2 has no '='")]
    [InlineData("Host=db1;Password=ab;cd;Port=5", "Host=db1;Password=***;***;Port=5", "setting 3, after the Password setting, has no '='")]
    [InlineData("Host=db1;Pwd=ab;cd=ef", "Host=db1;Pwd=***;***", "setting 3, after the Pwd setting, is not a setting PostgreSQL connections know")]
    [InlineData("Host=db1;Password='ab", "Host=db1;Password=***", "setting 2 opens a quote (') for the value of 'Password' that is not closed")]
    [InlineData("Host=db1;Password=\"ab\" x;Port=1", "Host=db1;Password=***;Port=1", "setting 2 has text after the closing quote of the value of 'Password'")]
    [InlineData("Host=db1;Port=5x", "Host=db1;Port=5x", "the value given for 'Port' is not one that setting takes")]
    // A known setting with a value it does not take, right after a password, may be the password's rest (helper-109).
    [InlineData("Host=h;Pwd=SecXab;Port=cdQ", "Host=h;Pwd=***;***", "setting 3, after the Pwd setting, has a value that setting does not take")]
    [InlineData("Host=h;Port=cdQ;Pwd=SecXab", "Host=h;Port=cdQ;Pwd=***", "the value given for 'Port' is not one that setting takes")]
    [InlineData("Host=db1;Bogus=1;Port=5", "Host=db1;Bogus=1;Port=5", "'Bogus' (setting 2) is not a setting PostgreSQL connections know")]
    [InlineData("Host=db1;; ;Port=5;Bogus==x=1", "Host=db1;; ;Port=5;Bogus==x=1", "'Bogus=x' (setting 3) is not a setting PostgreSQL connections know")]
    public void An_unreadable_keyword_string_is_explained_on_its_redacted_text(string connectionString, string shown, string reason)
    {
        var error = Assert.Throws<OpsException>(() => PgConnectionInfo.Parse(connectionString, null, null));
        Assert.Equal(shown, PgConnectionInfo.Shown(connectionString));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Equal(shown, error.Target);
        Assert.StartsWith($"The connection string '{shown}' cannot be read: {reason}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("index", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Couldn't", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Theory]
    [InlineData("Host=db1;Port=5432;Database=app;Username=ops;Password=Sekr3t")]
    [InlineData("Host=db1;Password='a;b';Port=5")]
    [InlineData("Host=db1;;Password=x;")]
    public void A_readable_string_is_shown_as_before(string connectionString)
    {
        Assert.Equal(OpsModule.Engine.Common.Redaction.Redact(connectionString), PgConnectionInfo.Shown(connectionString));
        _ = PgConnectionInfo.Parse(connectionString, null, null);
    }
}
