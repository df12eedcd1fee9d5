using System;
using System.Collections.Generic;
using System.Linq;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>The fast path on the public formats of helper-92's list (GELF, Heroku, JSON access logs, Airflow, Cassandra) and their near misses.</summary>
public sealed partial class LineParserFastPathTests
{
    [Fact]
    public void The_fast_path_agrees_on_GELF_Heroku_JSON_access_logs_Airflow_and_Cassandra()
    {
        Compare(FastPathCorpus.PublicFormatLines(seed: 31, count: 6000), out _);
    }

    [Fact]
    public void The_fast_path_marks_a_level_from_a_JSON_status_as_the_character_parser_does()
    {
        var fast = new LineParser(null, null, null);
        var slow = new LineParser(null, null, null);
        int fromStatus = 0;
        foreach (string line in FastPathCorpus.PublicFormatLines(seed: 32, count: 6000))
        {
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(line);
            if (fast.TryParseFast(utf8, false, (LogLevel)int.MaxValue, out LogLine f, out bool starts) && starts)
            {
                Assert.True(slow.TryParse(utf8, line, false, (LogLevel)int.MaxValue, out LogLine s), line);
                Assert.True(f.LevelFromStatus == s.LevelFromStatus, $"LevelFromStatus: fast {f.LevelFromStatus}, characters {s.LevelFromStatus}: {line}");
                fromStatus += f.LevelFromStatus ? 1 : 0;
            }
        }

        Assert.True(fromStatus > 100, $"only {fromStatus} lines took their level from a status on the fast path");
    }

    [Fact]
    public void Timestamps_of_the_public_formats_read_from_bytes_equal_timestamps_read_from_characters()
    {
        foreach (string line in FastPathCorpus.PublicFormatLines(seed: 33, count: 3000))
        {
            foreach (string s in new[] { line, line.Length > 1 ? line[1..] : line })
            {
                bool chars = TimestampParser.TryParse(s, out RawTimestamp fromChars, out int usedChars);
                bool bytes = TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(s), out RawTimestamp fromBytes, out int usedBytes);
                Assert.True(chars == bytes && fromChars == fromBytes && usedChars == usedBytes, $"characters {chars} {fromChars}/{usedChars}, bytes {bytes} {fromBytes}/{usedBytes}: '{s}'");
            }
        }
    }

    [Theory]
    [InlineData("status")]
    [InlineData("STATUS")]
    [InlineData("statu")]
    [InlineData("statuss")]
    [InlineData("startutc")]
    [InlineData("StartUTC")]
    [InlineData("startut")]
    [InlineData("time_local")]
    [InlineData("time_iso8601")]
    [InlineData("originstatus")]
    [InlineData("OriginStatus")]
    [InlineData("DownstreamStatus")]
    [InlineData("downstreamstatu")]
    [InlineData("version")]
    [InlineData("VERSION")]
    [InlineData("Version")]
    [InlineData("versio")]
    [InlineData("versionx")]
    [InlineData("short_message")]
    [InlineData("SHORT_MESSAGE")]
    [InlineData("short_messag")]
    [InlineData("full_message")]
    [InlineData("request")]
    [InlineData("REQUEST")]
    [InlineData("Request")]
    [InlineData("reques")]
    [InlineData("requests")]
    [InlineData("request_uri")]
    [InlineData("request_method")]
    [InlineData("REQUEST_METHOD")]
    [InlineData("request_metho")]
    [InlineData("RequestMethod")]
    [InlineData("RequestPath")]
    [InlineData("RequestHost")]
    [InlineData("requesthosts")]
    [InlineData("request_id")]
    public void The_fast_path_gives_the_new_keys_the_role_the_character_parser_gives_them(string key)
    {
        (string fast, string characters) = LineParser.JsonFieldForTests(key);
        Assert.Equal(characters, fast);
    }
}

internal static partial class FastPathCorpus
{
    private static readonly Func<Random, string, string, string>[] s_publicFormatShapes =
    [
        (r, l, m) => $"{{\"version\":\"1.1\",\"host\":\"web01\",\"short_message\":\"{Json(m)}\",{Pick(r, "\"full_message\":\"a\\nb\",", string.Empty)}\"timestamp\":{r.Next(1600000000, 1800000000)}.{r.Next(1000)},\"level\":{Pick(r, "0", "1", "2", "3", "4", "5", "6", "7", "8", "30", "50", "3.5", "-1", "\"3\"", "\"" + l + "\"", "3.0", "7.0", "-0", "42", "1e20", "60")}{Pick(r, string.Empty, ",\"_app\":\"api\"", ",\"_ctx\":{\"level\":\"error\"}")}}}",
        (r, l, m) => $"{{{Pick(r, "\"version\":\"1.1\",", "\"v\":0,", "\"version\":2,", string.Empty)}{Pick(r, "\"short_message\":\"x\",", "\"msg\":\"x\",", "\"short_messages\":\"x\",", string.Empty)}\"level\":{Pick(r, "3", "30", "50", "6", "\"" + l + "\"")}{Pick(r, string.Empty, ",\"version\":\"1.1\"", ",\"short_message\":\"y\"", ",\"msg\":\"z\"", ",\"version\":\"2.4.0\",\"short_message\":\"y\"", ",\"version\":\"2\",\"short_message\":\"y\",\"message\":\"m\"")}}}",
        (r, l, m) => $"{Stamp(r, 'T', '.')}{Pick(r, "+00:00", "Z", string.Empty)} {Pick(r, "heroku[router]: ", "app[web.1]: ", "app[web 1]: ", "heroku[router]:", "heroku[]: ", "1app[x]: ", "app[x] : ", "a-b_c.d[x.y]: ", "web01 app[1]: ", "[x]: ")}{Pick(r, "at=", "AT=", "at=\"", "lvl=", "at:", "at = ")}{Pick(r, l, "main.go:42", "e", string.Empty, "\"" + l + "\"", l + "\\x")} {Pick(r, "code=H12 desc=\"Request timeout\" method=GET path=\"/\" status=503", "level=" + l + " msg=x", "msg=\"" + Json(m) + "\"", "at=" + l, m)}",
        (r, l, m) => $"{Pick(r, "at", "AT", "At", "a", "att", "lat")}={Pick(r, l, "main.go:42", "e", string.Empty, "\"" + l + "\"", "\"" + l + "\\\"\"")}{Pick(r, string.Empty, " code=H10", " level=" + l, " msg=x", " at=error", " severity=x", " " + m)}",
        (r, l, m) => $"{{{Pick(r, "\"time_local\":\"27/Nov/2026:10:00:24 +0000\",", "\"time_iso8601\":\"2026-11-27T10:00:24+00:00\",", "\"StartUTC\":\"" + Stamp(r, 'T', '.') + "456Z\",", "\"time\":" + r.Next(1600000000, 1800000000) + ",", string.Empty)}\"remote_addr\":\"10.0.0.{r.Next(255)}\",{Pick(r, "\"request\":\"GET /" + r.Next(99) + " HTTP/1.1\",", "\"request\":{\"method\":\"GET\"},", "\"request_uri\":\"/\",", "\"REQUEST_METHOD\":\"GET\",", "\"RequestMethod\":\"GET\",", "\"RequestPath\":\"/\",", "\"RequestHost\":\"h\",", "\"requests\":1,", "\"request_id\":\"r\",", "\"req\\u0075est\":\"GET\",", "\"request\":\"req-8f3a\",", "\"request\":null,", "\"request\":\"\",", "\"request\":{},", "\"request\":{ },", "\"request\":{ \"a\":1},", "\"request\":[1],", "\"request\":\"get / HTTP/1.1\",", "\"request\":\"GET\",", "\"request\":\"PROPFIND /d HTTP/1.1\",", "\"request\":\"GE\\u0054 /\",", "\"request\":\"GET /\\u0061\",", "\"request_uri\":\"q\",", "\"request_uri\":\"\\/q\",", "\"request_uri\":\"\",", "\"request_method\":\"get\",", "\"RequestMethod\":\"GET /\",", "\"RequestMethod\":\"M-SEARCH\",", "\"RequestPath\":null,", string.Empty)}\"{Pick(r, "status", "Status", "DownstreamStatus", "OriginStatus", "downstreamstatus", "statu", "statuss", "http_status")}\":{Pick(r, "502", "\"502\"", "404", "\"404\"", "200", "\"301\"", "0", "600", "99", "\"5023\"", "502.0", "-502", "\"\\u0035\\u0030\\u0032\"", "\" 502\"", "null", "{\"code\":500}", "\"ok\"")}{Pick(r, string.Empty, ",\"OriginStatus\":503", ",\"level\":\"" + l + "\"", ",\"msg\":\"\"", ",\"level\":\"info\",\"msg\":\"\"", ",\"level\":\"" + l + "\",\"msg\":\"\"", ",\"@mt\":\"x\"", ",\"severity\":" + r.Next(70), ",\"message\":\"x\"", ",\"text\":1", ",\"short_message\":\"x\"", ",\"version\":\"1.1\",\"short_message\":\"x\"", ",\"event\":\"order.updated\"")},\"body_bytes_sent\":\"{r.Next(9999)}\"}}",
        (r, l, m) => $"{{{Pick(r, "\"L\":\"INFO\",\"T\":\"2026-11-27T10:00:01Z\",", "\"time\":\"2026-11-27T10:00:04Z\",\"log_level\":\"" + l + "\",", "\"sev\":\"info\",", "\"event\":\"order.updated\",", "\"ts\":1795780800.5,", string.Empty)}{Pick(r, "\"msg\":\"" + Json(m) + "\",", "\"M\":\"x\",", "\"message\":\"Processed batch\",", string.Empty)}\"{Pick(r, "status", "Status")}\":{Pick(r, "500", "503", "404", "400", "\"500\"", "200")}{Pick(r, string.Empty, ",\"items\":3", ",\"request\":\"GET / HTTP/1.1\"", ",\"request\":\"req-8f3a\"", ",\"request_uri\":\"/q\"", ",\"level\":\"" + l + "\"")}}}",
        (r, l, m) => $"{Pick(r, "[", string.Empty)}{r.Next(1990, 2040)}-{r.Next(1, 13):00}-{r.Next(1, 33):00}{Pick(r, ", ", ",", ",  ", " ")}{r.Next(26):00}:{r.Next(61):00}:{r.Next(62):00}{Pick(r, string.Empty, ".123", ".5")}{Pick(r, " UTC", " GMT", " UTCX", " CET", " Europe/Berlin", string.Empty, " UTC+05:30", " GMT+2", " UTC+0530", " UTC-03", " UTC+5x", " UTC+15", " UTC+123", " UTC+05:3", " UTC:", " UTC+", " +0100", " +01:00", " -0300", " +01", " +0100x", " +01000", " UTC+14:30", " UTC+14:00", " +1430", " GMT-1401")}{Pick(r, "] ", " ", "]")}{Pick(r, "{taskinstance.py:1234} ", string.Empty)}{Pick(r, l + " - ", l + " ", string.Empty)}{m}",
        (r, l, m) => $"{Pick(r, l, "ERROR", "INFO ", "WARN ", "DEBUG", "[ERROR]", "error", "Note")}{Pick(r, " ", "  ", string.Empty)}{Pick(r, "[main]", "[CompactionExecutor:1]", "[Thread-3 (x)]", "[]", "[a", "[" + new string('x', 90) + "]")}{Pick(r, " ", "  ", string.Empty)}{Pick(r, Stamp(r, ' ', ','), Stamp(r, 'T', '.') + "Z", "2026-11-27 is", "starting at " + Stamp(r, ' ', ','))} {Pick(r, "CassandraDaemon.java:123 - ", string.Empty, "[main] ")}{m}",
        // Heroku's dyno and platform lines with a line of any format after the source and dyno, and near misses.
        (r, l, m) => $"{Stamp(r, 'T', '.')}{Pick(r, "+00:00", "-05:00", "Z", string.Empty)} {Pick(r, "app[web.1]: ", "heroku[router]: ", "heroku[web.1]: ", "app[postgres.1234]: ", "myapp[web.1]: ", "app[web 1]: ", "app[web.1]:", "app[]: ")}{Pick(r, l + ":root:" + m, l + ":app.db:" + m, "{\"level\":\"" + l + "\",\"msg\":\"" + Json(m) + "\"}", Stamp(r, ' ', ',') + " " + l + ":root:" + m, "[" + l + "] " + m, l + " " + m, "Traceback (most recent call last):", "  File \"/app/x.py\", line 1, in <module>", "KeyError: 'x'", "at=" + l + " msg=x", m, string.Empty)}",
        // Heroku's drains (octet count, PRI, host/app or drain token) and runtime errors, with near misses.
        (r, l, m) => $"{Pick(r, string.Empty, "83 ", "120 ", "5 ", "1234567 ", "x ")}<{Pick(r, "40", "45", "158", "190", "13", "4x")}>{Pick(r, "1 ", string.Empty)}{Stamp(r, 'T', '.')}{Pick(r, "+00:00", "Z", string.Empty)} {Pick(r, "host app web.3 - ", "host heroku router - ", "host heroku web.1 - ", "d.9173ea1f-6f14-4976-9cf0-7cd0dafdcdbc app web.1 - ", "heroku web.3 d.73ea7440-270a-435a-a0ea-adf50b4e5f5a - ", "web01 app web.3 - ", "host nginx 12 - ", "heroku[web.1]: ", "app[web.1]: ", "host heroku/web.1: ")}{Pick(r, "Error R14 (Memory quota exceeded)", "Error L10 (output buffer overflow): 3 dropped", "Error H1 (x)", "Error R14 memory", "error R14 (x)", "Error R1x (y)", "at=" + l + " code=H12 desc=\"Request timeout\"", l + ": " + m, m, string.Empty)}",
        (r, l, m) => $"{Stamp(r, 'T', '.')}{Pick(r, "+00:00", "Z")} {Pick(r, "heroku[web.1]: ", "heroku[router]: ", "heroku[]: ", "herokuX[web.1]: ", "app[web.1]: ", "myhost heroku/web.1: ", "myhost app[12]: ")}{Pick(r, "Error R14 (Memory quota exceeded)", "Error R10 (Boot timeout) -> x", "Error L10 (output buffer overflow): 1", "Error R14", "Error R14 (", "Error R1 (x)", "Errors R14 (x)", "ERROR R14 (x)", m)}",
        (r, l, m) => $"Nov {r.Next(1, 29),2} 10:00:{r.Next(60):00} {Pick(r, "app-x heroku/web.1: ", "app-x heroku/router: ", "web01 app[12]: ", "web01 ")}{Pick(r, "Error R14 (Memory quota exceeded)", "Error H12 (x)", "Error R14 memory", "Error R14", l + " " + m, m)}",
        // macOS's log show (default style) and near misses.
        (r, l, m) => $"{Stamp(r, ' ', '.')}{Pick(r, "456+0800", "456-0500", "456", "456Z")} {Pick(r, "0x1e2cd", "0x7e", "0x", "0xg", "0X7e")}{Pick(r, "    ", " ", string.Empty)}{Pick(r, "Error", "Default", "Fault", "Info", "Debug", "Activity", l, "error")}{Pick(r, "       ", " ", string.Empty)}{Pick(r, "0x0", "0x2b4c1", "0", "x")}{Pick(r, "                  ", " ")}{Pick(r, "4004", "0", "x")}{Pick(r, "   ", " ")}{Pick(r, "14", "0", string.Empty)}{Pick(r, "   ", " ", string.Empty)}{Pick(r, "ImagePreview: [com.simon:launch] " + m, "kernel: (Sandbox) " + m, l + " " + m, m, string.Empty)}",
        // Docker's gelf log driver: a container's line inside short_message, with or without Docker's fields, and near misses.
        (r, l, m) => $"{{\"version\":\"1.1\",\"host\":\"node1\",\"short_message\":\"{Pick(r, Stamp(r, ' ', ',') + " " + l + ":root:" + Json(m), l + ":root:" + Json(m), l + ":app.db:" + Json(m), "[" + Stamp(r, ' ', '.') + " +0000] [7] [" + l + "] " + Json(m), "{\\\"level\\\":\\\"" + l + "\\\",\\\"msg\\\":\\\"" + Json(Json(m)) + "\\\"}", "Traceback (most recent call last):", "  File \\\"/app/x.py\\\", line 1, in <module>", "KeyError: 'a'", Json(m) + "\\n", string.Empty)}\",\"timestamp\":{r.Next(1600000000, 1800000000)}.{r.Next(1000)},\"level\":{Pick(r, "3", "6", "\"" + l + "\"")}{Pick(r, ",\"_container_id\":\"ab12\",\"_container_name\":\"web\",\"_image_name\":\"app:1\"", ",\"_container_name\":\"web\"", ",\"_container_id\":\"ab12\"", ",\"_container\":\"x\"", ",\"_app\":{{\"_container_id\":\"x\"}}", ",\"_container_id\":\"ab12\",\"msg\":\"own\"", string.Empty)}}}",
    ];

    /// <summary>Lines of the public formats above, whole and damaged.</summary>
    internal static IEnumerable<string> PublicFormatLines(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            string line = s_publicFormatShapes[random.Next(s_publicFormatShapes.Length)](random, s_levels[random.Next(s_levels.Length)], s_messages[random.Next(s_messages.Length)]);
            yield return line;
            yield return Damage(random, line);
        }
    }
}
