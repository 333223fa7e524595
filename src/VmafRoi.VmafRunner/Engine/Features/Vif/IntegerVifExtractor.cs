using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Vif;

/// <summary>
/// libvmaf's integer VIF (<c>vif</c>, spec §2): four scales of fixed-point local statistics, each reduced to a float
/// numerator/denominator pair.
/// </summary>
public sealed class IntegerVifExtractor : IFeatureExtractor
{
    public const string Scale0 = "VMAF_integer_feature_vif_scale0_score";
    public const string Scale1 = "VMAF_integer_feature_vif_scale1_score";
    public const string Scale2 = "VMAF_integer_feature_vif_scale2_score";
    public const string Scale3 = "VMAF_integer_feature_vif_scale3_score";

    private static readonly string[] ScaleNames = [Scale0, Scale1, Scale2, Scale3];

    private static readonly string[] DebugNames =
    [
        "integer_vif", "integer_vif_num", "integer_vif_den",
        "integer_vif_num_scale0", "integer_vif_den_scale0", "integer_vif_num_scale1", "integer_vif_den_scale1",
        "integer_vif_num_scale2", "integer_vif_den_scale2", "integer_vif_num_scale3", "integer_vif_den_scale3",
    ];

    public static IntegerVifExtractor Instance { get; } = new();

    public string Name => "vif";

    public IReadOnlyList<string> Provides { get; } = [.. ScaleNames, .. DebugNames];

    public IReadOnlyList<FeatureOption> Options { get; } =
    [
        FeatureOption.Bool("debug", null, false, false, "also emit the per-scale numerators/denominators and their sums"),
        FeatureOption.Number("vif_enhn_gain_limit", "egl", 100.0, 1.0, 100.0, true, "upper limit of the gain g in the log numerator"),
    ];

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.None;

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) =>
        new VifInstance(settings, geometry, VectorSupport.Resolve(width));

    private sealed unsafe class VifInstance : FeatureInstance
    {
        private readonly bool _debug;
        private readonly double _gainLimit;
        private readonly string[] _scaleNames;
        private readonly string[] _debugNames;
        private readonly VectorWidth _vw;
        private readonly int[] _w = new int[4];
        private readonly int[] _h = new int[4];

        public VifInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth vw)
            : base(settings, geometry)
        {
            RequireSupported("vif", geometry);
            _vw = vw;
            _debug = settings.GetBool("debug");
            _gainLimit = settings.GetDouble("vif_enhn_gain_limit");
            _scaleNames = Array.ConvertAll(ScaleNames, settings.FeatureName);
            _debugNames = Array.ConvertAll(DebugNames, settings.FeatureName);
            _w[0] = geometry.Width;
            _h[0] = geometry.Height;
            for (int s = 1; s < 4; s++)
            {
                _w[s] = _w[s - 1] / 2;
                _h[s] = _h[s - 1] / 2;
            }
        }

        public override FusedPairs SupportedPairs => FusedPairs.Second | FusedPairs.Weighted;

        public override object CreateScratch() => new Scratch(_w, _h, Pairs);

        /// <summary>num/den (float) per scale: [0, 8) the plain pair, [8, 16) the second pair, [16, 24) the weighted pair.</summary>
        public override object CreateFrameState() => new float[24];

        public override void Compute(in FrameInput input, object scratch, object frameState)
        {
            var sc = (Scratch)scratch;
            var result = (float[])frameState;
            int bpc = Geometry.BitDepth;
            bool weighted = (Pairs & FusedPairs.Weighted) != 0;
            if (weighted)
            {
                sc.Weights!.Build(input.Weights);
            }

            if (!input.SecondDistorted.IsEmpty)
            {
                // Level 0's layout: where the second picture differs from the reference (unknown: everywhere).
                if (input.SecondRows.IsEmpty)
                {
                    Array.Fill(sc.Layouts[0], RowSpans.Unknown(_w[0]));
                }
                else
                {
                    input.SecondRows.CopyTo(sc.Layouts[0]);
                }
            }

            fixed (byte* refBytes = input.Reference)
            fixed (byte* disBytes = input.Distorted)
            fixed (byte* secBytes = input.SecondDistorted)
            fixed (byte* weightBytes = input.Weights)
            {
                for (int s = 0; s < 4; s++)
                {
                    var sums = new PairSums();
                    byte* w = !weighted ? null : s == 0 ? weightBytes : (byte*)sc.WeightLevels[s].Pointer;
                    if (s == 0)
                    {
                        if (bpc == 8)
                        {
                            Statistic(refBytes, disBytes, secBytes, w, 0, bpc, sc, ref sums);
                        }
                        else
                        {
                            Statistic((ushort*)refBytes, (ushort*)disBytes, (ushort*)secBytes, w, 0, bpc, sc, ref sums);
                        }
                    }
                    else
                    {
                        Statistic(sc.RefPyramid[s].Pointer, sc.DisPyramid[s].Pointer, secBytes == null ? null : sc.SecPyramid[s]!.Pointer, w, s, bpc, sc, ref sums);
                    }

                    Store(sums.Plain, 1.0, result, 2 * s);
                    if (secBytes != null)
                    {
                        Store(sums.Second, 1.0, result, 8 + (2 * s));
                    }

                    if (weighted)
                    {
                        // A level with no weight anywhere has nothing to weigh: its plain sums stand (docs/roi.md).
                        bool none = sc.Weights!.Totals[s] == 0;
                        Store(none ? sums.Plain : sums.Weighted, none ? 1.0 : 255.0, result, 16 + (2 * s));
                    }

                    if (s < 3)
                    {
                        if (s == 0 && bpc == 8)
                        {
                            Decimate(refBytes, disBytes, secBytes, 0, bpc, sc);
                        }
                        else if (s == 0)
                        {
                            Decimate((ushort*)refBytes, (ushort*)disBytes, (ushort*)secBytes, 0, bpc, sc);
                        }
                        else
                        {
                            Decimate(sc.RefPyramid[s].Pointer, sc.DisPyramid[s].Pointer, secBytes == null ? null : sc.SecPyramid[s]!.Pointer, s, bpc, sc);
                        }

                        if (weighted)
                        {
                            sc.PinWeights(s + 1);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// §2.7's num and den of one scale as floats. Weighted sums carry a factor 255 (weights are 0–255), divided out first:
        /// exact when every weight is 255, so such a plane gives the plain numbers bit for bit.
        /// </summary>
        private static void Store(in VifSums sums, double unit, float[] result, int at)
        {
            double numLog = sums.NumLog / unit, denLog = sums.DenLog / unit, numNonLog = sums.NumNonLog / unit, denNonLog = sums.DenNonLog / unit;
            double num = (numLog / 2048.0) + (denNonLog - ((numNonLog / 16384.0) / 65025.0));
            double den = (denLog / 2048.0) + denNonLog;
            result[at] = (float)num;
            result[at + 1] = (float)den;
        }

        public override void Commit(int index, object frameState, FeatureCollector collector) => Write(collector, (float[])frameState, 0, index);

        public override void Commit(int index, object frameState, FeatureCollectors collectors, ReadOnlySpan<byte> weights)
        {
            var r = (float[])frameState;
            Write(collectors.Primary, r, 0, index);
            if (collectors.Second is { } second)
            {
                Write(second, r, 8, index);
            }

            if (collectors.Weighted is { } weighted)
            {
                Write(weighted, r, 16, index);
            }
        }

        private void Write(FeatureCollector collector, float[] all, int offset, int index)
        {
            ReadOnlySpan<float> r = all.AsSpan(offset, 8);
            for (int s = 0; s < 4; s++)
            {
                collector.Append(_scaleNames[s], index, r[2 * s] / r[(2 * s) + 1]);
            }

            if (!_debug)
            {
                return;
            }

            double num = 0, den = 0;
            for (int s = 0; s < 4; s++)
            {
                num += r[2 * s];
                den += r[(2 * s) + 1];
            }

            collector.Append(_debugNames[0], index, den == 0.0 ? 1.0 : num / den);
            collector.Append(_debugNames[1], index, num);
            collector.Append(_debugNames[2], index, den);
            for (int s = 0; s < 4; s++)
            {
                collector.Append(_debugNames[3 + (2 * s)], index, r[2 * s]);
                collector.Append(_debugNames[4 + (2 * s)], index, r[(2 * s) + 1]);
            }
        }

        /// <summary>
        /// The §2.4–§2.6 sums of scale <paramref name="s"/> over the whole image for the plain pair (x, y), and in the same
        /// row loop for the second pair (x, <paramref name="y2"/>) and weighted by <paramref name="weights"/> (each when not null).
        /// </summary>
        private void Statistic<T>(T* x, T* y, T* y2, byte* weights, int s, int bpc, Scratch sc, ref PairSums sums)
            where T : unmanaged
        {
            int w = _w[s], h = _h[s];
            uint[] f = VifTables.Filters[s];
            int taps = f.Length, r = taps / 2;
            VifShifts shifts = VifShifts.ForScale(s, bpc);
            int* rows = stackalloc int[17];
            fixed (uint* filter = f)
            {
                for (int i = 0; i < h; i++)
                {
                    for (int k = 0; k < taps; k++)
                    {
                        sc.RowIndices[k] = Mirror.R101(i - r + k, h);
                        rows[k] = sc.RowIndices[k] * w;
                    }

                    Row(x, y, rows, filter, taps, w, r, s, shifts, sc);
                    if (y2 is not null && weights is null)
                    {
                        RowSpans layout = SecondLayout.Align(SecondLayout.Window(sc.Layouts[s], sc.RowIndices.AsSpan(0, taps), r, w), 32, w);
                        SecondRow(x, y2, rows, filter, taps, w, r, s, shifts, sc, layout, ref sums);
                        continue;
                    }

                    if (weights is null)
                    {
                        VifKernels.Accumulate(sc.Sigma1.Pointer, sc.Sigma2.Pointer, sc.Sigma12.Pointer, w, _gainLimit, ref sums.Plain, _vw);
                    }
                    else
                    {
                        VifKernels.PermuteLikeSigma(weights + (i * w), sc.WeightRow!.Pointer, w, _vw);
                        VifKernels.AccumulateWeighted(sc.Sigma1.Pointer, sc.Sigma2.Pointer, sc.Sigma12.Pointer, sc.WeightRow.Pointer, w, _gainLimit, ref sums.Plain, ref sums.Weighted, _vw);
                    }

                    if (y2 is not null)
                    {
                        Row(x, y2, rows, filter, taps, w, r, s, shifts, sc);
                        VifKernels.Accumulate(sc.Sigma1.Pointer, sc.Sigma2.Pointer, sc.Sigma12.Pointer, w, _gainLimit, ref sums.Second, _vw);
                    }
                }
            }
        }

        /// <summary>
        /// One row of the plain pair (its σ rows already made) and of the second pair (x, <paramref name="y2"/>), whose layout
        /// splits the row into segments: outside the hull the second picture equals the reference (its sums follow from the
        /// plain σ1, <see cref="VifKernels.SelfSums"/>); in the core it equals the distorted one (the plain sums); only the
        /// rest is computed. Segment ends are multiples of 32, where the σ rows' vector blocks end at every width.
        /// </summary>
        private void SecondRow<T>(T* x, T* y2, int* rows, uint* filter, int taps, int w, int r, int s, VifShifts shifts, Scratch sc, RowSpans layout, ref PairSums sums)
            where T : unmanaged
        {
            int* s1 = sc.Sigma1.Pointer, s2 = sc.Sigma2.Pointer, s12 = sc.Sigma12.Pointer;
            if (layout.SameAsReference)
            {
                var all = default(VifSums);
                VifKernels.Accumulate(s1, s2, s12, 0, w, _gainLimit, ref all, _vw);
                sums.Plain.Add(all);
                sums.Second.Add(VifKernels.SelfSums(s1, 0, w, all));
                return;
            }

            int ha = layout.HullStart, hb = layout.HullEnd;
            int ca = layout.HasCore ? layout.CoreStart : hb, cb = layout.HasCore ? layout.CoreEnd : hb;
            Self(0, ha, ref sums);
            Computed(ha, ca, ref sums);
            if (ca < cb)
            {
                var core = default(VifSums);
                VifKernels.Accumulate(s1, s2, s12, ca, cb, _gainLimit, ref core, _vw);
                sums.Plain.Add(core);
                sums.Second.Add(core);
            }

            Computed(cb, hb, ref sums);
            Self(hb, w, ref sums);

            void Self(int from, int to, ref PairSums sums)
            {
                if (from < to)
                {
                    var plain = default(VifSums);
                    VifKernels.Accumulate(s1, s2, s12, from, to, _gainLimit, ref plain, _vw);
                    sums.Plain.Add(plain);
                    sums.Second.Add(VifKernels.SelfSums(s1, from, to, plain));
                }
            }

            void Computed(int from, int to, ref PairSums sums)
            {
                if (from >= to)
                {
                    return;
                }

                VifKernels.Accumulate(s1, s2, s12, from, to, _gainLimit, ref sums.Plain, _vw);

                // The μ1 and XX rows still hold this row's plain pass (same x): only the second picture's side is summed.
                VifKernels.StatVerticalDistorted(x, y2, rows, filter, taps, Math.Max(0, from - r), Math.Min(w, to + r), shifts, sc.Rows.At(r), _vw);
                foreach (PinnedBuffer<ushort> b in sc.Words)
                {
                    Mirror.PadR101(b.Span, w, r);
                }

                VifKernels.StatHorizontal(sc.Rows, filter, taps, VifTables.Pairs[s], from, to, sc.SecondSigma1!.Pointer, sc.SecondSigma2!.Pointer, sc.SecondSigma12!.Pointer, _vw);
                VifKernels.Accumulate(sc.SecondSigma1.Pointer, sc.SecondSigma2.Pointer, sc.SecondSigma12.Pointer, from, to, _gainLimit, ref sums.Second, _vw);
            }
        }

        /// <summary>
        /// Scale s+1 of the second pyramid from its layout: rows equal to the reference are copied from the reference
        /// pyramid, cores from the distorted one, and only the rest is blurred and decimated.
        /// </summary>
        private void DecimateSecond<T>(T* y2, int s, int bpc, Scratch sc)
            where T : unmanaged
        {
            int w = _w[s], h = _h[s], dw = _w[s + 1], dh = _h[s + 1];
            uint[] f = VifTables.Filters[s + 1];
            int taps = f.Length, r = taps / 2;
            uint round = s == 0 ? 1u << (bpc - 1) : 32768u;
            int shift = s == 0 ? bpc : 16;
            int* rows = stackalloc int[17];
            ushort* refOut = sc.RefPyramid[s + 1].Pointer;
            ushort* disOut = sc.DisPyramid[s + 1].Pointer;
            ushort* secOut = sc.SecPyramid[s + 1]!.Pointer;
            RowSpans[] layouts = sc.Layouts[s + 1];
            PinnedPairs pairs = VifTables.Pairs[s + 1];
            fixed (uint* filter = f)
            {
                for (int i2 = 0; i2 < dh; i2++)
                {
                    for (int k = 0; k < taps; k++)
                    {
                        sc.RowIndices[k] = Mirror.R101((2 * i2) - r + k, h);
                        rows[k] = sc.RowIndices[k] * w;
                    }

                    RowSpans layout = SecondLayout.Decimate(sc.Layouts[s], sc.RowIndices.AsSpan(0, taps), r, w, dw);
                    layouts[i2] = layout;
                    var target = new Span<ushort>(secOut + (i2 * dw), dw);
                    new ReadOnlySpan<ushort>(refOut + (i2 * dw), dw).CopyTo(target);
                    if (layout.SameAsReference)
                    {
                        continue;
                    }

                    int ha = layout.HullStart, hb = layout.HullEnd;
                    int ca = layout.HasCore ? layout.CoreStart : hb, cb = layout.HasCore ? layout.CoreEnd : hb;
                    new ReadOnlySpan<ushort>(disOut + (i2 * dw) + ca, cb - ca).CopyTo(target[ca..cb]);
                    DecimatePiece(y2, rows, filter, pairs, taps, w, r, round, shift, ha, ca, secOut + (i2 * dw), sc);
                    DecimatePiece(y2, rows, filter, pairs, taps, w, r, round, shift, cb, hb, secOut + (i2 * dw), sc);
                }
            }
        }

        /// <summary>Output columns [from, to) of one decimated row of <paramref name="src"/>.</summary>
        private void DecimatePiece<T>(T* src, int* rows, uint* filter, PinnedPairs pairs, int taps, int w, int r, uint round, int shift, int from, int to, ushort* output, Scratch sc)
            where T : unmanaged
        {
            if (from >= to)
            {
                return;
            }

            VifKernels.BlurVertical(src, rows, filter, pairs, taps, Math.Max(0, (2 * from) - r), Math.Min(w, (2 * to) + r), round, shift, sc.BlurDis.Pointer + r, _vw);
            Mirror.PadR101(sc.BlurDis.Span, w, r);
            VifKernels.BlurHorizontalEven(sc.BlurDis.Pointer, filter, taps, pairs, from, to, output, _vw);
        }

        /// <summary>σ1, σ2, σ12 of one row of the pair (x, y) into the scratch σ rows.</summary>
        private void Row<T>(T* x, T* y, int* rows, uint* filter, int taps, int w, int r, int s, VifShifts shifts, Scratch sc)
            where T : unmanaged
        {
            VifKernels.StatVertical(x, y, rows, filter, taps, w, shifts, sc.Rows.At(r), _vw);
            foreach (PinnedBuffer<ushort> b in sc.Words)
            {
                Mirror.PadR101(b.Span, w, r);
            }

            VifKernels.StatHorizontal(sc.Rows, filter, taps, VifTables.Pairs[s], w, sc.Sigma1.Pointer, sc.Sigma2.Pointer, sc.Sigma12.Pointer, _vw);
        }

        /// <summary>Builds scale s+1 of the pyramids (the second one when <paramref name="y2"/> is not null): blur with F_{s+1}, keep even rows and columns (§2.3).</summary>
        private void Decimate<T>(T* x, T* y, T* y2, int s, int bpc, Scratch sc)
            where T : unmanaged
        {
            int w = _w[s], h = _h[s], dw = _w[s + 1], dh = _h[s + 1];
            uint[] f = VifTables.Filters[s + 1];
            int taps = f.Length, r = taps / 2;
            uint round = s == 0 ? 1u << (bpc - 1) : 32768u;
            int shift = s == 0 ? bpc : 16;
            int* rows = stackalloc int[17];
            ushort* refOut = sc.RefPyramid[s + 1].Pointer;
            ushort* disOut = sc.DisPyramid[s + 1].Pointer;
            ushort* secOut = y2 is null ? null : sc.SecPyramid[s + 1]!.Pointer;
            fixed (uint* filter = f)
            {
                for (int i2 = 0; i2 < dh; i2++)
                {
                    for (int k = 0; k < taps; k++)
                    {
                        rows[k] = Mirror.R101((2 * i2) - r + k, h) * w;
                    }

                    PinnedPairs pairs = VifTables.Pairs[s + 1];
                    VifKernels.BlurVertical(x, rows, filter, pairs, taps, w, round, shift, sc.BlurRef.Pointer + r, _vw);
                    VifKernels.BlurVertical(y, rows, filter, pairs, taps, w, round, shift, sc.BlurDis.Pointer + r, _vw);
                    Mirror.PadR101(sc.BlurRef.Span, w, r);
                    Mirror.PadR101(sc.BlurDis.Span, w, r);
                    VifKernels.BlurHorizontalEven(sc.BlurRef.Pointer, filter, taps, pairs, dw, refOut + (i2 * dw), _vw);
                    VifKernels.BlurHorizontalEven(sc.BlurDis.Pointer, filter, taps, pairs, dw, disOut + (i2 * dw), _vw);
                    if (y2 is not null && sc.Weights is not null)
                    {
                        VifKernels.BlurVertical(y2, rows, filter, pairs, taps, w, round, shift, sc.BlurDis.Pointer + r, _vw);
                        Mirror.PadR101(sc.BlurDis.Span, w, r);
                        VifKernels.BlurHorizontalEven(sc.BlurDis.Pointer, filter, taps, pairs, dw, secOut + (i2 * dw), _vw);
                    }
                }
            }

            if (y2 is not null && sc.Weights is null)
            {
                DecimateSecond(y2, s, bpc, sc);
            }
        }
    }

    /// <summary>A scale's integer sums for each pair of a run.</summary>
    private struct PairSums
    {
        public VifSums Plain;
        public VifSums Second;
        public VifSums Weighted;
    }

    /// <summary>Per-thread buffers: the three coarser pyramid levels and padded row buffers.</summary>
    private sealed unsafe class Scratch
    {
        public Scratch(int[] w, int[] h, FusedPairs pairs)
        {
            RefPyramid = new PinnedBuffer<ushort>[4];
            DisPyramid = new PinnedBuffer<ushort>[4];
            SecPyramid = new PinnedBuffer<ushort>?[4];
            WeightLevels = new PinnedBuffer<byte>[4];
            for (int s = 1; s < 4; s++)
            {
                RefPyramid[s] = new PinnedBuffer<ushort>(w[s] * h[s]);
                DisPyramid[s] = new PinnedBuffer<ushort>(w[s] * h[s]);
                if ((pairs & FusedPairs.Second) != 0)
                {
                    SecPyramid[s] = new PinnedBuffer<ushort>(w[s] * h[s]);
                }

                if ((pairs & FusedPairs.Weighted) != 0)
                {
                    WeightLevels[s] = new PinnedBuffer<byte>(w[s] * h[s]);
                }
            }

            if ((pairs & FusedPairs.Weighted) != 0)
            {
                Weights = new WeightPyramid(w[0], h[0], 3, roundUp: false);
                WeightRow = new PinnedBuffer<byte>(w[0] + 48);
            }

            Layouts = new RowSpans[4][];
            if ((pairs & FusedPairs.Second) != 0)
            {
                for (int s = 0; s < 4; s++)
                {
                    Layouts[s] = new RowSpans[h[s]];
                }

                SecondSigma1 = new PinnedBuffer<int>(w[0] + 48);
                SecondSigma2 = new PinnedBuffer<int>(w[0] + 48);
                SecondSigma12 = new PinnedBuffer<int>(w[0] + 48);
            }

            int row = w[0] + 48;
            Words = new PinnedBuffer<ushort>[8];
            for (int b = 0; b < 8; b++)
            {
                Words[b] = new PinnedBuffer<ushort>(row);
            }

            Rows = new VifRows
            {
                Mu1 = Words[0].Pointer, Mu2 = Words[1].Pointer, XxHi = Words[2].Pointer, XxLo = Words[3].Pointer,
                YyHi = Words[4].Pointer, YyLo = Words[5].Pointer, XyHi = Words[6].Pointer, XyLo = Words[7].Pointer,
            };
            Sigma1 = new PinnedBuffer<int>(row);
            Sigma2 = new PinnedBuffer<int>(row);
            Sigma12 = new PinnedBuffer<int>(row);
            BlurRef = new PinnedBuffer<ushort>(row);
            BlurDis = new PinnedBuffer<ushort>(row);
        }

        public PinnedBuffer<ushort>[] RefPyramid { get; }

        public PinnedBuffer<ushort>[] DisPyramid { get; }

        /// <summary>The second distorted picture's pyramid (fused runs).</summary>
        public PinnedBuffer<ushort>?[] SecPyramid { get; }

        /// <summary>The weight plane at scales 1–3 (weighted runs), area averages of the full-resolution plane.</summary>
        public WeightPyramid? Weights { get; }

        /// <summary>Pinned copies of <see cref="Weights"/>' levels for the kernels (index 0 unused).</summary>
        public PinnedBuffer<byte>[] WeightLevels { get; }

        /// <summary>One weight row reordered like the σ rows.</summary>
        public PinnedBuffer<byte>? WeightRow { get; }

        /// <summary>The second picture's row layouts at each scale (fused runs).</summary>
        public RowSpans[][] Layouts { get; }

        /// <summary>The input rows a filter reads for the current output row.</summary>
        public int[] RowIndices { get; } = new int[17];

        /// <summary>σ rows of the second pair's computed segments.</summary>
        public PinnedBuffer<int>? SecondSigma1 { get; }

        public PinnedBuffer<int>? SecondSigma2 { get; }

        public PinnedBuffer<int>? SecondSigma12 { get; }

        /// <summary>Copies level <paramref name="s"/> of <see cref="Weights"/> to its pinned buffer.</summary>
        public void PinWeights(int s) => Weights!.Levels[s].CopyTo(WeightLevels[s].Span);

        /// <summary>The eight padded word rows between the vertical and horizontal passes.</summary>
        public PinnedBuffer<ushort>[] Words { get; }

        public VifRows Rows { get; }

        public PinnedBuffer<int> Sigma1 { get; }

        public PinnedBuffer<int> Sigma2 { get; }

        public PinnedBuffer<int> Sigma12 { get; }

        /// <summary>Vertically blurred rows (offset words) of the decimation passes.</summary>
        public PinnedBuffer<ushort> BlurRef { get; }

        public PinnedBuffer<ushort> BlurDis { get; }
    }
}
