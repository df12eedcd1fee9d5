using System;
using System.IO;
using System.Management.Automation;
using OpsModule.Engine.Maintenance;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Repair-Database: salvage a damaged SQLite database into a new file and, when confirmed, swap it in.</summary>
[Cmdlet(VerbsDiagnostic.Repair, "Database", DefaultParameterSetName = DatabaseTargets.PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RepairResult))]
public sealed class RepairDatabaseCommand : OpsCmdlet
{
    private const string WhatNeedsConfirmation = "Swapping a salvaged copy in with Repair-Database";

    #region Parameters

    /// <summary>The damaged SQLite database file(s); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DatabaseTargets.PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>The damaged SQLite database file(s), taken literally.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DatabaseTargets.LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Salvage row by row even when the sqlite3 CLI is on PATH.</summary>
    [Parameter]
    public SwitchParameter NoRecoverCommand { get; set; }

    /// <summary>Salvage (and offer the swap) even when the database passes integrity_check.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // Unattended (nobody could confirm a swap): a sound database is still reported sound, as a health script in cron
        // expects; the first one that needs salvaging stops the call with ConfirmationRequired before anything is salvaged.
        bool unattended = NobodyCouldConfirm();
        if (Force)
        {
            RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
        }

        bool literal = ParameterSetName == DatabaseTargets.LiteralPathSet;
        string? sqlite3 = NoRecoverCommand ? null : FindOnPath("sqlite3");

        // -WhatIf salvages into a scratch copy that is removed again: it reports what the swap would put in place (and
        // refuses what the real run would refuse) without leaving a file.
        bool whatIf = WhatIfRequested();
        foreach (string file in PathResolver.ResolveFiles(this, literal ? LiteralPath : Path, literal))
        {
            ForItem(file, () =>
            {
                var engine = new SqliteRepair(Observer);
                if (unattended && !Force)
                {
                    if (RunEngine(token => engine.SoundAsync(file, token)) is RepairResult sound)
                    {
                        WriteVerbose($"'{file}' passes integrity_check; nothing was salvaged or swapped (-Force salvages it anyway).");
                        WriteObject(sound);
                        return;
                    }

                    RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
                }

                RepairResult result = RunEngine(token => engine.SalvageAsync(file, sqlite3, Force, keep: !whatIf, token));
                string copy = result.RecoveredDatabase.Length > 0 ? $"the salvaged copy '{result.RecoveredDatabase}'" : "the salvaged copy";
                // A sound database (Method "none", unless -Force) is never swapped: nothing salvaged, nothing renamed to .corrupt.
                if (result.Method == RepairResult.NothingToRepair)
                {
                    WriteVerbose($"'{file}' passes integrity_check; nothing was salvaged or swapped (-Force salvages it anyway).");
                }
                else if (SqliteRepair.SwapRefusal(result) is OpsException refusal)
                {
                    // Never offered for a swap (not even as a -WhatIf plan): the real run would refuse it.
                    EmitError(refusal);
                }
                else if (Ask(
                    () => ShouldProcess(file, $"Replace with {copy} ({result.Method}), keeping the damaged file as '{System.IO.Path.GetFileName(file)}.corrupt-<stamp>'"),
                    WhatNeedsConfirmation,
                    // A host that could not show the question: nobody decided, so nothing salvaged is left behind.
                    () => SqliteRepair.Discard(result)))
                {
                    result = engine.Swap(result);
                }

                WriteObject(result);
            });
        }
    }

    #endregion

    private static string? FindOnPath(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string candidate in new[] { System.IO.Path.Combine(folder, name), System.IO.Path.Combine(folder, name + ".exe") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
