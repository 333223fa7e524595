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
    public static AdmCsf For(double normViewDist, double refDisplayHeight) => For(AdmCsfMode.Watson97, normViewDist, refDisplayHeight);

    /// <summary>The weights for a CSF mode (libvmaf 3.2.0's <c>adm_csf_mode</c>) and viewing condition.</summary>
    /// <exception cref="InvalidInputException">
    /// nvd·rdh below 3240, a blended mode without a table for (rdh, nvd), or the Barten mode (not ported).
    /// </exception>
    public static AdmCsf For(AdmCsfMode mode, double normViewDist, double refDisplayHeight)
    {
        if (mode == AdmCsfMode.Watson97)
        {
            return Watson(normViewDist, refDisplayHeight);
        }

        if (normViewDist * refDisplayHeight < 3240)
        {
            throw BelowMinimum(normViewDist, refDisplayHeight);
        }

        if (mode == AdmCsfMode.Barten)
        {
            throw new InvalidInputException("adm: adm_csf_mode 1 (Barten CSF) is not supported by this engine; use 0 (Watson), 2 or 3 (blended tables)");
        }

        float[][] table = AdmBlendedCsfTables.Find(mode == AdmCsfMode.BlendMae, (int)refDisplayHeight, normViewDist)
            ?? throw new InvalidInputException(
                $"adm: adm_csf_mode {(int)mode} has no CSF table for adm_ref_display_height {refDisplayHeight} and adm_norm_view_dist {normViewDist}; "
                + "libvmaf 3.2.0 has tables for heights 480, 720, 1080 and 2160 at distances 3.0 and 5.0 (and 2160 at 1.5), and scores garbage otherwise");
        return new AdmCsf([.. table[0]], [.. table[1]], isDefault: false);
    }

    private static InvalidInputException BelowMinimum(double normViewDist, double refDisplayHeight) =>
        new($"adm: adm_norm_view_dist × adm_ref_display_height = {normViewDist * refDisplayHeight} is below 3240, which libvmaf's fixed-point ADM cannot represent");

    private static AdmCsf Watson(double normViewDist, double refDisplayHeight)
    {
        if (Math.Abs((normViewDist * refDisplayHeight) - (3.0 * 1080)) < 1e-8)
        {
            return Default;
        }

        if (normViewDist * refDisplayHeight < 3240)
        {
            throw BelowMinimum(normViewDist, refDisplayHeight);
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

/// <summary>libvmaf 3.2.0's <c>adm_csf_mode</c> values.</summary>
public enum AdmCsfMode
{
    /// <summary>0: Watson's noise-floor model (libvmaf's original CSF).</summary>
    Watson97 = 0,

    /// <summary>1: Barten's CSF (not ported; refused).</summary>
    Barten = 1,

    /// <summary>2: the Barten–Watson blend tables the v1.0.16 models use.</summary>
    Blend = 2,

    /// <summary>3: the blend tables fitted with the corrected L1 optimisation ("MAE").</summary>
    BlendMae = 3,
}

/// <summary>
/// The blended CSF factors of libvmaf 3.2.0 (<c>barten_csf_tools.h</c>), per (display height, viewing distance):
/// row 0 is the H/V factor, row 1 the D factor, per scale 0..3; values are floats from the double literals.
/// </summary>
internal static class AdmBlendedCsfTables
{
    private static readonly float[][] T1080x3 = [[0.01183f, 0.025026f, 0.04295f, 0.058621f], [0.004302f, 0.011778f, 0.023918f, 0.035901f]];
    private static readonly float[][] T1080x5 = [[0.004212f, 0.014809f, 0.029642f, 0.047464f], [0.000984f, 0.005852f, 0.0146f, 0.027574f]];
    private static readonly float[][] T2160x3 = [[0.00226f, 0.01183f, 0.025026f, 0.04295f], [0.000479f, 0.004302f, 0.011778f, 0.023918f]];
    private static readonly float[][] T2160x5 = [[0.000092f, 0.004212f, 0.014809f, 0.029642f], [0.000050f, 0.000984f, 0.005852f, 0.0146f]];
    private static readonly float[][] T720x3 = [[0.018715f, 0.035637f, 0.052798f, 0.061509f], [0.007999f, 0.018396f, 0.031851f, 0.037718f]];
    private static readonly float[][] T720x5 = [[0.010144f, 0.022561f, 0.040309f, 0.05672f], [0.003463f, 0.010282f, 0.021839f, 0.034641f]];
    private static readonly float[][] T480x3 = [[0.027961f, 0.045875f, 0.060275f, 0.056234f], [0.013572f, 0.026277f, 0.036959f, 0.034511f]];
    private static readonly float[][] T480x5 = [[0.016781f, 0.032822f, 0.05032f, 0.061594f], [0.00691f, 0.016545f, 0.029917f, 0.037777f]];

    private static readonly float[][] M1080x3 = [[0.011249f, 0.022606f, 0.035930f, 0.045673f], [0.004097f, 0.010921f, 0.021430f, 0.031313f]];
    private static readonly float[][] M1080x5 = [[0.004052f, 0.013939f, 0.026298f, 0.038833f], [0.000927f, 0.005544f, 0.013415f, 0.024515f]];
    private static readonly float[][] M2160x3 = [[0.002166f, 0.011249f, 0.022606f, 0.035930f], [0.000447f, 0.004097f, 0.010921f, 0.021430f]];
    private static readonly float[][] M2160x5 = [[0.000077f, 0.004052f, 0.013939f, 0.026298f], [0.000045f, 0.000927f, 0.005544f, 0.013415f]];
    private static readonly float[][] M720x3 = [[0.017329f, 0.030870f, 0.042134f, 0.047410f], [0.007509f, 0.016707f, 0.028072f, 0.032722f]];
    private static readonly float[][] M720x5 = [[0.009689f, 0.020577f, 0.034162f, 0.044523f], [0.003302f, 0.009579f, 0.019661f, 0.030318f]];
    private static readonly float[][] M480x3 = [[0.024969f, 0.037825f, 0.046676f, 0.043974f], [0.012511f, 0.023424f, 0.032139f, 0.030166f]];
    private static readonly float[][] M480x5 = [[0.015665f, 0.028766f, 0.040612f, 0.047483f], [0.006514f, 0.015107f, 0.026476f, 0.032776f]];

    /// <summary>The table libvmaf picks (exact compares; 2160 at 1.5 has 1080 at 3.0's pixels per degree), or null.</summary>
    public static float[][]? Find(bool mae, int height, double distance) => (height, distance) switch
    {
        (1080, 3.0) or (2160, 1.5) => mae ? M1080x3 : T1080x3,
        (1080, 5.0) => mae ? M1080x5 : T1080x5,
        (2160, 3.0) => mae ? M2160x3 : T2160x3,
        (2160, 5.0) => mae ? M2160x5 : T2160x5,
        (720, 3.0) => mae ? M720x3 : T720x3,
        (720, 5.0) => mae ? M720x5 : T720x5,
        (480, 3.0) => mae ? M480x3 : T480x3,
        (480, 5.0) => mae ? M480x5 : T480x5,
        _ => null,
    };
}
