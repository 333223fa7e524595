namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>The measured region M and the extended region E of a band (spec §3.5).</summary>
internal readonly record struct AdmRegion(int Left, int Top, int Right, int Bottom, int ExtLeft, int ExtTop, int ExtRight, int ExtBottom)
{
    public int Area => (Bottom - Top) * (Right - Left);

    public static AdmRegion For(int w, int h)
    {
        int left = (int)((w * 0.1) - 0.5);
        int top = (int)((h * 0.1) - 0.5);
        int le = (int)((w * 0.1) - 0.5 - 1.0);
        int te = (int)((h * 0.1) - 0.5 - 1.0);
        int re = w - le + 2;
        int be = h - te + 2;
        return new AdmRegion(left, top, w - left, h - top, Math.Max(le, 0), Math.Max(te, 0), Math.Min(re, w), Math.Min(be, h));
    }
}
