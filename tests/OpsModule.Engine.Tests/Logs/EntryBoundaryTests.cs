using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Logs;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>
/// Where entries start and end in whole files as real tools write them (found by an adversarial pass): each case is
/// a file, and every entry's line number, level and message are asserted.
/// </summary>
public sealed class EntryBoundaryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_last_line_of_a_Python_traceback_belongs_to_the_entry_in_a_file_without_timestamps()
    {
        // Python's default format (ERROR:root:...) and uvicorn's: no timestamps, so each other line is an entry.
        string[] entries = await Entries(
            "ERROR:root:Unhandled exception",
            "Traceback (most recent call last):",
            "  File \"/srv/app/main.py\", line 42, in <module>",
            "    1 / 0",
            "ZeroDivisionError: division by zero",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"/srv/app/main.py\", line 44, in <module>",
            "    raise RuntimeError('wrapped')",
            "RuntimeError: wrapped",
            "INFO:root:next",
            "    indented: continues the entry above",
            "requests.exceptions.ConnectionError: outside a traceback, an exception's line is an entry",
            "Error: the level word itself is not an exception's name",
            "TypeError: right after a line that started an entry, a program's printed error is an entry");
        Assert.Equal(
            ["1 Error Unhandled exception", "13 Info next", "15 Unknown requests.exceptions.ConnectionError: outside a traceback, an exception's line is an entry",
                "16 Error the level word itself is not an exception's name", "17 Unknown TypeError: right after a line that started an entry, a program's printed error is an entry"],
            entries);

        // Two tracebacks one after the other are two crashes (no entry above, or a crash's traceback, before them): Error
        // entries named by their exception's line; Java exceptions without timestamps are one entry each.
        string[] python = await Entries(
            "Traceback (most recent call last):",
            "  File \"a.py\", line 1, in <module>",
            "NameError: name 'foo' is not defined",
            "Traceback (most recent call last):",
            "  File \"b.py\", line 2, in <module>",
            "KeyError: 'bar'",
            "ValueError: standalone after traceback");
        Assert.Equal(["1 Error NameError: name 'foo' is not defined", "4 Error KeyError: 'bar'", "7 Unknown ValueError: standalone after traceback"], python);
        string[] java = await Entries(
            "java.lang.NullPointerException: a is null",
            "\tat A.b(A.java:1)",
            "java.lang.IllegalStateException: second failure",
            "\tat C.d(C.java:2)");
        Assert.Equal(["1 Unknown java.lang.NullPointerException: a is null", "3 Unknown java.lang.IllegalStateException: second failure"], java);
    }

    [Fact]
    public async Task A_runtime_s_crash_is_an_Error_entry_of_its_own_below_an_INFO_line()
    {
        // What Python, Java (java.util.logging one-line), Node (pino) and Go's log package wrote when their process died of
        // an uncaught error: the runtime prints the crash without a timestamp right after the last INFO line.
        string[] python = await Entries(
            "2026-11-28 16:59:15,591 ERROR worker: job 1 failed: timeout",
            "2026-11-28 16:59:15,591 INFO worker: loading config /etc/app.yaml",
            "Traceback (most recent call last):",
            "  File \"/srv/app/py_crash.py\", line 8, in <module>",
            "    print(cfg['database_url'])",
            "          ~~~^^^^^^^^^^^^^^^^",
            "KeyError: 'database_url'");
        Assert.Equal(["1 Error worker: job 1 failed: timeout", "2 Info worker: loading config /etc/app.yaml", "3 Error KeyError: 'database_url'"], python);

        string[] java = await Entries(
            "2026-11-28 16:59:16.503 SEVERE app - handled failure",
            "2026-11-28 16:59:16.504 INFO app - about to crash",
            "Exception in thread \"main\" java.lang.IllegalStateException: boom",
            "\tat Crash.run(Crash.java:5)",
            "Caused by: java.io.IOException: disk",
            "\t... 1 more",
            "2026-11-28 16:59:17.000 INFO app - restarted");
        Assert.Equal(
            ["1 Error app - handled failure", "2 Info app - about to crash", "3 Error Exception in thread \"main\" java.lang.IllegalStateException: boom", "7 Info app - restarted"],
            java);

        string[] node = await Entries(
            "{\"level\":50,\"time\":1795885156683,\"pid\":10052,\"hostname\":\"vm\",\"msg\":\"handled failure\"}",
            "{\"level\":30,\"time\":1795885156684,\"pid\":10052,\"hostname\":\"vm\",\"msg\":\"about to crash\"}",
            "/srv/app/crash.js:3",
            "const o=undefined; o.id;",
            "                     ^",
            "",
            "TypeError: Cannot read properties of undefined (reading 'id')",
            "    at Object.<anonymous> (/srv/app/crash.js:3:22)",
            "    at node:internal/main/run_main_module:28:49",
            "",
            "Node.js v20.20.2");
        Assert.Equal(["1 Error handled failure", "2 Info about to crash", "3 Error TypeError: Cannot read properties of undefined (reading 'id')"], node);

        string[] go = await Entries(
            "2026/11/28 16:59:05.574426 [ERROR] failed to publish message 901: connection reset by peer",
            "2026/11/28 16:59:05.574428 [INFO] about to index 5",
            "panic: runtime error: index out of range [5] with length 3",
            "",
            "goroutine 1 [running]:",
            "main.main()",
            "\t/srv/app/main.go:21 +0x1d3",
            "exit status 2");
        Assert.Equal(["1 Error failed to publish message 901: connection reset by peer", "2 Info about to index 5", "3 Fatal runtime error: index out of range [5] with length 3"], go);

        // With -Entries the crash's message is its exception's line, then every line of the crash.
        LogScanResult full = await Scan(Write(
            "2026-11-28 16:59:15,591 INFO worker: loading config",
            "Traceback (most recent call last):",
            "  File \"/srv/app/py_crash.py\", line 8, in <module>",
            "KeyError: 'database_url'"), LogLevel.Error, entries: true);
        Assert.Equal(
            "KeyError: 'database_url'\nTraceback (most recent call last):\n  File \"/srv/app/py_crash.py\", line 8, in <module>\nKeyError: 'database_url'",
            Assert.Single(full.Entries).Message);
    }

    [Fact]
    public async Task Python_exception_group_tracebacks_are_one_crash_or_continuation_like_a_traceback()
    {
        // Python 3.11's exception groups as python prints them: below an entry under Warning, and alone, a crash named by
        // the group's own line; below an ERROR entry (logging.exception) they are that entry's.
        string[] group =
        [
            "  + Exception Group Traceback (most recent call last):",
            "  |   File \"/srv/app/main.py\", line 10, in <module>",
            "  |     asyncio.run(main())",
            "  | ExceptionGroup: errors (2 sub-exceptions)",
            "  +-+---------------- 1 ----------------",
            "    | Traceback (most recent call last):",
            "    |   File \"/srv/app/main.py\", line 5, in job",
            "    | ValueError: x",
            "    +---------------- 2 ----------------",
            "    | KeyError: 'y'",
            "    +------------------------------------",
        ];
        string[] belowInfo = await Entries(["2026-11-27 10:00:00,123 INFO worker: started", .. group, "2026-11-27 10:00:02,123 INFO worker: next"]);
        Assert.Equal(["1 Info worker: started", "2 Error ExceptionGroup: errors (2 sub-exceptions)", "13 Info worker: next"], belowInfo);

        string[] alone = await Entries(group);
        Assert.Equal(["1 Error ExceptionGroup: errors (2 sub-exceptions)"], alone);

        string[] belowError = await Entries(["2026-11-27 10:00:00,123 ERROR root: Task group failed", .. group, "2026-11-27 10:00:02,123 INFO worker: next"]);
        Assert.Equal(["1 Error Task group failed", "13 Info worker: next"], belowError);

        // Without timestamps, below a line of output, it continues that line as a traceback does.
        string[] plain = await Entries(["starting worker", .. group, "worker stopped"]);
        Assert.Equal(["1 Unknown starting worker", "13 Unknown worker stopped"], plain);

        // Chained after a traceback's exception: one crash, named by the group's line (the last exception).
        string[] chained = await Entries(
        [
            "Traceback (most recent call last):", "  File \"a.py\", line 1, in <module>", "ValueError: x", "",
            "During handling of the above exception, another exception occurred:", "", .. group,
        ]);
        Assert.Equal(["1 Error ExceptionGroup: errors (2 sub-exceptions)"], chained);

        // Near misses: a "|" line that is not below a group's header, and a header that is not Python's, change nothing.
        string[] lookalikes = await Entries("2026-11-27 10:00:00,123 INFO worker: table", "  | a | b |", "  + Exception Group", "2026-11-27 10:00:01,123 INFO worker: next");
        Assert.Equal(["1 Info worker: table", "4 Info worker: next"], lookalikes);
    }

    [Theory]
    [InlineData("web-1  | {0}")]
    [InlineData("2026-11-27T10:00:01.123456789Z stderr F {0}")]
    [InlineData("{{\"log\":\"{0}\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:01.123Z\"}}")]
    public async Task A_Python_traceback_inside_container_records_is_a_crash_as_on_its_own_line(string record)
    {
        string Wrap(string text) => string.Format(System.Globalization.CultureInfo.InvariantCulture, record, record.StartsWith('{') ? text.Replace("\"", "\\\"", StringComparison.Ordinal) : text);
        string[] traceback = ["Traceback (most recent call last):", "  File \"/srv/app/main.py\", line 10, in <module>", "    main()", "KeyError: 'database_url'"];

        string[] belowInfo = await Entries([Wrap("2026-11-27 10:00:00,123 INFO app: started"), .. traceback.Select(Wrap), Wrap("2026-11-27 10:00:02,123 INFO app: next")]);
        Assert.Equal(["1 Info app: started", "2 Error KeyError: 'database_url'", "6 Info app: next"], belowInfo);

        string[] alone = await Entries([.. traceback.Select(Wrap)]);
        Assert.Equal(["1 Error KeyError: 'database_url'"], alone);

        // Below an ERROR entry it is that entry's exception; the word inside other text is no traceback.
        string[] belowError = await Entries([Wrap("2026-11-27 10:00:00,123 ERROR app: failed"), .. traceback.Select(Wrap), Wrap("2026-11-27 10:00:02,123 INFO app: next")]);
        Assert.Equal(["1 Error app: failed", "6 Info app: next"], belowError);
        string[] quoted = await Entries(Wrap("2026-11-27 10:00:00,123 INFO app: started"), Wrap(" see Traceback (most recent call last):"), Wrap("2026-11-27 10:00:02,123 INFO app: next"));
        Assert.Equal(["1 Info app: started", "3 Info app: next"], quoted);
    }

    [Fact]
    public async Task A_lowercase_error_line_below_a_dotnet_console_entry_is_an_entry_of_its_own()
    {
        // .NET's console formatter indents every line of its entry: "error: ..." at the start of a line below it is another
        // writer's error (winston's error level; its "warn:" and "info:" already were entries).
        string[] plain = await Entries("info: App.Worker[0]", "      Worker started", "fail: App.Worker[0]", "      Payment failed", "error: something broke", "info: App.Worker[0]", "      done");
        Assert.Equal(["1 Info Worker started", "3 Error Payment failed", "5 Error something broke", "6 Info done"], plain);

        string[] stamped = await Entries("2026-11-27 10:00:00 fail: App.Worker[0]", "      Payment failed", "error: something broke", "2026-11-27 10:00:01 info: App.Worker[0]", "      done");
        Assert.Equal(["1 Error Payment failed", "3 Error something broke", "4 Info done"], stamped);

        // Near misses stay in the entry: indented, no space or no word after the colon, other spellings, and below an entry
        // that is not .NET's.
        string[] near = await Entries("fail: App.Worker[0]", "      Payment failed", "  error: indented", "error:glued", "error: 0 files", "errors: x", "Error: JavaScript style", "error:", "info: App.Worker[0]", "      done");
        Assert.Equal(["1 Error Payment failed", "9 Info done"], near);
        string[] other = await Entries("2026-11-27 10:00:00 INFO app started", "error: something broke", "2026-11-27 10:00:01 INFO done");
        Assert.Equal(["1 Info app started", "3 Info done"], other);
    }

    [Fact]
    public async Task Crash_text_under_a_warning_or_an_error_stays_in_it_and_lookalikes_are_no_crash()
    {
        // A logged error quoting a child's panic or a Java crash, and a caught require() failure's stack logged under its
        // ERROR line: the error is counted once (before, each became a second, "uncaught" crash).
        string[] logged = await Entries(
            "2026-11-28 10:00:00,000 INFO supervisor: starting worker",
            "2026-11-28 10:00:01,000 ERROR supervisor: worker exited with status 2, output:",
            "panic: send on closed channel",
            "Exception in thread \"main\" java.lang.IllegalStateException: boom",
            "2026-11-28 10:00:02,000 ERROR app: plugin ./plugins/bad.js failed to load:",
            "/srv/app/plugins/bad.js:3",
            "  module.exports = {",
            "  ^",
            "",
            "SyntaxError: Unexpected token '}'",
            "    at internalCompileFunction (node:internal/vm:76:18)",
            "2026-11-28 10:00:03,000 INFO supervisor: starting worker");
        Assert.Equal(["1 Info supervisor: starting worker", "2 Error supervisor: worker exited with status 2, output:", "5 Error app: plugin ./plugins/bad.js failed to load:", "12 Info supervisor: starting worker"], logged);

        // .NET's two-line header, then lines that open with its level words but have no category (a child's winston output):
        // each is an entry of its own, as before .NET's header needed its category (then they became the header's message).
        string[] mixed = await Entries("info: Microsoft.Hosting.Lifetime[14]", "      Now listening on: http://localhost:5000", "warn: disk space low", "info: done");
        Assert.Equal(["1 Info Now listening on: http://localhost:5000", "3 Warning disk space low", "4 Info done"], mixed);

        // A crash right after a crash is the next one (a worker that crashes again after its restart).
        string[] again = await Entries("panic: first", "", "goroutine 1 [running]:", "main.main()", "panic: second", "", "goroutine 1 [running]:", "main.main()");
        Assert.Equal(["1 Fatal first", "5 Fatal second"], again);

        // The goroutine dump ends at the program's next output, even where it ends with ')' (before, such lines joined it).
        string[] restarted = await Entries("panic: send on closed channel", "", "goroutine 1 [running]:", "main.(*W).run(0xc000010000, {0x4b1c40, 0x5})", "\t/srv/w.go:9 +0x1d", "starting worker (pid 42)");
        Assert.Equal(["1 Fatal send on closed channel", "6 Unknown starting worker (pid 42)"], restarted);

        // A letter, a colon and digits is no Node banner (it threw IndexOutOfRangeException and ended the whole call).
        string[] counters = await Entries("counters", "n:123456", "C:1234567", "P:123456", "f:123456");
        Assert.Equal(["1 Unknown counters", "2 Unknown n:123456", "3 Unknown C:1234567", "4 Unknown P:123456", "5 Unknown f:123456"], counters);

        // In a file without timestamps, a traceback below a line of no level is the program's output, not a crash
        // (python -m unittest's report: its ERROR header, a rule, the test's traceback).
        string[] unittest = await Entries(
            "======================================================================",
            "ERROR: test_error (test_mod.T.test_error)",
            "----------------------------------------------------------------------",
            "Traceback (most recent call last):",
            "  File \"/srv/test_mod.py\", line 5, in test_error",
            "ValueError: bad",
            "",
            "Ran 1 test in 0.001s");
        Assert.Equal(1, unittest.Count(e => e.Contains(" Error ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Crashes_without_timestamps_keep_their_lines_and_logged_exceptions_stay_in_their_entries()
    {
        // Without any timestamp, the lines of Go's goroutine dump and of Node's banner still belong to the crash.
        string[] go = await Entries("panic: assignment to entry in nil map", "", "goroutine 1 [running]:", "main.main()", "\t/srv/app/main.go:9 +0x1d", "exit status 2", "next program output");
        Assert.Equal(["1 Fatal assignment to entry in nil map", "7 Unknown next program output"], go);
        string[] node = await Entries(
            "node:internal/modules/cjs/loader:1228",
            "  throw err;",
            "  ^",
            "",
            "Error: Cannot find module '/srv/app/missing.js'",
            "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)",
            "{",
            "  code: 'MODULE_NOT_FOUND',",
            "}",
            "",
            "Node.js v20.20.2",
            "fatal error: all goroutines are asleep - deadlock!");
        Assert.Equal(["1 Error Error: Cannot find module '/srv/app/missing.js'", "12 Fatal all goroutines are asleep - deadlock!"], node);

        // Node before 18 ends its banner with the frames (no "Node.js v..."): the next line of output is an entry again.
        string[] node16 = await Entries(
            "/srv/app/crash.js:3",
            "throw 'boom';",
            "^",
            "boom",
            "(Use `node --trace-uncaught ...` to show where the exception was thrown)",
            "/srv/app/crash.js:9",
            "  o.id;",
            "    ^",
            "",
            "TypeError: Cannot read property 'id' of undefined",
            "    at Object.<anonymous> (/srv/app/crash.js:9:5)",
            "restarting worker",
            "listening on 8080");
        Assert.Equal(["1 Error boom", "6 Error TypeError: Cannot read property 'id' of undefined", "12 Unknown restarting worker", "13 Unknown listening on 8080"], node16);

        // A traceback below an ERROR or WARNING line is the exception that line logged (logging.exception, exc_info=True),
        // chained ones included; a Java exception below an INFO line is one logged with it; winston's stack below its
        // error line belongs to it.
        string[] kept = await Entries(
            "2026-11-28 10:00:00,001 ERROR app: payment failed",
            "Traceback (most recent call last):",
            "  File \"/srv/app/pay.py\", line 3, in pay",
            "ConnectionError: refused",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"/srv/app/pay.py\", line 5, in pay",
            "RuntimeError: payment failed",
            "2026-11-28 10:00:01,001 WARNING app: retrying",
            "Traceback (most recent call last):",
            "  File \"/srv/app/pay.py\", line 3, in pay",
            "TimeoutError: timed out",
            "2026-11-28 10:00:02,001 INFO app: cache warmed with a logged exception",
            "java.lang.IllegalStateException: stale entry",
            "\tat com.example.Cache.warm(Cache.java:12)",
            "2026-11-28 10:00:03,001 [ERROR]: Upstream failed",
            "Error: Upstream failed",
            "    at handler (/srv/app/index.js:12:9)",
            "2026-11-28 10:00:04,001 INFO app: done");
        Assert.Equal(
            ["1 Error app: payment failed", "11 Warning app: retrying", "15 Info app: cache warmed with a logged exception", "18 Error Upstream failed", "21 Info app: done"],
            kept);

        // An uncaught exception raised while handling another: one crash, named by the last exception's line.
        string[] chained = await Entries(
            "2026-11-28 10:00:00,001 INFO app: starting",
            "Traceback (most recent call last):",
            "  File \"/srv/app/main.py\", line 3, in <module>",
            "KeyError: 'db'",
            "",
            "The above exception was the direct cause of the following exception:",
            "",
            "Traceback (most recent call last):",
            "  File \"/srv/app/main.py\", line 5, in <module>",
            "app.config.ConfigMissing: db is not set");
        Assert.Equal(["1 Info app: starting", "2 Error app.config.ConfigMissing: db is not set"], chained);
    }

    [Fact]
    public async Task An_exception_below_an_untimestamped_entry_belongs_to_it()
    {
        // Serilog's default console format ("[HH:mm:ss LVL]", a time of day only) with a .NET exception below.
        string[] entries = await Entries(
            "[10:00:05 ERR] HTTP GET /api/orders responded 500 in 12.3456 ms",
            "System.NullReferenceException: Object reference not set to an instance of an object.",
            "   at Shop.Api.OrdersController.Get(Int32 id) in /src/Shop.Api/OrdersController.cs:line 42",
            "[10:00:06 INF] next");
        Assert.Equal(["1 Error HTTP GET /api/orders responded 500 in 12.3456 ms", "4 Info next"], entries);
    }

    [Fact]
    public async Task A_traceback_below_an_untimestamped_entry_continues_it_and_is_no_crash()
    {
        // A program's plain output or a test runner's report, as the help describes it: the traceback takes that entry's level.
        string[] plain = await Entries(
            "Running tests...",
            "Traceback (most recent call last):",
            "  File \"t.py\", line 3, in <module>",
            "KeyError: 'x'",
            "ERROR: tests failed",
            "Traceback (most recent call last):",
            "  File \"t.py\", line 9, in <module>",
            "KeyError: 'z'",
            "Done");
        Assert.Equal(["1 Unknown Running tests...", "5 Error tests failed", "9 Unknown Done"], plain);
    }

    [Fact]
    public async Task A_line_that_opens_with_its_level_word_is_an_entry_even_among_timestamped_lines()
    {
        // Sixteen timestamped entries first: lines without a timestamp then usually continue the entry above.
        string[] stamped = [.. Enumerable.Range(10, 16).Select(s => $"2024-03-01 10:00:{s},123 INFO  [main] com.example.App - Step {s}")];
        string[] entries = await Entries(
            [.. stamped,
            "ERROR: could not open /etc/app.conf",
            "WARNING retrying",
            "[ERROR] could not open /etc/app2.conf",
            "  ERROR: indented, so part of the entry above",
            "the ERROR word later in a line is no start",
            "2024-03-01 10:00:52,000 INFO  [main] com.example.App - Continuing"]);
        Assert.Equal(
            ["17 Error could not open /etc/app.conf", "18 Warning retrying", "19 Error could not open /etc/app2.conf", "22 Info Continuing"],
            entries.Skip(16));
    }

    [Fact]
    public async Task Docker_timestamps_with_nanoseconds_after_other_stamps_start_their_own_entries()
    {
        // Go services write RFC 3339 with and without a fraction; "docker logs -t" prefixes nine-digit stamps.
        string[] entries = await Entries(
            "2026-11-27T10:00:00Z ERROR a: plain",
            "2026-11-27T10:00:00.123456789Z ERROR a: nanos",
            "2026-11-27T10:00:01.123456789Z WARN b: nanos",
            "2026-11-27T10:00:02.123456789Z \tat com.example.Pool.take(Pool.java:42)");
        Assert.Equal(["1 Error a: plain", "2 Error a: nanos", "3 Warning b: nanos"], entries);
    }

    [Theory]
    [InlineData(
        """{"log":" * Serving Flask app\n","stream":"stdout","time":"2026-11-27T10:00:00.000000000Z"}""",
        """{"log":" * Debug mode: off\n","stream":"stdout","time":"2026-11-27T10:00:01.000000000Z"}""",
        """{"log":"ERROR boom\n","stream":"stderr","time":"2026-11-27T10:00:02.000000000Z"}""")]
    [InlineData("2026-11-27T10:00:00.1Z stdout F  * Serving Flask app", "2026-11-27T10:00:01.1Z stdout F  * Debug mode: off", "2026-11-27T10:00:02.1Z stderr F ERROR boom")]
    [InlineData("2026-11-27T10:00:00.100000000Z  * Serving Flask app", "2026-11-27T10:00:01.100000000Z  * Debug mode: off", "2026-11-27T10:00:02.100000000Z ERROR boom")]
    public async Task An_indented_first_container_line_is_an_entry_at_its_record_s_time(string first, string second, string third)
    {
        // Flask's banner lines are indented: the first has no entry above to continue, so it is one, at its record's time.
        var options = new LogScanOptions
        {
            Level = LogLevel.Unknown,
            Entries = true,
            ThrottleLimit = 1,
            TimeZone = TimeZoneInfo.Utc,
            SinceUtc = new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc),
        };
        LogScanResult result = await new LogScanEngine(options, NullObserver.Instance).ScanAsync([Write(first, second, third)], e => throw e, CancellationToken.None);

        Assert.Equal(
            ["1 10:00:00 Unknown * Serving Flask app", "3 10:00:02 Error boom"],
            result.Entries.Select(e => $"{e.LineNumber} {(e.Timestamp is DateTime t ? t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-")} {e.Level} {e.Message.Split('\n')[0]}"));
        Assert.Equal(2, result.Summary.Entries);
    }

    [Fact]
    public async Task Apache_trace_levels_and_winston_http_and_silly_are_levels_only_where_a_level_is_written()
    {
        // Apache 2.4's LogLevel trace1 to trace8 (below debug): the level, and the message after the header as for debug.
        string[] apache = await Entries(
            "[Fri Nov 27 10:00:08.000000 2026] [core:trace5] [pid 5:tid 6] protocol.c(645): [client 1.2.3.4:5] Request received",
            "[Fri Nov 27 10:00:09.000000 2026] [ssl:trace8] [pid 5:tid 6] ssl_engine_io.c(2313): OpenSSL: Handshake",
            "[Fri Nov 27 10:00:10.000000 2026] [core:debug] [pid 5:tid 6] protocol.c(645): [client 1.2.3.4:5] Request received",
            "[Fri Nov 27 10:00:11.000000 2026] [core:error] [pid 5:tid 6] [client 1.2.3.4:5] AH00128: File does not exist");
        Assert.Equal(
            ["1 Trace protocol.c(645): [client 1.2.3.4:5] Request received", "2 Trace ssl_engine_io.c(2313): OpenSSL: Handshake",
                "3 Debug protocol.c(645): [client 1.2.3.4:5] Request received", "4 Error AH00128: File does not exist"],
            apache);

        // winston's npm levels (error, warn, info, http, verbose, debug, silly) in its JSON "level" field.
        string[] winston = await Entries(
            """{"level":"http","message":"GET /api/orders 200 12ms","timestamp":"2026-11-27T10:00:00.000Z"}""",
            """{"level":"silly","message":"cache lookup","timestamp":"2026-11-27T10:00:01.000Z"}""",
            """{"level":"verbose","message":"pool size 4","timestamp":"2026-11-27T10:00:02.000Z"}""");
        Assert.Equal(["1 Debug GET /api/orders 200 12ms", "2 Trace cache lookup", "3 Trace pool size 4"], winston);

        // In text, "http" and "silly" are words.
        string[] text = await Entries(
            "2026-11-27 10:00:00 http GET /api/orders",
            "2026-11-27 10:00:01 HTTP server listening on :8080",
            "2026-11-27 10:00:02 [http] request served",
            "2026-11-27 10:00:03 SILLY walk");
        Assert.Equal(
            ["1 Unknown http GET /api/orders", "2 Unknown HTTP server listening on :8080", "3 Unknown [http] request served", "4 Unknown SILLY walk"],
            text);
    }

    [Fact]
    public async Task A_timestamp_before_logfmt_keeps_the_level_and_message_of_the_pairs()
    {
        string[] entries = await Entries(
            "2026-11-27T10:00:00Z level=error msg=\"database connection lost\" component=db",
            "2026-11-27T10:00:01Z level=info msg=\"payment provider rejected card\" component=db",
            "2026-11-27T10:00:02Z user=bob logged in");
        Assert.Equal(["1 Error database connection lost", "2 Info payment provider rejected card", "3 Unknown user=bob logged in"], entries);
    }

    [Fact]
    public async Task Structured_klog_messages_are_unquoted_and_keep_their_words_in_the_template()
    {
        string file = Write(
            "E0301 10:00:01.000000    1200 kuberuntime_manager.go:1256] \"Unhandled Error\" err=\"failed to pull image\"",
            "E0301 10:00:02.000000    1200 volume_manager.go:291] \"Unable to attach or mount volumes for pod\" err=\"timed out\"",
            "E0301 10:00:03.000000    1200 kubelet.go:2100] \"Failed to delete pod\" err=\"not found\"",
            "E0301 10:00:04.000000    1200 kubelet.go:2100] \"Failed to delete pod\" err=\"rpc error: \\\"x\\\" not found\" pod=\"default/app\"",
            "E0301 10:00:05.000000    1200 kubelet.go:2100] \"Failed to delete pod\" err=\"rpc error: \\\"y\\\" gone\" pod=\"default/web\"");
        LogScanResult result = await Scan(file, LogLevel.Error, entries: false);
        Assert.Equal(
            ["1 Failed to delete pod err=<*>", "1 Unable to attach or mount volumes for pod err=<*>", "1 Unhandled Error err=<*>", "2 Failed to delete pod err=<*> pod=<*>"],
            result.Patterns.Select(p => $"{p.Count} {p.Template}").Order(StringComparer.Ordinal));
        Assert.Contains("Failed to delete pod err=\"rpc error: \\\"x\\\" not found\" pod=\"default/app\"", result.Patterns.Select(p => p.Sample));
    }

    [Fact]
    public async Task Each_level_is_mined_apart_so_an_error_does_not_fold_into_info_messages_and_keeps_its_id()
    {
        var lines = new List<string>();
        foreach ((string level, string word) in new[] { ("ERROR", "failed"), ("INFO", "succeeded"), ("INFO", "started"), ("WARN", "skipped") })
        {
            lines.AddRange(Enumerable.Range(1, 3).Select(n => $"2026-11-27 10:00:0{n},123 {level} [main] app.Worker: Backup {word} for database orders on node db{n}"));
        }

        // A message logged at two levels is still one template: with a value masked at both, with values that differ
        // (digits at one position), and with a value that varied only at one level.
        lines.Add("2026-11-27 10:00:09,000 INFO [main] app.Worker: machine state register: 0x12345678");
        lines.Add("2026-11-27 10:00:09,500 FATAL [main] app.Worker: machine state register: 0x87654321");
        lines.Add("2026-11-27 10:00:10,000 INFO [main] app.Worker: program interrupt: illegal instruction......1");
        lines.Add("2026-11-27 10:00:10,500 FATAL [main] app.Worker: program interrupt: illegal instruction......0");
        foreach (string tenant in (string[])["alice", "bob", "carol"])
        {
            lines.Add($"2026-11-27 10:00:11,000 WARN [main] app.Worker: export for tenant {tenant} took too long");
        }

        lines.Add("2026-11-27 10:00:12,000 ERROR [main] app.Worker: export for tenant acme took too long");
        string file = Write([.. lines]);

        LogScanResult all = await Scan(file, LogLevel.Unknown, entries: false);
        Assert.Equal(
            ["Error 3 Backup failed for database orders on node <*>", "Error 4 export for tenant <*> took too long", "Fatal 2 machine state register: <*>",
                "Fatal 2 program interrupt: illegal <*>", "Info 3 Backup started for database orders on node <*>",
                "Info 3 Backup succeeded for database orders on node <*>", "Warning 3 Backup skipped for database orders on node <*>"],
            all.Patterns.Select(p => $"{p.Level} {p.Count} {p.Template}").Order(StringComparer.Ordinal));

        LogScanResult errors = await Scan(file, LogLevel.Error, entries: false);
        LogErrorPattern failed = errors.Patterns.Single(p => p.Template.StartsWith("Backup", StringComparison.Ordinal));
        Assert.Equal(all.Patterns.Single(p => p.Template.StartsWith("Backup failed", StringComparison.Ordinal)).TemplateId, failed.TemplateId);
    }

    [Fact]
    public async Task PostgreSQL_severities_are_found_inside_RDS_and_pgBadger_prefixes()
    {
        string[] rds = await Entries(
            "2024-03-01 10:01:02 UTC:10.0.0.5(51234):app@shop:[4412]:ERROR:  relation \"orders\" does not exist at character 15",
            "2024-03-01 10:01:02 UTC:10.0.0.5(51234):app@shop:[4412]:STATEMENT:  SELECT * FROM orders;",
            "2024-03-01 10:01:03 UTC::@:[397]:LOG:  checkpoint starting: time",
            "2024-03-01 10:01:04 UTC:10.0.0.5(51234):app@shop:[4412]:FATAL:  password authentication failed for user \"app\"",
            "2024-03-01 10:01:04 UTC:10.0.0.5(51234):app@shop:[4412]:DETAIL:  Connection matched pg_hba.conf line 12");
        Assert.Equal(
            ["1 Error relation \"orders\" does not exist at character 15", "3 Info checkpoint starting: time", "4 Fatal password authentication failed for user \"app\""],
            rds);

        string[] pgbadger = await Entries(
            "2024-03-01 10:00:07 UTC [2300]: [2-1] user=app,db=shop ERROR:  syntax error at or near \"SELCT\" at character 1",
            "2024-03-01 10:00:07 UTC [2300]: [3-1] user=app,db=shop STATEMENT:  SELCT 1;",
            "2024-03-01 10:00:08 UTC [2301]: [1-1] user=,db= LOG:  automatic vacuum of table \"shop.public.orders\"");
        Assert.Equal(["1 Error syntax error at or near \"SELCT\" at character 1", "3 Info automatic vacuum of table \"shop.public.orders\""], pgbadger);
    }

    [Fact]
    public async Task PostgreSQL_csvlog_records_are_entries_and_the_lines_inside_a_quoted_field_continue_them()
    {
        // PostgreSQL 15's csvlog (real rows); a statement's and a detail's newlines are inside quoted fields, so the lines
        // after them continue the record, even where they look like a level word or a stamp.
        string[] entries = await Entries(
            "2026-11-28 17:56:44.470 CET,,,7209,,6b0b07cc.1c29,1,,2026-11-28 17:56:44 CET,,0,LOG,00000,\"starting PostgreSQL 15.18\",,,,,,,,,\"\",\"postmaster\",,0",
            "2026-11-28 17:56:53.748 CET,\"postgres\",\"postgres\",7496,\"127.0.0.1:46266\",6b0b07d5.1d48,1,\"INSERT\",2026-11-28 17:56:53 CET,3/6,727,ERROR,23505,\"duplicate key value violates unique constraint \"\"t_pkey\"\"\",\"Key (id)=(1) already exists.\",,,,,\"insert into t values (1,'dup1')\",,,\"psql\",\"client backend\",,0",
            "2026-11-28 17:56:54.935 CET,\"postgres\",\"postgres\",7532,\"127.0.0.1:46330\",6b0b07d6.1d6c,1,\"SELECT\",2026-11-28 17:56:54 CET,3/20,0,ERROR,42703,\"column \"\"nosuchcol\"\" does not exist\",,,,,,\"select id,",
            "ERROR: not a level here, inside the statement",
            "2026-11-28 17:56:54 and not a record either",
            " from t",
            " where nosuchcol = 1\",32,,\"psql\",\"client backend\",,0",
            "2026-11-28 17:56:55.745 CET,\"alice\",\"alice\",7564,\"127.0.0.1:46390\",6b0b07d7.1d8c,1,\"authentication\",2026-11-28 17:56:55 CET,3/28,0,FATAL,28P01,\"password authentication failed for user \"\"alice\"\"\",\"Role \"\"alice\"\" does not exist.",
            "Connection matched pg_hba.conf line 87: \"\"host    all             all             127.0.0.1/32            scram-sha-256\"\"\",,,,,,,,\"\",\"client backend\",,0",
            "2026-11-28 17:56:55.176 CET,\"postgres\",\"postgres\",7552,\"127.0.0.1:46346\",6b0b07d7.1d80,1,\"DO\",2026-11-28 17:56:55 CET,3/22,0,WARNING,01000,\"low disk on volume 3\",,,,,\"PL/pgSQL function inline_code_block line 1 at RAISE\",,,,\"psql\",\"client backend\",,0",
            "2026-11-28 17:56:56.016 CET,,,7211,,6b0b07cc.1c2b,1,,2026-11-28 17:56:44 CET,,0,DEBUG2,00000,\"checkpoint starting: immediate force wait\",,,,,,,,,\"\",\"checkpointer\",,0",
            "2026-11-28 17:56:57.000 UTC,,,7211,,6b0b07cc.1c2b,2,,2026-11-28 17:56:44 UTC,,0,PANIC,XX000,\"could not write to file \"\"pg_wal/xlogtemp.7211\"\"\",,,,,,,,,\"\",\"checkpointer\"");
        Assert.Equal(
            ["1 Info starting PostgreSQL 15.18", "2 Error duplicate key value violates unique constraint \"t_pkey\"", "3 Error column \"nosuchcol\" does not exist",
                "8 Fatal password authentication failed for user \"alice\"", "10 Warning low disk on volume 3", "11 Debug checkpoint starting: immediate force wait",
                "12 Fatal could not write to file \"pg_wal/xlogtemp.7211\""],
            entries);

        // A record cut short inside a quoted field (the server stopped mid-write): the next record still starts an entry.
        string[] cut = await Entries(
            "2026-11-28 17:56:54.935 CET,\"postgres\",\"postgres\",7532,\"127.0.0.1:46330\",6b0b07d6.1d6c,1,\"SELECT\",2026-11-28 17:56:54 CET,3/20,0,ERROR,42703,\"column \"\"x\"\" does not exist\",,,,,,\"select x,",
            "2026-11-28 17:56:55.881 CET,\"postgres\",\"nosuchdb\",7566,\"127.0.0.1:46400\",6b0b07d7.1d8e,1,\"startup\",2026-11-28 17:56:55 CET,3/29,0,FATAL,3D000,\"database \"\"nosuchdb\"\" does not exist\",,,,,,,,,\"\",\"client backend\",,0",
            "2026-11-28 17:56:56.000 CET [7566] LOG:  the stderr log's lines are read as before");
        Assert.Equal(["1 Error column \"x\" does not exist", "2 Fatal database \"nosuchdb\" does not exist", "3 Info the stderr log's lines are read as before"], cut);
    }

    [Theory]
    [InlineData("2026-11-28 17:56:53.748 CET,a,b,7496,c,d,1,e,f,g,h,BOGUS,23505,\"message\"")]
    [InlineData("2026-11-28 17:56:53.748 CET,a,b,7496,c,d,1,e,f,g,h,error,23505,\"lower-case severity\"")]
    [InlineData("2026-11-28 17:56:53.748 CET,a,b,pid,c,d,1,e,f,g,h,ERROR,23505,\"pid not a number\"")]
    [InlineData("2026-11-28 17:56:53.748 CET,a,b,7496,c,d,1,e,f,g,h,ERROR,2350,\"SQLSTATE not five characters\"")]
    [InlineData("2026-11-28 17:56:53.748 CET,a,b,7496,c,d,1,e,f,g,ERROR,23505,\"severity in column 11\"")]
    [InlineData("2026-11-28 17:56:53.748 CET,a,b,7496,c,d,1,e,f,g,h,\"ERROR\",23505,\"quoted severity\"")]
    [InlineData("2026-11-28 17:56:53.748,ERROR,other csv \"with a quote")]
    public async Task CSV_lines_that_are_no_PostgreSQL_csvlog_record_are_read_as_before(string line)
    {
        // Read as text (a stamp, then whatever level word the line has); an odd quote does not swallow the next line.
        string[] entries = await Entries(line, "2026-11-28 17:56:54.000 ERROR next line");
        Assert.Equal(2, entries.Length);
        Assert.Equal("2 Error next line", entries[1]);
    }

    [Fact]
    public async Task JSON_entries_show_their_stack_trace_after_the_message_and_Serilog_templates_group_by_template()
    {
        // Real lines of pino (err.stack), winston (stack), Microsoft.Extensions.Logging's JSON console (Exception), Serilog's
        // compact JSON (@x, and @mt without @m), with ECS's and logstash-logback's keys.
        string file = Write(
            """{"level":50,"time":1795884797211,"pid":2084,"hostname":"vm","err":{"type":"TypeError","message":"Cannot read properties of undefined (reading 'id')","stack":"TypeError: Cannot read properties of undefined (reading 'id')\n    at work (/tmp/adv80/node/gen.js:9:9)"},"msg":"Order handler crashed"}""",
            """{"level":"error","message":"Cannot read properties of undefined (reading 'id')","stack":"TypeError: Cannot read properties of undefined (reading 'id')\n    at work (/tmp/adv80/node/gen.js:9:9)","timestamp":"2026-11-28T16:53:17.278Z"}""",
            """{"Timestamp":"2026-11-28T16:55:24.635\u002B00:00","EventId":0,"LogLevel":"Error","Category":"Shop.Orders.OrderProcessor","Message":"Unhandled exception while processing order 42","Exception":"System.InvalidOperationException: Saving order 42 failed\n   at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8","State":{"OrderId":42,"{OriginalFormat}":"Unhandled exception while processing order {OrderId}"}}""",
            """{"@t":"2026-11-28T16:55:25.3341556Z","@mt":"Order {OrderId} rejected by {Provider}","@l":"Error","OrderId":7000,"Provider":"Acme Payments Ltd"}""",
            """{"@t":"2026-11-28T16:55:25.3341627Z","@mt":"Order {OrderId} rejected by {Provider}","@l":"Error","OrderId":7001,"Provider":"Pay"}""",
            """{"@t":"2026-11-28T16:55:25.3348278Z","@mt":"Unhandled exception while processing order {OrderId}","@l":"Error","@x":"System.InvalidOperationException: Saving order 42 failed\n   at Work.Svc(Int32 id)","OrderId":42}""",
            """{"@timestamp":"2026-11-28T16:55:26Z","log.level":"error","message":"ECS flat","error.stack_trace":"java.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)"}""",
            """{"@timestamp":"2026-11-28T16:55:27Z","log.level":"error","message":"ECS nested","error":{"type":"java.lang.IllegalStateException","stack_trace":"java.lang.IllegalStateException: y\n\tat a.B.c(B.java:2)"}}""",
            """{"@timestamp":"2026-11-28T16:55:28Z","level":"ERROR","message":"logstash-logback","stack_trace":"java.lang.IllegalStateException: z\n\tat a.B.c(B.java:3)"}""",
            """{"@timestamp":"2026-11-28T16:55:29Z","level":"ERROR","message":"no stack here","detail":"a detail key outside PostgreSQL's jsonlog is not shown","stack":42}""");
        LogScanResult result = await Scan(file, LogLevel.Unknown, entries: true);
        Assert.Equal(
            [
                "Order handler crashed\nTypeError: Cannot read properties of undefined (reading 'id')\n    at work (/tmp/adv80/node/gen.js:9:9)",
                "Cannot read properties of undefined (reading 'id')\nTypeError: Cannot read properties of undefined (reading 'id')\n    at work (/tmp/adv80/node/gen.js:9:9)",
                "Unhandled exception while processing order 42\nSystem.InvalidOperationException: Saving order 42 failed\n   at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8",
                "Order 7000 rejected by \"Acme Payments Ltd\"",
                "Order 7001 rejected by \"Pay\"",
                "Unhandled exception while processing order 42\nSystem.InvalidOperationException: Saving order 42 failed\n   at Work.Svc(Int32 id)",
                "ECS flat\njava.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)",
                "ECS nested\njava.lang.IllegalStateException: y\n\tat a.B.c(B.java:2)",
                "logstash-logback\njava.lang.IllegalStateException: z\n\tat a.B.c(B.java:3)",
                "no stack here",
            ],
            result.Entries.Select(e => e.Message));

        // Values of one template (a one-word and a three-word provider) group as one; the stack trace is not in the template.
        LogScanResult patterns = await Scan(file, LogLevel.Error, entries: false);
        Assert.Contains("2 Order <*> rejected by <*>", patterns.Patterns.Select(p => $"{p.Count} {p.Template}"));
        Assert.Contains("2 Unhandled exception while processing order <*>", patterns.Patterns.Select(p => $"{p.Count} {p.Template}"));
        Assert.Equal("Order 7000 rejected by \"Acme Payments Ltd\"", patterns.Patterns.Single(p => p.Template == "Order <*> rejected by <*>").Sample);
    }

    [Fact]
    public async Task PostgreSQL_jsonlog_entries_show_detail_hint_context_and_statement_like_its_stderr_log()
    {
        string[] lines =
        [
            """{"timestamp":"2026-11-28 17:56:53.748 UTC","pid":7496,"error_severity":"ERROR","state_code":"23505","message":"duplicate key value violates unique constraint \"t_pkey\"","detail":"Key (id)=(1) already exists.","statement":"insert into t values (1,'dup1')","backend_type":"client backend","query_id":0}""",
            """{"timestamp":"2026-11-28 17:56:55.467 UTC","pid":7560,"error_severity":"ERROR","state_code":"P0001","message":"custom failure for tenant acme","hint":"check tenant config","context":"PL/pgSQL function inline_code_block line 1 at RAISE","statement":"DO $$ BEGIN RAISE EXCEPTION 'x'; END $$;","query_id":0}""",
        ];
        LogScanResult result = await Scan(Write(lines), LogLevel.Unknown, entries: true);
        Assert.Equal(
            [
                "duplicate key value violates unique constraint \"t_pkey\"\nDETAIL:  Key (id)=(1) already exists.\nSTATEMENT:  insert into t values (1,'dup1')",
                "custom failure for tenant acme\nHINT:  check tenant config\nCONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE\nSTATEMENT:  DO $$ BEGIN RAISE EXCEPTION 'x'; END $$;",
            ],
            result.Entries.Select(e => e.Message));

        // Without -Entries, the patterns' samples are the messages alone.
        LogScanResult patterns = await Scan(Write(lines), LogLevel.Error, entries: false);
        Assert.Equal(["custom failure for tenant acme", "duplicate key value violates unique constraint \"t_pkey\""], patterns.Patterns.Select(p => p.Sample).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MySQL_Celery_Monolog_and_logrus_levels_inside_their_headers_are_read()
    {
        string[] mysql = await Entries(
            "2024-03-01T10:00:00.104512Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.36) starting as process 1",
            "2024-03-01T10:05:12.441003Z 12 [Note] [MY-010914] [Server] Aborted connection 12 to db: 'shop'",
            "2024-03-01T10:08:00.000000Z 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address already in use",
            "2024-03-01 10:00:00 0 [Note] InnoDB: Using Linux native AIO");
        Assert.Equal(["1 Info", "2 Notice", "3 Error", "4 Notice"], mysql.Select(e => string.Join(' ', e.Split(' ')[..2])));

        string[] celery = await Entries(
            "[2024-03-01 10:00:05,010: ERROR/ForkPoolWorker-1] Task tasks.add[6f1e2a3b] raised unexpected: ZeroDivisionError('division by zero')",
            "[2024-03-01 10:00:06,000: WARNING/MainProcess] consumer: Connection to broker lost.",
            "[2024-03-01 10:00:07,000: INFO/MainProcess] Connected to redis://localhost:6379//");
        Assert.Equal(
            ["1 Error Task tasks.add[6f1e2a3b] raised unexpected: ZeroDivisionError('division by zero')", "2 Warning consumer: Connection to broker lost.", "3 Info Connected to redis://localhost:6379//"],
            celery);

        string[] monolog = await Entries(
            "[2026-11-27 10:00:00] production.ERROR: SQLSTATE[HY000] [2002] Connection refused {\"exception\":\"[object] (PDOException(code: 2002))\"} []",
            "[2026-11-27 10:00:01] production.INFO: User logged in {\"id\":5} []",
            "[2026-11-27 10:00:02] local.CRITICAL: Payment gateway down [] []",
            "[2026-11-27 10:00:03] app.WARNING: Slow request [] []");
        Assert.Equal(
            ["1 Error SQLSTATE[HY000] [2002] Connection refused {\"exception\":\"[object] (PDOException(code: 2002))\"} []", "2 Info User logged in {\"id\":5} []",
                "3 Critical Payment gateway down [] []", "4 Warning Slow request [] []"],
            monolog);

        string[] logrus = await Entries(
            "INFO[0000] Starting server",
            "ERRO[0002] failed to connect to database                 error=\"connection refused\"",
            "WARN[0003] retrying");
        Assert.Equal(["1 Info Starting server", "2 Error failed to connect to database                 error=\"connection refused\"", "3 Warning retrying"], logrus);
    }

    [Fact]
    public async Task Logfmt_and_klog_lines_inside_syslog_and_journalctl_output_keep_their_levels()
    {
        string[] entries = await Entries(
            "Mar  1 10:00:15 web01 dockerd[700]: time=\"2024-03-01T10:00:15.123456789Z\" level=error msg=\"Handler for POST /v1.44/containers/create returned error: No such image: foo:latest\"",
            "Mar  1 10:00:20 web01 kubelet[1200]: E0301 10:00:20.123456    1200 pod_workers.go:1298] \"Error syncing pod, skipping\" err=\"CrashLoopBackOff\" pod=\"default/app-7c9d\"",
            "Mar  1 10:00:21 web01 kubelet[1200]: I0301 10:00:21.000001    1200 scope.go:117] \"RemoveContainer\" containerID=\"abc123\"",
            "2024-03-01T10:00:22.000000+00:00 web01 containerd[650]: time=\"2024-03-01T10:00:22Z\" level=warning msg=\"cleanup warnings\"",
            "Mar  1 10:00:23 web01 app[9]: user=bob logged in");
        Assert.Equal(
            ["1 Error Handler for POST /v1.44/containers/create returned error: No such image: foo:latest", "2 Error Error syncing pod, skipping err=\"CrashLoopBackOff\" pod=\"default/app-7c9d\"",
                "3 Info RemoveContainer containerID=\"abc123\"", "4 Warning cleanup warnings", "5 Unknown user=bob logged in"],
            entries);
    }

    [Fact]
    public async Task A_journald_MESSAGE_given_as_bytes_is_read_as_its_text()
    {
        // journalctl -o json writes a MESSAGE that is not valid UTF-8 or holds control characters as an array of bytes.
        string[] entries = await Entries(
            "{\"__REALTIME_TIMESTAMP\": \"1795000002123456\", \"PRIORITY\": \"2\", \"MESSAGE\": [70, 97, 105, 108, 101, 100, 27, 58, 32, 255], \"SYSLOG_IDENTIFIER\": \"kernel\"}",
            "{\"__REALTIME_TIMESTAMP\": \"1795000003123456\", \"PRIORITY\": \"3\", \"MESSAGE\": [70, [1], \"x\"], \"SYSLOG_IDENTIFIER\": \"odd\"}",
            "{\"__REALTIME_TIMESTAMP\": \"1795000004123456\", \"PRIORITY\": \"3\", \"MESSAGE\": [], \"SYSLOG_IDENTIFIER\": \"empty\"}");
        Assert.Equal("1 Critical Failed : \uFFFD", entries[0]);
        Assert.StartsWith("2 Error {", entries[1], StringComparison.Ordinal);
        Assert.StartsWith("3 Error {", entries[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apache_vhost_combined_access_lines_take_their_level_from_the_status()
    {
        string[] entries = await Entries(
            "www.example.com:443 192.168.1.24 - - [01/Mar/2024:10:00:05 +0100] \"GET / HTTP/1.1\" 500 3380 \"-\" \"curl/7.88.1\"",
            "www.example.com:80 192.168.1.25 - - [01/Mar/2024:10:00:06 +0100] \"GET /x HTTP/1.1\" 404 196 \"-\" \"curl/7.88.1\"",
            "192.168.1.26 - - [01/Mar/2024:10:00:07 +0100] \"GET /y HTTP/1.1\" 200 196 \"-\" \"curl/7.88.1\"");
        Assert.Equal(["1 Error", "2 Warning", "3 Info"], entries.Select(e => string.Join(' ', e.Split(' ')[..2])));
    }

    [Fact]
    public async Task Access_lines_with_a_portless_virtual_host_doubled_spaces_or_Python_servers_stamp_are_access_entries()
    {
        // lnav's access_log samples (helper-110): each was an Unknown line without a time, and below a timestamped entry a continuation.
        string file = Write(
            "192.168.1.26 - - [01/Mar/2024:10:00:07 +0100] \"GET /y HTTP/1.1\" 200 196 \"-\" \"curl/7.88.1\"",
            "www.example.com 1.2.3.4 - theuser [01/Mar/2024:10:00:08 -0500] \"GET / HTTP/1.0\" 500 368 \"-\" \"curl\"",
            "10.1.10.51 -  -  [01/Mar/2024:10:00:09 +0000] \"POST /api/1/rest/foo/bar HTTP/1.1\" 404 - \"-\" \"-\"  293",
            "172.18.0.1 - - [01/Mar/2024 10:00:10] \"GET / HTTP/1.1\" 503 -",
            "web 01 app x [01/Mar/2024:10:00:11 +0000] \"GET / HTTP/1.1\" 500 -");
        LogScanResult result = await Scan(file, LogLevel.Unknown, entries: true);
        Assert.Equal(
            ["1 Info 09:00:07 GET /y HTTP/1.1 200", "2 Error 15:00:08 GET / HTTP/1.0 500", "3 Warning 10:00:09 POST /api/1/rest/foo/bar HTTP/1.1 404",
                "4 Error 10:00:10 GET / HTTP/1.1 503"],
            result.Entries.Select(e => $"{e.LineNumber} {e.Level} {(e.Timestamp is DateTime t ? t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-")} {e.Message.Split('\n')[0]}"));
    }

    [Fact]
    public async Task A_Unix_time_followed_only_by_spaces_is_read_without_stopping_the_scan()
    {
        // helper-114: the fast path's Squid check read past the end of '1525344856.899 ' and the whole call stopped.
        string file = Write("2024-01-01 10:00:00 ERROR first", "1525344856.899 ", "1525344856.899  ", "2024-01-01 10:00:01 ERROR after");
        LogScanResult result = await Scan(file, LogLevel.Unknown, entries: true);
        Assert.Equal(4, result.Summary.Lines);
        Assert.Equal(["1 Error", "2 Unknown", "3 Unknown", "4 Error"], result.Entries.Select(e => $"{e.LineNumber} {e.Level}"));
    }

    [Fact]
    public async Task Serilog_console_lines_carry_their_time_of_day()
    {
        string file = Write(
            "[10:00:05 ERR] HTTP GET /api/orders responded 500 in 12.3456 ms",
            "System.NullReferenceException: Object reference not set to an instance of an object.",
            "   at Shop.Api.OrdersController.Get(Int32 id) in /src/Shop.Api/OrdersController.cs:line 42",
            "plain text under a timestamped entry continues it",
            "[10:00:06 INF] next");
        LogScanResult result = await Scan(file, LogLevel.Unknown, entries: true);
        Assert.Equal(
            ["1 Error 10:00:05 HTTP GET /api/orders responded 500 in 12.3456 ms", "5 Info 10:00:06 next"],
            result.Entries.Select(e => $"{e.LineNumber} {e.Level} {(e.Timestamp is DateTime t ? t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-")} {e.Message.Split('\n')[0]}"));
    }

    [Fact]
    public async Task Level_lines_near_the_top_do_not_make_a_timestamped_file_read_as_untimestamped()
    {
        // The JVM's warnings right after the first timestamped line; below, multi-line messages continue their entries,
        // and a report block's "ERROR: 0" (no words after the level) is no entry.
        string[] entries = await Entries(
            "2024-03-01 10:00:00.000 INFO  [main] com.acme.Shop - Starting ShopApplication",
            "WARNING: An illegal reflective access operation has occurred",
            "WARNING: All illegal access operations will be denied in a future release",
            "2024-03-01 10:00:01.000 ERROR [main] com.acme.Import - Order import 1 failed, rejected rows:",
            "row 1: missing sku",
            "row 2: negative quantity",
            "2024-03-01 10:00:02.000 INFO  [main] com.acme.Check - Summary of checks:",
            "CRITICAL: 0",
            "ERROR: 0",
            "2024-03-01 10:00:03.000 ERROR [main] com.acme.Import - Order import 2 failed, rejected rows:",
            "row 3: missing sku");
        Assert.Equal(
            ["1 Info Starting ShopApplication", "2 Warning An illegal reflective access operation has occurred", "3 Warning All illegal access operations will be denied in a future release",
                "4 Error Order import 1 failed, rejected rows:", "7 Info Summary of checks:", "10 Error Order import 2 failed, rejected rows:"],
            entries);
    }

    [Fact]
    public async Task MySQL_bracket_levels_never_override_a_level_word()
    {
        string[] entries = await Entries(
            "2024-03-01 10:00:05.123 [System] ERROR com.acme.Boot - Init failed",
            "[2024-03-01 10:00:06] [System] [Error] Service \"Spooler\" terminated unexpectedly.",
            "2024-03-01T10:00:07.000000Z 0 [Note] FATAL something broke",
            "2024-03-01T10:00:08.000000Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld starting as process 1");
        Assert.Equal(["1 Error", "2 Error", "3 Fatal", "4 Info"], entries.Select(e => string.Join(' ', e.Split(' ')[..2])));
        Assert.EndsWith("/usr/sbin/mysqld starting as process 1", entries[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serilog_brackets_with_any_level_word_are_stamps_and_other_words_are_not()
    {
        string[] entries = await Entries(
            "[12:00:01 INF] Starting",
            "[12:00:02 ERROR] disk full",
            "[12:00:03 Information] Next",
            "[12:00:04 CET] Backup started");
        Assert.Equal(["1 Info Starting", "2 Error disk full", "3 Info Next"], entries);

        string[] mysql = await Entries(
            "2024-03-01T10:00:00.000000Z 12 [worker-1] payload contained a [System] tag",
            "2024-03-01T10:00:01.000000Z 12 [Note] Aborted connection");
        Assert.Equal(["1 Unknown 12 [worker-1] payload contained a [System] tag", "2 Notice Aborted connection"], mysql);
    }

    [Fact]
    public void A_file_truncated_while_it_is_read_gives_a_warning()
    {
        // 8 MB of lines; the sink truncates the file after the first line, as a copy-and-truncate rotation would.
        string file = _folder.Combine("shrinking.log");
        File.WriteAllText(file, string.Concat(Enumerable.Repeat("2026-11-27 10:00:00 ERROR app - a line of about sixty bytes\n", 140_000)));
        var observer = new RecordingObserver();
        var sink = new TruncatingSink(file);

        LogFileReader.Read(file, sink, observer, CancellationToken.None);

        Assert.True(sink.Lines < 140_000, $"{sink.Lines} lines read");
        Assert.Contains(observer.Warnings, w => w.Contains("shrank from", StringComparison.Ordinal) && w.Contains("while it was read", StringComparison.Ordinal));

        var steady = new RecordingObserver();
        File.WriteAllText(file, "2026-11-27 10:00:00 ERROR app - one\n");
        LogFileReader.Read(file, new TruncatingSink(null), steady, CancellationToken.None);
        Assert.Empty(steady.Warnings);
    }

    private sealed class TruncatingSink(string? path) : ILogLineSink
    {
        internal long Lines { get; private set; }

        public void AddLine(ReadOnlySpan<byte> line, bool cut)
        {
            if (Lines++ == 0 && path is not null)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                stream.SetLength(0);
            }
        }
    }

    private async Task<string[]> Entries(params string[] lines)
    {
        LogScanResult result = await Scan(Write(lines), LogLevel.Unknown, entries: true);
        return [.. result.Entries.Select(e => $"{e.LineNumber} {e.Level} {e.Message.Split('\n')[0].TrimEnd()}")];
    }

    private string Write(params string[] lines)
    {
        string file = _folder.Combine($"case-{Guid.NewGuid():N}.log");
        File.WriteAllText(file, string.Join("\n", lines) + "\n");
        return file;
    }

    private static Task<LogScanResult> Scan(string file, LogLevel level, bool entries)
    {
        var options = new LogScanOptions { Level = level, Entries = entries, ThrottleLimit = 1, TimeZone = TimeZoneInfo.Utc };
        return new LogScanEngine(options, NullObserver.Instance).ScanAsync([file], e => throw e, CancellationToken.None);
    }
}
