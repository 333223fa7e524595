using System.Globalization;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Output;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

/// <summary>
/// Runs a picture extractor over golden clips and compares each per-frame value with libvmaf 3.2.0's scalar
/// <c>--feature</c> output, printed as libvmaf prints it (6 decimals, 16 for tiny fractions, <c>null</c> if not finite).
/// </summary>
internal static class FeatureGolden
{
    /// <summary>The golden file of <c>--feature NAME</c> for a case (absent where libvmaf refused the input).</summary>
    public static string FilePath(GoldenCase c, string feature) =>
        Path.Combine(c.Folder, $"libvmaf-3.2.0-scalar.feature.{feature}.json");

    /// <summary>Ids of the cases that have a golden file for <paramref name="feature"/>.</summary>
    public static IEnumerable<object[]> CasesWith(string feature) =>
        GoldenCase.All().Where(c => File.Exists(FilePath(c, feature))).Select(c => new object[] { c.Id });

    public static PictureGeometry Geometry(GoldenCase c) => PictureGeometry.From(c.Geometry);

    /// <summary>The printed form of a value (what the golden JSON holds).</summary>
    public static string Print(double value) =>
        double.IsFinite(value) ? VmafJsonWriter.Number(value, VmafJsonFlavor.V3_2_0) : "null";

    /// <summary>
    /// Runs <paramref name="feature"/> over <paramref name="frames"/> of a case (all when null; the instance sees them in
    /// order) and compares every value libvmaf printed for those frames.
    /// </summary>
    public static Comparison Compare(GoldenCase c, string goldenFeature, IPictureFeature feature, IEnumerable<int>? frames = null)
    {
        LibvmafJson golden = LibvmafJson.Load(FilePath(c, goldenFeature));
        Dictionary<int, List<(string Name, string Text)>> byFrame = golden.Frames.ToDictionary(f => f.Frame, f => f.Metrics);
        var result = new Comparison();
        foreach ((int index, FeatureScores scores) in Run(c, feature, frames ?? Enumerable.Range(0, c.Frames)))
        {
            foreach ((string name, string text) in byFrame[index])
            {
                result.Total++;
                double ours;
                try
                {
                    ours = scores[name];
                }
                catch (KeyNotFoundException)
                {
                    result.Mismatches.Add($"frame {index} {name}: missing (libvmaf {text})");
                    continue;
                }

                string mine = Print(ours);
                if (mine == text)
                {
                    result.Matched++;
                }
                else
                {
                    result.Mismatches.Add($"frame {index} {name}: ours {mine} ({ours.ToString("R", CultureInfo.InvariantCulture)}) libvmaf {text}");
                }

                if (text != "null" && double.IsFinite(ours))
                {
                    result.MaxDifference = Math.Max(result.MaxDifference, Math.Abs(ours - double.Parse(text, CultureInfo.InvariantCulture)));
                }
            }
        }

        return result;
    }

    /// <summary>Feeds frames of a case to an instance in increasing order, yielding each frame's scores (reused object).</summary>
    public static IEnumerable<(int Index, FeatureScores Scores)> Run(GoldenCase c, IPictureFeature feature, IEnumerable<int> frames)
    {
        PictureGeometry geometry = Geometry(c);
        int frameBytes = c.Geometry.FrameBytes;
        byte[] reference = new byte[frameBytes], distorted = new byte[frameBytes];
        using FileStream r = File.OpenRead(c.ReferenceRaw);
        using FileStream d = File.OpenRead(c.DistortedRaw);
        foreach (int index in frames.Order())
        {
            Read(r, index, reference);
            Read(d, index, distorted);
            FeatureScores scores = feature.Extract(
                PictureView.FromPackedFrame(geometry, reference),
                PictureView.FromPackedFrame(geometry, distorted));
            yield return (index, scores);
        }
    }

    /// <summary>Frames <c>0, step, 2·step, …</c> plus the last one: a subset that still spans the clip.</summary>
    public static IEnumerable<int> Spread(GoldenCase c, int count)
    {
        int step = Math.Max(1, c.Frames / count);
        return Enumerable.Range(0, c.Frames).Where(i => i % step == 0 || i == c.Frames - 1);
    }

    private static void Read(FileStream stream, int index, byte[] frame)
    {
        stream.Position = (long)index * frame.Length;
        stream.ReadExactly(frame);
    }

    internal sealed class Comparison
    {
        public int Total { get; set; }

        public int Matched { get; set; }

        /// <summary>Largest |ours − printed| over finite values (≤ 5e-7 when every print matches).</summary>
        public double MaxDifference { get; set; }

        public List<string> Mismatches { get; } = [];

        public override string ToString() => $"{Matched}/{Total} matched, max |diff| {MaxDifference:E2}";
    }
}
