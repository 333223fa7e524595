using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.TestShared;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>ClipMasks.Aggregate applies the frame-sampling rule to a sidecar of every frame, and refuses one that holds only samples.</summary>
public sealed class ClipAggregateSamplingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_sidecar_of_every_frame_is_reduced_over_the_sampled_frames_only()
    {
        string path = Write("all.sal", SidecarSampling.All, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        using SaliencySidecarReader reader = SaliencySidecarReader.Open(path);

        ClipAggregate aggregate = ClipMasks.Aggregate(reader, openClip: null, AggregatorSpec.Create("max", 0.6), frameSamples: 4);

        Assert.Equal([0, 2, 4, 6], aggregate.SampledFrames);
        Assert.Equal(10, aggregate.Frames);
        float[] expected = SidecarTestData.Expected(0, 8);
        foreach (int f in new[] { 2, 4, 6 })
        {
            float[] mask = SidecarTestData.Expected(f, 8);
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] = Math.Max(expected[i], mask[i]);
            }
        }

        Assert.Equal(expected, aggregate.Mask);
    }

    [Fact]
    public void A_sidecar_that_holds_only_sampled_frames_is_refused_naming_the_file_rather_than_pairing_the_wrong_frames()
    {
        string path = Write("uniform.sal", SidecarSampling.Uniform(10, 4), [0, 2, 4, 6]);
        using SaliencySidecarReader reader = SaliencySidecarReader.Open(path);

        var error = Assert.Throws<InvalidInputException>(() => ClipMasks.Aggregate(reader, openClip: null, AggregatorSpec.Create("mean", 0.6), frameSamples: 4));

        Assert.Equal($"saliency sidecar '{path}' holds only sampled frames (uniform(total=10, n=4)); aggregating needs a sidecar of every frame (sampling all)", error.Message);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(error));
    }

    private string Write(string name, SidecarSampling sampling, int[] frames)
    {
        string path = Path.Combine(_folder.Path, name);
        using SaliencySidecarWriter writer = SaliencySidecarWriter.Create(path, SidecarTestData.Header(sampling: sampling, aggregator: AggregatorSpec.Create("mean", 0.6)));
        foreach (int f in frames)
        {
            writer.WriteFrame(f, SidecarTestData.Mask(f));
        }

        writer.Commit();
        return path;
    }
}
