using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>
/// The fast path's JSON and logfmt steps: each compared with the character step it mirrors (TryJson, TryLogfmt) on
/// every outcome (Accepted must give exactly the same line, Rejected must be a false there), on the structured corpus,
/// its damaged lines and hand-written corners; and the fast path must take nearly every undamaged line of the shapes
/// real loggers write.
/// </summary>
public sealed class LineParserFastStructuredTests
{
    private static readonly LogLevel[] s_messageFrom = [(LogLevel)int.MaxValue, LogLevel.Error, LogLevel.Warning, LogLevel.Unknown];

    private const string JsonCorners = """
{}
{ }
{  }
{"level":"info"}
{"LEVEL":"WARN","MSG":"x"}
{"Level":"Error","Level":"Info"}
{"level":"bogus","level":"error"}
{"level":"","severity":"warn"}
{"level":null,"level":"warn"}
{"level":true,"lvl":"error"}
{"level":{"a":1},"level":"warn"}
{"level":["error"],"level":"warn"}
{"level":"info","priority":"3"}
{"priority":"3","level":"info"}
{"priority":"9","level":"info"}
{"PRIORITY":" 3 "}
{"PRIORITY":"+3"}
{"PRIORITY":"-0"}
{"PRIORITY":"-3"}
{"PRIORITY":"03"}
{"PRIORITY":"0000000000000000000007"}
{"PRIORITY":"99999999999999999999"}
{"PRIORITY":"3a"}
{"PRIORITY":""}
{"PRIORITY":" "}
{"PRIORITY":"+"}
{"PRIORITY":"- 3"}
{"PRIORITY":3}
{"PRIORITY":3.9}
{"PRIORITY":-0.5}
{"PRIORITY":8}
{"PRIORITY":1e0}
{"PRIORITY":"error"}
{"PRIORITY":null,"level":"warn"}
{"syslog.severity":"4"}
{"level":"5"}
{"level":"7"}
{"level":"8"}
{"level":"55"}
{"level":"E"}
{"level":"x"}
{"level":"  error  "}
{"level":" "}
{"level":"INFORMATION"}
{"level":"http"}
{"level":" HTTP "}
{"level":"https"}
{"level":"htt"}
{"level":"silly"}
{"level":"Silly"}
{"level":"sillyy"}
{"severity":"http"}
{"level":"informational"}
{"level":"EMERGENCY"}
{"level":"emergencx"}
{"level":"Information1"}
{"level":"a_very_long_level_value_over_32_bytes"}
{"level":"                                   error"}
{"level":9.99}
{"level":10}
{"level":59.9999999999}
{"level":59.99999999999999999999}
{"level":60}
{"level":-10}
{"level":1e2}
{"level":1E400}
{"level":0.5}
{"level":100000000000000000000000}
{"level":30.000000000000000000000000001}
{"level":-0}
{"level":0}
{"log":{"level":"error"}}
{"log":{"level":"error"},"level":"info"}
{"level":"info","log":{"level":"error"}}
{"log":{"Level":"error"}}
{"log":{"level":50}}
{"log":{"level":"3"}}
{"log":{"level":null,"level":"warn"}}
{"log":{"x":{"level":"error"},"level":"debug"}}
{"log":{}}
{"log":"text"}
{"log":["level"]}
{"log":{"level":"error"}
{"log":{"level":"error",}}
{"log":{"lev\u0065l":"error"}}
{"log":{"level":"\u0065rror"}}
{"log":{"level":1e400}}
{"LOG":{"level":"error"}}
{"time":"2026-11-20T10:00:00Z"}
{"time":"2026-11-20T10:00:00.123456789Z"}
{"time":"2026-11-20T10:00:00.1234567891234567Z"}
{"time":"2026-11-20T10:00:00,5+01:00"}
{"time":"2026-11-20 10:00:00 +0100"}
{"time":"2026-11-20 10:00:00 +01"}
{"time":"2026-11-20 10:00:00 +01:0"}
{"time":"2026-11-20 10:00:00+1500"}
{"time":"2026-11-20 10:00:00+0160"}
{"time":"2026-11-20 10:00:00+01:001"}
{"time":"2026-11-20 10:00:00-00:00"}
{"time":"2026-11-20T10:00:00z"}
{"time":"2026-11-20T10:00:00Zjunk"}
{"time":"2026/11/20 10:00:00"}
{"time":"2026/11-20 10:00:00"}
{"time":"2026-11-20_10:00:00"}
{"time":"2026-11-20X10:00:00"}
{"time":"2026-02-29T10:00:00Z"}
{"time":"2024-02-29T10:00:00Z"}
{"time":"2026-11-20T10:00:60Z"}
{"time":"2026-11-20T10:00:61Z"}
{"time":"0000-11-20T10:00:00Z"}
{"time":"9999-12-31T23:59:59.9999999Z"}
{"time":"2026-11-20T10:00:00."}
{"time":"2026-11-20T10:00:00.Z"}
{"time":"2026-11-20T10:00"}
{"time":"2026-11-20"}
{"time":"20/Nov/2026:10:00:00 +0000"}
{"time":"Nov 20 10:00:00"}
{"time":"Fri Nov 20 10:00:00.123 2026"}
{"time":"1732600000"}
{"time":"1732600000.5"}
{"time":"  1732600000  "}
{"time":"173260000"}
{"time":"17326000000000000"}
{"time":"9999999999999999"}
{"time":"+1732600000"}
{"time":"1.7326e9"}
{"time":1732600000}
{"time":1732600000.123456}
{"time":1732600000123}
{"time":1732600000123456}
{"time":1732600000123456789}
{"time":17326000001234567}
{"time":99999999}
{"time":-1732600000}
{"time":1.7326e9}
{"time":0}
{"time":"bad","timestamp":"2026-11-20T10:00:00Z"}
{"time":"2026-11-20T10:00:00Z","timestamp":"2027-11-20T10:00:00Z"}
{"time":null,"ts":1732600000}
{"time":{"a":1},"ts":1732600000}
{"time":"2026-11-20T10:00:00Z             padding to make this value longer than sixty four bytes"}
{"time":"             padding to make this value longer than sixty four bytes 2026-11-20T10:00:00Z"}
{"__REALTIME_TIMESTAMP":"1732600000123456","PRIORITY":"6","MESSAGE":"x"}
{"TimeCreated":"/Date(1732600000000)/","LevelDisplayName":"Error","Message":"x"}
{"@t":"2026-11-20T10:00:00Z","@l":"Warning","@m":"x"}
{"@t":"2026-11-20T10:00:00Z","@mt":"x"}
{"@t":"2026-11-20T10:00:00Z","@mt":"x","@l":"Error"}
{"@t":"2026-11-20T10:00:00Z","@m":"x","log":{"a":1}}
{"@t":"2026-11-20T10:00:00Z","@m":"x","level":null}
{"@t":"2026-11-20T10:00:00Z","@m":"x","PRIORITY":"x"}
{"@x":"boom","@i":"a"}
{"@mt":"x"}
{"@MT":"x"}
{"@m":"x","@l":"bogus"}
{"\u0040t":"2026-11-20T10:00:00Z","@mt":"x"}
{"`l":"error"}
{"`t":"2026-11-20T10:00:00Z"}
{"@L":"error","@T":"2026-11-20T10:00:00Z"}
{"levelname":"ERROR","asctime":"2026-11-20 10:00:00,123"}
{"level_name":"ERROR","datetime":"2026-11-20 10:00:00"}
{"severitytext":"WARN","severity_text":"ERROR"}
{"log.level":"warn"}
{"log.levex":"warn"}
{"leveldisplayname":"Warning"}
{"msg":"a \"quoted\" word","level":"warn"}
{"msg":"back\\slash","level":"warn"}
{"msg":"\u00e9\ud83d\ude00","level":"warn"}
{"msg":"lone \ud800 surrogate","level":"warn"}
{"msg":"lone \udc00 low","level":"warn"}
{"msg":"bad \x escape","level":"warn"}
{"msg":"bad \u12G4 escape","level":"warn"}
{"msg":"short \u12","level":"warn"}
{"msg":"ends with backslash\
{"msg":"x\/y\b\f\n\r\t","level":"warn"}
{"lev\u0065l":"error"}
{"le\"vel":"error"}
{"level":"err\u006fr"}
{"level":"\u0065rror"}
{"level":"error\n"}
{"time":"2026-11-20T10:00:00\u005a"}
{"time":"\ud800"}
{"level":"\ud800"}
{"other":"\ud800","level":"warn"}
{"\ud800":1,"level":"warn"}
{"level":"warn"}
{"level":"warn"}x
{"level":"warn"}}
{"level":"warn"},
{"level":"warn"} {"level":"error"}
{"level":"warn",}
{"level":"warn",,"a":1}
{"level":"warn" "a":1}
{"level" "warn"}
{"level":}
{"level"}
{level:"warn"}
{'level':'warn'}
{"level":"warn"
{"level":"warn
{"level":"wa
{"level
{"
{
{"a":1
{"a":[1,2}
{"a":[1,2]]}
{"a":{"b":1]}
{"a":[1,]}
{"a":[,1]}
{"a":{"b"}}
{"a":{"b":}}
{"a":{1:2}}
{"a":01}
{"a":-}
{"a":-01}
{"a":1.}
{"a":.5}
{"a":1e}
{"a":1e+}
{"a":1.5e+10}
{"a":+1}
{"a":0x10}
{"a":1 2}
{"a":tru}
{"a":truex}
{"a":True}
{"a":NULL}
{"a":nul}
{"a":NaN}
{"a":Infinity}
{"a":-Infinity}
{"a":falsey}
{"a":"x"/*c*/}
{"a":"x"}//c
{"a":1,"level":"error"}/
{"level":"warn","a":"\u007f","b":"~"}
{"":"","level":"error"}
{"level":"error","":{"":[]}}
{"level":"error","a":[{"b":[{"c":"d\"}"}]}],"e":"]}"}
""";

    private const string LogfmtCorners = """
level=info
level=info msg=hello
msg=hello
time=2026-11-20T10:00:00Z
time=2026-11-20T10:00:00Z level=
level= time=2026-11-20T10:00:00Z
level=info level=bogus
level=bogus level=info
LEVEL=WARN
Level="warn"
level="warn
level="wa\"rn"
level=" warn"
level=warn\
level="warn\
lvl=E
severity=CRITICAL
loglevel=fatal
levels=error msg=x
msg="a \"b\" c" level=error
msg="a \"b\" c level=error
msg="x\\" level=error
msg="x\" level=error
msg="" level=debug
msg= level=debug
msg="trailing\
msg="unterminated level=error
t=1732600000 msg=x
ts=1732600000123 msg=x
ts=1732600000.5 msg=x
ts=1732600000123456 msg=x
ts=17326000001234567 msg=x
timestamp=2026-11-20T10:00:00Z msg=x
TIMESTAMP=2026-11-20T10:00:00+01:00 msg=x
timestamq=2026-11-20T10:00:00+01:00 msg=x
time="2026-11-20 10:00:00,123" msg=x
time="2026-11-20 10:00:00 +0100" msg=x
time=2026-11-20T10:00:00Z time=bad msg=x
time=bad time=2026-11-20T10:00:00Z msg=x
time=2026-11-20T10:00:00Z time=2027-11-20T10:00:00Z msg=x
time="Nov 20 10:00:00" msg=x
time="20/Nov/2026:10:00:00 +0000" msg=x
time=" 2026-11-20T10:00:00Z" msg=x
time="2026-11-20T10:00:00Z\"" msg=x
time="2026-11-20T10:00:00Z padding to make this value longer than sixty four bytes ok" msg=x
time="  padding to make this value longer than sixty four bytes ok 2026-11-20T10:00:00Z" msg=x
time=2026-11-20T10:00:00Z
a=b
a=b c=d
key=value other="quoted value"
bare words then level=error
  level=error
level=error
level=error   msg=x
x level=error
x=1 level=error
=x level=error
 =x level=error
a b=c
a:b=c level=error
a"b=c level=error
abcdefghijklmnopqrstuvwxyzabcdefg=1 level=error
abcdefghijklmnopqrstuvwxyzabcdef=1 level=error
abcdefghijklmnopqrstuvwxyzabcde=1 level=error
level=error=x
level==error
at=info method=GET path="/" status=500
level=info msg="caf\u00e9"
msg=a=b level=warn
level=info"x"
level="info"x=1 msg=y
level=info msg=x k="v"w="z"
msg
msg=
=
==
level
""";

    /// <summary>The hand-written corners, with whitespace variants (trailing space, tab, CR; tabs between tokens) and nesting around the reader's depth limit.</summary>
    internal static IEnumerable<string> JsonCornerLines()
    {
        foreach (string line in JsonCorners.Split('\n'))
        {
            yield return line;
            yield return line + " ";
            yield return line + "\t";
            yield return line + "\r";
            yield return line.Replace(",", ",\t", StringComparison.Ordinal);
            yield return line.Replace(":", " :\n ", StringComparison.Ordinal);
            yield return line.Replace("\"", "\t\"", StringComparison.Ordinal);
        }

        // Around the 512 bytes the quote mask covers, with and without escapes, whole and cut.
        foreach (int length in new[] { 31, 32, 33, 63, 64, 65, 480, 500, 511, 512, 513, 600, 5000 })
        {
            foreach (string value in new[] { new string('x', length), string.Concat(Enumerable.Repeat("a\\\"", length / 3)) })
            {
                string line = $"{{\"level\":\"warn\",\"msg\":\"{value}\",\"time\":\"2026-11-20T10:00:00Z\"}}";
                yield return line;
                yield return line[..(line.Length - 2)];
                yield return line[..(line.Length - 30)];
                yield return $"{{\"msg\":\"{value}\",\"level\":\"error\"}}";
                yield return $"{{\"msg\":\"{value[..(length / 2)]}";
            }
        }

        foreach (int depth in new[] { 30, 31, 32, 33, 62, 63, 64, 65, 66 })
        {
            yield return $"{{\"a\":{new string('[', depth)}{new string(']', depth)},\"level\":\"warn\"}}";
            yield return $"{{\"log\":{{\"a\":{new string('[', depth)}{new string(']', depth)},\"level\":\"warn\"}}}}";
            yield return $"{{\"a\":{string.Concat(Enumerable.Repeat("{\"b\":", depth))}1{new string('}', depth)},\"level\":\"warn\"}}";
        }
    }

    internal static IEnumerable<string> LogfmtCornerLines()
    {
        // Around the 32-byte blocks of the masks and the 8192 bytes beyond which lines are left to the character parser.
        foreach (int length in new[] { 1, 20, 31, 32, 33, 63, 64, 65, 500, 8150, 8191, 8192, 8193, 9000 })
        {
            string value = new('x', length);
            yield return $"level=warn msg={value} time=2026-11-20T10:00:00Z";
            yield return $"msg=\"{value}\" level=error";
            yield return $"msg=\"{value}";
            yield return $"a={value} level=info"[..Math.Min(length, 40)];
            yield return $"level=warn msg=\"{value}\\\" x\" time=2026-11-20T10:00:00Z";
        }

        foreach (string line in LogfmtCorners.Split('\n'))
        {
            yield return line;
            yield return line + " ";
            yield return " " + line;
            yield return line + "\t";
            yield return line.Replace(" ", "\t", StringComparison.Ordinal);
            yield return line.Replace("=", "=\t", StringComparison.Ordinal);
            yield return line.Replace("=\"", "=\"\t", StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FastJson_decides_exactly_like_TryJson_on_the_corpus_and_its_damage()
    {
        (int accepted, int rejected, _) = CompareJson(FastPathCorpus.StructuredLines(seed: 3, count: 15000));
        Assert.True(accepted > 5000, $"accepted {accepted}");
        Assert.True(rejected > 2000, $"rejected {rejected}");
    }

    [Fact]
    public void FastJson_decides_exactly_like_TryJson_on_hand_written_corners()
    {
        (int accepted, int rejected, _) = CompareJson(JsonCornerLines());
        Assert.True(accepted > 200, $"accepted {accepted}");
        Assert.True(rejected > 200, $"rejected {rejected}");
    }

    [Fact]
    public void FastLogfmt_decides_exactly_like_TryLogfmt_on_the_corpus_its_damage_and_corners()
    {
        (int accepted, int rejected, _) = CompareLogfmt(FastPathCorpus.StructuredLines(seed: 4, count: 15000).Concat(LogfmtCornerLines()).Concat(FastPathCorpus.Lines(seed: 5, count: 3000)));
        Assert.True(accepted > 5000, $"accepted {accepted}");
        Assert.True(rejected > 5000, $"rejected {rejected}");
    }

    [Fact]
    public void The_fast_path_agrees_with_the_character_parser_on_structured_corners()
    {
        LineParserFastPathTests.Compare(JsonCornerLines().Concat(LogfmtCornerLines()).Concat(FastPathCorpus.StructuredLines(seed: 6, count: 3000)), out _);
    }

    [Fact]
    public void The_fast_path_takes_at_least_95_percent_of_the_lines_of_every_common_JSON_shape()
    {
        foreach (int shape in FastPathCorpus.CommonJsonShapes)
        {
            var lines = FastPathCorpus.StructuredShape(shape, seed: 7, count: 400).ToList();
            LineParserFastPathTests.Compare(lines, out int taken);
            Assert.True(taken >= lines.Count * 95 / 100, $"JSON shape {shape}: the fast path took {taken} of {lines.Count}, e.g. {lines[0]}");
        }
    }

    [Fact]
    public void FastLogfmt_accepts_at_least_95_percent_of_the_lines_of_every_common_logfmt_shape()
    {
        var parser = new LineParser(null, null, null);
        foreach (int shape in FastPathCorpus.CommonLogfmtShapes)
        {
            var lines = FastPathCorpus.StructuredShape(shape, seed: 8, count: 400).ToList();
            int accepted = lines.Count(line => parser.FastLogfmtForTests(Encoding.UTF8.GetBytes(line), (LogLevel)int.MaxValue, out _) == FastOutcome.Accepted);
            Assert.True(accepted >= lines.Count * 95 / 100, $"logfmt shape {shape}: FastLogfmt accepted {accepted} of {lines.Count}, e.g. {lines[0]}");
        }
    }

    [Fact]
    public void The_fast_path_takes_at_least_95_percent_of_the_lines_of_every_common_logfmt_shape()
    {
        // Through the whole fast path: the text steps (.NET console, syslog, Python basic) must reject these lines first.
        foreach (int shape in FastPathCorpus.CommonLogfmtShapes)
        {
            var lines = FastPathCorpus.StructuredShape(shape, seed: 10, count: 400).ToList();
            LineParserFastPathTests.Compare(lines, out int taken);
            Assert.True(taken >= lines.Count * 95 / 100, $"logfmt shape {shape}: the fast path took {taken} of {lines.Count}, e.g. {lines[0]}");
        }
    }

    [Theory]
    [InlineData("""{"@t":"2026-11-20T10:00:00.1234567Z","@mt":"Hello {Name}","@l":"Warning","Name":"x"}""")]
    [InlineData("""{"@t":"2026-11-20T10:00:00.1234567Z","@mt":"Hello {Name}","Name":"x"}""")]
    [InlineData("""{"Timestamp":"2026-11-20T10:00:00.1234567+01:00","Level":"Information","MessageTemplate":"x","Properties":{"SourceContext":"App"}}""")]
    [InlineData("""{"name":"app","hostname":"h","pid":12,"level":30,"msg":"hi","time":"2026-11-20T10:00:00.000Z","v":0}""")]
    [InlineData("""{"level":30,"time":1732600000000,"pid":1,"hostname":"h","msg":"hello"}""")]
    [InlineData("""{"level":"info","ts":1732600000.1234567,"caller":"main.go:12","msg":"hi","k":1}""")]
    [InlineData("""{"event": "user \"alice\" logged in", "level": "info", "logger": "api", "timestamp": "2026-11-20T10:00:00.123456Z"}""")]
    [InlineData("""{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1732600000123456","PRIORITY":"6","_PID":"12","MESSAGE":"x","SYSLOG_IDENTIFIER":"sshd"}""")]
    [InlineData("""{"@timestamp":"2026-11-20T10:00:00.000Z","log":{"level":"warn","logger":"x"},"message":"x","ecs.version":"1.6.0"}""")]
    [InlineData("""{"timestamp":"2026-11-20T00:00:00.372Z","level":"info","service":"api","traceId":"40b79df0","message":"request GET /api/orders/76124 completed status=200 in 232ms"}""")]
    public void Common_JSON_shapes_are_taken_by_the_fast_path(string line)
    {
        var parser = new LineParser(null, null, null);
        Assert.True(parser.TryParseFast(Encoding.UTF8.GetBytes(line), true, (LogLevel)int.MaxValue, out LogLine parsed, out bool starts), line);
        Assert.True(starts);
        Assert.Equal(LogFormat.JsonLines, parsed.Format);
        Assert.True(parsed.HasTimestamp, line);
        LineParserFastPathTests.Compare([line], out int taken);
        Assert.Equal(1, taken);
    }

    [Theory]
    [InlineData("time=2026-11-20T00:00:00.500Z level=info msg=\"cache miss for key session:3683ebe063da\" duration_ms=106")]
    [InlineData("ts=2026-11-20T10:00:00.123Z lvl=warn caller=main.go:42 msg=started")]
    [InlineData("level=info ts=2026-11-20T10:00:00.123456789Z caller=server.go:38 msg=\"listening on :8080\"")]
    [InlineData("time=\"2026-11-20T10:00:00+01:00\" level=warning msg=\"disk \\\"sda\\\" almost full\" free=3%")]
    [InlineData("time=2026-11-20T10:00:00.123+01:00 level=INFO msg=\"hello world\" count=3")]
    public void Common_logfmt_shapes_are_accepted_by_FastLogfmt_and_taken_by_the_fast_path(string line)
    {
        var parser = new LineParser(null, null, null);
        Assert.True(parser.TryParseFast(Encoding.UTF8.GetBytes(line), true, (LogLevel)int.MaxValue, out LogLine taken, out bool starts), line);
        Assert.True(starts);
        Assert.Equal(LogFormat.Logfmt, taken.Format);
        Assert.Equal(FastOutcome.Accepted, parser.FastLogfmtForTests(Encoding.UTF8.GetBytes(line), (LogLevel)int.MaxValue, out LogLine parsed));
        Assert.Equal(LogFormat.Logfmt, parsed.Format);
        Assert.True(parsed.HasTimestamp, line);
        Assert.True(parser.TryLogfmtForTests(line, (LogLevel)int.MaxValue, out LogLine expected));
        Assert.Equal(LineParserFastPathTests.Describe(expected), LineParserFastPathTests.Describe(parsed));
    }

    private static readonly string[] s_levelWords =
    [
        "TRACE", "TRC", "VERBOSE", "VRB", "FINEST", "FINER", "ALL", "DEBUG", "DBG", "DEBU", "FINE", "INFO", "INF", "INFORMATION", "INFORMATIONAL", "INFOS", "CONFIG",
        "NOTICE", "NOTE", "NOT", "WARN", "WARNING", "WRN", "WARNS", "ERROR", "ERR", "ERRO", "ERRORS", "FAIL", "SEVERE", "EROR", "CRITICAL", "CRIT", "CRT", "ALERT",
        "CRITI", "FATAL", "FTL", "EMERG", "EMERGENCY", "PANIC", "FATA", "DPANIC", "dpanic", "DPanic", "",
    ];

    private static readonly string[] s_jsonKeys =
    [
        "t", "@l", "@m", "@t", "ts", "lvl", "msg", "@mt", "log", "text", "body", "time", "date", "level", "message", "priority", "severity", "loglevel", "datetime", "asctime",
        "log.level", "levelname", "timestamp", "level_name", "@timestamp", "timecreated", "severitytext", "severity_text", "syslog.severity", "leveldisplayname",
        "__realtime_timestamp", "error_severity", "", "x", "levels", "logs", "msgs", "tss",
    ];

    /// <summary>Each word in three casings, and changed by one byte (replaced, dropped, appended) with bytes that fold alike.</summary>
    private static IEnumerable<string> Variants(IEnumerable<string> words)
    {
        const string Bytes = "aAzZ@`_.-0 ~\x7f[{";
        foreach (string word in words)
        {
            foreach (string cased in new[] { word.ToLowerInvariant(), word.ToUpperInvariant(), CultureInfo.InvariantCulture.TextInfo.ToTitleCase(word.ToLowerInvariant()) })
            {
                yield return cased;
                for (int i = 0; i <= cased.Length; i++)
                {
                    foreach (char c in Bytes)
                    {
                        yield return cased[..i] + c + cased[i..];
                        if (i < cased.Length)
                        {
                            yield return cased[..i] + c + cased[(i + 1)..];
                        }
                    }

                    if (i < cased.Length)
                    {
                        yield return cased[..i] + (char)(cased[i] ^ 0x20) + cased[(i + 1)..];
                        yield return cased[..i] + cased[(i + 1)..];
                    }
                }
            }
        }

        for (int a = 0x20; a < 0x7f; a++)
        {
            yield return ((char)a).ToString();
            for (int b = 0x20; b < 0x7f; b++)
            {
                yield return $"{(char)a}{(char)b}";
            }
        }
    }

    [Fact]
    public void Level_words_read_from_bytes_exactly_as_LevelNames_Parse_reads_them()
    {
        int known = 0;
        foreach (string word in Variants(s_levelWords))
        {
            (LogLevel fast, LogLevel characters) = LineParser.LevelWordForTests(word);
            Assert.True(fast == characters, $"'{word}': fast {fast}, characters {characters}");
            known += characters == LogLevel.Unknown ? 0 : 1;
        }

        Assert.True(known > 200, $"known {known}");
    }

    [Fact]
    public void JSON_keys_classify_from_bytes_exactly_as_ClassifyJsonBytes_does()
    {
        int known = 0;
        foreach (string key in Variants(s_jsonKeys))
        {
            (string fast, string characters) = LineParser.JsonFieldForTests(key);
            Assert.True(fast == characters, $"'{key}': fast {fast}, characters {characters}");
            known += characters.StartsWith("Other", StringComparison.Ordinal) ? 0 : 1;
        }

        Assert.True(known > 100, $"known {known}");
    }

    [Fact]
    public void Logfmt_keys_in_any_case_and_their_near_misses_read_exactly_as_TryLogfmt_reads_them()
    {
        string[] keys = ["level", "lvl", "severity", "loglevel", "msg", "message", "time", "ts", "t", "timestamp"];
        var lines = Variants(keys).SelectMany(key => new[] { $"{key}=warn", $"{key}=2026-11-20T10:00:00Z msg=x", $"a=1 {key}=error" });
        (int accepted, _, _) = CompareLogfmt(lines);
        Assert.True(accepted > 1000, $"accepted {accepted}");
    }

    [Fact]
    public void Timestamps_read_from_bytes_exactly_as_TimestampParser_TryParseValue_reads_them()
    {
        var random = new Random(9);
        string[] seeds =
        [
            "2026-11-20T10:00:00Z", "2026-11-20T10:00:00.123456789+01:00", "2026-11-20 10:00:00,5 -0530", "2026/11/20 10:00:00", "2026-11-20_10:00:00z", "2024-02-29T23:59:60.9999999Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.99999999Z", "2026-11-20T10:00:00+14:00", "2026-11-20T10:00:00+1459", "2026-11-20 10:00:00 +0100", "1732600000",
            "1732600000123", "1732600000123456", "1732600000.5", "20/Nov/2026:10:00:00 +0000", "Nov 20 10:00:00", "Fri Nov 20 10:00:00 2026", "99999999", "100000001",
            "1795773615123456789", "179577361512345678", "17957736151234567", "9223372036854775807", "100000000000000001", "1795773615123456789.5",
        ];
        const string Noise = " -:/T_Z+.,0123456789zx\t";
        var parser = new LineParser(null, null, null);
        int parsed = 0;
        for (int n = 0; n < 40000; n++)
        {
            string value = seeds[random.Next(seeds.Length)];
            int changes = random.Next(3);
            for (int c = 0; c < changes && value.Length > 0; c++)
            {
                int at = random.Next(value.Length);
                value = random.Next(3) switch
                {
                    0 => value[..at] + Noise[random.Next(Noise.Length)] + value[(at + 1)..],
                    1 => value[..at] + Noise[random.Next(Noise.Length)] + value[at..],
                    _ => value[..at] + value[(at + 1)..],
                };
            }

            (RawTimestamp? fast, RawTimestamp? characters) = parser.TimestampForTests(value);
            if (fast is not null)
            {
                Assert.True(fast == characters, $"'{value}': fast {fast}, characters {characters}");
                parsed += characters == default(RawTimestamp) ? 0 : 1;
            }
        }

        Assert.True(parsed > 10000, $"parsed {parsed}");
    }

    [Fact]
    public void The_fast_path_agrees_on_the_structured_lines_of_real_logs_when_a_corpus_folder_is_given()
    {
        string? folder = Environment.GetEnvironmentVariable("OPSMODULE_FASTPATH_CORPUS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        foreach (string file in System.IO.Directory.EnumerateFiles(folder, "*.log"))
        {
            CompareLogfmt(System.IO.File.ReadLines(file));
            CompareJson(System.IO.File.ReadLines(file));
        }
    }

    /// <summary>FastJson against TryJson on each line starting with '{' (its precondition): Accepted and Rejected must be exact.</summary>
    private static (int Accepted, int Rejected, int Unsure) CompareJson(IEnumerable<string> lines)
    {
        var fast = new LineParser(null, null, null);
        var slow = new LineParser(null, null, null);
        int accepted = 0, rejected = 0, unsure = 0;
        foreach (string line in lines)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(line);
            if (line.Length == 0 || line[0] != '{' || !Ascii.IsValid(utf8))
            {
                continue;
            }

            foreach (LogLevel messageFrom in s_messageFrom)
            {
                FastOutcome outcome = fast.FastJsonForTests(utf8, messageFrom, out LogLine f);
                bool expected = slow.TryJsonForTests(utf8, line, messageFrom, out LogLine s);
                string context = $"line '{line}' (messageFrom {messageFrom})";
                switch (outcome)
                {
                    case FastOutcome.Accepted:
                        accepted++;
                        Assert.True(expected, $"FastJson accepted, TryJson false: {context}");
                        Assert.True(LineParserFastPathTests.Describe(s) == LineParserFastPathTests.Describe(f), $"fast {LineParserFastPathTests.Describe(f)}, characters {LineParserFastPathTests.Describe(s)}: {context}");
                        break;
                    case FastOutcome.Rejected:
                        rejected++;
                        Assert.False(expected, $"FastJson rejected, TryJson true: {context}");
                        break;
                    default:
                        unsure++;
                        break;
                }
            }
        }

        return (accepted, rejected, unsure);
    }

    /// <summary>FastLogfmt against TryLogfmt on each ASCII line: Accepted and Rejected must be exact.</summary>
    private static (int Accepted, int Rejected, int Unsure) CompareLogfmt(IEnumerable<string> lines)
    {
        var fast = new LineParser(null, null, null);
        var slow = new LineParser(null, null, null);
        int accepted = 0, rejected = 0, unsure = 0;
        foreach (string line in lines)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(line);
            if (!Ascii.IsValid(utf8))
            {
                continue;
            }

            foreach (LogLevel messageFrom in s_messageFrom)
            {
                FastOutcome outcome = fast.FastLogfmtForTests(utf8, messageFrom, out LogLine f);
                bool expected = slow.TryLogfmtForTests(line, messageFrom, out LogLine s);
                string context = $"line '{line}' (messageFrom {messageFrom})";
                switch (outcome)
                {
                    case FastOutcome.Accepted:
                        accepted++;
                        Assert.True(expected, $"FastLogfmt accepted, TryLogfmt false: {context}");
                        Assert.True(LineParserFastPathTests.Describe(s) == LineParserFastPathTests.Describe(f), $"fast {LineParserFastPathTests.Describe(f)}, characters {LineParserFastPathTests.Describe(s)}: {context}");
                        break;
                    case FastOutcome.Rejected:
                        rejected++;
                        Assert.False(expected, $"FastLogfmt rejected, TryLogfmt true: {context}");
                        Assert.True(LineParserFastPathTests.Describe(default) == LineParserFastPathTests.Describe(s), $"TryLogfmt left {LineParserFastPathTests.Describe(s)}: {context}");
                        break;
                    default:
                        unsure++;
                        break;
                }
            }
        }

        return (accepted, rejected, unsure);
    }
}
