using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.VmafRunner.Tests.Routes;

/// <summary>Which route <c>--engine</c> picks, detected with the real ffmpeg of this machine (built without libvmaf).</summary>
public sealed class RouteSelectionTests
{
    // The head of `ffmpeg -hide_banner -filters` as ffmpeg prints it: legend, then "flags name pads description".
    private const string Legend =
        "Filters:\n  T.. = Timeline support\n  .S. = Slice threading\n  ..C = Command support\n  A = Audio input/output\n  V = Video input/output\n"
        + "  N = Dynamic number and/or type of input/output\n  | = Source or sink filter\n"
        + " ... abench            A->A       Benchmark part of a filtergraph.\n"
        + " T.C hflip             V->V       Horizontally flip the input video.\n";

    private const string LibvmafLine = " ... libvmaf           VV->V      Calculate the VMAF between two video streams.\n";

    private const string VmafmotionLine = " ... vmafmotion        V->V       Calculate the VMAF Motion score.\n";

    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "vmafroi-no-such-folder", "vmaf");

    [Fact]
    public void A_filters_listing_with_a_libvmaf_line_has_libvmaf()
    {
        Assert.True(FfmpegLibvmafRoute.ListsLibvmaf(Legend + LibvmafLine + VmafmotionLine));
        Assert.True(FfmpegLibvmafRoute.ListsLibvmaf((Legend + LibvmafLine).Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(Legend + VmafmotionLine)]
    [InlineData(Legend + " ... libvmaf_cuda      VV->V      Calculate the VMAF between two video streams.\n")]
    [InlineData("Filters:\n  libvmaf = not a filter line\n")]
    [InlineData("")]
    public void A_filters_listing_without_a_libvmaf_line_has_no_libvmaf(string listing)
    {
        Assert.False(FfmpegLibvmafRoute.ListsLibvmaf(listing));
    }

    [Fact]
    public void The_real_ffmpeg_listing_is_parsed_and_lacks_libvmaf_until_a_libvmaf_line_is_added()
    {
        string ffmpeg = FfmpegWithoutLibvmaf();
        string listing = ExternalTool.Run(ffmpeg, ["-hide_banner", "-filters"]).StandardOutput;

        Assert.Contains(VmafmotionLine.TrimEnd('\n'), listing);
        Assert.False(FfmpegLibvmafRoute.ListsLibvmaf(listing));
        Assert.True(FfmpegLibvmafRoute.ListsLibvmaf(listing.Replace(VmafmotionLine, LibvmafLine + VmafmotionLine, StringComparison.Ordinal)));
        Assert.False(FfmpegLibvmafRoute.HasLibvmaf(ffmpeg));
    }

    [Fact]
    public void A_missing_ffmpeg_has_no_libvmaf()
    {
        Assert.False(FfmpegLibvmafRoute.HasLibvmaf(Path.Combine(Path.GetTempPath(), "vmafroi-no-such-folder", "ffmpeg")));
    }

    [Fact]
    public void Auto_with_a_vmaf_bin_that_does_not_exist_and_an_ffmpeg_without_libvmaf_is_the_managed_engine()
    {
        string ffmpeg = FfmpegWithoutLibvmaf();

        Assert.IsType<ManagedVmafRoute>(VmafRoutes.Resolve(VmafEngineKind.Auto, new RouteOptions { VmafBinary = Missing }));
        Assert.IsType<ManagedVmafRoute>(VmafRoutes.Resolve(VmafEngineKind.Auto, new RouteOptions { VmafBinary = Missing, FfmpegBinary = ffmpeg }));
    }

    [Fact]
    public void Managed_is_the_managed_engine_whatever_is_installed()
    {
        Assert.IsType<ManagedVmafRoute>(VmafRoutes.Resolve(VmafEngineKind.Managed, new RouteOptions { VmafBinary = Missing }));
    }

    [Fact]
    public void Libvmaf_with_a_missing_binary_says_what_to_install_and_maps_to_exit_69()
    {
        var error = Assert.Throws<DependencyMissingException>(() => VmafRoutes.Resolve(VmafEngineKind.Libvmaf, new RouteOptions { VmafBinary = Missing }));

        Assert.Equal(
            $"libvmaf's vmaf CLI was not found ('{Missing}'); install libvmaf's 'vmaf' tool (build it from https://github.com/Netflix/vmaf with meson, or your distribution's 'vmaf' package) and pass --vmaf-bin, or use --engine managed, which needs nothing installed",
            error.Message);
        Assert.Equal(ExitCodes.DependencyMissing, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Ffmpeg_without_libvmaf_says_what_to_install_and_maps_to_exit_69()
    {
        string ffmpeg = FfmpegWithoutLibvmaf();

        var error = Assert.Throws<DependencyMissingException>(() => VmafRoutes.Resolve(VmafEngineKind.Ffmpeg, new RouteOptions { FfmpegBinary = ffmpeg }));

        Assert.Equal($"ffmpeg at '{ffmpeg}' was built without the libvmaf filter; install an ffmpeg built with --enable-libvmaf, or use --engine managed", error.Message);
        Assert.Equal(ExitCodes.DependencyMissing, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Ffmpeg_engine_with_a_missing_ffmpeg_says_how_to_install_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), "vmafroi-no-such-folder", "ffmpeg");

        var error = Assert.Throws<DependencyMissingException>(() => VmafRoutes.Resolve(VmafEngineKind.Ffmpeg, new RouteOptions { FfmpegBinary = missing }));

        Assert.Equal($"ffmpeg not found at '{missing}'; {Ffmpeg.InstallHint}", error.Message);
    }

    // These tests are about an ffmpeg without libvmaf (eng/setup.sh installs Debian's); fail loudly rather than pass vacuously.
    internal static string FfmpegWithoutLibvmaf()
    {
        string ffmpeg = Ffmpeg.FfmpegPath();
        string configuration = ExternalTool.Run(ffmpeg, ["-hide_banner", "-buildconf"]).StandardOutput;
        Assert.True(!configuration.Contains("--enable-libvmaf", StringComparison.Ordinal), $"{ffmpeg} was built with --enable-libvmaf; these tests need one without it");
        return ffmpeg;
    }
}
