using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"vmaf-engine-bad-{Guid.NewGuid():N}");

    public BadInputTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Missing_model_lists_every_place_searched()
    {
        string a = Path.Combine(_folder, "first"), b = Path.Combine(_folder, "second");
        var locator = new ModelLocator([a, b]);
        var ex = Assert.Throws<VmafModelException>(() => locator.Resolve(ModelSpec.Parse("vmaf_v9.9")));
        Assert.Contains(Path.Combine(a, "vmaf_v9.9.json"), ex.Message);
        Assert.Contains(Path.Combine(b, "vmaf_v9.9.json"), ex.Message);
        Assert.Contains("VMAF_MODEL_PATH", ex.Message);
    }

    [Fact]
    public void Missing_model_file_path_is_named()
    {
        string path = Path.Combine(_folder, "nope.json");
        var ex = Assert.Throws<VmafModelException>(() => new ModelLocator([]).Load(ModelSpec.Parse(path)));
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("slopes", "model_dict.slopes")]
    [InlineData("wrong_slope_count", "model_dict.slopes has 3 values; expected 7")]
    [InlineData("no_model_dict", "model_dict is missing")]
    [InlineData("bad_type", "model_dict.model_type")]
    [InlineData("bad_svm", "libsvm")]
    [InlineData("bad_number", "model_dict.intercepts[2]")]
    [InlineData("not_json", "not valid JSON")]
    [InlineData("unknown_feature", "VMAF_feature_no_such_score")]
    public void Malformed_model_names_the_file_and_the_field(string defect, string expected)
    {
        string text = File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json"));
        text = defect switch
        {
            "slopes" => text.Replace("\"slopes\"", "\"slopez\"", StringComparison.Ordinal),
            "wrong_slope_count" => System.Text.RegularExpressions.Regex.Replace(text, "\"slopes\": \\[[^\\]]*\\]", "\"slopes\": [1, 2, 3]"),
            "no_model_dict" => text.Replace("\"model_dict\"", "\"model_dicts\"", StringComparison.Ordinal),
            "bad_type" => text.Replace("\"LIBSVMNUSVR\"", "\"MAGIC\"", StringComparison.Ordinal),
            "bad_svm" => text.Replace("kernel_type rbf", "kernel_type sigmoid", StringComparison.Ordinal),
            "bad_number" => System.Text.RegularExpressions.Regex.Replace(text, "\"intercepts\": \\[([^,]*),([^,]*),([^,]*),", "\"intercepts\": [$1,$2,\"x\","),
            "not_json" => text[..(text.Length / 2)],
            "unknown_feature" => text.Replace("VMAF_integer_feature_vif_scale0_score", "VMAF_feature_no_such_score", StringComparison.Ordinal),
            _ => text,
        };
        string path = Path.Combine(_folder, $"{defect}.json");
        File.WriteAllText(path, text);
        var ex = Assert.ThrowsAny<VmafRoiException>(() =>
        {
            VmafModel model = VmafModelLoader.Load(path);
            GoldenCase c = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
            GoldenRuns.Run(c, [model], VmafEngineOptions.Default);
        });
        Assert.IsType<VmafModelException>(ex);
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Reference_and_distorted_of_different_sizes_are_rejected()
    {
        string r = Raw("r.yuv", 64, 48, "yuv420p", 2), d = Raw("d.yuv", 66, 48, "yuv420p", 2);
        using FrameSource reference = FrameReader.Open(r, YuvFormat.Yuv420P, 64, 48);
        using FrameSource distorted = FrameReader.Open(d, YuvFormat.Yuv420P, 66, 48);
        var ex = Assert.Throws<InvalidInputException>(() => VmafEngine.Score(reference, distorted, [GoldenRuns.Model("vmaf_v0.6.1")]));
        Assert.Contains("64x48", ex.Message);
        Assert.Contains("66x48", ex.Message);
    }

    [Fact]
    public void Reference_and_distorted_of_different_formats_are_rejected()
    {
        string r = Raw("r.yuv", 64, 48, "yuv420p", 2), d = Raw("d.yuv", 64, 48, "yuv444p", 2);
        using FrameSource reference = FrameReader.Open(r, YuvFormat.Yuv420P, 64, 48);
        using FrameSource distorted = FrameReader.Open(d, YuvFormat.Parse("yuv444p"), 64, 48);
        var ex = Assert.Throws<InvalidInputException>(() => VmafEngine.Score(reference, distorted, [GoldenRuns.Model("vmaf_v0.6.1")]));
        Assert.Contains("yuv444p", ex.Message);
    }

    [Theory]
    [InlineData(32, 48)]
    [InlineData(64, 32)]
    [InlineData(16, 16)]
    public void Frames_at_or_below_32_pixels_are_rejected(int width, int height)
    {
        string r = Raw("small.yuv", width, height, "yuv420p", 1);
        using FrameSource reference = FrameReader.Open(r, YuvFormat.Yuv420P, width, height);
        using FrameSource distorted = FrameReader.Open(r, YuvFormat.Yuv420P, width, height);
        var ex = Assert.Throws<InvalidInputException>(() => VmafEngine.Score(reference, distorted, [GoldenRuns.Model("vmaf_v0.6.1")]));
        Assert.Contains($"{width}x{height}", ex.Message);
        Assert.Contains("greater than 32", ex.Message);
    }

    [Theory]
    [InlineData("yuv420p9le", 9)]
    [InlineData("yuv420p14le", 14)]
    [InlineData("gray11le", 11)]
    public void Unsupported_bit_depths_are_rejected_naming_the_depth(string pixFmt, int depth)
    {
        string r = Raw("deep.yuv", 64, 48, pixFmt, 1);
        using FrameSource reference = FrameReader.Open(r, YuvFormat.Parse(pixFmt), 64, 48);
        using FrameSource distorted = FrameReader.Open(r, YuvFormat.Parse(pixFmt), 64, 48);
        var ex = Assert.Throws<UnsupportedFormatException>(() => VmafEngine.Score(reference, distorted, [GoldenRuns.Model("vmaf_v0.6.1")]));
        Assert.Contains($"{depth}-bit", ex.Message);
    }

    [Fact]
    public void A_truncated_last_raw_frame_is_an_error()
    {
        string r = Raw("t.yuv", 64, 48, "yuv420p", 3);
        using (var f = new FileStream(r, FileMode.Append))
        {
            f.Write(new byte[1000]);
        }

        var request = new VmafRequest
        {
            Reference = VmafInput.Raw(r, YuvFormat.Yuv420P.WithSize(64, 48)),
            Distorted = VmafInput.Raw(r, YuvFormat.Yuv420P.WithSize(64, 48)),
        };
        var ex = Assert.Throws<InvalidInputException>(() => new ManagedVmafRoute(new ModelLocator([SharedData.VmafModelDirectory])).Score(request));
        Assert.Contains(r, ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_truncated_last_y4m_frame_is_an_error_while_streaming(int threads)
    {
        string path = Path.Combine(_folder, "t.y4m");
        int frameBytes = (64 * 48) + (2 * 32 * 24);
        using (var f = File.Create(path))
        {
            f.Write("YUV4MPEG2 W64 H48 F25:1 Ip A1:1 C420jpeg\n"u8);
            for (int i = 0; i < 3; i++)
            {
                f.Write("FRAME\n"u8);
                f.Write(SyntheticFrames.Luma(64, 48, 8, "smooth", i));
                f.Write(new byte[2 * 32 * 24]);
            }

            f.Write("FRAME\n"u8);
            f.Write(new byte[frameBytes / 2]);
        }

        using FrameSource reference = FrameReader.Open(path);
        using FrameSource distorted = FrameReader.Open(path);
        var ex = Assert.Throws<InvalidInputException>(() =>
            VmafEngine.Score(reference, distorted, [GoldenRuns.Model("vmaf_v0.6.1")], new VmafEngineOptions { Threads = threads }));
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Duplicate_model_names_are_rejected()
    {
        GoldenCase c = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        var ex = Assert.Throws<VmafModelException>(() => GoldenRuns.Run(c, [GoldenRuns.Model("vmaf_v0.6.1"), GoldenRuns.Model("vmaf_v0.6.1neg")], VmafEngineOptions.Default));
        Assert.Contains("vmaf", ex.Message);
    }

    private string Raw(string name, int width, int height, string pixFmt, int frames)
    {
        var geometry = new FrameGeometry(width, height, YuvFormat.Parse(pixFmt));
        string path = Path.Combine(_folder, name);
        var bytes = new byte[geometry.FrameBytes * frames];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
