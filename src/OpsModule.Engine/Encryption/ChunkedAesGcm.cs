using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace OpsModule.Engine.Encryption;

/// <summary>
/// Client-side encryption of artifacts: AES-256-GCM over fixed-size chunks, streamed in both directions.
/// Format (docs/backup-encryption.md): a 20-byte header <c>"OPSAEAD1"</c> | chunk size (uint32 big-endian) |
/// 8 random nonce bytes; then chunks of <c>ciphertext | 16-byte tag</c>. Chunk <c>i</c> uses the nonce
/// <c>noncePrefix | uint32 big-endian i</c> and the associated data <c>header | final flag</c> (1 for the last
/// chunk, else 0). Every chunk but the last holds exactly chunk-size plaintext bytes; the last holds 0 to
/// chunk-size, so truncation, reordering and appended bytes all fail authentication.
/// </summary>
internal static class ChunkedAesGcm
{
    /// <summary>The algorithm's name as the manifest records it.</summary>
    internal const string AlgorithmName = "AES-256-GCM-CHUNKED-1";

    /// <summary>Plaintext bytes per chunk unless told otherwise.</summary>
    internal const int DefaultChunkSize = 1024 * 1024;

    internal const int HeaderLength = 20;
    internal const int TagLength = 16;
    private const int NoncePrefixLength = 8;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("OPSAEAD1");

    /// <summary>A write-only stream that encrypts into <paramref name="inner"/>; dispose it to write the final chunk.</summary>
    internal static Stream Encrypt(Stream inner, EncryptionKey key, int chunkSize = DefaultChunkSize, bool leaveOpen = true) =>
        new EncryptingStream(inner, key, chunkSize, leaveOpen);

    /// <summary>
    /// A read-only stream that decrypts <paramref name="inner"/>; a damaged or wrong-key artifact throws InvalidDataException.
    /// An artifact written with the all-zero key (what a raw 32-byte key file gave before that was fixed, under the file's
    /// fingerprint) is still read, and <paramref name="zeroKeyUsed"/> is called once so the caller can say so.
    /// </summary>
    internal static Stream Decrypt(Stream inner, EncryptionKey key, bool leaveOpen = true, Action? zeroKeyUsed = null) =>
        new DecryptingStream(inner, key, leaveOpen, zeroKeyUsed);

    private static void Nonce(Span<byte> nonce, ReadOnlySpan<byte> header, uint index)
    {
        header.Slice(12, NoncePrefixLength).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixLength..], index);
    }

    private static byte[] Aad(ReadOnlySpan<byte> header, bool final)
    {
        var aad = new byte[HeaderLength + 1];
        header.CopyTo(aad);
        aad[HeaderLength] = final ? (byte)1 : (byte)0;
        return aad;
    }

    private sealed class EncryptingStream : Stream
    {
        private readonly Stream _inner;
        private readonly AesGcm _aes;
        private readonly bool _leaveOpen;
        private readonly byte[] _header = new byte[HeaderLength];
        private readonly byte[] _plain;
        private readonly byte[] _cipher;
        private readonly byte[] _tag = new byte[TagLength];
        private int _filled;
        private uint _index;
        private long _written;
        private bool _finished;

        internal EncryptingStream(Stream inner, EncryptionKey key, int chunkSize, bool leaveOpen)
        {
            _inner = inner;
            _leaveOpen = leaveOpen;
            _aes = new AesGcm(key.Bytes, TagLength);
            _plain = new byte[chunkSize];
            _cipher = new byte[chunkSize];
            Magic.CopyTo(_header, 0);
            BinaryPrimitives.WriteUInt32BigEndian(_header.AsSpan(8), (uint)chunkSize);
            RandomNumberGenerator.Fill(_header.AsSpan(12, NoncePrefixLength));
            _inner.Write(_header);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            while (!buffer.IsEmpty)
            {
                if (_filled == _plain.Length)
                {
                    // More data follows a full chunk, so that chunk is not the last one.
                    Seal(final: false);
                }

                int take = Math.Min(_plain.Length - _filled, buffer.Length);
                buffer[..take].CopyTo(_plain.AsSpan(_filled));
                _filled += take;
                _written += take;
                buffer = buffer[take..];
            }
        }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_finished)
            {
                try
                {
                    Seal(final: true);
                    _inner.Flush();
                }
                finally
                {
                    _finished = true;
                    _aes.Dispose();
                    CryptographicOperations.ZeroMemory(_plain);
                    if (!_leaveOpen)
                    {
                        _inner.Dispose();
                    }
                }
            }

            base.Dispose(disposing);
        }

        private void Seal(bool final)
        {
            Span<byte> nonce = stackalloc byte[12];
            Nonce(nonce, _header, _index);
            _aes.Encrypt(nonce, _plain.AsSpan(0, _filled), _cipher.AsSpan(0, _filled), _tag, Aad(_header, final));
            _inner.Write(_cipher, 0, _filled);
            _inner.Write(_tag);
            _index = checked(_index + 1);
            _filled = 0;
        }
    }

    private sealed class DecryptingStream : Stream
    {
        private readonly Stream _inner;
        private readonly bool _leaveOpen;
        private readonly Action? _zeroKeyUsed;
        private AesGcm _aes;
        private readonly byte[] _header = new byte[HeaderLength];
        private byte[] _record = [];
        private byte[] _plain = [];
        private int _plainLength;
        private int _plainOffset;
        private int _carry = -1;
        private uint _index;
        private bool _done;
        private bool _started;
        private long _read;

        internal DecryptingStream(Stream inner, EncryptionKey key, bool leaveOpen, Action? zeroKeyUsed)
        {
            _inner = inner;
            _leaveOpen = leaveOpen;
            _zeroKeyUsed = zeroKeyUsed;
            _aes = new AesGcm(key.Bytes, TagLength);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_started)
            {
                Start();
            }

            while (_plainOffset == _plainLength)
            {
                if (_done)
                {
                    return 0;
                }

                Open();
            }

            int take = Math.Min(buffer.Length, _plainLength - _plainOffset);
            _plain.AsSpan(_plainOffset, take).CopyTo(buffer);
            _plainOffset += take;
            _read += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _aes.Dispose();
                CryptographicOperations.ZeroMemory(_plain);
                if (!_leaveOpen)
                {
                    _inner.Dispose();
                }
            }

            base.Dispose(disposing);
        }

        private void Start()
        {
            _started = true;
            if (ReadFull(_header, 0, HeaderLength) != HeaderLength || !_header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                throw new InvalidDataException("The artifact is not in OpsModule's client-side encryption format (no OPSAEAD1 header).");
            }

            uint chunkSize = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(8));
            if (chunkSize is 0 or > 64 * 1024 * 1024)
            {
                throw new InvalidDataException($"The encrypted artifact's chunk size {chunkSize} is not valid.");
            }

            _record = new byte[chunkSize + TagLength];
            _plain = new byte[chunkSize];
        }

        private void Open()
        {
            int n = 0;
            if (_carry >= 0)
            {
                _record[0] = (byte)_carry;
                _carry = -1;
                n = 1;
            }

            n += ReadFull(_record, n, _record.Length - n);
            if (n < TagLength)
            {
                throw new InvalidDataException("The encrypted artifact is truncated (a chunk is shorter than its authentication tag).");
            }

            bool final = true;
            if (n == _record.Length)
            {
                int next = _inner.ReadByte();
                if (next >= 0)
                {
                    _carry = next;
                    final = false;
                }
            }

            int length = n - TagLength;
            Span<byte> nonce = stackalloc byte[12];
            Nonce(nonce, _header, _index);
            try
            {
                _aes.Decrypt(nonce, _record.AsSpan(0, length), _record.AsSpan(length, TagLength), _plain.AsSpan(0, length), Aad(_header, final));
            }
            catch (AuthenticationTagMismatchException ex)
            {
                if (_index != 0 || !OpensWithZeroKey(nonce, length, final))
                {
                    throw new InvalidDataException($"Chunk {_index} of the encrypted artifact failed authentication: the key is wrong or the artifact was altered or truncated.", ex);
                }
            }

            _index = checked(_index + 1);
            _plainLength = length;
            _plainOffset = 0;
            _done = final;
        }

        /// <summary>
        /// Whether the first chunk opens with the all-zero key, which a raw 32-byte key file gave before that was fixed (the
        /// manifest has the file's fingerprint, so the key check passed): then the rest is read with it too.
        /// </summary>
        private bool OpensWithZeroKey(ReadOnlySpan<byte> nonce, int length, bool final)
        {
            var zero = new AesGcm(new byte[EncryptionKey.KeyLength], TagLength);
            try
            {
                zero.Decrypt(nonce, _record.AsSpan(0, length), _record.AsSpan(length, TagLength), _plain.AsSpan(0, length), Aad(_header, final));
            }
            catch (AuthenticationTagMismatchException)
            {
                zero.Dispose();
                return false;
            }

            _aes.Dispose();
            _aes = zero;
            _zeroKeyUsed?.Invoke();
            return true;
        }

        private int ReadFull(byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int read = _inner.Read(buffer, offset + total, count - total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }
}
