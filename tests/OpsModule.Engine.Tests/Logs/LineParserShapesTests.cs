using System;
using System.Text;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>The character parser (the fast path's specification) on the header shapes of real tools' logs.</summary>
public sealed partial class LineParserShapesTests
{
    [Theory]
    [InlineData("17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]", "2017-06-09T20:10:40", LogLevel.Info, "Registered signal handlers for [TERM, HUP, INT]")]
    [InlineData("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating", "2008-11-09T20:36:15", LogLevel.Info, "PacketResponder 1 for block blk_38865049064139660 terminating")]
    [InlineData("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579", "2017-12-23T22:15:29.606", LogLevel.Unknown, "Step_LSC|30002312|onStandStepChanged 3579")]
    [InlineData("20171223-22:16:0:119|Step_LSC|30002312|processHandleBroadcastAction", "2017-12-23T22:16:00.119", LogLevel.Unknown, "Step_LSC|30002312|processHandleBroadcastAction")]
    [InlineData("20171224-1:2:3:4|Step_LSC|30002312|unpadded", "2017-12-24T01:02:03.004", LogLevel.Unknown, "Step_LSC|30002312|unpadded")]
    [InlineData("20171223-22:15:35:96|Step_LSC|30002312|milliseconds without zero padding come before :104", "2017-12-23T22:15:35.096", LogLevel.Unknown, "Step_LSC|30002312|milliseconds without zero padding come before :104")]
    [InlineData("20171223-22:15:35:104|Step_LSC|30002312|three digits", "2017-12-23T22:15:35.104", LogLevel.Unknown, "Step_LSC|30002312|three digits")]
    [InlineData("20171223-22:15:35:1234|Step_LSC|30002312|four digits are a fraction", "2017-12-23T22:15:35.1234", LogLevel.Unknown, "Step_LSC|30002312|four digits are a fraction")]
    [InlineData("20261127T101530Z ERROR disk full", "2026-11-27T10:15:30", LogLevel.Error, "disk full")]
    [InlineData("11/27/2026 10:15:30 ERROR backup failed", "2026-11-27T10:15:30", LogLevel.Error, "backup failed")]
    [InlineData("11/27/2026 10:15:30 PM WARNING disk at 91%", "2026-11-27T22:15:30", LogLevel.Warning, "disk at 91%")]
    [InlineData("11/27/2026 12:05:00 AM INFO midnight", "2026-11-27T00:05:00", LogLevel.Info, "midnight")]
    [InlineData("27/11/2026 10:15:30 ERROR day first", "2026-11-27T10:15:30", LogLevel.Error, "day first")]
    [InlineData("1/5/2026 9:05:07 AM ERROR en-US culture", "2026-01-05T09:05:07", LogLevel.Error, "en-US culture")]
    [InlineData("12/31/2026 12:00:01 PM WARN noon", "2026-12-31T12:00:01", LogLevel.Warning, "noon")]
    [InlineData("27.11.2026 10:15:30 ERROR de-DE culture", "2026-11-27T10:15:30", LogLevel.Error, "de-DE culture")]
    [InlineData("5.1.2026 07:00:00 INFO day first with dots", "2026-01-05T07:00:00", LogLevel.Info, "day first with dots")]
    [InlineData("2016-09-28 04:30:30, Error                 CSI    Failed to load manifest", "2016-09-28T04:30:30", LogLevel.Error, "CSI    Failed to load manifest")]
    [InlineData("2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200", "2017-05-16T00:00:00.008", LogLevel.Info, "10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200")]
    [InlineData("2026-11-27 10:00:00.1234|ERROR|MyApp.Services.Db|Connection to 10.0.0.5:5432 timed out", "2026-11-27T10:00:00.1234", LogLevel.Error, "Connection to 10.0.0.5:5432 timed out")]
    [InlineData("2026-11-27 10:00:00.1234|WARN|disk at 91% | still writing", "2026-11-27T10:00:00.1234", LogLevel.Warning, "disk at 91% | still writing")]
    [InlineData("{\"log\":\"2026-11-27 10:00:00,123 ERROR [main] app.db - Connection refused\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:09.123456789Z\"}", "2026-11-27T10:00:00.123", LogLevel.Error, "Connection refused")]
    [InlineData("{\"log\":\"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"payment failed\\\",\\\"ts\\\":\\\"2026-11-27T10:00:03Z\\\"}\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-27T10:00:03.5Z\"}", "2026-11-27T10:00:03", LogLevel.Error, "payment failed")]
    [InlineData("{\"log\":\"fatal: cannot open /data\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:04.25Z\"}", "2026-11-27T10:00:04.25", LogLevel.Fatal, "cannot open /data")]
    [InlineData("2026-11-27T10:00:01.123456789Z stdout F level=info msg=\"request served\" duration_ms=12", "2026-11-27T10:00:01.1234567", LogLevel.Info, "request served")]
    [InlineData("2026-11-27T10:00:01.5Z stderr F 2026-11-27 10:00:00,123 ERROR [main] app.db - Connection refused", "2026-11-27T10:00:00.123", LogLevel.Error, "Connection refused")]
    [InlineData("10.0.0.2 - alice [27/Nov/2026:10:00:03 +0000] \"POST /api/orders HTTP/1.1\" 503 0 \"-\" \"Mozilla/5.0 (X11; Linux)\"", "2026-11-27T10:00:03", LogLevel.Error, "POST /api/orders HTTP/1.1 503")]
    [InlineData("2001:db8::1 - - [27/Nov/2026:10:00:04 +0100] \"GET /missing HTTP/2.0\" 404 153", "2026-11-27T10:00:04", LogLevel.Warning, "GET /missing HTTP/2.0 404")]
    [InlineData("example.com - - [27/Nov/2026:10:00:05 +0000] \"GET /a \\\"q\\\" b HTTP/1.1\" 200 10", "2026-11-27T10:00:05", LogLevel.Info, "GET /a \\\"q\\\" b HTTP/1.1 200")]
    [InlineData("2026-11-27 10:00:07|ERROR||no logger", "2026-11-27T10:00:07", LogLevel.Error, "no logger")]
    [InlineData("20261127T100000+0100 ERROR compact with an offset", "2026-11-27T10:00:00", LogLevel.Error, "compact with an offset")]
    [InlineData("2017-05-16 00:00:00.008 25746 CRITICAL nova [-] Unhandled error", "2017-05-16T00:00:00.008", LogLevel.Critical, "Unhandled error")]
    [InlineData("- 1117838574 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.54.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FAILURE machine check", "2005-06-03T22:42:54", LogLevel.Critical, "machine check")]
    [InlineData("27-Nov-2026 10:00:01.456 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start.", "2026-11-27T10:00:01.456", LogLevel.Error, "org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start.")]
    [InlineData("27-Nov-2026 10:00:03.000 FINE [main] a.b.c fine detail", "2026-11-27T10:00:03", LogLevel.Debug, "a.b.c fine detail")]
    [InlineData("27-Nov-2026 10:00:03.000 CONFIG [main] a.b.c config detail", "2026-11-27T10:00:03", LogLevel.Info, "a.b.c config detail")]
    [InlineData("27-Nov-2026 10:00:03.000 FINER [main] a.b.c finer detail", "2026-11-27T10:00:03", LogLevel.Trace, "a.b.c finer detail")]
    [InlineData("2026-11-20T10:00:01.123Z\tERROR\tcontroller.deployment\tReconciler error\t{\"name\": \"web-1\"}", "2026-11-20T10:00:01.123", LogLevel.Error, "controller.deployment\tReconciler error\t{\"name\": \"web-1\"}")]
    [InlineData("2026-11-20T10:00:01.123Z\twarn\tapp/main.go:42\tslow disk", "2026-11-20T10:00:01.123", LogLevel.Warning, "app/main.go:42\tslow disk")]
    [InlineData("2026-11-20 10:00:00.123 ERROR 1234 --- [           main] o.s.boot.SpringApplication               : Application run failed", "2026-11-20T10:00:00.123", LogLevel.Error, "Application run failed")]
    [InlineData("2026-11-20T10:00:00.123+01:00  WARN 1234 --- [myapp] [nio-8080-exec-1] .w.s.m.s.DefaultHandlerExceptionResolver : Resolved [x: Request method 'POST' not supported]", "2026-11-20T10:00:00.123", LogLevel.Warning, "Resolved [x: Request method 'POST' not supported]")]
    [InlineData("2026-11-20 10:00:00 ERROR 1234 --- not spring", "2026-11-20T10:00:00", LogLevel.Error, "1234 --- not spring")]
    [InlineData("{\"asctime\": \"2026-11-20 10:00:13,123\", \"levelname\": \"ERROR\", \"name\": \"app\", \"message\": \"python json logger\"}", "2026-11-20T10:00:13.123", LogLevel.Error, "python json logger")]
    [InlineData("2026-11-20 10:00:06.123 ERROR 1234 --- [           main] c.e.OrderService                         : [order-42] payment declined", "2026-11-20T10:00:06.123", LogLevel.Error, "[order-42] payment declined")]
    [InlineData("2026-11-20 10:00:06.123 ERROR 1234 --- [           main] c.e.OrderService                         : - payment gateway unreachable", "2026-11-20T10:00:06.123", LogLevel.Error, "- payment gateway unreachable")]
    [InlineData("2026-11-20 10:00:06.123 ERROR 1234 --- [           main] c.e.OrderService                         : :: Spring Boot ::", "2026-11-20T10:00:06.123", LogLevel.Error, ":: Spring Boot ::")]
    [InlineData("2026-11-20 10:00:06.123 ERROR   --- [main] _root                         : no pid here", "2026-11-20T10:00:06.123", LogLevel.Error, "no pid here")]
    [InlineData("2026-11-20 10:00:06.123 ERROR 1234 --- [           main] c.e.OrderService                         :", "2026-11-20T10:00:06.123", LogLevel.Error, "")]
    [InlineData("2026-11-20T10:00:04.123Z\tDPANIC\tx.go:1\tdpanic line", "2026-11-20T10:00:04.123", LogLevel.Critical, "x.go:1\tdpanic line")]
    [InlineData("{\"level\":\"dpanic\",\"ts\":\"2026-11-20T10:00:04Z\",\"msg\":\"zap json dpanic\"}", "2026-11-20T10:00:04", LogLevel.Critical, "zap json dpanic")]
    [InlineData("{\"level\":\"info\",\"time\":\"2026-11-20T10:00:05Z\",\"msg\":\"Request failed\tERROR\tcode 500\"}", "2026-11-20T10:00:05", LogLevel.Info, "Request failed ERROR code 500")]
    [InlineData("1795082401.123\terror\tcaller.go:43\tepoch error", "2026-11-19T10:00:01.123", LogLevel.Error, "caller.go:43\tepoch error")]
    [InlineData("1.7950824011234567e+09\terror\tcaller.go:42\tzap epoch", "2026-11-19T10:00:01.123457", LogLevel.Error, "caller.go:42\tzap epoch")]
    [InlineData("{\"loglevel\":\"warn\",\"date\":\"2026-11-20T10:00:15Z\",\"msg\":\"keys loglevel and date\"}", "2026-11-20T10:00:15", LogLevel.Warning, "keys loglevel and date")]
    [InlineData("{\"severity\":\"ERROR\",\"datetime\":\"2026-11-20 10:00:16\",\"message\":\"keys severity and datetime\"}", "2026-11-20T10:00:16", LogLevel.Error, "keys severity and datetime")]
    [InlineData("2026-11-27 10:00:00,123 ERROR:root:Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123:WARNING:app:Slow request", "2026-11-27T10:00:00.123", LogLevel.Warning, "Slow request")]
    [InlineData("2026-11-27 10:00:00,123 ERROR:app.db:Query failed: timeout", "2026-11-27T10:00:00.123", LogLevel.Error, "Query failed: timeout")]
    [InlineData("2026-11-27 10:00:00 ERROR:root x:y", "2026-11-27T10:00:00", LogLevel.Error, "root x:y")]
    [InlineData("2026-11-27 10:00:00 ERROR: disk: full", "2026-11-27T10:00:00", LogLevel.Error, "disk: full")]
    [InlineData("2026-11-27 10:00:00,123 - ERROR - root - Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 - WARNING - worker_2 - Slow job", "2026-11-27T10:00:00.123", LogLevel.Warning, "worker_2 - Slow job")]
    [InlineData("2026-11-27 10:00:00,123 - ERROR - Payment - card declined", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment - card declined")]
    [InlineData("2026-11-27 10:00:00,123 - ERROR - Payment failed - retrying", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed - retrying")]
    [InlineData("[2026-11-27 10:00:00,123] ERROR in app: Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "in app: Payment failed")]
    [InlineData("[2026-11-27 10:00:00,123] ERROR in payment flow: x", "2026-11-27T10:00:00.123", LogLevel.Error, "in payment flow: x")]
    [InlineData("2026-11-27 10:00:00,123 ERROR root: Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 CRITICAL root: Payment failed", "2026-11-27T10:00:00.123", LogLevel.Critical, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 ERROR worker: Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "worker: Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 ERROR Payment: card declined", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment: card declined")]
    [InlineData("2026-11-27 10:00:00,123 ERROR rooted: x", "2026-11-27T10:00:00.123", LogLevel.Error, "rooted: x")]
    [InlineData("2026-11-27 10:00:00,123 ERROR __main__: Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 ERROR __main__ - Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 ERROR root - Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 ERROR root cause: disk", "2026-11-27T10:00:00.123", LogLevel.Error, "root cause: disk")]
    [InlineData("2026-11-27 10:00:00,123 ERROR __main__ x", "2026-11-27T10:00:00.123", LogLevel.Error, "__main__ x")]
    // Only Python's own names (root, __main__) and dotted names are logger names there: other words may be the message's own.
    [InlineData("2026-11-27 10:00:18,123 ERROR in production: pod crashed", "2026-11-27T10:00:18.123", LogLevel.Error, "in production: pod crashed")]
    [InlineData("2026-11-27 10:00:15,123 INFO in stock: 5 items", "2026-11-27T10:00:15.123", LogLevel.Info, "in stock: 5 items")]
    [InlineData("2026-11-27 10:00:16,123 ERROR - timeout - after 30s", "2026-11-27T10:00:16.123", LogLevel.Error, "timeout - after 30s")]
    [InlineData("2026-11-27 10:00:10,123 ERROR - retry - in 5 seconds", "2026-11-27T10:00:10.123", LogLevel.Error, "retry - in 5 seconds")]
    [InlineData("2026-11-27 10:00:01,123 ERROR - see - logs", "2026-11-27T10:00:01.123", LogLevel.Error, "see - logs")]
    [InlineData("2026-11-27 10:00:00,123 ERROR - payment - card declined", "2026-11-27T10:00:00.123", LogLevel.Error, "payment - card declined")]
    [InlineData("2026-11-27 10:00:00,123 - ERROR - __main__ - Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 - ERROR - app.db - Payment failed", "2026-11-27T10:00:00.123", LogLevel.Error, "Payment failed")]
    [InlineData("2026-11-27 10:00:00,123 - ERROR - root: x", "2026-11-27T10:00:00.123", LogLevel.Error, "root: x")]
    [InlineData("2026-11-27 10:00:00,123 - ERROR - rooted - x", "2026-11-27T10:00:00.123", LogLevel.Error, "rooted - x")]
    // The name goes only where the shape is BASIC_FORMAT's: the message right after its colon, not a space, a digit or a colon
    // (helper-96: "ERROR:KeyError: 'a'" and "ERROR:IndexError: 'a'" had become one template "<*>"); else only "LEVEL:" goes.
    [InlineData("2026-11-27 10:00:00,123 WARNING:disk:90% full", "2026-11-27T10:00:00.123", LogLevel.Warning, "disk:90% full")]
    [InlineData("2026-11-27 10:00:04 ERROR:KeyError: 'a'", "2026-11-27T10:00:04", LogLevel.Error, "KeyError: 'a'")]
    [InlineData("2026-11-27 10:00:06 ERROR:TimeoutError: upstream payments", "2026-11-27T10:00:06", LogLevel.Error, "TimeoutError: upstream payments")]
    [InlineData("2026-11-27 10:00:00,123:DEBUG:Add: 10 + 5 = 15", "2026-11-27T10:00:00.123", LogLevel.Debug, "Add: 10 + 5 = 15")]
    [InlineData("2026-11-27 10:00:00 ERROR:redis:6379 connection refused", "2026-11-27T10:00:00", LogLevel.Error, "redis:6379 connection refused")]
    [InlineData("2026-11-27 10:00:00 ERROR:db.internal:5432 unreachable", "2026-11-27T10:00:00", LogLevel.Error, "db.internal:5432 unreachable")]
    [InlineData("2026-11-27 10:00:00 WARNING:fe80::1%eth0 link down", "2026-11-27T10:00:00", LogLevel.Warning, "fe80::1%eth0 link down")]
    [InlineData("2026-11-27 10:00:00 ERROR:sqlite3.OperationalError: database is locked", "2026-11-27T10:00:00", LogLevel.Error, "sqlite3.OperationalError: database is locked")]
    [InlineData("2026-11-27 10:00:00 ERROR:something went wrong", "2026-11-27T10:00:00", LogLevel.Error, "something went wrong")]
    [InlineData("2026-11-27 10:00:00 ERROR:http://x/y down", "2026-11-27T10:00:00", LogLevel.Error, "http://x/y down")]
    [InlineData("2026-11-27 10:00:00 ERROR:my-app.jobs:started", "2026-11-27T10:00:00", LogLevel.Error, "started")]
    // helper-98: a capitalised word, a URI scheme, or a first word with a colon of its own is the message's, not a logger name.
    [InlineData("2026-11-27 10:00:00 ERROR:Connection:refused", "2026-11-27T10:00:00", LogLevel.Error, "Connection:refused")]
    [InlineData("2026-11-27 10:00:00 ERROR:Traceback:see below", "2026-11-27T10:00:00", LogLevel.Error, "Traceback:see below")]
    [InlineData("2026-11-27 10:00:00 ERROR:arn:aws:iam::123456789012:role/deploy is not authorized", "2026-11-27T10:00:00", LogLevel.Error, "arn:aws:iam::123456789012:role/deploy is not authorized")]
    [InlineData("2026-11-27 10:00:00 ERROR:mailto:ops@example.com bounced", "2026-11-27T10:00:00", LogLevel.Error, "mailto:ops@example.com bounced")]
    [InlineData("2026-11-27 10:00:00 ERROR:user:bob:denied", "2026-11-27T10:00:00", LogLevel.Error, "user:bob:denied")]
    [InlineData("2026-11-27 10:00:00 ERROR:urn:isbn:123 bad", "2026-11-27T10:00:00", LogLevel.Error, "urn:isbn:123 bad")]
    [InlineData("2026-11-27 10:00:00 ERROR:C:\\temp\\x.txt not found", "2026-11-27T10:00:00", LogLevel.Error, "C:\\temp\\x.txt not found")]
    [InlineData("2026-11-27 10:00:00 ERROR:10.0.0.1:8080 unreachable", "2026-11-27T10:00:00", LogLevel.Error, "10.0.0.1:8080 unreachable")]
    [InlineData("2026-11-27 10:00:00 ERROR:_jobs:x", "2026-11-27T10:00:00", LogLevel.Error, "x")]
    [InlineData("2026-11-27 10:00:10 NOTE:this:is:not:a:level", "2026-11-27T10:00:10", LogLevel.Unknown, "NOTE:this:is:not:a:level")]
    [InlineData("2026-11-27 10:00:10 FAIL:build:x", "2026-11-27T10:00:10", LogLevel.Unknown, "FAIL:build:x")]
    [InlineData("2026-11-27 10:00:10 NOTICE:app:x", "2026-11-27T10:00:10", LogLevel.Notice, "x")]
    public void Timestamps_levels_and_messages_of_tool_headers(string line, string stamp, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), parsed.Timestamp.Value);
        Assert.False(parsed.Timestamp.YearMissing);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    // logging.basicConfig()'s BASIC_FORMAT without a stamp reads as after one (adv99: "ERROR:KeyError: 'a'" and
    // "ERROR:IndexError: 'a'" both became " 'a'", "ERROR:Connection:refused" "refused", a drive, a scheme or an address lost its start).
    [InlineData("ERROR:root:Payment failed", LogLevel.Error, "Payment failed")]
    [InlineData("CRITICAL:__main__:boom", LogLevel.Critical, "boom")]
    [InlineData("ERROR:app.db:Query failed: timeout", LogLevel.Error, "Query failed: timeout")]
    [InlineData("ERROR:my-app.jobs:started", LogLevel.Error, "started")]
    [InlineData("ERROR:KeyError: 'a'", LogLevel.Error, "KeyError: 'a'")]
    [InlineData("ERROR:IndexError: 'a'", LogLevel.Error, "IndexError: 'a'")]
    [InlineData("ERROR:Connection:refused", LogLevel.Error, "Connection:refused")]
    [InlineData("ERROR:C:\\temp\\x not found", LogLevel.Error, "C:\\temp\\x not found")]
    [InlineData("ERROR:arn:aws:iam::123456789012:role/x denied", LogLevel.Error, "arn:aws:iam::123456789012:role/x denied")]
    [InlineData("ERROR:mailto:ops@example.com bounced", LogLevel.Error, "mailto:ops@example.com bounced")]
    [InlineData("WARNING:fe80::1%eth0 down", LogLevel.Warning, "fe80::1%eth0 down")]
    [InlineData("ERROR:http://example.com:8080/path failed", LogLevel.Error, "http://example.com:8080/path failed")]
    [InlineData("ERROR:[::1]:8080 unreachable", LogLevel.Error, "[::1]:8080 unreachable")]
    [InlineData("ERROR:redis:6379 connection refused", LogLevel.Error, "redis:6379 connection refused")]
    [InlineData("ERROR:user:bob:denied", LogLevel.Error, "user:bob:denied")]
    [InlineData("ERROR:something went wrong", LogLevel.Error, "something went wrong")]
    [InlineData("ERROR:some thing: x", LogLevel.Error, "some thing: x")]
    [InlineData("ERROR:_jobs:x", LogLevel.Error, "x")]
    [InlineData("NOTICE:app:x", LogLevel.Notice, "x")]
    // A dotted name is a module's logger name even before a first word with a colon (adv99: logging.captureWarnings' py.warnings
    // stayed in the message), but not before a space, a digit, a colon or "//".
    [InlineData("WARNING:py.warnings:/srv/app/x.py:12: DeprecationWarning: foo", LogLevel.Warning, "/srv/app/x.py:12: DeprecationWarning: foo")]
    [InlineData("ERROR:django.request:Internal Server Error: /api/x", LogLevel.Error, "Internal Server Error: /api/x")]
    [InlineData("ERROR:app.db:user:bob denied", LogLevel.Error, "user:bob denied")]
    [InlineData("ERROR:api.example.com:443 down", LogLevel.Error, "api.example.com:443 down")]
    [InlineData("ERROR:example.com:8080 down", LogLevel.Error, "example.com:8080 down")]
    [InlineData("ERROR:app.db: x:y", LogLevel.Error, "app.db: x:y")]
    [InlineData("ERROR:app.db::x", LogLevel.Error, "app.db::x")]
    [InlineData("INFO:app.db://x", LogLevel.Info, "app.db://x")]
    // Python's own loggers go whatever follows, and a message that starts with an IPv4 address is no port (helper-103: Flask's
    // development server, 'INFO:werkzeug:127.0.0.1 - - ...', kept 'werkzeug:' in every request line).
    [InlineData("WARNING:root:2 retries left", LogLevel.Warning, "2 retries left")]
    [InlineData("ERROR:root:x:y", LogLevel.Error, "x:y")]
    [InlineData("ERROR:__main__:3 jobs failed", LogLevel.Error, "3 jobs failed")]
    [InlineData("INFO:werkzeug:127.0.0.1 - - [27/Nov/2026 10:00:00] \"GET / HTTP/1.1\" 200 -", LogLevel.Info, "127.0.0.1 - - [27/Nov/2026 10:00:00] \"GET / HTTP/1.1\" 200 -")]
    [InlineData("INFO:werkzeug:::1 - - [27/Nov/2026 10:00:00] \"GET / HTTP/1.1\" 200 -", LogLevel.Info, "::1 - - [27/Nov/2026 10:00:00] \"GET / HTTP/1.1\" 200 -")]
    [InlineData("INFO:werkzeug:::ffff:10.0.0.1 - - x", LogLevel.Info, "::ffff:10.0.0.1 - - x")]
    [InlineData("ERROR:app:3.5 seconds late", LogLevel.Error, "app:3.5 seconds late")]
    [InlineData("WARNING:myapp:10.0.0 version", LogLevel.Warning, "myapp:10.0.0 version")]
    [InlineData("ERROR:app:1.2.3.4.5 weird", LogLevel.Error, "app:1.2.3.4.5 weird")]
    [InlineData("INFO:kafka:10.0.0.5:9092 connected", LogLevel.Info, "kafka:10.0.0.5:9092 connected")]
    [InlineData("ERROR:db:10.0 is not a version", LogLevel.Error, "db:10.0 is not a version")]
    public void Pythons_default_format_reads_the_same_with_or_without_a_stamp(string line, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed), line);
        Assert.False(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(new LineParser(null, null, null).TryParse("2026-11-27 10:00:00,123 " + line, false, out LogLine stamped));
        Assert.Equal(level, stamped.Level);
        Assert.Equal(message, stamped.Message);
    }

    [Theory]
    // A word free text never takes for a level, and "LEVEL: " (the level-word rule's), are no BASIC_FORMAT line.
    [InlineData("NOTE:this:is:not:a:level", LogLevel.Unknown, "NOTE:this:is:not:a:level")]
    [InlineData("FAIL:build:x", LogLevel.Unknown, "FAIL:build:x")]
    [InlineData("ERROR: disk: full", LogLevel.Error, "disk: full")]
    public void Lines_like_Pythons_default_format_that_are_not_it(string line, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed), line);
        Assert.NotEqual(LogFormat.TimestampedText, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root", 1131566461, LogLevel.Unknown, "session closed for user root")]
    [InlineData("KERNDTLB 1117869872 2005.06.04 R23-M1-N8-I:J18-U11 2005-06-04-00.24.32.432192 R23-M1-N8-I:J18-U11 RAS KERNEL FATAL data TLB error interrupt", 1117869872, LogLevel.Fatal, "data TLB error interrupt")]
    [InlineData("134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1973)", 1077804742, LogLevel.Unknown, "Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1973)")]
    [InlineData("2286759 full partition status 1061219795 -1 running", 1061219795, LogLevel.Unknown, "running")]
    [InlineData("1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://example.com/ - DIRECT/1.2.3.4 text/html", 1286536308, LogLevel.Info, "GET http://example.com/ 200")]
    public void Epoch_seconds_columns_give_the_time_with_its_year(string line, long epoch, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.True(parsed.HasTimestamp);
        DateTime expected = DateTime.UnixEpoch.AddSeconds(epoch);
        Assert.Equal(expected, new DateTime(parsed.Timestamp.Value.Ticks - (parsed.Timestamp.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(TimeSpan.Zero, parsed.Timestamp.Offset);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("web-1    | 2026-11-27 10:00:00,123 ERROR [main] app.Db - Connection refused", "2026-11-27T10:00:00.123", LogLevel.Error, "Connection refused")]
    [InlineData("proj_worker_12 | {\"time\":\"2026-11-27T10:00:02Z\",\"level\":\"warn\",\"msg\":\"retrying job 7\"}", "2026-11-27T10:00:02", LogLevel.Warning, "retrying job 7")]
    [InlineData("db-1  | 2026-11-27 10:00:01.001 UTC [27] FATAL:  password authentication failed", "2026-11-27T10:00:01.001", LogLevel.Fatal, "password authentication failed")]
    [InlineData("[pod/api-7d9f4/api] 2026-11-27T10:00:03.5Z ERROR failed to connect to db", "2026-11-27T10:00:03.5", LogLevel.Error, "failed to connect to db")]
    [InlineData("/var/log/app/a.log:2026-11-27 10:00:04,000 CRITICAL disk full", "2026-11-27T10:00:04", LogLevel.Critical, "disk full")]
    [InlineData("logs/b.log.1:120:2026-11-27 10:00:05,000 WARNING slow query", "2026-11-27T10:00:05", LogLevel.Warning, "slow query")]
    [InlineData("nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 ERROR nova.osapi_compute.wsgi.server [req-38101a0b - - -] Instance failed", "2017-05-16T00:00:00.008", LogLevel.Error, "Instance failed")]
    [InlineData("2026-11-27T10:00:00.123456789Z 2026-11-27 10:00:00,123 ERROR [main] app.Db - Connection refused", "2026-11-27T10:00:00.123", LogLevel.Error, "Connection refused")]
    [InlineData("2026-11-27T10:00:01.500000000Z level=warn msg=\"slow query\"", "2026-11-27T10:00:01.5", LogLevel.Warning, "slow query")]
    [InlineData("2026-11-27T10:00:02.000000000Z error: plain text", "2026-11-27T10:00:02", LogLevel.Error, "plain text")]
    public void Labels_that_tools_put_before_each_line_are_skipped(string line, string stamp, LogLevel level, string message)
    {
        var parser = new LineParser(null, null, null);
        Assert.True(parser.TryParse(line, false, out LogLine parsed));
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), parsed.Timestamp.Value);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("2019-03-05T14:03:12.345+0000 I NETWORK  [conn1] end connection 127.0.0.1:53534 (0 connections now open)", "2019-03-05T14:03:12.345", 0, LogLevel.Info, "end connection 127.0.0.1:53534 (0 connections now open)")]
    [InlineData("2019-03-05T14:03:13.345+0100 E STORAGE  [initandlisten] WiredTiger error (13) [1551794593:345][1:0x7f], file:WiredTiger.wt: Permission denied", "2019-03-05T14:03:13.345", 60, LogLevel.Error, "WiredTiger error (13) [1551794593:345][1:0x7f], file:WiredTiger.wt: Permission denied")]
    [InlineData("2019-03-05T14:03:14.345Z W CONTROL  [main] Option: sslMode is deprecated", "2019-03-05T14:03:14.345", 0, LogLevel.Warning, "Option: sslMode is deprecated")]
    [InlineData("2019-03-05T14:03:15.345+0000 F -        [main] Fatal Assertion 28595 at src/mongo/db/storage/wiredtiger/wiredtiger_kv_engine.cpp 486", "2019-03-05T14:03:15.345", 0, LogLevel.Fatal, "Fatal Assertion 28595 at src/mongo/db/storage/wiredtiger/wiredtiger_kv_engine.cpp 486")]
    [InlineData("2019-03-05T14:03:16.345+0000 D1 NETWORK  [conn2] isMaster", "2019-03-05T14:03:16.345", 0, LogLevel.Debug, "isMaster")]
    [InlineData("2019-03-05T14:03:17.345+0000 I REPL_HB  [replexec-3] Error in heartbeat (requestId: 7) to db2:27017, response status: HostUnreachable", "2019-03-05T14:03:17.345", 0, LogLevel.Info, "Error in heartbeat (requestId: 7) to db2:27017, response status: HostUnreachable")]
    [InlineData("2017-01-05T14:03:18.345+0000 I STORAGE  [WT RecordStoreThread: local.oplog.rs] WiredTiger record store oplog truncation finished", "2017-01-05T14:03:18.345", 0, LogLevel.Info, "WiredTiger record store oplog truncation finished")]
    public void MongoDB_log_lines_before_4_4_take_their_level_from_the_severity_letter(string line, string stamp, int offsetMinutes, LogLevel level, string message)
    {
        foreach (bool continuationLikely in new[] { false, true })
        {
            Assert.True(new LineParser(null, null, null).TryParse(line, continuationLikely, out LogLine parsed));
            Assert.True(parsed.HasTimestamp);
            Assert.Equal(DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), parsed.Timestamp.Value);
            Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), parsed.Timestamp.Offset);
            Assert.Equal(LogFormat.TimestampedText, parsed.Format);
            Assert.Equal(level, parsed.Level);
            Assert.Equal(message, parsed.Message);
        }
    }

    [Theory]
    [InlineData("Mar 28 09:10:01 lb1 haproxy[1234]: 192.168.1.10:54321 [28/Mar/2026:09:10:01.123] http-in~ web/web1 0/0/1/25/26 200 1234 - - ---- 10/10/0/0/0 0/0 \"GET /api/health HTTP/1.1\"", LogLevel.Info, "GET /api/health HTTP/1.1 200 ---- web/web1")]
    [InlineData("Mar 28 09:10:02 lb1 haproxy[1234]: 192.168.1.11:54322 [28/Mar/2026:09:10:02.123] http-in web/web2 0/0/1/-1/5001 504 194 - - sH-- 10/10/0/0/0 0/0 \"POST /api/orders?id=7 HTTP/1.1\"", LogLevel.Error, "POST /api/orders?id=7 HTTP/1.1 504 sH-- web/web2")]
    [InlineData("Mar 28 09:10:03 lb1 haproxy[1234]: 10.0.0.12:54323 [28/Mar/2026:09:10:03.123] http-in web/web1 0/0/1/3/4 404 150 - - ---- 10/10/0/0/0 0/0 {host.example|Mozilla/5.0} \"GET /x HTTP/1.1\"", LogLevel.Warning, "GET /x HTTP/1.1 404 ---- web/web1")]
    [InlineData("Mar 28 09:10:04 lb1 haproxy[1234]: 10.0.0.13:54324 [28/Mar/2026:09:10:04.000] http-in web/web1 5/0/0/-1/+5 -1 0 - - CR-- 1/1/0/0/0 0/0 \"<BADREQ>\"", LogLevel.Warning, "<BADREQ> -1 CR-- web/web1")]
    [InlineData("Mar 28 09:10:05 lb1 haproxy[1234]: 10.0.0.5:40000 [28/Mar/2026:09:10:05.000] fe-db be-db/db1 1/0/5007 212 -- 1/1/0/0/0 0/0", LogLevel.Info, "fe-db be-db/db1 --")]
    [InlineData("Mar 28 09:10:06 lb1 haproxy[1234]: 10.0.0.5:40001 [28/Mar/2026:09:10:06.000] fe-db be-db/<NOSRV> -1/-1/3001 0 SC 1/1/0/0/3 0/0", LogLevel.Error, "fe-db be-db/<NOSRV> SC")]
    [InlineData("Mar 28 09:10:07 lb1 haproxy[1234]: 10.0.0.5:40002 [28/Mar/2026:09:10:07.000] fe-db be-db/db1 1/0/90000 1200 cD 1/1/0/0/0 0/0", LogLevel.Warning, "fe-db be-db/db1 cD")]
    [InlineData("Mar 28 09:10:08 lb1 haproxy[1234]: Server web/web1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 1 active and 0 backup servers left.", LogLevel.Error, "Server web/web1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 1 active and 0 backup servers left.")]
    [InlineData("Mar 28 09:10:09 lb1 haproxy[1234]: backend web has no server available!", LogLevel.Critical, "backend web has no server available!")]
    [InlineData("<134>1 2026-03-28T09:10:10.000Z lb1 haproxy 1234 - - 10.0.0.9:5000 [28/Mar/2026:09:10:10.000] http-in web/web1 0/0/1/2/3 502 10 - - SH-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", LogLevel.Error, "GET / HTTP/1.1 502 SH-- web/web1")]
    [InlineData("<131>1 2026-03-28T09:10:11.000Z lb1 haproxy 1234 - - 10.0.0.9:5000 [28/Mar/2026:09:10:11.000] http-in web/web1 0/0/1/2/3 200 10 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", LogLevel.Error, "GET / HTTP/1.1 200 ---- web/web1")]
    [InlineData("2026-03-28T09:10:12.000000+00:00 lb1 haproxy[1234]: 10.0.0.9:5000 [28/Mar/2026:09:10:12.000] http-in web/web1 0/0/1/2/3 500 10 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", LogLevel.Error, "GET / HTTP/1.1 500 ---- web/web1")]
    public void HAProxy_traffic_lines_take_their_level_from_the_status_or_termination_state(string line, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.Syslog, parsed.Format);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("Nov 27 10:00:00 web nginx: 10.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 502 157 \"-\" \"curl/8.5\"", LogLevel.Error, "GET /x HTTP/1.1 502")]
    [InlineData("2026-11-27T10:00:01.000000+00:00 web nginx: 10.0.0.1 - - [27/Nov/2026:10:00:01 +0000] \"GET /missing HTTP/1.1\" 404 0 \"-\" \"curl/8.5\"", LogLevel.Warning, "GET /missing HTTP/1.1 404")]
    [InlineData("<190>1 2026-11-27T10:00:02Z web nginx - - - 10.0.0.1 - - [27/Nov/2026:10:00:02 +0000] \"POST /api HTTP/1.1\" 503 0 \"-\" \"curl/8.5\"", LogLevel.Error, "POST /api HTTP/1.1 503")]
    [InlineData("<187>1 2026-11-27T10:00:03Z web nginx - - - 10.0.0.1 - - [27/Nov/2026:10:00:03 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"curl/8.5\"", LogLevel.Error, "GET / HTTP/1.1 200")]
    [InlineData("<190>Nov 27 10:00:04 web nginx: 10.0.0.1 - - [27/Nov/2026:10:00:04 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"curl/8.5\"", LogLevel.Info, "GET / HTTP/1.1 200")]
    [InlineData("Nov 27 10:00:05 web kernel: [12345.678901] eth0: link up", LogLevel.Unknown, "[12345.678901] eth0: link up")]
    public void Access_logs_sent_to_syslog_take_the_level_of_their_status_never_below_the_PRI(string line, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.Syslog, parsed.Format);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public void HAProxy_traffic_lines_on_their_own_take_the_accept_date_to_the_millisecond()
    {
        Assert.True(new LineParser(null, null, null).TryParse("192.168.1.11:54322 [28/Mar/2026:09:10:02.123] http-in web/web2 0/0/1/-1/5001 504 194 - - sH-- 10/10/0/0/0 0/0 \"POST /api/orders HTTP/1.1\"", false, out LogLine parsed));
        Assert.Equal(LogFormat.TimestampedText, parsed.Format);
        Assert.Equal(new DateTime(2026, 3, 28, 9, 10, 2, 123), parsed.Timestamp.Value);
        Assert.Null(parsed.Timestamp.Offset);
        Assert.Equal(LogLevel.Error, parsed.Level);
        Assert.Equal("POST /api/orders HTTP/1.1 504 sH-- web/web2", parsed.Message);
    }

    [Theory]
    [InlineData("Mar 28 09:10:01 lb1 app[1]: 10.0.0.1:80 [28/Mar/2026:09:10:01.123] only three words")]
    [InlineData("Mar 28 09:10:01 lb1 app[1]: 10.0.0.1:80 [28/Mar/2026:09:10:01.123] fe be/s 1/2/3/4 200 1 - - ---- 1/1/1/1/1 0/0")]
    [InlineData("Mar 28 09:10:01 lb1 app[1]: 10.0.0.1:80 [28/Mar/2026:09:10:01.123] fe be/s 1/2/3/4/5 2000 1 - - ---- 1/1/1/1/1 0/0")]
    [InlineData("Mar 28 09:10:01 lb1 app[1]: 10.0.0.1:80 [28/Mar/2026:09:10:01.123] fe bes 1/2/3 0 SC 1/1/1/1/1 0/0")]
    [InlineData("Mar 28 09:10:01 lb1 app[1]: Server is DOWN for maintenance")]
    [InlineData("Mar 28 09:10:01 lb1 app[1]: backend web has servers available")]
    [InlineData("Nov 27 10:00:00 host myapp[2]: Server a/b is DOWNLOADING updates")]
    public void Lines_that_only_resemble_HAProxy_are_read_as_syslog(string line)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.Syslog, parsed.Format);
        Assert.Equal(LogLevel.Unknown, parsed.Level);
    }

    [Theory]
    [InlineData("[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" \"nsq2http\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"", "2016-04-15T20:17:00.310", false, LogLevel.Info, "POST /api/v1/locations HTTP/2 204")]
    [InlineData("[2016-04-15T20:17:01.310Z] \"GET /api/v1/orders/42 HTTP/1.1\" 503 UF 0 91 12 - \"-\" \"curl/7.68.0\" \"a1b2\" \"orders\" \"10.0.2.2:8080\"", "2016-04-15T20:17:01.310", false, LogLevel.Error, "GET /api/v1/orders/42 HTTP/1.1 503")]
    [InlineData("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 404 404 0 29 \"GET http://www.example.com:80/missing HTTP/1.1\" \"curl/7.38.0\" - -", "2015-05-13T23:39:43.945958", false, LogLevel.Warning, "GET http://www.example.com:80/missing HTTP/1.1 404")]
    [InlineData("2015-05-13T23:39:44.945958Z my-loadbalancer 192.168.131.39:2818 - -1 -1 -1 503 - 0 0 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -", "2015-05-13T23:39:44.945958", false, LogLevel.Error, "GET http://www.example.com:80/ HTTP/1.1 503")]
    [InlineData("https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 502 - 0 57 \"GET https://www.example.com:443/api HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"-\" \"-\" \"-\"", "2018-07-02T22:23:00.186641", true, LogLevel.Error, "GET https://www.example.com:443/api HTTP/1.1 502")]
    [InlineData("h2 2018-07-02T22:23:01.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 \"GET https://10.0.2.105:773/ HTTP/2.0\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337327-72bd00b0343d75b906739c42\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"redirect\" \"https://example.com:80/\" \"-\" \"10.0.0.66:9000\" \"200\" \"-\" \"-\"", "2018-07-02T22:23:01.186641", true, LogLevel.Info, "GET https://10.0.2.105:773/ HTTP/2.0 200")]
    public void HTTP_access_logs_of_Envoy_and_AWS_load_balancers_take_the_level_of_their_status(string line, string stamp, bool alb, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(alb ? LogFormat.AccessLog : LogFormat.TimestampedText, parsed.Format);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), parsed.Timestamp.Value);
        Assert.Equal(TimeSpan.Zero, parsed.Timestamp.Offset);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("2026-11-27 10:00:00,123 client sent \"GET / HTTP/1.1\" and got 500 back", LogLevel.Unknown)]
    [InlineData("2026-11-27 10:00:00,123 \"GET / HTTP/1.1\" 5000 bytes", LogLevel.Unknown)]
    [InlineData("2026-11-27 10:00:00,123 \"hello world HTTP/1.1\" 500", LogLevel.Unknown)]
    [InlineData("2026-11-27 10:00:00,123 ERROR \"GET / HTTP/1.1\" 200", LogLevel.Error)]
    [InlineData("2026-11-27 10:00:00,123 took 200 - 1 2 \"GET / HTTP/1.1\"", LogLevel.Info)]
    [InlineData("2026-11-27 10:00:00,123 took 12 200 x 2 \"GET / HTTP/1.1\"", LogLevel.Unknown)]
    [InlineData("2026-11-27 10:00:00 downloaded \"GET /big.iso HTTP/1.1\" 512 MB in 3s", LogLevel.Unknown)]
    [InlineData("2026-11-27 10:00:00 \"GET /x HTTP/1.1\" 502 UF,URX 0", LogLevel.Error)]
    [InlineData("2026-11-27 10:00:00 \"GET /x HTTP/1.1\" 502 -", LogLevel.Error)]
    public void Only_a_quoted_request_with_its_status_in_place_gives_a_level(string line, LogLevel level)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.Equal(level, parsed.Level);
    }

    [Theory]
    [InlineData("2019-03-05T14:03:12.345Z I am done [ok]", LogLevel.Unknown)]
    [InlineData("2019-03-05T14:03:12.345Z E network [conn1] lower-case component ERROR", LogLevel.Error)]
    [InlineData("2019-03-05T14:03:12.345Z X NETWORK [conn1] not a severity", LogLevel.Unknown)]
    [InlineData("2019-03-05T14:03:12.345Z E NETWORK conn1 no context ERROR", LogLevel.Error)]
    [InlineData("2026-11-27 10:00:00,123 I HTTP [worker-1] ERROR upstream failed", LogLevel.Error)]
    [InlineData("2026-11-27 10:00:00 I AM [ok] FATAL crash", LogLevel.Fatal)]
    [InlineData("2026-11-27T10:00:00 I AM [ok] FATAL crash", LogLevel.Fatal)]
    public void Lines_that_only_resemble_MongoDB_severity_keep_the_level_words_reading(string line, LogLevel level)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.Equal(level, parsed.Level);
    }

    [Theory]
    [InlineData("{\"t\":{\"$date\":\"2026-11-27T10:00:01.123+00:00\"},\"s\":\"E\",  \"c\":\"STORAGE\",  \"id\":22435,   \"ctx\":\"thread1\",\"msg\":\"WiredTiger error\",\"attr\":{\"error\":13}}", LogLevel.Error)]
    [InlineData("{\"t\":{\"$date\":\"2026-11-27T10:00:01.123+00:00\"},\"s\":\"D2\",\"c\":\"COMMAND\",\"id\":1,\"ctx\":\"conn1\",\"msg\":\"WiredTiger error\"}", LogLevel.Debug)]
    public void MongoDB_structured_log_lines_give_their_level_and_time(string line, LogLevel level)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(level, parsed.Level);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 1, 123), parsed.Timestamp.Value);
        Assert.Equal(TimeSpan.Zero, parsed.Timestamp.Offset);
        Assert.Equal("WiredTiger error", parsed.Message);
    }

    [Theory]
    [InlineData("1:M 27 Nov 2026 10:00:00.123 * Ready to accept connections tcp", LogLevel.Notice, "Ready to accept connections tcp")]
    [InlineData("12345:S 27 Nov 2026 10:00:00.123 # WARNING Memory overcommit must be enabled!", LogLevel.Warning, "WARNING Memory overcommit must be enabled!")]
    [InlineData("7:C 27 Nov 2026 10:00:00.123 - Accepted 10.0.0.5:50123", LogLevel.Debug, "Accepted 10.0.0.5:50123")]
    public void Redis_lines_give_the_level_of_their_mark(string line, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse("12347:signal-handler (1795773603) Received SIGTERM scheduling shutdown...", true, out LogLine signal));
        Assert.Equal(LogLevel.Warning, signal.Level);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1795773603), signal.Timestamp.Value);
        Assert.Equal("Received SIGTERM scheduling shutdown...", signal.Message);

        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(level, parsed.Level);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 0, 123), parsed.Timestamp.Value);
        Assert.False(parsed.Timestamp.YearMissing);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("2026-11-27T10:00:00.123456+00:00 web01 app[123]: error: connection refused to db", true, LogLevel.Error, "connection refused to db")]
    [InlineData("2026-11-27T10:00:01.123456+00:00 web01 sshd[456]: Failed password for root from 10.0.0.5 port 22 ssh2", true, LogLevel.Unknown, "Failed password for root from 10.0.0.5 port 22 ssh2")]
    [InlineData("2026-11-27T10:00:02Z ip-10-0-0-5 kernel: WARNING: CPU: 0 PID: 1 at foo", true, LogLevel.Warning, "CPU: 0 PID: 1 at foo")]
    [InlineData("2026-11-27T10:00:03+00:00 app.worker ERROR: failed", false, LogLevel.Error, "failed")]
    [InlineData("2026-11-27T10:00:04Z INFO main: started", false, LogLevel.Info, "main: started")]
    public void RFC_3339_syslog_lines_read_host_and_tag_like_RFC_3164(string line, bool syslog, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(syslog, parsed.Format == LogFormat.Syslog);
        Assert.Equal(level, parsed.Level);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("{\"level\":\"error\",\"msg\":\"x\",\"ts\":1795773615123456789}", "2026-11-27T10:00:15.1234567")]
    [InlineData("{\"level\":\"error\",\"msg\":\"x\",\"timestamp\":\"1795773630987654321\"}", "2026-11-27T10:00:30.9876543")]
    [InlineData("{\"level\":\"error\", \"msg\":\"x\", \"ts\": 1795773615000000199, \"a\": [1]}", "2026-11-27T10:00:15.0000001")]
    [InlineData("level=error ts=1795773645000000150 msg=\"x\"", "2026-11-27T10:00:45.0000001")]
    [InlineData("{\"level\":\"error\",\"msg\":\"x\",\"ts\":1.7957736151234568e18}", "2026-11-27T10:00:15.1234568")]
    [InlineData("{\"level\":\"error\",\"msg\":\"x\",\"ts\":1795773660123456}", "2026-11-27T10:01:00.123456")]
    public void Epoch_nanoseconds_in_JSON_and_logfmt_are_read_to_the_tick(string line, string stamp)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), parsed.Timestamp.Value);
        Assert.Equal(TimeSpan.Zero, parsed.Timestamp.Offset);
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(line);
        Assert.True(new LineParser(null, null, null).TryParseFast(utf8, true, (LogLevel)int.MaxValue, out LogLine fast, out _));
        Assert.Equal(parsed.Timestamp.Value, fast.Timestamp.Value);
    }

    [Theory]
    [InlineData("<11>1 2026-11-27T10:00:04Z host app 123 ID1 [a@1 x=\"\\]\"][b@2 y=\"z\"] Disk failure on sda", "Disk failure on sda")]
    [InlineData("<11>1 2026-11-27T10:00:05Z host app 123 ID1 [a@1 path=\"C:\\[x\"] Disk failure on sdb", "Disk failure on sdb")]
    [InlineData("<11>1 2026-11-27T10:00:06Z host app 123 ID1 [a@1 q=\"say \\\"]\\\" \\\\\"] Disk failure on sdc", "Disk failure on sdc")]
    [InlineData("<11>1 2026-11-27T10:00:07Z host app 123 ID1 [a@1 x=\"[[\" y=\"\\x\"][b@2] Disk failure on sdd", "Disk failure on sdd")]
    [InlineData("<11>1 2026-11-27T10:00:08Z host app 123 ID1 [a@1 x=\"unterminated] Disk failure", "Disk failure")]
    [InlineData("<11>1 2026-11-27T10:00:09Z host app 123 ID1 [a@1 x=\"no end", "")]
    public void RFC_5424_structured_data_is_skipped_with_its_quoted_values_and_their_escapes(string line, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.Syslog, parsed.Format);
        Assert.Equal(LogLevel.Error, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public void Proxifier_lines_give_a_year_less_time_the_message_after_the_program_and_the_level_of_error()
    {
        var parser = new LineParser(null, null, null);
        Assert.True(parser.TryParse("[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS", true, out LogLine open));
        Assert.True(open.Timestamp.YearMissing);
        Assert.Equal(new DateTime(2000, 10, 30, 16, 49, 6), open.Timestamp.Value);
        Assert.Equal(LogLevel.Unknown, open.Level);
        Assert.Equal("proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS", open.Message);
        Assert.True(parser.TryParse("[10.30 16:49:07] chrome.exe *64 - play.google.com:443 error : Could not connect to proxy proxy.cse.cuhk.edu.hk:5070 - connection attempt failed with error 10061", true, out LogLine error));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal("play.google.com:443 error : Could not connect to proxy proxy.cse.cuhk.edu.hk:5070 - connection attempt failed with error 10061", error.Message);

        // Not a stamp: a month 13, and a bracket without the program's " - ".
        Assert.False(parser.TryParse("[13.30 16:49:06] chrome.exe - x", true, out LogLine bad) && bad.HasTimestamp);
    }

    [Fact]
    public void Klog_and_Ruby_Logger_lines_give_their_level_time_and_message()
    {
        var parser = new LineParser(null, null, null);
        Assert.True(parser.TryParse("E1127 10:00:00.123456   12345 reflector.go:138] failed to list *v1.Pod: connection refused", true, out LogLine klog));
        Assert.Equal(LogLevel.Error, klog.Level);
        Assert.True(klog.Timestamp.YearMissing);
        Assert.Equal(new DateTime(2000, 11, 27, 10, 0, 0).AddTicks(1234560), klog.Timestamp.Value);
        Assert.Equal("failed to list *v1.Pod: connection refused", klog.Message);
        Assert.True(parser.TryParse("W20261127 10:00:00.123456 12345 file.cc:12] glog 0.7 has the year", true, out LogLine glog));
        Assert.Equal(LogLevel.Warning, glog.Level);
        Assert.False(glog.Timestamp.YearMissing);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 0).AddTicks(1234560), glog.Timestamp.Value);
        Assert.Equal("glog 0.7 has the year", glog.Message);
        Assert.True(parser.TryParse("F0102 03:04:05.000001 1 main.go:9] boom", true, out LogLine fatal));
        Assert.Equal(LogLevel.Fatal, fatal.Level);
        Assert.Equal("boom", fatal.Message);

        // Not klog: no thread id, no file:line], a month 13.
        Assert.True(parser.TryParse("E1127 10:00:00.123456 reflector.go:138] x", false, out LogLine noThread));
        Assert.False(noThread.HasTimestamp);
        Assert.True(parser.TryParse("E1127 10:00:00.123456 12 reflector] x", false, out LogLine noLine));
        Assert.False(noLine.HasTimestamp);
        Assert.True(parser.TryParse("E1327 10:00:00.123456 12 a.go:1] x", false, out LogLine badMonth));
        Assert.False(badMonth.HasTimestamp);

        Assert.True(parser.TryParse("W, [2026-11-27T10:00:01.123456 #12345]  WARN -- app: slow request", true, out LogLine ruby));
        Assert.Equal(LogLevel.Warning, ruby.Level);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 1).AddTicks(1234560), ruby.Timestamp.Value);
        Assert.Equal("slow request", ruby.Message);
        Assert.True(parser.TryParse("A, [2026-11-27T10:00:01.123456 #1]   ANY -- : something", true, out LogLine any));
        Assert.Equal(LogLevel.Unknown, any.Level);
        Assert.Equal("something", any.Message);
    }

    [Theory]
    [InlineData("[27-Nov-2026 10:00:00 UTC] PHP Fatal error:  Uncaught Exception: boom in /var/www/html/index.php:3", LogLevel.Fatal, 0, "Uncaught Exception: boom in /var/www/html/index.php:3")]
    [InlineData("[27-Nov-2026 10:00:01 Europe/Berlin] PHP Warning:  Undefined variable $x in /var/www/html/a.php on line 5", LogLevel.Warning, 60, "Undefined variable $x in /var/www/html/a.php on line 5")]
    [InlineData("[27-Jul-2026 10:00:01 Europe/Berlin] PHP Notice:  Trying to access array offset", LogLevel.Notice, 120, "Trying to access array offset")]
    [InlineData("[27-Nov-2026 10:00:03 America/New_York] PHP Deprecated:  Function create_function() is deprecated", LogLevel.Notice, -300, "Function create_function() is deprecated")]
    [InlineData("[27-Nov-2026 10:00:04 UTC] PHP Parse error:  syntax error, unexpected '}'", LogLevel.Error, 0, "syntax error, unexpected '}'")]
    public void PHP_error_log_lines_give_the_zone_and_level_of_their_phrase(string line, LogLevel level, int offsetMinutes, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(level, parsed.Level);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), parsed.Timestamp.Offset);
        Assert.Equal(message, parsed.Message);

        // An unknown zone name, or a word that is no zone: no offset (the stamp is read as before).
        Assert.True(new LineParser(null, null, null).TryParse("[27-Nov-2026 10:00:00 Nowhere/Land] PHP Warning:  x", true, out LogLine unknown));
        Assert.Null(unknown.Timestamp.Offset);
        Assert.True(new LineParser(null, null, null).TryParse("[2026-11-27 10:00:00.123 INF] started", true, out LogLine serilog));
        Assert.Equal(LogLevel.Info, serilog.Level);
        Assert.Null(serilog.Timestamp.Offset);
    }

    [Theory]
    [InlineData("2026-11-27 10:00:00.12 spid51      Error: 18456, Severity: 14, State: 8.", LogLevel.Error, true)]
    [InlineData("2026-11-27 10:00:00.12 spid9s      Error: 823, Severity: 24, State: 2.", LogLevel.Fatal, true)]
    [InlineData("2026-11-27 10:00:00.12 spid12s     Error: 9002, Severity: 17, State: 2.", LogLevel.Critical, true)]
    [InlineData("2026-11-27 10:00:00.12 Logon       Login failed for user 'sa'. Reason: Password did not match. [CLIENT: 10.0.0.5]", LogLevel.Info, false)]
    [InlineData("2026-11-27 10:00:00.12 Server      Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)", LogLevel.Info, false)]
    public void SQL_Server_ERRORLOG_lines_take_their_level_from_the_severity(string line, LogLevel level, bool header)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(level, parsed.Level);
        Assert.Equal(header, parsed.MessageInNextEntry);
        Assert.Equal(line[35..], parsed.Message);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 0, 120), parsed.Timestamp.Value);

        // Not the ERRORLOG's columns: read as before.
        Assert.True(new LineParser(null, null, null).TryParse("2026-11-27 10:00:00.12 INFO [main] x.Y - Error: 1, Severity: 20, State: 1.", true, out LogLine other));
        Assert.Equal(LogLevel.Info, other.Level);
    }

    [Fact]
    public void A_java_util_logging_header_leaves_its_level_to_the_next_line()
    {
        var parser = new LineParser(null, null, null);
        Assert.True(parser.TryParse("Nov 27, 2026 10:00:01 PM com.example.App handle", true, out LogLine header));
        Assert.True(header.LevelOnNextLine);
        Assert.Equal(new DateTime(2026, 11, 27, 22, 0, 1), header.Timestamp.Value);
        Assert.True(parser.TryParse("Nov 7, 2026 12:05:09 AM org.apache.catalina.startup.Catalina", true, out LogLine midnight));
        Assert.Equal(new DateTime(2026, 11, 7, 0, 5, 9), midnight.Timestamp.Value);
        Assert.True(midnight.LevelOnNextLine);

        // A level on the header line, or more than two words after the stamp: an ordinary entry.
        Assert.True(parser.TryParse("Nov 27, 2026 10:00:01 AM ERROR something broke here", true, out LogLine leveled));
        Assert.False(leveled.LevelOnNextLine);
        Assert.Equal(LogLevel.Error, leveled.Level);
        Assert.True(parser.TryParse("Nov 27, 2026 10:00:01 AM a b c", true, out LogLine words));
        Assert.False(words.LevelOnNextLine);
        Assert.True(parser.TryParse("Nov 27, 2026 13:00:01 PM com.x.App run", false, out LogLine badHour));
        Assert.False(badHour.HasTimestamp);

        Assert.Equal(LogLevel.Error, LineParser.JulLevelLine("SEVERE: Request failed", out int at));
        Assert.Equal(" Request failed", "SEVERE: Request failed"[at..]);
        Assert.Equal(LogLevel.Debug, LineParser.JulLevelLine("FINE: x", out _));
        Assert.Equal(LogLevel.Unknown, LineParser.JulLevelLine("Caused by: x", out _));
        Assert.Equal(LogLevel.Unknown, LineParser.JulLevelLine("INFO:x", out _));
    }

    [Theory]
    [InlineData("Nov. 28, 2026 10:11:48 PM com.example.App main", "2026-11-28T22:11:48")]
    [InlineData("März 05, 2026 9:05:07 AM com.example.App main", "2026-03-05T09:05:07")]
    [InlineData("Sept. 05, 2026 12:05:07 AM com.example.App main", "2026-09-05T00:05:07")]
    [InlineData("Nov 28, 2026 10:11:53 NACHM. com.example.App main", "2026-11-28T22:11:53")]
    [InlineData("nov. 28, 2026 10:11:49 PM com.example.App main", "2026-11-28T22:11:49")]
    [InlineData("févr. 05, 2026 9:05:07 AM com.example.App <init>", "2026-02-05T09:05:07")]
    [InlineData("août 05, 2026 9:05:07 PM com.example.App main", "2026-08-05T21:05:07")]
    [InlineData("nov 28, 2026 10:11:50 P. M. com.example.App main", "2026-11-28T22:11:50")]
    [InlineData("dic 05, 2026 9:05:07 A. M. com.example.App main", "2026-12-05T09:05:07")]
    [InlineData("nov 28, 2026 10:11:50 P.\u00A0M. com.example.App main", "2026-11-28T22:11:50")]
    [InlineData("28.11.2026 22:11:52 com.example.App main", "2026-11-28T22:11:52")]
    [InlineData("2026-11-28 22:11:52 com.example.App lambda$run$0", "2026-11-28T22:11:52")]
    [InlineData("2026-11-28 22:11:52 org.apache.catalina.startup.Catalina", "2026-11-28T22:11:52")]
    public void A_java_util_logging_header_in_another_language_or_after_a_custom_stamp_leaves_its_level_to_the_next_line(string line, string stamp)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine header));
        Assert.True(header.HasTimestamp);
        Assert.Equal(DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), header.Timestamp.Value);
        Assert.True(header.LevelOnNextLine);
    }

    [Theory]
    [InlineData("Nov. 28, 2026 13:11:48 PM com.example.App main", false)]
    [InlineData("Nov. 31, 2026 10:11:48 PM com.example.App main", false)]
    [InlineData("Nox. 28, 2026 10:11:48 PM com.example.App main", false)]
    [InlineData("Nov. 28, 2026 10:11:48 XM com.example.App main", false)]
    [InlineData("Nov. 28, 2026 10:11:48 PMX com.example.App main", false)]
    [InlineData("Nov. 28, 2026 10:11:48 PM com.example.App main extra words", true)]
    [InlineData("28.11.2026 22:11:52 started com.example.App", true)]
    [InlineData("28.11.2026 22:11:52 com.example.app main", true)]
    [InlineData("28.11.2026 22:11:52 App main", true)]
    [InlineData("28.11.2026 22:11:52 com.example.App main()", true)]
    [InlineData("28.11.2026 22:11:52 ERROR com.example.App main", true)]
    [InlineData("28.11.2026 22:11:52 version 1.2.3", true)]
    public void Lines_like_a_java_util_logging_header_that_are_not_one_keep_their_reading(string line, bool stamped)
    {
        Assert.Equal(stamped, new LineParser(null, null, null).TryParse(line, false, out LogLine parsed) && parsed.HasTimestamp);
        Assert.False(parsed.LevelOnNextLine);
    }

    [Theory]
    [InlineData("SCHWERWIEGEND: Verbindung fehlgeschlagen", LogLevel.Error, " Verbindung fehlgeschlagen")]
    [InlineData("WARNUNG: x", LogLevel.Warning, " x")]
    [InlineData("INFORMATION: x", LogLevel.Info, " x")]
    [InlineData("KONFIGURATION: x", LogLevel.Info, " x")]
    [InlineData("FEIN: x", LogLevel.Debug, " x")]
    [InlineData("FEINER: x", LogLevel.Trace, " x")]
    [InlineData("AM FEINSTEN: x", LogLevel.Trace, " x")]
    [InlineData("GRAVE: x", LogLevel.Error, " x")]
    [InlineData("AVERTISSEMENT: x", LogLevel.Warning, " x")]
    [InlineData("INFOS: x", LogLevel.Info, " x")]
    [InlineData("PRÉCIS: x", LogLevel.Debug, " x")]
    [InlineData("LE PLUS PRÉCIS: x", LogLevel.Trace, " x")]
    [InlineData("ADVERTENCIA: x", LogLevel.Warning, " x")]
    [InlineData("INFORMACIÓN: x", LogLevel.Info, " x")]
    [InlineData("Schwerwiegend: x", LogLevel.Unknown, " x")]
    [InlineData("WARNUNGEN: x", LogLevel.Unknown, " x")]
    [InlineData("GRAVE:x", LogLevel.Unknown, "")]
    public void JUL_level_lines_in_German_French_and_Spanish(string line, LogLevel level, string message)
    {
        Assert.Equal(level, LineParser.JulLevelLine(line, out int at));
        if (level != LogLevel.Unknown)
        {
            Assert.Equal(message, line[at..]);
        }
    }

    [Theory]
    [InlineData("Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"Object.toString()\"", "Java", LogLevel.Error, "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"Object.toString()\"")]
    [InlineData("Exception in thread \"pool-1-thread-2\" java.lang.OutOfMemoryError: Java heap space", "Java", LogLevel.Error, "Exception in thread \"pool-1-thread-2\" java.lang.OutOfMemoryError: Java heap space")]
    [InlineData("panic: runtime error: index out of range [5] with length 3", "Go", LogLevel.Fatal, "runtime error: index out of range [5] with length 3")]
    [InlineData("fatal error: concurrent map writes", "Go", LogLevel.Fatal, "concurrent map writes")]
    [InlineData("/srv/app/crash.js:3", "Node", LogLevel.Error, "/srv/app/crash.js:3")]
    [InlineData("file:///srv/app/server.mjs:120", "Node", LogLevel.Error, "file:///srv/app/server.mjs:120")]
    [InlineData("C:\\srv\\app\\crash.ts:7", "Node", LogLevel.Error, "C:\\srv\\app\\crash.ts:7")]
    [InlineData("node:internal/modules/cjs/loader:1228", "Node", LogLevel.Error, "node:internal/modules/cjs/loader:1228")]
    public void A_runtime_s_crash_banner_starts_an_entry_wherever_it_is(string line, string crash, LogLevel level, string message)
    {
        var parser = new LineParser(null, null, null);
        foreach (bool continuationLikely in new[] { true, false })
        {
            Assert.True(parser.TryParse(line, continuationLikely, out LogLine parsed));
            Assert.Equal(crash, parser.LastCrash.ToString());
            Assert.Equal(level, parsed.Level);
            Assert.Equal(message, parsed.Message);
            Assert.False(parsed.HasTimestamp);
            Assert.True(parsed.OpensWithLevel);
        }
    }

    [Theory]
    [InlineData("Exception in thread main java.lang.X")]
    [InlineData("Exception in thread Thread-1 (worker):")]
    [InlineData("Exception in thread \"main\"")]
    [InlineData("panicked: x")]
    [InlineData("panic:  x")]
    [InlineData("fatal: not a git repository")]
    [InlineData("/srv/app/x.js:3:22")]
    [InlineData("/var/log/app.log:12")]
    [InlineData("/srv/app/x.js:3 started")]
    [InlineData("srv/app/x.js:3")]
    [InlineData("node:internal/x y:1")]
    [InlineData("Node.js v20.20.2")]
    [InlineData("TypeError: Cannot read properties of undefined (reading 'id')")]
    [InlineData("    at Object.<anonymous> (/srv/app/crash.js:3:22)")]
    [InlineData("goroutine 1 [running]:")]
    public void Lines_that_only_resemble_a_crash_banner_continue_the_entry_above(string line)
    {
        var parser = new LineParser(null, null, null);
        Assert.False(parser.TryParse(line, true, out _));
        Assert.Equal(CrashKind.None, parser.LastCrash);
    }

    [Fact]
    public void Journalctl_markers_are_neither_entries_nor_continuations()
    {
        var parser = new LineParser(null, null, null);
        Assert.False(parser.TryParse("-- Boot 3f1c2e0a9b8d4c7e --", true, out _));
        Assert.True(parser.LastWasDirective);
        Assert.False(parser.TryParse("-- No entries --", false, out _));
        Assert.True(parser.LastWasDirective);
        Assert.False(parser.TryParse("-- a SQL comment", true, out _));
        Assert.False(parser.LastWasDirective);

        // The headers glog/klog and Ruby's Logger write at the top of a file.
        foreach (string header in new[] { "Log file created at: 2026/11/27 10:00:00", "Running on machine: web01", "Running duration (h:mm:ss): 0:00:00", "Binary: Built with gc go1.21.0 for linux/amd64", "Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg", "# Logfile created on 2026-11-27 10:00:00 +0000 by logger.rb/v1.6.0" })
        {
            Assert.False(parser.TryParse(header, false, out _));
            Assert.True(parser.LastWasDirective, header);
        }
    }

    [Fact]
    public void A_labelled_stack_trace_line_continues_the_entry_above_without_its_label()
    {
        var parser = new LineParser(null, null, null);
        Assert.False(parser.TryParse("web-1  |   at java.base/java.net.Socket.connect(Socket.java:633)", true, out _));
        Assert.Equal("  at java.base/java.net.Socket.connect(Socket.java:633)", parser.LastContinuationText);
        Assert.False(parser.TryParse("[pod/api/api] Caused by: java.io.IOException: reset", false, out _));
        Assert.Equal("Caused by: java.io.IOException: reset", parser.LastContinuationText);
        Assert.False(parser.TryParse("2026-11-27T10:00:01.000000000Z \tat com.example.Pool.take(Pool.java:42)", false, out _));
        Assert.Equal("\tat com.example.Pool.take(Pool.java:42)", parser.LastContinuationText);

        // Not labels: a level word before a bar (Tanuki's wrapper.log), a name without a replica number, and a file name
        // followed by a time of day only.
        Assert.True(parser.TryParse("ERROR  | wrapper  | 2026/11/27 10:00:00 | JVM exited unexpectedly.", false, out LogLine tanuki));
        Assert.Equal(LogLevel.Error, tanuki.Level);
        Assert.Null(parser.LastContinuationText);
        Assert.True(parser.TryParse("web  | 2026-11-27 10:00:00 ERROR something", false, out LogLine unlabelled));
        Assert.False(unlabelled.HasTimestamp);
        Assert.True(parser.TryParse("[pod/caf\u00e9/api] 2026-11-27T10:00:00Z ERROR not ASCII", false, out LogLine unicode));
        Assert.True(unicode.HasTimestamp);
        Assert.Equal("not ASCII", unicode.Message);
        Assert.True(parser.TryParse("app.log.gz 10:00:00 ERROR rotated", false, out LogLine timeOnly));
        Assert.False(timeOnly.HasTimestamp);
    }

    [Fact]
    public void PostgreSQL_LOG_lines_are_Info()
    {
        Assert.True(new LineParser(null, null, null).TryParse("2026-11-27 10:00:00.123 UTC [1234] LOG:  checkpoint starting: time", true, out LogLine parsed));
        Assert.Equal(LogLevel.Info, parsed.Level);
        Assert.Equal("checkpoint starting: time", parsed.Message);

        // DETAIL:, HINT:, STATEMENT: ... repeat the prefix but continue the entry above, whatever the lines before.
        var parser = new LineParser(null, null, null);
        Assert.False(parser.TryParse("2026-11-27 10:00:00.123 UTC [1234] STATEMENT:  select * from orders", false, out _));
        Assert.False(parser.TryParse("2026-11-27 10:00:00.123 UTC [1234] DETAIL:  Key (id)=(1) already exists.", true, out _));
        Assert.True(parser.TryParse("2026-11-27 10:00:00.123 UTC [1234] STATEMENTS:  not a keyword", false, out _));
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-11-28 17:56:53.748 CET","user":"postgres","dbname":"postgres","pid":7496,"remote_host":"127.0.0.1","remote_port":46266,"session_id":"6b0b07d5.1d48","line_num":1,"ps":"INSERT","session_start":"2026-11-28 17:56:53 CET","vxid":"3/6","txid":727,"error_severity":"ERROR","state_code":"23505","message":"duplicate key value violates unique constraint \"t_pkey\"","detail":"Key (id)=(1) already exists.","statement":"insert into t values (1,'dup1')","application_name":"psql","backend_type":"client backend","query_id":0}""", LogLevel.Error, "duplicate key value violates unique constraint \"t_pkey\"")]
    [InlineData("""{"timestamp":"2026-11-28 17:56:55.617 CET","user":"postgres","pid":7562,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \"postgres\"","backend_type":"client backend","query_id":0}""", LogLevel.Fatal, "password authentication failed for user \"postgres\"")]
    [InlineData("""{"timestamp":"2026-11-28 17:56:44.470 CET","pid":7209,"session_id":"6b0b07cc.1c29","line_num":1,"session_start":"2026-11-28 17:56:44 CET","txid":0,"error_severity":"LOG","message":"starting PostgreSQL 15.18","backend_type":"postmaster","query_id":0}""", LogLevel.Info, "starting PostgreSQL 15.18")]
    [InlineData("""{"timestamp":"2026-11-28 17:56:44.470 CET","pid":7209,"error_severity":"WARNING","message":"there is no transaction in progress"}""", LogLevel.Warning, "there is no transaction in progress")]
    [InlineData("""{"timestamp":"2026-11-28 17:56:44.470 CET","pid":7209,"error_severity":"DEBUG3","message":"StartTransaction(1)"}""", LogLevel.Debug, "StartTransaction(1)")]
    [InlineData("""{"timestamp":"2026-11-28 17:56:44.470 CET","pid":7209,"error_severity":"PANIC","message":"could not locate a valid checkpoint record"}""", LogLevel.Fatal, "could not locate a valid checkpoint record")]
    [InlineData("""{"timestamp":"2026-11-28 17:56:44.470 UTC","pid":7209,"error_severity":"NOTICE","message":"table \"t\" does not exist, skipping"}""", LogLevel.Notice, "table \"t\" does not exist, skipping")]
    public void PostgreSQL_jsonlog_takes_its_level_from_error_severity(string line, LogLevel level, string message)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.Equal(LogFormat.JsonLines, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);

        // log_timezone's abbreviation (CET) is left to -TimeZone, as in PostgreSQL's stderr log; UTC is UTC.
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(line.Contains(" UTC\"", StringComparison.Ordinal) ? TimeSpan.Zero : null, parsed.Timestamp.Offset);
        Assert.Equal(new DateTime(2026, 11, 28, 17, 56, 0), parsed.Timestamp.Value.AddTicks(-(parsed.Timestamp.Value.Ticks % TimeSpan.TicksPerMinute)));
    }

    [Theory]
    [InlineData("""{"@mt":"Order {OrderId} rejected","@l":"Error","OrderId":7001}""", "Order 7001 rejected", "Order <*> rejected")]
    [InlineData("""{"@mt":"User {Name} from {Name:l} and {Missing}","@l":"Error","Name":"al \"x\""}""", "User \"al \\\"x\\\"\" from al \"x\" and {Missing}", "User <*> from <*> and <*>")]
    [InlineData("""{"@mt":"Took {Elapsed:0.0} ms for {@Order} ({$Kind}, {Id,5})","@l":"Error","Elapsed":12.345,"Order":{"Id":1,"Lines":[1,2]},"Kind":"Sale","Id":null}""", "Took 12.345 ms for {\"Id\":1,\"Lines\":[1,2]} (\"Sale\", null)", "Took <*> ms for <*> (<*>, <*>)")]
    [InlineData("""{"@mt":"Braces {{literal}} and {not a name} and {}","@l":"Error"}""", "Braces {literal} and {not a name} and {}", null)]
    [InlineData("""{"@m":"Rendered 1","@mt":"Rendered {N}","@l":"Error","N":1}""", "Rendered 1", null)]
    [InlineData("""{"@mt":"Rendered {N}","@m":"Rendered 1","@l":"Error","N":1}""", "Rendered {N}", null)]
    [InlineData("""{"msg":"Not CLEF {N}","level":"error","N":1}""", "Not CLEF {N}", null)]
    public void Serilog_compact_JSON_messages_are_their_template_rendered_with_the_line_s_values(string line, string message, string? template)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.Equal(message, parsed.Message);
        Assert.Equal(template, parsed.TemplateText);
        Assert.Null(parsed.Details);
    }

    [Fact]
    public void JSON_stack_traces_are_read_only_for_entries_shown_with_their_messages()
    {
        const string Line = """{"level":"error","message":"boom","stack":"Error: boom\n    at x (a.js:1:1)"}""";
        Assert.True(new LineParser(null, null, null) { KeepDetails = true }.TryParse(Line, false, out LogLine kept));
        Assert.Equal("boom", kept.Message);
        Assert.Equal("Error: boom\n    at x (a.js:1:1)", kept.Details);
        Assert.True(new LineParser(null, null, null).TryParse(Line, false, out LogLine summary));
        Assert.Null(summary.Details);
        Assert.True(new LineParser(null, null, null) { KeepDetails = true }.TryParse(Encoding.UTF8.GetBytes(Line), Line, false, LogLevel.Fatal, out LogLine below));
        Assert.Null(below.Message);
        Assert.Null(below.Details);
    }

    [Theory]
    [InlineData("""{"error_severity":"DEBUG6","message":"not a PostgreSQL level"}""")]
    [InlineData("""{"error_severity":"DEBUG0","message":"not a PostgreSQL level"}""")]
    [InlineData("""{"error_severity":"DEBUG12","message":"not a PostgreSQL level"}""")]
    [InlineData("""{"errorseverity":"ERROR","message":"another key"}""")]
    [InlineData("""{"error_severity_x":"ERROR","message":"another key"}""")]
    [InlineData("""{"sql_error_severity":"ERROR","message":"another key"}""")]
    public void Near_misses_of_PostgreSQL_jsonlog_stay_Unknown(string line)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.Equal(LogLevel.Unknown, parsed.Level);
    }

    [Theory]
    [InlineData("2026-11-27 10:00:00.123 UTC [1234] ERROR:  relation \"orders\" does not exist", true)]
    [InlineData("2026-11-27 10:00:00 GMT [1234] FATAL:  password authentication failed for user \"app\"", true)]
    [InlineData("2026-11-27 10:00:00.123 CET [1234] ERROR:  other zone names are left to -TimeZone", false)]
    [InlineData("2026-11-27 10:00:00.123 UTCX ERROR: not a zone", false)]
    public void PostgreSQL_stamps_with_UTC_or_GMT_are_UTC(string line, bool utc)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(utc ? TimeSpan.Zero : null, parsed.Timestamp.Offset);
        Assert.True(parsed.Level >= LogLevel.Error);
    }

    [Fact]
    public void Container_records_with_damaged_text_or_stack_lines_are_read_safely()
    {
        var parser = new LineParser(null, null, null);

        // A lone surrogate escape: not a Docker record the reader can decode, so read as JSON lines (no exception).
        parser.TryParse("{\"log\":\"ERROR lone \\ud83d end\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:01Z\"}", true, out _);

        // Stack-trace lines continue whatever the file's other lines were, and hand over the container's line.
        Assert.False(parser.TryParse("2026-11-27T10:00:01.5Z stderr F \tat com.example.Pool.take(Pool.java:42)", false, out _));
        Assert.Equal("\tat com.example.Pool.take(Pool.java:42)", parser.LastContinuationText);
        Assert.False(parser.TryParse("{\"log\":\"    indented detail\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:00Z\"}", false, out _));
        Assert.Equal("    indented detail", parser.LastContinuationText);

        // A time of day alone inside a record takes the record's date and time.
        Assert.True(parser.TryParse("{\"log\":\"10:00:00.123 [main] ERROR com.x.Y - inside docker\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-15T10:00:00.200Z\"}", false, out LogLine timed));
        Assert.Equal(new DateTime(2026, 1, 15, 10, 0, 0, 200), timed.Timestamp.Value);
        Assert.False(timed.Timestamp.DateMissing);
    }

    [Fact]
    public void A_stack_trace_line_in_a_container_record_continues_the_entry_above()
    {
        var parser = new LineParser(null, null, null);
        Assert.False(parser.TryParse("{\"log\":\"\\tat com.example.Pool.take(Pool.java:42)\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:00Z\"}", true, out _));
        Assert.True(parser.TryParse("{\"log\":\"plain text without a level\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-27T10:00:00Z\"}", false, out LogLine plain));
        Assert.True(plain.HasTimestamp);
        Assert.True(plain.TimeFromRecord);
        Assert.Equal("plain text without a level", plain.Message);

        // Where the container's lines start with timestamps of their own, a line without one continues the entry above,
        // as in a plain file: an exception header and a traceback's last line (wherever they are), plain text.
        Assert.False(parser.TryParse("{\"log\":\"java.lang.IllegalStateException: boom\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:00Z\"}", true, out _));
        Assert.Equal("java.lang.IllegalStateException: boom", parser.LastContinuationText);
        Assert.False(parser.TryParse("{\"log\":\"java.lang.IllegalStateException: boom\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:00Z\"}", false, out _));
        Assert.False(parser.LastDependedOnContinuation);
        Assert.False(parser.TryParse("2026-11-27T10:00:01.000000000Z ValueError: bad", true, out _));
        Assert.Equal("ValueError: bad", parser.LastContinuationText);
        Assert.False(parser.TryParse("{\"log\":\"plain text without a level\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-27T10:00:00Z\"}", true, out _));
        Assert.True(parser.TryParse("{\"log\":\"INFO all good\",\"level\":\"error\",\"ts\":\"2026-11-27T10:00:00Z\"}", true, out LogLine notDocker));
        Assert.Equal(LogLevel.Error, notDocker.Level);
        Assert.Equal(LogFormat.JsonLines, notDocker.Format);
        Assert.False(parser.TryParse("2026-11-27T10:00:01.5Z stderr F \tat com.example.Pool.take(Pool.java:42)", true, out _));
        Assert.False(parser.TryParse("2026-11-27T10:00:01.5Z stderr F Caused by: java.io.IOException: reset", true, out _));
    }

    [Fact]
    public void Records_around_a_log_line_with_other_keys_are_read_inside_and_a_log_string_is_the_message_of_a_JSON_line()
    {
        var parser = new LineParser(null, null, null);

        // Fluent Bit: Docker's keys plus Kubernetes metadata; the line inside is read, with its own time.
        Assert.True(parser.TryParse("{\"log\":\"2026-11-27 10:00:00,123 ERROR [main] app.Db - Connection refused\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-27T10:00:00.200Z\",\"kubernetes\":{\"pod_name\":\"api-7d9f\",\"labels\":{\"app\":\"api\"}}}", true, out LogLine fluent));
        Assert.Equal(LogLevel.Error, fluent.Level);
        Assert.Equal("Connection refused", fluent.Message);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 0, 123), fluent.Timestamp.Value);

        // JSON whitespace around the key and colon (Python's json.dumps) changes nothing.
        Assert.True(parser.TryParse("{ \"log\" : \"2026-11-27 10:00:00,123 ERROR [main] app.Db - Connection refused\\n\", \"stream\": \"stderr\", \"time\": \"2026-11-27T10:00:00.200Z\"}", true, out LogLine spaced));
        Assert.Equal(LogLevel.Error, spaced.Level);
        Assert.Equal("Connection refused", spaced.Message);
        Assert.False(parser.TryParse("{\"log\": \"\\tat com.example.A.b(A.java:0)\\n\", \"stream\": \"stderr\", \"time\": \"2026-11-27T10:00:00.3Z\"}", true, out _));
        Assert.Equal("\tat com.example.A.b(A.java:0)", parser.LastContinuationText);

        // Another timestamp key gives the record's time.
        Assert.True(parser.TryParse("{\"log\":\"request done\\n\",\"@timestamp\":\"2026-11-27T10:00:01.5Z\",\"kubernetes\":{}}", false, out LogLine stamped));
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 1, 500), stamped.Timestamp.Value);
        Assert.Equal("request done", stamped.Message);

        // A level key of its own: JSON lines, with the log string as the message (flat, and through the reader).
        Assert.True(parser.TryParse("{\"log\":\"payment failed for order 7\",\"level\":\"error\",\"ts\":\"2026-11-27T10:00:02Z\"}", true, out LogLine flat));
        Assert.Equal(LogFormat.JsonLines, flat.Format);
        Assert.Equal("payment failed for order 7", flat.Message);
        Assert.True(parser.TryParse("{\"log\":\"payment \\\"7\\\" failed\\n\",\"level\":\"error\",\"ctx\":{\"a\":1}}", true, out LogLine nested));
        Assert.Equal(LogLevel.Error, nested.Level);
        Assert.Equal("payment \"7\" failed", nested.Message);
        Assert.True(parser.TryParse("{\"log\":\"payment failed\",\"level\":\"error\",\"msg\":\"the message\"}", true, out LogLine both));
        Assert.Equal("the message", both.Message);
    }

    [Fact]
    public void A_time_of_day_alone_is_a_timestamp_without_a_date()
    {
        Assert.True(new LineParser(null, null, null).TryParse("10:00:00.123 [main] ERROR com.example.App - Connection refused", false, out LogLine parsed));
        Assert.True(parsed.HasTimestamp);
        Assert.True(parsed.Timestamp.DateMissing);
        Assert.Equal(new TimeSpan(0, 10, 0, 0, 123), parsed.Timestamp.Value.TimeOfDay);
        Assert.Equal(LogLevel.Error, parsed.Level);
        Assert.Equal("Connection refused", parsed.Message);
        // Without a fraction a time of day is text ("12:30:45 elapsed before timeout"), except in Serilog's console shape
        // "[HH:mm:ss LVL]", whose bracket says it is a stamp.
        Assert.True(new LineParser(null, null, null).TryParse("[10:00:01 ERR] Request failed", false, out LogLine serilog));
        Assert.True(serilog.HasTimestamp);
        Assert.True(serilog.Timestamp.DateMissing);
        Assert.Equal(new TimeSpan(10, 0, 1), serilog.Timestamp.Value.TimeOfDay);
        Assert.Equal(LogLevel.Error, serilog.Level);
        Assert.Equal("Request failed", serilog.Message);
        new LineParser(null, null, null).TryParse("[25:00:01 ERR] Request failed", false, out LogLine late);
        Assert.False(late.HasTimestamp);
        new LineParser(null, null, null).TryParse("12:30:45 elapsed before timeout", false, out LogLine words);
        Assert.False(words.HasTimestamp);
        new LineParser(null, null, null).TryParse("10:00:61 not a time", false, out LogLine bad);
        Assert.False(bad.HasTimestamp);
        new LineParser(null, null, null).TryParse("25:00:00 not a time", false, out bad);
        Assert.False(bad.HasTimestamp);
    }

    [Theory]
    [InlineData("Processed 1700000000 bytes in 3 s")]
    [InlineData("12345 node-1 unix.hw state 123456789 1 too short an epoch")]
    [InlineData("lowercase 1131566461 2005.11.09 dn228 message")]
    [InlineData("13/13/2026 10:15:30 not a date")]
    [InlineData("1/5/20261 10:15:30 five-digit year")]
    [InlineData("123/5/2026 10:15:30 three-digit month")]
    [InlineData("1/5/2026 13:15:30 PM thirteen PM")]
    [InlineData("1.2.2026x 10:00:00 version-like")]
    [InlineData("1700000000 rows scanned")]
    [InlineData("1700000000.5 seconds")]
    [InlineData("241201 120000 items in queue")]
    [InlineData("20261127-10:00:00 was the build id")]
    [InlineData("10:00:00 PM ERROR a time without a fraction")]
    [InlineData("10.0.0.1 - - [27/Nov/2026:10:00:02] \"GET / HTTP/1.1\" 200 1")]
    [InlineData("10.0.0.1 - - - [27/Nov/2026:10:00:02 +0000] \"GET / HTTP/1.1\" 200 1")]
    [InlineData("10.0.0.1 - - [27/Nov/2026:10:00:02 +0000] \"GET / HTTP/1.1\" 2000 1")]
    [InlineData("17/13/09 20:10:40 no month 13")]
    [InlineData("0811099 203615 seven digits")]
    [InlineData("1234567890123 thirteen digits")]
    public void Lines_that_only_look_like_those_shapes_have_no_timestamp(string line)
    {
        new LineParser(null, null, null).TryParse(line, false, out LogLine parsed);
        Assert.False(parsed.HasTimestamp);
    }

    [Theory]
    [InlineData("info: server started", LogLevel.Info, "server started")]
    [InlineData("warn: Rate limit near for tenant t0: 80%", LogLevel.Warning, "Rate limit near for tenant t0: 80%")]
    [InlineData("error: Upstream inventory-svc returned 500 for request 2000", LogLevel.Error, "Upstream inventory-svc returned 500 for request 2000")]
    [InlineData("debug: cache warm", LogLevel.Debug, "cache warm")]
    [InlineData("verbose: cache miss for key k1", LogLevel.Trace, "cache miss for key k1")]
    [InlineData("http: GET /api/orders 200", LogLevel.Unknown, "http: GET /api/orders 200")]
    [InlineData("warn: retry [3] later", LogLevel.Warning, "retry [3] later")]
    public void Winston_simple_lines_are_entries_with_their_level_and_message(string line, LogLevel level, string message)
    {
        // winston's format.simple(): "level: message", which .NET's console header ("info: Category[0]") only resembles.
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed));
        Assert.NotEqual(LogFormat.DotNetConsole, parsed.Format);
        Assert.False(parsed.MessageOnNextLine);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("info: Shop.Orders.OrderProcessor[0]", LogLevel.Info, "", true)]
    [InlineData("fail: Microsoft.AspNetCore.Server.Kestrel[13] Connection id \"0HN\" failed", LogLevel.Error, "Connection id \"0HN\" failed", false)]
    [InlineData("crit: Shop.Orders.OrderProcessor[-1]", LogLevel.Critical, "", true)]
    [InlineData("warn: Microsoft.Hosting.Lifetime[14] Now listening on: http://localhost:5000", LogLevel.Warning, "Now listening on: http://localhost:5000", false)]
    public void DotNet_console_headers_keep_their_category_and_event_id_shape(string line, LogLevel level, string message, bool nextLine)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.DotNetConsole, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.Equal(nextLine, parsed.MessageOnNextLine);
    }

    [Theory]
    [InlineData("16:55:23 info: Shop.Orders.OrderProcessor[0] Request /api/items/0 finished in 12 ms", "16:55:23", LogLevel.Info, "Request /api/items/0 finished in 12 ms")]
    [InlineData("16:56:32 fail: Shop.Orders.OrderProcessor[0]", "16:56:32", LogLevel.Error, "")]
    [InlineData("[16:55:24] crit: Shop.Orders.OrderProcessor[0] Database unreachable, stopping host", "16:55:24", LogLevel.Critical, "Database unreachable, stopping host")]
    [InlineData("[16:55:24.123] warn: Shop.Orders.OrderProcessor[0] Retry 1", "16:55:24.123", LogLevel.Warning, "Retry 1")]
    [InlineData("16:55:24,5  dbug: Shop.Orders.OrderProcessor[7] Cache refreshed", "16:55:24.5", LogLevel.Debug, "Cache refreshed")]
    [InlineData("16:55:24.1234567 trce: Shop.Orders.OrderProcessor[0] Entering handler", "16:55:24.1234567", LogLevel.Trace, "Entering handler")]
    public void A_time_of_day_before_a_DotNet_console_header_is_its_stamp(string line, string time, LogLevel level, string message)
    {
        // Microsoft.Extensions.Logging's console with TimestampFormat = "HH:mm:ss " (Microsoft's docs example), single-line or not.
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.DotNetConsole, parsed.Format);
        Assert.True(parsed.HasTimestamp);
        Assert.True(parsed.Timestamp.DateMissing);
        Assert.Equal(TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture), parsed.Timestamp.Value.TimeOfDay);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.Equal(message.Length == 0, parsed.MessageOnNextLine);
    }

    [Theory]
    [InlineData("12:30:45 elapsed before timeout")]
    [InlineData("12:30:45 info: server started")]
    [InlineData("24:00:00 fail: Shop.Orders.OrderProcessor[0] x")]
    [InlineData("16:55:60 fail: Shop.Orders.OrderProcessor[0] x")]
    [InlineData("[16:55:24 fail: Shop.Orders.OrderProcessor[0] x")]
    [InlineData("16:55:24] fail: Shop.Orders.OrderProcessor[0] x")]
    [InlineData("16:55:24. fail: Shop.Orders.OrderProcessor[0] x")]
    [InlineData("16:55:24fail: Shop.Orders.OrderProcessor[0] x")]
    [InlineData("16:55 fail: Shop.Orders.OrderProcessor[0] x")]
    public void A_time_of_day_before_other_text_is_no_stamp(string line)
    {
        new LineParser(null, null, null).TryParse(line, false, out LogLine parsed);
        Assert.False(parsed.HasTimestamp);
        Assert.NotEqual(LogFormat.DotNetConsole, parsed.Format);
    }

    [Theory]
    [InlineData("<6>Shop.Orders.OrderProcessor[0] Request /api/items/0 finished in 12 ms", LogLevel.Info, "Request /api/items/0 finished in 12 ms")]
    [InlineData("<3>Shop.Orders.OrderProcessor[0] Order 7001 rejected by payment provider", LogLevel.Error, "Order 7001 rejected by payment provider")]
    [InlineData("<2>Shop.Orders.OrderProcessor[0] Database unreachable, stopping host", LogLevel.Critical, "Database unreachable, stopping host")]
    [InlineData("<0>kernel panic", LogLevel.Fatal, "kernel panic")]
    [InlineData("<1>x", LogLevel.Critical, "x")]
    [InlineData("<4>Retry 1 for downstream billing", LogLevel.Warning, "Retry 1 for downstream billing")]
    [InlineData("<5>notice this", LogLevel.Notice, "notice this")]
    [InlineData("<7>Shop.Orders.OrderProcessor[0] Entering handler", LogLevel.Debug, "Entering handler")]
    [InlineData("<6>[   12.345678] usb 1-1: new high-speed USB device number 2 using xhci_hcd", LogLevel.Info, "[   12.345678] usb 1-1: new high-speed USB device number 2 using xhci_hcd")]
    [InlineData("<3>[ 1234.5] EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0", LogLevel.Error, "[ 1234.5] EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0")]
    public void A_syslog_severity_without_facility_or_header_is_the_level(string line, LogLevel level, string message)
    {
        // systemd's stdout protocol (sd-daemon(3)), .NET's systemd console formatter, the kernel's dmesg -r.
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.Syslog, parsed.Format);
        Assert.False(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public void A_stamp_after_a_syslog_severity_is_the_entry_time_and_PRI_lines_with_a_facility_are_unchanged()
    {
        Assert.True(new LineParser(null, null, null).TryParse("<3>2026-11-28 16:55:23 Shop.Orders.OrderProcessor[0] Order 7001 rejected", true, out LogLine stamped));
        Assert.True(stamped.HasTimestamp);
        Assert.Equal(new DateTime(2026, 11, 28, 16, 55, 23), stamped.Timestamp.Value);
        Assert.Equal(LogLevel.Error, stamped.Level);
        Assert.Equal("Order 7001 rejected", stamped.Message);

        // dmesg -r -T: the ctime stamp in brackets (before, each weekday's line was a template of its own, without a time).
        Assert.True(new LineParser(null, null, null).TryParse("<3>[Sun Nov 29 09:00:00 2026] usb 1-1: device descriptor read/64, error -71", true, out LogLine dmesg));
        Assert.True(dmesg.HasTimestamp);
        Assert.Equal(new DateTime(2026, 11, 29, 9, 0, 0), dmesg.Timestamp.Value);
        Assert.Equal(LogLevel.Error, dmesg.Level);
        Assert.Equal("usb 1-1: device descriptor read/64, error -71", dmesg.Message);

        // RFC 3164 and RFC 5424 keep their header; a PRI with a facility and no header is no severity.
        Assert.True(new LineParser(null, null, null).TryParse("<6>Nov 28 10:00:00 host kernel: usb 1-1: new device", true, out LogLine rfc3164));
        Assert.True(rfc3164.HasTimestamp);
        Assert.True(rfc3164.Timestamp.YearMissing);
        Assert.Equal("usb 1-1: new device", rfc3164.Message);
        Assert.True(new LineParser(null, null, null).TryParse("<3>1 2026-11-28T10:00:00Z host app 12 - - disk failed", true, out LogLine rfc5424));
        Assert.Equal(LogLevel.Error, rfc5424.Level);
        Assert.Equal("disk failed", rfc5424.Message);
        new LineParser(null, null, null).TryParse("<13>user message without a header", false, out LogLine facility);
        Assert.Equal(LogLevel.Unknown, facility.Level);
        new LineParser(null, null, null).TryParse("<8>not a severity", false, out LogLine eight);
        Assert.Equal(LogLevel.Unknown, eight.Level);
        new LineParser(null, null, null).TryParse("<b>bold</b> text", false, out LogLine html);
        Assert.Equal(LogLevel.Unknown, html.Level);
        new LineParser(null, null, null).TryParse("<6>", false, out LogLine empty);
        Assert.Equal(LogLevel.Unknown, empty.Level);
    }

    [Theory]
    [InlineData("Server web/web1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.", LogLevel.Error)]
    [InlineData("Backup Server web/bk1 is DOWN, reason: Layer7 timeout, check duration: 2001ms. 1 active and 0 backup servers left.", LogLevel.Error)]
    [InlineData("backend web has no server available!", LogLevel.Critical)]
    [InlineData("Server web/web1 is UP, reason: Layer4 check passed, check duration: 0ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.", LogLevel.Notice)]
    [InlineData("Backup Server web/bk1 is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 1 active and 1 backup servers online. 0 sessions requeued, 0 total in queue.", LogLevel.Notice)]
    [InlineData("Server web/web2 is DOWN via web/web1. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.", LogLevel.Error)]
    [InlineData("Proxy fe started.", LogLevel.Notice)]
    public void HAProxy_events_on_their_own_lines_are_entries_with_their_level(string line, LogLevel level)
    {
        // log stdout format raw: no stamp, no PRI; the traffic lines around them have the accept date, so they would continue an entry.
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.False(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(line, parsed.Message);
    }

    [Theory]
    [InlineData("Server web/web1 is DOWNLOADING the update")]
    [InlineData("Server web1 is DOWN")]
    [InlineData("Server web/web1 is UPDATING")]
    [InlineData("Server started on port 8080")]
    [InlineData("backend web has no server available")]
    [InlineData("Proxy settings were started.")]
    [InlineData("Proxy fe started. Listening")]
    [InlineData("proxy fe started.")]
    [InlineData("Server build/compile is DOWN for maintenance")]
    [InlineData("Server localhost/127.0.0.1:8080 is UP and running")]
    [InlineData("Server web/web1 is DOWN, back soon")]
    [InlineData("Backup Server web/bk1 is UP")]
    public void Lines_that_only_resemble_HAProxy_events_continue_the_entry_above(string line)
    {
        Assert.False(new LineParser(null, null, null).TryParse(line, true, out _));
    }

    [Theory]
    [InlineData("ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Payment gateway returned status 502 for order 2000", "2026-11-28T16:51:55.478", LogLevel.Error, "py_logs 32747 140486314433408 Payment gateway returned status 502 for order 2000")]
    [InlineData("CRITICAL 2026-11-28 16:51:55,479 py_logs 32747 140486314433408 Worker 3 died, shutting down", "2026-11-28T16:51:55.479", LogLevel.Critical, "py_logs 32747 140486314433408 Worker 3 died, shutting down")]
    [InlineData("ERROR 2026-11-28 16:54:23,909 [main] com.example.billing.InvoiceService: Invoice batch 40 aborted", "2026-11-28T16:54:23.909", LogLevel.Error, "Invoice batch 40 aborted")]
    [InlineData("INFO  2026-11-28 16:54:23,904 [main] com.example.billing.InvoiceService: Invoice INV-100 created", "2026-11-28T16:54:23.904", LogLevel.Info, "Invoice INV-100 created")]
    [InlineData("[WARN] 2026-11-28T16:52:01Z disk at 91%", "2026-11-28T16:52:01", LogLevel.Warning, "disk at 91%")]
    [InlineData("FINE 2026-11-28 16:52:42.350 [com.example.orders.OrderService] fine detail", "2026-11-28T16:52:42.35", LogLevel.Debug, "fine detail")]
    [InlineData("ERROR 2026-11-28 16:51:55", "2026-11-28T16:51:55", LogLevel.Error, "")]
    public void A_level_word_before_a_stamp_gives_the_entry_its_level_and_time(string line, string stamp, LogLevel level, string message)
    {
        // Django's documented "verbose" formatter ({levelname} {asctime} ...) and log4j's %-5p %d{...} ...
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.Equal(LogFormat.TimestampedText, parsed.Format);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), parsed.Timestamp.Value);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("ERROR 500 from upstream", LogLevel.Error)]
    [InlineData("WARN 3 retries left", LogLevel.Warning)]
    [InlineData("INFO 1795082401.123 epoch seconds", LogLevel.Info)]
    [InlineData("ERROR 2026-11-28 is the day", LogLevel.Error)]
    [InlineData("ERROR 2026-11-28 16:51:55x glued", LogLevel.Error)]
    [InlineData("ERROR 16:51:55.123 a time of day alone", LogLevel.Error)]
    [InlineData("Error 2026-11-28 16:51:55 not upper case", LogLevel.Unknown)]
    [InlineData("NOTE 2026-11-28 16:51:55 not a level here", LogLevel.Unknown)]
    [InlineData("ERRORS 2026-11-28 16:51:55 counted", LogLevel.Unknown)]
    public void A_level_word_before_other_text_gives_no_stamp(string line, LogLevel level)
    {
        new LineParser(null, null, null).TryParse(line, false, out LogLine parsed);
        Assert.False(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
    }

    [Theory]
    [InlineData("2026-11-28 16:52:42.350 FINE    [com.example.orders.OrderService] fine detail", LogLevel.Debug, "fine detail")]
    [InlineData("2026-11-28 16:52:42.375 CONFIG  [com.example.orders.OrderService] config line", LogLevel.Info, "config line")]
    [InlineData("2026-11-28 16:52:42.375 FINER   [com.example.orders.OrderService] finer", LogLevel.Trace, "finer")]
    [InlineData("2026-11-28 16:52:42.375 FINEST  [com.example.orders.OrderService] finest", LogLevel.Trace, "finest")]
    [InlineData("2026-11-28 16:52:42.362 SEVERE  [com.example.orders.OrderService] Order 501 failed", LogLevel.Error, "Order 501 failed")]
    [InlineData("[2026-11-28 16:52:42] FINE com.example.App fine", LogLevel.Debug, "com.example.App fine")]
    [InlineData("2026-11-28 16:52:42 x FINE not right after the stamp", LogLevel.Unknown, "x FINE not right after the stamp")]
    [InlineData("2026-11-28 16:52:42 fine weather", LogLevel.Unknown, "fine weather")]
    public void JUL_levels_right_after_any_stamp_are_levels(string line, LogLevel level, string message)
    {
        // java.util.logging's one-line SimpleFormatter formats (-Djava.util.logging.SimpleFormatter.format=...), as Tomcat's.
        Assert.True(new LineParser(null, null, null).TryParse(line, true, out LogLine parsed));
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }
}
