using System.Text;
using VmafRoi.TestShared;
using Xunit.Sdk;

namespace VmafRoi.Contracts.Tests;

/// <summary>
/// The snapshot helper itself, on snapshots in a temp folder (a made-up test source path there, so the helper writes
/// beside it and nothing lands in the repository). Run without VMAFROI_ACCEPT_SNAPSHOTS, which turns every check into an accept.
/// </summary>
public sealed class SnapshotTests : IDisposable
{
    private const string Verified = "{\n  \"schema\": 1,\n  \"vmaf\": 80.0,\n  \"pass\": true\n}\n";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("vmafroi-snapshot-tests-");

    private string SourceFile => Path.Combine(_folder.FullName, "ProbeTests.cs");

    private string VerifiedFile => Path.Combine(_folder.FullName, "ProbeTests.Probe.verified.json");

    private string ReceivedFile => Path.Combine(_folder.FullName, "ProbeTests.Probe.received.json");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Mismatch_writes_received_beside_the_test_source_and_fails_with_a_line_diff()
    {
        File.WriteAllText(VerifiedFile, Verified);
        string actual = Verified.Replace("80.0", "79.5", StringComparison.Ordinal);

        var failure = Assert.Throws<XunitException>(() => Snapshot.Verify(actual, sourceFile: SourceFile, method: "Probe"));

        Assert.Equal(actual, File.ReadAllText(ReceivedFile));
        Assert.Equal(Verified, File.ReadAllText(VerifiedFile));
        Assert.Contains($"Snapshot mismatch for {VerifiedFile} (received: {ReceivedFile})", failure.Message, StringComparison.Ordinal);
        Assert.Contains("line 3\n-   \"vmaf\": 80.0,\n+   \"vmaf\": 79.5,\n", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 4", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatch_diff_shows_lines_only_one_side_has()
    {
        File.WriteAllText(VerifiedFile, Verified);
        string actual = Verified.Replace("  \"pass\": true\n}\n", "  \"pass\": true,\n  \"bar\": 90.0\n}\n", StringComparison.Ordinal);

        var failure = Assert.Throws<XunitException>(() => Snapshot.Verify(actual, sourceFile: SourceFile, method: "Probe"));

        Assert.Contains("line 4\n-   \"pass\": true\n+   \"pass\": true,\n", failure.Message, StringComparison.Ordinal);
        Assert.Contains("line 5\n- }\n+   \"bar\": 90.0\n", failure.Message, StringComparison.Ordinal);
        Assert.Contains("line 6\n- \n+ }\n", failure.Message, StringComparison.Ordinal);
        Assert.Contains("line 7\n+ \n", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_passes_and_deletes_a_stale_received_file()
    {
        File.WriteAllText(VerifiedFile, Verified);
        File.WriteAllText(ReceivedFile, "{ \"stale\": true }\n");

        Snapshot.Verify(Verified, sourceFile: SourceFile, method: "Probe");

        Assert.False(File.Exists(ReceivedFile));
        Assert.Equal(Verified, File.ReadAllText(VerifiedFile));
    }

    [Fact]
    public void Match_ignores_crlf_line_endings_in_either_text()
    {
        File.WriteAllText(VerifiedFile, Verified.Replace("\n", "\r\n", StringComparison.Ordinal));

        Snapshot.Verify(Verified, sourceFile: SourceFile, method: "Probe");

        Assert.False(File.Exists(ReceivedFile));
    }

    [Fact]
    public void Missing_verified_file_writes_received_and_fails_naming_both()
    {
        var failure = Assert.Throws<XunitException>(() => Snapshot.Verify(Verified, sourceFile: SourceFile, method: "Probe"));

        Assert.False(File.Exists(VerifiedFile));
        Assert.Equal(Verified, File.ReadAllText(ReceivedFile));
        Assert.Equal($"No verified snapshot {VerifiedFile}. Review {ReceivedFile} and rename it to accept.", failure.Message);
    }

    [Fact]
    public void Name_replaces_the_method_in_the_file_names_and_extension_is_kept()
    {
        string verified = Path.Combine(_folder.FullName, "ProbeTests.second.verified.txt");
        File.WriteAllText(verified, "plain text\n");

        Snapshot.Verify("plain text\n", extension: "txt", name: "second", sourceFile: SourceFile, method: "Probe");

        Assert.Throws<XunitException>(() => Snapshot.Verify("other text\n", extension: "txt", name: "second", sourceFile: SourceFile, method: "Probe"));
        Assert.Equal("other text\n", File.ReadAllText(Path.Combine(_folder.FullName, "ProbeTests.second.received.txt")));
    }

    [Fact]
    public void Ci_mapped_caller_path_resolves_under_the_repository_root()
    {
        Assert.Equal(
            Path.Combine(SharedData.RepoRoot, "tests", "VmafRoi.Contracts.Tests", "ContractJsonTests.cs"),
            Snapshot.SourcePath("/_/tests/VmafRoi.Contracts.Tests/ContractJsonTests.cs"));
    }

    [Fact]
    public void Unmapped_caller_path_is_used_as_it_is()
    {
        Assert.Equal(SourceFile, Snapshot.SourcePath(SourceFile));
    }

    [Fact]
    public void Ci_mapped_caller_path_finds_a_verified_file_in_the_repository()
    {
        // A CI build compiles CallerFilePath as "/_/<path in repo>"; the helper must still find the file beside the source.
        string stem = $"SnapshotCiProbe{Guid.NewGuid():N}";
        string testFolder = Path.Combine(SharedData.RepoRoot, "tests", "VmafRoi.Contracts.Tests");
        string verified = Path.Combine(testFolder, $"{stem}.Probe.verified.json");
        string received = Path.Combine(testFolder, $"{stem}.Probe.received.json");
        try
        {
            File.WriteAllText(verified, Verified, new UTF8Encoding(false));

            Snapshot.Verify(Verified, sourceFile: $"/_/tests/VmafRoi.Contracts.Tests/{stem}.cs", method: "Probe");

            Assert.Throws<XunitException>(() => Snapshot.Verify("{}\n", sourceFile: $"/_/tests/VmafRoi.Contracts.Tests/{stem}.cs", method: "Probe"));
            Assert.Equal("{}\n", File.ReadAllText(received));
        }
        finally
        {
            File.Delete(verified);
            File.Delete(received);
        }
    }
}
