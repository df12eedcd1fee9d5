using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Logs;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>
/// A damaged .gz counts the lines that decompress before the damage, as zcat shows them: each case is a real file with
/// one byte broken, compared with the same bytes decompressed here one byte a read up to the error.
/// </summary>
public sealed class DamagedGzipTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.10)]
    [InlineData(0.60)]
    public async Task A_damaged_gz_counts_every_line_that_decompresses_before_the_damage(double where)
    {
        byte[] gz = Gzip(ErrorLines(3000));
        gz[(int)(gz.Length * where)] ^= 0xFF;
        string file = _folder.Combine($"damaged-{where}.log.gz");
        File.WriteAllBytes(file, gz);
        byte[] before = DecompressedBeforeDamage(gz);
        int intact = before.Count(b => b == (byte)'\n');

        (LogSummary summary, List<OpsException> errors) = await Scan(file);

        // Every intact line, and the line the damage cuts as what is left of it (it may lack only its newline).
        Assert.True(intact > 0, "the damage is after the first line");
        Assert.Equal(intact + (before[^1] == (byte)'\n' ? 0 : 1), summary.Lines);
        Assert.Equal(before.Length, summary.Bytes);
        OpsException error = Assert.Single(errors);
        Assert.Equal(ErrorIds.LogFileUnreadable, error.ErrorId);
        Assert.Equal($"'{file}' is damaged: it decompresses to {before.Length} bytes, then its data is invalid; the lines that decompress before the damage were counted, as zcat shows them (`gzip -t` reports the damage too).", error.Message);
    }

    [Fact]
    public async Task A_gz_whose_crc_does_not_match_counts_all_its_lines()
    {
        // zcat shows every line and then reports the CRC; GZipStream throws in the read that gives the last byte.
        byte[] gz = Gzip(ErrorLines(3000));
        gz[^8] ^= 0xFF;
        string file = _folder.Combine("crc.log.gz");
        File.WriteAllBytes(file, gz);

        (LogSummary summary, List<OpsException> errors) = await Scan(file);

        Assert.Equal(3000, summary.Lines);
        Assert.Equal(3000, summary.Errors);
        Assert.Equal(ErrorIds.LogFileUnreadable, Assert.Single(errors).ErrorId);
    }

    private static byte[] ErrorLines(int count)
    {
        var random = new Random(9);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"2026-11-27 10:{i / 60 % 60:D2}:{i % 60:D2},000 ERROR request {random.Next(1, 1_000_000_000)} failed\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    /// <summary>What decompresses before the damage, one byte a read (the read that meets the damage gives nothing).</summary>
    private static byte[] DecompressedBeforeDamage(byte[] gz)
    {
        using var gzip = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        var before = new List<byte>();
        byte[] one = new byte[1];
        try
        {
            while (gzip.Read(one) == 1)
            {
                before.Add(one[0]);
            }
        }
        catch (InvalidDataException)
        {
            return [.. before];
        }

        throw new InvalidOperationException("The file is not damaged.");
    }

    private static async Task<(LogSummary Summary, List<OpsException> Errors)> Scan(string file)
    {
        var errors = new List<OpsException>();
        var options = new LogScanOptions { Level = LogLevel.Trace, ThrottleLimit = 1, TimeZone = TimeZoneInfo.Utc };
        LogScanResult result = await new LogScanEngine(options, NullObserver.Instance).ScanAsync([file], errors.Add, CancellationToken.None);
        return (result.Summary, errors);
    }
}
