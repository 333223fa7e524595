using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.Roi;
using VmafRoi.Yuv;

namespace VmafRoi.Tuning;

/// <summary>How encodes of one source are scored: its masks (a sidecar of the source), the ROI score's settings and the engine's.</summary>
public sealed record ScoreSetup
{
    /// <summary>The source clip every encode is compared with.</summary>
    public required string Source { get; init; }

    public FrameReaderOptions SourceOptions { get; init; } = new();

    /// <summary>The saliency model the masks came from; null scores full-frame VMAF only (no masks).</summary>
    public string? SaliencyModel { get; init; }

    /// <summary>The sidecar with the source's masks (made by the encode, so the scorer reuses it).</summary>
    public string? Sidecar { get; init; }

    public ColorMatrixChoice ColorMatrix { get; init; } = ColorMatrixChoice.Auto;

    public Normalization? Normalization { get; init; }

    /// <summary>The masked score's weight in ROI-VMAF.</summary>
    public double Weight { get; init; } = 0.5;

    /// <summary>The ROI score's mask threshold.</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>The ROI score's fade band.</summary>
    public double Fade { get; init; } = 0.1;

    /// <summary>Mask value at and above which a pixel counts as inside the salient region for PSNR.</summary>
    public double RegionThreshold { get; init; } = RegionPsnr.DefaultThreshold;

    /// <summary>The VMAF model.</summary>
    public string Model { get; init; } = "vmaf_v0.6.1";

    /// <summary>VMAF worker threads; 0 lets the engine decide.</summary>
    public int Threads { get; init; }

    public long? MemoryLimit { get; init; }
}

/// <summary>
/// The one place encodes are scored (verify and CRF search both come here), so when the fused one-pass ROI scorer lands
/// only this class changes. Today: <see cref="RoiScorer"/> on the managed engine (full and saliency-masked VMAF) plus
/// <see cref="RegionPsnr"/>.
/// </summary>
public static class RoiScoring
{
    /// <summary>Scores <paramref name="distorted"/> against the setup's source: VMAF, ROI-VMAF and PSNR in and out of the region.</summary>
    public static (EncodeScores Scores, double InsideFraction) Score(ScoreSetup setup, string distorted, CancellationToken cancellationToken = default)
    {
        if (setup.SaliencyModel is null || setup.Sidecar is null)
        {
            throw new InvalidOperationException("ROI scores need the source's masks: a saliency model and its sidecar");
        }

        RoiScoreResult roi = RoiScorer.Score(
            new RoiScoreRequest
            {
                Reference = setup.Source,
                Distorted = distorted,
                Width = setup.SourceOptions.Width,
                Height = setup.SourceOptions.Height,
                PixFmt = setup.SourceOptions.Format?.Name,
                SaliencyModel = setup.SaliencyModel,
                SaliencySidecar = setup.Sidecar,
                SidecarMode = SidecarCacheMode.ReadWrite,
                ColorMatrix = setup.ColorMatrix,
                SaliencyNormalization = setup.Normalization,
                Weight = setup.Weight,
                Threshold = setup.Threshold,
                Fade = setup.Fade,
                Model = setup.Model,
                Engine = VmafEngineKind.Managed,
                Threads = setup.Threads,
                MemoryLimit = setup.MemoryLimit,
            },
            cancellationToken);
        RegionPsnr.Result psnr = RegionPsnr.Measure(setup, distorted, cancellationToken);
        var scores = new EncodeScores
        {
            PsnrInside = psnr.Inside,
            PsnrOutside = psnr.Outside,
            Vmaf = roi.VmafFull,
            VmafMasked = roi.VmafMasked!.Value,
            VmafRoi = roi.VmafRoi,
        };
        return (scores, psnr.InsideFraction);
    }

    /// <summary>Full-frame VMAF only (a plain search for a <c>vmaf</c> target needs no masks).</summary>
    public static double Vmaf(ScoreSetup setup, string distorted, CancellationToken cancellationToken = default)
    {
        var request = new VmafRequest
        {
            Reference = new VmafInput(setup.Source, setup.SourceOptions),
            Distorted = new VmafInput(distorted, new FrameReaderOptions { FfmpegPath = setup.SourceOptions.FfmpegPath }),
            Model = ModelSpec.Parse(setup.Model),
            Threads = setup.Threads,
            Label = "full-frame",
        };
        return new ManagedVmafRoute().Score(request, cancellationToken).PooledVmaf();
    }
}
