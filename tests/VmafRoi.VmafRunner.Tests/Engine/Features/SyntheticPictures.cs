using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

/// <summary>Whole synthetic frames (every plane from <see cref="SyntheticFrames"/>) for vector-path and edge-case tests.</summary>
internal static class SyntheticPictures
{
    public static readonly VectorWidth[] Widths = [VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512];

    /// <summary>A packed frame (Yuv library layout): Y, then Cb and Cr at ceil size.</summary>
    public static byte[] Frame(PictureGeometry g, string content, int seed)
    {
        int cw = (g.Width + g.ChromaShiftX) >> g.ChromaShiftX, ch = (g.Height + g.ChromaShiftY) >> g.ChromaShiftY;
        byte[] y = SyntheticFrames.Luma(g.Width, g.Height, g.BitDepth, content, seed);
        if (g.Chroma == ChromaFormat.Gray)
        {
            return y;
        }

        byte[] u = SyntheticFrames.Luma(cw, ch, g.BitDepth, content, seed + 101);
        byte[] v = SyntheticFrames.Luma(cw, ch, g.BitDepth, content, seed + 202);
        return [.. y, .. u, .. v];
    }

    /// <summary>Scores one synthetic pair (reference seed 1, distorted seed 2) and copies the values out.</summary>
    public static Dictionary<string, double> Score(IPictureFeature feature, string content)
    {
        PictureGeometry g = feature.Geometry;
        byte[] reference = Frame(g, content, 1), distorted = Frame(g, content, 2);
        FeatureScores scores = feature.Extract(PictureView.FromPackedFrame(g, reference), PictureView.FromPackedFrame(g, distorted));
        return scores.Names.Select((n, i) => (n, scores[i])).ToDictionary(x => x.n, x => x.Item2);
    }

    /// <summary>Asserts that every width gives the scalar path's values bit for bit.</summary>
    public static void AssertWidthsAgree(Func<VectorWidth, IPictureFeature> create, string what)
    {
        foreach (string content in SyntheticFrames.Contents)
        {
            Dictionary<string, double> scalar = Score(create(VectorWidth.Scalar), content);
            foreach (VectorWidth width in Widths.Skip(1))
            {
                Dictionary<string, double> vector = Score(create(width), content);
                foreach ((string name, double value) in scalar)
                {
                    Assert.True(
                        BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(vector[name]),
                        $"{what} {content}: {name} scalar {value:R} vs {width} {vector[name]:R}");
                }
            }
        }
    }
}
