using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Yuv;

namespace VmafRoi.Cli.Tests;

/// <summary>
/// <c>vmaf-roi saliency</c> as a fresh process: ONNX Runtime leaves nothing behind in <c>$TMPDIR</c> or <c>$HOME</c>,
/// and a native library that cannot be loaded is a clear exit 64.
/// </summary>
public sealed class RoiSaliencyRuntimeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_saliency_run_leaves_tmpdir_and_home_exactly_as_it_found_them()
    {
        string tmp = Directory.CreateDirectory(_temp.File("tmp")).FullName;
        string home = Directory.CreateDirectory(_temp.File("home")).FullName;
        File.WriteAllText(Path.Combine(home, ".profile"), "# a home is never empty\n");
        Directory.CreateDirectory(Path.Combine(home, ".cache"));
        string work = Directory.CreateDirectory(_temp.File("work")).FullName;
        string clip = _temp.RawClip(Path.Combine("work", "clip.yuv"), YuvFormat.Parse("yuv420p").WithSize(64, 48), 3);
        string before = Listing(tmp) + Listing(home);

        (int code, string stdout, string stderr) = ChildTool.Run(
            AppContext.BaseDirectory,
            "vmaf-roi",
            ["saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", Path.Combine(work, "clip.msgpack"), "--previews", Path.Combine(work, "previews")],
            new Dictionary<string, string?> { ["TMPDIR"] = tmp, ["HOME"] = home },
            work);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("(created, 3 frames", stdout);
        Assert.Equal(before, Listing(tmp) + Listing(home));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not-a-library")]
    public void A_native_library_that_cannot_be_loaded_is_a_mask_failure_that_says_where_it_comes_from(string how)
    {
        // A copy of this app with ONNX Runtime's native library gone or broken.
        string app = Directory.CreateDirectory(_temp.File("app")).FullName;
        foreach (string file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        if (how == "not-a-library")
        {
            string native = Directory.CreateDirectory(Path.Combine(app, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native")).FullName;
            File.WriteAllText(Path.Combine(native, "libonnxruntime.so"), "not a shared library\n");
        }

        string clip = _temp.RawClip("clip.yuv", YuvFormat.Parse("yuv420p").WithSize(32, 16), 1);
        (int code, _, string stderr) = ChildTool.Run(app, "vmaf-roi", ["saliency", "--input", clip, "--width", "32", "--height", "16", "--sidecar", _temp.File("clip.msgpack")]);

        Assert.Equal(ExitCodes.MaskFailed, code);
        Assert.StartsWith("vmaf-roi: the ONNX Runtime native library could not be loaded (", stderr, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime package as runtimes/", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("clip.msgpack")));
    }

    // Every entry under a folder, hidden ones too, with its size and modification time.
    private static string Listing(string folder) =>
        string.Join('\n', new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(e => $"{Path.GetRelativePath(folder, e.FullName)} {(e is FileInfo f ? f.Length : -1)} {e.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal)) + "\n";
}
