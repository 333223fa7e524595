using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// A result that cannot reach stdout is an error (exit 73 naming stdout), never a silent exit 0 or an "internal error";
/// and an output path that leads to stdout through a link is written through. Real stdout needs a child process.
/// </summary>
public sealed class StdoutTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Workspace _workspace = new();
    private readonly string _temp;

    public StdoutTests()
    {
        _temp = _workspace.Folder("tmp");
    }

    public void Dispose() => _workspace.Dispose();

    private string Score => $"TOOL --reference '{_workspace.File("r.yuv")}' --distorted '{_workspace.File("d.yuv")}' --width 64 --height 48 --synthetic-mask 0.5 --model '{_workspace.File("model.json")}' --engine managed";

    [Fact]
    public void A_closed_stdout_exits_73_naming_it()
    {
        using ChildProcess child = ChildProcess.Shell(Command.RoiScore, $"{Score} >&-", _temp);

        Assert.Equal(ExitCodes.OutputFailed, child.WaitForExit(Patience));
        Assert.Contains("vmaf-roi-score: cannot write to stdout: it is closed", child.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
    }

    [Fact]
    public void A_stdout_whose_reader_is_gone_exits_73_instead_of_dropping_the_result()
    {
        // The reader closes its end at once; the result is written about a second later, into a pipe with no reader.
        using ChildProcess child = ChildProcess.Shell(Command.RoiScore, $"{Score} | sh -c 'exec 0<&-; sleep 5'; exit ${{PIPESTATUS[0]}}", _temp);

        Assert.Equal(ExitCodes.OutputFailed, child.WaitForExit(Patience));
        Assert.Contains("vmaf-roi-score: cannot write to stdout", child.Stderr);
    }

    [PrivilegedFact]
    public void A_full_stdout_exits_73_naming_it()
    {
        string full = _workspace.Device("full.dev", 1, 7);
        using ChildProcess child = ChildProcess.Shell(Command.Vmaf, $"TOOL -r '{_workspace.File("r.yuv")}' -d '{_workspace.File("d.yuv")}' -w 64 -h 48 -p 420 -b 8 -m 'path={_workspace.File("model.json")}' -o - > '{full}'", _temp);

        Assert.Equal(ExitCodes.OutputFailed, child.WaitForExit(Patience));
        Assert.Contains("dotnet-vmaf: cannot write to stdout: No space left on device", child.Stderr);
    }

    [Fact]
    public void An_output_link_to_the_process_stdout_is_written_through_and_the_link_kept()
    {
        string link = _workspace.Symlink("to-stdout.json", "/proc/self/fd/1");
        using ChildProcess child = ChildProcess.Shell(Command.RoiScore, $"{Score} --output '{link}'", _temp);

        Assert.Equal(ExitCodes.Success, child.WaitForExit(Patience));
        Assert.Contains("\"vmaf_roi\"", child.Stdout);
        Assert.Equal(FileNodeKind.SymbolicLink, FileNode.Of(link, followLinks: false).Kind);
        Assert.Empty(Directory.EnumerateFiles(_workspace.Root, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }
}

/// <summary>A fact that runs only where private device nodes can be made (root), and says why otherwise.</summary>
public sealed class PrivilegedFactAttribute : FactAttribute
{
    public PrivilegedFactAttribute()
    {
        if (!Privileges.IsRoot)
        {
            Skip = Privileges.NeedsRoot;
        }
    }
}
