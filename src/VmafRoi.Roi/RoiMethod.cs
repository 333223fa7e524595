using VmafRoi.Contracts;

namespace VmafRoi.Roi;

/// <summary>How saliency enters the score.</summary>
public enum RoiMethod
{
    /// <summary>The seed's method: score a copy of the distorted clip whose low-saliency pixels are the reference's.</summary>
    Substitution,

    /// <summary>Option A: weight every feature's per-pixel contributions by the saliency mask before each frame's reduction (docs/roi.md).</summary>
    Pooled,
}

/// <summary>Names of <see cref="RoiMethod"/> on command lines and in JSON.</summary>
public static class RoiMethods
{
    /// <summary><c>substitution</c> or <c>pooled</c>.</summary>
    public static string Name(RoiMethod method) => method == RoiMethod.Pooled ? RoiScoreResult.Pooled : RoiScoreResult.Substitution;

    /// <summary>Parses <c>substitution</c> or <c>pooled</c>.</summary>
    /// <exception cref="InvalidInputException">Any other text.</exception>
    public static RoiMethod Parse(string text) => text switch
    {
        RoiScoreResult.Substitution => RoiMethod.Substitution,
        RoiScoreResult.Pooled => RoiMethod.Pooled,
        _ => throw new InvalidInputException($"--method must be substitution or pooled, got '{text}'"),
    };
}
