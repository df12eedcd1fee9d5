using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

/// <summary>
/// Confirmation prompts in a host that is not PowerShell's own: one that cannot show them (it throws, as hosts without a
/// user interface do) and one whose user answers No.
/// </summary>
public sealed class ConfirmationPromptCmdletTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public ConfirmationPromptCmdletTests()
    {
        // A damaged database: its last pages overwritten, as the adversarial tester's repro did.
        string damaged = _temp.Combine("damaged.db");
        SampleDatabase.Create(damaged, orders: 2000, journalMode: "delete");
        long pageSize;
        long pages;
        using (var connection = SampleDatabase.Open(damaged))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size";
            pageSize = (long)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA page_count";
            pages = (long)command.ExecuteScalar()!;
        }

        using (var file = new FileStream(damaged, FileMode.Open, FileAccess.Write))
        {
            file.Position = (pages - 4) * pageSize;
            file.Write(Enumerable.Repeat((byte)0xFF, 200).ToArray());
        }

        SampleDatabase.Create(_temp.Combine("app.db"), orders: 50);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Repair_Database_in_a_host_that_cannot_show_its_prompt_is_ConfirmationRequired_and_leaves_no_salvaged_copy()
    {
        // Before, the host's NotImplementedException escaped as the error, after the salvaged copy was written.
        byte[] before = File.ReadAllBytes(_temp.Combine("damaged.db"));
        using var host = new CmdletHost(_temp.Path, new ScriptedHost(answer: null));

        var (output, errors) = host.Run("Repair-Database -Path damaged.db -NoRecoverCommand -WarningAction SilentlyContinue");

        Assert.Empty(output);
        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("ConfirmationRequired,OpsModule.Cmdlets.RepairDatabaseCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Contains("the host cannot show a prompt", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Confirm:$false", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_temp.Combine("damaged.db")));
        Assert.Equal(["app.db", "damaged.db"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Restore_Database_over_a_database_in_a_host_that_cannot_show_its_prompt_is_RestoreTargetNotEmpty()
    {
        using var host = new CmdletHost(_temp.Path, new ScriptedHost(answer: null));
        var (backups, _) = host.Run("Backup-Database -Path app.db -Destination backups");
        File.Copy(_temp.Combine("damaged.db"), _temp.Combine("live.db"));
        byte[] before = File.ReadAllBytes(_temp.Combine("live.db"));

        var (output, errors) = host.Run("$b | Restore-Database -TargetPath live.db", new Dictionary<string, object> { ["b"] = backups[0] });

        Assert.Empty(output);
        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("RestoreTargetNotEmpty,OpsModule.Cmdlets.RestoreDatabaseCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Add -Force", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_temp.Combine("live.db")));
    }

    [Fact]
    public void Remove_DatabaseBackup_in_a_host_that_cannot_show_its_prompt_is_ConfirmationRequired_and_removes_nothing()
    {
        using var host = new CmdletHost(_temp.Path, new ScriptedHost(answer: null));
        host.Run("1..2 | ForEach-Object { Backup-Database -Path app.db -Destination backups }");
        string[] before = Directory.GetFiles(_temp.Combine("backups"));

        var (_, errors) = host.Run("Remove-DatabaseBackup -Location backups -KeepLast 1");

        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("ConfirmationRequired,OpsModule.Cmdlets.RemoveDatabaseBackupCommand", error.FullyQualifiedErrorId);
        Assert.Equal(before, Directory.GetFiles(_temp.Combine("backups")));
    }

    [Theory]
    [InlineData("Invoke-DbMaintenance -Path app.db -Task Analyze -Confirm", "InvokeDbMaintenanceCommand")]
    [InlineData("Backup-Database -Path app.db -Destination more -Confirm", "BackupDatabaseCommand")]
    [InlineData("$b | Restore-Database -TargetPath restored.db -Confirm", "RestoreDatabaseCommand")]
    [InlineData("$b | Test-DisasterRecovery -Confirm", "TestDisasterRecoveryCommand")]
    public void A_cmdlet_asked_to_Confirm_in_a_host_that_cannot_show_its_prompt_is_ConfirmationRequired_and_changes_nothing(string command, string cmdlet)
    {
        // Before, the host's NotImplementedException escaped: OperationFailed (Restore-Database, Test-DisasterRecovery,
        // inside their per-backup handling) or the exception's own error (the other two).
        using var host = new CmdletHost(_temp.Path, new ScriptedHost(answer: null));
        var (backups, _) = host.Run("Backup-Database -Path app.db -Destination backups");
        string[] before = Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        byte[] app = File.ReadAllBytes(_temp.Combine("app.db"));

        var (output, errors) = host.Run(command, new Dictionary<string, object> { ["b"] = backups[0] });

        Assert.Empty(output);
        ErrorRecord error = Assert.Single(errors);
        Assert.Equal($"ConfirmationRequired,OpsModule.Cmdlets.{cmdlet}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Contains("the host cannot show a prompt", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Confirm:$false", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(app, File.ReadAllBytes(_temp.Combine("app.db")));
        Assert.False(Directory.Exists(_temp.Combine("more")));
    }

    [Fact]
    public void Repair_Database_answered_No_keeps_the_salvaged_copy_readable_by_its_owner_only()
    {
        byte[] before = File.ReadAllBytes(_temp.Combine("damaged.db"));
        using var host = new CmdletHost(_temp.Path, new ScriptedHost(answer: "No"));

        var (output, errors) = host.Run("Repair-Database -Path damaged.db -NoRecoverCommand -WarningAction SilentlyContinue");

        Assert.Empty(errors);
        var result = Assert.IsType<RepairResult>(Assert.Single(output));
        Assert.False(result.Swapped);
        Assert.True(File.Exists(result.RecoveredDatabase));
        Assert.Equal(before, File.ReadAllBytes(_temp.Combine("damaged.db")));
        if (!OperatingSystem.IsWindows())
        {
            // It holds the damaged database's rows; before, it was created 0644 (world-readable) by the umask.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(result.RecoveredDatabase));
        }
    }

    /// <summary>A host whose prompts answer <c>answer</c> (a choice's label), or throw when it is null.</summary>
    private sealed class ScriptedHost(string? answer) : PSHost
    {
        private readonly ScriptedUserInterface _ui = new(answer);

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        public override Guid InstanceId { get; } = Guid.NewGuid();

        public override string Name => "ScriptedHost";

        public override PSHostUserInterface UI => _ui;

        public override Version Version => new(1, 0);

        public override void EnterNestedPrompt() => throw new NotImplementedException();

        public override void ExitNestedPrompt() => throw new NotImplementedException();

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        public override void SetShouldExit(int exitCode)
        {
        }
    }

    private sealed class ScriptedUserInterface(string? answer) : PSHostUserInterface
    {
        public override PSHostRawUserInterface RawUI => null!;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            int index = choices.ToList().FindIndex(c => c.Label.Replace("&", string.Empty, StringComparison.Ordinal) == answer);
            return answer is null || index < 0 ? throw new NotImplementedException("This host shows no prompts.") : index;
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotImplementedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotImplementedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotImplementedException();

        public override string ReadLine() => throw new NotImplementedException();

        public override SecureString ReadLineAsSecureString() => throw new NotImplementedException();

        public override void Write(string value)
        {
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
        }

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteErrorLine(string value)
        {
        }

        public override void WriteLine(string value)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message)
        {
        }
    }
}
