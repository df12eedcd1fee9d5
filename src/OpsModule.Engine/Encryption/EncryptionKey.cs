using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace OpsModule.Engine.Encryption;

/// <summary>
/// A 256-bit key for client-side encryption, from a key file (32 raw bytes, or 64 hex digits or base64 text) or
/// from a SecureString holding the hex or base64 text. Only its fingerprint is ever written anywhere.
/// </summary>
internal sealed class EncryptionKey : IDisposable
{
    internal const int KeyLength = 32;
    private static readonly byte[] FingerprintLabel = Encoding.ASCII.GetBytes("OpsModule key fingerprint v1\0");
    private readonly byte[] _key;

    private EncryptionKey(byte[] key)
    {
        _key = key;
        Fingerprint = ComputeFingerprint(key);
    }

    /// <summary>A SHA-256 based fingerprint (32 hex digits) that identifies the key without revealing it.</summary>
    internal string Fingerprint { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    internal static EncryptionKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw Invalid("the key", $"An encryption key has {KeyLength} bytes; this one has {key.Length}.");
        }

        return new EncryptionKey(key.ToArray());
    }

    /// <summary>Reads a key file: exactly 32 bytes, or text of 64 hex digits or base64 of 32 bytes.</summary>
    internal static EncryptionKey FromFile(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // The string may be the key itself (base64 or hex pasted in): never echoed, not even in an inner exception.
            throw new OpsException(
                ErrorIds.InvalidArgument,
                OpsErrorCategory.InvalidArgument,
                "EncryptionKey",
                "-EncryptionKey was given a string that is no existing file (it is not shown here, as it may be the key itself). -EncryptionKey takes the path of a key file, "
                    + "or a SecureString holding the key's hex or base64 text: -EncryptionKey (ConvertTo-SecureString $keyText -AsPlainText -Force), or (Read-Host -AsSecureString).");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, path, $"Cannot read the encryption key file '{path}': {ex.Message}", ex);
        }

        try
        {
            if (content.Length == KeyLength)
            {
                // A copy: the file's bytes are zeroed below (the key once kept this very array, and so was all zeros).
                return new EncryptionKey((byte[])content.Clone());
            }

            return FromText(Encoding.ASCII.GetString(content).Trim(), path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>Reads a key given as a SecureString holding 64 hex digits or the base64 of 32 bytes.</summary>
    internal static EncryptionKey FromSecureString(SecureString secure)
    {
        IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            string text = Marshal.PtrToStringUni(pointer, secure.Length);
            return FromText(text.Trim(), "the SecureString");
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private static EncryptionKey FromText(string text, string source)
    {
        byte[]? key = null;
        if (text.Length == KeyLength * 2)
        {
            try
            {
                key = Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                key = null;
            }
        }

        if (key is null)
        {
            var buffer = new byte[KeyLength + 3];
            if (Convert.TryFromBase64String(text, buffer, out int written) && written == KeyLength)
            {
                key = buffer[..KeyLength];
            }

            CryptographicOperations.ZeroMemory(buffer);
        }

        return key is null
            ? throw Invalid(source, $"The encryption key in {source} is not 32 bytes, 64 hex digits or the base64 of 32 bytes. Make one with: openssl rand -out backup.key 32")
            : new EncryptionKey(key);
    }

    private static string ComputeFingerprint(byte[] key)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(FingerprintLabel);
        hash.AppendData(key);
        return Convert.ToHexString(hash.GetHashAndReset().AsSpan(0, 16)).ToLowerInvariant();
    }

    private static OpsException Invalid(string target, string message) =>
        new(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, target, message);
}
