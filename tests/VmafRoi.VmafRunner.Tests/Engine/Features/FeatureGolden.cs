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
    public static Comparison Compare(GoldenCase c, string goldenFeature, IPictureFeature feature, IEnumerable<int>? frames = null) =>
        CompareFile(FilePath(c, goldenFeature), c.ReferenceRaw, c.DistortedRaw, feature, frames);

    /// <summary>
    /// As <see cref="Compare"/> for any libvmaf JSON and raw clip pair (frames: all the JSON lists when null); with
    /// <paramref name="onlyOwnNames"/>, names the instance does not emit (other extractors of a shared file) are left out.
    /// </summary>
    public static Comparison CompareFile(string json, string referenceRaw, string distortedRaw, IPictureFeature feature, IEnumerable<int>? frames = null, bool onlyOwnNames = false)
    {
        LibvmafJson golden = LibvmafJson.Load(json);
        Dictionary<int, List<(string Name, string Text)>> byFrame = golden.Frames.ToDictionary(f => f.Frame, f => f.Metrics);
        var result = new Comparison();
        foreach ((int index, FeatureScores scores) in Run(referenceRaw, distortedRaw, feature, frames ?? byFrame.Keys))
        {
            foreach ((string name, string text) in byFrame[index])
            {
                if (onlyOwnNames && !feature.FeatureNames.Contains(name))
                {
                    continue;
                }

                result.Check($"frame {index} {name}", scores.Names.Contains(name) ? scores[name] : null, text);
            }
        }

        return result;
    }

    /// <summary>A libvmaf JSON's <c>aggregate_metrics</c>, number texts verbatim.</summary>
    public static Dictionary<string, string> Aggregates(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        return doc.RootElement.GetProperty("aggregate_metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
    }

    /// <summary>A file of <c>Engine/Features/Data</c> (reference outputs made with the libvmaf CLI; see its README).</summary>
    public static string DataFile(string name) =>
        Path.Combine(SharedData.RepoRoot, "tests", "VmafRoi.VmafRunner.Tests", "Engine", "Features", "Data", name);

    /// <summary>Bytes of one raw frame in the Yuv library's layout (ceil-sized chroma).</summary>
    public static int FrameBytes(PictureGeometry g)
    {
        int cw = (g.Width + g.ChromaShiftX) >> g.ChromaShiftX, ch = (g.Height + g.ChromaShiftY) >> g.ChromaShiftY;
        return ((g.Width * g.Height) + (g.PlaneCount == 1 ? 0 : 2 * cw * ch)) * g.BytesPerSample;
    }

    /// <summary>Feeds frames of a raw clip pair to an instance in increasing order, yielding each frame's scores (reused object).</summary>
    public static IEnumerable<(int Index, FeatureScores Scores)> Run(string referenceRaw, string distortedRaw, IPictureFeature feature, IEnumerable<int> frames)
    {
        PictureGeometry geometry = feature.Geometry;
        int frameBytes = FrameBytes(geometry);
        byte[] reference = new byte[frameBytes], distorted = new byte[frameBytes];
        using FileStream r = File.OpenRead(referenceRaw);
        using FileStream d = File.OpenRead(distortedRaw);
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

        /// <summary>Compares one value (null: we did not produce it) with libvmaf's printed text.</summary>
        public void Check(string what, double? ours, string text)
        {
            Total++;
            if (ours is not { } value)
            {
                Mismatches.Add($"{what}: missing (libvmaf {text})");
                return;
            }

            string mine = Print(value);
            if (mine == text)
            {
                Matched++;
            }
            else
            {
                Mismatches.Add($"{what}: ours {mine} ({value.ToString("R", CultureInfo.InvariantCulture)}) libvmaf {text}");
            }

            if (text != "null" && double.IsFinite(value))
            {
                MaxDifference = Math.Max(MaxDifference, Math.Abs(value - double.Parse(text, CultureInfo.InvariantCulture)));
            }
        }

        public override string ToString() => $"{Matched}/{Total} matched, max |diff| {MaxDifference:E2}";
    }
}
