using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.TestShared;
using VmafRoi.Tools.Roi;
using VmafRoi.Yuv;

namespace VmafRoi.Cli.Tests;

/// <summary>vmaf-roi saliency end to end on a natural clip, in-process, with the real default model.</summary>
public sealed class RoiSaliencyCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Saliency_writes_a_sidecar_previews_and_a_grayscale_mask_video_then_reuses_the_sidecar()
    {
        string clip = SharedData.File("clips", "carphone_qcif_120f.mkv");
        string sidecar = _temp.File("carphone.msgpack");
        string previews = _temp.File("previews");
        string masks = _temp.File("masks.y4m");

        (int code, string stdout, string stderr) = Run("saliency", "--input", clip, "--sidecar", sidecar, "--previews", previews, "--frame-samples", "4", "--masks-out", masks, "--aggregator", "ema");

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains($"sidecar: {sidecar} (created, 120 frames, model vmafroi_v2)", stdout);
        Assert.Equal(["aggregate_ema.png", "frame_000000.png", "frame_000030.png", "frame_000060.png", "frame_000090.png"], Directory.GetFiles(previews).Select(Path.GetFileName).Order());
        using (FrameSource video = FrameReader.Open(masks))
        {
            Assert.Equal("gray", video.Geometry.Format.Name);
            Assert.Equal((176, 144), (video.Geometry.Width, video.Geometry.Height));
            Assert.Equal(120, video.FrameCount);
        }

        SidecarHeader header = SaliencySidecarReader.ReadHeader(sidecar);
        Assert.Equal(("vmafroi_v2", 176, 144, "bt601"), (header.ModelId, header.Width, header.Height, header.ColorMatrix));

        (int again, string second, _) = Run("saliency", "--input", clip, "--sidecar", sidecar);
        Assert.Equal(ExitCodes.Success, again);
        Assert.Contains("(reused, 120 frames", second);
    }

    [Fact]
    public void Classic_v1_stays_selectable_by_name_and_its_sidecar_is_not_reused_by_the_default_model()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string clip = _temp.RawClip("a.yuv", g, 3, seed: 4);
        string sidecar = _temp.File("masks.msgpack");
        string[] input = ["--input", clip, "--width", "64", "--height", "48", "--sidecar", sidecar];

        (int code, string stdout, string stderr) = Run(["saliency", .. input, "--saliency-model", "classic_v1"]);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("(created, 3 frames, model vmafroi_classic_v1)", stdout);

        (int strict, _, string error) = Run(["saliency", .. input, "--sidecar-mode", "read-only"]);
        Assert.Equal(ExitCodes.InvalidInput, strict);
        Assert.Contains("model_sha256", error);

        (int replaced, string second, _) = Run(["saliency", .. input]);
        Assert.Equal(ExitCodes.Success, replaced);
        Assert.Contains("(replaced, 3 frames, model vmafroi_v2)", second);
        Assert.Equal("vmafroi_v2", SaliencySidecarReader.ReadHeader(sidecar).ModelId);
    }

    [Fact]
    public void A_sidecar_from_another_clip_is_rejected_in_read_only_mode_and_recomputed_otherwise()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string first = _temp.RawClip("a.yuv", g, 3, seed: 1);
        string second = _temp.RawClip("b.yuv", g, 3, seed: 2);
        string sidecar = _temp.File("masks.msgpack");
        Assert.Equal(ExitCodes.Success, Run("saliency", "--input", first, "--width", "64", "--height", "48", "--sidecar", sidecar).Code);

        (int code, _, string stderr) = Run("saliency", "--input", second, "--width", "64", "--height", "48", "--sidecar", sidecar, "--sidecar-mode", "read-only");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"saliency sidecar '{sidecar}' does not match this run", stderr);
        Assert.Contains("reference_sha256", stderr);

        (int recomputed, string stdout, _) = Run("saliency", "--input", second, "--width", "64", "--height", "48", "--sidecar", sidecar);
        Assert.Equal(ExitCodes.Success, recomputed);
        Assert.Contains("(replaced, 3 frames", stdout);
    }

    [Fact]
    public void A_truncated_sidecar_is_an_error_in_read_only_mode_and_is_recomputed_otherwise()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string clip = _temp.RawClip("a.yuv", g, 3);
        string sidecar = _temp.File("masks.msgpack");
        Assert.Equal(ExitCodes.Success, Run("saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", sidecar).Code);
        byte[] bytes = File.ReadAllBytes(sidecar);
        File.WriteAllBytes(sidecar, bytes[..(bytes.Length / 2)]);

        (int code, _, string stderr) = Run("saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", sidecar, "--sidecar-mode", "read-only");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("is corrupt", stderr);

        Assert.Equal(ExitCodes.Success, Run("saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", sidecar).Code);
        SaliencySidecarReader.VerifyFile(sidecar);
    }

    [Fact]
    public void A_sidecar_path_that_names_the_input_is_refused_and_the_input_is_untouched()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string clip = _temp.RawClip("a.yuv", g, 2);
        byte[] before = File.ReadAllBytes(clip);

        (int code, _, string stderr) = Run("saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", clip);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("an output never replaces an input", stderr);
        Assert.Equal(before, File.ReadAllBytes(clip));
    }

    [Fact]
    public void An_existing_file_that_is_not_a_sidecar_is_never_overwritten()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string clip = _temp.RawClip("a.yuv", g, 2);
        string notes = _temp.File("notes.txt");
        File.WriteAllText(notes, "keep me");

        (int code, _, string stderr) = Run("saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", notes);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("exists and is not a saliency sidecar; refusing to overwrite it", stderr);
        Assert.Equal("keep me", File.ReadAllText(notes));
    }

    [Fact]
    public void Previews_pointing_at_a_file_is_an_output_error()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string clip = _temp.RawClip("a.yuv", g, 2);
        string file = _temp.File("previews.png");
        File.WriteAllText(file, "x");

        (int code, _, string stderr) = Run("saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", _temp.File("s.msgpack"), "--previews", file);

        Assert.Equal(ExitCodes.OutputFailed, code);
        Assert.Contains("it is a file, not a folder", stderr);
    }

    [Fact]
    public void A_sidecar_made_with_another_normalization_is_recomputed()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string clip = _temp.RawClip("a.yuv", g, 2);
        string sidecar = _temp.File("s.msgpack");
        string[] args = ["saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", sidecar, "--saliency-model", "classic_v1"];

        Assert.Equal(ExitCodes.Success, Run(args).Code);
        (int code, string stdout, _) = Run([.. args, "--saliency-normalization", "imagenet"]);
        (int readOnly, _, string stderr) = Run([.. args, "--sidecar-mode", "read-only"]);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("(replaced, 2 frames", stdout);
        Assert.Equal(ExitCodes.InvalidInput, readOnly);
        Assert.Contains("it was made for normalization imagenet, not unit", stderr);
    }

    [Fact]
    public void The_default_model_refuses_a_normalisation_it_does_not_use()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string clip = _temp.RawClip("a.yuv", g, 2);

        (int code, _, string stderr) = Run("saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", _temp.File("s.msgpack"), "--saliency-normalization", "imagenet");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("does not apply to the built-in vmafroi_v2 model", stderr);
    }

    [Fact]
    public void A_missing_model_is_named()
    {
        string clip = SharedData.File("clips", "carphone_qcif_120f.mkv");
        string missing = _temp.File("none.onnx");

        (int code, _, string stderr) = Run("saliency", "--input", clip, "--saliency-model", missing);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal($"vmaf-roi: saliency model not found: {missing}", stderr.TrimEnd());
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RoiCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
