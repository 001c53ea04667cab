using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security;
using System.Security.Cryptography;

namespace HookSafety.Hooks;

/// <summary>
/// Which patch assembly files a host admits (<see cref="PatchAssembly.Load(string, PatchTrust)"/>), as the kernel admits
/// only signed livepatch modules: checked on the file's bytes before any of its code runs.
/// </summary>
public abstract class PatchTrust
{
    private PatchTrust()
    {
    }

    /// <summary>Admits a file whose SHA-256 is one of <paramref name="hexHashes"/> (64 hexadecimal digits each, any case).</summary>
    /// <param name="hexHashes">The SHA-256 of each admitted file.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">No hash is given, or one is not 64 hexadecimal digits.</exception>
    public static PatchTrust Sha256(params string[] hexHashes)
    {
        ArgumentNullException.ThrowIfNull(hexHashes);
        if (hexHashes.Length == 0)
        {
            throw new ArgumentException("Give at least one SHA-256 hash: an empty allowlist admits nothing.", nameof(hexHashes));
        }

        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hash in hexHashes)
        {
            hashes.Add(Hex(hash, 32, nameof(hexHashes), "SHA-256"));
        }

        return new HashPolicy(hashes);
    }

    /// <summary>
    /// Admits an assembly strong-named with the key whose public key token is <paramref name="token"/> (16 hexadecimal
    /// digits): its name carries that public key, and its strong-name signature is valid for its bytes and that key.
    /// </summary>
    /// <param name="token">The public key token, as <c>sn -T</c> or an assembly's full name shows it.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is not 16 hexadecimal digits.</exception>
    public static PatchTrust PublicKeyToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new KeyPolicy(Hex(token, 8, nameof(token), "public key token"));
    }

    /// <summary>Throws <see cref="SecurityException"/>, naming the file and why, unless the policy admits it.</summary>
    internal abstract void Admit(string path, byte[] image);

    private static string Hex(string text, int bytes, string parameter, string what)
    {
        var hex = text.Trim().ToLowerInvariant();
        if (hex.Length != bytes * 2 || !hex.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"'{text}' is not a {what}: expected {bytes * 2} hexadecimal digits.", parameter);
        }

        return hex;
    }

    private sealed class HashPolicy : PatchTrust
    {
        private readonly HashSet<string> _hashes;

        public HashPolicy(HashSet<string> hashes) => _hashes = hashes;

        internal override void Admit(string path, byte[] image)
        {
            var hash = Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant();
            if (!_hashes.Contains(hash))
            {
                throw new SecurityException($"The patch assembly '{path}' is not trusted: its SHA-256 is {hash}, which is not on the host's allowlist. Nothing of it was loaded.");
            }
        }
    }

    private sealed class KeyPolicy : PatchTrust
    {
        private readonly string _token;

        public KeyPolicy(string token) => _token = token;

        internal override void Admit(string path, byte[] image)
        {
            var refusal = StrongName.Check(image, _token);
            if (refusal is not null)
            {
                throw new SecurityException($"The patch assembly '{path}' is not trusted: {refusal}. Nothing of it was loaded.");
            }
        }
    }

    /// <summary>
    /// The strong-name check (ECMA-335 II.6.2.1.3): the public key in the assembly's name, and its signature over the
    /// image's bytes (all but the checksum, the certificate table entry and the signature itself), verified with that key.
    /// </summary>
    private static class StrongName
    {
        private const int HeaderSize = 12; // signature algorithm, hash algorithm, size of the key blob
        private const int CapiHeaderSize = 20; // BLOBHEADER (8) and RSAPUBKEY (12)

        /// <summary>Why the image is not strong-named with the key of <paramref name="token"/>, or null when it is.</summary>
        public static string? Check(byte[] image, string token)
        {
            using var pe = new PEReader(new MemoryStream(image, writable: false));
            var headers = pe.PEHeaders;
            var reader = pe.GetMetadataReader();
            var key = reader.GetBlobBytes(reader.GetAssemblyDefinition().PublicKey);
            if (key.Length == 0)
            {
                return $"it is not strong-named, and the host admits only assemblies signed with the key of public key token {token}";
            }

            var actual = TokenOf(key);
            if (actual != token)
            {
                return $"it is strong-named with the key of public key token {actual}, not {token}";
            }

            var directory = headers.CorHeader!.StrongNameSignatureDirectory;
            if ((headers.CorHeader.Flags & CorFlags.StrongNameSigned) == 0 || directory.Size == 0
                || !headers.TryGetDirectoryOffset(directory, out var signatureOffset))
            {
                return "its name carries the key, but it is not signed (delay-signed or public-signed)";
            }

            if (!TryReadKey(key, out var parameters, out var hashAlgorithm))
            {
                return "its public key is not an RSA key the strong-name check can read";
            }

            var signature = image.AsSpan(signatureOffset, directory.Size).ToArray();
            Array.Reverse(signature);
            using var rsa = RSA.Create();
            rsa.ImportParameters(parameters);
            return rsa.VerifyHash(Hash(image, headers, signatureOffset, directory.Size, hashAlgorithm), signature, hashAlgorithm, RSASignaturePadding.Pkcs1)
                ? null
                : "its strong-name signature does not match its bytes: it was changed after it was signed, or signed with another key";
        }

        /// <summary>The public key token: the last 8 bytes of the SHA-1 of the public key, in reverse order.</summary>
        private static string TokenOf(byte[] key)
        {
#pragma warning disable CA5350 // The public key token is defined as a SHA-1 digest (ECMA-335 II.6.2.1.3); it names a key, it protects nothing.
            var digest = SHA1.HashData(key);
#pragma warning restore CA5350
            var token = digest.AsSpan(digest.Length - 8).ToArray();
            Array.Reverse(token);
            return Convert.ToHexString(token).ToLowerInvariant();
        }

        private static bool TryReadKey(byte[] key, out RSAParameters parameters, out HashAlgorithmName hashAlgorithm)
        {
            parameters = default;
            hashAlgorithm = HashAlgorithmName.SHA1;
            if (key.Length < HeaderSize + CapiHeaderSize || key[HeaderSize] != 0x06 /* PUBLICKEYBLOB */
                || BitConverter.ToUInt32(key, HeaderSize + 8) != 0x31415352 /* 'RSA1' */)
            {
                return false;
            }

            hashAlgorithm = BitConverter.ToUInt32(key, 4) switch
            {
                0x800c => HashAlgorithmName.SHA256,
                0x800d => HashAlgorithmName.SHA384,
                0x800e => HashAlgorithmName.SHA512,
                _ => HashAlgorithmName.SHA1,
            };
            var bits = BitConverter.ToInt32(key, HeaderSize + 12);
            var exponent = BitConverter.ToUInt32(key, HeaderSize + 16);
            if (bits <= 0 || bits % 8 != 0 || key.Length < HeaderSize + CapiHeaderSize + (bits / 8))
            {
                return false;
            }

            var modulus = key.AsSpan(HeaderSize + CapiHeaderSize, bits / 8).ToArray();
            Array.Reverse(modulus);
            var exponentBytes = BitConverter.GetBytes(exponent);
            Array.Reverse(exponentBytes);
            parameters = new RSAParameters { Modulus = modulus, Exponent = exponentBytes.SkipWhile(b => b == 0).ToArray() };
            return true;
        }

        /// <summary>The hash the signature signs: headers and sections, with the checksum and the certificate entry zeroed, the signature left out.</summary>
        private static byte[] Hash(byte[] image, PEHeaders headers, int signatureOffset, int signatureSize, HashAlgorithmName algorithm)
        {
            var copy = (byte[])image.Clone();
            var optionalHeader = headers.PEHeaderStartOffset;
            Array.Clear(copy, optionalHeader + 64, 4); // CheckSum
            var certificateEntry = optionalHeader + (headers.PEHeader!.Magic == PEMagic.PE32 ? 128 : 144);
            Array.Clear(copy, certificateEntry, 8); // the Certificate Table's data directory entry

            using var hash = IncrementalHash.CreateHash(algorithm);
            hash.AppendData(copy, 0, optionalHeader + headers.CoffHeader.SizeOfOptionalHeader + (40 * headers.SectionHeaders.Length));
            foreach (var section in headers.SectionHeaders)
            {
                var start = section.PointerToRawData;
                var end = start + section.SizeOfRawData;
                if (signatureOffset + signatureSize <= start || signatureOffset >= end)
                {
                    hash.AppendData(copy, start, section.SizeOfRawData);
                    continue;
                }

                hash.AppendData(copy, start, signatureOffset - start);
                hash.AppendData(copy, signatureOffset + signatureSize, end - (signatureOffset + signatureSize));
            }

            return hash.GetHashAndReset();
        }
    }
}
