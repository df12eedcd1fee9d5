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

    [Theory]
    [InlineData("version")]
    [InlineData("VERSION")]
    [InlineData("Version")]
    [InlineData("versio")]
    [InlineData("versionx")]
    [InlineData("short_message")]
    [InlineData("SHORT_MESSAGE")]
    [InlineData("short_messag")]
    [InlineData("full_message")]
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
        (r, l, m) => $"{{\"version\":\"1.1\",\"host\":\"web01\",\"short_message\":\"{Json(m)}\",{Pick(r, "\"full_message\":\"a\\nb\",", string.Empty)}\"timestamp\":{r.Next(1600000000, 1800000000)}.{r.Next(1000)},\"level\":{Pick(r, "0", "1", "2", "3", "4", "5", "6", "7", "8", "30", "50", "3.5", "-1", "\"3\"", "\"" + l + "\"")}{Pick(r, string.Empty, ",\"_app\":\"api\"", ",\"_ctx\":{\"level\":\"error\"}")}}}",
        (r, l, m) => $"{{{Pick(r, "\"version\":\"1.1\",", "\"v\":0,", "\"version\":2,", string.Empty)}{Pick(r, "\"short_message\":\"x\",", "\"msg\":\"x\",", "\"short_messages\":\"x\",", string.Empty)}\"level\":{Pick(r, "3", "30", "50", "6", "\"" + l + "\"")}{Pick(r, string.Empty, ",\"version\":\"1.1\"", ",\"short_message\":\"y\"")}}}",
        (r, l, m) => $"{Stamp(r, 'T', '.')}{Pick(r, "+00:00", "Z", string.Empty)} {Pick(r, "heroku[router]: ", "app[web.1]: ", "app[web 1]: ", "heroku[router]:", "heroku[]: ", "1app[x]: ", "app[x] : ", "a-b_c.d[x.y]: ", "web01 app[1]: ", "[x]: ")}{Pick(r, "at=", "AT=", "at=\"", "lvl=", "at:", "at = ")}{Pick(r, l, "main.go:42", "e", string.Empty, "\"" + l + "\"", l + "\\x")} {Pick(r, "code=H12 desc=\"Request timeout\" method=GET path=\"/\" status=503", "level=" + l + " msg=x", "msg=\"" + Json(m) + "\"", "at=" + l, m)}",
        (r, l, m) => $"{Pick(r, "at", "AT", "At", "a", "att", "lat")}={Pick(r, l, "main.go:42", "e", string.Empty, "\"" + l + "\"", "\"" + l + "\\\"\"")}{Pick(r, string.Empty, " code=H10", " level=" + l, " msg=x", " at=error", " severity=x", " " + m)}",
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
