using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafRoi.Blend;

namespace VmafRoi.EncoderAdapters.Prefilter;

/// <summary>
/// A separable 5-tap binomial blur ([1 4 6 4 1]/16 each way, σ ≈ 1 pixel), edges replicated, in integers at native
/// depth: <c>out = (Σ w_i·w_j·p + 128) >> 8</c>. Rows stream through a ring of five horizontally filtered rows, so the
/// scratch memory is five rows. 8-bit planes run on 16-bit lanes (the largest sum, 16·16·255, fits), deeper planes on
/// 32-bit lanes. Every vector path gives exactly the scalar result.
/// </summary>
public sealed class BinomialBlur
{
    private readonly int _width;
    private readonly int _height;
    private readonly VectorWidth _path;
    private readonly ushort[] _padded8;
    private readonly ushort[][] _ring8;
    private readonly ushort[] _sum8;
    private readonly int[] _padded16;
    private readonly int[][] _ring16;
    private readonly int[] _sum16;

    /// <summary>A blur for planes of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public BinomialBlur(int width, int height, VectorWidth vectorWidth = VectorWidth.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _width = width;
        _height = height;
        _path = Resolve(vectorWidth);
        _padded8 = new ushort[width + 4];
        _ring8 = [new ushort[width], new ushort[width], new ushort[width], new ushort[width], new ushort[width]];
        _sum8 = new ushort[width];
        _padded16 = new int[width + 4];
        _ring16 = [new int[width], new int[width], new int[width], new int[width], new int[width]];
        _sum16 = new int[width];
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
                Widen(source.Slice(filled * _width, _width), _padded8);
                Horizontal(_padded8, _ring8[filled % 5]);
            }

            Vertical(Ring(_ring8, y - 2), Ring(_ring8, y - 1), Ring(_ring8, y), Ring(_ring8, y + 1), Ring(_ring8, y + 2), destination.Slice(y * _width, _width));
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
                Widen(source.Slice(filled * _width, _width), _padded16);
                Horizontal(_padded16, _ring16[filled % 5]);
            }

            Vertical(Ring(_ring16, y - 2), Ring(_ring16, y - 1), Ring(_ring16, y), Ring(_ring16, y + 1), Ring(_ring16, y + 2), _sum16);
            Span<ushort> row = destination.Slice(y * _width, _width);
            for (int x = 0; x < row.Length; x++)
            {
                row[x] = (ushort)((_sum16[x] + 128) >> 8);
            }
        }
    }

    private T[] Ring<T>(T[][] ring, int row) => ring[Math.Clamp(row, 0, _height - 1) % 5];

    private void Widen(ReadOnlySpan<byte> row, ushort[] padded)
    {
        padded[0] = padded[1] = row[0];
        Span<ushort> middle = padded.AsSpan(2, row.Length);
        int x = 0;
        if (_path == VectorWidth.Vector256)
        {
            for (; x <= row.Length - Vector256<byte>.Count; x += Vector256<byte>.Count)
            {
                (Vector256<ushort> lower, Vector256<ushort> upper) = Vector256.Widen(Vector256.Create(row.Slice(x, Vector256<byte>.Count)));
                lower.CopyTo(middle.Slice(x));
                upper.CopyTo(middle.Slice(x + Vector256<ushort>.Count));
            }
        }
        else if (_path == VectorWidth.Vector128)
        {
            for (; x <= row.Length - Vector128<byte>.Count; x += Vector128<byte>.Count)
            {
                (Vector128<ushort> lower, Vector128<ushort> upper) = Vector128.Widen(Vector128.Create(row.Slice(x, Vector128<byte>.Count)));
                lower.CopyTo(middle.Slice(x));
                upper.CopyTo(middle.Slice(x + Vector128<ushort>.Count));
            }
        }

        for (; x < row.Length; x++)
        {
            middle[x] = row[x];
        }

        padded[_width + 2] = padded[_width + 3] = row[^1];
    }

    private void Widen(ReadOnlySpan<ushort> row, int[] padded)
    {
        padded[0] = padded[1] = row[0];
        for (int x = 0; x < row.Length; x++)
        {
            padded[x + 2] = row[x];
        }

        padded[_width + 2] = padded[_width + 3] = row[^1];
    }

    // out[x] = p[x] + 4p[x+1] + 6p[x+2] + 4p[x+3] + p[x+4] over the edge-padded row (at most 16·255 for 8-bit input).
    private void Horizontal(ushort[] padded, ushort[] output)
    {
        int n = output.Length;
        int x = 0;
        ref ushort p = ref MemoryMarshal.GetArrayDataReference(padded);
        ref ushort o = ref MemoryMarshal.GetArrayDataReference(output);
        if (_path == VectorWidth.Vector256)
        {
            for (; x <= n - Vector256<ushort>.Count; x += Vector256<ushort>.Count)
            {
                Tap(Vector256.LoadUnsafe(ref p, (nuint)x), Vector256.LoadUnsafe(ref p, (nuint)(x + 1)), Vector256.LoadUnsafe(ref p, (nuint)(x + 2)), Vector256.LoadUnsafe(ref p, (nuint)(x + 3)), Vector256.LoadUnsafe(ref p, (nuint)(x + 4))).StoreUnsafe(ref o, (nuint)x);
            }
        }
        else if (_path == VectorWidth.Vector128)
        {
            for (; x <= n - Vector128<ushort>.Count; x += Vector128<ushort>.Count)
            {
                Tap(Vector128.LoadUnsafe(ref p, (nuint)x), Vector128.LoadUnsafe(ref p, (nuint)(x + 1)), Vector128.LoadUnsafe(ref p, (nuint)(x + 2)), Vector128.LoadUnsafe(ref p, (nuint)(x + 3)), Vector128.LoadUnsafe(ref p, (nuint)(x + 4))).StoreUnsafe(ref o, (nuint)x);
            }
        }

        for (; x < n; x++)
        {
            output[x] = (ushort)Tap(padded[x], padded[x + 1], padded[x + 2], padded[x + 3], padded[x + 4]);
        }
    }

    // The vertical taps, rounded and narrowed straight into the 8-bit output row (at most 16·16·255 + 128 before the shift).
    private void Vertical(ushort[] r0, ushort[] r1, ushort[] r2, ushort[] r3, ushort[] r4, Span<byte> output)
    {
        int n = output.Length;
        int x = 0;
        if (_path == VectorWidth.Vector256)
        {
            Vector256<ushort> half = Vector256.Create((ushort)128);
            for (; x <= n - Vector256<byte>.Count; x += Vector256<byte>.Count)
            {
                Vector256<ushort> lower = (Tap(Vector256.Create(r0.AsSpan(x)), Vector256.Create(r1.AsSpan(x)), Vector256.Create(r2.AsSpan(x)), Vector256.Create(r3.AsSpan(x)), Vector256.Create(r4.AsSpan(x))) + half) >> 8;
                int y = x + Vector256<ushort>.Count;
                Vector256<ushort> upper = (Tap(Vector256.Create(r0.AsSpan(y)), Vector256.Create(r1.AsSpan(y)), Vector256.Create(r2.AsSpan(y)), Vector256.Create(r3.AsSpan(y)), Vector256.Create(r4.AsSpan(y))) + half) >> 8;
                Vector256.Narrow(lower, upper).CopyTo(output.Slice(x));
            }
        }
        else if (_path == VectorWidth.Vector128)
        {
            Vector128<ushort> half = Vector128.Create((ushort)128);
            for (; x <= n - Vector128<byte>.Count; x += Vector128<byte>.Count)
            {
                Vector128<ushort> lower = (Tap(Vector128.Create(r0.AsSpan(x)), Vector128.Create(r1.AsSpan(x)), Vector128.Create(r2.AsSpan(x)), Vector128.Create(r3.AsSpan(x)), Vector128.Create(r4.AsSpan(x))) + half) >> 8;
                int y = x + Vector128<ushort>.Count;
                Vector128<ushort> upper = (Tap(Vector128.Create(r0.AsSpan(y)), Vector128.Create(r1.AsSpan(y)), Vector128.Create(r2.AsSpan(y)), Vector128.Create(r3.AsSpan(y)), Vector128.Create(r4.AsSpan(y))) + half) >> 8;
                Vector128.Narrow(lower, upper).CopyTo(output.Slice(x));
            }
        }

        for (; x < n; x++)
        {
            output[x] = (byte)((Tap(r0[x], r1[x], r2[x], r3[x], r4[x]) + 128) >> 8);
        }
    }

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
                Tap(Vector256.LoadUnsafe(ref p, (nuint)x), Vector256.LoadUnsafe(ref p, (nuint)(x + 1)), Vector256.LoadUnsafe(ref p, (nuint)(x + 2)), Vector256.LoadUnsafe(ref p, (nuint)(x + 3)), Vector256.LoadUnsafe(ref p, (nuint)(x + 4))).StoreUnsafe(ref o, (nuint)x);
            }
        }
        else if (_path == VectorWidth.Vector128)
        {
            for (; x <= n - Vector128<int>.Count; x += Vector128<int>.Count)
            {
                Tap(Vector128.LoadUnsafe(ref p, (nuint)x), Vector128.LoadUnsafe(ref p, (nuint)(x + 1)), Vector128.LoadUnsafe(ref p, (nuint)(x + 2)), Vector128.LoadUnsafe(ref p, (nuint)(x + 3)), Vector128.LoadUnsafe(ref p, (nuint)(x + 4))).StoreUnsafe(ref o, (nuint)x);
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
                Tap(Vector256.Create(r0.AsSpan(x)), Vector256.Create(r1.AsSpan(x)), Vector256.Create(r2.AsSpan(x)), Vector256.Create(r3.AsSpan(x)), Vector256.Create(r4.AsSpan(x))).CopyTo(output.AsSpan(x));
            }
        }
        else if (_path == VectorWidth.Vector128)
        {
            for (; x <= n - Vector128<int>.Count; x += Vector128<int>.Count)
            {
                Tap(Vector128.Create(r0.AsSpan(x)), Vector128.Create(r1.AsSpan(x)), Vector128.Create(r2.AsSpan(x)), Vector128.Create(r3.AsSpan(x)), Vector128.Create(r4.AsSpan(x))).CopyTo(output.AsSpan(x));
            }
        }

        for (; x < n; x++)
        {
            output[x] = Tap(r0[x], r1[x], r2[x], r3[x], r4[x]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Tap(int a, int b, int c, int d, int e) => a + e + (4 * (b + d)) + (6 * c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Tap<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d, Vector256<T> e) => a + e + ((b + d) << 2) + (c << 2) + (c << 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Tap<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c, Vector128<T> d, Vector128<T> e) => a + e + ((b + d) << 2) + (c << 2) + (c << 1);

    private void Check(int source, int destination)
    {
        int samples = _width * _height;
        if (source != samples || destination != samples)
        {
            throw new ArgumentException($"a {_width}x{_height} plane has {samples} samples; got {source} in and {destination} out");
        }
    }

    internal static VectorWidth Resolve(VectorWidth requested) => requested switch
    {
        VectorWidth.Auto when Vector256.IsHardwareAccelerated => VectorWidth.Vector256,
        VectorWidth.Auto when Vector128.IsHardwareAccelerated => VectorWidth.Vector128,
        VectorWidth.Auto => VectorWidth.Scalar,
        _ => requested,
    };
}
