using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Features.FloatMotion;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatMotionTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["motion"] = FloatMotionExtractor.Motion,
        ["motion2"] = FloatMotionExtractor.Motion2,
        ["motion3"] = FloatMotionExtractor.Motion3,
    };

    [Theory]
    [MemberData(nameof(FloatGolden.CaseIds), MemberType = typeof(FloatGolden))]
    public void Every_motion_value_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        int frames = FloatGolden.FramesFor(c);
        var motion = new FloatMotion(FloatMotionExtractor.ParseOptions(), c.Width, c.Height, c.BitDepth, c.Geometry.Format.Chroma);
        var collector = new FeatureCollector();
        int index = 0;
        foreach ((byte[] r, _) in FloatGolden.Frames(c, FloatGolden.RunFramesFor(c)))
        {
            motion.Extract(index++, FloatGolden.Plane(c, r, 0), collector);
        }

        motion.Flush(collector);
        (List<string> mismatches, int compared, double maxDiff) = FloatGolden.Compare(FloatGolden.Golden(c), collector, Aliases, frames);
        output.WriteLine($"{caseId}: {compared - mismatches.Count}/{compared} motion values match (frames 0..{frames - 1}); max |diff| to the printed value {maxDiff:E2}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }
}
