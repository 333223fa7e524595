using System.Buffers.Binary;
using Google.Protobuf;
using VmafRoi.Onnx.Proto;

namespace VmafRoi.Onnx;

/// <summary>Builds and reads <see cref="TensorProto"/> values stored as little-endian <c>raw_data</c>.</summary>
public static class OnnxTensors
{
    /// <summary>A float tensor; empty <paramref name="dims"/> makes a scalar.</summary>
    public static TensorProto Float(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        return Make(name, TensorElementType.Float, raw, dims);
    }

    /// <summary>An int64 tensor; shapes, axes, pads and sizes must be int64 in ONNX.</summary>
    public static TensorProto Int64(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        byte[] raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return Make(name, TensorElementType.Int64, raw, dims);
    }

    /// <summary>The values of a float tensor, from <c>raw_data</c> or <c>float_data</c>.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != (int)TensorElementType.Float)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' is data type {tensor.DataType}, not FLOAT");
        }

        if (!tensor.HasRawData)
        {
            return [.. tensor.FloatData];
        }

        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        float[] values = new float[raw.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }

        return values;
    }

    /// <summary>The values of an int64 tensor, from <c>raw_data</c> or <c>int64_data</c>.</summary>
    public static long[] ReadInt64s(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != (int)TensorElementType.Int64)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' is data type {tensor.DataType}, not INT64");
        }

        if (!tensor.HasRawData)
        {
            return [.. tensor.Int64Data];
        }

        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        long[] values = new long[raw.Length / sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * sizeof(long))..]);
        }

        return values;
    }

    private static TensorProto Make(string name, TensorElementType type, byte[] raw, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static void CheckCount(int count, long[] dims)
    {
        long expected = 1;
        foreach (long d in dims)
        {
            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"{count} values do not fill a tensor of shape [{string.Join(",", dims)}]");
        }
    }
}
