using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer;

/// <summary>
/// Shard <c>Index</c> of <c>Count</c>: the rows whose resolved clip path hashes to <c>Index</c>. The hash is the first 8
/// bytes of SHA-256 of the path's UTF-8 bytes, read big-endian, modulo <c>Count</c>: stable across processes, machines
/// and languages (<c>int(sha256(p).hexdigest()[:16], 16) % N</c> in Python), so N machines take disjoint shares.
/// </summary>
public sealed record ShardSpec
{
    public ShardSpec(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new UsageException($"--shard: {index}/{count} is not a shard: need 0 <= index < count");
        }

        Index = index;
        Count = count;
    }

    public int Index { get; }

    public int Count { get; }

    /// <summary>Parses <c>i/N</c>, e.g. <c>0/2</c>.</summary>
    /// <exception cref="UsageException">Not two plain integers with 0 ≤ i &lt; N.</exception>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new UsageException($"--shard: '{text}' is not INDEX/COUNT (e.g. 0/4)");
        }

        return new ShardSpec(index, count);
    }

    /// <summary>The shard that owns <paramref name="resolvedPath"/> among <paramref name="count"/>.</summary>
    public static int Of(string resolvedPath, int count)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(resolvedPath), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>True when this shard owns <paramref name="resolvedPath"/>.</summary>
    public bool Owns(string resolvedPath) => Count == 1 || Of(resolvedPath, Count) == Index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
