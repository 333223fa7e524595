using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Features.FloatVif;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatVifTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["vif_scale0"] = FloatVifExtractor.Scale0,
        ["vif_scale1"] = FloatVifExtractor.Scale1,
        ["vif_scale2"] = FloatVifExtractor.Scale2,
        ["vif_scale3"] = FloatVifExtractor.Scale3,
    };

    [Theory]
    [MemberData(nameof(FloatGolden.CaseIds), MemberType = typeof(FloatGolden))]
    public void Every_vif_scale_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        int frames = FloatGolden.FramesFor(c);
        var vif = new FloatVif(FloatVifExtractor.ParseOptions(), c.Width, c.Height, c.BitDepth);
        var collector = new FeatureCollector();
        int index = 0;
        foreach ((byte[] r, byte[] d) in FloatGolden.Frames(c, frames))
        {
            vif.Extract(index++, FloatGolden.Plane(c, r, 0), FloatGolden.Plane(c, d, 0), collector);
        }

        (List<string> mismatches, int compared, double maxDiff) = FloatGolden.Compare(FloatGolden.Golden(c), collector, Aliases, frames);
        output.WriteLine($"{caseId}: {compared - mismatches.Count}/{compared} vif values match (frames 0..{frames - 1}); max |diff| to the printed value {maxDiff:E2}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }
}
