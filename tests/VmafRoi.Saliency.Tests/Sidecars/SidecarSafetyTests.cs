using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>A sidecar path that names something else is never overwritten, and masks never cross normalisations.</summary>
public sealed class SidecarSafetyTests : TempFolderTest
{
    private readonly SidecarHeader _header = SidecarTestData.Header(sampling: SidecarSampling.Uniform(30, 3));

    [Theory]
    [InlineData(SidecarCacheMode.ReadWrite)]
    [InlineData(SidecarCacheMode.Refresh)]
    public void A_file_that_is_not_a_sidecar_is_refused_and_left_untouched(SidecarCacheMode mode)
    {
        string path = PathOf("clip.y4m");
        byte[] original = "YUV4MPEG2 W4 H4 F25:1 C420jpeg\nFRAME\n"u8.ToArray();
        File.WriteAllBytes(path, original);

        var error = Assert.Throws<InvalidInputException>(() => SidecarCache.Open(path, _header, Compute, mode));

        Assert.Contains($"'{path}' exists and is not a saliency sidecar; refusing to overwrite it", error.Message);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_short_text_file_is_refused_too()
    {
        string path = PathOf("notes.msgpack");
        File.WriteAllText(path, "keep\n");

        Assert.Throws<InvalidInputException>(() => SidecarCache.Open(path, _header, Compute));
        Assert.Equal("keep\n", File.ReadAllText(path));
    }

    [Fact]
    public void An_empty_file_at_the_sidecar_path_is_recomputed_and_replaced()
    {
        string path = PathOf("clip.sal");
        File.WriteAllBytes(path, []);

        using SidecarCacheResult result = SidecarCache.Open(path, _header, Compute);

        Assert.Equal(SidecarCacheOutcome.Replaced, result.Outcome);
        Assert.Contains("the file is empty", result.Reason, StringComparison.Ordinal);
        SaliencySidecarReader.VerifyFile(path, _header);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(200)]
    public void A_sidecar_cut_short_inside_its_header_is_recomputed_and_replaced(int keep)
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);

        using SidecarCacheResult result = SidecarCache.Open(path, _header, Compute);

        Assert.Equal(SidecarCacheOutcome.Replaced, result.Outcome);
        SaliencySidecarReader.VerifyFile(path, _header);
    }

    [Fact]
    public void Read_only_mode_still_reports_an_empty_file_as_corrupt()
    {
        string path = PathOf("clip.sal");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<SidecarCorruptException>(() => SidecarCache.Open(path, _header, Compute, SidecarCacheMode.ReadOnly));
        Assert.Equal("the file is empty", error.Reason);
        Assert.Empty(File.ReadAllBytes(path));
    }

    [Fact]
    public void A_damaged_sidecar_of_ours_is_still_replaced()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        using SidecarCacheResult result = SidecarCache.Open(path, _header, Compute);

        Assert.Equal(SidecarCacheOutcome.Replaced, result.Outcome);
    }

    [Fact]
    public void A_sidecar_made_with_another_normalization_is_not_reused()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header with { Normalization = "imagenet" });
        SidecarHeader unit = _header with { Normalization = "unit" };

        var error = Assert.Throws<SidecarMismatchException>(() => SaliencySidecarReader.Open(path, unit));
        Assert.Equal(("normalization", "unit", "imagenet"), (error.Field, error.Expected, error.Actual));

        using SidecarCacheResult result = SidecarCache.Open(path, unit, Compute);
        Assert.Equal(SidecarCacheOutcome.Replaced, result.Outcome);
        Assert.Equal("unit", result.Reader.Header.Normalization);
    }

    private static void Compute(SaliencySidecarWriter writer)
    {
        while (writer.NextFrameIndex is int index)
        {
            writer.WriteFrame(index, SidecarTestData.Mask(index));
        }
    }
}
