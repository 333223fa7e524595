using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

public sealed class SidecarCacheTests : TempFolderTest
{
    private readonly SidecarHeader _header = SidecarTestData.Header(sampling: SidecarSampling.Uniform(30, 3));
    private int _computed;

    private void Compute(SaliencySidecarWriter writer)
    {
        _computed++;
        while (writer.NextFrameIndex is int index)
        {
            writer.WriteFrame(index, SidecarTestData.Mask(index));
        }
    }

    private static void AssertHoldsTrueMasks(SidecarCacheResult result)
    {
        var mask = new float[result.Reader.MaskLength];
        var indices = new List<int>();
        while (result.Reader.TryReadNext(mask, out int index))
        {
            Assert.True(SidecarTestData.BitEqual(SidecarTestData.Expected(index, 8), mask));
            indices.Add(index);
        }

        Assert.Equal([0, 10, 20], indices);
    }

    [Fact]
    public void A_missing_sidecar_is_computed_then_reused()
    {
        string path = PathOf("clip.sal");
        using (SidecarCacheResult first = SidecarCache.Open(path, _header, Compute))
        {
            Assert.Equal(SidecarCacheOutcome.Created, first.Outcome);
            Assert.Null(first.Reason);
            AssertHoldsTrueMasks(first);
        }

        using (SidecarCacheResult second = SidecarCache.Open(path, _header, Compute))
        {
            Assert.Equal(SidecarCacheOutcome.Reused, second.Outcome);
            AssertHoldsTrueMasks(second);
        }

        Assert.Equal(1, _computed);
        Assert.Empty(OtherFiles("clip.sal"));
    }

    [Fact]
    public void A_sidecar_for_another_model_is_recomputed_with_the_reason()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header with { ModelSha256 = SidecarTestData.ModelB });
        using SidecarCacheResult result = SidecarCache.Open(path, _header, Compute);
        Assert.Equal(SidecarCacheOutcome.Replaced, result.Outcome);
        Assert.Contains("made for model_sha256 " + SidecarTestData.ModelB, result.Reason);
        Assert.Equal(SidecarTestData.ModelA, SaliencySidecarReader.ReadHeader(path).ModelSha256);
        AssertHoldsTrueMasks(result);
        Assert.Equal(1, _computed);
    }

    [Fact]
    public void A_corrupt_sidecar_is_recomputed()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^40]);
        using SidecarCacheResult result = SidecarCache.Open(path, _header, Compute);
        Assert.Equal(SidecarCacheOutcome.Replaced, result.Outcome);
        Assert.Contains("is corrupt", result.Reason);
        AssertHoldsTrueMasks(result);
    }

    [Fact]
    public void A_sidecar_corrupt_only_near_its_end_is_never_partly_used()
    {
        // The cache verifies the whole file before handing out its first frame.
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0xff;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<SidecarCorruptException>(() => SidecarCache.Open(path, _header, Compute, SidecarCacheMode.ReadOnly));
        Assert.Equal(0, _computed);
    }

    [Fact]
    public void Read_only_mode_surfaces_every_problem_and_never_computes()
    {
        string path = PathOf("clip.sal");
        var missing = Assert.Throws<InvalidInputException>(() => SidecarCache.Open(path, _header, Compute, SidecarCacheMode.ReadOnly));
        Assert.Equal($"saliency sidecar not found: {path}", missing.Message);

        SidecarTestData.Write(path, _header with { ReferenceSha256 = SidecarTestData.ClipB });
        var mismatch = Assert.Throws<SidecarMismatchException>(() => SidecarCache.Open(path, _header, Compute, SidecarCacheMode.ReadOnly));
        Assert.Equal("reference_sha256", mismatch.Field);

        File.WriteAllBytes(path, [0x80]);
        Assert.Throws<SidecarCorruptException>(() => SidecarCache.Open(path, _header, Compute, SidecarCacheMode.ReadOnly));
        Assert.Equal(0, _computed);

        SidecarTestData.Write(path, _header);
        using SidecarCacheResult ok = SidecarCache.Open(path, _header, Compute, SidecarCacheMode.ReadOnly);
        Assert.Equal(SidecarCacheOutcome.Reused, ok.Outcome);
    }

    [Fact]
    public void Refresh_mode_always_recomputes()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header);
        using SidecarCacheResult result = SidecarCache.Open(path, _header, Compute, SidecarCacheMode.Refresh);
        Assert.Equal(SidecarCacheOutcome.Replaced, result.Outcome);
        Assert.Equal("a refresh was requested", result.Reason);
        Assert.Equal(1, _computed);
    }

    [Fact]
    public void A_failing_computation_leaves_the_old_file_and_no_temporaries()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, _header with { ModelSha256 = SidecarTestData.ModelB });
        byte[] before = File.ReadAllBytes(path);
        var error = Assert.Throws<MaskException>(() => SidecarCache.Open(path, _header, writer =>
        {
            writer.WriteFrame(0, SidecarTestData.Mask(0));
            throw new MaskException("model failed");
        }));
        Assert.Equal("model failed", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(OtherFiles("clip.sal"));
    }

    [Fact]
    public void A_computation_that_commits_itself_is_fine()
    {
        string path = PathOf("clip.sal");
        using SidecarCacheResult result = SidecarCache.Open(path, _header, writer =>
        {
            Compute(writer);
            writer.Commit();
        });
        Assert.Equal(SidecarCacheOutcome.Created, result.Outcome);
    }

    [Fact]
    public void A_computation_that_skips_sampled_frames_fails_and_writes_nothing()
    {
        string path = PathOf("clip.sal");
        Assert.Throws<InvalidOperationException>(() => SidecarCache.Open(path, _header, writer => writer.WriteFrame(0, SidecarTestData.Mask(0))));
        Assert.Empty(OtherFiles());
    }
}
