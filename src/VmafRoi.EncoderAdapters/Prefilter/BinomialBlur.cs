using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafRoi.Blend;

namespace VmafRoi.EncoderAdapters.Prefilter;

/// <summary>
/// A separable 5-tap binomial blur ([1 4 6 4 1]/16 each way, σ ≈ 1 pixel), edges replicated, in integers at native
/// depth: <c>out = (Σ w_i·w_j·p + 128) >> 8</c>. Rows are streamed through a ring of five horizontally filtered rows,
/// so the scratch memory is five rows. Every vector path gives exactly the scalar result.
/// </summary>
public sealed class BinomialBlur
{
    private readonly int _width;
    private readonly int _height;
    private readonly VectorWidth _path;
    private readonly int[] _padded;
    private readonly int[][] _ring;
    private readonly int[] _sum;

    /// <summary>A blur for planes of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public BinomialBlur(int width, int height, VectorWidth vectorWidth = VectorWidth.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _width = width;
        _height = height;
        _path = Resolve(vectorWidth);
        _padded = new int[width + 4];
        _ring = [new int[width], new int[width], new int[width], new int[width], new int[width]];
        _sum = new int[width];
    }

    /// <summary>The path the kernels run (for tests and benchmarks).</summary>
    public VectorWidth Path => _path;

    /// <summary>Blurs an 8-bit plane from <paramref name="source"/> into <paramref name="destination"/> (not the same memory).</summary>
    public void Apply(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Check(source.Length, destination.Length);
        int filled = -1;
        for (int y = 0; y < _height; y++)
        {
            // Horizontally filtered rows y-2..y+2 (clamped) sit in the ring at row % 5.
            for (int want = Math.Min(y + 2, _height - 1); filled < want;)
            {
                filled++;
                Widen(source.Slice(filled * _width, _width));
                Horizontal(_padded, _ring[filled % 5]);
            }

            VerticalAt(y);
            Narrow(_sum, destination.Slice(y * _width, _width));
        }
    }

    /// <summary>Blurs a 9..16-bit plane.</summary>
    public void Apply(ReadOnlySpan<ushort> source, Span<ushort> destination)
    {
        Check(source.Length, destination.Length);
        int filled = -1;
        for (int y = 0; y < _height; y++)
        {
            for (int want = Math.Min(y + 2, _height - 1); filled < want;)
            {
                filled++;
                Widen(source.Slice(filled * _width, _width));
                Horizontal(_padded, _ring[filled % 5]);
            }

            VerticalAt(y);
            Narrow(_sum, destination.Slice(y * _width, _width));
        }
    }

    private void VerticalAt(int y) => Vertical(RingRow(y - 2), RingRow(y - 1), RingRow(y), RingRow(y + 1), RingRow(y + 2), _sum);

    private int[] RingRow(int row) => _ring[Math.Clamp(row, 0, _height - 1) % 5];

    private void Widen(ReadOnlySpan<byte> row)
    {
        _padded[0] = _padded[1] = row[0];
        for (int x = 0; x < row.Length; x++)
        {
            _padded[x + 2] = row[x];
        }

        _padded[_width + 2] = _padded[_width + 3] = row[^1];
    }

    private void Widen(ReadOnlySpan<ushort> row)
    {
        _padded[0] = _padded[1] = row[0];
        for (int x = 0; x < row.Length; x++)
        {
            _padded[x + 2] = row[x];
        }

        _padded[_width + 2] = _padded[_width + 3] = row[^1];
    }

    private static void Narrow(int[] sum, Span<byte> row)
    {
        for (int x = 0; x < row.Length; x++)
        {
            row[x] = (byte)((sum[x] + 128) >> 8);
        }
    }

    private static void Narrow(int[] sum, Span<ushort> row)
    {
        for (int x = 0; x < row.Length; x++)
        {
            row[x] = (ushort)((sum[x] + 128) >> 8);
        }
    }

    // out[x] = p[x] + 4p[x+1] + 6p[x+2] + 4p[x+3] + p[x+4] over the edge-padded row.
    private void Horizontal(int[] padded, int[] output)
    {
        int n = output.Length;
        int x = 0;
        ref int p = ref MemoryMarshal.GetArrayDataReference(padded);
        ref int o = ref MemoryMarshal.GetArrayDataReference(output);
        if (_path == VectorWidth.Vector256)
        {
            for (; x <= n - Vector256<int>.Count; x += Vector256<int>.Count)
            {
                Vector256<int> a = Vector256.LoadUnsafe(ref p, (nuint)x);
                Vector256<int> b = Vector256.LoadUnsafe(ref p, (nuint)(x + 1));
                Vector256<int> c = Vector256.LoadUnsafe(ref p, (nuint)(x + 2));
                Vector256<int> d = Vector256.LoadUnsafe(ref p, (nuint)(x + 3));
                Vector256<int> e = Vector256.LoadUnsafe(ref p, (nuint)(x + 4));
                (a + e + ((b + d) << 2) + (c << 2) + (c << 1)).StoreUnsafe(ref o, (nuint)x);
            }
        }
        else if (_path == VectorWidth.Vector128)
        {
            for (; x <= n - Vector128<int>.Count; x += Vector128<int>.Count)
            {
                Vector128<int> a = Vector128.LoadUnsafe(ref p, (nuint)x);
                Vector128<int> b = Vector128.LoadUnsafe(ref p, (nuint)(x + 1));
                Vector128<int> c = Vector128.LoadUnsafe(ref p, (nuint)(x + 2));
                Vector128<int> d = Vector128.LoadUnsafe(ref p, (nuint)(x + 3));
                Vector128<int> e = Vector128.LoadUnsafe(ref p, (nuint)(x + 4));
                (a + e + ((b + d) << 2) + (c << 2) + (c << 1)).StoreUnsafe(ref o, (nuint)x);
            }
        }

        for (; x < n; x++)
        {
            output[x] = Tap(padded[x], padded[x + 1], padded[x + 2], padded[x + 3], padded[x + 4]);
        }
    }

    private void Vertical(int[] r0, int[] r1, int[] r2, int[] r3, int[] r4, int[] output)
    {
        int n = output.Length;
        int x = 0;
        if (_path == VectorWidth.Vector256)
        {
            for (; x <= n - Vector256<int>.Count; x += Vector256<int>.Count)
            {
                Vector256<int> a = Vector256.Create(r0.AsSpan(x));
                Vector256<int> b = Vector256.Create(r1.AsSpan(x));
                Vector256<int> c = Vector256.Create(r2.AsSpan(x));
                Vector256<int> d = Vector256.Create(r3.AsSpan(x));
                Vector256<int> e = Vector256.Create(r4.AsSpan(x));
                (a + e + ((b + d) << 2) + (c << 2) + (c << 1)).CopyTo(output.AsSpan(x));
            }
        }
        else if (_path == VectorWidth.Vector128)
        {
            for (; x <= n - Vector128<int>.Count; x += Vector128<int>.Count)
            {
                Vector128<int> a = Vector128.Create(r0.AsSpan(x));
                Vector128<int> b = Vector128.Create(r1.AsSpan(x));
                Vector128<int> c = Vector128.Create(r2.AsSpan(x));
                Vector128<int> d = Vector128.Create(r3.AsSpan(x));
                Vector128<int> e = Vector128.Create(r4.AsSpan(x));
                (a + e + ((b + d) << 2) + (c << 2) + (c << 1)).CopyTo(output.AsSpan(x));
            }
        }

        for (; x < n; x++)
        {
            output[x] = Tap(r0[x], r1[x], r2[x], r3[x], r4[x]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Tap(int a, int b, int c, int d, int e) => a + e + (4 * (b + d)) + (6 * c);

    private void Check(int source, int destination)
    {
        int samples = _width * _height;
        if (source != samples || destination != samples)
        {
            throw new ArgumentException($"a {_width}x{_height} plane has {samples} samples; got {source} in and {destination} out");
        }
    }

    private static VectorWidth Resolve(VectorWidth requested) => requested switch
    {
        VectorWidth.Auto when Vector256.IsHardwareAccelerated => VectorWidth.Vector256,
        VectorWidth.Auto when Vector128.IsHardwareAccelerated => VectorWidth.Vector128,
        VectorWidth.Auto => VectorWidth.Scalar,
        _ => requested,
    };
}
