using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>
/// ADM's second pair in a fused run, driven by the second picture's row layouts (<see cref="RowSpans"/>): band rows equal
/// to the reference's are copied, cores from the distorted bands, and only the rest is transformed; numerator rows add
/// the plain pair's core sums, the self pair's sums outside the hull (the reference decoupled against itself: r = o,
/// a = 0, so the masking threshold is a constant) and compute the rest.
/// </summary>
public sealed partial class IntegerAdmExtractor
{
    /// <summary>Per numerator row of one scale: its layout (within M's columns) and the plain pair's core sums.</summary>
    private sealed class SecondPlan(int maxRows)
    {
        public RowSpans[] Layouts { get; } = new RowSpans[maxRows];

        public AdmRowSums[] CoreSums { get; } = new AdmRowSums[maxRows];

        /// <summary>Lays out numerator rows [Top, Bottom) of a band of <paramref name="w"/> × <paramref name="h"/>: each reads band rows i−1…i+1.</summary>
        public void Prepare(RowSpans[] bands, int w, int h, AdmRegion m)
        {
            Span<int> rows = stackalloc int[3];
            for (int i = m.Top; i < m.Bottom; i++)
            {
                rows[0] = i == 0 ? 1 : i - 1;
                rows[1] = i;
                rows[2] = i == h - 1 ? h - 1 : i + 1;
                RowSpans l = SecondLayout.Window(bands, rows, 1, w);
                int ha = Math.Max(l.HullStart, m.Left), hb = Math.Min(l.HullEnd, m.Right);
                int ca = Math.Max(l.CoreStart, ha), cb = Math.Min(l.CoreEnd, hb);
                Layouts[i] = l.SameAsReference || ha >= hb ? default : new RowSpans(ha, hb, ca < cb ? ca : 0, ca < cb ? cb : 0);
                CoreSums[i] = default;
            }
        }
    }

    private sealed partial class Scratch
    {
        /// <summary>Level 0's row layout of the second picture.</summary>
        public RowSpans[]? Level0 { get; }

        /// <summary>The second picture's band-row layouts at scales 0–3.</summary>
        public RowSpans[][]? BandLayouts { get; }

        public SecondPlan? Plan { get; }

        /// <summary>Decouple/CSF rows of the second pair.</summary>
        public Ring[]? SecondRings { get; }

        /// <summary>The self pair's numerator inputs: r = o (scale 0 widened to i32) and the constant masking sums.</summary>
        public PinnedBuffer<int>? SelfRh { get; }

        public PinnedBuffer<int>? SelfRv { get; }

        public PinnedBuffer<int>? SelfRd { get; }

        public PinnedBuffer<int>? SelfS { get; }

        public PinnedBuffer<int>? SelfC { get; }
    }

    private sealed unsafe partial class AdmInstance
    {
        private (int S, int C)[]? _selfMasking;

        /// <summary>Scale 0's bands of the second picture from its layout.</summary>
        private void DwtSecond0<T>(T* src, Scratch sc)
            where T : unmanaged
        {
            int w = _w[0], h = _h[0], bw = _w[1], bh = _h[1];
            int* rows = stackalloc int[4];
            Span<int> indices = stackalloc int[4];
            short* tl = sc.Tl0.Pointer + 2;
            short* th = sc.Th0.Pointer + 2;
            RowSpans[] layouts = sc.BandLayouts![0];
            for (int i = 0; i < bh; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    indices[k] = Mirror.Rdup((2 * i) - 1 + k, h);
                    rows[k] = indices[k] * w;
                }

                RowSpans l = SecondLayout.Dwt(sc.Level0!, indices, w, bw);
                layouts[i] = l;
                int o = i * bw;
                for (int b = 0; b < 4; b++)
                {
                    new ReadOnlySpan<short>(sc.Ref0[b].Pointer + o, bw).CopyTo(new Span<short>(sc.Sec0![b].Pointer + o, bw));
                }

                if (l.SameAsReference)
                {
                    continue;
                }

                int ca = l.HasCore ? l.CoreStart : l.HullEnd, cb = l.HasCore ? l.CoreEnd : l.HullEnd;
                for (int b = 0; b < 4; b++)
                {
                    new ReadOnlySpan<short>(sc.Dis0[b].Pointer + o + ca, cb - ca).CopyTo(new Span<short>(sc.Sec0![b].Pointer + o + ca, cb - ca));
                }

                foreach ((int from, int to) in new[] { (l.HullStart, ca), (cb, l.HullEnd) })
                {
                    if (from >= to)
                    {
                        continue;
                    }

                    AdmKernels.Dwt0Vertical(src, rows, Math.Max(0, (2 * from) - 1), Math.Min(w, (2 * to) + 1), Geometry.BitDepth, tl, th, _vw);
                    Mirror.PadRdup(sc.Tl0.Span, w, 2);
                    Mirror.PadRdup(sc.Th0.Span, w, 2);
                    AdmKernels.Dwt0Horizontal(tl, th, from, to, sc.Sec0![0].Pointer + o, sc.Sec0[2].Pointer + o, sc.Sec0[1].Pointer + o, sc.Sec0[3].Pointer + o, _vw);
                }
            }
        }

        /// <summary>Scale s's (1–3) bands of the second picture from the previous scale's A band and layout.</summary>
        private void DwtSecondN<T>(T* src, int s, Scratch sc)
            where T : unmanaged
        {
            int w = _w[s], h = _h[s], bw = _w[s + 1], bh = _h[s + 1];
            (long round, int shift, long roundH, int shiftH) = DwtShifts[s];
            int* rows = stackalloc int[4];
            Span<int> indices = stackalloc int[4];
            int* tl = sc.Tl.Pointer + 2;
            int* th = sc.Th.Pointer + 2;
            RowSpans[] input = sc.BandLayouts![s - 1], layouts = sc.BandLayouts[s];
            PinnedBuffer<int>[] target = sc.SecN[s]!;
            for (int i = 0; i < bh; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    indices[k] = Mirror.Rdup((2 * i) - 1 + k, h);
                    rows[k] = indices[k] * w;
                }

                RowSpans l = SecondLayout.Dwt(input, indices, w, bw);
                layouts[i] = l;
                int o = i * bw;
                for (int b = 0; b < 4; b++)
                {
                    new ReadOnlySpan<int>(sc.RefN[s][b].Pointer + o, bw).CopyTo(new Span<int>(target[b].Pointer + o, bw));
                }

                if (l.SameAsReference)
                {
                    continue;
                }

                int ca = l.HasCore ? l.CoreStart : l.HullEnd, cb = l.HasCore ? l.CoreEnd : l.HullEnd;
                for (int b = 0; b < 4; b++)
                {
                    new ReadOnlySpan<int>(sc.DisN[s][b].Pointer + o + ca, cb - ca).CopyTo(new Span<int>(target[b].Pointer + o + ca, cb - ca));
                }

                foreach ((int from, int to) in new[] { (l.HullStart, ca), (cb, l.HullEnd) })
                {
                    if (from >= to)
                    {
                        continue;
                    }

                    AdmKernels.DwtVertical(src, rows, Math.Max(0, (2 * from) - 1), Math.Min(w, (2 * to) + 1), round, shift, tl, th, _vw);
                    Mirror.PadRdup(sc.Tl.Span, w, 2);
                    Mirror.PadRdup(sc.Th.Span, w, 2);
                    AdmKernels.DwtHorizontal(tl, th, from, to, roundH, shiftH, target[0].Pointer + o, target[2].Pointer + o, target[1].Pointer + o, target[3].Pointer + o, _vw);
                }
            }
        }

        /// <summary>
        /// The second pair's numerator of scale <paramref name="s"/> (its denominator is the plain pair's): per row the
        /// plain core sums (<see cref="SecondPlan"/>, filled by the plain pass), the self pair outside the hull, and the
        /// rest decoupled and summed.
        /// </summary>
        private float SecondNumerator(int s, Scratch sc)
        {
            int w = _w[s + 1], h = _h[s + 1];
            AdmRegion m = AdmRegion.For(w, h);
            int ra = AdmConstants.CeilLog2(h);
            long rowRound = 1L << (ra - 1);
            int cl2w = AdmConstants.CeilLog2(w);
            int shiftHv = cl2w - 4, shiftD = cl2w - 3, shift = cl2w;
            SecondPlan plan = sc.Plan!;
            SelfConstants(s, w, sc);
            var self = new AdmRow { Rh = sc.SelfRh!.Pointer + 1, Rv = sc.SelfRv!.Pointer + 1, Rd = sc.SelfRd!.Pointer + 1, S = sc.SelfS!.Pointer + 1, C = sc.SelfC!.Pointer + 1 };
            long accH = 0, accV = 0, accD = 0;
            fixed (ushort* irf0 = _csf.Irf0)
            fixed (uint* irfN = _csf.Irf[s == 0 ? 1 : s])
            {
                int next = m.Top == 0 ? 0 : m.Top - 1;
                for (int i = m.Top; i < m.Bottom; i++)
                {
                    for (int target = Math.Min(i + 1, h - 1); next <= target; next++)
                    {
                        DecoupleSecond(s, next, w, h, m, plan, sc, irf0, irfN);
                    }

                    RowSpans l = plan.Layouts[i];
                    var sums = default(AdmRowSums);
                    Ring mid = sc.SecondRings![i % 3];
                    Ring up = sc.SecondRings[(i == 0 ? 1 : i - 1) % 3];
                    Ring down = sc.SecondRings[(i == h - 1 ? h - 1 : i + 1) % 3];
                    if (l.SameAsReference)
                    {
                        Self(s, i, w, m.Left, m.Right, sc, self, irf0, irfN, shiftHv, shiftD, shift, ref sums);
                    }
                    else
                    {
                        int ca = l.HasCore ? l.CoreStart : l.HullEnd, cb = l.HasCore ? l.CoreEnd : l.HullEnd;
                        Self(s, i, w, m.Left, l.HullStart, sc, self, irf0, irfN, shiftHv, shiftD, shift, ref sums);
                        Numerator(s, up.Row, mid.Row, down.Row, l.HullStart, ca, irf0, irfN, shiftHv, shiftD, shift, ref sums);
                        AdmRowSums core = plan.CoreSums[i];
                        sums.H += core.H;
                        sums.V += core.V;
                        sums.D += core.D;
                        Numerator(s, up.Row, mid.Row, down.Row, cb, l.HullEnd, irf0, irfN, shiftHv, shiftD, shift, ref sums);
                        Self(s, i, w, l.HullEnd, m.Right, sc, self, irf0, irfN, shiftHv, shiftD, shift, ref sums);
                    }

                    accH += (sums.H + rowRound) >> ra;
                    accV += (sums.V + rowRound) >> ra;
                    accD += (sums.D + rowRound) >> ra;
                }
            }

            float k = AdmConstants.Cbrt(m.Area / 32.0f);
            if (s == 0)
            {
                return Num0(accH, accV, accD, AdmConstants.Pow2(52 - shiftHv - ra), AdmConstants.Pow2(57 - shiftD - ra), k);
            }

            return NumN(accH, accV, accD, (float)AdmConstants.Pow2(NumExponent[s] - shift - ra), k);
        }

        /// <summary>
        /// Decouple/CSF of the second pair for ring row <paramref name="r"/>, over the columns the numerator rows r−1…r+1
        /// compute and their neighbours: the computed pieces of their layouts, widened by 1.
        /// </summary>
        private void DecoupleSecond(int s, int r, int w, int h, AdmRegion m, SecondPlan plan, Scratch sc, ushort* irf0, uint* irfN)
        {
            Span<(int From, int To)> pieces = stackalloc (int, int)[6];
            int count = 0;
            for (int i = Math.Max(m.Top, r - 1); i <= Math.Min(m.Bottom - 1, r + 1); i++)
            {
                RowSpans l = plan.Layouts[i];
                if (l.SameAsReference)
                {
                    continue;
                }

                int ca = l.HasCore ? l.CoreStart : l.HullEnd, cb = l.HasCore ? l.CoreEnd : l.HullEnd;
                if (l.HullStart < ca)
                {
                    pieces[count++] = (l.HullStart - 1, ca + 1);
                }

                if (cb < l.HullEnd)
                {
                    pieces[count++] = (cb - 1, l.HullEnd + 1);
                }
            }

            if (count == 0)
            {
                return;
            }

            // Merge overlapping pieces, then decouple each within E.
            pieces = pieces[..count];
            pieces.Sort((x, y) => x.From.CompareTo(y.From));
            int o = r * w;
            Ring ring = sc.SecondRings![r % 3];
            int start = pieces[0].From, end = pieces[0].To;
            for (int p = 1; p <= count; p++)
            {
                if (p < count && pieces[p].From <= end)
                {
                    end = Math.Max(end, pieces[p].To);
                    continue;
                }

                int from = Math.Max(m.ExtLeft, start), to = Math.Min(m.ExtRight, end);
                if (from < to)
                {
                    if (s == 0)
                    {
                        AdmKernels.DecoupleCsf0(
                            sc.Ref0[1].Pointer + o, sc.Ref0[2].Pointer + o, sc.Ref0[3].Pointer + o,
                            sc.Sec0![1].Pointer + o, sc.Sec0[2].Pointer + o, sc.Sec0[3].Pointer + o,
                            from, to, _gainLimit, irf0, ring.Row, _vw);
                    }
                    else
                    {
                        PinnedBuffer<int>[] ob = sc.RefN[s], tb = sc.SecN[s]!;
                        AdmKernels.DecoupleCsf(
                            ob[1].Pointer + o, ob[2].Pointer + o, ob[3].Pointer + o,
                            tb[1].Pointer + o, tb[2].Pointer + o, tb[3].Pointer + o,
                            from, to, _gainLimit, irfN, ring.Row, _vw);
                    }
                }

                if (p < count)
                {
                    start = pieces[p].From;
                    end = pieces[p].To;
                }
            }

            ring.MirrorEdges(w);
        }

        private void Numerator(int s, AdmRow up, AdmRow mid, AdmRow down, int from, int to, ushort* irf0, uint* irfN, int shiftHv, int shiftD, int shift, ref AdmRowSums sums)
        {
            if (from >= to)
            {
                return;
            }

            if (s == 0)
            {
                AdmKernels.Numerator0(up, mid, down, from, to, irf0, shiftHv, shiftD, ref sums, _vw);
            }
            else
            {
                AdmKernels.Numerator(up, mid, down, from, to, irfN, shift, ref sums, _vw);
            }
        }

        /// <summary>The self pair's numerator over columns [from, to) of row <paramref name="i"/>: r = the reference bands, constant masking.</summary>
        private void Self(int s, int i, int w, int from, int to, Scratch sc, AdmRow self, ushort* irf0, uint* irfN, int shiftHv, int shiftD, int shift, ref AdmRowSums sums)
        {
            if (from >= to)
            {
                return;
            }

            int o = i * w;
            AdmRow row = self;
            if (s == 0)
            {
                Widen(sc.Ref0[1].Pointer + o, self.Rh, from, to);
                Widen(sc.Ref0[2].Pointer + o, self.Rv, from, to);
                Widen(sc.Ref0[3].Pointer + o, self.Rd, from, to);
            }
            else
            {
                row.Rh = sc.RefN[s][1].Pointer + o;
                row.Rv = sc.RefN[s][2].Pointer + o;
                row.Rd = sc.RefN[s][3].Pointer + o;
            }

            Numerator(s, row, row, row, from, to, irf0, irfN, shiftHv, shiftD, shift, ref sums);
        }

        /// <summary>Columns [from, to) of an i16 band row as i32 (sign-extended).</summary>
        private static void Widen(short* source, int* target, int from, int to)
        {
            int j = from;
            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                for (; j <= to - 8; j += 8)
                {
                    System.Runtime.Intrinsics.Vector256.Store(System.Runtime.Intrinsics.X86.Avx2.ConvertToVector256Int32(source + j), target + j);
                }
            }

            for (; j < to; j++)
            {
                target[j] = source[j];
            }
        }

        /// <summary>Fills the self pair's S and C rows with what decouple/CSF gives a pixel whose additive part is 0 at scale s.</summary>
        private void SelfConstants(int s, int w, Scratch sc)
        {
            _selfMasking ??= ComputeSelfMasking();
            sc.SelfS!.Span.Fill(_selfMasking[s].S);
            sc.SelfC!.Span.Fill(_selfMasking[s].C);
        }

        // Decouple/CSF of a zero pixel against itself at each scale: its masking sums S and C (constant for any self pixel).
        private (int S, int C)[] ComputeSelfMasking()
        {
            var result = new (int S, int C)[4];
            var zero = new PinnedBuffer<int>(4);
            var zero16 = new PinnedBuffer<short>(4);
            var probe = new Ring(2);
            fixed (ushort* irf0 = _csf.Irf0)
            {
                AdmKernels.DecoupleCsf0(zero16.Pointer, zero16.Pointer, zero16.Pointer, zero16.Pointer, zero16.Pointer, zero16.Pointer, 0, 1, _gainLimit, irf0, probe.Row, VectorWidth.Scalar);
                result[0] = (probe.Row.S[0], probe.Row.C[0]);
            }

            for (int s = 1; s < 4; s++)
            {
                fixed (uint* irf = _csf.Irf[s])
                {
                    AdmKernels.DecoupleCsf(zero.Pointer, zero.Pointer, zero.Pointer, zero.Pointer, zero.Pointer, zero.Pointer, 0, 1, _gainLimit, irf, probe.Row, VectorWidth.Scalar);
                    result[s] = (probe.Row.S[0], probe.Row.C[0]);
                }
            }

            return result;
        }
    }
}
