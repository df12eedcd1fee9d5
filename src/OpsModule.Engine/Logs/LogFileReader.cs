using System;
using System.Buffers;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Logs;

/// <summary>Receives the lines of a log as UTF-8 bytes (CR LF already cut to LF, the newline removed).</summary>
internal interface ILogLineSink
{
    /// <summary>One line; <paramref name="cut"/> when the line was longer than <see cref="LogFileReader.MaxLineBytes"/> and only its start is given.</summary>
    void AddLine(ReadOnlySpan<byte> line, bool cut);
}

/// <summary>
/// Streams the lines of a log file in a bounded buffer: gzip (detected by its magic bytes, so rotated
/// <c>.gz</c> files and renamed ones both work), UTF-8 or UTF-16 (by BOM, or UTF-16 by its zero bytes), CR LF
/// or LF (or CR alone, when the first MiB has a CR and no LF), with or without a final newline. A line longer than <see cref="MaxLineBytes"/> is cut there (one
/// warning per file, reported by the caller); a file with zero bytes in its first block is refused as binary.
/// Lines are handed over as byte spans of the read buffer (UTF-16 files are transcoded to UTF-8 line by line), so
/// reading allocates nothing per line.
/// </summary>
internal static class LogFileReader
{
    internal const int MaxLineBytes = 1024 * 1024;
    private const int BufferSize = 2 * 1024 * 1024;

    /// <summary>The bytes at the start of a file that must have a CR and no LF for its lines to be read as ending with CR alone.</summary>
    private const int CrProbeBytes = 1024 * 1024;

    /// <summary>Reads <paramref name="path"/>, handing each line to <paramref name="sink"/>; returns the bytes read (after decompression).</summary>
    internal static long Read(string path, ILogLineSink sink, IOperationObserver observer, CancellationToken cancellationToken) => ReadRange(path, 0, -1, sink, observer, cancellationToken);

    /// <summary>
    /// Reads the bytes from <paramref name="start"/> to <paramref name="end"/> (-1: the end of the file) of a plain file; both must be line starts.
    /// A range that does not start at 0 is read as UTF-8 without a BOM (the caller checked the file's encoding).
    /// </summary>
    internal static long ReadRange(string path, long start, long end, ILogLineSink sink, IOperationObserver observer, CancellationToken cancellationToken)
    {
        if (UnixFile.SpecialKind(path) is string special && !UnixFile.IsDevNull(path))
        {
            // Opening a FIFO waits for a writer, and a device has no end (nginx's and httpd's images link their logs to
            // /dev/stdout and /dev/stderr): this file only, never the run.
            throw new OpsException(
                ErrorIds.LogFileUnreadable,
                OpsErrorCategory.InvalidArgument,
                path,
                $"Log file '{path}' is {special}{UnixFile.LinkNote(path)}, not a file with an end: it was not read, and the other files are still counted. Pipe what its writer writes into Measure-LogErrors instead (docker logs app 2>&1 | Measure-LogErrors).");
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OpsException(ErrorIds.SourceNotFound, OpsErrorCategory.ObjectNotFound, path, $"Log file '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(ErrorIds.LogFileUnreadable, OpsErrorCategory.PermissionDenied, path, $"Log file '{path}' cannot be read: {Messages.Sentence(ex.Message)} Check its permissions; the other files are still counted.", ex);
        }

        using (file)
        {
            try
            {
                if (start == 0 && end < 0)
                {
                    long lengthAtStart = file.Length;
                    long total = ReadStream(path, file, sink, observer, cancellationToken);
                    long lengthAtEnd = file.Length;
                    if (lengthAtEnd < lengthAtStart)
                    {
                        observer.Warning($"Log file '{path}' shrank from {lengthAtStart} to {lengthAtEnd} bytes while it was read (truncated, as a copy-and-truncate rotation does): the counts cover what was read before.");
                    }

                    return total;
                }

                file.Seek(start, SeekOrigin.Begin);
                var limited = new LimitedStream(file, end < 0 ? long.MaxValue : end - start);
                if (start == 0)
                {
                    return ReadStream(path, limited, sink, observer, cancellationToken);
                }

                byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                try
                {
                    int filled = limited.ReadAtLeast(buffer.AsSpan(0, 4096), 4096, throwOnEndOfStream: false);
                    return ReadUtf8(buffer, 0, filled, limited, sink, cancellationToken);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new OpsException(ErrorIds.LogFileUnreadable, OpsErrorCategory.InvalidData, path, $"Log file '{path}' could not be read to the end: {Messages.Sentence(ex.Message)} The file was not counted.", ex);
            }
        }
    }

    private static readonly byte[] s_xzMagic = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];
    private static readonly byte[] s_zstdMagic = [0x28, 0xB5, 0x2F, 0xFD];
    private static readonly byte[] s_sevenZipMagic = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C];

    /// <summary>The compression other than gzip that a file starts with (rotated logs compressed by xz, bzip2, zstd, zip), or null.</summary>
    private static (string Name, string Tool)? CompressionName(ReadOnlySpan<byte> start) =>
        start.StartsWith(s_xzMagic) ? ("xz", "xz -d")
        : start.StartsWith("BZh"u8) && start.Length > 3 && start[3] is >= (byte)'1' and <= (byte)'9' ? ("bzip2", "bunzip2")
        : start.StartsWith(s_zstdMagic) ? ("zstd", "zstd -d")
        : start.StartsWith("PK\x03\x04"u8) ? ("zip", "Expand-Archive")
        : start.StartsWith(s_sevenZipMagic) ? ("7-Zip", "7z x")
        : null;

    /// <summary>Reads lines from any stream (used for files and tests); a gzip stream is checked against its trailer at the end.</summary>
    internal static long ReadStream(string name, Stream raw, ILogLineSink sink, IOperationObserver observer, CancellationToken cancellationToken)
    {
        long origin = raw.CanSeek ? raw.Position : -1;
        byte[] head = new byte[2];
        int headLength = raw.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        Stream joined = new PrefixedStream(head.AsMemory(0, headLength), raw);
        if (headLength < 2 || head[0] != 0x1F || head[1] != 0x8B)
        {
            using (joined)
            {
                return ReadDecoded(name, joined, sink, observer, cancellationToken);
            }
        }

        var tail = new TailStream(joined);
        var gzip = new SalvagingGZipStream(tail, raw, origin, cancellationToken);
        using var check = new CheckedStream(gzip);
        long total;
        try
        {
            total = ReadDecoded(name, check, sink, observer, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(name, check.Decompressed, $"'{name}' is damaged: it decompresses to {check.Decompressed} bytes, then its data is invalid", ex);
        }

        if (gzip.Damage is InvalidDataException damage)
        {
            throw Damaged(name, check.Decompressed, $"'{name}' is damaged: it decompresses to {check.Decompressed} bytes, then its data is invalid", damage);
        }

        VerifyGzip(name, raw, tail, check);
        return total;
    }

    /// <summary>The key of an error's Data that marks a damaged .gz whose lines before the damage were given to the sink (and count).</summary>
    internal const string PartialBytesKey = "OpsModule.PartialBytes";

    private static OpsException Damaged(string name, long decompressed, string what, Exception? inner = null)
    {
        var error = new OpsException(ErrorIds.LogFileUnreadable, OpsErrorCategory.InvalidData, name,
            $"{what}; the lines that decompress before the damage were counted, as zcat shows them (`gzip -t` reports the damage too).", inner);
        error.Data[PartialBytesKey] = decompressed;
        return error;
    }

    private static long ReadDecoded(string name, Stream stream, ILogLineSink sink, IOperationObserver observer, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int filled = stream.ReadAtLeast(buffer.AsSpan(0, 4096), 4096, throwOnEndOfStream: false);
            if (filled == 0)
            {
                observer.Warning($"Log file '{name}' is empty.");
                return 0;
            }

            ReadOnlySpan<byte> start = buffer.AsSpan(0, filled);
            Encoding? wide = DetectWide(start, out int bomLength);
            if (wide is not null)
            {
                return ReadWide(buffer, filled, bomLength, stream, wide, sink, cancellationToken);
            }

            if (start.IndexOf((byte)0) >= 0 || CompressionName(start) is not null)
            {
                string message = CompressionName(start) is (string compression, string tool)
                    ? $"'{name}' is compressed with {compression}, which Measure-LogErrors does not read (only gzip); it was skipped. Decompress it first ({tool})."
                    : $"'{name}' is not a text log (it contains zero bytes); it was skipped.";
                throw new OpsException(ErrorIds.LogFileIsBinary, OpsErrorCategory.InvalidData, name, message);
            }

            int offset = start.StartsWith("\uFEFF"u8) ? 3 : 0;
            if (start.IndexOf((byte)'\n') < 0)
            {
                // Maybe lines that end with CR alone (classic Mac OS, some serial-console captures), maybe a long first line
                // with CRs in it (a progress bar) before CR LF: only a first MiB with CRs and no LF at all is read as CR lines.
                filled += stream.ReadAtLeast(buffer.AsSpan(filled, CrProbeBytes - filled), CrProbeBytes - filled, throwOnEndOfStream: false);
                if (buffer.AsSpan(0, filled).IndexOf((byte)'\n') < 0 && buffer.AsSpan(0, filled).IndexOf((byte)'\r') >= 0)
                {
                    buffer.AsSpan(0, filled).Replace((byte)'\r', (byte)'\n');
                    using var lines = new CrLineEndStream(stream);
                    return ReadUtf8(buffer, offset, filled, lines, sink, cancellationToken);
                }
            }

            return ReadUtf8(buffer, offset, filled, stream, sink, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// GZipStream ends quietly at the end of a cut-short file, so the data read is checked against the gzip trailer
    /// (CRC-32 and size of the last member, in the last 8 bytes). Several members (<c>cat a.gz b.gz</c>) match when the
    /// data's last <c>size</c> bytes have the trailer's CRC (read once more, only then).
    /// </summary>
    private static void VerifyGzip(string name, Stream raw, TailStream tail, CheckedStream check)
    {
        uint crc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail.Last8);
        uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail.Last8.AsSpan(4));
        if (tail.Total >= 18 && ((check.Crc == crc && (uint)check.Decompressed == size) || SuffixMatches(raw, check.Decompressed, size, crc)))
        {
            return;
        }

        throw Damaged(name, check.Decompressed, $"'{name}' is cut short or damaged: what it decompresses to does not match its gzip trailer");
    }

    private static bool SuffixMatches(Stream raw, long length, uint size, uint crc)
    {
        if (!raw.CanSeek || size > length || length > uint.MaxValue)
        {
            return false;
        }

        raw.Seek(0, SeekOrigin.Begin);
        using var again = new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            long skip = length - size;
            var hash = new System.IO.Hashing.Crc32();
            int n;
            while ((n = again.Read(buffer)) > 0)
            {
                int from = (int)Math.Clamp(skip, 0, n);
                hash.Append(buffer.AsSpan(from, n - from));
                skip -= from;
            }

            return hash.GetCurrentHashAsUInt32() == crc;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Encoding? DetectWide(ReadOnlySpan<byte> start, out int bomLength)
    {
        bomLength = 2;
        if (start.Length >= 2 && start[0] == 0xFF && start[1] == 0xFE)
        {
            return Encoding.Unicode;
        }

        if (start.Length >= 2 && start[0] == 0xFE && start[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode;
        }

        bomLength = 0;

        // BOM-less UTF-16 text: ASCII characters with a zero byte after (LE) or before (BE) each one.
        if (start.Length >= 8 && start[0] != 0 && start[1] == 0 && start[2] != 0 && start[3] == 0)
        {
            return Encoding.Unicode;
        }

        return start.Length >= 8 && start[0] == 0 && start[1] != 0 && start[2] == 0 && start[3] != 0 ? Encoding.BigEndianUnicode : null;
    }

    private static long ReadUtf8(byte[] buffer, int offset, int filled, Stream stream, ILogLineSink sink, CancellationToken cancellationToken)
    {
        long total = filled;
        bool skipping = false;
        int lineStart = offset;
        int scan = offset;
        while (true)
        {
            int newline = buffer.AsSpan(scan, filled - scan).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int end = scan + newline;
                if (skipping)
                {
                    skipping = false;
                }
                else
                {
                    int length = end - lineStart;
                    Emit(sink, buffer.AsSpan(lineStart, Math.Min(length, MaxLineBytes)), length > MaxLineBytes);
                }

                lineStart = scan = end + 1;
                continue;
            }

            // No newline in the buffer: keep the partial line and read more.
            int pending = filled - lineStart;
            if (pending > MaxLineBytes && !skipping)
            {
                Emit(sink, buffer.AsSpan(lineStart, MaxLineBytes), true);
                skipping = true;
                lineStart = scan = filled;
                pending = 0;
            }
            else if (skipping)
            {
                lineStart = scan = filled;
                pending = 0;
            }

            if (lineStart > 0)
            {
                buffer.AsSpan(lineStart, pending).CopyTo(buffer);
            }

            filled = pending;
            scan = pending;
            lineStart = 0;
            cancellationToken.ThrowIfCancellationRequested();
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                if (filled > 0 && !skipping)
                {
                    Emit(sink, buffer.AsSpan(0, Math.Min(filled, MaxLineBytes)), filled > MaxLineBytes);
                }

                return total;
            }

            total += read;
            filled += read;
        }
    }

    private static void Emit(ILogLineSink sink, ReadOnlySpan<byte> bytes, bool cut)
    {
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        sink.AddLine(bytes, cut);
    }

    private static long ReadWide(byte[] buffer, int filled, int bomLength, Stream stream, Encoding encoding, ILogLineSink sink, CancellationToken cancellationToken)
    {
        var counting = new PrefixedStream(buffer.AsMemory(bomLength, filled - bomLength).ToArray(), stream);
        using var reader = new StreamReader(counting, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 65536, leaveOpen: true);
        byte[] utf8 = new byte[4096];
        while (reader.ReadLine() is string line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool cut = line.Length > MaxLineBytes;
            ReadOnlySpan<char> chars = cut ? line.AsSpan(0, MaxLineBytes) : line;
            int needed = Encoding.UTF8.GetMaxByteCount(chars.Length);
            if (utf8.Length < needed)
            {
                utf8 = new byte[needed];
            }

            int n = Encoding.UTF8.GetBytes(chars, utf8);
            sink.AddLine(utf8.AsSpan(0, n), cut);
        }

        return counting.BytesRead + bomLength;
    }

    /// <summary>Remembers the last 8 bytes read from a stream (a gzip file's trailer) and how many were read.</summary>
    /// <summary>A stream whose CR bytes read as LF (for a log whose lines end with CR alone); it leaves the inner stream open.</summary>
    private sealed class CrLineEndStream(Stream inner) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            buffer[..n].Replace((byte)'\r', (byte)'\n');
            return n;
        }
    }

    private sealed class TailStream(Stream inner) : ReadOnlyStream
    {
        internal byte[] Last8 { get; } = new byte[8];

        internal long Total { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            if (n >= 8)
            {
                buffer.Slice(n - 8, 8).CopyTo(Last8);
            }
            else if (n > 0)
            {
                Last8.AsSpan(n).CopyTo(Last8);
                buffer[..n].CopyTo(Last8.AsSpan(8 - n));
            }

            Total += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Decompresses gzip and, when the data turns out damaged, still gives what decompresses before the damage (as zcat
    /// shows it), then ends as if the file ended there, with <see cref="Damage"/> set. GZipStream throws for the whole
    /// Read call and drops what that call had decompressed (up to a whole buffer), so on the error the file is
    /// decompressed again from its start, the bytes already given skipped, and the rest read one byte a call up to the
    /// damage: a damaged file costs a second decompression, an intact one nothing. The call that meets the damage still
    /// drops its byte (the newline of the last line, when the damage is a wrong CRC), so the line before the damage
    /// counts as what is left of it. Without a seekable source, or when nothing decompresses at all, the error is thrown.
    /// </summary>
    private sealed class SalvagingGZipStream(Stream compressed, Stream raw, long origin, CancellationToken cancellationToken) : ReadOnlyStream
    {
        private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress);
        private long _given;
        private byte[]? _salvaged;
        private int _salvagedOffset;

        /// <summary>The error that ended the data early, or null.</summary>
        internal InvalidDataException? Damage { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (Damage is null)
            {
                try
                {
                    int n = _gzip.Read(buffer);
                    _given += n;
                    return n;
                }
                catch (InvalidDataException ex) when (origin >= 0)
                {
                    _salvaged = Salvage();
                    if (_given + _salvaged.Length == 0)
                    {
                        throw;
                    }

                    Damage = ex;
                }
            }

            int count = Math.Min(buffer.Length, _salvaged!.Length - _salvagedOffset);
            _salvaged.AsSpan(_salvagedOffset, count).CopyTo(buffer);
            _salvagedOffset += count;
            return count;
        }

        /// <summary>The bytes after the first <c>_given</c> that decompress before the damage.</summary>
        private byte[] Salvage()
        {
            raw.Seek(origin, SeekOrigin.Begin);
            using var again = new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true);
            using var salvaged = new MemoryStream();
            byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                for (long skip = _given; skip > 0;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = again.Read(buffer, 0, (int)Math.Min(skip, buffer.Length));
                    if (n == 0)
                    {
                        return [];
                    }

                    skip -= n;
                }

                while (again.Read(buffer, 0, 1) == 1)
                {
                    salvaged.WriteByte(buffer[0]);
                }
            }
            catch (InvalidDataException)
            {
                // The damage: what was read before it is the salvage.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return salvaged.ToArray();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The CRC-32 and length of everything read through it.</summary>
    private sealed class CheckedStream(Stream inner) : ReadOnlyStream
    {
        private readonly System.IO.Hashing.Crc32 _crc = new();

        internal long Decompressed { get; private set; }

        internal uint Crc => _crc.GetCurrentHashAsUInt32();

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _crc.Append(buffer[..n]);
            Decompressed += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A read-only view of the next <c>length</c> bytes of a stream.</summary>
    private sealed class LimitedStream(Stream inner, long length) : ReadOnlyStream
    {
        private long _left = length;

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0)
            {
                return 0;
            }

            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= n;
            return n;
        }
    }

    /// <summary>A stream that first returns bytes already read, then the rest of the inner stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        internal long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            int n;
            if (!_prefix.IsEmpty)
            {
                n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer);
                _prefix = _prefix[n..];
            }
            else
            {
                n = inner.Read(buffer);
            }

            BytesRead += n;
            return n;
        }
    }
}
