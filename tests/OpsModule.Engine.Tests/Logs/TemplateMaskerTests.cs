using System;
using System.Text;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>The hand-written masker does exactly what its specification, the regular expression, does.</summary>
public sealed class TemplateMaskerTests
{
    [Theory]
    [InlineData("Connection to 10.0.0.5:5432 timed out after 3000 ms", "Connection to <*> timed out after <*> ms")]
    [InlineData("request GET /api/orders/123 completed status=200 in 45ms", "request GET /api/orders/<*> completed status=<*> in <*>")]
    [InlineData("user 'alice' from \"10.1.1.1\" session 0x7fff1a2b id 3f2a9c1d7e", "user <*> from <*> session <*> id <*>")]
    [InlineData("at 2026-11-20T10:00:01.123+01:00 and 10:00:02,5 uuid 123e4567-e89b-12d3-a456-426614174000", "at <*> and <*> uuid <*>")]
    [InlineData("v6 fe80::1ff:fe23:4567:890a and ::1 blk_-1608999687919862906 size 67108864", "v6 <*> and <*> blk_<*> size <*>")]
    [InlineData("10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829", "<*> \"GET <*>\" status: <*> len: <*> time: <*>")]
    [InlineData("\"DELETE /v2/servers/b9000564 HTTP/2\" and \"POST /x\" but \"GET a b\" and x\"GET /y\"", "\"DELETE <*>\" and \"POST <*>\" but <*> and x\"GET /y\"")]
    [InlineData("checkpoint complete: lsn=0/1A2B3C4, redo lsn=0/1A2B3C4; commit 3f2a9c1 id abc123 but sha256 decade b2b", "checkpoint complete: lsn=<*>/<*>, redo lsn=<*>/<*>; commit <*> id <*> but sha256 decade b2b")]
    [InlineData("ActivityRecord{3b04890 u0 com.example/.Main t761} and {de9231d u0} but facade1 and c0ffee stay", "ActivityRecord{<*> u0 com.example/.Main t761} and {<*> u0} but facade1 and c0ffee stay")]
    [InlineData("expired at 27/Nov/2026:10:00:00 +0000 for [3/Dec/2025:23:59:59 -0500] or 27/Nov/2026:10:00:00, not 127/Nov/2026:10:00:00", "expired at <*> for [<*>] or <*>, not <*>/Nov/<*>")]
    public void Masks_the_variables_of_typical_messages(string message, string masked)
    {
        Assert.Equal(masked, TemplateMasker.Mask(message));
        Assert.Equal(TemplateMasker.Variables().Replace(message, TemplateMasker.Wildcard), TemplateMasker.Mask(message));
    }

    [Theory]
    [InlineData("cache entry expired at 27/Nov/2026:10:00:00 +0000 for key k")]
    [InlineData("cache entry expired at 3/Dec/2025:23:59:59 -0500 for key k")]
    [InlineData("cache entry expired at 27/Nov/2026:10:00:00 for key k")]
    public void A_common_log_format_stamp_is_one_value_like_an_iso_stamp(string message)
    {
        Assert.Equal(TemplateMasker.Mask("cache entry expired at 2026-11-27T10:00:00Z for key k"), TemplateMasker.Mask(message));
        Assert.Equal("cache entry expired at <*> for key k", TemplateMasker.Mask(message));
    }

    [Fact]
    public void Agrees_with_the_regular_expression_on_random_text_full_of_edge_cases()
    {
        // Characters around which the shapes begin, end or backtrack, plus a non-ASCII digit, letter and space.
        string[] pieces =
        [
            "0", "1", "7", "9", "12", "123", "2026", "a", "f", "F", "e4", "x", "X", "g", "Z", "T", "m", "s", "ms", "%", "\u00b5", "_",
            ".", ",", ":", "::", "-", "+", "/", " ", "\t", "\"", "'", "\u0663", "\u00e9", "\u00a0", "10.0.0.5", "2026-11-20", "10:00:00",
            "0x1F", "deadbeef42", "1a2b3c", "ab12c", "a1b2", "cafe01", "123e4567-e89b-12d3-a456-426614174000", "fe80::1", "GET ", "DELETE ", "OPTIONS ", " HTTP/1.1", " HTTP/2", "HTTP/",
            "\"GET /a HTTP/1.1\"", "\"POST /v2/x/events HTTP/1.0\"",
            "Nov", "nov", "/Nov/", "/Dec/2025:", "27/Nov/2026:10:00:00", "3/Jan/2026:00:00:0", " +0000", " -0530", "+0100", " +00000",
        ];
        var random = new Random(20261127);
        var text = new StringBuilder();
        for (int n = 0; n < 30000; n++)
        {
            text.Clear();
            int count = random.Next(1, 12);
            for (int k = 0; k < count; k++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            string message = text.ToString();
            string expected = TemplateMasker.Variables().Replace(message, TemplateMasker.Wildcard);
            Assert.True(expected == TemplateMasker.Mask(message), $"'{message}': expected '{expected}', got '{TemplateMasker.Mask(message)}'");
        }
    }
}
