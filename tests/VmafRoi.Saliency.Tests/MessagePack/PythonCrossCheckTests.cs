using System.Text.Json;
using VmafRoi.Saliency.MessagePack;

namespace VmafRoi.Saliency.Tests.MessagePack;

/// <summary>Our codec against Python's msgpack: the same values must give the same bytes, both ways.</summary>
public sealed class PythonCrossCheckTests : IDisposable
{
    // The same value tree, built in Python; keep both in step.
    private const string PythonValues = """
        def values():
            ints = [0, 1, 126, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 2**31 - 1, 2**31, 2**32 - 1, 2**32,
                    2**63 - 1, 2**64 - 1, -1, -31, -32, -33, -127, -128, -129, -32767, -32768, -32769, -2**31,
                    -2**31 - 1, -2**63]
            strs = ['x' * n for n in (0, 1, 31, 32, 255, 256, 65535, 65536)] + ['\u00e9\u6f22\U0001F600']
            bins = [bytes(i % 256 for i in range(n)) for n in (0, 1, 255, 256, 65535, 65536)]
            arrays = [list(range(n)) for n in (0, 15, 16, 65535, 65536)]
            maps = [{i: i % 2 == 0 for i in range(n)} for n in (0, 15, 16, 65535, 65536)]
            floats = [0.0, -0.0, 1.5, 0.6, 1e300, float('inf'), float('-inf'), 5e-324]
            other = [None, True, False, {'nested': [1, {'k': b'v'}], '': []}]
            return [ints, strs, bins, arrays, maps, floats, other]
        """;

    private static readonly ulong[] Unsigned = [0, 1, 126, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 2147483647, 2147483648, 4294967295, 4294967296, 9223372036854775807, 18446744073709551615];
    private static readonly long[] Negative = [-1, -31, -32, -33, -127, -128, -129, -32767, -32768, -32769, -2147483648, -2147483649, long.MinValue];
    private static readonly int[] StringLengths = [0, 1, 31, 32, 255, 256, 65535, 65536];
    private static readonly int[] BinaryLengths = [0, 1, 255, 256, 65535, 65536];
    private static readonly int[] ArrayCounts = [0, 15, 16, 65535, 65536];
    private static readonly double[] Doubles = [0.0, -0.0, 1.5, 0.6, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon];

    private readonly string _folder = Directory.CreateTempSubdirectory("vmafroi-msgpack-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [PythonMsgpackFact]
    public void Python_packs_the_same_values_to_the_same_bytes_and_reads_ours_back()
    {
        byte[] ours = MessagePackWriter.Encode(WriteValues);
        string oursPath = Path.Combine(_folder, "ours.msgpack");
        string theirsPath = Path.Combine(_folder, "theirs.msgpack");
        File.WriteAllBytes(oursPath, ours);

        string output = PythonMsgpack.Run(
            "import sys, json, msgpack\n" + PythonValues + """

            ours = open(sys.argv[1], 'rb').read()
            theirs = msgpack.packb(values(), use_bin_type=True)
            open(sys.argv[2], 'wb').write(theirs)
            decoded = msgpack.unpackb(ours, raw=False, strict_map_key=False)
            first = next(i for i in range(min(len(ours), len(theirs)) + 1) if i == min(len(ours), len(theirs)) or ours[i] != theirs[i])
            print(json.dumps({'same_bytes': ours == theirs, 'same_values': decoded == values(), 'first_difference': first}))
            """,
            oursPath,
            theirsPath);

        using JsonDocument report = JsonDocument.Parse(output);
        Assert.True(report.RootElement.GetProperty("same_values").GetBoolean(), output);
        Assert.True(report.RootElement.GetProperty("same_bytes").GetBoolean(), output);

        byte[] theirs = File.ReadAllBytes(theirsPath);
        Assert.Equal(ours, theirs);
        AssertSameTree(MessagePackReader.FromBytes(ours).ReadObject(), MessagePackReader.FromBytes(theirs).ReadObject());
    }

    [PythonMsgpackFact]
    public void Python_single_floats_match_our_float32()
    {
        double[] values = [1.5, 0.1, -0.0, 3.4028234663852886e38, double.PositiveInfinity, 1e-45, 0.6];
        byte[] ours = MessagePackWriter.Encode(w =>
        {
            w.WriteArrayHeader((uint)values.Length);
            foreach (double v in values)
            {
                w.WriteSingle((float)v);
            }
        });
        string theirsPath = Path.Combine(_folder, "single.msgpack");
        PythonMsgpack.Run(
            """
            import sys, msgpack
            values = [1.5, 0.1, -0.0, 3.4028234663852886e38, float('inf'), 1e-45, 0.6]
            open(sys.argv[1], 'wb').write(msgpack.packb(values, use_single_float=True))
            """,
            theirsPath);
        Assert.Equal(Convert.ToHexStringLower(ours), Convert.ToHexStringLower(File.ReadAllBytes(theirsPath)));
    }

    [PythonMsgpackFact]
    public void Python_streams_of_top_level_objects_read_one_by_one()
    {
        string path = Path.Combine(_folder, "stream.msgpack");
        PythonMsgpack.Run(
            """
            import sys, msgpack
            p = msgpack.Packer(use_bin_type=True)
            with open(sys.argv[1], 'wb') as f:
                f.write(p.pack({'kind': 'header', 'n': 3}))
                for i in range(3):
                    f.write(p.pack({'kind': 'frame', 'frame': i, 'data': bytes([i]) * 1000}))
                f.write(p.pack({'kind': 'end', 'frame_count': 3}))
            """,
            path);

        using FileStream file = File.OpenRead(path);
        var reader = new MessagePackReader(file, bufferSize: 64);
        var kinds = new List<string>();
        while (!reader.IsAtEnd)
        {
            var map = Assert.IsType<KeyValuePair<object?, object?>[]>(reader.ReadObject());
            kinds.Add((string)map[0].Value!);
        }

        Assert.Equal(["header", "frame", "frame", "frame", "end"], kinds);
    }

    private static void WriteValues(MessagePackWriter w)
    {
        w.WriteArrayHeader(7);

        w.WriteArrayHeader((uint)(Unsigned.Length + Negative.Length));
        foreach (ulong v in Unsigned)
        {
            w.WriteUInt64(v);
        }

        foreach (long v in Negative)
        {
            w.WriteInt64(v);
        }

        w.WriteArrayHeader((uint)StringLengths.Length + 1);
        foreach (int n in StringLengths)
        {
            w.WriteString(new string('x', n));
        }

        w.WriteString("é漢😀");

        w.WriteArrayHeader((uint)BinaryLengths.Length);
        foreach (int n in BinaryLengths)
        {
            w.WriteBinary(Enumerable.Range(0, n).Select(i => (byte)(i % 256)).ToArray());
        }

        w.WriteArrayHeader((uint)ArrayCounts.Length);
        foreach (int n in ArrayCounts)
        {
            w.WriteArrayHeader((uint)n);
            for (int i = 0; i < n; i++)
            {
                w.WriteInt64(i);
            }
        }

        w.WriteArrayHeader((uint)ArrayCounts.Length);
        foreach (int n in ArrayCounts)
        {
            w.WriteMapHeader((uint)n);
            for (int i = 0; i < n; i++)
            {
                w.WriteInt64(i);
                w.WriteBoolean(i % 2 == 0);
            }
        }

        w.WriteArrayHeader((uint)Doubles.Length);
        foreach (double d in Doubles)
        {
            w.WriteDouble(d);
        }

        w.WriteArrayHeader(4);
        w.WriteNil();
        w.WriteBoolean(true);
        w.WriteBoolean(false);
        w.WriteMapHeader(2);
        w.WriteString("nested");
        w.WriteArrayHeader(2);
        w.WriteInt64(1);
        w.WriteMapHeader(1);
        w.WriteString("k");
        w.WriteBinary("v"u8);
        w.WriteString(string.Empty);
        w.WriteArrayHeader(0);
    }

    private static void AssertSameTree(object? expected, object? actual)
    {
        switch (expected)
        {
            case object?[] a:
                var b = Assert.IsType<object?[]>(actual);
                Assert.Equal(a.Length, b.Length);
                for (int i = 0; i < a.Length; i++)
                {
                    AssertSameTree(a[i], b[i]);
                }

                break;
            case KeyValuePair<object?, object?>[] m:
                var n = Assert.IsType<KeyValuePair<object?, object?>[]>(actual);
                Assert.Equal(m.Length, n.Length);
                for (int i = 0; i < m.Length; i++)
                {
                    AssertSameTree(m[i].Key, n[i].Key);
                    AssertSameTree(m[i].Value, n[i].Value);
                }

                break;
            case double d:
                Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(Assert.IsType<double>(actual)));
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }
}
