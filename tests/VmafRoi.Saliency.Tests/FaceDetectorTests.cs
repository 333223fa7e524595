using VmafRoi.Saliency.Evaluation;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>
/// The embedded BlazeFace detector and our anchor decoding, on known frames of the shared talking-head clips, against
/// the subject boxes of shared/saliency/eval (made by a different detector: OpenCV's Haar cascades, widened ×1.2 and
/// ×1.35 around the face). Measured over every frame: the best face's centre lies in the box on 120/120 carphone and
/// 48/48 foreman frames, at 0.66–0.68 of the box's width and 0.58–0.65 of its height, with no second detection.
/// </summary>
public sealed class FaceDetectorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("carphone", "clips/carphone_qcif_120f.mkv", new[] { 0, 30, 60, 90, 119 })]
    [InlineData("foreman", "vmaf/golden/s07_foreman_352x288_x264crf32/ref.mkv", new[] { 0, 16, 32, 47 })]
    public void Finds_the_one_face_in_the_subject_box_on_known_frames(string clip, string path, int[] frames)
    {
        SubjectBoxes boxes = SubjectBoxes.Load(SharedData.File("saliency", "eval", $"{clip}.boxes.json"));
        using FaceDetector detector = FaceDetector.Load();
        using FrameSource source = FrameReader.Open(SharedData.File(path.Split('/')));
        int next = 0;
        while (next < frames.Length && source.ReadNext() is { } frame)
        {
            using (frame)
            {
                if (frame.Index != frames[next])
                {
                    continue;
                }

                next++;
                SubjectBox box = boxes[frame.Index]![0];
                IReadOnlyList<FaceDetection> found = detector.Detect(frame);
                output.WriteLine($"{clip} frame {frame.Index}: {string.Join("; ", found.Select(f => $"[{f.X0:F0},{f.Y0:F0},{f.X1:F0},{f.Y1:F0}] score {f.Score:F2}"))}   box [{box.X0:F0},{box.Y0:F0},{box.X1:F0},{box.Y1:F0}]");

                FaceDetection face = Assert.Single(found);
                Assert.True(face.Score >= 0.75f, $"frame {frame.Index}: score {face.Score:F2}");
                Assert.True(box.Contains((int)face.CenterX, (int)face.CenterY), $"frame {frame.Index}: face centre ({face.CenterX:F0},{face.CenterY:F0}) is outside the box");
                Assert.InRange(face.Width / (box.X1 - box.X0), 0.45, 0.9);
                Assert.InRange(face.Height / (box.Y1 - box.Y0), 0.4, 0.85);
            }
        }

        Assert.Equal(frames.Length, next);
    }

    [Fact]
    public void Finds_no_face_in_flat_or_noisy_frames()
    {
        using FaceDetector detector = FaceDetector.Load();
        var geometry = new FrameGeometry(320, 180, YuvFormat.Yuv420P);
        using YuvFrame grey = TestImages.ConstantFrame(geometry, 120, 128, 128);
        using YuvFrame noise = TestImages.RandomFrame(geometry, 3);
        Assert.Empty(detector.Detect(grey));
        Assert.Empty(detector.Detect(noise));
    }

    [Fact]
    public void Finds_a_face_at_the_same_place_when_the_frame_is_pillarboxed_and_scales_boxes_to_luma_pixels()
    {
        // Carphone frame 0, doubled in size and put between black bars: the detector works inside the bars.
        using FrameSource source = FrameReader.Open(SharedData.File("clips", "carphone_qcif_120f.mkv"));
        using YuvFrame small = source.ReadNext()!;
        using FaceDetector detector = FaceDetector.Load();
        FaceDetection plain = Assert.Single(detector.Detect(small));

        const int bar = 96;
        var geometry = new FrameGeometry((2 * 176) + (2 * bar), 2 * 144, YuvFormat.Yuv420P);
        using var framed = new YuvFrame(geometry);
        for (int p = 0; p < 3; p++)
        {
            int shift = p == 0 ? 0 : 1;
            int width = geometry.Plane(p).Width;
            int sourceWidth = small.Geometry.Plane(p).Width;
            framed.Plane8(p).Fill(p == 0 ? (byte)16 : (byte)128);
            for (int y = 0; y < geometry.Plane(p).Height; y++)
            {
                for (int x = 0; x < 2 * sourceWidth; x++)
                {
                    framed.Plane8(p)[(y * width) + (bar >> shift) + x] = small.Plane8(p)[(y / 2 * sourceWidth) + (x / 2)];
                }
            }
        }

        FaceDetection big = Assert.Single(detector.Detect(framed));
        output.WriteLine($"plain [{plain.X0:F1},{plain.Y0:F1},{plain.X1:F1},{plain.Y1:F1}], framed [{big.X0:F1},{big.Y0:F1},{big.X1:F1},{big.Y1:F1}]");
        Assert.InRange((big.CenterX - bar) / 2, plain.CenterX - 4, plain.CenterX + 4);
        Assert.InRange(big.CenterY / 2, plain.CenterY - 4, plain.CenterY + 4);
        Assert.InRange(big.Width / 2, plain.Width * 0.85, plain.Width * 1.15);
    }
}
