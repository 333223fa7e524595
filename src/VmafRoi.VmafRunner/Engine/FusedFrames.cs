using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine;

/// <summary>
/// The per-frame extras of a fused run (<see cref="VmafEngine.ScoreFused"/>): a second distorted picture scored against the
/// same reference, and/or a weight plane for weighted pooling of the plain pair. The engine knows nothing of where they
/// come from; it shares every piece of reference-side work between the pairs.
/// </summary>
public interface IFusedFrames
{
    /// <summary>Which extra pairs every frame has.</summary>
    FusedPairs Pairs { get; }

    /// <summary>
    /// Fills frame <paramref name="index"/>'s extras from its reference and distorted pictures, on the reading thread and in
    /// frame order: <paramref name="second"/> (same geometry; only luma is scored) when <see cref="FusedPairs.Second"/>,
    /// <paramref name="weights"/> (one byte per luma pixel, row-major, 255 = full weight) when <see cref="FusedPairs.Weighted"/>.
    /// </summary>
    void Fill(int index, YuvFrame reference, YuvFrame distorted, YuvFrame? second, Span<byte> weights);
}

/// <summary>What <see cref="VmafEngine.ScoreFused"/> produced: the plain pair's scores and those of each extra pair.</summary>
public sealed class FusedScores
{
    internal FusedScores(VmafScores plain, VmafScores? second, VmafScores? weighted)
    {
        Plain = plain;
        Second = second;
        Weighted = weighted;
    }

    /// <summary>(reference, distorted): the same numbers <see cref="VmafEngine.Score"/> gives.</summary>
    public VmafScores Plain { get; }

    /// <summary>(reference, second distorted), when the run had <see cref="FusedPairs.Second"/>.</summary>
    public VmafScores? Second { get; }

    /// <summary>(reference, distorted) with weighted pooling inside the features, when the run had <see cref="FusedPairs.Weighted"/>.</summary>
    public VmafScores? Weighted { get; }
}
