using VmafRoi.Aggregators;
using VmafRoi.Contracts;

namespace VmafRoi.Aggregators.Tests;

/// <summary>
/// The example of docs/aggregators.md: three sampled frames with masks 0.2, 0.8, 0.5; frame 1 differs from frame 0 by
/// a mean of 5.1 luma levels (weight 0.02), frame 2 from frame 1 by 25.5 (weight 0.1).
/// </summary>
public sealed class MotionWeightedTests
{
    private static readonly byte[] Luma0 = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100];
    private static readonly byte[] Luma1 = [151, 100, 100, 100, 100, 100, 100, 100, 100, 100];
    private static readonly byte[] Luma2 = [151, 151, 151, 151, 151, 151, 100, 100, 100, 100];

    private static float[] Mask(float value) => Enumerable.Repeat(value, 13).ToArray();

    private static MotionWeightedAggregator RunExample(FirstFrameWeight firstFrame)
    {
        var aggregator = new MotionWeightedAggregator(firstFrame);
        aggregator.Add(Mask(0.2f), LumaPlane.FromBytes(Luma0));
        aggregator.Add(Mask(0.8f), LumaPlane.FromBytes(Luma1));
        aggregator.Add(Mask(0.5f), LumaPlane.FromBytes(Luma2));
        return aggregator;
    }

    [Fact]
    public void Weight_is_mean_absolute_luma_difference_over_255()
    {
        Assert.Equal(0.02, MotionWeightedAggregator.MotionWeight(LumaPlane.FromBytes(Luma0), LumaPlane.FromBytes(Luma1)), 12);
        Assert.Equal(0.1, MotionWeightedAggregator.MotionWeight(LumaPlane.FromBytes(Luma1), LumaPlane.FromBytes(Luma2)), 12);
    }

    [Fact]
    public void Weight_of_identical_frames_is_floored_at_one_millionth() =>
        Assert.Equal(1e-6, MotionWeightedAggregator.MotionWeight(LumaPlane.FromBytes(Luma0), LumaPlane.FromBytes(Luma0)));

    [Fact]
    public void Deeper_luma_is_scaled_to_the_8_bit_scale()
    {
        // 10-bit: the same picture has 4× the sample values, so 204 levels of difference are 51 on the 8-bit scale.
        ushort[] a = Luma0.Select(v => (ushort)(v * 4)).ToArray();
        ushort[] b = Luma1.Select(v => (ushort)(v * 4)).ToArray();
        Assert.Equal(0.02, MotionWeightedAggregator.MotionWeight(LumaPlane.FromWords(a, 10), LumaPlane.FromWords(b, 10)), 12);

        ushort[] c = Luma0.Select(v => (ushort)(v * 256)).ToArray();
        ushort[] d = Luma1.Select(v => (ushort)(v * 256)).ToArray();
        Assert.Equal(0.02, MotionWeightedAggregator.MotionWeight(LumaPlane.FromWords(c, 16), LumaPlane.FromWords(d, 16)), 12);
    }

    [Fact]
    public void Original_first_frame_weight_of_one_dwarfs_the_motion_weights()
    {
        MotionWeightedAggregator original = RunExample(FirstFrameWeight.One);
        Assert.Equal([1.0, 0.02, 0.1], original.Weights.Select(w => Math.Round(w, 12)));
        // (0.2·1 + 0.8·0.02 + 0.5·0.1) / 1.12 = 0.2375: almost the first mask alone.
        Assert.All(original.Result(), v => Assert.Equal(0.2375f, v, 6));
    }

    [Fact]
    public void Ours_weights_the_first_frame_by_its_motion_to_the_next_sampled_frame()
    {
        MotionWeightedAggregator ours = RunExample(FirstFrameWeight.MotionToNext);
        Assert.Equal([0.02, 0.02, 0.1], ours.Weights.Select(w => Math.Round(w, 12)));
        // (0.2·0.02 + 0.8·0.02 + 0.5·0.1) / 0.14 = 0.5.
        Assert.All(ours.Result(), v => Assert.Equal(0.5f, v, 6));
    }

    [Fact]
    public void Factory_motion_weighted_is_ours()
    {
        IMaskAggregator aggregator = MaskAggregators.Create("motion-weighted");
        Assert.Equal(FirstFrameWeight.MotionToNext, Assert.IsType<MotionWeightedAggregator>(aggregator).FirstFrame);
        Assert.True(aggregator.NeedsLuma);
    }

    [Theory]
    [InlineData(FirstFrameWeight.One)]
    [InlineData(FirstFrameWeight.MotionToNext)]
    public void A_single_sampled_frame_weighs_one_and_is_the_result(FirstFrameWeight firstFrame)
    {
        var aggregator = new MotionWeightedAggregator(firstFrame);
        aggregator.Add([0.3f, 1.2f, 0.7f], LumaPlane.FromBytes(Luma0));
        Assert.Equal([0.3f, 1f, 0.7f], aggregator.Result());
        Assert.Equal([1.0], aggregator.Weights);
    }

    [Fact]
    public void A_still_clip_averages_its_masks_with_ours_but_keeps_the_first_mask_with_the_original()
    {
        var ours = new MotionWeightedAggregator(FirstFrameWeight.MotionToNext);
        var original = new MotionWeightedAggregator(FirstFrameWeight.One);
        foreach (float m in new[] { 0.0f, 1.0f, 1.0f, 1.0f })
        {
            ours.Add(Mask(m), LumaPlane.FromBytes(Luma0));
            original.Add(Mask(m), LumaPlane.FromBytes(Luma0));
        }

        Assert.All(ours.Result(), v => Assert.Equal(0.75f, v, 6));
        Assert.All(original.Result(), v => Assert.Equal(3e-6f / (1 + 3e-6f), v, 6));
    }

    [Fact]
    public void Motion_is_measured_against_the_previous_sampled_frame_not_the_first()
    {
        var ours = new MotionWeightedAggregator();
        ours.Add(Mask(0f), LumaPlane.FromBytes(Luma0));
        ours.Add(Mask(0f), LumaPlane.FromBytes(Luma1));
        ours.Add(Mask(0f), LumaPlane.FromBytes(Luma1));
        Assert.Equal([0.02, 0.02, 1e-6], ours.Weights.Select(w => Math.Round(w, 12)));
    }

    [Fact]
    public void Missing_luma_is_an_argument_error()
    {
        IMaskAggregator aggregator = MaskAggregators.Create("motion-weighted");
        Assert.Throws<ArgumentException>(() => aggregator.Add(Mask(0.5f)));
    }

    [Fact]
    public void Luma_of_another_size_or_depth_is_a_mask_error()
    {
        var aggregator = new MotionWeightedAggregator();
        aggregator.Add(Mask(0.5f), LumaPlane.FromBytes(Luma0));
        Assert.Throws<MaskException>(() => aggregator.Add(Mask(0.5f), LumaPlane.FromBytes(new byte[3])));
        Assert.Throws<MaskException>(() => aggregator.Add(Mask(0.5f), LumaPlane.FromWords(new ushort[10], 10)));
        Assert.Equal(1, aggregator.Count);
    }
}
