using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.Tuning;

/// <summary>
/// Luma PSNR inside and outside the salient region (each frame's mask at or above a threshold), from the squared error
/// pooled over every frame, as roi-encoders.md measured it; capped at libvmaf's PSNR ceiling (<c>6·bits + 12</c> dB) so
/// an exact region stays finite. Streams the three inputs once.
/// </summary>
public static class RegionPsnr
{
    /// <summary>The plan's sign boundary: a block with mean saliency above 0.5 gets a negative offset.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>PSNR in dB inside and outside, and the share of luma pixels inside.</summary>
    public readonly record struct Result(double Inside, double Outside, double InsideFraction);

    /// <summary>Measures <paramref name="distorted"/> against the setup's source with the masks of its sidecar.</summary>
    public static Result Measure(ScoreSetup setup, string distorted, CancellationToken cancellationToken = default)
    {
        using FrameSource reference = FrameReader.Open(setup.Source, setup.SourceOptions, cancellationToken);
        using FrameSource encoded = FrameReader.Open(distorted, new FrameReaderOptions { FfmpegPath = setup.SourceOptions.FfmpegPath }, cancellationToken);
        if (encoded.Geometry.Width != reference.Geometry.Width || encoded.Geometry.Height != reference.Geometry.Height)
        {
            throw new InvalidInputException($"'{distorted}' is {encoded.Geometry}, its source '{setup.Source}' is {reference.Geometry}", distorted);
        }

        using SaliencySidecarReader masks = ClipMasks.OpenSidecarFor(setup.Sidecar!, setup.Source, reference.Geometry);
        return Measure(reference, encoded, masks, setup.RegionThreshold, cancellationToken);
    }

    /// <summary>Measures two aligned streams with one mask per frame.</summary>
    public static Result Measure(FrameSource reference, FrameSource distorted, SaliencySidecarReader masks, double threshold, CancellationToken cancellationToken = default)
    {
        int bits = reference.Geometry.Format.BitDepth;
        int encodedShift = distorted.Geometry.Format.BitDepth - bits;
        float[] mask = new float[masks.MaskLength];
        double inside = 0, outside = 0;
        long insideCount = 0, outsideCount = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using YuvFrame? r = reference.ReadNext();
            using YuvFrame? d = distorted.ReadNext();
            if (r is null || d is null)
            {
                if (r is not null || d is not null)
                {
                    throw new InvalidInputException($"'{distorted.Path}' has {(d is null ? distorted.FramesRead : reference.FramesRead)} frames where its source has {(r is null ? reference.FramesRead : "more")}", distorted.Path);
                }

                break;
            }

            if (!masks.TryReadNext(mask, out _))
            {
                throw new InvalidInputException($"saliency sidecar '{masks.Path}' has fewer frames than '{reference.Path}'", masks.Path);
            }

            Accumulate(r, d, mask, (float)threshold, encodedShift, ref inside, ref insideCount, ref outside, ref outsideCount);
        }

        double peak = (1 << bits) - 1;
        double ceiling = (6 * bits) + 12;
        return new Result(Psnr(inside, insideCount, peak, ceiling), Psnr(outside, outsideCount, peak, ceiling), insideCount + outsideCount == 0 ? 0 : insideCount / (double)(insideCount + outsideCount));
    }

    private static void Accumulate(YuvFrame reference, YuvFrame distorted, float[] mask, float threshold, int encodedShift, ref double inside, ref long insideCount, ref double outside, ref long outsideCount)
    {
        int n = mask.Length;
        int[] a = Luma(reference, n, 0);
        int[] b = Luma(distorted, n, encodedShift);
        for (int i = 0; i < n; i++)
        {
            double e = a[i] - b[i];
            if (mask[i] >= threshold)
            {
                inside += e * e;
                insideCount++;
            }
            else
            {
                outside += e * e;
                outsideCount++;
            }
        }
    }

    // The luma plane as ints at the reference's depth (an encode at another depth is shifted to it).
    private static int[] Luma(YuvFrame frame, int n, int shift)
    {
        int[] values = new int[n];
        if (frame.Geometry.Format.BytesPerSample == 1)
        {
            ReadOnlySpan<byte> plane = frame.Plane8(0);
            for (int i = 0; i < n; i++)
            {
                values[i] = plane[i];
            }
        }
        else
        {
            ReadOnlySpan<ushort> plane = frame.Plane16(0);
            for (int i = 0; i < n; i++)
            {
                values[i] = plane[i];
            }
        }

        if (shift > 0)
        {
            for (int i = 0; i < n; i++)
            {
                values[i] >>= shift;
            }
        }
        else if (shift < 0)
        {
            for (int i = 0; i < n; i++)
            {
                values[i] <<= -shift;
            }
        }

        return values;
    }

    private static double Psnr(double squares, long count, double peak, double ceiling)
    {
        if (count == 0 || squares == 0)
        {
            return ceiling;
        }

        return Math.Min(ceiling, 10 * Math.Log10(peak * peak / (squares / count)));
    }
}
