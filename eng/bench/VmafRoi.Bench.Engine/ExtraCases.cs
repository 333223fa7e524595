using System.Diagnostics;
using System.Globalization;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

/// <summary>
/// Benchmark cases beyond the default model, as a table: each case is the command-line flags that both dotnet-vmaf and
/// libvmaf's <c>vmaf</c> take (so a side-by-side runner can pass them to both) and the same request for in-process rows.
/// </summary>
internal static class ExtraCases
{
    /// <summary>A libvmaf <c>vmaf</c> binary for the ratio column (e.g. libvmaf/build/tools/vmaf; docs/engine.md says how to build one).</summary>
    public const string LibvmafVariable = "VMAFROI_BENCH_LIBVMAF";

    public static IReadOnlyList<ExtraCase> All { get; } =
    [
        new("psnr + float_ssim + cambi", ["--feature", "psnr", "--feature", "float_ssim", "--feature", "cambi", "-n"], [new("psnr"), new("float_ssim"), new("cambi")]),
        new("vmaf_v1.0.16_3d0h", ["-m", "version=vmaf_v1.0.16_3d0h"], []) { Models = ["vmaf_v1.0.16_3d0h"] },
    ];

    /// <summary>Prints one row per case and thread count: in-process engine speed, and libvmaf's in the same run when <see cref="LibvmafVariable"/> is set.</summary>
    public static void Print(string reference, string distorted, int width, int height, string pixFmt, int frames, IReadOnlyList<int> threadCounts)
    {
        string? libvmaf = Environment.GetEnvironmentVariable(LibvmafVariable);
        Console.WriteLine();
        Console.WriteLine($"extra cases, {width}x{height} {pixFmt}, {frames} frames (libvmaf side: {(libvmaf is null ? $"none; set {LibvmafVariable}" : libvmaf)}):");
        Console.WriteLine("| case | threads | frames/s (wall) | CPU ms/frame | libvmaf frames/s (wall, same run) | wall ratio ours/libvmaf |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var geometry = new FrameGeometry(width, height, YuvFormat.Parse(pixFmt));
        foreach (ExtraCase c in All)
        {
            foreach (int threads in threadCounts)
            {
                Score(reference, distorted, geometry, c, threads, 4);
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                Score(reference, distorted, geometry, c, threads, null);
                double oursSeconds = wall.Elapsed.TotalSeconds;
                double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / frames;
                string theirs = "-", ratio = "-";
                if (libvmaf is not null)
                {
                    double theirsSeconds = Libvmaf(libvmaf, reference, distorted, geometry, c, threads);
                    theirs = F(frames / theirsSeconds);
                    ratio = (oursSeconds / theirsSeconds).ToString("F2", CultureInfo.InvariantCulture);
                }

                Console.WriteLine($"| {c.Name} | {threads} | {F(frames / oursSeconds)} | {F(cpuMs)} | {theirs} | {ratio} |");
            }
        }
    }

    private static void Score(string reference, string distorted, FrameGeometry geometry, ExtraCase c, int threads, int? frameCount)
    {
        using FrameSource r = FrameReader.Open(reference, geometry);
        using FrameSource d = FrameReader.Open(distorted, geometry);
        VmafModel[] models = [.. c.Models.Select(m => new ModelLocator([]).Load(ModelSpec.Parse(m)))];
        VmafEngine.Score(r, d, models, new VmafEngineOptions { Threads = threads, FrameCount = frameCount, Features = c.Features });
    }

    private static double Libvmaf(string exe, string reference, string distorted, FrameGeometry g, ExtraCase c, int threads)
    {
        string chroma = g.Format.Chroma switch
        {
            ChromaFormat.Yuv422 => "422",
            ChromaFormat.Yuv444 => "444",
            ChromaFormat.Gray => "400",
            _ => "420",
        };
        string[] args =
        [
            "-r", reference, "-d", distorted, "-w", I(g.Width), "-h", I(g.Height), "-p", chroma, "-b", I(g.Format.BitDepth),
            "--threads", I(threads), "-q", .. c.Flags,
        ];
        var wall = Stopwatch.StartNew();
        ProcessResult result = ExternalTool.Run(exe, args);
        return result.ExitCode == 0 ? wall.Elapsed.TotalSeconds : throw new InvalidOperationException($"libvmaf failed: {result.StderrTail}");
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>One benchmark case: its label, the flags both tools take, and the engine's feature requests and built-in models.</summary>
internal sealed record ExtraCase(string Name, string[] Flags, IReadOnlyList<FeatureRequest> Features)
{
    /// <summary>Built-in model names the in-process row loads (the libvmaf side gets them through <see cref="Flags"/>).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
}
