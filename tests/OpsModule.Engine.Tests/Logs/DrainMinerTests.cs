using System.Linq;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>The template miner on masked messages (TemplateMasker, then DrainMiner, as the scan uses them).</summary>
public sealed class DrainMinerTests
{
    private static string[] Mine(params string[] messages)
    {
        var miner = new DrainMiner();
        TemplateCluster[] clusters = messages.Select(m => miner.AddMasked(TemplateMasker.MaskMessage(m))).ToArray();
        return clusters.Select(c => c.Text).ToArray();
    }

    [Fact]
    public void A_dotted_job_name_with_a_colon_in_front_is_a_variable()
    {
        string[] templates = Mine(
            "com.apple.Safari.SafeBrowsing.Update: scheduler_evaluate_activity told me to run this job; however, but the start time isn't for 439 seconds.",
            "com.apple.icloud.fmfd.heartbeat: scheduler_evaluate_activity told me to run this job; however, but the start time isn't for 25 seconds.",
            "com.apple.CacheDelete.daily: scheduler_evaluate_activity told me to run this job; however, but the start time isn't for 7 seconds.");
        Assert.Single(templates.Distinct());
        Assert.StartsWith("<*> scheduler_evaluate_activity told me", templates[^1], System.StringComparison.Ordinal);
    }

    [Fact]
    public void Different_first_words_still_make_different_templates()
    {
        // Dotted names without the colon (settings) and plain words keep their own branch.
        string[] templates = Mine(
            "autopurge.purgeInterval set to 0",
            "autopurge.snapRetainCount set to 3",
            "Starting job 5 on host alpha",
            "Stopping job 6 on host alpha",
            "VM started",
            "VM paused");
        Assert.Equal(6, templates.Distinct().Count());
    }

    [Fact]
    public void A_token_made_only_of_masked_parts_is_a_variable_like_a_number()
    {
        string[] templates = Mine(
            "10.11.10.1 request served status: 200 len: 1893 time: 0.2477829",
            "10.11.10.1,10.11.10.2 request served status: 200 len: 1583 time: 0.1837",
            "10.11.10.3 request served status: 404 len: 12 time: 0.01");
        Assert.Single(templates.Distinct());
        Assert.Equal("<*> request served status: <*> len: <*> time: <*>", templates[^1]);
    }

    [Fact]
    public void A_token_with_a_masked_part_and_words_is_not_a_variable()
    {
        string[] templates = Mine(
            "Step_LSC|30002312|onStandStepChanged 3579",
            "Step_SPUtils|30002312|getTodayTotalDetailSteps 2",
            "Step_LSC|30002312|onStandStepChanged 3580");
        Assert.Equal(2, templates.Distinct().Count());
        Assert.Equal(templates[0], templates[2]);
    }
}
