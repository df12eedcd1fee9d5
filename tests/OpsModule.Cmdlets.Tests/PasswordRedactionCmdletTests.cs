using System;
using System.Linq;
using System.Management.Automation;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

/// <summary>A password with an unescaped '@' in a URI the cmdlets cannot read is masked whole in the error's message and target.</summary>
public sealed class PasswordRedactionCmdletTests : IDisposable
{
    // Every part of the password that must never show: the halves on either side of its '@' signs.
    private static readonly string[] PasswordParts = ["P@ssw0rd", "ssw0rd", "Tr0ub4dor", "se@cr", "cr@et"];

    private readonly TempFolder _temp = new();
    private readonly CmdletHost _host;

    public PasswordRedactionCmdletTests() => _host = new CmdletHost(_temp.Path);

    public void Dispose()
    {
        _host.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("Backup-Database -ConnectionString 'postgres://backup:P@ssw0rd-Tr0ub4dor@db1.example:5432/shop' -Destination x", "InvalidArgument,OpsModule.Cmdlets.BackupDatabaseCommand")]
    [InlineData("Restore-Database -BackupPath ./none.dump.zst -TargetConnectionString 'postgres://backup:P@ssw0rd-Tr0ub4dor@db1.example:5432/shop'", "InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand")]
    [InlineData("Get-ServiceHealth -ConnectionString 'postgres://backup:P@ssw0rd-Tr0ub4dor@db1.example:5432/shop'", null)]
    [InlineData("Get-ServiceHealth -Uri 'https://admin:P@ssw0rd-Tr0ub4dor@db1.example/health'", null)]
    [InlineData("Backup-Database -Path ./none.db -Destination 's3://AKIAEXAMPLE:se@cr@et-Tr0ub4dor@bucket/prefix'", null)]
    [InlineData("Get-DatabaseBackup -Location 's3://AKIAEXAMPLE:se@cr@et-Tr0ub4dor@bucket/prefix'", null)]
    public void A_password_with_at_signs_never_shows_in_the_error(string script, string? errorId)
    {
        var (output, errors) = Run(script);

        ErrorRecord error = Assert.Single(errors);
        if (errorId is not null)
        {
            Assert.Equal(errorId, error.FullyQualifiedErrorId);
        }

        string shown = string.Join(
            " | ",
            error.Exception.Message,
            error.ErrorDetails?.Message,
            error.TargetObject?.ToString(),
            error.CategoryInfo.TargetName,
            string.Join(" ", output.Select(o => PSObject.AsPSObject(o).ToString())));
        foreach (string part in PasswordParts)
        {
            Assert.DoesNotContain(part, shown, StringComparison.Ordinal);
        }

        Assert.Contains("***", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgres_URI_with_an_unescaped_at_sign_says_how_to_write_it()
    {
        var (_, errors) = Run("Backup-Database -ConnectionString 'postgres://backup:P@ssw0rd-Tr0ub4dor@db1.example:5432/shop' -Destination x");

        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("postgres://backup:***@db1.example:5432/shop", error.TargetObject);
        Assert.Contains("'postgres://backup:***@db1.example:5432/shop' cannot be read", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("%40", error.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Backup-Database -ConnectionString 'postgresql://app:{0}@127.0.0.1:1/app' -Destination x")]
    [InlineData("Invoke-DbMaintenance -ConnectionString 'postgresql://app:{0}@127.0.0.1:1/app' -Task Analyze")]
    [InlineData("Get-ServiceHealth -ConnectionString 'postgresql://app:{0}@127.0.0.1:1/app' -TimeoutSec 1")]
    [InlineData("Get-ServiceHealth -Uri 'http://admin:{0}@127.0.0.1:1/health' -TimeoutSec 1")]
    [InlineData("Get-DatabaseBackup -Location 's3://AKIAEXAMPLE:{0}@bucket/prefix'")]
    public void A_password_with_a_raw_slash_or_question_mark_after_an_at_sign_never_shows(string command)
    {
        // Each fragment between the password's '@', '/', '?' and '#' is two or more characters the commands do not show otherwise.
        foreach (string password in new[] { "Kx7@Qm2/Vb9?Zt4", "Tr0ub@dor/9Xq?Hz#8w" })
        {
            string script = "$VerbosePreference = 'Continue'; " + string.Format(System.Globalization.CultureInfo.InvariantCulture, command, password) +
                " *>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { \"$($_.Exception.Message) $($_.ErrorDetails.Message) $($_.TargetObject) $($_.CategoryInfo.TargetName)\" } " +
                "elseif ($_.PSObject.Properties['Message']) { \"$($_.Message) $($_.Target) $($_.Name)\" } else { \"$_\" } }";
            var (output, errors) = Run(script);

            string shown = string.Join(
                " | ",
                output.Select(o => PSObject.AsPSObject(o).ToString()).Concat(errors.Select(e => $"{e.Exception.Message} {e.ErrorDetails?.Message} {e.TargetObject} {e.CategoryInfo.TargetName}")));
            foreach (string fragment in password.Split(['@', '/', '?', '#'], StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.DoesNotContain(fragment, shown, StringComparison.Ordinal);
            }

            Assert.Contains(":***@", shown, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs the script; a terminating error counts as the one error it wrote.</summary>
    private (System.Collections.Generic.List<object> Output, System.Collections.Generic.List<ErrorRecord> Errors) Run(string script)
    {
        try
        {
            return _host.Run(script);
        }
        catch (RuntimeException ex)
        {
            return ([], [ex.ErrorRecord]);
        }
    }
}
