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
