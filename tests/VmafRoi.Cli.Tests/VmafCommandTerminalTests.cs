using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Vmaf;

namespace VmafRoi.Cli.Tests;

/// <summary>What dotnet-vmaf prints on stderr, terminal or not, with and without -q and -o (as libvmaf's vmaf does).</summary>
public sealed class VmafCommandTerminalTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly GoldenCase _golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Terminal_run_prints_the_version_then_the_meter_redrawn_in_place_then_the_pooled_score()
    {
        (int code, string stderr) = Run(terminal: true, "-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "--json", "-o", _temp.File("out.json"));

        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith(VmafCommand.VersionText("3.0.0") + "\n", stderr);
        Assert.Matches("^[^\n]*\n(\r\u001b\\[K[0-9]+ frames? [0-9.]+ FPS)*\r\u001b\\[K10 frames [0-9.]+ FPS\nvmaf_v0\\.6\\.1: 80\\.105117\n$", stderr);
    }

    [Fact]
    public void Quiet_terminal_run_without_output_still_shows_the_pooled_score_and_nothing_else()
    {
        (int code, string stderr) = Run(terminal: true, "-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-q");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("vmaf_v0.6.1: 80.105117\n", stderr);
    }

    [Fact]
    public void Quiet_terminal_run_with_output_prints_nothing_on_stderr()
    {
        string output = _temp.File("out.json");

        (int code, string stderr) = Run(terminal: true, "-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-q", "--json", "-o", output);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(stderr);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Off_a_terminal_nothing_is_printed_on_stderr_with_or_without_output()
    {
        (int bare, string bareStderr) = Run(terminal: false, "-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-q");
        (int written, string writtenStderr) = Run(terminal: false, "-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "--json", "-o", _temp.File("out.json"));

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (bare, written));
        Assert.Empty(bareStderr);
        Assert.Empty(writtenStderr);
    }

    [Fact]
    public void A_failed_terminal_run_puts_its_error_on_a_line_of_its_own()
    {
        string truncated = _temp.File("truncated.yuv");
        byte[] raw = File.ReadAllBytes(_golden.ReferenceRaw);
        File.WriteAllBytes(truncated, raw.AsSpan(0, raw.Length - 100).ToArray());

        (int code, string stderr) = Run(terminal: true, "-r", _golden.ReferenceRaw, "-d", truncated, "-w", "64", "-h", "48", "-p", "420", "-b", "8");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Matches("\n" + VmafCommand.ToolName + ": [^\n]*truncated\\.yuv", stderr);
    }

    private static (int Code, string Stderr) Run(bool terminal, params string[] args)
    {
        var stderr = new StringWriter();
        int code = VmafCommand.Run(args, new StringWriter(), stderr, stderrIsTerminal: terminal);
        return (code, stderr.ToString());
    }
}
