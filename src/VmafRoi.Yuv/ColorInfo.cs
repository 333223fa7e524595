namespace VmafRoi.Yuv;

/// <summary>The YUV↔RGB matrix a stream says it uses.</summary>
public enum ColorMatrix
{
    Unknown,
    Bt601,
    Bt709,
    Bt2020,
}

/// <summary>Whether samples use the limited (studio) or full range.</summary>
public enum ColorRange
{
    Unknown,
    Limited,
    Full,
}

/// <summary>Colour tags carried by a container or Y4M header; <see cref="ColorMatrix.Unknown"/> when absent.</summary>
public readonly record struct ColorTags(ColorMatrix Matrix, ColorRange Range)
{
    public static ColorTags None => default;
}

/// <summary>A frame rate as a fraction.</summary>
public readonly record struct FrameRate(int Numerator, int Denominator)
{
    public static FrameRate Default => new(25, 1);

    public double FramesPerSecond => Denominator == 0 ? 0 : (double)Numerator / Denominator;

    public override string ToString() => $"{Numerator}:{Denominator}";
}
