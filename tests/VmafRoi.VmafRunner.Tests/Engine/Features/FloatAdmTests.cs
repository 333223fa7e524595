using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatAdm;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatAdmTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["adm2"] = FloatAdmExtractor.Adm2,
        ["aim"] = FloatAdmExtractor.Aim,
        ["adm3"] = FloatAdmExtractor.Adm3,
        ["adm_scale0"] = "VMAF_feature_adm_scale0_score",
        ["adm_scale1"] = "VMAF_feature_adm_scale1_score",
        ["adm_scale2"] = "VMAF_feature_adm_scale2_score",
        ["adm_scale3"] = "VMAF_feature_adm_scale3_score",
    };

    [Theory]
    [MemberData(nameof(FloatGolden.CaseIds), MemberType = typeof(FloatGolden))]
    public void Every_adm_value_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        int frames = FloatGolden.FramesFor(c);
        var adm = new FloatAdm(FloatAdmExtractor.ParseOptions(), c.Width, c.Height, c.BitDepth);
        var collector = new FeatureCollector();
        int index = 0;
        foreach ((byte[] r, byte[] d) in FloatGolden.Frames(c, frames))
        {
            adm.Extract(index++, FloatGolden.Plane(c, r, 0), FloatGolden.Plane(c, d, 0), collector);
        }

        (List<string> mismatches, int compared, double maxDiff) = FloatGolden.Compare(FloatGolden.Golden(c), collector, Aliases, frames);
        output.WriteLine($"{caseId}: {compared - mismatches.Count}/{compared} adm values match (frames 0..{frames - 1}); max |diff| to the printed value {maxDiff:E2}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }
}
