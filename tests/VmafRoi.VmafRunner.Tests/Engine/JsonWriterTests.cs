using System.Globalization;
using System.Text.RegularExpressions;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Output;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed partial class JsonWriterTests
{
    public static IEnumerable<object[]> CaseModels() => GoldenAccuracyTests.CaseModels();

    [Theory]
    [MemberData(nameof(CaseModels))]
    public void Json_output_is_byte_identical_to_libvmaf_3_0_0_except_fps(string caseId, string model)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        string golden = File.ReadAllText(c.LibvmafOutput("3.0.0", model, scalar: true));
        string ours = VmafJsonWriter.ToJson(GoldenRuns.Get(c, model), VmafJsonFlavor.V3_0_0, Fps(golden));
        AssertSameText(golden, ours);
    }

    [Theory]
    [MemberData(nameof(CaseModels))]
    public void Json_3_2_0_flavor_is_byte_identical_to_libvmaf_3_2_0_except_fps(string caseId, string model)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        string golden = File.ReadAllText(c.LibvmafOutput("3.2.0", model, scalar: true));
        string ours = VmafJsonWriter.ToJson(GoldenRuns.Get(c, model, MotionVariant.V3_2), VmafJsonFlavor.V3_2_0, Fps(golden));
        AssertSameText(golden, ours);
    }

    public static IEnumerable<object[]> BootstrapCases() => ModelLayerV32Tests.BootstrapCases();

    [Theory]
    [MemberData(nameof(BootstrapCases))]
    public void Json_of_vmaf_b_v0_6_3_is_byte_identical_to_libvmaf_3_2_0_except_fps(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        string golden = File.ReadAllText(c.LibvmafOutput("3.2.0", "vmaf_b_v0.6.3", scalar: true));
        VmafScores scores = GoldenRuns.Get(c, "vmaf_b_v0.6.3", MotionVariant.V3_2);
        AssertSameText(golden, VmafJsonWriter.ToJson(scores, VmafJsonFlavor.V3_2_0, Fps(golden)));
    }

    [Theory]
    [InlineData(1.0000001186223015, "1.0000001186223015")]
    [InlineData(60.0, "60.000000")]
    [InlineData(9.9999999999999974e-07, "0.0000010000000000")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(3000000000.0000005, "3000000000.000000")]
    public void Json_3_2_0_prints_16_decimals_exactly_where_libvmaf_s_digit_loop_does(double value, string printed)
    {
        // Expected strings from C printf on this machine; the last is above 2^31, where libvmaf's int32 cast keeps 6 decimals.
        Assert.Equal(printed, VmafJsonWriter.Number(value, VmafJsonFlavor.V3_2_0));
    }

    [Fact]
    public void Non_finite_values_are_written_as_null_like_libvmaf()
    {
        var collector = new FeatureCollector();
        collector.Append("a", 0, double.NaN);
        collector.Append("b", 0, 1.5);
        collector.Append("a", 1, 2.0);
        collector.Append("b", 1, double.PositiveInfinity);
        var scores = new VmafScores(collector, 2, 1, [], TimeSpan.FromSeconds(1), null);
        string json = VmafJsonWriter.ToJson(scores, fps: 2);
        Assert.Contains("        \"a\": null,        \"b\": 1.500000\n", json);
        Assert.Contains("        \"b\": null      }\n", json);
        Assert.Contains("      \"min\": null", json);
        Assert.StartsWith("{\n  \"version\": \"3.0.0\",\n  \"fps\": 2.00,\n  \"frames\": [\n    {\n      \"frameNum\": 0,\n", json);
        Assert.EndsWith("  \"aggregate_metrics\": {\n  }\n}\n", json);
    }

    private static double Fps(string json) =>
        double.Parse(Regex.Match(json, "\"fps\": ([0-9.]+),").Groups[1].Value, CultureInfo.InvariantCulture);

    private static void AssertSameText(string expected, string actual)
    {
        if (expected == actual)
        {
            return;
        }

        string[] e = expected.Split('\n'), a = actual.Split('\n');
        int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"first difference at line {line + 1}: libvmaf '{(line < e.Length ? e[line] : "<end>")}' ours '{(line < a.Length ? a[line] : "<end>")}'");
    }
}
