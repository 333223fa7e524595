using Microsoft.Win32.SafeHandles;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Output;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

/// <summary>Golden-case frames and libvmaf 3.2.0 scalar values for the CAMBI and SpEED-chroma kernel tests.</summary>
internal static class CambiSpeedGolden
{
    /// <summary>Reads frame <paramref name="index"/> of the case's decoded reference or distorted clip.</summary>
    public static YuvFrame ReadFrame(GoldenCase c, bool reference, int index)
    {
        var frame = new YuvFrame(c.Geometry) { Index = index };
        using SafeFileHandle file = File.OpenHandle(reference ? c.ReferenceRaw : c.DistortedRaw);
        int read = RandomAccess.Read(file, frame.Data, (long)index * c.Geometry.FrameBytes);
        Assert.Equal(c.Geometry.FrameBytes, read);
        return frame;
    }

    /// <summary>The printed per-frame values of <paramref name="key"/> in a libvmaf 3.2.0 scalar output file.</summary>
    public static IReadOnlyDictionary<int, string> Printed(GoldenCase c, string file, string key)
    {
        LibvmafJson json = LibvmafJson.Load(Path.Combine(c.Folder, $"libvmaf-3.2.0-scalar.{file}.json"));
        var values = new Dictionary<int, string>();
        foreach ((int frame, List<(string Name, string Text)> metrics) in json.Frames)
        {
            values[frame] = metrics.Single(m => m.Name == key).Text;
        }

        return values;
    }

    /// <summary>Every frame of the small cases, a spread of frames of the large ones (at most <paramref name="budget"/>).</summary>
    public static IEnumerable<int> Frames(GoldenCase c, int budget)
    {
        if (c.Frames <= budget)
        {
            return Enumerable.Range(0, c.Frames);
        }

        return Enumerable.Range(0, budget).Select(i => i * (c.Frames - 1) / (budget - 1)).Distinct();
    }

    /// <summary>How libvmaf 3.2.0's JSON writer prints a value.</summary>
    public static string Print(double value) => VmafJsonWriter.Number(value, VmafJsonFlavor.V3_2_0);

    /// <summary>The case ids, without the ones listed.</summary>
    public static IEnumerable<object[]> CaseIds(params string[] except) =>
        GoldenCase.All().Where(c => !except.Any(e => c.Id.StartsWith(e, StringComparison.Ordinal))).Select(c => new object[] { c.Id });
}
