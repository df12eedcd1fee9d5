using System;
using System.Globalization;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>Public log formats tried one line each (helper-92's list): GELF, Heroku, JSON access logs, Airflow, Cassandra.</summary>
public sealed partial class LineParserShapesTests
{
    private static LogLine ParseOne(string line)
    {
        Assert.True(new LineParser(null, null, null).TryParse(line, false, out LogLine parsed), line);
        return parsed;
    }

    private static DateTime At(string stamp) => DateTime.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.None);

    [Theory]
    [InlineData("{\"version\":\"1.1\",\"host\":\"web01\",\"short_message\":\"Disk full\",\"full_message\":\"Disk full\\nat /dev/sda1\",\"timestamp\":1795773606.1,\"level\":3,\"_app\":\"api\"}", LogLevel.Error, "Disk full")]
    [InlineData("{\"version\":\"1.1\",\"host\":\"web01\",\"short_message\":\"Disk full\",\"timestamp\":1795773606.1,\"level\":3}", LogLevel.Error, "Disk full")]
    [InlineData("{\"level\":0,\"short_message\":\"kernel panic\",\"version\":\"1.1\",\"timestamp\":1795773606.1}", LogLevel.Fatal, "kernel panic")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"timestamp\":1795773606.1,\"level\":2}", LogLevel.Critical, "x")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"timestamp\":1795773606.1,\"level\":4}", LogLevel.Warning, "x")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"timestamp\":1795773606.1,\"level\":5}", LogLevel.Notice, "x")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"timestamp\":1795773606.1,\"level\":6}", LogLevel.Info, "x")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"timestamp\":1795773606.1,\"level\":7}", LogLevel.Debug, "x")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"Disk \\\"sda\\\" full\",\"timestamp\":1795773606.1,\"level\":3,\"_ctx\":{\"a\":1}}", LogLevel.Error, "Disk \"sda\" full")]
    [InlineData("{ \"version\" : \"1.1\" , \"short_message\" : \"spaced\" , \"timestamp\" : 1795773606.1 , \"level\" : 1 }", LogLevel.Critical, "spaced")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"timestamp\":1795773606.1,\"level\":3.0}", LogLevel.Error, "x")]
    public void A_GELF_record_has_a_syslog_severity_as_its_level_and_short_message_as_its_message(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.JsonLines, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At("2026-11-27T10:00:06.1"), parsed.Timestamp.Value);
    }

    [Theory]
    // pino and bunyan keep their numbers (10 trace .. 60 fatal), with or without their own "v" or a "version" field.
    [InlineData("{\"level\":50,\"time\":1795773604123,\"pid\":123,\"hostname\":\"web01\",\"msg\":\"request failed\"}", LogLevel.Error, "request failed")]
    [InlineData("{\"name\":\"app\",\"hostname\":\"web01\",\"pid\":123,\"level\":30,\"msg\":\"started\",\"time\":\"2026-11-27T10:00:05.123Z\",\"v\":0}", LogLevel.Info, "started")]
    [InlineData("{\"level\":50,\"version\":\"2.1.0\",\"msg\":\"request failed\"}", LogLevel.Error, "request failed")]
    // A version without short_message, or short_message without a version, is not GELF: the number is bunyan's (3 is no level there).
    [InlineData("{\"version\":\"1.1\",\"level\":3,\"msg\":\"not gelf\"}", LogLevel.Unknown, "not gelf")]
    // Outside a GELF record short_message is an ordinary field: without a message field the message is the record.
    [InlineData("{\"short_message\":\"no version\",\"level\":3}", LogLevel.Unknown, "{\"short_message\":\"no version\",\"level\":3}")]
    [InlineData("{\"short_message\":\"no version\",\"level\":40}", LogLevel.Warning, "{\"short_message\":\"no version\",\"level\":40}")]
    [InlineData("{\"level\":30,\"time\":1795780800000,\"short_message\":\"hi\",\"msg\":\"pino without version\"}", LogLevel.Info, "pino without version")]
    // A GELF record with a level word (not GELF's own) keeps the word; a message field (before or after short_message) is the message.
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"level\":\"warning\"}", LogLevel.Warning, "x")]
    [InlineData("{\"msg\":\"first\",\"version\":\"1.1\",\"short_message\":\"second\",\"level\":3}", LogLevel.Unknown, "first")]
    [InlineData("{\"level\":30,\"time\":1795780800000,\"version\":\"1.1\",\"short_message\":\"hi\",\"msg\":\"pino with version\"}", LogLevel.Info, "pino with version")]
    // Only an integer from 0 to 7 is a syslog severity: bunyan and pino records that carry version and short_message (helper-93's
    // R2), and GELF's own odd numbers, keep the bunyan reading (9 and 3.7 are no level there, 42 Warning, 1e20 Fatal).
    [InlineData("{\"name\":\"svc\",\"hostname\":\"h\",\"pid\":1,\"level\":50,\"msg\":\"payment failed\",\"version\":\"2.4.0\",\"short_message\":\"payment failed\",\"time\":\"2026-11-27T10:00:00Z\",\"v\":0}", LogLevel.Error, "payment failed")]
    [InlineData("{\"level\":60,\"time\":1795780800000,\"msg\":\"fatal crash\",\"version\":\"1.0\",\"short_message\":\"crash\"}", LogLevel.Fatal, "fatal crash")]
    [InlineData("{\"level\":40,\"time\":1795780801000,\"msg\":\"warn\",\"version\":\"1.0\",\"short_message\":\"w\"}", LogLevel.Warning, "warn")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"odd\",\"level\":42}", LogLevel.Warning, "odd")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"huge\",\"level\":1e20}", LogLevel.Fatal, "huge")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"fraction\",\"level\":3.7}", LogLevel.Unknown, "fraction")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"out of range\",\"level\":9}", LogLevel.Unknown, "out of range")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"negative\",\"level\":-1}", LogLevel.Unknown, "negative")]
    // A record with its own msg or message field is no GELF record for its level either (GELF has no such field; helper-96's F4),
    // and -0 is no syslog severity.
    [InlineData("{\"level\":3,\"message\":\"pino custom level 3 with message\",\"version\":\"2\",\"short_message\":\"s\"}", LogLevel.Unknown, "pino custom level 3 with message")]
    [InlineData("{\"level\":1,\"msg\":\"winston-like numeric 1\",\"version\":\"1.0.0\",\"short_message\":\"w\"}", LogLevel.Unknown, "winston-like numeric 1")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"gelf4\",\"level\":3,\"message\":\"\"}", LogLevel.Unknown, "")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"negative zero\",\"level\":-0}", LogLevel.Unknown, "negative zero")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"negative zero\",\"level\":-0.0}", LogLevel.Unknown, "negative zero")]
    public void Numeric_levels_outside_GELF_records_keep_their_bunyan_meaning(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.JsonLines, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    private const string DockerGelfFields = ",\"_container_id\":\"ab12\",\"_container_name\":\"web\",\"_image_name\":\"app:1\",\"_command\":\"python app.py\",\"_tag\":\"ab12\",\"_created\":\"2026-11-27T09:00:00Z\"}";

    [Theory]
    // Docker's gelf log driver writes level 3 for every stderr line (6 for stdout): no severity. The container's line inside
    // short_message is read as a line of its own, as in a json-file record, and the record's time is the line's when it has none.
    [InlineData("{\"version\":\"1.1\",\"host\":\"node1\",\"short_message\":\"2026-11-27 10:00:00,123 INFO:root:Starting worker\",\"timestamp\":1795773600.123,\"level\":3" + DockerGelfFields, LogLevel.Info, "Starting worker", "2026-11-27T10:00:00.123")]
    [InlineData("{\"version\":\"1.1\",\"host\":\"node1\",\"short_message\":\"[2026-11-27 10:00:03 +0000] [7] [INFO] Booting worker with pid: 7\",\"timestamp\":1795773609.5,\"level\":3" + DockerGelfFields, LogLevel.Info, "Booting worker with pid: 7", "2026-11-27T10:00:03")]
    [InlineData("{\"version\":\"1.1\",\"host\":\"node1\",\"short_message\":\"{\\\"level\\\":\\\"info\\\",\\\"msg\\\":\\\"listening\\\",\\\"port\\\":8080}\",\"timestamp\":1795773604.123,\"level\":3" + DockerGelfFields, LogLevel.Info, "listening", "2026-11-27T10:00:04.123")]
    [InlineData("{\"version\":\"1.1\",\"host\":\"node1\",\"short_message\":\"ERROR:root:Payment failed\",\"timestamp\":1795773605.25,\"level\":6" + DockerGelfFields, LogLevel.Error, "Payment failed", "2026-11-27T10:00:05.25")]
    [InlineData("{\"version\":\"1.1\",\"host\":\"node1\",\"short_message\":\"plain text without a level\\n\",\"timestamp\":1795773606,\"level\":3" + DockerGelfFields, LogLevel.Unknown, "plain text without a level", "2026-11-27T10:00:06")]
    // _container_name alone (or _container_id alone), in any order, also with a string level.
    [InlineData("{\"_container_name\":\"web\",\"level\":3,\"timestamp\":1795773607,\"short_message\":\"WARN slow disk\",\"version\":\"1.1\"}", LogLevel.Warning, "slow disk", "2026-11-27T10:00:07")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"started\",\"timestamp\":1795773608,\"level\":\"error\",\"_container_id\":\"ab12\"}", LogLevel.Unknown, "started", "2026-11-27T10:00:08")]
    public void A_GELF_record_of_Dockers_gelf_driver_is_read_around_its_line_and_its_level_is_ignored(string line, LogLevel level, string message, string time)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At(time), parsed.Timestamp.Value);
    }

    [Theory]
    // Near misses: a GELF record with its own message field, or without version, or without Docker's container fields, is
    // read as before (a Graylog library's record keeps its syslog severity).
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"INFO fine\",\"timestamp\":1795773600,\"level\":3,\"_container\":\"ab12\"}", LogLevel.Error, "INFO fine")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"INFO fine\",\"timestamp\":1795773600,\"level\":3,\"_container_ids\":\"ab12\"}", LogLevel.Error, "INFO fine")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"INFO fine\",\"timestamp\":1795773600,\"level\":3,\"_app\":{\"_container_id\":\"ab12\"}}", LogLevel.Error, "INFO fine")]
    [InlineData("{\"short_message\":\"INFO fine\",\"level\":40,\"_container_id\":\"ab12\"}", LogLevel.Warning, "{\"short_message\":\"INFO fine\",\"level\":40,\"_container_id\":\"ab12\"}")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"INFO fine\",\"msg\":\"own message\",\"level\":50,\"_container_id\":\"ab12\"}", LogLevel.Error, "own message")]
    [InlineData("{\"version\":\"1.1\",\"short_message\":null,\"level\":3,\"_container_id\":\"ab12\"}", LogLevel.Error, "{\"version\":\"1.1\",\"short_message\":null,\"level\":3,\"_container_id\":\"ab12\"}")]
    public void A_GELF_record_without_Dockers_container_fields_keeps_the_GELF_rule(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.JsonLines, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public void A_Python_traceback_over_Dockers_GELF_records_hands_its_lines_to_the_entry_above()
    {
        var parser = new LineParser(null, null, null);
        Assert.True(parser.TryParse("{\"version\":\"1.1\",\"short_message\":\"2026-11-27 10:00:00,123 INFO:root:Starting worker\",\"timestamp\":1795773600.123,\"level\":3" + DockerGelfFields, false, out LogLine first));
        Assert.Equal(LogLevel.Info, first.Level);
        Assert.False(parser.TryParse("{\"version\":\"1.1\",\"short_message\":\"Traceback (most recent call last):\",\"timestamp\":1795773601.5,\"level\":3" + DockerGelfFields, true, out _));
        Assert.Equal("Traceback (most recent call last):", parser.LastContinuationText);
        Assert.False(parser.TryParse("{\"version\":\"1.1\",\"short_message\":\"  File \\\"/app/main.py\\\", line 3, in <module>\",\"timestamp\":1795773601.5,\"level\":3" + DockerGelfFields, true, out _));
        Assert.Equal("  File \"/app/main.py\", line 3, in <module>", parser.LastContinuationText);
        Assert.False(parser.TryParse("{\"version\":\"1.1\",\"short_message\":\"KeyError: 'a'\",\"timestamp\":1795773601.5,\"level\":3" + DockerGelfFields, true, out _));
        Assert.Equal("KeyError: 'a'", parser.LastContinuationText);
    }

    [Theory]
    // Docker's json-file record with a short_message key (not GELF's: no version) is still a record around its line ...
    [InlineData("{\"log\":\"ERROR boom\\n\",\"short_message\":\"s\",\"stream\":\"stderr\"}", false, LogLevel.Error, "boom")]
    // ... and a GELF record with a "log" key is GELF's (a record of no level here, its message short_message).
    [InlineData("{\"log\":\"ERROR boom\\n\",\"version\":\"1.1\",\"short_message\":\"s\"}", true, LogLevel.Unknown, "s")]
    [InlineData("{\"log\":\"ERROR boom\\n\",\"version\":\"1.1\",\"short_message\":\"s\",\"level\":4}", true, LogLevel.Warning, "s")]
    public void A_log_record_is_read_around_its_line_unless_it_is_GELF_shaped(string line, bool jsonLines, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(jsonLines, parsed.Format == LogFormat.JsonLines);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("2026-11-27T10:00:07.123456+00:00 heroku[router]: at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" host=app.herokuapp.com status=503", LogLevel.Error, "at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" host=app.herokuapp.com status=503")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[web.1]: at=info method=GET path=\"/\" host=app.herokuapp.com fwd=\"10.0.0.5\" dyno=web.1 connect=1ms service=18ms status=200 bytes=13", LogLevel.Info, "at=info method=GET path=\"/\" host=app.herokuapp.com fwd=\"10.0.0.5\" dyno=web.1 connect=1ms service=18ms status=200 bytes=13")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 heroku[router]: at=warning code=H27 desc=\"Client Request Interrupted\"", LogLevel.Warning, "at=warning code=H27 desc=\"Client Request Interrupted\"")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 heroku[router]: AT=ERROR code=H10", LogLevel.Error, "AT=ERROR code=H10")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[worker.2]: at=main.go:42 level=warn msg=\"slow disk\"", LogLevel.Warning, "slow disk")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[worker.2]: at=error level=info msg=\"the level key wins\"", LogLevel.Info, "the level key wins")]
    public void Heroku_logs_take_their_level_from_at_after_the_source_and_dyno(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.Logfmt, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At("2026-11-27T10:00:07.123456"), parsed.Timestamp.Value);
    }

    [Theory]
    [InlineData("at=error code=H10 desc=\"App crashed\" method=GET path=\"/\"", LogLevel.Error, "at=error code=H10 desc=\"App crashed\" method=GET path=\"/\"")]
    [InlineData("at=info method=GET path=\"/\" status=200", LogLevel.Info, "at=info method=GET path=\"/\" status=200")]
    [InlineData("at=\"warn\" code=H27", LogLevel.Warning, "at=\"warn\" code=H27")]
    // "at" as a place, a single letter, or beside a level key changes nothing.
    [InlineData("at=main.go:42 msg=\"no level\"", LogLevel.Unknown, "no level")]
    [InlineData("at=e msg=\"a letter is no level here\"", LogLevel.Unknown, "a letter is no level here")]
    [InlineData("at=error lvl=debug msg=x", LogLevel.Debug, "x")]
    [InlineData("at=error severity=bogus msg=x", LogLevel.Unknown, "x")]
    [InlineData("at=info at=error msg=x", LogLevel.Info, "x")]
    public void A_logfmt_at_key_is_a_level_only_when_it_holds_a_level_word_and_no_level_key_is_there(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.Logfmt, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    // Heroku's lines that are not logfmt keep the text rules (the source and dyno stay in the message): read as a container's
    // line (this stop's first try), an unstamped dyno line joined the router's or a stamped line's entry above (helper-104).
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[web.1]: Started GET \"/\" for 10.0.0.5", LogLevel.Unknown, "app[web.1]: Started GET \"/\" for 10.0.0.5")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[worker.2]: at=main.go:42 msg=x", LogLevel.Unknown, "app[worker.2]: at=main.go:42 msg=x")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 heroku[web.1]: State changed from up to crashed", LogLevel.Unknown, "heroku[web.1]: State changed from up to crashed")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[web.1]: [error] payment failed for order 17", LogLevel.Error, "payment failed for order 17")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[web 1]: at=error x=1", LogLevel.Unknown, "app[web 1]: at=error x=1")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 myapp[web.1]: ERROR:root:x", LogLevel.Unknown, "myapp[web.1]: ERROR:root:x")]
    [InlineData("2026-11-27T10:00:07.123456+00:00 app[web.1]:ERROR:root:x", LogLevel.Unknown, "app[web.1]:ERROR:root:x")]
    [InlineData("2026-11-27 10:00:07.123456 app[web.1]: ERROR:root:x", LogLevel.Unknown, "app[web.1]: ERROR:root:x")]
    [InlineData("2026-11-27T10:00:07.123456 app[web.1]: ERROR:root:x", LogLevel.Unknown, "app[web.1]: ERROR:root:x")]
    public void Lines_like_Herokus_that_are_not_keep_the_text_rules(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.TimestampedText, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.Equal(At("2026-11-27T10:00:07.123456"), parsed.Timestamp.Value);
    }

    [Theory]
    // Heroku's drains (RFC 5424 from Logplex, with or without RFC 6587's octet count): the PRI is fixed (<40>, an emergency, for
    // the platform's own lines), so the level is the message's, as in `heroku logs`; its runtime errors ("Error R14 (...)") are errors.
    [InlineData("83 <40>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up", "2012-11-30T06:45:29", LogLevel.Unknown, "State changed from starting to up")]
    [InlineData("<40>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up", "2012-11-30T06:45:29", LogLevel.Unknown, "State changed from starting to up")]
    [InlineData("120 <40>1 2012-11-30T06:45:29+00:00 heroku web.3 d.73ea7440-270a-435a-a0ea-adf50b4e5f5a - State changed from starting to up", "2012-11-30T06:45:29", LogLevel.Unknown, "State changed from starting to up")]
    [InlineData("<45>1 2026-11-27T10:00:01.123456+00:00 host heroku web.1 - Error R14 (Memory quota exceeded)", "2026-11-27T10:00:01.123456", LogLevel.Error, "Error R14 (Memory quota exceeded)")]
    [InlineData("<158>1 2026-11-27T10:00:02.123456+00:00 host heroku router - at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" status=503", "2026-11-27T10:00:02.123456", LogLevel.Error, "at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" status=503")]
    [InlineData("<190>1 2026-11-27T10:00:03.123456+00:00 d.9173ea1f-6f14-4976-9cf0-7cd0dafdcdbc app web.1 - ERROR: payment failed", "2026-11-27T10:00:03.123456", LogLevel.Error, "payment failed")]
    [InlineData("<190>1 2026-11-27T10:00:03.123456+00:00 host app web.1 - Started GET \"/\"", "2026-11-27T10:00:03.123456", LogLevel.Unknown, "Started GET \"/\"")]
    [InlineData("2026-11-27T10:00:01.123456+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)", "2026-11-27T10:00:01.123456", LogLevel.Error, "Error R14 (Memory quota exceeded)")]
    [InlineData("2026-11-27T10:00:04.123456+00:00 heroku[web.1]: Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch", "2026-11-27T10:00:04.123456", LogLevel.Error, "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch")]
    [InlineData("2026-11-27T10:00:05.123456+00:00 myhost heroku/worker.1: Error L10 (output buffer overflow): 100 messages dropped", "2026-11-27T10:00:05.123456", LogLevel.Error, "Error L10 (output buffer overflow): 100 messages dropped")]
    // Near misses: another host or app keeps the PRI; a wrong octet count is no frame; an app's own "Error R14" text, or one
    // without the parenthesis, keeps the text rules.
    [InlineData("<40>1 2012-11-30T06:45:29+00:00 web01 app web.3 - State changed from starting to up", "2012-11-30T06:45:29", LogLevel.Fatal, "State changed from starting to up")]
    [InlineData("<40>1 2012-11-30T06:45:29+00:00 host nginx 1234 - State changed", "2012-11-30T06:45:29", LogLevel.Fatal, "State changed")]
    // Logplex writes no structured data: a nil one after the message id is another sender's, whose PRI counts (helper-109).
    [InlineData("<11>1 2012-11-30T06:45:29+00:00 host app web.1 - - connection refused", "2012-11-30T06:45:29", LogLevel.Error, "connection refused")]
    [InlineData("<40>1 2012-11-30T06:45:29+00:00 host app web.3 d.73ea - x", "2012-11-30T06:45:29", LogLevel.Fatal, "x")]
    [InlineData("2026-11-27T10:00:06.123456+00:00 app[web.1]: Error R14 (is what heroku calls it)", "2026-11-27T10:00:06.123456", LogLevel.Unknown, "app[web.1]: Error R14 (is what heroku calls it)")]
    [InlineData("2026-11-27T10:00:06.123456+00:00 heroku[web.1]: Error R14 memory", "2026-11-27T10:00:06.123456", LogLevel.Unknown, "heroku[web.1]: Error R14 memory")]
    [InlineData("2026-11-27T10:00:06.123456+00:00 heroku[web.1]: Error X14 (y)", "2026-11-27T10:00:06.123456", LogLevel.Unknown, "heroku[web.1]: Error X14 (y)")]
    public void Herokus_drains_and_runtime_errors_take_the_messages_level(string line, string stamp, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At(stamp), parsed.Timestamp.Value);
    }

    [Theory]
    // macOS's `log show` (default style): Thread, Type, Activity, PID and TTL after the stamp; the Type is the level.
    [InlineData("2023-10-14 17:53:54.688700+0800 0x1e2cd    Error       0x0                  4004   14   ImagePreview: [com.simon:launch] An error occurred!", LogLevel.Error, "ImagePreview: [com.simon:launch] An error occurred!")]
    [InlineData("2023-10-14 17:53:54.688700+0800 0x1e2cd    Default     0x2b4c1              0      0    kernel: (Sandbox) deny(1) file-read-data /x", LogLevel.Notice, "kernel: (Sandbox) deny(1) file-read-data /x")]
    [InlineData("2023-10-14 17:53:54.688700+0800 0x7e       Fault       0x0                  123    0    WindowServer: display fault", LogLevel.Critical, "WindowServer: display fault")]
    [InlineData("2023-10-14 17:53:54.688700+0800 0x7e       Info        0x0                  123    0    a: b", LogLevel.Info, "a: b")]
    [InlineData("2023-10-14 17:53:54.688700+0800 0x7e       Debug       0x0                  123    0    a: b", LogLevel.Debug, "a: b")]
    // Near misses: another type word, a missing column, no zone, text after the thread.
    [InlineData("2023-10-14 17:53:54.688700+0800 0x7e       Activity    0x0                  123    0    a: b", LogLevel.Unknown, "0x7e       Activity    0x0                  123    0    a: b")]
    [InlineData("2023-10-14 17:53:54.688700+0800 0x7e       Error       0x0                  123    a: b", LogLevel.Unknown, "0x7e       Error       0x0                  123    a: b")]
    [InlineData("2023-10-14 17:53:54.688700+0800 0x7e ERROR disk full", LogLevel.Error, "disk full")]
    public void Macs_log_show_takes_its_level_from_the_type_column(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At("2023-10-14T17:53:54.6887"), parsed.Timestamp.Value);
    }

    [Theory]
    [InlineData("5 <40>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up")]
    [InlineData("830 <40>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up")]
    [InlineData("83 <4x>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up")]
    public void An_octet_count_that_does_not_match_its_line_is_no_frame(string line)
    {
        LogLine parsed = ParseOne(line);
        Assert.NotEqual(LogFormat.Syslog, parsed.Format);
        Assert.Equal(LogLevel.Unknown, parsed.Level);
    }

    [Theory]
    [InlineData("{\"time_local\":\"27/Nov/2026:10:00:24 +0000\",\"remote_addr\":\"10.0.0.5\",\"request\":\"GET / HTTP/1.1\",\"status\":\"502\",\"body_bytes_sent\":\"0\"}", "2026-11-27T10:00:24", LogLevel.Error, "GET / HTTP/1.1 502")]
    [InlineData("{\"time_local\":\"27/Nov/2026:11:00:24 +0100\",\"request\":\"GET /missing HTTP/1.1\",\"status\":404}", "2026-11-27T11:00:24", LogLevel.Warning, "GET /missing HTTP/1.1 404")]
    [InlineData("{\"time_iso8601\":\"2026-11-27T10:00:24+00:00\",\"request\":\"GET / HTTP/1.1\",\"status\":\"200\"}", "2026-11-27T10:00:24", LogLevel.Info, "GET / HTTP/1.1 200")]
    [InlineData("{\"time\":\"2026-11-27T10:00:24Z\",\"request_uri\":\"/old\",\"status\":301}", "2026-11-27T10:00:24", LogLevel.Info, "/old 301")]
    [InlineData("{\"time_iso8601\":\"2026-11-27T10:00:24+00:00\",\"REQUEST_METHOD\":\"POST\",\"status\":\"429\"}", "2026-11-27T10:00:24", LogLevel.Warning, "POST 429")]
    [InlineData("{\"ClientAddr\":\"10.0.0.5:51234\",\"DownstreamStatus\":502,\"OriginStatus\":0,\"RequestMethod\":\"GET\",\"RequestPath\":\"/\",\"StartUTC\":\"2026-11-27T10:00:24.1234567Z\",\"entryPointName\":\"web\"}", "2026-11-27T10:00:24.1234567", LogLevel.Error, "GET / 502")]
    [InlineData("{\"OriginStatus\":0,\"DownstreamStatus\":404,\"RequestHost\":\"app.example\",\"RequestPath\":\"/x\",\"StartUTC\":\"2026-11-27T10:00:24Z\"}", "2026-11-27T10:00:24", LogLevel.Warning, "/x 404")]
    // Any method word (WebDAV's too), a path escaped as some encoders write it, Caddy's object with spaces; a level under a key not
    // read here beside a real request (helper-96's F3: an access record's 5xx is an error for ops).
    [InlineData("{\"time\":\"2026-11-27T10:00:24Z\",\"request\":\"PROPFIND /dav/ HTTP/1.1\",\"status\":507}", "2026-11-27T10:00:24", LogLevel.Error, "PROPFIND /dav/ HTTP/1.1 507")]
    [InlineData("{\"time\":\"2026-11-27T10:00:24Z\",\"request\":\"M-SEARCH * HTTP/1.1\",\"status\":400}", "2026-11-27T10:00:24", LogLevel.Warning, "M-SEARCH * HTTP/1.1 400")]
    [InlineData("{\"time\":\"2026-11-27T10:00:24Z\",\"request_uri\":\"\\/old\",\"status\":503}", "2026-11-27T10:00:24", LogLevel.Error, "/old 503")]
    [InlineData("{\"log_level\":\"info\",\"ts\":\"2026-11-27T10:00:10Z\",\"request_uri\":\"/q\",\"status\":503}", "2026-11-27T10:00:10", LogLevel.Error, "/q 503")]
    [InlineData("{\"OriginStatus\":503,\"StartUTC\":\"2026-11-27T10:00:24Z\",\"RequestPath\":\"/\"}", "2026-11-27T10:00:24", LogLevel.Error, "/ 503")]
    // Traefik's records as it writes them, through logrus: "level":"info","msg":"" (helper-103: every 502 was an Info with an empty message).
    [InlineData("{\"ClientAddr\":\"10.0.0.1:5555\",\"DownstreamStatus\":502,\"RequestMethod\":\"GET\",\"RequestPath\":\"/api/v1/items?id=5\",\"RequestProtocol\":\"HTTP/1.1\",\"StartUTC\":\"2026-11-27T10:00:24.5Z\",\"level\":\"info\",\"msg\":\"\",\"time\":\"2026-11-27T10:00:24Z\"}", "2026-11-27T10:00:24.5", LogLevel.Error, "GET /api/v1/items?id=5 502")]
    [InlineData("{\"DownstreamStatus\":404,\"RequestMethod\":\"GET\",\"RequestPath\":\"/nope\",\"StartUTC\":\"2026-11-27T10:00:24Z\",\"level\":\"info\",\"msg\":\"\"}", "2026-11-27T10:00:24", LogLevel.Warning, "GET /nope 404")]
    [InlineData("{\"time_local\":\"27/Nov/2026:10:00:24 +0000\",\"request\":\"GET /a\\\"b HTTP/1.1\",\"status\":\"500\",\"o\":{\"status\":200}}", "2026-11-27T10:00:24", LogLevel.Error, "GET /a\"b HTTP/1.1 500")]
    [InlineData("{ \"status\" : 499 , \"time_local\" : \"27/Nov/2026:10:00:24 +0000\" , \"request_method\" : \"POST\" }", "2026-11-27T10:00:24", LogLevel.Warning, "POST 499")]
    public void A_JSON_access_log_without_a_level_field_takes_its_level_from_the_status(string line, string stamp, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.JsonLines, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.True(parsed.LevelFromStatus);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At(stamp), parsed.Timestamp.Value);
        // The request and the status, as a text access log's message (it was the whole record: one template for all, helper-99).
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    // A level field keeps its level (Caddy's and Traefik's records carry one).
    [InlineData("{\"level\":\"info\",\"ts\":1795773624.5,\"logger\":\"http.log.access\",\"msg\":\"handled request\",\"request\":{\"method\":\"GET\"},\"status\":502}", LogLevel.Info)]
    [InlineData("{\"severity\":\"error\",\"request\":\"GET / HTTP/1.1\",\"status\":200}", LogLevel.Error)]
    [InlineData("{\"level\":\"bogus\",\"request\":\"GET / HTTP/1.1\",\"status\":502}", LogLevel.Unknown)]
    [InlineData("{\"PRIORITY\":\"6\",\"request\":\"GET / HTTP/1.1\",\"status\":\"500\"}", LogLevel.Info)]
    // An empty message beside another level than Info, or without a request, keeps the level.
    [InlineData("{\"level\":\"warn\",\"msg\":\"\",\"RequestMethod\":\"GET\",\"RequestPath\":\"/\",\"DownstreamStatus\":502}", LogLevel.Warning)]
    [InlineData("{\"level\":\"info\",\"msg\":\"\",\"job\":\"sync\",\"status\":500}", LogLevel.Info)]
    [InlineData("{\"level\":\"info\",\"msg\":\" \",\"RequestMethod\":\"GET\",\"RequestPath\":\"/\",\"DownstreamStatus\":502}", LogLevel.Info)]
    // An empty msg beside a message field with text (helper-105): the record says something, its level stands.
    [InlineData("{\"level\":\"info\",\"msg\":\"\",\"message\":\"real\",\"request\":\"GET /x HTTP/1.1\",\"status\":500}", LogLevel.Info)]
    [InlineData("{\"level\":\"info\",\"message\":\"real\",\"msg\":\"\",\"request\":\"GET /x HTTP/1.1\",\"status\":500}", LogLevel.Info)]
    // Not an HTTP status: a word, a number out of range or with a fraction, more digits, an escaped string, an object.
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":\"ok\"}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":1}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":600}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":\"099\"}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":502.0}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":-502}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":\"5023\"}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":\" 502\"}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":\"\\u0035\\u0030\\u0032\"}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":{\"code\":500}}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"statuses\":500,\"http_status\":500}", LogLevel.Unknown)]
    // Serilog's compact JSON without @l stays Information.
    [InlineData("{\"@t\":\"2026-11-27T10:00:24Z\",\"@mt\":\"Handled {Path}\",\"Path\":\"/\",\"request\":\"GET / HTTP/1.1\",\"status\":500}", LogLevel.Info)]
    // Not an access log (helper-93's R3): no request field (business events, a level under a key the reader does not know), or a
    // message field (an application's record about a request), or GELF's short_message.
    [InlineData("{\"L\":\"INFO\",\"T\":\"2026-11-27T10:00:01Z\",\"C\":\"x.go:1\",\"M\":\"zap dev keys\",\"status\":503}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:04Z\",\"log_level\":\"info\",\"msg\":\"log_level key\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:07Z\",\"sev\":\"info\",\"msg\":\"sev key\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:08Z\",\"type\":\"info\",\"msg\":\"type key\",\"status\":404}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:10Z\",\"event\":\"order.updated\",\"status\":400,\"items\":3}", LogLevel.Unknown)]
    [InlineData("{\"timestamp\":\"2026-11-27T10:00:05Z\",\"message\":\"Processed batch\",\"status\":503,\"records\":100}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:03Z\",\"msg\":\"order failed\",\"status\":500,\"order\":6}", LogLevel.Unknown)]
    [InlineData("{\"ts\":1795780800.5,\"msg\":\"job step\",\"status\":404,\"caller\":\"x.go:1\"}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:13Z\",\"msg\":\"x\",\"Status\":500}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:24Z\",\"status\":301}", LogLevel.Unknown)]
    [InlineData("{\"OriginStatus\":503,\"StartUTC\":\"2026-11-27T10:00:24Z\"}", LogLevel.Unknown)]
    [InlineData("{\"requests\":5,\"request_id\":\"r1\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1\",\"status\":502,\"msg\":\"upstream failed\"}", LogLevel.Unknown)]
    [InlineData("{\"RequestPath\":\"/\",\"DownstreamStatus\":502,\"text\":\"x\"}", LogLevel.Unknown)]
    [InlineData("{\"version\":\"1.1\",\"short_message\":\"x\",\"request\":\"GET / HTTP/1.1\",\"status\":500}", LogLevel.Unknown)]
    // A request field whose value is no request (helper-96's F3): a request id, null, empty, an empty object, a method in lower
    // case or without its space, a path without '/', a method key holding more than a method, RequestHost alone.
    [InlineData("{\"time\":\"2026-11-27T10:00:07Z\",\"request\":\"req-8f3a\",\"job\":\"sync\",\"status\":404}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:17Z\",\"request\":null,\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:18Z\",\"request\":\"\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:16Z\",\"request\":{},\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:16Z\",\"request\":{ },\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":[\"GET / HTTP/1.1\"],\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":42,\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"get / HTTP/1.1\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"OK done\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GE\\u0054 / HTTP/1.1\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request_method\":\"get\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request_method\":\"GET /\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"RequestMethod\":\"\",\"DownstreamStatus\":500}", LogLevel.Unknown)]
    [InlineData("{\"request_uri\":\"\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request_uri\":\"q\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"RequestPath\":null,\"DownstreamStatus\":500}", LogLevel.Unknown)]
    [InlineData("{\"OriginStatus\":0,\"DownstreamStatus\":404,\"RequestHost\":\"app.example\",\"StartUTC\":\"2026-11-27T10:00:24Z\"}", LogLevel.Unknown)]
    // helper-98: a request object (Caddy's access records carry a level of their own), or a request string without its
    // protocol (an upper-case word and a space is no request line): business records, not access logs.
    [InlineData("{\"time\":\"2026-11-27T10:00:24Z\",\"request\":{\"method\":\"GET\",\"uri\":\"/\"},\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"time\":\"2026-11-27T10:00:24Z\",\"request\":{\"id\":\"r-1\"},\"status\":500,\"job\":\"import\"}", LogLevel.Unknown)]
    [InlineData("{\"L\":\"INFO\",\"T\":\"2026-11-27T10:00:09Z\",\"M\":\"zap dev\",\"request\":\"GET /z\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"SYNC job-42\",\"status\":409}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"UPDATE users SET x=1\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"FAILED to parse\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/\",\"status\":500}", LogLevel.Unknown)]
    [InlineData("{\"request\":\"GET / HTTP/1.1x\",\"status\":500}", LogLevel.Unknown)]
    public void A_JSON_status_field_gives_no_level_beside_a_level_field_or_when_it_is_no_HTTP_status(string line, LogLevel level)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.JsonLines, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.False(parsed.LevelFromStatus);
    }

    [Theory]
    [InlineData("[2026-11-27, 10:00:15 UTC] {taskinstance.py:1234} ERROR - Task failed with exception", "2026-11-27T10:00:15", true, LogLevel.Error, "Task failed with exception")]
    [InlineData("[2026-11-27, 10:00:16 UTC] {local_task_job_runner.py:123} INFO - Task exited with return code 1", "2026-11-27T10:00:16", true, LogLevel.Info, "Task exited with return code 1")]
    [InlineData("[2026-11-27, 10:00:17.250 GMT] {taskinstance.py:1234} WARNING - retrying", "2026-11-27T10:00:17.25", true, LogLevel.Warning, "retrying")]
    [InlineData("[2026-11-27, 10:00:18] {taskinstance.py:1234} ERROR - no zone", "2026-11-27T10:00:18", false, LogLevel.Error, "no zone")]
    [InlineData("[2026-11-27T10:00:15.123+0000] {taskinstance.py:1234} ERROR - Task failed with exception", "2026-11-27T10:00:15.123", true, LogLevel.Error, "Task failed with exception")]
    [InlineData("2026-11-27, 10:00:19 UTC ERROR not in brackets", "2026-11-27T10:00:19", true, LogLevel.Error, "not in brackets")]
    public void Airflow_task_logs_have_their_bracketed_stamp_read(string line, string stamp, bool utc, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.TimestampedText, parsed.Format);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At(stamp), parsed.Timestamp.Value);
        Assert.Equal(utc ? TimeSpan.Zero : null, parsed.Timestamp.Offset);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("[2026-11-27, 10:00:18 GMT+2] {x.py:1} ERROR - plus two", "2026-11-27T10:00:18", "02:00", LogLevel.Error, "plus two")]
    [InlineData("[2026-11-27, 10:00:19 UTC+05:30] {x.py:1} ERROR - plus five thirty", "2026-11-27T10:00:19", "05:30", LogLevel.Error, "plus five thirty")]
    [InlineData("[2026-11-27, 10:00:19 UTC+0530] {x.py:1} ERROR - no colon", "2026-11-27T10:00:19", "05:30", LogLevel.Error, "no colon")]
    [InlineData("[2026-11-27, 10:00:19.5 UTC-03] {x.py:1} WARNING - minus three", "2026-11-27T10:00:19.5", "-03:00", LogLevel.Warning, "minus three")]
    [InlineData("2026-11-27, 10:00:19 GMT+1 ERROR not in brackets", "2026-11-27T10:00:19", "01:00", LogLevel.Error, "not in brackets")]
    // An offset alone, as the ISO form reads it (adv99: "+0100" was dropped, 10:00:28 read as UTC under -TimeZone UTC).
    [InlineData("[2026-11-27, 10:00:28 +0100] {x.py:1} ERROR - bare offset", "2026-11-27T10:00:28", "01:00", LogLevel.Error, "bare offset")]
    [InlineData("[2026-11-27, 10:00:28.5 +01:00] {x.py:1} ERROR - bare offset with a colon", "2026-11-27T10:00:28.5", "01:00", LogLevel.Error, "bare offset with a colon")]
    [InlineData("[2026-11-27, 10:00:28 -0300] {x.py:1} WARNING - minus three", "2026-11-27T10:00:28", "-03:00", LogLevel.Warning, "minus three")]
    [InlineData("2026-11-27, 10:00:28 +0530 ERROR not in brackets", "2026-11-27T10:00:28", "05:30", LogLevel.Error, "not in brackets")]
    [InlineData("[2026-11-27, 10:00:28 UTC+14:00] {x.py:1} ERROR - fourteen hours", "2026-11-27T10:00:28", "14:00", LogLevel.Error, "fourteen hours")]
    // Anything else after UTC or GMT: the word is no part of the stamp, which is local time (as before another zone name).
    [InlineData("[2026-11-27, 10:00:19 UTCX] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTCX] foo")]
    [InlineData("[2026-11-27, 10:00:19 UTC+5x] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTC+5x] foo")]
    [InlineData("[2026-11-27, 10:00:19 UTC+15] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTC+15] foo")]
    [InlineData("[2026-11-27, 10:00:19 UTC+123] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTC+123] foo")]
    [InlineData("[2026-11-27, 10:00:19 UTC+05:3] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTC+05:3] foo")]
    [InlineData("[2026-11-27, 10:00:19 UTC:x] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTC:x] foo")]
    [InlineData("[2026-11-27, 10:00:19 UTC+] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTC+] foo")]
    // No zone is more than 14 hours from UTC (adv99: UTC+14:30 was read).
    [InlineData("[2026-11-27, 10:00:19 UTC+14:30] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "UTC+14:30] foo")]
    [InlineData("[2026-11-27, 10:00:19 GMT-1401] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "GMT-1401] foo")]
    [InlineData("[2026-11-27, 10:00:19 +1430] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "+1430] foo")]
    // A bare offset needs its four digits and an end: the bracket, a space or the line's end.
    [InlineData("[2026-11-27, 10:00:19 +01] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "+01] foo")]
    [InlineData("[2026-11-27, 10:00:19 +0100x] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "+0100x] foo")]
    [InlineData("[2026-11-27, 10:00:19 +01000] foo", "2026-11-27T10:00:19", null, LogLevel.Unknown, "+01000] foo")]
    public void Airflow_stamps_keep_an_offset_after_UTC_or_GMT_and_nothing_else(string line, string stamp, string? offset, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At(stamp), parsed.Timestamp.Value);
        Assert.Equal(offset is null ? null : TimeSpan.Parse(offset.TrimStart('+'), CultureInfo.InvariantCulture), parsed.Timestamp.Offset);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    // The ISO form's offsets end at 14 hours too (+14:30 was read): beyond, the stamp has no zone.
    [InlineData("2026-11-27T10:00:07+14:30 ERROR x", null)]
    [InlineData("2026-11-27 10:00:07 +1430 ERROR x", null)]
    [InlineData("2026-11-27T10:00:07-14:01 ERROR x", null)]
    [InlineData("27/Nov/2026:10:00:07 +1430", null)]
    [InlineData("2026-11-27T10:00:07+14:00 ERROR x", "14:00")]
    [InlineData("2026-11-27T10:00:07-12:45 ERROR x", "-12:45")]
    public void An_offset_is_at_most_14_hours_from_UTC(string text, string? offset)
    {
        Assert.True(TimestampParser.TryParse(text, out RawTimestamp stamp, out _));
        Assert.Equal(offset is null ? null : TimeSpan.Parse(offset, CultureInfo.InvariantCulture), stamp.Offset);
        Assert.True(TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out RawTimestamp fromBytes, out _));
        Assert.Equal(stamp, fromBytes);
    }

    [Theory]
    [InlineData("2026-11-27, 10:00:19 UTC+05:30] x")]
    [InlineData("2026-11-27, 10:00:19.123456789 UTC+05:30x")]
    [InlineData("2026-11-27, 10:00:19.123456789 UTC+05:30] x")]
    [InlineData("2026-11-27, 10:00:19.1234567890 UTC+05:30")]
    [InlineData("2026-11-27, 10:00:19.1234567890123456789 x")]
    [InlineData("2026-11-27, 10:00:19.12345678901234 UTCX")]
    [InlineData("2026-11-27, 10:00:19.1234567890123456 UTC x")]
    public void Airflow_stamps_read_from_bytes_equal_stamps_read_from_characters_also_past_the_40th_byte(string line)
    {
        bool chars = TimestampParser.TryParse(line, out RawTimestamp fromChars, out int usedChars);
        bool bytes = TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out RawTimestamp fromBytes, out int usedBytes);
        Assert.True(chars);
        Assert.Equal((chars, fromChars, usedChars), (bytes, fromBytes, usedBytes));
    }

    [Theory]
    // A date, a comma and something else than a time of day is no stamp.
    [InlineData("2026-11-27, 10 items left")]
    [InlineData("2026-11-27, 25:00:00 x")]
    [InlineData("2026-11-27, 10:00 x")]
    [InlineData("2026-11-27,  10:00:00 x")]
    [InlineData("2026-11-32, 10:00:00 x")]
    public void A_date_and_a_comma_without_a_time_of_day_is_no_timestamp(string text)
    {
        Assert.False(TimestampParser.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData("ERROR [main] 2026-11-27 10:00:10,123 CassandraDaemon.java:123 - Exception encountered during startup", "2026-11-27T10:00:10.123", LogLevel.Error, "Exception encountered during startup")]
    [InlineData("INFO  [main] 2026-11-27 10:00:10,123 YamlConfigurationLoader.java:97 - Configuration location: file:/etc/cassandra/cassandra.yaml", "2026-11-27T10:00:10.123", LogLevel.Info, "Configuration location: file:/etc/cassandra/cassandra.yaml")]
    [InlineData("WARN  [CompactionExecutor:1] 2026-11-27 10:00:11,500 BigTableWriter.java:274 - Writing large partition ks/t:1 (120.5MiB)", "2026-11-27T10:00:11.5", LogLevel.Warning, "Writing large partition ks/t:1 (120.5MiB)")]
    [InlineData("DEBUG [Native-Transport-Requests-1] 2026-11-27 10:00:12,000 Message.java:826 - Responding", "2026-11-27T10:00:12", LogLevel.Debug, "Responding")]
    [InlineData("ERROR [Thread-3 (ActiveMQ-client)] 2026-11-27 10:00:13,000 Bridge.java:1 - a thread name with spaces", "2026-11-27T10:00:13", LogLevel.Error, "a thread name with spaces")]
    [InlineData("[ERROR] [main] 2026-11-27 10:00:14,000 App.java:1 - bracketed level", "2026-11-27T10:00:14", LogLevel.Error, "bracketed level")]
    public void A_level_then_a_thread_in_brackets_then_a_stamp_is_read_as_Cassandra_writes_it(string line, string stamp, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.TimestampedText, parsed.Format);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(At(stamp), parsed.Timestamp.Value);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    // A bracket that is not followed by a stamp, an empty bracket, a stamp without a time, or a lower-case word: no stamp here.
    [InlineData("ERROR [main] starting at 2026-11-27 10:00:10,123", LogLevel.Error)]
    [InlineData("ERROR [] 2026-11-27 10:00:10,123 x", LogLevel.Error)]
    [InlineData("ERROR [main] 2026-11-27 is the day", LogLevel.Error)]
    [InlineData("ERROR [main]2026-11-27 10:00:10,123 x", LogLevel.Error)]
    [InlineData("error [main] 2026-11-27 10:00:10,123 x", LogLevel.Unknown)]
    [InlineData("Note [main] 2026-11-27 10:00:10,123 x", LogLevel.Unknown)]
    public void A_level_and_a_bracket_without_a_stamp_right_after_it_has_no_timestamp(string line, LogLevel level)
    {
        var parser = new LineParser(null, null, null);
        parser.TryParse(line, false, out LogLine parsed);
        Assert.False(parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
    }

    [Theory]
    // logcat's threadtime (LogHub's Android), with -v uid (a uid number or name before the pid) and -v time (lnav's samples).
    [InlineData("03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs", LogLevel.Debug, "03-17 16:13:38.811", "printFreezingDisplayLogs")]
    [InlineData("05-21 15:05:52.808  1047  1116  1240 E FMQ     : MQDescriptor is invalid or queue size is 0.", LogLevel.Error, "05-21 15:05:52.808", "MQDescriptor is invalid or queue size is 0.")]
    [InlineData("05-21 20:54:20.971  root  1215  1215 W wlan    : dhd_dbg_verboselog_printf: 2", LogLevel.Warning, "05-21 20:54:20.971", "dhd_dbg_verboselog_printf: 2")]
    [InlineData("05-26 11:18:41.509  1000 23402 23402 V VirtualCameraSession: processCaptureRequest: frameNumber 1", LogLevel.Trace, "05-26 11:18:41.509", "processCaptureRequest: frameNumber 1")]
    [InlineData("05-26 14:57:03.870 V/Configuration( 1766): Updating configuration, locales updated from [] to [en_US]", LogLevel.Trace, "05-26 14:57:03.870", "Updating configuration, locales updated from [] to [en_US]")]
    [InlineData("05-26 14:57:03.870 E/AndroidRuntime(12345): FATAL EXCEPTION: main", LogLevel.Error, "05-26 14:57:03.870", "FATAL EXCEPTION: main")]
    [InlineData("05-26 14:57:03.870 A/libc    ( 1766): Fatal signal 6 (SIGABRT)", LogLevel.Fatal, "05-26 14:57:03.870", "Fatal signal 6 (SIGABRT)")]
    [InlineData("05-21 20:54:20.971  u0_a12  1215  1215 E x       : e", LogLevel.Error, "05-21 20:54:20.971", "e")]
    public void Logcat_lines_with_a_uid_column_or_in_the_time_layout_have_their_level_and_time(string line, LogLevel level, string stamp, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.Logcat, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(DateTime.ParseExact("2000-" + stamp, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture), parsed.Timestamp.Value);
    }

    [Theory]
    // BusyBox's syslogd (Alpine, OpenWrt, UniFi; lnav's unifi_log samples) writes the priority's names between host and tag.
    [InlineData("Mar  2 23:24:28 UDM-Pro user.warn kernel: [1293979.679369] IN=br46 OUT= SRC=192.168.46.5", LogLevel.Warning, "[1293979.679369] IN=br46 OUT= SRC=192.168.46.5")]
    [InlineData("Feb 28 14:25:54 UDM-Pro daemon.err mcad: mcad[2910]: initial contact failed #6", LogLevel.Error, "mcad[2910]: initial contact failed #6")]
    [InlineData("Nov 27 10:00:01 alpine auth.info sshd[124]: Accepted publickey for root", LogLevel.Info, "Accepted publickey for root")]
    [InlineData("Nov 27 10:00:02 alpine local7.crit app: disk failing", LogLevel.Critical, "disk failing")]
    [InlineData("Nov 27 10:00:02 alpine kern.emerg kernel: panic", LogLevel.Fatal, "panic")]
    [InlineData("Nov 27 10:00:02 alpine user.notice app: ERROR in the text, the priority's level", LogLevel.Notice, "ERROR in the text, the priority's level")]
    // Not a facility, or not a severity: the tag and the level word as before.
    [InlineData("Nov 27 10:00:03 alpine foo.err app: ERROR not a facility", LogLevel.Error, "not a facility")]
    [InlineData("Nov 27 10:00:03 alpine daemon.fine app: x", LogLevel.Unknown, "daemon.fine app: x")]
    public void BusyBox_syslog_lines_take_their_level_from_the_priority_names(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.Syslog, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
    }

    [Theory]
    // helper-111: months and days no calendar has were a terminating error of the whole run; short pids in parentheses and
    // upper-case or long words before the pid are no logcat.
    [InlineData("03-00 10:00:00.123 E/Foo(    1): day 0")]
    [InlineData("00-01 10:00:00.123 E/Foo(    1): month 0")]
    [InlineData("13-01 10:00:00.123  1234  5678 E Foo: month 13")]
    public void Logcat_lines_with_an_impossible_date_have_no_timestamp(string line)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.Logcat, parsed.Format);
        Assert.Equal(LogLevel.Error, parsed.Level);
        Assert.False(parsed.HasTimestamp);
    }

    [Theory]
    [InlineData("03-01 10:00:00.123 I/O error (5): read failed on /dev/sda")]
    [InlineData("03-01 10:00:00.123 W/O retry (2): giving up")]
    [InlineData("03-01 10:00:00.123 ERROR 12 34 I think: so")]
    public void Lines_that_only_resemble_logcat_are_not_read_as_logcat(string line)
    {
        _ = new LineParser(null, null, null).TryParse(line, false, out LogLine parsed);
        Assert.NotEqual(LogFormat.Logcat, parsed.Format);
    }

    [Theory]
    // helper-111: a level word first is a log line quoting a request; two single spaces (an empty field) stay an access line;
    // a virtual host without its port needs the client's address after it.
    [InlineData("ERROR  foo.bar  x [01/Mar/2024:10:00:13 +0000] \"GET / HTTP/1.1\" 200 -", false)]
    [InlineData("WARN  com.Foo - [01/Mar/2024:10:00:14 +0000] \"GET / HTTP/1.1\" 200 -", false)]
    [InlineData("ERROR foo.bar x [01/Mar/2024:10:00:13 +0000] \"GET / HTTP/1.1\" 200 -", false)]
    [InlineData("myapp.views WARNING 1.2.3.4 - [01/Mar/2024:10:00:11 +0000] \"GET / HTTP/1.1\" 200 -", false)]
    [InlineData("10.0.0.1 -  [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 500 0", true)]
    [InlineData("www.example.com:443 1.2.3.4  [01/Mar/2024:10:00:01 +0000] \"GET / HTTP/1.1\" 500 0", true)]
    [InlineData("www.example.com 2001:db8::1 - - [01/Mar/2024:10:00:15 +0000] \"GET / HTTP/1.1\" 500 -", true)]
    [InlineData("www.example.com 1.2.3.4 - theuser [01/Mar/2024:10:00:16 -0500] \"GET / HTTP/1.0\" 500 368", true)]
    public void Access_lines_are_told_from_log_lines_that_quote_a_request(string line, bool access)
    {
        Assert.Equal(access, LineParser.AccessLogStamp(line) >= 0);
    }

    [Theory]
    // Asterisk (lnav's asterisk_log samples, helper-110): the level joined to the thread id, then an optional call id.
    [InlineData("[Jan  5 10:22:31] NOTICE[2217] chan_sip.c: Registration from '\"1001\"' failed - Wrong password", LogLevel.Notice, "chan_sip.c: Registration from '\"1001\"' failed - Wrong password")]
    [InlineData("[Jan 15 10:22:45] VERBOSE[2245][C-00000001] pbx.c: Executing [2000@from-internal:1] NoOp()", LogLevel.Info, "pbx.c: Executing [2000@from-internal:1] NoOp()")]
    [InlineData("[2024-01-05 10:23:31.118] WARNING[2261][C-0000001a] app_dial.c: Unable to create channel", LogLevel.Warning, "app_dial.c: Unable to create channel")]
    [InlineData("[2024-01-05 10:23:31] ERROR[2261][C-00000002]: res_pjsip.c:1245 ast_sip_create_dialog_uac: x", LogLevel.Error, "res_pjsip.c:1245 ast_sip_create_dialog_uac: x")]
    [InlineData("[Jan  5 10:22:48] DTMF[2250][C-00000001] channel.c: DTMF begin '5' received", LogLevel.Info, "channel.c: DTMF begin '5' received")]
    [InlineData("[Jan  5 10:22:50] DEBUG[2270] res_pjsip_session.c: Endpoint has no session", LogLevel.Debug, "res_pjsip_session.c: Endpoint has no session")]
    [InlineData("[2024-01-05 10:23:35] SECURITY[2261] res_security_log.c: SecurityEvent=\"InvalidPassword\"", LogLevel.Notice, "res_security_log.c: SecurityEvent=\"InvalidPassword\"")]
    public void Asterisk_lines_take_the_level_joined_to_their_thread_id(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.TimestampedText, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
    }

    [Theory]
    // Gitea and Forgejo write their level as one letter in square brackets (lnav's gitea_log samples, helper-110).
    [InlineData("2023/09/24 22:15:55 cmd/web.go:223:runWeb() [I] Starting Gitea on PID: 7", LogLevel.Info)]
    [InlineData("2023/10/08 16:06:57 ...irror/mirror_pull.go:170:parseRemoteUpdateOutput() [W] parseRemoteUpdateOutput: unexpected", LogLevel.Warning)]
    [InlineData("2023/10/08 16:06:58 models/db/engine.go:125:InitEngine() [E] failed to connect to database", LogLevel.Error)]
    [InlineData("2023/10/08 16:06:58 cmd/web.go:1:runWeb() [F] Failed to initialize ORM engine", LogLevel.Fatal)]
    [InlineData("2023/10/08 16:06:58 cmd/web.go:1:runWeb() [X] not a level letter", LogLevel.Unknown)]
    [InlineData("2023/10/08 16:06:58 cmd/web.go:1:runWeb() [i] lower case is no level", LogLevel.Unknown)]
    [InlineData("2023/10/08 16:06:58 Copyright (C) 2024 Example", LogLevel.Unknown)]
    // Only first after the stamp or right after a Go caller: elsewhere a unit or a checkbox (helper-114).
    [InlineData("2023/01/01 10:00:00.000 [E] [router.go:269] beego error", LogLevel.Error)]
    [InlineData("2024-01-01 10:00:00 Temp [F] 72.5", LogLevel.Unknown)]
    [InlineData("2024-01-01 10:00:00 Temp [C]: 21.5", LogLevel.Unknown)]
    [InlineData("2024-01-01 10:00:00 one two three four [E] late", LogLevel.Unknown)]
    public void One_upper_case_letter_in_square_brackets_is_a_level(string line, LogLevel level)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(level, parsed.Level);
        Assert.True(parsed.HasTimestamp);
    }

    [Theory]
    // Nagios and Icinga 1 (logstash-patterns-core's nagios samples, helper-113): Unix seconds in brackets, the level of the state.
    [InlineData("[1427925600] CURRENT HOST STATE: nagioshost;UP;HARD;1;PING OK - Packet loss = 0%", LogLevel.Info)]
    [InlineData("[1427925600] CURRENT SERVICE STATE: nagioshost;Current Load;OK;HARD;1;OK - load average: 0.00", LogLevel.Info)]
    [InlineData("[1427925600] SERVICE ALERT: nagioshost;Current Load;CRITICAL;SOFT;1;CRITICAL - load average: 9.00", LogLevel.Critical)]
    [InlineData("[1427925600] SERVICE ALERT: web01;Disk;WARNING;HARD;3;DISK WARNING - free space: / 10%", LogLevel.Warning)]
    [InlineData("[1427925600] HOST ALERT: web01;DOWN;SOFT;1;PING CRITICAL - Packet loss = 100%", LogLevel.Critical)]
    [InlineData("[1427925600] HOST NOTIFICATION: nagiosadmin;web01;UP;notify-host-by-email;PING OK", LogLevel.Info)]
    [InlineData("[1427925600] SERVICE NOTIFICATION: nagiosadmin;web01;HTTP;ACKNOWLEDGEMENT (CRITICAL);notify-service-by-email;CRITICAL - Socket timeout", LogLevel.Critical)]
    [InlineData("[1427925600] Warning: Return code of 255 for check of service 'x' on host 'y' was out of bounds.", LogLevel.Warning)]
    [InlineData("[1427925600] EXTERNAL COMMAND: SCHEDULE_FORCED_SVC_CHECK;web01;HTTP;1334609999", LogLevel.Unknown)]
    public void Nagios_lines_have_their_time_and_the_level_of_their_state(string line, LogLevel level)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(level, parsed.Level);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal(new DateTime(2015, 4, 1, 22, 0, 0), parsed.Timestamp.Value);
        Assert.Equal(TimeSpan.Zero, parsed.Timestamp.Offset);
    }

    [Fact]
    public void An_access_line_whose_status_is_a_dash_is_an_access_entry_without_a_level()
    {
        // Apache writes '-' for a request that got no status (logstash-patterns-core's httpd sample, helper-113).
        LogLine parsed = ParseOne("83.149.9.216 - a.user [11/Jan/2020:23:05:27 +0100] \"OPTIONS /remote.php/ HTTP/1.1\" - 7908 \"-\" \"monitoring-client (v2.2)\"");
        Assert.Equal(LogFormat.AccessLog, parsed.Format);
        Assert.Equal(LogLevel.Unknown, parsed.Level);
        Assert.True(parsed.HasTimestamp);
        Assert.Equal("OPTIONS /remote.php/ HTTP/1.1 -", parsed.Message);
    }

    [Theory]
    // Amazon S3's server access log (logstash-patterns-core's aws samples, helper-113): five fields between the stamp and the request.
    [InlineData("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be 3E57427F3EXAMPLE REST.GET.VERSIONING - \"GET /awsexamplebucket1?versioning HTTP/1.1\" 200 - 113 - 7 - \"-\" \"S3Console/0.4\" - s9lzHYrFp76ZVxRcpX9= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.2", LogLevel.Info, "2019-02-06T00:00:38", "GET /awsexamplebucket1?versioning HTTP/1.1 200")]
    [InlineData("79a5 mybucket [12/May/2014:07:54:01 +0000] 10.0.1.2 - 7ACC4BE89EXAMPLE REST.GET.OBJECT foo/bar.html \"GET /foo/bar.html HTTP/1.1\" 503 SlowDown 8 - 3 - \"-\" \"curl\"", LogLevel.Error, "2014-05-12T07:54:01", "GET /foo/bar.html HTTP/1.1 503")]
    [InlineData("79a5 mybucket [12/May/2014:07:54:01 +0000] arn:aws:iam::123456:user/x arn:aws:iam::123456:user/x 7ACC REST.PUT.OBJECT k \"PUT /k HTTP/1.1\" 403 AccessDenied 243 - 3 - \"-\" \"aws-cli\"", LogLevel.Warning, "2014-05-12T07:54:01", "PUT /k HTTP/1.1 403")]
    public void S3_server_access_lines_take_their_level_from_the_status(string line, LogLevel level, string stamp, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.AccessLog, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.Equal(At(stamp), parsed.Timestamp.Value);
    }

    [Theory]
    // BIND with print-category and print-severity (logstash-patterns-core's bind sample, helper-113).
    [InlineData("17-Feb-2018 23:06:56.326 queries: info: client 172.26.0.1#12345 (test.example.com): query: test.example.com IN A +E(0)K (172.26.0.3)", LogLevel.Info, "client 172.26.0.1#12345 (test.example.com): query: test.example.com IN A +E(0)K (172.26.0.3)")]
    [InlineData("17-Feb-2018 23:06:56.326 general: error: zone example.com/IN: loading from master file failed", LogLevel.Error, "zone example.com/IN: loading from master file failed")]
    [InlineData("17-Feb-2018 23:06:56.326 lame-servers: info: REFUSED unexpected RCODE", LogLevel.Info, "REFUSED unexpected RCODE")]
    [InlineData("17-Feb-2018 23:06:56.326 security: warning: client @0x7f: query (cache) denied", LogLevel.Warning, "client @0x7f: query (cache) denied")]
    [InlineData("17-Feb-2018 23:06:56.326 resolver: debug 3: createfetch", LogLevel.Debug, "createfetch")]
    [InlineData("17-Feb-2018 23:06:56.326 general: critical: exiting (due to fatal error)", LogLevel.Critical, "exiting (due to fatal error)")]
    public void BIND_lines_with_category_and_severity_take_the_severity(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.Equal(At("2018-02-17T23:06:56.326"), parsed.Timestamp.Value);
    }

    [Theory]
    // Squid's native access log (logstash-patterns-core's squid samples, helper-113): the HTTP status after the result code.
    [InlineData("1525344856.899  16867 10.170.72.111 TCP_TUNNEL/200 6256 CONNECT logs.ap-southeast-2.amazonaws.com:443 - HIER_DIRECT/52.95.130.18 -", LogLevel.Info, "CONNECT logs.ap-southeast-2.amazonaws.com:443 200")]
    [InlineData("1525344856.899     10 120.65.1.1 TCP_MISS/503 4120 GET http://x.example/ - HIER_NONE/- text/html", LogLevel.Error, "GET http://x.example/ 503")]
    [InlineData("1525344856.899      0 120.65.1.1 TCP_DENIED/403 3900 GET http://blocked.example/ - HIER_NONE/- text/html", LogLevel.Warning, "GET http://blocked.example/ 403")]
    [InlineData("1525344856.899      0 120.65.1.1 NONE/000 0 NONE error:transaction-end-before-headers - HIER_NONE/- -", LogLevel.Unknown, "NONE error:transaction-end-before-headers 000")]
    public void Squid_access_lines_take_their_level_from_the_status(string line, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(LogFormat.AccessLog, parsed.Format);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.Equal(new DateTime(2018, 5, 3, 10, 54, 16, 899), parsed.Timestamp.Value);
    }

    [Theory]
    // Bacula and Bareos (logstash-patterns-core's bacula samples, helper-113): a year-less stamp to the minute, the daemon, the job.
    [InlineData("09-Jan 19:54 bacula-host JobId 265896: Created new Volume \"FullAuto-8812\" in catalog.", 1, 9, LogLevel.Unknown, "Created new Volume \"FullAuto-8812\" in catalog.")]
    [InlineData("25-Aug 10:50 bacula-dir JobId 24: Fatal error: Network error with FD during Backup: ERR=Connection reset by peer", 8, 25, LogLevel.Fatal, "Fatal error: Network error with FD during Backup: ERR=Connection reset by peer")]
    [InlineData("25-Aug 10:50 bacula-sd JobId 24: Error: Read error on fd=5", 8, 25, LogLevel.Error, "Error: Read error on fd=5")]
    [InlineData("24-Feb 16:36 starfury-fd JobId 3: Warning: Could not open directory \"/root\": ERR=Permission denied", 2, 24, LogLevel.Warning, "Warning: Could not open directory \"/root\": ERR=Permission denied")]
    [InlineData("29-Jan 04:16 lbu02-dir: Pruned 24 Jobs for client uni-horn from catalog.", 1, 29, LogLevel.Unknown, "Pruned 24 Jobs for client uni-horn from catalog.")]
    [InlineData("09-Aug 15:14 InternetServer-sd JobId 122971, Job nyi_maildir.2013-03-03_22.00.00_51 marked to be canceled.", 8, 9, LogLevel.Unknown, "Job nyi_maildir.2013-03-03_22.00.00_51 marked to be canceled.")]
    public void Bacula_lines_have_their_year_less_time_and_the_level_their_message_opens_with(string line, int month, int day, LogLevel level, string message)
    {
        LogLine parsed = ParseOne(line);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(message, parsed.Message);
        Assert.True(parsed.HasTimestamp);
        Assert.True(parsed.Timestamp.YearMissing);
        Assert.Equal((month, day), (parsed.Timestamp.Value.Month, parsed.Timestamp.Value.Day));
    }

    [Theory]
    // helper-114: a thread id, a counter or an id out of Unix time's range in brackets is no Nagios time; an upper-case level
    // word after a BIND-like header is the level; a lower-case "info" first is no level word that stops an access line.
    [InlineData("[1234567890] (java thread) starting", false, LogLevel.Unknown)]
    [InlineData("[0000000001] next", false, LogLevel.Unknown)]
    [InlineData("[1427925691] worker thread detail", false, LogLevel.Unknown)]
    [InlineData("[1427925690] Caught SIGTERM, shutting down...", true, LogLevel.Unknown)]
    [InlineData("2024-03-01 10:00:00 app: info: ERROR disk full", true, LogLevel.Error)]
    [InlineData("info x y [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 500 1", true, LogLevel.Error)]
    public void Shapes_that_only_resemble_the_new_formats_keep_their_reading(string line, bool hasTime, LogLevel level)
    {
        _ = new LineParser(null, null, null).TryParse(line, false, out LogLine parsed);
        Assert.Equal(hasTime, parsed.HasTimestamp);
        Assert.Equal(level, parsed.Level);
    }

    [Fact]
    public void A_Bacula_line_with_the_year_has_its_full_date()
    {
        LogLine parsed = ParseOne("17-Jan-2003 16:45 home-sd: Volume test01 previously written, moving to end of data.");
        Assert.Equal(new DateTime(2003, 1, 17, 16, 45, 0), parsed.Timestamp.Value);
        Assert.False(parsed.Timestamp.YearMissing);
        Assert.Equal("Volume test01 previously written, moving to end of data.", parsed.Message);
    }
}
