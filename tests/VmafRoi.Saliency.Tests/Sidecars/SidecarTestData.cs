using VmafRoi.Aggregators;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>Headers, masks and sidecar files for the sidecar tests, all deterministic.</summary>
internal static class SidecarTestData
{
    public const string ModelA = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string ModelB = "2222222222222222222222222222222222222222222222222222222222222222";
    public const string ClipA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string ClipB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    // Not a multiple of any vector width, so every kernel's tail runs.
    public const int Width = 37;
    public const int Height = 21;

    public static SidecarHeader Header(
        int bits = 8,
        string compression = SidecarCompression.Zlib,
        SidecarSampling? sampling = null,
        string model = ModelA,
        string clip = ClipA,
        string pixFmt = "yuv420p",
        ColorMatrix matrix = ColorMatrix.Bt601,
        AggregatorSpec? aggregator = null) =>
        SidecarHeader.Create(
            "saliency_student_v1",
            model,
            clip,
            YuvFormat.Parse(pixFmt).WithSize(Width, Height),
            matrix,
            ColorRange.Limited,
            sampling ?? SidecarSampling.All,
            aggregator ?? AggregatorSpec.Create("ema", 0.6),
            bits,
            compression);

    /// <summary>A smooth saliency blob that moves per frame, with a few samples outside [0, 1] and on exact level midpoints.</summary>
    public static float[] Mask(int frame, int length = Width * Height)
    {
        var random = new Random(1000 + frame);
        var mask = new float[length];
        for (int i = 0; i < length; i++)
        {
            int x = i % Width, y = i / Width;
            double dx = x - (Width / 2.0) - frame, dy = y - (Height / 2.0);
            mask[i] = (float)(Math.Exp(-((dx * dx) + (dy * dy)) / 60.0) + (random.NextDouble() * 0.05));
        }

        mask[0] = -0.25f;
        mask[1] = 1.75f;
        mask[2] = 0.5f;
        mask[3] = 127.5f / 255f;
        return mask;
    }

    /// <summary>What a sidecar gives back for <see cref="Mask"/>: the quantise→dequantise round trip.</summary>
    public static float[] Expected(int frame, int bits)
    {
        float[] mask = Mask(frame);
        MaskQuantisation.RoundTrip(mask, bits);
        return mask;
    }

    /// <summary>Writes a sidecar holding <see cref="Mask"/> for the header's frames (<paramref name="frames"/> for <c>all</c>).</summary>
    public static void Write(string path, SidecarHeader header, int frames = 5)
    {
        using SaliencySidecarWriter writer = SaliencySidecarWriter.Create(path, header);
        foreach (int index in header.GetSampling().Indices() ?? Enumerable.Range(0, frames).ToArray())
        {
            writer.WriteFrame(index, Mask(index));
        }

        writer.Commit();
    }

    /// <summary>Reads every frame; frames before an exception are collected into <paramref name="frames"/>.</summary>
    public static void ReadAll(string path, SidecarHeader? expected, List<(int Index, float[] Mask)> frames)
    {
        using SaliencySidecarReader reader = SaliencySidecarReader.Open(path, expected);
        var mask = new float[reader.MaskLength];
        while (reader.TryReadNext(mask, out int index))
        {
            frames.Add((index, (float[])mask.Clone()));
        }
    }

    public static List<(int Index, float[] Mask)> ReadAll(string path, SidecarHeader? expected = null)
    {
        var frames = new List<(int, float[])>();
        ReadAll(path, expected, frames);
        return frames;
    }

    public static bool BitEqual(float[] a, float[] b) =>
        a.Length == b.Length && a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits));
}

/// <summary>A temporary folder removed after each test.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected TempFolderTest() => Folder = Directory.CreateTempSubdirectory("vmafroi-sidecar-").FullName;

    protected string Folder { get; }

    protected string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>Files in the folder other than <paramref name="expected"/>, e.g. leftover temporaries.</summary>
    protected string[] OtherFiles(params string[] expected) =>
        Directory.GetFiles(Folder).Select(System.IO.Path.GetFileName).Where(f => !expected.Contains(f)).ToArray()!;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
