using System.Buffers;
using MessagePack;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>
/// MessagePack-CSharp's writer (a ref struct) behind a class, so tests can build files one value at a time from
/// lambdas and break one rule at a time.
/// </summary>
internal sealed class Pack
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    private delegate void Step(ref MessagePackWriter writer);

    public static byte[] Encode(Action<Pack> write)
    {
        var pack = new Pack();
        write(pack);
        return pack._buffer.WrittenSpan.ToArray();
    }

    public void WriteMapHeader(uint count) => Do((ref MessagePackWriter w) => w.WriteMapHeader(count));

    public void WriteArrayHeader(uint count) => Do((ref MessagePackWriter w) => w.WriteArrayHeader(count));

    public void WriteString(string value) => Do((ref MessagePackWriter w) => w.Write(value));

    public void WriteInt64(long value) => Do((ref MessagePackWriter w) => w.Write(value));

    public void WriteDouble(double value) => Do((ref MessagePackWriter w) => w.Write(value));

    public void WriteBinary(byte[] value) => Do((ref MessagePackWriter w) => w.Write(value));

    public void WriteNil() => Do((ref MessagePackWriter w) => w.WriteNil());

    /// <summary>Bytes as they are, for encodings the writer would not choose.</summary>
    public void WriteRaw(byte[] bytes) => Do((ref MessagePackWriter w) => w.WriteRaw(bytes));

    private void Do(Step step)
    {
        var writer = new MessagePackWriter(_buffer);
        step(ref writer);
        writer.Flush();
    }
}
