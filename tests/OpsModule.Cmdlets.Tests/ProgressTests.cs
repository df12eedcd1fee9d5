using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using OpsModule.Infrastructure;
using Xunit;

namespace OpsModule.Cmdlets.Tests;

/// <summary>The time remaining a cmdlet shows covers the phase it is in, not the whole run so far.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void Time_remaining_restarts_when_the_phase_changes()
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Test-PhaseProgress", typeof(TestPhaseProgressCommand), null));
        using Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = runspace;

        shell.AddCommand("Test-PhaseProgress").Invoke();

        var records = shell.Streams.Progress.Where(r => r.RecordType == ProgressRecordType.Processing).ToList();
        ProgressRecord firstOfPhaseOne = Assert.Single(records, r => r.StatusDescription == "phase one" && r.PercentComplete == 1);
        ProgressRecord firstOfPhaseTwo = Assert.Single(records, r => r.StatusDescription == "phase two" && r.PercentComplete == 1);
        Assert.Equal(0, firstOfPhaseOne.SecondsRemaining);

        // One percent done after a fraction of a second in phase two: not the 100+ s the whole run's clock would say.
        Assert.InRange(firstOfPhaseTwo.SecondsRemaining, 0, 20);
        Assert.Contains(shell.Streams.Progress, r => r.RecordType == ProgressRecordType.Completed);
    }

    /// <summary>Reports two phases through the engine observer, the second starting after the first took a second.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "PhaseProgress")]
    public sealed class TestPhaseProgressCommand : OpsCmdlet
    {
        protected override void ProcessRecord() => RunEngine(async token =>
        {
            Observer.Progress("Work", "phase one", 1, 100);
            await Task.Delay(1500, token);
            Observer.Progress("Work", "phase one", 99, 100);
            await Task.Delay(400, token);
            Observer.Progress("Work", "phase two", 1, 100);
            await Task.Delay(400, token);
            Observer.ProgressCompleted("Work");
        });
    }
}
