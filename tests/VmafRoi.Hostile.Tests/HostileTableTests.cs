using VmafRoi.Yuv.IO;

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// Runs every row of <see cref="HostileTable"/> in-process and checks, besides the row's own expectations: stderr
/// names the file and the problem and holds no raw control byte, no input changed (hash), nothing new appeared in the
/// workspace beyond the row's outputs (no temp beside an output), and the private TMPDIR is as it was.
/// </summary>
public sealed class HostileTableTests
{
    [Theory]
    [MemberData(nameof(HostileTable.Rows), MemberType = typeof(HostileTable))]
    public void Hostile_row(HostileCase row) => Check(row);

    [PrivilegedTheory]
    [MemberData(nameof(HostileTable.PrivilegedRows), MemberType = typeof(HostileTable))]
    public void Hostile_row_with_device_nodes_or_mounts(HostileCase row) => Check(row);

    [Fact]
    public void Row_names_are_unique()
    {
        string[] names = [.. HostileTable.Cases().Concat(HostileTable.PrivilegedCases()).Select(c => c.Name)];
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    internal static void Check(HostileCase row)
    {
        using var workspace = new Workspace();
        row.Arrange?.Invoke(workspace);
        IReadOnlyDictionary<string, string> before = workspace.Fingerprint();
        IReadOnlyList<string> tempBefore = HostileEnvironment.TempListing();
        string[] args = [.. row.Args.Select(workspace.Expand)];

        (int code, string stdout, string stderr) = Commands.Run(row.Command, args);

        string context = $"{Commands.ToolName(row.Command)} {string.Join(' ', args)}\nexit {code}\nstderr:\n{stderr}\nstdout:\n{stdout}";
        Assert.True(row.Exit == code, $"row {row.Name}: expected exit {row.Exit}\n{context}");
        foreach (string fragment in row.Stderr.Select(workspace.Expand))
        {
            Assert.True(stderr.Contains(fragment, StringComparison.Ordinal), $"row {row.Name}: stderr lacks '{fragment}'\n{context}");
        }

        Assert.False(stderr.Any(c => char.IsControl(c) && c != '\n'), $"row {row.Name}: stderr holds a raw control character\n{context}");
        row.Then?.Invoke(workspace, stderr);

        IReadOnlyDictionary<string, string> after = workspace.Fingerprint();
        HashSet<string> outputs = [.. row.Outputs ?? []];
        foreach ((string path, string fingerprint) in before.Where(e => !outputs.Contains(e.Key)))
        {
            Assert.True(after.TryGetValue(path, out string? now) && now == fingerprint, $"row {row.Name}: '{path}' changed ({fingerprint} -> {now ?? "gone"})\n{context}");
        }

        string[] unexpected = [.. after.Keys.Where(path => !before.ContainsKey(path) && !outputs.Contains(path))];
        Assert.True(unexpected.Length == 0, $"row {row.Name}: left {string.Join(", ", unexpected)} in the workspace\n{context}");
        Assert.Equal(tempBefore, HostileEnvironment.TempListing());
        Assert.Empty(TempPaths.Current);
    }
}

/// <summary>A theory that runs only where private device nodes and tmpfs mounts can be made (root), and says why otherwise.</summary>
public sealed class PrivilegedTheoryAttribute : TheoryAttribute
{
    public PrivilegedTheoryAttribute()
    {
        if (!Privileges.IsRoot)
        {
            Skip = Privileges.NeedsRoot;
        }
    }
}
