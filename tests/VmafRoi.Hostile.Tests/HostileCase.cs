namespace VmafRoi.Hostile.Tests;

/// <summary>
/// One hostile input or fault for one command: what to arrange in the workspace, the command line, and what must
/// happen. <c>{name}</c> in <see cref="Args"/> and <see cref="Stderr"/> is the path of <c>name</c> in the workspace.
/// Every row is also checked for: no input changed (hash), no file or temp left beside the outputs or in the private
/// TMPDIR, and no raw control byte in stderr.
/// </summary>
/// <param name="Name">A unique, readable id (the test name shows it).</param>
/// <param name="Command">Which command runs.</param>
/// <param name="Exit">The exit code it must end with.</param>
/// <param name="Args">Its command line.</param>
/// <param name="Stderr">Fragments stderr must contain: the file (or flag) and the problem.</param>
/// <param name="Arrange">Prepares the workspace before the run (bad files, FIFOs, devices, mounts, TMPDIR).</param>
/// <param name="Outputs">Workspace entries the run may create or change; everything else must stay as it was.</param>
/// <param name="Then">Further checks after the run (what a FIFO's reader got, a node's kind).</param>
public sealed record HostileCase(
    string Name,
    Command Command,
    int Exit,
    string[] Args,
    string[] Stderr,
    Action<Workspace>? Arrange = null,
    string[]? Outputs = null,
    Action<Workspace, string>? Then = null)
{
    /// <summary>Shows the name in test explorers and failure messages.</summary>
    public override string ToString() => Name;
}
