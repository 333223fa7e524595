using System.Globalization;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Output;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class GoldenAccuracyTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> CaseModels() =>
        GoldenCase.All().SelectMany(c => c.Models.Select(m => new object[] { c.Id, m }));

    [Theory]
    [MemberData(nameof(CaseModels))]
    public void Every_value_matches_libvmaf_3_0_0_scalar(string caseId, string model)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        VmafScores scores = GoldenRuns.Get(c, model);
        Comparison result = Compare(scores, LibvmafJson.Load(c.LibvmafOutput("3.0.0", model, scalar: true)), VmafJsonFlavor.V3_0_0, requireAll: true);
        output.WriteLine($"{caseId} {model} 3.0.0-scalar: {result.Matched}/{result.Total} values matched exactly");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
    }

    [Theory]
    [MemberData(nameof(CaseModels))]
    public void Libvmaf_3_2_mode_matches_every_value_of_libvmaf_3_2_0_scalar_including_aim_and_adm3(string caseId, string model)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        VmafScores scores = GoldenRuns.Get(c, model, MotionVariant.V3_2);
        Comparison result = Compare(scores, LibvmafJson.Load(c.LibvmafOutput("3.2.0", model, scalar: true)), VmafJsonFlavor.V3_2_0, requireAll: true);
        output.WriteLine($"{caseId} {model} 3.2.0-scalar: {result.Matched}/{result.Total} values matched exactly");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
    }

    [Fact]
    public void Golden_match_counts_are_reported_per_version_and_model()
    {
        var rows = new List<string>();
        foreach (GoldenCase c in GoldenCase.All())
        {
            foreach (string model in c.Models)
            {
                Comparison v30 = Compare(GoldenRuns.Get(c, model), LibvmafJson.Load(c.LibvmafOutput("3.0.0", model, scalar: true)), VmafJsonFlavor.V3_0_0, requireAll: true);
                Comparison v32 = Compare(GoldenRuns.Get(c, model, MotionVariant.V3_2), LibvmafJson.Load(c.LibvmafOutput("3.2.0", model, scalar: true)), VmafJsonFlavor.V3_2_0, requireAll: true);
                Comparison avx = Compare(GoldenRuns.Get(c, model), LibvmafJson.Load(c.LibvmafOutput("3.0.0", model, scalar: false)), VmafJsonFlavor.V3_0_0, requireAll: true);
                rows.Add($"{model}|{v30.Matched}|{v30.Total}|{v32.Matched}|{v32.Total}|{avx.Matched}|{avx.Total}|{c.Id}");
                if (avx.Mismatches.Count > 0)
                {
                    output.WriteLine($"AVX2 libvmaf-3.0.0.{model}.json differs from the C code (and us) on {avx.Mismatches.Count} values in {c.Id}, e.g. {avx.Mismatches[0]}");
                }

                Assert.Empty(v30.Mismatches);
                Assert.Empty(v32.Mismatches);
            }
        }

        output.WriteLine("model | 3.0.0-scalar matched/total | 3.2.0-scalar matched/total | 3.0.0 AVX2 matched/total");
        foreach (IGrouping<string, string[]> g in rows.Select(r => r.Split('|')).GroupBy(r => r[0]))
        {
            int[] sum = Enumerable.Range(1, 6).Select(i => g.Sum(r => int.Parse(r[i], CultureInfo.InvariantCulture))).ToArray();
            output.WriteLine($"{g.Key} ({g.Count()} cases) | {sum[0]}/{sum[1]} | {sum[2]}/{sum[3]} | {sum[4]}/{sum[5]}");
        }

        int[] all = Enumerable.Range(1, 6).Select(i => rows.Sum(r => int.Parse(r.Split('|')[i], CultureInfo.InvariantCulture))).ToArray();
        output.WriteLine($"all ({rows.Count} case/model pairs) | {all[0]}/{all[1]} | {all[2]}/{all[3]} | {all[4]}/{all[5]}");
    }

    /// <summary>Compares every per-frame and pooled value the golden file prints with ours, printed the same way.</summary>
    internal static Comparison Compare(VmafScores scores, LibvmafJson golden, VmafJsonFlavor flavor, bool requireAll, Func<string, bool>? include = null)
    {
        var mismatches = new List<string>();
        int total = 0, matched = 0;
        var ours = scores.ToVmafResult();
        var byFrame = ours.Frames.ToDictionary(f => f.FrameNumber);
        foreach ((int frame, List<(string Name, string Text)> metrics) in golden.Frames)
        {
            foreach ((string name, string text) in metrics)
            {
                if (include is not null && !include(name))
                {
                    continue;
                }

                total++;
                if (!byFrame.TryGetValue(frame, out FrameMetrics? f) || !f.Metrics.TryGetValue(name, out double value))
                {
                    if (requireAll)
                    {
                        mismatches.Add($"frame {frame} {name}: missing (libvmaf {text})");
                    }

                    continue;
                }

                string mine = VmafJsonWriter.Number(value, flavor);
                if (mine == text)
                {
                    matched++;
                }
                else
                {
                    mismatches.Add($"frame {frame} {name}: ours {mine} ({value.ToString("R", CultureInfo.InvariantCulture)}) libvmaf {text}");
                }
            }
        }

        foreach ((string name, List<(string Method, string Text)> methods) in golden.Pooled)
        {
            if (include is not null && !include(name))
            {
                continue;
            }

            PooledMetric? pooled = ours.Pooled.TryGetValue(name, out PooledMetric p) ? p : null;
            foreach ((string method, string text) in methods)
            {
                total++;
                if (pooled is not { } pm)
                {
                    if (requireAll)
                    {
                        mismatches.Add($"pooled {name}: missing");
                    }

                    continue;
                }

                double value = method switch
                {
                    "min" => pm.Min,
                    "max" => pm.Max,
                    "mean" => pm.Mean,
                    _ => pm.HarmonicMean,
                };
                string mine = VmafJsonWriter.Number(value, flavor);
                if (mine == text)
                {
                    matched++;
                }
                else
                {
                    mismatches.Add($"pooled {name}.{method}: ours {mine} libvmaf {text}");
                }
            }
        }

        return new Comparison(total, matched, mismatches);
    }

    internal sealed record Comparison(int Total, int Matched, List<string> Mismatches);
}
