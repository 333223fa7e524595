namespace VmafRoi.Contracts.Tests;

/// <summary>Exit codes are a public contract: these values never change.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public void Exit_code_values_are_pinned()
    {
        Assert.Equal(0, ExitCodes.Success);
        Assert.Equal(1, ExitCodes.InvalidInput);
        Assert.Equal(2, ExitCodes.Usage);
        Assert.Equal(64, ExitCodes.MaskFailed);
        Assert.Equal(65, ExitCodes.InvalidPooledScore);
        Assert.Equal(66, ExitCodes.ModelInvalid);
        Assert.Equal(69, ExitCodes.DependencyMissing);
        Assert.Equal(70, ExitCodes.InternalError);
        Assert.Equal(73, ExitCodes.OutputFailed);
        Assert.Equal(80, ExitCodes.QualityGateFailed);
        Assert.Equal(81, ExitCodes.RoiNotApplied);
        Assert.Equal(129, ExitCodes.Hangup);
        Assert.Equal(130, ExitCodes.Interrupted);
        Assert.Equal(143, ExitCodes.Terminated);
    }

    [Fact]
    public void Each_error_type_maps_to_its_exit_code()
    {
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(new InvalidInputException("x")));
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(new UnsupportedFormatException("x")));
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(new MaskException("x")));
        Assert.Equal(ExitCodes.InvalidPooledScore, ExitCodeMapper.From(new InvalidScoreException("x")));
        Assert.Equal(ExitCodes.ModelInvalid, ExitCodeMapper.From(new VmafModelException("x")));
        Assert.Equal(ExitCodes.DependencyMissing, ExitCodeMapper.From(new DependencyMissingException("x")));
        Assert.Equal(ExitCodes.OutputFailed, ExitCodeMapper.From(new OutputWriteException("x", "p")));
        Assert.Equal(ExitCodes.QualityGateFailed, ExitCodeMapper.From(new QualityGateFailedException("x")));
        Assert.Equal(ExitCodes.Usage, ExitCodeMapper.From(new UsageException("x")));
        Assert.Equal(ExitCodes.RoiNotApplied, ExitCodeMapper.From(new RoiNotAppliedException("x", "skipping ROI")));
        Assert.Equal(ExitCodes.InternalError, ExitCodeMapper.From(new InvalidOperationException("x")));
    }

    [Theory]
    [InlineData(7, 7)]
    [InlineData(255, 255)]
    [InlineData(0, 70)]
    [InlineData(-1, 70)]
    [InlineData(300, 70)]
    public void A_failed_vmaf_run_passes_its_exit_code_through(int processCode, int expected)
    {
        Assert.Equal(expected, ExitCodeMapper.From(new VmafRunFailedException("full-frame", processCode, "tail")));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 70)]
    public void A_failed_encode_passes_its_exit_code_through(int processCode, int expected)
    {
        Assert.Equal(expected, ExitCodeMapper.From(new EncodeFailedException("libx264 encode", processCode, "tail")));
    }

    [Fact]
    public void A_failed_vmaf_run_message_has_the_seed_wording()
    {
        var error = new VmafRunFailedException("saliency-masked", 3, "a\nb");

        Assert.Equal("saliency-masked vmaf run failed (exit=3); stderr tail:\na\nb", error.Message);
    }
}
