using System.Globalization;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Output;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

/// <summary>Golden clips frame by frame for the float features, and their libvmaf 3.2.0 scalar <c>vmaf_float_v0.6.1</c> values.</summary>
internal static class FloatGolden
{
    public const string Model = "vmaf_float_v0.6.1";

    /// <summary>Frames per case scored in tests: every frame of the small clips, a prefix of the 1080p and 1366x768 ones (CI time).</summary>
    public static int FramesFor(GoldenCase c) => c.Width * c.Height > 600_000 ? 3 : c.Frames;

    /// <summary>Frames to feed a temporal feature so the compared ones are final: one past <see cref="FramesFor"/> when the clip has it.</summary>
    public static int RunFramesFor(GoldenCase c) => Math.Min(FramesFor(c) + 1, c.Frames);

    public static IEnumerable<object[]> CaseIds() => GoldenCase.Ids();

    /// <summary>The reference and distorted raw frames of a case, in order.</summary>
    public static IEnumerable<(byte[] Reference, byte[] Distorted)> Frames(GoldenCase c, int count)
    {
        int bytes = c.Geometry.FrameBytes;
        using FileStream r = File.OpenRead(c.ReferenceRaw);
        using FileStream d = File.OpenRead(c.DistortedRaw);
        for (int i = 0; i < count; i++)
        {
            var rf = new byte[bytes];
            var df = new byte[bytes];
            r.ReadExactly(rf);
            d.ReadExactly(df);
            yield return (rf, df);
        }
    }

    /// <summary>Plane 0 (Y), 1 (U) or 2 (V) of a raw frame; chroma planes of the file are ceil-sized, as ffmpeg writes them.</summary>
    public static SamplePlane Plane(GoldenCase c, byte[] frame, int plane)
    {
        FrameGeometry g = c.Geometry;
        PlaneSize size = g.Plane(plane);
        int bps = g.Format.BytesPerSample;
        ReadOnlySpan<byte> raw = frame.AsSpan(g.PlaneOffset(plane) * bps, size.Samples * bps);
        return SamplePlane.FromRaw(raw, size.Width, size.Height, size.Width, c.BitDepth);
    }

    /// <summary>Option values from <c>name=value</c> texts, as <c>--feature</c> would pass them.</summary>
    public static Dictionary<string, object> Options(string spec) =>
        spec.Length == 0
            ? []
            : spec.Split(':').Select(kv => kv.Split('=')).ToDictionary(p => p[0], p => (object)p[1]);

    /// <summary>A synthetic 8-bit luma plane (seeded noise) of any size, for size and format checks.</summary>
    public static byte[] Noise(int width, int height, int seed)
    {
        var plane = new byte[width * height];
        new Random(seed).NextBytes(plane);
        return plane;
    }

    public static LibvmafJson Golden(GoldenCase c) => LibvmafJson.Load(c.LibvmafOutput("3.2.0", Model, scalar: true));

    /// <summary>
    /// Compares every golden value of <paramref name="aliases"/> on frames below <paramref name="frames"/> with ours,
    /// printed libvmaf's way; returns the mismatches and the largest absolute difference from the printed value.
    /// </summary>
    public static (List<string> Mismatches, int Compared, double MaxDiff) Compare(
        LibvmafJson golden, FeatureCollector ours, IReadOnlyDictionary<string, string> aliases, int frames)
    {
        var mismatches = new List<string>();
        int compared = 0;
        double maxDiff = 0;
        foreach ((int frame, List<(string Name, string Text)> metrics) in golden.Frames)
        {
            if (frame >= frames)
            {
                continue;
            }

            foreach ((string name, string text) in metrics)
            {
                if (!aliases.TryGetValue(name, out string? collectorName))
                {
                    continue;
                }

                compared++;
                if (!ours.TryGet(collectorName, frame, out double value))
                {
                    mismatches.Add($"frame {frame} {name}: missing (libvmaf {text})");
                    continue;
                }

                string mine = VmafJsonWriter.Number(value, VmafJsonFlavor.V3_2_0);
                maxDiff = Math.Max(maxDiff, Math.Abs(value - double.Parse(text, CultureInfo.InvariantCulture)));
                if (mine != text)
                {
                    mismatches.Add($"frame {frame} {name}: ours {mine} ({value.ToString("R", CultureInfo.InvariantCulture)}) libvmaf {text}");
                }
            }
        }

        return (mismatches, compared, maxDiff);
    }
}
