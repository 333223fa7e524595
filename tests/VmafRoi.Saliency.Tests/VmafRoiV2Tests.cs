using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Saliency.Tests.Sidecars;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>The default model vmafroi_v2: names and identity, its contract, its state per clip, motion and bars.</summary>
public sealed class VmafRoiV2Tests(ITestOutputHelper output) : TempFolderTest
{
    [Fact]
    public void Default_opens_vmafroi_v2_and_classic_v1_stays_selectable_by_name()
    {
        using OnnxSaliencyModel byDefault = SaliencyModels.Load("default");
        using OnnxSaliencyModel byId = SaliencyModels.Load("vmafroi_v2");
        using OnnxSaliencyModel classic = SaliencyModels.Load("classic_v1");
        using OnnxSaliencyModel classicById = SaliencyModels.Load("vmafroi_classic_v1");

        Assert.IsType<VmafRoiV2Model>(byDefault);
        Assert.Equal(("vmafroi_v2", "vmafroi_v2"), (byDefault.Id, byId.Id));
        Assert.Equal(("vmafroi_classic_v1", "vmafroi_classic_v1"), (classic.Id, classicById.Id));
        Assert.IsNotType<VmafRoiV2Model>(classic);
        Assert.All(SaliencyModels.BuiltInNames, name => Assert.True(SaliencyModels.IsBuiltIn(name)));
        Assert.False(SaliencyModels.IsBuiltIn("model.onnx"));
    }

    [Fact]
    public void Its_sha256_is_its_own_and_differs_from_classic_v1s()
    {
        using OnnxSaliencyModel v2 = SaliencyModels.Load(SaliencyModels.DefaultName);
        Assert.Matches("^[0-9a-f]{64}$", v2.Sha256);
        Assert.Equal(SaliencyModels.DefaultModelSha256, v2.Sha256);
        Assert.NotEqual(SaliencyModels.ClassicModelSha256, v2.Sha256);
        Assert.Equal(Normalization.Unit, v2.Normalization);
    }

    [Fact]
    public void A_normalisation_other_than_unit_is_refused()
    {
        var error = Assert.Throws<InvalidInputException>(() => SaliencyModels.Load(SaliencyModels.DefaultName, new SaliencyOptions { Normalization = Normalization.ImageNet }));
        Assert.Contains("vmafroi_v2", error.Message);
    }

    [Fact]
    public void A_sidecar_made_by_classic_v1_is_not_reused_for_v2_and_each_records_its_model()
    {
        string clip = PathOf("clip.yuv");
        var geometry = new FrameGeometry(96, 64, YuvFormat.Yuv420P);
        using (FrameWriter writer = FrameWriter.CreateRaw(clip, geometry))
        {
            for (int i = 0; i < 3; i++)
            {
                using YuvFrame frame = TestImages.RandomFrame(geometry, i);
                writer.Write(frame);
            }

            writer.Complete();
        }

        string sidecar = PathOf("clip.sal");
        FrameSource Open() => FrameReader.Open(clip, geometry);
        using (OnnxSaliencyModel classic = SaliencyModels.Load(SaliencyModels.ClassicName))
        using (SidecarCacheResult made = ClipMasks.OpenSidecar(classic, clip, Open, ColorMatrixChoice.Auto, 8, sidecar, SidecarCacheMode.ReadWrite))
        {
            Assert.Equal(SidecarCacheOutcome.Created, made.Outcome);
            Assert.Equal(("vmafroi_classic_v1", SaliencyModels.ClassicModelSha256), (made.Reader.Header.ModelId, made.Reader.Header.ModelSha256));
        }

        using OnnxSaliencyModel v2 = SaliencyModels.Load(SaliencyModels.DefaultName);
        Assert.Throws<SidecarMismatchException>(() => ClipMasks.OpenSidecar(v2, clip, Open, ColorMatrixChoice.Auto, 8, sidecar, SidecarCacheMode.ReadOnly).Dispose());
        using (SidecarCacheResult replaced = ClipMasks.OpenSidecar(v2, clip, Open, ColorMatrixChoice.Auto, 8, sidecar, SidecarCacheMode.ReadWrite))
        {
            Assert.Equal(SidecarCacheOutcome.Replaced, replaced.Outcome);
            Assert.Contains("model_sha256", replaced.Reason);
            Assert.Equal(("vmafroi_v2", v2.Sha256), (replaced.Reader.Header.ModelId, replaced.Reader.Header.ModelSha256));
        }
    }

    [Theory]
    [InlineData(16, 128, 128)]
    [InlineData(235, 128, 128)]
    [InlineData(0, 0, 0)]
    [InlineData(255, 255, 255)]
    public void Constant_frames_give_finite_masks(int y, int u, int v)
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        float[] mask = new float[96 * 54];
        for (int i = 0; i < 3; i++)
        {
            using YuvFrame frame = TestImages.ConstantFrame(new FrameGeometry(96, 54, YuvFormat.Yuv420P), y, u, v);
            frame.Index = i;
            model.Predict(frame, mask);
            Assert.All(mask, m => Assert.True(float.IsFinite(m) && m is >= 0f and <= 1f));
        }
    }

    [Fact]
    public void Predict_allocates_no_managed_memory_per_frame_after_warm_up()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        using YuvFrame frame = TestImages.RandomFrame(new FrameGeometry(320, 180, YuvFormat.Yuv420P), 21);
        float[] mask = new float[320 * 180];
        for (int i = 0; i < 3; i++)
        {
            frame.Index = i;
            model.Predict(frame, mask);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 3; i < 8; i++)
        {
            frame.Index = i;
            model.Predict(frame, mask);
        }

        long perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 5;
        output.WriteLine($"managed bytes allocated per frame: {perFrame}");
        Assert.Equal(0, perFrame);
    }

    [Fact]
    public void The_same_frames_in_the_same_order_give_bit_identical_masks()
    {
        YuvFrame[] clip = PanningClip(6, patch: true);
        float[] first = Run(clip);
        float[] second = Run(clip);
        Assert.Equal(first, second);
        Release(clip);
    }

    [Fact]
    public void A_frame_that_does_not_follow_the_last_starts_afresh_and_observe_brings_motion_back()
    {
        YuvFrame[] clip = PanningClip(5, patch: true);
        int n = PanningWidth * PanningHeight;
        using VmafRoiV2Model fresh = SaliencyModels.LoadDefault();
        float[] alone = new float[n];
        fresh.Predict(clip[4], alone);
        Assert.Null(fresh.LastShift);

        using VmafRoiV2Model model = SaliencyModels.LoadDefault();
        float[] mask = new float[n];
        for (int i = 0; i < 3; i++)
        {
            model.Predict(clip[i], mask);
        }

        // Frame 4 after frame 2: a gap, so no motion and no smoothing; the same mask as on its own.
        model.Predict(clip[4], mask);
        Assert.Equal(alone, mask);
        Assert.Null(model.LastShift);

        // Seeing frame 3 first gives frame 4 its motion cue back: another mask, and the pan is measured.
        model.Reset();
        model.Observe(clip[3]);
        model.Predict(clip[4], mask);
        Assert.NotEqual(alone, mask);
        Assert.NotNull(model.LastShift);
        Release(clip);
    }

    [Fact]
    public void A_pan_is_removed_and_what_moves_against_it_is_salient()
    {
        YuvFrame[] clip = PanningClip(8, patch: true);
        using VmafRoiV2Model model = SaliencyModels.LoadDefault();
        float[] mask = new float[PanningWidth * PanningHeight];
        foreach (YuvFrame frame in clip)
        {
            model.Predict(frame, mask);
        }

        (float dx, float dy) = model.LastShift!.Value;
        (double patchMean, double restMean) = PatchAndRest(mask, clip.Length - 1);
        // The picture moves by (−PanX, −PanY) from one frame to the next.
        output.WriteLine($"pan measured ({dx:F2}, {dy:F2}) for ({-PanX}, {-PanY}); mask mean on the moving patch {patchMean:F3}, elsewhere {restMean:F3}");
        Assert.InRange(dx, -PanX - 0.5, -PanX + 0.5);
        Assert.InRange(dy, -PanY - 0.5, -PanY + 0.5);
        Assert.True(patchMean > 2 * restMean, $"patch {patchMean:F3} against the rest {restMean:F3}");

        // The pan alone, with nothing moving against it: no motion cue anywhere.
        YuvFrame[] pan = PanningClip(8, patch: false);
        model.Reset();
        model.OutputCue = "motion";
        foreach (YuvFrame frame in pan)
        {
            model.Predict(frame, mask);
        }

        output.WriteLine($"motion cue on a pure pan: max {mask.Max():F3}, mean {mask.Average():F4}");
        Assert.True(mask.Max() < 0.1, $"motion cue {mask.Max():F3} on a pure pan");
        Release(clip);
        Release(pan);
    }

    [Fact]
    public void Letterbox_and_pillarbox_bars_are_not_salient()
    {
        const int width = 480;
        const int height = 270;
        const int pillar = 60;
        const int letter = 30;
        var geometry = new FrameGeometry(width, height, YuvFormat.Yuv420P);
        using YuvFrame frame = TestImages.RandomFrame(geometry, 8);
        for (int p = 0; p < 3; p++)
        {
            int shift = p == 0 ? 0 : 1;
            int w = geometry.Plane(p).Width;
            Span<byte> plane = frame.Plane8(p);
            for (int y = 0; y < geometry.Plane(p).Height; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    bool bar = x < (pillar >> shift) || x >= w - (pillar >> shift) || y < (letter >> shift) || y >= geometry.Plane(p).Height - (letter >> shift);
                    if (bar)
                    {
                        plane[(y * w) + x] = p == 0 ? (byte)16 : (byte)128;
                    }
                }
            }
        }

        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        float[] mask = new float[width * height];
        model.Predict(frame, mask);

        // A few pixels next to the picture take the bilinear ramp of the map grid; beyond them the bars are 0.
        const int ramp = 8;
        double bars = 0, content = 0;
        int nb = 0, nc = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool deepBar = x < pillar - ramp || x >= width - pillar + ramp || y < letter - ramp || y >= height - letter + ramp;
                bool inside = x >= pillar && x < width - pillar && y >= letter && y < height - letter;
                if (deepBar)
                {
                    bars = Math.Max(bars, mask[(y * width) + x]);
                    nb++;
                }
                else if (inside)
                {
                    content += mask[(y * width) + x];
                    nc++;
                }
            }
        }

        output.WriteLine($"largest value on the bars {bars:F4}; content mean {content / nc:F3}");
        Assert.Equal(0, bars);
        Assert.True(content / nc > 0.1, $"content mean {content / nc:F3}");
    }

    private const int PanningWidth = 320;
    private const int PanningHeight = 180;
    private const int PanX = 3;
    private const int PanY = 1;
    private const int PatchSide = 48;

    // A smooth random texture panning by (PanX, PanY) per frame, and optionally a patch of another texture of the same
    // statistics moving the other way: only its motion sets it apart.
    private static YuvFrame[] PanningClip(int frames, bool patch)
    {
        float[] background = Texture(PanningWidth + (PanX * frames) + 8, PanningHeight + (PanY * frames) + 8, 11, out int bw);
        float[] foreground = Texture(PatchSide + 64, PatchSide + 64, 12, out int fw);
        var geometry = new FrameGeometry(PanningWidth, PanningHeight, YuvFormat.Yuv420P);
        var clip = new YuvFrame[frames];
        for (int t = 0; t < frames; t++)
        {
            var frame = new YuvFrame(geometry) { Index = t };
            Span<byte> y = frame.Plane8(0);
            (int px, int py) = PatchAt(t);
            for (int row = 0; row < PanningHeight; row++)
            {
                for (int col = 0; col < PanningWidth; col++)
                {
                    float v = background[((row + (PanY * t)) * bw) + col + (PanX * t)];
                    if (patch && col >= px && col < px + PatchSide && row >= py && row < py + PatchSide)
                    {
                        v = foreground[((row - py + 8) * fw) + (col - px + 8)];
                    }

                    y[(row * PanningWidth) + col] = (byte)Math.Clamp(60 + (140 * v), 16, 235);
                }
            }

            frame.Plane8(1).Fill(128);
            frame.Plane8(2).Fill(128);
            clip[t] = frame;
        }

        return clip;
    }

    private static (int X, int Y) PatchAt(int t) => (200 - (4 * t), 60 + (2 * t));

    private static (double Patch, double Others) PatchAndRest(float[] mask, int t)
    {
        (int px, int py) = PatchAt(t);
        double a = 0, b = 0;
        int na = 0, nb = 0;
        for (int y = 0; y < PanningHeight; y++)
        {
            for (int x = 0; x < PanningWidth; x++)
            {
                if (x >= px && x < px + PatchSide && y >= py && y < py + PatchSide)
                {
                    a += mask[(y * PanningWidth) + x];
                    na++;
                }
                else
                {
                    b += mask[(y * PanningWidth) + x];
                    nb++;
                }
            }
        }

        return (a / na, b / nb);
    }

    // Values in [0,1]: uniform noise smoothed twice by a 7×7 box, stretched.
    private static float[] Texture(int width, int height, int seed, out int stride)
    {
        var rng = new Random(seed);
        float[] v = new float[width * height];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)rng.NextDouble();
        }

        for (int pass = 0; pass < 2; pass++)
        {
            float[] next = new float[v.Length];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    float s = 0;
                    int n = 0;
                    for (int dy = -3; dy <= 3; dy++)
                    {
                        for (int dx = -3; dx <= 3; dx++)
                        {
                            int yy = Math.Clamp(y + dy, 0, height - 1), xx = Math.Clamp(x + dx, 0, width - 1);
                            s += v[(yy * width) + xx];
                            n++;
                        }
                    }

                    next[(y * width) + x] = s / n;
                }
            }

            v = next;
        }

        float lo = v.Min(), hi = v.Max();
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (v[i] - lo) / (hi - lo);
        }

        stride = width;
        return v;
    }

    private static float[] Run(YuvFrame[] clip)
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        float[] mask = new float[PanningWidth * PanningHeight];
        foreach (YuvFrame frame in clip)
        {
            model.Predict(frame, mask);
        }

        return mask;
    }

    private static void Release(YuvFrame[] clip)
    {
        foreach (YuvFrame frame in clip)
        {
            frame.Dispose();
        }
    }
}
