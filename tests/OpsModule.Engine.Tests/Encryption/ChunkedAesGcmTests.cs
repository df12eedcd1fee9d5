using System;
using System.IO;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Encryption;

public class ChunkedAesGcmTests
{
    private const int Chunk = 4096;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData((3 * Chunk) + 17)]
    public void Round_trips_any_length(int length)
    {
        using EncryptionKey key = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        byte[] plain = RandomNumberGenerator.GetBytes(length);

        byte[] sealedBytes = Encrypt(plain, key);

        Assert.Equal(ChunkedAesGcm.HeaderLength + length + (ChunkedAesGcm.TagLength * Math.Max(1, (length + Chunk - 1) / Chunk)), sealedBytes.Length);
        Assert.Equal(plain, Decrypt(sealedBytes, key));
    }

    [Fact]
    public void The_ciphertext_holds_none_of_the_plaintext()
    {
        using EncryptionKey key = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        byte[] plain = Encoding.UTF8.GetBytes(string.Concat(System.Linq.Enumerable.Repeat("customer-secret-row ", 2000)));

        byte[] sealedBytes = Encrypt(plain, key);

        Assert.Equal(-1, sealedBytes.AsSpan().IndexOf("customer-secret"u8));
    }

    [Fact]
    public void A_wrong_key_fails_authentication()
    {
        using EncryptionKey key = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        using EncryptionKey other = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        byte[] sealedBytes = Encrypt(RandomNumberGenerator.GetBytes(10_000), key);

        var error = Assert.Throws<InvalidDataException>(() => Decrypt(sealedBytes, other));
        Assert.Contains("failed authentication", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(key.Fingerprint, other.Fingerprint);
    }

    [Theory]
    [InlineData("truncate-at-chunk")]
    [InlineData("flip")]
    [InlineData("append")]
    [InlineData("swap")]
    public void Damage_is_detected(string damage)
    {
        using EncryptionKey key = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        byte[] s = Encrypt(RandomNumberGenerator.GetBytes((3 * Chunk) + 5), key);
        int record = Chunk + ChunkedAesGcm.TagLength;
        byte[] damaged = damage switch
        {
            // Dropping whole trailing chunks leaves a valid-looking stream; the final flag catches it.
            "truncate-at-chunk" => s[..(ChunkedAesGcm.HeaderLength + (2 * record))],
            "flip" => Flip(s, ChunkedAesGcm.HeaderLength + 100),
            "append" => [.. s, .. new byte[ChunkedAesGcm.TagLength + 1]],
            _ => Swap(s, ChunkedAesGcm.HeaderLength, record),
        };

        Assert.Throws<InvalidDataException>(() => Decrypt(damaged, key));
    }

    [Fact]
    public void Keys_load_from_raw_hex_and_base64_files_and_a_SecureString_with_one_fingerprint()
    {
        using var temp = new TempFolder();
        byte[] raw = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(temp.Combine("raw.key"), raw);
        File.WriteAllText(temp.Combine("hex.key"), Convert.ToHexString(raw) + "\n");
        File.WriteAllText(temp.Combine("b64.key"), Convert.ToBase64String(raw));
        using var secure = new SecureString();
        foreach (char c in Convert.ToBase64String(raw))
        {
            secure.AppendChar(c);
        }

        using EncryptionKey fromRaw = EncryptionKey.FromFile(temp.Combine("raw.key"));
        using EncryptionKey fromHex = EncryptionKey.FromFile(temp.Combine("hex.key"));
        using EncryptionKey fromB64 = EncryptionKey.FromFile(temp.Combine("b64.key"));
        using EncryptionKey fromSecure = EncryptionKey.FromSecureString(secure);

        Assert.Equal(32, fromRaw.Fingerprint.Length);
        Assert.Equal(fromRaw.Fingerprint, fromHex.Fingerprint);
        Assert.Equal(fromRaw.Fingerprint, fromB64.Fingerprint);
        Assert.Equal(fromRaw.Fingerprint, fromSecure.Fingerprint);
        Assert.DoesNotContain(Convert.ToHexString(raw).ToLowerInvariant()[..16], fromRaw.Fingerprint, StringComparison.Ordinal);

        // One key, not one fingerprint over different keys: what a raw key file encrypts, its hex or SecureString form
        // decrypts, and the all-zero key does not (a raw key file's key was once the zeroed read buffer).
        Assert.Equal(raw, fromRaw.Bytes.ToArray());
        byte[] plain = RandomNumberGenerator.GetBytes(10_000);
        Assert.Equal(plain, Decrypt(Encrypt(plain, fromRaw), fromSecure));
        Assert.Equal(plain, Decrypt(Encrypt(plain, fromSecure), fromRaw));
        using EncryptionKey zero = EncryptionKey.FromBytes(new byte[32]);
        Assert.Throws<InvalidDataException>(() => Decrypt(Encrypt(plain, fromRaw), zero));
    }

    [Fact]
    public void An_artifact_sealed_with_the_all_zero_key_still_opens_with_its_key_and_says_so()
    {
        // What a raw 32-byte key file produced before the fix: sealed with zeros, under the real key's fingerprint.
        using EncryptionKey real = EncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        using EncryptionKey zero = EncryptionKey.FromBytes(new byte[32]);
        byte[] plain = RandomNumberGenerator.GetBytes((3 * Chunk) + 5);
        byte[] sealedBytes = Encrypt(plain, zero);
        int said = 0;

        using var input = new MemoryStream(sealedBytes);
        using Stream decrypt = ChunkedAesGcm.Decrypt(input, real, zeroKeyUsed: () => said++);
        using var output = new MemoryStream();
        decrypt.CopyTo(output, 777);

        Assert.Equal(plain, output.ToArray());
        Assert.Equal(1, said);

        // Damage is still damage: a flipped byte in a later chunk fails authentication with the zero key too.
        sealedBytes[ChunkedAesGcm.HeaderLength + Chunk + ChunkedAesGcm.TagLength + 3] ^= 1;
        Assert.Throws<InvalidDataException>(() => Decrypt(sealedBytes, real));
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_InvalidArgument()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("short.key"), "0123456789abcdef");

        var error = Assert.Throws<OpsException>(() => EncryptionKey.FromFile(temp.Combine("short.key")));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.DoesNotContain("0123456789abcdef", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_as_a_plain_string_is_InvalidArgument_that_shows_how_to_give_a_SecureString_and_never_the_string()
    {
        // The string as pwsh resolves it against the current folder: a pasted base64 key is no file there.
        using var temp = new TempFolder();
        string pasted = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var error = Assert.Throws<OpsException>(() => EncryptionKey.FromFile(temp.Combine(pasted)));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Equal("EncryptionKey", error.Target);
        Assert.Contains("SecureString", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConvertTo-SecureString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted[..16], error.ToString(), StringComparison.Ordinal);
    }

    private static byte[] Encrypt(byte[] plain, EncryptionKey key)
    {
        using var output = new MemoryStream();
        using (Stream encrypt = ChunkedAesGcm.Encrypt(output, key, Chunk))
        {
            // Odd write sizes, as a compressor makes them.
            for (int offset = 0; offset < plain.Length; offset += 1000)
            {
                encrypt.Write(plain, offset, Math.Min(1000, plain.Length - offset));
            }
        }

        return output.ToArray();
    }

    private static byte[] Decrypt(byte[] sealedBytes, EncryptionKey key)
    {
        using var input = new MemoryStream(sealedBytes);
        using Stream decrypt = ChunkedAesGcm.Decrypt(input, key);
        using var output = new MemoryStream();
        decrypt.CopyTo(output, 777);
        return output.ToArray();
    }

    private static byte[] Flip(byte[] data, int at)
    {
        byte[] copy = (byte[])data.Clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static byte[] Swap(byte[] data, int start, int record)
    {
        byte[] copy = (byte[])data.Clone();
        data.AsSpan(start, record).CopyTo(copy.AsSpan(start + record));
        data.AsSpan(start + record, record).CopyTo(copy.AsSpan(start));
        return copy;
    }
}
