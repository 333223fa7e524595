using System.Numerics;
using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>ADM constants (spec §3.2, §3.6, §3.7).</summary>
internal static class AdmConstants
{
    /// <summary>Q15 db2 low-pass taps.</summary>
    public static readonly int[] Lo = [15826, 27411, 7345, -4240];

    /// <summary>Q15 db2 high-pass taps.</summary>
    public static readonly int[] Hi = [-4240, -7345, 27411, -15826];

    /// <summary>cos²(1°) rounded to float, then widened.</summary>
    public static readonly double Cos2 = BitConverter.Int32BitsToSingle(0x3F7FEC0A);

    /// <summary>Reciprocal table: DIV[32768 ± m] = ±trunc(2^30 / m).</summary>
    public static readonly int[] Div = BuildDiv();

    /// <summary>ceil(log2(n)) for n ≥ 1.</summary>
    public static int CeilLog2(int n) => n <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(n - 1));

    /// <summary>2^n as an exact double.</summary>
    public static double Pow2(int n) => BitConverter.Int64BitsToDouble((1023L + n) << 52);

    /// <summary>The cube root libvmaf takes: glibc <c>powf(x, 1.0f/3.0f)</c>.</summary>
    public static float Cbrt(float x) => MathF.Pow(x, 1.0f / 3.0f);

    private static int[] BuildDiv()
    {
        var div = new int[65537];
        for (int m = 1; m <= 32768; m++)
        {
            div[32768 + m] = (1 << 30) / m;
            div[32768 - m] = -div[32768 + m];
        }

        return div;
    }
}

/// <summary>Contrast-sensitivity weights for one viewing condition (§3.7): float, cubed and fixed-point forms.</summary>
internal sealed class AdmCsf
{
    /// <summary>Float bits of rf for the default condition, scale 0..3: (H/V, D).</summary>
    private static readonly (int Hv, int D)[] DefaultRfBits =
    [
        (0x3C8E63BA, 0x3BC106AA), (0x3D030286, 0x3C6A46A3), (0x3D31A788, 0x3CC7DC06), (0x3D3B140B, 0x3D0041C9),
    ];

    private static readonly float[,] BasisAmplitude =
    {
        { 0.62171f, 0.67234f, 0.72709f, 0.67234f },
        { 0.34537f, 0.41317f, 0.49428f, 0.41317f },
        { 0.18004f, 0.22727f, 0.28688f, 0.22727f },
        { 0.091401f, 0.11792f, 0.15214f, 0.11792f },
        { 0.045943f, 0.059758f, 0.077727f, 0.059758f },
        { 0.023013f, 0.030018f, 0.039156f, 0.030018f },
    };

    private AdmCsf(float[] rfHv, float[] rfD, bool isDefault)
    {
        RfHv = rfHv;
        RfD = rfD;
        RfHvCubed = Array.ConvertAll(rfHv, r => Math.Pow(r, 3));
        RfDCubed = Array.ConvertAll(rfD, r => Math.Pow(r, 3));
        Irf0 = isDefault
            ? [36453, 36453, 49417]
            : [(ushort)(long)(rfHv[0] * Math.Pow(2, 21)), (ushort)(long)(rfHv[0] * Math.Pow(2, 21)), (ushort)(long)(rfD[0] * Math.Pow(2, 23))];
        Irf = new uint[4][];
        for (int s = 1; s < 4; s++)
        {
            uint hv = (uint)(long)(rfHv[s] * 4294967296.0);
            Irf[s] = [hv, hv, (uint)(long)(rfD[s] * 4294967296.0)];
        }
    }

    public static AdmCsf Default { get; } = new(
        Array.ConvertAll(DefaultRfBits, b => BitConverter.Int32BitsToSingle(b.Hv)),
        Array.ConvertAll(DefaultRfBits, b => BitConverter.Int32BitsToSingle(b.D)),
        isDefault: true);

    /// <summary>rf for H and V (Watson θ = 1), per scale.</summary>
    public float[] RfHv { get; }

    /// <summary>rf for D (Watson θ = 2), per scale.</summary>
    public float[] RfD { get; }

    public double[] RfHvCubed { get; }

    public double[] RfDCubed { get; }

    /// <summary>Scale-0 u16 weights (H, V, D); hard-coded by libvmaf for the default condition.</summary>
    public ushort[] Irf0 { get; }

    /// <summary>Scales 1–3 u32 weights (H, V, D); index 0 unused.</summary>
    public uint[][] Irf { get; }

    /// <summary>The weights for a viewing condition; the default one uses libvmaf's hard-coded values.</summary>
    public static AdmCsf For(double normViewDist, double refDisplayHeight)
    {
        if (Math.Abs((normViewDist * refDisplayHeight) - (3.0 * 1080)) < 1e-8)
        {
            return Default;
        }

        if (normViewDist * refDisplayHeight < 3240)
        {
            throw new InvalidInputException(
                $"adm: adm_norm_view_dist × adm_ref_display_height = {normViewDist * refDisplayHeight} is below 3240, which libvmaf's fixed-point ADM cannot represent");
        }

        return Compute(normViewDist, refDisplayHeight, isDefault: false);
    }

    /// <summary>rf from the Watson model (exposed so tests can check it reproduces the default constants).</summary>
    public static float Rf(int scale, int theta, double normViewDist, double refDisplayHeight)
    {
        const float a = 0.495f, k = 0.466f, f0 = 0.401f;
        float[] g = [1.501f, 1.0f, 0.534f, 1.0f];
        float rr = (float)(normViewDist * refDisplayHeight * Math.PI / 180.0);
        float temp = (float)Math.Log10(Math.Pow(2, scale + 1) * f0 * g[theta] / rr);
        float e = k * temp * temp;
        float q = (float)(2.0 * a * Math.Pow(10.0, e) / BasisAmplitude[scale, theta]);
        return 1.0f / q;
    }

    internal static AdmCsf Compute(double normViewDist, double refDisplayHeight, bool isDefault)
    {
        var hv = new float[4];
        var d = new float[4];
        for (int s = 0; s < 4; s++)
        {
            hv[s] = Rf(s, 1, normViewDist, refDisplayHeight);
            d[s] = Rf(s, 2, normViewDist, refDisplayHeight);
        }

        return new AdmCsf(hv, d, isDefault);
    }
}
