using VmafRoi.Blend;
using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.Roi;

/// <summary>
/// The saliency-masked copy of a distorted clip (seed 000): per frame, the reference frame's mask becomes an alpha by
/// threshold/fade, and pixels blend from the reference (alpha 0) to the distorted clip (alpha 1).
/// </summary>
public static class MaskedClip
{
    /// <summary>Writes every masked frame to <paramref name="writer"/>; returns the frame count.</summary>
    /// <exception cref="InvalidInputException">The clips differ in size or frame count, or a mask is missing.</exception>
    public static int Write(FrameSource reference, FrameSource distorted, IMaskProvider masks, float threshold, float fade, FrameWriter writer, CancellationToken cancellationToken = default, IProgress<FrameProgress>? progress = null, MaskStatistics? statistics = null)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        if (reference.Geometry != distorted.Geometry)
        {
            throw new InvalidInputException($"reference and distorted must be the same size and format: reference {reference.Path} is {reference.Geometry}, distorted {distorted.Path} is {distorted.Geometry}");
        }

        var blender = new FrameBlender(reference.Geometry);
        float[] mask = new float[reference.Geometry.Luma.Samples];
        float[] alpha = new float[mask.Length];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using YuvFrame? rf = reference.ReadNext();
            using YuvFrame? df = distorted.ReadNext();
            if (rf is null || df is null)
            {
                if (rf is not null || df is not null)
                {
                    throw new InvalidInputException($"reference and distorted must be the same size: reference {reference.Path} has {(rf is null ? reference.FramesRead.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more")} frames, distorted {distorted.Path} has {(df is null ? distorted.FramesRead.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more")}");
                }

                return writer.FramesWritten;
            }

            masks.MaskFor(rf, mask);
            statistics?.Add(mask);
            MaskAlpha.Compute(mask, alpha, threshold, fade);
            blender.Blend(rf, df, alpha, df);
            writer.Write(df);
            progress?.Report(new FrameProgress("masked clip", writer.FramesWritten, reference.FrameCount, System.Diagnostics.Stopwatch.GetElapsedTime(start)));
        }
    }
}
