using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.Adm;
using VmafRoi.VmafRunner.Engine.Features.Vif;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>
/// The identities a fused run relies on where its second picture equals the reference (docs/roi.md): VIF's closed form for
/// a picture against itself, and ADM's decouple of a picture against itself restoring every detail (gain limit ≥ 2).
/// </summary>
public sealed unsafe class SelfPairTests
{
    [Fact]
    public void Vif_of_a_picture_against_itself_has_floor_g_squared_sigma_equal_sigma_minus_1_for_every_log_branch_sigma()
    {
        // Exhaustive over every σ1 of the log branch: the proof's two facts in the spec's own double arithmetic.
        long violations = 0;
        Parallel.For(0, 4, part =>
        {
            long bad = 0;
            for (long s = VifTables.Nsq + part; s <= int.MaxValue; s += 4)
            {
                double s1 = s;
                double g = s1 / (s1 + VifTables.Eps);
                if ((long)(g * g * s1) != s - 1 || (int)(s1 - (g * s1)) != 0)
                {
                    bad++;
                }
            }

            Interlocked.Add(ref violations, bad);
        });
        Assert.Equal(0, violations);
    }

    [Fact]
    public void Vif_self_sums_equal_the_accumulation_of_a_picture_against_itself()
    {
        var random = new Random(7);
        var values = new List<int> { int.MinValue, -5, 0, 1, VifTables.Nsq - 1, VifTables.Nsq, VifTables.Nsq + 1, (1 << 18) - VifTables.Nsq, int.MaxValue, int.MaxValue - VifTables.Nsq, int.MaxValue - VifTables.Nsq + 1 };
        for (int k = 1; k < 31; k++)
        {
            // NSQ + σ1 on and around multiples of 2^k, where the numerator term differs from the denominator term.
            for (long v = 1L << 18; v < (1L << 31); v += Math.Max(1L << k, (1L << 31) / 4096))
            {
                values.Add((int)(v - VifTables.Nsq));
                values.Add((int)(v - VifTables.Nsq + 1));
            }
        }

        for (int n = 0; n < 200_000; n++)
        {
            values.Add(random.Next(-200_000, int.MaxValue));
        }

        int[] sigma = [.. values.Where(v => v - VifTables.Nsq < int.MaxValue - VifTables.Nsq || v < VifTables.Nsq)];
        int[] clamped = Array.ConvertAll(sigma, v => Math.Max(v, 0));
        var expected = default(VifSums);
        foreach (int s1 in sigma)
        {
            VifKernels.AccumulateOne(s1, Math.Max(s1, 0), s1, 100.0, ref expected);
        }

        fixed (int* s1p = sigma)
        fixed (int* s2p = clamped)
        {
            foreach (VectorWidth vw in new[] { VectorWidth.Scalar, VectorWidth.V256, VectorWidth.V512 })
            {
                var plain = default(VifSums);
                VifKernels.Accumulate(s1p, s2p, s1p, 0, sigma.Length, 100.0, ref plain, vw);
                VifSums self = VifKernels.SelfSums(s1p, 0, sigma.Length, plain);
                Assert.Equal((expected.NumLog, expected.DenLog, expected.NumNonLog, expected.DenNonLog), (self.NumLog, self.DenLog, self.NumNonLog, self.DenNonLog));
            }
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(100.0)]
    public void Adm_decouple_of_bands_against_themselves_restores_them_with_constant_masking(double gainLimit)
    {
        // Scale 0: every i16 value; scales 1-3: random and extreme i32 values.
        short[] all16 = [.. Enumerable.Range(short.MinValue, 65536).Select(v => (short)v)];
        var random = new Random(3);
        int[] values32 = [.. Enumerable.Range(0, 65536).Select(i => i switch { 0 => int.MaxValue, 1 => int.MinValue + 1, 2 => 0, 3 => -1, _ => random.Next(int.MinValue + 1, int.MaxValue) >> random.Next(0, 31) })];
        foreach (VectorWidth vw in new[] { VectorWidth.Scalar, VectorWidth.V256, VectorWidth.V512 })
        {
            var row = new int[5][];
            for (int b = 0; b < 5; b++)
            {
                row[b] = new int[65536 + 2];
            }

            fixed (short* o16 = all16)
            fixed (int* o32 = values32)
            fixed (int* rh = row[0], rv = row[1], rd = row[2], sr = row[3], cr = row[4])
            fixed (ushort* irf0 = AdmCsf.For(3.0, 1080).Irf0)
            fixed (uint* irf1 = AdmCsf.For(3.0, 1080).Irf[1])
            {
                var ring = new AdmRow { Rh = rh + 1, Rv = rv + 1, Rd = rd + 1, S = sr + 1, C = cr + 1 };
                AdmKernels.DecoupleCsf0(o16, o16, o16, o16, o16, o16, 0, 65536, gainLimit, irf0, ring, vw);
                for (int j = 0; j < 65536; j++)
                {
                    Assert.True(ring.Rh[j] == all16[j] && ring.S[j] == 0 && ring.C[j] == 0, $"scale 0 {vw} o={all16[j]}: r={ring.Rh[j]} S={ring.S[j]} C={ring.C[j]}");
                }

                AdmKernels.DecoupleCsf(o32, o32, o32, o32, o32, o32, 0, 65536, gainLimit, irf1, ring, vw);
                for (int j = 0; j < 65536; j++)
                {
                    Assert.True(ring.Rh[j] == values32[j] && ring.S[j] == -3 && ring.C[j] == -3, $"scale 1 {vw} o={values32[j]}: r={ring.Rh[j]} S={ring.S[j]} C={ring.C[j]}");
                }
            }
        }
    }
}
