using System.Linq;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>The template miner on masked messages (TemplateMasker, then DrainMiner, as the scan uses them).</summary>
public sealed class DrainMinerTests
{
    private static string[] Mine(params string[] messages)
    {
        // As the scan: online mining, then the word variants folded.
        var miner = new DrainMiner();
        TemplateCluster[] clusters = messages.Select(m => miner.AddMasked(TemplateMasker.MaskMessage(m))).ToArray();
        DrainMiner.MergeWordVariants([.. miner.Clusters]);
        return clusters.Select(c => c.Final.Text).ToArray();
    }

    [Fact]
    public void Two_words_at_one_position_stay_two_templates()
    {
        string[] templates = Mine(
            "Session: 30546173_4261722401 initialized by client WindowsUpdateAgent.",
            "Session: 30546174_1234567890 initialized by client WindowsUpdateAgent.",
            "Session: 30546175_4261722402 initialized by client SPP.",
            "Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]",
            "Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]");
        Assert.Equal(templates[0], templates[1]);
        Assert.Equal("Session: <*>_<*> initialized by client WindowsUpdateAgent.", templates[0]);
        Assert.Equal("Session: <*>_<*> initialized by client SPP.", templates[2]);
        Assert.NotEqual(templates[3], templates[4]);
    }

    [Fact]
    public void Three_or_more_words_at_one_position_fold_into_one_template_whatever_the_order()
    {
        string[] messages =
        [
            "session opened for user cyrus by (uid=0)",
            "session opened for user news by (uid=0)",
            "session opened for user cyrus by (uid=0)",
            "session opened for user test by (uid=0)",
            "session closed for user news",
            "session closed for user root",
        ];
        string[] templates = Mine(messages);
        Assert.All(templates[..4], t => Assert.Equal("session opened for user <*> by (uid=<*>)", t));

        // Two values with only three other words: not folded.
        Assert.Equal("session closed for user news", templates[4]);
        Assert.Equal("session closed for user root", templates[5]);
        Assert.Equal(templates.Reverse(), Mine([.. messages.Reverse()]));
    }

    [Fact]
    public void A_keys_word_folds_with_keys_of_masked_values_as_its_context_and_a_bare_word_does_not()
    {
        // Android's PowerManagerService lines (LogHub E10): name= holds a package name, one template with name=<*>.
        string[] templates = Mine(
            "acquire lock=233570404, flags=0x1, name=com.android.systemui, ws=null, uid=10037, pid=2227",
            "acquire lock=166121161, flags=0x1, name=com.android.phone, ws=null, uid=1001, pid=2626",
            "acquire lock=189667585, flags=0x1, name=android, ws=null, uid=1000, pid=1702",
            "acquire lock=189667586, flags=0x1, name=audioserver, ws=null, uid=1041, pid=0",
            "worker 3 state=4 exit=0 stopped",
            "worker 4 state=5 exit=1 started",
            "worker 5 state=6 exit=2 paused");
        Assert.All(templates[..4], t => Assert.Equal("acquire lock=<*>, flags=<*>, name=<*>, ws=null, uid=<*>, pid=<*>", t));

        // What happened to a worker is a word of its own: keys beside it do not make it a value.
        Assert.Equal(3, templates[4..].Distinct().Count());
    }

    [Fact]
    public void Hundreds_of_words_at_one_position_end_in_one_template()
    {
        // Past 64 templates in a group a word is taken as a value at once, and the single-word templates fold into it.
        string[] messages = Enumerable.Range(0, 300)
            .Select(i => $"failed to open file {new string(i.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => (char)('a' + d - '0')).ToArray())}x for writing")
            .ToArray();
        string[] templates = Mine(messages);
        Assert.All(templates, t => Assert.Equal("failed to open file <*> for writing", t));
    }

    [Fact]
    public void A_message_joins_the_most_similar_template_of_its_own_words_in_either_order()
    {
        // 4012 is a value (masked), so it bridges service names; "running" and "stopped" are words and stay apart.
        string[] services = ["Spooler", "4012", "BITS", "Dnscache"];
        string[] runningFirst = [.. services.SelectMany(s => new[] { $"The {s} service entered the running state.", $"The {s} service entered the stopped state." })];
        string[] stoppedFirst = [.. services.SelectMany(s => new[] { $"The {s} service entered the stopped state.", $"The {s} service entered the running state." })];
        foreach (string[] messages in new[] { runningFirst, stoppedFirst })
        {
            string[] templates = Mine(messages);
            Assert.Equal(
                ["The <*> service entered the running state.", "The <*> service entered the stopped state."],
                templates.Distinct().Order(System.StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Names_that_differ_in_more_than_a_value_stay_apart()
    {
        string[] templates = Mine(
            "play.google.com:443 open through proxy proxy.example.net:5070 HTTPS",
            "mail.example.org:993 open through proxy proxy.example.net:5070 SOCKS5",
            "api.github.com:443 open through proxy proxy.example.net:5070 SOCKS5",
            "session opened for user cyrus by (uid=0)",
            "session opened for user cyrus by LOGIN(uid=0)",
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
            "authentication failure; logname= uid=0 euid=0 tty=:0 ruser= rhost=",
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=61.53.154.93");
        Assert.Equal("<*> open through proxy <*> HTTPS", templates[0]);
        Assert.Equal("<*> open through proxy <*> SOCKS5", templates[1]);
        Assert.Equal(templates[1], templates[2]);
        Assert.NotEqual(templates[3], templates[4]);
        Assert.NotEqual(templates[5], templates[6]);
        Assert.Equal(templates[5], templates[7]);
    }

    [Fact]
    public void One_name_with_different_values_host_names_and_hex_strings_are_values()
    {
        string[] templates = Mine(
            "IRQ0 used by override.",
            "IRQ2 used by override.",
            "IRQ9 used by override.",
            "link up on eth0 at full duplex",
            "link up on eth1 at full duplex",
            "My unqualified host name (eadmin1) unknown; sleeping for retry",
            "My unqualified host name (badmin1) unknown; sleeping for retry",
            "authentication failure; tty=ssh ruser= rhost=222.37.155.62.dynamic-dsl-ip.example.net user=root",
            "authentication failure; tty=ssh ruser= rhost=109.74.202.59 user=root",
            "setSystemUiVisibility vis=40000500 mask=ffffffff oldVal=508",
            "setSystemUiVisibility vis=40000500 mask=f000 oldVal=508");
        Assert.Equal("<*> used by override.", templates[0]);
        Assert.Equal([templates[0], templates[0]], templates[1..3]);
        Assert.Equal(templates[3], templates[4]);
        Assert.Equal(templates[5], templates[6]);
        Assert.Equal(templates[7], templates[8]);
        Assert.Equal(templates[9], templates[10]);
    }

    [Fact]
    public void A_keys_values_keep_the_key_in_the_template()
    {
        string[] templates = Mine(
            "authentication failure; tty=NODEVssh ruser= rhost=218.188.2.4 user=root",
            "authentication failure; tty=NODEVssh ruser= rhost=zummit.com user=root",
            "authentication failure; tty=NODEVssh ruser= rhost=massive.example.org user=root",
            "authentication failure; tty=NODEVssh ruser= rhost=61.53.154.93 user=guest",
            "lock acquired name=com.android.phone, ws=null",
            "lock acquired name=audioserver, ws=null",
            "lock acquired name=com.android.systemui, ws=null",
            "lock acquired name=android, ws=null");
        Assert.Equal("authentication failure; tty=NODEVssh ruser= rhost=<*> user=root", templates[0]);
        Assert.Equal([templates[0], templates[0]], templates[1..3]);
        Assert.Equal("authentication failure; tty=NODEVssh ruser= rhost=<*> user=guest", templates[3]);
        Assert.Equal("lock acquired name=<*>, ws=null", templates[4]);
        Assert.Equal([templates[4], templates[4], templates[4]], templates[5..8]);
    }

    [Fact]
    public void Numbered_names_and_a_keys_words_and_numbers_are_values()
    {
        string[] templates = Mine(
            "api-1 healthy",
            "web-2 healthy",
            "IOHibernatePollerOpen(0)",
            "jemmytest",
            "user=alice action=login",
            "user=1001 action=login",
            "session opened for user cyrus by (uid=0)",
            "session opened for user cyrus by LOGIN(uid=0)");
        Assert.Equal("<*> healthy", templates[0]);
        Assert.Equal(templates[0], templates[1]);
        Assert.Equal("IOHibernatePollerOpen(<*>)", templates[2]);
        Assert.Equal("jemmytest", templates[3]);
        Assert.Equal("user=<*> action=login", templates[4]);
        Assert.Equal(templates[4], templates[5]);
        Assert.NotEqual(templates[6], templates[7]);
    }

    [Fact]
    public void True_and_false_are_values()
    {
        string[] templates = Mine(
            "shouldBlockLocation ret:false",
            "shouldBlockLocation ret:true",
            "updateClipping isOverlap:true, getTopPadding=333.0",
            "updateClipping isOverlap:False, getTopPadding=12.0",
            "VM started",
            "VM paused",
            "retrying: truex");
        Assert.Equal("shouldBlockLocation ret:<*>", templates[0]);
        Assert.Equal(templates[0], templates[1]);
        Assert.Equal("updateClipping isOverlap:<*>, getTopPadding=<*>", templates[2]);
        Assert.Equal(templates[2], templates[3]);
        Assert.NotEqual(templates[4], templates[5]);
        Assert.Equal("retrying: truex", templates[6]);
    }

    [Fact]
    public void Short_messages_of_different_words_are_not_folded()
    {
        string[] templates = Mine("running", "blocked", "halt", "boot (command 2910)", "wait (command 2911)", "halt (command 2912)");
        Assert.Equal(6, templates.Distinct().Count());
    }

    [Fact]
    public void A_host_with_its_port_is_one_variable_and_a_source_line_is_not()
    {
        string[] templates = Mine(
            "play.google.com:443 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
            "4-edge-chat.facebook.com:443 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
            "upstream localhost:8080 and db.internal:5432, retrying",
            "error at Pool.java:120 in take",
            "bad key in config.yaml:12 near top");
        Assert.Equal("<*> open through proxy <*> HTTPS", templates[0]);
        Assert.Equal(templates[0], templates[1]);
        Assert.Equal("upstream <*> and <*>, retrying", templates[2]);
        Assert.Equal("error at Pool.java:<*> in take", templates[3]);
        Assert.Equal("bad key in config.yaml:<*> near top", templates[4]);
    }

    [Fact]
    public void A_size_unit_after_a_value_is_part_of_it_and_a_time_unit_is_not()
    {
        string[] templates = Mine(
            "Block broadcast_1 stored as values in memory (estimated size 384.0 B, free 317.5 KB)",
            "Block broadcast_2 stored as values in memory (estimated size 17.4 KB, free 1.2 MB)",
            "Connection to 10.0.0.5:5432 timed out after 3000 ms");
        Assert.Equal("Block broadcast_<*> stored as values in memory (estimated size <*>, free <*>)", templates[0]);
        Assert.Equal(templates[0], templates[1]);
        Assert.Equal("Connection to <*> timed out after <*> ms", templates[2]);
    }

    [Fact]
    public void A_value_restated_in_parentheses_and_a_bound_on_a_duration_are_one_value()
    {
        string[] templates = Mine(
            "proxy.example.net:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02",
            "proxy.example.net:5070 close, 403 bytes sent, 1671 bytes (1.63 KB) received, lifetime <1 sec",
            "proxy.example.net:5070 close, 451 bytes sent, 353 bytes received, lifetime 01:10",
            "copied 12 files (34%), took >500 ms",
            "copied 12 files (34%), took 20 ms");
        Assert.Equal("<*> close, <*> bytes sent, <*> bytes received, lifetime <*>", templates[0]);
        Assert.Equal([templates[0], templates[0]], templates[1..3]);
        Assert.Equal("copied <*> files, took <*>", templates[3]);
        Assert.Equal("copied <*> files, took <*> ms", templates[4]);
    }

    [Fact]
    public void A_date_with_month_and_day_names_is_one_variable()
    {
        string[] templates = Mine(
            "connection from 24.54.76.216 () at Fri Jul 22 09:42:14 2005",
            "connection from 220.82.197.48 () at Sun Jul 10 01:12:13 2005",
            "timer set for Jul 22 10:00:00 by cron",
            "backup snapshot taken Fri Jul 22 09:42:14 CEST 2005 is too old",
            "backup snapshot taken Sat Jan 21 09:42:14 CET 2006 is too old",
            "backup snapshot taken Sun Jan 22 09:42:14 UTC 2006 is too old",
            "cached page expired Fri, 22 Jul 2005 10:00:00 GMT for url",
            "cached page expired Sat, 23 Jul 2005 10:00:00 GMT for url");
        Assert.Equal("connection from <*> () at <*>", templates[0]);
        Assert.Equal(templates[0], templates[1]);
        Assert.Equal("timer set for <*> by cron", templates[2]);
        Assert.All(templates[3..6], t => Assert.Equal("backup snapshot taken <*> is too old", t));
        Assert.All(templates[6..], t => Assert.Equal("cached page expired <*> for url", t));
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

    [Fact]
    public void Skipping_templates_that_cannot_be_similar_enough_finds_the_same_templates_as_comparing_with_all()
    {
        // Groups of hundreds of templates (one first word, one length): sentences of random words, shared words,
        // numbers, keys with values, masked parts and words that later become wildcards. Each message must land in the
        // template it lands in when compared with every template of its group.
        var random = new System.Random(11);
        string[] words = [.. Enumerable.Range(0, 60).Select(i => new string((char)('a' + (i % 26)), 1 + (i / 26)) + "x" + (char)('a' + (i * 7 % 26)))];
        string[] shapes = ["user={0}", "user={1}", "{0}", "{0}", "{0}", "id-{1}", "{1}", "ret:{2}", "rhost={0}.example.com", "eth{3}", "core.{1}", "{0}{3}", "{0}", "{0}"];
        var messages = new System.Collections.Generic.List<string>();
        for (int n = 0; n < 4000; n++)
        {
            int length = 2 + random.Next(7);
            var tokens = new System.Collections.Generic.List<string> { n % 3 == 0 ? "Failed" : "worker" };
            for (int k = 0; k < length; k++)
            {
                string word = words[random.Next(k < 2 ? 4 : words.Length)];
                tokens.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, shapes[random.Next(shapes.Length)], word, random.Next(1000), random.Next(2) == 0 ? "true" : "false", random.Next(4)));
            }

            messages.Add(string.Join(' ', tokens));
        }

        // A full group (over 64 templates) that takes a word as a value drops the templates it now covers; later messages
        // must then meet the general template, not the dropped ones.
        for (int n = 0; n < 90; n++)
        {
            string name = string.Concat(Enumerable.Range(0, 4).Select(k => (char)((k == 0 ? 'A' : 'a') + random.Next(26))));
            messages.Add($"alert {name} firing for namespace prod");
            messages.Add($"alert {name}{random.Next(9)} firing for namespace {random.Next(100)}");
        }

        var pruned = new DrainMiner();
        var full = new DrainMiner { PruneCandidates = false };
        string[] masked = [.. messages.Select(TemplateMasker.MaskMessage)];
        string[] withIndex = [.. masked.Select(m => pruned.AddMasked(m)).ToArray().Select(c => c.Text)];
        string[] withAll = [.. masked.Select(m => full.AddMasked(m)).ToArray().Select(c => c.Text)];
        Assert.True(pruned.Clusters.Count > 500, $"only {pruned.Clusters.Count} templates: the groups are too small to test skipping");
        Assert.Equal(full.Clusters.Select(c => c.Text), pruned.Clusters.Select(c => c.Text));
        Assert.Equal(withAll, withIndex);
    }
}
