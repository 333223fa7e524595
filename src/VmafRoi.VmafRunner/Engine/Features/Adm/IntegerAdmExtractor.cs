using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>
/// libvmaf's integer ADM (<c>adm</c>, spec §3): a four-scale db2 wavelet decomposition, decoupling of restored and
/// additive detail, CSF weighting, contrast masking and cube sums, combined into <c>adm2</c>. <see cref="V32"/> is
/// libvmaf 3.2.0's: it adds the additive impairment measure <c>aim</c> and <c>adm3</c>, and the CSF-mode, noise,
/// DLM-weight, minimum and skip options (spec-3.2.0 06 B).
/// </summary>
public sealed partial class IntegerAdmExtractor : IFeatureExtractor
{
    public const string Adm2 = "VMAF_integer_feature_adm2_score";
    public const string Aim = "VMAF_integer_feature_aim_score";
    public const string Adm3 = "VMAF_integer_feature_adm3_score";

    private static readonly string[] MainNames = [Adm2, "integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"];

    private static readonly string[] MainNamesV32 = [Adm2, Aim, Adm3, "integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"];

    private static readonly string[] DebugNames =
    [
        "integer_adm", "integer_adm_num", "integer_adm_den",
        "integer_adm_num_scale0", "integer_adm_den_scale0", "integer_adm_num_scale1", "integer_adm_den_scale1",
        "integer_adm_num_scale2", "integer_adm_den_scale2", "integer_adm_num_scale3", "integer_adm_den_scale3",
    ];

    private IntegerAdmExtractor(bool v32)
    {
        IsV32 = v32;
        Provides = v32 ? [.. MainNamesV32, .. DebugNames] : [.. MainNames, .. DebugNames];
        FeatureOption[] common =
        [
            FeatureOption.Bool("debug", null, false, false, "also emit per-scale numerators/denominators and their sums"),
            FeatureOption.Number("adm_enhn_gain_limit", "egl", 100.0, 1.0, 100.0, true, "upper limit of the restored-detail gain"),
            FeatureOption.Number("adm_norm_view_dist", "nvd", 3.0, 0.75, 24.0, true, "viewing distance over display height"),
        ];
        Options = v32
            ?
            [
                .. common,
                FeatureOption.Integer("adm_ref_display_height", "rdh", 1080, 1, 4320, true, "reference display height in pixels"),
                FeatureOption.Number("adm_csf_scale", "scf", 1.0, 0.0, 50.0, true, "Barten CSF scale (adm_csf_mode 1 only)"),
                FeatureOption.Number("adm_csf_diag_scale", "scfd", 1.0, 0.0, 50.0, true, "Barten CSF diagonal scale (adm_csf_mode 1 only)"),
                FeatureOption.Number("adm_dlm_weight", "dlmw", 0.5, 0.0, 1.0, true, "weight of adm2 in adm3 (the rest goes to 1 − aim)"),
                FeatureOption.Integer("adm_csf_mode", "csf", 0, 0, 3, true, "contrast sensitivity: 0 Watson, 1 Barten (refused), 2 blend, 3 blend (MAE)"),
                FeatureOption.Number("adm_noise_weight", "nw", 0.03125, 0.0, 1500.0, true, "noise term per measured sample"),
                FeatureOption.Bool("adm_skip_aim", null, false, false, "skip the additive impairment measure (aim = 0)"),
                FeatureOption.Bool("adm_skip_scale0", "ssz", false, true, "skip scale 0 (its numerator 0, denominator 1e-10)"),
                FeatureOption.Number("adm_min_val", "min", 0.0, 0.0, 1.0, true, "lower clip of adm3"),
            ]
            : [.. common, FeatureOption.Number("adm_ref_display_height", "rdh", 1080, 1, 4320, true, "reference display height in pixels")];
    }

    /// <summary>libvmaf 3.0.0's ADM (no aim/adm3, the 3.0.0 option table).</summary>
    public static IntegerAdmExtractor Instance { get; } = new(v32: false);

    /// <summary>libvmaf 3.2.0's ADM: <c>adm2, aim, adm3, scale0..3</c> and the 3.2.0 option table.</summary>
    public static IntegerAdmExtractor V32 { get; } = new(v32: true);

    /// <summary>True for libvmaf 3.2.0's variant.</summary>
    public bool IsV32 { get; }

    public string Name => "adm";

    public IReadOnlyList<string> Provides { get; }

    public IReadOnlyList<FeatureOption> Options { get; }

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.None;

    /// <summary>The CSF weights these settings select; refuses what libvmaf's extract refuses (nvd·rdh &lt; 3240, no table).</summary>
    /// <exception cref="Contracts.InvalidInputException">The viewing condition or CSF mode cannot be computed.</exception>
    internal static AdmCsf Csf(FeatureSettings settings) =>
        AdmCsf.For(
            ((IntegerAdmExtractor)settings.Extractor).IsV32 ? (AdmCsfMode)(int)settings.GetDouble("adm_csf_mode") : AdmCsfMode.Watson97,
            settings.GetDouble("adm_norm_view_dist"),
            settings.GetDouble("adm_ref_display_height"));

    public void Validate(FeatureSettings settings) => Csf(settings);

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) =>
        new AdmInstance(settings, geometry, VectorSupport.Resolve(width));

    private sealed unsafe partial class AdmInstance : FeatureInstance
    {
        private static readonly (long Round, int Shift, long RoundH, int ShiftH)[] DwtShifts =
        [
            default, (0, 0, 16384, 15), (32768, 16, 32768, 16), (32768, 16, 16384, 15),
        ];

        private static readonly int[] NumExponent = [0, 45, 39, 36];
        private static readonly int[] DenSquareShift = [0, 31, 30, 31];
        private static readonly int[] DenExponent = [0, 32, 27, 23];

        private readonly bool _debug;
        private readonly double _gainLimit;
        private readonly AdmCsf _csf;
        private readonly bool _v32;
        private readonly bool _aim;
        private readonly bool _skipScale0;
        private readonly double _noiseWeight = 0.03125;
        private readonly double _dlmWeight;
        private readonly double _minVal;
        private readonly string[] _mainNames;
        private readonly string[] _debugNames;
        private readonly VectorWidth _vw;
        private readonly int[] _w = new int[5];
        private readonly int[] _h = new int[5];

        public AdmInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth vw)
            : base(settings, geometry)
        {
            RequireSupported("adm", geometry);
            _vw = vw;
            _debug = settings.GetBool("debug");
            _gainLimit = settings.GetDouble("adm_enhn_gain_limit");
            _csf = Csf(settings);
            _v32 = ((IntegerAdmExtractor)settings.Extractor).IsV32;
            if (_v32)
            {
                _aim = !settings.GetBool("adm_skip_aim");
                _skipScale0 = settings.GetBool("adm_skip_scale0");
                _noiseWeight = settings.GetDouble("adm_noise_weight");
                _dlmWeight = settings.GetDouble("adm_dlm_weight");
                _minVal = settings.GetDouble("adm_min_val");
            }

            _mainNames = Array.ConvertAll(_v32 ? MainNamesV32 : MainNames, settings.FeatureName);
            _debugNames = Array.ConvertAll(DebugNames, settings.FeatureName);

            // _w[s], _h[s]: input size of scale s's DWT; _w[s + 1]: its band size.
            _w[0] = geometry.Width;
            _h[0] = geometry.Height;
            for (int s = 1; s < 5; s++)
            {
                _w[s] = (_w[s - 1] + 1) / 2;
                _h[s] = (_h[s - 1] + 1) / 2;
            }
        }

        public override FusedPairs SupportedPairs => FusedPairs.Second | FusedPairs.Weighted;

        public override object CreateScratch() => new Scratch(_w, _h, Pairs, _aim);

        /// <summary>
        /// num/den (float) per scale: [0, 8) the plain pair, [8, 16) the second pair, [16, 24) the weighted pair; then AIM's
        /// numerator per scale: [24, 28) plain, [28, 32) second, [32, 36) weighted.
        /// </summary>
        public override object CreateFrameState() => new float[36];

        public override void Compute(in FrameInput input, object scratch, object frameState)
        {
            var sc = (Scratch)scratch;
            var result = (float[])frameState;
            bool second = (Pairs & FusedPairs.Second) != 0;
            bool weighted = (Pairs & FusedPairs.Weighted) != 0;
            if (weighted)
            {
                sc.Weights!.Build(input.Weights);
                for (int level = 1; level <= 4; level++)
                {
                    sc.Weights.Levels[level].CopyTo(sc.WeightLevels[level].Span);
                }
            }

            // With the gain limit at 2 or more a picture decoupled against itself restores all its detail (r = o, a = 0), so
            // the second pair's work outside its layout's hull follows from the reference bands alone.
            bool layouts = second && !weighted && _gainLimit >= 2.0 && !_aim && !_skipScale0;
            if (layouts)
            {
                if (input.SecondRows.IsEmpty)
                {
                    Array.Fill(sc.Level0!, RowSpans.Unknown(_w[0]));
                }
                else
                {
                    input.SecondRows.CopyTo(sc.Level0);
                }
            }

            fixed (byte* refBytes = input.Reference)
            fixed (byte* disBytes = input.Distorted)
            fixed (byte* secBytes = input.SecondDistorted)
            {
                if (Geometry.BitDepth == 8)
                {
                    Dwt0(refBytes, sc.Ref0, sc);
                    Dwt0(disBytes, sc.Dis0, sc);
                    if (layouts)
                    {
                        DwtSecond0(secBytes, sc);
                    }
                    else if (second)
                    {
                        Dwt0(secBytes, sc.Sec0!, sc);
                    }
                }
                else
                {
                    Dwt0((ushort*)refBytes, sc.Ref0, sc);
                    Dwt0((ushort*)disBytes, sc.Dis0, sc);
                    if (layouts)
                    {
                        DwtSecond0((ushort*)secBytes, sc);
                    }
                    else if (second)
                    {
                        Dwt0((ushort*)secBytes, sc.Sec0!, sc);
                    }
                }
            }

            if (_skipScale0)
            {
                // libvmaf 3.2.0 leaves scale 0 out: numerator (and AIM) 0, denominator 1e-10 for every pair.
                Store(new ScaleResult { Den = 1e-10f, WeightedDen = 1e-10f }, result, 0, second);
                result[8] = 0;
            }
            else
            {
                Store(Scale0(sc, sc.Dis0, weighted ? sc.WeightLevels[1].Pointer : null, denominator: true, layouts ? sc.Plan : null), result, 0, second);
                if (second)
                {
                    if (layouts)
                    {
                        result[8] = SecondNumerator(0, sc);
                    }
                    else
                    {
                        ScaleResult r = Scale0(sc, sc.Sec0!, null, denominator: false);
                        result[8] = r.Num;
                        result[28] = r.AimNum;
                    }
                }
            }

            for (int s = 1; s < 4; s++)
            {
                if (s == 1)
                {
                    Dwt(sc.Ref0[0].Pointer, s, sc.RefN[s], sc);
                    Dwt(sc.Dis0[0].Pointer, s, sc.DisN[s], sc);
                    if (layouts)
                    {
                        DwtSecondN(sc.Sec0![0].Pointer, s, sc);
                    }
                    else if (second)
                    {
                        Dwt(sc.Sec0![0].Pointer, s, sc.SecN[s]!, sc);
                    }
                }
                else
                {
                    Dwt(sc.RefN[s - 1][0].Pointer, s, sc.RefN[s], sc);
                    Dwt(sc.DisN[s - 1][0].Pointer, s, sc.DisN[s], sc);
                    if (layouts)
                    {
                        DwtSecondN(sc.SecN[s - 1]![0].Pointer, s, sc);
                    }
                    else if (second)
                    {
                        Dwt(sc.SecN[s - 1]![0].Pointer, s, sc.SecN[s]!, sc);
                    }
                }

                Store(ScaleN(s, sc, sc.DisN[s], weighted ? sc.WeightLevels[s + 1].Pointer : null, denominator: true, layouts ? sc.Plan : null), result, 2 * s, second);
                if (second)
                {
                    if (layouts)
                    {
                        result[8 + (2 * s)] = SecondNumerator(s, sc);
                    }
                    else
                    {
                        ScaleResult r = ScaleN(s, sc, sc.SecN[s]!, null, denominator: false);
                        result[8 + (2 * s)] = r.Num;
                        result[28 + s] = r.AimNum;
                    }
                }
            }
        }

        /// <summary>A scale's plain and weighted results; the second pair shares the denominator (it reads the reference only).</summary>
        private static void Store(in ScaleResult r, float[] result, int at, bool second)
        {
            result[at] = r.Num;
            result[at + 1] = r.Den;
            if (second)
            {
                result[8 + at + 1] = r.Den;
            }

            result[16 + at] = r.WeightedNum;
            result[16 + at + 1] = r.WeightedDen;
            result[24 + (at / 2)] = r.AimNum;
            result[32 + (at / 2)] = r.WeightedAimNum;
        }

        public override void Commit(int index, object frameState, FeatureCollector collector) => Write(collector, (float[])frameState, 0, index);

        /// <summary>AIM's numerator: the scales' f32 values summed in f64, in scale order.</summary>
        private static double AimNumerator(float[] all, int pair)
        {
            double sum = 0;
            for (int s = 0; s < 4; s++)
            {
                sum += all[24 + (4 * pair) + s];
            }

            return sum;
        }

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
            double num = 0, den = 0;
            for (int s = 0; s < 4; s++)
            {
                num += r[2 * s];
                den += r[(2 * s) + 1];
            }

            double limit = 1e-10 * ((double)Geometry.Width * Geometry.Height) / (1920.0 * 1080.0);
            if (num < limit)
            {
                num = 0;
            }

            if (den < limit)
            {
                den = 0;
            }

            double adm2 = den == 0.0 ? 1.0 : num / den;
            collector.Append(_mainNames[0], index, adm2);
            int scaleNames = 1;
            if (_v32)
            {
                // libvmaf leaves aim uninitialised when den is 0; we define it as 0 (docs/engine.md).
                double aim = den == 0.0 ? 0.0 : AimNumerator(all, offset / 8) / den;
                double blend = (adm2 * _dlmWeight) + ((1 - aim) * (1 - _dlmWeight));
                collector.Append(_mainNames[1], index, aim);
                collector.Append(_mainNames[2], index, blend > _minVal ? blend : _minVal);
                scaleNames = 3;
            }

            for (int s = 0; s < 4; s++)
            {
                collector.Append(_mainNames[scaleNames + s], index, (double)r[2 * s] / r[(2 * s) + 1]);
            }

            if (!_debug)
            {
                return;
            }

            collector.Append(_debugNames[0], index, adm2);
            collector.Append(_debugNames[1], index, num);
            collector.Append(_debugNames[2], index, den);
            for (int s = 0; s < 4; s++)
            {
                collector.Append(_debugNames[3 + (2 * s)], index, r[2 * s]);
                collector.Append(_debugNames[4 + (2 * s)], index, r[(2 * s) + 1]);
            }
        }

        /// <summary>Scale-0 DWT of raw luma into four i16 bands (A, H, V, D).</summary>
        private void Dwt0<T>(T* src, PinnedBuffer<short>[] bands, Scratch sc)
            where T : unmanaged
        {
            int w = _w[0], h = _h[0], bw = _w[1], bh = _h[1];
            int* rows = stackalloc int[4];
            short* tl = sc.Tl0.Pointer + 2;
            short* th = sc.Th0.Pointer + 2;
            for (int i = 0; i < bh; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    rows[k] = Mirror.Rdup((2 * i) - 1 + k, h) * w;
                }

                AdmKernels.Dwt0Vertical(src, rows, w, Geometry.BitDepth, tl, th, _vw);
                Mirror.PadRdup(sc.Tl0.Span, w, 2);
                Mirror.PadRdup(sc.Th0.Span, w, 2);
                int o = i * bw;
                AdmKernels.Dwt0Horizontal(tl, th, bw, bands[0].Pointer + o, bands[2].Pointer + o, bands[1].Pointer + o, bands[3].Pointer + o, _vw);
            }
        }

        /// <summary>DWT of scale s (1–3) from the previous scale's A band (i16 at s = 1, else i32).</summary>
        private void Dwt<T>(T* src, int s, PinnedBuffer<int>[] bands, Scratch sc)
            where T : unmanaged
        {
            int w = _w[s], h = _h[s], bw = _w[s + 1], bh = _h[s + 1];
            (long round, int shift, long roundH, int shiftH) = DwtShifts[s];
            int* rows = stackalloc int[4];
            int* tl = sc.Tl.Pointer + 2;
            int* th = sc.Th.Pointer + 2;
            for (int i = 0; i < bh; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    rows[k] = Mirror.Rdup((2 * i) - 1 + k, h) * w;
                }

                AdmKernels.DwtVertical(src, rows, w, round, shift, tl, th, _vw);
                Mirror.PadRdup(sc.Tl.Span, w, 2);
                Mirror.PadRdup(sc.Th.Span, w, 2);
                int o = i * bw;
                AdmKernels.DwtHorizontal(tl, th, bw, roundH, shiftH, bands[0].Pointer + o, bands[2].Pointer + o, bands[1].Pointer + o, bands[3].Pointer + o, _vw);
            }
        }

        /// <summary>
        /// Scale 0's numerator for the pair (reference, <paramref name="t"/>) and, when asked, the reference denominator; with
        /// <paramref name="weights"/> (band resolution) also their weighted versions (docs/roi.md).
        /// </summary>
        private ScaleResult Scale0(Scratch sc, PinnedBuffer<short>[] t, byte* weights, bool denominator, SecondPlan? plan = null)
        {
            int w = _w[1], h = _h[1];
            AdmRegion m = AdmRegion.For(w, h);
            plan?.Prepare(sc.BandLayouts![0], w, h, m);
            int ra = AdmConstants.CeilLog2(h);
            int cl2w = AdmConstants.CeilLog2(w);
            int shiftHv = cl2w - 4, shiftD = cl2w - 3;
            long accH = 0, accV = 0, accD = 0, wH = 0, wV = 0, wD = 0;
            long aimH = 0, aimV = 0, aimD = 0, waimH = 0, waimV = 0, waimD = 0;
            long rowRound = 1L << (ra - 1);
            fixed (ushort* irf = _csf.Irf0)
            {
                int next = m.Top == 0 ? 0 : m.Top - 1;
                for (int i = m.Top; i < m.Bottom; i++)
                {
                    for (int target = Math.Min(i + 1, h - 1); next <= target; next++)
                    {
                        int o = next * w;
                        Ring ring = sc.Rings[next % 3];
                        AdmKernels.DecoupleCsf0(
                            sc.Ref0[1].Pointer + o, sc.Ref0[2].Pointer + o, sc.Ref0[3].Pointer + o,
                            t[1].Pointer + o, t[2].Pointer + o, t[3].Pointer + o,
                            m.ExtLeft, m.ExtRight, _gainLimit, irf, ring.Row, _vw);
                        ring.MirrorEdges(w);
                        if (_aim)
                        {
                            Ring aimRing = sc.AimRings![next % 3];
                            AdmAimKernels.Row0(ring.Row, t[1].Pointer + o, t[2].Pointer + o, t[3].Pointer + o, m.ExtLeft, m.ExtRight, irf, aimRing.Row, _vw);
                            aimRing.MirrorEdges(w);
                        }
                    }

                    var sums = default(AdmRowSums);
                    int iu = (i == 0 ? 1 : i - 1) % 3, im = i % 3, id = (i == h - 1 ? h - 1 : i + 1) % 3;
                    Ring mid = sc.Rings[im];
                    Ring up = sc.Rings[iu];
                    Ring down = sc.Rings[id];
                    if (_aim)
                    {
                        var aimSums = default(AdmRowSums);
                        Ring[] a = sc.AimRings!;
                        if (weights is null)
                        {
                            AdmKernels.Numerator0(a[iu].Row, a[im].Row, a[id].Row, m.Left, m.Right, irf, shiftHv, shiftD, ref aimSums, _vw);
                        }
                        else
                        {
                            var ws = default(AdmWeightedSums);
                            AdmWeightedKernels.Numerator0(a[iu].Row, a[im].Row, a[id].Row, weights + (i * w), m.Left, m.Right, irf, shiftHv, shiftD, ref aimSums, ref ws, _vw);
                            waimH += (Unweigh(ws.H) + rowRound) >> ra;
                            waimV += (Unweigh(ws.V) + rowRound) >> ra;
                            waimD += (Unweigh(ws.D) + rowRound) >> ra;
                        }

                        aimH += (aimSums.H + rowRound) >> ra;
                        aimV += (aimSums.V + rowRound) >> ra;
                        aimD += (aimSums.D + rowRound) >> ra;
                    }

                    if (plan is not null && plan.Layouts[i].HasCore)
                    {
                        RowSpans l = plan.Layouts[i];
                        AdmKernels.Numerator0(up.Row, mid.Row, down.Row, m.Left, l.CoreStart, irf, shiftHv, shiftD, ref sums, _vw);
                        var core = default(AdmRowSums);
                        AdmKernels.Numerator0(up.Row, mid.Row, down.Row, l.CoreStart, l.CoreEnd, irf, shiftHv, shiftD, ref core, _vw);
                        AdmKernels.Numerator0(up.Row, mid.Row, down.Row, l.CoreEnd, m.Right, irf, shiftHv, shiftD, ref sums, _vw);
                        plan.CoreSums[i] = core;
                        sums.H += core.H;
                        sums.V += core.V;
                        sums.D += core.D;
                    }
                    else if (weights is null)
                    {
                        AdmKernels.Numerator0(up.Row, mid.Row, down.Row, m.Left, m.Right, irf, shiftHv, shiftD, ref sums, _vw);
                    }
                    else
                    {
                        var ws = default(AdmWeightedSums);
                        AdmWeightedKernels.Numerator0(up.Row, mid.Row, down.Row, weights + (i * w), m.Left, m.Right, irf, shiftHv, shiftD, ref sums, ref ws, _vw);
                        wH += (Unweigh(ws.H) + rowRound) >> ra;
                        wV += (Unweigh(ws.V) + rowRound) >> ra;
                        wD += (Unweigh(ws.D) + rowRound) >> ra;
                    }

                    accH += (sums.H + rowRound) >> ra;
                    accV += (sums.V + rowRound) >> ra;
                    accD += (sums.D + rowRound) >> ra;
                }
            }

            double numScaleHv = AdmConstants.Pow2(52 - shiftHv - ra), numScaleD = AdmConstants.Pow2(57 - shiftD - ra);
            float k = Noise(m.Area);
            var result = new ScaleResult { Num = Num0(accH, accV, accD, numScaleHv, numScaleD, k) };
            double weightArea = weights is null ? 0 : RegionWeight(weights, w, m) / 255.0;
            float kw = Noise(weightArea);
            if (weights is not null)
            {
                result.WeightedNum = Num0(wH, wV, wD, numScaleHv, numScaleD, kw);
            }

            if (_aim)
            {
                // AIM's numerator has no noise term (libvmaf passes noise weight 0: powf(0, 1/3) = 0).
                result.AimNum = Num0(aimH, aimV, aimD, numScaleHv, numScaleD, 0f);
                result.WeightedAimNum = weights is null ? 0 : Num0(waimH, waimV, waimD, numScaleHv, numScaleD, 0f);
            }

            if (!denominator)
            {
                return result;
            }

            int sa = Math.Max(0, (int)Math.Ceiling(Math.Log2(m.Area) - 20));
            ulong ad = sa > 0 ? 1ul << (sa - 1) : 0;
            ulong dh = 0, dv = 0, dd = 0, wdh = 0, wdv = 0, wdd = 0;
            for (int i = m.Top; i < m.Bottom; i++)
            {
                int o = i * w;
                if (weights is null)
                {
                    dh += (AdmKernels.DenominatorRow0(sc.Ref0[1].Pointer + o, m.Left, m.Right, _vw) + ad) >> sa;
                    dv += (AdmKernels.DenominatorRow0(sc.Ref0[2].Pointer + o, m.Left, m.Right, _vw) + ad) >> sa;
                    dd += (AdmKernels.DenominatorRow0(sc.Ref0[3].Pointer + o, m.Left, m.Right, _vw) + ad) >> sa;
                }
                else
                {
                    dh += (AdmWeightedKernels.DenominatorRow0(sc.Ref0[1].Pointer + o, weights + o, m.Left, m.Right, _vw, out Int128 xh) + ad) >> sa;
                    dv += (AdmWeightedKernels.DenominatorRow0(sc.Ref0[2].Pointer + o, weights + o, m.Left, m.Right, _vw, out Int128 xv) + ad) >> sa;
                    dd += (AdmWeightedKernels.DenominatorRow0(sc.Ref0[3].Pointer + o, weights + o, m.Left, m.Right, _vw, out Int128 xd) + ad) >> sa;
                    wdh += ((ulong)Unweigh(xh) + ad) >> sa;
                    wdv += ((ulong)Unweigh(xv) + ad) >> sa;
                    wdd += ((ulong)Unweigh(xd) + ad) >> sa;
                }
            }

            double scale = AdmConstants.Pow2(18 - sa);
            result.Den = Den(dh, dv, dd, scale, 0, k);
            if (weights is not null)
            {
                result.WeightedDen = Den(wdh, wdv, wdd, scale, 0, kw);
                result = Fallback(result, weightArea);
            }

            return result;
        }

        private static float Num0(long accH, long accV, long accD, double scaleHv, double scaleD, float k)
        {
            float fh = (float)(accH / scaleHv);
            float fv = (float)(accV / scaleHv);
            float fd = (float)(accD / scaleD);
            return (AdmConstants.Cbrt(fh) + k) + (AdmConstants.Cbrt(fv) + k) + (AdmConstants.Cbrt(fd) + k);
        }

        private float Den(ulong dh, ulong dv, ulong dd, double scale, int s, float k)
        {
            double ch = dh / scale * _csf.RfHvCubed[s];
            double cv = dv / scale * _csf.RfHvCubed[s];
            double cd = dd / scale * _csf.RfDCubed[s];
            return (AdmConstants.Cbrt((float)ch) + k) + (AdmConstants.Cbrt((float)cv) + k) + (AdmConstants.Cbrt((float)cd) + k);
        }

        /// <summary>A weighted row sum carries a factor 255 (weights are 0–255): removed exactly when every weight is 255; wraps to 64 bits like the plain sums.</summary>
        private static long Unweigh(Int128 weighted) => (long)(weighted / 255);

        /// <summary>Σ of the weights over the measured region M of a band.</summary>
        private static long RegionWeight(byte* weights, int w, AdmRegion m)
        {
            long sum = 0;
            for (int i = m.Top; i < m.Bottom; i++)
            {
                sum += AdmWeightedKernels.WeightSum(weights + (i * w), m.Left, m.Right);
            }

            return sum;
        }

        /// <summary>A scale whose measured region has no weight at all has nothing to weigh: its plain values stand (docs/roi.md).</summary>
        private static ScaleResult Fallback(ScaleResult r, double weightArea) =>
            weightArea == 0 ? r with { WeightedNum = r.Num, WeightedDen = r.Den, WeightedAimNum = r.AimNum } : r;

        /// <summary>The noise term K = ∛(area·nw) in f32 (libvmaf 3.2.0; with nw = 1/32 it is 3.0.0's ∛(area/32) bit for bit).</summary>
        private float Noise(double area) => AdmConstants.Cbrt((float)(area * _noiseWeight));

        private ScaleResult ScaleN(int s, Scratch sc, PinnedBuffer<int>[] t, byte* weights, bool denominator, SecondPlan? plan = null)
        {
            int w = _w[s + 1], h = _h[s + 1];
            PinnedBuffer<int>[] o = sc.RefN[s];
            AdmRegion m = AdmRegion.For(w, h);
            plan?.Prepare(sc.BandLayouts![s], w, h, m);
            int ra = AdmConstants.CeilLog2(h);
            int shift = AdmConstants.CeilLog2(w);
            long accH = 0, accV = 0, accD = 0, wH = 0, wV = 0, wD = 0;
            long aimH = 0, aimV = 0, aimD = 0, waimH = 0, waimV = 0, waimD = 0;
            long rowRound = 1L << (ra - 1);
            fixed (uint* irf = _csf.Irf[s])
            {
                int next = m.Top == 0 ? 0 : m.Top - 1;
                for (int i = m.Top; i < m.Bottom; i++)
                {
                    for (int target = Math.Min(i + 1, h - 1); next <= target; next++)
                    {
                        int off = next * w;
                        Ring ring = sc.Rings[next % 3];
                        AdmKernels.DecoupleCsf(
                            o[1].Pointer + off, o[2].Pointer + off, o[3].Pointer + off,
                            t[1].Pointer + off, t[2].Pointer + off, t[3].Pointer + off,
                            m.ExtLeft, m.ExtRight, _gainLimit, irf, ring.Row, _vw);
                        ring.MirrorEdges(w);
                        if (_aim)
                        {
                            Ring aimRing = sc.AimRings![next % 3];
                            AdmAimKernels.RowN(ring.Row, t[1].Pointer + off, t[2].Pointer + off, t[3].Pointer + off, m.ExtLeft, m.ExtRight, irf, aimRing.Row, _vw);
                            aimRing.MirrorEdges(w);
                        }
                    }

                    var sums = default(AdmRowSums);
                    int iu = (i == 0 ? 1 : i - 1) % 3, im = i % 3, id = (i == h - 1 ? h - 1 : i + 1) % 3;
                    Ring mid = sc.Rings[im];
                    Ring up = sc.Rings[iu];
                    Ring down = sc.Rings[id];
                    if (_aim)
                    {
                        var aimSums = default(AdmRowSums);
                        Ring[] a = sc.AimRings!;
                        if (weights is null)
                        {
                            AdmKernels.Numerator(a[iu].Row, a[im].Row, a[id].Row, m.Left, m.Right, irf, shift, ref aimSums, _vw);
                        }
                        else
                        {
                            var ws = default(AdmWeightedSums);
                            AdmWeightedKernels.Numerator(a[iu].Row, a[im].Row, a[id].Row, weights + (i * w), m.Left, m.Right, irf, shift, ref aimSums, ref ws, _vw);
                            waimH += (Unweigh(ws.H) + rowRound) >> ra;
                            waimV += (Unweigh(ws.V) + rowRound) >> ra;
                            waimD += (Unweigh(ws.D) + rowRound) >> ra;
                        }

                        aimH += (aimSums.H + rowRound) >> ra;
                        aimV += (aimSums.V + rowRound) >> ra;
                        aimD += (aimSums.D + rowRound) >> ra;
                    }

                    if (plan is not null && plan.Layouts[i].HasCore)
                    {
                        RowSpans l = plan.Layouts[i];
                        AdmKernels.Numerator(up.Row, mid.Row, down.Row, m.Left, l.CoreStart, irf, shift, ref sums, _vw);
                        var core = default(AdmRowSums);
                        AdmKernels.Numerator(up.Row, mid.Row, down.Row, l.CoreStart, l.CoreEnd, irf, shift, ref core, _vw);
                        AdmKernels.Numerator(up.Row, mid.Row, down.Row, l.CoreEnd, m.Right, irf, shift, ref sums, _vw);
                        plan.CoreSums[i] = core;
                        sums.H += core.H;
                        sums.V += core.V;
                        sums.D += core.D;
                    }
                    else if (weights is null)
                    {
                        AdmKernels.Numerator(up.Row, mid.Row, down.Row, m.Left, m.Right, irf, shift, ref sums, _vw);
                    }
                    else
                    {
                        var ws = default(AdmWeightedSums);
                        AdmWeightedKernels.Numerator(up.Row, mid.Row, down.Row, weights + (i * w), m.Left, m.Right, irf, shift, ref sums, ref ws, _vw);
                        wH += (Unweigh(ws.H) + rowRound) >> ra;
                        wV += (Unweigh(ws.V) + rowRound) >> ra;
                        wD += (Unweigh(ws.D) + rowRound) >> ra;
                    }

                    accH += (sums.H + rowRound) >> ra;
                    accV += (sums.V + rowRound) >> ra;
                    accD += (sums.D + rowRound) >> ra;
                }
            }

            float k = Noise(m.Area);
            float sNum = (float)AdmConstants.Pow2(NumExponent[s] - shift - ra);
            var result = new ScaleResult { Num = NumN(accH, accV, accD, sNum, k) };
            double weightArea = weights is null ? 0 : RegionWeight(weights, w, m) / 255.0;
            float kw = Noise(weightArea);
            if (weights is not null)
            {
                result.WeightedNum = NumN(wH, wV, wD, sNum, kw);
            }

            if (_aim)
            {
                result.AimNum = NumN(aimH, aimV, aimD, sNum, 0f);
                result.WeightedAimNum = weights is null ? 0 : NumN(waimH, waimV, waimD, sNum, 0f);
            }

            if (!denominator)
            {
                return result;
            }

            int sq = DenSquareShift[s];
            int cb = AdmConstants.CeilLog2(m.Right - m.Left);
            int raD = AdmConstants.CeilLog2(m.Bottom - m.Top);
            ulong denRound = 1ul << (raD - 1);
            ulong dh = 0, dv = 0, dd = 0, wdh = 0, wdv = 0, wdd = 0;
            for (int i = m.Top; i < m.Bottom; i++)
            {
                int off = i * w;
                if (weights is null)
                {
                    dh += (AdmKernels.DenominatorRow(o[1].Pointer + off, m.Left, m.Right, sq, cb, _vw) + denRound) >> raD;
                    dv += (AdmKernels.DenominatorRow(o[2].Pointer + off, m.Left, m.Right, sq, cb, _vw) + denRound) >> raD;
                    dd += (AdmKernels.DenominatorRow(o[3].Pointer + off, m.Left, m.Right, sq, cb, _vw) + denRound) >> raD;
                }
                else
                {
                    dh += (AdmWeightedKernels.DenominatorRow(o[1].Pointer + off, weights + off, m.Left, m.Right, sq, cb, _vw, out Int128 xh) + denRound) >> raD;
                    dv += (AdmWeightedKernels.DenominatorRow(o[2].Pointer + off, weights + off, m.Left, m.Right, sq, cb, _vw, out Int128 xv) + denRound) >> raD;
                    dd += (AdmWeightedKernels.DenominatorRow(o[3].Pointer + off, weights + off, m.Left, m.Right, sq, cb, _vw, out Int128 xd) + denRound) >> raD;
                    wdh += ((ulong)Unweigh(xh) + denRound) >> raD;
                    wdv += ((ulong)Unweigh(xv) + denRound) >> raD;
                    wdd += ((ulong)Unweigh(xd) + denRound) >> raD;
                }
            }

            double scale = AdmConstants.Pow2(DenExponent[s] - raD - cb);
            result.Den = Den(dh, dv, dd, scale, s, k);
            if (weights is not null)
            {
                result.WeightedDen = Den(wdh, wdv, wdd, scale, s, kw);
                result = Fallback(result, weightArea);
            }

            return result;
        }

        private static float NumN(long accH, long accV, long accD, float sNum, float k) =>
            (AdmConstants.Cbrt((float)accH / sNum) + k) + (AdmConstants.Cbrt((float)accV / sNum) + k) + (AdmConstants.Cbrt((float)accD / sNum) + k);
    }

    /// <summary>One scale's numerator and denominator, plain and weighted.</summary>
    private record struct ScaleResult(float Num, float Den, float WeightedNum, float WeightedDen, float AimNum = 0, float WeightedAimNum = 0);

    /// <summary>One row of decouple/CSF output (see <see cref="AdmRow"/>), addressed by absolute column with one spare cell each side.</summary>
    private sealed unsafe class Ring
    {
        private readonly PinnedBuffer<int>[] _buffers;

        public Ring(int width)
        {
            _buffers = new PinnedBuffer<int>[5];
            for (int b = 0; b < 5; b++)
            {
                _buffers[b] = new PinnedBuffer<int>(width + 2);
            }

            Row = new AdmRow
            {
                Rh = _buffers[0].Pointer + 1,
                Rv = _buffers[1].Pointer + 1,
                Rd = _buffers[2].Pointer + 1,
                S = _buffers[3].Pointer + 1,
                C = _buffers[4].Pointer + 1,
            };
        }

        public AdmRow Row { get; }

        /// <summary>Column −1 mirrors column 1; column w repeats column w−1 (§3.9).</summary>
        public void MirrorEdges(int w)
        {
            Row.S[-1] = Row.S[1];
            Row.S[w] = Row.S[w - 1];
        }
    }

    /// <summary>Per-thread buffers: every band of both pictures at every scale, DWT row buffers and the 3-row ring.</summary>
    private sealed partial class Scratch
    {
        public Scratch(int[] w, int[] h, FusedPairs pairs, bool aim)
        {
            AimRings = aim ? [new Ring(w[1]), new Ring(w[1]), new Ring(w[1])] : null;
            bool second = (pairs & FusedPairs.Second) != 0;
            Ref0 = Bands<short>(w[1] * h[1]);
            Dis0 = Bands<short>(w[1] * h[1]);
            Sec0 = second ? Bands<short>(w[1] * h[1]) : null;
            RefN = new PinnedBuffer<int>[4][];
            DisN = new PinnedBuffer<int>[4][];
            SecN = new PinnedBuffer<int>[]?[4];
            for (int s = 1; s < 4; s++)
            {
                RefN[s] = Bands<int>(w[s + 1] * h[s + 1]);
                DisN[s] = Bands<int>(w[s + 1] * h[s + 1]);
                SecN[s] = second ? Bands<int>(w[s + 1] * h[s + 1]) : null;
            }

            if (second)
            {
                Level0 = new RowSpans[h[0]];
                BandLayouts = [new RowSpans[h[1]], new RowSpans[h[2]], new RowSpans[h[3]], new RowSpans[h[4]]];
                Plan = new SecondPlan(h[1]);
                SecondRings = [new Ring(w[1]), new Ring(w[1]), new Ring(w[1])];
                SelfRh = new PinnedBuffer<int>(w[1] + 2);
                SelfRv = new PinnedBuffer<int>(w[1] + 2);
                SelfRd = new PinnedBuffer<int>(w[1] + 2);
                SelfS = new PinnedBuffer<int>(w[1] + 2);
                SelfC = new PinnedBuffer<int>(w[1] + 2);
            }

            WeightLevels = new PinnedBuffer<byte>[5];
            if ((pairs & FusedPairs.Weighted) != 0)
            {
                Weights = new WeightPyramid(w[0], h[0], 4, roundUp: true);
                for (int level = 1; level <= 4; level++)
                {
                    WeightLevels[level] = new PinnedBuffer<byte>(w[level] * h[level]);
                }
            }

            Tl0 = new PinnedBuffer<short>(w[0] + 4);
            Th0 = new PinnedBuffer<short>(w[0] + 4);
            Tl = new PinnedBuffer<int>(w[1] + 4);
            Th = new PinnedBuffer<int>(w[1] + 4);
            Rings = [new Ring(w[1]), new Ring(w[1]), new Ring(w[1])];
        }

        /// <summary>Scale-0 bands A, H, V, D of the reference.</summary>
        public PinnedBuffer<short>[] Ref0 { get; }

        public PinnedBuffer<short>[] Dis0 { get; }

        /// <summary>Bands A, H, V, D at scales 1–3 (index 0 unused).</summary>
        public PinnedBuffer<int>[][] RefN { get; }

        public PinnedBuffer<int>[][] DisN { get; }

        /// <summary>The second distorted picture's bands (fused runs).</summary>
        public PinnedBuffer<short>[]? Sec0 { get; }

        public PinnedBuffer<int>[]?[] SecN { get; }

        /// <summary>The weight plane at band resolution, levels 1–4 = scales 0–3 (weighted runs).</summary>
        public WeightPyramid? Weights { get; }

        /// <summary>Pinned copies of <see cref="Weights"/>' levels for the kernels (index 0 unused).</summary>
        public PinnedBuffer<byte>[] WeightLevels { get; }

        /// <summary>Scale-0 low/high row signals (i16, two mirrored cells each side).</summary>
        public PinnedBuffer<short> Tl0 { get; }

        public PinnedBuffer<short> Th0 { get; }

        /// <summary>Scales 1–3 low/high row signals.</summary>
        public PinnedBuffer<int> Tl { get; }

        public PinnedBuffer<int> Th { get; }

        public Ring[] Rings { get; }

        /// <summary>AIM's rows: additive parts and the restored part's masking sums (libvmaf 3.2.0 only).</summary>
        public Ring[]? AimRings { get; }

        private static PinnedBuffer<T>[] Bands<T>(int size)
            where T : unmanaged =>
            [new PinnedBuffer<T>(size), new PinnedBuffer<T>(size), new PinnedBuffer<T>(size), new PinnedBuffer<T>(size)];
    }
}
