/// <summary>
/// Benchmark cases beyond the default model: each is command-line flags that both dotnet-vmaf and libvmaf's <c>vmaf</c>
/// take unchanged, so the side-by-side runner passes them to both sides.
/// </summary>
internal static class ExtraCases
{
    public static IReadOnlyList<ExtraCase> All { get; } =
    [
        new("psnr + float_ssim + cambi", ["--feature", "psnr", "--feature", "float_ssim", "--feature", "cambi", "-n"]),
        new("vmaf_v1.0.16_3d0h", ["-m", "version=vmaf_v1.0.16_3d0h"]),
    ];
}

/// <summary>One benchmark case: its label and the flags both tools take.</summary>
internal sealed record ExtraCase(string Name, string[] Flags);
