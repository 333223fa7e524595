using System.Security.Cryptography;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>SHA-256 content hashes as lowercase hex, the identity a sidecar records for its reference clip and model.</summary>
public static class ContentHash
{
    /// <summary>Hashes a file's bytes, streaming (memory does not grow with the file). A missing file is an <see cref="InvalidInputException"/>.</summary>
    public static string Sha256OfFile(string path)
    {
        using FileStream stream = OpenForHashing(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Hashes a file's bytes asynchronously, streaming.</summary>
    public static async Task<string> Sha256OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using FileStream stream = OpenForHashing(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Hashes the rest of a stream.</summary>
    public static string Sha256Of(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    /// <summary>Hashes bytes.</summary>
    public static string Sha256Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>True for 64 lowercase hex digits.</summary>
    public static bool IsSha256Hex(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static FileStream OpenForHashing(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"cannot hash '{path}': file not found", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot hash '{path}': {e.Message}", path, e);
        }
    }
}
