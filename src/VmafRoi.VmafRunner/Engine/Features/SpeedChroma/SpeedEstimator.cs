using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafRoi.VmafRunner.Engine.Features.SpeedChroma;

/// <summary>
/// SpEED's parameter estimation and score for one plane size (06-v1016-inputs.md A, "Parameter estimation" and
/// "Channel score"): a 5x5-neighbourhood Gaussian scale mixture fitted per 5x5 block of the mean-subtracted, 16x
/// reduced plane, giving an entropy and a variance per block.
/// </summary>
internal sealed class SpeedEstimator
{
    /// <summary>Side of the neighbourhood and block.</summary>
    public const int Block = 5;

    private const int Elements = Block * Block;

    /// <summary>log2(2πe), as the C compiler folds it (correctly rounded).</summary>
    private const double Log2TwoPiE = 4.0941911703612819;

    private readonly SpeedLinearAlgebra _algebra;

    /// <summary>Four of a block row's five offsets in f64 lanes (AVX): each lane is one pair's own sum in the scalar order.</summary>
    private readonly bool _lanes;
    private readonly float[] _means = new float[Elements];
    private readonly float[] _covariance = new float[Elements * Elements];
    private readonly float[] _eigenvalues = new float[Elements];
    private readonly float[] _y;
    private readonly float[] _x;
    private readonly float[] _scratch;

    public SpeedEstimator(int operatingWidth, int operatingHeight, VmafRoi.VmafRunner.Engine.Simd.VectorWidth vectors = VmafRoi.VmafRunner.Engine.Simd.VectorWidth.Scalar)
    {
        _algebra = new SpeedLinearAlgebra(Elements, vectors);
        _lanes = vectors >= VmafRoi.VmafRunner.Engine.Simd.VectorWidth.V256 && System.Runtime.Intrinsics.X86.Avx.IsSupported;
        TruncatedWidth = operatingWidth / Block * Block;
        TruncatedHeight = operatingHeight / Block * Block;
        BlocksHorizontal = TruncatedWidth / Block;
        BlocksVertical = TruncatedHeight / Block;
        Blocks = BlocksHorizontal * BlocksVertical;
        SubWidth = TruncatedWidth - Block + 1;
        SubHeight = TruncatedHeight - Block + 1;
        _y = new float[Elements * Blocks];
        _x = new float[Elements * Blocks];
        _scratch = new float[Elements * Blocks];
    }

    public int TruncatedWidth { get; }

    public int TruncatedHeight { get; }

    public int BlocksHorizontal { get; }

    public int BlocksVertical { get; }

    public int Blocks { get; }

    private int SubWidth { get; }

    private int SubHeight { get; }

    /// <summary>The entropy every block has when its signal is zero: 25·(log2((1 + ν)·σ) + log2(2πe)).</summary>
    public static float BaseEntropy(float sigmaNn, float nnFloor) =>
        (float)(Elements * (Math.Log2((1 + nnFloor) * sigmaNn) + Log2TwoPiE));

    /// <summary>
    /// Fits the model to <paramref name="img"/> (the operating-size plane at <paramref name="stride"/>) and writes per-block
    /// entropies and variances; false when the covariance matrix is singular (libvmaf's warning "est_params: covariance
    /// matrix is singular"), in which case the solution is taken as zero.
    /// </summary>
    public bool Estimate(ReadOnlySpan<float> img, int stride, float sigmaNn, Span<float> entropies, Span<float> variances)
    {
        Covariance(img, stride);
        _algebra.Eigenvalues(_covariance, _eigenvalues);
        Neighbourhoods(img, stride);

        bool regular = true;
        foreach (float lambda in _eigenvalues)
        {
            if (lambda < 1e-6)
            {
                regular = false;
                break;
            }
        }

        bool solved = regular && _algebra.Solve(_covariance, _y, Blocks, _x, _scratch);
        if (!solved)
        {
            Array.Clear(_x);
        }

        // Z = X∘Y / 25, summed over the 25 rows into row 0 (the per-block variance S).
        int nb = Blocks;
        float denominator = Elements;
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = _x[i] * _y[i] / denominator;
        }

        for (int i = 1; i < Elements; i++)
        {
            for (int b = 0; b < nb; b++)
            {
                _x[b] += _x[(i * nb) + b];
            }
        }

        ReadOnlySpan<float> s = _x.AsSpan(0, nb);
        entropies = entropies[..nb];
        entropies.Clear();
        for (int k = 0; k < Elements; k++)
        {
            float lambda = _eigenvalues[k] < 0 ? 0 : _eigenvalues[k];
            for (int b = 0; b < nb; b++)
            {
                entropies[b] = (float)(entropies[b] + (Math.Log2((lambda * s[b]) + sigmaNn) + Log2TwoPiE));
            }
        }

        s.CopyTo(variances);
        return solved;
    }

    /// <summary>
    /// Σ over blocks of |E_r·log2(1 + V_r) − E_d·log2(1 + V_mix)| where either entropy reaches the base, divided by the
    /// block count; <paramref name="mode"/> chooses the variances (speed_weight_var_mode 0..6).
    /// </summary>
    public float Score(ReadOnlySpan<float> refEntropies, ReadOnlySpan<float> refVariances, ReadOnlySpan<float> disEntropies, ReadOnlySpan<float> disVariances, float sigmaNn, float nnFloor, int mode)
    {
        float score = 0;
        float baseEntropy = BaseEntropy(sigmaNn, nnFloor);
        for (int b = 0; b < Blocks; b++)
        {
            float er = refEntropies[b];
            float ed = disEntropies[b];
            if (er < baseEntropy && ed < baseEntropy)
            {
                continue;
            }

            float vr = refVariances[b];
            float vd = disVariances[b];
            float spatialRef;
            float spatialDis;
            switch (mode)
            {
                case 0:
                    spatialRef = (float)(er * Math.Log2(1 + vr));
                    spatialDis = (float)(ed * Math.Log2(1 + vd));
                    break;
                case 1:
                    spatialRef = (float)(er * Math.Log2(1 + vr));
                    spatialDis = (float)(ed * Math.Log2(1 + vr));
                    break;
                case 2:
                    spatialRef = (float)(er * Math.Log2(1 + vd));
                    spatialDis = (float)(ed * Math.Log2(1 + vd));
                    break;
                case 3:
                    spatialRef = (float)(er * Math.Log2(1 + ((vr + vd) / 2.0)));
                    spatialDis = (float)(ed * Math.Log2(1 + ((vr + vd) / 2.0)));
                    break;
                case 4:
                    spatialRef = (float)(er * Math.Log2(1 + vr));
                    spatialDis = (float)(ed * Math.Log2(1 + ((vr + vd) / 2.0)));
                    break;
                case 5:
                    spatialRef = (float)(er * Math.Log2(1 + vr));
                    spatialDis = (float)(ed * Math.Log2(1 + ((0.75 * vr) + (0.25 * vd))));
                    break;
                default:
                    spatialRef = (float)(er * Math.Log2(1 + vr));
                    spatialDis = (float)(ed * Math.Log2(1 + ((0.25 * vr) + (0.75 * vd))));
                    break;
            }

            score += MathF.Abs(spatialRef - spatialDis);
        }

        return score / Blocks;
    }

    private void Covariance(ReadOnlySpan<float> img, int stride)
    {
        int sw = SubWidth;
        int sh = SubHeight;
        float count = sw * sh;
        for (int r = 0; r < Block; r++)
        {
            if (_lanes)
            {
                MeansOfRow(img, stride, r, count);
                continue;
            }

            for (int c = 0; c < Block; c++)
            {
                float sum = 0;
                for (int i = 0; i < sh; i++)
                {
                    ReadOnlySpan<float> row = img.Slice(((r + i) * stride) + c, sw);
                    for (int j = 0; j < sw; j++)
                    {
                        sum += row[j];
                    }
                }

                _means[(r * Block) + c] = sum / count;
            }
        }

        double n = (double)sw * sh;
        if (_lanes)
        {
            for (int rx = 0; rx < Block; rx++)
            {
                for (int ry = 0; ry <= rx; ry++)
                {
                    CovarianceOfBlockRows(img, stride, rx, ry, n);
                }
            }

            return;
        }

        for (int x = 0; x < Elements; x++)
        {
            int y = 0;

            // Four pairs at a time: each keeps its own accumulator and summation order (the same bits as one at a
            // time), the four independent chains hide the add latency.
            for (; y + 4 <= x + 1; y += 4)
            {
                CovarianceOfFour(img, stride, x, y, n);
            }

            for (; y <= x; y++)
            {
                int ox = ((x / Block) * stride) + (x % Block), oy = ((y / Block) * stride) + (y % Block);
                double mx = _means[x], my = _means[y];
                double acc = 0;
                for (int i = 0; i < sh; i++)
                {
                    ReadOnlySpan<float> a = img.Slice(ox + (i * stride), sw);
                    ReadOnlySpan<float> b = img.Slice(oy + (i * stride), sw);
                    for (int j = 0; j < sw; j++)
                    {
                        acc += (a[j] - mx) * (b[j] - my);
                    }
                }

                SetCovariance(x, y, (float)(acc / n));
            }
        }
    }

    private void SetCovariance(int x, int y, float cov)
    {
        _covariance[(x * Elements) + y] = cov;
        _covariance[(y * Elements) + x] = cov;
    }

    /// <summary>Means of offsets (r, 0..4): c = 0..3 in f32 lanes, c = 4 alone, each summed in the one-offset order.</summary>
    private unsafe void MeansOfRow(ReadOnlySpan<float> img, int stride, int r, float count)
    {
        int sw = SubWidth, sh = SubHeight;
        _ = img[((r + sh - 1) * stride) + Block - 1 + sw - 1];
        var sum = System.Runtime.Intrinsics.Vector128<float>.Zero;
        float last = 0;
        fixed (float* p = img)
        {
            for (int i = 0; i < sh; i++)
            {
                float* row = p + ((r + i) * stride);
                for (int j = 0; j < sw; j++)
                {
                    sum += System.Runtime.Intrinsics.Vector128.Load(row + j);
                    last += row[j + 4];
                }
            }
        }

        for (int c = 0; c < 4; c++)
        {
            _means[(r * Block) + c] = sum[c] / count;
        }

        _means[(r * Block) + 4] = last / count;
    }

    /// <summary>
    /// Covariances of the offsets (rx, 0..4) with (ry, 0..4): ten independent chains, (·, 0..3) in f64 lanes and (·, 4)
    /// alone, each pair summed in the one-pair order ((a − mx)·(b − my) commutes exactly, so both triangles get the same bits).
    /// </summary>
    private unsafe void CovarianceOfBlockRows(ReadOnlySpan<float> img, int stride, int rx, int ry, double n)
    {
        int sw = SubWidth, sh = SubHeight;
        int ox = rx * stride, oy = ry * stride;
        _ = img[((sh - 1) * stride) + Math.Max(ox, oy) + Block - 1 + sw - 1];
        int x0 = rx * Block, y0 = ry * Block;
        double mx0 = _means[x0], mx1 = _means[x0 + 1], mx2 = _means[x0 + 2], mx3 = _means[x0 + 3], mx4 = _means[x0 + 4], my4 = _means[y0 + 4];
        var my = Vector256.Create((double)_means[y0], _means[y0 + 1], _means[y0 + 2], _means[y0 + 3]);
        Vector256<double> v0 = default, v1 = default, v2 = default, v3 = default, v4 = default;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        fixed (float* p = img)
        {
            for (int i = 0; i < sh; i++)
            {
                float* pa = p + (i * stride) + ox;
                float* pb = p + (i * stride) + oy;
                for (int j = 0; j < sw; j++)
                {
                    Vector256<double> b = Avx.ConvertToVector256Double(Vector128.Load(pb + j)) - my;
                    double b4 = pb[j + 4] - my4;
                    double d0 = pa[j] - mx0, d1 = pa[j + 1] - mx1, d2 = pa[j + 2] - mx2, d3 = pa[j + 3] - mx3, d4 = pa[j + 4] - mx4;
                    v0 += Vector256.Create(d0) * b;
                    v1 += Vector256.Create(d1) * b;
                    v2 += Vector256.Create(d2) * b;
                    v3 += Vector256.Create(d3) * b;
                    v4 += Vector256.Create(d4) * b;
                    s0 += d0 * b4;
                    s1 += d1 * b4;
                    s2 += d2 * b4;
                    s3 += d3 * b4;
                    s4 += d4 * b4;
                }
            }
        }

        Span<Vector256<double>> lanes = [v0, v1, v2, v3, v4];
        Span<double> last = [s0, s1, s2, s3, s4];
        for (int cx = 0; cx < Block; cx++)
        {
            for (int cy = 0; cy < 4; cy++)
            {
                SetCovariance(x0 + cx, y0 + cy, (float)(lanes[cx][cy] / n));
            }

            SetCovariance(x0 + cx, y0 + 4, (float)(last[cx] / n));
        }
    }

    /// <summary>Covariances of element x with y .. y+3, each summed in the one-pair order.</summary>
    private void CovarianceOfFour(ReadOnlySpan<float> img, int stride, int x, int y, double n)
    {
        int sw = SubWidth, sh = SubHeight;
        int ox = ((x / Block) * stride) + (x % Block);
        int o0 = (((y + 0) / Block) * stride) + ((y + 0) % Block);
        int o1 = (((y + 1) / Block) * stride) + ((y + 1) % Block);
        int o2 = (((y + 2) / Block) * stride) + ((y + 2) % Block);
        int o3 = (((y + 3) / Block) * stride) + ((y + 3) % Block);
        double mx = _means[x], m0 = _means[y], m1 = _means[y + 1], m2 = _means[y + 2], m3 = _means[y + 3];
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        _ = img[((sh - 1) * stride) + Math.Max(ox, Math.Max(Math.Max(o0, o1), Math.Max(o2, o3))) + sw - 1];
        ref float p = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(img);
        for (int i = 0; i < sh; i++)
        {
            int r = i * stride;
            ref float pa = ref System.Runtime.CompilerServices.Unsafe.Add(ref p, r + ox);
            ref float p0 = ref System.Runtime.CompilerServices.Unsafe.Add(ref p, r + o0);
            ref float p1 = ref System.Runtime.CompilerServices.Unsafe.Add(ref p, r + o1);
            ref float p2 = ref System.Runtime.CompilerServices.Unsafe.Add(ref p, r + o2);
            ref float p3 = ref System.Runtime.CompilerServices.Unsafe.Add(ref p, r + o3);
            for (int j = 0; j < sw; j++)
            {
                double dx = System.Runtime.CompilerServices.Unsafe.Add(ref pa, j) - mx;
                a0 += dx * (System.Runtime.CompilerServices.Unsafe.Add(ref p0, j) - m0);
                a1 += dx * (System.Runtime.CompilerServices.Unsafe.Add(ref p1, j) - m1);
                a2 += dx * (System.Runtime.CompilerServices.Unsafe.Add(ref p2, j) - m2);
                a3 += dx * (System.Runtime.CompilerServices.Unsafe.Add(ref p3, j) - m3);
            }
        }

        SetCovariance(x, y, (float)(a0 / n));
        SetCovariance(x, y + 1, (float)(a1 / n));
        SetCovariance(x, y + 2, (float)(a2 / n));
        SetCovariance(x, y + 3, (float)(a3 / n));
    }

    /// <summary>Y[5·si + sj][block] = the block's sample at offset (si, sj).</summary>
    private void Neighbourhoods(ReadOnlySpan<float> img, int stride)
    {
        int nb = Blocks;
        int nbh = BlocksHorizontal;
        for (int si = 0; si < Block; si++)
        {
            for (int sj = 0; sj < Block; sj++)
            {
                Span<float> row = _y.AsSpan(((si * Block) + sj) * nb, nb);
                for (int bi = 0; bi < BlocksVertical; bi++)
                {
                    for (int bj = 0; bj < nbh; bj++)
                    {
                        row[(bi * nbh) + bj] = img[((si + (Block * bi)) * stride) + sj + (Block * bj)];
                    }
                }
            }
        }
    }
}
