using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Ciede;
using VmafRoi.VmafRunner.Engine.Features.Common;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class CiedeTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => FeatureGolden.CasesWith("ciede");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_frame_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        IPictureFeature ciede = CiedeExtractor.Instance.Create(FeatureGolden.Geometry(c));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        FeatureGolden.Comparison result = FeatureGolden.Compare(c, "ciede", ciede, FeatureGolden.Spread(c, 4));
        output.WriteLine($"{caseId} ciede: {result} ({watch.ElapsedMilliseconds} ms)");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
    }
}
