using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Common;

/// <summary>The child-process helper the engine and every C# test use, against real processes.</summary>
public sealed class ChildProcessTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public async Task Arguments_with_spaces_and_quotes_arrive_intact_one_each()
    {
        string sh = Tools.Require("sh");
        string[] tricky = ["two words", "a \"quoted\" one", "it's", string.Empty, "$HOME", "*", "back\\slash"];

        (int exit, string output, string errors) = await ChildProcess.RunAsync(sh, ["-c", "for a; do printf '[%s]\\n' \"$a\"; done", "sh", .. tricky], null, default, TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, errors);
        Assert.Equal(Array.ConvertAll(tricky, a => $"[{a}]"), output.TrimEnd('\n').Split('\n'));
    }

    [SkippableFact]
    public async Task A_hung_child_is_killed_with_its_children_at_the_timeout()
    {
        string sh = Tools.Require("sh");
        string pidFile = _temp.Combine("grandchild.pid");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => ChildProcess.RunAsync(sh, ["-c", $"sleep 300 & echo $! > '{pidFile}'; wait"], null, default, TimeSpan.FromSeconds(1)));

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 15);
        Assert.Contains("did not finish within 1 s", error.Message, StringComparison.Ordinal);
        int grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(IsGone(grandchild), "the sleep the child started still runs: only the direct child was killed");
    }

    /// <summary>Gone, or a zombie nobody reaped yet (a container's PID 1 may never reap).</summary>
    private static bool IsGone(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return true;
        }

        char state = stat[stat.LastIndexOf(')') + 2];
        return state is 'Z' or 'X';
    }
}
